#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! The command reader beyond the fixtures: behaviours read from the clients'
//! code and confirmed against the real clients (the expected texts below are
//! what python-cinderclient 9.10.0 and python-openstackclient 10.5.0 printed
//! through `scripts/clients/capture.py`), the shell reading, the JSON forms,
//! and bounded work on huge command lines.

use std::time::Instant;

use os_volume_manage::tools::command::{
    check_command, command_jsonl_line, read_command, read_command_bytes, CommandErrorCode, CommandOptions,
    JsonlCommandDefaults, NoteCode, Stream, MAX_COMMAND_LINE_BYTES, MAX_COMMAND_WORDS,
};
use os_volume_manage::Value;

fn options() -> CommandOptions {
    CommandOptions::default()
}

/// `(exit code, message)` of a refusal.
fn refusal(line: &str) -> (u8, String) {
    let read = read_command(line, &options()).unwrap();
    let r = read.refusal().unwrap_or_else(|| panic!("{line}: sent {:?}", read.request()));
    (r.exit_code, r.message.clone())
}

#[test]
fn behaviours_confirmed_against_the_real_clients() {
    // A listing command's name anywhere in argv makes cinder count repeated
    // filter options first (`check_duplicate_filters`).
    assert_eq!(
        refusal("cinder manage h list --name a --name b"),
        (1, "ERROR: Filters are only allowed to be passed once.".into())
    );
    // `--help` twice: the list left after removing them is empty.
    assert_eq!(refusal("cinder --help --help"), (1, "ERROR: list index out of range".into()));
    assert_eq!(refusal("cinder help mange"), (1, "ERROR: 'mange' is not a valid subcommand".into()));
    assert_eq!(
        refusal("cinder --os-volume-api-version 3.latest manage h v"),
        (1, "ERROR: The version should be explicit, not latest.".into())
    );
    assert_eq!(
        refusal("cinder --os-volume-api-version 0 manage h v"),
        (1, "ERROR: Invalid format of client version '0.0'. Expected format 'X.Y', where X is a major part and Y is a minor part of version.".into())
    );
    // A global option after the subcommand is still read by the first pass.
    assert_eq!(
        refusal("cinder manage h v --retries x"),
        (2, "error: argument --retries: invalid int value: 'x'\nTry 'cinder help ' for more information.".into())
    );
    assert_eq!(refusal("openstack help zzz"), (1, "Unknown command ['zzz']".into()));
    assert_eq!(refusal("openstack --version"), (0, "openstack 10.5.0".into()));
    assert_eq!(
        refusal("openstack volume create --remote-source a=b --host h --size abc"),
        (2, "openstack volume create: error: argument --size: invalid int value: 'abc'".into())
    );
    // `--timeout` is cinder's, not openstack's.
    assert_eq!(
        refusal("openstack volume create --remote-source a=b --host h --timeout x"),
        (2, "openstack volume create: error: unrecognized arguments: --timeout".into())
    );
    let read = read_command(
        "openstack volume create --size 1 --backup b v",
        &CommandOptions { server_max: os_volume_manage::Microversion::new(3, 40), ..options() },
    )
    .unwrap();
    assert_eq!(
        read.refusal().unwrap().message,
        "--os-volume-api-version 3.47 or greater is required to create a volume from backup."
    );
    // `openstack help vol` lists the commands starting with it (exit 0).
    let read = read_command("openstack help vol", &options()).unwrap();
    let help = read.refusal().unwrap();
    assert_eq!((help.exit_code, help.stream), (0, Stream::Stdout));
    assert!(help.output.as_deref().unwrap().starts_with("Command \"vol\" matches:\n  volume attachment complete\n"));
}

#[test]
fn shell_reading() {
    // Assignments before the command are its environment.
    let read = read_command("OS_VOLUME_API_VERSION=3.16 cinder manage h v", &options()).unwrap();
    assert_eq!(read.request().unwrap().version_header(), Some("volume 3.16"));
    let read = read_command(
        "env OS_VOLUME_API_VERSION=3.8 /usr/local/bin/openstack volume create --remote-source a=b --host h --bootable",
        &options(),
    )
    .unwrap();
    assert_eq!(read.request().unwrap().path(), "/manageable_volumes");
    let read =
        read_command("env -u OS_PASSWORD openstack volume create --remote-source a=b --host h", &options()).unwrap();
    assert_eq!(read.refusal().unwrap().message, "No password entered, or found via --os-password or OS_PASSWORD");
    // $'…' and a continued line.
    let read = read_command("cinder manage h v \\\n  --name $'tab\\there'", &options()).unwrap();
    assert!(read.request().unwrap().body_text.contains(r#""name": "tab\there""#));
    // Unknown variables are reported, not dropped.
    let read = read_command("FOO=1 cinder manage h v", &options()).unwrap();
    assert_eq!(read.unused[0].argument, "FOO=1");
    for (line, code) in [
        ("cinder manage $HOST v", CommandErrorCode::ShellExpansion),
        ("cinder manage h v | tee log", CommandErrorCode::ShellOperator),
        ("cinder manage 'h v", CommandErrorCode::UnterminatedQuote),
        ("nova boot", CommandErrorCode::UnknownClient),
        ("cinder list", CommandErrorCode::NotAManageCommand),
        ("openstack server list", CommandErrorCode::NotAManageCommand),
        ("openstack volume create --size 1 v", CommandErrorCode::NotAManageCommand),
        ("openstack", CommandErrorCode::InteractiveMode),
        ("", CommandErrorCode::EmptyCommand),
    ] {
        assert_eq!(read_command(line, &options()).unwrap_err().code, code, "{line}");
    }
    assert_eq!(
        read_command_bytes(b"cinder manage \xff v", &options()).unwrap_err().code,
        CommandErrorCode::InvalidUtf8
    );
    assert!(read_command("cinder manage h v*", &options())
        .unwrap()
        .notes
        .iter()
        .any(|n| n.code == NoteCode::ShellGlob));
}

#[test]
fn unused_arguments_and_notes() {
    let read = read_command("cinder --insecure manage h v --d desc", &options()).unwrap();
    let unused: Vec<&str> = read.unused.iter().map(|u| u.argument.as_str()).collect();
    assert_eq!(unused, ["--insecure", "--debug"]);
    assert!(read
        .notes
        .iter()
        .any(|n| n.code == NoteCode::GlobalOptionAlsoTaken && n.message.starts_with("--d after the subcommand")));
    assert!(read.request().unwrap().body_text.contains(r#""description": "desc""#));
    let read = read_command(
        "openstack volume snapshot create --remote-source a=b --volume vol1 s --force -f json",
        &options(),
    )
    .unwrap();
    let unused: Vec<&str> = read.unused.iter().map(|u| u.argument.as_str()).collect();
    assert_eq!(unused, ["--force", "-f json"]);
    assert_eq!(
        read.stderr,
        "'--force' option will not work when you create new volume snapshot from an existing remote volume snapshot\n"
    );
    assert!(read.notes.iter().any(|n| n.code == NoteCode::VolumeLookupAssumed));
}

#[test]
fn json_forms() {
    let checked = check_command("cinder manage h v", &options()).unwrap();
    let value = Value::parse(checked.to_json().as_bytes()).unwrap();
    let o = value.as_object().unwrap();
    let keys: Vec<String> = o.keys().map(|k| k.to_string_lossy()).collect();
    assert_eq!(
        keys,
        [
            "client",
            "client_version",
            "argv",
            "refused",
            "method",
            "endpoint",
            "path",
            "headers",
            "body_text",
            "stderr",
            "unused",
            "notes",
            "report"
        ]
    );
    let line = command_jsonl_line(
        r#"{"id": [1], "command": "cinder manage h v", "server_max": "3.0"}"#,
        &JsonlCommandDefaults::default(),
    );
    assert!(line.accepted);
    assert!(line.text.starts_with(r#"{"id":[1],"error":null,"client":"cinder""#), "{}", line.text);
    assert!(line.text.contains(
        r#""headers":{"Accept":"application/json","Content-Type":"application/json","Content-Length":"174"}"#
    ));
    for bad in [
        "[1]",
        r#"{"id": 1}"#,
        r#"{"id": 1, "command": 5}"#,
        r#"{"id": 1, "command": "cinder manage h v", "server_max": "2.0"}"#,
        r#"{"command": "x", "volumes": [{}]}"#,
    ] {
        let line = command_jsonl_line(bad, &JsonlCommandDefaults::default());
        assert!(!line.accepted);
        assert!(line.text.contains(r#""error":{"code":"invalid_line""#), "{bad}: {}", line.text);
    }
    let line = command_jsonl_line(r#"{"id": 2, "command": "ls"}"#, &JsonlCommandDefaults::default());
    assert!(line.text.contains(r#""error":{"code":"unknown_client""#));
}

/// The most a command line may hold, and beyond: refused or read, in
/// bounded time.
#[test]
fn huge_command_lines_are_bounded() {
    let limit = |line: &str| {
        let start = Instant::now();
        let result = read_command(line, &options());
        (result, start.elapsed())
    };
    // The most words a line may have: every one read.
    let most = format!("cinder manage h v {}", "x ".repeat(MAX_COMMAND_WORDS - 4));
    let (result, took) = limit(&most);
    assert!(result.unwrap().refusal().unwrap().message.starts_with("error: unrecognized arguments: x x x"));
    assert!(took.as_secs() < 20, "{took:?}");
    let many =
        format!("cinder manage h v --metadata {}", (0..20000).map(|i| format!("k{i}=v")).collect::<Vec<_>>().join(" "));
    let (result, took) = limit(&many);
    assert!(result.unwrap().request().unwrap().body_text.contains("\"k19999\": \"v\""));
    assert!(took.as_secs() < 20, "{took:?}");
    let props = format!(
        "openstack volume create --remote-source a=b --host h --bootable {}",
        (0..10000).map(|i| format!("--property k{i}=v")).collect::<Vec<_>>().join(" ")
    );
    let (result, took) = limit(&props);
    assert!(result.unwrap().request().unwrap().body_text.contains("\"k9999\": \"v\""));
    assert!(took.as_secs() < 20, "{took:?}");
    let assignments = format!("{}cinder manage h v", (0..60000).map(|i| format!("V{i}=1 ")).collect::<String>());
    let (result, took) = limit(&assignments);
    assert_eq!(result.unwrap().unused.len(), 60000);
    assert!(took.as_secs() < 20, "{took:?}");
    let words = format!("openstack volume {}", "x ".repeat(20000));
    let (result, took) = limit(&words);
    assert!(result.unwrap().refusal().is_some());
    assert!(took.as_secs() < 20, "{took:?}");
    // Over the limits: an error, not work.
    let too_many = "cinder ".to_string() + &"x ".repeat(MAX_COMMAND_WORDS);
    assert_eq!(read_command(&too_many, &options()).unwrap_err().code, CommandErrorCode::CommandTooLong);
    let too_long = "cinder manage h ".to_string() + &"x".repeat(MAX_COMMAND_LINE_BYTES);
    assert_eq!(read_command(&too_long, &options()).unwrap_err().code, CommandErrorCode::CommandTooLong);
}
