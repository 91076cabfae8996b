#!/usr/bin/env bash
# Regenerates tests/fixtures/clients/*.jsonl from the real clients. Dev-only
# (CI never runs it). About 10 minutes on 2 cores, most of it openstackclient
# start-up (about 0.7 s a case; cinder about 0.15 s).
#
#   scripts/clients/regenerate.sh           rewrite the fixtures
#   scripts/clients/regenerate.sh --check   capture again into a temp dir and
#                                           fail unless byte-identical to the
#                                           committed fixtures
#
# VENV (default target/venvs/clients) is created or checked by setup-venv.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

check=0
[ "${1:-}" = "--check" ] && check=1
venv="${CLIENTS_VENV:-target/venvs/clients}"
scripts/clients/setup-venv.sh "$venv" >&2
py="$venv/bin/python"

cinder_v=$("$py" -c 'from importlib.metadata import version; print(version("python-cinderclient"))')
osc_v=$("$py" -c 'from importlib.metadata import version; print(version("python-openstackclient"))')
fixtures=tests/fixtures/clients
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for client in cinder openstack; do
  case $client in
    cinder) name="cinder-$cinder_v.jsonl" ;;
    openstack) name="openstack-$osc_v.jsonl" ;;
  esac
  "$py" scripts/clients/gen_cases.py "$client" > "$work/$client-cases.jsonl"
  echo "[regenerate] $client: $(wc -l < "$work/$client-cases.jsonl") cases" >&2
  nice -n 10 "$py" scripts/clients/capture.py "$work/$client-cases.jsonl" -o "$work/$name"
  if [ "$check" = 1 ]; then
    if cmp -s "$work/$name" "$fixtures/$name"; then
      echo "[regenerate] $name: identical" >&2
    else
      echo "[regenerate] $name: DIFFERS from the committed fixture" >&2
      diff <("$py" -c 'import json,sys
for l in open(sys.argv[1]): print(json.dumps(json.loads(l), sort_keys=True))' "$fixtures/$name") \
           <("$py" -c 'import json,sys
for l in open(sys.argv[1]): print(json.dumps(json.loads(l), sort_keys=True))' "$work/$name") | head -20 >&2 || true
      exit 1
    fi
  else
    mkdir -p "$fixtures"
    cp "$work/$name" "$fixtures/$name"
    echo "[regenerate] wrote $fixtures/$name" >&2
  fi
done
