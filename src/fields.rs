//! The members of a request's `volume` or `snapshot` object, found in one
//! pass so the schema, the controller rules and normalization each read a
//! field without searching the object again.

use crate::value::{Object, Value};

/// Every property the manage schemas know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Description,
    AvailabilityZone,
    Bootable,
    VolumeType,
    Name,
    Host,
    Ref,
    Metadata,
    Cluster,
    VolumeId,
}

const COUNT: usize = 10;

impl Field {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Field::Description => "description",
            Field::AvailabilityZone => "availability_zone",
            Field::Bootable => "bootable",
            Field::VolumeType => "volume_type",
            Field::Name => "name",
            Field::Host => "host",
            Field::Ref => "ref",
            Field::Metadata => "metadata",
            Field::Cluster => "cluster",
            Field::VolumeId => "volume_id",
        }
    }

    fn from_key(key: &[u8]) -> Option<Field> {
        Some(match key {
            b"description" => Field::Description,
            b"availability_zone" => Field::AvailabilityZone,
            b"bootable" => Field::Bootable,
            b"volume_type" => Field::VolumeType,
            b"name" => Field::Name,
            b"host" => Field::Host,
            b"ref" => Field::Ref,
            b"metadata" => Field::Metadata,
            b"cluster" => Field::Cluster,
            b"volume_id" => Field::VolumeId,
            _ => return None,
        })
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// The known members of one object, by field.
#[derive(Clone, Copy)]
pub(crate) struct Members<'a> {
    slots: [Option<&'a Value>; COUNT],
}

impl<'a> Members<'a> {
    pub(crate) fn of(object: &'a Object) -> Members<'a> {
        let mut slots = [None; COUNT];
        for (key, value) in object.iter() {
            if let Some(field) = Field::from_key(key.as_wtf8()) {
                if let Some(slot) = slots.get_mut(field.slot()) {
                    *slot = Some(value);
                }
            }
        }
        Members { slots }
    }

    pub(crate) fn get(&self, field: Field) -> Option<&'a Value> {
        self.slots.get(field.slot()).copied().flatten()
    }

    /// A member's string value, if it is a string.
    pub(crate) fn str(&self, field: Field) -> Option<&'a crate::value::PyStr> {
        self.get(field).and_then(Value::as_pystr)
    }
}

/// Whether `key` is a property of the schema for this request.
pub(crate) fn is_allowed(key: &[u8], kind: crate::version::Kind, with_cluster: bool) -> bool {
    use crate::version::Kind;
    match (Field::from_key(key), kind) {
        (Some(Field::VolumeId), Kind::Volume) => false,
        (Some(Field::Cluster), Kind::Volume) => with_cluster,
        (Some(_), Kind::Volume) => true,
        (Some(Field::Description | Field::Metadata | Field::Name | Field::VolumeId | Field::Ref), Kind::Snapshot) => {
            true
        }
        _ => false,
    }
}
