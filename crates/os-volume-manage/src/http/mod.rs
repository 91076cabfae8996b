//! Whole HTTP requests as a client sends them, before any server reads them:
//! the header fields in order, the body bytes and how the body is framed.
//!
//! Nothing here knows Cinder. [`Request`] is what
//! [`crate::check_request`] judges; [`raw`] reads one from HTTP/1.1 text;
//! `server` turns one into what a WSGI server hands Cinder (the environ),
//! per [`ServerModel`].

pub mod raw;
pub(crate) mod server;

use std::fmt;

use crate::report::Code;

/// Which server runs Cinder's WSGI app. The two differ in how the bytes on
/// the wire become the WSGI environ, and Cinder's answer follows
/// (`docs/cinder/http.md`, section 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ServerModel {
    /// A WSGI container that de-chunks request bodies (mod_wsgi, or any
    /// server behind a proxy that buffers the body), as `cinder-wsgi` is
    /// usually deployed. Header values lose their outer spaces and tabs;
    /// a repeated name becomes one field joined with `", "`.
    #[default]
    Wsgi,
    /// `cinder-api`'s own eventlet server (`eventlet/wsgi.py`): a missing
    /// Content-Type reads as `text/plain`, a chunked body reads as empty,
    /// the first of a repeated Content-Type counts and its trailing
    /// whitespace is kept.
    Eventlet,
}

impl ServerModel {
    /// Both models.
    pub const ALL: [ServerModel; 2] = [ServerModel::Wsgi, ServerModel::Eventlet];

    /// `wsgi` or `eventlet`.
    pub fn parse(text: &str) -> Option<ServerModel> {
        match text {
            "wsgi" => Some(ServerModel::Wsgi),
            "eventlet" => Some(ServerModel::Eventlet),
            _ => None,
        }
    }

    /// `wsgi` or `eventlet`.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerModel::Wsgi => "wsgi",
            ServerModel::Eventlet => "eventlet",
        }
    }
}

/// Why bytes or parts do not make one HTTP request (not a verdict: no server
/// would pass such a request on to Cinder, or it cannot be sent at all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    code: Code,
    message: String,
}

impl RequestError {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> RequestError {
        RequestError { code, message: message.into() }
    }

    /// The stable machine code (`header_name_invalid`, `chunk_invalid`, …).
    pub fn code(&self) -> Code {
        self.code
    }

    /// What is wrong and what to send instead, for a person.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

impl std::error::Error for RequestError {}

/// One HTTP request as sent: the header fields in the order sent (a name may
/// repeat; names compare case-insensitively), the body bytes, and whether
/// the body was sent chunked (`Transfer-Encoding: chunked`, then there is no
/// Content-Length).
///
/// Built with [`Request::builder`], which checks that the parts make a
/// request a client can send; [`Request::json`] is the request the
/// body-level functions ([`crate::check_text`]) stand for.
///
/// Framing: a `Transfer-Encoding: chunked` field makes the body chunked. A
/// `Content-Length` field must give the body's length in bytes. A non-empty
/// body without either is sent with a Content-Length, as every client does
/// for a body of known length; an empty body without either has no framing
/// at all (no Content-Length reaches the server).
///
/// ```
/// use os_volume_manage::Request;
/// let request = Request::builder()
///     .header("Content-Type", "application/json")
///     .header("OpenStack-API-Version", "volume 3.16")
///     .body(r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv1"}}}"#)
///     .build()
///     .unwrap();
/// assert_eq!(request.content_length(), Some(60));
/// assert_eq!(request.header_values("content-type").count(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
    chunked: bool,
    content_length: Option<u64>,
}

impl Request {
    /// An empty builder: no header fields, no body.
    pub fn builder() -> RequestBuilder {
        RequestBuilder::default()
    }

    /// `body` sent with `Content-Type: application/json` and its
    /// Content-Length, and no other header: what [`crate::check_text`]
    /// judges.
    pub fn json(body: impl Into<Vec<u8>>) -> Request {
        let body = body.into();
        let content_length = Some(body.len() as u64);
        Request {
            headers: vec![("Content-Type".to_string(), b"application/json".to_vec())],
            body,
            chunked: false,
            content_length,
        }
    }

    /// Every header field in the order sent: name (as spelled) and value
    /// bytes (as sent, outer whitespace included).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &[u8])> + '_ {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// The values of every field named `name` (case-insensitively), in
    /// order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_slice())
    }

    /// The body bytes (de-chunked).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Sent with `Transfer-Encoding: chunked` (then without Content-Length).
    pub fn is_chunked(&self) -> bool {
        self.chunked
    }

    /// The Content-Length the request carries: `None` when chunked, or when
    /// an empty body was sent with no framing field at all.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The body, taken out of the request.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
}

/// Builds a [`Request`]; [`RequestBuilder::build`] checks the parts.
#[derive(Clone, Debug, Default)]
pub struct RequestBuilder {
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// Appends a header field (a name may be given several times: each is
    /// one field, in order).
    pub fn header(mut self, name: impl Into<String>, value: impl AsRef<[u8]>) -> RequestBuilder {
        self.headers.push((name.into(), value.as_ref().to_vec()));
        self
    }

    /// Appends `Transfer-Encoding: chunked`: the body is sent in chunks,
    /// without Content-Length.
    pub fn chunked(self) -> RequestBuilder {
        self.header("Transfer-Encoding", "chunked")
    }

    /// The body bytes (as the server receives them, de-chunked).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> RequestBuilder {
        self.body = body.into();
        self
    }

    /// The request, or why no client can send these parts: a field name that
    /// is not an HTTP token, a value holding CR, LF or NUL, a Content-Length
    /// that does not frame the body, or a Transfer-Encoding other than
    /// `chunked`.
    pub fn build(self) -> Result<Request, RequestError> {
        let RequestBuilder { headers, body } = self;
        for (name, value) in &headers {
            check_field(name, value)?;
        }
        let (chunked, content_length) = framing(&headers, body.len())?;
        Ok(Request { headers, body, chunked, content_length })
    }
}

/// RFC 9110 `tchar`.
pub(crate) fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A field name must be a token; a value cannot hold CR, LF or NUL (a
/// server splits or refuses the line).
fn check_field(name: &str, value: &[u8]) -> Result<(), RequestError> {
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(RequestError::new(
            Code::HeaderNameInvalid,
            format!(
                "header name {name:?} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only); \
                 no client sends it"
            ),
        ));
    }
    if let Some(b) = value.iter().find(|&&b| matches!(b, b'\r' | b'\n' | 0)) {
        let what = match b {
            b'\r' => "CR",
            b'\n' => "LF",
            _ => "NUL",
        };
        return Err(RequestError::new(
            Code::HeaderValueInvalid,
            format!("the value of header {name:?} holds a {what} byte, which cannot be sent in a header field"),
        ));
    }
    Ok(())
}

/// Optional whitespace around a field value (RFC 9110 `OWS`).
pub(crate) fn trim_ows(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(value.len());
    let end = value.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |i| i + 1);
    value.get(start..end).unwrap_or_default()
}

/// Whether the body is chunked, and the Content-Length the request carries.
fn framing(headers: &[(String, Vec<u8>)], body_len: usize) -> Result<(bool, Option<u64>), RequestError> {
    let mut transfer = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"));
    let chunked = match (transfer.next(), transfer.next()) {
        (None, _) => false,
        (Some((_, v)), None) if trim_ows(v).eq_ignore_ascii_case(b"chunked") => true,
        (Some((_, v)), None) => {
            return Err(RequestError::new(
                Code::TransferEncodingUnsupported,
                format!(
                    "Transfer-Encoding {:?} is not modelled: send the body with a Content-Length, or \
                     \"Transfer-Encoding: chunked\" alone",
                    String::from_utf8_lossy(v)
                ),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(RequestError::new(
                Code::TransferEncodingUnsupported,
                "Transfer-Encoding is given more than once: send \"Transfer-Encoding: chunked\" once",
            ))
        }
    };
    let mut lengths = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    let length = match (lengths.next(), lengths.next()) {
        (None, _) => None,
        (Some(_), Some(_)) => {
            return Err(RequestError::new(
                Code::ContentLengthInvalid,
                "Content-Length is given more than once: send it once, or leave it to the client",
            ))
        }
        (Some((_, v)), None) => Some(parse_length(v).ok_or_else(|| {
            RequestError::new(
                Code::ContentLengthInvalid,
                format!(
                    "Content-Length {:?} is not a byte count (digits only, at most 2^64-1)",
                    String::from_utf8_lossy(v)
                ),
            )
        })?),
    };
    match (chunked, length) {
        (true, Some(_)) => Err(RequestError::new(
            Code::TransferEncodingUnsupported,
            "a request carries Content-Length or Transfer-Encoding: chunked, not both (RFC 9112, section 6.3): \
             drop one",
        )),
        (true, None) => Ok((true, None)),
        (false, Some(n)) if n != body_len as u64 => Err(RequestError::new(
            Code::ContentLengthInvalid,
            format!(
                "Content-Length {n} does not frame a body of {body_len} bytes: give the body's length in bytes \
                 (or leave Content-Length to the client)"
            ),
        )),
        (false, Some(n)) => Ok((false, Some(n))),
        (false, None) if body_len > 0 => Ok((false, Some(body_len as u64))),
        (false, None) => Ok((false, None)),
    }
}

/// `1*DIGIT` with optional whitespace around it, as a byte count.
pub(crate) fn parse_length(value: &[u8]) -> Option<u64> {
    let digits = trim_ows(value);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))
}

/// Bytes as ISO-8859-1 text, the way WSGI servers hand header values to the
/// app (PEP 3333): each byte one character.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(headers: &[(&str, &str)], body: &str) -> Result<Request, RequestError> {
        headers.iter().fold(Request::builder(), |b, (n, v)| b.header(*n, v)).body(body).build()
    }

    #[test]
    fn framing_rules() {
        let r = build(&[], "{}").unwrap();
        assert_eq!((r.is_chunked(), r.content_length()), (false, Some(2)));
        let r = build(&[], "").unwrap();
        assert_eq!((r.is_chunked(), r.content_length()), (false, None));
        let r = build(&[("content-length", " 0 ")], "").unwrap();
        assert_eq!(r.content_length(), Some(0));
        let r = build(&[("Transfer-Encoding", "Chunked")], "{}").unwrap();
        assert_eq!((r.is_chunked(), r.content_length()), (true, None));
        let code = |h: &[(&str, &str)], body| build(h, body).unwrap_err().code();
        assert_eq!(code(&[("Content-Length", "3")], "{}"), Code::ContentLengthInvalid);
        assert_eq!(code(&[("Content-Length", "+2")], "{}"), Code::ContentLengthInvalid);
        assert_eq!(code(&[("Content-Length", "99999999999999999999999")], "{}"), Code::ContentLengthInvalid);
        assert_eq!(code(&[("Content-Length", "2"), ("Content-Length", "2")], "{}"), Code::ContentLengthInvalid);
        assert_eq!(code(&[("Transfer-Encoding", "gzip")], "{}"), Code::TransferEncodingUnsupported);
        assert_eq!(
            code(&[("Transfer-Encoding", "chunked"), ("Content-Length", "2")], "{}"),
            Code::TransferEncodingUnsupported
        );
        assert_eq!(code(&[("Bad Name", "x")], ""), Code::HeaderNameInvalid);
        assert_eq!(code(&[("", "x")], ""), Code::HeaderNameInvalid);
        assert_eq!(code(&[("X", "a\r\nb")], ""), Code::HeaderValueInvalid);
        assert_eq!(code(&[("X", "a\0")], ""), Code::HeaderValueInvalid);
    }

    #[test]
    fn json_request_is_what_check_text_means() {
        let r = Request::json(b"{}".to_vec());
        assert_eq!(r.headers().collect::<Vec<_>>(), vec![("Content-Type", &b"application/json"[..])]);
        assert_eq!(r.content_length(), Some(2));
        assert_eq!(build(&[("Content-Type", "application/json")], "{}").unwrap(), r);
    }
}
