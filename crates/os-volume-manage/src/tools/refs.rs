//! The `ref` object: building it, normalizing it, and checking it against
//! what each Cinder driver reads (spec 7.3 and 12).
//!
//! Cinder's API does not look inside `ref` (beyond a `source-name` check), so a
//! wrong key or value form is only discovered asynchronously, when the driver's
//! `manage_existing_get_size` fails and the volume lands in `error`. This
//! module moves those failures to the client:
//!
//! * [`build_ref`] builds `{id_type: identifier}` exactly as Horizon and
//!   cinderclient do;
//! * [`normalize_ref`] fixes common spelling mistakes, explicitly: it returns
//!   the original, the normalized ref and one [`RefWarning`] per change;
//! * [`drivers`] is the driver table of spec 12.1–12.6, as data;
//! * [`check_ref_for_driver`] / [`check_snapshot_ref_for_driver`] compare a
//!   ref with one driver's row.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How serious a note is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing fails because of it.
    Info,
    /// Probably a mistake, or the driver will fail asynchronously (volume in `error`).
    Warning,
    /// The API itself answers 400 (or the request cannot work at all).
    Error,
}

/// Stable codes for every ref note. The snake_case spelling is the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefCode {
    /// A key was respelled to its canonical form (`source_name` → `source-name`).
    KeyRespelled,
    /// A misspelled key could not be respelled: the canonical key is also present.
    KeyRespellingConflict,
    /// Surrounding whitespace was removed from a value.
    ValueTrimmed,
    /// A number was turned into its string form.
    ValueStringified,
    /// A value is empty: drivers look up an empty name and fail.
    EmptyValue,
    /// A value is null.
    NullValue,
    /// Both `source-name` and `source-id` are present.
    BothSourceKeys,
    /// A key no driver in the table reads.
    UnknownKey,
    /// A key only some drivers read (`name`, `source-guid`, `manage_if_in_use`).
    DriverSpecificKey,
    /// `{}`: every driver fails.
    EmptyRef,
    /// A string ref was wrapped as `{"source-name": …}`.
    StringRefWrapped,
    /// A string ref (`""`, or any string for a driver that does not wrap).
    StringRef,
    /// A string ref containing `source-name`: HTTP 400 at the API (spec 7.3).
    StringRefContainsSourceName,
    /// `ref` is neither an object nor a string (nor null for snapshots): HTTP 400.
    RefWrongType,
    /// A null ref (snapshots only; the schema allows it, drivers fail).
    NullRef,
    /// `source-name` is not a string: HTTP 400 at the API (spec 7.3).
    SourceNameNotString,
    /// A value that is not a string where drivers expect one.
    NonStringValue,
    /// `source-name` looks like `volume-<uuid>`: 400 "already managed" if that volume exists.
    LooksLikeCinderVolumeName,
    /// The driver has no manage support: 202, then the volume goes to error.
    NoManageSupport,
    /// None of the keys the driver reads is present.
    MissingDriverKey,
    /// The ref uses another driver's key (`source-name` for Zadara).
    WrongKeyForDriver,
    /// The driver does not read this key at all.
    KeyIgnoredByDriver,
    /// The driver reads a higher-precedence key; this one is ignored.
    LowerPrecedenceKeyIgnored,
    /// The key is the driver's listing key, which its manage does not accept.
    ListingKeyNotAccepted,
    /// The value does not have the form the driver expects.
    ValueFormMismatch,
    /// The driver would refuse the object as already managed.
    AlreadyManaged,
    /// A flag the driver tests with Python truthiness (the string "false" is true).
    TruthyFlag,
}

/// One note about a ref.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefWarning {
    /// Stable machine code.
    pub code: RefCode,
    /// How serious it is.
    pub severity: Severity,
    /// The ref key concerned, if any.
    pub key: Option<String>,
    /// Human explanation.
    pub message: String,
}

impl RefWarning {
    fn new(code: RefCode, severity: Severity, key: Option<&str>, message: impl Into<String>) -> RefWarning {
        RefWarning { code, severity, key: key.map(str::to_string), message: message.into() }
    }
}

/// Which request the ref belongs to (their schemas differ: snapshots allow null).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefTarget {
    /// `POST …/os-volume-manage`.
    Volume,
    /// `POST …/os-snapshot-manage`.
    Snapshot,
}

/// The outcome of [`normalize_ref`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormalizedRef {
    /// The ref as given.
    pub original: Value,
    /// The ref after the reported changes.
    pub normalized: Value,
    /// True when `normalized != original`.
    pub changed: bool,
    /// Every change and every problem found.
    pub warnings: Vec<RefWarning>,
}

/// Build a ref the way Horizon (`api/cinder.py` `volume_manage`) and
/// cinderclient (`do_manage`, `do_snapshot_manage`) do: `{id_type: identifier}`,
/// with no trimming or checking. Run [`normalize_ref`] on the result to find problems.
pub fn build_ref(id_type: &str, identifier: &str) -> Value {
    let mut map = Map::new();
    map.insert(id_type.to_string(), Value::String(identifier.to_string()));
    Value::Object(map)
}

/// Keys with a canonical spelling, and the folded form (lowercase letters and
/// digits only) that identifies their misspellings: `source_name`,
/// `sourceName`, `source name`, `SOURCE-NAME` all fold to `sourcename`.
const CANONICAL_KEYS: [(&str, &str); 3] =
    [("sourcename", "source-name"), ("sourceid", "source-id"), ("sourceguid", "source-guid")];

/// Keys some drivers read besides `source-name`/`source-id`.
const DRIVER_SPECIFIC_KEYS: [&str; 3] = ["name", "source-guid", "manage_if_in_use"];

fn fold_key(key: &str) -> String {
    key.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn canonical_key(key: &str) -> Option<&'static str> {
    let folded = fold_key(key);
    CANONICAL_KEYS.iter().find(|(f, _)| *f == folded).map(|(_, c)| *c)
}

/// Normalize a ref, reporting every change.
///
/// Changes made (each reported): misspelled `source-name`/`source-id`/
/// `source-guid` keys respelled; surrounding whitespace trimmed from string
/// values (Unicode `White_Space`; a backend name with a leading space is
/// almost never intended); integer and float values of `source-name`/`source-id`
/// turned into strings (the API answers 400 for a non-string `source-name`, and
/// Hitachi requires a string id); a string ref wrapped as `{"source-name": …}`
/// (what LVM and RBD snapshot manage do themselves; every other driver fails
/// on a string). Problems only reported: empty or null values, both source
/// keys, unknown keys, `{}`, wrong JSON types.
pub fn normalize_ref(input: &Value, target: RefTarget) -> NormalizedRef {
    let mut warnings = Vec::new();
    let normalized = match input {
        Value::Object(map) => Value::Object(normalize_object(map, &mut warnings)),
        Value::String(text) => normalize_string_ref(text, target, &mut warnings),
        Value::Null if target == RefTarget::Snapshot => {
            warnings.push(RefWarning::new(
                RefCode::NullRef,
                Severity::Warning,
                None,
                "a null ref passes the snapshot schema, but no driver can find a snapshot from it",
            ));
            Value::Null
        }
        other => {
            let allowed = match target {
                RefTarget::Volume => "an object or a string",
                RefTarget::Snapshot => "an object, a string or null",
            };
            warnings.push(RefWarning::new(
                RefCode::RefWrongType,
                Severity::Error,
                None,
                format!("ref must be {allowed}, not {}: the API answers 400", json_type(other)),
            ));
            other.clone()
        }
    };
    NormalizedRef { changed: &normalized != input, original: input.clone(), normalized, warnings }
}

fn normalize_string_ref(text: &str, target: RefTarget, warnings: &mut Vec<RefWarning>) -> Value {
    if target == RefTarget::Volume && text.contains("source-name") {
        warnings.push(RefWarning::new(
            RefCode::StringRefContainsSourceName,
            Severity::Error,
            None,
            "as given, this string ref makes the API answer 400: Cinder tests `'source-name' in ref`, \
             a substring test on a string, then indexes the string with 'source-name' (TypeError)",
        ));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        warnings.push(RefWarning::new(
            RefCode::StringRef,
            Severity::Warning,
            None,
            "an empty string ref passes the schema, but no driver can find an object from it",
        ));
        return Value::String(text.to_string());
    }
    warnings.push(RefWarning::new(
        RefCode::StringRefWrapped,
        Severity::Warning,
        Some("source-name"),
        format!(
            "string ref {text:?} wrapped as {{\"source-name\": {trimmed:?}}}: only LVM and RBD snapshot \
             manage wrap a string themselves; every other driver fails on a string ref"
        ),
    ));
    let mut map = Map::new();
    map.insert("source-name".to_string(), Value::String(trimmed.to_string()));
    Value::Object(normalize_object(&map, warnings))
}

fn normalize_object(map: &Map<String, Value>, warnings: &mut Vec<RefWarning>) -> Map<String, Value> {
    if map.is_empty() {
        warnings.push(RefWarning::new(
            RefCode::EmptyRef,
            Severity::Warning,
            None,
            "an empty ref passes the schema, but every driver fails: none of its keys is present",
        ));
        return Map::new();
    }
    let mut out = Map::new();
    // Canonical keys first, so a misspelling never overwrites a correct key.
    for (key, value) in map.iter().filter(|(k, _)| canonical_key(k) == Some(k.as_str())) {
        out.insert(key.clone(), value.clone());
    }
    for (key, value) in map.iter().filter(|(k, _)| canonical_key(k) != Some(k.as_str())) {
        match canonical_key(key) {
            Some(canonical) if out.contains_key(canonical) => {
                warnings.push(RefWarning::new(
                    RefCode::KeyRespellingConflict,
                    Severity::Warning,
                    Some(key),
                    format!("{key:?} looks like {canonical:?}, which is also present; kept both unchanged"),
                ));
                out.insert(key.clone(), value.clone());
            }
            Some(canonical) => {
                warnings.push(RefWarning::new(
                    RefCode::KeyRespelled,
                    Severity::Warning,
                    Some(canonical),
                    format!("key {key:?} respelled {canonical:?}: drivers look up the exact key"),
                ));
                out.insert(canonical.to_string(), value.clone());
            }
            None => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    for (key, value) in out.iter_mut() {
        normalize_value(key, value, warnings);
    }
    if out.contains_key("source-name") && out.contains_key("source-id") {
        warnings.push(RefWarning::new(
            RefCode::BothSourceKeys,
            Severity::Info,
            None,
            "both source-name and source-id are given: each driver reads one of them by its own \
             precedence (LVM reads only source-name, Unity reads source-id first); see the driver check",
        ));
    }
    for key in out.keys() {
        if canonical_key(key) == Some(key.as_str()) && key != "source-guid" {
            continue;
        }
        if DRIVER_SPECIFIC_KEYS.contains(&key.as_str()) {
            warnings.push(RefWarning::new(
                RefCode::DriverSpecificKey,
                Severity::Info,
                Some(key),
                format!("{key:?} is read only by some drivers (see the driver table)"),
            ));
        } else if canonical_key(key).is_none() {
            warnings.push(RefWarning::new(
                RefCode::UnknownKey,
                Severity::Warning,
                Some(key),
                format!("{key:?} is not a key any driver in the table reads; drivers ignore it"),
            ));
        }
    }
    out
}

fn normalize_value(key: &str, value: &mut Value, warnings: &mut Vec<RefWarning>) {
    let is_source_key = key == "source-name" || key == "source-id";
    match value {
        Value::String(text) => {
            let trimmed = text.trim();
            if trimmed.len() != text.len() {
                warnings.push(RefWarning::new(
                    RefCode::ValueTrimmed,
                    Severity::Warning,
                    Some(key),
                    format!("surrounding whitespace removed from {text:?}"),
                ));
                *text = trimmed.to_string();
            }
            if text.is_empty() {
                warnings.push(RefWarning::new(
                    RefCode::EmptyValue,
                    Severity::Warning,
                    Some(key),
                    format!("{key:?} is empty: the driver looks up an empty identifier and fails"),
                ));
            }
            if key == "source-name" && looks_like_cinder_volume_name(text) {
                warnings.push(RefWarning::new(
                    RefCode::LooksLikeCinderVolumeName,
                    Severity::Info,
                    Some(key),
                    "this looks like a Cinder volume name (volume-<uuid>): if a volume with that id \
                     exists, the API answers 400 \"Unable to manage existing volume. The volume is already managed\"",
                ));
            }
        }
        Value::Number(number) if is_source_key => {
            let text = number.to_string();
            warnings.push(RefWarning::new(
                RefCode::ValueStringified,
                Severity::Warning,
                Some(key),
                format!(
                    "{key} {text} turned into the string {text:?}: the API answers 400 for a non-string \
                     source-name, and most drivers compare identifiers as strings"
                ),
            ));
            *value = Value::String(text);
        }
        Value::Null => warnings.push(RefWarning::new(
            RefCode::NullValue,
            Severity::Warning,
            Some(key),
            format!("{key:?} is null: the driver cannot look anything up with it"),
        )),
        other if key == "source-name" => warnings.push(RefWarning::new(
            RefCode::SourceNameNotString,
            Severity::Error,
            Some(key),
            format!(
                "source-name is {}, not a string: the API answers 400 (a regex match on a non-string)",
                json_type(other)
            ),
        )),
        other if is_source_key => warnings.push(RefWarning::new(
            RefCode::NonStringValue,
            Severity::Warning,
            Some(key),
            format!("{key} is {}; drivers expect a string", json_type(other)),
        )),
        _ => {}
    }
}

/// `volume-<uuid>` with Cinder's default `volume_name_template`.
fn looks_like_cinder_volume_name(text: &str) -> bool {
    text.strip_prefix("volume-").is_some_and(is_uuid_loose)
}

/// The loose UUID parse Python's `uuid.UUID()` applies: braces, `urn:uuid:`
/// and hyphens anywhere are tolerated; 32 hex digits must remain.
fn is_uuid_loose(text: &str) -> bool {
    let text = text.strip_prefix("urn:uuid:").unwrap_or(text);
    let text = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(text);
    let hex: Vec<char> = text.chars().filter(|&c| c != '-').collect();
    hex.len() == 32 && hex.iter().all(char::is_ascii_hexdigit)
}

/// Canonical 8-4-4-4-12 hexadecimal form (either case).
fn is_uuid_canonical(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// The driver table (spec 12.1–12.6), as data.
// ---------------------------------------------------------------------------

/// The value form a driver expects for one key, with a simple offline check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueForm {
    /// Any non-empty string (a name on the array).
    AnyNonEmpty,
    /// A canonical UUID (8-4-4-4-12 hex).
    Uuid,
    /// PowerMax: a 5-character device id; fallback: a UUID after removing `OS-`/`volume-`.
    PowerMax5CharDeviceId,
    /// RBD: an image name in the configured pool, **not** `pool/image`.
    RbdImageName,
    /// NetApp NFS: `<server>:/<export>/<path>/<file>`.
    NfsShareColonPath,
    /// RemoteFS mixin: `<share>/<relative path>`.
    ShareSlashPath,
    /// NetApp block: a LUN path `/vol/<flexvol>/<lun>`.
    LunPath,
    /// VMware: `<vmdk_path>@<vm_inventory_path>`, exactly one `@`.
    VmdkAtInventoryPath,
    /// Datera: `tenant:app_inst:storage_inst:vol` or `app_inst:storage_inst:vol`.
    DateraColonForm,
    /// Datera snapshot: a timestamp matching `\d{10,}\.\d+`.
    DateraSnapshotTimestamp,
    /// Hitachi family: an LDEV number as a JSON string, decimal (`"1000"`) or `"HH:HH:HH"`.
    DecimalOrHexLdev,
    /// SolidFire: an integer (JSON number or decimal string).
    Integer,
    /// PowerFlex: a hexadecimal volume id.
    Hex,
    /// 3PAR/Alletra: a VV name not starting with `osv`, `oss` or `vvs`.
    ThreeParVvName,
    /// Pure: a volume name (may carry `pod::`/`vgroup/`); realms `a::b::c` refused.
    PureVolumeName,
    /// A flag tested with Python truthiness (`"false"` is true).
    PythonTruthy,
}

/// How a driver uses a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    /// Identifies the object; the first present identifier in table order wins.
    Identifier,
    /// Used together with the other filters (Nexenta: name and/or GUID).
    Filter,
    /// An optional modifier (SolidFire `name`, Storwize `manage_if_in_use`).
    Optional,
}

/// One key a driver reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RefKey {
    /// The exact key.
    pub key: &'static str,
    /// How it is used.
    pub role: KeyRole,
    /// The value form expected.
    pub form: ValueForm,
    /// What the value names on the backend.
    pub meaning: &'static str,
}

const fn ident(key: &'static str, form: ValueForm, meaning: &'static str) -> RefKey {
    RefKey { key, role: KeyRole::Identifier, form, meaning }
}
const fn filter(key: &'static str, form: ValueForm, meaning: &'static str) -> RefKey {
    RefKey { key, role: KeyRole::Filter, form, meaning }
}
const fn optional(key: &'static str, form: ValueForm, meaning: &'static str) -> RefKey {
    RefKey { key, role: KeyRole::Optional, form, meaning }
}

/// How the driver turns the backend size into GiB (spec 13.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeRounding {
    /// ceil: the canonical rule.
    Up,
    /// floor.
    Down,
    /// A float GiB value, truncated toward zero when stored.
    Truncated,
    /// Only whole GiB accepted; anything else fails.
    WholeOnly,
    /// The backend reports GiB; used as given.
    AsGiven,
    /// No manage support.
    NotApplicable,
}

/// One row of the driver table. `Serialize` only: the table is static data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DriverHint {
    /// Stable id used by [`check_ref_for_driver`].
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other spellings accepted by the lookup.
    pub aliases: &'static [&'static str],
    /// Source file under `cinder/volume/drivers/`.
    pub source: &'static str,
    /// Spec section of the row.
    pub spec_section: &'static str,
    /// False for drivers without `manage_existing`.
    pub manage_support: bool,
    /// Volume ref keys, identifiers in precedence order.
    pub volume_keys: &'static [RefKey],
    /// The driver's error when its key is missing.
    pub missing_key_error: &'static str,
    /// Snapshot ref keys (empty: no snapshot manage).
    pub snapshot_keys: &'static [RefKey],
    /// True when snapshot manage wraps a string ref as `{"source-name": ref}`.
    pub snapshot_wraps_string_ref: bool,
    /// Keys of the `reference` objects the driver's listing returns (empty: no listing).
    pub listing_reference_keys: &'static [&'static str],
    /// False (⚠) when the listing's reference is not accepted back by manage.
    pub listing_key_accepted_back: bool,
    /// Size rounding of `manage_existing_get_size`.
    pub size_rounding: SizeRounding,
    /// Everything else worth knowing.
    pub notes: &'static str,
}

use ValueForm::*;

const NO_KEYS: &[RefKey] = &[];

const SOURCE_NAME_ONLY: &[RefKey] = &[ident("source-name", AnyNonEmpty, "object name on the backend")];
const SOURCE_ID_THEN_NAME: &[RefKey] =
    &[ident("source-id", AnyNonEmpty, "object id on the backend"), ident("source-name", AnyNonEmpty, "object name")];
const STX_KEYS: &[RefKey] = &[ident("source-name", AnyNonEmpty, "array volume name")];
const THREEPAR_KEYS: &[RefKey] = &[
    ident("source-name", ThreeParVvName, "VV name"),
    ident("source-id", Uuid, "Cinder UUID of a previously unmanaged volume (converted to its unm-… name)"),
];
const THREEPAR_SNAPSHOT_KEYS: &[RefKey] = &[
    ident("source-name", ThreeParVvName, "snapshot VV name"),
    ident("source-id", Uuid, "Cinder UUID of a previously unmanaged snapshot (converted to ums-…)"),
];
const HITACHI_KEYS: &[RefKey] = &[
    ident("source-name", AnyNonEmpty, "LDEV label ('-' is removed before lookup)"),
    ident("source-id", DecimalOrHexLdev, "LDEV number, decimal string or HH:HH:HH"),
];
const STORWIZE_KEYS: &[RefKey] = &[
    ident("source-name", AnyNonEmpty, "vdisk name"),
    ident("source-id", AnyNonEmpty, "vdisk UID"),
    optional("manage_if_in_use", PythonTruthy, "manage even if mapped (truthy test)"),
];
const NEXENTA_KEYS: &[RefKey] =
    &[filter("source-name", AnyNonEmpty, "zvol name or filesystem path"), filter("source-guid", AnyNonEmpty, "GUID")];

/// Defaults shared by managed rows; each row overrides what differs.
const MANAGED: DriverHint = DriverHint {
    id: "",
    name: "",
    aliases: &[],
    source: "",
    spec_section: "",
    manage_support: true,
    volume_keys: SOURCE_NAME_ONLY,
    missing_key_error: "",
    snapshot_keys: NO_KEYS,
    snapshot_wraps_string_ref: false,
    listing_reference_keys: &[],
    listing_key_accepted_back: true,
    size_rounding: SizeRounding::Up,
    notes: "",
};

const fn no_manage(id: &'static str, name: &'static str, source: &'static str) -> DriverHint {
    DriverHint {
        id,
        name,
        aliases: &[],
        source,
        spec_section: "12.6",
        manage_support: false,
        volume_keys: NO_KEYS,
        missing_key_error: "",
        snapshot_keys: NO_KEYS,
        snapshot_wraps_string_ref: false,
        listing_reference_keys: &[],
        listing_key_accepted_back: true,
        size_rounding: SizeRounding::NotApplicable,
        notes: "No manage_existing: the base VolumeDriver raises NotImplementedError. The API still \
                returns 202 and the volume ends in error.",
    }
}

static DRIVERS: &[DriverHint] = &[
    // 12.1 Software-defined, NAS and hypervisor drivers
    DriverHint {
        id: "lvm",
        name: "LVM",
        source: "lvm.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", AnyNonEmpty, "LV name in the configured volume group")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot LV name")],
        snapshot_wraps_string_ref: true,
        listing_reference_keys: &["source-name"],
        notes: "Missing LV: \"Specified logical volume does not exist.\" Snapshot listings add \
                source_reference {\"source-name\": origin}. Size: int(ceil(float(lvs GiB))).",
        ..MANAGED
    },
    DriverHint {
        id: "rbd",
        name: "Ceph RBD",
        aliases: &["ceph", "ceph_rbd"],
        source: "rbd.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", RbdImageName, "RBD image name in the configured pool (not pool/image)")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", RbdImageName, "snapshot name on the parent volume's image")],
        snapshot_wraps_string_ref: true,
        listing_reference_keys: &["source-name"],
        notes: "Missing image: \"Specified RBD image does not exist.\"",
        ..MANAGED
    },
    DriverHint {
        id: "rbd_iscsi",
        name: "Ceph RBD iSCSI",
        source: "ceph/rbd_iscsi.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", RbdImageName, "RBD image name in the configured pool (not pool/image)")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", RbdImageName, "snapshot name on the parent volume's image")],
        snapshot_wraps_string_ref: true,
        listing_reference_keys: &["source-name"],
        notes: "Inherits the RBD driver's manage code.",
        ..MANAGED
    },
    DriverHint {
        id: "netapp_ontap_nfs",
        name: "NetApp ONTAP NFS",
        aliases: &["netapp_nfs"],
        source: "netapp/dataontap/nfs_base.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", NfsShareColonPath, "<nfs-server>:/<export>/<path>/<file>")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        notes: "The server may be a hostname (resolved to an IP for matching) or an IPv6 address. \
                Not found: \"Volume not found on configured storage backend.\"",
        ..MANAGED
    },
    DriverHint {
        id: "netapp_ontap_block",
        name: "NetApp ONTAP iSCSI/FC",
        aliases: &["netapp_iscsi", "netapp_fc"],
        source: "netapp/dataontap/block_base.py",
        spec_section: "12.1",
        volume_keys: &[
            ident("source-name", LunPath, "LUN path /vol/<flexvol>/<lun>"),
            ident("source-id", Uuid, "LUN UUID (cDOT only)"),
        ],
        missing_key_error:
            "ManageExistingInvalidReference: Volume manage identifier must contain either source-id or source-name element.",
        notes: "Not found: \"LUN not found with given ref …\"",
        ..MANAGED
    },
    DriverHint {
        id: "vmware_vmdk",
        name: "VMware VMDK",
        aliases: &["vmware", "vmdk"],
        source: "vmware/vmdk.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", VmdkAtInventoryPath, "<vmdk_path>@<vm_inventory_path>")],
        missing_key_error: "InvalidInput: source-name cannot be empty.",
        notes: "Wrong form: InvalidInput \"source-name format should be: 'vmdk_path@vm_inventory_path'.\"; \
                missing: \"<src> does not exist.\" Size from capacityInKB, rounded up.",
        ..MANAGED
    },
    DriverHint {
        id: "datacore",
        name: "DataCore",
        source: "datacore/driver.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", AnyNonEmpty, "virtual disk alias")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "virtual disk alias")],
        size_rounding: SizeRounding::Truncated,
        notes: "Size is bytes / 2^30 as a float, truncated when stored. Missing: \"Specified Virtual disk does not exist.\"",
        ..MANAGED
    },
    DriverHint {
        id: "datera",
        name: "Datera",
        source: "datera/datera_iscsi.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", DateraColonForm, "tenant:app_inst:storage_inst:vol or app_inst:storage_inst:vol")],
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: &[ident("source-name", DateraSnapshotTimestamp, "snapshot timestamp such as 1234567890.12345678")],
        listing_reference_keys: &["source-name"],
        size_rounding: SizeRounding::AsGiven,
        notes: "Tenant 'root' means none. Wrong form: \"existing_ref argument must be of this format: …\". \
                Listing extra_info carries {\"snapshots\": \"<json>\"}.",
        ..MANAGED
    },
    DriverHint {
        id: "nexenta_ns5_iscsi",
        name: "NexentaStor 5 iSCSI",
        source: "nexenta/ns5/iscsi.py",
        spec_section: "12.1",
        volume_keys: NEXENTA_KEYS,
        missing_key_error: "NefException EINVAL: …must contain at least one valid key: source-name, source-guid",
        snapshot_keys: NEXENTA_KEYS,
        listing_reference_keys: &["source-name", "source-guid"],
        size_rounding: SizeRounding::Down,
        notes: "source-name and source-guid are both used as filters: ENOENT \"no matching volumes\", \
                EINVAL \"too many volumes\", EBUSY if already managed. Size floors bytes // 2^30.",
        ..MANAGED
    },
    DriverHint {
        id: "nexenta_ns5_nfs",
        name: "NexentaStor 5 NFS",
        source: "nexenta/ns5/nfs.py",
        spec_section: "12.1",
        volume_keys: &[
            filter("source-name", AnyNonEmpty, "NexentaStor filesystem path"),
            filter("source-guid", AnyNonEmpty, "GUID"),
        ],
        missing_key_error: "NefException EINVAL: …must contain at least one valid key: source-name, source-guid",
        snapshot_keys: &[
            filter("source-name", AnyNonEmpty, "snapshot name"),
            filter("source-guid", AnyNonEmpty, "GUID"),
        ],
        listing_reference_keys: &["source-name", "source-guid"],
        size_rounding: SizeRounding::Down,
        notes: "Both keys used as filters. Size floors the data file size // 2^30.",
        ..MANAGED
    },
    DriverHint {
        id: "remotefs",
        name: "RemoteFS mixin (unused in tree)",
        source: "remotefs.py",
        spec_section: "12.1",
        volume_keys: &[ident("source-name", ShareSlashPath, "<share>/<relative path to image file>")],
        missing_key_error: "ManageExistingInvalidReference: The existing volume reference must contain \"source-name\".",
        listing_reference_keys: &["source-name"],
        notes: "raw/qcow2 only, no backing file. No in-tree driver uses this mixin any more (SMBFS/Windows were removed).",
        ..MANAGED
    },
    // 12.2 Dell
    DriverHint {
        id: "dell_powerflex",
        name: "Dell PowerFlex",
        aliases: &["powerflex", "scaleio", "vxflexos"],
        source: "dell_emc/powerflex/driver.py",
        spec_section: "12.2",
        volume_keys: &[ident("source-id", Hex, "PowerFlex volume id (hex)")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id.",
        snapshot_keys: &[ident("source-id", Hex, "snapshot id; its ancestor must be the Cinder volume's provider_id")],
        listing_reference_keys: &["source-id"],
        notes: "source-id only. The volume must have a type (\"Volume must have a volume type.\"); refused if \
                already managed or mapped to SDCs. Listing extra_info {volumeType, name}; the listing floors the size.",
        ..MANAGED
    },
    DriverHint {
        id: "dell_powermax",
        name: "Dell PowerMax",
        aliases: &["powermax", "vmax"],
        source: "dell_emc/powermax/common.py",
        spec_section: "12.2",
        volume_keys: &[
            ident("source-name", PowerMax5CharDeviceId, "5-character device id"),
            ident("source-id", PowerMax5CharDeviceId, "5-character device id"),
        ],
        missing_key_error: "VolumeBackendAPIException: Source volume device ID is required.",
        snapshot_keys: &[
            ident("source-name", AnyNonEmpty, "SnapVX snapshot name (must not start with OS-)"),
            ident("source-id", AnyNonEmpty, "SnapVX snapshot name (must not start with OS-)"),
        ],
        listing_reference_keys: &["source-id"],
        size_rounding: SizeRounding::WholeOnly,
        notes: "Device id upper-cased; not 5 characters: \"Device ID: … should be exactly 5 digits.\", then the \
                value minus OS-/volume- must be a UUID. Identifiers starting OS- are already managed. Refused with \
                several storage groups, a masking view, a replication session or a non-FBA device. Snapshot \
                listings use {\"source-name\": snapName} with source_reference {\"source-id\": dev}. Listing \
                markers are compared to source-id as a plain string.",
        ..MANAGED
    },
    DriverHint {
        id: "dell_sc",
        name: "Dell SC (Compellent)",
        aliases: &["sc", "compellent", "storagecenter"],
        source: "dell_emc/sc/storagecenter_common.py",
        spec_section: "12.2",
        volume_keys: &[
            ident("source-name", AnyNonEmpty, "SC volume name"),
            ident("source-id", AnyNonEmpty, "SC device id"),
        ],
        missing_key_error: "ManageExistingInvalidReference: Must specify source-name or source-id.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "replay (snapshot) description")],
        size_rounding: SizeRounding::WholeOnly,
        notes: "Either key, whichever is truthy. \"Volume not unique.\" / \"Volume not found.\". Size must be a \
                whole GiB: \"Volume size must multiple of 1 GB.\"",
        ..MANAGED
    },
    DriverHint {
        id: "dell_unity",
        name: "Dell Unity",
        aliases: &["unity"],
        source: "dell_emc/unity/adapter.py",
        spec_section: "12.2",
        volume_keys: &[ident("source-id", AnyNonEmpty, "LUN id such as sv_1"), ident("source-name", AnyNonEmpty, "LUN name")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name key.",
        size_rounding: SizeRounding::Truncated,
        notes: "\"LUN doesn't exist.\"; the LUN's pool must match. Size is a float GiB, truncated when stored.",
        ..MANAGED
    },
    DriverHint {
        id: "dell_vnx",
        name: "Dell VNX",
        aliases: &["vnx"],
        source: "dell_emc/vnx/adapter.py",
        spec_section: "12.2",
        volume_keys: SOURCE_ID_THEN_NAME,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name key.",
        size_rounding: SizeRounding::Truncated,
        notes: "ManageExistingVolumeTypeMismatch on a provisioning/tier mismatch. total_capacity_gb truncated if fractional.",
        ..MANAGED
    },
    DriverHint {
        id: "dell_xtremio",
        name: "Dell XtremIO",
        aliases: &["xtremio"],
        source: "dell_emc/xtremio.py",
        spec_section: "12.2",
        volume_keys: &[ident("source-name", AnyNonEmpty, "volume name")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot name; must be a snapshot of the volume")],
        notes: "Size from vol-size KiB, rounded up.",
        ..MANAGED
    },
    DriverHint {
        id: "dell_powervault_me",
        name: "Dell PowerVault ME (STX family)",
        aliases: &["powervault"],
        source: "dell_emc/powervault/",
        spec_section: "12.2",
        volume_keys: STX_KEYS,
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: STX_KEYS,
        listing_reference_keys: &["source-name"],
        notes: "Seagate STX family code. Snapshot listings add source_reference {\"source-name\": parent}.",
        ..MANAGED
    },
    // 12.3 HPE and Hitachi family
    DriverHint {
        id: "hpe_3par",
        name: "HPE 3PAR",
        aliases: &["3par", "hpe3par"],
        source: "hpe/hpe_3par_common.py",
        spec_section: "12.3",
        volume_keys: THREEPAR_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name or source-id.",
        snapshot_keys: THREEPAR_SNAPSHOT_KEYS,
        listing_reference_keys: &["name"],
        listing_key_accepted_back: false,
        notes: "Names starting osv, oss or vvs: \"Reference must be for an unmanaged virtual volume.\"; \
                missing: \"Virtual volume '<n>' doesn't exist on array.\" The listing returns {\"name\": vv}, \
                which manage_existing does not accept: send it as source-name. The listing floors the size.",
        ..MANAGED
    },
    DriverHint {
        id: "hpe_alletra_mp",
        name: "HPE Alletra MP",
        aliases: &["alletra"],
        source: "hpe/alletramp_service.py",
        spec_section: "12.3",
        volume_keys: THREEPAR_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name or source-id.",
        snapshot_keys: THREEPAR_SNAPSHOT_KEYS,
        listing_reference_keys: &["name"],
        listing_key_accepted_back: false,
        notes: "Same manage code as 3PAR; the listing's {\"name\": …} is not accepted back: send it as source-name.",
        ..MANAGED
    },
    DriverHint {
        id: "hpe_nimble",
        name: "HPE Nimble",
        aliases: &["nimble"],
        source: "hpe/nimble.py",
        spec_section: "12.3",
        volume_keys: &[ident("source-name", AnyNonEmpty, "Nimble volume name (offline, agent-type none, no ACL)")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name.",
        size_rounding: SizeRounding::Down,
        notes: "An online volume is refused (InvalidVolume \"Volume %s is online…\"). Size floors MiB/1024.",
        ..MANAGED
    },
    DriverHint {
        id: "hpe_msa",
        name: "HPE MSA (STX family)",
        aliases: &["msa"],
        source: "san/hp/",
        spec_section: "12.3",
        volume_keys: STX_KEYS,
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: STX_KEYS,
        listing_reference_keys: &["source-name"],
        notes: "Seagate STX family code.",
        ..MANAGED
    },
    DriverHint {
        id: "hitachi_vsp",
        name: "Hitachi VSP",
        aliases: &["hitachi", "hbsd"],
        source: "hitachi/hbsd_common.py",
        spec_section: "12.3",
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "source-id must be a JSON string (str.isdigit). The capacity must be a multiple of 2^21 blocks (1 GiB).",
        ..MANAGED
    },
    DriverHint {
        id: "hpe_xp",
        name: "HPE XP",
        source: "hpe/xp/",
        spec_section: "12.3",
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "Hitachi code. source-id must be a JSON string.",
        ..MANAGED
    },
    DriverHint {
        id: "nec_v",
        name: "NEC V",
        source: "nec/v/",
        spec_section: "12.3",
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "Hitachi code. source-id must be a JSON string.",
        ..MANAGED
    },
    // 12.4 IBM and Inspur
    DriverHint {
        id: "ibm_storwize_svc",
        name: "IBM Storwize/SVC",
        aliases: &["storwize", "svc"],
        source: "ibm/storwize_svc/storwize_svc_common.py",
        spec_section: "12.4",
        volume_keys: STORWIZE_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name element.",
        notes: "\"No vdisk with the UID specified by ref …\"; \"The specified vdisk is mapped to a host.\" \
                manage_if_in_use is tested for truthiness: the string \"false\" enables it.",
        ..MANAGED
    },
    DriverHint {
        id: "inspur_instorage",
        name: "Inspur InStorage",
        source: "inspur/instorage/instorage_common.py",
        spec_section: "12.4",
        volume_keys: STORWIZE_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name element.",
        notes: "Same behaviour as Storwize, including the truthy manage_if_in_use.",
        ..MANAGED
    },
    DriverHint {
        id: "ibm_xiv_a9000",
        name: "IBM XIV/A9000",
        aliases: &["xiv", "a9000"],
        source: "ibm/ibm_storage/xiv_proxy.py",
        spec_section: "12.4",
        volume_keys: &[ident("source-name", AnyNonEmpty, "XIV volume name")],
        missing_key_error: "KeyError (no presence check)",
        size_rounding: SizeRounding::Truncated,
        notes: "Proxy exception \"Volume does not exist\". Size is float(XIV GB), truncated when stored.",
        ..MANAGED
    },
    DriverHint {
        id: "ibm_ds8k",
        name: "IBM DS8K",
        aliases: &["ds8k"],
        source: "ibm/ibm_storage/ds8k_proxy.py",
        spec_section: "12.4",
        manage_support: false,
        volume_keys: NO_KEYS,
        size_rounding: SizeRounding::NotApplicable,
        notes: "Same driver entry as XIV, but the DS8K proxy has no manage_volume: the API returns 202 and the \
                call fails asynchronously (volume in error).",
        ..MANAGED
    },
    // 12.5 Other vendors
    DriverHint {
        id: "huawei",
        name: "Huawei",
        source: "huawei/common.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-id", AnyNonEmpty, "LUN id (preferred when truthy)"), ident("source-name", AnyNonEmpty, "LUN name")],
        missing_key_error: "ManageExistingInvalidReference: Must specify source-name or source-id.",
        snapshot_keys: &[ident("source-id", AnyNonEmpty, "snapshot id"), ident("source-name", AnyNonEmpty, "snapshot name")],
        notes: "\"Can't find LUN on the array…\"; pool, status and replication checks. Snapshots must belong to the volume.",
        ..MANAGED
    },
    DriverHint {
        id: "infinidat",
        name: "Infinidat",
        source: "infinidat.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-id", AnyNonEmpty, "volume serial/id"), ident("source-name", AnyNonEmpty, "volume name")],
        missing_key_error: "ManageExistingInvalidReference: dataset reference must contain source-id or source-name key",
        snapshot_keys: &[ident("source-id", AnyNonEmpty, "snapshot id"), ident("source-name", AnyNonEmpty, "snapshot name")],
        listing_reference_keys: &["source-name", "source-id"],
        notes: "Must be in infinidat_pool_name (InvalidConfigurationValue otherwise); ManageExistingAlreadyManaged. \
                Listing extra_info {pool, type, qos, meta}.",
        ..MANAGED
    },
    DriverHint {
        id: "infortrend",
        name: "Infortrend",
        source: "infortrend/raidcmd_cli/common_cli.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "partition name"), ident("source-id", AnyNonEmpty, "partition id")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot name (the default --- is ambiguous)"), ident("source-id", AnyNonEmpty, "SI-ID")],
        listing_reference_keys: &["source-id", "source-name", "pool-name"],
        notes: "A mapped partition raises VolumeDriverException. Snapshot listings use source_reference \
                {\"volume-id\": partName}. The listing uses round() (banker's rounding) for sizes.",
        ..MANAGED
    },
    DriverHint {
        id: "kaminario",
        name: "Kaminario K2",
        source: "kaminario/kaminario_common.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "K2 volume name (the only volume in its VG, not mapped)")],
        missing_key_error: "KeyError (no presence check)",
        notes: "\"Unable to get size of manage volume.\"",
        ..MANAGED
    },
    DriverHint {
        id: "macrosan",
        name: "MacroSAN",
        source: "macrosan/driver.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "LUN name in the host's pool")],
        missing_key_error: "ManageExistingInvalidReference: No source-name to get existing lun",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot point name (leading _ removed)")],
        notes: "source-name must be truthy.",
        ..MANAGED
    },
    DriverHint {
        id: "nec_m",
        name: "NEC M-series",
        source: "nec/volume_helper.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "LD name, or any string containing a lowercase UUID")],
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-name element.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot LD name; its base volume must be the Cinder volume")],
        listing_reference_keys: &["source-name"],
        size_rounding: SizeRounding::Down,
        notes: "A string containing a UUID is converted to the Cinder LD name for that UUID. In use or wrong pool: refused.",
        ..MANAGED
    },
    DriverHint {
        id: "pure",
        name: "Pure Storage FlashArray",
        aliases: &["pure_storage", "flasharray"],
        source: "pure.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", PureVolumeName, "volume name (pod::/vgroup/ prefixes allowed)")],
        missing_key_error:
            "ManageExistingInvalidReference: manage_existing requires a 'source-name' key to identify an existing volume.",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "<volname>.<suffix>")],
        listing_reference_keys: &["name"],
        listing_key_accepted_back: false,
        notes: "source-name must be present and non-empty. Realm volumes (a::b::c), replicated pods, connected or \
                SafeMode-locked volumes are refused. \"Unable to find Purity ref with source-name=…\". The listing \
                returns {\"name\": vol}, which manage_existing does not accept: send it as source-name.",
        ..MANAGED
    },
    DriverHint {
        id: "solidfire",
        name: "SolidFire",
        source: "solidfire.py",
        spec_section: "12.5",
        volume_keys: &[
            ident("source-id", Integer, "SolidFire volumeID"),
            optional("name", AnyNonEmpty, "recorded as old_name"),
        ],
        missing_key_error: "SolidFireAPIException: Manage existing get size requires 'id'.",
        notes: "Manages the first active volume with ID >= source-id (ListActiveVolumes startVolumeID, limit 1): \
                a non-existent id can match the next volume. \"Provided volume id does not exist on SolidFire backend.\"",
        ..MANAGED
    },
    DriverHint {
        id: "seagate_stx",
        name: "Seagate STX",
        aliases: &["seagate", "stx"],
        source: "stx/",
        spec_section: "12.5",
        volume_keys: STX_KEYS,
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: STX_KEYS,
        listing_reference_keys: &["source-name"],
        notes: "Array errors become exception.Invalid. The listing truncates sizes.",
        ..MANAGED
    },
    DriverHint {
        id: "lenovo",
        name: "Lenovo (STX family)",
        source: "lenovo/",
        spec_section: "12.5",
        volume_keys: STX_KEYS,
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: STX_KEYS,
        listing_reference_keys: &["source-name"],
        notes: "Seagate STX family code.",
        ..MANAGED
    },
    DriverHint {
        id: "toyou_acs5000",
        name: "TOYOU ACS5000",
        source: "toyou/acs5000/acs5000_common.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "volume name in the host's pool")],
        missing_key_error:
            "ManageExistingInvalidReference: Reference must contain source-name element and only support source-name.",
        notes: "A size that is not whole GiB makes the driver extend the backend volume to the next GiB.",
        ..MANAGED
    },
    DriverHint {
        id: "yadro_tatlin",
        name: "YADRO Tatlin",
        aliases: &["tatlin"],
        source: "yadro/tatlin_common.py",
        spec_section: "12.5",
        volume_keys: &[ident("source-name", AnyNonEmpty, "resource name in the configured pool")],
        missing_key_error: "ManageExistingInvalidReference: source_name should be provided",
        size_rounding: SizeRounding::Truncated,
        notes: "Size is bytes / 10^9 (decimal GB) as a float, truncated when stored.",
        ..MANAGED
    },
    DriverHint {
        id: "zadara",
        name: "Zadara VPSA",
        aliases: &["vpsa"],
        source: "zadara/zadara.py",
        spec_section: "12.5",
        volume_keys: &[ident("name", AnyNonEmpty, "VPSA volume display name (must be Available)")],
        missing_key_error:
            "ManageExistingInvalidReference: manage_existing requires a 'name' key to identify an existing volume.",
        snapshot_keys: &[ident("name", AnyNonEmpty, "snapshot display name")],
        listing_reference_keys: &["name"],
        size_rounding: SizeRounding::AsGiven,
        notes: "Reads `name`, not `source-name`, on both sides. Volume listing entries have no extra_info key.",
        ..MANAGED
    },
    // 12.6 Drivers without manage support
    no_manage("dell_powerstore", "Dell PowerStore", "dell_emc/powerstore"),
    DriverHint {
        notes: "Has a source-name/source-id lookup helper but no manage entry point: the API returns 202 and the \
                volume ends in error.",
        ..no_manage("fujitsu_eternus_dx", "Fujitsu ETERNUS DX", "fujitsu/eternus_dx")
    },
    no_manage("netapp_ontap_nvme", "NetApp ONTAP NVMe", "netapp/dataontap/nvme*"),
    no_manage("ibm_gpfs", "IBM Spectrum Scale (GPFS)", "ibm/gpfs.py"),
    no_manage("inspur_as13000", "Inspur AS13000", "inspur/as13000"),
    no_manage("linstor", "LINSTOR", "linstordrv.py"),
    no_manage("storpool", "StorPool", "storpool.py"),
    no_manage("synology", "Synology", "synology"),
    no_manage("open_e", "Open-E JovianDSS", "open_e"),
    no_manage("vastdata", "VAST Data", "vastdata"),
    no_manage("toyou_tyds", "TOYOU TYDS", "toyou/tyds"),
    no_manage("fungible", "Fungible", "fungible"),
    no_manage("fusionstorage", "Huawei FusionStorage", "fusionstorage"),
    no_manage("hedvig", "Hedvig", "hedvig"),
    no_manage("kioxia", "KIOXIA KumoScale", "kioxia"),
    no_manage("lightos", "LightOS", "lightos.py"),
    no_manage("nfs", "Generic NFS", "nfs.py"),
    no_manage("quobyte", "Quobyte", "quobyte.py"),
    no_manage("qnap", "QNAP", "qnap.py"),
    no_manage("rsd", "Intel RSD", "rsd.py"),
    no_manage("sandstone", "SandStone", "sandstone"),
    no_manage("spdk", "SPDK", "spdk.py"),
    no_manage("prophetstor", "ProphetStor", "prophetstor"),
    no_manage("veritas", "Veritas", "veritas*"),
    no_manage("vmstore", "Tintri VMstore", "vmstore"),
    no_manage("vzstorage", "Virtuozzo Storage", "vzstorage.py"),
];

/// The whole driver table, in spec order.
pub fn drivers() -> &'static [DriverHint] {
    DRIVERS
}

/// The driver id was not found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownDriver {
    /// Always `unknown_driver`.
    pub code: String,
    /// The id asked for.
    pub driver: String,
    /// Ids that contain what was asked for (may be empty).
    pub suggestions: Vec<String>,
    /// Human explanation.
    pub message: String,
}

impl fmt::Display for UnknownDriver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UnknownDriver {}

fn fold_id(id: &str) -> String {
    id.trim().to_ascii_lowercase().replace(['-', ' ', '.'], "_")
}

/// Find a driver by id or alias (case-insensitive; `-`, space and `.` read as `_`).
pub fn find_driver(driver: &str) -> Result<&'static DriverHint, UnknownDriver> {
    let wanted = fold_id(driver);
    DRIVERS.iter().find(|d| d.id == wanted || d.aliases.contains(&wanted.as_str())).ok_or_else(|| {
        let suggestions: Vec<String> = DRIVERS
            .iter()
            .filter(|d| !wanted.is_empty() && (d.id.contains(&wanted) || wanted.contains(d.id)))
            .map(|d| d.id.to_string())
            .collect();
        UnknownDriver {
            code: "unknown_driver".to_string(),
            message: format!(
                "no driver {driver:?} in the table{}",
                if suggestions.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", suggestions.join(", "))
                }
            ),
            driver: driver.to_string(),
            suggestions,
        }
    })
}

/// Check a volume-manage ref against one driver's row.
///
/// The ref is taken as it will be sent (run [`normalize_ref`] first to fix
/// spellings). Returns the driver-specific warnings: missing keys, keys the
/// driver ignores, precedence, value forms, listing keys not accepted back,
/// string refs, no manage support.
pub fn check_ref_for_driver(reference: &Value, driver: &str) -> Result<Vec<RefWarning>, UnknownDriver> {
    let hint = find_driver(driver)?;
    Ok(check_against(reference, hint, RefTarget::Volume))
}

/// Check a snapshot-manage ref against one driver's row.
pub fn check_snapshot_ref_for_driver(reference: &Value, driver: &str) -> Result<Vec<RefWarning>, UnknownDriver> {
    let hint = find_driver(driver)?;
    Ok(check_against(reference, hint, RefTarget::Snapshot))
}

fn check_against(reference: &Value, hint: &DriverHint, target: RefTarget) -> Vec<RefWarning> {
    let mut out = Vec::new();
    let name = hint.name;
    if !hint.manage_support {
        out.push(RefWarning::new(
            RefCode::NoManageSupport,
            Severity::Error,
            None,
            format!("{name} has no manage support: the API returns 202 and the volume goes to error"),
        ));
        return out;
    }
    let keys = match target {
        RefTarget::Volume => hint.volume_keys,
        RefTarget::Snapshot => hint.snapshot_keys,
    };
    if target == RefTarget::Snapshot && keys.is_empty() {
        out.push(RefWarning::new(
            RefCode::NoManageSupport,
            Severity::Error,
            None,
            format!("{name} has no snapshot manage support: the API returns 202 and the snapshot goes to error"),
        ));
        return out;
    }
    let map = match reference {
        Value::Object(map) => map,
        Value::String(text) => {
            if target == RefTarget::Snapshot && hint.snapshot_wraps_string_ref {
                let mut wrapped = Map::new();
                wrapped.insert("source-name".to_string(), Value::String(text.clone()));
                out.push(RefWarning::new(
                    RefCode::StringRef,
                    Severity::Info,
                    None,
                    format!("{name} snapshot manage wraps a string ref as {{\"source-name\": {text:?}}}"),
                ));
                out.extend(check_map(&wrapped, hint, keys));
                return out;
            }
            if target == RefTarget::Volume && text.contains("source-name") {
                out.push(RefWarning::new(
                    RefCode::StringRefContainsSourceName,
                    Severity::Error,
                    None,
                    "a string ref containing \"source-name\" makes the API answer 400",
                ));
            }
            out.push(RefWarning::new(
                RefCode::StringRef,
                Severity::Warning,
                None,
                format!(
                    "{name} expects an object; on a string ref its key lookup fails (TypeError or KeyError) \
                     and the {} goes to error. Send {{\"{}\": {text:?}}}",
                    target_noun(target),
                    keys.first().map_or("source-name", |k| k.key)
                ),
            ));
            return out;
        }
        Value::Null => {
            out.push(RefWarning::new(
                RefCode::NullRef,
                if target == RefTarget::Volume { Severity::Error } else { Severity::Warning },
                None,
                format!("a null ref: {name} cannot look anything up"),
            ));
            return out;
        }
        other => {
            out.push(RefWarning::new(
                RefCode::RefWrongType,
                Severity::Error,
                None,
                format!("ref is {}; the API answers 400", json_type(other)),
            ));
            return out;
        }
    };
    out.extend(check_map(map, hint, keys));
    out
}

fn target_noun(target: RefTarget) -> &'static str {
    match target {
        RefTarget::Volume => "volume",
        RefTarget::Snapshot => "snapshot",
    }
}

fn check_map(map: &Map<String, Value>, hint: &DriverHint, keys: &[RefKey]) -> Vec<RefWarning> {
    let mut out = Vec::new();
    let name = hint.name;
    let read_keys: Vec<&str> = keys.iter().map(|k| k.key).collect();
    let identifiers: Vec<&RefKey> =
        keys.iter().filter(|k| k.role != KeyRole::Optional && map.contains_key(k.key)).collect();

    if identifiers.is_empty() {
        let spelled = read_keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ");
        let given: Vec<&String> = map.keys().filter(|k| !read_keys.contains(&k.as_str())).collect();
        if let Some(other) = given.first() {
            out.push(RefWarning::new(
                RefCode::WrongKeyForDriver,
                Severity::Warning,
                Some(other),
                format!("{name} reads {spelled}, not `{other}`: the driver fails with \"{}\"", hint.missing_key_error),
            ));
        } else {
            out.push(RefWarning::new(
                RefCode::MissingDriverKey,
                Severity::Warning,
                None,
                format!("{name} needs {spelled}; without it the driver fails with \"{}\"", hint.missing_key_error),
            ));
        }
    }

    for key in map.keys().filter(|k| !read_keys.contains(&k.as_str())) {
        let listing_key = hint.listing_reference_keys.contains(&key.as_str());
        if listing_key && !hint.listing_key_accepted_back {
            out.push(RefWarning::new(
                RefCode::ListingKeyNotAccepted,
                Severity::Warning,
                Some(key),
                format!(
                    "{name}'s listing returns {{\"{key}\": …}}, but its manage reads {}: send the value as `{}`",
                    read_keys.join(" / "),
                    read_keys.first().unwrap_or(&"source-name")
                ),
            ));
        } else if !identifiers.is_empty() || map.len() > 1 {
            out.push(RefWarning::new(
                RefCode::KeyIgnoredByDriver,
                Severity::Info,
                Some(key),
                format!("{name} reads {}; `{key}` is ignored", read_keys.join(", ")),
            ));
        }
    }

    let precedence: Vec<&&RefKey> = identifiers.iter().filter(|k| k.role == KeyRole::Identifier).collect();
    if let Some((first, rest)) = precedence.split_first() {
        for ignored in rest {
            out.push(RefWarning::new(
                RefCode::LowerPrecedenceKeyIgnored,
                Severity::Info,
                Some(ignored.key),
                format!("{name} reads {} first; {} is ignored", first.key, ignored.key),
            ));
        }
        check_value(map.get(first.key), first, hint, &mut out);
    }
    for key in keys.iter().filter(|k| k.role != KeyRole::Identifier) {
        if map.contains_key(key.key) {
            check_value(map.get(key.key), key, hint, &mut out);
        }
    }
    out
}

fn check_value(value: Option<&Value>, key: &RefKey, hint: &DriverHint, out: &mut Vec<RefWarning>) {
    let name = hint.name;
    let k = key.key;
    let mismatch = |message: String| RefWarning::new(RefCode::ValueFormMismatch, Severity::Warning, Some(k), message);
    let Some(value) = value else { return };
    if key.form == PythonTruthy {
        if let Value::String(s) = value {
            if matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off" | "n" | "f") {
                out.push(RefWarning::new(
                    RefCode::TruthyFlag,
                    Severity::Warning,
                    Some(k),
                    format!("{name} tests {k} for truthiness: the string {s:?} is true; send JSON false or omit it"),
                ));
            }
        }
        return;
    }
    if key.form == Integer {
        let ok = match value {
            Value::Number(n) => n.is_u64(),
            Value::String(s) => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        };
        if !ok {
            out.push(mismatch(format!("{name} expects {k} to be an integer volume id (number or decimal string)")));
        }
        return;
    }
    let Value::String(text) = value else {
        out.push(mismatch(format!("{name} expects {k} to be a string ({}), not {}", key.meaning, json_type(value))));
        return;
    };
    if text.is_empty() {
        out.push(mismatch(format!("{name} expects a non-empty {k} ({})", key.meaning)));
        return;
    }
    let problem: Option<String> = match key.form {
        AnyNonEmpty | PythonTruthy | Integer => None,
        Uuid => (!is_uuid_canonical(text)).then(|| format!("{name} expects {k} to be a UUID ({})", key.meaning)),
        PowerMax5CharDeviceId => {
            if text.starts_with("OS-") {
                out.push(RefWarning::new(
                    RefCode::AlreadyManaged,
                    Severity::Warning,
                    Some(k),
                    format!(
                        "{name} treats identifiers starting with OS- as already managed (ManageExistingAlreadyManaged)"
                    ),
                ));
                None
            } else if text.chars().count() == 5 {
                None
            } else {
                let stripped = text.replace("OS-", "").replace("volume-", "");
                if is_uuid_loose(&stripped) {
                    Some(format!(
                        "{name} expects a 5-character device id; {text:?} is not, so it falls back to a lookup \
                         by the Cinder UUID in it"
                    ))
                } else {
                    Some(format!(
                        "{name} expects a 5-character device id (e.g. 00123); {text:?} has {} characters and is \
                         not a UUID either: \"Device ID: … should be exactly 5 digits.\"",
                        text.chars().count()
                    ))
                }
            }
        }
        RbdImageName => text.contains('/').then(|| {
            format!(
                "{name} wants the image name in the configured pool, not pool/image: send {:?}",
                text.rsplit('/').next().unwrap_or(text)
            )
        }),
        NfsShareColonPath => match text.split_once(":/") {
            Some((server, path)) if !server.is_empty() && path.trim_end_matches('/').contains('/') => None,
            _ => Some(format!("{name} expects {k} as <nfs-server>:/<export>/<path>/<file>")),
        },
        ShareSlashPath => (!text.contains('/')).then(|| format!("{name} expects {k} as <share>/<relative path>")),
        LunPath => match text.strip_prefix("/vol/") {
            Some(rest) if rest.split('/').filter(|s| !s.is_empty()).count() >= 2 => None,
            _ => Some(format!("{name} expects source-name as a LUN path /vol/<flexvol>/<lun>")),
        },
        VmdkAtInventoryPath => {
            let parts: Vec<&str> = text.split('@').collect();
            (parts.len() != 2 || parts.iter().any(|p| p.is_empty())).then(|| {
                format!(
                    "{name} expects {k} as <vmdk_path>@<vm_inventory_path> with exactly one @: \
                         \"source-name format should be: 'vmdk_path@vm_inventory_path'.\""
                )
            })
        }
        DateraColonForm => {
            let parts: Vec<&str> = text.split(':').collect();
            (!(3..=4).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()))
                .then(|| format!("{name} expects {k} as tenant:app_inst:storage_inst:vol or app_inst:storage_inst:vol"))
        }
        DateraSnapshotTimestamp => {
            let ok = text.split_once('.').is_some_and(|(a, b)| {
                a.len() >= 10
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && !b.is_empty()
                    && b.bytes().all(|c| c.is_ascii_digit())
            });
            (!ok).then(|| format!("{name} expects a snapshot timestamp such as 1234567890.12345678"))
        }
        DecimalOrHexLdev => {
            let decimal = text.bytes().all(|b| b.is_ascii_digit());
            let hex = text.split(':').count() == 3
                && text.split(':').all(|g| g.len() == 2 && g.chars().all(|c| c.is_ascii_hexdigit()));
            (!(decimal || hex))
                .then(|| format!("{name} expects {k} as an LDEV number: decimal (\"1000\") or \"HH:HH:HH\""))
        }
        Hex => {
            let digits = text.strip_prefix("0x").unwrap_or(text);
            (!digits.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| format!("{name} expects {k} as a hexadecimal volume id"))
        }
        ThreeParVvName => ["osv", "oss", "vvs"].iter().any(|p| text.starts_with(p)).then(|| {
            format!(
                "{name} refuses names starting osv, oss or vvs: \"Reference must be for an unmanaged virtual volume.\""
            )
        }),
        PureVolumeName => (text.matches("::").count() >= 2).then(|| format!("{name} refuses realm volumes (a::b::c)")),
    };
    if let Some(message) = problem {
        out.push(mismatch(message));
    }
}
