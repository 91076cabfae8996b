//! Bytes → a structured `Value` (lone surrogates, NaN, big integers, request
//! shapes) → `check_value`, then the same value as text and as JSONL.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzz_common::value_target(data));
