#!/usr/bin/env bash
# make docs: regenerate docs/ from templates/, examples/ and the schema,
# offline. tfplugindocs would otherwise download a Terraform to read the
# schema, so the schema is read here with OpenTofu 1.12.6 from tools/clis.sh
# (it knows ephemeral resources) and handed to tfplugindocs.
#   tools/docs.sh          regenerate docs/
#   tools/docs.sh check    regenerate, validate, and fail if docs/ changed
set -euo pipefail
cd "$(dirname "$0")/.."

TFPLUGINDOCS=github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cli=$(tools/clis.sh tofu)
plugin_dir="$work/plugins/registry.terraform.io/hashicorp/wechat/0.0.1/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$plugin_dir" "$work/config"
go build -o "$plugin_dir/terraform-provider-wechat_v0.0.1" .
cat > "$work/config/main.tf" <<'TF'
terraform {
  required_providers {
    wechat = {
      source  = "registry.terraform.io/hashicorp/wechat"
      version = "0.0.1"
    }
  }
}
TF
touch "$work/empty.tfrc"
(
  cd "$work/config"
  export TF_CLI_CONFIG_FILE="$work/empty.tfrc" CHECKPOINT_DISABLE=1
  "$cli" init -input=false -plugin-dir="$work/plugins" >/dev/null
  "$cli" providers schema -json >"$work/schema.json"
)

go run "$TFPLUGINDOCS" generate --provider-name wechat --providers-schema "$work/schema.json"
go run "$TFPLUGINDOCS" validate --provider-name wechat

if [ "${1:-}" = check ]; then
  if [ -n "$(git status --porcelain -- docs)" ]; then
    git status --porcelain -- docs
    git diff -- docs | head -50
    echo "docs/ is out of date: run 'make docs' and commit the result" >&2
    exit 1
  fi
  echo "docs/ is up to date"
fi
