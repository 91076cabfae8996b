//! The description pattern and its `repr()`, built at run time from the
//! Unicode tables, equal what CPython builds (the fixture is written by
//! scripts/gen_unicode_tables.py from Cinder's own algorithm and `repr()`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use os_volume_manage::unicode::{description_pattern, description_pattern_repr};
use os_volume_manage::UnicodeVersion;

#[test]
fn patterns_and_reprs_equal_python() {
    let path = format!("{}/../../tests/fixtures/unicode/description-patterns.json", env!("CARGO_MANIFEST_DIR"));
    let fixture: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for v in UnicodeVersion::ALL {
        let want = &fixture["versions"][format!("{}.0", v.as_str())];
        assert_eq!(description_pattern(v), want["pattern"].as_str().unwrap(), "pattern {}", v.as_str());
        assert_eq!(description_pattern_repr(v), want["repr"].as_str().unwrap(), "repr {}", v.as_str());
    }
}
