#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Host and cluster parsing (`volume_utils.extract_host`; `docs/cinder/schemas.md#hosts-characters`,
//! `docs/cinder/host-and-cluster.md`).

use os_volume_manage::tools::host::{parse_cluster, parse_host, HintSeverity, HostHintCode, PoolKind};

fn codes(text: &str) -> Vec<HostHintCode> {
    parse_host(text).hints.iter().map(|h| h.code).collect()
}

#[test]
fn full_host() {
    let p = parse_host("node1@lvm#pool-a");
    assert_eq!(p.host, "node1");
    assert_eq!(p.backend.as_deref(), Some("lvm"));
    assert_eq!(p.service_host, "node1@lvm");
    assert_eq!(p.pool.as_deref(), Some("pool-a"));
    assert_eq!(p.pool_kind, Some(PoolKind::Name));
    assert!(p.hints.is_empty(), "{:?}", p.hints);
}

#[test]
fn ipv6_and_share_pools() {
    let p = parse_host("host@backend#[dead:beef::cafe]:/share");
    assert_eq!(p.pool.as_deref(), Some("[dead:beef::cafe]:/share"));
    assert_eq!(p.pool_kind, Some(PoolKind::Ipv6Share));
    assert_eq!(codes("host@backend#[dead:beef::cafe]:/share"), vec![HostHintCode::Ipv6SharePool]);
    let p = parse_host("user@host#backend:/vol_path");
    assert_eq!(p.host, "user");
    assert_eq!(p.backend.as_deref(), Some("host"));
    assert_eq!(p.pool_kind, Some(PoolKind::Share));
    assert!(parse_host("host@backend#parts+of+pool").hints.is_empty());
}

#[test]
fn backend_keeps_later_at_signs() {
    let p = parse_host("h@b@c#p");
    assert_eq!(p.host, "h");
    assert_eq!(p.backend.as_deref(), Some("b@c"));
}

#[test]
fn several_hashes_give_no_pool_like_cinder() {
    let p = parse_host("h@b#p#q");
    assert_eq!(p.service_host, "h@b");
    assert_eq!(p.pool, None);
    assert_eq!(p.after_first_hash.as_deref(), Some("p#q"));
    assert!(codes("h@b#p#q").contains(&HostHintCode::MultiplePoolSeparators));
}

#[test]
fn missing_parts() {
    assert!(codes("h@b").contains(&HostHintCode::MissingPool));
    assert!(codes("h").contains(&HostHintCode::MissingBackend));
    assert!(codes("h@b#").contains(&HostHintCode::EmptyPool));
    assert!(codes("h@#p").contains(&HostHintCode::EmptyBackend));
    assert!(codes("@b#p").contains(&HostHintCode::EmptyHost));
}

#[test]
fn trailing_newline() {
    let p = parse_host("h@b\n");
    let h = p.hints.iter().find(|h| h.code == HostHintCode::TrailingNewline).unwrap();
    assert_eq!(h.severity, HintSeverity::Warning);
    assert!(h.message.contains("not found"));
    assert!(!codes("h@b\n").contains(&HostHintCode::InvalidCharacters));
    let p = parse_host("h@b#p\n");
    assert_eq!(p.pool.as_deref(), Some("p\n"));
    assert!(p.hints.iter().any(|h| h.code == HostHintCode::TrailingNewline && h.message.contains("pool")));
    // Two newlines: the second is outside the pattern.
    assert!(codes("h\n\n").contains(&HostHintCode::InvalidCharacters));
}

#[test]
fn invalid_characters_and_length() {
    for bad in ["host not ok", "h%", "h,", "é", "h\r"] {
        let p = parse_host(bad);
        assert!(
            p.hints.iter().any(|h| h.code == HostHintCode::InvalidCharacters && h.severity == HintSeverity::Error),
            "{bad:?}"
        );
    }
    assert!(codes(&"h".repeat(256)).contains(&HostHintCode::TooLong));
    assert!(!codes(&"h".repeat(255)).contains(&HostHintCode::TooLong));
    assert_eq!(codes(""), vec![HostHintCode::Empty]);
    assert!(codes("h@b#[x").contains(&HostHintCode::UnbalancedBrackets));
}

#[test]
fn clusters_have_no_pattern() {
    let p = parse_cluster("cluster@backend");
    assert_eq!(p.host, "cluster");
    assert!(p.hints.is_empty(), "{:?}", p.hints);
    let p = parse_cluster("my cluster é");
    assert!(p.hints.iter().all(|h| h.code != HostHintCode::InvalidCharacters));
    let p = parse_cluster(" c@b");
    assert!(p.hints.iter().any(|h| h.code == HostHintCode::SurroundingWhitespace));
    assert_eq!(parse_cluster("").hints[0].code, HostHintCode::Empty);
    assert!(parse_cluster(&"c".repeat(300)).hints.iter().any(|h| h.code == HostHintCode::TooLong));
}
