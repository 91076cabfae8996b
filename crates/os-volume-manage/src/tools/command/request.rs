//! The request both clients send, modelled once: the body as the client
//! builds it (a dict of strings, `None`, booleans and dicts) and its bytes as
//! `keystoneauth1/session.py: Session.request(json=…)` writes them, with
//! `json.dumps` defaults: keys in insertion order, `", "` and `": "`
//! separators, `ensure_ascii` (`\u00e9`; astral characters as surrogate
//! pairs; DEL as `\u007f`), `None` as `null`.

use crate::cinder::version::{Endpoint, Kind};

/// A body value as the clients build it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Str(String),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn text(value: Option<&str>) -> Json {
        value.map_or(Json::Null, |v| Json::Str(v.to_string()))
    }

    pub(crate) fn dict(pairs: &[(String, String)]) -> Json {
        Json::Object(pairs.iter().map(|(k, v)| (k.clone(), Json::Str(v.clone()))).collect())
    }
}

/// Python's `json.dumps(value)` with its defaults.
pub(crate) fn dumps(value: &Json) -> String {
    let mut out = String::new();
    write(&mut out, value);
    out
}

fn write(out: &mut String, value: &Json) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Str(s) => write_str(out, s),
        Json::Object(members) => {
            out.push('{');
            for (i, (key, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, key);
                out.push_str(": ");
                write(out, v);
            }
            out.push('}');
        }
    }
}

/// `json.encoder.py_encode_basestring_ascii`.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// One manage request as it leaves the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRequest {
    /// Always `POST`.
    pub method: &'static str,
    /// The route, after `/v3/{project_id}/`.
    pub endpoint: Endpoint,
    /// The headers that carry meaning, in the order sent: `Accept`,
    /// `OpenStack-API-Version` (when the client sends one), `Content-Type`,
    /// `Content-Length`. (The client also sends `User-Agent`,
    /// `X-Auth-Token`, `Accept-Encoding` and `Connection`.)
    pub headers: Vec<(String, String)>,
    /// The body exactly as sent.
    pub body_text: String,
}

impl ClientRequest {
    pub(crate) fn new(endpoint: Endpoint, accept: &str, microversion: Option<String>, body: &Json) -> ClientRequest {
        let body_text = dumps(body);
        let mut headers = vec![("Accept".to_string(), accept.to_string())];
        if let Some(v) = microversion {
            headers.push(("OpenStack-API-Version".to_string(), format!("volume {v}")));
        }
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
        headers.push(("Content-Length".to_string(), body_text.len().to_string()));
        ClientRequest { method: "POST", endpoint, headers, body_text }
    }

    /// Volume or snapshot.
    pub fn kind(&self) -> Kind {
        self.endpoint.kind()
    }

    /// The path after `/v3/{project_id}`, e.g. `/os-volume-manage`.
    pub fn path(&self) -> String {
        format!("/{}", self.endpoint.as_str())
    }

    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `OpenStack-API-Version` header's value, e.g. `volume 3.16`.
    pub fn version_header(&self) -> Option<&str> {
        self.header("OpenStack-API-Version")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dumps_like_python() {
        let body = Json::Object(vec![(
            "volume".into(),
            Json::Object(vec![
                ("name".into(), Json::Str("é 😀 \u{7f} \"q\" \\ / \n\u{1}".into())),
                ("d".into(), Json::Null),
                ("b".into(), Json::Bool(false)),
                ("m".into(), Json::Object(vec![])),
            ]),
        )]);
        assert_eq!(
            dumps(&body),
            r#"{"volume": {"name": "\u00e9 \ud83d\ude00 \u007f \"q\" \\ / \n\u0001", "d": null, "b": false, "m": {}}}"#
        );
    }
}
