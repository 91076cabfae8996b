//! One JSONL input line → one output line (or none for a blank line).
#![no_main]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::jsonl::{check_line, JsonlDefaults};

const DEFAULT_KINDS: [Option<os_volume_manage::Kind>; 3] =
    [None, Some(os_volume_manage::Kind::Volume), Some(os_volume_manage::Kind::Snapshot)];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(line) = std::str::from_utf8(rest) else { return };
    let defaults = JsonlDefaults {
        kind: DEFAULT_KINDS[usize::from(selector % 3)],
        microversion: fuzz_common::MICROVERSIONS[usize::from(selector >> 4)].map(str::to_string),
        endpoint: None,
        unicode_version: None,
    };
    let out = check_line(line, &defaults);
    assert_eq!(out.is_none(), line.trim().is_empty(), "only a blank line gives no output: {line:?}");
    let Some(out) = out.map(|l| l.text) else { return };
    assert!(!out.contains('\n') && !out.is_empty(), "one output line: {out:?}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("the output line is JSON");
    let o = v.as_object().expect("an object");
    let keys: Vec<&str> = o.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["id", "accepted", "http_status", "server_error", "errors", "warnings", "changes", "normalized"],
        "{out}"
    );
    let accepted = o["accepted"].as_bool().expect("accepted is a boolean");
    let errors = o["errors"].as_array().expect("errors is an array");
    assert_eq!(accepted, errors.is_empty(), "{out}");
    match o["http_status"].as_u64() {
        None => {
            assert!(o["http_status"].is_null(), "{out}");
            let code = errors[0]["code"].as_str().expect("a code");
            assert!(code == "invalid_line" || code == "invalid_options", "{out}");
            assert!(o["server_error"].is_null() && !accepted, "{out}");
        }
        Some(202) => assert!(accepted && o["server_error"].is_null() && !o["normalized"].is_null(), "{out}"),
        Some(400 | 404 | 406 | 500) => {
            assert!(!accepted && o["server_error"].is_string() && o["normalized"].is_null(), "{out}")
        }
        Some(other) => panic!("status {other}: {out}"),
    }
});
