//! Property tests: invariants of every report, and the per-field rules
//! checked against independent statements of them over generated inputs.
#![cfg(not(target_arch = "wasm32"))] // native-only: uses proptest / jsonschema
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use os_volume_manage::jsonl::{check_line, check_line_into, JsonlDefaults};
use os_volume_manage::{check_text, check_value, check_value_owned, Code, Kind, Options, Report, Value as PyValue};
use proptest::prelude::*;
use serde_json::{json, Value};

fn invariants(r: &Report) {
    assert_eq!(r.accepted(), r.errors().is_empty(), "{r:?}");
    if r.accepted() {
        assert_eq!(r.http_status(), 202);
        assert!(r.server_error().is_none() && r.normalized().is_some());
    } else {
        assert!([400, 404, 406, 500].contains(&r.http_status()), "{r:?}");
        assert!(r.server_error().is_some() && r.normalized().is_none() && r.changes().is_empty());
    }
    // The report is always one line of JSON (lone surrogates appear as
    // `\udXXX` escapes, which Python's and JavaScript's parsers accept).
    let line = r.to_json();
    assert!(!line.contains('\n'));
    PyValue::parse(line.as_bytes()).unwrap();
}

/// Python's `str.isspace()`, restated: the characters `str.strip()` removes
/// (the bidi classes WS, B and S and the Zs spaces).
fn py_is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Whether a description of just `c` (between two letters) is accepted.
fn description_char_passes(c: char) -> bool {
    let body = json!({"volume": {"host": "h", "ref": {}, "description": format!("a{c}b")}});
    check_text(Kind::Volume, body.to_string().as_bytes(), &Options::default()).accepted()
}

fn opts(mv: Option<String>) -> Options {
    Options { microversion: mv, ..Options::default() }
}

fn microversion() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (0u32..5, 0u32..80).prop_map(|(a, b)| Some(format!("{a}.{b}"))),
        Just(Some("latest".to_string())),
        Just(Some("volume 3.16".to_string())),
        "[ -~]{0,8}".prop_map(Some),
    ]
}

/// JSON-ish text built from fragments that matter to Cinder's parser.
fn jsonish() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"volume\"".to_string()),
        Just("\"snapshot\"".to_string()),
        Just("\"ref\"".to_string()),
        Just("\"host\"".to_string()),
        Just("\"h@b#p\"".to_string()),
        Just("\"\\ud800\"".to_string()),
        Just("NaN".to_string()),
        Just("-Infinity".to_string()),
        Just("1E400".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("\"\\n\"".to_string()),
        Just(" ".to_string()),
        "[0-9]{1,3}",
        "\"[ -~]{0,5}\"",
    ];
    prop::collection::vec(atom, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_get_a_verdict(bytes in prop::collection::vec(any::<u8>(), 0..200), mv in microversion(), snapshot in any::<bool>()) {
        let kind = if snapshot { Kind::Snapshot } else { Kind::Volume };
        invariants(&check_text(kind, &bytes, &opts(mv)));
    }

    #[test]
    fn jsonish_text_gets_a_verdict_and_text_equals_value_path(text in jsonish(), mv in microversion(), snapshot in any::<bool>()) {
        let kind = if snapshot { Kind::Snapshot } else { Kind::Volume };
        let from_text = check_text(kind, text.as_bytes(), &opts(mv.clone()));
        invariants(&from_text);
        if let Ok(value) = PyValue::parse(text.as_bytes()) {
            prop_assert_eq!(&check_value(kind, &value, &opts(mv.clone())), &from_text);
            // Handing the value over (its members move) changes nothing.
            prop_assert_eq!(&check_value_owned(kind, value, &opts(mv)), &from_text);
        }
    }

    #[test]
    fn name_length_counts_code_points(s in "\\PC{0,300}") {
        let body = json!({"volume": {"host": "h", "ref": {}, "name": s}});
        let r = check_text(Kind::Volume, body.to_string().as_bytes(), &Options::default());
        prop_assert_eq!(r.accepted(), s.chars().count() <= 255, "{:?}", r.errors());
    }

    #[test]
    fn description_rule(s in prop_oneof!["\\PC{0,20}", "[\\x00-\\x{3000}]{0,6}", "[ -~]{0,10}\n{0,2}"]) {
        let body = json!({"volume": {"host": "h", "ref": {}, "description": s}});
        let r = check_text(Kind::Volume, body.to_string().as_bytes(), &Options::default());
        let body_chars: Vec<char> = s.strip_suffix('\n').unwrap_or(&s).chars().collect();
        // The rule is per character: the text passes exactly when each of
        // its characters passes alone.
        let printable = body_chars.iter().all(|&c| description_char_passes(c));
        prop_assert_eq!(r.accepted(), printable && s.chars().count() <= 255, "{:?} {:?}", s, r.errors());
        if r.accepted() {
            let stripped: String = s.trim_matches(py_is_space).to_string();
            let expected = if s.is_empty() { Value::Null } else { Value::String(stripped) };
            prop_assert_eq!(serde_json::to_value(r.normalized().unwrap()).unwrap()["description"].clone(), expected);
        }
    }

    #[test]
    fn bootable_strings(s in prop_oneof!["[A-Za-z01 ]{0,5}", Just("Yes".to_string()), Just("OFF".to_string())]) {
        const ENUM: [&str; 24] = ["True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes", "y", "t",
            "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no", "n", "f"];
        let body = json!({"volume": {"host": "h", "ref": {}, "bootable": s}});
        let r = check_text(Kind::Volume, body.to_string().as_bytes(), &Options::default());
        prop_assert_eq!(r.accepted(), ENUM.contains(&s.as_str()));
        if r.accepted() {
            let truthy = ["1", "t", "true", "on", "y", "yes"].contains(&s.to_lowercase().as_str());
            prop_assert_eq!(serde_json::to_value(r.normalized().unwrap()).unwrap()["bootable"].clone(), json!(truthy));
        }
    }

    #[test]
    fn metadata_keys(k in prop_oneof!["[ -~]{0,4}\n?", "[a-z]{250,257}\n?", "\\PC{1,3}"]) {
        let body = json!({"volume": {"host": "h", "ref": {}, "metadata": {k.clone(): "v"}}});
        let r = check_text(Kind::Volume, body.to_string().as_bytes(), &Options::default());
        let key = k.strip_suffix('\n').unwrap_or(&k);
        let ok = (1..=255).contains(&key.chars().count())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || "-_:. /".contains(c));
        prop_assert_eq!(r.accepted(), ok, "{:?} {:?}", k, r.errors());
        if !ok {
            prop_assert_eq!(r.errors()[0].code(), Code::InvalidMetadataKey);
        }
    }

    #[test]
    fn microversion_rule(major in 0u32..6, minor in 0u32..120, lead0 in any::<bool>()) {
        let text = if lead0 { format!("{major}.0{minor}") } else { format!("{major}.{minor}") };
        let body = br#"{"volume": {"host": "h", "ref": {}}}"#;
        let r = check_text(Kind::Volume, body, &opts(Some(text.clone())));
        let well_formed = major >= 1 && !lead0;
        let in_range = (3, 0) <= (major, minor) && (major, minor) <= (3, 71);
        let status = if !well_formed { 400 } else if in_range || text == "2.0" { 202 } else { 406 };
        prop_assert_eq!(r.http_status(), status, "{}", text);
    }

    #[test]
    fn jsonl_line_equals_library_report(text in jsonish(), mv in microversion(), snapshot in any::<bool>()) {
        let kind = if snapshot { "snapshot" } else { "volume" };
        let case = json!({"id": 7, "kind": kind, "microversion": mv, "body_text": text});
        let line = check_line(&case.to_string(), &JsonlDefaults::default()).unwrap().text;
        let out: Value = serde_json::from_str(&line).unwrap();
        let k = if snapshot { Kind::Snapshot } else { Kind::Volume };
        let report: Value = serde_json::from_str(&check_text(k, text.as_bytes(), &opts(mv)).to_json()).unwrap();
        prop_assert_eq!(&out["id"], &json!(7));
        for field in ["accepted", "http_status", "server_error", "errors", "warnings", "changes", "normalized"] {
            prop_assert_eq!(&out[field], &report[field], "{}", field);
        }
    }

    #[test]
    fn jsonl_lines_appended_to_one_buffer_equal_each_line_alone(
        texts in prop::collection::vec((jsonish(), any::<bool>()), 1..6),
        prefix in "[a-z]{0,3}",
    ) {
        // A case per text, or (second flag) the text itself as the line,
        // which is mostly not a usable case.
        let lines: Vec<String> = texts
            .iter()
            .enumerate()
            .map(|(i, (text, raw))| if *raw { text.clone() } else { json!({"id": i, "body_text": text}).to_string() })
            .collect();
        let defaults = JsonlDefaults::default();
        let (mut appended, mut expected) = (prefix.clone(), prefix.clone());
        for line in &lines {
            let alone = check_line(line, &defaults);
            prop_assert_eq!(check_line_into(line, &defaults, &mut appended), alone.as_ref().map(|l| l.accepted));
            if let Some(alone) = alone {
                expected.push_str(&alone.text);
            }
        }
        prop_assert_eq!(appended, expected);
    }

    #[test]
    fn normalizing_a_normalized_request_changes_nothing(
        name in prop::option::of("[ \\t]{0,2}[a-z]{1,5}[ \\x1f]{0,2}"),
        description in prop::option::of("[ ]{0,2}[a-z]{0,5}\n?"),
        bootable in prop::option::of(prop::sample::select(vec![json!(true), json!("yes"), json!("0"), json!(false)])),
        mv in prop::sample::select(vec!["3.0", "3.16"]),
    ) {
        let mut volume = json!({"host": "h@b#p", "ref": {"source-name": "lv"}});
        if let Some(n) = name { volume["name"] = json!(n); }
        if let Some(d) = description { volume["description"] = json!(d); }
        if let Some(b) = bootable { volume["bootable"] = b; }
        let o = opts(Some(mv.to_string()));
        let first = check_text(Kind::Volume, json!({"volume": volume}).to_string().as_bytes(), &o);
        prop_assert!(first.accepted());
        let mut n = serde_json::to_value(first.normalized().unwrap()).unwrap();
        // A whitespace-only name/description becomes "" and "" becomes null:
        // Cinder's own two-step quirk (`docs/cinder/quirks.md`), the one exception.
        prop_assume!(n["name"] != json!("") && n["description"] != json!(""));
        if mv == "3.0" { n.as_object_mut().unwrap().remove("cluster"); }
        let second = check_text(Kind::Volume, json!({"volume": n.clone()}).to_string().as_bytes(), &o);
        prop_assert!(second.accepted());
        prop_assert!(second.changes().is_empty(), "{:?}", second.changes());
        let mut again = serde_json::to_value(second.normalized().unwrap()).unwrap();
        if mv == "3.0" { again.as_object_mut().unwrap().remove("cluster"); }
        prop_assert_eq!(again, n);
    }
}

/// A line whose Cinder message is longer than the one-pass limit takes the
/// writer's other path (the line is built around the message); appended
/// after other lines, it must still give the same text as alone.
#[test]
fn jsonl_long_message_line_appended_after_others() {
    let long_name = "x".repeat(70_000);
    let long =
        json!({"id": "long", "body": {"volume": {"host": "h@b#p", "ref": {"source-name": "v"}, "name": long_name}}})
            .to_string();
    let short = json!({"id": "short", "body": {"volume": {"host": "h@b#p", "ref": {"source-name": "v"}}}}).to_string();
    let defaults = JsonlDefaults::default();
    let alone = check_line(&long, &defaults).unwrap();
    assert!(!alone.accepted && alone.text.len() > 140_000, "the message echoes the name twice");
    let mut appended = String::new();
    for line in [&short, &long, &short] {
        check_line_into(line, &defaults, &mut appended).unwrap();
        appended.push('\n');
    }
    let short_alone = check_line(&short, &defaults).unwrap().text;
    assert_eq!(appended, format!("{short_alone}\n{}\n{short_alone}\n", alone.text));
}

/// A JSONL body is judged without a depth walk because the line's parse
/// limit bounds it: around Cinder's limit, a body gets the same status as
/// the same body sent as text, and one level beyond it the line itself is
/// refused.
#[test]
fn jsonl_body_at_the_depth_limit() {
    let defaults = JsonlDefaults::default();
    for depth in [
        os_volume_manage::limits::MAX_BODY_DEPTH - 1,
        os_volume_manage::limits::MAX_BODY_DEPTH,
        os_volume_manage::limits::MAX_BODY_DEPTH + 1,
    ] {
        // body, volume, ref, then arrays.
        let arrays = depth - 3;
        let body = format!(
            r#"{{"volume": {{"host": "h@b#p", "ref": {{"source-name": "x", "d": {}{}}}}}}}"#,
            "[".repeat(arrays),
            "]".repeat(arrays)
        );
        assert_eq!(
            PyValue::parse(body.as_bytes()).map(|v| v.nesting_depth()).ok(),
            (depth <= os_volume_manage::limits::MAX_BODY_DEPTH).then_some(depth)
        );
        let line = format!(r#"{{"id": 1, "body": {body}}}"#);
        let out: Value = serde_json::from_str(&check_line(&line, &defaults).unwrap().text).unwrap();
        let text_status = check_text(Kind::Volume, body.as_bytes(), &opts(None)).http_status();
        if depth <= os_volume_manage::limits::MAX_BODY_DEPTH {
            assert_eq!(out["http_status"], json!(text_status), "depth {depth}");
            let report = check_text(Kind::Volume, body.as_bytes(), &opts(None)).to_json();
            let report: Value = serde_json::from_str(&report).unwrap();
            assert_eq!(out["errors"], report["errors"], "depth {depth}");
        } else {
            assert_eq!(text_status, 500);
            assert_eq!(out["http_status"], Value::Null, "depth {depth}: the line is over its limit");
            assert_eq!(out["errors"][0]["code"], json!("invalid_line"));
        }
    }
}
