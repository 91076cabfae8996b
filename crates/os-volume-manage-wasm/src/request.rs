//! Whole HTTP requests and bulk JSONL (feature `request`). The Node build
//! and the tools module carry them; the validators module built for
//! browsers leaves them out, which keeps it about 46 KB (gzipped) smaller,
//! and the package's browser entry points run them on the tools module.

use wasm_bindgen::prelude::*;

use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::{check_request, Endpoint, Request, ServerModel, Value};

use crate::{options, parse_kind, size_limit};

fn server_model(given: Option<&str>) -> Result<ServerModel, JsError> {
    match given {
        None => Ok(ServerModel::default()),
        Some(text) => ServerModel::parse(text)
            .ok_or_else(|| JsError::new(&format!("unknown server {text:?}: expected \"wsgi\" or \"eventlet\""))),
    }
}

/// Judges a whole HTTP request POSTed to `endpoint` (what `fetch` puts on
/// the wire: the wrapper's `validateRequest`). `headers` is JSON, an array
/// of `[name, value]` pairs in the order sent (values are ISO-8859-1 text,
/// as `Headers` holds them); `body` the body bytes. Returns the report as
/// JSON, with its `response`. Fails (misuse) for an unknown endpoint,
/// server or Unicode version, and for header fields no client can send.
#[wasm_bindgen(js_name = checkRequest)]
pub fn check_request_js(
    endpoint: &str,
    headers: &str,
    body: &[u8],
    chunked: bool,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
    server: Option<String>,
) -> Result<String, JsError> {
    let endpoint = Endpoint::parse(endpoint).ok_or_else(|| JsError::new(&format!("unknown endpoint {endpoint:?}")))?;
    let mut options = options(endpoint.kind(), None, Some(endpoint.as_str()), unicode_version.as_deref())?;
    options.max_request_body_size = size_limit(max_request_body_size)?;
    options.server = server_model(server.as_deref())?;
    let bad = || JsError::new("headers must be a JSON array of [name, value] string pairs");
    let pairs = Value::parse(headers.as_bytes()).map_err(|_| bad())?;
    let Value::Array(pairs) = &pairs else { return Err(bad()) };
    let mut builder = Request::builder();
    for pair in pairs {
        let Value::Array(nv) = pair else { return Err(bad()) };
        let (Some(Value::Str(name)), Some(Value::Str(value)), None) = (nv.first(), nv.get(1), nv.get(2)) else {
            return Err(bad());
        };
        let bytes: Option<Vec<u8>> = value.code_points().map(|cp| u8::try_from(cp).ok()).collect();
        let bytes = bytes.ok_or_else(|| JsError::new("a header value holds a character above U+00FF"))?;
        builder = builder.header(name.to_string_lossy(), bytes);
    }
    if chunked {
        builder = builder.chunked();
    }
    let request = builder.body(body).build().map_err(|e| JsError::new(&e.to_string()))?;
    Ok(check_request(endpoint, &request, &options).to_json())
}

/// The manage route a request line names, as JSON: `{"ok": true,
/// "endpoint"}`, or `{"ok": false, "code", "message"}` (a method other than
/// POST, or a path that is not a manage route). `target` is a URL or a path.
#[wasm_bindgen(js_name = route)]
pub fn route_js(method: &str, target: &str) -> String {
    let text = |s: &str| Value::Str(os_volume_manage::PyStr::from(s)).to_json();
    match os_volume_manage::route(method, target) {
        Ok(e) => format!("{{\"ok\":true,\"endpoint\":\"{}\"}}", e.as_str()),
        Err(e) => format!("{{\"ok\":false,\"code\":\"{}\",\"message\":{}}}", e.code(), text(e.message())),
    }
}

/// The JSONL defaults as JS passes them, checked.
fn jsonl_defaults(
    kind: Option<&str>,
    microversion: Option<String>,
    endpoint: Option<String>,
    unicode_version: Option<String>,
    max_request_body_size: Option<f64>,
    server: Option<&str>,
) -> Result<JsonlDefaults, JsError> {
    Ok(JsonlDefaults {
        kind: kind.map(parse_kind).transpose()?,
        microversion,
        endpoint,
        unicode_version,
        max_request_body_size: size_limit(max_request_body_size)?,
        server: server_model(server)?,
    })
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
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
    server: Option<String>,
) -> Result<Option<String>, JsError> {
    let defaults = jsonl_defaults(
        kind.as_deref(),
        microversion,
        endpoint,
        unicode_version,
        max_request_body_size,
        server.as_deref(),
    )?;
    Ok(check_line(line, &defaults).map(|l| l.text))
}

/// Many `--jsonl` lines in one call (`bytes`: the lines, each ending in
/// `\n`; invalid UTF-8 replaced). Returns the UTF-8 bytes of the number
/// of rejected cases (padded with spaces), a `\n`, then the output lines,
/// each ending in `\n`, byte for byte the native CLI's (bytes, not a
/// string: the package CLI writes them out as they are, and a worker thread
/// hands them over without a copy). By default lines are read as the CLI reads a file (a `\r`
/// before the `\n` dropped) and a blank line gives no output line; with
/// `aligned`, each line is judged exactly as given (as `checkJsonlLine`
/// does) and a blank one gives an empty output line, so that output lines
/// stay aligned with input lines. Fails only for a bad default (kind,
/// size limit, server).
/// For the package's `checkJsonlBatch` and `checkJsonl`; not part of the API.
#[doc(hidden)]
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per JSONL default, as checkJsonlLine takes them: plain values cross into wasm without a JS object to read"
)]
#[wasm_bindgen(js_name = __checkJsonlBatch)]
pub fn check_jsonl_batch_js(
    bytes: &[u8],
    aligned: bool,
    kind: Option<String>,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
    server: Option<String>,
) -> Result<Vec<u8>, JsError> {
    use os_volume_manage_cli::batch::{check_lines, lines};
    let defaults = jsonl_defaults(
        kind.as_deref(),
        microversion,
        endpoint,
        unicode_version,
        max_request_body_size,
        server.as_deref(),
    )?;
    // Room for the count, then about as much output as input.
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    out.push_str("          \n");
    let count = check_lines(lines(bytes, !aligned), &defaults, aligned, &mut out);
    let head = count.rejected.to_string();
    out.replace_range(..head.len(), &head);
    Ok(out.into_bytes())
}
