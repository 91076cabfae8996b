//! `os-volume-manage`: the command-line face of the core.
//!
//! All judging happens in the library and all argument handling and text
//! output in this crate's library (shared with the npm package's CLI); this
//! file reads input and prints. Exit codes: 0 every request accepted, 1 some
//! request rejected, 2 usage or I/O error.

mod bulk;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use os_volume_manage_cli::{args, check, tools, CheckArgs, Invocation, ToolArgs, USAGE};

fn read_input(path: &str) -> io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

/// [`args::read_error`] for an I/O error of this platform.
pub(crate) fn read_error(path: &str, e: &io::Error) -> String {
    let kind = match e.kind() {
        io::ErrorKind::NotFound => "ENOENT",
        io::ErrorKind::PermissionDenied => "EACCES",
        io::ErrorKind::IsADirectory => "EISDIR",
        io::ErrorKind::NotADirectory => "ENOTDIR",
        _ => "",
    };
    args::read_error(path, kind, &e.to_string())
}

fn run_files(args: &CheckArgs) -> Result<bool, String> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut all_accepted = true;
    for path in &args.files {
        let bytes = read_input(path).map_err(|e| read_error(path, &e))?;
        let label = if path == "-" { "<stdin>" } else { path };
        let result = check::check_file(label, &bytes, args).map_err(|e| e.to_string())?;
        all_accepted &= result.accepted;
        out.write_all(result.output.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
    }
    for path in &args.requests {
        let bytes = read_input(path).map_err(|e| read_error(path, &e))?;
        let label = if path == "-" { "<stdin>" } else { path };
        let result = check::check_request_file(label, &bytes, args).map_err(|e| e.to_string())?;
        all_accepted &= result.accepted;
        out.write_all(result.output.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write output: {e}"))?;
    Ok(all_accepted)
}

/// `size`, `ref`, `host`, `from-listing`, `render`: the library computes
/// everything from the arguments and the input file's bytes.
fn run_tool(tool: &ToolArgs) -> ExitCode {
    let input = match &tool.input {
        None => None,
        Some(path) => match read_input(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                eprintln!("os-volume-manage: {}", read_error(path, &e));
                return ExitCode::from(2);
            }
        },
    };
    let output = tools::run(tool, input.as_deref());
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
    let args = match args::parse(&argv) {
        Ok(Invocation::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Invocation::Version) => {
            println!("os-volume-manage {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Ok(Invocation::Tool(tool)) => return run_tool(&tool),
        Ok(Invocation::Check(args)) => args,
        Ok(_) => return ExitCode::from(2),
        Err(e) => {
            eprint!("{}", e.stderr());
            return ExitCode::from(2);
        }
    };
    let result = if args.jsonl { bulk::run_jsonl(&args) } else { run_files(&args) };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(msg) => {
            eprintln!("os-volume-manage: {msg}");
            ExitCode::from(2)
        }
    }
}
