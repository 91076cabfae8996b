//! WebAssembly exports (feature `wasm`), wrapped by the npm package in `pkg/`.
//!
//! A thin layer: every verdict comes from the core. Requests cross the
//! boundary as JSON text (the JS wrapper runs `JSON.stringify` on object
//! bodies, which yields exactly the bytes a browser would send to Cinder) and
//! reports come back as the one-line JSON of `Report::to_json`. Text in
//! and text out is one `encodeInto`/`decode` each way, cheaper than walking
//! JS objects property by property, and it keeps a single parse path (the
//! Python-compatible one) for every input.
//!
//! The only error these functions return is misuse (an unknown kind,
//! endpoint or Unicode version); the wrapper turns it into a `TypeError`.

#![warn(missing_docs)]

use wasm_bindgen::prelude::*;

use os_volume_manage::{check_text, Kind, Options, Value};

/// `s` as a JSON string literal (the core's writer: Rust's `{:?}` would link
/// its escaping tables into the module built for size).
fn quoted(s: &str) -> String {
    Value::Str(os_volume_manage::PyStr::from(s)).to_json()
}

fn parse_kind(kind: &str) -> Result<Kind, JsError> {
    Kind::parse(kind)
        .ok_or_else(|| JsError::new(&format!("unknown kind {}: expected \"volume\" or \"snapshot\"", quoted(kind))))
}

fn options(
    kind: Kind,
    microversion: Option<&str>,
    endpoint: Option<&str>,
    unicode_version: Option<&str>,
) -> Result<Options, JsError> {
    Options::from_text(kind, microversion, endpoint, unicode_version).map_err(|e| JsError::new(&e.to_string()))
}

/// The body size limit as JS gives it: absent, a default deployment's;
/// `Infinity`, none; else an integer number of bytes (negative ones too, as
/// oslo.config takes them).
fn size_limit(given: Option<f64>) -> Result<Option<i64>, JsError> {
    match given {
        None => Ok(Options::default().max_request_body_size),
        Some(f) if f == f64::INFINITY => Ok(None),
        // Exactly the integers JS numbers hold without rounding.
        Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => Ok(Some(f as i64)),
        // The number in Python's spelling (`nan`, `1.5`, `-inf`) through the
        // core's float conversion: Rust's own `{f}` would link its float
        // formatting tables into the size build (about 18 KB).
        Some(f) => Err(JsError::new(&format!(
            "maxRequestBodySize must be a whole number of bytes (a safe integer) or Infinity for no limit, not {}",
            os_volume_manage::Value::Float(f).repr()
        ))),
    }
}

/// Judges a request body given as text; returns the report as JSON.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text_js(
    kind: &str,
    text: &str,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
) -> Result<String, JsError> {
    check_bytes_js(kind, text.as_bytes(), microversion, endpoint, unicode_version, max_request_body_size)
}

/// Judges a request body given as raw bytes (which may not be UTF-8).
#[wasm_bindgen(js_name = checkBytes)]
pub fn check_bytes_js(
    kind: &str,
    bytes: &[u8],
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
) -> Result<String, JsError> {
    let kind = parse_kind(kind)?;
    let mut options = options(kind, microversion.as_deref(), endpoint.as_deref(), unicode_version.as_deref())?;
    options.max_request_body_size = size_limit(max_request_body_size)?;
    Ok(check_text(kind, bytes, &options).to_json())
}

/// The facts a page or a script needs about the versions, routes and codes,
/// from their one definition in the core, as JSON: `{"microversions":
/// {"min", "max", "legacy"}, "endpoints": [{"name", "kind",
/// "minMicroversion"}], "unicodeVersions", "codes", "changeCodes",
/// "limits": {"maxBodyDepth", "maxStringLength", "maxListed",
/// "maxRequestBodySize"}}`.
#[wasm_bindgen(js_name = constants)]
pub fn constants_js() -> String {
    use os_volume_manage::{limits, ChangeCode, Code, Endpoint, Microversion, UnicodeVersion};
    // Comma-separated (pushed one by one: `join` would add its own code to the module).
    let quoted = |items: &mut dyn Iterator<Item = String>| {
        let mut out = String::new();
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&item);
        }
        out
    };
    let endpoints = quoted(&mut Endpoint::ALL.iter().map(|e| {
        format!(
            "{{\"name\":\"{}\",\"kind\":\"{}\",\"minMicroversion\":\"{}\"}}",
            e.as_str(),
            e.kind().as_str(),
            e.min_version()
        )
    }));
    let unicode = quoted(&mut UnicodeVersion::ALL.iter().map(|v| format!("\"{}\"", v.as_str())));
    let codes = quoted(&mut Code::ALL.iter().map(|c| format!("\"{c}\"")));
    let change_codes = quoted(&mut ChangeCode::ALL.iter().map(|c| format!("\"{c}\"")));
    format!(
        "{{\"microversions\":{{\"min\":\"{}\",\"max\":\"{}\",\"legacy\":\"{}\"}},\"endpoints\":[{endpoints}],\
         \"unicodeVersions\":[{unicode}],\"codes\":[{codes}],\"changeCodes\":[{change_codes}],\
         \"limits\":{{\"maxBodyDepth\":{},\"maxStringLength\":{},\"maxListed\":{},\
         \"maxRequestBodySize\":{}}}}}",
        Microversion::MIN,
        Microversion::MAX,
        Microversion::LEGACY_V2,
        limits::MAX_BODY_DEPTH,
        limits::MAX_STRING_LENGTH,
        limits::MAX_LISTED,
        limits::DEFAULT_MAX_REQUEST_BODY_SIZE,
    )
}

/// A microversion as Cinder reads the request's version (`null`: no
/// header), as JSON: `{"ok": true, "major", "minor"}`, or `{"ok": false,
/// "httpStatus", "code", "message"}` with the verdict Cinder gives it.
#[wasm_bindgen(js_name = resolveMicroversion)]
pub fn resolve_microversion_js(microversion: Option<String>) -> String {
    match os_volume_manage::Microversion::resolve(microversion.as_deref()) {
        Ok(v) => format!("{{\"ok\":true,\"major\":{},\"minor\":{}}}", v.major, v.minor),
        Err(e) => format!(
            "{{\"ok\":false,\"httpStatus\":{},\"code\":\"{}\",\"message\":{}}}",
            e.http_status,
            e.code,
            os_volume_manage::Value::Str(os_volume_manage::PyStr::from(e.message.as_str())).to_json()
        ),
    }
}

/// Checks options without judging a body (for bodies the wrapper rejects
/// itself, so that misuse is reported first all the same).
#[wasm_bindgen(js_name = checkOptions)]
pub fn check_options_js(
    kind: &str,
    microversion: Option<String>,
    endpoint: Option<String>,
    #[wasm_bindgen(js_name = unicodeVersion)] unicode_version: Option<String>,
    #[wasm_bindgen(js_name = maxRequestBodySize)] max_request_body_size: Option<f64>,
) -> Result<(), JsError> {
    let kind = parse_kind(kind)?;
    size_limit(max_request_body_size)?;
    options(kind, microversion.as_deref(), endpoint.as_deref(), unicode_version.as_deref()).map(|_| ())
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Traps on purpose. Not part of the API: the package's tests use it to
/// prove that the JS wrapper recovers a fresh instance after a trap.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTests)]
pub fn trap_for_tests() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
}

// ---------------------------------------------------------------------------
// Transformations (sizes, refs, hosts, listings, responses, metadata text,
// server messages, rendering). JSON text in, JSON text out; the wrapper in
// pkg/lib/api.js reshapes the results for JS. Data problems come back as
// `{"ok": false, "error": {...}}`; a `JsError` means misuse only.
// ---------------------------------------------------------------------------
//
// Feature `tools` only: `make pkg` ships them in a module of their own
// (pkg/dist/tools.wasm) so that validate-only users do not load them.

// Whole requests and bulk JSONL (feature `request`): the Node build and the
// tools module; the browsers' validators module is built without them.
#[cfg(feature = "request")]
mod request;
#[cfg(feature = "request")]
pub use request::*;

#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
pub use cli::*;

#[cfg(feature = "tools")]
pub use tools::*;

#[cfg(feature = "tools")]
mod tools {
    use super::parse_kind;
    use os_volume_manage::{Int, Kind, Object, PyStr, Value};
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    /// Containers a result can nest: a request body's limit (a ref can be
    /// in it), plus the result's own levels.
    const RESULT_DEPTH: usize = os_volume_manage::limits::MAX_BODY_DEPTH + 8;

    /// Integers above 2^53 become decimal strings: `JSON.parse` would round
    /// them. Iterative: a ref can nest as deep as a body.
    fn js_safe(value: &mut Value) {
        let mut pending = vec![value];
        while let Some(v) = pending.pop() {
            let digits = match v {
                Value::Int(Int::Small(n)) if *n > 1 << 53 => n.to_string(),
                Value::Int(Int::Big(d)) if !d.starts_with('-') => d.to_string(),
                Value::Array(items) => {
                    pending.extend(items.iter_mut());
                    continue;
                }
                Value::Object(o) => {
                    pending.extend(o.values_mut());
                    continue;
                }
                _ => continue,
            };
            *v = Value::Str(PyStr::from(digits));
        }
    }

    /// A result as the core's value: fields in declaration order, values in
    /// member order (serde_json's map order does not come into it).
    fn value_of<T: Serialize + ?Sized>(value: &T) -> Value {
        let text = serde_json::to_string(value).unwrap_or_default();
        Value::parse_with_max_depth(text.as_bytes(), RESULT_DEPTH).unwrap_or(Value::Null)
    }

    fn to_text(mut value: Value) -> String {
        js_safe(&mut value);
        serde_json::to_string(&value).unwrap_or_default()
    }

    fn json_of<T: Serialize + ?Sized>(value: &T) -> String {
        to_text(value_of(value))
    }

    /// `{"ok": true, ...fields}` or `{"ok": false, "error": e}`.
    fn outcome<T: Serialize, E: Serialize>(result: Result<T, E>) -> String {
        let mut map = Object::new();
        match result {
            Ok(value) => {
                map.insert(PyStr::from("ok"), Value::Bool(true));
                match value_of(&value).into_object() {
                    Ok(fields) => {
                        for (k, v) in fields.into_entries() {
                            map.insert(k, v);
                        }
                    }
                    Err(other) => map.insert(PyStr::from("value"), other),
                }
            }
            Err(e) => {
                map.insert(PyStr::from("ok"), Value::Bool(false));
                map.insert(PyStr::from("error"), value_of(&e));
            }
        }
        to_text(Value::Object(map))
    }

    fn parse_arg<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, JsError> {
        serde_json::from_str(text).map_err(|e| JsError::new(&format!("{what}: {e}")))
    }

    /// JSON text the wrapper passes for Cinder's data (a ref, a request),
    /// parsed as Cinder parses a body.
    fn parse_data(text: &str, what: &str) -> Result<Value, JsError> {
        Value::parse(text.as_bytes()).map_err(|e| JsError::new(&format!("{what}: {e}")))
    }

    /// `sizes::gib_from_decimal_str` (any number of digits) in `mode`.
    #[wasm_bindgen(js_name = gibFromBytes)]
    pub fn gib_from_bytes_js(digits: &str, mode: &str) -> Result<String, JsError> {
        let mode = os_volume_manage_cli::tools::parse_mode(Some(mode)).map_err(|_| {
            JsError::new(&format!(
                "unknown mode {mode:?}: expected \"exact\", \"cinder_compatible\" or \"whole_gib_only\""
            ))
        })?;
        Ok(outcome(os_volume_manage::tools::sizes::gib_from_decimal_str(digits, mode)))
    }

    /// `sizes::parse_size_text`.
    #[wasm_bindgen(js_name = parseSize)]
    pub fn parse_size_js(text: &str) -> String {
        outcome(os_volume_manage::tools::sizes::parse_size_text(text))
    }

    /// `refs::build_ref`: the ref as JSON.
    #[wasm_bindgen(js_name = buildRef)]
    pub fn build_ref_js(id_type: &str, identifier: &str) -> String {
        os_volume_manage::tools::refs::build_ref(id_type, identifier).to_json()
    }

    /// `refs::normalize_ref`; `reference` is JSON text, `target` a kind.
    #[wasm_bindgen(js_name = normalizeRef)]
    pub fn normalize_ref_js(reference: &str, target: &str) -> Result<String, JsError> {
        let value = parse_data(reference, "ref")?;
        let target = parse_kind(target)?;
        Ok(json_of(&os_volume_manage::tools::refs::normalize_ref(&value, target)))
    }

    /// `refs::check_ref_for_driver` / `check_snapshot_ref_for_driver`.
    #[wasm_bindgen(js_name = checkRefForDriver)]
    pub fn check_ref_for_driver_js(reference: &str, driver: &str, snapshot: bool) -> Result<String, JsError> {
        let value = parse_data(reference, "ref")?;
        #[derive(Serialize)]
        struct Checked {
            driver: &'static str,
            name: &'static str,
            warnings: Vec<os_volume_manage::tools::refs::RefWarning>,
        }
        let result = os_volume_manage::tools::refs::find_driver(driver).map(|hint| {
            let warnings = if snapshot {
                os_volume_manage::tools::refs::check_snapshot_ref_for_driver(&value, hint.id)
            } else {
                os_volume_manage::tools::refs::check_ref_for_driver(&value, hint.id)
            };
            Checked { driver: hint.id, name: hint.name, warnings: warnings.unwrap_or_default() }
        });
        Ok(outcome(result))
    }

    /// `refs::drivers`: the driver table.
    #[wasm_bindgen(js_name = drivers)]
    pub fn drivers_js() -> String {
        json_of(os_volume_manage::tools::refs::drivers())
    }

    /// `host::parse_host`.
    #[wasm_bindgen(js_name = parseHost)]
    pub fn parse_host_js(text: &str) -> String {
        json_of(&os_volume_manage::tools::host::parse_host(text))
    }

    /// `host::parse_cluster`.
    #[wasm_bindgen(js_name = parseCluster)]
    pub fn parse_cluster_js(text: &str) -> String {
        json_of(&os_volume_manage::tools::host::parse_cluster(text))
    }

    /// `listing::parse_listing`.
    #[wasm_bindgen(js_name = parseListing)]
    pub fn parse_listing_js(text: &str) -> String {
        outcome(os_volume_manage::tools::listing::parse_listing(text))
    }

    /// Options of [`listing_entry_to_request_js`]: the target (exactly one of
    /// host, cluster, volume_id) and the optional request fields.
    #[derive(serde::Deserialize)]
    struct EntryTarget {
        host: Option<String>,
        cluster: Option<String>,
        volume_id: Option<String>,
        microversion: Option<String>,
        #[serde(flatten)]
        fields: os_volume_manage::tools::listing::FromListingOptions,
    }

    /// `listing::entry_to_volume_request` (host or cluster) or
    /// `entry_to_snapshot_request` (volume_id), plus a note when `microversion`
    /// is too low for the body.
    #[wasm_bindgen(js_name = listingEntryToRequest)]
    pub fn listing_entry_to_request_js(entry: &str, options: &str) -> Result<String, JsError> {
        use os_volume_manage::tools::listing::{entry_to_snapshot_request, entry_to_volume_request, ServiceTarget};
        let entry: os_volume_manage::tools::listing::ManageableEntry = parse_arg(entry, "entry")?;
        let o: EntryTarget = parse_arg(options, "options")?;
        let result = match (o.host, o.cluster, o.volume_id) {
            (Some(h), None, None) => entry_to_volume_request(&entry, &ServiceTarget::Host(h), &o.fields),
            (None, Some(c), None) => entry_to_volume_request(&entry, &ServiceTarget::Cluster(c), &o.fields),
            (None, None, Some(v)) => entry_to_snapshot_request(&entry, &v, &o.fields),
            _ => {
                return Err(JsError::new(
                    "give exactly one of host, cluster (volume entries) and volumeId (snapshot entries)",
                ))
            }
        };
        Ok(outcome(result.map(|mut r| {
            r.notes.extend(os_volume_manage_cli::tools::microversion_note(&r, o.microversion.as_deref()));
            r
        })))
    }

    /// `listing::build_listing_query`; `query` is a `ListingQuery` as JSON.
    #[wasm_bindgen(js_name = buildListingQuery)]
    pub fn build_listing_query_js(query: &str) -> Result<String, JsError> {
        let query: os_volume_manage::tools::listing::ListingQuery = parse_arg(query, "query")?;
        Ok(outcome(os_volume_manage::tools::listing::build_listing_query(&query)))
    }

    /// `listing::parse_volume_manage_response` / `parse_snapshot_manage_response`.
    #[wasm_bindgen(js_name = parseManageResponse)]
    pub fn parse_manage_response_js(text: &str, kind: &str) -> Result<String, JsError> {
        Ok(match parse_kind(kind)? {
            Kind::Snapshot => outcome(os_volume_manage::tools::listing::parse_snapshot_manage_response(text)),
            Kind::Volume => outcome(os_volume_manage::tools::listing::parse_volume_manage_response(text)),
        })
    }

    /// `metadata_text::parse_metadata_horizon` (`style` "horizon", `text` as
    /// typed) or `parse_metadata_cli` (`style` "cli", `text` a JSON array of items).
    #[wasm_bindgen(js_name = parseMetadataText)]
    pub fn parse_metadata_text_js(text: &str, style: &str) -> Result<String, JsError> {
        let parsed = match style {
            "horizon" => os_volume_manage::tools::metadata_text::parse_metadata_horizon(text),
            "cli" => {
                os_volume_manage::tools::metadata_text::parse_metadata_cli(&parse_arg::<Vec<String>>(text, "items")?)
            }
            other => return Err(JsError::new(&format!("unknown style {other:?}: expected \"horizon\" or \"cli\""))),
        };
        Ok(json_of(&parsed))
    }

    /// `server_message::locate_server_message`; `request` is the body as JSON.
    #[wasm_bindgen(js_name = locateServerMessage)]
    pub fn locate_server_message_js(message: &str, kind: &str, request: Option<String>) -> Result<String, JsError> {
        let kind = parse_kind(kind)?;
        let request = request.map(|r| parse_data(&r, "request")).transpose()?;
        Ok(json_of(&os_volume_manage::tools::server_message::locate_server_message(message, kind, request.as_ref())))
    }

    /// `render::render_text` of a body text (sent byte for byte by curl).
    /// `kind` defaults to the route's, else the body's.
    #[wasm_bindgen(js_name = renderRequest)]
    pub fn render_request_js(
        text: &str,
        kind: Option<String>,
        microversion: Option<String>,
        endpoint: Option<String>,
        url: Option<String>,
        #[wasm_bindgen(js_name = projectId)] project_id: Option<String>,
    ) -> Result<String, JsError> {
        use os_volume_manage::tools::render::{render_text, RenderOptions};
        let kind = kind.as_deref().map(parse_kind).transpose()?;
        let route = match endpoint.as_deref() {
            None => None,
            Some(e) => {
                let parsed = os_volume_manage::Endpoint::parse(e).ok_or_else(|| {
                    JsError::new(&format!(
                        "unknown endpoint {e:?}: expected one of os-volume-manage, manageable_volumes, os-snapshot-manage, manageable_snapshots"
                    ))
                })?;
                if kind.is_some_and(|k| k != parsed.kind()) {
                    return Err(JsError::new(&format!("endpoint {e:?} takes {} requests", parsed.kind().as_str())));
                }
                Some(parsed)
            }
        };
        let options = RenderOptions {
            kind: os_volume_manage_cli::check::resolve_kind(kind, endpoint.as_deref(), text.as_bytes()),
            microversion,
            endpoint: url,
            project_id,
            route,
            body_text: None,
        };
        Ok(render_text(text, &options).to_json())
    }

    /// `tools::command::check_command`: the request a `cinder …` or
    /// `openstack …` command line sends (or the client's refusal) and
    /// Cinder's verdict, as `{"ok": true, …}` (the reading's JSON) or
    /// `{"ok": false, "error": {"code", "message"}}` for a command line that
    /// is not a client run. `server_max` defaults to 3.71; `volumes` is a
    /// JSON array of `{"id", "name"}`. A bad `server_max` or `volumes` is
    /// misuse.
    #[wasm_bindgen(js_name = requestFromCommand)]
    pub fn request_from_command_js(
        command: &str,
        #[wasm_bindgen(js_name = serverMax)] server_max: Option<String>,
        volumes: Option<String>,
    ) -> Result<String, JsError> {
        use os_volume_manage::tools::command::{check_command, CommandOptions};
        let mut options = CommandOptions::default();
        if let Some(max) = server_max.as_deref() {
            options.server_max = CommandOptions::parse_server_max(max).map_err(|e| JsError::new(&e.message))?;
        }
        if let Some(v) = volumes.as_deref() {
            options.volumes =
                Some(os_volume_manage_cli::tools::parse_volumes(v).map_err(|e| JsError::new(&e.to_string()))?);
        }
        let json = match check_command(command, &options) {
            Ok(checked) => checked.to_json(),
            Err(e) => e.to_json(),
        };
        let ok = !json.starts_with("{\"error\"");
        Ok(format!("{{\"ok\":{ok},{}", json.strip_prefix('{').unwrap_or(&json)))
    }

    /// For the package's CLI: `size`, `ref`, `host`, `from-listing`, `render`
    /// exactly as the native CLI runs them (`argv` as a JSON array, `input`
    /// the bytes of the file the command reads). Returns `{"code",
    /// "stdout", "stderr"}`.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __cliRunTool)]
    pub fn cli_run_tool(argv: &str, input: Option<Vec<u8>>) -> Result<String, JsError> {
        let argv: Vec<String> = parse_arg(argv, "argv")?;
        let output = match os_volume_manage_cli::parse(&argv) {
            Ok(os_volume_manage_cli::Invocation::Tool(tool)) => {
                os_volume_manage_cli::tools::run(&tool, input.as_deref())
            }
            Ok(_) => return Err(JsError::new("__cliRunTool takes the argv of a tool command")),
            Err(e) => os_volume_manage_cli::tools::ToolOutput { code: 2, stdout: String::new(), stderr: e.stderr() },
        };
        Ok(serde_json::to_string(&output).unwrap_or_default())
    }
}

/// The repository README's Rust example runs as a doctest here: this crate
/// is not published, so it may read a file outside its package.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct RepositoryReadmeDoctests;
