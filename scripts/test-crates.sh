#!/usr/bin/env bash
# The Rust crates as their users get them (make test-crates):
#
#  1. the exact file list of each published package (`cargo package --list`);
#  2. `cargo publish --dry-run` of the core and the CLI together (the CLI is
#     verified against the packaged core), and the size of each .crate;
#  3. tests/crate-consumer: a crate that depends on the core next to its own
#     serde_json, with the core's default features and with `serde_json`,
#     proving the dependency leaves serde_json's map order alone.
#
# Needs crates.io (the dry run resolves dependencies there); the consumer
# builds with its committed lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[crates] %s\n' "$*"; }

# The files each package ships. Cargo adds .cargo_vcs_info.json when it
# packages from a git checkout; it is left out of the comparison.
expected_core='Cargo.lock
Cargo.toml
Cargo.toml.orig
LICENSE
README.md
src/cinder/controller.rs
src/cinder/description.rs
src/cinder/fields.rs
src/cinder/http/accept.rs
src/cinder/http/form.rs
src/cinder/http/render.rs
src/cinder/http.rs
src/cinder/mod.rs
src/cinder/normalize.rs
src/cinder/pipeline.rs
src/cinder/schema.rs
src/cinder/version.rs
src/http/mod.rs
src/http/raw.rs
src/http/server.rs
src/jsonl.rs
src/lib.rs
src/limits.rs
src/python/float.rs
src/python/json.rs
src/python/mod.rs
src/python/repr.rs
src/python/unicode.rs
src/python/unicode_tables.rs
src/python/uuid.rs
src/python/value.rs
src/report/code.rs
src/report/issues.rs
src/report/json.rs
src/report/mod.rs
src/report/pointer.rs
src/text.rs
src/tools/command/argparse.rs
src/tools/command/cinder.rs
src/tools/command/json.rs
src/tools/command/mod.rs
src/tools/command/openstack.rs
src/tools/command/pytext.rs
src/tools/command/request.rs
src/tools/command/shell.rs
src/tools/command/tables.rs
src/tools/command/volumes.rs
src/tools/host.rs
src/tools/listing.rs
src/tools/metadata_text.rs
src/tools/mod.rs
src/tools/refs.rs
src/tools/render.rs
src/tools/server_message.rs
src/tools/sizes.rs'
expected_cli='Cargo.lock
Cargo.toml
Cargo.toml.orig
LICENSE
README.md
src/args.rs
src/batch.rs
src/bulk.rs
src/check.rs
src/lib.rs
src/main.rs
src/tools.rs'

check_list() {
  local crate=$1 expected=$2
  say "cargo package --list -p $crate"
  local actual
  actual=$(cargo package --list --allow-dirty -p "$crate" 2>/dev/null | grep -vx '.cargo_vcs_info.json')
  if [ "$actual" != "$expected" ]; then
    echo "the files of the $crate package changed (expected, then actual):" >&2
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || true
    exit 1
  fi
}
check_list os-volume-manage "$expected_core"
check_list os-volume-manage-cli "$expected_cli"

for crate in os-volume-manage os-volume-manage-cli; do
  if ! cmp -s LICENSE "crates/$crate/LICENSE"; then
    echo "crates/$crate/LICENSE differs from LICENSE: copy it again" >&2
    exit 1
  fi
done

# The dry run verifies the CLI against the packaged core through a local
# registry, and cargo extracts that core once per registry path and keeps the
# copy: a second run in the same checkout would build the CLI against the
# first run's core. Remove those extractions (local registries only: their
# cache folders start with "-"; crates.io's are left alone).
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
for crate in os-volume-manage os-volume-manage-cli; do
  rm -rf "$cargo_home"/registry/src/-*/"$crate-$version" "$cargo_home"/registry/cache/-*/"$crate-$version.crate"
done
say "cargo publish --dry-run -p os-volume-manage -p os-volume-manage-cli"
cargo publish --dry-run --allow-dirty -p os-volume-manage -p os-volume-manage-cli 2>&1 \
  | grep -v '^warning: ignoring \(test\|benchmark\|example\)'

# The .crate files themselves (the dry run keeps its copies in a scratch registry).
cargo package --no-verify --allow-dirty -p os-volume-manage -p os-volume-manage-cli 2>&1 \
  | grep -v '^warning: ignoring \(test\|benchmark\|example\)'
# A download should stay small: the core is sources only. The largest parts
# are the clients' parser tables (tools/command/tables.rs), the driver table
# (tools/refs.rs) and the Unicode tables: 252 KiB compressed in all.
limit_kib=300
for crate in os-volume-manage os-volume-manage-cli; do
  file="target/package/$crate-$version.crate"
  size=$(wc -c < "$file")
  say "$file: $size bytes"
  if [ "$size" -gt $((limit_kib * 1024)) ]; then
    echo "$file is larger than ${limit_kib} KiB" >&2
    exit 1
  fi
done

say "tests/crate-consumer (the core's default features, then feature serde_json)"
cargo test --locked --manifest-path tests/crate-consumer/Cargo.toml --target-dir target/crate-consumer
cargo test --locked --manifest-path tests/crate-consumer/Cargo.toml --target-dir target/crate-consumer \
  --features core-serde-json
say "ok"
