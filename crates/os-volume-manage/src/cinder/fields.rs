//! The members of a request's `volume` or `snapshot` object, found in one
//! pass so the schema, the controller rules and normalization each read a
//! field without searching the object again.

use crate::python::value::{Object, Value};

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
    pub(crate) const EVERY: [Field; COUNT] = [
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
        // By length first, then one fixed-size compare: a known length
        // compiles to a few loads instead of a `memcmp` call (this runs for
        // every member of the request).
        fn is<const N: usize>(key: &[u8], name: &[u8; N]) -> bool {
            <&[u8; N]>::try_from(key).is_ok_and(|k| k == name)
        }
        match key.len() {
            3 if is(key, b"ref") => Some(Field::Ref),
            4 if is(key, b"name") => Some(Field::Name),
            4 if is(key, b"host") => Some(Field::Host),
            7 if is(key, b"cluster") => Some(Field::Cluster),
            8 if is(key, b"bootable") => Some(Field::Bootable),
            8 if is(key, b"metadata") => Some(Field::Metadata),
            9 if is(key, b"volume_id") => Some(Field::VolumeId),
            11 if is(key, b"description") => Some(Field::Description),
            11 if is(key, b"volume_type") => Some(Field::VolumeType),
            17 if is(key, b"availability_zone") => Some(Field::AvailabilityZone),
            _ => None,
        }
    }

    /// Whether this property is in the schema for this request.
    fn allowed(self, kind: crate::cinder::version::Kind, with_cluster: bool) -> bool {
        use crate::cinder::version::Kind;
        match (self, kind) {
            (Field::VolumeId, Kind::Volume) => false,
            (Field::Cluster, Kind::Volume) => with_cluster,
            (_, Kind::Volume) => true,
            (Field::Description | Field::Metadata | Field::Name | Field::VolumeId | Field::Ref, Kind::Snapshot) => true,
            (_, Kind::Snapshot) => false,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// The known members of one object, by field.
#[derive(Clone, Copy)]
pub(crate) struct Members<'a> {
    slots: [Option<&'a Value>; COUNT],
    /// Some key is none of the fields.
    unknown: bool,
}

impl<'a> Members<'a> {
    pub(crate) fn of(object: &'a Object) -> Members<'a> {
        let mut slots = [None; COUNT];
        let mut unknown = false;
        for (key, value) in object.iter() {
            match Field::from_key(key.as_wtf8()) {
                Some(field) => {
                    if let Some(slot) = slots.get_mut(field.slot()) {
                        *slot = Some(value);
                    }
                }
                None => unknown = true,
            }
        }
        Members { slots, unknown }
    }

    pub(crate) fn get(&self, field: Field) -> Option<&'a Value> {
        self.slots.get(field.slot()).copied().flatten()
    }

    /// A member's string value, if it is a string.
    pub(crate) fn str(&self, field: Field) -> Option<&'a crate::python::value::PyStr> {
        self.get(field).and_then(Value::as_pystr)
    }

    /// True when every key of the object is a property of the schema for
    /// this request (what [`is_allowed`] says of each key), known without
    /// looking at the keys again.
    pub(crate) fn all_allowed(&self, kind: crate::cinder::version::Kind, with_cluster: bool) -> bool {
        !self.unknown && Field::EVERY.iter().all(|&f| self.get(f).is_none() || f.allowed(kind, with_cluster))
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
    /// Moves the known members out of `object`. (By value, key by key:
    /// leaving placeholders behind to drop would cost more than matching
    /// the keys again.)
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
pub(crate) fn is_allowed(key: &[u8], kind: crate::cinder::version::Kind, with_cluster: bool) -> bool {
    Field::from_key(key).is_some_and(|f| f.allowed(kind, with_cluster))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_key_knows_exactly_the_schema_properties() {
        for field in Field::EVERY {
            assert_eq!(Field::from_key(field.name().as_bytes()), Some(field));
            assert_eq!(field.slot(), field as usize);
        }
        for key in
            ["", "Name", "nam", "names", "hosts", "rEf", "volume-type", "descriptiom", "availability_zonE", "cluster\n"]
        {
            assert_eq!(Field::from_key(key.as_bytes()), None, "{key}");
        }
    }

    #[test]
    fn all_allowed_agrees_with_each_key() {
        use crate::cinder::version::Kind;
        let keys = ["name", "host", "cluster", "volume_id", "ref", "metadata", "bootable", "size", "Name", ""];
        // Every subset of the keys above, as an object.
        for mask in 0u32..(1 << keys.len()) {
            let object: Object = keys
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, k)| (crate::python::value::PyStr::from(*k), Value::Null))
                .collect();
            let members = Members::of(&object);
            for (kind, with_cluster) in [(Kind::Volume, false), (Kind::Volume, true), (Kind::Snapshot, false)] {
                let each = object.keys().all(|k| is_allowed(k.as_wtf8(), kind, with_cluster));
                assert_eq!(members.all_allowed(kind, with_cluster), each, "{mask:b} {kind:?} {with_cluster}");
            }
        }
    }
}
