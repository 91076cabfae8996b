//! The JSON text of reports, written directly.
//!
//! One writer for every surface (CLI, JSONL, wasm) keeps their output
//! byte-identical, and it carries what serde cannot: lone surrogates as
//! `\udXXX` escapes (JavaScript's `JSON.parse` restores them exactly) and
//! integers of any size as their digits. Only NaN and the infinities have no
//! JSON spelling; they are written as `null` and reported as `lossy_output`.
//! It also keeps serde_json out of the WebAssembly module.

use std::fmt::Write as _;

use crate::pyfmt::repr_float;
use crate::report::{Change, Issue, Normalized, Report};
use crate::value::{Int, PyStr, Value};

/// Appends a JSON string literal for WTF-8 text.
pub fn push_string(out: &mut String, s: &PyStr) {
    match s.as_str() {
        Some(text) => push_str(out, text),
        None => {
            out.push('"');
            for cp in s.code_points() {
                match char::from_u32(cp) {
                    Some(c) => push_char(out, c),
                    // A lone surrogate: only an escape can carry it.
                    None => {
                        let _ = write!(out, "\\u{cp:04x}");
                    }
                }
            }
            out.push('"');
        }
    }
}

/// Appends a JSON string literal.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    // Copy runs of characters that need no escape in one go.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            out.push_str(s.get(start..i).unwrap_or_default());
            push_char(out, char::from(b));
            start = i + 1;
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

fn push_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0c}' => out.push_str("\\f"),
        c if u32::from(c) < 0x20 => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// Appends a value as JSON. Python's float repr is valid JSON for every
/// finite float and round-trips exactly.
pub fn push_value(out: &mut String, v: &Value) {
    // Explicit stack: values can nest up to the parser's limit.
    enum Step<'a> {
        Value(&'a Value),
        Text(&'static str),
        Key(&'a PyStr),
    }
    let mut stack = vec![Step::Value(v)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Text(t) => out.push_str(t),
            Step::Key(k) => {
                push_string(out, k);
                out.push(':');
            }
            Step::Value(v) => match v {
                Value::Null => out.push_str("null"),
                Value::Bool(true) => out.push_str("true"),
                Value::Bool(false) => out.push_str("false"),
                Value::Int(Int::Small(n)) => {
                    let _ = write!(out, "{n}");
                }
                Value::Int(Int::Big(digits)) => out.push_str(digits),
                Value::Float(f) if f.is_finite() => out.push_str(&repr_float(*f)),
                Value::Float(_) => out.push_str("null"),
                Value::Str(s) => push_string(out, s),
                Value::Array(items) => {
                    out.push('[');
                    stack.push(Step::Text("]"));
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push(Step::Value(item));
                        if i > 0 {
                            stack.push(Step::Text(","));
                        }
                    }
                }
                Value::Object(o) => {
                    out.push('{');
                    stack.push(Step::Text("}"));
                    let entries: Vec<_> = o.iter().collect();
                    for (i, (k, item)) in entries.into_iter().enumerate().rev() {
                        stack.push(Step::Value(item));
                        stack.push(Step::Key(k));
                        if i > 0 {
                            stack.push(Step::Text(","));
                        }
                    }
                }
            },
        }
    }
}

fn push_opt_str(out: &mut String, s: Option<&PyStr>) {
    match s {
        Some(s) => push_string(out, s),
        None => out.push_str("null"),
    }
}

fn push_issues(out: &mut String, issues: &[Issue]) {
    out.push('[');
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"pointer\":");
        push_str(out, &issue.pointer);
        out.push_str(",\"code\":\"");
        out.push_str(issue.code.as_str());
        out.push_str("\",\"message\":");
        push_str(out, &issue.message);
        out.push('}');
    }
    out.push(']');
}

fn push_changes(out: &mut String, changes: &[Change]) {
    out.push('[');
    for (i, c) in changes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"pointer\":");
        push_str(out, &c.pointer);
        out.push_str(",\"code\":\"");
        out.push_str(c.code.as_str());
        out.push_str("\",\"from\":");
        push_value(out, &c.from);
        out.push_str(",\"to\":");
        push_value(out, &c.to);
        out.push_str(",\"message\":");
        push_str(out, &c.message);
        out.push('}');
    }
    out.push(']');
}

/// Appends the normalized request (keys in the documented order).
pub fn push_normalized(out: &mut String, n: &Normalized) {
    match n {
        Normalized::Volume(v) => {
            out.push_str("{\"name\":");
            push_opt_str(out, v.name.as_ref());
            out.push_str(",\"description\":");
            push_opt_str(out, v.description.as_ref());
            out.push_str(if v.bootable { ",\"bootable\":true" } else { ",\"bootable\":false" });
            out.push_str(",\"metadata\":");
            push_value(out, v.metadata.as_ref().unwrap_or(&Value::Null));
            out.push_str(",\"availability_zone\":");
            push_opt_str(out, v.availability_zone.as_ref());
            out.push_str(",\"volume_type\":");
            push_opt_str(out, v.volume_type.as_ref());
            out.push_str(",\"host\":");
            push_opt_str(out, v.host.as_ref());
            out.push_str(",\"cluster\":");
            push_opt_str(out, v.cluster.as_ref());
            out.push_str(",\"ref\":");
            push_value(out, &v.reference);
            out.push('}');
        }
        Normalized::Snapshot(s) => {
            out.push_str("{\"name\":");
            push_opt_str(out, s.name.as_ref());
            out.push_str(",\"description\":");
            push_opt_str(out, s.description.as_ref());
            out.push_str(",\"metadata\":");
            push_value(out, s.metadata.as_ref().unwrap_or(&Value::Null));
            out.push_str(",\"volume_id\":");
            push_string(out, &s.volume_id);
            out.push_str(",\"ref\":");
            push_value(out, &s.reference);
            out.push('}');
        }
    }
}

/// Appends the report's members after an opening `{` (and an optional `id`):
/// `"accepted",…,"normalized"` and the closing `}`.
pub(crate) fn push_report_members(out: &mut String, report: &Report, http_status: Option<u16>) {
    out.push_str(if report.accepted { "\"accepted\":true" } else { "\"accepted\":false" });
    match http_status {
        Some(s) => {
            let _ = write!(out, ",\"http_status\":{s}");
        }
        None => out.push_str(",\"http_status\":null"),
    }
    out.push_str(",\"server_error\":");
    match &report.server_error {
        Some(text) => push_str(out, text),
        None => out.push_str("null"),
    }
    out.push_str(",\"errors\":");
    push_issues(out, &report.errors);
    out.push_str(",\"warnings\":");
    push_issues(out, &report.warnings);
    out.push_str(",\"changes\":");
    push_changes(out, &report.changes);
    out.push_str(",\"normalized\":");
    match &report.normalized {
        Some(n) => push_normalized(out, n),
        None => out.push_str("null"),
    }
    out.push('}');
}

/// The report as one line of JSON.
pub fn report(report: &Report) -> String {
    let mut out = String::with_capacity(256);
    out.push('{');
    push_report_members(&mut out, report, Some(report.http_status));
    out
}

/// A value as JSON text.
pub fn value(v: &Value) -> String {
    let mut out = String::new();
    push_value(&mut out, v);
    out
}

/// The normalized request as JSON text.
pub fn normalized(n: &Normalized) -> String {
    let mut out = String::new();
    push_normalized(&mut out, n);
    out
}
