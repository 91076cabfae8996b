#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Refs: building, normalization, and the driver table
//! (`docs/cinder/drivers.md`).

use os_volume_manage::tools::refs::{
    build_ref, check_ref_for_driver, check_snapshot_ref_for_driver, drivers, find_driver, normalize_ref, KeyRole,
    RefCode, RefWarning, Severity, SizeRounding,
};
use os_volume_manage::{Kind, Value};
use std::collections::HashSet;

/// JSON text as Cinder parses it.
fn j(text: &str) -> Value {
    Value::parse(text.as_bytes()).unwrap()
}

fn codes(w: &[RefWarning]) -> Vec<RefCode> {
    w.iter().map(|w| w.code).collect()
}

fn check(r: Value, driver: &str) -> Vec<RefWarning> {
    check_ref_for_driver(&r, driver).unwrap()
}

#[test]
fn build_ref_is_id_type_to_identifier() {
    assert_eq!(build_ref("source-name", "lv1"), j(r#"{"source-name": "lv1"}"#));
    assert_eq!(build_ref("source-id", " 42 "), j(r#"{"source-id": " 42 "}"#));
}

#[test]
fn misspelled_keys_are_respelled_and_reported() {
    for key in ["source_name", "sourceName", "source name", "SOURCE-NAME", " source-name", "Source_Name"] {
        let given = j(&format!("{{{}: \"lv1\"}}", serde_json::to_string(key).unwrap()));
        let n = normalize_ref(&given, Kind::Volume);
        assert_eq!(n.normalized, j(r#"{"source-name": "lv1"}"#), "{key:?}");
        assert!(n.changed);
        assert_eq!(n.original, given);
        assert!(codes(&n.warnings).contains(&RefCode::KeyRespelled), "{key:?}");
    }
    let n = normalize_ref(&j(r#"{"sourceId": "7"}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-id": "7"}"#));
}

#[test]
fn respelling_never_overwrites_the_canonical_key() {
    let n = normalize_ref(&j(r#"{"source-name": "a", "source_name": "b"}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-name": "a", "source_name": "b"}"#));
    assert!(codes(&n.warnings).contains(&RefCode::KeyRespellingConflict));
}

#[test]
fn values_trimmed_empty_both_unknown() {
    let n = normalize_ref(&j(r#"{"source-name": "  lv1\n", "source-id": "", "colour": "x"}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-name": "lv1", "source-id": "", "colour": "x"}"#));
    let c = codes(&n.warnings);
    for expected in [RefCode::ValueTrimmed, RefCode::EmptyValue, RefCode::BothSourceKeys, RefCode::UnknownKey] {
        assert!(c.contains(&expected), "{expected:?} in {c:?}");
    }
    let n = normalize_ref(&j(r#"{"name": "vol"}"#), Kind::Volume);
    assert!(codes(&n.warnings).contains(&RefCode::DriverSpecificKey));
    assert!(!n.changed);
}

#[test]
fn unchanged_ref_reports_nothing() {
    let n = normalize_ref(&j(r#"{"source-name": "lv1"}"#), Kind::Volume);
    assert!(!n.changed);
    assert!(n.warnings.is_empty());
}

#[test]
fn string_refs() {
    let n = normalize_ref(&j(r#"" lv1 ""#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-name": "lv1"}"#));
    assert!(codes(&n.warnings).contains(&RefCode::StringRefWrapped));
    let n = normalize_ref(&j(r#""my-source-name""#), Kind::Volume);
    let w = n.warnings.iter().find(|w| w.code == RefCode::StringRefContainsSourceName).unwrap();
    assert_eq!(w.severity, Severity::Error);
    let n = normalize_ref(&j(r#""""#), Kind::Volume);
    assert_eq!(n.normalized, j(r#""""#));
    assert!(codes(&n.warnings).contains(&RefCode::StringRef));
}

#[test]
fn wrong_types_and_non_string_source_name() {
    for v in [j(r#"null"#), j(r#"1"#), j(r#"[]"#), j(r#"true"#)] {
        let n = normalize_ref(&v, Kind::Volume);
        assert_eq!(n.warnings[0].code, RefCode::RefWrongType, "{v:?}");
        assert_eq!(n.warnings[0].severity, Severity::Error);
    }
    let n = normalize_ref(&j(r#"null"#), Kind::Snapshot);
    assert_eq!(codes(&n.warnings), vec![RefCode::NullRef]);
    let n = normalize_ref(&j(r#"{"source-name": 5}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-name": "5"}"#));
    assert!(codes(&n.warnings).contains(&RefCode::ValueStringified));
    let n = normalize_ref(&j(r#"{"source-name": {"a": 1}}"#), Kind::Volume);
    assert!(n.warnings.iter().any(|w| w.code == RefCode::SourceNameNotString && w.severity == Severity::Error));
    let n = normalize_ref(&j(r#"{}"#), Kind::Volume);
    assert_eq!(codes(&n.warnings), vec![RefCode::EmptyRef]);
    let n = normalize_ref(&j(r#"{"source-name": "volume-9ba5bb53-4a18-4b38-be06-992999da338d"}"#), Kind::Volume);
    assert!(codes(&n.warnings).contains(&RefCode::LooksLikeCinderVolumeName));
}

#[test]
fn every_table_row_is_well_formed() {
    let table = drivers();
    assert!(table.len() >= 40, "{} rows", table.len());
    let mut ids = HashSet::new();
    for d in table {
        assert!(ids.insert(d.id), "duplicate id {}", d.id);
        for alias in d.aliases {
            assert!(ids.insert(alias), "alias {alias} collides");
        }
        assert!(!d.name.is_empty() && !d.source.is_empty() && !d.notes.is_empty(), "{}", d.id);
        assert!(d.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", d.id);
        assert!(d.source.starts_with("cinder/volume/drivers/"), "{}", d.id);
        for f in [d.ref_function, d.manage_function, d.size_function, d.snapshot_function].into_iter().flatten() {
            assert!(f.starts_with("cinder/") && f.contains(": "), "{}: {f}", d.id);
        }
        assert!(d.manage_function.is_some(), "{}", d.id);
        assert_eq!(d.ref_function.is_some(), d.manage_support, "{}", d.id);
        assert_eq!(d.size_function.is_some(), d.manage_support, "{}", d.id);
        assert_eq!(d.snapshot_function.is_some(), !d.snapshot_keys.is_empty(), "{}", d.id);
        if d.manage_support {
            assert!(!d.volume_keys.is_empty(), "{}", d.id);
            assert!(d.volume_keys.iter().any(|k| k.role != KeyRole::Optional), "{}", d.id);
            assert!(!d.missing_key_error.is_empty(), "{}", d.id);
            assert_ne!(d.size_rounding, SizeRounding::NotApplicable, "{}", d.id);
        } else {
            assert!(d.volume_keys.is_empty() && d.snapshot_keys.is_empty(), "{}", d.id);
            assert_eq!(d.size_rounding, SizeRounding::NotApplicable);
        }
        if !d.listing_key_accepted_back {
            let read: Vec<&str> = d.volume_keys.iter().map(|k| k.key).collect();
            assert!(d.listing_reference_keys.iter().all(|k| !read.contains(k)), "{}", d.id);
        }
        assert!(!d.snapshot_wraps_string_ref || !d.snapshot_keys.is_empty());
        // Every row answers a check without panicking, and a row found by id is itself.
        assert_eq!(find_driver(d.id).unwrap().id, d.id);
        let w = check(j(r#"{"source-name": "x", "source-id": "y"}"#), d.id);
        if !d.manage_support {
            assert_eq!(codes(&w), vec![RefCode::NoManageSupport]);
        }
    }
    let no_manage = table.iter().filter(|d| !d.manage_support).count();
    assert!(no_manage >= 26, "{no_manage}");
    // Serializable as JSON for the CLI and wasm.
    let json = serde_json::to_value(table).unwrap();
    assert_eq!(json[0]["volume_keys"][0]["key"], "source-name");
}

#[test]
fn lvm() {
    let w = check(j(r#"{"source-name": "lv1", "source-id": "x"}"#), "lvm");
    let ignored = w.iter().find(|w| w.code == RefCode::KeyIgnoredByDriver).unwrap();
    assert_eq!(ignored.key.as_ref().map(|k| k.to_string()).as_deref(), Some("source-id"));
    assert!(ignored.message.contains("LVM reads source-name; `source-id` is ignored"));
    let w = check(j(r#"{"source-id": "x"}"#), "LVM");
    assert!(codes(&w).contains(&RefCode::WrongKeyForDriver));
    assert!(check(j(r#"{"source-name": "lv1"}"#), "lvm").is_empty());
    // Volume manage does not wrap a string; snapshot manage does.
    assert!(codes(&check(j(r#""lv1""#), "lvm")).contains(&RefCode::StringRef));
    let s = check_snapshot_ref_for_driver(&j(r#""snap1""#), "lvm").unwrap();
    assert!(s.iter().all(|w| w.severity == Severity::Info));
}

#[test]
fn rbd_wants_image_name_not_pool_slash_image() {
    let w = check(j(r#"{"source-name": "volumes/img-01"}"#), "rbd");
    let m = w.iter().find(|w| w.code == RefCode::ValueFormMismatch).unwrap();
    assert!(m.message.contains("not pool/image") && m.message.contains("\"img-01\""));
    assert!(check(j(r#"{"source-name": "img-01"}"#), "ceph").is_empty());
}

#[test]
fn powermax() {
    assert!(check(j(r#"{"source-name": "00123"}"#), "powermax").is_empty());
    let w = check(j(r#"{"source-name": "0012345"}"#), "dell_powermax");
    assert!(w.iter().any(|w| w.code == RefCode::ValueFormMismatch && w.message.contains("5-character device id")));
    let w = check(j(r#"{"source-name": "OS-00123"}"#), "powermax");
    assert!(codes(&w).contains(&RefCode::AlreadyManaged));
    let w = check(j(r#"{"source-name": "00123", "source-id": "00456"}"#), "powermax");
    assert!(w
        .iter()
        .any(|w| w.code == RefCode::LowerPrecedenceKeyIgnored && w.key.as_ref().is_some_and(|k| *k == "source-id")));
}

#[test]
fn zadara_reads_name() {
    let w = check(j(r#"{"source-name": "vol1"}"#), "zadara");
    let m = w.iter().find(|w| w.code == RefCode::WrongKeyForDriver).unwrap();
    assert!(m.message.contains("Zadara VPSA reads `name`, not `source-name`"));
    assert!(check(j(r#"{"name": "vol1"}"#), "zadara").is_empty());
}

#[test]
fn solidfire_needs_integer_source_id() {
    assert!(check(j(r#"{"source-id": 42}"#), "solidfire").is_empty());
    assert!(check(j(r#"{"source-id": "42", "name": "old"}"#), "solidfire").is_empty());
    assert!(codes(&check(j(r#"{"source-id": "abc"}"#), "solidfire")).contains(&RefCode::ValueFormMismatch));
    let w = check(j(r#"{"source-name": "v"}"#), "solidfire");
    assert!(w.iter().any(|w| w.code == RefCode::WrongKeyForDriver && w.message.contains("requires 'id'")));
}

#[test]
fn threepar_and_pure_listing_keys_not_accepted_back() {
    for driver in ["hpe_3par", "3par", "pure", "hpe_alletra_mp"] {
        let w = check(j(r#"{"name": "vv1"}"#), driver);
        assert!(codes(&w).contains(&RefCode::ListingKeyNotAccepted), "{driver}: {w:?}");
        assert!(!find_driver(driver).unwrap().listing_key_accepted_back);
    }
    assert!(codes(&check(j(r#"{"source-name": "osv-abc"}"#), "hpe_3par")).contains(&RefCode::ValueFormMismatch));
    assert!(codes(&check(j(r#"{"source-id": "not-a-uuid"}"#), "hpe_3par")).contains(&RefCode::ValueFormMismatch));
    assert!(check(j(r#"{"source-id": "9ba5bb53-4a18-4b38-be06-992999da338d"}"#), "hpe_3par").is_empty());
    assert!(codes(&check(j(r#"{"source-name": "a::b::c"}"#), "pure")).contains(&RefCode::ValueFormMismatch));
    assert!(check(j(r#"{"source-name": "pod::vol"}"#), "pure").is_empty());
}

#[test]
fn netapp_nfs_vmware_datera_forms() {
    assert!(check(j(r#"{"source-name": "10.0.0.1:/export/dir/file"}"#), "netapp_nfs").is_empty());
    assert!(check(j(r#"{"source-name": "fe80::1:/export/file"}"#), "netapp_ontap_nfs").is_empty());
    assert!(codes(&check(j(r#"{"source-name": "file.img"}"#), "netapp_nfs")).contains(&RefCode::ValueFormMismatch));
    assert!(check(j(r#"{"source-name": "[ds1] vm/disk.vmdk@dc/vm/vm1"}"#), "vmware").is_empty());
    assert!(codes(&check(j(r#"{"source-name": "a@b@c"}"#), "vmware_vmdk")).contains(&RefCode::ValueFormMismatch));
    assert!(check(j(r#"{"source-name": "ai:si:vol"}"#), "datera").is_empty());
    assert!(check(j(r#"{"source-name": "t:ai:si:vol"}"#), "datera").is_empty());
    assert!(codes(&check(j(r#"{"source-name": "ai:vol"}"#), "datera")).contains(&RefCode::ValueFormMismatch));
    assert!(check_snapshot_ref_for_driver(&j(r#"{"source-name": "1234567890.12345678"}"#), "datera")
        .unwrap()
        .is_empty());
    assert!(!check_snapshot_ref_for_driver(&j(r#"{"source-name": "123.4"}"#), "datera").unwrap().is_empty());
}

#[test]
fn hitachi_storwize_nexenta() {
    assert!(check(j(r#"{"source-id": "1000"}"#), "hitachi_vsp").is_empty());
    assert!(check(j(r#"{"source-id": "00:1A:2B"}"#), "hitachi").is_empty());
    assert!(codes(&check(j(r#"{"source-id": 1000}"#), "hitachi_vsp")).contains(&RefCode::ValueFormMismatch));
    let w = check(j(r#"{"source-name": "vd1", "manage_if_in_use": "false"}"#), "storwize");
    assert!(codes(&w).contains(&RefCode::TruthyFlag));
    // Nexenta uses both keys as filters: no precedence warning.
    assert!(check(j(r#"{"source-name": "z", "source-guid": "g"}"#), "nexenta_ns5_iscsi").is_empty());
}

#[test]
fn no_manage_driver() {
    let w = check(j(r#"{"source-name": "x"}"#), "dell_powerstore");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, RefCode::NoManageSupport);
    assert_eq!(w[0].severity, Severity::Error);
    assert!(w[0].message.contains("202") && w[0].message.contains("error"));
    assert_eq!(check(j(r#"{"source-name": "x"}"#), "ibm_ds8k")[0].code, RefCode::NoManageSupport);
    // Drivers without snapshot manage.
    assert_eq!(
        check_snapshot_ref_for_driver(&j(r#"{"source-name": "x"}"#), "netapp_nfs").unwrap()[0].code,
        RefCode::NoManageSupport
    );
}

#[test]
fn unknown_driver() {
    let e = check_ref_for_driver(&j(r#"{}"#), "powerm").unwrap_err();
    assert_eq!(e.code, "unknown_driver");
    assert!(e.suggestions.contains(&"dell_powermax".to_string()));
}

#[test]
fn missing_key_quotes_the_driver_error() {
    let w = check(j(r#"{}"#), "unity");
    let m = w.iter().find(|w| w.code == RefCode::MissingDriverKey).unwrap();
    assert!(m.message.contains("Reference must contain source-id or source-name key."));
}

/// `source-name` that names a Cinder volume: the template match, then
/// `uuid.UUID()` as `cinder/volume/volume_utils.py:
/// check_already_managed_volume` runs it, not a stricter 32-hex test.
#[test]
fn cinder_volume_names_use_pythons_uuid_parse() {
    let u = "9ba5bb534a184b38be06992999da338d";
    for (name, expected) in [
        (format!("volume-{u}"), true),
        ("volume-9ba5bb53-4a18-4b38-be06-992999da338d".to_string(), true),
        (format!("volume-{{{u}}}"), true),
        (format!("volume-urn:uuid:{u}"), true),
        // int(x, 16) takes a sign, surrounding spaces, underscores and 0x.
        (format!("volume-+{}", &u[1..]), true),
        (format!("volume- {}", &u[1..]), true),
        (format!("volume-0x{}", &u[2..]), true),
        (format!("volume-9_{}", &u[2..]), true),
        // The captured id ends at a line break.
        (format!("volume-{u}\nrest"), true),
        (format!("volume-{}", &u[1..]), false),
        (format!("volume-{u}0"), false),
        (format!("volume-_{}", &u[1..]), false),
        (format!("Volume-{u}"), false),
        (format!("x-volume-{u}"), false),
    ] {
        let n = normalize_ref(&j(&serde_json::json!({"source-name": name}).to_string()), Kind::Volume);
        assert_eq!(codes(&n.warnings).contains(&RefCode::LooksLikeCinderVolumeName), expected, "{name:?}");
        // The validator warns on exactly the same names.
        let body = serde_json::json!({"volume": {"host": "h@b#p", "ref": {"source-name": name}}}).to_string();
        let report = os_volume_manage::check_text(Kind::Volume, body.as_bytes(), &Default::default());
        let warned = report.warnings().iter().any(|w| w.code() == os_volume_manage::Code::PossiblyAlreadyManaged);
        assert_eq!(warned, expected, "{name:?}");
    }
}

#[test]
fn powermax_falls_back_to_a_uuid_search() {
    let message =
        |r: &str| check(j(r), "powermax").into_iter().find(|w| w.code == RefCode::ValueFormMismatch).map(|w| w.message);
    // Not 5 characters: `OS-`/`volume-` removed, a hyphenated UUID anywhere in the rest.
    let m = message(r#"{"source-name": "volume-9ba5bb53-4a18-4b38-be06-992999da338d"}"#).unwrap();
    assert!(m.contains("falls back to a lookup by the Cinder UUID"), "{m}");
    let m = message(r#"{"source-name": "x9BA5BB53-4A18-4B38-BE06-992999DA338Dx"}"#).unwrap();
    assert!(m.contains("falls back"), "{m}");
    // PowerMaxUtils.check_uuid_regex wants the hyphens.
    let m = message(r#"{"source-name": "volume-9ba5bb534a184b38be06992999da338d"}"#).unwrap();
    assert!(m.contains("not a UUID either"), "{m}");
}

#[test]
fn threepar_source_id_is_read_by_uuid_uuid() {
    // _encode_name: uuid.UUID('urn:uuid:' + id without hyphens).
    for id in [
        "9ba5bb53-4a18-4b38-be06-992999da338d",
        "9BA5BB534A184B38BE06992999DA338D",
        "{9ba5bb534a184b38be06992999da338d}",
    ] {
        let r = j(&serde_json::json!({"source-id": id}).to_string());
        assert!(check(r, "hpe_3par").is_empty(), "{id}");
    }
    let r = j(r#"{"source-id": "9ba5bb53-4a18-4b38-be06-992999da338"}"#);
    assert!(codes(&check(r, "hpe_3par")).contains(&RefCode::ValueFormMismatch));
}

/// What serde_json cannot hold comes through exactly: integers of any size,
/// lone surrogates, member order, `NaN`.
#[test]
fn refs_are_the_cores_values() {
    let n = normalize_ref(&j(r#"{"source-id": 123456789012345678901234567890}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-id": "123456789012345678901234567890"}"#));
    let n = normalize_ref(&j(r#"{"source-id": 1.5e300}"#), Kind::Volume);
    assert_eq!(n.normalized, j(r#"{"source-id": "1.5e+300"}"#), "Python's str() of the float");
    let n = normalize_ref(&j(r#"{"z": 1, "source_name": " \ud800 ", "a": 2}"#), Kind::Volume);
    assert_eq!(n.normalized.to_json(), r#"{"z":1,"source-name":"\ud800","a":2}"#);
    assert!(n.changed);
    let keys: Vec<String> = n.warnings.iter().filter_map(|w| w.key.as_ref()).map(|k| k.to_string()).collect();
    assert_eq!(keys, ["source-name", "source-name", "z", "a"]);
    // Canonical keys first is a reordering, not a change.
    assert!(!normalize_ref(&j(r#"{"b": "x", "source-name": "y"}"#), Kind::Volume).changed);
    let n = normalize_ref(&j(r#"{"source-name": NaN}"#), Kind::Snapshot);
    assert_eq!(n.normalized, j(r#"{"source-name": "nan"}"#));
    // A string ref with a lone surrogate is wrapped as it is, trimmed.
    let n = normalize_ref(&j(r#"" \udfff ""#), Kind::Snapshot);
    assert_eq!(n.normalized.to_json(), r#"{"source-name":"\udfff"}"#);
}

/// The table and `docs/cinder/drivers.md` describe the same drivers, and a
/// row's function that reads `ref` is the one the page cites.
#[test]
fn the_table_matches_the_drivers_page() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cinder/drivers.md")).unwrap();
    for d in drivers() {
        let row = page
            .lines()
            .find(|l| l.starts_with("| ") && l.contains(&format!("(`{}`)", d.id)))
            .unwrap_or_else(|| panic!("{} has no row in drivers.md", d.id));
        assert!(row.starts_with(&format!("| {} (`{}`) | ", d.name, d.id)), "{}: {row}", d.id);
        let cell = row.split('|').nth(2).unwrap().trim().replace('`', "");
        // The page's second column: the function that reads ref, or (no
        // manage support) the source, or what the driver calls instead.
        let expected = d.ref_function.map(str::to_string).unwrap_or_else(|| match d.manage_function {
            Some(f) if !f.starts_with("cinder/volume/driver.py") => f.to_string(),
            _ => d.source.to_string(),
        });
        assert_eq!(cell, expected, "{}", d.id);
    }
}
