#!/usr/bin/env bash
# Installs what the project needs beyond stock Rust, Node and npm. Idempotent:
# each part checks first and does nothing when already in place, so a second
# run takes about a second. Downloads only from the registries (crates.io,
# npm, Debian); never downloads browsers or binaries from elsewhere, never
# runs `rustup update`.
#
#   scripts/setup.sh [native|wasm|browser|node|all]...   (default: all)
#
#   native   the Rust toolchain is there (nothing to install)
#   wasm     rustup target wasm32-unknown-unknown; wasm-bindgen-cli at exactly
#            the wasm-bindgen version of Cargo.lock (brings wasm-bindgen-test-runner)
#   browser  Debian's chromium and chromium-driver (apt), for browser tests
#   node     the root dev tooling from package-lock.json (npm ci): wasm-opt
#            (binaryen), tsc, playwright-core, ajv
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"; }

setup_native() {
  need cargo "install Rust (rustup) first"
  say "native: $(cargo --version)"
}

# The version of wasm-bindgen the build uses: Cargo.lock's, else Cargo.toml's pin.
wasm_bindgen_version() {
  local v=""
  if [ -f Cargo.lock ]; then
    v=$(awk '/^\[\[package\]\]/ { name = "" } /^name = "wasm-bindgen"$/ { name = 1; next } name && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  fi
  if [ -z "$v" ]; then
    v=$(sed -n 's/^wasm-bindgen = .*version = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
  fi
  [ -n "$v" ] || die "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
  echo "$v"
}

setup_wasm() {
  need rustup "the wasm32 target is added with rustup"
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm: target wasm32-unknown-unknown already installed"
  else
    say "wasm: rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want have=""
  want=$(wasm_bindgen_version)
  if command -v wasm-bindgen >/dev/null 2>&1; then
    have=$(wasm-bindgen --version | awk '{ print $2 }')
  fi
  if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "wasm: wasm-bindgen-cli $want already installed"
  else
    say "wasm: cargo install wasm-bindgen-cli --version $want (found: ${have:-none}; takes 2-3 minutes)"
    # Not --locked: the CLI's own lockfile pins a crate version crates.io no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

setup_browser() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    say "browser: $(chromium --version 2>/dev/null | head -n1); $(chromedriver --version | head -n1)"
    return
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    need sudo "installing chromium needs root"
    sudo="sudo"
  fi
  say "browser: apt-get update && apt-get install -y chromium chromium-driver"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
}

setup_node() {
  need node "install Node.js 20 first"
  need npm "install npm first"
  local stamp=node_modules/.package-lock.json
  if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then
    say "node: root dev tooling up to date (node_modules)"
  elif [ -f package-lock.json ]; then
    say "node: npm ci"
    npm ci --no-audit --no-fund
  else
    say "node: npm install (no package-lock.json yet)"
    npm install --no-audit --no-fund
  fi
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(all)
for part in "${parts[@]}"; do
  case "$part" in
    native) setup_native ;;
    wasm) setup_wasm ;;
    browser) setup_browser ;;
    node) setup_node ;;
    all) setup_native; setup_wasm; setup_browser; setup_node ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown part '$part' (native, wasm, browser, node, all)" ;;
  esac
done
