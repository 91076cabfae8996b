//! What a check returns: Cinder's verdict, every problem found, and the
//! request Cinder would act on.
//!
//! The types are read through methods, so that what a report holds (and
//! when its texts are rendered) can change without changing how it is read.

mod code;
pub(crate) mod issues;
pub(crate) mod json;
pub(crate) mod pointer;

use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

pub use code::{ChangeCode, Code};

use crate::limits::MAX_LISTED;
use crate::python::value::{PyStr, Value};
use crate::text::Wtf8Buf;

/// One problem or warning, placed on a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub(crate) pointer: String,
    pub(crate) code: Code,
    pub(crate) message: String,
}

impl Issue {
    /// JSON pointer to the field (RFC 6901, then URI-fragment
    /// percent-encoding of bytes outside the safe set), e.g.
    /// `/volume/metadata/k%20ey`; `""` for the whole body.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The stable machine code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// What is wrong and what to do, for a person. Wording may change
    /// between releases; the code does not.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `too_many_issues` entry that ends a list: `unlisted` issues
    /// repeated per key (`what`: "error" or "warning") were found and not
    /// listed.
    pub(crate) fn too_many(unlisted: usize, what: &str) -> Issue {
        let s = if unlisted == 1 { "" } else { "s" };
        Issue {
            pointer: String::new(),
            code: Code::TooManyIssues,
            message: format!(
                "{unlisted} more {what}{s} about single metadata keys, metadata values or unexpected properties \
                 were found and not listed: such {what}s are listed only while the list holds fewer than \
                 {MAX_LISTED}. Fix the listed ones and check again"
            ),
        }
    }
}

impl fmt::Display for Issue {
    /// `pointer [code] message` (`(body)` for the empty pointer), as the
    /// CLI prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "(body)" } else { &self.pointer };
        write!(f, "{pointer} [{}] {}", self.code, self.message)
    }
}

impl Serialize for Issue {
    /// `{"pointer", "code", "message"}`, as in [`Report::to_json`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Issue", 3)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

/// One normalization Cinder applies, reported so nothing changes silently.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub(crate) pointer: String,
    pub(crate) code: ChangeCode,
    pub(crate) from: Value,
    pub(crate) to: Value,
    pub(crate) message: String,
}

impl Change {
    /// JSON pointer to the field that changes.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The stable machine code.
    pub fn code(&self) -> ChangeCode {
        self.code
    }

    /// The value as sent (an absent key: null).
    pub fn from(&self) -> &Value {
        &self.from
    }

    /// The value Cinder acts on.
    pub fn to(&self) -> &Value {
        &self.to
    }

    /// What changes and why, for a person.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Change {
    /// `pointer → to: message`, the new value as JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}: {}", self.pointer, self.to.to_json(), self.message)
    }
}

impl Serialize for Change {
    /// `{"pointer", "code", "from", "to", "message"}`, as in
    /// [`Report::to_json`] (values through [`Value`]'s `Serialize`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Change", 5)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("from", &self.from)?;
        st.serialize_field("to", &self.to)?;
        st.serialize_field("message", &self.message)?;
        st.end()
    }
}

/// The request Cinder's volume-manage controller passes on to
/// `cinder/volume/api.py: API.manage_existing`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NormalizedVolume {
    /// Stripped; null when absent or empty.
    pub name: Option<PyStr>,
    /// Stripped; null when absent or empty.
    pub description: Option<PyStr>,
    /// `false` when absent; Cinder's boolean strings read as booleans.
    pub bootable: bool,
    /// As sent; null when absent or null.
    pub metadata: Option<Value>,
    /// As sent; null when absent or null (`""` stays `""`).
    pub availability_zone: Option<PyStr>,
    /// As sent; null (the server's default type) when absent or empty.
    pub volume_type: Option<PyStr>,
    /// As sent, after `cinder/api/common.py: get_cluster_host`.
    pub host: Option<PyStr>,
    /// As sent from microversion 3.16 on; null below it.
    pub cluster: Option<PyStr>,
    /// The `ref` object (or string) as sent.
    pub reference: Value,
}

/// The request Cinder's snapshot-manage controller passes on to
/// `cinder/volume/api.py: API.manage_existing_snapshot`: every field as sent.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NormalizedSnapshot {
    /// As sent; null when absent.
    pub name: Option<PyStr>,
    /// As sent; null when absent.
    pub description: Option<PyStr>,
    /// As sent; null when absent or null.
    pub metadata: Option<Value>,
    /// The id of the snapshot's volume.
    pub volume_id: PyStr,
    /// The `ref` object (or string) as sent.
    pub reference: Value,
}

/// What Cinder acts on once it accepts a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Normalized {
    /// A volume manage request.
    Volume(NormalizedVolume),
    /// A snapshot manage request.
    Snapshot(NormalizedSnapshot),
}

/// The name of a member of a normalized request, with its JSON spellings
/// (written whole by the JSON writer).
#[derive(Clone, Copy)]
pub(crate) struct Key {
    pub(crate) name: &'static str,
    /// `,"name":`
    pub(crate) json: &'static str,
    /// `,"name":"`, before a string value.
    pub(crate) json_string: &'static str,
    /// `,"name":null`
    pub(crate) json_null: &'static str,
    /// `,"name":false`, `,"name":true`
    pub(crate) json_bool: [&'static str; 2],
}

macro_rules! key {
    ($name:literal) => {
        Key {
            name: $name,
            json: concat!(",\"", $name, "\":"),
            json_string: concat!(",\"", $name, "\":\""),
            json_null: concat!(",\"", $name, "\":null"),
            json_bool: [concat!(",\"", $name, "\":false"), concat!(",\"", $name, "\":true")],
        }
    };
}

/// The members of a normalized volume, in order.
pub(crate) static VOLUME_KEYS: [Key; 9] = [
    key!("name"),
    key!("description"),
    key!("bootable"),
    key!("metadata"),
    key!("availability_zone"),
    key!("volume_type"),
    key!("host"),
    key!("cluster"),
    key!("ref"),
];

/// The members of a normalized snapshot, in order.
pub(crate) static SNAPSHOT_KEYS: [Key; 5] =
    [key!("name"), key!("description"), key!("metadata"), key!("volume_id"), key!("ref")];

/// One member of a normalized request, borrowed: a string or null, a
/// boolean, or any value (null when absent).
#[derive(Clone, Copy)]
pub(crate) enum Member<'a> {
    Text(Option<&'a PyStr>),
    Bool(bool),
    Any(Option<&'a Value>),
}

/// Expands to `$each!(key, member)` for each member of the normalized
/// request `$n`, in the order every output writes them: the one definition
/// of that order. A macro, so that the JSON writer's calls become
/// straight-line code (each for the one kind of member it gets).
macro_rules! for_each_member {
    ($n:expr, $each:ident) => {
        match $n {
            $crate::report::Normalized::Volume(v) => {
                let [name, description, bootable, metadata, zone, volume_type, host, cluster, reference] =
                    &$crate::report::VOLUME_KEYS;
                $each!(name, $crate::report::Member::Text(v.name.as_ref()));
                $each!(description, $crate::report::Member::Text(v.description.as_ref()));
                $each!(bootable, $crate::report::Member::Bool(v.bootable));
                $each!(metadata, $crate::report::Member::Any(v.metadata.as_ref()));
                $each!(zone, $crate::report::Member::Text(v.availability_zone.as_ref()));
                $each!(volume_type, $crate::report::Member::Text(v.volume_type.as_ref()));
                $each!(host, $crate::report::Member::Text(v.host.as_ref()));
                $each!(cluster, $crate::report::Member::Text(v.cluster.as_ref()));
                $each!(reference, $crate::report::Member::Any(Some(&v.reference)));
            }
            $crate::report::Normalized::Snapshot(s) => {
                let [name, description, metadata, volume_id, reference] = &$crate::report::SNAPSHOT_KEYS;
                $each!(name, $crate::report::Member::Text(s.name.as_ref()));
                $each!(description, $crate::report::Member::Text(s.description.as_ref()));
                $each!(metadata, $crate::report::Member::Any(s.metadata.as_ref()));
                $each!(volume_id, $crate::report::Member::Text(Some(&s.volume_id)));
                $each!(reference, $crate::report::Member::Any(Some(&s.reference)));
            }
        }
    };
}
pub(crate) use for_each_member;

impl Normalized {
    /// Calls `f` with each member's name and value, in the order every
    /// output writes them (see [`for_each_member!`]).
    pub(crate) fn for_each_member<'a>(&'a self, mut f: impl FnMut(&'static Key, Member<'a>)) {
        macro_rules! call {
            ($key:expr, $member:expr) => {
                f($key, $member)
            };
        }
        for_each_member!(self, call);
    }

    /// The normalized request as a [`Value`] (an object), exactly.
    pub fn to_value(&self) -> Value {
        let mut members = Vec::with_capacity(VOLUME_KEYS.len());
        self.for_each_member(|key, member| {
            let value = match member {
                Member::Text(s) => s.cloned().map_or(Value::Null, Value::Str),
                Member::Bool(b) => Value::Bool(b),
                Member::Any(v) => v.cloned().unwrap_or(Value::Null),
            };
            members.push((PyStr::from(key.name), value));
        });
        Value::Object(members.into_iter().collect())
    }

    /// The `ref` of the request.
    pub fn reference(&self) -> &Value {
        match self {
            Normalized::Volume(v) => &v.reference,
            Normalized::Snapshot(s) => &s.reference,
        }
    }
}

impl Serialize for Normalized {
    /// The members in [`Normalized::to_json`]'s order, through serde (see
    /// [`Report`]'s `Serialize` for what serde cannot carry).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let mut result = Ok(());
        self.for_each_member(|key, member| {
            if result.is_ok() {
                result = match member {
                    Member::Text(t) => map.serialize_entry(key.name, &t),
                    Member::Bool(b) => map.serialize_entry(key.name, &b),
                    Member::Any(v) => map.serialize_entry(key.name, &v),
                };
            }
        });
        result?;
        map.end()
    }
}

/// The verdict on one request.
///
/// ```
/// use os_volume_manage::{check_text, Code, Kind, Options};
/// let body = br#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv"}, "bootable": "Y"}}"#;
/// let report = check_text(Kind::Volume, body, &Options::default());
/// assert!(!report.accepted());
/// assert_eq!(report.http_status(), 400);
/// assert_eq!(report.errors()[0].code(), Code::InvalidBoolean);
/// assert_eq!(report.errors()[0].pointer(), "/volume/bootable");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub(crate) accepted: bool,
    pub(crate) http_status: u16,
    pub(crate) server_error: Option<Wtf8Buf>,
    pub(crate) errors: Vec<Issue>,
    pub(crate) warnings: Vec<Issue>,
    pub(crate) changes: Vec<Change>,
    pub(crate) normalized: Option<Normalized>,
    /// The answer's bytes, for a whole request ([`crate::check_request`]).
    pub(crate) response: Option<Box<Response>>,
}

impl Report {
    /// True exactly when Cinder would answer 202.
    pub fn accepted(&self) -> bool {
        self.accepted
    }

    /// The HTTP status Cinder would answer: 202, 400, 404, 406, 413, 415 or
    /// 500 (a 500 may be the server's own, when rendering Cinder's answer
    /// failed: see [`Report::response`]).
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// Cinder's fault message for the first error, byte for byte (it may
    /// quote a lone surrogate of the request, as Cinder does). `None` when
    /// accepted, and when no message reaches the client (an `Accept` that
    /// makes rendering the fault fail). For an error webob renders itself
    /// (the 413s, a 404 from routing) it is webob's explanation, the text
    /// between the page's fixed head and tail.
    pub fn server_error(&self) -> Option<ServerError<'_>> {
        self.server_error.as_ref().map(ServerError)
    }

    /// Every problem found; the first is the one Cinder reports. Errors
    /// repeated per key (metadata keys and values, unexpected properties)
    /// are listed while fewer than [`MAX_LISTED`] errors are; the rest are
    /// counted in a `too_many_issues` entry, last.
    pub fn errors(&self) -> &[Issue] {
        &self.errors
    }

    /// Accepted by the API but likely to fail later, or worth a look (per
    /// metadata value: listed like errors, up to [`MAX_LISTED`]).
    pub fn warnings(&self) -> &[Issue] {
        &self.warnings
    }

    /// The normalizations Cinder applies (only when accepted).
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// What Cinder acts on (only when accepted).
    pub fn normalized(&self) -> Option<&Normalized> {
        self.normalized.as_ref()
    }

    /// The normalized request, by value.
    pub fn into_normalized(self) -> Option<Normalized> {
        self.normalized
    }

    /// The answer's status line, Content-Type, `OpenStack-API-Version` and
    /// body, for a report on a whole request ([`crate::check_request`]);
    /// `None` for the body-level functions.
    pub fn response(&self) -> Option<&Response> {
        self.response.as_deref()
    }

    /// The report as one line of JSON, exactly (the CLI's and the npm
    /// package's form): `{"accepted", "http_status", "server_error",
    /// "errors", "warnings", "changes", "normalized"}`, lone surrogates as
    /// `\udXXX` escapes and integers of any size as their digits.
    pub fn to_json(&self) -> String {
        json::report(self)
    }

    /// True when serde output would change something: a lone surrogate
    /// (serde strings are Rust `str`s) or an integer beyond 64 bits (written
    /// as the nearest double). Non-finite floats already carry a
    /// `lossy_output` warning (JSON has no spelling for them at all).
    fn serde_is_lossy(&self) -> bool {
        let mut normalized = false;
        if let Some(n) = &self.normalized {
            n.for_each_member(|_, member| {
                normalized |= match member {
                    Member::Text(t) => t.is_some_and(PyStr::has_lone_surrogate),
                    Member::Bool(_) => false,
                    Member::Any(v) => v.is_some_and(Value::serde_is_lossy),
                }
            });
        }
        normalized
            || self.server_error.as_ref().is_some_and(Wtf8Buf::has_lone_surrogate)
            || self.changes.iter().any(|c| c.from.serde_is_lossy() || c.to.serde_is_lossy())
    }
}

impl fmt::Display for Report {
    /// The verdict, Cinder's message and every issue, one per line, as the
    /// CLI's text output shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.accepted { "accepted" } else { "rejected" };
        writeln!(f, "{verdict} (HTTP {})", self.http_status)?;
        if let Some(text) = self.server_error() {
            writeln!(f, "Cinder says: {text}")?;
        }
        if let Some(r) = &self.response {
            writeln!(f, "{r}")?;
        }
        for e in &self.errors {
            writeln!(f, "error   {e}")?;
        }
        for w in &self.warnings {
            writeln!(f, "warning {w}")?;
        }
        for c in &self.changes {
            writeln!(f, "change  {c}")?;
        }
        Ok(())
    }
}

impl Serialize for Report {
    /// The members of [`Report::to_json`], through serde.
    ///
    /// serde cannot carry everything a report can hold: a lone surrogate
    /// becomes U+FFFD and an integer beyond 64 bits the nearest double.
    /// When that happens the serialized `warnings` end with a
    /// `lossy_output` warning saying so, so the loss is never silent; use
    /// [`Report::to_json`] for exact output.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let lossy = self.serde_is_lossy().then(|| Issue {
            pointer: String::new(),
            code: Code::LossyOutput,
            message: "this serialization replaced lone surrogates with U+FFFD or wrote integers beyond 64 bits \
                      as floats; Report::to_json() is exact"
                .into(),
        });
        let mut st = s.serialize_struct("Report", 7 + usize::from(self.response.is_some()))?;
        st.serialize_field("accepted", &self.accepted)?;
        st.serialize_field("http_status", &self.http_status)?;
        st.serialize_field("server_error", &self.server_error().map(|s| s.to_string_lossy()))?;
        st.serialize_field("errors", &self.errors)?;
        st.serialize_field("warnings", &Chained(&self.warnings, lossy.as_ref()))?;
        st.serialize_field("changes", &self.changes)?;
        st.serialize_field("normalized", &self.normalized)?;
        if let Some(r) = &self.response {
            st.serialize_field("response", r)?;
        }
        st.end()
    }
}

/// The answer to a whole request, as far as the request decides it.
///
/// ```
/// use os_volume_manage::{check_request, Endpoint, Options, Request};
/// let request = Request::builder().header("Content-Type", "text/plain").body("{}").build().unwrap();
/// let report = check_request(Endpoint::OsVolumeManage, &request, &Options::default());
/// let response = report.response().unwrap();
/// assert_eq!(response.status_line(), Some("415 Unsupported Media Type"));
/// assert_eq!(response.body(), Some(&br#"{"badMediaType": {"code": 415, "message": "Unsupported Content-Type"}}"#[..]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub(crate) status_line: Option<&'static str>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) api_version: Option<String>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) rendered_by: Rendering,
}

/// Who writes an answer's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rendering {
    /// Cinder's JSON fault (`cinder/api/openstack/wsgi.py: Fault`).
    Fault,
    /// webob's own error page (`webob/exc.py: WSGIHTTPException`) as plain
    /// text (no `Accept`, or one that takes neither HTML nor JSON).
    WebobPlain,
    /// webob's own error page as JSON (`Accept` prefers JSON to HTML).
    WebobJson,
    /// webob's own error page as HTML (`Accept` takes HTML at least as
    /// readily as JSON, or is invalid).
    WebobHtml,
    /// The controller's answer (202); its body comes from Cinder's view
    /// builders and is not modelled.
    Controller,
    /// Rendering Cinder's answer raised: the WSGI server answers 500 itself.
    Server,
}

impl Rendering {
    /// `fault`, `webob-plain`, `webob-json`, `webob-html`, `controller`,
    /// `server`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rendering::Fault => "fault",
            Rendering::WebobPlain => "webob-plain",
            Rendering::WebobJson => "webob-json",
            Rendering::WebobHtml => "webob-html",
            Rendering::Controller => "controller",
            Rendering::Server => "server",
        }
    }
}

impl Response {
    /// The status line, e.g. `415 Unsupported Media Type`; `None` when the
    /// server answers 500 itself and does not say how (a WSGI container's
    /// own error page).
    pub fn status_line(&self) -> Option<&str> {
        self.status_line
    }

    /// The response's Content-Type.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type
    }

    /// The `OpenStack-API-Version` response header (`volume 3.16`), absent
    /// when no version was set (a refused version header, an answer from
    /// before the version is read) or for a version Cinder calls legacy.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// The body, byte for byte (ASCII: Cinder writes JSON with `\uXXXX`
    /// escapes); `None` for a 202 (made by the view builders) and for a
    /// server's own error page.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Who wrote the body.
    pub fn rendered_by(&self) -> Rendering {
        self.rendered_by
    }
}

impl fmt::Display for Response {
    /// `Cinder answers: 415 Unsupported Media Type (application/json, fault)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status_line {
            Some(line) => write!(f, "Cinder answers: {line}")?,
            None => f.write_str("the server answers 500 itself")?,
        }
        match self.content_type {
            Some(ct) => write!(f, " ({ct}, {})", self.rendered_by.as_str()),
            None => write!(f, " ({})", self.rendered_by.as_str()),
        }
    }
}

impl Serialize for Response {
    /// `{"status_line", "content_type", "openstack_api_version",
    /// "rendered_by", "body"}`, as in [`Report::to_json`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Response", 5)?;
        st.serialize_field("status_line", &self.status_line)?;
        st.serialize_field("content_type", &self.content_type)?;
        st.serialize_field("openstack_api_version", &self.api_version)?;
        st.serialize_field("rendered_by", self.rendered_by.as_str())?;
        st.serialize_field("body", &self.body.as_deref().map(String::from_utf8_lossy))?;
        st.end()
    }
}

/// Cinder's fault message, borrowed from a [`Report`]: text as Python holds
/// it, which may include lone surrogates quoted from the request.
///
/// ```
/// use os_volume_manage::{check_text, Kind, Options};
/// let body = br#"{"volume": {"host": "h", "ref": {}, "name": 1}}"#;
/// let report = check_text(Kind::Volume, body, &Options::default());
/// let message = report.server_error().unwrap();
/// assert_eq!(message, "Invalid input for field/attribute name. Value: 1. 1 is not of type 'string', 'null'");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerError<'a>(&'a Wtf8Buf);

impl<'a> ServerError<'a> {
    /// The text, when it holds no lone surrogate.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.0 {
            Wtf8Buf::Utf8(text) => Some(text),
            Wtf8Buf::Wtf8(_) => None,
        }
    }

    /// The raw WTF-8 bytes (UTF-8 when there is no lone surrogate).
    pub fn as_wtf8(&self) -> &'a [u8] {
        match self.0 {
            Wtf8Buf::Utf8(text) => text.as_bytes(),
            Wtf8Buf::Wtf8(bytes) => bytes,
        }
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> std::borrow::Cow<'a, str> {
        match self.0 {
            Wtf8Buf::Utf8(text) => std::borrow::Cow::Borrowed(text),
            Wtf8Buf::Wtf8(_) => std::borrow::Cow::Owned(self.0.to_pystr().to_string_lossy()),
        }
    }

    /// The text as a Python `str` (a copy).
    pub fn to_pystr(&self) -> PyStr {
        self.0.to_pystr()
    }
}

impl fmt::Display for ServerError<'_> {
    /// The text, each lone surrogate shown as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

impl PartialEq<str> for ServerError<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_wtf8() == other.as_bytes()
    }
}

impl PartialEq<&str> for ServerError<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_wtf8() == other.as_bytes()
    }
}

impl PartialEq<PyStr> for ServerError<'_> {
    fn eq(&self, other: &PyStr) -> bool {
        self.as_wtf8() == other.as_wtf8()
    }
}

/// A list of issues and one more at its end.
struct Chained<'a>(&'a [Issue], Option<&'a Issue>);

impl Serialize for Chained<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len() + usize::from(self.1.is_some())))?;
        for issue in self.0.iter().chain(self.1) {
            seq.serialize_element(issue)?;
        }
        seq.end()
    }
}
