//! Every test vector of the spec's section 16, plus the verdict tables of
//! sections 1.2, 3.3, 3.4, 3.5 and 6, as exact expectations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]

use os_volume_manage::{check_text, Code, Endpoint, Kind, Normalized, Options, Report};
use serde_json::{json, Value as Json};

fn opts(mv: Option<&str>) -> Options {
    Options { microversion: mv.map(str::to_string), ..Options::default() }
}

fn vol(mv: Option<&str>, body: &str) -> Report {
    check_text(Kind::Volume, body.as_bytes(), &opts(mv))
}

fn snap(body: &str) -> Report {
    check_text(Kind::Snapshot, body.as_bytes(), &Options::default())
}

/// `V` of section 16 with `field` added or replaced (value as JSON text).
fn v_with(field: &str, value_json: &str) -> String {
    let mut v: Json = json!({"volume": {"host": "h@b#p", "ref": {"source-name": "x"}}});
    v["volume"][field] = serde_json::from_str(value_json).unwrap();
    serde_json::to_string(&v).unwrap()
}

#[track_caller]
fn rejected(r: &Report, status: u16, text: &str) {
    assert!(!r.accepted(), "expected rejection, got {r:#?}");
    assert_eq!(r.http_status(), status, "{r:#?}");
    assert_eq!(r.server_error().map(|s| s.to_string()).as_deref(), Some(text), "{r:#?}");
    assert!(!r.errors().is_empty());
}

#[track_caller]
fn accepted(r: &Report) -> Json {
    assert!(r.accepted(), "expected acceptance, got {r:#?}");
    assert_eq!(r.http_status(), 202);
    assert!(r.errors().is_empty() && r.server_error().is_none());
    serde_json::to_value(r.normalized().as_ref().unwrap()).unwrap()
}

const GENERIC_400: &str =
    "The server could not comply with the request since it is either malformed or otherwise incorrect.";
const GENERIC_500: &str = "The server has either erred or is incapable of performing the requested operation.";

#[test]
fn v01_empty_object() {
    rejected(&vol(Some("3.0"), "{}"), 400, "'volume' is a required property");
}

#[test]
fn v02_array_body() {
    rejected(&vol(Some("3.0"), "[]"), 400, "[] is not of type 'object'");
}

#[test]
fn v03_volume_without_ref() {
    rejected(
        &vol(Some("3.0"), r#"{"volume": {}}"#),
        400,
        "Invalid input for field/attribute volume. Value: {}. 'ref' is a required property",
    );
}

#[test]
fn v04_extra_top_level_key() {
    let r = vol(Some("3.0"), r#"{"volume": {"ref": {}}, "extra": 1}"#);
    rejected(&r, 400, "Additional properties are not allowed ('extra' was unexpected)");
    assert_eq!(r.errors()[0].pointer(), "/extra");
    assert_eq!(r.errors()[0].code(), Code::UnexpectedProperty);
}

#[test]
fn v05_host_missing() {
    let r = vol(Some("3.0"), r#"{"volume": {"ref": {}}}"#);
    rejected(&r, 400, "Invalid input received: Host field is missing.");
    assert_eq!(r.errors()[0].code(), Code::HostMissing);
    assert_eq!(r.errors()[0].pointer(), "/volume/host");
}

#[test]
fn v06_cluster_before_3_16() {
    rejected(
        &vol(Some("3.15"), r#"{"volume": {"ref": {}, "cluster": "c"}}"#),
        400,
        "Invalid input for field/attribute volume. Value: {'ref': {}, 'cluster': 'c'}. Additional properties are not allowed ('cluster' was unexpected)",
    );
}

#[test]
fn v07_cluster_path_at_3_16() {
    let n = accepted(&vol(Some("3.16"), r#"{"volume": {"ref": {}, "cluster": "c"}}"#));
    assert_eq!(n["cluster"], "c");
    assert_eq!(n["host"], Json::Null);
}

#[test]
fn v08_host_and_cluster() {
    let r = vol(Some("3.16"), r#"{"volume": {"ref": {}, "host": "h", "cluster": "c"}}"#);
    rejected(&r, 400, "Invalid input received: One and only one of cluster and host must be set.");
    assert_eq!(r.errors()[0].code(), Code::HostClusterConflict);
}

#[test]
fn v09_host_with_empty_cluster() {
    let n = accepted(&vol(Some("3.16"), r#"{"volume": {"ref": {}, "host": "h", "cluster": ""}}"#));
    assert_eq!(n["host"], "h");
    assert_eq!(n["cluster"], "");
}

#[test]
fn v10_both_null() {
    rejected(
        &vol(Some("3.16"), r#"{"volume": {"ref": {}, "host": null, "cluster": null}}"#),
        400,
        "Invalid input received: One and only one of cluster and host must be set.",
    );
}

#[test]
fn v11_empty_host() {
    let r = vol(None, &v_with("host", r#""""#));
    rejected(&r, 400, "Invalid input for field/attribute host. Value: . '' should be non-empty");
    assert_eq!(r.errors()[0].code(), Code::EmptyValue);
}

#[test]
fn v12_host_with_space() {
    let r = vol(None, &v_with("host", r#""a b""#));
    rejected(
        &r,
        400,
        r"Invalid input for field/attribute host. Value: a b. 'a b' does not match '^[a-zA-Z0-9-._#@:/+\\[\\]]*$'",
    );
    assert_eq!(r.errors()[0].code(), Code::InvalidCharacters);
}

#[test]
fn v13_host_trailing_newline_without_pool() {
    let r = vol(None, &v_with("host", r#""h\n""#));
    rejected(&r, 400, "Host 'h\n' not found");
    assert_eq!(r.errors()[0].code(), Code::ServiceNotFound);
}

#[test]
fn v13b_host_trailing_newline_after_pool_is_accepted_with_warning() {
    let r = vol(None, &v_with("host", r#""h@b#p\n""#));
    let n = accepted(&r);
    assert_eq!(n["host"], "h@b#p\n");
    assert!(r.warnings().iter().any(|w| w.code() == Code::HostTrailingNewline));
}

#[test]
fn v14_null_ref() {
    rejected(
        &vol(None, &v_with("ref", "null")),
        400,
        "Invalid input for field/attribute ref. Value: None. None is not of type 'object', 'string'",
    );
}

#[test]
fn v15_empty_string_ref() {
    let r = vol(None, &v_with("ref", r#""""#));
    assert_eq!(accepted(&r)["ref"], "");
    assert!(r.warnings().iter().any(|w| w.code() == Code::RefString));
}

#[test]
fn v16_string_ref_containing_source_name() {
    let r = vol(None, &v_with("ref", r#""my-source-name""#));
    rejected(&r, 400, GENERIC_400);
    assert_eq!(r.errors()[0].code(), Code::RefSourceNameInString);
}

#[test]
fn v17_non_string_source_name() {
    let r = vol(None, &v_with("ref", r#"{"source-name": 5}"#));
    rejected(&r, 400, GENERIC_400);
    assert_eq!(r.errors()[0].code(), Code::RefSourceNameNotString);
    assert_eq!(r.errors()[0].pointer(), "/volume/ref/source-name");
}

#[test]
fn v18_bootable_yes() {
    let r = vol(None, &v_with("bootable", r#""Yes""#));
    assert_eq!(accepted(&r)["bootable"], true);
    assert!(r.changes().iter().any(|c| c.pointer() == "/volume/bootable"));
}

#[test]
fn v19_bootable_y() {
    let r = vol(None, &v_with("bootable", r#""Y""#));
    rejected(&r, 400, "Invalid input for field/attribute bootable. Value: Y. 'Y' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']");
    assert_eq!(r.errors()[0].code(), Code::InvalidBoolean);
}

#[test]
fn v20_bootable_integer() {
    rejected(
        &vol(None, &v_with("bootable", "1")),
        400,
        "Invalid input for field/attribute bootable. Value: 1. 1 is not of type 'boolean', 'string'",
    );
}

#[test]
fn v21_bootable_null() {
    rejected(
        &vol(None, &v_with("bootable", "null")),
        400,
        "Invalid input for field/attribute bootable. Value: None. None is not of type 'boolean', 'string'",
    );
}

#[test]
fn v22_description_trailing_newline_is_stripped() {
    let r = vol(None, &v_with("description", r#""abc\n""#));
    assert_eq!(accepted(&r)["description"], "abc");
}

#[test]
fn v23_description_inner_newline() {
    let r = vol(None, &v_with("description", r#""a\nb""#));
    let text = r.server_error().unwrap().to_string();
    assert!(
        text.starts_with(
            "Invalid input for field/attribute description. Value: a\nb. 'a\\nb' does not match '^[\\\\ -\\\\~\\xa0-"
        ),
        "{text}"
    );
    assert!(text.ends_with("]*$'"), "{text}");
    assert_eq!(r.errors()[0].code(), Code::InvalidCharacters);
}

#[test]
fn v24_description_emoji() {
    let r = vol(None, &v_with("description", r#""😀""#));
    assert_eq!(r.http_status(), 400);
    assert!(r
        .server_error()
        .unwrap()
        .to_string()
        .starts_with("Invalid input for field/attribute description. Value: 😀. '😀' does not match '^["));
}

#[test]
fn v25_name_tab_nul() {
    let r = vol(None, &v_with("name", r#""\t\u0000""#));
    assert_eq!(accepted(&r)["name"], "\u{0}");
    assert!(r.warnings().iter().any(|w| w.code() == Code::NulCharacter));
}

#[test]
fn v26_name_too_long() {
    let long = "x".repeat(256);
    let r = vol(None, &v_with("name", &format!("\"{long}\"")));
    rejected(&r, 400, &format!("Invalid input for field/attribute name. Value: {long}. '{long}' is too long"));
    assert_eq!(r.errors()[0].code(), Code::TooLong);
}

#[test]
fn v27_empty_metadata_key() {
    let r = vol(None, &v_with("metadata", r#"{"": "b"}"#));
    rejected(&r, 400, "Invalid input for field/attribute metadata. Value: {'': 'b'}. '' does not match any of the regexes: '^[a-zA-Z0-9-_:. /]{1,255}$'");
    assert_eq!(r.errors()[0].pointer(), "/volume/metadata/");
}

#[test]
fn v28_null_metadata_value() {
    let r = vol(None, &v_with("metadata", r#"{"a": null}"#));
    rejected(&r, 400, "Invalid input for field/attribute a. Value: None. None is not of type 'string'");
    assert_eq!(r.errors()[0].pointer(), "/volume/metadata/a");
}

#[test]
fn v29_metadata_key_trailing_newline() {
    accepted(&vol(None, &v_with("metadata", r#"{"a\n": "x"}"#)));
}

#[test]
fn v30_several_bad_metadata_keys() {
    let r = vol(
        None,
        r##"{"volume": {"host": "h@b#p", "ref": {"source-name": "x"}, "metadata": {"a": "x", "!": "y", "#": "z"}}}"##,
    );
    rejected(&r, 400, "Invalid input for field/attribute metadata. Value: {'a': 'x', '!': 'y', '#': 'z'}. '!', '#' do not match any of the regexes: '^[a-zA-Z0-9-_:. /]{1,255}$'");
    let pointers: Vec<_> = r.errors().iter().map(|e| e.pointer()).collect();
    assert_eq!(pointers, ["/volume/metadata/!", "/volume/metadata/%23"]);
}

#[test]
fn v31_null_metadata() {
    accepted(&vol(None, &v_with("metadata", "null")));
}

#[test]
fn v32_schema_order_decides_first_error() {
    let r = vol(None, r#"{"volume": {"host": "", "name": 1, "description": 1}}"#);
    rejected(&r, 400, "Invalid input for field/attribute description. Value: 1. 1 is not of type 'string', 'null'");
    let pointers: Vec<_> = r.errors().iter().map(|e| e.pointer()).collect();
    assert_eq!(pointers, ["/volume/description", "/volume/name", "/volume/host", "/volume/ref"]);
}

#[test]
fn v33_volume_errors_before_top_level_extras() {
    let r = vol(None, r#"{"volume": {"foo": 1}, "bar": 1}"#);
    rejected(&r, 400, "Invalid input for field/attribute volume. Value: {'foo': 1}. 'ref' is a required property");
    let pointers: Vec<_> = r.errors().iter().map(|e| e.pointer()).collect();
    // Cinder stops at the first; the missing host is reported too, after the schema's errors.
    assert_eq!(pointers, ["/volume/ref", "/volume/foo", "/bar", "/volume/host"]);
}

fn on(endpoint: Endpoint, mv: &str) -> Options {
    Options { microversion: Some(mv.into()), endpoint: Some(endpoint), ..Options::default() }
}

#[test]
fn v34_manageable_volumes_below_3_8() {
    let r = check_text(Kind::Volume, v_with("name", r#""n""#).as_bytes(), &on(Endpoint::ManageableVolumes, "3.7"));
    rejected(&r, 404, "The resource could not be found.");
    assert_eq!(r.errors()[0].code(), Code::EndpointUnavailable);
    accepted(&check_text(Kind::Volume, v_with("name", r#""n""#).as_bytes(), &on(Endpoint::ManageableVolumes, "3.8")));
}

#[test]
fn v35_schema_runs_before_the_route_gate() {
    let r = check_text(Kind::Volume, b"{}", &on(Endpoint::ManageableVolumes, "3.7"));
    rejected(&r, 400, "'volume' is a required property");
    assert_eq!(r.errors().last().unwrap().code(), Code::EndpointUnavailable);
}

const UUID: &str = "1df34919-aba7-4a1b-a614-3b409d71ac03";

#[test]
fn s1_snapshot_without_volume_id() {
    rejected(
        &snap(r#"{"snapshot": {"ref": {}}}"#),
        400,
        "Invalid input for field/attribute snapshot. Value: {'ref': {}}. 'volume_id' is a required property",
    );
}

#[test]
fn s2_snapshot_empty() {
    let r = snap(r#"{"snapshot": {}}"#);
    rejected(&r, 400, "Invalid input for field/attribute snapshot. Value: {}. 'ref' is a required property");
    assert_eq!(r.errors().len(), 2);
}

#[test]
fn s3_snapshot_null_ref() {
    let n = accepted(&snap(&format!(r#"{{"snapshot": {{"ref": null, "volume_id": "{UUID}"}}}}"#)));
    assert_eq!(n, json!({"name": null, "description": null, "metadata": null, "volume_id": UUID, "ref": null}));
}

#[test]
fn s4_snapshot_braced_uuid() {
    let r = snap(&format!(r#"{{"snapshot": {{"ref": {{}}, "volume_id": "{{{UUID}}}"}}}}"#));
    accepted(&r);
    assert!(r.warnings().iter().any(|w| w.code() == Code::VolumeIdNotCanonical));
}

#[test]
fn s5_snapshot_bad_uuid() {
    let r = snap(r#"{"snapshot": {"ref": {}, "volume_id": "zz"}}"#);
    rejected(&r, 400, "Invalid input for field/attribute volume_id. Value: zz. 'zz' is not a 'uuid'");
    assert_eq!(r.errors()[0].code(), Code::InvalidUuid);
}

#[test]
fn s6_snapshot_type_key_crashes() {
    let r = snap(&format!(r#"{{"snapshot": {{"ref": {{}}, "volume_id": "{UUID}"}}, "type": "x"}}"#));
    rejected(&r, 500, GENERIC_500);
    assert_eq!(r.errors()[0].code(), Code::SchemaCrash);
    rejected(&snap(r#"{"type": 1}"#), 500, GENERIC_500);
}

#[test]
fn s7_snapshot_rejects_host() {
    rejected(
        &snap(&format!(r#"{{"snapshot": {{"ref": {{}}, "volume_id": "{UUID}", "host": "h"}}}}"#)),
        400,
        &format!("Invalid input for field/attribute snapshot. Value: {{'ref': {{}}, 'volume_id': '{UUID}', 'host': 'h'}}. Additional properties are not allowed ('host' was unexpected)"),
    );
}

#[test]
fn snapshot_fields_pass_unchanged() {
    let r = snap(&format!(
        r#"{{"snapshot": {{"ref": {{"source-name": "lvol0"}}, "volume_id": "{UUID}", "name": "  ", "description": "", "metadata": {{"k": "v"}}}}}}"#
    ));
    let n = accepted(&r);
    assert_eq!(n["name"], "  ");
    assert_eq!(n["description"], "");
    assert!(r.changes().is_empty());
}

#[test]
fn reference_example_bodies() {
    let r = vol(
        None,
        r#"{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "existingLV"},
            "name": "imported", "description": "from existingLV",
            "volume_type": null, "bootable": "false",
            "availability_zone": null, "metadata": {"owner": "ops/team-1"}}}"#,
    );
    let n = accepted(&r);
    assert_eq!(
        n,
        json!({"name": "imported", "description": "from existingLV", "bootable": false,
               "metadata": {"owner": "ops/team-1"}, "availability_zone": null, "volume_type": null,
               "host": "node1@lvm#lvm", "cluster": null, "ref": {"source-name": "existingLV"}})
    );
    let cluster = r#"{"volume": {"host": null, "cluster": "cluster1@rbd", "ref": {"source-name": "img-01"}}}"#;
    rejected(&vol(Some("3.15"), cluster), 400, "Invalid input for field/attribute volume. Value: {'host': None, 'cluster': 'cluster1@rbd', 'ref': {'source-name': 'img-01'}}. Additional properties are not allowed ('cluster' was unexpected)");
    assert_eq!(accepted(&vol(Some("3.16"), cluster))["cluster"], "cluster1@rbd");
}

// Section 1.2: microversions.

#[test]
fn microversion_forms() {
    let ok = r#"{"volume": {"ref": {}, "cluster": "c"}}"#;
    assert!(vol(Some("latest"), ok).accepted());
    assert!(vol(Some("volume 3.16"), ok).accepted());
    assert!(vol(Some("compute 2.1, volume 3.71"), ok).accepted());
    assert!(vol(Some("volume latest"), ok).accepted());
    assert!(!vol(Some("3.15"), ok).accepted());
    assert!(!vol(Some("2.0"), ok).accepted(), "v2 validated with the 3.0 schema");
    let host_only = r#"{"volume": {"ref": {}, "host": "h"}}"#;
    assert!(vol(Some("2.0"), host_only).accepted());
    for bad in ["3.08", "03.1", "3", "3.", ".3", "v3.1", "3.1.2", "Latest"] {
        rejected(
            &vol(Some(bad), host_only),
            400,
            &format!("API Version String {bad} is of invalid format. Must be of format MajorNum.MinorNum."),
        );
    }
    rejected(
        &vol(Some("3.72"), host_only),
        406,
        "Version 3.72 is not supported by the API. Minimum is 3.0 and maximum is 3.71.",
    );
    rejected(
        &vol(Some("4.0"), host_only),
        406,
        "Version 4.0 is not supported by the API. Minimum is 3.0 and maximum is 3.71.",
    );
    rejected(
        &vol(Some("volume 2.0"), host_only),
        406,
        "Version 2.0 is not supported by the API. Minimum is 3.0 and maximum is 3.71.",
    );
    rejected(&vol(Some("volume 3.8 extra"), host_only), 500, GENERIC_500);
    rejected(&vol(Some("compute 2.1"), host_only), 400, GENERIC_400);
    assert_eq!(vol(Some("3.72"), host_only).errors()[0].code(), Code::MicroversionNotSupported);
}

// Section 1.3: transport.

#[test]
fn transport_outcomes() {
    let r = vol(None, "");
    rejected(&r, 500, GENERIC_500);
    assert_eq!(r.errors()[0].code(), Code::BodyEmpty);
    for bad in
        ["  ", "{", "{\"volume\": }", "\u{feff}{}", "{'volume': 1}", "[1,]", "01", "-", "nan", "-NaN", "{\"a\":1}x"]
    {
        let r = vol(None, bad);
        rejected(&r, 400, "Malformed request body");
        assert_eq!(r.errors()[0].code(), Code::BodyMalformed, "{bad:?}");
    }
    let r = check_text(Kind::Volume, b"{\"volume\": \"\xff\"}", &Options::default());
    rejected(&r, 400, "Malformed request body");
}

#[test]
fn python_json_extensions_reach_the_schema() {
    // NaN and 1E400 parse, then fail `type` in a typed field...
    let body = r#"{"volume": {"host": "h", "ref": {}, "bootable": NaN}}"#;
    rejected(
        &vol(None, body),
        400,
        "Invalid input for field/attribute bootable. Value: nan. nan is not of type 'boolean', 'string'",
    );
    let body = r#"{"volume": {"host": "h", "ref": {}, "name": 1E400}}"#;
    rejected(
        &vol(None, body),
        400,
        "Invalid input for field/attribute name. Value: inf. inf is not of type 'string', 'null'",
    );
    // ...and are accepted inside ref, whose content is not checked.
    let body = r#"{"volume": {"host": "h", "ref": {"a": [NaN, Infinity, -Infinity, 123456789012345678901234567890]}}}"#;
    let r = vol(None, body);
    accepted(&r);
    assert!(r.warnings().iter().any(|w| w.code() == Code::LossyOutput));
    // Lone surrogates pass `name` but fail `description`.
    let r = vol(None, r#"{"volume": {"host": "h", "ref": {}, "name": "\ud800"}}"#);
    accepted(&r);
    assert!(r.warnings().iter().any(|w| w.code() == Code::LoneSurrogate));
    // Cinder's message keeps the lone surrogate (its JSON fault body carries
    // it as `\ud800`); repr() escapes it.
    let r = vol(None, r#"{"volume": {"host": "h", "ref": {}, "description": "\ud800"}}"#);
    assert!(r
        .server_error()
        .unwrap()
        .as_wtf8()
        .starts_with(b"Invalid input for field/attribute description. Value: \xed\xa0\x80. '\\ud800' does not match"));
    // A surrogate pair escape is one code point (astral: rejected by description).
    let r = vol(None, r#"{"volume": {"host": "h", "ref": {}, "description": "\ud83d\ude00"}}"#);
    assert!(r.server_error().unwrap().to_string().contains("'😀' does not match"));
    // Duplicate keys: the last value wins, at the first position.
    let r = vol(None, r#"{"volume": {"name": 1, "host": "h", "ref": {}, "name": "ok"}}"#);
    assert_eq!(accepted(&r)["name"], "ok");
    let r = vol(None, r#"{"volume": {"foo": 1, "ref": {}, "foo": 2}}"#);
    assert!(r
        .server_error()
        .unwrap()
        .to_string()
        .starts_with("Invalid input for field/attribute volume. Value: {'foo': 2, 'ref': {}}."));
}

#[test]
fn integer_digit_limit() {
    let ok = format!(r#"{{"volume": {{"host": "h", "ref": {{"n": {}}}}}}}"#, "9".repeat(4300));
    accepted(&vol(None, &ok));
    let too_long = format!(r#"{{"volume": {{"host": "h", "ref": {{"n": -{}}}}}}}"#, "9".repeat(4301));
    rejected(&vol(None, &too_long), 400, "Malformed request body");
}

/// Parsing is iterative; what still recurses (clone, drop, repr, serialize)
/// is bounded by the depth limit. The deep cases must fit a thread stack far
/// smaller than the 2 MiB default of spawned threads: release builds need about
/// 400 KiB at depth 990 (debug builds get more room: their frames are larger).
#[test]
fn nesting_limit() {
    let stack = if cfg!(debug_assertions) { 8 << 20 } else { 512 << 10 };
    std::thread::Builder::new().stack_size(stack).spawn(nesting_limit_cases).unwrap().join().unwrap();
}

fn nesting_limit_cases() {
    use os_volume_manage::limits::MAX_BODY_DEPTH as MAX_DEPTH;
    let deep =
        |n: usize| format!(r#"{{"volume": {{"host": "h", "ref": {{"x": {}{}}}}}}}"#, "[".repeat(n), "]".repeat(n));
    // The body has 3 levels around the innermost arrays. At the parse limit
    // the schema still runs: an error elsewhere is a 400 that prints the value.
    let at_limit = deep(MAX_DEPTH - 3);
    let r = vol(None, &at_limit.replace(r#""host": "h""#, r#""host": "h", "zz": 1"#));
    assert_eq!(r.http_status(), 400);
    assert!(r.server_error().unwrap().to_string().contains(&"[".repeat(MAX_DEPTH - 3)));
    // One level more and Python's parser gives up: 500.
    let r = vol(None, &deep(MAX_DEPTH - 2));
    rejected(&r, 500, GENERIC_500);
    assert_eq!(r.errors()[0].code(), Code::BodyTooDeep);
    // An otherwise valid request whose ref is deeper than the scheduler cast
    // can serialize: 500 at the very end; one level less is accepted.
    use os_volume_manage::limits::RPC_REF_MAX_DEPTH_VOLUME as RPC;
    let r = vol(None, &deep(RPC - 1));
    assert!(accepted(&r)["ref"]["x"].is_array());
    assert!(r.to_json().len() > 2 * RPC);
    let r = vol(None, &deep(RPC));
    rejected(&r, 500, GENERIC_500);
    assert_eq!(r.errors()[0].code(), Code::RefTooDeep);
    // A syntax error before the limit is reached is a 400.
    rejected(&vol(None, &format!("{}x", "[".repeat(50))), 400, "Malformed request body");
    // Far deeper bodies are also larger than a default deployment accepts
    // (413); without the limit the parser stops at its depth (500).
    let unlimited = Options { max_request_body_size: None, ..Options::default() };
    for body in ["[".repeat(200_000), "{\"a\":".repeat(100_000)] {
        rejected(&check_text(Kind::Volume, body.as_bytes(), &unlimited), 500, GENERIC_500);
        let r = vol(None, &body);
        rejected(&r, 413, "Request is too large. Larger than max_request_body_size (%s).");
        assert_eq!(r.errors()[0].code(), Code::BodyTooLarge);
    }
}

// Section 3.3: host and metadata-key patterns.

#[test]
fn host_pattern_table() {
    for good in [
        "host@backend#pool",
        "h@b#[dead:beef::cafe]:/x",
        "user@host#backend:/vol_path",
        "host@backend#parts+of+pool",
        "a.b-c_d",
    ] {
        accepted(&vol(None, &v_with("host", &format!("{good:?}"))));
    }
    for bad in ["host not ok", "h%", "h,", "é", "h\t", "h\r\n", "h\n\n"] {
        let r = vol(None, &v_with("host", &serde_json::to_string(bad).unwrap()));
        assert_eq!(r.errors()[0].code(), Code::InvalidCharacters, "{bad:?}");
    }
    // "\n" alone has length 1 and matches: schema OK, then no such service.
    rejected(&vol(None, &v_with("host", r#""\n""#)), 400, "Host '\n' not found");
    let r = vol(None, &v_with("host", &format!("{:?}", "h".repeat(256))));
    assert_eq!(r.errors()[0].code(), Code::TooLong);
}

#[test]
fn metadata_key_table() {
    let key = |k: &str| vol(None, &v_with("metadata", &format!("{{{}: \"v\"}}", serde_json::to_string(k).unwrap())));
    for good in ["a", " k2", "a/b", "x:y.z-w_v", "a\n", &"k".repeat(255), &format!("{}\n", "k".repeat(255))] {
        accepted(&key(good));
    }
    for bad in ["", "\n", "a=b", "clé", &"k".repeat(256), "a\n\n", "\na"] {
        assert_eq!(key(bad).errors()[0].code(), Code::InvalidMetadataKey, "{bad:?}");
    }
    let r = vol(None, &v_with("metadata", &format!("{{\"k\": {:?}}}", "v".repeat(256))));
    assert_eq!(r.errors()[0].code(), Code::TooLong);
    assert_eq!(r.errors()[0].pointer(), "/volume/metadata/k");
}

#[test]
fn snapshot_metadata_key_recheck() {
    let key = format!("{}\n", "k".repeat(255));
    let body = json!({"snapshot": {"ref": {}, "volume_id": UUID, "metadata": {key.clone(): "v"}}});
    let r = snap(&body.to_string());
    rejected(&r, 400, &format!("Invalid metadata size: Metadata property key {key} greater than 255 characters."));
    assert_eq!(r.errors()[0].code(), Code::MetadataKeyTooLong);
}

// Section 3.4: description table.

#[test]
fn description_table() {
    let desc = |d: &str| vol(None, &v_with("description", &serde_json::to_string(d).unwrap()));
    let x255 = "x".repeat(255);
    let x254n = format!("{}\n", "x".repeat(254));
    for good in ["abc", "abc\n", "\n", "\u{a0}", "\u{3000}", "\u{fffd}", "café 中文", &x255, &x254n] {
        accepted(&desc(good));
    }
    let x256 = "x".repeat(256);
    let x255n = format!("{}\n", "x".repeat(255));
    for bad in [
        "abc\n\n", "a\nb", "abc\r\n", "abc\r", "\t", "a\tb", "\u{2028}", "\u{2029}", "\u{ad}", "\u{200b}", "\u{feff}",
        "\u{e000}", "\u{ffff}", "😀", &x256, &x255n,
    ] {
        assert!(!desc(bad).accepted(), "{bad:?}");
    }
    assert_eq!(desc(&x256).errors()[0].code(), Code::TooLong);
}

#[test]
fn description_depends_on_unicode_version() {
    let body = v_with("description", r#""\u0cf3""#);
    let r14 = vol(None, &body);
    assert!(!r14.accepted());
    assert!(r14.warnings().iter().any(|w| w.code() == Code::DependsOnUnicodeVersion));
    let o = Options { unicode_version: os_volume_manage::UnicodeVersion::V15_0, ..Options::default() };
    assert!(check_text(Kind::Volume, body.as_bytes(), &o).accepted());
}

// Section 3.5: uuid-like rule.

#[test]
fn uuid_like_table() {
    let id = |v: &str| snap(&json!({"snapshot": {"ref": {}, "volume_id": v}}).to_string());
    let hex = UUID.replace('-', "");
    for good in [
        UUID.to_string(),
        UUID.to_uppercase(),
        hex.clone(),
        format!("{{{UUID}}}"),
        format!("{{{{{UUID}"),
        format!("urn:uuid:{UUID}"),
        format!("uuid:{UUID}"),
        "1-d-f34919aba74a1ba6143b409d71ac03".to_string(),
    ] {
        assert!(id(&good).accepted(), "{good}");
    }
    for bad in [
        hex[..31].to_string(),
        format!("{hex}0"),
        UUID.replace('-', "_"),
        format!(" {UUID}"),
        format!("{UUID} "),
        String::new(),
    ] {
        assert_eq!(id(&bad).errors()[0].code(), Code::InvalidUuid, "{bad:?}");
    }
    rejected(
        &snap(r#"{"snapshot": {"ref": {}, "volume_id": null}}"#),
        400,
        "Invalid input for field/attribute volume_id. Value: None. None is not of type 'string'",
    );
}

// Section 7.1: normalization.

#[test]
fn volume_normalization_table() {
    let n = |field: &str, value: &str| accepted(&vol(None, &v_with(field, value)));
    assert_eq!(n("name", r#""  ""#)["name"], "");
    assert_eq!(n("name", r#""""#)["name"], Json::Null);
    assert_eq!(n("name", r#""\u001f x \u3000""#)["name"], "x");
    assert_eq!(n("description", r#""   ""#)["description"], "");
    assert_eq!(n("volume_type", r#""""#)["volume_type"], Json::Null);
    assert_eq!(n("volume_type", r#"" gold""#)["volume_type"], " gold");
    assert_eq!(n("availability_zone", r#""""#)["availability_zone"], "");
    assert_eq!(n("availability_zone", r#"" az ""#)["availability_zone"], " az ");
    assert_eq!(n("name", r#""x""#)["bootable"], false);
    for (s, b) in
        [("\"t\"", true), ("\"ON\"", true), ("\"0\"", false), ("\"No\"", false), ("true", true), ("false", false)]
    {
        assert_eq!(n("bootable", s)["bootable"], b, "{s}");
    }
    let r = vol(None, &v_with("name", r#"" x ""#));
    let change = r.changes().iter().find(|c| c.pointer() == "/volume/name").unwrap();
    assert_eq!(serde_json::to_value(change).unwrap()["from"], " x ");
    assert_eq!(serde_json::to_value(change).unwrap()["to"], "x");
}

#[test]
fn normalized_is_typed() {
    let r = vol(Some("3.16"), r#"{"volume": {"host": "h", "ref": {"source-id": "1"}, "cluster": null}}"#);
    match r.normalized().unwrap() {
        Normalized::Volume(v) => {
            assert_eq!(v.host.as_ref().unwrap().as_str(), Some("h"));
            assert!(v.cluster.is_none());
            assert!(!v.bootable);
        }
        Normalized::Snapshot(_) => panic!("volume expected"),
    }
}

#[test]
fn already_managed_source_name_is_a_warning() {
    let r = vol(None, &v_with("ref", &format!(r#"{{"source-name": "volume-{UUID}"}}"#)));
    accepted(&r);
    assert!(r.warnings().iter().any(|w| w.code() == Code::PossiblyAlreadyManaged));
}
