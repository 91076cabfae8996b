//! The numbers a verdict depends on, each defined once.
//!
//! Most are Cinder's (or the Python under it); [`MAX_LISTED`] is this
//! library's own cap on how long a report's lists grow.

/// Nesting depth (arrays and objects) Cinder's request path can parse.
///
/// Python's default recursion limit is 1000 and each JSON container costs
/// one level of `json.loads`'s recursion; the WSGI stack above it uses some
/// of the rest. Plain Python parses 994 levels; Cinder 29's real request
/// path (measured with the oracle in `scripts/oracle/`) parses 972 and
/// answers 500 from 973 on. The exact figure moves a little with the
/// server's call stack, so bodies within a few levels of it are judged by
/// this measurement, bodies far from it exactly. See `docs/cinder/json.md`.
pub const MAX_BODY_DEPTH: usize = 972;

/// Python 3.11's `sys.int_info.default_max_str_digits`: a longer integer
/// literal makes `json.loads` raise `ValueError`, which Cinder reports as a
/// malformed body (400).
pub const MAX_INT_DIGITS: usize = 4300;

/// `maxLength` of every string field of the manage schemas, in code points
/// (`cinder/api/validation/parameter_types.py`), and the length Cinder's
/// metadata check allows a key (`cinder/utils.py: check_metadata_properties`).
pub const MAX_STRING_LENGTH: usize = 255;

/// How deep a volume `ref` the scheduler cast can serialize (containers,
/// `ref` itself included).
///
/// The cast runs inside the API request, before the 202: oslo's
/// `to_primitive` and Cinder's RPC serializer walk `ref` recursively, a few
/// Python frames per level, and a deeper `ref` raises `RecursionError`
/// (HTTP 500). Measured on Cinder 29's real code path with the oracle; like
/// every recursion limit it moves a little with the server's call stack.
pub const RPC_REF_MAX_DEPTH_VOLUME: usize = 322;

/// [`RPC_REF_MAX_DEPTH_VOLUME`] for a snapshot's `ref`.
pub const RPC_REF_MAX_DEPTH_SNAPSHOT: usize = 324;

/// `[oslo_middleware] max_request_body_size` of a default deployment, in
/// bytes: oslo.middleware's `RequestBodySizeLimiter` (in Cinder's paste
/// pipeline) refuses a larger body with 413 before Cinder sees it. A cloud
/// may set another value ([`crate::Options::max_request_body_size`]); see
/// `docs/cinder/http.md`, section 4.
pub const DEFAULT_MAX_REQUEST_BODY_SIZE: i64 = 114_688;

/// How many issues a report's list (`errors`, `warnings`) holds before
/// issues repeated per key (one per metadata key, metadata value or
/// unexpected property) are only counted.
///
/// A request with 200,000 bad keys gets the first ones listed and one
/// `too_many_issues` issue, last in the list, saying how many more were
/// found. Issues about a single field are always listed, and the first
/// error is always the one Cinder reports.
pub const MAX_LISTED: usize = 1000;
