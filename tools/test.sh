#!/usr/bin/env bash
# make test: every test, the acceptance tests once per CLI.
#
# The CLIs come from tools/clis.sh (terraform on PATH, OpenTofu 1.12.6 and
# Terraform 1.5.7, the latter two built once and cached outside the clone),
# or only those CLIS names (path, tofu, terraform157).
# No test reaches beyond loopback: the acceptance tests run against the
# in-process mock WeChat server.
set -euo pipefail
cd "$(dirname "$0")/.."

# The machine image may point TF_CLI_CONFIG_FILE at a missing file; give
# the CLIs an empty one of our own so they neither warn nor read a user's.
rc=$(mktemp)
trap 'rm -f "$rc"' EXIT
export TF_CLI_CONFIG_FILE="$rc" CHECKPOINT_DISABLE=1

echo "==> go vet"
go vet ./...

echo "==> main, client and mock tests (race detector)"
go test -race -count=1 . ./internal/wechat/... ./internal/wechatmock/...

echo "==> fuzzing the response decoding briefly"
go test -run '^$' -fuzz '^FuzzDecode$' -fuzztime "${FUZZTIME:-10s}" ./internal/wechat
go test -run '^$' -fuzz '^FuzzDecodeOps$' -fuzztime "${FUZZTIME:-10s}" ./internal/wechat

# Fetch every CLI first: a CLI that cannot be had must fail the run, not
# quietly shrink the matrix. CLIS picks some: names of tools/clis.sh
# (path, tofu, terraform157) or name=/path/to/cli (CI's matrix, one per job).
if [ -n "${CLIS:-}" ]; then
  clis=""
  for name in $CLIS; do
    case "$name" in
      *=/*) clis+="$name"$'\n' ;; # name=/path/to/cli, as CI's matrix gives it
      *) cli=$(tools/clis.sh "$name") || { echo "CLIS: no $name CLI" >&2; exit 1; }
         clis+="$name=$cli"$'\n' ;;
    esac
  done
else
  clis=$(tools/clis.sh all)
fi
status=0

echo "==> make install, then an offline init on each CLI"
# shellcheck disable=SC2046 # one argument per CLI path
bash tools/install_test.sh $(cut -d= -f2- <<<"$clis") || status=1

while IFS='=' read -r name cli; do
  [ -n "$cli" ] || continue
  env=(TF_ACC_TERRAFORM_PATH="$cli")
  if [ "$(basename "$cli")" = tofu ]; then
    env+=(TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org)
  fi
  echo "==> acceptance tests on $("$cli" version | sed -n 1p) ($name: $cli)"
  env "${env[@]}" go test -race -count=1 ./internal/provider/... || status=1
done <<<"$clis"
exit $status
