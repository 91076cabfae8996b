//! `os-volume-manage`: the command-line face of the core.
//!
//! All judging happens in the library; this file reads input, parses flags
//! and prints. Exit codes: 0 every request accepted, 1 some request rejected,
//! 2 usage or I/O error.

use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use os_volume_manage::cli::{self, USAGE};
use os_volume_manage::jsonl::{check_line, JsonlDefaults};
use os_volume_manage::Kind;

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

fn run_files(args: &Args) -> Result<bool, String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut all_accepted = true;
    for path in &args.files {
        let bytes = read_input(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let label = if path == "-" { "<stdin>" } else { path };
        let result = cli::check_file(
            label,
            &bytes,
            args.kind,
            args.microversion.as_deref(),
            args.endpoint.as_deref(),
            args.unicode_version.as_deref(),
            args.json,
        )
        .map_err(|e| e.to_string())?;
        all_accepted &= result.accepted;
        out.write_all(result.output.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
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
                all_accepted &= result.accepted;
                out.write_all(result.text.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| format!("cannot write output: {e}"))?;
            }
        }
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(all_accepted)
}

/// `size`, `ref`, `host`, `from-listing`, `render`: the library computes
/// everything from the arguments and the input file's bytes.
fn run_tool(argv: &[String]) -> ExitCode {
    let input = match cli::tool_input(argv) {
        None => None,
        Some(path) => match read_input(&path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                eprintln!("os-volume-manage: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let output = cli::run_tool(argv, input.as_deref());
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout.write_all(output.stdout.as_bytes()).and_then(|()| stdout.flush()) {
        eprintln!("os-volume-manage: cannot write output: {e}");
        return ExitCode::from(2);
    }
    eprint!("{}", output.stderr);
    ExitCode::from(output.code)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().is_some_and(|c| cli::TOOL_COMMANDS.contains(&c.as_str())) {
        return run_tool(&argv);
    }
    let args = match parse_args(argv.into_iter()) {
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
