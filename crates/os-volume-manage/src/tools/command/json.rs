//! The JSON forms of a reading (one line each), for the CLI's `--format
//! json`, its `--jsonl` mode and the WebAssembly bindings, written with the
//! core's one JSON writer.

use super::{check_command, CommandCheck, CommandError, CommandOptions, CommandRead, KnownVolume, Outcome};
use crate::python::value::{PyStr, Value};
use crate::report::json as report_json;

fn string(out: &mut String, s: &str) {
    report_json::push_string(out, &PyStr::from(s));
}

fn opt_string(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.push_str("null"),
    }
}

/// `"client":…,"client_version":…,"argv":…,"refused":…,"method":…,
/// "endpoint":…,"path":…,"headers":…,"body_text":…,"stderr":…,"unused":…,
/// "notes":…` (no braces).
fn push_read(out: &mut String, read: &CommandRead) {
    out.push_str("\"client\":");
    string(out, read.client.as_str());
    out.push_str(",\"client_version\":");
    string(out, &read.client.modelled_version());
    out.push_str(",\"argv\":[");
    for (i, a) in read.argv.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, a);
    }
    out.push_str("],\"refused\":");
    match &read.outcome {
        Outcome::Refused(r) => {
            out.push_str("{\"exit_code\":");
            out.push_str(&r.exit_code.to_string());
            out.push_str(",\"stream\":");
            string(out, r.stream.as_str());
            out.push_str(",\"message\":");
            string(out, &r.message);
            out.push_str(",\"output\":");
            opt_string(out, r.output.as_deref());
            out.push_str("},\"method\":null,\"endpoint\":null,\"path\":null,\"headers\":null,\"body_text\":null");
        }
        Outcome::Sent(request) => {
            out.push_str("null,\"method\":");
            string(out, request.method);
            out.push_str(",\"endpoint\":");
            string(out, request.endpoint.as_str());
            out.push_str(",\"path\":");
            string(out, &request.path());
            out.push_str(",\"headers\":{");
            for (i, (name, value)) in request.headers.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, name);
                out.push(':');
                string(out, value);
            }
            out.push_str("},\"body_text\":");
            string(out, &request.body_text);
        }
    }
    out.push_str(",\"stderr\":");
    string(out, &read.stderr);
    out.push_str(",\"unused\":[");
    for (i, u) in read.unused.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"argument\":");
        string(out, &u.argument);
        out.push_str(",\"reason\":");
        string(out, &u.reason);
        out.push('}');
    }
    out.push_str("],\"notes\":[");
    for (i, n) in read.notes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        string(out, n.code.as_str());
        out.push_str(",\"message\":");
        string(out, &n.message);
        out.push('}');
    }
    out.push(']');
}

fn push_error(out: &mut String, code: &str, message: &str) {
    out.push_str("{\"code\":");
    string(out, code);
    out.push_str(",\"message\":");
    string(out, message);
    out.push('}');
}

/// The report's members, or the same members empty when nothing was sent,
/// and the closing brace.
fn push_verdict(out: &mut String, check: Option<&CommandCheck>) {
    match check.and_then(|c| c.report.as_ref()) {
        Some(report) => report_json::push_report_members(out, report, Some(report.http_status)),
        None => out.push_str(
            "\"accepted\":null,\"http_status\":null,\"server_error\":null,\"errors\":[],\"warnings\":[],\"changes\":[],\"normalized\":null}",
        ),
    }
}

impl CommandCheck {
    /// One line of JSON: the reading, then `"report"` (Cinder's verdict,
    /// `null` when nothing is sent).
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        push_read(&mut out, &self.read);
        out.push_str(",\"report\":");
        match &self.report {
            Some(report) => out.push_str(&report.to_json()),
            None => out.push_str("null"),
        }
        out.push('}');
        out
    }
}

impl CommandError {
    /// `{"error":{"code","message"}}`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"error\":");
        push_error(&mut out, self.code.as_str(), &self.message);
        out.push('}');
        out
    }
}

/// Defaults for the fields a bulk line leaves out.
#[derive(Clone, Debug, Default)]
pub struct JsonlCommandDefaults {
    /// The options of a line that gives none of its own.
    pub options: CommandOptions,
}

fn field<'a>(object: &'a crate::python::value::Object, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|v| !matches!(v, Value::Null))
}

fn text_of(value: &Value) -> Option<&str> {
    value.as_pystr().and_then(PyStr::as_str)
}

/// Reads the options of a bulk line.
fn line_options(
    object: &crate::python::value::Object,
    defaults: &JsonlCommandDefaults,
) -> Result<CommandOptions, String> {
    let mut options = defaults.options.clone();
    if let Some(v) = field(object, "server_max") {
        let text = text_of(v).ok_or("\"server_max\" must be a string such as \"3.27\"")?;
        options.server_max = CommandOptions::parse_server_max(text).map_err(|e| e.message)?;
    }
    if let Some(v) = field(object, "env") {
        let env = v.as_object().ok_or("\"env\" must be an object of names to strings (or null to remove one)")?;
        for (name, value) in env.iter() {
            let name = name.as_str().ok_or("an \"env\" name is not text")?;
            let value = match value {
                Value::Null => None,
                other => Some(text_of(other).ok_or_else(|| format!("\"env\".{name} must be a string or null"))?),
            };
            options.env.push((name.to_string(), value.map(str::to_string)));
        }
    }
    if let Some(v) = field(object, "volumes") {
        let Value::Array(items) = v else { return Err("\"volumes\" must be an array of {\"id\", \"name\"}".into()) };
        let mut volumes = Vec::new();
        for item in items {
            let o = item.as_object().ok_or("each of \"volumes\" must be an object {\"id\", \"name\"}")?;
            let id = o.get("id").and_then(text_of).ok_or("each of \"volumes\" needs an \"id\" string")?;
            let name = match o.get("name") {
                None | Some(Value::Null) => None,
                Some(n) => Some(text_of(n).ok_or("a volume's \"name\" must be a string or null")?.to_string()),
            };
            volumes.push(KnownVolume { id: id.to_string(), name });
        }
        options.volumes = Some(volumes);
    }
    Ok(options)
}

/// One output line of [`command_jsonl_line`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandJsonlLine {
    /// The line's JSON, without a newline.
    pub text: String,
    /// The client sent a request and Cinder accepts it.
    pub accepted: bool,
}

/// One output line for one input line `{"id", "command", "server_max"?,
/// "env"?, "volumes"?}`: `{"id", "error", "client", …, "body_text", …}`
/// and the verdict's members (`null` when nothing is sent). A line that is
/// not a usable case gives an `error` with code `invalid_line`, never an
/// abort.
pub fn command_jsonl_line(line: &str, defaults: &JsonlCommandDefaults) -> CommandJsonlLine {
    let mut out = String::from("{\"id\":");
    let parsed = Value::parse(line.as_bytes());
    let object = parsed.as_ref().ok().and_then(Value::as_object);
    match object.and_then(|o| o.get("id")) {
        Some(id) => report_json::push_value(&mut out, id),
        None => out.push_str("null"),
    }
    out.push_str(",\"error\":");
    let result: Result<CommandCheck, (String, String)> = match (&parsed, object) {
        (Err(e), _) => Err(("invalid_line".into(), format!("the line is not JSON: {e}"))),
        (Ok(_), None) => Err(("invalid_line".into(), "the line is not a JSON object".into())),
        (Ok(_), Some(o)) => match field(o, "command").map(text_of) {
            None => Err(("invalid_line".into(), "the line has no \"command\"".into())),
            Some(None) => Err(("invalid_line".into(), "\"command\" must be a string".into())),
            Some(Some(command)) => match line_options(o, defaults) {
                Err(message) => Err(("invalid_line".into(), message)),
                Ok(options) => check_command(command, &options).map_err(|e| (e.code.as_str().to_string(), e.message)),
            },
        },
    };
    match &result {
        Ok(check) => {
            out.push_str("null,");
            push_read(&mut out, &check.read);
            out.push(',');
        }
        Err((code, message)) => {
            push_error(&mut out, code, message);
            out.push_str(
                ",\"client\":null,\"client_version\":null,\"argv\":null,\"refused\":null,\"method\":null,\"endpoint\":null,\"path\":null,\"headers\":null,\"body_text\":null,\"stderr\":null,\"unused\":[],\"notes\":[],",
            );
        }
    }
    push_verdict(&mut out, result.as_ref().ok());
    let accepted = result.as_ref().ok().and_then(|c| c.report.as_ref()).is_some_and(crate::report::Report::accepted);
    CommandJsonlLine { text: out, accepted }
}
