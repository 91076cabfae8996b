//! Tools around a manage request that are not Cinder's verdict: the size
//! Cinder gives existing storage, `ref` objects per driver, host strings,
//! listings and responses, metadata text, server messages, and commands.

pub mod host;
pub mod listing;
pub mod metadata_text;
pub mod refs;
pub mod render;
pub mod server_message;
pub mod sizes;
