//! What a WSGI server hands the app: the request's header fields as the
//! environ's `CONTENT_TYPE`, `CONTENT_LENGTH` and `HTTP_*` keys, and the body
//! stream (`docs/cinder/http.md`, section 2).
//!
//! Values are ISO-8859-1 text (PEP 3333): one character per byte.

use super::{latin1, Request, ServerModel};

/// The parts of the WSGI environ Cinder's pipeline reads.
#[derive(Debug)]
pub(crate) struct Environ<'r> {
    /// `CONTENT_TYPE`, when the environ has it.
    pub(crate) content_type: Option<String>,
    /// webob's `req.content_length` (`CONTENT_LENGTH` as an integer).
    pub(crate) content_length: Option<u64>,
    /// What reading `wsgi.input` to its end gives.
    pub(crate) body: &'r [u8],
    /// `HTTP_*` keys (without the prefix) and their values, in first-seen
    /// order.
    fields: Vec<(String, String)>,
    /// Header names the server dropped (they hold `_`).
    pub(crate) dropped: Vec<String>,
}

impl<'r> Environ<'r> {
    pub(crate) fn of(request: &'r Request, server: ServerModel) -> Environ<'r> {
        match server {
            ServerModel::Wsgi => container(request),
            ServerModel::Eventlet => eventlet(request),
        }
    }

    /// `environ['HTTP_' + key]`, `key` as the server spells it
    /// (`OPENSTACK_API_VERSION`).
    pub(crate) fn http(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn join(&mut self, key: String, value: String, separator: &str) {
        match self.fields.iter_mut().find(|(k, _)| *k == key) {
            Some((_, joined)) => {
                joined.push_str(separator);
                joined.push_str(&value);
            }
            None => self.fields.push((key, value)),
        }
    }
}

/// The environ key of a header name: upper case, `-` as `_`.
fn key_of(name: &str) -> String {
    name.bytes().map(|b| if b == b'-' { '_' } else { char::from(b.to_ascii_uppercase()) }).collect()
}

/// A WSGI container (mod_wsgi-like): values lose outer spaces and tabs; a
/// repeated name is one field joined with `", "`; `CONTENT_TYPE` and
/// `CONTENT_LENGTH` exist only when sent; a chunked body arrives de-chunked.
/// Names holding `_` are dropped (mod_wsgi and eventlet both drop them: a
/// name with `_` and one with `-` would share a key).
fn container(request: &Request) -> Environ<'_> {
    let mut env = Environ {
        content_type: None,
        content_length: request.content_length(),
        body: request.body(),
        fields: Vec::new(),
        dropped: Vec::new(),
    };
    for (name, value) in request.headers() {
        if name.contains('_') {
            env.dropped.push(name.to_string());
            continue;
        }
        let value = latin1(super::trim_ows(value));
        match key_of(name).as_str() {
            "CONTENT_TYPE" => match &mut env.content_type {
                Some(joined) => {
                    joined.push_str(", ");
                    joined.push_str(&value);
                }
                None => env.content_type = Some(value),
            },
            // Framing: `request.content_length()` already holds it.
            "CONTENT_LENGTH" => {}
            _ => env.join(key_of(name), value, ", "),
        }
    }
    env
}

/// `eventlet/wsgi.py: HttpProtocol.get_environ`: `CONTENT_TYPE` is the first
/// Content-Type field as Python's `email` parser keeps it (leading spaces
/// and tabs dropped, trailing ones kept), or `text/plain` when none was
/// sent; `HTTP_*` values are stripped of `' \t\n\r'` and joined with `","`;
/// names holding `_` are dropped. Without `wsgi.input_terminated`, webob
/// reads a chunked body as empty.
fn eventlet(request: &Request) -> Environ<'_> {
    let content_type = request
        .header_values("content-type")
        .next()
        .map(|v| latin1(v.strip_prefix_ws()))
        .unwrap_or_else(|| "text/plain".to_string());
    let mut env = Environ {
        content_type: Some(content_type),
        content_length: request.content_length(),
        body: if request.is_chunked() { &[] } else { request.body() },
        fields: Vec::new(),
        dropped: Vec::new(),
    };
    for (name, value) in request.headers() {
        if name.contains('_') {
            env.dropped.push(name.to_string());
            continue;
        }
        let key = key_of(name);
        if key == "CONTENT_TYPE" || key == "CONTENT_LENGTH" {
            continue;
        }
        env.join(key, latin1(super::trim_ows(value)), ",");
    }
    env
}

trait StripPrefixWs {
    fn strip_prefix_ws(&self) -> &[u8];
}

impl StripPrefixWs for [u8] {
    /// `str.lstrip(' \t')`.
    fn strip_prefix_ws(&self) -> &[u8] {
        let start = self.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(self.len());
        self.get(start..).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)], body: &str) -> Request {
        headers.iter().fold(Request::builder(), |b, (n, v)| b.header(*n, v)).body(body).build().unwrap()
    }

    #[test]
    fn container_and_eventlet_differ_as_measured() {
        let r = request(
            &[
                ("content-type", " application/json "),
                ("Content-Type", "text/plain"),
                ("Accept", "a"),
                ("accept", "\tb"),
                ("X_Y", "dropped"),
            ],
            "{}",
        );
        let c = Environ::of(&r, ServerModel::Wsgi);
        assert_eq!(c.content_type.as_deref(), Some("application/json, text/plain"));
        assert_eq!(c.http("ACCEPT"), Some("a, b"));
        assert_eq!(c.dropped, vec!["X_Y".to_string()]);
        let e = Environ::of(&r, ServerModel::Eventlet);
        assert_eq!(e.content_type.as_deref(), Some("application/json "));
        assert_eq!(e.http("ACCEPT"), Some("a,b"));
        assert_eq!(e.http("X_Y"), None);

        let chunked = request(&[("Transfer-Encoding", "chunked")], "{}");
        assert_eq!(Environ::of(&chunked, ServerModel::Wsgi).body, b"{}");
        assert_eq!(Environ::of(&chunked, ServerModel::Eventlet).body, b"");
        assert_eq!(Environ::of(&chunked, ServerModel::Eventlet).content_type.as_deref(), Some("text/plain"));
        assert_eq!(Environ::of(&chunked, ServerModel::Wsgi).content_type, None);
    }
}
