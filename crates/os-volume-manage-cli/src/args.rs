//! The command line, parsed once for both CLIs: the native binary and the
//! npm package's `bin/os-volume-manage.js` (through the wasm module), so a
//! flag, a default or an error message exists in one place.
//!
//! Flags are `--flag value` or `--flag=value`; `-h`/`--help` anywhere asks
//! for the usage text; anything not starting with `--` is positional (so
//! `-1` reaches `size`, which refuses it as negative, and `-` means stdin),
//! and so is every argument after a bare `--`.

use std::fmt;

use os_volume_manage::{Kind, ServerModel};

/// What a command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invocation {
    /// Print the usage text (exit 0).
    Help,
    /// Print the version (exit 0).
    Version,
    /// `check`: judge request files or JSONL cases.
    Check(CheckArgs),
    /// `size`, `ref`, `host`, `from-listing`, `render` or `from-command`
    /// (also what `check --command` runs).
    Tool(ToolArgs),
}

/// The arguments of `check`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckArgs {
    /// Body files to read (`-` is stdin); at least one unless `requests`
    /// are given.
    pub files: Vec<String>,
    /// `--request FILE` (repeatable): raw HTTP requests to read.
    pub requests: Vec<String>,
    /// `-H`/`--header 'Name: value'` (repeatable), in order: the body files
    /// are then whole requests with exactly these header fields.
    pub headers: Vec<(String, Vec<u8>)>,
    /// `--max-request-body-size N|none`: the cloud's limit in bytes; `None`
    /// when lifted (`none`). Default: a default deployment's.
    pub max_request_body_size: Option<i64>,
    /// `--server wsgi|eventlet` (whole requests).
    pub server: ServerModel,
    /// `--microversion`.
    pub microversion: Option<String>,
    /// `--kind`.
    pub kind: Option<Kind>,
    /// `--endpoint`.
    pub endpoint: Option<String>,
    /// `--unicode-version`.
    pub unicode_version: Option<String>,
    /// `--format json`.
    pub json: bool,
    /// `--jsonl`: each input line is a case.
    pub jsonl: bool,
}

impl Default for CheckArgs {
    fn default() -> CheckArgs {
        CheckArgs {
            files: Vec::new(),
            requests: Vec::new(),
            headers: Vec::new(),
            max_request_body_size: Some(os_volume_manage::limits::DEFAULT_MAX_REQUEST_BODY_SIZE),
            server: ServerModel::default(),
            microversion: None,
            kind: None,
            endpoint: None,
            unicode_version: None,
            json: false,
            jsonl: false,
        }
    }
}

/// A tool command and its flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolArgs {
    /// The command: one of [`TOOL_COMMANDS`].
    pub command: &'static str,
    /// Its flags.
    pub flags: Flags,
    /// The file the command reads (`-` for stdin), if it reads one: the
    /// binaries read it and pass its bytes on.
    pub input: Option<String>,
}

/// A command line that cannot be run: printed with the usage text, exit 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

impl From<String> for UsageError {
    fn from(message: String) -> UsageError {
        UsageError(message)
    }
}

impl From<&str> for UsageError {
    fn from(message: &str) -> UsageError {
        UsageError(message.to_string())
    }
}

impl UsageError {
    pub(crate) fn new(message: impl Into<String>) -> UsageError {
        UsageError(message.into())
    }

    /// What the CLIs print on stderr: the message, then the usage text.
    pub fn stderr(&self) -> String {
        format!("os-volume-manage: {}\n\n{}\n", self.0, crate::USAGE)
    }
}

/// The flags of one command line, as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// Arguments that are not flags, in order.
    pub positional: Vec<String>,
    values: Vec<(String, String)>,
    switches: Vec<String>,
    /// `-h` or `--help` was given.
    pub help: bool,
}

impl Flags {
    /// The value of `--name` (the last one given).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `--name`, in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Whether the switch `--name` was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    /// `--format`: `false` for text (the default), `true` for json.
    pub fn json(&self) -> Result<bool, UsageError> {
        match self.value("--format") {
            None | Some("text") => Ok(false),
            Some("json") => Ok(true),
            Some(other) => Err(UsageError::new(format!("unknown format {other:?}: expected text or json"))),
        }
    }
}

/// What a command takes: flags with a value, switches, and whether its one
/// positional argument is a file to read (`-`, stdin, when absent).
struct Spec {
    name: &'static str,
    valued: &'static [&'static str],
    switches: &'static [&'static str],
    reads_file: bool,
}

const CHECK: Spec = Spec {
    name: "check",
    valued: &[
        "--microversion",
        "--kind",
        "--endpoint",
        "--unicode-version",
        "--format",
        "--header",
        "--max-request-body-size",
        "--request",
        "--server",
        "--command",
        "--server-max",
        "--volumes",
    ],
    switches: &["--jsonl"],
    reads_file: false,
};

const FROM_COMMAND: Spec = Spec {
    name: "from-command",
    valued: &["--server-max", "--volumes", "--format"],
    switches: &["--jsonl"],
    reads_file: false,
};

const TOOLS: [Spec; 6] = [
    Spec { name: "size", valued: &["--mode", "--format"], switches: &[], reads_file: false },
    Spec {
        name: "ref",
        valued: &["--id-type", "--identifier", "--driver", "--format"],
        switches: &["--snapshot", "--drivers"],
        reads_file: false,
    },
    Spec { name: "host", valued: &["--format"], switches: &["--cluster"], reads_file: false },
    Spec {
        name: "from-listing",
        valued: &["--host", "--cluster", "--volume-id", "--pick", "--reference", "--microversion", "--format"],
        switches: &[],
        reads_file: true,
    },
    Spec {
        name: "render",
        valued: &["--microversion", "--kind", "--endpoint", "--url", "--project-id", "--format"],
        switches: &[],
        reads_file: true,
    },
    FROM_COMMAND,
];

/// The commands [`Invocation::Tool`] stands for.
pub const TOOL_COMMANDS: [&str; 6] = ["size", "ref", "host", "from-listing", "render", "from-command"];

/// Parses the arguments after the program name.
pub fn parse(argv: &[String]) -> Result<Invocation, UsageError> {
    let Some((command, args)) = argv.split_first() else { return Ok(Invocation::Help) };
    match command.as_str() {
        "-h" | "--help" => Ok(Invocation::Help),
        "-V" | "--version" if args.is_empty() => Ok(Invocation::Version),
        "check" => check(args),
        other => match TOOLS.iter().find(|t| t.name == other) {
            Some(spec) => tool(spec, args),
            None => Err(UsageError::new(format!("unknown command {other:?}"))),
        },
    }
}

fn check(args: &[String]) -> Result<Invocation, UsageError> {
    let flags = flags(args, &CHECK)?;
    if flags.help {
        return Ok(Invocation::Help);
    }
    if let Some(command) = flags.value("--command") {
        // `check --command LINE` is `from-command LINE`.
        for other in ["--microversion", "--kind", "--endpoint", "--unicode-version"] {
            if flags.value(other).is_some() {
                return Err(UsageError::new(format!(
                    "{other} does not go with --command: the client decides the request (see from-command)"
                )));
            }
        }
        if flags.switch("--jsonl") || !flags.positional.is_empty() {
            return Err(UsageError::new(
                "check --command takes one command line and no FILE (use from-command --jsonl)",
            ));
        }
        let mut tool = Flags { positional: vec![command.to_string()], ..Flags::default() };
        tool.values.extend(
            flags
                .values
                .iter()
                .filter(|(k, _)| matches!(k.as_str(), "--server-max" | "--volumes" | "--format"))
                .cloned(),
        );
        return Ok(Invocation::Tool(ToolArgs { command: FROM_COMMAND.name, flags: tool, input: None }));
    }
    for only in ["--server-max", "--volumes"] {
        if flags.value(only).is_some() {
            return Err(UsageError::new(format!("{only} goes with --command")));
        }
    }
    let kind = match flags.value("--kind") {
        None => None,
        Some(k) => Some(
            Kind::parse(k)
                .ok_or_else(|| UsageError::new(format!("unknown kind {k:?}: expected volume or snapshot")))?,
        ),
    };
    let json = flags.json()?;
    let requests: Vec<String> = flags.values("--request").map(str::to_string).collect();
    let mut files = flags.positional.clone();
    if files.is_empty() && requests.is_empty() {
        files.push("-".into());
    }
    let headers = flags.values("--header").map(header).collect::<Result<Vec<_>, _>>()?;
    let max_request_body_size = match flags.value("--max-request-body-size") {
        None => Some(os_volume_manage::limits::DEFAULT_MAX_REQUEST_BODY_SIZE),
        Some("none") => None,
        Some(n) => Some(n.parse::<i64>().map_err(|_| {
            UsageError::new(format!(
                "--max-request-body-size {n:?}: give the cloud's [oslo_middleware] max_request_body_size in bytes \
                 (an integer, default 114688) or none for no limit"
            ))
        })?),
    };
    let server = match flags.value("--server") {
        None => ServerModel::default(),
        Some(s) => ServerModel::parse(s)
            .ok_or_else(|| UsageError::new(format!("unknown server {s:?}: expected wsgi or eventlet")))?,
    };
    let jsonl = flags.switch("--jsonl");
    let whole = !headers.is_empty() || !requests.is_empty();
    if jsonl && whole {
        return Err(UsageError::new(
            "--jsonl takes each line's own \"headers\"; -H/--header and --request are for request files",
        ));
    }
    if whole && flags.value("--microversion").is_some() {
        return Err(UsageError::new(
            "a whole request carries its own version: give -H 'OpenStack-API-Version: volume 3.16' instead of \
             --microversion",
        ));
    }
    Ok(Invocation::Check(CheckArgs {
        files,
        requests,
        headers,
        max_request_body_size,
        server,
        microversion: flags.value("--microversion").map(str::to_string),
        kind,
        endpoint: flags.value("--endpoint").map(str::to_string),
        unicode_version: flags.value("--unicode-version").map(str::to_string),
        json,
        jsonl,
    }))
}

/// `-H 'Name: value'` as curl takes it: the name before the first `:`, the
/// value after it without leading whitespace (as bytes: the argument's
/// UTF-8).
fn header(text: &str) -> Result<(String, Vec<u8>), UsageError> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(UsageError::new(format!("-H {text:?}: write a header as 'Name: value'")));
    };
    Ok((name.to_string(), value.trim_start_matches([' ', '\t']).as_bytes().to_vec()))
}

fn tool(spec: &Spec, args: &[String]) -> Result<Invocation, UsageError> {
    let flags = flags(args, spec)?;
    // `from-command --jsonl [FILE]` reads lines; `from-command LINE` does not.
    let reads_file = spec.reads_file || (spec.name == FROM_COMMAND.name && flags.switch("--jsonl"));
    let input = (reads_file && !flags.help && flags.positional.len() <= 1)
        .then(|| flags.positional.first().cloned().unwrap_or_else(|| "-".to_string()));
    Ok(Invocation::Tool(ToolArgs { command: spec.name, flags, input }))
}

fn flags(args: &[String], spec: &Spec) -> Result<Flags, UsageError> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            flags.positional.extend(it.cloned());
            break;
        }
        if arg == "-h" || arg == "--help" {
            flags.help = true;
            continue;
        }
        // curl's -H 'Name: value' (or -H'Name: value') for --header.
        if let Some(rest) = arg.strip_prefix("-H").filter(|_| spec.valued.contains(&"--header")) {
            let value = if rest.is_empty() {
                it.next().cloned().ok_or_else(|| UsageError::new("-H needs a value"))?
            } else {
                rest.to_string()
            };
            flags.values.push(("--header".to_string(), value));
            continue;
        }
        if !arg.starts_with("--") {
            flags.positional.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if spec.valued.contains(&name) {
            let value = inline
                .or_else(|| it.next().cloned())
                .ok_or_else(|| UsageError::new(format!("{name} needs a value")))?;
            flags.values.push((name.to_string(), value));
        } else if spec.switches.contains(&name) && inline.is_none() {
            flags.switches.push(name.to_string());
        } else {
            return Err(UsageError::new(format!("unknown option {arg:?}")));
        }
    }
    Ok(flags)
}

/// Why a file could not be read, in the words both CLIs print: `kind` is
/// the error's name (Node's `code`, e.g. `ENOENT`, or the native
/// [`std::io::ErrorKind`] mapped by the binary), `detail` the system's own
/// text for any other error.
pub fn read_error(path: &str, kind: &str, detail: &str) -> String {
    let reason = match kind {
        "ENOENT" => "no such file or directory",
        "EACCES" | "EPERM" => "permission denied",
        "EISDIR" => "it is a directory",
        "ENOTDIR" => "a part of the path is not a directory",
        "EMFILE" | "ENFILE" => "too many open files",
        "ELOOP" => "too many levels of symbolic links",
        "ENAMETOOLONG" => "the file name is too long",
        _ => detail,
    };
    format!("cannot read {path}: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn check_flags_in_both_spellings() {
        let Ok(Invocation::Check(a)) =
            parse(&argv(&["check", "a.json", "--microversion=3.16", "--kind", "snapshot", "--format", "json"]))
        else {
            panic!("not a check")
        };
        assert_eq!(a.files, ["a.json"]);
        assert_eq!(a.microversion.as_deref(), Some("3.16"));
        assert_eq!(a.kind, Some(Kind::Snapshot));
        assert!(a.json && !a.jsonl);
        let Ok(Invocation::Check(a)) = parse(&argv(&["check", "--jsonl"])) else { panic!("not a check") };
        assert_eq!(a.files, ["-"]);
        assert!(a.jsonl);
    }

    #[test]
    fn whole_request_flags() {
        let Ok(Invocation::Check(a)) = parse(&argv(&[
            "check",
            "-H",
            "Content-Type: application/json",
            "-HAccept:text/html",
            "--header=X-A:  b ",
            "--max-request-body-size",
            "-1",
            "--server",
            "eventlet",
            "body.json",
        ])) else {
            panic!("not a check")
        };
        assert_eq!(
            a.headers,
            [
                ("Content-Type".to_string(), b"application/json".to_vec()),
                ("Accept".to_string(), b"text/html".to_vec()),
                ("X-A".to_string(), b"b ".to_vec())
            ]
        );
        assert_eq!((a.max_request_body_size, a.server), (Some(-1), ServerModel::Eventlet));
        assert_eq!(a.files, ["body.json"]);
        let Ok(Invocation::Check(a)) = parse(&argv(&["check", "--request", "r.http", "--max-request-body-size=none"]))
        else {
            panic!("not a check")
        };
        assert_eq!((a.requests, a.files, a.max_request_body_size), (vec!["r.http".to_string()], vec![], None));
        let Ok(Invocation::Check(a)) = parse(&argv(&["check", "b.json"])) else { panic!("not a check") };
        assert_eq!(a.max_request_body_size, Some(114_688));
        let error = |args: &[&str]| parse(&argv(args)).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error(&["check", "-H", "no colon"]).contains("'Name: value'"));
        assert!(error(&["check", "--max-request-body-size", "1k"]).contains("in bytes"));
        assert!(error(&["check", "--server", "apache"]).contains("expected wsgi or eventlet"));
        assert!(error(&["check", "--jsonl", "-H", "A: b"]).contains("--jsonl"));
        assert!(error(&["check", "--request", "r", "--microversion", "3.16"]).contains("OpenStack-API-Version"));
        assert!(error(&["check", "-H"]).contains("-H needs a value"));
    }

    #[test]
    fn errors_name_the_argument() {
        let error = |args: &[&str]| parse(&argv(args)).err().map(|e| e.to_string());
        assert_eq!(error(&["sizes"]).as_deref(), Some("unknown command \"sizes\""));
        assert_eq!(
            error(&["check", "--kind", "vol"]).as_deref(),
            Some("unknown kind \"vol\": expected volume or snapshot")
        );
        assert_eq!(error(&["check", "--microversion"]).as_deref(), Some("--microversion needs a value"));
        assert_eq!(error(&["check", "--jsonl=1"]).as_deref(), Some("unknown option \"--jsonl=1\""));
        assert_eq!(
            error(&["check", "--format", "yaml"]).as_deref(),
            Some("unknown format \"yaml\": expected text or json")
        );
        assert_eq!(error(&["render", "--drivers"]).as_deref(), Some("unknown option \"--drivers\""));
    }

    #[test]
    fn help_version_and_tool_inputs() {
        assert_eq!(parse(&[]), Ok(Invocation::Help));
        assert_eq!(parse(&argv(&["check", "-h"])), Ok(Invocation::Help));
        assert_eq!(parse(&argv(&["--version"])), Ok(Invocation::Version));
        let input = |args: &[&str]| match parse(&argv(args)) {
            Ok(Invocation::Tool(t)) => t.input,
            _ => None,
        };
        assert_eq!(input(&["render"]).as_deref(), Some("-"));
        assert_eq!(input(&["from-listing", "l.json", "--pick", "0"]).as_deref(), Some("l.json"));
        assert_eq!(input(&["size", "10G"]), None);
        assert_eq!(input(&["render", "a", "b"]), None);
        assert_eq!(input(&["from-command", "cinder manage h v"]), None);
        assert_eq!(input(&["from-command", "--jsonl", "cases.jsonl"]).as_deref(), Some("cases.jsonl"));
        assert_eq!(input(&["from-command", "--jsonl"]).as_deref(), Some("-"));
    }

    #[test]
    fn check_command_is_from_command() {
        let Ok(Invocation::Tool(t)) =
            parse(&argv(&["check", "--command", "cinder manage h v", "--server-max", "3.27"]))
        else {
            panic!("not a tool")
        };
        assert_eq!(t.command, "from-command");
        assert_eq!(t.flags.positional, ["cinder manage h v"]);
        assert_eq!(t.flags.value("--server-max"), Some("3.27"));
        let error = |args: &[&str]| parse(&argv(args)).err().map(|e| e.to_string());
        assert!(error(&["check", "--command", "x", "--microversion", "3.16"]).is_some());
        assert!(error(&["check", "--server-max", "3.16"]).is_some());
        let Ok(Invocation::Tool(t)) = parse(&argv(&["from-command", "--", "cinder", "manage", "--name", "x"])) else {
            panic!("not a tool")
        };
        assert_eq!(t.flags.positional, ["cinder", "manage", "--name", "x"]);
    }

    #[test]
    fn read_errors() {
        assert_eq!(read_error("x", "ENOENT", "?"), "cannot read x: no such file or directory");
        assert_eq!(read_error("x", "EIO", "Input/output error"), "cannot read x: Input/output error");
    }
}
