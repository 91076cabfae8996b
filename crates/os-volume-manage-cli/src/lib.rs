//! The `os-volume-manage` command line: the arguments ([`args`]), what
//! `check` prints ([`check`]) and the tool commands ([`tools`]). Shared by
//! the native binary (`src/main.rs`, which adds the I/O and the parallel
//! bulk mode) and the npm package's CLI (through the wasm module), so both
//! parse the same flags and print the same bytes. Pure: text in, text out.

#![warn(missing_docs)]

pub mod args;
pub mod batch;
pub mod check;
pub mod tools;

pub use args::{parse, CheckArgs, Flags, Invocation, ToolArgs, UsageError, TOOL_COMMANDS};

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
