//! Cinder's rules for a manage request, in the order a Cinder 29 API server
//! applies them: the version header, the body, the schema, the controller,
//! then what the controller passes on. Every rule cites the Cinder function
//! that decides it; `docs/cinder/` describes them in prose.

pub(crate) mod controller;
pub(crate) mod description;
pub(crate) mod fields;
pub(crate) mod http;
pub(crate) mod normalize;
pub(crate) mod pipeline;
pub(crate) mod schema;
pub(crate) mod version;
