#!/usr/bin/env bash
# make mock: the mock WeChat server in a scenario until Ctrl-C, with
# everything the examples need to run where they are: it builds the
# provider and the mock, writes a CLI configuration whose dev_overrides run
# that provider (no registry, no init), and prints the export lines to
# paste. They stay the same across restarts on the same LISTEN address.
#   SCENARIO=healthy LISTEN=127.0.0.1:8087 FLAGS='-js-errors 80' tools/mock.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$HOME/.cache/terraform-provider-wechat/mock
mkdir -p "$dir/bin"
echo "==> building the provider and the mock into $dir" >&2
go build -o "$dir/bin/terraform-provider-wechat" -ldflags "-X main.version=mock" .
go build -o "$dir/wechat-mock" ./internal/wechatmock/cmd/wechat-mock

cat > "$dir/cli.tfrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/wxops/wechat"  = "$dir/bin"
    "registry.opentofu.org/wxops/wechat" = "$dir/bin"
  }
  direct {}
}
RC

# FLAGS is split into words on purpose: -js-errors 80 -visitors 300.
# shellcheck disable=SC2086
exec "$dir/wechat-mock" -scenario "${SCENARIO:-running}" -listen "${LISTEN:-127.0.0.1:8087}" \
  -env-file "$dir/mock.env" -cli-config "$dir/cli.tfrc" ${FLAGS:-}
