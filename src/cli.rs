//! What the command-line tools print, shared by the native binary and the
//! npm package's CLI so both write the same bytes. Pure: text in, text out;
//! reading files and stdin stays in the binaries.

use std::fmt::Write as _;

use crate::jsonl::infer_kind;
use crate::{check_text, pyjson, Endpoint, Kind, Options, OptionsError, Report};

/// The `check` command's usage text.
pub const USAGE: &str = "\
usage: os-volume-manage check [FILE|-]... [--microversion V] [--kind volume|snapshot]
                              [--endpoint E] [--unicode-version U] [--format text|json]
       os-volume-manage check --jsonl [FILE|-] [--microversion V] [--kind K] [--endpoint E]

Judges OpenStack Cinder manage-existing request bodies exactly as Cinder 29 would.
  --microversion V     3.0..3.71, latest, 2.0 (the old v2 API), or a header value
                       such as \"volume 3.16\"; default: no header (3.0)
  --kind K             volume or snapshot; default: from --endpoint, else from the body
  --endpoint E         os-volume-manage (default), manageable_volumes,
                       os-snapshot-manage, manageable_snapshots
  --unicode-version U  Unicode version of the server's Python: 14.0 (3.11, default),
                       15.0, 15.1, 16.0
  --format F           text (default) or json (one report per line)
  --jsonl              bulk mode: each input line is
                       {\"id\", \"microversion\"?, \"kind\"?, \"endpoint\"?, \"body\" | \"body_text\"}
Exit status: 0 all accepted, 1 some rejected, 2 usage or I/O error.";

/// The kind of a request: as given, else from the endpoint, else from the body.
pub fn resolve_kind(kind: Option<Kind>, endpoint: Option<&str>, body: &[u8]) -> Kind {
    kind.or_else(|| endpoint.and_then(Endpoint::parse).map(Endpoint::kind))
        .unwrap_or_else(|| pyjson::parse(body).map(|b| infer_kind(&b)).unwrap_or(Kind::Volume))
}

/// `check FILE`: one file's verdict and what the CLI prints for it.
pub struct FileResult {
    pub accepted: bool,
    pub output: String,
}

/// Judges one file's bytes as `check FILE` does (`json`: `--format json`).
pub fn check_file(
    label: &str,
    bytes: &[u8],
    kind: Option<Kind>,
    microversion: Option<&str>,
    endpoint: Option<&str>,
    unicode_version: Option<&str>,
    json: bool,
) -> Result<FileResult, OptionsError> {
    let kind = resolve_kind(kind, endpoint, bytes);
    let options = Options::from_text(kind, microversion, endpoint, unicode_version)?;
    let report = check_text(kind, bytes, &options);
    let output = if json { format!("{}\n", report.to_json()) } else { text_report(label, &report) };
    Ok(FileResult { accepted: report.accepted, output })
}

/// The human-readable report (`--format text`).
pub fn text_report(label: &str, report: &Report) -> String {
    let mut out = String::new();
    if report.accepted {
        let _ = writeln!(out, "{label}: accepted (HTTP {})", report.http_status);
    } else {
        let _ = writeln!(out, "{label}: rejected (HTTP {})", report.http_status);
        if let Some(text) = &report.server_error {
            let _ = writeln!(out, "  Cinder says: {}", abbreviate(text).replace('\n', "\n    "));
        }
    }
    for e in &report.errors {
        let _ = writeln!(out, "  error   {} [{}] {}", or_root(&e.pointer), e.code.as_str(), e.message);
    }
    for w in &report.warnings {
        let _ = writeln!(out, "  warning {} [{}] {}", or_root(&w.pointer), w.code.as_str(), w.message);
    }
    for c in &report.changes {
        let to = serde_json::to_string(&c.to).unwrap_or_default();
        let _ = writeln!(out, "  change  {} → {to}: {}", c.pointer, c.message);
    }
    if let Some(n) = &report.normalized {
        let _ = writeln!(out, "  normalized: {}", serde_json::to_string(n).unwrap_or_default());
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
