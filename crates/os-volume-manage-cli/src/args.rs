//! The command line, parsed once for both CLIs: the native binary and the
//! npm package's `bin/os-volume-manage.js` (through the wasm module), so a
//! flag, a default or an error message exists in one place.
//!
//! Flags are `--flag value` or `--flag=value`; `-h`/`--help` anywhere asks
//! for the usage text; anything not starting with `--` is positional (so
//! `-1` reaches `size`, which refuses it as negative, and `-` means stdin),
//! and so is every argument after a bare `--`.

use std::fmt;

use os_volume_manage::Kind;

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckArgs {
    /// Files to read (`-` is stdin); at least one.
    pub files: Vec<String>,
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
    let mut files = flags.positional.clone();
    if files.is_empty() {
        files.push("-".into());
    }
    Ok(Invocation::Check(CheckArgs {
        files,
        microversion: flags.value("--microversion").map(str::to_string),
        kind,
        endpoint: flags.value("--endpoint").map(str::to_string),
        unicode_version: flags.value("--unicode-version").map(str::to_string),
        json,
        jsonl: flags.switch("--jsonl"),
    }))
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
