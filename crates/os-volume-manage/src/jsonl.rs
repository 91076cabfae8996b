//! Bulk mode: one case per input line, one report line per case.
//!
//! Input line: `{"id": …, "microversion": "3.16"?, "kind": "volume"|"snapshot"?,
//! "endpoint": …?, "unicode_version": …?, "max_request_body_size": n|null?,
//! "body": <value>}`, with `"body_text": "<raw request text>"` or
//! `"body_b64": "<base64 of the raw bytes>"` instead of `body`. Output line:
//! `{"id", "accepted", "http_status", "server_error", "errors", "warnings",
//! "changes", "normalized"}`. A line that is not a usable case gives an output
//! line with `http_status: null` and an `invalid_line` error, never an abort.
//! The native CLI and the npm package both call [`check_line`], so their
//! output is the same byte for byte.
//!
//! A line with `"headers": {"Name": "value" | ["value", …], …}` is a whole
//! HTTP request ([`crate::check_request`]): the header fields exactly as
//! sent, in order (a list is a name sent several times; values are
//! ISO-8859-1 text, one character per byte), with no Content-Type assumed
//! and the version read from its `OpenStack-API-Version` field (so the line
//! has no `microversion`). `"Transfer-Encoding": "chunked"` sends the body
//! chunked, without Content-Length. `"server": "wsgi"|"eventlet"` picks the
//! server model. Its output line ends with a `response` member. The
//! request-level fixtures (`tests/fixtures/oracle/requests.jsonl`) are lines
//! of this form; their other members (`tags`, `expected`) are ignored.

use crate::cinder::pipeline::{check_shallow_value_owned, check_text};
use crate::cinder::version::{Endpoint, Kind, Options};
use crate::http::{Request, ServerModel};
use crate::limits::MAX_BODY_DEPTH;
use crate::python::json as python_json;
use crate::python::value::Value;
use crate::report::json as report_json;
use crate::report::{Code, Issue, Report};

/// Defaults for fields a line leaves out (from CLI flags).
#[derive(Clone, Debug)]
pub struct JsonlDefaults {
    /// `None`: inferred from the body (`snapshot` key → snapshot, else volume).
    pub kind: Option<Kind>,
    /// The version header (see [`crate::Microversion::resolve`]); `None`: none.
    pub microversion: Option<String>,
    /// The route, by its path segment (`"manageable_volumes"`).
    pub endpoint: Option<String>,
    /// The Unicode version of the server's Python (`"15.1"`).
    pub unicode_version: Option<String>,
    /// See [`Options::max_request_body_size`]; a line's own
    /// `max_request_body_size` wins.
    pub max_request_body_size: Option<i64>,
    /// For lines with `headers`; a line's own `server` wins.
    pub server: ServerModel,
}

impl Default for JsonlDefaults {
    fn default() -> JsonlDefaults {
        let options = Options::default();
        JsonlDefaults {
            kind: None,
            microversion: None,
            endpoint: None,
            unicode_version: None,
            max_request_body_size: options.max_request_body_size,
            server: options.server,
        }
    }
}

/// Appends `{"id":<id>,`, the start of every output line.
fn push_line_head(out: &mut String, id: &Value) {
    // Room for the usual id and the status members that follow it.
    out.reserve(96);
    out.push_str("{\"id\":");
    report_json::push_value(out, id);
    out.push(',');
}

/// Appends the output line of a line that is not a usable case; `out` holds
/// its head from `head_start` on.
fn push_invalid(out: &mut String, head_start: usize, code: Code, message: String) {
    let report = Report {
        accepted: false,
        http_status: 0,
        server_error: None,
        errors: vec![Issue { pointer: String::new(), code, message }],
        warnings: Vec::new(),
        changes: Vec::new(),
        normalized: None,
        response: None,
    };
    report_json::report_line_into(out, head_start, report, None);
}

/// Text from the line quoted in a message, cut when long.
fn shown(text: &str) -> String {
    const KEEP: usize = 64;
    match text.char_indices().nth(KEEP + 16) {
        None => format!("{text:?}"),
        Some(_) => {
            let head_end = text.char_indices().nth(KEEP).map_or(text.len(), |(i, _)| i);
            format!("{:?}… ({} characters)", text.get(..head_end).unwrap_or_default(), text.chars().count())
        }
    }
}

/// The kind a body is most likely meant as, when nobody said.
pub fn infer_kind(body: &Value) -> Kind {
    match body.as_object() {
        Some(o) if o.contains_key("snapshot") && !o.contains_key("volume") => Kind::Snapshot,
        _ => Kind::Volume,
    }
}

/// A case field that must be a string when present (`null`: absent).
fn opt_text<'a>(value: Option<&'a Value>, field: &str) -> Result<Option<&'a str>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => s.as_str().map(Some).ok_or_else(|| format!("\"{field}\" contains a lone surrogate")),
        Some(_) => Err(format!("\"{field}\" must be a string")),
    }
}

/// The case's optional text fields, found in one pass over its members.
#[derive(Default)]
struct CaseFields<'a> {
    microversion: Option<&'a Value>,
    has_microversion: bool,
    kind: Option<&'a Value>,
    endpoint: Option<&'a Value>,
    unicode_version: Option<&'a Value>,
    body_text: Option<&'a Value>,
    body_b64: Option<&'a Value>,
    headers: Option<&'a Value>,
    max_request_body_size: Option<&'a Value>,
    server: Option<&'a Value>,
}

impl<'a> CaseFields<'a> {
    fn of(case: &'a crate::python::value::Object) -> CaseFields<'a> {
        let mut fields = CaseFields::default();
        for (key, value) in case.iter() {
            let slot = match key.as_wtf8() {
                b"microversion" => {
                    fields.has_microversion = true;
                    &mut fields.microversion
                }
                b"kind" => &mut fields.kind,
                b"endpoint" => &mut fields.endpoint,
                b"unicode_version" => &mut fields.unicode_version,
                b"body_text" => &mut fields.body_text,
                b"body_b64" => &mut fields.body_b64,
                b"headers" => &mut fields.headers,
                b"max_request_body_size" => &mut fields.max_request_body_size,
                b"server" => &mut fields.server,
                _ => continue,
            };
            *slot = Some(value);
        }
        fields
    }
}

/// One output line and whether its case was accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonlLine {
    /// The JSON output line, without a newline.
    pub text: String,
    /// The case's verdict (false for an unusable line).
    pub accepted: bool,
}

/// Judges one input line. `None` for a blank line (skipped, no output).
pub fn check_line(line: &str, defaults: &JsonlDefaults) -> Option<JsonlLine> {
    let mut text = String::new();
    let accepted = check_line_into(line, defaults, &mut text)?;
    Some(JsonlLine { text, accepted })
}

/// [`check_line`] for bulk callers: appends the output line (without a
/// newline) to `out` and returns the case's verdict; `None` (and nothing
/// appended) for a blank line. One buffer can collect a whole batch of lines.
pub fn check_line_into(line: &str, defaults: &JsonlDefaults, out: &mut String) -> Option<bool> {
    if line.trim().is_empty() {
        return None;
    }
    let head_start = out.len();
    let null = Value::Null;
    // One extra level: a body at Cinder's depth limit sits one level down.
    let mut parsed = match python_json::parse_str_with_max_depth(line, MAX_BODY_DEPTH + 1) {
        Ok(v) => v,
        Err(e) => {
            push_line_head(out, &null);
            push_invalid(out, head_start, Code::InvalidLine, format!("the line is not JSON: {e}"));
            return Some(false);
        }
    };
    let Value::Object(case) = &mut parsed else {
        push_line_head(out, &null);
        push_invalid(out, head_start, Code::InvalidLine, "the line must be a JSON object".into());
        return Some(false);
    };
    push_line_head(out, case.get("id").unwrap_or(&null));
    // The body moves out of the case: its members become the normalized
    // request without a copy.
    let body = case.take_value("body");
    let outcome = judge_case(case, body, defaults);
    // The case (its body can be tens of megabytes) is not needed to write
    // the output line.
    drop(parsed);
    Some(match outcome {
        Ok(report) => {
            let (accepted, status) = (report.accepted, report.http_status);
            report_json::report_line_into(out, head_start, report, Some(status));
            accepted
        }
        Err((code, message)) => {
            push_invalid(out, head_start, code, message);
            false
        }
    })
}

/// The report on one parsed case, or why the case is not usable.
fn judge_case(
    case: &crate::python::value::Object,
    body: Option<Value>,
    defaults: &JsonlDefaults,
) -> Result<Report, (Code, String)> {
    let found = CaseFields::of(case);
    // Checked in this order, so the first complaint is always the same one.
    let fields = (|| -> Result<_, String> {
        Ok((
            opt_text(found.microversion, "microversion")?,
            opt_text(found.kind, "kind")?,
            opt_text(found.endpoint, "endpoint")?,
            opt_text(found.unicode_version, "unicode_version")?,
            opt_text(found.body_text, "body_text")?,
        ))
    })();
    let (microversion, kind, endpoint, unicode_version, body_text) = fields.map_err(|m| (Code::InvalidLine, m))?;
    let invalid = |m: String| (Code::InvalidLine, m);
    let body_b64 = opt_text(found.body_b64, "body_b64").map_err(invalid)?;
    let raw = match body_b64 {
        Some(text) => Some(base64_decode(text).map_err(invalid)?),
        None => None,
    };
    let bodies = usize::from(body.is_some()) + usize::from(body_text.is_some()) + usize::from(raw.is_some());
    if bodies != 1 {
        return Err(invalid("give exactly one of \"body\", \"body_text\" and \"body_b64\"".into()));
    }
    let max_request_body_size = match found.max_request_body_size {
        None => defaults.max_request_body_size,
        Some(Value::Null) => None,
        Some(Value::Int(crate::python::value::Int::Small(n))) => Some(*n),
        Some(_) => {
            return Err(invalid(
                "\"max_request_body_size\" must be an integer (bytes, from -2^63 to 2^63-1) or null for no limit"
                    .into(),
            ))
        }
    };
    let server = match opt_text(found.server, "server").map_err(invalid)? {
        None => defaults.server,
        Some(text) => ServerModel::parse(text).ok_or_else(|| {
            (Code::InvalidOptions, format!("unknown server {}: expected wsgi or eventlet", shown(text)))
        })?,
    };
    let endpoint = endpoint.or(defaults.endpoint.as_deref());
    let kind = match kind {
        Some(k) => Kind::parse(k)
            .ok_or_else(|| (Code::InvalidOptions, format!("unknown kind {}: expected volume or snapshot", shown(k))))?,
        None => match (endpoint.and_then(Endpoint::parse), defaults.kind) {
            (Some(e), _) => e.kind(),
            (None, Some(k)) => k,
            (None, None) => match &body {
                Some(b) => infer_kind(b),
                None => {
                    let bytes = raw.as_deref().unwrap_or(body_text.unwrap_or_default().as_bytes());
                    python_json::parse_with_max_depth(bytes, MAX_BODY_DEPTH)
                        .map(|b| infer_kind(&b))
                        .unwrap_or(Kind::Volume)
                }
            },
        },
    };
    let unicode_version = unicode_version.or(defaults.unicode_version.as_deref());
    if let Some(headers) = found.headers {
        if found.has_microversion {
            return Err(invalid(
                "a line with \"headers\" is a whole request: give its version as an OpenStack-API-Version header, \
                 not as \"microversion\""
                    .into(),
            ));
        }
        let mut options = Options::from_text(kind, None, endpoint, unicode_version)
            .map_err(|e| (Code::InvalidOptions, e.to_string()))?;
        options.max_request_body_size = max_request_body_size;
        options.server = server;
        let bytes = match (body, body_text, raw) {
            (Some(b), _, _) => b.to_json().into_bytes(),
            (None, Some(text), _) => text.as_bytes().to_vec(),
            (None, None, Some(raw)) => raw,
            (None, None, None) => return Err(invalid("no body".into())),
        };
        let request = request_of(headers, bytes).map_err(invalid)?;
        let endpoint = options.endpoint.unwrap_or(Endpoint::default_for(kind));
        return Ok(crate::cinder::http::check_request(endpoint, &request, &options));
    }
    let microversion = if found.has_microversion { microversion } else { defaults.microversion.as_deref() };
    let mut options = Options::from_text(kind, microversion, endpoint, unicode_version)
        .map_err(|e| (Code::InvalidOptions, e.to_string()))?;
    options.max_request_body_size = max_request_body_size;
    match (body, body_text, raw) {
        // The line was parsed with one level more than Cinder's limit, so a
        // member of it is within the limit: no depth walk needed.
        (Some(b), _, _) => Ok(check_shallow_value_owned(kind, b, &options)),
        (None, Some(text), _) => Ok(check_text(kind, text.as_bytes(), &options)),
        (None, None, Some(raw)) => Ok(check_text(kind, &raw, &options)),
        (None, None, None) => Err(invalid("no body".into())),
    }
}

/// The request a line's `headers` and body bytes make.
fn request_of(headers: &Value, body: Vec<u8>) -> Result<Request, String> {
    let Value::Object(fields) = headers else {
        return Err("\"headers\" must be an object of header names and values (a list for a repeated name)".into());
    };
    let mut builder = Request::builder();
    for (name, value) in fields.iter() {
        let Some(name) = name.as_str() else {
            return Err("a header name in \"headers\" contains a lone surrogate".into());
        };
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for v in values {
            let Value::Str(text) = v else {
                return Err(format!("header {} must have a string value (or a list of strings)", shown(name)));
            };
            let bytes: Option<Vec<u8>> = text.code_points().map(|cp| u8::try_from(cp).ok()).collect();
            let Some(bytes) = bytes else {
                return Err(format!(
                    "the value of header {} holds a character above U+00FF: header values are bytes, written here as \
                     ISO-8859-1 text (percent-encode or drop the character)",
                    shown(name)
                ));
            };
            builder = builder.header(name, bytes);
        }
    }
    builder.body(body).build().map_err(|e| format!("{} [{}]", e.message(), e.code()))
}

/// Standard base64 (RFC 4648, `+` and `/`, padding optional), as Python's
/// `base64.b64encode` writes it.
fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let bad = || format!("\"body_b64\" is not standard base64 ({})", shown(text));
    let digits = text.trim_end_matches('=');
    if text.len() - digits.len() > 2 || digits.len() % 4 == 1 {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for b in digits.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(bad()),
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
