#!/usr/bin/env bash
# The main job on the bundled samples: build the CLI, judge Cinder's own
# api-ref request samples and a few bad requests, then a bulk JSONL run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin os-volume-manage
cli=target/release/os-volume-manage
demo=tests/fixtures/demo

run() {
  printf '\n$ os-volume-manage %s\n' "$*"
  local status=0
  "$cli" "$@" || status=$?
  # 0 accepted, 1 rejected: both are verdicts. 2 would be a usage error.
  if [ "$status" -ge 2 ]; then echo "demo: unexpected exit status $status" >&2; exit 1; fi
}

echo "== Cinder api-ref request samples"
run check "$demo/api-ref-volume-manage.json" "$demo/api-ref-v2-volume-manage.json"
run check "$demo/api-ref-volume-manage-cluster.json"
run check --microversion 3.16 "$demo/api-ref-volume-manage-cluster.json"
run check "$demo/api-ref-snapshot-manage.json"
echo
echo "== Requests Cinder would change or refuse"
run check "$demo/ok-normalized.json"
run check "$demo/bad-several-problems.json"
run check --microversion 3.16 "$demo/bad-host-and-cluster.json"
run check "$demo/bad-string-ref.json"
run check "$demo/bad-snapshot-type-key.json"
echo
echo "== Bulk mode (one JSON report per input line)"
run check --jsonl "$demo/bulk.jsonl"
