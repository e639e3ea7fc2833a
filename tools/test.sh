#!/usr/bin/env bash
# make test: every test, the acceptance tests once per CLI.
#
# The CLIs come from tools/clis.sh (terraform on PATH, OpenTofu 1.12.6,
# Terraform 1.5.7 and Terraform 1.16.0, the last three built once and cached
# outside the clone), or only those CLIS names (path, tofu, terraform157,
# terraform116). No test reaches beyond loopback: the acceptance tests run
# against the in-process mock WeChat server.
#
# Nearly all the time is CPU spent by CLI runs, so nothing waits that need
# not: the provider's race-enabled test binary is compiled once and run on
# every CLI at the same time, next to vet, the other packages' race tests,
# the fuzzing and the install check. Each job's output is printed whole, in
# a fixed order, and a table of the jobs' times ends the run.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
names=()
pids=()
# The jobs below run in the background, where a script's commands ignore
# Ctrl-C: on Ctrl-C, a CI timeout or a failed step, stop each job still
# running (still this script's child) with everything it started. The
# trees are frozen first, so that no CLI starts a provider meanwhile.
# shellcheck disable=SC2317 # run by the EXIT trap
stop_jobs() {
  local pid tree=() size=-1
  while [ ${#tree[@]} -ne "$size" ]; do
    size=${#tree[@]}
    tree=()
    for pid in "${pids[@]}"; do
      [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = $$ ] || continue
      mapfile -t -O "${#tree[@]}" tree < <(echo "$pid"; descendants "$pid")
    done
    [ ${#tree[@]} -eq 0 ] || kill -STOP "${tree[@]}" 2>/dev/null || true
  done
  if [ ${#tree[@]} -gt 0 ]; then
    kill -TERM "${tree[@]}" 2>/dev/null || true
    kill -CONT "${tree[@]}" 2>/dev/null || true
  fi
  rm -rf "$work"
}
# shellcheck disable=SC2317 # run by stop_jobs
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1"); do
    echo "$child"
    descendants "$child"
  done
}
trap stop_jobs EXIT
trap 'exit 130' INT TERM
# The machine image may point TF_CLI_CONFIG_FILE at a missing file; give
# the CLIs an empty one of our own so they neither warn nor read a user's.
: > "$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1
started=$SECONDS

# Fetch every CLI first: a CLI that cannot be had must fail the run, not
# quietly shrink the matrix. CLIS picks some: names of tools/clis.sh or
# name=/path/to/cli (CI's matrix, one per job).
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
echo "==> CLIs ready ($((SECONDS - started)) s)"

# job NAME COMMAND...: runs COMMAND in the background; its output goes to
# the job's log, its exit status and seconds to its status file.
job() {
  local name=$1 n=${#names[@]}
  shift
  (
    set +e
    begun=$SECONDS
    "$@" >"$work/job$n.log" 2>&1
    echo "$? $((SECONDS - begun))" >"$work/job$n.status"
  ) &
  names+=("$name")
  pids+=($!)
}

# shellcheck disable=SC2317 # run through job
fuzz() {
  local target rc=0
  for target in FuzzDecode FuzzDecodeOps; do
    go test -run '^$' -fuzz "^$target\$" -fuzztime "${FUZZTIME:-10s}" -fuzzminimizetime "${FUZZMINIMIZETIME:-1s}" ./internal/wechat || rc=1
  done
  return "$rc"
}

job vet go vet ./...
# Every package but the provider's, whose tests need a CLI each.
# shellcheck disable=SC2046 # one argument per package
job "race tests of every package but internal/provider" \
  go test -race -count=1 $(go list ./... | grep -vx 'github.com/wxops/terraform-provider-wechat/internal/provider')
job "fuzzing the response decoding" fuzz
# shellcheck disable=SC2046 # one argument per CLI path
job "make install, offline init on each CLI" bash tools/install_test.sh $(cut -d= -f2- <<<"$clis")

status=0
echo "==> compiling the provider's test binary once, with the race detector"
begun=$SECONDS
if go test -c -race -o "$work/provider.test" ./internal/provider; then
  echo "    ($((SECONDS - begun)) s)"
else
  echo "FAIL: the provider's tests do not compile; no acceptance tests run"
  status=1
fi

# acceptance CLI: the provider's tests on one CLI, from the package folder
# as go test runs them. The timeout is generous: on a loaded machine four
# CLIs at once may take long, and a hang must still end the run.
# shellcheck disable=SC2317 # run through job
acceptance() {
  local cli=$1
  local env=(TF_ACC_TERRAFORM_PATH="$cli")
  if [ "$(basename "$cli")" = tofu ]; then
    env+=(TF_ACC_PROVIDER_NAMESPACE=hashicorp TF_ACC_PROVIDER_HOST=registry.opentofu.org)
  fi
  echo "$("$cli" version | sed -n 1p) ($cli)"
  cd internal/provider && env "${env[@]}" "$work/provider.test" -test.paniconexit0 -test.timeout=45m
}
while IFS='=' read -r name cli; do
  if [ -z "$cli" ] || [ ! -x "$work/provider.test" ]; then continue; fi
  job "acceptance tests on $name" acceptance "$cli"
done <<<"$clis"

summary=""
for i in "${!names[@]}"; do
  wait "${pids[$i]}" || true
  read -r rc seconds <"$work/job$i.status" || { rc=killed seconds='?'; }
  result=ok
  [ "$rc" = 0 ] || { result=FAIL; status=1; }
  echo "==> ${names[$i]}: $result ($seconds s)"
  cat "$work/job$i.log"
  summary+=$(printf '%6s s  %-4s %s' "$seconds" "$result" "${names[$i]}")$'\n'
done
echo "==> times"
printf '%s' "$summary"
printf '%6s s  %s\n' "$((SECONDS - started))" "make test, in all"
exit $status
