#!/usr/bin/env bash
# Creates (or checks) the dev venv holding the real OpenStack clients whose
# requests scripts/clients/capture.py records. Dev-only: CI never runs this,
# it only replays the committed fixtures under tests/fixtures/clients/.
#
#   scripts/clients/setup-venv.sh [VENV_DIR]      (default target/venvs/clients)
#
# Idempotent: when the venv exists and already holds exactly the pinned
# versions it does nothing. Installs only from PyPI, by package name.
# With --freeze it also rewrites scripts/clients/requirements-freeze.txt
# from the venv's `pip freeze` (the committed record of every transitive
# version the fixtures were captured with).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

freeze=0
venv=""
for a in "$@"; do
  case "$a" in
    --freeze) freeze=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) venv="$a" ;;
  esac
done
venv="${venv:-${CLIENTS_VENV:-target/venvs/clients}}"

# The versions the fixtures are named after. Change them together with the
# fixture file names (tests/fixtures/clients/<client>-<version>.jsonl).
pins=(
  "python-cinderclient==9.10.0"
  "python-openstackclient==10.5.0"
  "openstacksdk==4.22.0"
  "requests-mock==1.12.1"
)

say() { printf '[clients-venv] %s\n' "$*"; }

# Prefer Python 3.11 (the version the fixtures were captured with); any
# python3 >= 3.10 works for these client versions.
pick_python() {
  for p in "${PYTHON:-}" python3.11 python3; do
    [ -n "$p" ] && command -v "$p" >/dev/null 2>&1 && { command -v "$p"; return; }
  done
  echo "no python3 found" >&2; exit 1
}

have_pins() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "${pins[@]}" <<'PY' || return 1
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        have = version(name)
    except PackageNotFoundError:
        sys.exit(1)
    if have != want:
        sys.exit(1)
PY
}

if have_pins; then
  say "up to date: $venv ($("$venv/bin/python" --version 2>&1))"
else
  if [ ! -x "$venv/bin/python" ]; then
    py="$(pick_python)"
    say "creating $venv with $py ($("$py" --version 2>&1))"
    mkdir -p "$(dirname "$venv")"
    "$py" -m venv "$venv"
  fi
  say "installing ${pins[*]}"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
  have_pins || { echo "pins not satisfied after install" >&2; exit 1; }
  say "installed into $venv"
fi

if [ "$freeze" = 1 ]; then
  "$venv/bin/python" -m pip freeze --disable-pip-version-check --all \
    | grep -v -E '^(pip|setuptools|wheel)==' | LC_ALL=C sort -f > "$here/requirements-freeze.txt"
  say "wrote $here/requirements-freeze.txt ($(wc -l < "$here/requirements-freeze.txt") packages)"
fi
