//! The `ref` object: building it, normalizing it, and checking it against
//! what each Cinder driver reads.
//!
//! Cinder's API does not look inside `ref` beyond the `source-name` check of
//! `cinder/volume/api.py: API.manage_existing`
//! (`docs/cinder/controller.md#the-source-name-check`), so a wrong key or
//! value form is only discovered asynchronously, when the driver's
//! `manage_existing_get_size` fails and the volume lands in `error`. This
//! module moves those failures to the client:
//!
//! * [`build_ref`] builds `{id_type: identifier}` exactly as Horizon and
//!   cinderclient do;
//! * [`normalize_ref`] fixes common spelling mistakes, explicitly: it returns
//!   the original, the normalized ref and one [`RefWarning`] per change;
//! * [`drivers`] is the driver table of `docs/cinder/drivers.md`, as data,
//!   each row citing the Cinder functions it is read from;
//! * [`check_ref_for_driver`] / [`check_snapshot_ref_for_driver`] compare a
//!   ref with one driver's row.
//!
//! Refs are the core's [`Value`]: keys keep their order, numbers their
//! digits, strings their lone surrogates.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::cinder::controller::{already_managed_id, string_ref_fails};
use crate::cinder::version::Kind;
use crate::python::repr::repr;
use crate::python::uuid::uuid_parses;
use crate::python::value::{Int, Object, PyStr, Value};

/// How serious a note is.
#[non_exhaustive]
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
#[non_exhaustive]
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
    /// A string ref containing `source-name`: HTTP 400 at the API.
    StringRefContainsSourceName,
    /// `ref` is neither an object nor a string (nor null for snapshots): HTTP 400.
    RefWrongType,
    /// A null ref (snapshots only; the schema allows it, drivers fail).
    NullRef,
    /// `source-name` is not a string: HTTP 400 at the API.
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
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefWarning {
    /// Stable machine code.
    pub code: RefCode,
    /// How serious it is.
    pub severity: Severity,
    /// The ref key concerned, if any.
    pub key: Option<PyStr>,
    /// Human explanation.
    pub message: String,
}

impl RefWarning {
    fn new(code: RefCode, severity: Severity, key: Option<&str>, message: impl Into<String>) -> RefWarning {
        RefWarning { code, severity, key: key.map(PyStr::from), message: message.into() }
    }

    /// A note about the key `key` of the ref.
    fn at(code: RefCode, severity: Severity, key: &PyStr, message: impl Into<String>) -> RefWarning {
        RefWarning { code, severity, key: Some(key.clone()), message: message.into() }
    }
}

/// `{:?}` of a string as Rust prints it (the messages' quoting), each lone
/// surrogate shown as U+FFFD.
fn quoted(s: &PyStr) -> String {
    format!("{:?}", s.to_string_lossy())
}

/// The outcome of [`normalize_ref`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NormalizedRef {
    /// The ref as given.
    pub original: Value,
    /// The ref after the reported changes.
    pub normalized: Value,
    /// True when `normalized` differs from `original` (objects compared as dicts:
    /// putting the canonical keys first is not a change).
    pub changed: bool,
    /// Every change and every problem found.
    pub warnings: Vec<RefWarning>,
}

/// Build a ref the way Horizon (`api/cinder.py` `volume_manage`) and
/// cinderclient (`do_manage`, `do_snapshot_manage`) do: `{id_type: identifier}`,
/// with no trimming or checking. Run [`normalize_ref`] on the result to find problems.
pub fn build_ref(id_type: &str, identifier: &str) -> Value {
    let mut map = Object::new();
    map.insert(PyStr::from(id_type), Value::from(identifier));
    Value::Object(map)
}

/// Keys with a canonical spelling, and the folded form (lowercase letters and
/// digits only) that identifies their misspellings: `source_name`,
/// `sourceName`, `source name`, `SOURCE-NAME` all fold to `sourcename`.
const CANONICAL_KEYS: [(&str, &str); 3] =
    [("sourcename", "source-name"), ("sourceid", "source-id"), ("sourceguid", "source-guid")];

/// Keys some drivers read besides `source-name`/`source-id`.
const DRIVER_SPECIFIC_KEYS: [&str; 3] = ["name", "source-guid", "manage_if_in_use"];

fn fold_key(key: &PyStr) -> String {
    key.code_points()
        .filter_map(char::from_u32)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn canonical_key(key: &PyStr) -> Option<&'static str> {
    let folded = fold_key(key);
    CANONICAL_KEYS.iter().find(|(f, _)| *f == folded).map(|(_, c)| *c)
}

/// True when `key` is spelled as its canonical form.
fn is_canonical(key: &PyStr) -> bool {
    canonical_key(key).is_some_and(|c| *key == c)
}

/// `s` without surrounding whitespace (Unicode `White_Space`, as Rust's
/// `str::trim`); lone surrogates are not whitespace.
fn trim(s: &PyStr) -> PyStr {
    if let Some(text) = s.as_str() {
        return PyStr::from(text.trim());
    }
    let space = |cp: &u32| char::from_u32(*cp).is_some_and(char::is_whitespace);
    let cps: Vec<u32> = s.code_points().collect();
    let start = cps.iter().position(|cp| !space(cp)).unwrap_or(cps.len());
    let end = cps.iter().rposition(|cp| !space(cp)).map_or(start, |e| e + 1);
    PyStr::from_code_points(cps.get(start..end).unwrap_or_default().iter().copied())
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
pub fn normalize_ref(input: &Value, target: Kind) -> NormalizedRef {
    let mut warnings = Vec::new();
    let normalized = match input {
        Value::Object(map) => Value::Object(normalize_object(map, &mut warnings)),
        Value::Str(text) => normalize_string_ref(text, target, &mut warnings),
        Value::Null if target == Kind::Snapshot => {
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
                Kind::Volume => "an object or a string",
                Kind::Snapshot => "an object, a string or null",
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
    NormalizedRef { changed: !normalized.eq_unordered(input), original: input.clone(), normalized, warnings }
}

fn normalize_string_ref(text: &PyStr, target: Kind, warnings: &mut Vec<RefWarning>) -> Value {
    if target == Kind::Volume && string_ref_fails(text) {
        warnings.push(RefWarning::new(
            RefCode::StringRefContainsSourceName,
            Severity::Error,
            None,
            "as given, this string ref makes the API answer 400: Cinder tests `'source-name' in ref`, \
             a substring test on a string, then indexes the string with 'source-name' (TypeError)",
        ));
    }
    let trimmed = trim(text);
    if trimmed.is_empty() {
        warnings.push(RefWarning::new(
            RefCode::StringRef,
            Severity::Warning,
            None,
            "an empty string ref passes the schema, but no driver can find an object from it",
        ));
        return Value::Str(text.clone());
    }
    warnings.push(RefWarning::new(
        RefCode::StringRefWrapped,
        Severity::Warning,
        Some("source-name"),
        format!(
            "string ref {} wrapped as {{\"source-name\": {}}}: only LVM and RBD snapshot \
             manage wrap a string themselves; every other driver fails on a string ref",
            quoted(text),
            quoted(&trimmed)
        ),
    ));
    let mut map = Object::new();
    map.insert(PyStr::from("source-name"), Value::Str(trimmed));
    Value::Object(normalize_object(&map, warnings))
}

fn normalize_object(map: &Object, warnings: &mut Vec<RefWarning>) -> Object {
    if map.is_empty() {
        warnings.push(RefWarning::new(
            RefCode::EmptyRef,
            Severity::Warning,
            None,
            "an empty ref passes the schema, but every driver fails: none of its keys is present",
        ));
        return Object::new();
    }
    let mut members: Vec<(PyStr, Value)> = Vec::with_capacity(map.len());
    let has = |members: &[(PyStr, Value)], key: &str| members.iter().any(|(k, _)| *k == key);
    // Canonical keys first, so a misspelling never overwrites a correct key.
    for (key, value) in map.iter().filter(|(k, _)| is_canonical(k)) {
        members.push((key.clone(), value.clone()));
    }
    for (key, value) in map.iter().filter(|(k, _)| !is_canonical(k)) {
        match canonical_key(key) {
            Some(canonical) if has(&members, canonical) => {
                warnings.push(RefWarning::at(
                    RefCode::KeyRespellingConflict,
                    Severity::Warning,
                    key,
                    format!("{} looks like {canonical:?}, which is also present; kept both unchanged", quoted(key)),
                ));
                members.push((key.clone(), value.clone()));
            }
            Some(canonical) => {
                warnings.push(RefWarning::new(
                    RefCode::KeyRespelled,
                    Severity::Warning,
                    Some(canonical),
                    format!("key {} respelled {canonical:?}: drivers look up the exact key", quoted(key)),
                ));
                members.push((PyStr::from(canonical), value.clone()));
            }
            None => members.push((key.clone(), value.clone())),
        }
    }
    for (key, value) in members.iter_mut() {
        normalize_value(key, value, warnings);
    }
    let out: Object = members.into_iter().collect();
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
        if is_canonical(key) && *key != "source-guid" {
            continue;
        }
        if DRIVER_SPECIFIC_KEYS.iter().any(|k| key == k) {
            warnings.push(RefWarning::at(
                RefCode::DriverSpecificKey,
                Severity::Info,
                key,
                format!("{} is read only by some drivers (see the driver table)", quoted(key)),
            ));
        } else if canonical_key(key).is_none() {
            warnings.push(RefWarning::at(
                RefCode::UnknownKey,
                Severity::Warning,
                key,
                format!("{} is not a key any driver in the table reads; drivers ignore it", quoted(key)),
            ));
        }
    }
    out
}

fn normalize_value(key: &PyStr, value: &mut Value, warnings: &mut Vec<RefWarning>) {
    let is_source_key = *key == "source-name" || *key == "source-id";
    let k = key.to_string_lossy();
    match value {
        Value::Str(text) => {
            let trimmed = trim(text);
            if trimmed.as_wtf8().len() != text.as_wtf8().len() {
                warnings.push(RefWarning::at(
                    RefCode::ValueTrimmed,
                    Severity::Warning,
                    key,
                    format!("surrounding whitespace removed from {}", quoted(text)),
                ));
                *text = trimmed;
            }
            if text.is_empty() {
                warnings.push(RefWarning::at(
                    RefCode::EmptyValue,
                    Severity::Warning,
                    key,
                    format!("{k:?} is empty: the driver looks up an empty identifier and fails"),
                ));
            }
            if *key == "source-name" && already_managed_id(text).is_some() {
                warnings.push(RefWarning::at(
                    RefCode::LooksLikeCinderVolumeName,
                    Severity::Info,
                    key,
                    "this looks like a Cinder volume name (volume-<uuid>): if a volume with that id \
                     exists, the API answers 400 \"Unable to manage existing volume. The volume is already managed\"",
                ));
            }
        }
        Value::Int(_) | Value::Float(_) if is_source_key => {
            // Python's str() of the number: what a driver's str() gives.
            let text = repr(value);
            warnings.push(RefWarning::at(
                RefCode::ValueStringified,
                Severity::Warning,
                key,
                format!(
                    "{k} {text} turned into the string {text:?}: the API answers 400 for a non-string \
                     source-name, and most drivers compare identifiers as strings"
                ),
            ));
            *value = Value::from(text.as_str());
        }
        Value::Null => warnings.push(RefWarning::at(
            RefCode::NullValue,
            Severity::Warning,
            key,
            format!("{k:?} is null: the driver cannot look anything up with it"),
        )),
        other if *key == "source-name" => warnings.push(RefWarning::at(
            RefCode::SourceNameNotString,
            Severity::Error,
            key,
            format!(
                "source-name is {}, not a string: the API answers 400 (a regex match on a non-string)",
                json_type(other)
            ),
        )),
        other if is_source_key => warnings.push(RefWarning::at(
            RefCode::NonStringValue,
            Severity::Warning,
            key,
            format!("{k} is {}; drivers expect a string", json_type(other)),
        )),
        _ => {}
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::Str(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// The driver table (`docs/cinder/drivers.md`), as data. Each row cites the
// Cinder 29.0.0 functions it is read from.
// ---------------------------------------------------------------------------

/// The value form a driver expects for one key, with a simple offline check.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueForm {
    /// Any non-empty string (a name on the array).
    AnyNonEmpty,
    /// A UUID as Python's `uuid.UUID()` reads it (3PAR and Alletra turn it
    /// into their `unm-`/`ums-` names with it).
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
#[non_exhaustive]
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
#[non_exhaustive]
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

/// How the driver turns the backend size into GiB
/// (`docs/cinder/sizes.md#per-driver-rounding`).
#[non_exhaustive]
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
///
/// The `*_function` fields say where in Cinder 29.0.0 the row comes from, as
/// `file: Class.method` (`→` for a call it makes, `inherits` for code it
/// takes from a base class).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DriverHint {
    /// Stable id used by [`check_ref_for_driver`].
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Other spellings accepted by the lookup.
    pub aliases: &'static [&'static str],
    /// The driver's module or package in Cinder, e.g. `cinder/volume/drivers/lvm.py`.
    pub source: &'static str,
    /// The function that reads the volume `ref` (where the keys, their
    /// precedence and the missing-key error come from).
    pub ref_function: Option<&'static str>,
    /// `manage_existing` as the driver defines or inherits it.
    pub manage_function: Option<&'static str>,
    /// `manage_existing_get_size` (where [`DriverHint::size_rounding`] comes from).
    pub size_function: Option<&'static str>,
    /// `manage_existing_snapshot`, for drivers that manage snapshots.
    pub snapshot_function: Option<&'static str>,
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
    ref_function: None,
    manage_function: None,
    size_function: None,
    snapshot_function: None,
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

/// What drivers without `manage_existing` inherit: the base stubs.
const BASE_MANAGE_STUB: &str =
    "cinder/volume/driver.py: VolumeDriver.manage_existing, BaseVD.manage_existing (raise NotImplementedError)";

const fn no_manage(id: &'static str, name: &'static str, source: &'static str) -> DriverHint {
    DriverHint {
        id,
        name,
        aliases: &[],
        source,
        ref_function: None,
        manage_function: Some(BASE_MANAGE_STUB),
        size_function: None,
        snapshot_function: None,
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
    // Software-defined, NAS and hypervisor drivers
    DriverHint {
        id: "lvm",
        name: "LVM",
        source: "cinder/volume/drivers/lvm.py",
        ref_function: Some("cinder/volume/drivers/lvm.py: LVMVolumeDriver.manage_existing_object_get_size"),
        manage_function: Some("cinder/volume/drivers/lvm.py: LVMVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/lvm.py: LVMVolumeDriver.manage_existing_get_size → manage_existing_object_get_size"),
        snapshot_function: Some("cinder/volume/drivers/lvm.py: LVMVolumeDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/rbd.py",
        ref_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/ceph/rbd_iscsi.py",
        ref_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/ceph/rbd_iscsi.py: RBDISCSIDriver (inherits cinder/volume/drivers/rbd.py: RBDDriver.manage_existing)"),
        size_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/rbd.py: RBDDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/netapp/dataontap/nfs_base.py",
        ref_function: Some("cinder/volume/drivers/netapp/dataontap/nfs_base.py: NetAppNfsDriver._get_share_mount_and_vol_from_vol_ref"),
        manage_function: Some("cinder/volume/drivers/netapp/dataontap/nfs_base.py: NetAppNfsDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/netapp/dataontap/nfs_base.py: NetAppNfsDriver.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/netapp/dataontap/block_base.py",
        ref_function: Some("cinder/volume/drivers/netapp/dataontap/block_base.py: NetAppBlockStorageLibrary._get_existing_vol_with_manage_ref"),
        manage_function: Some("cinder/volume/drivers/netapp/dataontap/block_base.py: NetAppBlockStorageLibrary.manage_existing"),
        size_function: Some("cinder/volume/drivers/netapp/dataontap/block_base.py: NetAppBlockStorageLibrary.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/vmware/vmdk.py",
        ref_function: Some("cinder/volume/drivers/vmware/vmdk.py: VMwareVcVmdkDriver._get_existing"),
        manage_function: Some("cinder/volume/drivers/vmware/vmdk.py: VMwareVcVmdkDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/vmware/vmdk.py: VMwareVcVmdkDriver.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: &[ident("source-name", VmdkAtInventoryPath, "<vmdk_path>@<vm_inventory_path>")],
        missing_key_error: "InvalidInput: source-name cannot be empty.",
        notes: "Wrong form: InvalidInput \"source-name format should be: 'vmdk_path@vm_inventory_path'.\"; \
                missing: \"<src> does not exist.\" Size from capacityInKB, rounded up.",
        ..MANAGED
    },
    DriverHint {
        id: "datacore",
        name: "DataCore",
        source: "cinder/volume/drivers/datacore/driver.py",
        ref_function: Some("cinder/volume/drivers/datacore/driver.py: DataCoreVolumeDriver.manage_existing_object_get_size"),
        manage_function: Some("cinder/volume/drivers/datacore/driver.py: DataCoreVolumeDriver.manage_existing → manage_existing_object"),
        size_function: Some("cinder/volume/drivers/datacore/driver.py: DataCoreVolumeDriver.manage_existing_get_size → manage_existing_object_get_size"),
        snapshot_function: Some("cinder/volume/drivers/datacore/driver.py: DataCoreVolumeDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/datera/datera_iscsi.py",
        ref_function: Some("cinder/volume/drivers/datera/datera_api22.py: DateraApi._manage_existing_2_2"),
        manage_function: Some("cinder/volume/drivers/datera/datera_iscsi.py: DateraDriver.manage_existing → cinder/volume/drivers/datera/datera_api22.py: DateraApi._manage_existing_2_2"),
        size_function: Some("cinder/volume/drivers/datera/datera_iscsi.py: DateraDriver.manage_existing_get_size → cinder/volume/drivers/datera/datera_api22.py: DateraApi._manage_existing_get_size_2_2"),
        snapshot_function: Some("cinder/volume/drivers/datera/datera_iscsi.py: DateraDriver.manage_existing_snapshot → cinder/volume/drivers/datera/datera_api22.py: DateraApi._manage_existing_snapshot_2_2"),
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
        source: "cinder/volume/drivers/nexenta/ns5/iscsi.py",
        ref_function: Some("cinder/volume/drivers/nexenta/ns5/iscsi.py: NexentaISCSIDriver._get_existing_volume"),
        manage_function: Some("cinder/volume/drivers/nexenta/ns5/iscsi.py: NexentaISCSIDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/nexenta/ns5/iscsi.py: NexentaISCSIDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/nexenta/ns5/iscsi.py: NexentaISCSIDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/nexenta/ns5/nfs.py",
        ref_function: Some("cinder/volume/drivers/nexenta/ns5/nfs.py: NexentaNfsDriver._get_existing_volume"),
        manage_function: Some("cinder/volume/drivers/nexenta/ns5/nfs.py: NexentaNfsDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/nexenta/ns5/nfs.py: NexentaNfsDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/nexenta/ns5/nfs.py: NexentaNfsDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/remotefs.py",
        ref_function: Some("cinder/volume/drivers/remotefs.py: RemoteFSManageableVolumesMixin._get_manageable_vol_location"),
        manage_function: Some("cinder/volume/drivers/remotefs.py: RemoteFSManageableVolumesMixin.manage_existing"),
        size_function: Some("cinder/volume/drivers/remotefs.py: RemoteFSManageableVolumesMixin.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: &[ident("source-name", ShareSlashPath, "<share>/<relative path to image file>")],
        missing_key_error: "ManageExistingInvalidReference: The existing volume reference must contain \"source-name\".",
        listing_reference_keys: &["source-name"],
        notes: "raw/qcow2 only, no backing file. No in-tree driver uses this mixin any more (SMBFS/Windows were removed).",
        ..MANAGED
    },
    // Dell
    DriverHint {
        id: "dell_powerflex",
        name: "Dell PowerFlex",
        aliases: &["powerflex", "scaleio", "vxflexos"],
        source: "cinder/volume/drivers/dell_emc/powerflex/driver.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/powerflex/driver.py: PowerFlexBaseDriver._query_powerflex_volume"),
        manage_function: Some("cinder/volume/drivers/dell_emc/powerflex/driver.py: PowerFlexBaseDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/powerflex/driver.py: PowerFlexBaseDriver.manage_existing_get_size → _get_volume_size"),
        snapshot_function: Some("cinder/volume/drivers/dell_emc/powerflex/driver.py: PowerFlexBaseDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/dell_emc/powermax/common.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/powermax/utils.py: PowerMaxUtils.get_array_and_device_id"),
        manage_function: Some("cinder/volume/drivers/dell_emc/powermax/common.py: PowerMaxCommon.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/powermax/common.py: PowerMaxCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/dell_emc/powermax/common.py: PowerMaxCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/dell_emc/sc/storagecenter_common.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/sc/storagecenter_common.py: SCCommonDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/dell_emc/sc/storagecenter_common.py: SCCommonDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/sc/storagecenter_common.py: SCCommonDriver.manage_existing_get_size → cinder/volume/drivers/dell_emc/sc/storagecenter_api.py: SCApi.get_unmanaged_volume_size"),
        snapshot_function: Some("cinder/volume/drivers/dell_emc/sc/storagecenter_common.py: SCCommonDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/dell_emc/unity/adapter.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/unity/adapter.py: CommonAdapter._get_referenced_lun"),
        manage_function: Some("cinder/volume/drivers/dell_emc/unity/adapter.py: CommonAdapter.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/unity/adapter.py: CommonAdapter.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/dell_emc/vnx/adapter.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/vnx/adapter.py: CommonAdapter._get_referenced_lun"),
        manage_function: Some("cinder/volume/drivers/dell_emc/vnx/adapter.py: CommonAdapter.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/vnx/adapter.py: CommonAdapter.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/dell_emc/xtremio.py",
        ref_function: Some("cinder/volume/drivers/dell_emc/xtremio.py: XtremIOVolumeDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/dell_emc/xtremio.py: XtremIOVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/dell_emc/xtremio.py: XtremIOVolumeDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/dell_emc/xtremio.py: XtremIOVolumeDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/dell_emc/powervault/common.py",
        ref_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/dell_emc/powervault/common.py: PVMECommon (inherits cinder/volume/drivers/stx/common.py: STXCommon.manage_existing)"),
        size_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_snapshot"),
        volume_keys: STX_KEYS,
        missing_key_error: "KeyError (no presence check)",
        snapshot_keys: STX_KEYS,
        listing_reference_keys: &["source-name"],
        notes: "Seagate STX family code. Snapshot listings add source_reference {\"source-name\": parent}.",
        ..MANAGED
    },
    // HPE and Hitachi family
    DriverHint {
        id: "hpe_3par",
        name: "HPE 3PAR",
        aliases: &["3par", "hpe3par"],
        source: "cinder/volume/drivers/hpe/hpe_3par_common.py",
        ref_function: Some("cinder/volume/drivers/hpe/hpe_3par_common.py: HPE3PARCommon._get_existing_volume_ref_name"),
        manage_function: Some("cinder/volume/drivers/hpe/hpe_3par_common.py: HPE3PARCommon.manage_existing"),
        size_function: Some("cinder/volume/drivers/hpe/hpe_3par_common.py: HPE3PARCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/hpe/hpe_3par_common.py: HPE3PARCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/hpe/alletramp_service.py",
        ref_function: Some("cinder/volume/drivers/hpe/alletramp_service.py: AlletraMPService._get_existing_volume_ref_name"),
        manage_function: Some("cinder/volume/drivers/hpe/alletramp_service.py: AlletraMPService.manage_existing"),
        size_function: Some("cinder/volume/drivers/hpe/alletramp_service.py: AlletraMPService.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/hpe/alletramp_service.py: AlletraMPService.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/hpe/nimble.py",
        ref_function: Some("cinder/volume/drivers/hpe/nimble.py: NimbleBaseVolumeDriver._get_existing_volume_ref_name"),
        manage_function: Some("cinder/volume/drivers/hpe/nimble.py: NimbleBaseVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/hpe/nimble.py: NimbleBaseVolumeDriver.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/san/hp/hpmsa_common.py",
        ref_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/san/hp/hpmsa_common.py: HPMSACommon (inherits cinder/volume/drivers/stx/common.py: STXCommon.manage_existing)"),
        size_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/hitachi/hbsd_common.py",
        ref_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing"),
        size_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size → cinder/volume/drivers/hitachi/hbsd_rest.py: HBSDREST.get_ldev_size_in_gigabyte"),
        snapshot_function: None,
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "source-id must be a JSON string (str.isdigit). The capacity must be a multiple of 2^21 blocks (1 GiB).",
        ..MANAGED
    },
    DriverHint {
        id: "hpe_xp",
        name: "HPE XP",
        source: "cinder/volume/drivers/hpe/xp/hpe_xp_rest.py",
        ref_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/hpe/xp/hpe_xp_rest.py: HPEXPRESTFC/HPEXPRESTISCSI (inherit cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing)"),
        size_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "Hitachi code. source-id must be a JSON string.",
        ..MANAGED
    },
    DriverHint {
        id: "nec_v",
        name: "NEC V",
        source: "cinder/volume/drivers/nec/v/nec_v_rest.py",
        ref_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/nec/v/nec_v_rest.py: VStorageRESTFC/VStorageRESTISCSI (inherit cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing)"),
        size_function: Some("cinder/volume/drivers/hitachi/hbsd_common.py: HBSDCommon.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: HITACHI_KEYS,
        missing_key_error: "ManageExistingInvalidReference: INVALID_LDEV_FOR_MANAGE",
        size_rounding: SizeRounding::WholeOnly,
        notes: "Hitachi code. source-id must be a JSON string.",
        ..MANAGED
    },
    // IBM and Inspur
    DriverHint {
        id: "ibm_storwize_svc",
        name: "IBM Storwize/SVC",
        aliases: &["storwize", "svc"],
        source: "cinder/volume/drivers/ibm/storwize_svc/storwize_svc_common.py",
        ref_function: Some("cinder/volume/drivers/ibm/storwize_svc/storwize_svc_common.py: StorwizeSVCCommonDriver._manage_input_check"),
        manage_function: Some("cinder/volume/drivers/ibm/storwize_svc/storwize_svc_common.py: StorwizeSVCCommonDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/ibm/storwize_svc/storwize_svc_common.py: StorwizeSVCCommonDriver.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: STORWIZE_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name element.",
        notes: "\"No vdisk with the UID specified by ref …\"; \"The specified vdisk is mapped to a host.\" \
                manage_if_in_use is tested for truthiness: the string \"false\" enables it.",
        ..MANAGED
    },
    DriverHint {
        id: "inspur_instorage",
        name: "Inspur InStorage",
        source: "cinder/volume/drivers/inspur/instorage/instorage_common.py",
        ref_function: Some("cinder/volume/drivers/inspur/instorage/instorage_common.py: InStorageMCSCommonDriver._manage_input_check"),
        manage_function: Some("cinder/volume/drivers/inspur/instorage/instorage_common.py: InStorageMCSCommonDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/inspur/instorage/instorage_common.py: InStorageMCSCommonDriver.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: STORWIZE_KEYS,
        missing_key_error: "ManageExistingInvalidReference: Reference must contain source-id or source-name element.",
        notes: "Same behaviour as Storwize, including the truthy manage_if_in_use.",
        ..MANAGED
    },
    DriverHint {
        id: "ibm_xiv_a9000",
        name: "IBM XIV/A9000",
        aliases: &["xiv", "a9000"],
        source: "cinder/volume/drivers/ibm/ibm_storage/xiv_proxy.py",
        ref_function: Some("cinder/volume/drivers/ibm/ibm_storage/xiv_proxy.py: XIVProxy.manage_volume_get_size"),
        manage_function: Some("cinder/volume/drivers/ibm/ibm_storage/ibm_storage.py: IBMStorageDriver.manage_existing → XIVProxy.manage_volume"),
        size_function: Some("cinder/volume/drivers/ibm/ibm_storage/ibm_storage.py: IBMStorageDriver.manage_existing_get_size → XIVProxy.manage_volume_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/ibm/ibm_storage/ds8k_proxy.py",
        ref_function: None,
        manage_function: Some("cinder/volume/drivers/ibm/ibm_storage/ibm_storage.py: IBMStorageDriver.manage_existing (calls proxy.manage_volume, which DS8KProxy lacks)"),
        size_function: None,
        snapshot_function: None,
        manage_support: false,
        volume_keys: NO_KEYS,
        size_rounding: SizeRounding::NotApplicable,
        notes: "Same driver entry as XIV, but the DS8K proxy has no manage_volume: the API returns 202 and the \
                call fails asynchronously (volume in error).",
        ..MANAGED
    },
    // Other vendors
    DriverHint {
        id: "huawei",
        name: "Huawei",
        source: "cinder/volume/drivers/huawei/common.py",
        ref_function: Some("cinder/volume/drivers/huawei/common.py: HuaweiBaseDriver._get_lun_info_by_ref"),
        manage_function: Some("cinder/volume/drivers/huawei/common.py: HuaweiBaseDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/huawei/common.py: HuaweiBaseDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/huawei/common.py: HuaweiBaseDriver.manage_existing_snapshot"),
        volume_keys: &[ident("source-id", AnyNonEmpty, "LUN id (preferred when truthy)"), ident("source-name", AnyNonEmpty, "LUN name")],
        missing_key_error: "ManageExistingInvalidReference: Must specify source-name or source-id.",
        snapshot_keys: &[ident("source-id", AnyNonEmpty, "snapshot id"), ident("source-name", AnyNonEmpty, "snapshot name")],
        notes: "\"Can't find LUN on the array…\"; pool, status and replication checks. Snapshots must belong to the volume.",
        ..MANAGED
    },
    DriverHint {
        id: "infinidat",
        name: "Infinidat",
        source: "cinder/volume/drivers/infinidat.py",
        ref_function: Some("cinder/volume/drivers/infinidat.py: InfiniboxVolumeDriver._get_infinidat_dataset_by_ref"),
        manage_function: Some("cinder/volume/drivers/infinidat.py: InfiniboxVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/infinidat.py: InfiniboxVolumeDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/infinidat.py: InfiniboxVolumeDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/infortrend/raidcmd_cli/common_cli.py",
        ref_function: Some("cinder/volume/drivers/infortrend/raidcmd_cli/common_cli.py: InfortrendCommon._get_existing_volume_ref_data"),
        manage_function: Some("cinder/volume/drivers/infortrend/raidcmd_cli/common_cli.py: InfortrendCommon.manage_existing"),
        size_function: Some("cinder/volume/drivers/infortrend/raidcmd_cli/common_cli.py: InfortrendCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/infortrend/raidcmd_cli/common_cli.py: InfortrendCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/kaminario/kaminario_common.py",
        ref_function: Some("cinder/volume/drivers/kaminario/kaminario_common.py: KaminarioCinderDriver.manage_existing"),
        manage_function: Some("cinder/volume/drivers/kaminario/kaminario_common.py: KaminarioCinderDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/kaminario/kaminario_common.py: KaminarioCinderDriver.manage_existing_get_size"),
        snapshot_function: None,
        volume_keys: &[ident("source-name", AnyNonEmpty, "K2 volume name (the only volume in its VG, not mapped)")],
        missing_key_error: "KeyError (no presence check)",
        notes: "\"Unable to get size of manage volume.\"",
        ..MANAGED
    },
    DriverHint {
        id: "macrosan",
        name: "MacroSAN",
        source: "cinder/volume/drivers/macrosan/driver.py",
        ref_function: Some("cinder/volume/drivers/macrosan/driver.py: MacroSANBaseDriver._get_existing_lun_info"),
        manage_function: Some("cinder/volume/drivers/macrosan/driver.py: MacroSANBaseDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/macrosan/driver.py: MacroSANBaseDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/macrosan/driver.py: MacroSANBaseDriver.manage_existing_snapshot"),
        volume_keys: &[ident("source-name", AnyNonEmpty, "LUN name in the host's pool")],
        missing_key_error: "ManageExistingInvalidReference: No source-name to get existing lun",
        snapshot_keys: &[ident("source-name", AnyNonEmpty, "snapshot point name (leading _ removed)")],
        notes: "source-name must be truthy.",
        ..MANAGED
    },
    DriverHint {
        id: "nec_m",
        name: "NEC M-series",
        source: "cinder/volume/drivers/nec/volume_helper.py",
        ref_function: Some("cinder/volume/drivers/nec/volume_helper.py: MStorageDriver._reference_to_ldname"),
        manage_function: Some("cinder/volume/drivers/nec/volume_helper.py: MStorageDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/nec/volume_helper.py: MStorageDriver.manage_existing_get_size → _manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/nec/volume_helper.py: MStorageDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/pure.py",
        ref_function: Some("cinder/volume/drivers/pure.py: PureBaseVolumeDriver._validate_manage_existing_ref"),
        manage_function: Some("cinder/volume/drivers/pure.py: PureBaseVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/pure.py: PureBaseVolumeDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/pure.py: PureBaseVolumeDriver.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/solidfire.py",
        ref_function: Some("cinder/volume/drivers/solidfire.py: SolidFireDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/solidfire.py: SolidFireDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/solidfire.py: SolidFireDriver.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/stx/common.py",
        ref_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing"),
        size_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/lenovo/lenovo_common.py",
        ref_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/lenovo/lenovo_common.py: LenovoCommon (inherits cinder/volume/drivers/stx/common.py: STXCommon.manage_existing)"),
        size_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/stx/common.py: STXCommon.manage_existing_snapshot"),
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
        source: "cinder/volume/drivers/toyou/acs5000/acs5000_common.py",
        ref_function: Some("cinder/volume/drivers/toyou/acs5000/acs5000_common.py: Acs5000CommonDriver._manage_get_volume"),
        manage_function: Some("cinder/volume/drivers/toyou/acs5000/acs5000_common.py: Acs5000CommonDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/toyou/acs5000/acs5000_common.py: Acs5000CommonDriver.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/yadro/tatlin_common.py",
        ref_function: Some("cinder/volume/drivers/yadro/tatlin_common.py: TatlinCommonVolumeDriver.manage_existing_get_size"),
        manage_function: Some("cinder/volume/drivers/yadro/tatlin_common.py: TatlinCommonVolumeDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/yadro/tatlin_common.py: TatlinCommonVolumeDriver.manage_existing_get_size"),
        snapshot_function: None,
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
        source: "cinder/volume/drivers/zadara/zadara.py",
        ref_function: Some("cinder/volume/drivers/zadara/zadara.py: ZadaraVPSAISCSIDriver._validate_existing_ref"),
        manage_function: Some("cinder/volume/drivers/zadara/zadara.py: ZadaraVPSAISCSIDriver.manage_existing"),
        size_function: Some("cinder/volume/drivers/zadara/zadara.py: ZadaraVPSAISCSIDriver.manage_existing_get_size"),
        snapshot_function: Some("cinder/volume/drivers/zadara/zadara.py: ZadaraVPSAISCSIDriver.manage_existing_snapshot"),
        volume_keys: &[ident("name", AnyNonEmpty, "VPSA volume display name (must be Available)")],
        missing_key_error:
            "ManageExistingInvalidReference: manage_existing requires a 'name' key to identify an existing volume.",
        snapshot_keys: &[ident("name", AnyNonEmpty, "snapshot display name")],
        listing_reference_keys: &["name"],
        size_rounding: SizeRounding::AsGiven,
        notes: "Reads `name`, not `source-name`, on both sides. Volume listing entries have no extra_info key.",
        ..MANAGED
    },
    // Drivers without manage support
    no_manage("dell_powerstore", "Dell PowerStore", "cinder/volume/drivers/dell_emc/powerstore"),
    DriverHint {
        notes: "Has a source-name/source-id lookup helper but no manage entry point: the API returns 202 and the \
                volume ends in error.",
        ..no_manage("fujitsu_eternus_dx", "Fujitsu ETERNUS DX", "cinder/volume/drivers/fujitsu/eternus_dx")
    },
    no_manage("netapp_ontap_nvme", "NetApp ONTAP NVMe", "cinder/volume/drivers/netapp/dataontap/nvme*"),
    no_manage("ibm_gpfs", "IBM Spectrum Scale (GPFS)", "cinder/volume/drivers/ibm/gpfs.py"),
    no_manage("inspur_as13000", "Inspur AS13000", "cinder/volume/drivers/inspur/as13000"),
    no_manage("linstor", "LINSTOR", "cinder/volume/drivers/linstordrv.py"),
    no_manage("storpool", "StorPool", "cinder/volume/drivers/storpool.py"),
    no_manage("synology", "Synology", "cinder/volume/drivers/synology"),
    no_manage("open_e", "Open-E JovianDSS", "cinder/volume/drivers/open_e"),
    no_manage("vastdata", "VAST Data", "cinder/volume/drivers/vastdata"),
    no_manage("toyou_tyds", "TOYOU TYDS", "cinder/volume/drivers/toyou/tyds"),
    no_manage("fungible", "Fungible", "cinder/volume/drivers/fungible"),
    no_manage("fusionstorage", "Huawei FusionStorage", "cinder/volume/drivers/fusionstorage"),
    no_manage("hedvig", "Hedvig", "cinder/volume/drivers/hedvig"),
    no_manage("kioxia", "KIOXIA KumoScale", "cinder/volume/drivers/kioxia"),
    no_manage("lightos", "LightOS", "cinder/volume/drivers/lightos.py"),
    no_manage("nfs", "Generic NFS", "cinder/volume/drivers/nfs.py"),
    no_manage("quobyte", "Quobyte", "cinder/volume/drivers/quobyte.py"),
    no_manage("qnap", "QNAP", "cinder/volume/drivers/qnap.py"),
    no_manage("rsd", "Intel RSD", "cinder/volume/drivers/rsd.py"),
    no_manage("sandstone", "SandStone", "cinder/volume/drivers/sandstone"),
    no_manage("spdk", "SPDK", "cinder/volume/drivers/spdk.py"),
    no_manage("prophetstor", "ProphetStor", "cinder/volume/drivers/prophetstor"),
    no_manage("veritas", "Veritas", "cinder/volume/drivers/veritas*"),
    no_manage("vmstore", "Tintri VMstore", "cinder/volume/drivers/vmstore"),
    no_manage("vzstorage", "Virtuozzo Storage", "cinder/volume/drivers/vzstorage.py"),
];

/// The whole driver table, in the order of `docs/cinder/drivers.md`.
pub fn drivers() -> &'static [DriverHint] {
    DRIVERS
}

/// The driver id was not found.
#[non_exhaustive]
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
    Ok(check_against(reference, hint, Kind::Volume))
}

/// Check a snapshot-manage ref against one driver's row.
pub fn check_snapshot_ref_for_driver(reference: &Value, driver: &str) -> Result<Vec<RefWarning>, UnknownDriver> {
    let hint = find_driver(driver)?;
    Ok(check_against(reference, hint, Kind::Snapshot))
}

fn check_against(reference: &Value, hint: &DriverHint, target: Kind) -> Vec<RefWarning> {
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
        Kind::Volume => hint.volume_keys,
        Kind::Snapshot => hint.snapshot_keys,
    };
    if target == Kind::Snapshot && keys.is_empty() {
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
        Value::Str(text) => {
            if target == Kind::Snapshot && hint.snapshot_wraps_string_ref {
                let mut wrapped = Object::new();
                wrapped.insert(PyStr::from("source-name"), Value::Str(text.clone()));
                out.push(RefWarning::new(
                    RefCode::StringRef,
                    Severity::Info,
                    None,
                    format!("{name} snapshot manage wraps a string ref as {{\"source-name\": {}}}", quoted(text)),
                ));
                out.extend(check_map(&wrapped, hint, keys));
                return out;
            }
            if target == Kind::Volume && string_ref_fails(text) {
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
                     and the {} goes to error. Send {{\"{}\": {}}}",
                    target.as_str(),
                    keys.first().map_or("source-name", |k| k.key),
                    quoted(text)
                ),
            ));
            return out;
        }
        Value::Null => {
            out.push(RefWarning::new(
                RefCode::NullRef,
                if target == Kind::Volume { Severity::Error } else { Severity::Warning },
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

fn check_map(map: &Object, hint: &DriverHint, keys: &[RefKey]) -> Vec<RefWarning> {
    let mut out = Vec::new();
    let name = hint.name;
    let read_keys: Vec<&str> = keys.iter().map(|k| k.key).collect();
    let identifiers: Vec<&RefKey> =
        keys.iter().filter(|k| k.role != KeyRole::Optional && map.contains_key(k.key)).collect();

    let read = |k: &PyStr| read_keys.iter().any(|r| k == r);
    if identifiers.is_empty() {
        let spelled = read_keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ");
        if let Some(other) = map.keys().find(|k| !read(k)) {
            out.push(RefWarning::at(
                RefCode::WrongKeyForDriver,
                Severity::Warning,
                other,
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

    for key in map.keys().filter(|k| !read(k)) {
        let listing_key = hint.listing_reference_keys.iter().any(|l| key == l);
        if listing_key && !hint.listing_key_accepted_back {
            out.push(RefWarning::at(
                RefCode::ListingKeyNotAccepted,
                Severity::Warning,
                key,
                format!(
                    "{name}'s listing returns {{\"{key}\": …}}, but its manage reads {}: send the value as `{}`",
                    read_keys.join(" / "),
                    read_keys.first().unwrap_or(&"source-name")
                ),
            ));
        } else if !identifiers.is_empty() || map.len() > 1 {
            out.push(RefWarning::at(
                RefCode::KeyIgnoredByDriver,
                Severity::Info,
                key,
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
        if let Value::Str(s) = value {
            // A non-empty string is true to Python, whatever it says.
            let text = s.to_string_lossy();
            if matches!(text.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off" | "n" | "f") {
                out.push(RefWarning::new(
                    RefCode::TruthyFlag,
                    Severity::Warning,
                    Some(k),
                    format!("{name} tests {k} for truthiness: the string {text:?} is true; send JSON false or omit it"),
                ));
            }
        }
        return;
    }
    if key.form == Integer {
        let ok = match value {
            Value::Int(Int::Small(n)) => *n >= 0,
            Value::Int(Int::Big(digits)) => digits.parse::<u64>().is_ok(),
            Value::Str(s) => !s.is_empty() && s.as_wtf8().iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if !ok {
            out.push(mismatch(format!("{name} expects {k} to be an integer volume id (number or decimal string)")));
        }
        return;
    }
    let Value::Str(text) = value else {
        out.push(mismatch(format!("{name} expects {k} to be a string ({}), not {}", key.meaning, json_type(value))));
        return;
    };
    let pystr = text;
    let text = &*pystr.to_string_lossy();
    if text.is_empty() {
        out.push(mismatch(format!("{name} expects a non-empty {k} ({})", key.meaning)));
        return;
    }
    let problem: Option<String> = match key.form {
        AnyNonEmpty | PythonTruthy | Integer => None,
        Uuid => (!uuid_parses(pystr)).then(|| format!("{name} expects {k} to be a UUID ({})", key.meaning)),
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
                if contains_uuid_text(&stripped) {
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

/// PowerMax's fallback when the identifier is not 5 characters: `OS-` and
/// `volume-` removed, the rest must contain `[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-
/// [a-f0-9]{4}-[a-f0-9]{12}` (case-insensitive, anywhere:
/// `cinder/volume/drivers/dell_emc/powermax/utils.py:
/// PowerMaxUtils.check_uuid_regex`, called by
/// `cinder/volume/drivers/dell_emc/powermax/common.py:
/// PowerMaxCommon._manage_volume_with_uuid`).
fn contains_uuid_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(36).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
    })
}
