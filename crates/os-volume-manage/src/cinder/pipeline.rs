//! The pipeline Cinder runs for a manage POST's body
//! (`docs/cinder/controller.md#order-of-checks`): size limit, microversion,
//! JSON, schema, route gate, controller rules; then the request it would act
//! on.

use crate::cinder::controller::{self, Warnings};
use crate::cinder::fields::{Members, Taken};
use crate::cinder::normalize::{normalize_snapshot, normalize_volume};
use crate::cinder::schema::{Found, ServerText, Validator};
use crate::cinder::version::{resolve_microversion, Endpoint, Kind, Microversion, Options, VersionError, GENERIC_500};
use crate::limits::MAX_BODY_DEPTH;
use crate::python::json::{self, ParseError};
use crate::python::value::{Object, Value};
use crate::report::{Code, Issue, Normalized, Report};

/// Judges raw request bytes as Cinder would (its JSON layer included), sent
/// with `Content-Type: application/json` and a Content-Length: first the
/// size limit, then the version, then the body.
pub fn check_text(kind: Kind, body: &[u8], options: &Options) -> Report {
    if let Some(limit) = crate::cinder::http::body_over_limit(body.len(), options) {
        return crate::cinder::http::body_too_large(body.len(), limit);
    }
    // The version header is read before the body.
    let version = match resolve_microversion(options.microversion.as_deref()) {
        Ok(v) => v,
        Err(e) => return version_rejected(e),
    };
    judge_text(kind, body, version, options)
}

/// The verdict on body bytes that passed the size limit, at `version`.
#[inline(always)]
pub(crate) fn judge_text(kind: Kind, body: &[u8], version: Microversion, options: &Options) -> Report {
    match json::parse_with_max_depth(body, MAX_BODY_DEPTH) {
        // The parsed body is not needed any more: its members move into the
        // normalized request.
        Ok(value) => judge_and_accept(kind, Body::Owned(value), version, options),
        Err(ParseError::Empty) => Report::rejected(
            500,
            GENERIC_500.to_string(),
            Issue {
                pointer: String::new(),
                code: Code::BodyEmpty,
                message: "the request has no body; Cinder's validator then fails with KeyError and answers 500. \
                          Send a JSON object"
                    .into(),
            },
        ),
        Err(ParseError::Malformed { detail, .. }) => Report::rejected(
            400,
            "Malformed request body".to_string(),
            Issue {
                pointer: String::new(),
                code: Code::BodyMalformed,
                message: format!("the body is not JSON Cinder can parse: {detail}"),
            },
        ),
        Err(ParseError::TooDeep { offset, .. }) => too_deep_at(&format!("at byte offset {offset}")),
    }
}

/// Judges an already parsed body (as if it had been sent as JSON text).
pub fn check_value(kind: Kind, body: &Value, options: &Options) -> Report {
    check_parsed_value(kind, Body::Borrowed(body), options)
}

/// [`check_value`] for a body the caller no longer needs: its members move
/// into the normalized request instead of being copied.
pub fn check_value_owned(kind: Kind, body: Value, options: &Options) -> Report {
    check_parsed_value(kind, Body::Owned(body), options)
}

/// [`check_value_owned`] for a body known to nest at most
/// [`MAX_BODY_DEPTH`] levels, such as a member of a JSONL line parsed
/// with a limit of one level more: the depth walk is skipped.
pub(crate) fn check_shallow_value_owned(kind: Kind, body: Value, options: &Options) -> Report {
    match resolve_microversion(options.microversion.as_deref()) {
        Ok(version) => judge_and_accept(kind, Body::Owned(body), version, options),
        Err(e) => version_rejected(e),
    }
}

/// A parsed body, kept by the caller or handed over.
enum Body<'a> {
    Borrowed(&'a Value),
    Owned(Value),
}

fn check_parsed_value(kind: Kind, body: Body<'_>, options: &Options) -> Report {
    let version = match resolve_microversion(options.microversion.as_deref()) {
        Ok(version) => version,
        Err(e) => return version_rejected(e),
    };
    // Sent as text, a value this deep stops Cinder's parser (500); it also
    // keeps every later step within a bounded depth.
    let depth = body.value().nesting_depth();
    if depth > MAX_BODY_DEPTH {
        return too_deep(depth);
    }
    judge_and_accept(kind, body, version, options)
}

impl Body<'_> {
    fn value(&self) -> &Value {
        match self {
            Body::Borrowed(v) => v,
            Body::Owned(v) => v,
        }
    }
}

/// The verdict on a parsed body; on a 202, the normalized request is built
/// from the body's members (moved when the body is owned, else copied).
/// The members are found once, for the checks and for normalization.
fn judge_and_accept(kind: Kind, body: Body<'_>, version: Microversion, options: &Options) -> Report {
    match body {
        Body::Borrowed(v) => {
            let members = inner_object(kind, v).map(Members::of);
            match judge(kind, v, members.as_ref(), version, options) {
                Judged::Rejected(report) => report,
                // The caller keeps `body`: copy the members.
                Judged::Accepted { warnings } => accept(kind, members.as_ref().map(Taken::cloned), version, warnings),
            }
        }
        Body::Owned(v) => {
            let members = inner_object(kind, &v).map(Members::of);
            match judge(kind, &v, members.as_ref(), version, options) {
                Judged::Rejected(report) => report,
                Judged::Accepted { warnings } => accept(kind, take_members(kind, v), version, warnings),
            }
        }
    }
}

/// The answer to a version header Cinder refuses (read before the body).
fn version_rejected(e: VersionError) -> Report {
    Report::rejected(
        e.http_status,
        e.server_message,
        Issue { pointer: String::new(), code: e.code, message: e.message },
    )
}

fn too_deep(depth: usize) -> Report {
    too_deep_at(&format!("{depth} levels"))
}

fn too_deep_at(place: &str) -> Report {
    Report::rejected(
        500,
        GENERIC_500.to_string(),
        Issue {
            pointer: String::new(),
            code: Code::BodyTooDeep,
            message: format!(
                "the body nests arrays/objects more than {} levels deep ({place}); Python's parser hits its \
                 recursion limit and Cinder answers 500",
                MAX_BODY_DEPTH
            ),
        },
    )
}

/// Judges a serde_json value (convenience for Rust services; feature `serde_json`).
#[cfg(feature = "serde_json")]
pub fn check_json_value(kind: Kind, body: &serde_json::Value, options: &Options) -> Report {
    check_value(kind, &Value::from(body), options)
}

/// The `volume`/`snapshot` object of a body, if it is one.
fn inner_object(kind: Kind, body: &Value) -> Option<&Object> {
    body.as_object().and_then(|b| b.get(kind.as_str())).and_then(Value::as_object)
}

/// The members of the `volume`/`snapshot` object, moved out of the body.
/// (The body is taken apart by value, so that the emptied containers skip
/// `Value`'s `Drop`: see [`Value::into_object`].)
fn take_members(kind: Kind, body: Value) -> Option<Taken> {
    let mut members = None;
    for (key, value) in body.into_object().ok()?.into_entries() {
        if members.is_none() && key.as_wtf8() == kind.as_str().as_bytes() && matches!(value, Value::Object(_)) {
            members = value.into_object().ok().map(Taken::from_object);
        } else {
            drop(value);
        }
    }
    members
}

/// Every check Cinder runs before the 202: the rejection, or the warnings
/// of an accepted request.
/// `members`: those of `volume`/`snapshot`, found once for every step.
fn judge<'a>(
    kind: Kind,
    body: &'a Value,
    members: Option<&Members<'a>>,
    version: Microversion,
    options: &Options,
) -> Judged {
    let endpoint = options.endpoint.unwrap_or(Endpoint::default_for(kind));
    let mut v = Validator::new(options.unicode_version);
    match kind {
        Kind::Volume => v.volume_body(body, version >= Microversion::VOLUME_MIGRATE_CLUSTER, members),
        Kind::Snapshot => v.snapshot_body(body, members),
    }
    let mut found = v.found;
    // The `manageable_*` routes check the version inside the method, after
    // the schema decorators.
    if version < endpoint.min_version() {
        found.push(Found {
            issue: Issue {
                pointer: String::new(),
                code: Code::EndpointUnavailable,
                message: format!(
                    "POST /{} exists from microversion {} on; at {version} Cinder answers 404. Use microversion {} \
                     or later, or POST to /{}",
                    endpoint.as_str(),
                    endpoint.min_version(),
                    endpoint.min_version(),
                    Endpoint::default_for(kind).as_str()
                ),
            },
            server: ServerText::Fixed { status: 404, text: "The resource could not be found.".into() },
        });
    }
    let mut warnings = Warnings::default();
    match kind {
        Kind::Volume => controller::volume_controller(members, version, &mut found, &mut warnings),
        Kind::Snapshot => controller::snapshot_controller(members, &mut found, &mut warnings),
    }
    controller::rpc_cast(kind, members, &mut found);
    controller::description_warnings(kind, members, &mut warnings);

    let Some(first) = found.items().first() else { return Judged::Accepted { warnings } };
    let http_status = first.server.status();
    let server_error = Some(first.server.render());
    Judged::Rejected(Report {
        accepted: false,
        http_status,
        server_error,
        errors: found.finish("error", |f| f.issue),
        warnings: warnings.into_issues("warning"),
        changes: Vec::new(),
        normalized: None,
        response: None,
    })
}

/// What [`judge`] decided. (Returned once per check and consumed at once:
/// boxing the report would only add an allocation per rejection.)
#[allow(
    clippy::large_enum_variant,
    reason = "returned once per check and consumed at once: a box would only add an allocation"
)]
enum Judged {
    Rejected(Report),
    /// Nothing stops the 202; these are the warnings so far.
    Accepted {
        warnings: Warnings,
    },
}

/// The 202: the request Cinder acts on, built from the members.
fn accept(kind: Kind, members: Option<Taken>, version: Microversion, mut warnings: Warnings) -> Report {
    let mut changes = Vec::new();
    let normalized = match kind {
        Kind::Volume => members.map(|m| Normalized::Volume(normalize_volume(m, version, &mut changes))),
        Kind::Snapshot => members.map(|m| Normalized::Snapshot(normalize_snapshot(m))),
    };
    if let Some(n) = &normalized {
        controller::lossy_output_warning(n, &mut warnings);
    }
    let warnings = warnings.into_issues("warning");
    Report {
        accepted: true,
        http_status: 202,
        server_error: None,
        errors: Vec::new(),
        warnings,
        changes,
        normalized,
        response: None,
    }
}
