//! What a crate that depends on os-volume-manage (and on serde_json itself)
//! sees.
#![allow(clippy::unwrap_used)]

use os_volume_manage::{check_text, Kind, Options, Value};

fn keys(map: &serde_json::Map<String, serde_json::Value>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

/// serde_json's default map: sorted (BTreeMap). With `preserve_order`
/// turned on by a dependency it would keep insertion order (IndexMap).
#[test]
fn serde_json_maps_are_sorted() {
    let mut map = serde_json::Map::new();
    for key in ["z", "y", "x", "w"] {
        map.insert(key.to_string(), serde_json::Value::from(1));
    }
    assert_eq!(keys(&map), ["w", "x", "y", "z"]);
    let parsed: serde_json::Value = serde_json::from_str(r#"{"b": 1, "a": 2, "c": 3}"#).unwrap();
    assert_eq!(parsed.to_string(), r#"{"a":2,"b":1,"c":3}"#);
}

/// `Map::remove` keeps the rest sorted. (With `preserve_order` it is
/// `swap_remove`: the last member would move into the removed one's place.)
#[test]
fn serde_json_map_remove_keeps_the_order() {
    let mut map: serde_json::Map<String, serde_json::Value> =
        ["a", "b", "c", "d"].iter().map(|k| (k.to_string(), serde_json::Value::Null)).collect();
    assert_eq!(map.remove("b"), Some(serde_json::Value::Null));
    assert_eq!(keys(&map), ["a", "c", "d"]);
}

/// The core keeps member order itself, whatever serde_json does.
#[test]
fn the_core_keeps_member_order_on_its_own() {
    let body = br#"{"volume": {"host": "h@b#p", "ref": {"z": "1", "source-name": "lv", "a": "2"}}}"#;
    let report = check_text(Kind::Volume, body, &Options::default());
    assert!(report.accepted());
    let normalized = report.normalized().unwrap().to_json();
    assert!(normalized.ends_with(r#""ref":{"z":"1","source-name":"lv","a":"2"}}"#), "{normalized}");
    let value = Value::parse(br#"{"b": 1, "a": 2}"#).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"b":1,"a":2}"#);
    // The core's Value deserializes from serde_json in document order.
    let value: Value = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    assert_eq!(value.to_json(), r#"{"b":1,"a":2}"#);
}

/// The feature's API, when turned on.
#[cfg(feature = "core-serde-json")]
#[test]
fn check_json_value_with_the_feature() {
    let body: serde_json::Value =
        serde_json::from_str(r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv"}}}"#).unwrap();
    let report = os_volume_manage::check_json_value(Kind::Volume, &body, &Options::default());
    assert!(report.accepted());
    assert_eq!(Value::from(&body).to_json(), r#"{"volume":{"host":"h@b#p","ref":{"source-name":"lv"}}}"#);
}
