#!/usr/bin/env bash
# Builds the npm package in pkg/: three WebAssembly modules from the same
# Rust source, each with wasm-bindgen glue, into pkg/dist/ (gitignored):
#
#   validators-web   the validators built for size (cargo profile wasm-size,
#                    opt-level "z", wasm-opt -Oz, feature size): browsers
#   validators-node  the validators built for speed (cargo profile release,
#                    wasm-opt -O3): Node, Deno, Bun, server bundles
#   tools            the transformations (feature tools), built for size
#                    (feature size):
#                    every environment, loaded only when one is used
#
# For each: NAME.wasm, the ES module glue NAME.js (wasm-bindgen --target web,
# instantiated by the entry points, never fetching anything itself), the
# CommonJS glue NAME.cjs where Node needs it, and the module inlined as
# base64 (NAME.inline.js / NAME.inline.cjs) for toolchains that emit no
# .wasm asset. Then dist/api.cjs (from lib/api.js), dist/index.d.cts, and
# dist/stamp.json: a hash of every input, which `npm pack` checks (prepack).
# Hand-written files in pkg/ are left alone.
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
work=target/pkg-build
rm -rf "$dist" "$work"
mkdir -p "$dist" "$work"

# cargo_wasm FEATURES PROFILE OUT: the wasm-bindgen cdylib built for
# wasm32-unknown-unknown with cargo FEATURES under cargo PROFILE, copied to
# OUT. The one place that knows the crate: the bindings crate
# crates/os-volume-manage-wasm (feature `tools`), whose artifact is
# os_volume_manage_wasm.wasm; the profiles are the workspace's.
cargo_wasm() {
  local features=$1 profile=$2 out=$3
  say "cargo build -p os-volume-manage-wasm --lib --target wasm32-unknown-unknown --profile $profile --features '$features'"
  cargo build -p os-volume-manage-wasm --lib --target wasm32-unknown-unknown --profile "$profile" --features "$features"
  cp "target/wasm32-unknown-unknown/$profile/os_volume_manage_wasm.wasm" "$out"
}

WASM_FEATURES=(--enable-reference-types --enable-bulk-memory --enable-multivalue
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)

# module NAME FEATURES PROFILE OPT CJS: builds one module into dist/NAME.*
# (OPT: the wasm-opt level; CJS: yes to derive the CommonJS glue and inline copy).
module() {
  local name=$1 features=$2 profile=$3 opt=$4 cjs=$5
  cargo_wasm "$features" "$profile" "$work/$name.raw.wasm"
  say "wasm-bindgen --target web ($name)"
  wasm-bindgen --target web --omit-default-module-path --no-typescript --experimental-reset-state-function \
    --out-name "$name" --out-dir "$work/$name" "$work/$name.raw.wasm"
  say "wasm-opt $opt ($name)"
  "$wasm_opt" "$opt" --strip-debug --strip-producers "${WASM_FEATURES[@]}" \
    "$work/$name/${name}_bg.wasm" -o "$dist/$name.wasm"
  cp "$work/$name/$name.js" "$dist/$name.js"
  node scripts/pkg-inline.mjs "$dist/$name.wasm" "$dist/$name.inline.js" esm
  if [ "$cjs" = yes ]; then
    node scripts/pkg-derive-cjs.mjs "$dist/$name.js" "$dist/$name.cjs" \
      --prelude "const { TextDecoder, TextEncoder } = require('../lib/text.cjs');"
    node scripts/pkg-inline.mjs "$dist/$name.wasm" "$dist/$name.inline.cjs" cjs
  fi
}

module validators-web size wasm-size -Oz no
module validators-node cli release -O3 yes
module tools "tools size" wasm-size -Oz yes
# The browser entry points use only the ES module forms; Node only the CommonJS ones.
rm "$dist/validators-node.js" "$dist/validators-node.inline.js"

node scripts/pkg-derive-cjs.mjs pkg/lib/api.js "$dist/api.cjs"
cp pkg/index.d.ts "$dist/index.d.cts"
node scripts/pkg-stamp.mjs write

for name in validators-web validators-node tools; do
  f="$dist/$name.wasm"
  say "$f: $(wc -c <"$f") bytes, $(gzip -9c "$f" | wc -c) gzipped (gzip -9)"
done
