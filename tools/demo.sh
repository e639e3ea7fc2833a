#!/usr/bin/env bash
# make demo: the provider in action against the bundled mock WeChat server,
# through a real CLI, with nothing to configure.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cli=$(tools/clis.sh any)
echo "==> building the provider and the mock"
go build -o "$work/bin/terraform-provider-wechat" -ldflags "-X main.version=demo" .
go build -o "$work/wechat-mock" ./internal/wechatmock/cmd/wechat-mock

echo "==> starting the mock WeChat server, scenario ${SCENARIO:-running}"
"$work/wechat-mock" -scenario "${SCENARIO:-running}" -env-file "$work/mock.env" >/dev/null &
mock_pid=$!
for _ in $(seq 100); do [ -s "$work/mock.env" ] && break; sleep 0.1; done
[ -s "$work/mock.env" ] || { echo "the mock did not start" >&2; exit 1; }
set -a; . "$work/mock.env"; set +a

# dev_overrides points the CLI at the provider just built: no registry, no init.
cat > "$work/cli.tfrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/wxops/wechat"  = "$work/bin"
    "registry.opentofu.org/wxops/wechat" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cp examples/demo/main.tf "$work/"

echo "==> $("$cli" version | sed -n 1p): plan against the mock"
(cd "$work" && "$cli" plan -input=false -compact-warnings)
