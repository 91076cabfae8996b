//! What Cinder's controllers pass on once a request is accepted
//! 9.2), with every change reported.
//!
//! Normalization takes the request's members by value ([`Taken`]): on the
//! text path they are moved out of the parsed body, so the normalized
//! request reuses the parsed strings, `ref` and `metadata` instead of
//! copying them.

use crate::cinder::fields::{Field, Taken};
use crate::cinder::schema::bootable_value;
use crate::cinder::version::Microversion;
use crate::python::unicode::py_is_space;
use crate::python::value::{PyStr, Value};
use crate::report::{Change, ChangeCode, NormalizedSnapshot, NormalizedVolume};

/// Python `str.strip()` of `s` (Unicode whitespace per `str.isspace()`,
/// which, unlike Rust's `trim`, includes U+001C–U+001F), or `None` when
/// there is nothing to strip.
fn stripped(s: &PyStr) -> Option<PyStr> {
    // Fast path: nothing to strip when both ends are visible ASCII.
    let bytes = s.as_wtf8();
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(bytes.first()) && visible(bytes.last()) {
        return None;
    }
    let cps: Vec<u32> = s.code_points().collect();
    let start = cps.iter().position(|&c| !py_is_space(c)).unwrap_or(cps.len());
    let end = cps.iter().rposition(|&c| !py_is_space(c)).map_or(start, |i| i + 1);
    if start == 0 && end == cps.len() {
        return None;
    }
    Some(PyStr::from_code_points(cps.get(start..end).unwrap_or_default().iter().copied()))
}

fn string(v: Option<Value>) -> Option<PyStr> {
    v?.into_pystr().map_err(Value::discard).ok()
}

/// `name`/`description`: stripped when truthy, not passed (null) otherwise.
fn stripped_if_truthy(fields: &mut Taken, field: Field, changes: &mut Vec<Change>) -> Option<PyStr> {
    let value = fields.take(field)?.into_pystr().map_err(Value::discard).ok()?;
    let (field, kind) = (field.name(), "volume");
    let pointer = || format!("/{kind}/{field}");
    if value.is_empty() {
        changes.push(Change {
            pointer: pointer(),
            code: ChangeCode::EmptyToNull,
            from: Value::Str(value),
            to: Value::Null,
            message: format!("an empty {field} is not passed on: the volume gets no {field} (null)"),
        });
        return None;
    }
    match stripped(&value) {
        None => Some(value),
        Some(stripped) => {
            changes.push(Change {
                pointer: pointer(),
                code: ChangeCode::Stripped,
                from: Value::Str(value),
                to: Value::Str(stripped.clone()),
                message: format!("{field} is stripped of surrounding whitespace (Python str.strip)"),
            });
            Some(stripped)
        }
    }
}

/// `metadata: null` is not passed on.
fn not_null(v: Value) -> Option<Value> {
    match v {
        Value::Null => {
            Value::discard(v);
            None
        }
        v => Some(v),
    }
}

/// The volume-manage controller's arguments to `manage_existing`.
pub(crate) fn normalize_volume(
    mut volume: Taken,
    version: Microversion,
    changes: &mut Vec<Change>,
) -> NormalizedVolume {
    let name = stripped_if_truthy(&mut volume, Field::Name, changes);
    let description = stripped_if_truthy(&mut volume, Field::Description, changes);
    let bootable = match volume.take(Field::Bootable) {
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
            let b = bootable_value(&v).unwrap_or(false);
            if !matches!(v, Value::Str(_)) {
                Value::discard(v);
            } else {
                changes.push(Change {
                    pointer: "/volume/bootable".into(),
                    code: ChangeCode::BooleanFromString,
                    from: v,
                    to: Value::Bool(b),
                    message: format!("bootable string is read as {b}"),
                });
            }
            b
        }
    };
    let volume_type = match volume.take(Field::VolumeType).map(Value::into_pystr) {
        Some(Ok(t)) if !t.is_empty() => Some(t),
        Some(Ok(empty)) => {
            changes.push(Change {
                pointer: "/volume/volume_type".into(),
                code: ChangeCode::EmptyToNull,
                from: Value::Str(empty),
                to: Value::Null,
                message: "an empty volume_type means the server's default volume type".into(),
            });
            None
        }
        Some(Err(other)) => {
            Value::discard(other);
            None
        }
        None => None,
    };
    let cluster = string(volume.take(Field::Cluster)).filter(|_| version >= Microversion::VOLUME_MIGRATE_CLUSTER);
    NormalizedVolume {
        name,
        description,
        bootable,
        metadata: volume.take(Field::Metadata).and_then(not_null),
        availability_zone: string(volume.take(Field::AvailabilityZone)),
        volume_type,
        host: string(volume.take(Field::Host)),
        cluster,
        reference: volume.take(Field::Ref).unwrap_or(Value::Null),
    }
}

/// The snapshot-manage controller passes name, description and metadata as given.
pub(crate) fn normalize_snapshot(mut snapshot: Taken) -> NormalizedSnapshot {
    NormalizedSnapshot {
        name: string(snapshot.take(Field::Name)),
        description: string(snapshot.take(Field::Description)),
        metadata: snapshot.take(Field::Metadata).and_then(not_null),
        volume_id: string(snapshot.take(Field::VolumeId)).unwrap_or_else(|| PyStr::from("")),
        reference: snapshot.take(Field::Ref).unwrap_or(Value::Null),
    }
}
