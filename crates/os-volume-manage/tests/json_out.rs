//! The report's JSON text: the same as serde's wherever serde can express
//! the value, and exact where it cannot (lone surrogates, big integers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use os_volume_manage::{check_text, Kind, Options, Value};

fn report(body: &str) -> os_volume_manage::Report {
    check_text(Kind::Volume, body.as_bytes(), &Options::default())
}

#[test]
fn same_text_as_serde_for_ordinary_reports() {
    for body in [
        r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "x", "n": [1, 2.5, -0.0, 1e300, true, null]}, "name": " a\"b\\c\n ", "metadata": {"k": "v"}}}"#,
        r#"{"volume": {"host": "a b", "ref": {}, "bootable": "Y", "metadata": {"!": 1}}}"#,
        r#"{"volume": {"host": "h", "ref": {}, "description": "tab\there \u0001 é 😀"}}"#,
        "",
        "[",
    ] {
        let r = report(body);
        assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap(), "{body}");
    }
}

#[test]
fn lone_surrogates_and_big_integers_survive_exactly() {
    let body = r#"{"volume": {"host": "h", "ref": {"big": 123456789012345678901234567890, "s": "\ud800x"}, "name": "\udfff"}}"#;
    let r = report(body);
    assert!(r.accepted());
    let text = r.to_json();
    assert!(text.contains(r#""name":"\udfff""#), "{text}");
    assert!(text.contains(r#""big":123456789012345678901234567890"#), "{text}");
    // Reading the output back with Python's rules gives the very same values.
    let back = Value::parse(text.as_bytes()).unwrap();
    let normalized = back.as_object().unwrap().get("normalized").unwrap();
    assert_eq!(normalized, &r.normalized().unwrap().to_value());
    assert!(r.warnings().iter().all(|w| w.code().as_str() != "lossy_output"));
}

#[test]
fn non_finite_floats_are_null_and_reported() {
    let r = report(r#"{"volume": {"host": "h", "ref": {"a": [NaN, Infinity, -Infinity, 1.5]}}}"#);
    let text = r.to_json();
    assert!(text.contains(r#""ref":{"a":[null,null,null,1.5]}"#), "{text}");
    let lossy: Vec<_> = r.warnings().iter().filter(|w| w.code().as_str() == "lossy_output").collect();
    assert_eq!(lossy.len(), 1);
    assert_eq!(lossy[0].pointer(), "/volume/ref");
}

#[test]
fn deep_values_are_written_without_recursion() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let v = Value::parse_with_max_depth(deep.as_bytes(), 200_000).unwrap();
    // Writing and dropping both work on a 64 KiB stack.
    let text = std::thread::Builder::new().stack_size(64 << 10).spawn(move || v.to_json()).unwrap().join().unwrap();
    assert_eq!(text, deep);
    let _ = Value::Null;
}
