#!/usr/bin/env bash
# Create (or check) the oracle's Python venv: Cinder 29.0.0 from PyPI.
#
#   scripts/oracle/setup-venv.sh [VENV_DIR]
#
# VENV_DIR defaults to $ORACLE_VENV, else target/venvs/oracle.  Python 3.11 is
# required (the committed fixtures were judged with CPython 3.11.7,
# unicodedata 14.0.0); set $ORACLE_PYTHON to choose the interpreter.
#
# Idempotent: an existing venv whose `pip freeze` already equals
# scripts/oracle/requirements-freeze.txt is left alone.  Otherwise cinder
# 29.0.0 is installed with the freeze file as constraints (so every
# dependency gets the version the fixtures were made with) and the result
# is compared with the freeze file; any difference is printed and the script
# fails.
#
# Dev tool only: CI never runs it (CI replays the committed fixtures).
# The install compiles nothing heavy but resolves ~120 packages; run it with
# `nice -n 10` on a shared machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
freeze="$here/requirements-freeze.txt"
venv="${1:-${ORACLE_VENV:-target/venvs/oracle}}"

pick_python() {
    if [ -n "${ORACLE_PYTHON:-}" ]; then echo "$ORACLE_PYTHON"; return; fi
    for c in python3.11 python3; do
        if command -v "$c" >/dev/null 2>&1 &&
           "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            command -v "$c"; return
        fi
    done
    echo "setup-venv: no Python 3.11 found (set ORACLE_PYTHON)" >&2
    exit 1
}

frozen_matches() {
    diff <("$venv/bin/python" -m pip freeze --all 2>/dev/null |
               grep -v -E '^(pip|setuptools|wheel)==' | LC_ALL=C sort -f) \
         <(LC_ALL=C sort -f "$freeze")
}

if [ -x "$venv/bin/python" ] &&
   "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' &&
   frozen_matches >/dev/null; then
    echo "setup-venv: $venv is up to date (cinder 29.0.0, freeze matches)"
    exit 0
fi

py="$(pick_python)"
if [ ! -x "$venv/bin/python" ]; then
    echo "setup-venv: creating $venv with $py ($("$py" --version))"
    mkdir -p "$(dirname "$venv")"
    "$py" -m venv "$venv"
fi
"$venv/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
    echo "setup-venv: $venv is not a Python 3.11 venv; remove it first" >&2
    exit 1
}

# The freeze is used as constraints: same versions as the fixtures' venv.
"$venv/bin/python" -m pip install --quiet -c "$freeze" "cinder==29.0.0"

if ! frozen_matches; then
    echo "setup-venv: pip freeze of $venv differs from $freeze (diff above:" \
         "'<' installed, '>' expected)" >&2
    exit 1
fi
"$venv/bin/python" - <<'EOF'
import importlib.metadata as md
print("setup-venv: ok: cinder", md.version("cinder"), "oslo.middleware",
      md.version("oslo.middleware"), "WebOb", md.version("WebOb"))
EOF
