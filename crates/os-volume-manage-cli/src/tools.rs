//! The tool commands: `size`, `ref`, `host`, `from-listing`, `render`,
//! `from-command`.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::args::{Flags, ToolArgs, UsageError};
use crate::check::{resolve_kind, text_report};
use crate::USAGE;
use os_volume_manage::tools::command::{
    check_command, command_jsonl_line, CommandCheck, CommandOptions, JsonlCommandDefaults, KnownVolume, Outcome,
};
use os_volume_manage::tools::host::{parse_cluster, parse_host, HintSeverity};
use os_volume_manage::tools::listing::{
    entry_to_snapshot_request, entry_to_volume_request, parse_listing, Deviation, FromListingOptions, ListingCode,
    ListingError, ManageableListing, Refused, RequestFromListing, ServiceTarget,
};
use os_volume_manage::tools::refs::{
    build_ref, check_ref_for_driver, check_snapshot_ref_for_driver, drivers, find_driver, normalize_ref, NormalizedRef,
    RefWarning, Severity,
};
use os_volume_manage::tools::render::{render_text, shell_quote, RenderOptions, RenderedCommand};
use os_volume_manage::tools::sizes::{
    gib_from_decimal_str, parse_size_text, SizeError, SizeMode, SizeResult, SizeWarning,
};
use os_volume_manage::{check_text, Endpoint, Kind, Microversion, Options, Report};

/// What a command prints and its exit status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToolOutput {
    /// 0 success, 1 something refused or rejected, 2 usage error.
    pub code: u8,
    /// What goes to stdout.
    pub stdout: String,
    /// What goes to stderr.
    pub stderr: String,
}

fn ok(stdout: String, failed: bool) -> ToolOutput {
    ToolOutput { code: u8::from(failed), stdout, stderr: String::new() }
}

fn plain_error(message: &str) -> ToolOutput {
    ToolOutput { code: 2, stdout: String::new(), stderr: format!("os-volume-manage: {message}\n") }
}

/// Runs a tool command, with the bytes of its input file
/// ([`ToolArgs::input`]) when it reads one.
pub fn run(tool: &ToolArgs, input: Option<&[u8]>) -> ToolOutput {
    let flags = &tool.flags;
    if flags.help {
        return ToolOutput { code: 0, stdout: format!("{USAGE}\n"), stderr: String::new() };
    }
    let result = match tool.command {
        "size" => size_command(flags),
        "ref" => ref_command(flags),
        "host" => host_command(flags),
        "from-listing" => from_listing_command(flags, input),
        "render" => render_command(flags, input),
        "from-command" => from_command(flags, input),
        other => Err(UsageError::new(format!("unknown command {other:?}"))),
    };
    result.unwrap_or_else(|e| ToolOutput { code: 2, stdout: String::new(), stderr: e.stderr() })
}

/// A serde enum's snake_case name.
fn code_name<T: Serialize>(code: &T) -> String {
    match serde_json::to_value(code) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// One line of JSON: fields in declaration order, the core's values in
/// member order (serde_json's map order does not come into it).
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// JSON text a tool command reads from its arguments, parsed as Cinder
/// parses a body (the core's Python-compatible parser).
fn parse_json(text: &str) -> Result<os_volume_manage::Value, os_volume_manage::ParseError> {
    os_volume_manage::Value::parse(text.as_bytes())
}

fn lossy(input: Option<&[u8]>) -> String {
    String::from_utf8_lossy(input.unwrap_or_default()).into_owned()
}

// ---- size

/// A size mode by its CLI or JSON name (`exact`, `cinder`/`cinder_compatible`, `whole`/`whole_gib_only`).
pub fn parse_mode(text: Option<&str>) -> Result<SizeMode, UsageError> {
    match text {
        None | Some("exact") => Ok(SizeMode::Exact),
        Some("cinder" | "cinder_compatible") => Ok(SizeMode::CinderCompatible),
        Some("whole" | "whole_gib_only") => Ok(SizeMode::WholeGibOnly),
        Some(other) => Err(UsageError::new(format!("unknown mode {other:?}: expected exact, cinder or whole"))),
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

fn size_command(flags: &Flags) -> Result<ToolOutput, UsageError> {
    let mode = parse_mode(flags.value("--mode"))?;
    let json = flags.json()?;
    if flags.positional.is_empty() {
        return Err(UsageError::new("size needs at least one TEXT (a byte count or a size such as 10GiB)"));
    }
    let mut out = String::new();
    let mut failed = false;
    for text in &flags.positional {
        let result = size_of_text(text, mode);
        failed |= result.is_err();
        if json {
            /// A size's line: the input, then the result's fields.
            #[derive(Serialize)]
            struct Sized<'a> {
                input: &'a str,
                ok: bool,
                unit: Option<&'a str>,
                #[serde(flatten)]
                result: &'a SizeResult,
            }
            /// A refused size's line.
            #[derive(Serialize)]
            struct NotSized<'a> {
                input: &'a str,
                ok: bool,
                error: &'a SizeError,
            }
            let line = match &result {
                Ok((unit, r)) => to_json(&Sized { input: text, ok: true, unit: unit.as_deref(), result: r }),
                Err(e) => to_json(&NotSized { input: text, ok: false, error: e }),
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
    let key = w.key.as_ref().map(|k| format!("{k}: ")).unwrap_or_default();
    let _ = writeln!(out, "  {:<7} [{}] {key}{}", code_name(&w.severity), code_name(&w.code), w.message);
}

fn ref_command(flags: &Flags) -> Result<ToolOutput, UsageError> {
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
        (Some(_), [_, ..]) => return Err(UsageError::new("give the ref as JSON or with --identifier, not both")),
        (Some(identifier), []) => build_ref(flags.value("--id-type").unwrap_or("source-name"), identifier),
        (None, [text]) if flags.value("--id-type").is_none() => parse_json(text)
            .map_err(|e| format!("the ref is not JSON ({e}); write a string ref as '\"name\"', or use --identifier"))?,
        (None, []) if flags.value("--id-type").is_some() => {
            return Err(UsageError::new("--id-type needs --identifier"))
        }
        (None, []) => return Err(UsageError::new("ref needs a JSON ref or --identifier")),
        _ => return Err(UsageError::new("ref takes one JSON ref")),
    };
    let snapshot = flags.switch("--snapshot");
    let target = if snapshot { Kind::Snapshot } else { Kind::Volume };
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
        /// The driver check of a `ref` line.
        #[derive(Serialize)]
        struct Checked<'a> {
            id: &'a str,
            name: &'a str,
            warnings: &'a [RefWarning],
        }
        /// A `ref` line: the normalization, then the driver check.
        #[derive(Serialize)]
        struct Line<'a> {
            #[serde(flatten)]
            normalized: &'a NormalizedRef,
            driver: Option<Checked<'a>>,
        }
        let driver = driver.as_ref().map(|(hint, warnings)| Checked { id: hint.id, name: hint.name, warnings });
        return Ok(ok(format!("{}\n", to_json(&Line { normalized: &normalized, driver })), failed));
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} ref: {}", if snapshot { "snapshot" } else { "volume" }, to_json(&reference));
    if normalized.changed {
        let _ = writeln!(out, "normalized: {}", to_json(&normalized.normalized));
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

fn host_command(flags: &Flags) -> Result<ToolOutput, UsageError> {
    let json = flags.json()?;
    let cluster = flags.switch("--cluster");
    let [text] = flags.positional.as_slice() else {
        return Err(UsageError::new(format!("host takes one {}", if cluster { "CLUSTER" } else { "HOST" })));
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
    (given < needed_version).then(|| {
        Deviation::new(
            ListingCode::MicroversionTooLow,
            "/volume/cluster",
            format!(
                "cluster needs microversion {needed} or later; {} refuses it",
                microversion.map_or("a request without a header (3.0)".to_string(), |m| format!("microversion {m}"))
            ),
        )
    })
}

fn from_listing_command(flags: &Flags, input: Option<&[u8]>) -> Result<ToolOutput, UsageError> {
    let json = flags.json()?;
    if flags.positional.len() > 1 {
        return Err(UsageError::new("from-listing reads one FILE"));
    }
    let path = flags.positional.first().map_or("-", String::as_str);
    let label = if path == "-" { "<stdin>" } else { path };
    let pick = match flags.value("--pick") {
        None => None,
        Some(n) => Some(n.parse::<usize>().map_err(|_| format!("--pick takes an entry number from 0, not {n:?}"))?),
    };
    let wanted_reference = match flags.value("--reference") {
        None => None,
        Some(text) => Some(parse_json(text).map_err(|e| format!("--reference is not JSON ({e})"))?),
    };
    if pick.is_some() && wanted_reference.is_some() {
        return Err(UsageError::new("give --pick or --reference, not both"));
    }
    let (host, cluster, volume_id) = (flags.value("--host"), flags.value("--cluster"), flags.value("--volume-id"));
    let microversion = flags.value("--microversion");
    let listing = match parse_listing(&lossy(input)) {
        Ok(l) => l,
        Err(e) => {
            /// The line of a text that is not a listing.
            #[derive(Serialize)]
            struct NotAListing<'a> {
                ok: bool,
                error: &'a ListingError,
            }
            let out = if json {
                format!("{}\n", to_json(&NotAListing { ok: false, error: &e }))
            } else {
                format!("{label}: not a manageable listing [{}] {}\n", code_name(&e.code), e.message)
            };
            return Ok(ok(out, true));
        }
    };
    let index = match (pick, &wanted_reference) {
        (Some(n), _) if n < listing.entries.len() => n,
        (Some(n), _) => {
            return Err(UsageError::new(format!(
                "no entry {n}: the listing has {} (numbered from 0)",
                listing.entries.len()
            )))
        }
        (None, Some(reference)) => listing
            .entries
            .iter()
            .position(|e| os_volume_manage::Value::Object(e.reference.clone()).eq_unordered(reference))
            .ok_or_else(|| format!("no entry of the listing has the reference {}", to_json(reference)))?,
        (None, None) => return Ok(ok(listing_text(label, &listing, json), false)),
    };
    let entry = listing.entries.get(index).ok_or("no such entry")?;
    let options = FromListingOptions::default();
    let built = match listing.kind {
        Kind::Volume => {
            let target = match (host, cluster, volume_id) {
                (_, _, Some(_)) => return Err(UsageError::new("--volume-id is for snapshot listings")),
                (Some(h), None, None) => ServiceTarget::Host(h.to_string()),
                (None, Some(c), None) => ServiceTarget::Cluster(c.to_string()),
                _ => return Err(UsageError::new("a volume listing needs exactly one of --host and --cluster")),
            };
            entry_to_volume_request(entry, &target, &options)
        }
        Kind::Snapshot => {
            if host.is_some() || cluster.is_some() {
                return Err(UsageError::new("--host and --cluster are for volume listings; give --volume-id"));
            }
            let Some(volume_id) = volume_id else {
                return Err(UsageError::new(
                    "a snapshot listing needs --volume-id (the Cinder id of the parent volume)",
                ));
            };
            entry_to_snapshot_request(entry, volume_id, &options)
        }
    };
    /// One `from-listing` result line (`--format json`).
    #[derive(Serialize)]
    struct Built<'a> {
        entry: usize,
        reference: &'a os_volume_manage::Object,
        refused: Option<&'a Refused>,
        request: Option<&'a RequestFromListing>,
        #[serde(skip_serializing_if = "Option::is_none")]
        microversion: Option<Option<&'a str>>,
        report: Option<os_volume_manage::Value>,
    }
    let mut request = match built {
        Ok(r) => r,
        Err(refused) => {
            let out = if json {
                let line = Built {
                    entry: index,
                    reference: &entry.reference,
                    refused: Some(&refused),
                    request: None,
                    microversion: None,
                    report: None,
                };
                format!("{}\n", to_json(&line))
            } else {
                format!(
                    "entry [{index}] {}\n  refused [{}] {}\n",
                    to_json(&entry.reference),
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
    let kind = listing.kind;
    let options = Options::from_text(kind, microversion.as_deref(), None, None).map_err(|e| e.to_string())?;
    // The body exactly (lone surrogates, integers of any size), as a client sends it.
    let body_text = request.body.to_json();
    let report = check_text(kind, body_text.as_bytes(), &options);
    if json {
        // The report's members in their order, numbers as serde_json writes them.
        let report_value =
            os_volume_manage::Value::parse_with_max_depth(report.to_json().as_bytes(), REPORT_DEPTH).ok();
        let line = Built {
            entry: index,
            reference: &entry.reference,
            refused: None,
            request: Some(&request),
            microversion: Some(microversion.as_deref()),
            report: Some(report_value.unwrap_or(os_volume_manage::Value::Null)),
        };
        return Ok(ok(format!("{}\n", to_json(&line)), !report.accepted()));
    }
    let mut out = String::new();
    let listed = request.listed_size_gib.map(|s| format!(" ({s} GiB listed)")).unwrap_or_default();
    let _ = writeln!(out, "entry [{index}] {}{listed}", to_json(&entry.reference));
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

/// Containers a report's JSON nests: a request body's limit (its `ref` is
/// in `normalized`), plus the report's own levels.
const REPORT_DEPTH: usize = os_volume_manage::limits::MAX_BODY_DEPTH + 8;

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
        let _ = writeln!(out, "  [{i}] {}{size}, {safety}", to_json(&e.reference));
    }
    let _ = writeln!(out, "pick one with --pick N or --reference JSON");
    out
}

// ---- render

fn render_command(flags: &Flags, input: Option<&[u8]>) -> Result<ToolOutput, UsageError> {
    let json = flags.json()?;
    if flags.positional.len() > 1 {
        return Err(UsageError::new("render reads one FILE"));
    }
    let kind = match flags.value("--kind") {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or(format!("unknown kind {k:?}: expected volume or snapshot"))?),
    };
    let endpoint = flags.value("--endpoint");
    let route = match endpoint {
        None => None,
        Some(e) => {
            let parsed = Endpoint::parse(e).ok_or(format!(
                "unknown endpoint {e:?}: expected one of os-volume-manage, manageable_volumes, os-snapshot-manage, \
                 manageable_snapshots"
            ))?;
            if kind.is_some_and(|k| k != parsed.kind()) {
                return Err(UsageError::new(format!("endpoint {e:?} takes {} requests", parsed.kind().as_str())));
            }
            Some(parsed)
        }
    };
    let bytes = input.unwrap_or_default();
    let text = lossy(input);
    let text = text.trim_end_matches(['\n', '\r']);
    let options = RenderOptions {
        kind: resolve_kind(kind, endpoint, bytes),
        microversion: flags.value("--microversion").map(str::to_string),
        endpoint: flags.value("--url").map(str::to_string),
        project_id: flags.value("--project-id").map(str::to_string),
        route,
        body_text: None,
    };
    let rendered = render_text(text, &options);
    let failed = [&rendered.curl, &rendered.openstack, &rendered.cinder].iter().any(|c| c.command.is_none());
    if json {
        return Ok(ok(format!("{}\n", rendered.to_json()), failed));
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
        let _ = writeln!(out, "#   note [{}] {}", n.code.as_str(), n.message);
    }
}

// ---- from-command

/// `--volumes JSON`: `[{"id": "…", "name": "…"|null}, …]` (also the
/// bindings' `volumes` option).
pub fn parse_volumes(text: &str) -> Result<Vec<KnownVolume>, UsageError> {
    let bad = |why: &str| UsageError::new(format!("--volumes: {why}; write [{{\"id\": \"…\", \"name\": \"…\"}}, …]"));
    let value: Value = serde_json::from_str(text).map_err(|e| bad(&format!("not JSON ({e})")))?;
    let Value::Array(items) = value else { return Err(bad("not an array")) };
    items
        .iter()
        .map(|item| {
            let id = item.get("id").and_then(Value::as_str).ok_or_else(|| bad("a volume without an \"id\" string"))?;
            let name = match item.get("name") {
                None | Some(Value::Null) => None,
                Some(Value::String(n)) => Some(n.clone()),
                Some(_) => return Err(bad("a \"name\" that is not a string or null")),
            };
            Ok(KnownVolume { id: id.to_string(), name })
        })
        .collect()
}

fn command_options(flags: &Flags) -> Result<CommandOptions, UsageError> {
    let mut options = CommandOptions::default();
    if let Some(max) = flags.value("--server-max") {
        options.server_max = CommandOptions::parse_server_max(max).map_err(|e| UsageError::new(e.message))?;
    }
    if let Some(v) = flags.value("--volumes") {
        options.volumes = Some(parse_volumes(v)?);
    }
    Ok(options)
}

fn from_command(flags: &Flags, input: Option<&[u8]>) -> Result<ToolOutput, UsageError> {
    let json = flags.json()?;
    let options = command_options(flags)?;
    if flags.switch("--jsonl") {
        if flags.positional.len() > 1 {
            return Err(UsageError::new("from-command --jsonl reads one FILE"));
        }
        let defaults = JsonlCommandDefaults { options };
        let text = lossy(input);
        let mut out = String::new();
        let mut all_accepted = true;
        for line in text.lines() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            let result = command_jsonl_line(line, &defaults);
            all_accepted &= result.accepted;
            out.push_str(&result.text);
            out.push('\n');
        }
        return Ok(ok(out, !all_accepted));
    }
    let line = match flags.positional.as_slice() {
        [] => {
            return Err(UsageError::new(
                "from-command needs a command line, e.g. from-command \"cinder manage host@be#pool lv1\"",
            ))
        }
        [one] => one.clone(),
        // Words given one by one (after `--`): quoted back into one line.
        words => words.iter().map(|w| shell_quote(w)).collect::<Vec<_>>().join(" "),
    };
    let checked = match check_command(&line, &options) {
        Ok(c) => c,
        Err(e) => {
            return Ok(if json {
                ToolOutput { code: 2, stdout: format!("{}\n", e.to_json()), stderr: String::new() }
            } else {
                plain_error(&format!("[{}] {}", e.code.as_str(), e.message))
            })
        }
    };
    let accepted = checked.report.as_ref().is_some_and(Report::accepted);
    if json {
        return Ok(ok(format!("{}\n", checked.to_json()), !accepted));
    }
    Ok(ok(command_text(&checked), !accepted))
}

/// What `from-command` prints: the request or the refusal, the verdict,
/// what the command line does not use, and notes.
pub fn command_text(checked: &CommandCheck) -> String {
    let read = &checked.read;
    let mut out = String::new();
    let who = format!("{} ({})", read.client.as_str(), read.client.modelled_version());
    match &read.outcome {
        Outcome::Sent(request) => {
            let _ = writeln!(out, "{who} sends:");
            let _ = writeln!(out, "  {} /v3/{{project_id}}{}", request.method, request.path());
            for (name, value) in &request.headers {
                let _ = writeln!(out, "  {name}: {value}");
            }
            let _ = writeln!(out, "  {}", request.body_text);
            for line in read.stderr.lines() {
                let _ = writeln!(out, "  (stderr) {line}");
            }
        }
        Outcome::Refused(refusal) if refusal.exit_code == 0 => {
            let _ = writeln!(
                out,
                "{who} prints {} and sends nothing (exit 0)",
                if refusal.message.is_empty() { "its help" } else { "its version" }
            );
        }
        Outcome::Refused(refusal) => {
            let _ = writeln!(
                out,
                "{who} refuses (exit {}, on {}) and sends nothing:",
                refusal.exit_code,
                refusal.stream.as_str()
            );
            for line in refusal.message.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if let Some(report) = &checked.report {
        out.push_str(&text_report("Cinder", report));
    }
    for u in &read.unused {
        let _ = writeln!(out, "unused: {} ({})", u.argument, u.reason);
    }
    for n in &read.notes {
        let _ = writeln!(out, "note [{}] {}", n.code.as_str(), n.message);
    }
    out
}
