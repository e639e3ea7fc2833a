#!/usr/bin/env bash
# Gets the CLIs the acceptance tests run on and prints "name=absolute-path" lines.
#
# Terraform 1.5.7 and OpenTofu 1.12.6 are built from the Go module proxy (the only
# place this project may download from) and cached outside the clone, so only the
# first run on a machine pays the few minutes they take.
#
#   tools/clis.sh            all three CLIs (terraform on PATH, tofu 1.12.6, terraform 1.5.7)
#   tools/clis.sh tofu       one of: path, tofu, terraform157
#   tools/clis.sh any        the first usable CLI: terraform or tofu on PATH, else tofu 1.12.6
set -euo pipefail

TOFU_VERSION=1.12.6
TF_OLD_VERSION=1.5.7
cache="${WECHAT_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-wechat/clis}"
mkdir -p "$cache"

log() { printf '%s\n' "$*" >&2; }

# A half-built binary must never look like a cached one: build to a temp name, then move.
tofu_path() {
  local out="$cache/tofu-$TOFU_VERSION/tofu"
  if [ ! -x "$out" ]; then
    log "building OpenTofu $TOFU_VERSION from the Go module proxy (about 3 minutes, once)..."
    local dir
    dir=$(go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || { log "could not download github.com/opentofu/opentofu@v$TOFU_VERSION"; return 1; }
    mkdir -p "$(dirname "$out")"
    (cd "$dir" && GOFLAGS=-buildvcs=false go build \
      -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$out.tmp" ./cmd/tofu)
    mv "$out.tmp" "$out"
  fi
  printf '%s\n' "$out"
}

terraform157_path() {
  local bin="$cache/terraform-$TF_OLD_VERSION"
  if [ ! -x "$bin/terraform" ]; then
    log "building Terraform $TF_OLD_VERSION from the Go module proxy (about 2 minutes, once)..."
    GOBIN="$bin.tmp" GOFLAGS=-buildvcs=false go install "github.com/hashicorp/terraform@v$TF_OLD_VERSION"
    rm -rf "$bin" && mv "$bin.tmp" "$bin"
  fi
  printf '%s\n' "$bin/terraform"
}

path_cli() {
  local p
  p=$(command -v terraform || command -v tofu || true)
  [ -n "$p" ] && printf '%s\n' "$(readlink -f "$p")"
}

case "${1:-all}" in
  path) path_cli ;;
  tofu) tofu_path ;;
  terraform157) terraform157_path ;;
  any) path_cli || tofu_path ;;
  all)
    p=$(path_cli || true)
    [ -n "$p" ] && echo "path=$p"
    echo "tofu=$(tofu_path)"
    echo "terraform157=$(terraform157_path)"
    ;;
  *) log "usage: $0 [all|path|tofu|terraform157|any]"; exit 2 ;;
esac
