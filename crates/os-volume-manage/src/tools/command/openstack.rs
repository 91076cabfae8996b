//! python-openstackclient 10.5.0 on openstacksdk 4.22.0: `openstack …
//! volume create --remote-source …` and `openstack … volume snapshot create
//! --remote-source …`, step by step as `cliff/app.py: App.run`,
//! `openstackclient/shell.py` and the two commands' `take_action` run them
//! (`docs/clients.md`, section 3).

use super::argparse::{Exit, Namespace, Parser, Val};
use super::request::{ClientRequest, Json};
use super::tables::{
    OPENSTACK_CLIENT_VERSION, OPENSTACK_COMMANDS, OPENSTACK_COMMANDS_VOLUME_V2, OPENSTACK_COMMANDS_VOLUME_V3,
    OPENSTACK_GLOBAL, OPENSTACK_HELP, OPENSTACK_SNAPSHOT_CREATE, OPENSTACK_SNAPSHOT_CREATE_V2, OPENSTACK_VOLUME_CREATE,
    OPENSTACK_VOLUME_CREATE_V2,
};
use super::volumes::{sdk_find, Lookup};
use super::{
    pytext, Client, CommandError, CommandErrorCode, CommandNote, CommandOptions, CommandRead, Env, NoteCode, Outcome,
    Refusal, Stream, UnusedArgument,
};
use crate::cinder::version::Endpoint;

/// `openstack/block_storage/v3/volume.py: Volume._max_microversion`.
const VOLUME_MANAGE_MICROVERSION: &str = "3.71";
/// `openstack/block_storage/v3/snapshot.py: Snapshot._max_microversion`.
const SNAPSHOT_MANAGE_MICROVERSION: &str = "3.65";

/// Which volume commands `_load_plugins` loads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    V3,
    V2,
    None,
}

/// What openstacksdk makes of the configured block-storage API version.
struct SdkVersion {
    /// The text configured (`get_api_version`), when it counts.
    text: Option<String>,
    /// The default microversion (a version text with a `.`), parsed by
    /// keystoneauth, or the text it could not parse.
    default: Option<Result<(i64, i64), String>>,
    /// The major version the proxy asks for.
    major: i64,
}

fn refused(exit_code: u8, stream: Stream, message: String, output: Option<String>) -> Outcome {
    Outcome::Refused(Refusal { exit_code, stream, message, output })
}

/// A `CommandError` (or SDK error) logged by cliff: the message alone on
/// stderr, exit 1.
fn command_error(message: &str) -> Outcome {
    refused(1, Stream::Stderr, message.to_string(), Some(format!("{message}\n")))
}

fn help() -> Outcome {
    refused(0, Stream::Stdout, String::new(), None)
}

/// Python `int()` of a version part (keystoneauth's `_int_or_latest`).
fn version_part(text: &str) -> Option<i64> {
    pytext::int_value(text)?;
    let t = pytext::strip(text).replace('_', "");
    Some(t.parse::<i64>().unwrap_or(if t.starts_with('-') { i64::MIN } else { i64::MAX }))
}

/// `keystoneauth1/discover.py: normalize_version_number` of a text.
fn normalize_version(text: &str) -> Option<(i64, i64)> {
    let v = text.trim_start_matches('v');
    if pytext::is_digits(v) {
        return Some((version_part(v)?, 0));
    }
    let parts: Vec<&str> = v.split('.').collect();
    match parts.as_slice() {
        [major] => Some((version_part(major)?, 0)),
        [major, minor] => Some((version_part(major)?, version_part(minor)?)),
        // Three parts and more compare as tuples; no such text gets here
        // (`float()` takes at most one dot).
        _ => None,
    }
}

/// The block-storage API version settings: `volume_api_version` as osc's
/// command groups read it, and the text openstacksdk reads.
fn versions(globals: &Namespace, env: &Env) -> (Group, SdkVersion) {
    // `--os-volume-api-version` when given a value, else
    // OS_VOLUME_API_VERSION from the environment (even empty).
    let configured: Option<String> = globals
        .text("os_volume_api_version")
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .or_else(|| env.get("OS_VOLUME_API_VERSION").map(str::to_string));
    let group_text = configured.clone().unwrap_or_else(|| "3".to_string());
    let group = if group_text.is_empty() {
        Group::None
    } else {
        match group_text.replace('.', "_").split('_').next() {
            Some("3") => Group::V3,
            Some("2") => Group::V2,
            _ => Group::None,
        }
    };
    // `CloudRegion._get_config('api_version', 'block-storage')`.
    let sdk_text = ["OS_BLOCK_STORAGE_API_VERSION", "OS_VOLUMEV3_API_VERSION", "OS_VOLUMEV2_API_VERSION"]
        .iter()
        .find_map(|n| env.get(n).map(str::to_string))
        .or(configured)
        .or_else(|| env.get("OS_BLOCK_STORE_API_VERSION").map(str::to_string));
    // `CloudRegion.get_api_version`: empty, or not a float, counts as unset.
    let text = sdk_text.filter(|t| !t.is_empty() && pytext::float_value(t).is_some());
    let sdk = match &text {
        None => SdkVersion { text: None, default: None, major: 3 },
        Some(t) if t.contains('.') => {
            let major = t.chars().next().and_then(|c| c.to_digit(10)).map_or(-1, i64::from);
            SdkVersion { text: Some(t.clone()), default: Some(normalize_version(t).ok_or_else(|| t.clone())), major }
        }
        Some(t) => SdkVersion { text: Some(t.clone()), default: None, major: normalize_version(t).map_or(-1, |v| v.0) },
    };
    (group, sdk)
}

impl SdkVersion {
    /// `openstack/utils.py: supports_microversion(adapter, "3.N")`.
    fn supports(&self, minor: i64, server_max: i64) -> bool {
        if !(0..=server_max).contains(&minor) {
            return false;
        }
        match &self.default {
            Some(Ok((major, default_minor))) => *major == 3 && *default_minor >= minor,
            _ => true,
        }
    }

    /// Building the block-storage proxy: the errors it raises.
    fn proxy_error(&self, server_max: i64, region: &str) -> Option<String> {
        if self.major != 3 {
            return Some(format!(
                "The block-storage service for envvars:{region} exists but does not have any supported versions."
            ));
        }
        match &self.default {
            Some(Err(text)) => Some(format!("Invalid version specified: {text}")),
            Some(Ok(version)) if *version < (3, 0) || *version > (3, server_max) => {
                let text = self.text.clone().unwrap_or_default();
                Some(format!(
                    "A default microversion for service block-storage of {text} was requested, but the cloud only \
                     supports a minimum of 3.0 and a maximum of 3.{server_max}. The default microversion was set \
                     because a microversion formatted version string, '{text}', was passed for the api_version of \
                     the service. If it was not intended to set a default microversion please remove anything \
                     other than an integer major version from the version setting for the service."
                ))
            }
            _ => None,
        }
    }
}

/// `cliff/commandmanager.py: CommandManager.find_command`: the command and
/// the words typed for it, and the rest of argv.
fn find_command(argv: &[String], group: Group) -> Option<(&'static str, String, &[String])> {
    let names = || {
        let extra: &[&str] = match group {
            Group::V3 => OPENSTACK_COMMANDS_VOLUME_V3,
            Group::V2 => OPENSTACK_COMMANDS_VOLUME_V2,
            Group::None => &[],
        };
        OPENSTACK_COMMANDS.iter().chain(extra.iter()).copied()
    };
    let last = argv.iter().position(|a| a.starts_with('-')).unwrap_or(argv.len());
    // No command has more words than the longest name: trying more words
    // (as cliff does) cannot match, so the search stays short on long argv.
    static LONGEST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let longest = *LONGEST.get_or_init(|| {
        OPENSTACK_COMMANDS
            .iter()
            .chain(OPENSTACK_COMMANDS_VOLUME_V3)
            .chain(OPENSTACK_COMMANDS_VOLUME_V2)
            .map(|n| n.split(' ').count())
            .max()
            .unwrap_or(0)
    });
    for i in (1..=last.min(longest)).rev() {
        let typed = argv.get(..i)?;
        let rest = argv.get(i..).unwrap_or_default();
        let name = typed.join(" ");
        if let Some(exact) = names().find(|n| *n == name) {
            return Some((exact, name, rest));
        }
        // `_get_commands_by_partial_name`: as many words, each a prefix.
        let matches = |n: &&str| {
            let mut parts = n.split(' ');
            typed.iter().all(|t| parts.next().is_some_and(|p| p.starts_with(t.as_str()))) && parts.next().is_none()
        };
        let mut candidates = names().filter(matches);
        if let (Some(only), None) = (candidates.next(), candidates.next()) {
            return Some((only, name, rest));
        }
    }
    None
}

/// Why a global option does not change the request.
fn global_reason(dest: &str) -> Option<&'static str> {
    Some(match dest {
        "os_volume_api_version" | "deferred_help" | "version" => return None,
        "debug" | "verbose_level" | "timing" | "log_file" => "logging or timing output; the request is unchanged",
        "cloud"
        | "region_name"
        | "interface"
        | "os_endpoint_override"
        | "endpoint"
        | "service_provider"
        | "remote_project_name"
        | "remote_project_id"
        | "remote_project_domain_name"
        | "remote_project_domain_id" => "selects the cloud or endpoint the request goes to, not what it says",
        "cacert" | "cert" | "key" | "verify" | "insecure" => "a transport setting; the request is unchanged",
        d if d.starts_with("os_") && d.ends_with("_api_version") => "another service's API version",
        "os_beta_command" => "enables beta commands; the request is unchanged",
        _ => "authentication; the request is unchanged",
    })
}

/// Why a command option does not change the request (`None`: it does).
fn command_reason(dest: &str) -> Option<&'static str> {
    match dest {
        "formatter" | "columns" | "noindent" | "prefix" | "max_width" | "fit_width" | "print_empty" | "variables" => {
            Some("formats the table printed after the request; the request is unchanged")
        }
        "size" => Some("--size 0 passes the check and is not sent"),
        "force" => Some("not sent with --remote-source; the client prints a warning"),
        _ => None,
    }
}

fn unused(read: &mut CommandRead, ns: &Namespace, reason: fn(&str) -> Option<&'static str>) {
    for occurrence in &ns.seen {
        // A size other than 0 is refused with --remote-source: not "unused".
        let zero_size = occurrence.values.first().and_then(|v| pytext::int_value(v)) == Some(true);
        if occurrence.action.dest == "size" && !zero_size {
            continue;
        }
        if let Some(why) = reason(occurrence.action.dest) {
            let mut words: Vec<String> = occurrence.option.iter().cloned().collect();
            words.extend(occurrence.values.iter().cloned());
            read.unused.push(UnusedArgument { argument: words.join(" "), reason: why.to_string() });
        }
    }
}

/// Reads `openstack` argv.
pub(crate) fn read(args: &[String], env: &Env, options: &CommandOptions) -> Result<CommandRead, CommandError> {
    let mut read = CommandRead {
        client: Client::Openstack,
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
    // 1. The global pre-pass: what it recognizes is removed.
    let (globals, mut remainder) = match OPENSTACK_GLOBAL.parse_known_args(args, None) {
        Ok(x) => x,
        Err(Exit::Error(m)) => {
            // The usage printed before it lists keystoneauth's options in
            // the order of a Python set: not reproduced.
            return Ok(refused(2, Stream::Stderr, format!("openstack: error: {m}"), None));
        }
        Err(Exit::Version) => {
            let line = format!("openstack {OPENSTACK_CLIENT_VERSION}");
            return Ok(refused(0, Stream::Stdout, line.clone(), Some(format!("{line}\n"))));
        }
        Err(_) => return Ok(help()),
    };
    unused(read, &globals, global_reason);
    let verbose = matches!(globals.get("verbose_level"), Some(Val::Count(_)));
    let timing = globals.flag("timing") == Some(true);
    if globals.flag("debug") == Some(true) || globals.flag("timing") == Some(true) || verbose {
        read.notes.push(CommandNote {
            code: NoteCode::DebugOutput,
            message: "the client also prints logging or timing output, which is not reproduced".into(),
        });
    }

    // 2. Help asked for with a command: cliff runs `help <words>`.
    let mut help_flag = globals.flag("deferred_help") == Some(true);
    if help_flag && !remainder.is_empty() {
        help_flag = false;
        remainder.insert(0, "help".to_string());
    }
    let (group, sdk) = versions(&globals, env);
    if help_flag {
        return Ok(help());
    }
    if remainder.is_empty() {
        return Err(CommandError {
            code: CommandErrorCode::InteractiveMode,
            message: "`openstack` without a command starts its interactive shell; give the command, e.g. \
                      `openstack volume create --remote-source source-name=lv1 --host node1@lvm#lvm`"
                .into(),
        });
    }

    // 3. The command.
    let Some((command, typed, sub_argv)) = find_command(&remainder, group) else {
        let line = format!("openstack: '{}' is not an openstack command. See 'openstack --help'.", remainder.join(" "));
        // "Did you mean one of these?" and a list from every installed
        // plugin follow: not reproduced.
        return Ok(refused(2, Stream::Stdout, line, None));
    };
    let prog = format!("openstack {typed}");
    let parser: &'static Parser = match (command, group) {
        ("volume create", Group::V2) => &OPENSTACK_VOLUME_CREATE_V2,
        ("volume create", _) => &OPENSTACK_VOLUME_CREATE,
        ("volume snapshot create", Group::V2) => &OPENSTACK_SNAPSHOT_CREATE_V2,
        ("volume snapshot create", _) => &OPENSTACK_SNAPSHOT_CREATE,
        ("help", _) => &OPENSTACK_HELP,
        (other, _) => {
            return Err(CommandError {
                code: CommandErrorCode::NotAManageCommand,
                message: format!(
                    "`openstack {other}` is not a manage request; this reader models `openstack volume create \
                     --remote-source …` and `openstack volume snapshot create --remote-source …`"
                ),
            })
        }
    };

    // 4. Authentication (commands other than help).
    if command != "help" {
        let password = globals.text("password").filter(|p| !p.is_empty()).or_else(|| env.first(&["OS_PASSWORD"]));
        if password.is_none() {
            return Ok(command_error("No password entered, or found via --os-password or OS_PASSWORD"));
        }
    }

    // 5. The command's own parser.
    let ns = match parser.parse_args(sub_argv, None) {
        Ok(ns) => ns,
        Err(Exit::Error(m)) => {
            let line = format!("{prog}: error: {m}");
            let mut output = format!("{}{line}\n", parser.usage(&prog));
            if command == "help" && timing {
                output.push_str(HELP_TIMING_CLEAN_UP);
            }
            return Ok(refused(2, Stream::Stderr, line, Some(output)));
        }
        Err(_) => return Ok(help()),
    };
    unused(read, &ns, command_reason);
    let region = globals.text("region_name").or_else(|| env.first(&["OS_REGION_NAME"])).unwrap_or_default();
    let server_max = i64::from(options.server_max.minor);
    match command {
        "help" => Ok(help_command(&ns, group, timing)),
        "volume create" if group == Group::V2 => Err(CommandError {
            code: CommandErrorCode::NotAManageCommand,
            message: "`openstack volume create` with volume API v2 has no --remote-source: it creates a new volume"
                .into(),
        }),
        "volume create" => volume_create(&ns, &sdk, server_max, region),
        _ if group == Group::V2 => Ok(command_error(&format!(
            "The block-storage service for envvars:{region} exists but does not have any supported versions."
        ))),
        _ => snapshot_create(&ns, &sdk, server_max, region, options, read),
    }
}

/// With `--timing`, `OpenStackShell.clean_up` reads the session's timings
/// after any command; the help command never made a session, and the
/// failure is logged on stderr after the command's own output.
const HELP_TIMING_CLEAN_UP: &str = "Could not clean up: 'ClientManager' object has no attribute 'session'\n";

/// `cliff/help.py: HelpCommand.take_action`.
fn help_command(ns: &Namespace, group: Group, timing: bool) -> Outcome {
    let words = ns.list("cmd").unwrap_or_default();
    if words.is_empty() || find_command(words, group).is_some() {
        return help();
    }
    let first = words.first().map_or("", String::as_str);
    let extra: &[&str] = match group {
        Group::V3 => OPENSTACK_COMMANDS_VOLUME_V3,
        Group::V2 => OPENSTACK_COMMANDS_VOLUME_V2,
        Group::None => &[],
    };
    let mut matches: Vec<&str> =
        OPENSTACK_COMMANDS.iter().chain(extra).copied().filter(|n| n.starts_with(first)).collect();
    if matches.is_empty() {
        let shown: Vec<String> = words.iter().map(|w| pytext::repr(w)).collect();
        let message = format!("Unknown command [{}]", shown.join(", "));
        let output = format!("{message}\n{}", if timing { HELP_TIMING_CLEAN_UP } else { "" });
        return refused(1, Stream::Stderr, message, Some(output));
    }
    matches.sort_unstable();
    let mut text = format!("Command \"{first}\" matches:\n");
    for m in matches {
        text.push_str(&format!("  {m}\n"));
    }
    refused(0, Stream::Stdout, String::new(), Some(text))
}

fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// `openstackclient/volume/v3/volume.py: CreateVolume.take_action` and
/// `openstack/block_storage/v3/volume.py: Volume.manage`.
fn volume_create(ns: &Namespace, sdk: &SdkVersion, server_max: i64, region: &str) -> Result<Outcome, CommandError> {
    let remote = ns.dict("remote_source");
    let size = ns.text("size");
    let sources = ["snapshot", "source", "backup"].iter().any(|d| truthy(ns.text(d)));
    if !sources && remote.is_none() && size.is_none() {
        return Ok(command_error(
            "--size is a required option if none of --snapshot, --backup, --source, or --remote-source are provided.",
        ));
    }
    if let Some(message) = sdk.proxy_error(server_max, region) {
        return Ok(command_error(&message));
    }
    let host = ns.text("host");
    let cluster = ns.text("cluster");
    if (truthy(host) || truthy(cluster)) && remote.is_none() {
        return Ok(command_error(
            "The --host and --cluster options are only supported with --remote-source parameter.",
        ));
    }
    if truthy(ns.text("backup")) && !sdk.supports(47, server_max) {
        return Ok(command_error(
            "--os-volume-api-version 3.47 or greater is required to create a volume from backup.",
        ));
    }
    let Some(remote) = remote else {
        return Err(CommandError {
            code: CommandErrorCode::NotAManageCommand,
            message:
                "without --remote-source, `openstack volume create` creates a new volume: it sends no manage request"
                    .into(),
        });
    };
    let size_nonzero = size.and_then(pytext::int_value).is_some_and(|zero| !zero);
    let hint = ns.dict("hint").is_some_and(|h| !h.is_empty());
    if size_nonzero || truthy(ns.text("consistency_group")) || hint || ns.get("read_only").is_some() {
        return Ok(command_error(
            "The --size, --consistency-group, --hint, --read-only and --read-write options are not supported with \
             the --remote-source parameter.",
        ));
    }
    if truthy(cluster) && !sdk.supports(16, server_max) {
        return Ok(command_error(
            "--os-volume-api-version 3.16 or greater is required to support the cluster parameter.",
        ));
    }
    if truthy(cluster) && truthy(host) {
        return Ok(command_error("Only one of --host or --cluster needs to be specified to manage a volume."));
    }
    if !truthy(cluster) && !truthy(host) {
        return Ok(command_error("One of --host or --cluster needs to be specified to manage a volume."));
    }
    let endpoint = if sdk.supports(8, server_max) { Endpoint::ManageableVolumes } else { Endpoint::OsVolumeManage };
    let bootable = match ns.get("bootable") {
        Some(Val::Flag(b)) => Json::Bool(*b),
        _ => Json::Null,
    };
    let mut volume = vec![
        ("host".to_string(), Json::text(host)),
        ("ref".to_string(), Json::dict(remote)),
        ("name".to_string(), Json::text(ns.text("name"))),
        ("description".to_string(), Json::text(ns.text("description"))),
        ("volume_type".to_string(), Json::text(ns.text("type"))),
        ("availability_zone".to_string(), Json::text(ns.text("availability_zone"))),
        ("metadata".to_string(), ns.dict("properties").map_or(Json::Null, Json::dict)),
        ("bootable".to_string(), bootable),
    ];
    if let Some(c) = cluster {
        volume.push(("cluster".to_string(), Json::Str(c.to_string())));
    }
    let body = Json::Object(vec![("volume".to_string(), Json::Object(volume))]);
    Ok(Outcome::Sent(ClientRequest::new(endpoint, "*/*", Some(VOLUME_MANAGE_MICROVERSION.to_string()), &body)))
}

/// `openstackclient/volume/v3/volume_snapshot.py: CreateVolumeSnapshot.take_action`
/// and `openstack/block_storage/v3/snapshot.py: Snapshot.manage`.
fn snapshot_create(
    ns: &Namespace,
    sdk: &SdkVersion,
    server_max: i64,
    region: &str,
    options: &CommandOptions,
    read: &mut CommandRead,
) -> Result<Outcome, CommandError> {
    if let Some(message) = sdk.proxy_error(server_max, region) {
        return Ok(command_error(&message));
    }
    let name = ns.text("snapshot_name").unwrap_or_default();
    let volume = ns.text("volume").filter(|v| !v.is_empty()).unwrap_or(name);
    let volume_id = match sdk_find(options.volumes.as_deref(), volume) {
        Lookup::Found(id) => id,
        Lookup::Assumed(id) => {
            read.notes.push(CommandNote {
                code: NoteCode::VolumeLookupAssumed,
                message: format!(
                    "openstack looks up the volume {} by id, then by name, and sends its id; without the cloud's \
                     volume list the argument is taken as the id",
                    pytext::repr(volume)
                ),
            });
            id
        }
        Lookup::NotFound => return Ok(command_error(&format!("No Volume found for {volume}"))),
        Lookup::Duplicate => {
            return Ok(command_error(&format!("More than one Volume exists with the name '{volume}'.")))
        }
    };
    let Some(remote) = ns.dict("remote_source") else {
        return Err(CommandError {
            code: CommandErrorCode::NotAManageCommand,
            message: "without --remote-source, `openstack volume snapshot create` takes a new snapshot: it sends no \
                      manage request"
                .into(),
        });
    };
    if ns.flag("force") == Some(true) {
        read.stderr.push_str(
            "'--force' option will not work when you create new volume snapshot from an existing remote volume snapshot\n",
        );
    }
    let endpoint = if sdk.supports(8, server_max) { Endpoint::ManageableSnapshots } else { Endpoint::OsSnapshotManage };
    let snapshot = vec![
        ("volume_id".to_string(), Json::Str(volume_id)),
        ("ref".to_string(), Json::dict(remote)),
        ("name".to_string(), Json::Str(name.to_string())),
        ("description".to_string(), Json::text(ns.text("description"))),
        ("metadata".to_string(), ns.dict("properties").map_or(Json::Null, Json::dict)),
    ];
    let body = Json::Object(vec![("snapshot".to_string(), Json::Object(snapshot))]);
    Ok(Outcome::Sent(ClientRequest::new(endpoint, "*/*", Some(SNAPSHOT_MANAGE_MICROVERSION.to_string()), &body)))
}
