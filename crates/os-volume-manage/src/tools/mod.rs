//! Tools around a manage request that are not Cinder's verdict: the size
//! Cinder gives existing storage, `ref` objects per driver, host strings,
//! listings and responses, metadata text, server messages, and commands.
//!
//! They stand on the core: JSON is read with the core's Python-compatible
//! parser into [`crate::Value`], request kinds are [`crate::Kind`], and every
//! Cinder rule they apply (host characters, metadata keys, UUIDs,
//! microversions, JSON pointers) is the one the validator applies.
#![warn(missing_docs)]

pub mod command;
pub mod host;
pub mod listing;
pub mod metadata_text;
pub mod refs;
pub mod render;
pub mod server_message;
pub mod sizes;
