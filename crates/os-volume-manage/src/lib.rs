//! Validate and normalize OpenStack Cinder "manage existing" requests
//! (`POST /v3/{project_id}/os-volume-manage`, `os-snapshot-manage` and their
//! `manageable_*` twins) exactly as a Cinder 29 server (microversions 3.0 to
//! 3.71) judges them.
//!
//! The core is pure: no I/O and no JS types. The CLI (`src/bin`) and the
//! wasm bindings (`src/wasm.rs`, feature `wasm`) are thin layers over it.
//!
//! ```
//! use os_volume_manage::{check_text, Kind, Options};
//! let body = br#"{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "lv1"}, "name": " imported "}}"#;
//! let report = check_text(Kind::Volume, body, &Options::default());
//! assert!(report.accepted);
//! assert_eq!(report.http_status, 202);
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

pub mod check;
mod fields;
pub mod host;
pub mod json_out;
pub mod jsonl;
pub mod listing;
pub mod metadata_text;
pub mod normalize;
pub mod pointer;
pub mod pyfmt;
pub mod pyjson;
pub mod refs;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod server_message;
pub mod sizes;
pub mod unicode;
mod unicode_tables;
pub mod value;
pub mod version;


pub use check::{check_json_value, check_text, check_value, check_value_owned};
pub use report::{Change, ChangeCode, Code, Issue, Normalized, NormalizedSnapshot, NormalizedVolume, Report};
pub use value::{Int, Object, PyStr, Value};
pub use version::{Endpoint, Kind, Microversion, Options, OptionsError, UnicodeVersion};

/// The README's Rust example runs as a doctest.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
