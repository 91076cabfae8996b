//! `check FILE`: one file's verdict, as the CLI prints it.

use std::fmt::Write as _;

use os_volume_manage::jsonl::infer_kind;
use os_volume_manage::{check_text, Endpoint, Kind, Options, OptionsError, Report};

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

/// Judges one file's bytes as `check FILE` does.
pub fn check_file(label: &str, bytes: &[u8], args: &CheckArgs) -> Result<FileResult, OptionsError> {
    let endpoint = args.endpoint.as_deref();
    let kind = resolve_kind(args.kind, endpoint, bytes);
    let options = Options::from_text(kind, args.microversion.as_deref(), endpoint, args.unicode_version.as_deref())?;
    let report = check_text(kind, bytes, &options);
    let output = if args.json { format!("{}\n", report.to_json()) } else { text_report(label, &report) };
    Ok(FileResult { accepted: report.accepted(), output })
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
