//! Validate and normalize OpenStack Cinder "manage existing" requests
//! (`POST /v3/{project_id}/os-volume-manage`, `os-snapshot-manage` and their
//! `manageable_*` twins) exactly as a Cinder 29 server (microversions 3.0 to
//! 3.71) judges them.
//!
//! ```
//! use os_volume_manage::{check_text, Kind, Options};
//! let body = br#"{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "lv1"}, "name": " imported "}}"#;
//! let report = check_text(Kind::Volume, body, &Options::default());
//! assert!(report.accepted());
//! assert_eq!(report.http_status(), 202);
//! ```
//!
//! A whole HTTP request (header fields, body bytes, framing) is judged with
//! [`check_request`], which adds what Cinder's middleware and server decide:
//! the body size limit, Content-Type, the version header, form routing and
//! the answer's bytes (`docs/cinder/http.md`).
//!
//! The crate is pure: no I/O, no global state, no JS types. Inside, layers
//! depend on the ones before them only: Python emulation (`python`), the
//! report (`report`), whole requests on the wire ([`http`]), Cinder's rules
//! (`cinder`), then bulk lines ([`jsonl`]) and the [`tools`]. What users call
//! is re-exported here.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cinder;
pub mod http;
pub mod jsonl;
pub mod limits;
mod python;
mod report;
mod text;
pub mod tools;

pub use cinder::http::{check_request, route};
#[cfg(feature = "serde_json")]
pub use cinder::pipeline::check_json_value;
pub use cinder::pipeline::{check_text, check_value, check_value_owned};
pub use cinder::version::{Endpoint, Kind, Microversion, Options, OptionsError, OptionsErrorKind, VersionError};
pub use http::{Request, RequestBuilder, RequestError, ServerModel};
pub use python::json::ParseError;
pub use python::unicode::UnicodeVersion;
pub use python::value::{CodePoints, Int, Object, PyStr, Value};
pub use report::{
    Change, ChangeCode, Code, Issue, Normalized, NormalizedSnapshot, NormalizedVolume, Rendering, Report, Response,
    ServerError,
};

/// The crate README's example runs as a doctest (the repository README's
/// runs in the bindings crate, which is not published).
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
