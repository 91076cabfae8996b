//! Raw request text → report (volume), with every invariant of
//! `fuzz_common::text_target`. The first byte selects the options.
#![no_main]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::Kind;

fuzz_target!(|data: &[u8]| fuzz_common::text_target(Kind::Volume, data));
