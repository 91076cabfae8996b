//! What Cinder's controllers pass on once a request is accepted (spec 7.1,
//! 9.2), with every change reported.

use crate::fields::{Field, Members};
use crate::report::{Change, ChangeCode, NormalizedSnapshot, NormalizedVolume};
use crate::schema::bootable_value;
use crate::unicode::py_is_space;
use crate::value::{PyStr, Value};
use crate::version::Microversion;

/// Python `str.strip()`: Unicode whitespace per `str.isspace()` (which,
/// unlike Rust's `trim`, includes U+001C–U+001F).
pub fn py_strip(s: &PyStr) -> PyStr {
    // Fast path: nothing to strip when both ends are visible ASCII.
    let bytes = s.as_wtf8();
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(bytes.first()) && visible(bytes.last()) {
        return s.clone();
    }
    let cps: Vec<u32> = s.code_points().collect();
    let start = cps.iter().position(|&c| !py_is_space(c)).unwrap_or(cps.len());
    let end = cps.iter().rposition(|&c| !py_is_space(c)).map_or(start, |i| i + 1);
    if start == 0 && end == cps.len() {
        return s.clone();
    }
    PyStr::from_code_points(cps.get(start..end).unwrap_or_default().iter().copied())
}

fn str_of(v: Option<&Value>) -> Option<PyStr> {
    v.and_then(Value::as_pystr).cloned()
}

/// `name`/`description`: stripped when truthy, not passed (null) otherwise.
fn stripped_if_truthy(m: &Members<'_>, field: Field, changes: &mut Vec<Change>) -> Option<PyStr> {
    let value = m.get(field)?;
    let (field, kind) = (field.name(), "volume");
    let pointer = || format!("/{kind}/{field}");
    match value {
        Value::Str(s) if !s.is_empty() => {
            let stripped = py_strip(s);
            if &stripped != s {
                changes.push(Change {
                    pointer: pointer(),
                    code: ChangeCode::Stripped,
                    from: value.clone(),
                    to: Value::Str(stripped.clone()),
                    message: format!("{field} is stripped of surrounding whitespace (Python str.strip)"),
                });
            }
            Some(stripped)
        }
        Value::Str(_) => {
            changes.push(Change {
                pointer: pointer(),
                code: ChangeCode::EmptyToNull,
                from: value.clone(),
                to: Value::Null,
                message: format!("an empty {field} is not passed on: the volume gets no {field} (null)"),
            });
            None
        }
        _ => None,
    }
}

/// The volume-manage controller's arguments to `manage_existing`.
pub(crate) fn normalize_volume(volume: &Members<'_>, version: Microversion, changes: &mut Vec<Change>) -> NormalizedVolume {
    let name = stripped_if_truthy(volume, Field::Name, changes);
    let description = stripped_if_truthy(volume, Field::Description, changes);
    let bootable = match volume.get(Field::Bootable) {
        None => {
            changes.push(Change {
                pointer: "/volume/bootable".into(),
                code: ChangeCode::Defaulted,
                from: Value::Null,
                to: Value::Bool(false),
                message: "bootable is not given: Cinder uses false".into(),
            });
            false
        }
        Some(v) => {
            let b = bootable_value(v).unwrap_or(false);
            if let Value::Str(_) = v {
                changes.push(Change {
                    pointer: "/volume/bootable".into(),
                    code: ChangeCode::BooleanFromString,
                    from: v.clone(),
                    to: Value::Bool(b),
                    message: format!("bootable string is read as {b}"),
                });
            }
            b
        }
    };
    let volume_type = match volume.get(Field::VolumeType) {
        Some(Value::Str(t)) if !t.is_empty() => Some(t.clone()),
        Some(v @ Value::Str(_)) => {
            changes.push(Change {
                pointer: "/volume/volume_type".into(),
                code: ChangeCode::EmptyToNull,
                from: v.clone(),
                to: Value::Null,
                message: "an empty volume_type means the server's default volume type".into(),
            });
            None
        }
        _ => None,
    };
    let cluster = if version >= Microversion::VOLUME_MIGRATE_CLUSTER { str_of(volume.get(Field::Cluster)) } else { None };
    NormalizedVolume {
        name,
        description,
        bootable,
        metadata: volume.get(Field::Metadata).filter(|m| !matches!(m, Value::Null)).cloned(),
        availability_zone: str_of(volume.get(Field::AvailabilityZone)),
        volume_type,
        host: str_of(volume.get(Field::Host)),
        cluster,
        reference: volume.get(Field::Ref).cloned().unwrap_or(Value::Null),
    }
}

/// The snapshot-manage controller passes name, description and metadata as given.
pub(crate) fn normalize_snapshot(snapshot: &Members<'_>) -> NormalizedSnapshot {
    NormalizedSnapshot {
        name: str_of(snapshot.get(Field::Name)),
        description: str_of(snapshot.get(Field::Description)),
        metadata: snapshot.get(Field::Metadata).filter(|m| !matches!(m, Value::Null)).cloned(),
        volume_id: str_of(snapshot.get(Field::VolumeId)).unwrap_or_else(|| PyStr::from("")),
        reference: snapshot.get(Field::Ref).cloned().unwrap_or(Value::Null),
    }
}
