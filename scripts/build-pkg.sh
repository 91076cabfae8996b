#!/usr/bin/env bash
# Builds the npm package in pkg/: the wasm core (release, feature `wasm`),
# wasm-bindgen glue for Node (CJS) and the web (ESM) sharing one optimized
# .wasm, and the CJS copy of the wrapper logic. Hand-written files in pkg/ are
# left alone; everything generated goes to pkg/dist/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[pkg] %s\n' "$*"; }

crate_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
pkg_version=$(node -p "require('./pkg/package.json').version")
if [ "$crate_version" != "$pkg_version" ]; then
  echo "pkg/package.json version $pkg_version differs from Cargo.toml version $crate_version; update pkg/package.json" >&2
  exit 1
fi

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "missing $wasm_opt (npm binaryen@132.0.0); run scripts/setup.sh node" >&2
  exit 1
fi

say "cargo build --release --target wasm32-unknown-unknown --features wasm --lib"
cargo build --release --target wasm32-unknown-unknown --features wasm --lib
input=target/wasm32-unknown-unknown/release/os_volume_manage.wasm
glue=target/wasm-bindgen
rm -rf "$glue"
for target in nodejs web; do
  say "wasm-bindgen --target $target"
  wasm-bindgen --target "$target" --no-typescript --experimental-reset-state-function \
    --out-dir "$glue/$target" "$input"
done
cmp -s "$glue/nodejs/os_volume_manage_bg.wasm" "$glue/web/os_volume_manage_bg.wasm" || {
  echo "the nodejs and web .wasm files differ; cannot ship one" >&2
  exit 1
}

dist=pkg/dist
rm -rf "$dist"
mkdir -p "$dist"
say "wasm-opt -Oz"
"$wasm_opt" -Oz --strip-debug --strip-producers \
  --enable-reference-types --enable-bulk-memory --enable-multivalue \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$glue/web/os_volume_manage_bg.wasm" -o "$dist/os_volume_manage_bg.wasm"
cp "$glue/nodejs/os_volume_manage.js" "$dist/os_volume_manage.cjs"
cp "$glue/web/os_volume_manage.js" "$dist/os_volume_manage.js"
node scripts/pkg-derive-cjs.mjs pkg/lib/api.js "$dist/api.cjs"
cp pkg/index.d.ts "$dist/index.d.cts"

raw=$(wc -c <"$dist/os_volume_manage_bg.wasm")
gz=$(gzip -9c "$dist/os_volume_manage_bg.wasm" | wc -c)
say "pkg/dist/os_volume_manage_bg.wasm: $raw bytes, $gz gzipped (gzip -9)"
