//! Manageable listings, listing → manage request, listing query strings, and
//! the 202 responses of volume and snapshot manage.
//!
//! Documents are parsed with the core's Python-compatible parser
//! ([`Value::parse`]): member order, huge integers and lone surrogates come
//! through exactly, and references go back into requests unchanged. Parsing
//! is lenient and reporting: a driver's odd output (a float size, a string
//! `extra_info`) becomes a [`Deviation`] rather than a parse failure, because
//! the point is to tell the user what the server sent.
//!
//! Cinder's side: `cinder/api/contrib/resource_common_manage.py:
//! get_manageable_resources`, `cinder/api/v3/resource_common_manage.py:
//! ManageResource._get_resources` (listings), `cinder/api/common.py:
//! get_pagination_params`, `get_sort_params` (queries),
//! `cinder/api/v3/views/volumes.py: ViewBuilder.legacy_detail` and
//! `cinder/api/views/snapshots.py: ViewBuilder.summary` (202 bodies); see
//! `docs/cinder/responses.md`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cinder::controller::is_canonical_uuid;
use crate::cinder::schema::is_uuid_like;
use crate::cinder::version::{Kind, Microversion};
use crate::limits::MAX_BODY_DEPTH;
use crate::python::repr::repr;
use crate::python::value::{Int, Object, PyStr, Value};
use crate::report::pointer::Pointer;

/// Stable codes for everything this module reports.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingCode {
    /// The text is not JSON.
    InvalidJson,
    /// Neither `manageable-volumes` nor `manageable-snapshots` (nor `volume`/`snapshot`).
    UnknownShape,
    /// A field is missing.
    MissingField,
    /// A field has the wrong JSON type.
    WrongType,
    /// A field the real server does not send.
    UnexpectedField,
    /// A value differs from what a fresh manage returns.
    UnexpectedValue,
    /// `"null"` as a string: the api-ref stub, not a real server.
    StubNullString,
    /// `"false"`/`"true"` as a string where the server sends a boolean (api-ref stub).
    StubBooleanString,
    /// A size that is not an integer (the server truncates floats).
    NonIntegerSize,
    /// An integer size beyond what a 64-bit integer holds.
    SizeOutOfRange,
    /// A reference value that is a number or boolean (the server would stringify it).
    NonStringReferenceValue,
    /// `safe_to_manage` is false: refused.
    NotSafeToManage,
    /// `safe_to_manage` is null: safety unknown.
    SafetyUnknown,
    /// A reference value is null.
    NullReferenceValue,
    /// The reference is empty.
    EmptyReference,
    /// The reference uses `name` (3PAR, Alletra, Pure listings; not accepted back).
    ReferenceUsesNameKey,
    /// Host and cluster both or neither given.
    HostOrClusterRequired,
    /// `cluster` needs a higher microversion.
    MicroversionTooLow,
    /// The microversion text is not `X.Y` (or a header value naming one).
    InvalidMicroversion,
    /// A well-formed microversion outside what Cinder supports (3.0 to 3.71).
    MicroversionNotSupported,
    /// offset above 2147483647.
    OffsetTooLarge,
    /// A negative limit: Cinder answers 400 `limit param must be positive`.
    NegativeLimit,
    /// A negative offset: Cinder answers 400 `offset must be >= 0`.
    NegativeOffset,
    /// A marker that is neither a reference object nor a string.
    InvalidMarker,
    /// The snapshot volume id is not a UUID.
    VolumeIdNotUuid,
    /// A request option is not a JSON object where one is needed.
    InvalidOption,
}

/// One reported difference from the real server's output.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deviation {
    /// Stable machine code.
    pub code: ListingCode,
    /// JSON pointer of the offending value.
    pub pointer: String,
    /// Human explanation.
    pub message: String,
}

impl Deviation {
    /// A deviation at `pointer` (an RFC 6901 JSON pointer).
    pub fn new(code: ListingCode, pointer: impl Into<String>, message: impl Into<String>) -> Deviation {
        Deviation { code, pointer: pointer.into(), message: message.into() }
    }
}

fn deviation(code: ListingCode, pointer: impl Into<String>, message: impl Into<String>) -> Deviation {
    Deviation::new(code, pointer, message)
}

/// A failure that stops the operation.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingError {
    /// Stable machine code.
    pub code: ListingCode,
    /// Human explanation.
    pub message: String,
}

impl fmt::Display for ListingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ListingError {}

fn error(code: ListingCode, message: impl Into<String>) -> ListingError {
    ListingError { code, message: message.into() }
}

/// A dict of nullable strings (`DictOfNullableStringsField`).
pub type NullableStrings = Object;

/// One entry of a manageable listing.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManageableEntry {
    /// The backend reference, to be sent back as `ref`.
    pub reference: NullableStrings,
    /// GiB as listed (may differ from the managed size:
    /// `docs/cinder/sizes.md#listing-sizes-differ-from-managed-sizes`).
    pub size: Option<i64>,
    /// Cinder's verdict; null means unknown.
    pub safe_to_manage: Option<bool>,
    /// Why not safe (detail only).
    pub reason_not_safe: Option<PyStr>,
    /// The Cinder id if already managed (detail only).
    pub cinder_id: Option<PyStr>,
    /// Driver extras (detail only).
    pub extra_info: Option<NullableStrings>,
    /// Snapshots: the parent object's reference.
    pub source_reference: Option<NullableStrings>,
}

/// A parsed listing.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManageableListing {
    /// Volumes or snapshots.
    pub kind: Kind,
    /// True when entries carry the detail fields.
    pub detailed: bool,
    /// The entries, in server order.
    pub entries: Vec<ManageableEntry>,
    /// Everything that differs from the documented shape.
    pub deviations: Vec<Deviation>,
}

/// Containers a listing or response document may nest: a request body's
/// limit, plus the levels above the `reference` that holds what goes back
/// into a request.
const MAX_DOCUMENT_DEPTH: usize = MAX_BODY_DEPTH + 3;

/// Parses a listing or response document with the core's parser.
fn parse_document(text: &str, what: &str) -> Result<Value, ListingError> {
    Value::parse_with_max_depth(text.as_bytes(), MAX_DOCUMENT_DEPTH)
        .map_err(|e| error(ListingCode::InvalidJson, format!("the {what} is not JSON: {e}")))
}

/// Parse the JSON text of `GET …/manageable_volumes[/detail]` or
/// `…/manageable_snapshots[/detail]` (also the `os-*-manage` routes).
pub fn parse_listing(text: &str) -> Result<ManageableListing, ListingError> {
    let value = parse_document(text, "listing")?;
    let (kind, key, items) = match (value.get("manageable-volumes"), value.get("manageable-snapshots")) {
        (Some(items), _) => (Kind::Volume, "manageable-volumes", items),
        (None, Some(items)) => (Kind::Snapshot, "manageable-snapshots", items),
        _ => {
            return Err(error(
                ListingCode::UnknownShape,
                "expected an object with \"manageable-volumes\" or \"manageable-snapshots\"",
            ))
        }
    };
    let Value::Array(items) = items else {
        return Err(error(ListingCode::WrongType, format!("\"{key}\" must be an array")));
    };
    let mut deviations = Vec::new();
    let mut entries = Vec::new();
    let mut detailed = false;
    let list = Pointer::root().key(key);
    for (index, item) in items.iter().enumerate() {
        let pointer = list.key(&index.to_string());
        let Value::Object(map) = item else {
            deviations.push(deviation(ListingCode::WrongType, pointer.as_str(), "an entry must be an object; skipped"));
            continue;
        };
        detailed |= ["reason_not_safe", "cinder_id", "extra_info"].iter().any(|k| map.contains_key(k));
        entries.push(parse_entry(map, kind, &pointer, &mut deviations));
    }
    Ok(ManageableListing { kind, detailed, entries, deviations })
}

fn parse_entry(map: &Object, kind: Kind, pointer: &Pointer, out: &mut Vec<Deviation>) -> ManageableEntry {
    let at = |name: &str| pointer.key(name).into_string();
    let reference = match map.get("reference") {
        Some(Value::Object(r)) => nullable_strings(r, &pointer.key("reference"), out),
        Some(other) => {
            out.push(deviation(
                ListingCode::WrongType,
                at("reference"),
                format!("reference must be an object, not {}", other.to_json()),
            ));
            Object::new()
        }
        None => {
            out.push(deviation(ListingCode::MissingField, at("reference"), "reference is missing"));
            Object::new()
        }
    };
    let size = match map.get("size") {
        None | Some(Value::Null) => None,
        Some(Value::Int(Int::Small(i))) => Some(*i),
        Some(Value::Int(Int::Big(digits))) => {
            out.push(deviation(
                ListingCode::SizeOutOfRange,
                at("size"),
                format!("size {digits} GiB does not fit a 64-bit integer; no backend holds that much"),
            ));
            None
        }
        Some(Value::Float(f)) if f.is_finite() && f.trunc().abs() < 9.223_372_036_854_776e18 => {
            out.push(deviation(
                ListingCode::NonIntegerSize,
                at("size"),
                format!(
                    "size {} is not an integer; Cinder's IntegerField truncates it toward zero",
                    repr(&Value::Float(*f))
                ),
            ));
            // In range: checked just above.
            Some(f.trunc() as i64)
        }
        Some(Value::Float(f)) => {
            out.push(deviation(
                ListingCode::SizeOutOfRange,
                at("size"),
                format!(
                    "size {} is not an integer a 64-bit integer holds; Cinder's IntegerField cannot store it",
                    repr(&Value::Float(*f))
                ),
            ));
            None
        }
        Some(other) => {
            out.push(deviation(
                ListingCode::WrongType,
                at("size"),
                format!("size must be an integer or null, not {}", other.to_json()),
            ));
            None
        }
    };
    let safe_to_manage = match map.get("safe_to_manage") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            out.push(deviation(
                ListingCode::WrongType,
                at("safe_to_manage"),
                format!("safe_to_manage must be a boolean or null, not {}", other.to_json()),
            ));
            None
        }
    };
    let string_field = |name: &str, out: &mut Vec<Deviation>| match map.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Str(s)) => Some(s.clone()),
        Some(other) => {
            out.push(deviation(
                ListingCode::WrongType,
                at(name),
                format!("{name} must be a string or null, not {}", other.to_json()),
            ));
            None
        }
    };
    let reason_not_safe = string_field("reason_not_safe", out);
    let cinder_id = string_field("cinder_id", out);
    let object_field = |name: &str, out: &mut Vec<Deviation>| match map.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(nullable_strings(o, &pointer.key(name), out)),
        Some(other) => {
            out.push(deviation(
                ListingCode::WrongType,
                at(name),
                format!(
                    "{name} must be an object of strings or null (the api-ref's \"string\" is wrong), not {}",
                    other.to_json()
                ),
            ));
            None
        }
    };
    let extra_info = object_field("extra_info", out);
    let source_reference = object_field("source_reference", out);
    if kind == Kind::Snapshot && !map.contains_key("source_reference") {
        out.push(deviation(
            ListingCode::MissingField,
            at("source_reference"),
            "snapshot entries carry source_reference",
        ));
    }
    ManageableEntry { reference, size, safe_to_manage, reason_not_safe, cinder_id, extra_info, source_reference }
}

/// A value as JSON in a message; NaN and the infinities, which JSON cannot
/// spell, as Python prints them.
fn shown(value: &Value) -> String {
    match value {
        Value::Float(f) if !f.is_finite() => repr(value),
        other => other.to_json(),
    }
}

/// `DictOfNullableStringsField` (`cinder/objects/fields.py`): strings and
/// nulls stay; numbers and booleans become Python's `str()` of them.
fn nullable_strings(map: &Object, pointer: &Pointer, out: &mut Vec<Deviation>) -> NullableStrings {
    let mut result = Object::new();
    for (key, value) in map.iter() {
        let kept = match value {
            Value::Str(_) | Value::Null => value.clone(),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                out.push(deviation(
                    ListingCode::NonStringReferenceValue,
                    pointer.key_str(key).into_string(),
                    format!(
                        "{} is not a string; Cinder's DictOfNullableStringsField would send it as a string",
                        shown(value)
                    ),
                ));
                // Python's str() of a number or a boolean is its repr.
                Value::from(repr(value).as_str())
            }
            other => {
                out.push(deviation(
                    ListingCode::WrongType,
                    pointer.key_str(key).into_string(),
                    format!("{} is not a string or null", other.to_json()),
                ));
                other.clone()
            }
        };
        result.insert(key.clone(), kept);
    }
    result
}

/// Where the managed volume goes.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceTarget {
    /// `host@backend#pool`.
    Host(String),
    /// A cluster name (microversion 3.16+).
    Cluster(String),
}

/// Optional fields for the manage request built from a listing entry. Start
/// from `FromListingOptions::default()` and set what you need.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FromListingOptions {
    /// `name`.
    pub name: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `volume_type` (volumes only).
    pub volume_type: Option<String>,
    /// `availability_zone` (volumes only).
    pub availability_zone: Option<String>,
    /// `bootable` (volumes only).
    pub bootable: Option<bool>,
    /// `metadata`.
    pub metadata: Option<Object>,
    /// Build the request even when `safe_to_manage` is false.
    pub allow_unsafe: bool,
}

/// The entry was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// Stable machine code.
    pub code: ListingCode,
    /// Cinder's `reason_not_safe`, verbatim.
    pub reason_not_safe: Option<PyStr>,
    /// Human explanation.
    pub message: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

/// A manage request built from a listing entry.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestFromListing {
    /// The request body (`{"volume": …}` or `{"snapshot": …}`).
    pub body: Value,
    /// The listed size in GiB: information only (a manage request has no size;
    /// the driver measures, and may round differently from its listing).
    pub listed_size_gib: Option<i64>,
    /// The lowest microversion the body needs (`3.16` for a cluster).
    pub min_microversion: Option<String>,
    /// Notes about the entry.
    pub notes: Vec<Deviation>,
}

fn check_entry(entry: &ManageableEntry, allow_unsafe: bool) -> Result<Vec<Deviation>, Refused> {
    let mut notes = Vec::new();
    match entry.safe_to_manage {
        Some(false) if !allow_unsafe => {
            let reason = entry.reason_not_safe.clone();
            return Err(Refused {
                code: ListingCode::NotSafeToManage,
                message: match &reason {
                    Some(r) => format!("Cinder reports this entry is not safe to manage: {r}"),
                    None => "Cinder reports this entry is not safe to manage (no reason given; the summary \
                             listing omits reason_not_safe, the detail listing has it)"
                        .to_string(),
                },
                reason_not_safe: reason,
            });
        }
        Some(false) => notes.push(deviation(
            ListingCode::NotSafeToManage,
            "/safe_to_manage",
            format!(
                "managed despite safe_to_manage false ({})",
                entry.reason_not_safe.as_ref().map_or("no reason given".to_string(), PyStr::to_string_lossy)
            ),
        )),
        None => notes.push(deviation(
            ListingCode::SafetyUnknown,
            "/safe_to_manage",
            "safe_to_manage is null: the driver did not say",
        )),
        Some(true) => {}
    }
    if entry.reference.is_empty() {
        notes.push(deviation(
            ListingCode::EmptyReference,
            "/reference",
            "the reference is empty: every driver will fail",
        ));
    }
    let reference = Pointer::root().key("reference");
    for (key, value) in entry.reference.iter() {
        if *value == Value::Null {
            notes.push(deviation(
                ListingCode::NullReferenceValue,
                reference.key_str(key).into_string(),
                format!("{key} is null"),
            ));
        }
    }
    if entry.reference.contains_key("name") && !entry.reference.contains_key("source-name") {
        notes.push(deviation(
            ListingCode::ReferenceUsesNameKey,
            "/reference/name",
            "the reference uses `name`: 3PAR, Alletra MP and Pure list it this way but their manage reads \
             source-name (send the value as source-name for them); Zadara reads `name`",
        ));
    }
    Ok(notes)
}

/// Puts `value` under `key` when there is one.
fn put(object: &mut Object, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        object.insert(PyStr::from(key), Value::from(v.as_str()));
    }
}

/// Turn a volume listing entry into a `POST …/os-volume-manage` body: the
/// entry's `reference` becomes `ref`, the target becomes `host` or `cluster`.
pub fn entry_to_volume_request(
    entry: &ManageableEntry,
    target: &ServiceTarget,
    options: &FromListingOptions,
) -> Result<RequestFromListing, Refused> {
    let notes = check_entry(entry, options.allow_unsafe)?;
    let mut volume = Object::new();
    let min_microversion = match target {
        ServiceTarget::Host(host) => {
            volume.insert(PyStr::from("host"), Value::from(host.as_str()));
            None
        }
        ServiceTarget::Cluster(cluster) => {
            volume.insert(PyStr::from("cluster"), Value::from(cluster.as_str()));
            Some(Microversion::VOLUME_MIGRATE_CLUSTER.to_string())
        }
    };
    volume.insert(PyStr::from("ref"), Value::Object(entry.reference.clone()));
    put(&mut volume, "name", options.name.as_ref());
    put(&mut volume, "description", options.description.as_ref());
    put(&mut volume, "volume_type", options.volume_type.as_ref());
    put(&mut volume, "availability_zone", options.availability_zone.as_ref());
    if let Some(b) = options.bootable {
        volume.insert(PyStr::from("bootable"), Value::Bool(b));
    }
    if let Some(m) = &options.metadata {
        volume.insert(PyStr::from("metadata"), Value::Object(m.clone()));
    }
    let mut body = Object::new();
    body.insert(PyStr::from("volume"), Value::Object(volume));
    Ok(RequestFromListing { body: Value::Object(body), listed_size_gib: entry.size, min_microversion, notes })
}

/// Turn a snapshot listing entry into a `POST …/os-snapshot-manage` body.
/// Snapshot manage needs the Cinder id of the parent volume (`volume_id`).
pub fn entry_to_snapshot_request(
    entry: &ManageableEntry,
    volume_id: &str,
    options: &FromListingOptions,
) -> Result<RequestFromListing, Refused> {
    let mut notes = check_entry(entry, options.allow_unsafe)?;
    let id = PyStr::from(volume_id);
    // The schema's `uuid` format, then the lookup by id as sent
    // (`SnapshotManageController.create`: `volume_api.get`).
    if !is_uuid_like(&id) {
        notes.push(deviation(
            ListingCode::VolumeIdNotUuid,
            "/snapshot/volume_id",
            format!("{volume_id:?} is not a UUID: Cinder's schema refuses it (400 \"is not a 'uuid'\")"),
        ));
    } else if !is_canonical_uuid(&id) {
        notes.push(deviation(
            ListingCode::VolumeIdNotUuid,
            "/snapshot/volume_id",
            format!(
                "{volume_id:?} passes Cinder's UUID check but is looked up verbatim; volume ids are stored as \
                 lowercase 8-4-4-4-12, so this normally answers 404"
            ),
        ));
    }
    for (field, given) in [
        ("volume_type", options.volume_type.is_some()),
        ("availability_zone", options.availability_zone.is_some()),
        ("bootable", options.bootable.is_some()),
    ] {
        if given {
            notes.push(deviation(
                ListingCode::InvalidOption,
                format!("/snapshot/{field}"),
                format!("{field} is not a snapshot field (the schema would answer 400); left out"),
            ));
        }
    }
    let mut snapshot = Object::new();
    snapshot.insert(PyStr::from("volume_id"), Value::Str(id));
    snapshot.insert(PyStr::from("ref"), Value::Object(entry.reference.clone()));
    put(&mut snapshot, "name", options.name.as_ref());
    put(&mut snapshot, "description", options.description.as_ref());
    if let Some(m) = &options.metadata {
        snapshot.insert(PyStr::from("metadata"), Value::Object(m.clone()));
    }
    let mut body = Object::new();
    body.insert(PyStr::from("snapshot"), Value::Object(snapshot));
    Ok(RequestFromListing { body: Value::Object(body), listed_size_gib: entry.size, min_microversion: None, notes })
}

// ---------------------------------------------------------------------------
// Listing query strings (`cinder/api/common.py: get_pagination_params`,
// `get_sort_params`, `get_cluster_host`; `docs/cinder/responses.md#listing`)
// ---------------------------------------------------------------------------

/// `osapi_max_limit`'s default: the server clamps `limit` to it
/// (`cinder/api/common.py: _get_limit_param`).
const MAX_LIMIT: i64 = 1000;

/// The largest `offset` Cinder takes (`cinder/api/common.py:
/// _get_offset_param`: `validate_integer` up to `constants.DB_MAX_INT`).
const MAX_OFFSET: i64 = 2_147_483_647;

/// Sort keys Cinder accepts (case-sensitive; the whole set Cinder's
/// listings sort by, so the enum is exhaustive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// `reference` (compared by the smallest value in the dict).
    Reference,
    /// `size`.
    Size,
}

/// Sort directions (case-sensitive); the server default is `desc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// One `key[:dir]` item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortSpec {
    /// Key.
    pub key: SortKey,
    /// Direction; `None` leaves the server default (`desc`).
    pub dir: Option<SortDir>,
}

/// A listing request. Start from `ListingQuery::default()` and set what you
/// need.
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListingQuery {
    /// Snapshots instead of volumes.
    pub snapshots: bool,
    /// `/detail`.
    pub detail: bool,
    /// `host` (any string; `#pool` is ignored for the lookup).
    pub host: Option<String>,
    /// `cluster` (3.17+).
    pub cluster: Option<String>,
    /// A reference object (sent as JSON) or, for PowerMax, a raw string.
    pub marker: Option<Value>,
    /// `limit` (the server clamps to osapi_max_limit, default 1000; a
    /// negative one is refused).
    pub limit: Option<i64>,
    /// `offset`, 0 to 2147483647.
    pub offset: Option<i64>,
    /// `sort` items.
    pub sort: Vec<SortSpec>,
    /// The request microversion as [`Microversion::resolve`] reads it (`X.Y`,
    /// `latest`, or a header value such as `volume 3.8`); `None` means 3.0.
    pub microversion: Option<String>,
}

/// A built listing request.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltQuery {
    /// Path relative to `/v3/{project_id}/`.
    pub path: String,
    /// The query string, without `?`, RFC 3986 percent-encoded.
    pub query: String,
    /// `path?query`.
    pub path_and_query: String,
    /// Notes (limit clamping and the like).
    pub notes: Vec<Deviation>,
}

/// Percent-encode per RFC 3986: everything except the unreserved set
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX` of its UTF-8 bytes (space is `%20`,
/// `#` is `%23`). webob decodes this as well as form encoding.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Build the path and query string of a listing request.
///
/// Routes: `manageable_volumes[/detail]` (or `manageable_snapshots`) at 3.8+,
/// else `os-volume-manage[/detail]` (`os-snapshot-manage`). Exactly one of
/// host and cluster from 3.17; below it host is required and cluster refused.
/// The microversion is resolved as the validator resolves it (3.0 to 3.71,
/// `latest`, the removed v2 API as `2.0`); outside that range Cinder answers
/// 406 before listing anything.
pub fn build_listing_query(query: &ListingQuery) -> Result<BuiltQuery, ListingError> {
    let version = Microversion::resolve(query.microversion.as_deref()).map_err(|e| {
        let code =
            if e.http_status == 406 { ListingCode::MicroversionNotSupported } else { ListingCode::InvalidMicroversion };
        error(code, e.message)
    })?;
    let host = query.host.as_deref().filter(|h| !h.is_empty());
    let cluster = query.cluster.as_deref().filter(|c| !c.is_empty());
    let cluster_rule = version >= Microversion::MANAGE_EXISTING_CLUSTER;
    if cluster.is_some() && !cluster_rule {
        return Err(error(ListingCode::MicroversionTooLow, "listing by cluster needs microversion 3.17 or later"));
    }
    match (host, cluster) {
        (Some(_), Some(_)) | (None, None) if cluster_rule => {
            return Err(error(
                ListingCode::HostOrClusterRequired,
                "give exactly one of host and cluster (Cinder: \"One and only one of cluster and host must be set.\")",
            ))
        }
        (None, _) if !cluster_rule => {
            return Err(error(
                ListingCode::HostOrClusterRequired,
                "host is required (Cinder: \"Host field is missing.\")",
            ))
        }
        _ => {}
    }
    let base = match (query.snapshots, version >= Microversion::MANAGE_EXISTING_LIST) {
        (false, true) => "manageable_volumes",
        (false, false) => "os-volume-manage",
        (true, true) => "manageable_snapshots",
        (true, false) => "os-snapshot-manage",
    };
    let path = if query.detail { format!("{base}/detail") } else { base.to_string() };
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(h) = host {
        pairs.push(("host", h.to_string()));
    }
    if let Some(c) = cluster {
        pairs.push(("cluster", c.to_string()));
    }
    let mut notes = Vec::new();
    match &query.marker {
        None | Some(Value::Null) => {}
        Some(reference @ Value::Object(_)) => {
            pairs.push(("marker", reference.to_json()));
        }
        Some(Value::Str(raw)) => {
            notes.push(deviation(
                ListingCode::InvalidMarker,
                "/marker",
                "a raw string marker is what PowerMax compares (source-id / source-name); other drivers \
                 json.loads it and compare it with whole reference objects",
            ));
            pairs.push(("marker", raw.to_string_lossy()));
        }
        Some(other) => {
            return Err(error(
                ListingCode::InvalidMarker,
                format!("the marker must be a reference object or a string, not {}", shown(other)),
            ))
        }
    }
    if let Some(limit) = query.limit {
        if limit < 0 {
            return Err(error(ListingCode::NegativeLimit, "limit param must be positive"));
        }
        if limit > MAX_LIMIT {
            notes.push(deviation(
                ListingCode::UnexpectedValue,
                "/limit",
                "the server clamps limit to osapi_max_limit (default 1000)",
            ));
        }
        pairs.push(("limit", limit.to_string()));
    }
    if let Some(offset) = query.offset {
        if offset < 0 {
            return Err(error(ListingCode::NegativeOffset, "offset must be >= 0"));
        }
        if offset > MAX_OFFSET {
            return Err(error(ListingCode::OffsetTooLarge, "offset must be <= 2147483647"));
        }
        pairs.push(("offset", offset.to_string()));
    }
    if !query.sort.is_empty() {
        let items: Vec<String> = query
            .sort
            .iter()
            .map(|s| {
                let key = match s.key {
                    SortKey::Reference => "reference",
                    SortKey::Size => "size",
                };
                match s.dir {
                    None => key.to_string(),
                    Some(SortDir::Asc) => format!("{key}:asc"),
                    Some(SortDir::Desc) => format!("{key}:desc"),
                }
            })
            .collect();
        pairs.push(("sort", items.join(",")));
    }
    let query_string = pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&");
    let path_and_query = if query_string.is_empty() { path.clone() } else { format!("{path}?{query_string}") };
    Ok(BuiltQuery { path, query: query_string, path_and_query, notes })
}

// ---------------------------------------------------------------------------
// 202 responses (`docs/cinder/responses.md#volume-manage-202`,
// `#snapshot-manage-202`)
// ---------------------------------------------------------------------------

/// A parsed 202 response of volume manage.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedVolumeResponse {
    /// New volume id.
    pub id: Option<PyStr>,
    /// `"creating"` on a fresh response.
    pub status: Option<PyStr>,
    /// 0 on a fresh response.
    pub size: Option<i64>,
    /// Name (stripped by the server).
    pub name: Option<PyStr>,
    /// Description (stripped by the server).
    pub description: Option<PyStr>,
    /// Volume type **name**.
    pub volume_type: Option<PyStr>,
    /// Availability zone.
    pub availability_zone: Option<PyStr>,
    /// `bootable`, from the server's `"true"`/`"false"` string.
    pub bootable: Option<bool>,
    /// `encrypted` (a boolean).
    pub encrypted: Option<bool>,
    /// `multiattach`.
    pub multiattach: Option<bool>,
    /// Metadata.
    pub metadata: Option<Object>,
    /// `self` link.
    pub self_link: Option<PyStr>,
    /// True when the body looks like the api-ref's hand-written stub.
    pub stub_like: bool,
    /// Everything that differs from a real server's fresh response.
    pub deviations: Vec<Deviation>,
}

/// A parsed 202 response of snapshot manage.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedSnapshotResponse {
    /// New snapshot id.
    pub id: Option<PyStr>,
    /// `"creating"`.
    pub status: Option<PyStr>,
    /// The **parent volume's** size at response time.
    pub size: Option<i64>,
    /// Name as given.
    pub name: Option<PyStr>,
    /// Description as given.
    pub description: Option<PyStr>,
    /// Parent volume id.
    pub volume_id: Option<PyStr>,
    /// Metadata.
    pub metadata: Option<Object>,
    /// True when the body looks like the api-ref's stub.
    pub stub_like: bool,
    /// Everything that differs from a real server's response.
    pub deviations: Vec<Deviation>,
}

struct Reader<'a> {
    map: &'a Object,
    prefix: Pointer,
    deviations: Vec<Deviation>,
    stub: bool,
}

impl<'a> Reader<'a> {
    fn pointer(&self, key: &str) -> String {
        self.prefix.key(key).into_string()
    }

    fn missing(&mut self, key: &str) {
        let p = self.pointer(key);
        self.deviations.push(deviation(ListingCode::MissingField, p, format!("{key} is missing")));
    }

    fn wrong(&mut self, key: &str, expected: &str, got: &Value) {
        let p = self.pointer(key);
        if got.as_pystr().is_some_and(|s| s == "null") {
            self.stub = true;
            self.deviations.push(deviation(
                ListingCode::StubNullString,
                p,
                format!("{key} is the string \"null\": the api-ref stub writes that; a real server sends JSON null or {expected}"),
            ));
        } else {
            self.deviations.push(deviation(
                ListingCode::WrongType,
                p,
                format!("{key} must be {expected}, not {}", shown(got)),
            ));
        }
    }

    /// A string-or-null field; `required` reports absence.
    fn string(&mut self, key: &str, nullable: bool) -> Option<PyStr> {
        match self.map.get(key) {
            None => {
                self.missing(key);
                None
            }
            Some(Value::Null) if nullable => None,
            Some(Value::Str(s)) if *s == "null" && nullable => {
                self.wrong(key, "a string", &Value::Str(s.clone()));
                None
            }
            Some(Value::Str(s)) => Some(s.clone()),
            Some(other) => {
                let other = other.clone();
                self.wrong(key, if nullable { "a string or null" } else { "a string" }, &other);
                None
            }
        }
    }

    fn must_be_null(&mut self, key: &str) {
        match self.map.get(key) {
            None => self.missing(key),
            Some(Value::Null) => {}
            Some(other) => {
                let other = other.clone();
                self.wrong(key, "null on a freshly managed volume", &other);
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.map.get(key) {
            None => {
                self.missing(key);
                None
            }
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::Str(s)) if *s == "true" || *s == "false" => {
                self.stub = true;
                let p = self.pointer(key);
                let truth = *s == "true";
                self.deviations.push(deviation(
                    ListingCode::StubBooleanString,
                    p,
                    format!(
                        "{key} is the string {:?}: the api-ref stub writes that; a real server sends a JSON boolean",
                        if truth { "true" } else { "false" }
                    ),
                ));
                Some(truth)
            }
            Some(other) => {
                let other = other.clone();
                self.wrong(key, "a boolean", &other);
                None
            }
        }
    }

    fn integer(&mut self, key: &str) -> Option<i64> {
        match self.map.get(key) {
            None => {
                self.missing(key);
                None
            }
            Some(Value::Int(Int::Small(n))) => Some(*n),
            Some(other) => {
                let other = other.clone();
                self.wrong(key, "an integer", &other);
                None
            }
        }
    }

    fn metadata(&mut self) -> Option<Object> {
        match self.map.get("metadata") {
            None => {
                self.missing("metadata");
                None
            }
            Some(Value::Object(m)) => Some(m.clone()),
            Some(other) => {
                let other = other.clone();
                self.wrong("metadata", "an object", &other);
                None
            }
        }
    }

    fn expect_value(&mut self, key: &str, actual: Option<&PyStr>, expected: &str, why: &str) {
        if let Some(a) = actual {
            if *a != expected {
                let p = self.pointer(key);
                self.deviations.push(deviation(ListingCode::UnexpectedValue, p, format!("{key} is {a:?}; {why}")));
            }
        }
    }

    fn unexpected_fields(&mut self, allowed: &[&str], stub_markers: &[&str]) {
        let keys: Vec<PyStr> = self.map.keys().filter(|k| !allowed.iter().any(|a| *k == a)).cloned().collect();
        for key in keys {
            let stub = stub_markers.iter().any(|m| key == *m);
            self.stub |= stub;
            let p = self.prefix.key_str(&key).into_string();
            self.deviations.push(deviation(
                ListingCode::UnexpectedField,
                p,
                if stub {
                    format!("{key} is in the api-ref stub but a real manage response never carries it")
                } else {
                    format!("{key} is not part of the manage response")
                },
            ));
        }
    }
}

fn top_object<'a>(value: &'a Value, key: &str) -> Result<&'a Object, ListingError> {
    match value.get(key) {
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(error(ListingCode::WrongType, format!("\"{key}\" must be an object"))),
        None => Err(error(ListingCode::UnknownShape, format!("expected an object with \"{key}\""))),
    }
}

const VOLUME_RESPONSE_FIELDS: &[&str] = &[
    "id",
    "status",
    "size",
    "availability_zone",
    "created_at",
    "updated_at",
    "name",
    "description",
    "volume_type",
    "snapshot_id",
    "source_volid",
    "metadata",
    "links",
    "user_id",
    "bootable",
    "encrypted",
    "replication_status",
    "consistencygroup_id",
    "multiattach",
    "attachments",
    "migration_status",
];

/// Parse and check the 202 body of volume manage against the real server's
/// shape: `bootable` a `"true"`/`"false"` string, `encrypted` a
/// boolean, `size` 0, `status` `"creating"`, null ids. The api-ref sample is a
/// stub (`"encrypted": "false"`, `"null"` strings, a tenant attribute); it is
/// parsed, with `stub_like` set and each difference reported.
pub fn parse_volume_manage_response(text: &str) -> Result<ManagedVolumeResponse, ListingError> {
    let value = parse_document(text, "response")?;
    let map = top_object(&value, "volume")?;
    let mut r = Reader { map, prefix: Pointer::root().key("volume"), deviations: Vec::new(), stub: false };
    let id = r.string("id", false);
    let status = r.string("status", false);
    r.expect_value(
        "status",
        status.as_ref(),
        "creating",
        "a fresh manage response says \"creating\" (DB status managing)",
    );
    let size = r.integer("size");
    if let Some(s) = size.filter(|&s| s != 0) {
        let p = r.pointer("size");
        r.deviations.push(deviation(
            ListingCode::UnexpectedValue,
            p,
            format!("size is {s}; the real size is set later, the 202 says 0"),
        ));
    }
    let name = r.string("name", true);
    let description = r.string("description", true);
    let volume_type = r.string("volume_type", true);
    let availability_zone = r.string("availability_zone", false);
    let bootable = match map.get("bootable") {
        Some(Value::Str(s)) if *s == "true" || *s == "false" => Some(*s == "true"),
        Some(Value::Bool(b)) => {
            let p = r.pointer("bootable");
            r.deviations.push(deviation(
                ListingCode::WrongType,
                p,
                "bootable is a JSON boolean; the server renders it as the string \"true\"/\"false\"",
            ));
            Some(*b)
        }
        None => {
            r.missing("bootable");
            None
        }
        Some(other) => {
            let other = other.clone();
            r.wrong("bootable", "the string \"true\" or \"false\"", &other);
            None
        }
    };
    let encrypted = r.boolean("encrypted");
    if encrypted == Some(true) {
        let p = r.pointer("encrypted");
        r.deviations.push(deviation(
            ListingCode::UnexpectedValue,
            p,
            "encrypted is true, but managing to an encrypted type is refused",
        ));
    }
    let multiattach = match map.get("multiattach") {
        None => {
            r.stub = true;
            r.missing("multiattach");
            None
        }
        Some(_) => r.boolean("multiattach"),
    };
    r.must_be_null("snapshot_id");
    r.must_be_null("source_volid");
    for key in ["replication_status", "consistencygroup_id"] {
        if !map.contains_key(key) {
            r.stub = true;
            r.missing(key);
        }
    }
    r.string("created_at", false);
    r.string("user_id", false);
    let metadata = r.metadata();
    let self_link = match map.get("links") {
        Some(Value::Array(links)) => links
            .iter()
            .find(|l| l.get("rel").and_then(Value::as_pystr).is_some_and(|rel| *rel == "self"))
            .and_then(|l| l.get("href"))
            .and_then(Value::as_pystr)
            .cloned(),
        Some(other) => {
            let other = other.clone();
            r.wrong("links", "an array", &other);
            None
        }
        None => {
            r.missing("links");
            None
        }
    };
    r.unexpected_fields(VOLUME_RESPONSE_FIELDS, &["os-vol-tenant-attr:tenant_id"]);
    Ok(ManagedVolumeResponse {
        id,
        status,
        size,
        name,
        description,
        volume_type,
        availability_zone,
        bootable,
        encrypted,
        multiattach,
        metadata,
        self_link,
        stub_like: r.stub,
        deviations: r.deviations,
    })
}

const SNAPSHOT_RESPONSE_FIELDS: &[&str] =
    &["id", "created_at", "updated_at", "name", "description", "volume_id", "status", "size", "metadata"];

/// Parse and check the 202 body of snapshot manage: exactly the
/// nine summary fields; `size` is the parent volume's size.
pub fn parse_snapshot_manage_response(text: &str) -> Result<ManagedSnapshotResponse, ListingError> {
    let value = parse_document(text, "response")?;
    let map = top_object(&value, "snapshot")?;
    let mut r = Reader { map, prefix: Pointer::root().key("snapshot"), deviations: Vec::new(), stub: false };
    let id = r.string("id", false);
    let status = r.string("status", false);
    r.expect_value("status", status.as_ref(), "creating", "a fresh snapshot manage response says \"creating\"");
    let size = r.integer("size");
    let name = r.string("name", true);
    let description = r.string("description", true);
    let volume_id = r.string("volume_id", false);
    r.string("created_at", false);
    r.string("updated_at", true);
    let metadata = r.metadata();
    r.unexpected_fields(SNAPSHOT_RESPONSE_FIELDS, &[]);
    Ok(ManagedSnapshotResponse {
        id,
        status,
        size,
        name,
        description,
        volume_id,
        metadata,
        stub_like: r.stub,
        deviations: r.deviations,
    })
}
