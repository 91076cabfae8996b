#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! The transformation subcommands of the built binary (`size`, `ref`, `host`,
//! `from-listing`, `render`, `from-command`): exact output and exit status.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_os-volume-manage");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/api-ref");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn assert_run(args: &[&str], stdin: &str, code: i32, stdout: &str) {
    let r = run(args, stdin);
    assert_eq!(r.stdout, stdout, "stdout of {args:?}");
    assert_eq!(r.code, code, "exit status of {args:?} (stderr: {})", r.stderr);
}

fn assert_usage_error(args: &[&str], message: &str) {
    let r = run(args, "");
    assert_eq!(r.code, 2, "{args:?}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with(&format!("os-volume-manage: {message}\n\nusage: ")), "{args:?}: {}", r.stderr);
}

#[test]
fn size() {
    assert_run(
        &["size", "10G", "9007199254740993", "--mode", "cinder"],
        "",
        0,
        "10G: 10 GiB (10737418240 bytes; mode cinder_compatible; exact 10, Cinder 10; whole GiB)\n  \
         warning [bare_unit_read_as_binary] \"G\" was read as GiB (2^30 bytes), as OpenStack and Linux tools do; \
         write GB for powers of 1000\n\
         9007199254740993: 8388608 GiB (9007199254740993 bytes; mode cinder_compatible; exact 8388609, Cinder \
         8388608; not whole GiB)\n  warning [cinder_rounds_down] Cinder computes ceil(float(bytes) / 2^30) = \
         8388608 GiB, one less than the exact 8388609 GiB: the byte count is above 2^53 and float() rounded its \
         remainder away\n",
    );
    assert_run(
        &["size", "1.5TiB", "1.1GiB", "-1"],
        "",
        1,
        "1.5TiB: 1536 GiB (1649267441664 bytes; mode exact; exact 1536, Cinder 1536; whole GiB)\n\
         1.1GiB: refused [fraction_not_whole_bytes] 1.1 GiB is not a whole number of bytes\n\
         -1: refused [negative] \"-1\" is negative; a size cannot be\n",
    );
    assert_run(
        &["size", "--format=json", "500 MB", "--mode", "whole"],
        "",
        1,
        "{\"input\":\"500 MB\",\"ok\":false,\"error\":{\"code\":\"not_whole_gib\",\"message\":\"500000000 bytes is not \
         a whole number of GiB (500000000 bytes past a GiB boundary; the exact ceiling is 1 GiB). Drivers that take \
         only whole GiB refuse it: PowerMax with \\\"…only whole GB sizes are supported…\\\" and Dell SC with \
         \\\"Volume size must multiple of 1 GB.\\\". Extend the backend object to 1 GiB first\"}}\n",
    );
    // Any number of digits: beyond u64 and beyond an f64.
    let r = run(&["size", "--format", "json", &"9".repeat(400)], "");
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("\"cinder_gib\":null"), "{}", r.stdout);
    assert_usage_error(&["size"], "size needs at least one TEXT (a byte count or a size such as 10GiB)");
    assert_usage_error(&["size", "1", "--mode", "float"], "unknown mode \"float\": expected exact, cinder or whole");
    assert_usage_error(&["size", "1", "--format"], "--format needs a value");
}

#[test]
fn ref_command() {
    assert_run(
        &["ref", "{\"source_name\": \" lv1 \"}", "--driver", "LVM"],
        "",
        0,
        "volume ref: {\"source_name\":\" lv1 \"}\nnormalized: {\"source-name\":\"lv1\"}\n  \
         warning [key_respelled] source-name: key \"source_name\" respelled \"source-name\": drivers look up the \
         exact key\n  warning [value_trimmed] source-name: surrounding whitespace removed from \" lv1 \"\n\
         driver lvm (LVM): no notes\n",
    );
    assert_run(
        &["ref", "--id-type", "source-id", "--identifier", "1234", "--driver", "lvm"],
        "",
        0,
        "volume ref: {\"source-id\":\"1234\"}\nnormalized: unchanged\ndriver lvm (LVM):\n  \
         warning [wrong_key_for_driver] source-id: LVM reads `source-name`, not `source-id`: the driver fails with \
         \"ManageExistingInvalidReference: Reference must contain source-name element.\"\n",
    );
    // An error-level note (the API answers 400) exits 1.
    let r = run(&["ref", "\"source-name\""], "");
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("  error   [string_ref_contains_source_name] "), "{}", r.stdout);
    assert_run(
        &["ref", "{\"source-name\": 5}", "--format", "json"],
        "",
        0,
        "{\"original\":{\"source-name\":5},\"normalized\":{\"source-name\":\"5\"},\"changed\":true,\"warnings\":[{\"code\":\
         \"value_stringified\",\"severity\":\"warning\",\"key\":\"source-name\",\"message\":\"source-name 5 turned into \
         the string \\\"5\\\": the API answers 400 for a non-string source-name, and most drivers compare identifiers \
         as strings\"}],\"driver\":null}\n",
    );
    let r = run(&["ref", "--drivers"], "");
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("lvm: LVM (volume: source-name; snapshot: source-name)\n"), "{}", r.stdout);
    assert!(r.stdout.lines().count() >= 40);
    let r = run(&["ref", "--drivers", "--format", "json"], "");
    let table: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(table.as_array().unwrap().len(), os_volume_manage::tools::refs::drivers().len());
    let r = run(&["ref", "{}", "--driver", "lvmx"], "");
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    assert_eq!(r.stderr, "os-volume-manage: no driver \"lvmx\" in the table; did you mean lvm?\n");
    assert_usage_error(&["ref"], "ref needs a JSON ref or --identifier");
    assert_usage_error(&["ref", "{}", "--identifier", "x"], "give the ref as JSON or with --identifier, not both");
}

#[test]
fn host() {
    assert_run(
        &["host", "node1@lvm#lvm"],
        "",
        0,
        "host \"node1@lvm#lvm\"\n  host:         \"node1\"\n  backend:      \"lvm\"\n  service host: \"node1@lvm\"\n  \
         pool:         \"lvm\" (name)\n",
    );
    assert_run(
        &["host", "h@b#[fd00::1]:/share"],
        "",
        0,
        "host \"h@b#[fd00::1]:/share\"\n  host:         \"h\"\n  backend:      \"b\"\n  service host: \"h@b\"\n  \
         pool:         \"[fd00::1]:/share\" (ipv6_share)\n  info    [ipv6_share_pool] the pool is an NFS share on an \
         IPv6 server ([address]:/path), accepted since bug 1904892\n",
    );
    let r = run(&["host", "a b"], "");
    assert_eq!(r.code, 1, "an invalid character is a 400");
    assert!(r.stdout.contains("  error   [invalid_characters] "));
    assert_run(
        &["host", "--cluster", "c@b", "--format", "json"],
        "",
        0,
        "{\"input\":\"c@b\",\"host\":\"c\",\"backend\":\"b\",\"service_host\":\"c@b\",\"pool\":null,\"after_first_hash\":null,\
         \"pool_kind\":null,\"hints\":[]}\n",
    );
    assert_usage_error(&["host"], "host takes one HOST");
}

#[test]
fn from_listing() {
    let detail = fixture("volume-manage-list-detail-response.json");
    assert_run(
        &["from-listing", &detail],
        "",
        0,
        &format!(
            "{detail}: 2 volume entries (detail)\n  [0] {{\"source-name\":\"volume-9ba5bb53-4a18-4b38-be06-992999da338d\"}}, \
             1 GiB, not safe: already managed\n  [1] {{\"source-name\":\"lvol0\"}}, 1 GiB, safe to manage\n\
             pick one with --pick N or --reference JSON\n"
        ),
    );
    assert_run(
        &["from-listing", &detail, "--host", "node1@lvm#lvm", "--pick", "0"],
        "",
        1,
        "entry [0] {\"source-name\":\"volume-9ba5bb53-4a18-4b38-be06-992999da338d\"}\n  refused [not_safe_to_manage] \
         Cinder reports this entry is not safe to manage: already managed\n",
    );
    assert_run(
        &["from-listing", &detail, "--host", "node1@lvm#lvm", "--reference", "{\"source-name\": \"lvol0\"}"],
        "",
        0,
        "entry [1] {\"source-name\":\"lvol0\"} (1 GiB listed)\n\
         request: {\"volume\":{\"host\":\"node1@lvm#lvm\",\"ref\":{\"source-name\":\"lvol0\"}}}\n\
         request: accepted (HTTP 202)\n  change  /volume/bootable → false: bootable is not given: Cinder uses false\n  \
         normalized: {\"name\":null,\"description\":null,\"bootable\":false,\"metadata\":null,\"availability_zone\":null,\
         \"volume_type\":null,\"host\":\"node1@lvm#lvm\",\"cluster\":null,\"ref\":{\"source-name\":\"lvol0\"}}\n",
    );
    // By cluster: 3.16 is chosen when no microversion is given; a lower one is reported and refused.
    let listing = r#"{"manageable-volumes": [{"reference": {"source-name": "a"}, "size": 2, "safe_to_manage": true}]}"#;
    let r = run(&["from-listing", "--cluster", "c1", "--pick", "0"], listing);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("microversion: 3.16\nrequest: {\"volume\":{\"cluster\":\"c1\""), "{}", r.stdout);
    let r = run(&["from-listing", "-", "--cluster", "c1", "--pick", "0", "--microversion", "3.10"], listing);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("  note    [microversion_too_low] /volume/cluster cluster needs microversion 3.16"));
    assert!(r.stdout.contains("request: rejected (HTTP 400)"), "{}", r.stdout);
    // Snapshots take the parent volume id.
    let r = run(
        &["from-listing", "--volume-id", "1df34919-aba7-4a1b-a614-3b409d71ac03", "--pick", "0", "--format", "json"],
        &std::fs::read_to_string(fixture("snapshot-manage-list-detail-response.json")).unwrap(),
    );
    assert_eq!(r.code, 0);
    let line: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(line["request"]["body"]["snapshot"]["ref"], serde_json::json!({"source-name": "lvol0"}));
    assert_eq!(line["report"]["http_status"], 202);
    assert_run(
        &["from-listing"],
        "{",
        1,
        "<stdin>: not a manageable listing [invalid_json] the listing is not JSON: expected a property name in double \
         quotes at byte offset 1\n",
    );
    assert_usage_error(
        &["from-listing", &detail, "--pick", "0"],
        "a volume listing needs exactly one of --host and --cluster",
    );
    assert_usage_error(
        &["from-listing", &detail, "--host", "h", "--pick", "7"],
        "no entry 7: the listing has 2 (numbered from 0)",
    );
    let r = run(&["from-listing", "/nonexistent/listing.json"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("os-volume-manage: cannot read /nonexistent/listing.json: "), "{}", r.stderr);
}

#[test]
fn render() {
    assert_run(
        &["render", "--url", "https://c.example/v3/", "--project-id", "p1"],
        "{\"volume\":{\"host\":\"h@b#p\",\"ref\":{\"source-id\":\"42\"},\"metadata\":{\"k\":\"v\"}}}\n",
        0,
        "# curl\ncurl -i -X POST https://c.example/v3/p1/os-volume-manage \\\n  -H \"X-Auth-Token: ${OS_TOKEN}\" \\\n  \
         -H 'Content-Type: application/json' \\\n  --data-binary \
         '{\"volume\":{\"host\":\"h@b#p\",\"ref\":{\"source-id\":\"42\"},\"metadata\":{\"k\":\"v\"}}}'\n\
         # openstack\nopenstack volume create --remote-source source-id=42 --host 'h@b#p' --property k=v --non-bootable\n\
         #   note [microversion_chosen_by_client] openstacksdk sends its own microversion (volume 3.71) and picks \
         the route; --os-volume-api-version only gates its checks\n\
         # cinder\ncinder --os-volume-api-version 3.0 manage --id-type source-id --metadata k=v -- 'h@b#p' 42\n",
    );
    // The route, and the v2 API (no header, no CLI forms).
    assert_run(
        &["render", "-", "--endpoint", "manageable_snapshots", "--microversion", "2.0"],
        "{\"snapshot\":{\"volume_id\":\"v\",\"ref\":{\"source-name\":\"s\"}}}",
        1,
        "# curl\ncurl -i -X POST \"${CINDER_ENDPOINT}\"/v2/\"${PROJECT_ID}\"/manageable_snapshots \\\n  \
         -H \"X-Auth-Token: ${OS_TOKEN}\" \\\n  -H 'Content-Type: application/json' \\\n  --data-binary \
         '{\"snapshot\":{\"volume_id\":\"v\",\"ref\":{\"source-name\":\"s\"}}}'\n\
         #   note [v2_removed] the v2 API was removed from Cinder and from the clients: use a 3.x microversion\n\
         # openstack\n# (this form cannot express the request)\n\
         #   note [v2_removed] the v2 API was removed from Cinder and from the clients: use a 3.x microversion\n\
         # cinder\n# (this form cannot express the request)\n\
         #   note [v2_removed] the v2 API was removed from Cinder and from the clients: use a 3.x microversion\n",
    );
    let r = run(&["render", &fixture("snapshot-manage-request.json"), "--format", "json"], "");
    assert_eq!(r.code, 1, "openstack needs a snapshot name");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["cinder"]["command"],
        "cinder --os-volume-api-version 3.0 snapshot-manage 1df34919-aba7-4a1b-a614-3b409d71ac03 lvol0"
    );
    assert_eq!(v["openstack"]["notes"][1]["code"], "name_required");
    assert_usage_error(&["render", "--kind", "disk"], "unknown kind \"disk\": expected volume or snapshot");
    assert_usage_error(
        &["render", "--kind", "volume", "--endpoint", "manageable_snapshots"],
        "endpoint \"manageable_snapshots\" takes snapshot requests",
    );
}

#[test]
fn help_and_unknown_commands() {
    let r = run(&["size", "--help"], "");
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, format!("{}\n", os_volume_manage_cli::USAGE));
    assert_eq!(run(&["--help"], "").stdout, r.stdout);
    let r = run(&["sizes"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("os-volume-manage: unknown command \"sizes\"\n"));
}

/// JSON lines list their members in a fixed order (struct order, then the
/// core's values in member order), whatever serde_json's map order is.
#[test]
fn json_lines_keep_their_member_order() {
    let keys = |line: &str| -> Vec<String> {
        let v = os_volume_manage::Value::parse(line.trim_end().as_bytes()).unwrap();
        v.as_object().unwrap().keys().map(|k| k.to_string()).collect()
    };
    let r = run(&["size", "10G", "--format", "json"], "");
    assert_eq!(keys(&r.stdout)[..4], ["input", "ok", "unit", "bytes"]);
    let r = run(&["size", "-1", "--format", "json"], "");
    assert_eq!(keys(&r.stdout), ["input", "ok", "error"]);
    let r = run(&["ref", r#"{"z": 1, "source-name": "x", "a": 2}"#, "--driver", "lvm", "--format", "json"], "");
    assert_eq!(keys(&r.stdout), ["original", "normalized", "changed", "warnings", "driver"]);
    assert!(r.stdout.starts_with(r#"{"original":{"z":1,"source-name":"x","a":2},"normalized":{"source-name":"x","z":1,"a":2},"changed":false,"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#""driver":{"id":"lvm","name":"LVM","warnings":["#), "{}", r.stdout);
    let detail = fixture("volume-manage-list-detail-response.json");
    let r = run(&["from-listing", &detail, "--host", "h@b#p", "--pick", "1", "--format", "json"], "");
    assert_eq!(keys(&r.stdout), ["entry", "reference", "refused", "request", "microversion", "report"]);
    assert!(r.stdout.contains(r#""report":{"accepted":true,"http_status":202,"#), "{}", r.stdout);
    let r = run(&["from-listing", &detail, "--host", "h@b#p", "--pick", "0", "--format", "json"], "");
    assert_eq!(keys(&r.stdout), ["entry", "reference", "refused", "request", "report"]);
    let r = run(&["from-listing", "--format", "json"], "{");
    assert_eq!(keys(&r.stdout), ["ok", "error"]);
}

/// JSON arguments are read as Cinder reads a body: `NaN`, integers of any
/// size, lone surrogates; a reference matches whatever its member order.
#[test]
fn json_arguments_are_read_as_cinder_reads_them() {
    let r = run(&["ref", r#"{"source-id": 123456789012345678901234567890}"#], "");
    assert!(r.stdout.contains(r#"normalized: {"source-id":"123456789012345678901234567890"}"#), "{}", r.stdout);
    let r = run(&["ref", r#"{"source-name": NaN}"#, "--format", "json"], "");
    assert!(r.stdout.contains(r#""normalized":{"source-name":"nan"}"#), "{}", r.stdout);
    let listing = r#"{"manageable-volumes": [{"reference": {"source-name": "a", "pool": "p"}, "size": 2, "safe_to_manage": true}]}"#;
    let r = run(&["from-listing", "--host", "h", "--reference", r#"{"pool": "p", "source-name": "a"}"#], listing);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("entry [0] {\"source-name\":\"a\",\"pool\":\"p\"}"), "{}", r.stdout);
    let r = run(&["ref", "{"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("os-volume-manage: the ref is not JSON (expected a property name"), "{}", r.stderr);
}

/// `check` on whole requests: curl-style headers, a raw HTTP request from
/// stdin, the size limit and the server model.
#[test]
fn whole_requests() {
    let body = r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv1"}}}"#;
    let r = run(&["check", "-", "-H", "Content-Type: text/plain;charset=UTF-8", "-H", "X-Auth-Token: t"], body);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("<stdin>: rejected (HTTP 415)\n  Cinder says: Unsupported Content-Type\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  Cinder answers: 415 Unsupported Media Type (application/json, fault)\n"));
    assert!(r.stdout.contains("[content_type_unsupported]"));
    let r =
        run(&["check", "-", "-H", "Content-Type: application/json", "-H", "OpenStack-API-Version: volume 3.16"], body);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("[auth_token_missing]"));
    let r = run(&["check", "-", "--max-request-body-size", "10", "--format", "json"], body);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with(
        r#"{"accepted":false,"http_status":413,"server_error":"Request is too large. Larger than max_request_body_size (%s).""#
    ));
    let raw = format!(
        "POST /v3/0123abcd/os-volume-manage HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    assert_eq!(run(&["check", "--request", "-"], &raw).code, 0);
    let r = run(&["check", "--request", "-", "--server", "eventlet"], &raw);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("[body_empty] cinder-api's eventlet server reads a chunked body as empty"),
        "{}",
        r.stdout
    );
    let r = run(
        &["check", "--request", "-", "--format", "json"],
        "POST /v3/x/os-volume-manage HTTP/1.1\r\nContent-Length: 9\r\n\r\n{}",
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "{\"accepted\":false,\"http_status\":null,\"server_error\":null,\"errors\":[{\"pointer\":\"\",\"code\":\"body_incomplete\",\"message\":\"Content-Length declares 9 bytes but only 2 follow the header block\"}],\"warnings\":[],\"changes\":[],\"normalized\":null}\n"
    );
    assert_usage_error(&["check", "-H", "nocolon"], "-H \"nocolon\": write a header as 'Name: value'");
}

#[test]
fn from_command() {
    assert_run(
        &["from-command", "cinder --os-volume-api-version 3.16 manage 'node1@lvm#lvm' lv1 --name imported"],
        "",
        0,
        "cinder (python-cinderclient 9.10.0) sends:\n  POST /v3/{project_id}/os-volume-manage\n  Accept: application/json\n  \
         OpenStack-API-Version: volume 3.16\n  Content-Type: application/json\n  Content-Length: 194\n  \
         {\"volume\": {\"host\": \"node1@lvm#lvm\", \"ref\": {\"source-name\": \"lv1\"}, \"name\": \"imported\", \
         \"description\": null, \"volume_type\": null, \"availability_zone\": null, \"metadata\": null, \"bootable\": false}}\n\
         Cinder: accepted (HTTP 202)\n  normalized: {\"name\":\"imported\",\"description\":null,\"bootable\":false,\
         \"metadata\":null,\"availability_zone\":null,\"volume_type\":null,\"host\":\"node1@lvm#lvm\",\"cluster\":null,\
         \"ref\":{\"source-name\":\"lv1\"}}\n",
    );
    // The client's own refusal: exit 1 (nothing sent), its message.
    assert_run(
        &["check", "--command", "cinder manage h v --name"],
        "",
        1,
        "cinder (python-cinderclient 9.10.0) refuses (exit 2, on stderr) and sends nothing:\n  \
         error: argument --name: expected one argument\n  Try 'cinder help manage' for more information.\n",
    );
    // A server below 3.8: openstack falls back to the old route; Cinder
    // rejects openstack's `"bootable": null`.
    let r = run(
        &[
            "from-command",
            "--server-max",
            "3.7",
            "--format",
            "json",
            "--",
            "openstack",
            "volume",
            "create",
            "--remote-source",
            "source-name=lv1",
            "--host",
            "h@b#p",
        ],
        "",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["path"], "/os-volume-manage");
    assert_eq!(v["headers"]["OpenStack-API-Version"], "volume 3.71");
    assert_eq!(v["report"]["http_status"], 400);
    assert_eq!(v["notes"][0]["code"], "server_max_differs");
    // Not a client: a stable code, exit 2.
    let r = run(&["from-command", "nova boot x", "--format", "json"], "");
    assert_eq!(r.code, 2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "unknown_client");
    let r = run(&["from-command", "cinder list"], "");
    assert_eq!((r.code, r.stderr.contains("[not_a_manage_command]")), (2, true), "{}", r.stderr);
    assert_usage_error(
        &["from-command"],
        "from-command needs a command line, e.g. from-command \"cinder manage host@be#pool lv1\"",
    );
    assert_usage_error(
        &["from-command", "cinder manage h v", "--server-max", "4.0"],
        "server maximum \"4.0\" is not a 3.x microversion (write e.g. 3.71, the default, or 3.27)",
    );
}

#[test]
fn from_command_jsonl() {
    let input = "{\"id\": 1, \"command\": \"cinder manage h v\"}\n\
                 {\"id\": \"s\", \"command\": \"cinder snapshot-manage vol1 s1\", \"server_max\": \"3.27\", \
                 \"volumes\": [{\"id\": \"11111111-2222-4333-8444-555555555555\", \"name\": \"vol1\"}]}\n\
                 {\"id\": 3, \"command\": \"openstack volume create\", \"env\": {\"OS_PASSWORD\": null}}\n\
                 not json\n";
    let r = run(&["from-command", "--jsonl"], input);
    assert_eq!(r.code, 1);
    let lines: Vec<serde_json::Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!((lines[0]["id"].clone(), lines[0]["accepted"].clone()), (1.into(), true.into()));
    assert_eq!(lines[1]["headers"]["OpenStack-API-Version"], "volume 3.27");
    assert!(lines[1]["body_text"]
        .as_str()
        .unwrap()
        .contains("\"volume_id\": \"11111111-2222-4333-8444-555555555555\""));
    assert_eq!(lines[2]["refused"]["message"], "No password entered, or found via --os-password or OS_PASSWORD");
    assert_eq!(lines[2]["http_status"], serde_json::Value::Null);
    assert_eq!(lines[3]["error"]["code"], "invalid_line");
}
