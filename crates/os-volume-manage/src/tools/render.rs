//! Render a manage request body as the commands people actually run: curl,
//! `openstack …` and `cinder …`, each with what that form cannot express.
//!
//! Every argument is shell-quoted (POSIX single quotes, `'` written `'\''`)
//! unless it consists only of characters that are safe unquoted. Placeholders
//! (`$OS_TOKEN`, `$CINDER_ENDPOINT`, `$PROJECT_ID`) stay in double quotes so
//! the shell expands them.
//!
//! A form that cannot carry the request faithfully gets `command: None` and a
//! note saying why, rather than a command that would send something else.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// `{"volume": …}`.
    #[default]
    Volume,
    /// `{"snapshot": …}`.
    Snapshot,
}

/// Rendering options.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenderOptions {
    /// Volume or snapshot.
    pub kind: RequestKind,
    /// `X.Y`: sent as `OpenStack-API-Version: volume X.Y` / `--os-volume-api-version`.
    /// `"2.0"` is the removed v2 API: curl POSTs to `/v2/` without a header,
    /// and the CLI forms are not rendered (the clients dropped v2).
    pub microversion: Option<String>,
    /// Block-storage endpoint; a trailing `/`, `/v3` or `/v2` is removed, and
    /// empty or absent means `$CINDER_ENDPOINT`.
    pub endpoint: Option<String>,
    /// Project id (empty or absent: `$PROJECT_ID`).
    pub project_id: Option<String>,
    /// The collection curl POSTs to (`os-volume-manage`, `manageable_volumes`,
    /// `os-snapshot-manage`, `manageable_snapshots`); default: the `os-*-manage`
    /// route of the kind. The CLI forms always use the client's own route.
    pub route: Option<String>,
    /// The exact body text curl sends; default: the body serialized compactly.
    pub body_text: Option<String>,
}

/// Stable codes for rendering notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenderCode {
    /// The body is not `{"volume": {…}}` / `{"snapshot": {…}}`.
    BodyShape,
    /// A string (or null) ref: CLIs always build an object.
    StringRefNotExpressible,
    /// A ref value that is not a string or number (CLIs send strings).
    RefValueNotExpressible,
    /// A number in the ref is sent as a string by the CLI.
    RefValueStringified,
    /// A ref key containing `=` cannot go through `key=value`.
    KeyContainsEquals,
    /// cinderclient takes one `--id-type IDENTIFIER` pair only.
    MultipleRefKeys,
    /// cinderclient always sends the positional host: a cluster request cannot be expressed.
    ClusterNotExpressible,
    /// Neither host nor cluster.
    NoHostOrCluster,
    /// Both host and cluster.
    HostAndCluster,
    /// A microversion was added because the body needs it.
    MicroversionAdded,
    /// The SDK behind `openstack` picks its own microversion.
    MicroversionChosenByClient,
    /// A metadata value that is not a string.
    MetadataValueNotString,
    /// A value the CLI cannot send exactly as in the body (null vs "", bootable strings).
    ValueApproximated,
    /// A field the form has no option for.
    FieldNotExpressible,
    /// `openstack volume snapshot create` requires a name.
    NameRequired,
    /// Microversion `2.0`: the v2 API was removed from Cinder and the clients.
    V2Removed,
}

/// One note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderNote {
    /// Stable code.
    pub code: RenderCode,
    /// Human explanation.
    pub message: String,
}

/// One rendered form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedCommand {
    /// The shell command; `None` when the form cannot express the request.
    pub command: Option<String>,
    /// What the form loses or changes.
    pub notes: Vec<RenderNote>,
}

/// All forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    /// `curl …`.
    pub curl: RenderedCommand,
    /// `openstack volume create --remote-source …` / `openstack volume snapshot create --remote-source …`.
    pub openstack: RenderedCommand,
    /// `cinder manage …` / `cinder snapshot-manage …`.
    pub cinder: RenderedCommand,
}

/// The body could not be rendered at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderError {
    /// Stable code.
    pub code: RenderCode,
    /// Human explanation.
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
    let root = root_key(options.kind);
    if !matches!(body.get(root), Some(Value::Object(_))) {
        return Err(RenderError {
            code: RenderCode::BodyShape,
            message: format!("expected a body of the form {{\"{root}\": {{…}}}}"),
        });
    }
    Ok(render_lenient(Some(body), options))
}

fn root_key(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Volume => "volume",
        RequestKind::Snapshot => "snapshot",
    }
}

const V2_NOTE: &str = "the v2 API was removed from Cinder and from the clients: use a 3.x microversion";

/// Render whatever there is: curl always (it sends `options.body_text`, or
/// the body, byte for byte), the CLI forms only for a body of the right shape
/// (`None`: not JSON). A body of another shape gets `command: None` and a
/// `body_shape` note in the CLI forms instead of an error, so a page can show
/// the curl form of any text.
pub fn render_lenient(body: Option<&Value>, options: &RenderOptions) -> Rendered {
    let root = root_key(options.kind);
    let curl = render_curl(body, options);
    let Some(Value::Object(fields)) = body.and_then(|b| b.get(root)) else {
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
    let (openstack, cinder) = match options.kind {
        RequestKind::Volume => (render_osc_volume(fields, options), render_cinder_volume(fields, options)),
        RequestKind::Snapshot => (render_osc_snapshot(fields), render_cinder_snapshot(fields, options)),
    };
    Rendered { curl, openstack, cinder }
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn render_curl(body: Option<&Value>, options: &RenderOptions) -> RenderedCommand {
    let v2 = options.microversion.as_deref() == Some("2.0");
    let collection = match (non_empty(&options.route), options.kind) {
        (Some(route), _) => route,
        (None, RequestKind::Volume) => "os-volume-manage",
        (None, RequestKind::Snapshot) => "os-snapshot-manage",
    };
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
        (None, Some(body)) => body.to_string(),
        (None, None) => String::new(),
    };
    lines.push(format!("--data-binary {}", shell_quote(&text)));
    RenderedCommand { command: Some(lines.join(" \\\n  ")), notes }
}

/// `--remote-source key=value` pairs, shared by both `openstack` forms.
fn remote_source(reference: Option<&Value>, notes: &mut Vec<RenderNote>) -> Option<Vec<(String, String)>> {
    let map = match reference {
        Some(Value::Object(map)) => map,
        _ => {
            notes.push(note(
                RenderCode::StringRefNotExpressible,
                "the ref is not an object: --remote-source builds an object of key=value pairs",
            ));
            return None;
        }
    };
    let mut pairs = Vec::new();
    for (key, value) in map {
        if key.contains('=') {
            notes.push(note(
                RenderCode::KeyContainsEquals,
                format!("ref key {key:?} contains '=': key=value splits on it"),
            ));
            return None;
        }
        match value {
            Value::String(s) => pairs.push((key.clone(), s.clone())),
            Value::Number(n) => {
                notes.push(note(
                    RenderCode::RefValueStringified,
                    format!("ref {key} {n} is sent as the string \"{n}\""),
                ));
                pairs.push((key.clone(), n.to_string()));
            }
            other => {
                notes.push(note(
                    RenderCode::RefValueNotExpressible,
                    format!("ref {key} is {other}; a CLI can only send strings"),
                ));
                return None;
            }
        }
    }
    Some(pairs)
}

fn string_field<'a>(fields: &'a Map<String, Value>, key: &str, notes: &mut Vec<RenderNote>) -> Option<&'a str> {
    match fields.get(key) {
        Some(Value::String(s)) => Some(s),
        None | Some(Value::Null) => None,
        Some(other) => {
            notes.push(note(RenderCode::FieldNotExpressible, format!("{key} is {other}, not a string; left out")));
            None
        }
    }
}

fn metadata_pairs(fields: &Map<String, Value>, notes: &mut Vec<RenderNote>) -> Vec<String> {
    let Some(Value::Object(map)) = fields.get("metadata") else { return Vec::new() };
    let mut out = Vec::new();
    for (key, value) in map {
        match value {
            Value::String(s) => out.push(format!("{key}={s}")),
            other => notes.push(note(
                RenderCode::MetadataValueNotString,
                format!("metadata {key:?} is {other}: a CLI sends strings only (Cinder rejects non-strings anyway); left out"),
            )),
        }
        if key.contains('=') {
            notes.push(note(
                RenderCode::KeyContainsEquals,
                format!("metadata key {key:?} contains '=': key=value splits on the first '='"),
            ));
        }
    }
    out
}

/// Bootable as the server will read it (`bool_from_string`), or `None`.
fn bootable_value(fields: &Map<String, Value>, notes: &mut Vec<RenderNote>) -> Option<bool> {
    match fields.get("bootable") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => {
            let lower = s.to_ascii_lowercase();
            let parsed = match lower.as_str() {
                "1" | "t" | "true" | "on" | "y" | "yes" => Some(true),
                "0" | "f" | "false" | "off" | "n" | "no" => Some(false),
                _ => None,
            };
            if parsed.is_some() {
                notes.push(note(RenderCode::ValueApproximated, format!("bootable {s:?} is sent as a JSON boolean")));
            } else {
                notes.push(note(
                    RenderCode::FieldNotExpressible,
                    format!("bootable {s:?} is not a value Cinder accepts; left out"),
                ));
            }
            parsed
        }
        Some(other) => {
            notes.push(note(
                RenderCode::FieldNotExpressible,
                format!("bootable {other} is not a value Cinder accepts; left out"),
            ));
            None
        }
    }
}

fn unknown_fields(fields: &Map<String, Value>, known: &[&str], notes: &mut Vec<RenderNote>) {
    for key in fields.keys().filter(|k| !known.contains(&k.as_str())) {
        notes.push(note(RenderCode::FieldNotExpressible, format!("{key:?} has no option in this form; left out")));
    }
}

fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

const VOLUME_FIELDS: &[&str] =
    &["description", "availability_zone", "bootable", "volume_type", "name", "host", "ref", "metadata", "cluster"];

fn render_osc_volume(fields: &Map<String, Value>, options: &RenderOptions) -> RenderedCommand {
    let mut notes = Vec::new();
    unknown_fields(fields, VOLUME_FIELDS, &mut notes);
    let Some(pairs) = remote_source(fields.get("ref"), &mut notes) else {
        return RenderedCommand { command: None, notes };
    };
    let host = string_field(fields, "host", &mut notes).filter(|h| !h.is_empty());
    let cluster = string_field(fields, "cluster", &mut notes).filter(|c| !c.is_empty());
    let mut args: Vec<String> = vec!["openstack".to_string()];
    let mut version = options.microversion.clone();
    if cluster.is_some() && version.as_deref().and_then(parse_version).is_none_or(|v| v < (3, 16)) {
        notes.push(note(RenderCode::MicroversionAdded, "--cluster needs --os-volume-api-version 3.16 or later"));
        version = Some("3.16".to_string());
    }
    notes.push(note(
        RenderCode::MicroversionChosenByClient,
        "openstacksdk sends its own maximum microversion for manage; --os-volume-api-version only gates OSC's checks",
    ));
    if let Some(v) = &version {
        args.push("--os-volume-api-version".to_string());
        args.push(shell_quote(v));
    }
    args.extend(["volume".to_string(), "create".to_string()]);
    for (key, value) in &pairs {
        args.push("--remote-source".to_string());
        args.push(shell_quote(&format!("{key}={value}")));
    }
    match (host, cluster) {
        (Some(h), None) => args.extend(["--host".to_string(), shell_quote(h)]),
        (None, Some(c)) => args.extend(["--cluster".to_string(), shell_quote(c)]),
        (Some(_), Some(_)) => {
            notes.push(note(RenderCode::HostAndCluster, "OSC refuses both --host and --cluster (and so does Cinder)"));
            return RenderedCommand { command: None, notes };
        }
        (None, None) => {
            notes.push(note(RenderCode::NoHostOrCluster, "OSC needs --host or --cluster (and so does Cinder)"));
            return RenderedCommand { command: None, notes };
        }
    }
    for (key, option) in
        [("volume_type", "--type"), ("availability_zone", "--availability-zone"), ("description", "--description")]
    {
        if let Some(v) = string_field(fields, key, &mut notes) {
            args.extend([option.to_string(), shell_quote(v)]);
        }
    }
    for pair in metadata_pairs(fields, &mut notes) {
        args.extend(["--property".to_string(), shell_quote(&pair)]);
    }
    // OSC leaves bootable None without a flag, and the SDK then sends null,
    // which Cinder's schema rejects: always pass one of the two flags.
    let bootable = bootable_value(fields, &mut notes).unwrap_or(false);
    args.push(if bootable { "--bootable" } else { "--non-bootable" }.to_string());
    if let Some(name) = string_field(fields, "name", &mut notes).filter(|n| !n.is_empty()) {
        if name.starts_with('-') {
            args.push("--".to_string());
        }
        args.push(shell_quote(name));
    }
    RenderedCommand { command: Some(args.join(" ")), notes }
}

/// The single `(id_type, identifier)` pair cinderclient can send.
fn cinder_ref_pair(reference: Option<&Value>, notes: &mut Vec<RenderNote>) -> Option<(String, String)> {
    let pairs = remote_source(reference, notes)?;
    match pairs.as_slice() {
        [(key, value)] => Some((key.clone(), value.clone())),
        [] => {
            notes.push(note(
                RenderCode::MultipleRefKeys,
                "an empty ref: cinderclient always sends {id_type: identifier}",
            ));
            None
        }
        _ => {
            notes.push(note(
                RenderCode::MultipleRefKeys,
                "cinderclient sends exactly one {id_type: identifier} pair; this ref has several keys",
            ));
            None
        }
    }
}

fn render_cinder_volume(fields: &Map<String, Value>, options: &RenderOptions) -> RenderedCommand {
    let mut notes = Vec::new();
    unknown_fields(fields, VOLUME_FIELDS, &mut notes);
    let Some((id_type, identifier)) = cinder_ref_pair(fields.get("ref"), &mut notes) else {
        return RenderedCommand { command: None, notes };
    };
    if string_field(fields, "cluster", &mut notes).is_some_and(|c| !c.is_empty()) {
        notes.push(note(
            RenderCode::ClusterNotExpressible,
            "cinder manage always sends its positional host, so --cluster sends host and cluster together and \
             Cinder answers 400 \"One and only one of cluster and host must be set.\"",
        ));
        return RenderedCommand { command: None, notes };
    }
    let Some(host) = string_field(fields, "host", &mut notes).filter(|h| !h.is_empty()) else {
        notes.push(note(RenderCode::NoHostOrCluster, "cinder manage needs a host"));
        return RenderedCommand { command: None, notes };
    };
    let mut args = vec!["cinder".to_string()];
    if let Some(v) = &options.microversion {
        args.extend(["--os-volume-api-version".to_string(), shell_quote(v)]);
    }
    args.push("manage".to_string());
    if id_type != "source-name" {
        args.extend(["--id-type".to_string(), shell_quote(&id_type)]);
    }
    for (key, option) in [
        ("name", "--name"),
        ("description", "--description"),
        ("volume_type", "--volume-type"),
        ("availability_zone", "--availability-zone"),
    ] {
        if let Some(v) = string_field(fields, key, &mut notes) {
            args.extend([option.to_string(), shell_quote(v)]);
        }
    }
    if bootable_value(fields, &mut notes) == Some(true) {
        args.push("--bootable".to_string());
    }
    push_metadata_and_positionals(&mut args, metadata_pairs(fields, &mut notes), &[host, &identifier]);
    RenderedCommand { command: Some(args.join(" ")), notes }
}

/// `--metadata` takes any number of values (argparse `nargs='*'`), so it
/// must come last, followed by `--` before the positionals; `--` is also
/// needed when a positional starts with `-`.
fn push_metadata_and_positionals(args: &mut Vec<String>, metadata: Vec<String>, positionals: &[&str]) {
    let needs_separator = !metadata.is_empty() || positionals.iter().any(|p| p.starts_with('-'));
    if !metadata.is_empty() {
        args.push("--metadata".to_string());
        args.extend(metadata.iter().map(|m| shell_quote(m)));
    }
    if needs_separator {
        args.push("--".to_string());
    }
    args.extend(positionals.iter().map(|p| shell_quote(p)));
}

const SNAPSHOT_FIELDS: &[&str] = &["description", "metadata", "name", "volume_id", "ref"];

fn render_osc_snapshot(fields: &Map<String, Value>) -> RenderedCommand {
    let mut notes = Vec::new();
    unknown_fields(fields, SNAPSHOT_FIELDS, &mut notes);
    let Some(pairs) = remote_source(fields.get("ref"), &mut notes) else {
        return RenderedCommand { command: None, notes };
    };
    let Some(volume_id) = string_field(fields, "volume_id", &mut notes) else {
        notes.push(note(RenderCode::FieldNotExpressible, "volume_id is required"));
        return RenderedCommand { command: None, notes };
    };
    let Some(name) = string_field(fields, "name", &mut notes).filter(|n| !n.is_empty()) else {
        notes.push(note(
            RenderCode::NameRequired,
            "openstack volume snapshot create requires a snapshot name; this request has none",
        ));
        return RenderedCommand { command: None, notes };
    };
    let mut args = vec!["openstack".to_string(), "volume".to_string(), "snapshot".to_string(), "create".to_string()];
    args.extend(["--volume".to_string(), shell_quote(volume_id)]);
    for (key, value) in &pairs {
        args.extend(["--remote-source".to_string(), shell_quote(&format!("{key}={value}"))]);
    }
    if let Some(d) = string_field(fields, "description", &mut notes) {
        args.extend(["--description".to_string(), shell_quote(d)]);
    }
    for pair in metadata_pairs(fields, &mut notes) {
        args.extend(["--property".to_string(), shell_quote(&pair)]);
    }
    if name.starts_with('-') {
        args.push("--".to_string());
    }
    args.push(shell_quote(name));
    RenderedCommand { command: Some(args.join(" ")), notes }
}

fn render_cinder_snapshot(fields: &Map<String, Value>, options: &RenderOptions) -> RenderedCommand {
    let mut notes = Vec::new();
    unknown_fields(fields, SNAPSHOT_FIELDS, &mut notes);
    let Some((id_type, identifier)) = cinder_ref_pair(fields.get("ref"), &mut notes) else {
        return RenderedCommand { command: None, notes };
    };
    let Some(volume_id) = string_field(fields, "volume_id", &mut notes) else {
        notes.push(note(RenderCode::FieldNotExpressible, "volume_id is required"));
        return RenderedCommand { command: None, notes };
    };
    let mut args = vec!["cinder".to_string()];
    if let Some(v) = &options.microversion {
        args.extend(["--os-volume-api-version".to_string(), shell_quote(v)]);
    }
    args.push("snapshot-manage".to_string());
    if id_type != "source-name" {
        args.extend(["--id-type".to_string(), shell_quote(&id_type)]);
    }
    for (key, option) in [("name", "--name"), ("description", "--description")] {
        if let Some(v) = string_field(fields, key, &mut notes) {
            args.extend([option.to_string(), shell_quote(v)]);
        }
    }
    push_metadata_and_positionals(&mut args, metadata_pairs(fields, &mut notes), &[volume_id, &identifier]);
    RenderedCommand { command: Some(args.join(" ")), notes }
}
