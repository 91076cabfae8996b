//! The WebAssembly exports (`src/wasm.rs`), run by wasm-bindgen-test in Node
//! (`cargo test --target wasm32-unknown-unknown --features wasm --test wasm`)
//! and in headless Chromium (the same with `WASM_BINDGEN_USE_BROWSER=1`).
//!
//! Exact outputs where Cinder's answer is fixed (the api-ref samples, fault
//! texts), and "the export answers exactly what the core answers" for the
//! rest, so a wording change in the core does not break the binding tests.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::wasm::{
    check_bytes_js, check_jsonl_line_js, check_text_js, cli_check_file, trap_for_tests, version,
};
use os_volume_manage::{check_text, Kind, Options};
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const VOLUME_SAMPLE: &str = include_str!("fixtures/api-ref/volume-manage-request.json");
const CLUSTER_SAMPLE: &str = include_str!("fixtures/api-ref/volume-manage-request-cluster.json");
const SNAPSHOT_SAMPLE: &str = include_str!("fixtures/api-ref/snapshot-manage-request.json");

const VOLUME_SAMPLE_REPORT: &str = concat!(
    r#"{"accepted":true,"http_status":202,"server_error":null,"errors":[],"warnings":[],"changes":[],"#,
    r#""normalized":{"name":"New Volume","description":"Volume imported from existingLV","bootable":true,"#,
    r#""metadata":{"key1":"value1","key2":"value2"},"availability_zone":"az2","volume_type":null,"#,
    r#""host":"geraint-VirtualBox","cluster":null,"ref":{"source-name":"existingLV","source-id":"1234"}}}"#
);
const CLUSTER_SAMPLE_REPORT: &str = concat!(
    r#"{"accepted":true,"http_status":202,"server_error":null,"errors":[],"warnings":[],"changes":[],"#,
    r#""normalized":{"name":"New Volume","description":"Volume imported from existingLV","bootable":true,"#,
    r#""metadata":{"key1":"value1","key2":"value2"},"availability_zone":"az2","volume_type":null,"#,
    r#""host":null,"cluster":"cluster@backend","ref":{"source-name":"existingLV","source-id":"1234"}}}"#
);
const SNAPSHOT_SAMPLE_REPORT: &str = concat!(
    r#"{"accepted":true,"http_status":202,"server_error":null,"errors":[],"warnings":[],"changes":[],"#,
    r#""normalized":{"name":null,"description":null,"metadata":null,"#,
    r#""volume_id":"1df34919-aba7-4a1b-a614-3b409d71ac03","ref":{"source-name":"lvol0"}}}"#
);

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// The message of the `Error` a `JsError` becomes in JS.
fn message(e: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(e);
    js_sys::Reflect::get(&value, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}

fn parsed(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

fn first_code(report: &Value) -> String {
    report["errors"][0]["code"].as_str().unwrap_or("").to_string()
}

#[wasm_bindgen_test]
fn api_ref_samples_are_accepted_exactly() {
    assert_eq!(check_text_js("volume", VOLUME_SAMPLE, None, None, None).unwrap(), VOLUME_SAMPLE_REPORT);
    assert_eq!(check_text_js("volume", VOLUME_SAMPLE, s("latest"), None, None).unwrap(), VOLUME_SAMPLE_REPORT);
    assert_eq!(
        check_text_js("volume", VOLUME_SAMPLE, s("3.8"), s("manageable_volumes"), s("16.0")).unwrap(),
        VOLUME_SAMPLE_REPORT
    );
    assert_eq!(check_text_js("volume", CLUSTER_SAMPLE, s("3.16"), None, None).unwrap(), CLUSTER_SAMPLE_REPORT);
    assert_eq!(check_text_js("snapshot", SNAPSHOT_SAMPLE, None, None, None).unwrap(), SNAPSHOT_SAMPLE_REPORT);
    assert_eq!(
        check_bytes_js("snapshot", SNAPSHOT_SAMPLE.as_bytes(), s("volume 3.71"), s("manageable_snapshots"), None)
            .unwrap(),
        SNAPSHOT_SAMPLE_REPORT
    );
}

#[wasm_bindgen_test]
fn cluster_sample_is_rejected_below_3_16_with_cinders_text() {
    let r = parsed(&check_text_js("volume", CLUSTER_SAMPLE, s("3.15"), None, None).unwrap());
    assert_eq!(r["accepted"], false);
    assert_eq!(r["http_status"], 400);
    assert_eq!(first_code(&r), "unexpected_property");
    assert_eq!(r["errors"][0]["pointer"], "/volume/cluster");
    let fault = r["server_error"].as_str().unwrap_or("");
    assert!(fault.starts_with("Invalid input for field/attribute volume. Value: {'host': None, 'cluster': 'cluster@backend',"), "{fault}");
    assert!(fault.ends_with("Additional properties are not allowed ('cluster' was unexpected)"), "{fault}");
    assert_eq!(r["normalized"], Value::Null);
}

#[wasm_bindgen_test]
fn transport_verdicts() {
    let empty = parsed(&check_text_js("volume", "", None, None, None).unwrap());
    assert_eq!((empty["http_status"].as_u64(), first_code(&empty).as_str()), (Some(500), "body_empty"));
    let bad = parsed(&check_text_js("volume", "{", None, None, None).unwrap());
    assert_eq!((bad["http_status"].as_u64(), first_code(&bad).as_str()), (Some(400), "body_malformed"));
    let not_utf8 = parsed(&check_bytes_js("volume", b"{\"volume\": \"\xff\"}", None, None, None).unwrap());
    assert_eq!((not_utf8["http_status"].as_u64(), first_code(&not_utf8).as_str()), (Some(400), "body_malformed"));
}

#[wasm_bindgen_test]
fn microversion_problems_are_verdicts_not_errors() {
    for (mv, status, code) in [
        ("3.72", 406, "microversion_not_supported"),
        ("1.0", 406, "microversion_not_supported"),
        ("3.01", 400, "microversion_invalid_format"),
        ("compute 2.1", 400, "microversion_header_invalid"),
        ("volume 3.16 extra", 500, "microversion_header_invalid"),
    ] {
        let r = parsed(&check_text_js("volume", VOLUME_SAMPLE, s(mv), None, None).unwrap());
        assert_eq!((r["http_status"].as_u64(), first_code(&r)), (Some(status), code.to_string()), "{mv:?}");
    }
    let r = parsed(&check_text_js("volume", VOLUME_SAMPLE, s("3.7"), s("manageable_volumes"), None).unwrap());
    assert_eq!((r["http_status"].as_u64(), first_code(&r).as_str()), (Some(404), "endpoint_unavailable"));
}

#[wasm_bindgen_test]
fn misuse_is_an_error_with_a_clear_message() {
    let m = message(check_text_js("volume", "{}", None, s("os-volume-manag"), None).unwrap_err());
    assert!(m.starts_with("unknown endpoint \"os-volume-manag\""), "{m}");
    let m = message(check_text_js("volume", "{}", None, s("os-snapshot-manage"), None).unwrap_err());
    assert_eq!(m, "endpoint \"os-snapshot-manage\" takes snapshot requests, not volume requests");
    let m = message(check_bytes_js("snapshot", b"{}", None, None, s("13.0")).unwrap_err());
    assert!(m.starts_with("unknown Unicode version \"13.0\""), "{m}");
    let m = message(check_text_js("volumes", "{}", None, None, None).unwrap_err());
    assert_eq!(m, "unknown kind \"volumes\": expected \"volume\" or \"snapshot\"");
    let m = message(check_jsonl_line_js("{}", s("disk"), None, None, None).unwrap_err());
    assert_eq!(m, "unknown kind \"disk\": expected \"volume\" or \"snapshot\"");
}

/// The exports are a thin layer: they answer exactly what the core answers.
#[wasm_bindgen_test]
fn exports_answer_what_the_core_answers() {
    let bodies: &[&[u8]] = &[
        VOLUME_SAMPLE.as_bytes(),
        CLUSTER_SAMPLE.as_bytes(),
        SNAPSHOT_SAMPLE.as_bytes(),
        b"",
        b"   ",
        b"null",
        b"[]",
        b"{\"volume\": {\"host\": \"h@b#p\", \"ref\": {\"source-name\": \"x\"}, \"name\": NaN}}",
        b"{\"volume\": {\"host\": \"h\", \"host\": \"h@b\", \"ref\": {}, \"description\": \"\\ud800\"}}",
        b"{\"volume\": {\"host\": \"h\", \"ref\": {}, \"bootable\": \"Yes\", \"metadata\": {\"k\": \"v\"}}}",
        b"{\"snapshot\": {\"volume_id\": \"1DF34919ABA74A1BA6143B409D71AC03\", \"ref\": {}, \"type\": 1}}",
        b"{\"volume\": {\"name\": \"\xc3\xa9t\xc3\xa9 \xe2\x80\xae\", \"host\": \" h \", \"ref\": \"x\"}}",
    ];
    let options: &[(Option<&str>, Option<&str>, Option<&str>)] = &[
        (None, None, None),
        (Some("3.16"), None, None),
        (Some("latest"), None, Some("15.1")),
        (Some("2.0"), None, None),
        (Some("volume 3.8"), Some("manageable"), None),
    ];
    for kind in ["volume", "snapshot"] {
        let k = Kind::parse(kind).unwrap();
        for body in bodies {
            for &(mv, endpoint, uv) in options {
                let endpoint = endpoint.map(|e| format!("{e}_{kind}s"));
                let expected = Options::from_text(k, mv, endpoint.as_deref(), uv)
                    .map(|o| check_text(k, body, &o).to_json())
                    .unwrap();
                let got = check_bytes_js(kind, body, mv.map(str::to_string), endpoint.clone(), uv.map(str::to_string));
                assert_eq!(got.unwrap(), expected, "{kind} {body:?} {mv:?} {endpoint:?} {uv:?}");
                if let Ok(text) = std::str::from_utf8(body) {
                    let got = check_text_js(kind, text, mv.map(str::to_string), endpoint.clone(), uv.map(str::to_string));
                    assert_eq!(got.unwrap(), expected);
                }
            }
        }
    }
}

#[wasm_bindgen_test]
fn jsonl_lines_match_the_core() {
    let defaults = |kind: Option<&str>| JsonlDefaults {
        kind: kind.and_then(Kind::parse),
        microversion: s("3.16"),
        endpoint: None,
        unicode_version: None,
    };
    let lines = [
        format!(r#"{{"id": 1, "body": {}}}"#, VOLUME_SAMPLE.replace('\n', " ")),
        format!(r#"{{"id": "s", "body": {}, "microversion": "3.71"}}"#, SNAPSHOT_SAMPLE.replace('\n', " ")),
        r#"{"id": [1], "body_text": "{\"volume\": {}}", "endpoint": "manageable_volumes"}"#.to_string(),
        r#"{"id": 2, "body": {}, "body_text": "{}"}"#.to_string(),
        r#"{"id": 3, "body": {}, "endpoint": "nowhere"}"#.to_string(),
        "not json".to_string(),
        "[]".to_string(),
    ];
    for kind in [None, Some("volume"), Some("snapshot")] {
        for line in &lines {
            let got = check_jsonl_line_js(line, kind.map(str::to_string), s("3.16"), None, None).unwrap();
            assert_eq!(got, check_line(line, &defaults(kind)).map(|l| l.text));
            assert!(got.is_some());
        }
        assert_eq!(check_jsonl_line_js("", kind.map(str::to_string), None, None, None).unwrap(), None);
        assert_eq!(check_jsonl_line_js(" \t ", kind.map(str::to_string), None, None, None).unwrap(), None);
    }
    let line = format!(r#"{{"id": 7, "body": {}}}"#, VOLUME_SAMPLE.replace('\n', " "));
    let got = check_jsonl_line_js(&line, None, None, None, None).unwrap().unwrap();
    assert_eq!(got, VOLUME_SAMPLE_REPORT.replacen("{\"accepted\"", "{\"id\":7,\"accepted\"", 1));
    let bad = parsed(&check_jsonl_line_js("nope", None, None, None, None).unwrap().unwrap());
    assert_eq!((bad["http_status"].clone(), first_code(&bad).as_str()), (Value::Null, "invalid_line"));
}

#[wasm_bindgen_test]
fn cli_file_check_prints_like_the_native_cli() {
    let out = parsed(&cli_check_file("sample.json", VOLUME_SAMPLE.as_bytes(), None, None, None, None, false).unwrap());
    assert_eq!(out["accepted"], true);
    let expected = format!(
        "sample.json: accepted (HTTP 202)\n  normalized: {}\n",
        &VOLUME_SAMPLE_REPORT[VOLUME_SAMPLE_REPORT.find("\"normalized\":").unwrap() + 13..VOLUME_SAMPLE_REPORT.len() - 1]
    );
    assert_eq!(out["output"], expected.as_str());
    // The kind comes from the body when no flag says.
    let out = parsed(&cli_check_file("-", SNAPSHOT_SAMPLE.as_bytes(), None, None, None, None, true).unwrap());
    assert_eq!(out["output"], format!("{SNAPSHOT_SAMPLE_REPORT}\n").as_str());
    let out = parsed(&cli_check_file("x", b"{\"volume\": {}}", None, s("3.0"), None, None, false).unwrap());
    assert_eq!(out["accepted"], false);
    let text = out["output"].as_str().unwrap_or("");
    assert!(text.starts_with("x: rejected (HTTP 400)\n  Cinder says: Invalid input for field/attribute volume. Value: {}. 'ref' is a required property\n  error   /volume/ref [required] "), "{text}");
    let m = message(cli_check_file("x", b"{}", None, None, s("nowhere"), None, false).unwrap_err());
    assert!(m.starts_with("unknown endpoint \"nowhere\""), "{m}");
}

#[wasm_bindgen_test]
fn hostile_sizes_get_a_verdict() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let r = parsed(&check_text_js("volume", &deep, None, None, None).unwrap());
    assert_eq!(r["accepted"], false);
    let deep_object = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let r = parsed(&check_text_js("snapshot", &deep_object, None, None, None).unwrap());
    assert_eq!(r["accepted"], false);
    let long = format!(r#"{{"volume": {{"host": "h", "ref": {{}}, "name": "{}"}}}}"#, "x".repeat(4 << 20));
    let r = parsed(&check_text_js("volume", &long, None, None, None).unwrap());
    assert_eq!((r["http_status"].as_u64(), first_code(&r).as_str()), (Some(400), "too_long"));
    // Still answering afterwards.
    assert_eq!(check_text_js("volume", VOLUME_SAMPLE, None, None, None).unwrap(), VOLUME_SAMPLE_REPORT);
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

/// The trap helper exists for the JS tests; here only that it links.
#[wasm_bindgen_test]
fn trap_helper_is_exported() {
    let f: fn() = trap_for_tests;
    let _ = f;
}
