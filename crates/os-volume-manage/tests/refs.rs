#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Refs: building, normalization, and the driver table (spec 12).

use os_volume_manage::tools::refs::{
    build_ref, check_ref_for_driver, check_snapshot_ref_for_driver, drivers, find_driver, normalize_ref, KeyRole,
    RefCode, RefTarget, RefWarning, Severity, SizeRounding,
};
use serde_json::{json, Value};
use std::collections::HashSet;

fn codes(w: &[RefWarning]) -> Vec<RefCode> {
    w.iter().map(|w| w.code).collect()
}

fn check(r: Value, driver: &str) -> Vec<RefWarning> {
    check_ref_for_driver(&r, driver).unwrap()
}

#[test]
fn build_ref_is_id_type_to_identifier() {
    assert_eq!(build_ref("source-name", "lv1"), json!({"source-name": "lv1"}));
    assert_eq!(build_ref("source-id", " 42 "), json!({"source-id": " 42 "}));
}

#[test]
fn misspelled_keys_are_respelled_and_reported() {
    for key in ["source_name", "sourceName", "source name", "SOURCE-NAME", " source-name", "Source_Name"] {
        let n = normalize_ref(&json!({ key: "lv1" }), RefTarget::Volume);
        assert_eq!(n.normalized, json!({"source-name": "lv1"}), "{key:?}");
        assert!(n.changed);
        assert_eq!(n.original, json!({ key: "lv1" }));
        assert!(codes(&n.warnings).contains(&RefCode::KeyRespelled), "{key:?}");
    }
    let n = normalize_ref(&json!({"sourceId": "7"}), RefTarget::Volume);
    assert_eq!(n.normalized, json!({"source-id": "7"}));
}

#[test]
fn respelling_never_overwrites_the_canonical_key() {
    let n = normalize_ref(&json!({"source-name": "a", "source_name": "b"}), RefTarget::Volume);
    assert_eq!(n.normalized, json!({"source-name": "a", "source_name": "b"}));
    assert!(codes(&n.warnings).contains(&RefCode::KeyRespellingConflict));
}

#[test]
fn values_trimmed_empty_both_unknown() {
    let n = normalize_ref(&json!({"source-name": "  lv1\n", "source-id": "", "colour": "x"}), RefTarget::Volume);
    assert_eq!(n.normalized, json!({"source-name": "lv1", "source-id": "", "colour": "x"}));
    let c = codes(&n.warnings);
    for expected in [RefCode::ValueTrimmed, RefCode::EmptyValue, RefCode::BothSourceKeys, RefCode::UnknownKey] {
        assert!(c.contains(&expected), "{expected:?} in {c:?}");
    }
    let n = normalize_ref(&json!({"name": "vol"}), RefTarget::Volume);
    assert!(codes(&n.warnings).contains(&RefCode::DriverSpecificKey));
    assert!(!n.changed);
}

#[test]
fn unchanged_ref_reports_nothing() {
    let n = normalize_ref(&json!({"source-name": "lv1"}), RefTarget::Volume);
    assert!(!n.changed);
    assert!(n.warnings.is_empty());
}

#[test]
fn string_refs() {
    let n = normalize_ref(&json!(" lv1 "), RefTarget::Volume);
    assert_eq!(n.normalized, json!({"source-name": "lv1"}));
    assert!(codes(&n.warnings).contains(&RefCode::StringRefWrapped));
    let n = normalize_ref(&json!("my-source-name"), RefTarget::Volume);
    let w = n.warnings.iter().find(|w| w.code == RefCode::StringRefContainsSourceName).unwrap();
    assert_eq!(w.severity, Severity::Error);
    let n = normalize_ref(&json!(""), RefTarget::Volume);
    assert_eq!(n.normalized, json!(""));
    assert!(codes(&n.warnings).contains(&RefCode::StringRef));
}

#[test]
fn wrong_types_and_non_string_source_name() {
    for v in [json!(null), json!(1), json!([]), json!(true)] {
        let n = normalize_ref(&v, RefTarget::Volume);
        assert_eq!(n.warnings[0].code, RefCode::RefWrongType, "{v}");
        assert_eq!(n.warnings[0].severity, Severity::Error);
    }
    let n = normalize_ref(&json!(null), RefTarget::Snapshot);
    assert_eq!(codes(&n.warnings), vec![RefCode::NullRef]);
    let n = normalize_ref(&json!({"source-name": 5}), RefTarget::Volume);
    assert_eq!(n.normalized, json!({"source-name": "5"}));
    assert!(codes(&n.warnings).contains(&RefCode::ValueStringified));
    let n = normalize_ref(&json!({"source-name": {"a": 1}}), RefTarget::Volume);
    assert!(n.warnings.iter().any(|w| w.code == RefCode::SourceNameNotString && w.severity == Severity::Error));
    let n = normalize_ref(&json!({}), RefTarget::Volume);
    assert_eq!(codes(&n.warnings), vec![RefCode::EmptyRef]);
    let n = normalize_ref(&json!({"source-name": "volume-9ba5bb53-4a18-4b38-be06-992999da338d"}), RefTarget::Volume);
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
        assert!(["12.1", "12.2", "12.3", "12.4", "12.5", "12.6"].contains(&d.spec_section), "{}", d.id);
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
        let w = check(json!({"source-name": "x", "source-id": "y"}), d.id);
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
    let w = check(json!({"source-name": "lv1", "source-id": "x"}), "lvm");
    let ignored = w.iter().find(|w| w.code == RefCode::KeyIgnoredByDriver).unwrap();
    assert_eq!(ignored.key.as_deref(), Some("source-id"));
    assert!(ignored.message.contains("LVM reads source-name; `source-id` is ignored"));
    let w = check(json!({"source-id": "x"}), "LVM");
    assert!(codes(&w).contains(&RefCode::WrongKeyForDriver));
    assert!(check(json!({"source-name": "lv1"}), "lvm").is_empty());
    // Volume manage does not wrap a string; snapshot manage does.
    assert!(codes(&check(json!("lv1"), "lvm")).contains(&RefCode::StringRef));
    let s = check_snapshot_ref_for_driver(&json!("snap1"), "lvm").unwrap();
    assert!(s.iter().all(|w| w.severity == Severity::Info));
}

#[test]
fn rbd_wants_image_name_not_pool_slash_image() {
    let w = check(json!({"source-name": "volumes/img-01"}), "rbd");
    let m = w.iter().find(|w| w.code == RefCode::ValueFormMismatch).unwrap();
    assert!(m.message.contains("not pool/image") && m.message.contains("\"img-01\""));
    assert!(check(json!({"source-name": "img-01"}), "ceph").is_empty());
}

#[test]
fn powermax() {
    assert!(check(json!({"source-name": "00123"}), "powermax").is_empty());
    let w = check(json!({"source-name": "0012345"}), "dell_powermax");
    assert!(w.iter().any(|w| w.code == RefCode::ValueFormMismatch && w.message.contains("5-character device id")));
    let w = check(json!({"source-name": "OS-00123"}), "powermax");
    assert!(codes(&w).contains(&RefCode::AlreadyManaged));
    let w = check(json!({"source-name": "00123", "source-id": "00456"}), "powermax");
    assert!(w.iter().any(|w| w.code == RefCode::LowerPrecedenceKeyIgnored && w.key.as_deref() == Some("source-id")));
}

#[test]
fn zadara_reads_name() {
    let w = check(json!({"source-name": "vol1"}), "zadara");
    let m = w.iter().find(|w| w.code == RefCode::WrongKeyForDriver).unwrap();
    assert!(m.message.contains("Zadara VPSA reads `name`, not `source-name`"));
    assert!(check(json!({"name": "vol1"}), "zadara").is_empty());
}

#[test]
fn solidfire_needs_integer_source_id() {
    assert!(check(json!({"source-id": 42}), "solidfire").is_empty());
    assert!(check(json!({"source-id": "42", "name": "old"}), "solidfire").is_empty());
    assert!(codes(&check(json!({"source-id": "abc"}), "solidfire")).contains(&RefCode::ValueFormMismatch));
    let w = check(json!({"source-name": "v"}), "solidfire");
    assert!(w.iter().any(|w| w.code == RefCode::WrongKeyForDriver && w.message.contains("requires 'id'")));
}

#[test]
fn threepar_and_pure_listing_keys_not_accepted_back() {
    for driver in ["hpe_3par", "3par", "pure", "hpe_alletra_mp"] {
        let w = check(json!({"name": "vv1"}), driver);
        assert!(codes(&w).contains(&RefCode::ListingKeyNotAccepted), "{driver}: {w:?}");
        assert!(!find_driver(driver).unwrap().listing_key_accepted_back);
    }
    assert!(codes(&check(json!({"source-name": "osv-abc"}), "hpe_3par")).contains(&RefCode::ValueFormMismatch));
    assert!(codes(&check(json!({"source-id": "not-a-uuid"}), "hpe_3par")).contains(&RefCode::ValueFormMismatch));
    assert!(check(json!({"source-id": "9ba5bb53-4a18-4b38-be06-992999da338d"}), "hpe_3par").is_empty());
    assert!(codes(&check(json!({"source-name": "a::b::c"}), "pure")).contains(&RefCode::ValueFormMismatch));
    assert!(check(json!({"source-name": "pod::vol"}), "pure").is_empty());
}

#[test]
fn netapp_nfs_vmware_datera_forms() {
    assert!(check(json!({"source-name": "10.0.0.1:/export/dir/file"}), "netapp_nfs").is_empty());
    assert!(check(json!({"source-name": "fe80::1:/export/file"}), "netapp_ontap_nfs").is_empty());
    assert!(codes(&check(json!({"source-name": "file.img"}), "netapp_nfs")).contains(&RefCode::ValueFormMismatch));
    assert!(check(json!({"source-name": "[ds1] vm/disk.vmdk@dc/vm/vm1"}), "vmware").is_empty());
    assert!(codes(&check(json!({"source-name": "a@b@c"}), "vmware_vmdk")).contains(&RefCode::ValueFormMismatch));
    assert!(check(json!({"source-name": "ai:si:vol"}), "datera").is_empty());
    assert!(check(json!({"source-name": "t:ai:si:vol"}), "datera").is_empty());
    assert!(codes(&check(json!({"source-name": "ai:vol"}), "datera")).contains(&RefCode::ValueFormMismatch));
    assert!(check_snapshot_ref_for_driver(&json!({"source-name": "1234567890.12345678"}), "datera")
        .unwrap()
        .is_empty());
    assert!(!check_snapshot_ref_for_driver(&json!({"source-name": "123.4"}), "datera").unwrap().is_empty());
}

#[test]
fn hitachi_storwize_nexenta() {
    assert!(check(json!({"source-id": "1000"}), "hitachi_vsp").is_empty());
    assert!(check(json!({"source-id": "00:1A:2B"}), "hitachi").is_empty());
    assert!(codes(&check(json!({"source-id": 1000}), "hitachi_vsp")).contains(&RefCode::ValueFormMismatch));
    let w = check(json!({"source-name": "vd1", "manage_if_in_use": "false"}), "storwize");
    assert!(codes(&w).contains(&RefCode::TruthyFlag));
    // Nexenta uses both keys as filters: no precedence warning.
    assert!(check(json!({"source-name": "z", "source-guid": "g"}), "nexenta_ns5_iscsi").is_empty());
}

#[test]
fn no_manage_driver() {
    let w = check(json!({"source-name": "x"}), "dell_powerstore");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, RefCode::NoManageSupport);
    assert_eq!(w[0].severity, Severity::Error);
    assert!(w[0].message.contains("202") && w[0].message.contains("error"));
    assert_eq!(check(json!({"source-name": "x"}), "ibm_ds8k")[0].code, RefCode::NoManageSupport);
    // Drivers without snapshot manage.
    assert_eq!(
        check_snapshot_ref_for_driver(&json!({"source-name": "x"}), "netapp_nfs").unwrap()[0].code,
        RefCode::NoManageSupport
    );
}

#[test]
fn unknown_driver() {
    let e = check_ref_for_driver(&json!({}), "powerm").unwrap_err();
    assert_eq!(e.code, "unknown_driver");
    assert!(e.suggestions.contains(&"dell_powermax".to_string()));
}

#[test]
fn missing_key_quotes_the_driver_error() {
    let w = check(json!({}), "unity");
    let m = w.iter().find(|w| w.code == RefCode::MissingDriverKey).unwrap();
    assert!(m.message.contains("Reference must contain source-id or source-name key."));
}
