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
                              [--max-request-body-size N|none]
       os-volume-manage check [FILE|-]... -H 'Name: value'... [--endpoint E] [--server S]
                              [--max-request-body-size N|none] [--format F]
       os-volume-manage check --request FILE... [--server S] [--max-request-body-size N|none]
                              [--format F]
       os-volume-manage check --jsonl [FILE|-] [--microversion V] [--kind K] [--endpoint E]
                              [--max-request-body-size N|none] [--server S]
       os-volume-manage size TEXT... [--mode exact|cinder|whole] [--format F]
       os-volume-manage ref (JSON | [--id-type T] --identifier X) [--driver NAME] [--snapshot]
                            [--format F]
       os-volume-manage ref --drivers [--format F]
       os-volume-manage host HOST [--cluster] [--format F]
       os-volume-manage from-listing [FILE|-] (--host H | --cluster C | --volume-id UUID)
                            [--pick N | --reference JSON] [--microversion V] [--format F]
       os-volume-manage render [FILE|-] [--microversion V] [--kind K] [--endpoint E]
                            [--url URL] [--project-id P] [--format F]
       os-volume-manage from-command 'COMMAND LINE' [--server-max V] [--volumes JSON] [--format F]
       os-volume-manage from-command --jsonl [FILE|-] [--server-max V] [--volumes JSON]
       os-volume-manage check --command 'COMMAND LINE' [--server-max V] [--volumes JSON] [--format F]

check: judges OpenStack Cinder manage-existing requests exactly as Cinder 29 would.
  --microversion V     3.0..3.71, latest, 2.0 (the old v2 API), or a header value
                       such as \"volume 3.16\"; default: no header (3.0)
  --kind K             volume or snapshot; default: from --endpoint, else from the body
  --endpoint E         os-volume-manage (default), manageable_volumes,
                       os-snapshot-manage, manageable_snapshots
  --unicode-version U  Unicode version of the server's Python: 14.0 (3.11, default),
                       15.0, 15.1, 16.0
  --format F           text (default) or json (one report per line)
  --max-request-body-size N
                       the cloud's [oslo_middleware] max_request_body_size in bytes
                       (default 114688; none: no limit): a larger body gets 413
  -H, --header 'Name: value'
                       (repeatable) judge each FILE as a whole HTTP request with exactly
                       these header fields, as curl -H sends them: no Content-Type is
                       assumed, the version comes from OpenStack-API-Version, and
                       'Transfer-Encoding: chunked' sends the body chunked
  --request FILE       (repeatable) a raw HTTP/1.1 request (request line, headers, blank
                       line, body), judged whole; the route comes from the request line
  --server S           the server Cinder runs in, for whole requests: wsgi (default: a
                       container such as mod_wsgi) or eventlet (cinder-api's own)
  --jsonl              bulk mode: each input line is
                       {\"id\", \"microversion\"?, \"kind\"?, \"endpoint\"?, \"body\" | \"body_text\"
                       | \"body_b64\"}, or a whole request with \"headers\" (docs/cinder/http.md)
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
from-command: a `cinder ...` or `openstack ...` command line (POSIX shell text) -> the
  exact request that client sends (route, headers, body bytes) or its own refusal
  (message, exit code), then Cinder's verdict on the request; `check --command` is the
  same. Models python-cinderclient 9.10.0 (manage, snapshot-manage) and
  python-openstackclient 10.5.0 (volume [snapshot] create --remote-source).
  --server-max V       the server's maximum microversion (default 3.71)
  --volumes JSON       the cloud's volumes [{\"id\", \"name\"}] for the snapshot commands'
                       lookup (default: the argument is taken as the id)
  --jsonl              each input line is {\"id\", \"command\", \"server_max\"?, \"env\"?,
                       \"volumes\"?}; each output line {\"id\", \"error\", \"client\", \"refused\",
                       \"endpoint\", \"headers\", \"body_text\", ..., \"accepted\", \"http_status\", ...}
Exit status: 0 success; 1 some request rejected (size: an input refused; ref, host: an
error-level note; from-listing: entry refused; render: a form cannot express the
request; from-command: the client refuses or Cinder rejects); 2 usage or I/O error
(from-command: a command line that is not a client run, e.g. an unknown client).";
