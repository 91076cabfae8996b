//! For the package's CLI (`pkg/bin/os-volume-manage.js`), not part of the
//! API (feature `cli`, in the Node build only): the shared argument parser
//! and the text output of `crates/os-volume-manage-cli`, so the two CLIs
//! parse the same flags and print the same bytes. The package CLI only does
//! the I/O. `argv` crosses as a JSON array of strings.

use os_volume_manage_cli::{args, check, Invocation, USAGE};
use serde_json::json;
use wasm_bindgen::prelude::*;

fn argv(text: &str) -> Result<Vec<String>, JsError> {
    serde_json::from_str(text).map_err(|e| JsError::new(&format!("argv must be a JSON array of strings: {e}")))
}

/// What the command line asks for: `{"invocation": "help", "usage"}`,
/// `{"invocation": "version", "version"}`, `{"invocation": "check", "files",
/// "requests", "jsonl", "defaults": {"kind", "microversion", "endpoint",
/// "unicodeVersion", "maxRequestBodySize" (a number or "none"), "server"}}`, `{"invocation": "tool", "input"}` (the file to read,
/// or null) or `{"invocation": "error", "stderr"}`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __cliParse)]
pub fn cli_parse(argv_json: &str) -> Result<String, JsError> {
    let value = match args::parse(&argv(argv_json)?) {
        Ok(Invocation::Help) => json!({"invocation": "help", "usage": USAGE}),
        Ok(Invocation::Version) => json!({"invocation": "version", "version": env!("CARGO_PKG_VERSION")}),
        Ok(Invocation::Check(a)) => json!({
            "invocation": "check",
            "files": a.files,
            "requests": a.requests,
            "jsonl": a.jsonl,
            "defaults": {
                "kind": a.kind.map(|k| k.as_str()),
                "microversion": a.microversion,
                "endpoint": a.endpoint,
                "unicodeVersion": a.unicode_version,
                // JSON has no Infinity: "none" is the lifted limit.
                "maxRequestBodySize": a.max_request_body_size.map_or(json!("none"), |n| json!(n)),
                "server": a.server.as_str(),
            },
        }),
        Ok(Invocation::Tool(t)) => json!({"invocation": "tool", "input": t.input}),
        Ok(_) => {
            json!({"invocation": "error", "stderr": format!("os-volume-manage: unsupported command\n\n{USAGE}\n")})
        }
        Err(e) => json!({"invocation": "error", "stderr": e.stderr()}),
    };
    Ok(value.to_string())
}

/// `check FILE` (without `--jsonl`) for one file's bytes: `{"accepted",
/// "output"}` (what the native CLI prints) or `{"error"}`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __cliCheckFile)]
pub fn cli_check_file(argv_json: &str, label: &str, bytes: &[u8]) -> Result<String, JsError> {
    let Ok(Invocation::Check(a)) = args::parse(&argv(argv_json)?) else {
        return Err(JsError::new("__cliCheckFile takes the argv of a check command"));
    };
    Ok(match check::check_file(label, bytes, &a) {
        Ok(result) => json!({"accepted": result.accepted, "output": result.output}),
        Err(e) => json!({"error": e.to_string()}),
    }
    .to_string())
}

/// `check --request FILE` for one file's bytes (a raw HTTP request):
/// `{"accepted", "output"}` or `{"error"}`, as [`cli_check_file`].
#[doc(hidden)]
#[wasm_bindgen(js_name = __cliCheckRequest)]
pub fn cli_check_request(argv_json: &str, label: &str, bytes: &[u8]) -> Result<String, JsError> {
    let Ok(Invocation::Check(a)) = args::parse(&argv(argv_json)?) else {
        return Err(JsError::new("__cliCheckRequest takes the argv of a check command"));
    };
    Ok(match check::check_request_file(label, bytes, &a) {
        Ok(result) => json!({"accepted": result.accepted, "output": result.output}),
        Err(e) => json!({"error": e.to_string()}),
    }
    .to_string())
}

/// Why a file could not be read, as both CLIs say it (`code`: Node's error
/// code, e.g. `ENOENT`; `detail`: its message, for other errors).
#[doc(hidden)]
#[wasm_bindgen(js_name = __cliReadError)]
pub fn cli_read_error(path: &str, code: &str, detail: &str) -> String {
    args::read_error(path, code, detail)
}
