//! Bulk mode: one case per input line, one report line per case.
//!
//! Input line: `{"id": …, "microversion": "3.16"?, "kind": "volume"|"snapshot"?,
//! "endpoint": …?, "unicode_version": …?, "body": <value>}` or with
//! `"body_text": "<raw request text>"` instead of `body`. Output line:
//! `{"id", "accepted", "http_status", "server_error", "errors", "warnings",
//! "changes", "normalized"}`. A line that is not a usable case gives an output
//! line with `http_status: null` and an `invalid_line` error, never an abort.
//! The native CLI and the npm package both call [`check_line`], so their
//! output is the same byte for byte.

use crate::check::{check_text, check_value};
use crate::pyjson;
use crate::json_out;
use crate::report::{Code, Issue, Report};
use crate::value::Value;
use crate::version::{Endpoint, Kind, Options};

/// Defaults for fields a line leaves out (from CLI flags).
#[derive(Clone, Debug, Default)]
pub struct JsonlDefaults {
    /// `None`: inferred from the body (`snapshot` key → snapshot, else volume).
    pub kind: Option<Kind>,
    pub microversion: Option<String>,
    pub endpoint: Option<String>,
    pub unicode_version: Option<String>,
}

/// `{"id": <id>, …the report's members…}`; `http_status` null when the line
/// was not a usable case.
fn render(id: &Value, report: &Report, http_status: Option<u16>) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"id\":");
    json_out::push_value(&mut out, id);
    out.push(',');
    json_out::push_report_members(&mut out, report, http_status);
    out
}

fn invalid(id: &Value, code: Code, message: String) -> String {
    let report = Report {
        accepted: false,
        http_status: 0,
        server_error: None,
        errors: vec![Issue { pointer: String::new(), code, message }],
        warnings: Vec::new(),
        changes: Vec::new(),
        normalized: None,
    };
    render(id, &report, None)
}

/// The kind a body is most likely meant as, when nobody said.
pub fn infer_kind(body: &Value) -> Kind {
    match body.as_object() {
        Some(o) if o.contains_key("snapshot") && !o.contains_key("volume") => Kind::Snapshot,
        _ => Kind::Volume,
    }
}

fn opt_text<'a>(case: &'a crate::value::Object, field: &str) -> Result<Option<&'a str>, String> {
    match case.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) => s.as_str().map(Some).ok_or_else(|| format!("\"{field}\" contains a lone surrogate")),
        Some(_) => Err(format!("\"{field}\" must be a string")),
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
    let (text, accepted) = judge_line(line, defaults)?;
    Some(JsonlLine { text, accepted })
}

fn judge_line(line: &str, defaults: &JsonlDefaults) -> Option<(String, bool)> {
    if line.trim().is_empty() {
        return None;
    }
    let null = Value::Null;
    // One extra level: a body at Cinder's depth limit sits one level down.
    let parsed = match pyjson::parse_with_max_depth(line.as_bytes(), pyjson::MAX_DEPTH + 1) {
        Ok(v) => v,
        Err(e) => return Some((invalid(&null, Code::InvalidLine, format!("the line is not JSON: {e}")), false)),
    };
    let Some(case) = parsed.as_object() else {
        return Some((invalid(&null, Code::InvalidLine, "the line must be a JSON object".into()), false));
    };
    let id = case.get("id").unwrap_or(&null);
    let fields = (|| -> Result<_, String> {
        Ok((
            opt_text(case, "microversion")?,
            opt_text(case, "kind")?,
            opt_text(case, "endpoint")?,
            opt_text(case, "unicode_version")?,
            opt_text(case, "body_text")?,
        ))
    })();
    let (microversion, kind, endpoint, unicode_version, body_text) = match fields {
        Ok(f) => f,
        Err(message) => return Some((invalid(id, Code::InvalidLine, message), false)),
    };
    let body = case.get("body");
    if body.is_some() == body_text.is_some() {
        return Some((invalid(id, Code::InvalidLine, "give exactly one of \"body\" and \"body_text\"".into()), false));
    }
    let endpoint = endpoint.or(defaults.endpoint.as_deref());
    let kind = match kind {
        Some(k) => match Kind::parse(k) {
            Some(k) => k,
            None => {
                let message = format!("unknown kind {k:?}: expected volume or snapshot");
                return Some((invalid(id, Code::InvalidOptions, message), false));
            }
        },
        None => match (endpoint.and_then(Endpoint::parse), defaults.kind) {
            (Some(e), _) => e.kind(),
            (None, Some(k)) => k,
            (None, None) => match body {
                Some(b) => infer_kind(b),
                None => pyjson::parse(body_text.unwrap_or_default().as_bytes())
                    .map(|b| infer_kind(&b))
                    .unwrap_or(Kind::Volume),
            },
        },
    };
    let microversion = if case.contains_key("microversion") { microversion } else { defaults.microversion.as_deref() };
    let unicode_version = unicode_version.or(defaults.unicode_version.as_deref());
    let options = match Options::from_text(kind, microversion, endpoint, unicode_version) {
        Ok(o) => o,
        Err(e) => return Some((invalid(id, Code::InvalidOptions, e.0), false)),
    };
    let report = match (body, body_text) {
        (Some(b), _) => check_value(kind, b, &options),
        (None, Some(text)) => check_text(kind, text.as_bytes(), &options),
        (None, None) => return Some((invalid(id, Code::InvalidLine, "no body".into()), false)),
    };
    Some((render(id, &report, Some(report.http_status)), report.accepted))
}
