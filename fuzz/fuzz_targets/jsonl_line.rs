//! One JSONL input line → one output line (or none for a blank line).
#![no_main]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a fuzz target: a panic is how it reports a failure")]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::{Int, Value};

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
        ..JsonlDefaults::default()
    };
    let out = check_line(line, &defaults);
    assert_eq!(out.is_none(), line.trim().is_empty(), "only a blank line gives no output: {line:?}");
    let Some(out) = out.map(|l| l.text) else { return };
    assert!(!out.contains('\n') && !out.is_empty(), "one output line: {out:?}");
    // The crate's own Python-compatible parser: the line may carry lone
    // surrogates as `\udXXX` escapes (JSON.parse and Python take them;
    // serde_json refuses them).
    let v = os_volume_manage::Value::parse(out.as_bytes()).expect("the output line is JSON");
    let o = v.as_object().expect("an object");
    let keys: Vec<String> = o.keys().map(|k| k.to_string_lossy()).collect();
    // A line with "headers" (a whole request) also gets the answer.
    let members = ["id", "accepted", "http_status", "server_error", "errors", "warnings", "changes", "normalized"];
    let whole_request = keys.len() == members.len() + 1 && keys.last().is_some_and(|k| k == "response");
    assert_eq!(&keys[..members.len().min(keys.len())], members, "{out}");
    assert!(keys.len() == members.len() || whole_request, "{out}");
    let member = |k: &str| o.get(k).expect("a member");
    let is_null = |k: &str| matches!(member(k), Value::Null);
    let Value::Bool(accepted) = *member("accepted") else { panic!("accepted is a boolean: {out}") };
    let Value::Array(errors) = member("errors") else { panic!("errors is an array: {out}") };
    assert_eq!(accepted, errors.is_empty(), "{out}");
    match member("http_status") {
        Value::Null => {
            let code = errors[0].as_object().and_then(|e| e.get("code")).and_then(Value::as_pystr).expect("a code");
            let code = code.to_string_lossy();
            assert!(code == "invalid_line" || code == "invalid_options", "{out}");
            assert!(is_null("server_error") && !accepted, "{out}");
        }
        Value::Int(Int::Small(202)) => assert!(accepted && is_null("server_error") && !is_null("normalized"), "{out}"),
        Value::Int(Int::Small(400 | 404 | 406 | 413 | 415 | 500)) => {
            // The bare 500 of an unrenderable Accept has no message.
            let bare = whole_request && is_null("server_error");
            assert!(!accepted && (bare || matches!(member("server_error"), Value::Str(_))) && is_null("normalized"), "{out}")
        }
        other => panic!("status {other:?}: {out}"),
    }
});
