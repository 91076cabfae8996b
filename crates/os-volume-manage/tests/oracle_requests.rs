//! 6,965 whole HTTP requests judged by Cinder 29.0.0's real paste pipeline
//! (`scripts/oracle/http_oracle.py`, see tests/fixtures/oracle/README.md,
//! "Request-level cases"): `check_request` must give the same `accepted`,
//! `http_status`, `server_error` (byte for byte), `normalized`, and the
//! same answer (status line, Content-Type, `OpenStack-API-Version`, body),
//! under the WSGI-container model (`requests.jsonl`) and under cinder-api's
//! eventlet server (`requests-eventlet.jsonl`, the answers that differ).
//!
//! Not modelled, so not replayed: the cases tagged `auth` (the `noauth`
//! strategy's own answers: 204 without a token, `X-Service-Catalog`, a token
//! for another project). Under Keystone, the default, those headers are
//! replaced or refused by keystonemiddleware before Cinder reads anything.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::HashMap;
mod common;

use std::io::BufRead;

use common::{base64_decode, same, text};

use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::{check_request, Endpoint, Int, Options, PyStr, Request, ServerModel, Value};

fn fixture(name: &str) -> String {
    format!("{}/../../tests/fixtures/oracle/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn lines(path: &str) -> Vec<Value> {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    file.lines().map(|l| Value::parse_with_max_depth(l.unwrap().as_bytes(), 10_000).unwrap()).collect()
}

/// The request a fixture case describes: its header fields in order (a list
/// value is a repeated name; values are ISO-8859-1), its body bytes.
fn request_of(case: &os_volume_manage::Object) -> Request {
    let mut builder = Request::builder();
    for (name, value) in case.get("headers").unwrap().as_object().unwrap().iter() {
        let values = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for v in values {
            let bytes: Vec<u8> = v.as_pystr().unwrap().code_points().map(|cp| u8::try_from(cp).unwrap()).collect();
            builder = builder.header(name.as_str().unwrap(), bytes);
        }
    }
    let body = match (case.get("body_text"), case.get("body_b64")) {
        (Some(Value::Str(t)), _) => t.as_wtf8().to_vec(),
        (_, Some(Value::Str(b))) => base64_decode(b.as_str().unwrap()),
        _ => panic!("no body"),
    };
    builder.body(body).build().unwrap()
}

fn tags(case: &os_volume_manage::Object) -> Vec<String> {
    match case.get("tags") {
        Some(Value::Array(items)) => items.iter().filter_map(|t| text(Some(t))).collect(),
        _ => Vec::new(),
    }
}

/// The differences between the report and the oracle's answer.
fn compare(case: &os_volume_manage::Object, expected: &os_volume_manage::Object, server: ServerModel) -> Vec<String> {
    let endpoint = Endpoint::parse(&text(case.get("endpoint")).unwrap()).unwrap();
    let mut options = Options { server, ..Options::default() };
    if let Some(Value::Int(Int::Small(n))) = case.get("max_request_body_size") {
        options.max_request_body_size = Some(*n);
    }
    let report = check_request(endpoint, &request_of(case), &options);
    let mut problems = Vec::new();
    let want_accepted = matches!(expected.get("accepted"), Some(Value::Bool(true)));
    let want_status = match expected.get("http_status") {
        Some(Value::Int(Int::Small(n))) => *n as u16,
        other => panic!("status {other:?}"),
    };
    if report.accepted() != want_accepted {
        problems.push(format!("accepted {} != {}", report.accepted(), want_accepted));
    }
    if report.http_status() != want_status {
        problems.push(format!("status {} != {}", report.http_status(), want_status));
    }
    let want_error = expected.get("server_error").and_then(Value::as_pystr);
    if report.server_error().map(|s| s.as_wtf8()) != want_error.map(PyStr::as_wtf8) {
        problems.push(format!(
            "server_error {:?} != {:?}",
            report.server_error().map(|s| s.to_string()),
            want_error.map(PyStr::to_string_lossy)
        ));
    }
    let got_normalized = report.normalized().map(|n| n.to_value());
    let want_normalized = expected.get("normalized").filter(|v| !matches!(v, Value::Null));
    let normalized_same = match (got_normalized.as_ref(), want_normalized) {
        (Some(a), Some(b)) => same(a, b),
        (None, None) => true,
        _ => false,
    };
    if !normalized_same {
        problems.push("normalized differs".into());
    }
    // The answer's bytes.
    let response = report.response().unwrap();
    if response.status_line().map(str::to_string) != text(expected.get("status")) {
        problems.push(format!("status line {:?} != {:?}", response.status_line(), text(expected.get("status"))));
    }
    if response.content_type().map(str::to_string) != text(expected.get("content_type")) {
        problems.push(format!(
            "content type {:?} != {:?}",
            response.content_type(),
            text(expected.get("content_type"))
        ));
    }
    let want_body = match (expected.get("body_text"), expected.get("body_b64")) {
        (Some(Value::Str(t)), _) => Some(t.as_wtf8().to_vec()),
        (_, Some(Value::Str(b))) => Some(base64_decode(b.as_str().unwrap())),
        _ => None,
    };
    if response.body().map(<[u8]>::to_vec) != want_body {
        problems.push(format!(
            "body {:?} != {:?}",
            response.body().map(String::from_utf8_lossy),
            want_body.as_deref().map(String::from_utf8_lossy)
        ));
    }
    let want_version = match expected.get("headers") {
        Some(Value::Array(pairs)) => pairs.iter().find_map(|p| match p {
            Value::Array(nv) if text(nv.first()).is_some_and(|n| n.eq_ignore_ascii_case("openstack-api-version")) => {
                text(nv.get(1))
            }
            _ => None,
        }),
        _ => None,
    };
    if response.api_version().map(str::to_string) != want_version {
        problems.push(format!("OpenStack-API-Version {:?} != {:?}", response.api_version(), want_version));
    }
    problems
}

/// Replays every modelled case of `cases` (lines with `expected`) under
/// `server`; under eventlet, `eventlet` holds `{"id", "expected"}` lines that
/// replace the expectations of their cases. Returns (checked, skipped).
fn replay(cases: &str, eventlet: &str, server: ServerModel) -> (usize, usize) {
    let eventlet: HashMap<String, Value> = if server == ServerModel::Eventlet {
        lines(eventlet)
            .into_iter()
            .map(|v| {
                let o = v.as_object().unwrap();
                (text(o.get("id")).unwrap(), o.get("expected").unwrap().clone())
            })
            .collect()
    } else {
        HashMap::new()
    };
    let (mut checked, mut skipped) = (0, 0);
    let mut mismatches = Vec::new();
    for case in lines(cases) {
        let case = case.as_object().unwrap();
        let tags = tags(case);
        if tags.iter().any(|t| t == "auth") {
            skipped += 1;
            continue;
        }
        let id = text(case.get("id")).unwrap();
        let expected = eventlet.get(&id).unwrap_or_else(|| case.get("expected").unwrap());
        checked += 1;
        let problems = compare(case, expected.as_object().unwrap(), server);
        if !problems.is_empty() {
            mismatches.push(format!(
                "{id} {tags:?} {:?}\n  {}",
                text(case.get("body_text")).map(|b| b.chars().take(80).collect::<String>()),
                problems.join("\n  ")
            ));
        }
    }
    if !mismatches.is_empty() {
        for m in mismatches.iter().take(30) {
            eprintln!("{m}\n");
        }
        panic!("{} of {checked} cases disagree with Cinder ({server:?})", mismatches.len());
    }
    (checked, skipped)
}

#[test]
fn agrees_with_cinder_behind_a_wsgi_container() {
    let (checked, skipped) = replay(&fixture("requests.jsonl"), "", ServerModel::Wsgi);
    assert_eq!((checked, skipped), (6965 - 18, 18), "the fixture changed");
}

#[test]
fn agrees_with_cinder_behind_eventlet() {
    let (checked, skipped) =
        replay(&fixture("requests.jsonl"), &fixture("requests-eventlet.jsonl"), ServerModel::Eventlet);
    assert_eq!((checked, skipped), (6965 - 18, 18), "the fixture changed");
}

/// `requests-edge.jsonl`: 596 corners of the rules (`gen_http_edge_cases.py`:
/// Accept grammar, version header characters, Content-Type details, form
/// and multipart bodies, repeated fields, limits around forms), judged by
/// both servers.
#[test]
fn agrees_with_cinder_on_the_edge_cases() {
    let cases = fixture("requests-edge.jsonl");
    assert_eq!(replay(&cases, "", ServerModel::Wsgi), (596, 0), "the fixture changed");
    let eventlet = fixture("requests-edge-eventlet.jsonl");
    assert_eq!(replay(&cases, &eventlet, ServerModel::Eventlet), (596, 0), "the fixture changed");
}

/// A batch judged by the oracle and not committed (a held-out batch with
/// another seed): `OSVM_REQUESTS=judged.jsonl OSVM_REQUESTS_EVENTLET=ev.jsonl
/// cargo test --test oracle_requests -- --ignored` (see the fixture README).
#[test]
#[ignore = "needs a batch judged by scripts/oracle/http_oracle.py"]
fn agrees_with_cinder_on_another_batch() {
    let cases = std::env::var("OSVM_REQUESTS").expect("OSVM_REQUESTS=<cases judged with --merge>");
    let (checked, skipped) = replay(&cases, "", ServerModel::Wsgi);
    eprintln!("WSGI container: {checked} cases agree, {skipped} noauth cases left out");
    if let Ok(eventlet) = std::env::var("OSVM_REQUESTS_EVENTLET") {
        let (checked, skipped) = replay(&cases, &eventlet, ServerModel::Eventlet);
        eprintln!("eventlet: {checked} cases agree, {skipped} noauth cases left out");
    }
}

/// The fixture file is JSONL input as it is: every line's output equals the
/// report `check_request` gives, and no line is refused.
#[test]
fn fixture_lines_are_jsonl_input() {
    for case in lines(&fixture("requests.jsonl")) {
        let case = case.as_object().unwrap();
        let json = os_volume_manage::Value::Object(case.clone()).to_json();
        let out = check_line(&json, &JsonlDefaults::default()).unwrap();
        let out = Value::parse_with_max_depth(out.text.as_bytes(), 10_000).unwrap();
        let out = out.as_object().unwrap();
        let endpoint = Endpoint::parse(&text(case.get("endpoint")).unwrap()).unwrap();
        let mut options = Options::default();
        if let Some(Value::Int(Int::Small(n))) = case.get("max_request_body_size") {
            options.max_request_body_size = Some(*n);
        }
        let report = check_request(endpoint, &request_of(case), &options);
        let direct = Value::parse(report.to_json().as_bytes()).unwrap();
        let mut direct = direct.as_object().unwrap().clone();
        direct.insert(PyStr::from("id"), case.get("id").unwrap().clone());
        for (key, value) in direct.iter() {
            assert!(
                out.get(&key.to_string_lossy()).is_some_and(|v| same(v, value)),
                "{:?}: {key:?} differs",
                case.get("id")
            );
        }
        assert_eq!(out.len(), direct.len());
    }
}
