//! Nothing of its own: the tests use the core as a dependent crate does.
