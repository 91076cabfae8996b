//! A whole HTTP request through a deployed Cinder 29.0.0: the server layer,
//! the `api-paste.ini` middleware and the framework code around the
//! controller, in the order `docs/cinder/http.md` (section 3) gives:
//!
//! 1. the server turns the request into the WSGI environ ([`ServerModel`]);
//! 2. `oslo_middleware/sizelimit.py: RequestBodySizeLimiter` refuses a
//!    Content-Length over `max_request_body_size` (413, webob);
//! 3. authentication is not judged (see below);
//! 4. `routes/middleware.py: RoutesMiddleware` parses a form body for
//!    `_method` and may re-route the request (404, webob; or 500);
//! 5. `cinder/api/openstack/wsgi.py: Resource.__call__` reads the
//!    `OpenStack-API-Version` header (400, 406, 500);
//! 6. `Resource.get_body` reads the body (413 when it is chunked and over
//!    the limit), ignores an empty one and one without Content-Type, and
//!    refuses any Content-Type but JSON (415);
//! 7. the JSON layer, schema and controller ([`crate::check_text`]);
//! 8. `Fault.__call__` renders an error after `Accept` (which can make it
//!    fail: a bare 500) and webob renders its own errors after `Accept`.
//!
//! Authentication: `auth_strategy = keystone` (the default) lets
//! keystonemiddleware refuse a request without a valid token (401) before
//! any of this, and sets the project the URL must name. Neither can be
//! judged from the request, so a valid token for the URL's project is
//! assumed; a request without `X-Auth-Token` gets a warning. The
//! `noauth` strategy's own answers (204 without a token, `X-Service-Catalog`
//! checks) are not modelled.

mod accept;
mod form;
mod render;

use crate::cinder::pipeline::judge_text;
use crate::cinder::version::{Endpoint, Microversion, Options, GENERIC_500};
use crate::http::server::Environ;
use crate::http::{Request, RequestError, ServerModel};
use crate::python::value::PyStr;
use crate::report::{Code, Issue, Rendering, Report, Response};
use accept::Accept;
use form::Override;
use render::WebobFormat;

/// `Resource`'s `SUPPORTED_CONTENT_TYPES`, in `best_match_content_type`'s
/// order of offers.
const JSON: &str = "application/json";
const VND: &str = "application/vnd.openstack.volume+json";

/// oslo.middleware's message when the Content-Length is over the limit:
/// untranslated and never formatted, so `(%s)` is literal.
const TOO_LARGE_CONTENT_LENGTH: &str = "Request is too large. Larger than max_request_body_size (%s).";

/// webob's explanation of a route that does not exist.
const NOT_FOUND: &str = "The resource could not be found.";

/// Judges a whole HTTP request POSTed to `endpoint`, as a Cinder 29.0.0
/// server deployed with its `api-paste.ini` judges it: the header fields as
/// sent, the body bytes and their framing, read by `options.server` and
/// limited by `options.max_request_body_size`. The report's
/// [`Report::response`] holds the answer's bytes.
///
/// ```
/// use os_volume_manage::{check_request, Code, Endpoint, Options, Request};
/// // What `fetch(url, {method: "POST", body: JSON.stringify(body)})` sends.
/// let request = Request::builder()
///     .header("Content-Type", "text/plain;charset=UTF-8")
///     .body(r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv1"}}}"#)
///     .build()
///     .unwrap();
/// let report = check_request(Endpoint::OsVolumeManage, &request, &Options::default());
/// assert_eq!(report.http_status(), 415);
/// assert_eq!(report.errors()[0].code(), Code::ContentTypeUnsupported);
/// ```
pub fn check_request(endpoint: Endpoint, request: &Request, options: &Options) -> Report {
    let env = Environ::of(request, options.server);
    let mut notes = Notes::default();
    notes.request_warnings(request, &env, options.server);
    let answer = pipeline(endpoint, request, &env, options, &mut notes);
    finish(answer, &env, options.server, notes)
}

/// The first answer in the pipeline's order.
enum Answer {
    /// Rendered by webob from its explanation (413, a 404 from routing).
    Webob { status: u16, explanation: String, issue: Issue },
    /// A Cinder fault (or the 202): `report` holds the verdict;
    /// `api_version`, the version Cinder's answer names.
    Cinder { report: Box<Report>, api_version: Option<String> },
    /// A fault from `FaultWrapper` for an error raised before the version
    /// is read.
    Wrapped { status: u16, message: String, issue: Issue },
}

#[derive(Default)]
struct Notes {
    warnings: Vec<Issue>,
    uncertain: Vec<String>,
}

impl Notes {
    fn warn(&mut self, code: Code, message: String) {
        self.warnings.push(Issue { pointer: String::new(), code, message });
    }

    /// Warnings about the request itself: what is not judged, and what a
    /// different server would make of it.
    fn request_warnings(&mut self, request: &Request, env: &Environ<'_>, server: ServerModel) {
        if request.header_values("x-auth-token").next().is_none() {
            self.warn(
                Code::AuthTokenMissing,
                "no X-Auth-Token header: behind Keystone (Cinder's default auth_strategy) the request is refused \
                 with 401 before Cinder reads it. This check assumes a valid token for the URL's project"
                    .into(),
            );
        }
        for name in &env.dropped {
            self.warn(
                Code::HeaderDropped,
                format!(
                    "header {name:?} holds \"_\": cinder-api's eventlet server and mod_wsgi drop such names, so \
                     Cinder never sees it; spell it with \"-\""
                ),
            );
        }
        let content_types: Vec<&[u8]> = request.header_values("content-type").collect();
        let other = match server {
            ServerModel::Wsgi => "cinder-api's own eventlet server",
            ServerModel::Eventlet => "a WSGI container such as mod_wsgi",
        };
        if request.is_chunked() && server == ServerModel::Wsgi {
            self.warn(
                Code::DependsOnServer,
                "the body is sent chunked: this verdict is for a server that de-chunks it (mod_wsgi, or a proxy that \
                 buffers it); cinder-api's eventlet server and uWSGI without --wsgi-manage-chunked-input read it as \
                 empty and answer 500. Send a Content-Length"
                    .into(),
            );
        }
        if content_types.is_empty() && !request.body().is_empty() {
            let there = match server {
                ServerModel::Wsgi => "reads a missing Content-Type as text/plain and answers 415",
                ServerModel::Eventlet => "ignores a body without Content-Type and answers 500",
            };
            self.warn(Code::DependsOnServer, format!("{other} {there}; send Content-Type: application/json"));
        }
        if let [first, second, ..] = content_types.as_slice() {
            let first = crate::http::latin1(first);
            let second = crate::http::latin1(second);
            self.warn(
                Code::DependsOnServer,
                format!(
                    "Content-Type is sent {} times: a WSGI container joins the values ({first:?}, {second:?}, …) \
                     into one that Cinder refuses, cinder-api's eventlet server uses the first; send it once",
                    content_types.len()
                ),
            );
        } else if let [only] = content_types.as_slice() {
            if only.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
                self.warn(
                    Code::DependsOnServer,
                    "Content-Type ends in whitespace: a WSGI container removes it, cinder-api's eventlet server \
                     keeps it and then refuses the type (415); drop the trailing whitespace"
                        .into(),
                );
            }
        }
    }
}

/// Steps 2 to 7 of the pipeline (see the module documentation).
fn pipeline(endpoint: Endpoint, request: &Request, env: &Environ<'_>, options: &Options, notes: &mut Notes) -> Answer {
    let limit = options.max_request_body_size;
    // 2. The Content-Length form of the size limit.
    if let (Some(length), Some(limit)) = (env.content_length, limit) {
        if over(length, limit) {
            return Answer::Webob {
                status: 413,
                explanation: TOO_LARGE_CONTENT_LENGTH.to_string(),
                issue: too_large_issue(length, limit, false),
            };
        }
    }
    // Without a Content-Length, reading the body goes through
    // `LimitingReader`, which raises once the bytes read exceed the limit
    // (a read of nothing counts against a negative limit).
    let read_over = match limit {
        Some(limit) if env.content_length.is_none() && over(env.body.len() as u64, limit) => Some(limit),
        _ => None,
    };
    let too_large_read = |limit: i64| Answer::Webob {
        status: 413,
        explanation: format!("Request is too large. Larger than {limit}."),
        issue: too_large_issue(env.body.len() as u64, limit, true),
    };
    // 4. Routing: a form POST is parsed for `_method` first.
    let content_type = env.content_type.as_deref();
    let mut body_read = false;
    if let Some(ct) = content_type.filter(|ct| form::is_form_post(Some(ct)) && form::webob_parses(ct)) {
        if let Some(charset) = form::foreign_charset(ct) {
            return Answer::Wrapped {
                status: 500,
                message: GENERIC_500.to_string(),
                issue: issue(
                    Code::FormInvalid,
                    format!(
                        "a form Content-Type with charset {charset:?}: Cinder's router parses form bodies before \
                         routing, and webob refuses any charset but UTF-8 (DeprecationWarning, 500). Send the JSON \
                         body with Content-Type: application/json"
                    ),
                ),
            };
        }
        if let Some(limit) = read_over {
            return too_large_read(limit);
        }
        body_read = true;
        match form::method_override(ct, env.body, &mut notes.uncertain) {
            Override::None => {}
            Override::Method(m) if m == "POST" || m == "GET" => {
                if m == "GET" {
                    notes.warn(
                        Code::FormMethodOverride,
                        "the form body's _method=GET re-routes the request to the collection's GET (list) action; \
                         it gets the same checks up to the Content-Type"
                            .into(),
                    );
                }
            }
            Override::Method(m) | Override::Unroutable(m) => {
                return Answer::Webob {
                    status: 404,
                    explanation: NOT_FOUND.to_string(),
                    issue: issue(
                        Code::FormMethodOverride,
                        format!(
                            "the form body sets _method={m:?}: Cinder's router re-routes the POST as {m}, and no \
                             route takes it (404). Send the JSON body with Content-Type: application/json"
                        ),
                    ),
                };
            }
            Override::Error(why) => {
                return Answer::Wrapped {
                    status: 500,
                    message: GENERIC_500.to_string(),
                    issue: issue(
                        Code::FormInvalid,
                        format!(
                            "{why}: Cinder's router parses form bodies before routing, and the error becomes a 500. \
                             Send the JSON body with Content-Type: application/json"
                        ),
                    ),
                };
            }
        }
    }
    // 5. The version header.
    let version = match Microversion::from_header(env.http("OPENSTACK_API_VERSION")) {
        Ok(v) => v,
        Err(e) => {
            // Only `InvalidGlobalAPIVersion` (406) leaves a version on the
            // request, which the answer then names.
            let api_version = e.requested;
            return Answer::Cinder {
                report: Box::new(Report::rejected(e.http_status, e.server_message, issue(e.code, e.message))),
                api_version,
            };
        }
    };
    // 6. `Resource.get_body`.
    if !body_read {
        if let Some(limit) = read_over {
            return too_large_read(limit);
        }
    }
    let mut options = options.clone();
    options.endpoint = Some(endpoint);
    let kind = endpoint.kind();
    let report = if env.body.is_empty() {
        let mut report = judge_text(kind, b"", version, &options);
        if request.is_chunked() && !request.body().is_empty() {
            if let Some(first) = report.errors.first_mut() {
                first.message = "cinder-api's eventlet server reads a chunked body as empty (webob does not see a \
                                 terminated input), so Cinder calls the controller without a body and answers 500. \
                                 Send the body with a Content-Length"
                    .into();
            }
        }
        report
    } else {
        match content_type {
            None => Report::rejected(
                500,
                GENERIC_500.to_string(),
                issue(
                    Code::ContentTypeMissing,
                    "no Content-Type header: Cinder then ignores the body, calls the controller without one and \
                     answers 500. Send Content-Type: application/json"
                        .into(),
                ),
            ),
            Some(ct) => {
                let media_type = ct.split(';').next().unwrap_or_default();
                if media_type == JSON || media_type == VND {
                    judge_text(kind, env.body, version, &options)
                } else {
                    Report::rejected(
                        415,
                        "Unsupported Content-Type".to_string(),
                        issue(Code::ContentTypeUnsupported, unsupported_message(request, ct, options.server)),
                    )
                }
            }
        }
    };
    Answer::Cinder { report: Box::new(report), api_version: Some(version.to_string()) }
}

/// `content_length > max_size` with Python's integers.
#[inline]
fn over(size: u64, limit: i64) -> bool {
    // A negative limit refuses every size; else compare as unsigned.
    limit < 0 || size > limit as u64
}

fn issue(code: Code, message: String) -> Issue {
    Issue { pointer: String::new(), code, message }
}

/// The 413 of the size limit, for a body of `size` bytes.
pub(crate) fn too_large_issue(size: u64, limit: i64, chunked: bool) -> Issue {
    let how = if chunked { "the chunked body is" } else { "the body is" };
    let message = if limit < 0 {
        format!(
            "this cloud's [oslo_middleware] max_request_body_size is {limit}, below zero, so oslo.middleware's size \
             limit refuses every request {} with 413",
            if chunked { "whose body is read" } else { "with a Content-Length" }
        )
    } else {
        format!(
            "{how} {size} bytes and this cloud accepts at most {limit} ([oslo_middleware] max_request_body_size; \
             {} by default): oslo.middleware answers 413 before Cinder sees the request. Send a smaller body, or ask \
             the operator for the cloud's limit",
            crate::limits::DEFAULT_MAX_REQUEST_BODY_SIZE
        )
    };
    issue(Code::BodyTooLarge, message)
}

/// The body-level form of the size limit: the limit a body of `size` bytes
/// sent with a Content-Length ([`crate::check_text`]) is over, if any.
#[inline]
pub(crate) fn body_over_limit(size: usize, options: &Options) -> Option<i64> {
    match options.max_request_body_size {
        // A slice's length fits an i64, so one signed comparison covers
        // negative limits too.
        Some(limit) if size as i64 > limit => Some(limit),
        _ => None,
    }
}

/// The 413 of [`body_over_limit`].
#[cold]
pub(crate) fn body_too_large(size: usize, limit: i64) -> Report {
    Report::rejected(413, TOO_LARGE_CONTENT_LENGTH.to_string(), too_large_issue(size as u64, limit, false))
}

/// What to send instead of an unsupported Content-Type (`ct`, as the
/// environ holds it).
fn unsupported_message(request: &Request, ct: &str, server: ServerModel) -> String {
    let media_type = ct.split(';').next().unwrap_or_default();
    let sent: Vec<&[u8]> = request.header_values("content-type").collect();
    let base = media_type.trim().to_ascii_lowercase();
    let refused =
        format!("Cinder accepts only \"{JSON}\" or \"{VND}\" before any \";\" and refuses {media_type:?} with 415");
    if sent.is_empty() && server == ServerModel::Eventlet {
        return "no Content-Type header: cinder-api's eventlet server reads it as text/plain, which Cinder refuses \
                with 415. Send Content-Type: application/json"
            .into();
    }
    if sent.len() > 1 && server == ServerModel::Wsgi {
        return format!(
            "Content-Type is sent {} times and the server joins the values into {ct:?}, which Cinder refuses with \
             415. Send Content-Type: application/json once",
            sent.len()
        );
    }
    if base == JSON || base == VND {
        return format!(
            "{refused}: the comparison is exact, without lower-casing or removing spaces. Send Content-Type: \
             application/json"
        );
    }
    if base.starts_with("text/plain") {
        return format!(
            "{refused}. fetch sends text/plain;charset=UTF-8 for a string body: set headers: {{'Content-Type': \
             'application/json'}}"
        );
    }
    if base == "application/x-www-form-urlencoded" || base == "multipart/form-data" {
        return format!(
            "{refused}. A form body (URLSearchParams, FormData, an HTML form) cannot carry the request: send \
             JSON.stringify(body) with Content-Type: application/json"
        );
    }
    if ct.is_empty() {
        return "Content-Type is sent with an empty value, which Cinder refuses with 415 (an empty header is still \
                a header). Send Content-Type: application/json"
            .into();
    }
    format!("{refused}. Send Content-Type: application/json")
}

/// The report, with the answer's bytes rendered and the request-level
/// warnings first.
fn finish(answer: Answer, env: &Environ<'_>, server: ServerModel, notes: Notes) -> Report {
    let Notes { mut warnings, uncertain } = notes;
    for what in uncertain {
        warnings.push(issue(
            Code::VerdictUncertain,
            format!("{what}: this part of the request is outside what the model reproduces exactly"),
        ));
    }
    let (mut report, response) = match answer {
        Answer::Webob { status, explanation, issue } => {
            let format = match Accept::parse(env.http("ACCEPT").or(Some("")))
                .best_offer(&[("text", "html"), ("application", "json")])
            {
                Some(0) => WebobFormat::Html,
                Some(_) => WebobFormat::Json,
                None => WebobFormat::Plain,
            };
            let line = render::status_line(status);
            let response = Response {
                status_line: Some(line),
                content_type: Some(format.content_type()),
                api_version: None,
                body: Some(render::webob_body(format, line, &explanation)),
                rendered_by: match format {
                    WebobFormat::Plain => Rendering::WebobPlain,
                    WebobFormat::Json => Rendering::WebobJson,
                    WebobFormat::Html => Rendering::WebobHtml,
                },
            };
            (Report::rejected(status, explanation, issue), response)
        }
        Answer::Wrapped { status, message, issue } => {
            let report = Report::rejected(status, message, issue);
            fault_response(report, None, env, server)
        }
        Answer::Cinder { report, api_version } => {
            let report = *report;
            let shown = api_version.filter(|v| !is_legacy(v));
            if report.accepted {
                let vnd = prefers_vnd(env);
                let response = Response {
                    status_line: Some(render::status_line(202)),
                    content_type: Some(if vnd { VND } else { JSON }),
                    api_version: shown.map(|v| format!("volume {v}")),
                    body: None,
                    rendered_by: Rendering::Controller,
                };
                (report, response)
            } else {
                fault_response(report, shown, env, server)
            }
        }
    };
    if !warnings.is_empty() {
        warnings.append(&mut report.warnings);
        report.warnings = warnings;
    }
    report.response = Some(Box::new(response));
    report
}

/// `cinder/api/openstack/wsgi.py: _is_legacy_endpoint`: the printed version
/// holds `1.0` or `2.0`.
fn is_legacy(version: &str) -> bool {
    version.contains("1.0") || version.contains("2.0")
}

/// Whether `Request.best_match_content_type` picks the vnd type (no `.json`
/// suffix on these paths, so `Accept` alone decides).
fn prefers_vnd(env: &Environ<'_>) -> bool {
    Accept::parse(env.http("ACCEPT"))
        .best_offer(&[("application", "json"), ("application", "vnd.openstack.volume+json")])
        == Some(1)
}

/// `Fault.__call__`: the JSON body, unless `Accept` prefers the vnd type, for
/// which Cinder has no serializer: then rendering raises `KeyError`, the
/// exception leaves the app and the server answers 500 itself.
fn fault_response(
    mut report: Report,
    api_version: Option<String>,
    env: &Environ<'_>,
    server: ServerModel,
) -> (Report, Response) {
    if prefers_vnd(env) {
        report.http_status = 500;
        report.server_error = None;
        report.errors.insert(
            0,
            issue(
                Code::AcceptUnrenderable,
                "Accept prefers application/vnd.openstack.volume+json, for which Cinder 29 has no error serializer: \
                 rendering this error raises KeyError and the server answers a bare 500 with no message (the \
                 error Cinder found is listed next). Send Accept: application/json, or none"
                    .into(),
            ),
        );
        let response = match server {
            ServerModel::Eventlet => Response {
                status_line: Some(render::status_line(500)),
                content_type: Some("text/plain"),
                api_version: None,
                body: Some(Vec::new()),
                rendered_by: Rendering::Server,
            },
            ServerModel::Wsgi => Response {
                status_line: None,
                content_type: None,
                api_version: None,
                body: None,
                rendered_by: Rendering::Server,
            },
        };
        return (report, response);
    }
    let message = report.server_error.as_ref().map(|m| m.to_pystr()).unwrap_or_else(|| PyStr::from(""));
    let response = Response {
        status_line: Some(render::status_line(report.http_status)),
        content_type: Some(JSON),
        api_version: api_version.map(|v| format!("volume {v}")),
        body: Some(render::fault_body(report.http_status, &message)),
        rendered_by: Rendering::Fault,
    };
    (report, response)
}

/// The route of a request line: `POST` to `/v3/{project_id}/<collection>`
/// (a project id as Cinder's default `project_id_regex`, `[0-9a-f-]+`,
/// allows) or `/v3/<collection>`, where the collection is one of the manage
/// endpoints. `target` may carry a scheme and host (`http://host:8776/v3/…`)
/// and percent-escapes, which the server decodes.
///
/// ```
/// use os_volume_manage::{route, Endpoint};
/// assert_eq!(route("POST", "/v3/0123abcd/os-volume-manage").unwrap(), Endpoint::OsVolumeManage);
/// assert_eq!(route("POST", "https://cinder:8776/v3/manageable_snapshots").unwrap(), Endpoint::ManageableSnapshots);
/// assert!(route("PUT", "/v3/0123abcd/os-volume-manage").is_err());
/// assert!(route("POST", "/v3/ABC/os-volume-manage").is_err());
/// ```
pub fn route(method: &str, target: &str) -> Result<Endpoint, RequestError> {
    let path = match target.find("://") {
        Some(i) => {
            let after = target.get(i + 3..).unwrap_or_default();
            after.find('/').and_then(|p| after.get(p..)).unwrap_or("/")
        }
        None => target,
    };
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = path.split_once('#').map_or(path, |(p, _)| p);
    let decoded = crate::http::latin1(&form::percent_decode(path.as_bytes()));
    let collection = |name: &str| Endpoint::parse(name);
    let endpoint = match decoded.strip_prefix("/v3/").map(|rest| rest.split('/').collect::<Vec<_>>()).as_deref() {
        Some([name]) => collection(name),
        Some([project, name])
            if !project.is_empty()
                && project.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-') =>
        {
            collection(name)
        }
        Some([project, name]) if collection(name).is_some() => {
            return Err(RequestError::new(
                Code::PathUnknown,
                format!(
                    "the project id {project:?} in {path:?} does not match Cinder's project_id_regex [0-9a-f-]+ \
                     (lower-case hex, as Keystone makes them), so no route takes it and Cinder answers 404"
                ),
            ))
        }
        _ => None,
    };
    let Some(endpoint) = endpoint else {
        return Err(RequestError::new(
            Code::PathUnknown,
            format!(
                "{path:?} is not a manage route: POST to /v3/{{project_id}}/ followed by os-volume-manage, \
                 manageable_volumes, os-snapshot-manage or manageable_snapshots"
            ),
        ));
    };
    if query.is_some_and(|q| q.contains("_method")) {
        return Err(RequestError::new(
            Code::PathUnknown,
            "a _method query parameter re-routes the request in Cinder's router; that is not modelled: drop it",
        ));
    }
    if method != "POST" {
        let what = match method {
            "GET" => "GET lists manageable resources (or is refused with 400); it is not a manage request",
            "PUT" | "DELETE" | "PATCH" => "no route takes it and Cinder answers 404",
            _ => "it is not a manage request",
        };
        return Err(RequestError::new(
            Code::MethodUnsupported,
            format!("method {method:?}: manage requests are POSTed; {what}"),
        ));
    }
    Ok(endpoint)
}

impl Report {
    /// A rejection before the schema, or by the request's framing.
    pub(crate) fn rejected(http_status: u16, server_error: String, issue: Issue) -> Report {
        Report {
            accepted: false,
            http_status,
            server_error: Some(server_error.into()),
            errors: vec![issue],
            warnings: Vec::new(),
            changes: Vec::new(),
            normalized: None,
            response: None,
        }
    }
}
