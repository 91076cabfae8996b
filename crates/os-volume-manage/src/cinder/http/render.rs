//! The bytes of an answer (`docs/cinder/http.md`, section 7): Cinder's JSON
//! faults and webob's own error pages.

use crate::python::value::PyStr;

/// `cinder/api/openstack/wsgi.py: Fault._fault_names`; other statuses are
/// `computeFault`.
pub(crate) fn fault_name(status: u16) -> &'static str {
    match status {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        409 => "conflictingRequest",
        413 => "overLimit",
        415 => "badMediaType",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    }
}

/// webob's status line for the statuses this pipeline answers.
pub(crate) fn status_line(status: u16) -> &'static str {
    match status {
        202 => "202 Accepted",
        400 => "400 Bad Request",
        404 => "404 Not Found",
        406 => "406 Not Acceptable",
        413 => "413 Request Entity Too Large",
        415 => "415 Unsupported Media Type",
        _ => "500 Internal Server Error",
    }
}

/// The title of a status line (after the code).
fn title(status_line: &str) -> &str {
    status_line.split_once(' ').map_or(status_line, |(_, t)| t)
}

/// Appends `s` as Python's `json.dumps` (`ensure_ascii=True`) writes a
/// string, quotes included: every character outside printable ASCII as a
/// `\uXXXX` escape (astral ones as surrogate pairs, lone surrogates as
/// themselves).
fn push_json_ascii(out: &mut String, s: &PyStr) {
    out.push('"');
    for cp in s.code_points() {
        match cp {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x20..=0x7E => out.push(char::from(cp as u8)),
            0x10000.. => {
                let v = cp - 0x10000;
                out.push_str(&format!("\\u{:04x}\\u{:04x}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)));
            }
            _ => out.push_str(&format!("\\u{cp:04x}")),
        }
    }
    out.push('"');
}

/// `Fault.__call__`'s body: `{"<faultName>": {"code": <status>, "message":
/// <message>}}` through `jsonutils.dump_as_bytes`.
pub(crate) fn fault_body(status: u16, message: &PyStr) -> Vec<u8> {
    let mut out = String::with_capacity(message.as_wtf8().len() + 64);
    out.push_str("{\"");
    out.push_str(fault_name(status));
    out.push_str("\": {\"code\": ");
    out.push_str(&status.to_string());
    out.push_str(", \"message\": ");
    push_json_ascii(&mut out, message);
    out.push_str("}}");
    out.into_bytes()
}

/// How webob renders its own error, chosen from `Accept` alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WebobFormat {
    Plain,
    Json,
    Html,
}

impl WebobFormat {
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            WebobFormat::Plain => "text/plain; charset=UTF-8",
            WebobFormat::Json => "application/json",
            WebobFormat::Html => "text/html; charset=UTF-8",
        }
    }
}

/// `webob/exc.py: WSGIHTTPException` bodies for an explanation `e` and no
/// detail or comment (the explanations here hold no markup or newlines, so
/// `strip_tags` leaves them as they are).
pub(crate) fn webob_body(format: WebobFormat, status_line: &str, e: &str) -> Vec<u8> {
    match format {
        WebobFormat::Plain => format!("{status_line}\n\n{e}\n\n   ").into_bytes(),
        WebobFormat::Json => {
            let mut out = String::from("{\"message\": ");
            push_json_ascii(&mut out, &PyStr::from(format!("{e}<br /><br />\n\n\n").as_str()));
            out.push_str(", \"code\": ");
            push_json_ascii(&mut out, &PyStr::from(status_line));
            out.push_str(", \"title\": ");
            push_json_ascii(&mut out, &PyStr::from(title(status_line)));
            out.push('}');
            out.into_bytes()
        }
        WebobFormat::Html => format!(
            "<html>\n <head>\n  <title>{status_line}</title>\n </head>\n <body>\n  <h1>{status_line}</h1>\n  \
             {}<br /><br />\n\n\n\n </body>\n</html>",
            html_escape(e)
        )
        .into_bytes(),
    }
}

/// `html.escape(s, quote=True)`.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bodies recorded by the request oracle (`tests/fixtures/oracle/requests.jsonl`).
    #[test]
    fn recorded_bodies() {
        let too_large = "Request is too large. Larger than max_request_body_size (%s).";
        assert_eq!(
            webob_body(WebobFormat::Plain, "413 Request Entity Too Large", too_large),
            b"413 Request Entity Too Large\n\nRequest is too large. Larger than max_request_body_size (%s).\n\n   "
        );
        assert_eq!(
            String::from_utf8(webob_body(WebobFormat::Json, "413 Request Entity Too Large", too_large)).unwrap(),
            "{\"message\": \"Request is too large. Larger than max_request_body_size (%s).<br /><br />\\n\\n\\n\", \
             \"code\": \"413 Request Entity Too Large\", \"title\": \"Request Entity Too Large\"}"
        );
        assert_eq!(
            String::from_utf8(fault_body(415, &PyStr::from("Unsupported Content-Type"))).unwrap(),
            "{\"badMediaType\": {\"code\": 415, \"message\": \"Unsupported Content-Type\"}}"
        );
        let s = PyStr::from_code_points([0x68, 0xDCE9, 0xE9, 0x1F600, 0x22, 0x7F]);
        assert_eq!(
            String::from_utf8(fault_body(400, &s)).unwrap(),
            "{\"badRequest\": {\"code\": 400, \"message\": \"h\\udce9\\u00e9\\ud83d\\ude00\\\"\\u007f\"}}"
        );
    }
}
