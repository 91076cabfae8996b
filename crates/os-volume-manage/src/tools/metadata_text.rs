//! Metadata typed as text, the two ways people type it, turned into the
//! `metadata` object, with every piece that was not taken reported.
//!
//! * **Horizon** ("Manage Volume" form, `Comma-separated key=value pairs`):
//!   the text is split on `,`, each piece on `=`, and a piece must split into
//!   exactly two parts with a non-empty key (`validate_metadata`). There is **no
//!   escaping**: neither `,` nor `=` can appear in a key or a value. Horizon's
//!   quirks, reproduced: spaces are kept (`k1=v1, k2=v2` gives the key `" k2"`;
//!   its `metadata.replace(" ", "")` discards its result), `k=` gives an empty
//!   value, a trailing comma is an invalid piece, and the whole text is limited
//!   to 255 characters. Django's `CharField` strips the whole text first.
//!   Horizon refuses the whole form when one piece is bad; this parser keeps the
//!   good pieces and reports the bad ones (and says Horizon would refuse).
//! * **CLI** (`cinder manage --metadata k=v …`, `openstack … --property k=v`):
//!   one item per argument, split on the **first** `=` (so `k=v=w` gives
//!   `{"k": "v=w"}`: values may contain anything, keys cannot contain `=`).
//!   Shell quoting is the only escaping. A bare `key` is reported: cinderclient
//!   would send `{"key": null}`, which Cinder rejects with 400.
//!
//! Both forms: the last duplicate wins (Python dict), and keys or values that
//! Cinder's schema will refuse are reported (the pieces are still returned so
//! the validator can give Cinder's exact error). The key and value rules are
//! the validator's own (`metadata_allows_null` in
//! `cinder/api/validation/parameter_types.py`;
//! `docs/cinder/schemas.md#metadata-keys`).

use serde::{Deserialize, Serialize};

use crate::cinder::schema::{is_metadata_key, METADATA_KEY_PATTERN_REPR};
use crate::limits::MAX_STRING_LENGTH;
use crate::python::value::{Object, PyStr, Value};

/// Horizon's limit on the whole metadata text (the form field's
/// `max_length`), not Cinder's.
const HORIZON_TEXT_MAX: usize = 255;

/// Stable codes.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataCode {
    /// An empty piece (`a=b,,c=d`, or a trailing comma).
    EmptyPiece,
    /// No `=` in the piece.
    MissingEquals,
    /// More than one `=` in a Horizon piece (values cannot contain `=`).
    ExtraEquals,
    /// Nothing before `=`.
    EmptyKey,
    /// A key repeated; the last value wins.
    DuplicateKey,
    /// A key with leading or trailing spaces (accepted by Cinder, rarely intended).
    KeySurroundingSpace,
    /// A key Cinder's pattern `^[a-zA-Z0-9-_:. /]{1,255}$` refuses (400).
    KeyRejectedByCinder,
    /// A value longer than 255 characters (400).
    ValueTooLong,
    /// Horizon would refuse the whole form because of a bad piece.
    HorizonRejectsForm,
    /// The Horizon text is over 255 characters (Horizon's field limit).
    HorizonTextTooLong,
}

/// A piece that was not taken.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedPiece {
    /// Position of the piece (0-based).
    pub index: usize,
    /// The piece as typed.
    pub piece: String,
    /// Why.
    pub code: MetadataCode,
    /// Human explanation.
    pub message: String,
}

/// A note about a piece that was taken, or about the whole text.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataNote {
    /// Stable code.
    pub code: MetadataCode,
    /// The key concerned, if any.
    pub key: Option<String>,
    /// Human explanation.
    pub message: String,
}

/// The result of parsing metadata text.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetadataParse {
    /// The `metadata` object (string values only), in the order typed.
    pub metadata: Object,
    /// Pieces not taken.
    pub rejected: Vec<RejectedPiece>,
    /// Notes about taken pieces.
    pub notes: Vec<MetadataNote>,
}

/// Parse Horizon's `k=v,k2=v2` text.
pub fn parse_metadata_horizon(text: &str) -> MetadataParse {
    let mut result = MetadataParse::default();
    let text = text.trim();
    if text.chars().count() > HORIZON_TEXT_MAX {
        result.notes.push(MetadataNote {
            code: MetadataCode::HorizonTextTooLong,
            key: None,
            message: "Horizon limits the metadata text to 255 characters".to_string(),
        });
    }
    if text.is_empty() {
        return result;
    }
    for (index, piece) in text.split(',').enumerate() {
        let parts: Vec<&str> = piece.split('=').collect();
        let rejection = match parts.as_slice() {
            [""] => Some((MetadataCode::EmptyPiece, "empty piece (a doubled or trailing comma)".to_string())),
            [_] => Some((MetadataCode::MissingEquals, "no '=': write key=value".to_string())),
            ["", _] => Some((MetadataCode::EmptyKey, "nothing before '='".to_string())),
            [key, value] => {
                insert(&mut result, key, value);
                None
            }
            _ => Some((
                MetadataCode::ExtraEquals,
                "more than one '=': Horizon has no escaping, so values cannot contain '=' (or ',')".to_string(),
            )),
        };
        if let Some((code, message)) = rejection {
            result.rejected.push(RejectedPiece { index, piece: piece.to_string(), code, message });
        }
    }
    if !result.rejected.is_empty() {
        result.notes.push(MetadataNote {
            code: MetadataCode::HorizonRejectsForm,
            key: None,
            message: "Horizon refuses the whole form: \"Invalid metadata entry. Use comma-separated key=value pairs\""
                .to_string(),
        });
    }
    result
}

/// Parse CLI-style `key=value` items (one per argument).
pub fn parse_metadata_cli<S: AsRef<str>>(items: &[S]) -> MetadataParse {
    let mut result = MetadataParse::default();
    for (index, item) in items.iter().enumerate() {
        let item = item.as_ref();
        match item.split_once('=') {
            None => result.rejected.push(RejectedPiece {
                index,
                piece: item.to_string(),
                code: MetadataCode::MissingEquals,
                message: format!(
                    "{item:?} has no '=': cinderclient would send {{{item:?}: null}}, which Cinder rejects (400); \
                     write {item}= for an empty value"
                ),
            }),
            Some(("", _)) => result.rejected.push(RejectedPiece {
                index,
                piece: item.to_string(),
                code: MetadataCode::EmptyKey,
                message: "nothing before '=': Cinder rejects an empty key (400)".to_string(),
            }),
            Some((key, value)) => insert(&mut result, key, value),
        }
    }
    result
}

fn insert(result: &mut MetadataParse, key: &str, value: &str) {
    if result.metadata.contains_key(key) {
        result.notes.push(MetadataNote {
            code: MetadataCode::DuplicateKey,
            key: Some(key.to_string()),
            message: format!("{key:?} given more than once; the last value wins"),
        });
    }
    if key.trim() != key {
        result.notes.push(MetadataNote {
            code: MetadataCode::KeySurroundingSpace,
            key: Some(key.to_string()),
            message: format!("key {key:?} has surrounding spaces; Cinder keeps them as part of the key"),
        });
    }
    if !cinder_accepts_key(key) {
        result.notes.push(MetadataNote {
            code: MetadataCode::KeyRejectedByCinder,
            key: Some(key.to_string()),
            message: format!("key {key:?} does not match Cinder's {METADATA_KEY_PATTERN_REPR}: the API answers 400"),
        });
    }
    if value.chars().count() > MAX_STRING_LENGTH {
        result.notes.push(MetadataNote {
            code: MetadataCode::ValueTooLong,
            key: Some(key.to_string()),
            message: format!("the value of {key:?} is over {MAX_STRING_LENGTH} characters: the API answers 400"),
        });
    }
    result.metadata.insert(PyStr::from(key), Value::from(value));
}

/// Cinder's metadata key pattern `^[a-zA-Z0-9-_:. /]{1,255}$`, with Python's
/// `$` (one trailing `\n` allowed): the validator's rule.
pub fn cinder_accepts_key(key: &str) -> bool {
    is_metadata_key(&PyStr::from(key))
}
