#!/usr/bin/env bash
# make bench: the client's Go benchmarks, then plan timings on every CLI.
# Targets (README, Performance): client overhead within 1.2x of a bare GET;
# 100 reads within 1.15x of the link's cost, at most 12 connections and
# exactly 1 token call; with answer sharing, 100 reads of one app make 1 token
# call, 1 plan call, at most 2 connections within 1.1x of their floor, and 100
# reads over 10 apps 10 of each.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rc="$work/empty.tfrc"; touch "$rc"
export TF_CLI_CONFIG_FILE="$rc"

echo "==> Go benchmarks (count ${COUNT:-8})"
go test -run '^$' -bench . -benchmem -count "${COUNT:-8}" ./internal/wechat/ | tee "$work/go.txt"
echo
echo "==> client against a bare net/http GET"
go run "$BENCHSTAT" -col /impl -filter '.name:PlanCall' "$work/go.txt"
# The target, from the medians: client time per call within 1.2x of the bare GET.
median() {
  grep "^BenchmarkPlanCall/impl=$1-" "$work/go.txt" | awk '{print $3}' | sort -n |
    awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
awk -v b="$(median bare)" -v c="$(median client)" 'BEGIN {
  r = c / b
  printf "client %.1fµs per call, bare GET %.1fµs: %.2fx (target <= 1.20x) %s\n", c / 1000, b / 1000, r, (r <= 1.2 ? "ok" : "MISSED")
}'

echo
echo "==> plan with N reads, end to end"
go build -o "$work/terraform-provider-wechat" .
clis=$(tools/clis.sh all | cut -d= -f2 | paste -sd, -)
go run ./tools/e2ebench -provider "$work/terraform-provider-wechat" -clis "$clis" -runs "${RUNS:-3}"
