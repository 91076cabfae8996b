//! Raw HTTP/1.1 bytes → `http::raw::parse_request` (with the default limits
//! and with tiny ones) → `check_request`, with every invariant of
//! `fuzz_common::raw_target`: no panic, a body never larger than the input,
//! the field limit kept, and a request written back out reads the same.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_common::raw_target(data));
