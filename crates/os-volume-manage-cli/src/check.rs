//! `check FILE`: one file's verdict, as the CLI prints it.

use std::fmt::Write as _;

use os_volume_manage::http::raw::{parse_request, ReaderLimits};
use os_volume_manage::jsonl::infer_kind;
use os_volume_manage::{
    check_request, check_text, route, Endpoint, Kind, Options, OptionsError, Report, Request, RequestError,
};

use crate::args::CheckArgs;

/// The kind of a request: as given, else from the endpoint, else from the body.
pub fn resolve_kind(kind: Option<Kind>, endpoint: Option<&str>, body: &[u8]) -> Kind {
    kind.or_else(|| endpoint.and_then(Endpoint::parse).map(Endpoint::kind))
        .unwrap_or_else(|| os_volume_manage::Value::parse(body).map(|b| infer_kind(&b)).unwrap_or(Kind::Volume))
}

/// `check FILE`: one file's verdict and what the CLI prints for it.
pub struct FileResult {
    /// Whether Cinder would accept the request (exit status 0).
    pub accepted: bool,
    /// What the CLI prints for the file.
    pub output: String,
}

/// Judges one file's bytes as `check FILE` does: a body sent with
/// `Content-Type: application/json`, or, with `-H` headers, a whole request
/// with exactly those header fields.
pub fn check_file(label: &str, bytes: &[u8], args: &CheckArgs) -> Result<FileResult, OptionsError> {
    let endpoint = args.endpoint.as_deref();
    let kind = resolve_kind(args.kind, endpoint, bytes);
    let mut options =
        Options::from_text(kind, args.microversion.as_deref(), endpoint, args.unicode_version.as_deref())?;
    options.max_request_body_size = args.max_request_body_size;
    options.server = args.server;
    let report = if args.headers.is_empty() {
        check_text(kind, bytes, &options)
    } else {
        let request = args
            .headers
            .iter()
            .fold(Request::builder(), |b, (name, value)| b.header(name.as_str(), value))
            .body(bytes)
            .build();
        match request {
            Ok(request) => check_request(options.endpoint.unwrap_or(Endpoint::default_for(kind)), &request, &options),
            Err(e) => return Ok(not_a_request(label, &e, args.json)),
        }
    };
    Ok(output(label, &report, args.json))
}

/// `check --request FILE`: one raw HTTP/1.1 request (request line, header
/// fields, blank line, body; chunked bodies decoded), judged whole. Its
/// route comes from the request line.
///
/// Fails (a usage error, as for an unknown option value) when `--endpoint`
/// names another route than the request line.
pub fn check_request_file(label: &str, bytes: &[u8], args: &CheckArgs) -> Result<FileResult, String> {
    let read = match parse_request(bytes, &ReaderLimits::default()) {
        Ok(read) => read,
        Err(e) => return Ok(not_a_request(label, &e, args.json)),
    };
    let endpoint = match route(&read.method, &read.target) {
        Ok(e) => e,
        Err(e) => return Ok(not_a_request(label, &e, args.json)),
    };
    if let Some(given) = args.endpoint.as_deref().filter(|given| *given != endpoint.as_str()) {
        return Err(format!(
            "--endpoint {given} differs from the route of {label}'s request line ({}); leave --endpoint out",
            endpoint.as_str()
        ));
    }
    let mut options =
        Options::from_text(endpoint.kind(), None, None, args.unicode_version.as_deref()).map_err(|e| e.to_string())?;
    options.max_request_body_size = args.max_request_body_size;
    options.server = args.server;
    let report = check_request(endpoint, &read.request, &options);
    Ok(output(label, &report, args.json))
}

fn output(label: &str, report: &Report, json: bool) -> FileResult {
    let output = if json { format!("{}\n", report.to_json()) } else { text_report(label, report) };
    FileResult { accepted: report.accepted(), output }
}

/// What the CLI prints for bytes that are no HTTP request a server would
/// pass on (`--format json`: the shape of an unusable JSONL line).
fn not_a_request(label: &str, e: &RequestError, json: bool) -> FileResult {
    let output = if json {
        let message = os_volume_manage::Value::Str(os_volume_manage::PyStr::from(e.message())).to_json();
        format!(
            "{{\"accepted\":false,\"http_status\":null,\"server_error\":null,\"errors\":[{{\"pointer\":\"\",\"code\":\"{}\",\
             \"message\":{message}}}],\"warnings\":[],\"changes\":[],\"normalized\":null}}\n",
            e.code()
        )
    } else {
        format!("{label}: not a request Cinder would see\n  error   (request) [{}] {}\n", e.code(), e.message())
    };
    FileResult { accepted: false, output }
}

/// The human-readable report (`--format text`).
pub fn text_report(label: &str, report: &Report) -> String {
    let mut out = String::new();
    if report.accepted() {
        let _ = writeln!(out, "{label}: accepted (HTTP {})", report.http_status());
    } else {
        let _ = writeln!(out, "{label}: rejected (HTTP {})", report.http_status());
        if let Some(text) = &report.server_error() {
            let _ = writeln!(out, "  Cinder says: {}", abbreviate(&text.to_string()).replace('\n', "\n    "));
        }
    }
    if let Some(response) = report.response() {
        let _ = writeln!(out, "  {response}");
    }
    for e in report.errors() {
        let _ = writeln!(out, "  error   {} [{}] {}", or_root(e.pointer()), e.code().as_str(), e.message());
    }
    for w in report.warnings() {
        let _ = writeln!(out, "  warning {} [{}] {}", or_root(w.pointer()), w.code().as_str(), w.message());
    }
    for c in report.changes() {
        let to = c.to().to_json();
        let _ = writeln!(out, "  change  {} → {to}: {}", c.pointer(), c.message());
    }
    if let Some(n) = &report.normalized() {
        let _ = writeln!(out, "  normalized: {}", n.to_json());
    }
    out
}

/// Cinder's texts can be huge (the description pattern alone is ~1 KB);
/// text output shows the start, `--format json` everything.
pub fn abbreviate(text: &str) -> String {
    const SHOWN: usize = 240;
    let total = text.chars().count();
    if total <= SHOWN + 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(SHOWN).collect();
    format!("{head}… ({} more characters; --format json shows all)", total - SHOWN)
}

fn or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(body)"
    } else {
        pointer
    }
}
