#!/usr/bin/env bash
# Tests `make install` as the README describes it: install without VERSION,
# then, for each CLI given, an offline `init` of a configuration pinning
# wxops/wechat 0.1.0, once through the implied local plugin directory (a
# CLI configuration without provider_installation) and once through an
# explicit filesystem_mirror. A dead proxy makes any registry request fail.
#
#   tools/install_test.sh /path/to/terraform [/path/to/tofu ...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 CLI..." >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home="$work/home"
env -u VERSION make -s install PLUGINS="$home/.terraform.d/plugins" >/dev/null

: > "$work/implied.tfrc"
cat > "$work/mirror.tfrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$home/.terraform.d/plugins"
    include = ["registry.terraform.io/wxops/wechat", "registry.opentofu.org/wxops/wechat"]
  }
}
RC

status=0
for cli in "$@"; do
  for mode in implied mirror; do
    dir="$work/$mode-$(basename "$cli")-$RANDOM"
    mkdir -p "$dir"
    cat > "$dir/main.tf" <<'TF'
terraform {
  required_providers {
    wechat = { source = "wxops/wechat", version = "0.1.0" }
  }
}
TF
    run() {
      (cd "$dir" && env HOME="$home" TF_CLI_CONFIG_FILE="$work/$mode.tfrc" CHECKPOINT_DISABLE=1 \
        HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 NO_PROXY= "$cli" "$@" -no-color 2>&1)
    }
    what="$(TF_CLI_CONFIG_FILE="$work/implied.tfrc" "$cli" version | sed -n 1p), $mode"
    if out=$(run init -input=false) && grep -q 'wxops/wechat v0.1.0' <<<"$out" && out=$(run validate); then
      echo "ok   $what: init found wxops/wechat 0.1.0 offline"
    else
      echo "FAIL $what:"; echo "$out"; status=1
    fi
  done
done
exit $status
