//! Cinder's error texts quote values with Python's `repr()`, which writes a
//! character literally only if the server Python's Unicode data calls it
//! printable: `server_error` follows `Options::unicode_version` (Python 3.11
//! = 14.0 escapes U+0CF3 as `\u0cf3`, Python 3.12 = 15.0 prints it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use os_volume_manage::{check_text, Kind, Options, Report, UnicodeVersion};
use serde_json::Value as Json;

fn check(v: UnicodeVersion, body: &str) -> Report {
    check_text(Kind::Volume, body.as_bytes(), &Options { unicode_version: v, ..Options::default() })
}

fn server_error(r: &Report) -> String {
    assert!(!r.accepted(), "{r:#?}");
    r.server_error().unwrap().to_string()
}

/// The description pattern's repr as each version's Python prints it
/// (written by `scripts/gen_unicode_tables.py`).
fn pattern_repr(v: UnicodeVersion) -> String {
    let path = format!("{}/../../tests/fixtures/unicode/description-patterns.json", env!("CARGO_MANIFEST_DIR"));
    let fixture: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fixture["versions"][format!("{}.0", v.as_str())]["repr"].as_str().unwrap().to_string()
}

/// `c` as repr() writes it in `v`: literally from version `since` on, else
/// escaped.
fn shown(c: char, since: UnicodeVersion, v: UnicodeVersion) -> String {
    let cp = u32::from(c);
    match () {
        _ if v >= since => c.to_string(),
        _ if cp <= 0xFFFF => format!("\\u{cp:04x}"),
        _ => format!("\\U{cp:08x}"),
    }
}

const BASE: &str = r#""host": "h@b#p", "ref": {"source-name": "x"}"#;

/// Characters assigned in 15.0 (BMP and astral), 15.1 and 16.0.
const NEW: [(char, UnicodeVersion); 5] = [
    ('\u{0CF3}', UnicodeVersion::V15_0),
    ('\u{1FAE8}', UnicodeVersion::V15_0),
    ('\u{31EF}', UnicodeVersion::V15_1),
    ('\u{2EBF0}', UnicodeVersion::V15_1),
    ('\u{1CC00}', UnicodeVersion::V16_0),
];

#[test]
fn description_u0cf3_is_quoted_literally_from_unicode_15() {
    // A tab makes the description invalid in every version.
    let body = format!(r#"{{"volume": {{{BASE}, "description": "\u0cf3\t"}}}}"#);
    let r14 = check(UnicodeVersion::V14_0, &body);
    assert_eq!(
        server_error(&r14),
        format!(
            "Invalid input for field/attribute description. Value: \u{0CF3}\t. '\\u0cf3\\t' does not match {}",
            pattern_repr(UnicodeVersion::V14_0)
        )
    );
    let r15 = check(UnicodeVersion::V15_0, &body);
    assert_eq!(
        server_error(&r15),
        format!(
            "Invalid input for field/attribute description. Value: \u{0CF3}\t. '\u{0CF3}\\t' does not match {}",
            pattern_repr(UnicodeVersion::V15_0)
        )
    );
    // The default is Python 3.11.
    assert_eq!(server_error(&check(UnicodeVersion::default(), &body)), server_error(&r14));
}

#[test]
fn every_repr_of_the_error_text_follows_the_version() {
    for (c, since) in NEW {
        for v in UnicodeVersion::ALL {
            let s = shown(c, since, v);
            // maxLength: the value's repr.
            let long = c.to_string().repeat(256);
            let r = check(v, &format!(r#"{{"volume": {{{BASE}, "name": "{long}"}}}}"#));
            assert_eq!(
                server_error(&r),
                format!("Invalid input for field/attribute name. Value: {long}. '{}' is too long", s.repeat(256)),
                "U+{:04X} in {}",
                u32::from(c),
                v.as_str()
            );
            // A metadata key outside the key pattern: the dict's str() and the key's repr.
            let r = check(v, &format!(r#"{{"volume": {{{BASE}, "metadata": {{"{c}": "x"}}}}}}"#));
            assert_eq!(
                server_error(&r),
                format!(
                    "Invalid input for field/attribute metadata. Value: {{'{s}': 'x'}}. '{s}' does not match any \
                     of the regexes: '^[a-zA-Z0-9-_:. /]{{1,255}}$'"
                ),
                "U+{:04X} in {}",
                u32::from(c),
                v.as_str()
            );
            // A wrong type: the repr of a list.
            let r = check(v, &format!(r#"{{"volume": {{{BASE}, "bootable": ["{c}"]}}}}"#));
            assert_eq!(
                server_error(&r),
                format!(
                    "Invalid input for field/attribute bootable. Value: ['{s}']. ['{s}'] is not of type 'boolean', \
                     'string'"
                ),
                "U+{:04X} in {}",
                u32::from(c),
                v.as_str()
            );
        }
    }
}

#[test]
fn unexpected_property_names_follow_the_version() {
    for v in UnicodeVersion::ALL {
        let s = shown('\u{0CF3}', UnicodeVersion::V15_0, v);
        let r = check(v, &format!(r#"{{"volume": {{{BASE}}}, "\u0cf3": 1}}"#));
        assert_eq!(server_error(&r), format!("Additional properties are not allowed ('{s}' was unexpected)"));
    }
}
