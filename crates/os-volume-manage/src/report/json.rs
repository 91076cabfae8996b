//! The JSON text of reports, written directly.
//!
//! One writer for every surface (CLI, JSONL, wasm) keeps their output
//! byte-identical, and it carries what serde cannot: lone surrogates as
//! `\udXXX` escapes (JavaScript's `JSON.parse` restores them exactly) and
//! integers of any size as their digits. Only NaN and the infinities have no
//! JSON spelling; they are written as `null` and reported as `lossy_output`.
//! It also keeps serde_json out of the WebAssembly module.

use crate::python::repr::{push_int, repr_float, write_joined, SHORT_STRING};
use crate::python::value::{Int, PyStr, Value};
use crate::report::{for_each_member, Change, Issue, Key, Member, Normalized, Report, Response};
use crate::text::{exact_string, ShortOrLen, Sink, Wtf8Buf, SHORT_TEXT};

/// Appends a JSON string literal for WTF-8 text.
pub(crate) fn push_string(out: &mut dyn Sink, s: &PyStr) {
    push_string_between(out, "\"", s, "\"");
}

/// Appends `open`, the contents of `s` as a JSON string (escaped, without
/// quotes), then `close`: `open` and `close` hold the quotes and whatever
/// surrounds them (`,"` and `":` around a member name). One write when `s`
/// is short and needs no escape, the usual case.
fn push_string_between(out: &mut dyn Sink, open: &str, s: &PyStr, close: &str) {
    let bytes = s.as_wtf8();
    // No lone surrogate and nothing to escape: the bytes are the contents.
    if bytes.len() <= SHORT_STRING
        && !s.has_lone_surrogate()
        && crate::python::json::plain_run(bytes) == bytes.len()
        && write_joined(out, &[open.as_bytes(), bytes, close.as_bytes()])
    {
        return;
    }
    out.put(open);
    match s.as_str() {
        Some(text) => push_str_contents(out, text),
        None => {
            for cp in s.code_points() {
                match char::from_u32(cp) {
                    Some(c) => push_char(out, c),
                    // A lone surrogate: only an escape can carry it.
                    None => {
                        out.put_fmt(format_args!("\\u{cp:04x}"));
                    }
                }
            }
        }
    }
    out.put(close);
}

/// Appends a JSON string literal for a WTF-8 buffer.
fn push_wtf8(out: &mut dyn Sink, text: &Wtf8Buf) {
    match text {
        Wtf8Buf::Utf8(text) => {
            out.put_char('"');
            push_str_contents(out, text);
            out.put_char('"');
        }
        Wtf8Buf::Wtf8(_) => push_string(out, &text.to_pystr()),
    }
}

/// Appends `s` escaped as inside a JSON string literal, without the quotes
/// (callers write them with the constant text around them: each write
/// through `dyn Write` costs about as much as a short string's scan).
fn push_str_contents(out: &mut dyn Sink, s: &str) {
    // Copy runs of characters that need no escape in one go. The bytes that
    // need one are exactly those that end a plain run of a JSON string in
    // the parser (`"`, `\\`, control characters), found 8 bytes a step.
    let mut rest = s;
    loop {
        let run = crate::python::json::plain_run(rest.as_bytes());
        let (plain, tail) = rest.split_at_checked(run).unwrap_or((rest, ""));
        if !plain.is_empty() {
            out.put(plain);
        }
        let mut chars = tail.chars();
        match chars.next() {
            Some(c) => push_char(out, c),
            None => break,
        }
        rest = chars.as_str();
    }
}

fn push_char(out: &mut dyn Sink, c: char) {
    match c {
        '"' => {
            out.put("\\\"");
        }
        '\\' => {
            out.put("\\\\");
        }
        '\n' => {
            out.put("\\n");
        }
        '\r' => {
            out.put("\\r");
        }
        '\t' => {
            out.put("\\t");
        }
        '\u{08}' => {
            out.put("\\b");
        }
        '\u{0c}' => {
            out.put("\\f");
        }
        c if u32::from(c) < 0x20 => {
            out.put_fmt(format_args!("\\u{:04x}", u32::from(c)));
        }
        c => {
            out.put_char(c);
        }
    }
}

/// Appends a value as JSON. Python's float repr is valid JSON for every
/// finite float and round-trips exactly.
pub(crate) fn push_value(out: &mut dyn Sink, v: &Value) {
    // The containers being written, innermost last, each with the members
    // still to write: an explicit stack, because values can nest up to the
    // parser's limit. Scalars (most values) never allocate it.
    enum Open<'a> {
        Array(std::slice::Iter<'a, Value>),
        Object(std::slice::Iter<'a, (PyStr, Value)>),
    }
    let mut open: Vec<(Open, bool)> = Vec::new();
    let mut next = Some(v);
    loop {
        match next.take() {
            Some(Value::Array(items)) => {
                out.put_char('[');
                open.push((Open::Array(items.iter()), true));
            }
            Some(Value::Object(o)) => {
                out.put_char('{');
                open.push((Open::Object(o.members().iter()), true));
            }
            Some(scalar) => push_scalar(out, scalar),
            None => {}
        }
        // The next member of the innermost open container, or its end.
        let Some((container, first)) = open.last_mut() else { return };
        let first = std::mem::replace(first, false);
        match container {
            Open::Array(items) => match items.next() {
                Some(item) => {
                    if !first {
                        out.put_char(',');
                    }
                    next = Some(item);
                }
                None => {
                    out.put_char(']');
                    open.pop();
                }
            },
            Open::Object(members) => match members.next() {
                Some((key, item)) => {
                    // The separator, the name and the colon in one write.
                    push_string_between(out, if first { "\"" } else { ",\"" }, key, "\":");
                    next = Some(item);
                }
                None => {
                    out.put_char('}');
                    open.pop();
                }
            },
        }
    }
}

/// Appends a value that is not a container (containers: nothing).
fn push_scalar(out: &mut dyn Sink, v: &Value) {
    match v {
        Value::Null => out.put("null"),
        Value::Bool(true) => out.put("true"),
        Value::Bool(false) => out.put("false"),
        Value::Int(Int::Small(n)) => push_int(out, *n),
        Value::Int(Int::Big(digits)) => out.put(digits),
        Value::Float(f) if f.is_finite() => out.put(&repr_float(*f)),
        Value::Float(_) => out.put("null"),
        Value::Str(s) => push_string(out, s),
        Value::Array(_) | Value::Object(_) => {}
    }
}

/// The members of `issues` (between the list's brackets).
fn push_issues(out: &mut dyn Sink, issues: &[Issue]) {
    for (i, issue) in issues.iter().enumerate() {
        out.put(if i == 0 { "{\"pointer\":\"" } else { ",{\"pointer\":\"" });
        push_str_contents(out, &issue.pointer);
        out.put("\",\"code\":\"");
        out.put(issue.code.as_str());
        out.put("\",\"message\":\"");
        push_str_contents(out, &issue.message);
        out.put("\"}");
    }
}

/// The members of `changes` (between the list's brackets).
fn push_changes(out: &mut dyn Sink, changes: &[Change]) {
    for (i, c) in changes.iter().enumerate() {
        out.put(if i == 0 { "{\"pointer\":\"" } else { ",{\"pointer\":\"" });
        push_str_contents(out, &c.pointer);
        out.put("\",\"code\":\"");
        out.put(c.code.as_str());
        out.put("\",\"from\":");
        push_value(out, &c.from);
        out.put(",\"to\":");
        push_value(out, &c.to);
        out.put(",\"message\":\"");
        push_str_contents(out, &c.message);
        out.put("\"}");
    }
}

/// Appends the normalized request, its members in
/// [`Normalized::for_each_member`]'s order. Inlined into its callers for
/// speed, except in the build for size, where one copy serves both.
#[cfg_attr(not(feature = "compact"), inline(always))]
#[cfg_attr(feature = "compact", inline(never))]
pub(crate) fn push_normalized(out: &mut dyn Sink, n: &Normalized) {
    out.put_char('{');
    let mut first = true;
    macro_rules! member {
        ($key:expr, $member:expr) => {
            push_member(out, $key, $member, &mut first)
        };
    }
    for_each_member!(n, member);
    out.put_char('}');
}

/// One member: `,"name":` (without the comma first) with `null` or the
/// opening quote of a string value, in one piece, then the value.
#[inline(always)]
fn push_member(out: &mut dyn Sink, key: &Key, member: Member<'_>, first: &mut bool) {
    let start = usize::from(std::mem::replace(first, false));
    let piece = |s: &'static str| s.get(start..).unwrap_or_default();
    match member {
        Member::Text(Some(s)) => {
            out.put(piece(key.json_string));
            push_string_between(out, "", s, "\"");
        }
        Member::Text(None) | Member::Any(None) => out.put(piece(key.json_null)),
        Member::Bool(b) => {
            let [no, yes] = key.json_bool;
            out.put(piece(if b { yes } else { no }));
        }
        Member::Any(Some(v)) => {
            out.put(piece(key.json));
            push_value(out, v);
        }
    }
}

/// Appends the report's members after an opening `{` (and an optional `id`):
/// `"accepted",…,"normalized"` and the closing `}`.
pub(crate) fn push_report_members(out: &mut dyn Sink, report: &Report, http_status: Option<u16>) {
    push_report_status(out, report, http_status);
    match &report.server_error {
        Some(text) => {
            push_wtf8(out, text);
            push_report_rest(out, ",\"errors\":[", report);
        }
        None => push_report_rest(out, "null,\"errors\":[", report),
    }
}

/// `"accepted":…,"http_status":…,"server_error":`.
fn push_report_status(out: &mut dyn Sink, report: &Report, http_status: Option<u16>) {
    // The usual verdicts in one piece.
    let fixed = match (report.accepted, http_status) {
        (true, Some(202)) => "\"accepted\":true,\"http_status\":202,\"server_error\":",
        (false, Some(400)) => "\"accepted\":false,\"http_status\":400,\"server_error\":",
        (false, Some(404)) => "\"accepted\":false,\"http_status\":404,\"server_error\":",
        (false, Some(500)) => "\"accepted\":false,\"http_status\":500,\"server_error\":",
        (false, None) => "\"accepted\":false,\"http_status\":null,\"server_error\":",
        (accepted, status) => {
            out.put(if accepted { "\"accepted\":true" } else { "\"accepted\":false" });
            match status {
                Some(s) => {
                    out.put(",\"http_status\":");
                    push_int(out, i64::from(s));
                }
                None => {
                    out.put(",\"http_status\":null");
                }
            }
            ",\"server_error\":"
        }
    };
    out.put(fixed);
}

/// What follows `server_error`'s value: `open` (its end, if any, and
/// `,"errors":[`), then `…],"warnings":…,"normalized":…}`.
fn push_report_rest(out: &mut dyn Sink, open: &str, report: &Report) {
    out.put(open);
    push_issues(out, &report.errors);
    out.put("],\"warnings\":[");
    push_issues(out, &report.warnings);
    out.put("],\"changes\":[");
    push_changes(out, &report.changes);
    if let Some(r) = report.response.as_deref() {
        return push_request_rest(out, report, r);
    }
    match &report.normalized {
        Some(n) => {
            out.put("],\"normalized\":");
            push_normalized(out, n);
            out.put_char('}');
        }
        None => {
            out.put("],\"normalized\":null}");
        }
    }
}

/// The end of [`push_report_rest`] for a report on a whole request: the
/// normalized request, then the response.
#[cold]
#[inline(never)]
fn push_request_rest(out: &mut dyn Sink, report: &Report, r: &Response) {
    out.put("],\"normalized\":");
    match &report.normalized {
        // Through `Normalized::to_json`, so that `push_normalized` keeps
        // its two callers and stays inlined in `push_report_rest`.
        Some(n) => out.put(&n.to_json()),
        None => out.put("null"),
    }
    push_response(out, r);
    out.put_char('}');
}

/// `,"response":{…}`: the answer to a whole request.
fn push_response(out: &mut dyn Sink, r: &Response) {
    let text = |out: &mut dyn Sink, value: Option<&str>| match value {
        Some(v) => push_string(out, &PyStr::from(v)),
        None => out.put("null"),
    };
    out.put(",\"response\":{\"status_line\":");
    text(out, r.status_line);
    out.put(",\"content_type\":");
    text(out, r.content_type);
    out.put(",\"openstack_api_version\":");
    text(out, r.api_version.as_deref());
    out.put(",\"rendered_by\":");
    text(out, Some(r.rendered_by.as_str()));
    out.put(",\"body\":");
    text(out, r.body.as_deref().map(String::from_utf8_lossy).as_deref());
    out.put_char('}');
}

/// `s` as a JSON string literal, for naming a value in a message (`unknown
/// endpoint "x"`). Rather than Rust's `{:?}`, whose escaping tables would be
/// linked into the WebAssembly module built for size for these few
/// messages; for ASCII text without control characters both read the same.
pub(crate) fn quoted(s: &str) -> String {
    exact_string(s.len() + 2, |out| push_string(out, &PyStr::from(s)))
}

/// The report as one line of JSON, in a `String` of exactly its size.
pub(crate) fn report(report: &Report) -> String {
    // A typical report (the api-ref sample's) is about 400 bytes.
    exact_string(512, |out| {
        out.put_char('{');
        push_report_members(out, report, Some(report.http_status));
    })
}

impl Value {
    /// The value as one line of JSON, exactly: a lone surrogate is written
    /// as its `\udXXX` escape and an integer of any size as its digits.
    /// NaN and the infinities, which JSON cannot spell, are written as
    /// `null` (a report says so in a `lossy_output` warning).
    ///
    /// ```
    /// use os_volume_manage::Value;
    /// let v = Value::parse(br#"{"a": "\ud800", "n": 123456789012345678901234567890}"#).unwrap();
    /// assert_eq!(v.to_json(), r#"{"a":"\ud800","n":123456789012345678901234567890}"#);
    /// ```
    pub fn to_json(&self) -> String {
        exact_string(0, |out| push_value(out, self))
    }
}

impl Normalized {
    /// The normalized request as one line of JSON, exactly (see
    /// [`Value::to_json`]).
    pub fn to_json(&self) -> String {
        exact_string(0, |out| push_normalized(out, self))
    }
}

/// Whether byte `b` is escaped inside a JSON string literal ([`push_string`]).
fn needs_escape(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The escape of byte `b` inside a JSON string literal, as [`push_string`]
/// writes it, and its length (1: `b` itself).
fn escape_of(b: u8) -> ([u8; 6], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let two = |c: u8| ([b'\\', c, 0, 0, 0, 0], 2);
    match b {
        b'"' => two(b'"'),
        b'\\' => two(b'\\'),
        b'\n' => two(b'n'),
        b'\r' => two(b'r'),
        b'\t' => two(b't'),
        0x08 => two(b'b'),
        0x0C => two(b'f'),
        0..=0x1F => {
            let hex = |d: u8| HEX.get(usize::from(d)).copied().unwrap_or(b'0');
            ([b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xF)], 6)
        }
        _ => ([b, 0, 0, 0, 0, 0], 1),
    }
}

/// `prefix`, then `text` as a JSON string literal (as [`push_string`] writes
/// it), with room for `extra` more bytes, built in `text`'s own buffer: a
/// long text (Cinder's message can echo a 40 MB value twice) moves into the
/// output instead of being copied beside it.
pub(crate) fn quote_in_place(prefix: &str, text: String, extra: usize) -> String {
    let start = prefix.len() + 1;
    let end = start + text.len() + text.bytes().filter(|&b| needs_escape(b)).map(|b| escape_of(b).1 - 1).sum::<usize>();
    let n = text.len();
    let mut bytes = text.into_bytes();
    bytes.reserve_exact(end + 1 - n + extra);
    bytes.resize(end + 1, 0);
    // Move the text into start..end from its end, escaping on the way. The
    // unmoved text is 0..read; the part still to fill is start..write, and
    // write - start is exactly the escaped length of 0..read (≥ read), so
    // nothing is overwritten before it is read.
    let mut write = end;
    let mut read = n;
    while read > 0 {
        let run_start = bytes.get(..read).and_then(|b| b.iter().rposition(|&b| needs_escape(b))).map_or(0, |i| i + 1);
        write -= read - run_start;
        bytes.copy_within(run_start..read, write);
        read = run_start;
        if let Some(i) = read.checked_sub(1) {
            let (escape, len) = escape_of(bytes.get(i).copied().unwrap_or(b'0'));
            write -= len;
            if let (Some(dst), Some(src)) = (bytes.get_mut(write..write + len), escape.get(..len)) {
                dst.copy_from_slice(src);
            }
            read = i;
        }
    }
    if let Some(head) = bytes.get_mut(..prefix.len()) {
        head.copy_from_slice(prefix.as_bytes());
    }
    if let Some(open) = bytes.get_mut(prefix.len()) {
        *open = b'"';
    }
    if let Some(close) = bytes.get_mut(end) {
        *close = b'"';
    }
    // Only ASCII was added, around and between whole UTF-8 sequences.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends the rest of one JSONL output line to `out`, whose text from
/// `head_start` on is the line's head (`{"id":…,`): the report's members.
/// Consumes the report so that its `server_error`, which can be tens of
/// megabytes, becomes part of the line without a second copy. Bulk callers
/// collect many lines in one buffer this way, with no buffer per line.
pub(crate) fn report_line_into(out: &mut String, head_start: usize, mut report: Report, http_status: Option<u16>) {
    push_report_status(out, &report, http_status);
    // A long `server_error` without lone surrogates becomes part of the line
    // in its own buffer (see `quote_in_place`); anything else is written
    // once, straight into `out`.
    let long = report.server_error.take_if(|text| text.len() > SHORT_TEXT && !text.has_lone_surrogate());
    let Some(Wtf8Buf::Utf8(long)) = long else {
        let len = report.server_error.as_ref().map_or(0, Wtf8Buf::len);
        out.reserve(512 + len);
        match &report.server_error {
            Some(text) => {
                push_wtf8(out, text);
                push_report_rest(out, ",\"errors\":[", &report);
            }
            None => push_report_rest(out, "null,\"errors\":[", &report),
        }
        return;
    };
    // The line is built around the message's own buffer, then moved into
    // `out` when it is the only line there, so a huge message is never held
    // twice.
    let head = out.split_off(head_start.min(out.len()));
    // What follows `server_error`: written now when short, else measured.
    // (Reserved for a usual report, so writing it does not reallocate.)
    let mut rest = ShortOrLen::<String>::with_capacity(512);
    push_report_rest(&mut rest, ",\"errors\":[", &report);
    let rest = rest.finish();
    let rest_len = match &rest {
        Ok(text) => text.len(),
        Err(len) => *len,
    };
    let mut line = quote_in_place(&head, long, rest_len);
    match rest {
        Ok(text) => line.push_str(&text),
        Err(_) => push_report_rest(&mut line, ",\"errors\":[", &report),
    }
    if out.is_empty() {
        *out = line;
    } else {
        out.push_str(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short strings written in one piece with their surroundings read as
    /// the same JSON text as long ones written piece by piece.
    #[test]
    fn strings_between_equal_serde() {
        let mut samples: Vec<String> =
            ["", "a", "\"", "\\", "a\nb", "\u{1f}", "é", "日本", "\u{1F600}"].iter().map(|s| s.to_string()).collect();
        samples.extend((0u8..=0x7F).map(|b| format!("k{}", char::from(b))));
        samples.extend([21, 22, 23, 40].map(|n| "x".repeat(n)));
        samples.extend([21, 22, 23].map(|n| format!("{}\"", "x".repeat(n))));
        for text in samples {
            let quoted = serde_json::to_string(&text).unwrap_or_default();
            let s = PyStr::from(text.as_str());
            let mut out = String::new();
            push_string(&mut out, &s);
            assert_eq!(out, quoted);
            let mut out = String::new();
            push_string_between(&mut out, ",\"", &s, "\":");
            assert_eq!(out, format!(",{quoted}:"));
            let mut out = String::new();
            push_string(&mut out, &PyStr::from(text.as_str()));
            assert_eq!(out, quoted);
        }
        // A lone surrogate: only an escape can carry it.
        let s = PyStr::from_code_points([0x61, 0xD800, 0x62]);
        let mut out = String::new();
        push_string(&mut out, &s);
        assert_eq!(out, "\"a\\ud800b\"");
    }
}
