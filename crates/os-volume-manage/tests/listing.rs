#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Listings, listing → request, query strings, manage responses, metadata
//! text and server-message placement, using the api-ref samples.

use os_volume_manage::tools::listing::{
    build_listing_query, entry_to_snapshot_request, entry_to_volume_request, parse_listing,
    parse_snapshot_manage_response, parse_volume_manage_response, percent_encode, FromListingOptions, ListingCode,
    ListingQuery, ServiceTarget, SortDir, SortKey, SortSpec,
};
use os_volume_manage::tools::metadata_text::{parse_metadata_cli, parse_metadata_horizon, MetadataCode};
use os_volume_manage::tools::server_message::{locate_server_message, ServerMessageCode};
use os_volume_manage::{Kind, Object, PyStr, Value};

/// JSON text as Cinder parses it.
fn j(text: &str) -> Value {
    Value::parse(text.as_bytes()).unwrap()
}

/// The text of an optional string.
fn text(s: &Option<PyStr>) -> Option<&str> {
    s.as_ref().and_then(PyStr::as_str)
}

/// The string member `key` of an object.
fn member<'a>(o: &'a Object, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_pystr).and_then(PyStr::as_str)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/api-ref/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn volume_listing_summary_and_detail() {
    let l = parse_listing(&fixture("volume-manage-list-response.json")).unwrap();
    assert_eq!(l.kind, Kind::Volume);
    assert!(!l.detailed);
    assert_eq!(l.entries.len(), 2);
    assert_eq!(member(&l.entries[1].reference, "source-name"), Some("lvol0"));
    assert_eq!(l.entries[1].size, Some(1));
    assert_eq!(l.entries[0].safe_to_manage, Some(false));
    assert!(l.deviations.is_empty());

    let d = parse_listing(&fixture("volume-manage-list-detail-response.json")).unwrap();
    assert!(d.detailed);
    assert_eq!(text(&d.entries[0].reason_not_safe), Some("already managed"));
    assert_eq!(text(&d.entries[0].cinder_id), Some("9ba5bb53-4a18-4b38-be06-992999da338d"));
    assert_eq!(d.entries[1].extra_info, None);
    assert!(d.deviations.is_empty());
}

#[test]
fn snapshot_listing_summary_and_detail() {
    for (name, detailed) in
        [("snapshot-manage-list-response.json", false), ("snapshot-manage-list-detail-response.json", true)]
    {
        let l = parse_listing(&fixture(name)).unwrap();
        assert_eq!(l.kind, Kind::Snapshot);
        assert_eq!(l.detailed, detailed);
        assert_eq!(
            member(l.entries[0].source_reference.as_ref().unwrap(), "source-name"),
            Some("volume-7c064b34-1e4b-40bd-93ca-4ac5a973661b")
        );
        assert!(l.deviations.is_empty(), "{name}: {:?}", l.deviations);
    }
}

#[test]
fn driver_oddities_become_deviations() {
    let text = r#"{"manageable-volumes": [
        {"reference": {"source-id": 123}, "size": 1.5, "safe_to_manage": "yes", "extra_info": "x"},
        7
    ]}"#;
    let l = parse_listing(text).unwrap();
    let c: Vec<ListingCode> = l.deviations.iter().map(|d| d.code).collect();
    assert!(c.contains(&ListingCode::NonStringReferenceValue));
    assert!(c.contains(&ListingCode::NonIntegerSize));
    assert!(c.contains(&ListingCode::WrongType));
    assert_eq!(l.entries.len(), 1);
    assert_eq!(member(&l.entries[0].reference, "source-id"), Some("123"));
    assert_eq!(l.entries[0].size, Some(1));
    let ptrs: Vec<&str> = l.deviations.iter().map(|d| d.pointer.as_str()).collect();
    assert!(ptrs.contains(&"/manageable-volumes/0/reference/source-id"));
    assert!(ptrs.contains(&"/manageable-volumes/1"));
    assert_eq!(parse_listing("[]").unwrap_err().code, ListingCode::UnknownShape);
    assert_eq!(parse_listing("{").unwrap_err().code, ListingCode::InvalidJson);
}

#[test]
fn entry_to_request() {
    let d = parse_listing(&fixture("volume-manage-list-detail-response.json")).unwrap();
    let refused =
        entry_to_volume_request(&d.entries[0], &ServiceTarget::Host("h@b#p".into()), &FromListingOptions::default())
            .unwrap_err();
    assert_eq!(refused.code, ListingCode::NotSafeToManage);
    assert_eq!(text(&refused.reason_not_safe), Some("already managed"));
    assert!(refused.message.contains("already managed"));

    let mut options = FromListingOptions::default();
    options.name = Some("imported".into());
    options.bootable = Some(true);
    let r = entry_to_volume_request(&d.entries[1], &ServiceTarget::Host("h@b#p".into()), &options).unwrap();
    assert_eq!(
        r.body,
        j(r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lvol0"}, "name": "imported", "bootable": true}}"#)
    );
    assert_eq!(r.listed_size_gib, Some(1));
    assert_eq!(r.min_microversion, None);

    let r =
        entry_to_volume_request(&d.entries[1], &ServiceTarget::Cluster("c@b".into()), &FromListingOptions::default())
            .unwrap();
    assert_eq!(r.body.get("volume").and_then(|v| v.get("cluster")), Some(&Value::from("c@b")));
    assert!(r.body.get("volume").and_then(|v| v.get("host")).is_none());
    assert_eq!(r.min_microversion.as_deref(), Some("3.16"));

    let mut forced = FromListingOptions::default();
    forced.allow_unsafe = true;
    let r = entry_to_volume_request(&d.entries[0], &ServiceTarget::Host("h".into()), &forced).unwrap();
    assert_eq!(r.notes[0].code, ListingCode::NotSafeToManage);
}

#[test]
fn snapshot_entry_to_request() {
    let l = parse_listing(&fixture("snapshot-manage-list-detail-response.json")).unwrap();
    let vid = "1df34919-aba7-4a1b-a614-3b409d71ac03";
    let r = entry_to_snapshot_request(&l.entries[0], vid, &FromListingOptions::default()).unwrap();
    assert_eq!(r.body, j(&format!(r#"{{"snapshot": {{"volume_id": "{vid}", "ref": {{"source-name": "lvol0"}}}}}}"#)));
    assert!(r.notes.is_empty());
    assert!(entry_to_snapshot_request(&l.entries[1], vid, &FromListingOptions::default()).is_err());
    let r = entry_to_snapshot_request(&l.entries[0], "zz", &FromListingOptions::default()).unwrap();
    assert_eq!(r.notes[0].code, ListingCode::VolumeIdNotUuid);
}

#[test]
fn reference_with_name_key_is_flagged() {
    let l =
        parse_listing(r#"{"manageable-volumes": [{"reference": {"name": "vv1"}, "size": 2, "safe_to_manage": true}]}"#)
            .unwrap();
    let r =
        entry_to_volume_request(&l.entries[0], &ServiceTarget::Host("h@3par".into()), &FromListingOptions::default())
            .unwrap();
    assert_eq!(r.notes[0].code, ListingCode::ReferenceUsesNameKey);
}

#[test]
fn query_strings() {
    let query = |host: Option<&str>, cluster: Option<&str>, microversion: Option<&str>| {
        let mut q = ListingQuery::default();
        q.host = host.map(str::to_string);
        q.cluster = cluster.map(str::to_string);
        q.microversion = microversion.map(str::to_string);
        q
    };
    let mut q = query(Some("node1@lvm#pool a"), None, Some("3.8"));
    q.detail = true;
    q.marker = Some(j(r#"{"source-name": "lvol0"}"#));
    q.limit = Some(10);
    q.offset = Some(5);
    q.sort =
        vec![SortSpec { key: SortKey::Size, dir: Some(SortDir::Asc) }, SortSpec { key: SortKey::Reference, dir: None }];
    let b = build_listing_query(&q).unwrap();
    assert_eq!(b.path, "manageable_volumes/detail");
    assert_eq!(
        b.query,
        "host=node1%40lvm%23pool%20a&marker=%7B%22source-name%22%3A%22lvol0%22%7D&limit=10&offset=5&sort=size%3Aasc%2Creference"
    );
    assert!(!b.query.contains('#'));
    // Below 3.8: the contrib route.
    let mut snapshots = query(Some("h"), None, None);
    snapshots.snapshots = true;
    assert_eq!(build_listing_query(&snapshots).unwrap().path_and_query, "os-snapshot-manage?host=h");
    // Cluster rules.
    let cluster = query(None, Some("c"), Some("3.16"));
    assert_eq!(build_listing_query(&cluster).unwrap_err().code, ListingCode::MicroversionTooLow);
    let both = query(Some("h"), Some("c"), Some("3.17"));
    assert_eq!(build_listing_query(&both).unwrap_err().code, ListingCode::HostOrClusterRequired);
    let ok = query(None, Some("c@b"), Some("latest"));
    assert_eq!(build_listing_query(&ok).unwrap().query, "cluster=c%40b");
    assert_eq!(build_listing_query(&ListingQuery::default()).unwrap_err().code, ListingCode::HostOrClusterRequired);
    let mut bad = query(Some("h"), None, None);
    bad.offset = Some(2_147_483_648);
    assert_eq!(build_listing_query(&bad).unwrap_err().code, ListingCode::OffsetTooLarge);
    // Negative numbers are Cinder's 400s, reported as data, with its texts.
    let mut negative = query(Some("h"), None, None);
    negative.limit = Some(-1);
    let e = build_listing_query(&negative).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ListingCode::NegativeLimit, "limit param must be positive"));
    let mut negative = query(Some("h"), None, None);
    negative.offset = Some(-5);
    let e = build_listing_query(&negative).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ListingCode::NegativeOffset, "offset must be >= 0"));
    let bad = query(Some("h"), None, Some("3.08"));
    assert_eq!(build_listing_query(&bad).unwrap_err().code, ListingCode::InvalidMicroversion);
    assert_eq!(percent_encode("a b#é~"), "a%20b%23%C3%A9~");
}

#[test]
fn volume_manage_response_stub_is_flagged() {
    let r = parse_volume_manage_response(&fixture("volume-manage-response.json")).unwrap();
    assert!(r.stub_like);
    assert_eq!(r.encrypted, Some(false));
    assert_eq!(r.bootable, Some(false));
    assert_eq!(r.size, Some(0));
    assert_eq!(text(&r.status), Some("creating"));
    let codes: Vec<(ListingCode, &str)> = r.deviations.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert!(codes.contains(&(ListingCode::StubBooleanString, "/volume/encrypted")));
    assert!(codes.contains(&(ListingCode::StubNullString, "/volume/snapshot_id")));
    assert!(codes.contains(&(ListingCode::StubNullString, "/volume/volume_type")));
    assert!(codes.contains(&(ListingCode::UnexpectedField, "/volume/os-vol-tenant-attr:tenant_id")));
    assert!(codes.contains(&(ListingCode::MissingField, "/volume/multiattach")));
}

#[test]
fn real_volume_manage_response_is_clean() {
    let real = String::from(
        r#"{"volume": {
        "id": "23cf872b-c781-4cd4-847d-5f2ec8cbd91c", "status": "creating", "size": 0, "availability_zone": "nova",
        "created_at": "2024-01-01T00:00:00.000000", "updated_at": null, "name": "imported", "description": null,
        "volume_type": "lvmdriver-1", "snapshot_id": null, "source_volid": null, "metadata": {},
        "links": [{"rel": "self", "href": "http://x/v3/p/volumes/23cf872b-c781-4cd4-847d-5f2ec8cbd91c"}],
        "user_id": "u", "bootable": "true", "encrypted": false, "replication_status": null,
        "consistencygroup_id": null, "multiattach": false, "attachments": [], "migration_status": null}}"#,
    );
    let r = parse_volume_manage_response(&real).unwrap();
    assert!(!r.stub_like);
    assert!(r.deviations.is_empty(), "{:?}", r.deviations);
    assert_eq!(r.bootable, Some(true));
    assert_eq!(text(&r.volume_type), Some("lvmdriver-1"));
    assert!(text(&r.self_link).unwrap().ends_with("/volumes/23cf872b-c781-4cd4-847d-5f2ec8cbd91c"));
    // bootable as a boolean and a size of 5 are deviations.
    let odd = real.replace(r#""bootable": "true""#, r#""bootable": true"#).replace(r#""size": 0"#, r#""size": 5"#);
    let r = parse_volume_manage_response(&odd).unwrap();
    assert_eq!(r.deviations.len(), 2, "{:?}", r.deviations);
}

#[test]
fn snapshot_manage_response() {
    let r = parse_snapshot_manage_response(&fixture("snapshot-manage-response.json")).unwrap();
    assert!(r.stub_like);
    assert_eq!(r.deviations.len(), 1);
    assert_eq!(r.deviations[0].pointer, "/snapshot/updated_at");
    assert_eq!(r.size, Some(1));
    assert_eq!(text(&r.volume_id), Some("1df34919-aba7-4a1b-a614-3b409d71ac03"));
    let extra = r#"{"snapshot": {"id": "i", "created_at": "t", "updated_at": null, "name": null, "description": null,
        "volume_id": "v", "status": "creating", "size": 1, "metadata": {}, "progress": "0%"}}"#;
    let r = parse_snapshot_manage_response(extra).unwrap();
    assert_eq!(r.deviations[0].code, ListingCode::UnexpectedField);
}

#[test]
fn horizon_metadata_text() {
    let p = parse_metadata_horizon("k1=v1, k2=v2,k3=");
    assert_eq!(p.metadata, j(r#"{"k1": "v1", " k2": "v2", "k3": ""}"#).as_object().unwrap().clone());
    assert!(p.rejected.is_empty());
    assert!(p.notes.iter().any(|n| n.code == MetadataCode::KeySurroundingSpace));
    let p = parse_metadata_horizon("url=http://x?a=b,flag,=v,ok=1,");
    let codes: Vec<MetadataCode> = p.rejected.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        vec![MetadataCode::ExtraEquals, MetadataCode::MissingEquals, MetadataCode::EmptyKey, MetadataCode::EmptyPiece]
    );
    assert_eq!(p.metadata, j(r#"{"ok": "1"}"#).as_object().unwrap().clone());
    assert!(p.notes.iter().any(|n| n.code == MetadataCode::HorizonRejectsForm));
    assert!(parse_metadata_horizon("").metadata.is_empty());
    assert!(parse_metadata_horizon(&"a=b,".repeat(70))
        .notes
        .iter()
        .any(|n| n.code == MetadataCode::HorizonTextTooLong));
}

#[test]
fn cli_metadata_items() {
    let p = parse_metadata_cli(&["k=v=w", "bare", "=x", "a b=1", "é=2", "k=last"]);
    assert_eq!(member(&p.metadata, "k"), Some("last"));
    assert_eq!(member(&p.metadata, "a b"), Some("1"));
    let codes: Vec<MetadataCode> = p.rejected.iter().map(|r| r.code).collect();
    assert_eq!(codes, vec![MetadataCode::MissingEquals, MetadataCode::EmptyKey]);
    assert!(p.rejected[0].message.contains("null"));
    let notes: Vec<MetadataCode> = p.notes.iter().map(|n| n.code).collect();
    assert!(notes.contains(&MetadataCode::KeyRejectedByCinder));
    assert!(notes.contains(&MetadataCode::DuplicateKey));
    let p = parse_metadata_cli(&["k=v=w"]);
    assert_eq!(member(&p.metadata, "k"), Some("v=w"));
}

#[test]
fn server_messages_are_placed() {
    let cases: Vec<(&str, ServerMessageCode, &str)> = vec![
        ("Invalid input for field/attribute host. Value: a b. 'a b' does not match '^[a-zA-Z0-9-._#@:/+\\[\\]]*$'", ServerMessageCode::PatternMismatch, "/volume/host"),
        ("Invalid input for field/attribute host. Value: . '' should be non-empty", ServerMessageCode::TooShort, "/volume/host"),
        ("Invalid input for field/attribute bootable. Value: Y. 'Y' is not one of [True, 'True']", ServerMessageCode::NotInEnum, "/volume/bootable"),
        ("Invalid input for field/attribute a. Value: None. None is not of type 'string'", ServerMessageCode::WrongType, "/volume/metadata/a"),
        ("Invalid input for field/attribute metadata. Value: {'': 'b'}. '' does not match any of the regexes: '^[a-zA-Z0-9-_:. /]{1,255}$'", ServerMessageCode::MetadataKeyInvalid, "/volume/metadata"),
        ("Invalid input for field/attribute volume. Value: {}. 'ref' is a required property", ServerMessageCode::MissingRequired, "/volume/ref"),
        ("Invalid input for field/attribute volume. Value: {'ref': {}, 'cluster': 'c'}. Additional properties are not allowed ('cluster' was unexpected)", ServerMessageCode::UnexpectedProperty, "/volume/cluster"),
        ("'volume' is a required property", ServerMessageCode::MissingRequired, "/volume"),
        ("Additional properties are not allowed ('extra' was unexpected)", ServerMessageCode::UnexpectedProperty, "/extra"),
        ("[] is not of type 'object'", ServerMessageCode::WrongType, ""),
        ("Invalid input received: Host field is missing.", ServerMessageCode::HostMissing, "/volume/host"),
        ("Invalid input received: One and only one of cluster and host must be set.", ServerMessageCode::HostClusterExclusive, "/volume/host"),
        ("Invalid volume type: Cannot find requested ' gold' volume type", ServerMessageCode::VolumeTypeNotFound, "/volume/volume_type"),
        ("Host 'h\n' not found", ServerMessageCode::ServiceNotFound, "/volume/host"),
        ("Unable to manage existing volume. The volume is already managed", ServerMessageCode::AlreadyManaged, "/volume/ref"),
        ("Invalid input for field/attribute description. Value: a. b. 'a. b' does not match '^x$'", ServerMessageCode::PatternMismatch, "/volume/description"),
        ("Invalid input for field/attribute a/b. Value: xx. 'xx' is too long", ServerMessageCode::TooLong, "/volume/metadata/a~1b"),
    ];
    for (message, code, pointer) in cases {
        let l = locate_server_message(message, Kind::Volume, None);
        assert_eq!(l.code, code, "{message}");
        assert_eq!(l.pointer.as_deref(), Some(pointer), "{message}");
    }
    let l = locate_server_message(
        "Invalid input for field/attribute description. Value: a. b. 'a. b' does not match '^x$'",
        Kind::Volume,
        None,
    );
    assert_eq!(l.value_text.as_deref(), Some("a. b"));
    let l = locate_server_message(
        "Invalid input for field/attribute volume_id. Value: zz. 'zz' is not a 'uuid'",
        Kind::Snapshot,
        None,
    );
    assert_eq!((l.code, l.pointer.as_deref()), (ServerMessageCode::NotUuid, Some("/snapshot/volume_id")));
    // A metadata key named like a field: the request settles it.
    let req = j(&format!(r#"{{"volume": {{"ref": {{}}, "metadata": {{"name": "{}"}}}}}}"#, "x".repeat(300)));
    let l = locate_server_message(
        "Invalid input for field/attribute name. Value: xxx. 'xxx' is too long",
        Kind::Volume,
        Some(&req),
    );
    assert_eq!(l.pointer.as_deref(), Some("/volume/metadata/name"));
    let l = locate_server_message("API Version String 3.08 is of invalid format.", Kind::Volume, None);
    assert_eq!((l.code, l.pointer), (ServerMessageCode::MicroversionInvalid, None));
    assert_eq!(locate_server_message("something else", Kind::Volume, None).code, ServerMessageCode::Unrecognized);
}

/// A server message placed by `locate_server_message` lands on the same
/// pointer the library's own report uses for that problem, even for a key
/// that needs escaping (percent-encoding included).
#[test]
fn server_message_pointer_matches_the_report_pointer() {
    use os_volume_manage::{check_text, Options};
    let body = r#"{"volume": {"host": "h@b#p", "ref": {}, "metadata": {"k ey/x": null}}}"#;
    let report = check_text(Kind::Volume, body.as_bytes(), &Options::default());
    let request = j(body);
    let located = os_volume_manage::tools::server_message::locate_server_message(
        &report.server_error().unwrap().to_string(),
        Kind::Volume,
        Some(&request),
    );
    assert_eq!(report.errors()[0].pointer(), "/volume/metadata/k%20ey~1x");
    assert_eq!(located.pointer.as_deref(), Some(report.errors()[0].pointer()));
}

/// Microversions are resolved as the validator resolves them: Cinder's
/// format, its range (3.0 to 3.71), `latest`, header values, the v2 API.
#[test]
fn query_microversions_are_the_validators() {
    let with = |microversion: &str| {
        let mut q = ListingQuery::default();
        q.host = Some("h".into());
        q.microversion = Some(microversion.into());
        build_listing_query(&q)
    };
    for (version, path) in [
        ("3.7", "os-volume-manage"),
        ("3.8", "manageable_volumes"),
        ("volume 3.8", "manageable_volumes"),
        ("2.0", "os-volume-manage"),
    ] {
        assert_eq!(with(version).unwrap().path, path, "{version}");
    }
    for version in ["3.72", "3.99", "4.0", "1.0"] {
        let e = with(version).unwrap_err();
        assert_eq!(e.code, ListingCode::MicroversionNotSupported, "{version}");
        assert!(e.message.contains("406"), "{}", e.message);
    }
    for version in ["3.08", "3", "x", "", "03.8"] {
        assert_eq!(with(version).unwrap_err().code, ListingCode::InvalidMicroversion, "{version:?}");
    }
}

/// Listings keep what serde_json could not: member order, lone surrogates,
/// integers of any size; odd sizes are reported, not misread.
#[test]
fn listings_are_read_exactly() {
    let text = r#"{"manageable-volumes": [
        {"reference": {"source-name": "\ud800", "b": 1, "a": 2, "b": 3}, "size": 1, "safe_to_manage": true},
        {"reference": {"source-name": "x", "v": NaN, "f": 1.5e300, "t": true}, "size": 12345678901234567890},
        {"reference": {"source-name": "y"}, "size": 1e300},
        {"reference": {"source-name": "z"}, "size": -2.7}
    ]}"#;
    let l = parse_listing(text).unwrap();
    assert_eq!(Value::Object(l.entries[0].reference.clone()).to_json(), r#"{"source-name":"\ud800","b":"3","a":"2"}"#);
    // DictOfNullableStringsField: Python's str() of each scalar.
    assert_eq!(
        Value::Object(l.entries[1].reference.clone()).to_json(),
        r#"{"source-name":"x","v":"nan","f":"1.5e+300","t":"True"}"#
    );
    assert_eq!((l.entries[1].size, l.entries[2].size, l.entries[3].size), (None, None, Some(-2)));
    let codes: Vec<(ListingCode, &str)> = l.deviations.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert!(codes.contains(&(ListingCode::SizeOutOfRange, "/manageable-volumes/1/size")), "{codes:?}");
    assert!(codes.contains(&(ListingCode::SizeOutOfRange, "/manageable-volumes/2/size")), "{codes:?}");
    assert!(codes.contains(&(ListingCode::NonIntegerSize, "/manageable-volumes/3/size")), "{codes:?}");
    // The reference goes back exactly as listed.
    let r = entry_to_volume_request(&l.entries[0], &ServiceTarget::Host("h".into()), &FromListingOptions::default())
        .unwrap();
    assert_eq!(r.body.to_json(), r#"{"volume":{"host":"h","ref":{"source-name":"\ud800","b":"3","a":"2"}}}"#);
    let e = parse_listing("").unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ListingCode::InvalidJson, "the listing is not JSON: the text is empty"));
}

/// The parent volume id: refused by the schema (not UUID-like) or looked up
/// verbatim (UUID-like but not the stored lowercase form).
#[test]
fn snapshot_volume_ids_follow_the_validator() {
    let l = parse_listing(&fixture("snapshot-manage-list-detail-response.json")).unwrap();
    let note = |id: &str| {
        entry_to_snapshot_request(&l.entries[0], id, &FromListingOptions::default())
            .unwrap()
            .notes
            .pop()
            .map(|n| n.message)
    };
    assert_eq!(note("1df34919-aba7-4a1b-a614-3b409d71ac03"), None);
    assert!(note("1DF34919-ABA7-4A1B-A614-3B409D71AC03").unwrap().contains("404"));
    assert!(note("{1df34919aba74a1ba6143b409d71ac03}").unwrap().contains("404"));
    assert!(note("1df34919-aba7-4a1b-a614-3b409d71ac0").unwrap().contains("400"));
    // The core agrees: the first is accepted with a warning, the last refused.
    let body = |id: &str| format!(r#"{{"snapshot": {{"volume_id": "{id}", "ref": {{"source-name": "s"}}}}}}"#);
    let check = |id: &str| os_volume_manage::check_text(Kind::Snapshot, body(id).as_bytes(), &Default::default());
    assert!(check("1DF34919-ABA7-4A1B-A614-3B409D71AC03").accepted());
    assert!(!check("1df34919-aba7-4a1b-a614-3b409d71ac0").accepted());
}
