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
    ListingQuery, ResourceKind, ServiceTarget, SortDir, SortKey, SortSpec,
};
use os_volume_manage::tools::metadata_text::{parse_metadata_cli, parse_metadata_horizon, MetadataCode};
use os_volume_manage::tools::server_message::{locate_server_message, ServerMessageCode};
use serde_json::json;

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/api-ref/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn volume_listing_summary_and_detail() {
    let l = parse_listing(&fixture("volume-manage-list-response.json")).unwrap();
    assert_eq!(l.kind, ResourceKind::Volume);
    assert!(!l.detailed);
    assert_eq!(l.entries.len(), 2);
    assert_eq!(l.entries[1].reference["source-name"], "lvol0");
    assert_eq!(l.entries[1].size, Some(1));
    assert_eq!(l.entries[0].safe_to_manage, Some(false));
    assert!(l.deviations.is_empty());

    let d = parse_listing(&fixture("volume-manage-list-detail-response.json")).unwrap();
    assert!(d.detailed);
    assert_eq!(d.entries[0].reason_not_safe.as_deref(), Some("already managed"));
    assert_eq!(d.entries[0].cinder_id.as_deref(), Some("9ba5bb53-4a18-4b38-be06-992999da338d"));
    assert_eq!(d.entries[1].extra_info, None);
    assert!(d.deviations.is_empty());
}

#[test]
fn snapshot_listing_summary_and_detail() {
    for (name, detailed) in
        [("snapshot-manage-list-response.json", false), ("snapshot-manage-list-detail-response.json", true)]
    {
        let l = parse_listing(&fixture(name)).unwrap();
        assert_eq!(l.kind, ResourceKind::Snapshot);
        assert_eq!(l.detailed, detailed);
        assert_eq!(
            l.entries[0].source_reference.as_ref().unwrap()["source-name"],
            "volume-7c064b34-1e4b-40bd-93ca-4ac5a973661b"
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
    assert_eq!(l.entries[0].reference["source-id"], "123");
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
    assert_eq!(refused.reason_not_safe.as_deref(), Some("already managed"));
    assert!(refused.message.contains("already managed"));

    let options = FromListingOptions { name: Some("imported".into()), bootable: Some(true), ..Default::default() };
    let r = entry_to_volume_request(&d.entries[1], &ServiceTarget::Host("h@b#p".into()), &options).unwrap();
    assert_eq!(
        r.body,
        json!({"volume": {"host": "h@b#p", "ref": {"source-name": "lvol0"}, "name": "imported", "bootable": true}})
    );
    assert_eq!(r.listed_size_gib, Some(1));
    assert_eq!(r.min_microversion, None);

    let r =
        entry_to_volume_request(&d.entries[1], &ServiceTarget::Cluster("c@b".into()), &FromListingOptions::default())
            .unwrap();
    assert_eq!(r.body["volume"]["cluster"], "c@b");
    assert!(r.body["volume"].get("host").is_none());
    assert_eq!(r.min_microversion.as_deref(), Some("3.16"));

    let forced = FromListingOptions { allow_unsafe: true, ..Default::default() };
    let r = entry_to_volume_request(&d.entries[0], &ServiceTarget::Host("h".into()), &forced).unwrap();
    assert_eq!(r.notes[0].code, ListingCode::NotSafeToManage);
}

#[test]
fn snapshot_entry_to_request() {
    let l = parse_listing(&fixture("snapshot-manage-list-detail-response.json")).unwrap();
    let vid = "1df34919-aba7-4a1b-a614-3b409d71ac03";
    let r = entry_to_snapshot_request(&l.entries[0], vid, &FromListingOptions::default()).unwrap();
    assert_eq!(r.body, json!({"snapshot": {"volume_id": vid, "ref": {"source-name": "lvol0"}}}));
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
    let q = ListingQuery {
        detail: true,
        host: Some("node1@lvm#pool a".into()),
        marker: Some(json!({"source-name": "lvol0"})),
        limit: Some(10),
        offset: Some(5),
        sort: vec![
            SortSpec { key: SortKey::Size, dir: Some(SortDir::Asc) },
            SortSpec { key: SortKey::Reference, dir: None },
        ],
        microversion: Some("3.8".into()),
        ..Default::default()
    };
    let b = build_listing_query(&q).unwrap();
    assert_eq!(b.path, "manageable_volumes/detail");
    assert_eq!(
        b.query,
        "host=node1%40lvm%23pool%20a&marker=%7B%22source-name%22%3A%22lvol0%22%7D&limit=10&offset=5&sort=size%3Aasc%2Creference"
    );
    assert!(!b.query.contains('#'));
    // Below 3.8: the contrib route.
    let b =
        build_listing_query(&ListingQuery { host: Some("h".into()), snapshots: true, ..Default::default() }).unwrap();
    assert_eq!(b.path_and_query, "os-snapshot-manage?host=h");
    // Cluster rules.
    let cluster = ListingQuery { cluster: Some("c".into()), microversion: Some("3.16".into()), ..Default::default() };
    assert_eq!(build_listing_query(&cluster).unwrap_err().code, ListingCode::MicroversionTooLow);
    let both = ListingQuery {
        host: Some("h".into()),
        cluster: Some("c".into()),
        microversion: Some("3.17".into()),
        ..Default::default()
    };
    assert_eq!(build_listing_query(&both).unwrap_err().code, ListingCode::HostOrClusterRequired);
    let ok = ListingQuery { cluster: Some("c@b".into()), microversion: Some("latest".into()), ..Default::default() };
    assert_eq!(build_listing_query(&ok).unwrap().query, "cluster=c%40b");
    assert_eq!(build_listing_query(&ListingQuery::default()).unwrap_err().code, ListingCode::HostOrClusterRequired);
    let bad = ListingQuery { host: Some("h".into()), offset: Some(2_147_483_648), ..Default::default() };
    assert_eq!(build_listing_query(&bad).unwrap_err().code, ListingCode::OffsetTooLarge);
    let bad = ListingQuery { host: Some("h".into()), microversion: Some("3.08".into()), ..Default::default() };
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
    assert_eq!(r.status.as_deref(), Some("creating"));
    let codes: Vec<(ListingCode, &str)> = r.deviations.iter().map(|d| (d.code, d.pointer.as_str())).collect();
    assert!(codes.contains(&(ListingCode::StubBooleanString, "/volume/encrypted")));
    assert!(codes.contains(&(ListingCode::StubNullString, "/volume/snapshot_id")));
    assert!(codes.contains(&(ListingCode::StubNullString, "/volume/volume_type")));
    assert!(codes.contains(&(ListingCode::UnexpectedField, "/volume/os-vol-tenant-attr:tenant_id")));
    assert!(codes.contains(&(ListingCode::MissingField, "/volume/multiattach")));
}

#[test]
fn real_volume_manage_response_is_clean() {
    let real = json!({"volume": {
        "id": "23cf872b-c781-4cd4-847d-5f2ec8cbd91c", "status": "creating", "size": 0, "availability_zone": "nova",
        "created_at": "2024-01-01T00:00:00.000000", "updated_at": null, "name": "imported", "description": null,
        "volume_type": "lvmdriver-1", "snapshot_id": null, "source_volid": null, "metadata": {},
        "links": [{"rel": "self", "href": "http://x/v3/p/volumes/23cf872b-c781-4cd4-847d-5f2ec8cbd91c"}],
        "user_id": "u", "bootable": "true", "encrypted": false, "replication_status": null,
        "consistencygroup_id": null, "multiattach": false, "attachments": [], "migration_status": null}});
    let r = parse_volume_manage_response(&real.to_string()).unwrap();
    assert!(!r.stub_like);
    assert!(r.deviations.is_empty(), "{:?}", r.deviations);
    assert_eq!(r.bootable, Some(true));
    assert_eq!(r.volume_type.as_deref(), Some("lvmdriver-1"));
    assert!(r.self_link.unwrap().ends_with("/volumes/23cf872b-c781-4cd4-847d-5f2ec8cbd91c"));
    // bootable as a boolean and a size of 5 are deviations.
    let mut odd = real.clone();
    odd["volume"]["bootable"] = json!(true);
    odd["volume"]["size"] = json!(5);
    let r = parse_volume_manage_response(&odd.to_string()).unwrap();
    assert_eq!(r.deviations.len(), 2, "{:?}", r.deviations);
}

#[test]
fn snapshot_manage_response() {
    let r = parse_snapshot_manage_response(&fixture("snapshot-manage-response.json")).unwrap();
    assert!(r.stub_like);
    assert_eq!(r.deviations.len(), 1);
    assert_eq!(r.deviations[0].pointer, "/snapshot/updated_at");
    assert_eq!(r.size, Some(1));
    assert_eq!(r.volume_id.as_deref(), Some("1df34919-aba7-4a1b-a614-3b409d71ac03"));
    let extra = r#"{"snapshot": {"id": "i", "created_at": "t", "updated_at": null, "name": null, "description": null,
        "volume_id": "v", "status": "creating", "size": 1, "metadata": {}, "progress": "0%"}}"#;
    let r = parse_snapshot_manage_response(extra).unwrap();
    assert_eq!(r.deviations[0].code, ListingCode::UnexpectedField);
}

#[test]
fn horizon_metadata_text() {
    let p = parse_metadata_horizon("k1=v1, k2=v2,k3=");
    assert_eq!(p.metadata, json!({"k1": "v1", " k2": "v2", "k3": ""}).as_object().unwrap().clone());
    assert!(p.rejected.is_empty());
    assert!(p.notes.iter().any(|n| n.code == MetadataCode::KeySurroundingSpace));
    let p = parse_metadata_horizon("url=http://x?a=b,flag,=v,ok=1,");
    let codes: Vec<MetadataCode> = p.rejected.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        vec![MetadataCode::ExtraEquals, MetadataCode::MissingEquals, MetadataCode::EmptyKey, MetadataCode::EmptyPiece]
    );
    assert_eq!(p.metadata, json!({"ok": "1"}).as_object().unwrap().clone());
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
    assert_eq!(p.metadata["k"], "last");
    assert_eq!(p.metadata["a b"], "1");
    let codes: Vec<MetadataCode> = p.rejected.iter().map(|r| r.code).collect();
    assert_eq!(codes, vec![MetadataCode::MissingEquals, MetadataCode::EmptyKey]);
    assert!(p.rejected[0].message.contains("null"));
    let notes: Vec<MetadataCode> = p.notes.iter().map(|n| n.code).collect();
    assert!(notes.contains(&MetadataCode::KeyRejectedByCinder));
    assert!(notes.contains(&MetadataCode::DuplicateKey));
    let p = parse_metadata_cli(&["k=v=w"]);
    assert_eq!(p.metadata["k"], "v=w");
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
        let l = locate_server_message(message, false, None);
        assert_eq!(l.code, code, "{message}");
        assert_eq!(l.pointer.as_deref(), Some(pointer), "{message}");
    }
    let l = locate_server_message(
        "Invalid input for field/attribute description. Value: a. b. 'a. b' does not match '^x$'",
        false,
        None,
    );
    assert_eq!(l.value_text.as_deref(), Some("a. b"));
    let l = locate_server_message(
        "Invalid input for field/attribute volume_id. Value: zz. 'zz' is not a 'uuid'",
        true,
        None,
    );
    assert_eq!((l.code, l.pointer.as_deref()), (ServerMessageCode::NotUuid, Some("/snapshot/volume_id")));
    // A metadata key named like a field: the request settles it.
    let req = json!({"volume": {"ref": {}, "metadata": {"name": "x".repeat(300)}}});
    let l = locate_server_message(
        "Invalid input for field/attribute name. Value: xxx. 'xxx' is too long",
        false,
        Some(&req),
    );
    assert_eq!(l.pointer.as_deref(), Some("/volume/metadata/name"));
    let l = locate_server_message("API Version String 3.08 is of invalid format.", false, None);
    assert_eq!((l.code, l.pointer), (ServerMessageCode::MicroversionInvalid, None));
    assert_eq!(locate_server_message("something else", false, None).code, ServerMessageCode::Unrecognized);
}

/// A server message placed by `locate_server_message` lands on the same
/// pointer the library's own report uses for that problem, even for a key
/// that needs escaping (percent-encoding included).
#[test]
fn server_message_pointer_matches_the_report_pointer() {
    use os_volume_manage::{check_text, Kind, Options};
    let body = r#"{"volume": {"host": "h@b#p", "ref": {}, "metadata": {"k ey/x": null}}}"#;
    let report = check_text(Kind::Volume, body.as_bytes(), &Options::default());
    let request: serde_json::Value = serde_json::from_str(body).unwrap();
    let located = os_volume_manage::tools::server_message::locate_server_message(
        &report.server_error().unwrap().to_string(),
        false,
        Some(&request),
    );
    assert_eq!(report.errors()[0].pointer(), "/volume/metadata/k%20ey~1x");
    assert_eq!(located.pointer.as_deref(), Some(report.errors()[0].pointer()));
}
