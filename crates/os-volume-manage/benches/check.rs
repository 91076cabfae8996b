//! `cargo bench --bench check`: the request pipeline.
//!
//! - `check_text`: raw bytes in → `Report` (Python-compatible JSON parse, schema, rules, normalization);
//! - `check_value`: a pre-parsed `Value` (via `Value::parse`) in → `Report`;
//! - `parse`: `Value::parse` alone (where the text path's time goes);
//! - `to_json`: `Report` → JSON text;
//! - `jsonl`: `jsonl::check_line` over 1,000 lines of the bulk corpus;
//! - `size`: `check_text` over ~1 KiB, ~1 MiB and ~64 MiB accepted bodies (bytes/s shows linear cost).
//!
//! Every input's verdict is asserted before it is measured. See BENCHMARKS.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::{check_text, check_value, Kind, Value};

mod inputs;

fn verdict(input: &inputs::Input) {
    let report = check_text(Kind::Volume, &input.bytes, &inputs::options());
    assert_eq!(report.http_status(), input.status, "{}: {:?}", input.name, report.errors().first());
}

fn per_request(c: &mut Criterion) {
    let opts = inputs::options();
    let small = inputs::small();
    for input in &small {
        verdict(input);
    }

    let mut g = c.benchmark_group("check_text");
    for input in &small {
        g.throughput(Throughput::Elements(1));
        g.bench_function(input.name, |b| b.iter(|| check_text(Kind::Volume, black_box(&input.bytes), &opts)));
    }
    g.finish();

    let mut g = c.benchmark_group("check_value");
    for input in &small {
        let value = Value::parse(&input.bytes).unwrap_or_else(|e| panic!("{}: {e:?}", input.name));
        g.throughput(Throughput::Elements(1));
        g.bench_function(input.name, |b| b.iter(|| check_value(Kind::Volume, black_box(&value), &opts)));
    }
    g.finish();

    let mut g = c.benchmark_group("parse");
    for input in &small {
        g.throughput(Throughput::Bytes(input.bytes.len() as u64));
        g.bench_function(input.name, |b| b.iter(|| Value::parse(black_box(&input.bytes))));
    }
    g.finish();

    let mut g = c.benchmark_group("to_json");
    for input in &small {
        let report = check_text(Kind::Volume, &input.bytes, &opts);
        g.throughput(Throughput::Elements(1));
        g.bench_function(input.name, |b| b.iter(|| black_box(&report).to_json()));
    }
    g.finish();
}

fn bulk(c: &mut Criterion) {
    const LINES: usize = 1000;
    let corpus = inputs::corpus(LINES);
    let defaults = JsonlDefaults::default();
    let mut g = c.benchmark_group("jsonl");
    // ~5 ms per iteration: fewer, longer samples.
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(LINES as u64));
    g.bench_function("check_line/1000-lines", |b| {
        b.iter(|| {
            let mut accepted = 0usize;
            for line in black_box(&corpus).lines() {
                if check_line(line, &defaults).is_some_and(|l| l.accepted) {
                    accepted += 1;
                }
            }
            accepted
        })
    });
    g.finish();
}

fn size(c: &mut Criterion) {
    // `cargo test --all-targets` runs each bench once: skip the 64 MiB body there.
    let benching = std::env::args().any(|a| a == "--bench");
    let opts = inputs::options();
    let ladder = inputs::ladder(benching);
    for input in &ladder {
        verdict(input);
    }
    let mut g = c.benchmark_group("size");
    for input in &ladder {
        g.throughput(Throughput::Bytes(input.bytes.len() as u64));
        if input.bytes.len() > inputs::MIB {
            // ~0.5 s per request: ten flat samples.
            g.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(8));
        }
        g.bench_function(format!("check_text/{}", input.name), |b| {
            b.iter(|| check_text(Kind::Volume, black_box(&input.bytes), &opts))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .without_plots()
        .configure_from_args()
}

criterion_group! { name = pipeline; config = config(); targets = per_request, bulk, size }
criterion_main!(pipeline);
