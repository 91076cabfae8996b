//! Python emulation: what CPython does to the text and values of a request
//! before Cinder's own code sees them, knowing nothing of Cinder.
//!
//! * [`value`]: the values `json.loads` produces (WTF-8 `str`, unbounded
//!   `int`, insertion-ordered `dict` with its duplicate-key rule);
//! * [`json`]: `json.loads` itself, iterative, with a caller-given depth limit;
//! * [`repr`]: `repr()` and `str()` of those values (error texts quote them);
//! * [`unicode`]: `str.isprintable`, `str.isspace` and the Unicode version of
//!   the server's Python;
//! * [`uuid`]: which strings `uuid.UUID()` accepts.

pub(crate) mod float;
pub(crate) mod json;
pub(crate) mod repr;
pub(crate) mod unicode;
pub(crate) mod unicode_tables;
pub(crate) mod uuid;
pub(crate) mod value;
