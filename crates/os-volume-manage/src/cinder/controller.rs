//! Cinder's controller logic after the schema (spec 2, 6, 7.3, 9.2), and
//! warnings about requests the API accepts but that are likely to fail later.
//!
//! Offline, a check cannot see the server's state. It assumes what a working
//! cloud gives an admin: the policy allows the call, the volume type and the
//! service exist, quotas suffice, the snapshot's volume exists. Everything
//! that depends on state is a warning, never a verdict.

use crate::cinder::description::description_depends_on_version;
use crate::cinder::fields::{Field, Members};
use crate::cinder::schema::{is_uuid_like, is_uuid_like_text, push_per_key, settle_unlisted, Found, ServerText};
use crate::cinder::version::{Kind, Microversion, GENERIC_400};
use crate::limits::{MAX_LISTED, MAX_STRING_LENGTH, RPC_REF_MAX_DEPTH_SNAPSHOT, RPC_REF_MAX_DEPTH_VOLUME};
use crate::python::repr::repr_str_short as repr_str;
use crate::python::value::{Object, PyStr, Value};
use crate::report::pointer::Pointer;
use crate::report::{Code, Issue, Normalized};

/// Adds a warning about one field, before the `too_many_issues` entry that
/// ends the list, if any.
fn warn(warnings: &mut Vec<Issue>, pointer: &str, code: Code, message: String) {
    let issue = Issue { pointer: pointer.to_string(), code, message };
    match warnings.last() {
        Some(last) if last.code == Code::TooManyIssues => warnings.insert(warnings.len() - 1, issue),
        _ => warnings.push(issue),
    }
}

fn fixed(found: &mut Vec<Found<'_>>, pointer: &str, code: Code, status: u16, text: String, message: String) {
    found.push(Found {
        issue: Issue { pointer: pointer.to_string(), code, message },
        server: ServerText::Fixed { status, text },
    });
}

/// The volume-manage controller and `API.manage_existing`, in order.
pub(crate) fn volume_controller<'a>(
    volume: Option<&Members<'a>>,
    version: Microversion,
    found: &mut Vec<Found<'a>>,
    warnings: &mut Vec<Issue>,
) {
    let Some(volume) = volume else { return };
    let schema_flagged = |field: &str| {
        let p = format!("/volume/{field}");
        found.iter().any(|f| f.issue.pointer == p || f.issue.pointer.starts_with(&format!("{p}/")))
    };
    let host = volume.get(Field::Host);
    let truthy = |v: Option<&Value>| v.is_some_and(Value::is_truthy);

    // get_cluster_host (spec 6): from 3.16 exactly one of cluster and host.
    let cluster_rule = version >= Microversion::VOLUME_MIGRATE_CLUSTER;
    let cluster = if cluster_rule { volume.get(Field::Cluster) } else { None };
    let host_set = truthy(host);
    let cluster_set = truthy(cluster);
    let mut rule_failed = false;
    if host_set == cluster_set && !schema_flagged("host") && !(cluster_rule && schema_flagged("cluster")) {
        rule_failed = true;
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
    }

    // API.manage_existing step 1: `'source-name' in ref` (spec 7.3).
    if let Some(reference) = volume.get(Field::Ref) {
        match reference {
            Value::Str(s) if s.as_wtf8().windows(11).any(|w| w == b"source-name") => fixed(
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

    // Service lookup (spec 2.1 step 8.4): the pool part is dropped; a name
    // with a line break cannot be a service's, so Cinder answers 400.
    if !rule_failed {
        let (before, field, value, pointer) = if cluster_set {
            ("Cluster '", "cluster", cluster, "/volume/cluster")
        } else {
            ("Host '", "host", host, "/volume/host")
        };
        if let Some(Value::Str(name)) = value {
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
    }

    if let Some(t) = volume.str(Field::VolumeType) {
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
    if let Some(az) = volume.str(Field::AvailabilityZone) {
        if az.is_empty() {
            warn(
                warnings,
                "/volume/availability_zone",
                Code::EmptyAvailabilityZone,
                "availability_zone \"\" is stored as an empty zone; only null or an absent key takes the service's zone"
                    .into(),
            );
        }
    }
    for (field, pointer) in [
        (Field::Name, "/volume/name"),
        (Field::AvailabilityZone, "/volume/availability_zone"),
        (Field::VolumeType, "/volume/volume_type"),
    ] {
        text_content_warnings(volume.get(field), pointer, field.name(), warnings);
    }
    metadata_value_warnings(volume.get(Field::Metadata), "/volume/metadata", warnings);
}

/// The snapshot-manage controller and `create_snapshot_in_db` (spec 9.2).
pub(crate) fn snapshot_controller<'a>(
    snapshot: Option<&Members<'a>>,
    found: &mut Vec<Found<'a>>,
    warnings: &mut Vec<Issue>,
) {
    let Some(snapshot) = snapshot else { return };
    if let Some(id) = snapshot.str(Field::VolumeId) {
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
    // utils.check_metadata_properties re-checks `len(key) > 255`, which the
    // schema's `$` lets through for a 255-character key plus a final newline.
    if let Some(Value::Object(metadata)) = snapshot.get(Field::Metadata) {
        for (key, _) in metadata.iter() {
            if key.len_code_points() > MAX_STRING_LENGTH && crate::cinder::schema::is_metadata_key(key) {
                push_per_key(found, || Found {
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
        settle_unlisted(found);
    }
    if let Some(reference) = snapshot.get(Field::Ref) {
        ref_warnings(reference, "/snapshot/ref", Kind::Snapshot, warnings);
    }
    text_content_warnings(snapshot.get(Field::Name), "/snapshot/name", "name", warnings);
    metadata_value_warnings(snapshot.get(Field::Metadata), "/snapshot/metadata", warnings);
}

/// The last step before the 202: the scheduler cast serializes `ref`.
/// Also the last step that adds errors, so it puts the `too_many_issues`
/// entry, if any, at the end of the list.
pub(crate) fn rpc_cast(kind: Kind, members: Option<&Members<'_>>, found: &mut Vec<Found<'_>>) {
    if !found.is_empty() {
        settle_unlisted(found);
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

/// Lowercase 8-4-4-4-12: the form Cinder stores ids in.
fn is_canonical_uuid(s: &PyStr) -> bool {
    let Some(text) = s.as_str() else { return false };
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

/// `volume_utils.extract_id_from_volume_name` with the default template
/// `volume-%s`, then the UUID test of `check_already_managed_volume`.
fn already_managed_warning(name: &PyStr, warnings: &mut Vec<Issue>) {
    let Some(rest) = name.as_str().and_then(|n| n.strip_prefix("volume-")) else { return };
    // `(?P<uuid>.+)` stops at the first line break.
    let id = rest.split('\n').next().unwrap_or_default();
    if !id.is_empty() && is_uuid_like_text(id) {
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

fn ref_warnings(reference: &Value, pointer: &str, kind: Kind, warnings: &mut Vec<Issue>) {
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
fn text_content_warnings(value: Option<&Value>, pointer: &str, field: &str, warnings: &mut Vec<Issue>) {
    let Some(Value::Str(s)) = value else { return };
    text_warnings(s, || pointer.to_string(), field, warnings, None);
}

/// Warnings about one string. With `unlisted` (warnings repeated per key),
/// they are only counted there once [`MAX_LISTED`] warnings are listed.
fn text_warnings(
    s: &PyStr,
    pointer: impl Fn() -> String,
    field: &str,
    warnings: &mut Vec<Issue>,
    mut unlisted: Option<&mut usize>,
) {
    let mut add = |code: Code, message: &dyn Fn() -> String| match unlisted.as_deref_mut() {
        Some(n) if warnings.len() >= MAX_LISTED => *n += 1,
        _ => warnings.push(Issue { pointer: pointer(), code, message: message() }),
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

/// Per value, listed up to [`MAX_LISTED`] warnings; the rest are counted in
/// a `too_many_issues` entry that ends the list (the last warnings added
/// after it go before it: see [`warn`]).
fn metadata_value_warnings(metadata: Option<&Value>, pointer: &str, warnings: &mut Vec<Issue>) {
    let Some(Value::Object(m)) = metadata else { return };
    let mut unlisted = 0;
    for (key, value) in m.iter() {
        if let Value::Str(s) = value {
            let at = || format!("{pointer}{}", Pointer::root().key_str(key).as_str());
            text_warnings(s, at, "the metadata value", warnings, Some(&mut unlisted));
        }
    }
    if unlisted > 0 {
        warnings.push(Issue::too_many(unlisted, "warning"));
    }
}

/// Characters whose verdict depends on the server's Python version (spec 3.4).
pub(crate) fn description_warnings(kind: Kind, members: Option<&Members<'_>>, warnings: &mut Vec<Issue>) {
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
pub(crate) fn lossy_output_warning(normalized: &Normalized, warnings: &mut Vec<Issue>) {
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
