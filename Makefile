# os-volume-manage: every entry point a newcomer or CI needs.
#   make demo   set up the native toolchain, then check the bundled samples
#   make test   set up everything, then run every test the project has
#   make pkg    build the npm package in pkg/ (WebAssembly)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)

WASM_TARGET := wasm32-unknown-unknown
CHROMEDRIVER ?= /usr/bin/chromedriver

header = @printf '\n==== %s ====\n' "$(1)"

.PHONY: help setup demo test pkg bench serve fuzz \
	test-native test-lint test-crates test-examples test-wasm-node test-wasm-browser test-js test-www test-packaging

help:
	@echo "make demo    set up and run the CLI on the bundled samples"
	@echo "make test    set up everything and run every test"
	@echo "make pkg     build the npm package in pkg/"
	@echo "make setup   install what the project needs (scripts/setup.sh all)"
	@echo "make bench   run the benchmarks"

setup:
	scripts/setup.sh all

demo:
	scripts/setup.sh native
	scripts/demo.sh

pkg:
	scripts/setup.sh wasm node
	scripts/build-pkg.sh

TEST_STEPS := test-native test-lint test-crates test-examples pkg test-wasm-node test-wasm-browser test-js test-www test-packaging

test: setup
	@for step in $(TEST_STEPS); do \
		start=$$(date +%s); \
		$(MAKE) --no-print-directory $$step || exit 1; \
		printf -- '---- %s: %ss\n' "$$step" "$$(( $$(date +%s) - start ))"; \
	done
	@printf '\n==== all tests passed ====\n'

test-native:
	$(call header,cargo test --workspace (native: libs, bins, tests, benches))
	cargo test --workspace --all-targets
	$(call header,cargo test --workspace --doc)
	cargo test --workspace --doc

test-lint:
	$(call header,cargo fmt --all --check)
	cargo fmt --all --check
	$(call header,cargo doc --workspace --no-deps (warnings denied))
	RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps
	RUSTDOCFLAGS=-Dwarnings cargo doc -p os-volume-manage-wasm --no-deps --features tools
	$(call header,cargo clippy --workspace --all-targets -- -D warnings)
	cargo clippy --workspace --all-targets -- -D warnings
	$(call header,cargo clippy (wasm32: the bindings crate and its tests) -- -D warnings)
	cargo clippy -p os-volume-manage-wasm --target $(WASM_TARGET) --lib --test wasm -- -D warnings
	cargo clippy -p os-volume-manage-wasm --target $(WASM_TARGET) --features "tools size" --lib --test wasm -- -D warnings

# The crates as users get them: packaged file lists, `cargo publish
# --dry-run` of the core and the CLI, .crate sizes, and a consumer crate
# proving the core leaves serde_json's map order alone (scripts/test-crates.sh).
test-crates:
	$(call header,crates: package lists, publish --dry-run, consumer)
	scripts/test-crates.sh

# examples/axum-service: a gateway that judges manage requests with the crate
# before forwarding them, tested against a fake upstream (its own workspace
# and lockfile; the first build fetches axum, tokio and hyper).
test-examples:
	$(call header,examples/axum-service (cargo test))
	cargo test --locked --manifest-path examples/axum-service/Cargo.toml --target-dir target/axum-service

# With the size feature: the browsers' build (compact float conversions).
test-wasm-node:
	$(call header,wasm-bindgen-test in Node)
	cargo test -p os-volume-manage-wasm --target $(WASM_TARGET) --features "tools size" --test wasm

test-wasm-browser:
	$(call header,wasm-bindgen-test in headless Chromium)
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$(CHROMEDRIVER) \
		cargo test -p os-volume-manage-wasm --target $(WASM_TARGET) --features "tools size" --test wasm

# The JS suites install pkg/ the way a user does (npm pack + npm install into
# a temporary project) and compare the package CLI with the native one.
test-js:
	$(call header,native CLI (release) for the JS parity tests)
	cargo build --release --bin os-volume-manage
	$(call header,node --test tests/js)
	node --test tests/js/

# The packed package in one small project per toolchain (Vite 5-8, webpack,
# esbuild, Rollup, Jest, Vitest, TypeScript, Node, Deno, Bun, the examples),
# each pinned by its package-lock.json; see tests/packaging/README.md. The
# first run installs them (a few minutes); later runs reuse the installs.
test-packaging:
	$(call header,packaging matrix (tests/packaging/run.mjs))
	node tests/packaging/run.mjs

test-www:
	$(call header,www end-to-end tests)
	@if [ -d www/tests ]; then node --test www/tests/; else echo "no www/tests yet: skipped"; fi

# Criterion benches (benches/: the pipeline, the helpers, the core beside
# serde_json + jsonschema), the package, then scripts/bench.mjs (native and
# the package's CLI beside ajv, bulk corpora) and scripts/bench-page.mjs (a
# cold page in headless Chromium beside an ajv page). Optional, dev-only:
# Cinder's own validator beside the native core with
# CINDER_PYTHON=target/venvs/oracle/bin/python. Results and how to read
# them: BENCHMARKS.md. Instruction counts: node scripts/bench.mjs --callgrind.
CINDER_PYTHON ?=
bench:
	$(call header,cargo bench --benches)
	cargo bench -p os-volume-manage --benches
	$(MAKE) --no-print-directory pkg
	$(call header,node scripts/bench.mjs)
	node scripts/bench.mjs
	$(call header,node scripts/bench-page.mjs)
	node scripts/bench-page.mjs
	@if [ -n "$(CINDER_PYTHON)" ]; then \
		printf '\n==== scripts/bench-cinder.py ====\n'; "$(CINDER_PYTHON)" scripts/bench-cinder.py; fi

# The www/ dashboard on http://127.0.0.1:8080/ (PORT=… to change); builds
# pkg/ first only when it has never been built.
serve:
	@if [ ! -f pkg/dist/stamp.json ]; then $(MAKE) --no-print-directory pkg; fi
	node www/serve.mjs

# Each fuzz target for FUZZ_SECONDS (default 60), seeds in fuzz/seeds/,
# the growing corpus in fuzz/corpus/ (gitignored). Needs nightly.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := check_text_volume check_text_snapshot check_value jsonl_line size_text listing
fuzz:
	$(call header,cargo-fuzz 0.13.2)
	@if [ "$$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz 0.13.2" ]; then \
		cargo install --locked cargo-fuzz --version 0.13.2; fi
	cd fuzz && cargo +nightly fuzz build -O -s none
	@for t in $(FUZZ_TARGETS); do \
		printf '\n==== fuzz %s (%ss) ====\n' "$$t" "$(FUZZ_SECONDS)"; \
		mkdir -p fuzz/corpus/$$t; \
		(cd fuzz && cargo +nightly fuzz run -O -s none $$t corpus/$$t seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1) || exit 1; \
	done
