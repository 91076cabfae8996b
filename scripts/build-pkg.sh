#!/usr/bin/env bash
# Builds the npm package in pkg/: two wasm modules of the bindings crate
# (crates/os-volume-manage-wasm, release): the validators in pkg/dist/ and,
# with feature `tools`, the transformations too in pkg/dist/tools/, each with
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

dist=pkg/dist
rm -rf "$dist"
mkdir -p "$dist/tools"
glue=target/wasm-bindgen
rm -rf "$glue"

# build NAME FEATURES OUT: the bindings crate with FEATURES, its wasm-bindgen
# glue for Node (CJS) and the web (ESM) sharing one optimized .wasm, into OUT.
build() {
  local feature=$1 features=$2 out=$3
  say "cargo build -p os-volume-manage-wasm --release --target wasm32-unknown-unknown --features '$features' --lib"
  cargo build -p os-volume-manage-wasm --release --target wasm32-unknown-unknown --features "$features" --lib
  local input="$glue/$feature.wasm"
  mkdir -p "$glue"
  cp target/wasm32-unknown-unknown/release/os_volume_manage_wasm.wasm "$input"
  for target in nodejs web; do
    say "wasm-bindgen --target $target ($feature)"
    wasm-bindgen --target "$target" --no-typescript --experimental-reset-state-function \
      --out-name os_volume_manage --out-dir "$glue/$feature/$target" "$input"
  done
  cmp -s "$glue/$feature/nodejs/os_volume_manage_bg.wasm" "$glue/$feature/web/os_volume_manage_bg.wasm" || {
    echo "the nodejs and web .wasm files differ ($feature); cannot ship one" >&2
    exit 1
  }
  say "wasm-opt -Oz ($feature)"
  "$wasm_opt" -Oz --strip-debug --strip-producers \
    --enable-reference-types --enable-bulk-memory --enable-multivalue \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$glue/$feature/web/os_volume_manage_bg.wasm" -o "$out/os_volume_manage_bg.wasm"
  cp "$glue/$feature/nodejs/os_volume_manage.js" "$out/os_volume_manage.cjs"
  cp "$glue/$feature/web/os_volume_manage.js" "$out/os_volume_manage.js"
}

# The validators in dist/, everything (feature `tools`: the
# transformations too) in dist/tools/, loaded only when a transformation is used.
build validators "" "$dist"
build tools tools "$dist/tools"
node scripts/pkg-derive-cjs.mjs pkg/lib/api.js "$dist/api.cjs"
cp pkg/index.d.ts "$dist/index.d.cts"

for f in "$dist/os_volume_manage_bg.wasm" "$dist/tools/os_volume_manage_bg.wasm"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9c "$f" | wc -c)
  say "$f: $raw bytes, $gz gzipped (gzip -9)"
done
