#!/usr/bin/env bash
# Gets the CLIs the acceptance tests run on and prints "name=absolute-path" lines.
#
# OpenTofu 1.12.6, Terraform 1.5.7 and Terraform 1.16.0 are built from the Go module
# proxy (the only place this project may download from) and cached outside the
# clone, so only the first run on a machine pays the minutes they take.
#
#   tools/clis.sh            all four CLIs (terraform on PATH, tofu 1.12.6, terraform 1.5.7, 1.16.0)
#   tools/clis.sh tofu       one of: path, tofu, terraform157, terraform116
#   tools/clis.sh any        the first usable CLI: terraform or tofu on PATH, else tofu 1.12.6
set -euo pipefail

TOFU_VERSION=1.12.6
TF_OLD_VERSION=1.5.7
TF_NEW_VERSION=1.16.0
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

# Since 1.6 Terraform's remote-state backends (azure, consul, gcs, s3, ...) are
# nested modules that go.mod wires in by `replace` to folders the module zip
# leaves out, so `go install terraform@v1.16.0` cannot build. The tests need
# none of them: build a writable copy of the module with every `replace` to a
# missing folder dropped from go.mod, and those backends' imports and
# registrations dropped from the backend list.
terraform116_path() {
  local bin="$cache/terraform-$TF_NEW_VERSION"
  if [ ! -x "$bin/terraform" ]; then
    log "building Terraform $TF_NEW_VERSION from the Go module proxy (about 8 minutes, once)..."
    local dir src
    dir=$(go mod download -json "github.com/hashicorp/terraform@v$TF_NEW_VERSION" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || { log "could not download github.com/hashicorp/terraform@v$TF_NEW_VERSION"; return 1; }
    src=$(mktemp -d "$cache/terraform-$TF_NEW_VERSION.src.XXXXXX")
    # shellcheck disable=SC2064 # the path is fixed now
    trap "rm -rf '$src'" EXIT
    cp -R "$dir/." "$src"
    chmod -R u+w "$src"
    (
      cd "$src"
      drop_missing_modules
      # version.dev=no, as release builds set it: `terraform version` says 1.16.0, not 1.16.0-dev.
      GOFLAGS="-buildvcs=false -mod=mod" go build \
        -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$bin.tmp/terraform" .
    )
    rm -rf "$bin" "$src"
    mv "$bin.tmp" "$bin"
  fi
  printf '%s\n' "$bin/terraform"
}

# drop_missing_modules, in a copy of the terraform module: for each `replace`
# pointing at a folder that is not there, drops its require and replace lines,
# and the import and registration of that backend in the backend list. It
# fails if any other non-test file imports a dropped module.
drop_missing_modules() {
  local init=internal/backend/init/init.go path local_dir alias
  while read -r path local_dir; do
    [ ! -d "$local_dir" ] || continue
    go mod edit -droprequire="$path" -dropreplace="$path"
    if grep -rlF --include='*.go' --exclude='*_test.go' "\"$path\"" . | grep -vx "./$init" | grep -q .; then
      log "terraform $TF_NEW_VERSION: $path is imported outside $init; cannot drop it"
      return 1
    fi
    alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$path\"\$|\1|p" "$init")
    [ -n "$alias" ] || continue # not a backend (internal/legacy: tests only)
    sed -i -e "\|\"$path\"|d" -e "/\b$alias\.New(/d" "$init"
  done < <(sed -En 's/^(replace)?[[:space:]]*([^[:space:]]+)[[:space:]]+=>[[:space:]]+(\.\/[^[:space:]]+)[[:space:]]*$/\2 \3/p' go.mod)
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
  terraform116) terraform116_path ;;
  any) path_cli || tofu_path ;;
  all)
    p=$(path_cli || true)
    [ -n "$p" ] && echo "path=$p"
    echo "tofu=$(tofu_path)"
    echo "terraform157=$(terraform157_path)"
    echo "terraform116=$(terraform116_path)"
    ;;
  *) log "usage: $0 [all|path|tofu|terraform157|terraform116|any]"; exit 2 ;;
esac
