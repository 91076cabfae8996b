//! What the command-line tools print, shared by the native binary and the
//! npm package's CLI so both write the same bytes. Pure: text in, text out;
//! reading files and stdin stays in the binaries.

use std::fmt::Write as _;

use os_volume_manage::jsonl::infer_kind;
use os_volume_manage::{check_text, Endpoint, Kind, Microversion, Options, OptionsError, Report};

/// The command-line usage text (every command).
pub const USAGE: &str = "\
usage: os-volume-manage check [FILE|-]... [--microversion V] [--kind volume|snapshot]
                              [--endpoint E] [--unicode-version U] [--format text|json]
       os-volume-manage check --jsonl [FILE|-] [--microversion V] [--kind K] [--endpoint E]
       os-volume-manage size TEXT... [--mode exact|cinder|whole] [--format F]
       os-volume-manage ref (JSON | [--id-type T] --identifier X) [--driver NAME] [--snapshot]
                            [--format F]
       os-volume-manage ref --drivers [--format F]
       os-volume-manage host HOST [--cluster] [--format F]
       os-volume-manage from-listing [FILE|-] (--host H | --cluster C | --volume-id UUID)
                            [--pick N | --reference JSON] [--microversion V] [--format F]
       os-volume-manage render [FILE|-] [--microversion V] [--kind K] [--endpoint E]
                            [--url URL] [--project-id P] [--format F]

check: judges OpenStack Cinder manage-existing request bodies exactly as Cinder 29 would.
  --microversion V     3.0..3.71, latest, 2.0 (the old v2 API), or a header value
                       such as \"volume 3.16\"; default: no header (3.0)
  --kind K             volume or snapshot; default: from --endpoint, else from the body
  --endpoint E         os-volume-manage (default), manageable_volumes,
                       os-snapshot-manage, manageable_snapshots
  --unicode-version U  Unicode version of the server's Python: 14.0 (3.11, default),
                       15.0, 15.1, 16.0
  --format F           text (default) or json (one report per line)
  --jsonl              bulk mode: each input line is
                       {\"id\", \"microversion\"?, \"kind\"?, \"endpoint\"?, \"body\" | \"body_text\"}
size: byte counts or size texts (1073741824, 10G, 1.5TiB, 500 MB) -> the GiB Cinder stores.
  --mode M             exact (default: the true ceiling), cinder (ceil(float(bytes) / 2^30),
                       what drivers store), whole (refuse non-multiples, as PowerMax does)
ref: a ref given as JSON (an object or a string) or built from --id-type (default
  source-name) and --identifier, normalized with every change reported; --driver
  checks it against a driver of the table (--snapshot: snapshot manage), --drivers
  lists the table.
host: splits host@backend#pool (--cluster: a cluster name) and gives hints.
from-listing: a manageable_volumes / manageable_snapshots response -> the manage
  request for entry --pick N (from 0) or the one whose reference is --reference;
  refused when Cinder marks it unsafe, else judged as check does. Without --pick
  or --reference, lists the entries.
render: a request body as curl, openstack and cinder commands, with what each form
  cannot express. --endpoint is the route curl POSTs to, --url the block-storage
  endpoint (default $CINDER_ENDPOINT), --project-id the project (default $PROJECT_ID).
Exit status: 0 success; 1 some request rejected (size: an input refused; ref, host: an
error-level note; from-listing: entry refused; render: a form cannot express the
request); 2 usage or I/O error.";

/// The kind of a request: as given, else from the endpoint, else from the body.
pub fn resolve_kind(kind: Option<Kind>, endpoint: Option<&str>, body: &[u8]) -> Kind {
    kind.or_else(|| endpoint.and_then(Endpoint::parse).map(Endpoint::kind))
        .unwrap_or_else(|| os_volume_manage::Value::parse(body).map(|b| infer_kind(&b)).unwrap_or(Kind::Volume))
}

/// `check FILE`: one file's verdict and what the CLI prints for it.
pub struct FileResult {
    pub accepted: bool,
    pub output: String,
}

/// Judges one file's bytes as `check FILE` does (`json`: `--format json`).
pub fn check_file(
    label: &str,
    bytes: &[u8],
    kind: Option<Kind>,
    microversion: Option<&str>,
    endpoint: Option<&str>,
    unicode_version: Option<&str>,
    json: bool,
) -> Result<FileResult, OptionsError> {
    let kind = resolve_kind(kind, endpoint, bytes);
    let options = Options::from_text(kind, microversion, endpoint, unicode_version)?;
    let report = check_text(kind, bytes, &options);
    let output = if json { format!("{}\n", report.to_json()) } else { text_report(label, &report) };
    Ok(FileResult { accepted: report.accepted(), output })
}

/// The human-readable report (`--format text`).
pub fn text_report(label: &str, report: &Report) -> String {
    let mut out = String::new();
    if report.accepted() {
        let _ = writeln!(out, "{label}: accepted (HTTP {})", report.http_status());
    } else {
        let _ = writeln!(out, "{label}: rejected (HTTP {})", report.http_status());
        if let Some(text) = &report.server_error() {
            let _ = writeln!(out, "  Cinder says: {}", abbreviate(&text.to_string()).replace('\n', "\n    "));
        }
    }
    for e in report.errors() {
        let _ = writeln!(out, "  error   {} [{}] {}", or_root(&e.pointer()), e.code().as_str(), e.message());
    }
    for w in report.warnings() {
        let _ = writeln!(out, "  warning {} [{}] {}", or_root(&w.pointer()), w.code().as_str(), w.message());
    }
    for c in report.changes() {
        let to = c.to().to_json();
        let _ = writeln!(out, "  change  {} → {to}: {}", c.pointer(), c.message());
    }
    if let Some(n) = &report.normalized() {
        let _ = writeln!(out, "  normalized: {}", n.to_json());
    }
    out
}

/// Cinder's texts can be huge (the description pattern alone is ~1 KB);
/// text output shows the start, `--format json` everything.
pub fn abbreviate(text: &str) -> String {
    const SHOWN: usize = 240;
    let total = text.chars().count();
    if total <= SHOWN + 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(SHOWN).collect();
    format!("{head}… ({} more characters; --format json shows all)", total - SHOWN)
}

fn or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(body)"
    } else {
        pointer
    }
}

// ---------------------------------------------------------------------------
// The transformation commands: size, ref, host, from-listing, render.
// ---------------------------------------------------------------------------

use serde::Serialize;
use serde_json::{json, Map, Value};

use os_volume_manage::tools::host::{parse_cluster, parse_host, HintSeverity};
use os_volume_manage::tools::listing::{
    entry_to_snapshot_request, entry_to_volume_request, parse_listing, Deviation, FromListingOptions, ListingCode,
    ManageableListing, RequestFromListing, ResourceKind, ServiceTarget,
};
use os_volume_manage::tools::refs::{
    build_ref, check_ref_for_driver, check_snapshot_ref_for_driver, drivers, find_driver, normalize_ref, RefTarget,
    RefWarning, Severity,
};
use os_volume_manage::tools::render::{render_lenient, RenderOptions, RenderedCommand, RequestKind};
use os_volume_manage::tools::sizes::{
    gib_from_decimal_str, parse_size_text, SizeError, SizeMode, SizeResult, SizeWarning,
};

/// The commands [`run_tool`] runs (`check` stays with the binaries, which stream).
pub const TOOL_COMMANDS: [&str; 5] = ["size", "ref", "host", "from-listing", "render"];

/// What a command prints and its exit status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToolOutput {
    /// 0 success, 1 something refused or rejected, 2 usage error.
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

fn ok(stdout: String, failed: bool) -> ToolOutput {
    ToolOutput { code: u8::from(failed), stdout, stderr: String::new() }
}

fn usage_error(message: &str) -> ToolOutput {
    ToolOutput { code: 2, stdout: String::new(), stderr: format!("os-volume-manage: {message}\n\n{USAGE}\n") }
}

fn plain_error(message: &str) -> ToolOutput {
    ToolOutput { code: 2, stdout: String::new(), stderr: format!("os-volume-manage: {message}\n") }
}

/// The flags of one command line.
#[derive(Default)]
struct Flags {
    positional: Vec<String>,
    values: Vec<(String, String)>,
    switches: Vec<String>,
    help: bool,
}

impl Flags {
    fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
    fn json(&self) -> Result<bool, String> {
        match self.value("--format") {
            None | Some("text") => Ok(false),
            Some("json") => Ok(true),
            Some(other) => Err(format!("unknown format {other:?}: expected text or json")),
        }
    }
}

/// `--flag value`, `--flag=value`, switches; anything else not starting with
/// `--` is positional (so `-1` reaches `size`, which refuses it as negative).
fn parse_flags(args: &[String], valued: &[&str], switches: &[&str]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
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
        if valued.contains(&name) {
            let value = inline.or_else(|| it.next().cloned()).ok_or(format!("{name} needs a value"))?;
            flags.values.push((name.to_string(), value));
        } else if switches.contains(&name) && inline.is_none() {
            flags.switches.push(name.to_string());
        } else {
            return Err(format!("unknown option {arg:?}"));
        }
    }
    Ok(flags)
}

const FROM_LISTING_VALUED: &[&str] =
    &["--host", "--cluster", "--volume-id", "--pick", "--reference", "--microversion", "--format"];
const RENDER_VALUED: &[&str] = &["--microversion", "--kind", "--endpoint", "--url", "--project-id", "--format"];

/// The file a tool command reads (`-` for stdin), if it reads one: the
/// binaries read it and pass its bytes to [`run_tool`]. `argv[0]` is the command.
pub fn tool_input(argv: &[String]) -> Option<String> {
    let (command, args) = argv.split_first()?;
    let flags = match command.as_str() {
        "from-listing" => parse_flags(args, FROM_LISTING_VALUED, &[]),
        "render" => parse_flags(args, RENDER_VALUED, &[]),
        _ => return None,
    }
    .ok()?;
    if flags.help || flags.positional.len() > 1 {
        return None;
    }
    Some(flags.positional.first().cloned().unwrap_or_else(|| "-".to_string()))
}

/// Runs `size`, `ref`, `host`, `from-listing` or `render` (`argv[0]`), with
/// the bytes of [`tool_input`]'s file when it names one.
pub fn run_tool(argv: &[String], input: Option<&[u8]>) -> ToolOutput {
    let Some((command, args)) = argv.split_first() else {
        return ToolOutput { code: 0, stdout: format!("{USAGE}\n"), stderr: String::new() };
    };
    let result = match command.as_str() {
        "size" => parse_flags(args, &["--mode", "--format"], &[]).and_then(|f| size_command(&f)),
        "ref" => {
            parse_flags(args, &["--id-type", "--identifier", "--driver", "--format"], &["--snapshot", "--drivers"])
                .and_then(|f| ref_command(&f))
        }
        "host" => parse_flags(args, &["--format"], &["--cluster"]).and_then(|f| host_command(&f)),
        "from-listing" => parse_flags(args, FROM_LISTING_VALUED, &[]).and_then(|f| from_listing_command(&f, input)),
        "render" => parse_flags(args, RENDER_VALUED, &[]).and_then(|f| render_command(&f, input)),
        other => Err(format!("unknown command {other:?}")),
    };
    match result {
        Ok(output) => output,
        Err(message) if message.is_empty() => {
            ToolOutput { code: 0, stdout: format!("{USAGE}\n"), stderr: String::new() }
        }
        Err(message) => usage_error(&message),
    }
}

/// A serde enum's snake_case name.
fn code_name<T: Serialize>(code: &T) -> String {
    match serde_json::to_value(code) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn lossy(input: Option<&[u8]>) -> String {
    String::from_utf8_lossy(input.unwrap_or_default()).into_owned()
}

// ---- size

/// A size mode by its CLI or JSON name (`exact`, `cinder`/`cinder_compatible`, `whole`/`whole_gib_only`).
pub fn parse_mode(text: Option<&str>) -> Result<SizeMode, String> {
    match text {
        None | Some("exact") => Ok(SizeMode::Exact),
        Some("cinder" | "cinder_compatible") => Ok(SizeMode::CinderCompatible),
        Some("whole" | "whole_gib_only") => Ok(SizeMode::WholeGibOnly),
        Some(other) => Err(format!("unknown mode {other:?}: expected exact, cinder or whole")),
    }
}

/// One size input: a plain digit string of any length, else size text.
/// Returns the unit (for text), the result in `mode`, and every warning.
pub fn size_of_text(text: &str, mode: SizeMode) -> Result<(Option<String>, SizeResult), SizeError> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return gib_from_decimal_str(text, mode).map(|r| (None, r));
    }
    let parsed = parse_size_text(text)?;
    let mut result = gib_from_decimal_str(&parsed.bytes.to_string(), mode)?;
    // The parse's warnings hold the unit readings and the same size warnings.
    result.warnings = parsed.warnings;
    Ok((Some(parsed.unit), result))
}

fn size_command(flags: &Flags) -> Result<ToolOutput, String> {
    if flags.help {
        return Err(String::new());
    }
    let mode = parse_mode(flags.value("--mode"))?;
    let json = flags.json()?;
    if flags.positional.is_empty() {
        return Err("size needs at least one TEXT (a byte count or a size such as 10GiB)".to_string());
    }
    let mut out = String::new();
    let mut failed = false;
    for text in &flags.positional {
        let result = size_of_text(text, mode);
        failed |= result.is_err();
        if json {
            let line = match result {
                Ok((unit, r)) => {
                    let mut map = Map::new();
                    map.insert("input".into(), Value::String(text.clone()));
                    map.insert("ok".into(), Value::Bool(true));
                    map.insert("unit".into(), unit.map_or(Value::Null, Value::String));
                    if let Ok(Value::Object(fields)) = serde_json::to_value(&r) {
                        map.extend(fields);
                    }
                    Value::Object(map)
                }
                Err(e) => json!({"input": text, "ok": false, "error": e}),
            };
            let _ = writeln!(out, "{line}");
        } else {
            out.push_str(&size_text(text, &result));
        }
    }
    Ok(ok(out, failed))
}

fn size_text(text: &str, result: &Result<(Option<String>, SizeResult), SizeError>) -> String {
    let mut out = String::new();
    match result {
        Err(e) => {
            let _ = writeln!(out, "{text}: refused [{}] {}", code_name(&e.code), e.message);
        }
        Ok((_, r)) => {
            let cinder = r.cinder_gib.as_ref().map_or("overflow".to_string(), ToString::to_string);
            let _ = writeln!(
                out,
                "{text}: {} GiB ({} bytes; mode {}; exact {}, Cinder {cinder}; {})",
                r.gib,
                r.bytes,
                code_name(&r.mode),
                r.exact_gib,
                if r.whole_gib { "whole GiB" } else { "not whole GiB" }
            );
            out.push_str(&size_warnings(&r.warnings));
        }
    }
    out
}

fn size_warnings(warnings: &[SizeWarning]) -> String {
    let mut out = String::new();
    for w in warnings {
        let _ = writeln!(out, "  warning [{}] {}", code_name(&w.code), w.message);
    }
    out
}

// ---- ref

fn ref_note(out: &mut String, w: &RefWarning) {
    let key = w.key.as_deref().map(|k| format!("{k}: ")).unwrap_or_default();
    let _ = writeln!(out, "  {:<7} [{}] {key}{}", code_name(&w.severity), code_name(&w.code), w.message);
}

fn ref_command(flags: &Flags) -> Result<ToolOutput, String> {
    if flags.help {
        return Err(String::new());
    }
    let json = flags.json()?;
    if flags.switch("--drivers") {
        if json {
            return Ok(ok(format!("{}\n", to_json(&drivers())), false));
        }
        let mut out = String::new();
        for d in drivers() {
            let keys =
                |ks: &[os_volume_manage::tools::refs::RefKey]| ks.iter().map(|k| k.key).collect::<Vec<_>>().join(", ");
            let volume = if d.manage_support { keys(d.volume_keys) } else { "no manage support".to_string() };
            let snapshot = if d.snapshot_keys.is_empty() { "-".to_string() } else { keys(d.snapshot_keys) };
            let _ = writeln!(out, "{}: {} (volume: {volume}; snapshot: {snapshot})", d.id, d.name);
        }
        return Ok(ok(out, false));
    }
    let reference = match (flags.value("--identifier"), flags.positional.as_slice()) {
        (Some(_), [_, ..]) => return Err("give the ref as JSON or with --identifier, not both".to_string()),
        (Some(identifier), []) => build_ref(flags.value("--id-type").unwrap_or("source-name"), identifier),
        (None, [text]) if flags.value("--id-type").is_none() => serde_json::from_str::<Value>(text)
            .map_err(|e| format!("the ref is not JSON ({e}); write a string ref as '\"name\"', or use --identifier"))?,
        (None, []) if flags.value("--id-type").is_some() => return Err("--id-type needs --identifier".to_string()),
        (None, []) => return Err("ref needs a JSON ref or --identifier".to_string()),
        _ => return Err("ref takes one JSON ref".to_string()),
    };
    let snapshot = flags.switch("--snapshot");
    let target = if snapshot { RefTarget::Snapshot } else { RefTarget::Volume };
    let normalized = normalize_ref(&reference, target);
    let driver = match flags.value("--driver") {
        None => None,
        Some(name) => {
            let hint = match find_driver(name) {
                Ok(h) => h,
                Err(e) => return Ok(plain_error(&e.message)),
            };
            let warnings = if snapshot {
                check_snapshot_ref_for_driver(&normalized.normalized, hint.id)
            } else {
                check_ref_for_driver(&normalized.normalized, hint.id)
            }
            .unwrap_or_default();
            Some((hint, warnings))
        }
    };
    let failed =
        normalized.warnings.iter().chain(driver.iter().flat_map(|(_, w)| w)).any(|w| w.severity == Severity::Error);
    if json {
        let mut value = serde_json::to_value(&normalized).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert(
                "driver".into(),
                match &driver {
                    None => Value::Null,
                    Some((hint, warnings)) => json!({"id": hint.id, "name": hint.name, "warnings": warnings}),
                },
            );
        }
        return Ok(ok(format!("{value}\n"), failed));
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} ref: {}", if snapshot { "snapshot" } else { "volume" }, reference);
    if normalized.changed {
        let _ = writeln!(out, "normalized: {}", normalized.normalized);
    } else {
        let _ = writeln!(out, "normalized: unchanged");
    }
    for w in &normalized.warnings {
        ref_note(&mut out, w);
    }
    if let Some((hint, warnings)) = &driver {
        let none = if warnings.is_empty() { " no notes" } else { "" };
        let _ = writeln!(out, "driver {} ({}):{none}", hint.id, hint.name);
        for w in warnings {
            ref_note(&mut out, w);
        }
    }
    Ok(ok(out, failed))
}

// ---- host

fn host_command(flags: &Flags) -> Result<ToolOutput, String> {
    if flags.help {
        return Err(String::new());
    }
    let json = flags.json()?;
    let cluster = flags.switch("--cluster");
    let [text] = flags.positional.as_slice() else {
        return Err(format!("host takes one {}", if cluster { "CLUSTER" } else { "HOST" }));
    };
    let parts = if cluster { parse_cluster(text) } else { parse_host(text) };
    let failed = parts.hints.iter().any(|h| h.severity == HintSeverity::Error);
    if json {
        return Ok(ok(format!("{}\n", to_json(&parts)), failed));
    }
    let none = || "(none)".to_string();
    let mut out = String::new();
    let _ = writeln!(out, "{} {:?}", if cluster { "cluster" } else { "host" }, parts.input);
    let _ = writeln!(out, "  host:         {:?}", parts.host);
    let _ = writeln!(out, "  backend:      {}", parts.backend.as_ref().map_or_else(none, |b| format!("{b:?}")));
    let _ = writeln!(out, "  service host: {:?}", parts.service_host);
    let pool = match (&parts.pool, &parts.pool_kind) {
        (Some(p), Some(kind)) => format!("{p:?} ({})", code_name(kind)),
        (Some(p), None) => format!("{p:?}"),
        (None, _) => none(),
    };
    let _ = writeln!(out, "  pool:         {pool}");
    if parts.after_first_hash.is_some() && parts.after_first_hash != parts.pool {
        let _ = writeln!(out, "  after #:      {:?}", parts.after_first_hash.as_deref().unwrap_or_default());
    }
    for h in &parts.hints {
        let _ = writeln!(out, "  {:<7} [{}] {}", code_name(&h.severity), code_name(&h.code), h.message);
    }
    Ok(ok(out, failed))
}

// ---- from-listing

/// A note when `microversion` is below what the built body needs.
pub fn microversion_note(request: &RequestFromListing, microversion: Option<&str>) -> Option<Deviation> {
    let needed = request.min_microversion.as_deref()?;
    let given = Microversion::resolve(microversion).ok()?;
    let needed_version = Microversion::resolve(Some(needed)).ok()?;
    (given < needed_version).then(|| Deviation {
        code: ListingCode::MicroversionTooLow,
        pointer: "/volume/cluster".to_string(),
        message: format!(
            "cluster needs microversion {needed} or later; {} refuses it",
            microversion.map_or("a request without a header (3.0)".to_string(), |m| format!("microversion {m}"))
        ),
    })
}

fn from_listing_command(flags: &Flags, input: Option<&[u8]>) -> Result<ToolOutput, String> {
    if flags.help {
        return Err(String::new());
    }
    let json = flags.json()?;
    if flags.positional.len() > 1 {
        return Err("from-listing reads one FILE".to_string());
    }
    let path = flags.positional.first().map_or("-", String::as_str);
    let label = if path == "-" { "<stdin>" } else { path };
    let pick = match flags.value("--pick") {
        None => None,
        Some(n) => Some(n.parse::<usize>().map_err(|_| format!("--pick takes an entry number from 0, not {n:?}"))?),
    };
    let wanted_reference = match flags.value("--reference") {
        None => None,
        Some(text) => Some(serde_json::from_str::<Value>(text).map_err(|e| format!("--reference is not JSON ({e})"))?),
    };
    if pick.is_some() && wanted_reference.is_some() {
        return Err("give --pick or --reference, not both".to_string());
    }
    let (host, cluster, volume_id) = (flags.value("--host"), flags.value("--cluster"), flags.value("--volume-id"));
    let microversion = flags.value("--microversion");
    let listing = match parse_listing(&lossy(input)) {
        Ok(l) => l,
        Err(e) => {
            let out = if json {
                format!("{}\n", json!({"ok": false, "error": e}))
            } else {
                format!("{label}: not a manageable listing [{}] {}\n", code_name(&e.code), e.message)
            };
            return Ok(ok(out, true));
        }
    };
    let index = match (pick, &wanted_reference) {
        (Some(n), _) if n < listing.entries.len() => n,
        (Some(n), _) => {
            return Err(format!("no entry {n}: the listing has {} (numbered from 0)", listing.entries.len()))
        }
        (None, Some(reference)) => listing
            .entries
            .iter()
            .position(|e| &Value::Object(e.reference.clone()) == reference)
            .ok_or_else(|| format!("no entry of the listing has the reference {reference}"))?,
        (None, None) => return Ok(ok(listing_text(label, &listing, json), false)),
    };
    let entry = listing.entries.get(index).ok_or("no such entry")?;
    let options = FromListingOptions::default();
    let built = match listing.kind {
        ResourceKind::Volume => {
            let target = match (host, cluster, volume_id) {
                (_, _, Some(_)) => return Err("--volume-id is for snapshot listings".to_string()),
                (Some(h), None, None) => ServiceTarget::Host(h.to_string()),
                (None, Some(c), None) => ServiceTarget::Cluster(c.to_string()),
                _ => return Err("a volume listing needs exactly one of --host and --cluster".to_string()),
            };
            entry_to_volume_request(entry, &target, &options)
        }
        ResourceKind::Snapshot => {
            if host.is_some() || cluster.is_some() {
                return Err("--host and --cluster are for volume listings; give --volume-id".to_string());
            }
            let Some(volume_id) = volume_id else {
                return Err("a snapshot listing needs --volume-id (the Cinder id of the parent volume)".to_string());
            };
            entry_to_snapshot_request(entry, volume_id, &options)
        }
    };
    let mut request = match built {
        Ok(r) => r,
        Err(refused) => {
            let out = if json {
                format!(
                    "{}\n",
                    json!({"entry": index, "reference": entry.reference, "refused": refused, "request": null, "report": null})
                )
            } else {
                format!(
                    "entry [{index}] {}\n  refused [{}] {}\n",
                    Value::Object(entry.reference.clone()),
                    code_name(&refused.code),
                    refused.message
                )
            };
            return Ok(ok(out, true));
        }
    };
    request.notes.extend(microversion_note(&request, microversion));
    // Without --microversion, the lowest one the body needs (3.16 for a cluster).
    let microversion = microversion.map(str::to_string).or_else(|| request.min_microversion.clone());
    let kind = match listing.kind {
        ResourceKind::Volume => Kind::Volume,
        ResourceKind::Snapshot => Kind::Snapshot,
    };
    let options = Options::from_text(kind, microversion.as_deref(), None, None).map_err(|e| e.to_string())?;
    let body_text = request.body.to_string();
    let report = check_text(kind, body_text.as_bytes(), &options);
    if json {
        let report_value: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
        let line = json!({
            "entry": index,
            "reference": entry.reference,
            "refused": null,
            "request": request,
            "microversion": microversion,
            "report": report_value,
        });
        return Ok(ok(format!("{line}\n"), !report.accepted()));
    }
    let mut out = String::new();
    let listed = request.listed_size_gib.map(|s| format!(" ({s} GiB listed)")).unwrap_or_default();
    let _ = writeln!(out, "entry [{index}] {}{listed}", Value::Object(entry.reference.clone()));
    for n in &request.notes {
        let _ = writeln!(out, "  note    [{}] {} {}", code_name(&n.code), n.pointer, n.message);
    }
    if let Some(m) = &microversion {
        let _ = writeln!(out, "microversion: {m}");
    }
    let _ = writeln!(out, "request: {body_text}");
    out.push_str(&text_report("request", &report));
    Ok(ok(out, !report.accepted()))
}

fn listing_text(label: &str, listing: &ManageableListing, json: bool) -> String {
    if json {
        return format!("{}\n", to_json(listing));
    }
    let mut out = String::new();
    let count = listing.entries.len();
    let _ = writeln!(
        out,
        "{label}: {count} {} entr{}{}",
        code_name(&listing.kind),
        if count == 1 { "y" } else { "ies" },
        if listing.detailed { " (detail)" } else { "" }
    );
    for d in &listing.deviations {
        let _ = writeln!(out, "  note    [{}] {} {}", code_name(&d.code), d.pointer, d.message);
    }
    for (i, e) in listing.entries.iter().enumerate() {
        let size = e.size.map(|s| format!(", {s} GiB")).unwrap_or_default();
        let safety = match (e.safe_to_manage, &e.reason_not_safe) {
            (Some(true), _) => "safe to manage".to_string(),
            (Some(false), Some(reason)) => format!("not safe: {reason}"),
            (Some(false), None) => "not safe".to_string(),
            (None, _) => "safety unknown".to_string(),
        };
        let _ = writeln!(out, "  [{i}] {}{size}, {safety}", Value::Object(e.reference.clone()));
    }
    let _ = writeln!(out, "pick one with --pick N or --reference JSON");
    out
}

// ---- render

fn render_command(flags: &Flags, input: Option<&[u8]>) -> Result<ToolOutput, String> {
    if flags.help {
        return Err(String::new());
    }
    let json = flags.json()?;
    if flags.positional.len() > 1 {
        return Err("render reads one FILE".to_string());
    }
    let kind = match flags.value("--kind") {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or(format!("unknown kind {k:?}: expected volume or snapshot"))?),
    };
    let endpoint = flags.value("--endpoint");
    if let Some(e) = endpoint {
        let parsed = Endpoint::parse(e).ok_or(format!(
            "unknown endpoint {e:?}: expected one of os-volume-manage, manageable_volumes, os-snapshot-manage, \
             manageable_snapshots"
        ))?;
        if kind.is_some_and(|k| k != parsed.kind()) {
            return Err(format!("endpoint {e:?} takes {} requests", parsed.kind().as_str()));
        }
    }
    let bytes = input.unwrap_or_default();
    let text = lossy(input);
    let text = text.trim_end_matches(['\n', '\r']);
    let kind = resolve_kind(kind, endpoint, bytes);
    let body: Option<Value> = serde_json::from_str(text).ok();
    let options = RenderOptions {
        kind: match kind {
            Kind::Volume => RequestKind::Volume,
            Kind::Snapshot => RequestKind::Snapshot,
        },
        microversion: flags.value("--microversion").map(str::to_string),
        endpoint: flags.value("--url").map(str::to_string),
        project_id: flags.value("--project-id").map(str::to_string),
        route: endpoint.map(str::to_string),
        body_text: Some(text.to_string()),
    };
    let rendered = render_lenient(body.as_ref(), &options);
    let failed = [&rendered.curl, &rendered.openstack, &rendered.cinder].iter().any(|c| c.command.is_none());
    if json {
        return Ok(ok(format!("{}\n", to_json(&rendered)), failed));
    }
    let mut out = String::new();
    for (name, form) in [("curl", &rendered.curl), ("openstack", &rendered.openstack), ("cinder", &rendered.cinder)] {
        render_form(&mut out, name, form);
    }
    Ok(ok(out, failed))
}

fn render_form(out: &mut String, name: &str, form: &RenderedCommand) {
    let _ = writeln!(out, "# {name}");
    match &form.command {
        Some(command) => {
            let _ = writeln!(out, "{command}");
        }
        None => {
            let _ = writeln!(out, "# (this form cannot express the request)");
        }
    }
    for n in &form.notes {
        let _ = writeln!(out, "#   note [{}] {}", code_name(&n.code), n.message);
    }
}
