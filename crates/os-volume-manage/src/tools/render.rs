//! Render a manage request as the commands people actually run: curl,
//! `openstack …` and `cinder …`, each with what that form cannot express.
//!
//! The `openstack` and `cinder` forms come from the client models of
//! [`crate::tools::command`]: a command is built from the body, then read
//! back the way the real client would run it (python-cinderclient 9.10.0,
//! python-openstackclient 10.5.0), and the request it sends is judged. It is
//! rendered only if Cinder judges that request exactly as it judges the
//! original (the same verdict, status, message and normalized request).
//! So a rendered command never sends something else, and a request Cinder
//! rejects is never rendered as a command Cinder would accept: it is either
//! rendered as sent, with a note that Cinder rejects it, or not rendered,
//! with a note saying why.
//!
//! Every argument is shell-quoted (POSIX single quotes, `'` written `'\''`)
//! unless it consists only of characters that are safe unquoted. Placeholders
//! (`$OS_TOKEN`, `$CINDER_ENDPOINT`, `$PROJECT_ID`) stay in double quotes so
//! the shell expands them.

use std::fmt;

use crate::cinder::pipeline::check_text;
use crate::cinder::schema::bootable_value;
use crate::cinder::version::{Endpoint, Kind, Microversion, Options};
use crate::python::value::{Object, PyStr, Value};
use crate::report::json as report_json;
use crate::report::Report;
use crate::tools::command::{judge_options, read_command, CommandOptions, Outcome};

/// Rendering options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Volume or snapshot.
    pub kind: Kind,
    /// The request's version as `check` takes it (see
    /// [`Microversion::resolve`]): `None` for no header, `3.16`, `latest`,
    /// `2.0` (the removed v2 API: curl POSTs to `/v2/` without a header, and
    /// the CLI forms are not rendered).
    pub microversion: Option<String>,
    /// Block-storage endpoint; a trailing `/`, `/v3` or `/v2` is removed, and
    /// empty or absent means `$CINDER_ENDPOINT`.
    pub endpoint: Option<String>,
    /// Project id (empty or absent: `$PROJECT_ID`).
    pub project_id: Option<String>,
    /// The route curl POSTs to; default: the `os-*-manage` route of the
    /// kind. The clients choose their own route.
    pub route: Option<Endpoint>,
    /// The exact body text curl sends; default: the body serialized compactly.
    pub body_text: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            kind: Kind::Volume,
            microversion: None,
            endpoint: None,
            project_id: None,
            route: None,
            body_text: None,
        }
    }
}

/// Stable codes for rendering notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RenderCode {
    /// The body is not `{"volume": {…}}` / `{"snapshot": {…}}`.
    BodyShape,
    /// A string (or null) ref: the clients always build an object.
    StringRefNotExpressible,
    /// A ref value that is not a string or number (the clients send strings).
    RefValueNotExpressible,
    /// A number in the ref is sent as a string by the clients.
    RefValueStringified,
    /// A key containing `=` cannot go through `key=value`.
    KeyContainsEquals,
    /// cinderclient takes one `--id-type IDENTIFIER` pair only.
    MultipleRefKeys,
    /// cinderclient always sends its positional host.
    ClusterNotExpressible,
    /// Neither host nor cluster.
    NoHostOrCluster,
    /// Both host and cluster.
    HostAndCluster,
    /// openstacksdk sends its own microversion and picks the route.
    MicroversionChosenByClient,
    /// A microversion the client cannot send.
    MicroversionNotExpressible,
    /// A metadata value that is not a string.
    MetadataValueNotString,
    /// A value the client sends in another form (a boolean string as a JSON
    /// boolean) that Cinder reads the same.
    ValueApproximated,
    /// A field the form has no option for, or a value it cannot send.
    FieldNotExpressible,
    /// `openstack volume snapshot create` requires a name.
    NameRequired,
    /// Microversion `2.0`: the v2 API was removed from Cinder and the clients.
    V2Removed,
    /// Cinder rejects this request; the command sends it as it is.
    RejectedAsSent,
    /// The command the form could write sends a request Cinder judges
    /// differently: it is not rendered.
    NotTheSameRequest,
    /// The client refuses the command the form could write.
    ClientRefuses,
}

impl RenderCode {
    /// The code's snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RenderCode::BodyShape => "body_shape",
            RenderCode::StringRefNotExpressible => "string_ref_not_expressible",
            RenderCode::RefValueNotExpressible => "ref_value_not_expressible",
            RenderCode::RefValueStringified => "ref_value_stringified",
            RenderCode::KeyContainsEquals => "key_contains_equals",
            RenderCode::MultipleRefKeys => "multiple_ref_keys",
            RenderCode::ClusterNotExpressible => "cluster_not_expressible",
            RenderCode::NoHostOrCluster => "no_host_or_cluster",
            RenderCode::HostAndCluster => "host_and_cluster",
            RenderCode::MicroversionChosenByClient => "microversion_chosen_by_client",
            RenderCode::MicroversionNotExpressible => "microversion_not_expressible",
            RenderCode::MetadataValueNotString => "metadata_value_not_string",
            RenderCode::ValueApproximated => "value_approximated",
            RenderCode::FieldNotExpressible => "field_not_expressible",
            RenderCode::NameRequired => "name_required",
            RenderCode::V2Removed => "v2_removed",
            RenderCode::RejectedAsSent => "rejected_as_sent",
            RenderCode::NotTheSameRequest => "not_the_same_request",
            RenderCode::ClientRefuses => "client_refuses",
        }
    }
}

impl fmt::Display for RenderCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderNote {
    /// Stable code.
    pub code: RenderCode,
    /// Human explanation.
    pub message: String,
}

/// One rendered form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedCommand {
    /// The shell command; `None` when the form cannot express the request.
    pub command: Option<String>,
    /// What the form loses or changes.
    pub notes: Vec<RenderNote>,
}

/// All forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// `curl …`.
    pub curl: RenderedCommand,
    /// `openstack volume create --remote-source …` / `openstack volume snapshot create --remote-source …`.
    pub openstack: RenderedCommand,
    /// `cinder manage …` / `cinder snapshot-manage …`.
    pub cinder: RenderedCommand,
}

/// The body could not be rendered at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderError {
    /// Stable code.
    pub code: RenderCode,
    /// Human explanation.
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}

fn note(code: RenderCode, message: impl Into<String>) -> RenderNote {
    RenderNote { code, message: message.into() }
}

/// POSIX shell quoting: left bare when every character is one of
/// `A-Za-z0-9 @ % + = : , . / _ -` (none has a meaning to the shell inside a
/// word), else wrapped in single quotes with each `'` written `'\''`. The
/// empty string becomes `''`.
pub fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '_' | '-')
        });
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Render a manage request body in every form.
pub fn render(body: &Value, options: &RenderOptions) -> Result<Rendered, RenderError> {
    let root = options.kind.as_str();
    if !matches!(body.as_object().and_then(|o| o.get(root)), Some(Value::Object(_))) {
        return Err(RenderError {
            code: RenderCode::BodyShape,
            message: format!("expected a body of the form {{\"{root}\": {{…}}}}"),
        });
    }
    Ok(render_lenient(Some(body), options))
}

/// Render a body given as text: curl sends the text byte for byte; the
/// client forms need it to be JSON of the right shape.
pub fn render_text(text: &str, options: &RenderOptions) -> Rendered {
    let body = Value::parse(text.as_bytes()).ok();
    let options = RenderOptions { body_text: Some(text.to_string()), ..options.clone() };
    render_lenient(body.as_ref(), &options)
}

const V2_NOTE: &str = "the v2 API was removed from Cinder and from the clients: use a 3.x microversion";

/// Render whatever there is: curl always (it sends `options.body_text`, or
/// the body, byte for byte), the CLI forms only for a body of the right shape
/// (`None`: not JSON). A body of another shape gets `command: None` and a
/// `body_shape` note in the CLI forms instead of an error, so a page can show
/// the curl form of any text.
pub fn render_lenient(body: Option<&Value>, options: &RenderOptions) -> Rendered {
    let root = options.kind.as_str();
    let curl = render_curl(body, options);
    let Some(Value::Object(fields)) = body.and_then(Value::as_object).and_then(|b| b.get(root)) else {
        let refused = RenderedCommand {
            command: None,
            notes: vec![note(RenderCode::BodyShape, format!("expected a body of the form {{\"{root}\": {{…}}}}"))],
        };
        return Rendered { curl, openstack: refused.clone(), cinder: refused };
    };
    if options.microversion.as_deref() == Some("2.0") {
        let refused = RenderedCommand { command: None, notes: vec![note(RenderCode::V2Removed, V2_NOTE)] };
        return Rendered { curl, openstack: refused.clone(), cinder: refused };
    }
    // The verdict every client form must reproduce.
    let body_text = match &options.body_text {
        Some(text) => text.clone(),
        None => body.map(Value::to_json).unwrap_or_default(),
    };
    let original = check_text(
        options.kind,
        body_text.as_bytes(),
        &Options { microversion: options.microversion.clone(), endpoint: options.route, ..Options::default() },
    );
    let (openstack, cinder) = match options.kind {
        Kind::Volume => (osc_volume(fields), cinder_volume(fields, options)),
        Kind::Snapshot => (osc_snapshot(fields), cinder_snapshot(fields, options)),
    };
    Rendered { curl, openstack: verify(openstack, &original), cinder: verify(cinder, &original) }
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn render_curl(body: Option<&Value>, options: &RenderOptions) -> RenderedCommand {
    let v2 = options.microversion.as_deref() == Some("2.0");
    let collection = options.route.unwrap_or(Endpoint::default_for(options.kind)).as_str();
    let endpoint = match non_empty(&options.endpoint) {
        Some(e) => {
            let e = e.trim_end_matches('/');
            shell_quote(e.strip_suffix("/v3").or_else(|| e.strip_suffix("/v2")).unwrap_or(e))
        }
        None => "\"${CINDER_ENDPOINT}\"".to_string(),
    };
    let project = match non_empty(&options.project_id) {
        Some(p) => shell_quote(p),
        None => "\"${PROJECT_ID}\"".to_string(),
    };
    let url = format!("{endpoint}/{}/{project}/{collection}", if v2 { "v2" } else { "v3" });
    let mut lines = vec![
        format!("curl -i -X POST {url}"),
        "-H \"X-Auth-Token: ${OS_TOKEN}\"".to_string(),
        "-H 'Content-Type: application/json'".to_string(),
    ];
    let mut notes = Vec::new();
    if v2 {
        // v2 has no microversions: a header would be ignored.
        notes.push(note(RenderCode::V2Removed, V2_NOTE));
    } else if let Some(v) = &options.microversion {
        lines.push(format!("-H {}", shell_quote(&format!("OpenStack-API-Version: volume {v}"))));
    }
    let text = match (&options.body_text, body) {
        (Some(text), _) => text.clone(),
        (None, Some(body)) => body.to_json(),
        (None, None) => String::new(),
    };
    lines.push(format!("--data-binary {}", shell_quote(&text)));
    RenderedCommand { command: Some(lines.join(" \\\n  ")), notes }
}

/// A command the form could write (its words), or why it cannot.
struct Candidate {
    words: Option<Vec<String>>,
    notes: Vec<RenderNote>,
}

impl Candidate {
    fn none(notes: Vec<RenderNote>) -> Candidate {
        Candidate { words: None, notes }
    }
}

/// Reads the candidate back as the client runs it and keeps it only if
/// Cinder judges what it sends exactly as it judges the original.
fn verify(candidate: Candidate, original: &Report) -> RenderedCommand {
    let mut notes = candidate.notes;
    let Some(words) = candidate.words else { return RenderedCommand { command: None, notes } };
    let line = words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" ");
    let read = match read_command(&line, &CommandOptions::default()) {
        Ok(read) => read,
        Err(e) => {
            notes.push(note(RenderCode::ClientRefuses, format!("the command cannot be read back: {e}")));
            return RenderedCommand { command: None, notes };
        }
    };
    let request = match &read.outcome {
        Outcome::Sent(request) => request,
        Outcome::Refused(refusal) => {
            notes.push(note(
                RenderCode::ClientRefuses,
                format!(
                    "the client would refuse the command it takes to send this: {}",
                    refusal.message.replace('\n', " ")
                ),
            ));
            return RenderedCommand { command: None, notes };
        }
    };
    let sent = check_text(request.kind(), request.body_text.as_bytes(), &judge_options(request));
    if !same_verdict(original, &sent) {
        let difference = if verdict_text(&sent) == verdict_text(original) {
            format!(
                "Cinder would act on {} instead of {}",
                sent.normalized().map_or("nothing".to_string(), |n| n.to_json()),
                original.normalized().map_or("nothing".to_string(), |n| n.to_json())
            )
        } else {
            format!("Cinder would answer {} instead of {}", verdict_text(&sent), verdict_text(original))
        };
        notes.push(note(
            RenderCode::NotTheSameRequest,
            format!("the closest command sends {}: {difference}", request.body_text),
        ));
        return RenderedCommand { command: None, notes };
    }
    if !original.accepted() {
        notes.push(note(
            RenderCode::RejectedAsSent,
            format!("Cinder rejects this request ({}); the command sends it as it is", verdict_text(original)),
        ));
    }
    RenderedCommand { command: Some(line), notes }
}

fn verdict_text(report: &Report) -> String {
    match report.server_error() {
        Some(message) if !report.accepted() => format!("HTTP {}: {message}", report.http_status()),
        _ => format!("HTTP {}", report.http_status()),
    }
}

/// The same verdict: acceptance, status, Cinder's message, and the request
/// Cinder acts on.
fn same_verdict(a: &Report, b: &Report) -> bool {
    a.accepted() == b.accepted()
        && a.http_status() == b.http_status()
        && a.server_error().map(|s| s.to_string()) == b.server_error().map(|s| s.to_string())
        && a.normalized().map(|n| n.to_json()) == b.normalized().map(|n| n.to_json())
}

/// A field's text (`None` when absent or null); a value that is not text
/// (or holds a lone surrogate) gets a note.
fn text_field<'a>(fields: &'a Object, key: &str, notes: &mut Vec<RenderNote>) -> Option<&'a str> {
    match fields.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Str(s)) => match s.as_str() {
            Some(t) => Some(t),
            None => {
                notes.push(note(
                    RenderCode::FieldNotExpressible,
                    format!("{key} holds a lone surrogate, which no command line can carry"),
                ));
                None
            }
        },
        Some(other) => {
            notes.push(note(
                RenderCode::FieldNotExpressible,
                format!("{key} is {}, not a string: the clients send text", other.to_json()),
            ));
            None
        }
    }
}

/// `--opt value`, or `--opt=value` when the value starts with `-` (a
/// separate word would be read as an option, by the command's parser or by
/// the client's global first pass).
fn push_option(words: &mut Vec<String>, option: &str, value: &str) {
    if value.starts_with('-') {
        words.push(format!("{option}={value}"));
    } else {
        words.push(option.to_string());
        words.push(value.to_string());
    }
}

fn str_of(s: &PyStr) -> Option<&str> {
    s.as_str()
}

/// A ref's members as text pairs.
fn ref_pairs(reference: Option<&Value>, notes: &mut Vec<RenderNote>) -> Option<Vec<(String, String)>> {
    let Some(Value::Object(map)) = reference else {
        notes.push(note(
            RenderCode::StringRefNotExpressible,
            "the ref is not an object: the clients always send an object of key=value pairs",
        ));
        return None;
    };
    let mut pairs = Vec::new();
    for (key, value) in map.iter() {
        let Some(key) = str_of(key) else {
            notes.push(note(RenderCode::RefValueNotExpressible, "a ref key holds a lone surrogate"));
            return None;
        };
        let text = match value {
            Value::Str(s) => match str_of(s) {
                Some(t) => t.to_string(),
                None => {
                    notes.push(note(RenderCode::RefValueNotExpressible, format!("ref {key} holds a lone surrogate")));
                    return None;
                }
            },
            Value::Int(_) | Value::Float(_) => {
                let n = value.to_json();
                notes.push(note(
                    RenderCode::RefValueStringified,
                    format!("ref {key} {n} is sent as the string \"{n}\""),
                ));
                n
            }
            other => {
                notes.push(note(
                    RenderCode::RefValueNotExpressible,
                    format!("ref {key} is {}; the clients can only send strings", other.to_json()),
                ));
                return None;
            }
        };
        pairs.push((key.to_string(), text));
    }
    Some(pairs)
}

/// `key=value` items of the metadata (`None`: absent or null).
fn metadata_items(fields: &Object, notes: &mut Vec<RenderNote>) -> Option<Vec<String>> {
    match fields.get("metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => {
            let mut items = Vec::new();
            for (key, value) in map.iter() {
                let key = str_of(key).unwrap_or_default();
                if key.contains('=') {
                    notes.push(note(
                        RenderCode::KeyContainsEquals,
                        format!("metadata key {key:?} contains '=': key=value splits on the first '='"),
                    ));
                }
                match value {
                    Value::Str(s) => items.push(format!("{key}={}", str_of(s).unwrap_or_default())),
                    other => notes.push(note(
                        RenderCode::MetadataValueNotString,
                        format!("metadata {key:?} is {}: the clients send strings only; left out", other.to_json()),
                    )),
                }
            }
            Some(items)
        }
        Some(other) => {
            notes
                .push(note(RenderCode::FieldNotExpressible, format!("metadata is {}, not an object", other.to_json())));
            None
        }
    }
}

/// Bootable as a flag: `Some(true)`/`Some(false)`, `None` when it has no
/// flag (absent, null, or a value Cinder refuses).
fn bootable_flag(fields: &Object, notes: &mut Vec<RenderNote>) -> Option<bool> {
    let value = fields.get("bootable")?;
    match value {
        Value::Bool(b) => Some(*b),
        Value::Null => None,
        other => match bootable_value(other) {
            Some(b) => {
                notes.push(note(
                    RenderCode::ValueApproximated,
                    format!(
                        "bootable {} is sent as the JSON boolean {b}, which Cinder reads the same",
                        other.to_json()
                    ),
                ));
                Some(b)
            }
            None => {
                notes.push(note(
                    RenderCode::FieldNotExpressible,
                    format!(
                        "bootable {} is not a value Cinder accepts, and the clients can only send a boolean",
                        other.to_json()
                    ),
                ));
                None
            }
        },
    }
}

fn unknown_fields(fields: &Object, known: &[&str], notes: &mut Vec<RenderNote>) {
    for key in fields.keys() {
        let name = key.to_string_lossy();
        if !known.contains(&name.as_str()) {
            notes.push(note(RenderCode::FieldNotExpressible, format!("{name:?} has no option in this form; left out")));
        }
    }
}

const VOLUME_FIELDS: &[&str] =
    &["description", "availability_zone", "bootable", "volume_type", "name", "host", "ref", "metadata", "cluster"];
const SNAPSHOT_FIELDS: &[&str] = &["description", "metadata", "name", "volume_id", "ref"];

/// cinderclient's `--os-volume-api-version` for the request's version.
fn cinder_version(options: &RenderOptions, notes: &mut Vec<RenderNote>) -> Option<String> {
    match Microversion::resolve(options.microversion.as_deref()) {
        // No header is what cinderclient sends at 3.0.
        Ok(v) => Some(format!("{}.{}", v.major, v.minor)),
        Err(e) => {
            notes.push(note(
                RenderCode::MicroversionNotExpressible,
                format!("cinder cannot send this version header ({})", e.message),
            ));
            None
        }
    }
}

/// Positionals last, after `--` when one starts with `-` or a `--metadata`
/// list precedes them.
fn push_positionals(words: &mut Vec<String>, positionals: &[&str], after_list: bool) {
    if after_list || positionals.iter().any(|p| p.starts_with('-')) {
        words.push("--".to_string());
    }
    words.extend(positionals.iter().map(|p| p.to_string()));
}

fn cinder_ref(fields: &Object, notes: &mut Vec<RenderNote>) -> Option<(String, String)> {
    let pairs = ref_pairs(fields.get("ref"), notes)?;
    match <[(String, String); 1]>::try_from(pairs) {
        Ok([pair]) => Some(pair),
        Err(pairs) => {
            notes.push(note(
                RenderCode::MultipleRefKeys,
                if pairs.is_empty() {
                    "an empty ref: cinderclient always sends one {id_type: identifier} pair".to_string()
                } else {
                    "cinderclient sends exactly one {id_type: identifier} pair; this ref has several keys".to_string()
                },
            ));
            None
        }
    }
}

fn cinder_options(
    words: &mut Vec<String>,
    fields: &Object,
    id_type: &str,
    pairs: &[(&str, &str)],
    notes: &mut Vec<RenderNote>,
) -> bool {
    if id_type != "source-name" {
        push_option(words, "--id-type", id_type);
    }
    for (key, option) in pairs {
        if let Some(v) = text_field(fields, key, notes) {
            push_option(words, option, v);
        }
    }
    match metadata_items(fields, notes) {
        // One item starting with `-` would end the list as an option: it
        // goes in the same word.
        Some(items) if items.len() == 1 && items.iter().all(|i| i.starts_with('-')) => {
            words.extend(items.iter().map(|i| format!("--metadata={i}")));
            false
        }
        Some(items) => {
            words.push("--metadata".to_string());
            words.extend(items);
            true
        }
        None => false,
    }
}

fn cinder_volume(fields: &Object, options: &RenderOptions) -> Candidate {
    let mut notes = Vec::new();
    unknown_fields(fields, VOLUME_FIELDS, &mut notes);
    let Some((id_type, identifier)) = cinder_ref(fields, &mut notes) else { return Candidate::none(notes) };
    let Some(version) = cinder_version(options, &mut notes) else { return Candidate::none(notes) };
    let cluster = text_field(fields, "cluster", &mut notes).filter(|c| !c.is_empty());
    let host = match text_field(fields, "host", &mut notes) {
        Some(h) => h,
        None if cluster.is_some() => {
            notes.push(note(
                RenderCode::ClusterNotExpressible,
                "cinder manage always sends its positional host; this request has a cluster and no host",
            ));
            return Candidate::none(notes);
        }
        None => {
            notes.push(note(RenderCode::NoHostOrCluster, "cinder manage always sends a host; this request has none"));
            return Candidate::none(notes);
        }
    };
    let mut words = vec!["cinder".to_string(), "--os-volume-api-version".to_string(), version, "manage".to_string()];
    if let Some(c) = cluster {
        push_option(&mut words, "--cluster", c);
    }
    if bootable_flag(fields, &mut notes) == Some(true) {
        words.push("--bootable".to_string());
    }
    let list = cinder_options(
        &mut words,
        fields,
        &id_type,
        &[
            ("name", "--name"),
            ("description", "--description"),
            ("volume_type", "--volume-type"),
            ("availability_zone", "--availability-zone"),
        ],
        &mut notes,
    );
    push_positionals(&mut words, &[host, &identifier], list);
    Candidate { words: Some(words), notes }
}

fn cinder_snapshot(fields: &Object, options: &RenderOptions) -> Candidate {
    let mut notes = Vec::new();
    unknown_fields(fields, SNAPSHOT_FIELDS, &mut notes);
    let Some((id_type, identifier)) = cinder_ref(fields, &mut notes) else { return Candidate::none(notes) };
    let Some(version) = cinder_version(options, &mut notes) else { return Candidate::none(notes) };
    let Some(volume_id) = text_field(fields, "volume_id", &mut notes) else {
        notes.push(note(RenderCode::FieldNotExpressible, "volume_id is required: it is the snapshot's volume"));
        return Candidate::none(notes);
    };
    let mut words =
        vec!["cinder".to_string(), "--os-volume-api-version".to_string(), version, "snapshot-manage".to_string()];
    let list = cinder_options(
        &mut words,
        fields,
        &id_type,
        &[("name", "--name"), ("description", "--description")],
        &mut notes,
    );
    push_positionals(&mut words, &[volume_id, &identifier], list);
    Candidate { words: Some(words), notes }
}

/// `--remote-source key=value` for each ref member.
fn osc_remote_source(words: &mut Vec<String>, fields: &Object, notes: &mut Vec<RenderNote>) -> bool {
    let Some(pairs) = ref_pairs(fields.get("ref"), notes) else { return false };
    if pairs.is_empty() {
        notes.push(note(
            RenderCode::StringRefNotExpressible,
            "an empty ref: without --remote-source the openstack commands create new storage",
        ));
        return false;
    }
    for (key, value) in pairs {
        if key.contains('=') || key.is_empty() {
            notes.push(note(RenderCode::KeyContainsEquals, format!("ref key {key:?} cannot be written as key=value")));
            return false;
        }
        push_option(words, "--remote-source", &format!("{key}={value}"));
    }
    true
}

fn osc_common(words: &mut Vec<String>, fields: &Object, options: &[(&str, &str)], notes: &mut Vec<RenderNote>) {
    for (key, option) in options {
        if let Some(v) = text_field(fields, key, notes) {
            push_option(words, option, v);
        }
    }
    for item in metadata_items(fields, notes).unwrap_or_default() {
        push_option(words, "--property", &item);
    }
}

fn osc_volume(fields: &Object) -> Candidate {
    let mut notes = vec![note(
        RenderCode::MicroversionChosenByClient,
        "openstacksdk sends its own microversion (volume 3.71) and picks the route; --os-volume-api-version only \
         gates its checks",
    )];
    unknown_fields(fields, VOLUME_FIELDS, &mut notes);
    let mut words = vec!["openstack".to_string(), "volume".to_string(), "create".to_string()];
    if !osc_remote_source(&mut words, fields, &mut notes) {
        return Candidate::none(notes);
    }
    let host = text_field(fields, "host", &mut notes);
    let cluster = text_field(fields, "cluster", &mut notes);
    match (host.filter(|h| !h.is_empty()), cluster.filter(|c| !c.is_empty())) {
        (Some(_), Some(_)) => {
            notes.push(note(
                RenderCode::HostAndCluster,
                "openstack refuses both --host and --cluster (and so does Cinder)",
            ));
            return Candidate::none(notes);
        }
        (None, None) => {
            notes.push(note(RenderCode::NoHostOrCluster, "openstack needs --host or --cluster (and so does Cinder)"));
            return Candidate::none(notes);
        }
        _ => {}
    }
    if let Some(h) = host {
        push_option(&mut words, "--host", h);
    }
    if let Some(c) = cluster {
        push_option(&mut words, "--cluster", c);
    }
    osc_common(
        &mut words,
        fields,
        &[("description", "--description"), ("volume_type", "--type"), ("availability_zone", "--availability-zone")],
        &mut notes,
    );
    // Without a flag openstack sends `"bootable": null`, which Cinder
    // rejects: absent means false.
    match (fields.get("bootable"), bootable_flag(fields, &mut notes)) {
        (_, Some(true)) => words.push("--bootable".to_string()),
        (None, _) | (_, Some(false)) => words.push("--non-bootable".to_string()),
        (Some(_), None) => {}
    }
    if let Some(name) = text_field(fields, "name", &mut notes) {
        push_positionals(&mut words, &[name], false);
    }
    Candidate { words: Some(words), notes }
}

fn osc_snapshot(fields: &Object) -> Candidate {
    let mut notes = vec![note(
        RenderCode::MicroversionChosenByClient,
        "openstacksdk sends its own microversion (volume 3.65) and picks the route",
    )];
    unknown_fields(fields, SNAPSHOT_FIELDS, &mut notes);
    let Some(volume_id) = text_field(fields, "volume_id", &mut notes) else {
        notes.push(note(RenderCode::FieldNotExpressible, "volume_id is required: it is the snapshot's volume"));
        return Candidate::none(notes);
    };
    let Some(name) = text_field(fields, "name", &mut notes) else {
        notes.push(note(
            RenderCode::NameRequired,
            "openstack volume snapshot create requires a snapshot name; this request has none",
        ));
        return Candidate::none(notes);
    };
    let mut words = vec!["openstack".to_string(), "volume".to_string(), "snapshot".to_string(), "create".to_string()];
    push_option(&mut words, "--volume", volume_id);
    if !osc_remote_source(&mut words, fields, &mut notes) {
        return Candidate::none(notes);
    }
    osc_common(&mut words, fields, &[("description", "--description")], &mut notes);
    push_positionals(&mut words, &[name], false);
    Candidate { words: Some(words), notes }
}

impl RenderedCommand {
    fn push_json(&self, out: &mut String) {
        out.push_str("{\"command\":");
        match &self.command {
            Some(c) => report_json::push_string(out, &PyStr::from(c.as_str())),
            None => out.push_str("null"),
        }
        out.push_str(",\"notes\":[");
        for (i, n) in self.notes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"code\":\"");
            out.push_str(n.code.as_str());
            out.push_str("\",\"message\":");
            report_json::push_string(out, &PyStr::from(n.message.as_str()));
            out.push('}');
        }
        out.push_str("]}");
    }
}

impl Rendered {
    /// `{"curl": {"command", "notes"}, "openstack": …, "cinder": …}` on one line.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"curl\":");
        self.curl.push_json(&mut out);
        out.push_str(",\"openstack\":");
        self.openstack.push_json(&mut out);
        out.push_str(",\"cinder\":");
        self.cinder.push_json(&mut out);
        out.push('}');
        out
    }
}
