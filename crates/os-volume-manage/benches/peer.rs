//! `cargo bench --bench peer`: the core beside what a Rust service would
//! otherwise run to validate the same request: `serde_json` to parse it and
//! the `jsonschema` crate compiled with Cinder's schema
//! (`schemas/volume-manage.json`, draft 4, the schema of microversions
//! 3.0–3.15 that our default options judge by).
//!
//! Two pairs, on the same bytes:
//!
//! - **verdict**: ours `check_text` (the whole report: status, Cinder's
//!   message, every error with its code, place and message, the normalized
//!   request) against `serde_json::from_slice` + `Validator::validate` (the
//!   first error as data; its text rendered only when displayed);
//! - **text**: the same, each side also rendering its texts as a service
//!   answering with them would: ours `Report::to_json` (Cinder's message,
//!   every message and pointer, the normalized request), the peer the first
//!   error's `to_string()` and instance path.
//!
//! The comparison runs in rounds: in each round both sides run the same
//! number of calls, the side that goes first alternating, and the ratio is
//! the median of the per-round ratios (ours ÷ peer in calls per second, so
//! above 1 means we are faster). Then criterion times each side on its own.
//! Results are printed and written to `target/bench-out/peer.json`.
//! `cargo test` runs it once as a smoke test (a few short rounds).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use os_volume_manage::{check_text, Kind, Options};

mod inputs;

/// The peer: a validator compiled once, as a service would keep it.
struct Peer {
    validator: jsonschema::Validator,
}

impl Peer {
    fn new() -> Peer {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/volume-manage.json");
        let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        Peer { validator: jsonschema::draft4::new(&schema).unwrap() }
    }

    /// Parse and validate: the verdict, the first error kept as data.
    fn verdict(&self, bytes: &[u8]) -> bool {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else { return false };
        self.validator.validate(&value).is_ok()
    }

    /// The verdict and the first error's text and place, as a service
    /// answering 400 would send them.
    fn text(&self, bytes: &[u8]) -> usize {
        let value = match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => value,
            Err(e) => return e.to_string().len(),
        };
        match self.validator.validate(&value) {
            Ok(()) => 0,
            Err(e) => e.to_string().len() + e.instance_path().as_str().len(),
        }
    }
}

fn ours_verdict(bytes: &[u8], opts: &Options) -> bool {
    check_text(Kind::Volume, bytes, opts).accepted()
}

fn ours_text(bytes: &[u8], opts: &Options) -> usize {
    check_text(Kind::Volume, bytes, opts).to_json().len()
}

/// Calls per second of `f`, run `n` times.
fn rate(n: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    f64::from(n) / start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

struct Paired {
    input: &'static str,
    pair: &'static str,
    ours: f64,
    peer: f64,
    ratio: f64,
    ratio_min: f64,
    ratio_max: f64,
}

/// `rounds` paired rounds of about `round` each (per side).
fn paired(
    input: &'static str,
    pair: &'static str,
    rounds: usize,
    round: Duration,
    mut ours: impl FnMut(),
    mut peer: impl FnMut(),
) -> Paired {
    // Calibrate: how many calls of the slower side fill a round.
    let probe = rate(50, &mut ours).min(rate(50, &mut peer));
    let n = ((probe * round.as_secs_f64()) as u32).max(10);
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..rounds {
        let (x, y) = if i % 2 == 0 {
            let x = rate(n, &mut ours);
            (x, rate(n, &mut peer))
        } else {
            let y = rate(n, &mut peer);
            (rate(n, &mut ours), y)
        };
        a.push(x);
        b.push(y);
        r.push(x / y);
    }
    let (lo, hi) = r.iter().fold((f64::MAX, 0f64), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    Paired { input, pair, ours: median(a), peer: median(b), ratio: median(r), ratio_min: lo, ratio_max: hi }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (rounds, round) = if benching { (15, Duration::from_millis(200)) } else { (2, Duration::from_millis(5)) };
    let opts = inputs::options();
    let peer = Peer::new();
    let small = inputs::small();
    // Both sides must see what the inputs are: accepted by both, or rejected by both.
    for i in &small {
        let ours = check_text(Kind::Volume, &i.bytes, &opts);
        assert_eq!(ours.http_status(), i.status, "{}", i.name);
        assert_eq!(peer.verdict(&i.bytes), ours.accepted(), "{}: the peer disagrees", i.name);
    }

    let mut results = Vec::new();
    for i in &small {
        let bytes = i.bytes.as_slice();
        results.push(paired(
            i.name,
            "verdict",
            rounds,
            round,
            || {
                black_box(ours_verdict(black_box(bytes), &opts));
            },
            || {
                black_box(peer.verdict(black_box(bytes)));
            },
        ));
        results.push(paired(
            i.name,
            "text",
            rounds,
            round,
            || {
                black_box(ours_text(black_box(bytes), &opts));
            },
            || {
                black_box(peer.text(black_box(bytes)));
            },
        ));
    }
    println!("\nos-volume-manage vs serde_json + jsonschema (schemas/volume-manage.json), {rounds} paired rounds");
    println!("| input | pair | ours calls/s | peer calls/s | ours ÷ peer (median) | range |");
    println!("|---|---|---|---|---|---|");
    let mut json = Vec::new();
    for p in &results {
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.2}× | {:.2}–{:.2} |",
            p.input, p.pair, p.ours, p.peer, p.ratio, p.ratio_min, p.ratio_max
        );
        json.push(format!(
            "{{\"input\":\"{}\",\"pair\":\"{}\",\"ours_per_s\":{:.1},\"peer_per_s\":{:.1},\"ratio\":{:.4},\"ratio_min\":{:.4},\"ratio_max\":{:.4}}}",
            p.input, p.pair, p.ours, p.peer, p.ratio, p.ratio_min, p.ratio_max
        ));
    }
    if benching {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/bench-out");
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(format!("{dir}/peer.json"), format!("[\n{}\n]\n", json.join(",\n"))).unwrap();
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .without_plots()
        .configure_from_args();
    let mut g = c.benchmark_group("peer");
    for i in &small {
        let bytes = i.bytes.as_slice();
        g.throughput(Throughput::Elements(1));
        g.bench_function(format!("ours/{}", i.name), |b| b.iter(|| ours_verdict(black_box(bytes), &opts)));
        g.bench_function(format!("jsonschema/{}", i.name), |b| b.iter(|| peer.verdict(black_box(bytes))));
    }
    g.finish();
    c.final_summary();
}
