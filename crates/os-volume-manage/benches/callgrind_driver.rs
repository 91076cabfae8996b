//! A fixed-count driver for instruction counts (not criterion).
//!
//! ```text
//! callgrind_driver text NAME N      check_text on input NAME, N times
//! callgrind_driver value NAME N     check_value on the pre-parsed input, N times
//! callgrind_driver to_json NAME N   Report::to_json on its report, N times
//! callgrind_driver peer NAME N      serde_json + jsonschema (schemas/volume-manage.json) on the input, N times
//!                                   (the peer of benches/peer.rs; compiling the schema is not counted)
//! callgrind_driver time NAME N      check_text N times after a warm-up; prints {"ns_per_request": …}
//!                                   (scripts/bench-cinder.py interleaves it with Cinder's validator)
//! callgrind_driver write-inputs DIR the benchmark inputs as files (for scripts/bench.mjs)
//! callgrind_driver                  smoke run (what `cargo bench` / `cargo test` do)
//! ```
//!
//! Instructions per request = (Ir at N=2000 − Ir at N=0) / 2000, measured with
//! `valgrind --tool=callgrind`; see BENCHMARKS.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use std::hint::black_box;
use std::time::Instant;

use os_volume_manage::{check_text, check_value, Kind, Value};

mod inputs;

fn find(name: &str) -> Vec<u8> {
    match name {
        "api-ref" => inputs::API_REF.to_vec(),
        "worst-valid" => inputs::worst_valid(),
        "invalid" => inputs::INVALID.to_vec(),
        "1KiB" => inputs::sized(inputs::KIB),
        "1MiB" => inputs::sized(inputs::MIB),
        "64MiB" => inputs::sized(64 * inputs::MIB),
        _ => panic!("unknown input {name}: api-ref, worst-valid, invalid, 1KiB, 1MiB, 64MiB"),
    }
}

fn write_inputs(dir: &str) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let write = |name: &str, bytes: &[u8]| {
        let path = format!("{dir}/{name}");
        if std::fs::read(&path).ok().as_deref() != Some(bytes) {
            std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    };
    let mut manifest = Vec::new();
    for i in inputs::small().into_iter().chain(inputs::ladder(true)) {
        let report = check_text(Kind::Volume, &i.bytes, &inputs::options());
        assert_eq!(report.http_status(), i.status, "{}", i.name);
        write(&format!("{}.json", i.name), &i.bytes);
        manifest.push(format!(
            "{{\"name\": \"{}\", \"file\": \"{}.json\", \"bytes\": {}, \"status\": {}}}",
            i.name,
            i.name,
            i.bytes.len(),
            i.status
        ));
    }
    write("corpus-200k.jsonl", inputs::corpus(200_000).as_bytes());
    write("corpus-heavy-50k.jsonl", inputs::heavy_corpus(50_000).as_bytes());
    write("inputs.json", format!("[\n{}\n]\n", manifest.join(",\n")).as_bytes());
    println!("wrote the benchmark inputs to {dir}");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench" && a != "--test").collect();
    let opts = inputs::options();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["write-inputs", dir] => write_inputs(dir),
        [mode, name, n] => {
            let n: usize = n.parse().unwrap_or_else(|_| panic!("N must be a count: {n}"));
            let bytes = find(name);
            match *mode {
                "text" => {
                    for _ in 0..n {
                        black_box(check_text(Kind::Volume, black_box(&bytes), &opts));
                    }
                }
                "value" => {
                    let value = Value::parse(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
                    for _ in 0..n {
                        black_box(check_value(Kind::Volume, black_box(&value), &opts));
                    }
                }
                "to_json" => {
                    let report = check_text(Kind::Volume, &bytes, &opts);
                    for _ in 0..n {
                        black_box(black_box(&report).to_json());
                    }
                }
                "peer" => {
                    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/volume-manage.json");
                    let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                    let validator = jsonschema::draft4::new(&schema).unwrap();
                    for _ in 0..n {
                        let value = serde_json::from_slice::<serde_json::Value>(black_box(&bytes));
                        black_box(value.map(|v| validator.validate(&v).is_ok()).unwrap_or(false));
                    }
                }
                "time" => {
                    for _ in 0..n.div_ceil(10) {
                        black_box(check_text(Kind::Volume, black_box(&bytes), &opts));
                    }
                    let start = Instant::now();
                    for _ in 0..n {
                        black_box(check_text(Kind::Volume, black_box(&bytes), &opts));
                    }
                    println!("{{\"ns_per_request\": {:.1}}}", start.elapsed().as_nanos() as f64 / n.max(1) as f64);
                }
                other => panic!("unknown mode {other}: text, value, to_json, peer, time"),
            }
        }
        [] => {
            for i in inputs::small() {
                let start = Instant::now();
                let n = 2000u32;
                for _ in 0..n {
                    black_box(check_text(Kind::Volume, black_box(&i.bytes), &opts));
                }
                println!(
                    "callgrind_driver smoke: text {} {:.0} ns/request",
                    i.name,
                    start.elapsed().as_nanos() as f64 / f64::from(n)
                );
            }
        }
        other => {
            panic!("usage: callgrind_driver [text|value|to_json|peer|time NAME N | write-inputs DIR], got {other:?}")
        }
    }
}
