//! Place a Cinder 400 message on a field.
//!
//! Cinder reports schema errors as text
//! (`cinder/api/validation/validators.py: _SchemaValidator.validate`;
//! `docs/cinder/schemas.md#error-texts`):
//! `Invalid input for field/attribute {last path element}. Value: {value}. {reason}`.
//! The field is only the *last* path element, so `name` can be the volume's
//! name or a metadata key called `name`; the reason tells them apart where it
//! can (metadata values are typed `string`, `name` is `'string', 'null'`), and
//! the request body, when given, settles the rest. The result is an RFC 6901
//! JSON pointer a dashboard can attach to a form field, and a stable code.

use serde::{Deserialize, Serialize};

use crate::cinder::version::Kind;
use crate::python::value::Value;
use crate::report::pointer::Pointer;

/// Stable codes for located server messages.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMessageCode {
    /// `… is not of type …`.
    WrongType,
    /// `… is a required property`.
    MissingRequired,
    /// `Additional properties are not allowed (…)`.
    UnexpectedProperty,
    /// Metadata keys that `do not match any of the regexes`.
    MetadataKeyInvalid,
    /// `… does not match '…'` (pattern).
    PatternMismatch,
    /// `… is too long`.
    TooLong,
    /// `… is too short` / `… should be non-empty`.
    TooShort,
    /// `… is not one of […]` (bootable).
    NotInEnum,
    /// `… is not a 'uuid'`.
    NotUuid,
    /// `Host field is missing.`
    HostMissing,
    /// `One and only one of cluster and host must be set.`
    HostClusterExclusive,
    /// `Invalid volume type: Cannot find requested '…' volume type`.
    VolumeTypeNotFound,
    /// `Managing to an encrypted volume type is not supported.`
    EncryptedVolumeType,
    /// `Host '…' not found` / `Cluster '…' not found` / service lookups.
    ServiceNotFound,
    /// `Service is unavailable at this time.`
    ServiceUnavailable,
    /// `The volume is already managed`.
    AlreadyManaged,
    /// `Volume … could not be found.` (snapshot volume_id).
    VolumeNotFound,
    /// `Malformed request body`.
    MalformedBody,
    /// `API Version String …` / version not supported.
    MicroversionInvalid,
    /// Anything else.
    Unrecognized,
}

/// Where a server message belongs.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedMessage {
    /// Stable code.
    pub code: ServerMessageCode,
    /// JSON pointer into the request body (`""` = the whole body); `None` when
    /// the message is not about the body (headers, server state).
    pub pointer: Option<String>,
    /// Other pointers the message also concerns (`/volume/cluster` for the
    /// host/cluster rule).
    pub also: Vec<String>,
    /// The `field/attribute` name as printed, if any.
    pub field: Option<String>,
    /// The `Value:` part as printed, if any.
    pub value_text: Option<String>,
    /// The jsonschema reason, if any.
    pub reason: Option<String>,
    /// True when the field name could be both a field and a metadata key and
    /// nothing settled it.
    pub ambiguous: bool,
}

const VOLUME_FIELDS: &[&str] =
    &["description", "availability_zone", "bootable", "volume_type", "name", "host", "ref", "metadata", "cluster"];
const SNAPSHOT_FIELDS: &[&str] = &["description", "metadata", "name", "volume_id", "ref"];

fn located(code: ServerMessageCode, pointer: Option<String>) -> LocatedMessage {
    LocatedMessage { code, pointer, also: Vec::new(), field: None, value_text: None, reason: None, ambiguous: false }
}

/// Locate a Cinder 400 message. `kind` selects the request (`/volume/…` or
/// `/snapshot/…`); `request`, when given, disambiguates metadata keys that
/// share a field's name.
pub fn locate_server_message(message: &str, kind: Kind, request: Option<&Value>) -> LocatedMessage {
    let root = kind.as_str();
    let message = message.trim();
    let message = message.strip_prefix("Invalid input received: ").unwrap_or(message);
    if let Some(rest) = message.strip_prefix("Invalid input for field/attribute ") {
        return locate_field_error(rest, kind, request);
    }
    if message.contains("Host field is missing") {
        return located(ServerMessageCode::HostMissing, Some("/volume/host".to_string()));
    }
    if message.contains("One and only one of cluster and host must be set") {
        let mut l = located(ServerMessageCode::HostClusterExclusive, Some("/volume/host".to_string()));
        l.also.push("/volume/cluster".to_string());
        return l;
    }
    if message.starts_with("Invalid volume type") || message.contains("volume type: Cannot find requested") {
        return located(ServerMessageCode::VolumeTypeNotFound, Some("/volume/volume_type".to_string()));
    }
    if message.contains("encrypted volume type") {
        return located(ServerMessageCode::EncryptedVolumeType, Some("/volume/volume_type".to_string()));
    }
    if message.contains("already managed") {
        return located(ServerMessageCode::AlreadyManaged, Some(Pointer::root().key(root).key("ref").into_string()));
    }
    if message.starts_with("Cluster '") && message.ends_with("not found") {
        return located(ServerMessageCode::ServiceNotFound, Some("/volume/cluster".to_string()));
    }
    if (message.starts_with("Host '") && message.ends_with("not found"))
        || message.starts_with("Service cinder-volume could not be found")
    {
        return located(ServerMessageCode::ServiceNotFound, Some("/volume/host".to_string()));
    }
    if message.contains("Service is unavailable at this time") {
        return located(ServerMessageCode::ServiceUnavailable, Some("/volume/host".to_string()));
    }
    if message.starts_with("Volume ") && message.ends_with("could not be found.") {
        return located(ServerMessageCode::VolumeNotFound, Some("/snapshot/volume_id".to_string()));
    }
    if message.contains("Malformed request body") {
        return located(ServerMessageCode::MalformedBody, Some(String::new()));
    }
    if message.starts_with("API Version String")
        || (message.starts_with("Version ") && message.contains("is not supported"))
    {
        return located(ServerMessageCode::MicroversionInvalid, None);
    }
    // Top-level schema errors carry no field prefix.
    let (code, pointer) = reason_code(message, &Pointer::root());
    if code != ServerMessageCode::Unrecognized {
        let mut l = located(code, Some(pointer.into_string()));
        l.reason = Some(message.to_string());
        return l;
    }
    located(ServerMessageCode::Unrecognized, None)
}

/// Classify a jsonschema reason, and refine the pointer when the reason names
/// a property (`'ref' is a required property`, `('x' was unexpected)`).
fn reason_code(reason: &str, base: &Pointer) -> (ServerMessageCode, Pointer) {
    if let Some(name) = reason.strip_suffix(" is a required property").and_then(quoted) {
        return (ServerMessageCode::MissingRequired, base.key(&name));
    }
    if reason.starts_with("Additional properties are not allowed") {
        let first = reason.split_once('(').and_then(|(_, r)| quoted(r.trim_start()));
        return (ServerMessageCode::UnexpectedProperty, first.map_or(base.clone(), |n| base.key(&n)));
    }
    if reason.contains("do not match any of the regexes") || reason.contains("does not match any of the regexes") {
        return (ServerMessageCode::MetadataKeyInvalid, base.clone());
    }
    let code = if reason.contains(" is not of type ") {
        ServerMessageCode::WrongType
    } else if reason.contains(" does not match ") {
        ServerMessageCode::PatternMismatch
    } else if reason.ends_with(" is too long") {
        ServerMessageCode::TooLong
    } else if reason.ends_with(" is too short") || reason.ends_with(" should be non-empty") {
        ServerMessageCode::TooShort
    } else if reason.contains(" is not one of ") {
        ServerMessageCode::NotInEnum
    } else if reason.ends_with(" is not a 'uuid'") {
        ServerMessageCode::NotUuid
    } else {
        ServerMessageCode::Unrecognized
    };
    (code, base.clone())
}

/// The text between the first pair of single quotes at the start.
fn quoted(text: &str) -> Option<String> {
    let rest = text.strip_prefix('\'')?;
    rest.split_once('\'').map(|(name, _)| name.to_string())
}

/// The reason is the tail after `Value: {value}. `; the value may itself
/// contain `. `. jsonschema reasons start with the Python repr of the same
/// value, so the split whose tail starts with `'value'` (or the value itself,
/// for `None`, numbers and dicts) wins; then the object-level reasons
/// (`'x' is a required property`, `Additional properties …`); then the first
/// split followed by a known reason shape.
fn split_value_reason(rest: &str) -> (String, String) {
    const MARKERS: &[&str] = &[
        " is not of type ",
        " is a required property",
        "Additional properties are not allowed",
        " do not match any of the regexes",
        " does not match any of the regexes",
        " does not match ",
        " is too long",
        " is too short",
        " should be non-empty",
        " is not one of ",
        " is not a 'uuid'",
    ];
    let splits: Vec<(&str, &str)> =
        rest.match_indices(". ").filter_map(|(i, _)| Some((rest.get(..i)?, rest.get(i + 2..)?))).collect();
    // `'value'`, `"value"` or `value` at the start of the tail, checked
    // without building the quoted text (a message can be megabytes long and
    // hold many `. `).
    let quoted_by = |tail: &str, value: &str, q: char| {
        tail.strip_prefix(q).and_then(|t| t.strip_prefix(value)).is_some_and(|t| t.starts_with(q))
    };
    let repr_match = splits
        .iter()
        .find(|(value, tail)| quoted_by(tail, value, '\'') || quoted_by(tail, value, '"') || tail.starts_with(value));
    let object_reason = || {
        splits.iter().find(|(_, tail)| {
            tail.starts_with("Additional properties")
                || (tail.starts_with('\'') && tail.ends_with(" is a required property"))
        })
    };
    let shaped = || splits.iter().find(|(_, tail)| MARKERS.iter().any(|m| tail.contains(m)));
    match repr_match.or_else(object_reason).or_else(shaped).or(splits.first()) {
        Some((value, tail)) => (value.to_string(), tail.to_string()),
        None => (rest.to_string(), String::new()),
    }
}

fn locate_field_error(rest: &str, kind: Kind, request: Option<&Value>) -> LocatedMessage {
    let root = kind.as_str();
    let (field, after) = rest.split_once(". Value: ").unwrap_or((rest, ""));
    let (value_text, reason) = split_value_reason(after);
    let fields = match kind {
        Kind::Volume => VOLUME_FIELDS,
        Kind::Snapshot => SNAPSHOT_FIELDS,
    };
    let body = request.and_then(|r| r.get(root));
    let request_metadata_has =
        body.and_then(|v| v.get("metadata")).and_then(Value::as_object).map(|m| m.contains_key(field));
    let request_has_field = body.and_then(|v| v.get(field)).is_some();
    let mut ambiguous = false;
    let top = Pointer::root().key(root);
    let metadata = top.key("metadata");
    let base = if field == root {
        top
    } else if field == "metadata" && (reason.contains("regexes") || reason.contains("is not of type")) {
        metadata
    } else if fields.contains(&field) {
        // A metadata value error says `is not of type 'string'` alone or `is too long`.
        let metadata_shaped = reason.ends_with("is not of type 'string'") || reason.ends_with(" is too long");
        match (request_metadata_has, request_has_field) {
            (Some(true), false) => metadata.key(field),
            (Some(true), true) if metadata_shaped && reason.ends_with("is not of type 'string'") => metadata.key(field),
            (Some(true), true) => {
                ambiguous = true;
                top.key(field)
            }
            _ if field == "name" && reason.ends_with("is not of type 'string'") => metadata.key("name"),
            _ => top.key(field),
        }
    } else {
        // Any other name is a metadata key whose value failed.
        metadata.key(field)
    };
    let (code, pointer) = if field == root || field == "metadata" {
        reason_code(&reason, &base)
    } else {
        (reason_code(&reason, &Pointer::root()).0, base)
    };
    LocatedMessage {
        code,
        pointer: Some(pointer.into_string()),
        also: Vec::new(),
        field: Some(field.to_string()),
        value_text: Some(value_text),
        reason: Some(reason),
        ambiguous,
    }
}
