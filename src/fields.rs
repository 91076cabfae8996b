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
    #[cfg(test)]
    pub(crate) const ALL: [Field; COUNT] = [
        Field::Description,
        Field::AvailabilityZone,
        Field::Bootable,
        Field::VolumeType,
        Field::Name,
        Field::Host,
        Field::Ref,
        Field::Metadata,
        Field::Cluster,
        Field::VolumeId,
    ];

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
        // By length first: one compare per candidate instead of a chain of
        // byte-slice comparisons (this runs for every member of the request).
        let field = match key.len() {
            3 => Field::Ref,
            4 if key == b"name" => return Some(Field::Name),
            4 => Field::Host,
            7 => Field::Cluster,
            8 if key == b"bootable" => return Some(Field::Bootable),
            8 => Field::Metadata,
            9 => Field::VolumeId,
            11 if key == b"description" => return Some(Field::Description),
            11 => Field::VolumeType,
            17 => Field::AvailabilityZone,
            _ => return None,
        };
        (key == field.name().as_bytes()).then_some(field)
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

/// The known members of one object, owned: what normalization moves into
/// the normalized request. Built by moving them out of a parsed body that
/// is no longer needed (the text path), or by cloning them from one the
/// caller keeps (the value path).
pub(crate) struct Taken {
    slots: [Option<Value>; COUNT],
}

impl Taken {
    /// Moves the known members out of `object`.
    pub(crate) fn from_object(object: Object) -> Taken {
        let mut slots: [Option<Value>; COUNT] = Default::default();
        for (key, value) in object.into_entries() {
            if let Some(field) = Field::from_key(key.as_wtf8()) {
                if let Some(slot) = slots.get_mut(field.slot()) {
                    *slot = Some(value);
                }
            }
        }
        Taken { slots }
    }

    /// Copies the known members.
    pub(crate) fn cloned(members: &Members<'_>) -> Taken {
        Taken { slots: members.slots.map(|v| v.cloned()) }
    }

    pub(crate) fn take(&mut self, field: Field) -> Option<Value> {
        self.slots.get_mut(field.slot()).and_then(Option::take)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_key_knows_exactly_the_schema_properties() {
        for field in Field::ALL {
            assert_eq!(Field::from_key(field.name().as_bytes()), Some(field));
            assert_eq!(field.slot(), field as usize);
        }
        for key in
            ["", "Name", "nam", "names", "hosts", "rEf", "volume-type", "descriptiom", "availability_zonE", "cluster\n"]
        {
            assert_eq!(Field::from_key(key.as_bytes()), None, "{key}");
        }
    }
}
