//! "What will this command send?": a `cinder …` or `openstack …` command
//! line in, the exact request that client would send out (route, headers,
//! body text byte for byte), or the client's own refusal (its message and
//! exit code); then Cinder's verdict on that request.
//!
//! Modelled: python-cinderclient 9.10.0 (`cinder manage`, `cinder
//! snapshot-manage`) and python-openstackclient 10.5.0 on openstacksdk 4.22.0
//! (`openstack volume create --remote-source …`, `openstack volume snapshot
//! create --remote-source …`), with every global option of both, as captured
//! in `tests/fixtures/clients/` and written up in `docs/clients.md`.
//!
//! ```
//! use os_volume_manage::tools::command::{check_command, CommandOptions};
//! let checked = check_command("cinder manage 'node1@lvm#lvm' lv1 --name imported", &CommandOptions::default()).unwrap();
//! let request = checked.read.request().unwrap();
//! assert_eq!(request.path(), "/os-volume-manage");
//! assert_eq!(request.version_header(), Some("volume 3.71"));
//! assert!(request.body_text.starts_with(r#"{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "lv1"}"#));
//! assert!(checked.report.unwrap().accepted());
//! ```
//!
//! Layers: [`shell`] (the text to words), `argparse` (CPython's parser,
//! modelled once for both clients, over tables read from the real ones),
//! `cinder` and `openstack` (what each client does with the words), `request`
//! (the body bytes and headers both send).

mod argparse;
mod cinder;
mod json;
mod openstack;
mod pytext;
mod request;
pub mod shell;
#[rustfmt::skip]
mod tables;
mod volumes;

use std::fmt;

use crate::cinder::pipeline::check_text;
use crate::cinder::version::{Microversion, Options};
use crate::report::Report;

pub use json::{command_jsonl_line, CommandJsonlLine, JsonlCommandDefaults};
pub use request::ClientRequest;
pub use shell::{MAX_COMMAND_LINE_BYTES, MAX_COMMAND_WORDS};

/// Which client a command line runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Client {
    /// python-cinderclient's `cinder`.
    Cinder,
    /// python-openstackclient's `openstack`.
    Openstack,
}

impl Client {
    /// `cinder` or `openstack`.
    pub fn as_str(self) -> &'static str {
        match self {
            Client::Cinder => "cinder",
            Client::Openstack => "openstack",
        }
    }

    /// The client release this reader models.
    pub fn modelled_version(self) -> String {
        match self {
            Client::Cinder => format!("python-cinderclient {}", tables::CINDER_CLIENT_VERSION),
            Client::Openstack => format!(
                "python-openstackclient {} (openstacksdk {})",
                tables::OPENSTACK_CLIENT_VERSION,
                tables::OPENSTACKSDK_VERSION
            ),
        }
    }
}

/// A volume of the cloud, for the lookup `snapshot-manage` and `volume
/// snapshot create` make before they send anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownVolume {
    /// The volume's id.
    pub id: String,
    /// `None`: a volume without a name.
    pub name: Option<String>,
}

/// What the reader assumes about the cloud and the shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandOptions {
    /// The server's maximum microversion (the block-storage version
    /// document's `version`; its minimum is 3.0). Default 3.71 (Cinder 29).
    pub server_max: Microversion,
    /// Environment variables set (`Some`) or removed (`None`) on top of the
    /// working auth environment the reader assumes (`OS_AUTH_URL`,
    /// `OS_USERNAME`, `OS_PASSWORD`, `OS_PROJECT_NAME`,
    /// `OS_USER_DOMAIN_NAME`, `OS_PROJECT_DOMAIN_NAME`,
    /// `OS_IDENTITY_API_VERSION=3`, `OS_REGION_NAME=RegionOne`,
    /// `OS_INTERFACE=public`). Assignments written before the command
    /// (`OS_VOLUME_API_VERSION=3.16 cinder …`) apply after these.
    pub env: Vec<(String, Option<String>)>,
    /// The cloud's volumes, for the snapshot commands' volume lookup.
    /// `None`: the argument is taken as the volume's id (and a note says so).
    pub volumes: Option<Vec<KnownVolume>>,
}

impl Default for CommandOptions {
    fn default() -> CommandOptions {
        CommandOptions { server_max: Microversion::MAX, env: Vec::new(), volumes: None }
    }
}

impl CommandOptions {
    /// Reads a server maximum such as `3.27` (major 3, any minor).
    pub fn parse_server_max(text: &str) -> Result<Microversion, CommandError> {
        let bad = || CommandError {
            code: CommandErrorCode::InvalidServerMax,
            message: format!(
                "server maximum {text:?} is not a 3.x microversion (write e.g. 3.71, the default, or 3.27)"
            ),
        };
        let (major, minor) = text.split_once('.').ok_or_else(bad)?;
        if major != "3" || !pytext::is_digits(minor) || (minor.len() > 1 && minor.starts_with('0')) {
            return Err(bad());
        }
        let minor = minor.parse::<u32>().map_err(|_| bad())?;
        Ok(Microversion::new(3, minor))
    }
}

/// Which output stream a client wrote its refusal to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

impl Stream {
    /// `stdout` or `stderr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

/// The client ended without sending a manage request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The client's exit status (0 for help and `--version`).
    pub exit_code: u8,
    /// Where it wrote [`Refusal::message`].
    pub stream: Stream,
    /// The client's own words, exactly: argparse's `error:` line (with
    /// cinderclient's `Try …` line after it), an `ERROR: …` line, a command
    /// error's text, or the first line of openstack's unknown-command text.
    /// Empty for help output.
    pub message: String,
    /// Everything the client wrote on [`Refusal::stream`], when this reader
    /// reproduces all of it; `None` where part of it is not reproduced (help
    /// texts, openstack's global usage and its "Did you mean" list).
    pub output: Option<String>,
}

/// What the client does with the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The client sends this request.
    Sent(ClientRequest),
    /// The client sends nothing.
    Refused(Refusal),
}

/// A command-line argument that does not change the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedArgument {
    /// The option and its values as the parser took them, e.g.
    /// `--os-endpoint-type internal`, or `OS_CACERT=…`.
    pub argument: String,
    /// What it does instead.
    pub reason: String,
}

/// Stable codes of [`CommandNote`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteCode {
    /// The client prints debug, verbose or timing output too (not reproduced).
    DebugOutput,
    /// A word after the command also set a global option (cinder's pre-pass).
    GlobalOptionAlsoTaken,
    /// The volume was not looked up: the argument was taken as its id.
    VolumeLookupAssumed,
    /// Unquoted `*`, `?` or `[` were kept literally.
    ShellGlob,
    /// The verdict is Cinder 29's; the server's maximum differs.
    ServerMaxDiffers,
    /// An authentication setting this reader does not check.
    AuthNotModelled,
}

impl NoteCode {
    /// The code's snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteCode::DebugOutput => "debug_output",
            NoteCode::GlobalOptionAlsoTaken => "global_option_also_taken",
            NoteCode::VolumeLookupAssumed => "volume_lookup_assumed",
            NoteCode::ShellGlob => "shell_glob",
            NoteCode::ServerMaxDiffers => "server_max_differs",
            NoteCode::AuthNotModelled => "auth_not_modelled",
        }
    }
}

/// Something a person should know about the reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandNote {
    /// Stable code.
    pub code: NoteCode,
    /// What a person should know.
    pub message: String,
}

/// A command line read: what the client does, and what it ignores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandRead {
    /// Which client the command line runs.
    pub client: Client,
    /// The words after the program name, as the client receives them.
    pub argv: Vec<String>,
    /// The request, or the refusal.
    pub outcome: Outcome,
    /// What the client writes on stderr when it sends the request
    /// (cinderclient's downgrade warning, openstack's `--force` warning).
    pub stderr: String,
    /// Arguments that do not change the request.
    pub unused: Vec<UnusedArgument>,
    /// Notes about the reading.
    pub notes: Vec<CommandNote>,
}

impl CommandRead {
    /// The request, when one is sent.
    pub fn request(&self) -> Option<&ClientRequest> {
        match &self.outcome {
            Outcome::Sent(r) => Some(r),
            Outcome::Refused(_) => None,
        }
    }

    /// The refusal, when none is sent.
    pub fn refusal(&self) -> Option<&Refusal> {
        match &self.outcome {
            Outcome::Sent(_) => None,
            Outcome::Refused(r) => Some(r),
        }
    }
}

/// Stable codes of [`CommandError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandErrorCode {
    /// Nothing but white space, comments or assignments.
    EmptyCommand,
    /// More than [`MAX_COMMAND_LINE_BYTES`] or [`MAX_COMMAND_WORDS`].
    CommandTooLong,
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// A NUL character.
    NulCharacter,
    /// A quote never closed.
    UnterminatedQuote,
    /// A backslash at the end.
    TrailingBackslash,
    /// `$…`, `` `…` ``, `~`, `{a,b}`: a value the text does not hold.
    ShellExpansion,
    /// `|`, `;`, `&`, redirections, several lines.
    ShellOperator,
    /// Shell syntax this reader does not take (`env` options).
    UnsupportedShell,
    /// The program is neither `cinder` nor `openstack`.
    UnknownClient,
    /// A real command of the client that is not a manage request.
    NotAManageCommand,
    /// `openstack` without a command starts its interactive shell.
    InteractiveMode,
    /// An option value of this API that is not usable (a server maximum).
    InvalidServerMax,
}

impl CommandErrorCode {
    /// The code's snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandErrorCode::EmptyCommand => "empty_command",
            CommandErrorCode::CommandTooLong => "command_too_long",
            CommandErrorCode::InvalidUtf8 => "invalid_utf8",
            CommandErrorCode::NulCharacter => "nul_character",
            CommandErrorCode::UnterminatedQuote => "unterminated_quote",
            CommandErrorCode::TrailingBackslash => "trailing_backslash",
            CommandErrorCode::ShellExpansion => "shell_expansion",
            CommandErrorCode::ShellOperator => "shell_operator",
            CommandErrorCode::UnsupportedShell => "unsupported_shell",
            CommandErrorCode::UnknownClient => "unknown_client",
            CommandErrorCode::NotAManageCommand => "not_a_manage_command",
            CommandErrorCode::InteractiveMode => "interactive_mode",
            CommandErrorCode::InvalidServerMax => "invalid_server_max",
        }
    }

    /// Every code, for documentation and bindings.
    pub const ALL: [CommandErrorCode; 13] = [
        CommandErrorCode::EmptyCommand,
        CommandErrorCode::CommandTooLong,
        CommandErrorCode::InvalidUtf8,
        CommandErrorCode::NulCharacter,
        CommandErrorCode::UnterminatedQuote,
        CommandErrorCode::TrailingBackslash,
        CommandErrorCode::ShellExpansion,
        CommandErrorCode::ShellOperator,
        CommandErrorCode::UnsupportedShell,
        CommandErrorCode::UnknownClient,
        CommandErrorCode::NotAManageCommand,
        CommandErrorCode::InteractiveMode,
        CommandErrorCode::InvalidServerMax,
    ];
}

/// A command line this reader cannot turn into a client run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    /// Stable code.
    pub code: CommandErrorCode,
    /// What is wrong, for a person.
    pub message: String,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}

/// The working auth environment the reader assumes (the fixtures' own).
const AUTH_ENV: [(&str, &str); 9] = [
    ("OS_AUTH_URL", "https://identity.example.test/v3"),
    ("OS_USERNAME", "admin"),
    ("OS_PASSWORD", "secret"),
    ("OS_PROJECT_NAME", "admin"),
    ("OS_USER_DOMAIN_NAME", "Default"),
    ("OS_PROJECT_DOMAIN_NAME", "Default"),
    ("OS_IDENTITY_API_VERSION", "3"),
    ("OS_REGION_NAME", "RegionOne"),
    ("OS_INTERFACE", "public"),
];

/// The environment a client sees.
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    vars: std::collections::BTreeMap<String, String>,
}

impl Env {
    fn build(layers: &[&[(String, Option<String>)]]) -> Env {
        let mut vars: std::collections::BTreeMap<String, String> =
            AUTH_ENV.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for layer in layers {
            for (name, value) in layer.iter() {
                match value {
                    Some(v) => vars.insert(name.clone(), v.clone()),
                    None => vars.remove(name),
                };
            }
        }
        Env { vars }
    }

    /// `os.environ.get(name)`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// The clients' `utils.env(*names)`: the first one set and not empty.
    pub(crate) fn first(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.get(n).filter(|v| !v.is_empty()))
    }
}

/// The environment variables that change what a client sends.
const MODELLED_ENV: [&str; 6] = [
    "OS_VOLUME_API_VERSION",
    "OS_BLOCK_STORAGE_API_VERSION",
    "OS_VOLUMEV3_API_VERSION",
    "OS_VOLUMEV2_API_VERSION",
    "OS_PASSWORD",
    "OS_AUTH_URL",
];

/// Reads a command line: the client's request or refusal.
pub fn read_command(line: &str, options: &CommandOptions) -> Result<CommandRead, CommandError> {
    let command = shell::parse(line)?;
    let program = shell::basename(&command.program);
    let client = match program {
        "cinder" => Client::Cinder,
        "openstack" => Client::Openstack,
        other => {
            return Err(CommandError {
                code: CommandErrorCode::UnknownClient,
                message: format!(
                    "{} is not a client this reader models: write a `cinder …` (python-cinderclient) or `openstack …` (python-openstackclient) command",
                    pytext::repr(other)
                ),
            })
        }
    };
    let env = Env::build(&[&options.env, &command.env]);
    let mut read = match client {
        Client::Cinder => cinder::read(&command.args, &env, options)?,
        Client::Openstack => openstack::read(&command.args, &env, options)?,
    };
    for (name, value) in &command.env {
        if !MODELLED_ENV.contains(&name.as_str()) {
            read.unused.push(UnusedArgument {
                argument: match value {
                    Some(v) => format!("{name}={v}"),
                    None => format!("env -u {name}"),
                },
                reason: "an environment variable this reader does not model; it does not change the request".into(),
            });
        }
    }
    if command.glob {
        read.notes.push(CommandNote {
            code: NoteCode::ShellGlob,
            message: "unquoted *, ? or [ were kept as written; a shell replaces such a word with the names of the \
                      files it matches, when there are any: quote it"
                .into(),
        });
    }
    Ok(read)
}

/// [`read_command`] for raw bytes (a command line that may not be UTF-8).
pub fn read_command_bytes(line: &[u8], options: &CommandOptions) -> Result<CommandRead, CommandError> {
    match std::str::from_utf8(line) {
        Ok(text) => read_command(text, options),
        Err(e) => Err(CommandError {
            code: CommandErrorCode::InvalidUtf8,
            message: format!(
                "the command line is not UTF-8 (invalid byte at offset {}); the clients' arguments are text",
                e.valid_up_to()
            ),
        }),
    }
}

/// A command line read and its request judged.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandCheck {
    /// What the client does.
    pub read: CommandRead,
    /// Cinder's verdict on the request (`None` when the client refuses).
    pub report: Option<Report>,
}

/// The core's options for judging a client's request.
pub fn judge_options(request: &ClientRequest) -> Options {
    let microversion = request.version_header().map(str::to_string);
    Options { microversion, endpoint: Some(request.endpoint), ..Options::default() }
}

/// Reads a command line and judges what it sends, as Cinder 29 would.
pub fn check_command(line: &str, options: &CommandOptions) -> Result<CommandCheck, CommandError> {
    let mut read = read_command(line, options)?;
    let report = read.request().map(|r| check_text(r.kind(), r.body_text.as_bytes(), &judge_options(r)));
    if report.is_some() && options.server_max != Microversion::MAX {
        read.notes.push(CommandNote {
            code: NoteCode::ServerMaxDiffers,
            message: format!(
                "the verdict is Cinder 29's (microversions 3.0 to {}); the server's maximum is {}, and an older \
                 Cinder answers 406 to a version header above its maximum",
                Microversion::MAX,
                options.server_max
            ),
        });
    }
    Ok(CommandCheck { read, report })
}
