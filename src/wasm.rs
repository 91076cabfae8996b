//! WebAssembly exports (feature `wasm`), wrapped by the npm package in `pkg/`.
//!
//! A thin layer: every verdict comes from the core. Requests cross the
//! boundary as JSON text (the JS wrapper runs `JSON.stringify` on object
//! bodies, which yields exactly the bytes a browser would send to Cinder) and
//! reports come back as the one-line JSON of [`Report::to_json`]. Text in
//! and text out is one `encodeInto`/`decode` each way, cheaper than walking
//! JS objects property by property, and it keeps a single parse path (the
//! Python-compatible one) for every input.
//!
//! The only error these functions return is misuse (an unknown kind,
//! endpoint or Unicode version); the wrapper turns it into a `TypeError`.

use wasm_bindgen::prelude::*;

use crate::jsonl::{check_line, JsonlDefaults};
use crate::{check_text, Kind, Options};

fn parse_kind(kind: &str) -> Result<Kind, JsError> {
    Kind::parse(kind).ok_or_else(|| JsError::new(&format!("unknown kind {kind:?}: expected \"volume\" or \"snapshot\"")))
}

fn options(
    kind: Kind,
    microversion: Option<&str>,
    endpoint: Option<&str>,
    unicode_version: Option<&str>,
) -> Result<Options, JsError> {
    Options::from_text(kind, microversion, endpoint, unicode_version).map_err(|e| JsError::new(&e.to_string()))
}

/// Judges a request body given as text; returns the report as JSON.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text_js(
    kind: &str,
    text: &str,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
) -> Result<String, JsError> {
    check_bytes_js(kind, text.as_bytes(), microversion, endpoint, unicode_version)
}

/// Judges a request body given as raw bytes (which may not be UTF-8).
#[wasm_bindgen(js_name = checkBytes)]
pub fn check_bytes_js(
    kind: &str,
    bytes: &[u8],
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
) -> Result<String, JsError> {
    let kind = parse_kind(kind)?;
    let options = options(kind, microversion.as_deref(), endpoint.as_deref(), unicode_version.as_deref())?;
    Ok(check_text(kind, bytes, &options).to_json())
}

/// Checks options without judging a body (for bodies the wrapper rejects
/// itself, so that misuse is reported first all the same).
#[wasm_bindgen(js_name = checkOptions)]
pub fn check_options_js(
    kind: &str,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
) -> Result<(), JsError> {
    let kind = parse_kind(kind)?;
    options(kind, microversion.as_deref(), endpoint.as_deref(), unicode_version.as_deref()).map(|_| ())
}

/// One line of the CLI's `--jsonl` mode, exactly as the native CLI prints it
/// (without the newline); `undefined` for a blank line, which yields no
/// output. Never fails on input; fails only for an unknown default kind.
#[wasm_bindgen(js_name = checkJsonlLine)]
pub fn check_jsonl_line_js(
    line: &str,
    kind: Option<String>,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
) -> Result<Option<String>, JsError> {
    let kind = kind.as_deref().map(parse_kind).transpose()?;
    let defaults = JsonlDefaults { kind, microversion, endpoint, unicode_version };
    Ok(check_line(line, &defaults).map(|l| l.text))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// For the package's CLI (`bin/os-volume-manage.js`), not part of the API:
/// `check FILE` without `--jsonl`, for one file's bytes. Returns
/// `{"accepted": bool, "output": "<what the native CLI prints>"}`.
///
/// This mirrors the kind resolution and the text format of
/// `src/bin/os-volume-manage.rs`; the JS tests compare both CLIs' outputs.
#[doc(hidden)]
#[wasm_bindgen(js_name = __cliCheckFile)]
pub fn cli_check_file(
    label: &str,
    bytes: &[u8],
    kind: Option<String>,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    json: bool,
) -> Result<String, JsError> {
    let kind = kind.as_deref().map(parse_kind).transpose()?;
    let result = crate::cli::check_file(
        label,
        bytes,
        kind,
        microversion.as_deref(),
        endpoint.as_deref(),
        unicode_version.as_deref(),
        json,
    )
    .map_err(|e| JsError::new(&e.to_string()))?;
    #[derive(serde::Serialize)]
    struct Out {
        accepted: bool,
        output: String,
    }
    Ok(serde_json::to_string(&Out { accepted: result.accepted, output: result.output }).unwrap_or_default())
}

/// Traps on purpose. Not part of the API: the package's tests use it to
/// prove that the JS wrapper recovers a fresh instance after a trap.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTests)]
pub fn trap_for_tests() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
}
