//! Writes a benchmark corpus to stdout, from the one definition the
//! benches use (`benches/inputs/mod.rs`), without building the benches:
//!
//! ```text
//! cargo run --release -p os-volume-manage --example bench_corpus -- plain N   the first N lines of corpus-200k.jsonl
//! cargo run --release -p os-volume-manage --example bench_corpus -- heavy N   the first N lines of corpus-heavy-50k.jsonl
//! ```
//!
//! `tests/js` compares the package's bulk mode with the native CLI on them;
//! `scripts/bench.mjs` times both CLIs on them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a development tool: a panic is how it fails"
)]

use std::io::Write;

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, n) = match args.as_slice() {
        [kind, n] => (kind.as_str(), n.parse::<usize>().unwrap_or_else(|_| panic!("N must be a count: {n}"))),
        _ => panic!("usage: bench_corpus plain|heavy N"),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut rng;
    match kind {
        "plain" => {
            rng = inputs::Rng::new(inputs::CORPUS_SEED);
            for i in 0..n {
                writeln!(out, "{}", inputs::corpus_line(&mut rng, i)).unwrap();
            }
        }
        "heavy" => {
            rng = inputs::Rng::new(inputs::HEAVY_SEED);
            for i in 0..n {
                writeln!(out, "{}", inputs::heavy_line(&mut rng, i)).unwrap();
            }
        }
        other => panic!("unknown corpus {other}: plain or heavy"),
    }
    out.flush().unwrap();
}
