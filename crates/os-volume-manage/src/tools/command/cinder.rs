//! python-cinderclient 9.10.0: `cinder [global options] manage …` and
//! `cinder … snapshot-manage …`, step by step as
//! `cinderclient/shell.py: OpenStackCinderShell.main` runs them
//! (`docs/clients.md`, section 2).

use super::argparse::{Exit, Namespace, Parser, Subcommands};
use super::request::{ClientRequest, Json};
use super::tables::{
    CINDER_CLIENT_VERSION, CINDER_GLOBAL, CINDER_HELP, CINDER_MANAGE, CINDER_MANAGE_BEFORE_3_16,
    CINDER_SNAPSHOT_MANAGE, CINDER_SUBCOMMANDS, CINDER_TOP,
};
use super::volumes::{cinder_find, Lookup};
use super::{
    pytext, Client, CommandError, CommandErrorCode, CommandNote, CommandOptions, CommandRead, Env, NoteCode, Outcome,
    Refusal, Stream, UnusedArgument,
};
use crate::cinder::version::Endpoint;

/// `api_versions.MAX_VERSION`.
const CLIENT_MAX_MINOR: u64 = 71;

/// The subcommands whose presence in argv makes `main` check `--filters`
/// first (`FILTER_CHECK`, with `RESOURCE_FILTERS`).
const FILTER_CHECK: [(&str, &[&str]); 9] = [
    ("type-list", &["is_public"]),
    ("backup-list", &["name", "status", "volume_id"]),
    ("get-pools", &["name", "volume_type"]),
    ("list", &["name", "status", "metadata", "bootable", "migration_status", "availability_zone", "group_id", "size"]),
    ("group-list", &["name"]),
    ("group-snapshot-list", &["name", "status", "group_id"]),
    ("message-list", &["resource_uuid", "resource_type", "event_id", "request_id", "message_level"]),
    ("snapshot-list", &["name", "status", "volume_id", "metadata", "availability_zone"]),
    ("attachment-list", &["volume_id", "status", "instance_id", "attach_status"]),
];

/// A version the user asked for (`api_versions.APIVersion`): major 3 by the
/// time it is used; the minor as its digits (Python ints are unbounded) or
/// `latest`.
#[derive(Clone, Debug)]
struct Requested {
    /// `None`: `3.latest`.
    minor: Option<(u64, String)>,
}

impl Requested {
    fn text(&self) -> String {
        match &self.minor {
            Some((_, digits)) => format!("3.{digits}"),
            None => "3.latest".to_string(),
        }
    }

    /// The minor as a number that orders like the real one.
    fn order(&self) -> u64 {
        self.minor.as_ref().map_or(u64::MAX, |(n, _)| *n)
    }
}

/// What went wrong while reading the version.
enum VersionFailure {
    /// `ERROR: …` (after any warning lines), exit 1.
    Error { warnings: String, message: String },
}

/// `api_versions.get_api_version` (with `APIVersion.__init__` and
/// `check_major_version`).
fn get_api_version(text: &str) -> Result<Requested, VersionFailure> {
    let mut warnings = String::new();
    if text == "1" || text == "2" {
        warnings.push_str(&format!(
            "WARNING:cinderclient.api_versions:Version {text} is not supported, use supported version 3 instead.\n"
        ));
    }
    // `strutils.is_int_like`: `str(int(text)) == text`.
    let int_like = text == "0" || {
        let digits = text.strip_prefix('-').unwrap_or(text);
        pytext::is_digits(digits) && !digits.starts_with('0')
    };
    let version_text = if int_like { format!("{text}.0") } else { text.to_string() };
    // `re.match(r"^([1-9]\d*)\.([1-9]\d*|0|latest)$", …)`; `$` also
    // matches before a final newline.
    let body = version_text.strip_suffix('\n').unwrap_or(&version_text);
    let parsed = body.split_once('.').and_then(|(major, minor)| {
        let major_ok = pytext::is_digits(major) && !major.starts_with('0');
        let minor_ok = minor == "latest" || minor == "0" || (pytext::is_digits(minor) && !minor.starts_with('0'));
        (major_ok && minor_ok).then_some((major, minor))
    });
    let Some((major, minor)) = parsed else {
        return Err(VersionFailure::Error {
            warnings,
            message: format!(
                "Invalid format of client version '{version_text}'. Expected format 'X.Y', where X is a major part and Y is a minor part of version."
            ),
        });
    };
    if major != "3" {
        return Err(VersionFailure::Error {
            warnings,
            message: format!("Invalid client version '{major}.{minor}'. Major part should be '3'"),
        });
    }
    let minor =
        if minor == "latest" { None } else { Some((minor.parse::<u64>().unwrap_or(u64::MAX - 1), minor.to_string())) };
    Ok(Requested { minor })
}

/// The subcommands that exist at a version.
fn subcommand_exists(name: &str, version: &Requested) -> bool {
    let minor = version.order();
    CINDER_SUBCOMMANDS.iter().any(|(n, lo, hi)| {
        *n == name && u64::from(*lo) <= minor && (minor <= u64::from(*hi) || u64::from(*hi) == CLIENT_MAX_MINOR)
    })
}

/// The subparsers of the full parser, for the version read in the pre-pass.
struct CinderSubcommands<'a> {
    version: &'a Requested,
    /// A real subcommand this reader does not model.
    other: Option<String>,
}

impl CinderSubcommands<'_> {
    fn manage_parser(&self) -> &'static Parser {
        if self.version.order() >= 16 {
            &CINDER_MANAGE
        } else {
            &CINDER_MANAGE_BEFORE_3_16
        }
    }
}

impl Subcommands for CinderSubcommands<'_> {
    fn is_choice(&self, name: &str) -> bool {
        subcommand_exists(name, self.version)
    }

    fn run(&mut self, name: &str, args: &[String]) -> Result<(Namespace, Vec<String>), Exit> {
        let parser = match name {
            "manage" => self.manage_parser(),
            "snapshot-manage" => &CINDER_SNAPSHOT_MANAGE,
            "help" => &CINDER_HELP,
            other => {
                self.other = Some(other.to_string());
                return Ok((Namespace::default(), Vec::new()));
            }
        };
        parser.parse_known_args(args, None)
    }
}

/// A refusal with everything on one stream.
fn refused(exit_code: u8, stream: Stream, message: String, output: Option<String>) -> Outcome {
    Outcome::Refused(Refusal { exit_code, stream, message, output })
}

/// `main()`'s handler: `ERROR: <message>` on stderr, exit 1.
fn error_exit(before: &str, message: &str) -> Outcome {
    let line = format!("ERROR: {message}");
    refused(1, Stream::Stderr, line.clone(), Some(format!("{before}{line}\n")))
}

/// `CinderClientArgumentParser.error`: usage, `error: …` (cut before
/// ` (choose from`), and `Try 'cinder help <subcommand>' …`, exit 2.
fn usage_error(parser: &Parser, prog: &str, message: &str) -> Outcome {
    let message = message.split(" (choose from").next().unwrap_or(message);
    let sub = prog.split_once(' ').map_or("", |(_, s)| s);
    let text = format!("error: {message}\nTry 'cinder help {sub}' for more information.");
    refused(2, Stream::Stderr, text.clone(), Some(format!("{}{text}\n", parser.usage(prog))))
}

/// Help printed on stdout, exit 0 (the text itself is not reproduced).
fn help() -> Outcome {
    refused(0, Stream::Stdout, String::new(), None)
}

/// What a parse's exit means for the user; `manage` is the `manage`
/// parser of the requested version.
fn exit_outcome(exit: Exit, parser: &Parser, prog: &str, manage: &Parser) -> Outcome {
    match exit {
        Exit::Error(m) => usage_error(parser, prog, &m),
        Exit::Help => help(),
        Exit::Version => {
            let text = format!("{CINDER_CLIENT_VERSION}\n");
            refused(0, Stream::Stdout, CINDER_CLIENT_VERSION.to_string(), Some(text))
        }
        Exit::InSubparser(name, inner) => {
            let sub: &Parser = match name.as_str() {
                "snapshot-manage" => &CINDER_SNAPSHOT_MANAGE,
                "help" => &CINDER_HELP,
                _ => manage,
            };
            exit_outcome(*inner, sub, &format!("cinder {name}"), manage)
        }
    }
}

/// `OpenStackCinderShell.check_duplicate_filters`.
fn check_duplicate_filters(argv: &[String], filters: &[&str]) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, word) in argv.iter().enumerate() {
        if !word.starts_with("--") {
            continue;
        }
        if word == "--filters" {
            let Some(next) = argv.get(i + 1) else { return Err("list index out of range".into()) };
            let parts: Vec<&str> = next.split('=').collect();
            match parts.as_slice() {
                [key, _] => {
                    if let Some(f) = filters.iter().find(|f| *f == key) {
                        seen.push(f);
                    }
                }
                [_] => return Err("not enough values to unpack (expected 2, got 1)".into()),
                _ => return Err("too many values to unpack (expected 2)".into()),
            }
        } else if let Some(f) = filters.iter().find(|f| word.get(2..) == Some(**f)) {
            seen.push(f);
        }
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() == seen.len() {
        Ok(())
    } else {
        Err("Filters are only allowed to be passed once.".into())
    }
}

/// `_delimit_metadata_args`: `--` before the first word after `--metadata`
/// that has no `=` and does not start with `--`.
fn delimit_metadata(argv: Vec<String>) -> Vec<String> {
    if !argv.iter().any(|a| a == "--metadata") {
        return argv;
    }
    let mut out = Vec::with_capacity(argv.len() + 1);
    let mut in_metadata = false;
    for arg in argv {
        if arg == "--metadata" {
            in_metadata = true;
        } else if in_metadata {
            if arg.starts_with("--") {
                in_metadata = false;
            } else if !arg.contains('=') {
                out.push("--".to_string());
                in_metadata = false;
            }
        }
        out.push(arg);
    }
    out
}

/// `shell_utils.extract_metadata`.
fn extract_metadata(words: &[String]) -> Json {
    let mut pairs: Vec<(String, Json)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for word in words {
        let (key, value) = match word.split_once('=') {
            Some((k, v)) => (k.to_string(), Json::Str(v.to_string())),
            None => (word.clone(), Json::Null),
        };
        match index.get(&key).and_then(|&i| pairs.get_mut(i)) {
            Some((_, v)) => *v = value,
            None => {
                index.insert(key.clone(), pairs.len());
                pairs.push((key, value));
            }
        }
    }
    Json::Object(pairs)
}

/// The global options and why they do not change the request.
fn global_reason(dest: &str) -> Option<&'static str> {
    Some(match dest {
        "os_volume_api_version" | "help" | "version" => return None,
        "debug" => "prints debug logging (the request is unchanged)",
        "service_type"
        | "service_name"
        | "volume_service_name"
        | "os_endpoint_type"
        | "os_endpoint"
        | "os_url"
        | "os_auth_strategy" => "selects the endpoint or service the request goes to, not what it says",
        "retries" | "insecure" | "os_cacert" | "os_cert" | "os_key" | "timeout" | "collect_timing" | "tls_ciphers"
        | "tls_min_version" => "a transport setting; the request is unchanged",
        _ => "authentication; the request is unchanged",
    })
}

/// Reads `cinder` argv.
pub(crate) fn read(args: &[String], env: &Env, options: &CommandOptions) -> Result<CommandRead, CommandError> {
    let mut read = CommandRead {
        client: Client::Cinder,
        argv: args.to_vec(),
        outcome: help(),
        stderr: String::new(),
        unused: Vec::new(),
        notes: Vec::new(),
    };
    read.outcome = run(args, env, options, &mut read)?;
    Ok(read)
}

fn run(args: &[String], env: &Env, options: &CommandOptions, read: &mut CommandRead) -> Result<Outcome, CommandError> {
    let mut argv = args.to_vec();
    // Duplicate filters of a listing command named anywhere in argv.
    if let Some((_, filters)) = FILTER_CHECK.iter().find(|(name, _)| argv.iter().any(|a| a == name)) {
        if let Err(message) = check_duplicate_filters(&argv, filters) {
            return Ok(error_exit("", &message));
        }
    }

    // 1. The global pre-pass over every word.
    let (globals, extras) = match CINDER_GLOBAL.parse_known_args(&argv, None) {
        Ok(x) => x,
        Err(exit) => return Ok(exit_outcome(exit, &CINDER_GLOBAL, "cinder", &CINDER_MANAGE)),
    };
    let subcommand_at = globals.taken.iter().position(|t| !t);
    for occurrence in &globals.seen {
        if let Some(reason) = global_reason(occurrence.action.dest) {
            let option = occurrence.option.clone().unwrap_or_default();
            read.unused.push(UnusedArgument {
                argument: std::iter::once(option)
                    .chain(occurrence.values.iter().cloned())
                    .collect::<Vec<_>>()
                    .join(" "),
                reason: reason.to_string(),
            });
        }
    }
    note_words_after_subcommand(read, &argv, &globals, subcommand_at);
    if globals.flag("debug") == Some(true) || env.first(&["CINDERCLIENT_DEBUG"]).is_some() {
        read.notes.push(CommandNote {
            code: NoteCode::DebugOutput,
            message: "the client also prints debug logging on stderr, which is not reproduced".into(),
        });
    }

    // 2. The requested version: the option, else OS_VOLUME_API_VERSION.
    let option_version = match globals.get("os_volume_api_version") {
        Some(super::argparse::Val::Text(t)) => Some(t.clone()),
        Some(_) => None,
        None => env.first(&["OS_VOLUME_API_VERSION"]).map(str::to_string),
    };
    let requested = match option_version.as_deref() {
        None | Some("") => Requested { minor: Some((CLIENT_MAX_MINOR, CLIENT_MAX_MINOR.to_string())) },
        Some(text) => match get_api_version(text) {
            Ok(v) => v,
            Err(VersionFailure::Error { warnings, message }) => return Ok(error_exit(&warnings, &message)),
        },
    };

    // 3. The subcommand parser for that version: `--cluster` below 3.16.
    if requested.order() < 16
        && extras.first().map(String::as_str) == Some("manage")
        && extras.iter().any(|a| a == "--cluster")
    {
        return Ok(error_exit("", "'--cluster' argument is only allowed since microversion 3.16."));
    }

    // 4. Help.
    if argv.len() > 1 && argv.iter().any(|a| a == "--help") {
        argv.retain(|a| a != "--help");
        match argv.first() {
            // `argv[0]` of an empty list.
            None => return Ok(error_exit("", "list index out of range")),
            Some(first) if subcommand_exists(first, &requested) => return Ok(help()),
            Some(_) => {}
        }
    }
    if globals.flag("help") == Some(true) || argv.is_empty() {
        return Ok(help());
    }

    // 5. The `--metadata` rewrite, then the full parse.
    let argv = delimit_metadata(argv);
    let mut subcommands = CinderSubcommands { version: &requested, other: None };
    let parsed = CINDER_TOP.parse_args(&argv, Some(&mut subcommands));
    if let Some(other) = subcommands.other.take() {
        return Err(not_manage(&other));
    }
    let ns = match parsed {
        Ok(ns) => ns,
        Err(exit) => return Ok(exit_outcome(exit, &CINDER_TOP, "cinder", subcommands.manage_parser())),
    };
    let subcommand = ns
        .seen
        .iter()
        .find(|o| o.action.kind == super::argparse::ActionKind::SubParsers)
        .and_then(|o| o.values.first().cloned());
    let Some(subcommand) = subcommand else { return Ok(help()) };
    if subcommand == "help" {
        return Ok(match ns.text("command") {
            Some(c) if !c.is_empty() && !subcommand_exists(c, &requested) => {
                error_exit("", &format!("'{c}' is not a valid subcommand"))
            }
            _ => help(),
        });
    }

    // 6. Authentication (the parts this reader models).
    if let Some(outcome) = auth_check(&globals, env, read) {
        return Ok(outcome);
    }

    // 7. The client object: an explicit version only.
    if requested.minor.is_none() {
        return Ok(error_exit("", "The version should be explicit, not latest."));
    }

    // 8. Version discovery against the server.
    let server_max = u64::from(options.server_max.minor);
    let negotiated = if requested.order() <= server_max { requested.order() } else { server_max };
    let negotiated = negotiated.min(CLIENT_MAX_MINOR);
    if negotiated < requested.order() {
        read.stderr.push_str(&format!(
            "WARNING:cinderclient.shell:API version {} requested, \nWARNING:cinderclient.shell:downgrading to 3.{negotiated} based on server support.\n",
            requested.text()
        ));
    }
    let header = (negotiated != 0).then(|| format!("3.{negotiated}"));

    // 9. The command itself.
    match subcommand.as_str() {
        "manage" => Ok(manage(&ns, negotiated, header)),
        _ => Ok(snapshot_manage(&ns, header, options, read)),
    }
}

fn not_manage(command: &str) -> CommandError {
    CommandError {
        code: CommandErrorCode::NotAManageCommand,
        message: format!(
            "`cinder {command}` is not a manage request; this reader models `cinder manage` and `cinder snapshot-manage`"
        ),
    }
}

/// A global option written after the subcommand name is taken by the
/// pre-pass as well (`--d` is both `--debug` and `--description`).
fn note_words_after_subcommand(read: &mut CommandRead, argv: &[String], globals: &Namespace, at: Option<usize>) {
    let Some(at) = at else { return };
    for occurrence in globals.seen.iter().filter(|o| o.index > at) {
        let typed = argv.get(occurrence.index).map_or("", String::as_str);
        read.notes.push(CommandNote {
            code: NoteCode::GlobalOptionAlsoTaken,
            message: format!(
                "{} after the subcommand is also read as cinder's global option {} (its first pass reads every word)",
                typed.split('=').next().unwrap_or(typed),
                occurrence.action.name
            ),
        });
    }
}

/// `main`'s credential checks.
fn auth_check(globals: &Namespace, env: &Env, read: &mut CommandRead) -> Option<Outcome> {
    let option = |dest: &str| globals.text(dest).filter(|v| !v.is_empty()).map(str::to_string);
    let auth_type = option("os_auth_type")
        .or_else(|| env.first(&["OS_AUTH_TYPE", "OS_AUTH_PLUGIN", "OS_AUTH_SYSTEM"]).map(str::to_string));
    if let Some(t) = auth_type.filter(|t| t != "keystone") {
        read.notes.push(CommandNote {
            code: NoteCode::AuthNotModelled,
            message: format!("auth type {t:?}: its credential checks are not modelled; a working login is assumed"),
        });
        return None;
    }
    let password = option("os_password").or_else(|| env.first(&["OS_PASSWORD", "CINDER_PASSWORD"]).map(str::to_string));
    if password.is_none() {
        return Some(error_exit(
            "",
            "You must provide a password through --os-password, env[OS_PASSWORD] or, prompted response.",
        ));
    }
    let project = option("os_project_id")
        .or_else(|| option("os_project_name"))
        .or_else(|| env.first(&["OS_PROJECT_ID", "CINDER_PROJECT_ID", "OS_PROJECT_NAME"]).map(str::to_string));
    if project.is_none() {
        return Some(error_exit(
            "",
            "You must provide a project_id or project_name (with project_domain_name or project_domain_id) via   \
             --os-project-id (env[OS_PROJECT_ID])  --os-project-name (env[OS_PROJECT_NAME]),  --os-project-domain-id \
             (env[OS_PROJECT_DOMAIN_ID])  --os-project-domain-name (env[OS_PROJECT_DOMAIN_NAME])",
        ));
    }
    let auth_url = option("os_auth_url").or_else(|| env.first(&["OS_AUTH_URL", "CINDER_URL"]).map(str::to_string));
    if auth_url.is_none() {
        return Some(error_exit(
            "",
            "You must provide an authentication URL through --os-auth-url or env[OS_AUTH_URL].",
        ));
    }
    None
}

/// `cinderclient/v3/shell.py: do_manage` and `v3/volumes.py: VolumeManager.manage`.
fn manage(ns: &Namespace, negotiated: u64, header: Option<String>) -> Outcome {
    let identifier = ns.text("identifier").unwrap_or_default();
    let id_type = ns.text("id_type").unwrap_or("source-name");
    let metadata = ns.list("metadata").map_or(Json::Null, extract_metadata);
    let mut volume = vec![
        ("host".to_string(), Json::text(ns.text("host"))),
        ("ref".to_string(), Json::Object(vec![(id_type.to_string(), Json::Str(identifier.to_string()))])),
        ("name".to_string(), Json::text(ns.text("name"))),
        ("description".to_string(), Json::text(ns.text("description"))),
        ("volume_type".to_string(), Json::text(ns.text("volume_type"))),
        ("availability_zone".to_string(), Json::text(ns.text("availability_zone"))),
        ("metadata".to_string(), metadata),
        ("bootable".to_string(), Json::Bool(ns.flag("bootable").unwrap_or(false))),
    ];
    if let Some(cluster) = ns.text("cluster").filter(|c| !c.is_empty()) {
        if negotiated >= 16 {
            volume.push(("cluster".to_string(), Json::Str(cluster.to_string())));
        }
    }
    let body = Json::Object(vec![("volume".to_string(), Json::Object(volume))]);
    Outcome::Sent(ClientRequest::new(Endpoint::OsVolumeManage, "application/json", header, &body))
}

/// `cinderclient/v3/shell_base.py: do_snapshot_manage` and
/// `v3/volume_snapshots.py: SnapshotManager.manage`.
fn snapshot_manage(
    ns: &Namespace,
    header: Option<String>,
    options: &CommandOptions,
    read: &mut CommandRead,
) -> Outcome {
    let volume = ns.text("volume").unwrap_or_default();
    let volume_id = match cinder_find(options.volumes.as_deref(), volume) {
        Lookup::Found(id) => id,
        Lookup::Assumed(id) => {
            read.notes.push(CommandNote {
                code: NoteCode::VolumeLookupAssumed,
                message: format!(
                    "cinder looks up the volume {} by id, then by name, and sends its id; without the cloud's volume \
                     list the argument is taken as the id",
                    pytext::repr(volume)
                ),
            });
            id
        }
        // After the version discovery: its warning comes first.
        Lookup::NotFound => {
            return error_exit(&read.stderr, &format!("No volume with a name or ID of '{volume}' exists."))
        }
        Lookup::Duplicate => {
            return error_exit(
                &read.stderr,
                &format!("Multiple volume matches found for '{volume}', use an ID to be more specific."),
            )
        }
    };
    let identifier = ns.text("identifier").unwrap_or_default();
    let id_type = ns.text("id_type").unwrap_or("source-name");
    let metadata = ns.list("metadata").map_or(Json::Null, extract_metadata);
    let snapshot = vec![
        ("volume_id".to_string(), Json::Str(volume_id)),
        ("ref".to_string(), Json::Object(vec![(id_type.to_string(), Json::Str(identifier.to_string()))])),
        ("name".to_string(), Json::text(ns.text("name"))),
        ("description".to_string(), Json::text(ns.text("description"))),
        ("metadata".to_string(), metadata),
    ];
    let body = Json::Object(vec![("snapshot".to_string(), Json::Object(snapshot))]);
    Outcome::Sent(ClientRequest::new(Endpoint::OsSnapshotManage, "application/json", header, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(get_api_version("3").ok().map(|v| v.text()), Some("3.0".into()));
        assert_eq!(get_api_version("3.16").ok().map(|v| v.text()), Some("3.16".into()));
        assert_eq!(get_api_version("3.latest").ok().map(|v| v.text()), Some("3.latest".into()));
        let message = |t: &str| match get_api_version(t) {
            Err(VersionFailure::Error { message, .. }) => message,
            Ok(_) => String::new(),
        };
        assert!(message("3.01").starts_with("Invalid format of client version '3.01'."));
        assert!(message("-3").starts_with("Invalid format of client version '-3.0'."));
        assert_eq!(message("4"), "Invalid client version '4.0'. Major part should be '3'");
        assert_eq!(message("2"), "Invalid client version '2.0'. Major part should be '3'");
    }

    #[test]
    fn metadata_rewrite() {
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(delimit_metadata(w(&["--metadata", "k=v", "h", "v"])), w(&["--metadata", "k=v", "--", "h", "v"]));
        assert_eq!(
            delimit_metadata(w(&["--metadata", "k=v", "--name", "n"])),
            w(&["--metadata", "k=v", "--name", "n"])
        );
        assert_eq!(delimit_metadata(w(&["--metadata=k", "h"])), w(&["--metadata=k", "h"]));
    }
}
