//! A whole request from parts (header fields, body, framing, server, size
//! limit) → `check_request`, with every invariant of
//! `fuzz_common::request_target`: the report's shape, the answer's bytes
//! against `server_error`, determinism, and the two server models agreeing
//! where they read the same environ.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_common::request_target(data));
