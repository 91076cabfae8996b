//! Cinder's controller logic after the schema, one function per step in
//! Cinder's order (see `docs/cinder/controller.md`), and warnings about
//! requests the API accepts but that are likely to fail later.
//!
//! * volume manage: `cinder/api/contrib/volume_manage.py:
//!   VolumeManageController.create`, then `cinder/volume/api.py:
//!   API.manage_existing`;
//! * snapshot manage: `cinder/api/contrib/snapshot_manage.py:
//!   SnapshotManageController.create`, then `cinder/volume/api.py:
//!   API.manage_existing_snapshot` and `API.create_snapshot_in_db`;
//! * both: the scheduler cast, which serializes `ref` before the 202.
//!
//! Offline, a check cannot see the server's state. It assumes what a working
//! cloud gives an admin: the policy allows the call, the volume type and the
//! service exist, quotas suffice, the snapshot's volume exists. Everything
//! that depends on state is a warning, never a verdict.

use crate::cinder::description::description_depends_on_version;
use crate::cinder::fields::{Field, Members};
use crate::cinder::schema::{is_uuid_like, Found, ServerText};
use crate::cinder::version::{Kind, Microversion, GENERIC_400};
use crate::limits::{MAX_STRING_LENGTH, RPC_REF_MAX_DEPTH_SNAPSHOT, RPC_REF_MAX_DEPTH_VOLUME};
use crate::python::repr::repr_str_short as repr_str;
use crate::python::uuid::uuid_parses;
use crate::python::value::{Object, PyStr, Value};
use crate::report::issues::IssueList;
use crate::report::pointer::Pointer;
use crate::report::{Code, Issue, Normalized};

/// The errors found so far (with Cinder's text for each).
pub(crate) type Errors<'a> = IssueList<Found<'a>>;
/// The warnings found so far.
pub(crate) type Warnings = IssueList<Issue>;

/// Adds a warning about one field.
fn warn(warnings: &mut Warnings, pointer: &str, code: Code, message: String) {
    warnings.push(Issue { pointer: pointer.to_string(), code, message });
}

/// Adds an error with a fixed status and text.
fn fixed(found: &mut Errors<'_>, pointer: &str, code: Code, status: u16, text: String, message: String) {
    found.push(Found {
        issue: Issue { pointer: pointer.to_string(), code, message },
        server: ServerText::Fixed { status, text },
    });
}

/// The volume-manage controller and `API.manage_existing`, step by step.
pub(crate) fn volume_controller<'a>(
    volume: Option<&Members<'a>>,
    version: Microversion,
    found: &mut Errors<'a>,
    warnings: &mut Warnings,
) {
    let Some(volume) = volume else { return };
    let target = host_cluster_rule(volume, version, found);
    source_name_check(volume, found, warnings);
    if let Some(target) = target {
        service_lookup(volume, target, found, warnings);
    }
    volume_type_lookup(volume, warnings);
    availability_zone(volume, warnings);
    for (field, pointer) in [
        (Field::Name, "/volume/name"),
        (Field::AvailabilityZone, "/volume/availability_zone"),
        (Field::VolumeType, "/volume/volume_type"),
    ] {
        text_content_warnings(volume.get(field), pointer, field.name(), warnings);
    }
    metadata_value_warnings(volume.get(Field::Metadata), "/volume/metadata", warnings);
}

/// Which of `host` and `cluster` names the service to manage on.
#[derive(Clone, Copy)]
enum Target {
    Host,
    Cluster,
}

/// `cinder/api/common.py: get_cluster_host`: before 3.16 `host` is
/// required; from 3.16 exactly one of `cluster` and `host` must be set
/// (truthy). Skipped for a field the schema already flagged. Returns the
/// field the service lookup uses, or `None` when the rule failed.
fn host_cluster_rule(volume: &Members<'_>, version: Microversion, found: &mut Errors<'_>) -> Option<Target> {
    let schema_flagged = |field: &str| {
        let p = format!("/volume/{field}");
        found.items().iter().any(|f| f.issue.pointer == p || f.issue.pointer.starts_with(&format!("{p}/")))
    };
    let truthy = |v: Option<&Value>| v.is_some_and(Value::is_truthy);
    let cluster_rule = version >= Microversion::VOLUME_MIGRATE_CLUSTER;
    let host_set = truthy(volume.get(Field::Host));
    let cluster_set = cluster_rule && truthy(volume.get(Field::Cluster));
    if host_set != cluster_set || schema_flagged("host") || (cluster_rule && schema_flagged("cluster")) {
        return Some(if cluster_set { Target::Cluster } else { Target::Host });
    }
    if !cluster_rule {
        fixed(
            found,
            "/volume/host",
            Code::HostMissing,
            400,
            "Invalid input received: Host field is missing.".into(),
            format!(
                "host is required at microversion {version}: give host@backend#pool (managing by cluster needs \
                 microversion 3.16 or later)"
            ),
        );
    } else {
        let text = "Invalid input received: One and only one of cluster and host must be set.".to_string();
        let message = if host_set {
            "give either host or cluster, not both".to_string()
        } else {
            "give host (host@backend#pool) or cluster (cluster@backend); one of them must be set".to_string()
        };
        fixed(found, "/volume/host", Code::HostClusterConflict, 400, text.clone(), message.clone());
        fixed(found, "/volume/cluster", Code::HostClusterConflict, 400, text, message);
    }
    None
}

/// `API.manage_existing`'s first step, `'source-name' in ref`, and
/// `cinder/volume/volume_utils.py: check_already_managed_volume` on its
/// value: a string `ref` is searched as a string, a non-string name fails
/// the name template match (both a generic 400).
fn source_name_check(volume: &Members<'_>, found: &mut Errors<'_>, warnings: &mut Warnings) {
    let Some(reference) = volume.get(Field::Ref) else { return };
    match reference {
        Value::Str(s) if string_ref_fails(s) => fixed(
            found,
            "/volume/ref",
            Code::RefSourceNameInString,
            400,
            GENERIC_400.into(),
            "ref is a string containing \"source-name\": Cinder indexes the string with a string and answers a \
             generic 400. Send ref as an object, e.g. {\"source-name\": \"<backend name>\"}"
                .into(),
        ),
        Value::Object(o) => match source_keys(o).0 {
            Some(Value::Str(name)) => already_managed_warning(name, warnings),
            Some(other) => fixed(
                found,
                "/volume/ref/source-name",
                Code::RefSourceNameNotString,
                400,
                GENERIC_400.into(),
                format!(
                    "ref.source-name must be a string (Cinder matches it against the volume name template), not {}",
                    crate::python::repr::repr_short(other)
                ),
            ),
            None => {}
        },
        _ => {}
    }
    ref_warnings(reference, "/volume/ref", Kind::Volume, warnings);
}

/// `cinder/volume/api.py: API._get_service_by_host_cluster`: the pool part
/// is dropped; a name with a line break cannot be a service's, so Cinder
/// answers 400 (see `docs/cinder/host-and-cluster.md#service-lookup`).
fn service_lookup<'a>(volume: &Members<'a>, target: Target, found: &mut Errors<'a>, warnings: &mut Warnings) {
    let (before, field, pointer) = match target {
        Target::Cluster => ("Cluster '", Field::Cluster, "/volume/cluster"),
        Target::Host => ("Host '", Field::Host, "/volume/host"),
    };
    let Some(name) = volume.str(field) else { return };
    let field = field.name();
    let backend = name.as_wtf8().split(|&b| b == b'#').next().unwrap_or_default();
    if backend.contains(&b'\n') {
        found.push(Found {
            issue: Issue {
                pointer: pointer.to_string(),
                code: Code::ServiceNotFound,
                message: format!(
                    "{} {} ends with a line break: the schema lets one trailing newline through, but no \
                     service has that name, so Cinder answers 400. Remove the line break",
                    field,
                    repr_str(name)
                ),
            },
            server: ServerText::Around { status: 400, before, value: name, after: "' not found" },
        });
    } else if name.as_wtf8().last() == Some(&b'\n') {
        warn(
            warnings,
            pointer,
            Code::HostTrailingNewline,
            format!(
                "{} {} ends with a line break; Cinder accepts it (the pool part is ignored for the service \
                 lookup) but stores it as sent. Almost surely a paste error",
                field,
                repr_str(name)
            ),
        );
    }
}

/// `cinder/volume/volume_types.py: get_by_name_or_id` looks the type up as
/// sent: surrounding whitespace is not trimmed.
fn volume_type_lookup(volume: &Members<'_>, warnings: &mut Warnings) {
    let Some(t) = volume.str(Field::VolumeType) else { return };
    let edge = |b: Option<&u8>| b.is_some_and(|b| !b.is_ascii_graphic());
    let bytes = t.as_wtf8();
    let trims = || match t.as_str() {
        Some(text) => text.trim() != text,
        None => {
            let text = t.to_string_lossy();
            text.trim() != text
        }
    };
    if (edge(bytes.first()) || edge(bytes.last())) && trims() {
        warn(
            warnings,
            "/volume/volume_type",
            Code::VolumeTypeWhitespace,
            format!(
                "volume_type {} has surrounding whitespace; Cinder does not trim it, so the lookup fails with 400 \
                 \"Invalid volume type\" unless a type has exactly that name",
                repr_str(t)
            ),
        );
    }
}

/// `API.manage_existing` takes the service's zone only when
/// `availability_zone` is absent or null: `""` is stored as it is.
fn availability_zone(volume: &Members<'_>, warnings: &mut Warnings) {
    if volume.str(Field::AvailabilityZone).is_some_and(PyStr::is_empty) {
        warn(
            warnings,
            "/volume/availability_zone",
            Code::EmptyAvailabilityZone,
            "availability_zone \"\" is stored as an empty zone; only null or an absent key takes the service's zone"
                .into(),
        );
    }
}

/// The snapshot-manage controller, `API.manage_existing_snapshot` and
/// `API.create_snapshot_in_db`, step by step.
pub(crate) fn snapshot_controller<'a>(snapshot: Option<&Members<'a>>, found: &mut Errors<'a>, warnings: &mut Warnings) {
    let Some(snapshot) = snapshot else { return };
    volume_lookup(snapshot, warnings);
    metadata_key_length(snapshot, found);
    if let Some(reference) = snapshot.get(Field::Ref) {
        ref_warnings(reference, "/snapshot/ref", Kind::Snapshot, warnings);
    }
    text_content_warnings(snapshot.get(Field::Name), "/snapshot/name", "name", warnings);
    metadata_value_warnings(snapshot.get(Field::Metadata), "/snapshot/metadata", warnings);
}

/// `API.manage_existing_snapshot` looks the volume up by `volume_id` as
/// sent, while Cinder stores ids in canonical form.
fn volume_lookup(snapshot: &Members<'_>, warnings: &mut Warnings) {
    let Some(id) = snapshot.str(Field::VolumeId) else { return };
    if is_uuid_like(id) && !is_canonical_uuid(id) {
        warn(
            warnings,
            "/snapshot/volume_id",
            Code::VolumeIdNotCanonical,
            format!(
                "volume_id {} passes Cinder's UUID check but is looked up verbatim; volume ids are stored as \
                 lowercase 8-4-4-4-12, so this normally answers 404 \"Volume … could not be found\"",
                repr_str(id)
            ),
        );
    }
}

/// `cinder/utils.py: check_metadata_properties` (from
/// `API.create_snapshot_in_db`) re-checks `len(key) > 255`, which the
/// schema's `$` lets through for a 255-character key plus a final newline.
fn metadata_key_length<'a>(snapshot: &Members<'a>, found: &mut Errors<'a>) {
    let Some(Value::Object(metadata)) = snapshot.get(Field::Metadata) else { return };
    for (key, _) in metadata.iter() {
        if key.len_code_points() > MAX_STRING_LENGTH && crate::cinder::schema::is_metadata_key(key) {
            found.push_per_key(|| Found {
                issue: Issue {
                    pointer: Pointer::root().key("snapshot").key("metadata").key_str(key).into_string(),
                    code: Code::MetadataKeyTooLong,
                    message: "metadata key is 255 characters plus a final line break: the schema accepts it, \
                              then Cinder's metadata check counts 256 characters and answers 400. Remove the \
                              line break"
                        .into(),
                },
                server: ServerText::Around {
                    status: 400,
                    before: "Invalid metadata size: Metadata property key ",
                    value: key,
                    after: " greater than 255 characters.",
                },
            });
        }
    }
}

/// The last step before the 202: the scheduler cast serializes `ref`
/// recursively (`oslo_serialization/jsonutils.py: to_primitive` and Cinder's
/// RPC serializer), and a `ref` nested too deeply raises `RecursionError`.
/// Reached only by a request without another error.
pub(crate) fn rpc_cast(kind: Kind, members: Option<&Members<'_>>, found: &mut Errors<'_>) {
    if !found.items().is_empty() {
        return;
    }
    let (limit, pointer) = match kind {
        Kind::Volume => (RPC_REF_MAX_DEPTH_VOLUME, "/volume/ref"),
        Kind::Snapshot => (RPC_REF_MAX_DEPTH_SNAPSHOT, "/snapshot/ref"),
    };
    let depth = members.and_then(|m| m.get(Field::Ref)).map_or(0, Value::nesting_depth);
    if depth > limit {
        fixed(
            found,
            pointer,
            Code::RefTooDeep,
            500,
            crate::cinder::version::GENERIC_500.into(),
            format!(
                "ref nests {depth} levels deep; Cinder accepts it up to the scheduler cast, whose serializer \
                 recurses and fails beyond about {limit} levels (HTTP 500). No driver needs a nested ref"
            ),
        );
    }
}

/// `'source-name' in ref` on a string `ref` is a substring test; when it
/// holds, `ref['source-name']` indexes a string with a string: `TypeError`,
/// a bare 400 (`cinder/volume/api.py: API.manage_existing`).
pub(crate) fn string_ref_fails(s: &PyStr) -> bool {
    s.as_wtf8().windows(11).any(|w| w == b"source-name")
}

/// Lowercase 8-4-4-4-12: the form Cinder stores ids in (`str(uuid.uuid4())`),
/// the only spelling a lookup by id finds.
pub(crate) fn is_canonical_uuid(s: &PyStr) -> bool {
    let Some(text) = s.as_str() else { return false };
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

/// The id a `source-name` names when it is a Cinder volume name:
/// `cinder/volume/volume_utils.py: extract_id_from_volume_name` with the
/// default `volume_name_template` (`volume-%s`, so `volume-(?P<uuid>.+)`
/// matched at the start), then the UUID test of
/// `check_already_managed_volume` (`uuid.UUID(vol_id, version=4)`). Cinder
/// then answers 400 if a volume with exactly that id exists (server state).
pub(crate) fn already_managed_id(name: &PyStr) -> Option<&str> {
    let rest = name.as_str()?.strip_prefix("volume-")?;
    // `.` does not match a line break: the id ends at the first one.
    let id = rest.split('\n').next().unwrap_or_default();
    (!id.is_empty() && uuid_parses(&PyStr::from(id))).then_some(id)
}

fn already_managed_warning(name: &PyStr, warnings: &mut Warnings) {
    if let Some(id) = already_managed_id(name) {
        warn(
            warnings,
            "/volume/ref/source-name",
            Code::PossiblyAlreadyManaged,
            format!(
                "source-name looks like a Cinder volume name (volume-{id}); if a volume with that id exists, Cinder \
                 answers 400 \"Unable to manage existing volume. The volume is already managed\""
            ),
        );
    }
}

/// `ref`'s `source-name` value and whether it has `source-id`, in one pass
/// over its keys (each compared as bytes, without building a key to look up).
fn source_keys(reference: &Object) -> (Option<&Value>, bool) {
    // Fixed-size compares: a few loads each, not a `memcmp` call.
    let is = |key: &[u8], name: &[u8; 11]| <&[u8; 11]>::try_from(key).is_ok_and(|k| k == name);
    let (mut name, mut id) = (None, false);
    for (key, value) in reference.iter() {
        let key = key.as_wtf8();
        if is(key, b"source-name") {
            name = Some(value);
        } else if <&[u8; 9]>::try_from(key).is_ok_and(|k| k == b"source-id") {
            id = true;
        }
    }
    (name, id)
}

/// What drivers do with `ref` (see `docs/cinder/drivers.md`): a string ref
/// or one without the usual keys is accepted by the API but fails later.
fn ref_warnings(reference: &Value, pointer: &str, kind: Kind, warnings: &mut Warnings) {
    match reference {
        Value::Str(_) => {
            let wraps = match kind {
                Kind::Volume => "no driver accepts it",
                Kind::Snapshot => "only the LVM and RBD drivers accept it (as source-name)",
            };
            warn(
                warnings,
                pointer,
                Code::RefString,
                format!(
                    "ref is a string: the API accepts it, but {wraps}; the {} then goes to error. Send an object such \
                     as {{\"source-name\": \"…\"}}",
                    kind.as_str()
                ),
            );
        }
        Value::Object(o) if matches!(source_keys(o), (None, false)) => {
            warn(
                warnings,
                pointer,
                Code::RefNoKnownKey,
                "ref has neither source-name nor source-id; most drivers read one of them (Zadara reads name, \
                 NexentaStor source-guid), so the manage will likely end in error"
                    .into(),
            );
        }
        _ => {}
    }
}

/// Characters the schema lets through but a database will likely refuse.
fn text_content_warnings(value: Option<&Value>, pointer: &str, field: &str, warnings: &mut Warnings) {
    let Some(Value::Str(s)) = value else { return };
    text_warnings(s, || pointer.to_string(), field, warnings, false);
}

/// Warnings about one string (`per_key`: one of many metadata values, so
/// listed only while the list has room: see [`IssueList`]).
fn text_warnings(s: &PyStr, pointer: impl Fn() -> String, field: &str, warnings: &mut Warnings, per_key: bool) {
    let mut add = |code: Code, message: &dyn Fn() -> String| {
        let issue = || Issue { pointer: pointer(), code, message: message() };
        if per_key {
            warnings.push_per_key(issue);
        } else {
            warnings.push(issue());
        }
    };
    if s.has_lone_surrogate() {
        add(Code::LoneSurrogate, &|| {
            format!("{field} contains a lone UTF-16 surrogate; the schema accepts it but storing it will fail")
        });
    }
    if s.as_wtf8().contains(&0) {
        add(Code::NulCharacter, &|| {
            format!("{field} contains a NUL character; the schema accepts it but PostgreSQL-backed clouds refuse it")
        });
    }
}

/// Warnings about each metadata value (repeated per key).
fn metadata_value_warnings(metadata: Option<&Value>, pointer: &str, warnings: &mut Warnings) {
    let Some(Value::Object(m)) = metadata else { return };
    for (key, value) in m.iter() {
        if let Value::Str(s) = value {
            let at = || format!("{pointer}{}", Pointer::root().key_str(key).as_str());
            text_warnings(s, at, "the metadata value", warnings, true);
        }
    }
}

/// Characters whose verdict depends on the Unicode version of the server's
/// Python (see `docs/cinder/description-and-unicode.md`).
pub(crate) fn description_warnings(kind: Kind, members: Option<&Members<'_>>, warnings: &mut Warnings) {
    let Some(d) = members.and_then(|m| m.str(Field::Description)) else { return };
    // Every code point whose verdict changed between versions is beyond ASCII.
    if d.as_wtf8().is_ascii() {
        return;
    }
    if let Some(cp) = d.code_points().find(|&cp| description_depends_on_version(cp)) {
        warn(
            warnings,
            &format!("/{}/description", kind.as_str()),
            Code::DependsOnUnicodeVersion,
            format!(
                "description contains U+{cp:04X}, which Cinder accepts or rejects depending on the Unicode version of \
                 the server's Python (3.11: 14.0, 3.12: 15.0, 3.13: 15.1, 3.14: 16.0)"
            ),
        );
    }
}

/// JSON cannot carry every Python value; say so instead of changing data silently.
pub(crate) fn lossy_output_warning(normalized: &Normalized, warnings: &mut Warnings) {
    // Only `ref` can hold numbers: every other field is a string or a map of strings.
    let (pointer, reference) = match normalized {
        Normalized::Volume(v) => ("/volume/ref", &v.reference),
        Normalized::Snapshot(s) => ("/snapshot/ref", &s.reference),
    };
    if reference.has_non_finite_float() {
        warn(
            warnings,
            pointer,
            Code::LossyOutput,
            "ref holds NaN or Infinity, which Cinder accepts (Python's json) but JSON output cannot spell: the \
             normalized ref shows null there"
                .into(),
        );
    }
}
