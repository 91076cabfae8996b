//! Reads one HTTP/1.1 request from its bytes: the request line, the header
//! fields, a blank line and the body (chunked bodies decoded). No I/O: the
//! caller hands over the bytes (a file, a capture).
//!
//! The reader is strict where servers are (RFC 9112): a malformed line, a
//! field name followed by whitespace, a folded line, a chunk size that is not
//! hex or overflows, or a body shorter than declared is an error with a
//! stable code, never a guess. Bare LF line ends are accepted (RFC 9112,
//! section 2.2), and so are empty lines before the request line. Limits keep
//! a hostile input from costing more than its own size: the header block
//! and its lines are capped ([`ReaderLimits`], Apache httpd's defaults), and
//! no declared length is trusted before the bytes are there.
//!
//! A request without Content-Length or chunked framing takes the rest of
//! the input as its body, sent with a Content-Length (as a client would
//! send it): a hand-written request file need not count its bytes.

use super::{is_tchar, Request, RequestError};
use crate::report::Code;

/// Caps on what the reader accepts, in the spirit of a server's
/// (`LimitRequestLine`, `LimitRequestFieldSize`, `LimitRequestFields` in
/// Apache httpd; cinder-api's eventlet server allows 100 fields of up to
/// 16,384 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReaderLimits {
    /// Longest request line, in bytes, without its line end.
    pub max_request_line: usize,
    /// Longest header field line (or chunk-size line), without its line end.
    pub max_field_line: usize,
    /// Most header fields (trailer fields of a chunked body included).
    pub max_fields: usize,
}

impl Default for ReaderLimits {
    /// 8,190-byte lines and 100 fields, as Apache httpd's defaults.
    fn default() -> ReaderLimits {
        ReaderLimits { max_request_line: 8190, max_field_line: 8190, max_fields: 100 }
    }
}

/// A request read from its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    /// The method token, e.g. `POST`.
    pub method: String,
    /// The request target as sent (`/v3/{project_id}/os-volume-manage`, or
    /// an absolute URL).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// The header fields and the (de-chunked) body.
    pub request: Request,
}

fn error(code: Code, message: impl Into<String>) -> RequestError {
    RequestError::new(code, message)
}

/// The input still to read.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// The next line without its end (CRLF or LF), or `None` when no line
    /// end follows. A line longer than `max` is an error, found without
    /// scanning further than `max + 2` bytes.
    fn line(&mut self, max: usize, what: &str, code: Code) -> Result<Option<&'a [u8]>, RequestError> {
        let rest = self.rest();
        let window = rest.get(..max.saturating_add(2).min(rest.len())).unwrap_or_default();
        let Some(lf) = window.iter().position(|&b| b == b'\n') else {
            if window.len() > max {
                return Err(error(code, format!("the {what} is longer than {max} bytes")));
            }
            return Ok(None);
        };
        let line = rest.get(..lf).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > max {
            return Err(error(code, format!("the {what} is longer than {max} bytes")));
        }
        self.pos += lf + 1;
        Ok(Some(line))
    }
}

/// Shows bytes in a message, cut when long.
fn shown(bytes: &[u8]) -> String {
    const KEEP: usize = 60;
    let cut = bytes.get(..KEEP.min(bytes.len())).unwrap_or_default();
    let text = String::from_utf8_lossy(cut);
    if bytes.len() > KEEP {
        format!("{text:?}… ({} bytes)", bytes.len())
    } else {
        format!("{text:?}")
    }
}

/// Reads one request from `bytes`.
///
/// ```
/// use os_volume_manage::http::raw::{parse_request, ReaderLimits};
/// let raw = b"POST /v3/abc/os-volume-manage HTTP/1.1\r\nContent-Type: application/json\r\n\
///             Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
/// let read = parse_request(raw, &ReaderLimits::default()).unwrap();
/// assert_eq!(read.method, "POST");
/// assert_eq!(read.request.body(), b"{}");
/// assert!(read.request.is_chunked());
/// ```
pub fn parse_request(bytes: &[u8], limits: &ReaderLimits) -> Result<RawRequest, RequestError> {
    let mut cur = Cursor { bytes, pos: 0 };
    // Empty lines before the request line are skipped (RFC 9112, section
    // 2.2), within the request line's budget.
    let mut skipped = 0usize;
    let request_line = loop {
        let Some(line) = cur.line(limits.max_request_line, "request line", Code::RequestLineInvalid)? else {
            return Err(error(
                Code::RequestLineInvalid,
                "no request line: the input must start with e.g. \"POST /v3/{project_id}/os-volume-manage HTTP/1.1\" \
                 and a line end",
            ));
        };
        if !line.is_empty() {
            break line;
        }
        skipped += 1;
        if skipped > limits.max_request_line {
            return Err(error(Code::RequestLineInvalid, "too many empty lines before the request line"));
        }
    };
    let (method, target, version) = request_line_parts(request_line)?;
    let mut builder = Request::builder();
    let mut fields = 0usize;
    let mut framing = Framing::default();
    loop {
        let Some(line) = cur.line(limits.max_field_line, "header field line", Code::HeadersTooLarge)? else {
            return Err(error(
                Code::HeaderLineInvalid,
                "the header block does not end: a blank line must follow the last header field",
            ));
        };
        if line.is_empty() {
            break;
        }
        fields += 1;
        if fields > limits.max_fields {
            return Err(error(
                Code::TooManyHeaders,
                format!("more than {} header fields: servers refuse such a request", limits.max_fields),
            ));
        }
        let (name, value) = field(line)?;
        framing.note(name, value);
        builder = builder.header(name, value);
    }
    let rest = cur.rest();
    let body = if framing.chunked {
        dechunk(&mut cur, limits, fields)?
    } else if let Some(declared) = framing.length {
        // The builder checks the value; here only whether the bytes are there.
        match super::parse_length(declared) {
            Some(n) if n > rest.len() as u64 => {
                return Err(error(
                    Code::BodyIncomplete,
                    format!("Content-Length declares {n} bytes but only {} follow the header block", rest.len()),
                ))
            }
            Some(n) if n < rest.len() as u64 => {
                return Err(error(
                    Code::ContentLengthInvalid,
                    format!(
                        "Content-Length declares {n} bytes but {} follow the header block: a server reads {n} and \
                         takes the rest for a next request. Fix Content-Length (or drop the trailing bytes, such as \
                         a final newline)",
                        rest.len()
                    ),
                ))
            }
            _ => rest.to_vec(),
        }
    } else {
        rest.to_vec()
    };
    let request = builder.body(body).build()?;
    Ok(RawRequest { method, target, version, request })
}

/// `method SP request-target SP HTTP-version`.
fn request_line_parts(line: &[u8]) -> Result<(String, String, String), RequestError> {
    let bad = |why: &str| {
        error(
            Code::RequestLineInvalid,
            format!(
                "the request line {} {why}: write e.g. \"POST /v3/{{project_id}}/os-volume-manage HTTP/1.1\"",
                shown(line)
            ),
        )
    };
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("is not three parts separated by single spaces"));
    };
    if method.is_empty() || !method.iter().all(|&b| is_tchar(b)) {
        return Err(bad("has a method that is not a token"));
    }
    if target.is_empty() || !target.iter().all(|&b| (0x21..=0x7e).contains(&b)) {
        return Err(bad("has a target that is empty or holds spaces, controls or non-ASCII bytes"));
    }
    if version != b"HTTP/1.1" && version != b"HTTP/1.0" {
        return Err(bad("does not end in HTTP/1.1 or HTTP/1.0"));
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Ok((text(method), text(target), text(version)))
}

/// `field-name ":" OWS field-value OWS`: the name and the value without its
/// leading whitespace (trailing whitespace is kept: a server may keep it).
fn field(line: &[u8]) -> Result<(&str, &[u8]), RequestError> {
    if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
        return Err(error(
            Code::HeaderLineInvalid,
            format!(
                "header line {} starts with whitespace (an obsolete folded line, which servers refuse): write each \
                 field on one line",
                shown(line)
            ),
        ));
    }
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return Err(error(Code::HeaderLineInvalid, format!("header line {} has no \":\"", shown(line))));
    };
    let (name, value) = line.split_at(colon);
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return Err(error(
            Code::HeaderNameInvalid,
            format!(
                "header line {} has a name that is not a token (no spaces before \":\", letters, digits and \
                 !#$%&'*+-.^_`|~ only)",
                shown(line)
            ),
        ));
    }
    let value = value.get(1..).unwrap_or_default();
    let start = value.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(value.len());
    // A token is ASCII, so the name is UTF-8.
    Ok((std::str::from_utf8(name).unwrap_or_default(), value.get(start..).unwrap_or_default()))
}

/// The framing fields seen so far.
#[derive(Default)]
struct Framing<'a> {
    chunked: bool,
    length: Option<&'a [u8]>,
}

impl<'a> Framing<'a> {
    fn note(&mut self, name: &str, value: &'a [u8]) {
        if name.eq_ignore_ascii_case("transfer-encoding") {
            self.chunked |= super::trim_ows(value).eq_ignore_ascii_case(b"chunked");
        } else if name.eq_ignore_ascii_case("content-length") {
            self.length = Some(value);
        }
    }
}

/// Decodes a chunked body (RFC 9112, section 7.1): chunks of
/// `hex-size [;ext] CRLF data CRLF`, a last chunk `0`, trailer fields and a
/// blank line. The trailer fields count against the field limit and are
/// dropped. Nothing may follow.
fn dechunk(cur: &mut Cursor<'_>, limits: &ReaderLimits, mut fields: usize) -> Result<Vec<u8>, RequestError> {
    let mut body = Vec::new();
    loop {
        let Some(line) = cur.line(limits.max_field_line, "chunk-size line", Code::ChunkInvalid)? else {
            return Err(error(
                Code::BodyIncomplete,
                "the chunked body ends before its last chunk (\"0\" and a blank line)",
            ));
        };
        let size_part = line.split(|&b| b == b';').next().unwrap_or_default();
        let size_text = super::trim_ows(size_part);
        if size_text.is_empty() || !size_text.iter().all(u8::is_ascii_hexdigit) {
            return Err(error(
                Code::ChunkInvalid,
                format!("chunk-size line {} is not a hexadecimal size", shown(line)),
            ));
        }
        let size = size_text
            .iter()
            .try_fold(0u64, |n, &d| {
                let digit = char::from(d).to_digit(16).map(u64::from)?;
                n.checked_mul(16)?.checked_add(digit)
            })
            .ok_or_else(|| error(Code::ChunkInvalid, format!("chunk size {} overflows 64 bits", shown(size_text))))?;
        if size == 0 {
            break;
        }
        let rest = cur.rest();
        if size > rest.len() as u64 {
            return Err(error(
                Code::BodyIncomplete,
                format!("a chunk declares {size} bytes but only {} follow", rest.len()),
            ));
        }
        let n = size as usize;
        body.extend_from_slice(rest.get(..n).unwrap_or_default());
        cur.pos += n;
        let end = cur.rest();
        let crlf = if end.starts_with(b"\r\n") {
            2
        } else if end.starts_with(b"\n") {
            1
        } else {
            return Err(error(Code::ChunkInvalid, format!("chunk data of {size} bytes is not followed by a line end")));
        };
        cur.pos += crlf;
    }
    // Trailer fields, then the blank line.
    loop {
        let Some(line) = cur.line(limits.max_field_line, "trailer field line", Code::HeadersTooLarge)? else {
            return Err(error(Code::BodyIncomplete, "the chunked body's last chunk is not followed by a blank line"));
        };
        if line.is_empty() {
            break;
        }
        fields += 1;
        if fields > limits.max_fields {
            return Err(error(
                Code::TooManyHeaders,
                format!("more than {} header and trailer fields", limits.max_fields),
            ));
        }
        field(line)?;
    }
    if !cur.rest().is_empty() {
        return Err(error(
            Code::ChunkInvalid,
            format!("{} bytes follow the chunked body's end: a server takes them for a next request", cur.rest().len()),
        ));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<RawRequest, RequestError> {
        parse_request(raw.as_bytes(), &ReaderLimits::default())
    }

    fn code(raw: &str) -> Code {
        read(raw).unwrap_err().code()
    }

    #[test]
    fn reads_requests() {
        let r = read("\r\nPOST /v3/p/os-volume-manage HTTP/1.1\r\nContent-Type:application/json \r\nX-A:\r\n\r\n{}")
            .unwrap();
        assert_eq!(
            (r.method.as_str(), r.target.as_str(), r.version.as_str()),
            ("POST", "/v3/p/os-volume-manage", "HTTP/1.1")
        );
        assert_eq!(
            r.request.headers().collect::<Vec<_>>(),
            vec![("Content-Type", &b"application/json "[..]), ("X-A", &b""[..])]
        );
        assert_eq!((r.request.body(), r.request.content_length()), (&b"{}"[..], Some(2)));
        let r = read("POST / HTTP/1.0\nContent-Length: 2\n\n{}").unwrap();
        assert_eq!(r.request.body(), b"{}");
        let r = read(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;x=y\r\n{\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.request.body(), b"{0123456789");
        let r = read("POST / HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(r.request.content_length(), None);
    }

    #[test]
    fn refuses_malformed_requests() {
        assert_eq!(code(""), Code::RequestLineInvalid);
        assert_eq!(code("POST /\r\n\r\n"), Code::RequestLineInvalid);
        assert_eq!(code("POST  / HTTP/1.1\r\n\r\n"), Code::RequestLineInvalid);
        assert_eq!(code("POST / HTTP/2\r\n\r\n"), Code::RequestLineInvalid);
        assert_eq!(code("PO\"ST / HTTP/1.1\r\n\r\n"), Code::RequestLineInvalid);
        assert_eq!(code("POST / HTTP/1.1\r\nX: y\r\n"), Code::HeaderLineInvalid);
        assert_eq!(code("POST / HTTP/1.1\r\nX : y\r\n\r\n"), Code::HeaderNameInvalid);
        assert_eq!(code("POST / HTTP/1.1\r\nX: y\r\n z\r\n\r\n"), Code::HeaderLineInvalid);
        assert_eq!(code("POST / HTTP/1.1\r\nnocolon\r\n\r\n"), Code::HeaderLineInvalid);
        assert_eq!(code("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}"), Code::BodyIncomplete);
        assert_eq!(
            code("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n{}"),
            Code::ContentLengthInvalid
        );
        assert_eq!(code("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n{}"), Code::ContentLengthInvalid);
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(code(&format!("{chunked}zz\r\n")), Code::ChunkInvalid);
        assert_eq!(code(&format!("{chunked}10000000000000000\r\n")), Code::ChunkInvalid);
        assert_eq!(code(&format!("{chunked}ffffffffffffffff\r\n{{}}\r\n")), Code::BodyIncomplete);
        assert_eq!(code(&format!("{chunked}2\r\n{{}}xx0\r\n\r\n")), Code::ChunkInvalid);
        assert_eq!(code(&format!("{chunked}2\r\n{{}}\r\n")), Code::BodyIncomplete);
        assert_eq!(code(&format!("{chunked}0\r\n\r\nextra")), Code::ChunkInvalid);
        let many: String = (0..101).map(|i| format!("X-{i}: v\r\n")).collect();
        assert_eq!(code(&format!("POST / HTTP/1.1\r\n{many}\r\n")), Code::TooManyHeaders);
        assert_eq!(code(&format!("POST / HTTP/1.1\r\nX: {}\r\n\r\n", "v".repeat(9000))), Code::HeadersTooLarge);
        assert_eq!(code(&format!("POST /{} HTTP/1.1\r\n\r\n", "v".repeat(9000))), Code::RequestLineInvalid);
    }
}
