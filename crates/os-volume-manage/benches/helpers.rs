//! `cargo bench --bench helpers`: the size and ref helpers
//! (`sizes::parse_size_text`, `sizes::gib_from_bytes`, `refs::normalize_ref`,
//! `refs::check_ref_for_driver`). See BENCHMARKS.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use os_volume_manage::tools::refs::{check_ref_for_driver, normalize_ref};
use os_volume_manage::tools::sizes::{gib_from_bytes, parse_size_text, SizeMode};
use os_volume_manage::{Kind, Value};

fn j(text: &str) -> Value {
    Value::parse(text.as_bytes()).unwrap_or(Value::Null)
}

fn sizes(c: &mut Criterion) {
    let mut g = c.benchmark_group("sizes");
    g.throughput(Throughput::Elements(1));
    for text in ["1073741824", "10 GiB", "1.5TiB", "500 MB", "4096 KiB"] {
        assert!(parse_size_text(text).is_ok(), "{text}");
        g.bench_function(format!("parse_size_text/{text}"), |b| b.iter(|| parse_size_text(black_box(text))));
    }
    for (label, bytes) in [("whole", 10u64 << 30), ("ragged", 9_007_199_254_740_993u64)] {
        for mode in [SizeMode::Exact, SizeMode::CinderCompatible] {
            g.bench_function(format!("gib_from_bytes/{label}/{mode:?}"), |b| {
                b.iter(|| gib_from_bytes(black_box(bytes), mode))
            });
        }
    }
    g.finish();
}

fn refs(c: &mut Criterion) {
    let cases = [
        ("source-name", j(r#"{"source-name": "existingLV"}"#)),
        ("api-ref", j(r#"{"source-name": "existingLV", "source-id": "1234"}"#)),
        ("misspelled+int", j(r#"{"source_name": " lv1 ", "sourceid": 1234}"#)),
        ("string", j(r#""existingLV""#)),
    ];
    let mut g = c.benchmark_group("refs");
    g.throughput(Throughput::Elements(1));
    for (label, r) in &cases {
        g.bench_function(format!("normalize_ref/{label}"), |b| b.iter(|| normalize_ref(black_box(r), Kind::Volume)));
    }
    for driver in ["lvm", "rbd", "dell_powermax", "hitachi_vsp", "zadara"] {
        let r = &cases[1].1;
        assert!(check_ref_for_driver(r, driver).is_ok(), "{driver}");
        g.bench_function(format!("check_ref_for_driver/api-ref/{driver}"), |b| {
            b.iter(|| check_ref_for_driver(black_box(r), black_box(driver)))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30)
        .without_plots()
        .configure_from_args()
}

criterion_group! { name = helpers; config = config(); targets = sizes, refs }
criterion_main!(helpers);
