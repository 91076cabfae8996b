//! `os-volume-manage`: the command-line face of the core.
//!
//! All judging happens in the library; this file reads input, parses flags
//! and prints. Exit codes: 0 every request accepted, 1 some request rejected,
//! 2 usage or I/O error.

use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use os_volume_manage::jsonl::{check_line, infer_kind, JsonlDefaults};
use os_volume_manage::{check_text, pyjson, Kind, Options, Report};

const USAGE: &str = "\
usage: os-volume-manage check [FILE|-]... [--microversion V] [--kind volume|snapshot]
                              [--endpoint E] [--unicode-version U] [--format text|json]
       os-volume-manage check --jsonl [FILE|-] [--microversion V] [--kind K] [--endpoint E]

Judges OpenStack Cinder manage-existing request bodies exactly as Cinder 29 would.
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
Exit status: 0 all accepted, 1 some rejected, 2 usage or I/O error.";

struct Args {
    files: Vec<String>,
    microversion: Option<String>,
    kind: Option<Kind>,
    endpoint: Option<String>,
    unicode_version: Option<String>,
    json: bool,
    jsonl: bool,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    match argv.next().as_deref() {
        Some("check") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command {other:?}")),
    }
    let mut args = Args {
        files: Vec::new(),
        microversion: None,
        kind: None,
        endpoint: None,
        unicode_version: None,
        json: false,
        jsonl: false,
    };
    while let Some(arg) = argv.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| argv.next()).ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--microversion" => args.microversion = Some(value("--microversion")?),
            "--kind" => {
                let k = value("--kind")?;
                args.kind = Some(Kind::parse(&k).ok_or(format!("unknown kind {k:?}: expected volume or snapshot"))?);
            }
            "--endpoint" => args.endpoint = Some(value("--endpoint")?),
            "--unicode-version" => args.unicode_version = Some(value("--unicode-version")?),
            "--format" => match value("--format")?.as_str() {
                "text" => args.json = false,
                "json" => args.json = true,
                other => return Err(format!("unknown format {other:?}: expected text or json")),
            },
            "--jsonl" => args.jsonl = true,
            "-h" | "--help" => return Err(String::new()),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg:?}")),
            _ => args.files.push(arg),
        }
    }
    if args.files.is_empty() {
        args.files.push("-".into());
    }
    Ok(args)
}

fn read_input(path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

fn print_text(out: &mut impl Write, label: &str, report: &Report) -> io::Result<()> {
    if report.accepted {
        writeln!(out, "{label}: accepted (HTTP {})", report.http_status)?;
    } else {
        writeln!(out, "{label}: rejected (HTTP {})", report.http_status)?;
        if let Some(text) = &report.server_error {
            writeln!(out, "  Cinder says: {}", abbreviate(text).replace('\n', "\n    "))?;
        }
    }
    for e in &report.errors {
        writeln!(out, "  error   {} [{}] {}", or_root(&e.pointer), e.code.as_str(), e.message)?;
    }
    for w in &report.warnings {
        writeln!(out, "  warning {} [{}] {}", or_root(&w.pointer), w.code.as_str(), w.message)?;
    }
    for c in &report.changes {
        let to = serde_json::to_string(&c.to).unwrap_or_default();
        writeln!(out, "  change  {} → {to}: {}", c.pointer, c.message)?;
    }
    if let Some(n) = &report.normalized {
        writeln!(out, "  normalized: {}", serde_json::to_string(n).unwrap_or_default())?;
    }
    Ok(())
}

/// Cinder's texts can be huge (the description pattern alone is ~1 KB);
/// text output shows the start, `--format json` everything.
fn abbreviate(text: &str) -> String {
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

fn run_files(args: &Args) -> Result<bool, String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut all_accepted = true;
    for path in &args.files {
        let bytes = read_input(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let kind = args
            .kind
            .or_else(|| args.endpoint.as_deref().and_then(os_volume_manage::Endpoint::parse).map(|e| e.kind()));
        let kind = kind.unwrap_or_else(|| pyjson::parse(&bytes).map(|b| infer_kind(&b)).unwrap_or(Kind::Volume));
        let options = Options::from_text(
            kind,
            args.microversion.as_deref(),
            args.endpoint.as_deref(),
            args.unicode_version.as_deref(),
        )
        .map_err(|e| e.to_string())?;
        let report = check_text(kind, &bytes, &options);
        all_accepted &= report.accepted;
        let label = if path == "-" { "<stdin>" } else { path };
        let written =
            if args.json { writeln!(out, "{}", report.to_json()) } else { print_text(&mut out, label, &report) };
        written.map_err(|e| format!("cannot write output: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(all_accepted)
}

/// Streams lines in constant memory (one line buffer, reused).
fn run_jsonl(args: &Args) -> Result<bool, String> {
    let defaults = JsonlDefaults {
        kind: args.kind,
        microversion: args.microversion.clone(),
        endpoint: args.endpoint.clone(),
        unicode_version: args.unicode_version.clone(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_accepted = true;
    for path in &args.files {
        let mut reader: Box<dyn BufRead> = if path == "-" {
            Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
        } else {
            Box::new(io::BufReader::with_capacity(
                1 << 16,
                std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?,
            ))
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf).map_err(|e| format!("cannot read {path}: {e}"))?;
            if n == 0 {
                break;
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.strip_suffix('\n').unwrap_or(&line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(result) = check_line(line, &defaults) {
                all_accepted &= result.contains("\"accepted\":true");
                out.write_all(result.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| format!("cannot write output: {e}"))?;
            }
        }
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(all_accepted)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            if msg.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("os-volume-manage: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = if args.jsonl { run_jsonl(&args) } else { run_files(&args) };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(msg) => {
            eprintln!("os-volume-manage: {msg}");
            ExitCode::from(2)
        }
    }
}
