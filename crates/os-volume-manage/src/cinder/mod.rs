//! Cinder's rules for a manage request, in the order a Cinder 29 API server
//! applies them: the version header, the body, the schema, the controller,
//! then what the controller passes on. Every rule cites the Cinder function
//! that decides it; `docs/cinder/` describes them in prose.

pub mod controller;
pub mod description;
pub mod fields;
pub mod normalize;
pub mod pipeline;
pub mod schema;
pub mod version;
