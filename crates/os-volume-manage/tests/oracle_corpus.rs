//! 30,000 requests judged by Cinder 29.0.0's real code (the oracle in
//! scripts/oracle/, see tests/fixtures/oracle/README.md): the library must
//! give the same `accepted`, `http_status`, `server_error` and `normalized`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

mod common;

use std::io::BufRead;

use common::{base64_decode, same, text};

use os_volume_manage::{check_text, Endpoint, Kind, Options, PyStr, Value};

#[test]
fn library_agrees_with_cinder_on_the_oracle_corpus() {
    let path = format!("{}/../../tests/fixtures/oracle/corpus.jsonl", env!("CARGO_MANIFEST_DIR"));
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut total = 0;
    let mut mismatches = Vec::new();
    for line in file.lines() {
        let line = line.unwrap();
        let case = Value::parse_with_max_depth(line.as_bytes(), 10_000).unwrap();
        let case = case.as_object().unwrap();
        let id = text(case.get("id")).unwrap();
        let kind = Kind::parse(&text(case.get("kind")).unwrap()).unwrap();
        let endpoint = text(case.get("endpoint")).map(|e| Endpoint::parse(&e).unwrap());
        let options = Options { microversion: text(case.get("microversion")), endpoint, ..Options::default() };
        let body = match (case.get("body_text"), case.get("body_b64")) {
            (Some(Value::Str(t)), _) => t.as_wtf8().to_vec(),
            (_, Some(Value::Str(b))) => base64_decode(b.as_str().unwrap()),
            _ => panic!("{id}: no body"),
        };
        let expected = case.get("expected").unwrap().as_object().unwrap();
        let report = check_text(kind, &body, &options);
        total += 1;
        let want_accepted = matches!(expected.get("accepted"), Some(Value::Bool(true)));
        let want_status = match expected.get("http_status") {
            Some(Value::Int(os_volume_manage::Int::Small(n))) => *n as u16,
            other => panic!("{id}: status {other:?}"),
        };
        let want_error = expected.get("server_error").and_then(Value::as_pystr);
        let want_normalized = expected.get("normalized").filter(|v| !matches!(v, Value::Null));
        let got_normalized = report.normalized().as_ref().map(|n| n.to_value());
        let tags = format!("{:?}", case.get("tags").map(Value::repr));
        let mut problems = Vec::new();
        if report.accepted() != want_accepted {
            problems.push(format!("accepted {} != {}", report.accepted(), want_accepted));
        }
        if report.http_status() != want_status {
            problems.push(format!("status {} != {}", report.http_status(), want_status));
        }
        // Exactly, lone surrogates included (the oracle writes them as
        // `\udXXX` escapes, which the parser restores).
        if report.server_error().map(|s| s.as_wtf8()) != want_error.map(PyStr::as_wtf8) {
            let cut = |s: Option<&PyStr>| s.map(|s| s.to_string_lossy().chars().take(300).collect::<String>());
            problems.push(format!(
                "server_error\n   got: {:?}\n  want: {:?}",
                cut(report.server_error().map(|s| s.to_pystr()).as_ref()),
                cut(want_error)
            ));
        }
        let normalized_same = match (got_normalized.as_ref(), want_normalized) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        };
        if !normalized_same {
            problems.push(format!(
                "normalized\n   got: {}\n  want: {}",
                got_normalized.as_ref().map(Value::repr).unwrap_or_default().chars().take(300).collect::<String>(),
                want_normalized.map(Value::repr).unwrap_or_default().chars().take(300).collect::<String>()
            ));
        }
        if !problems.is_empty() {
            let shown: String = String::from_utf8_lossy(&body).chars().take(160).collect();
            mismatches.push(format!(
                "{id} {tags} mv={:?}\n  body: {shown}\n  {}",
                options.microversion,
                problems.join("\n  ")
            ));
        }
    }
    assert!(total >= 30_000, "corpus has {total} cases");
    let _ = PyStr::from("");
    if !mismatches.is_empty() {
        for m in mismatches.iter().take(25) {
            eprintln!("{m}\n");
        }
        panic!("{} of {total} cases disagree with Cinder", mismatches.len());
    }
}
