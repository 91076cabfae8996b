//! Size text → bytes → GiB (`parse_size_text`), and digit strings → GiB
//! (`gib_from_decimal_str`), cross-checked against each other, against
//! `gib_from_bytes` and against `format_size`.
#![no_main]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a fuzz target: a panic is how it reports a failure")]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::tools::sizes::{
    format_size, gib_from_bytes, gib_from_decimal_str, parse_size_text, Amount, SizeErrorCode, SizeMode,
};

const MODES: [SizeMode; 3] = [SizeMode::Exact, SizeMode::CinderCompatible, SizeMode::WholeGibOnly];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    // Digit strings, every mode.
    for mode in MODES {
        match gib_from_decimal_str(text, mode) {
            Ok(r) => {
                assert!(text.bytes().all(|b| b.is_ascii_digit()) && !text.is_empty(), "{text:?}");
                assert_eq!(r.mode, mode);
                assert_eq!(r.cinder_differs, r.cinder_gib.as_ref() != Some(&r.exact_gib), "{r:?}");
                match mode {
                    SizeMode::Exact => assert_eq!(r.gib, r.exact_gib),
                    SizeMode::CinderCompatible => assert_eq!(Some(&r.gib), r.cinder_gib.as_ref()),
                    SizeMode::WholeGibOnly => assert!(r.whole_gib && r.gib == r.exact_gib),
                    other => panic!("a mode this target does not know: {other:?}"),
                }
                if let Amount::U64(n) = r.bytes {
                    let direct = gib_from_bytes(n, mode).expect("the same count as u64");
                    assert_eq!(direct, r, "digits vs u64 for {text:?}");
                }
            }
            Err(e) => {
                let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
                assert!(
                    !digits || matches!(e.code, SizeErrorCode::CinderFloatOverflow | SizeErrorCode::NotWholeGib),
                    "{text:?}: {e:?}"
                );
                assert!(!e.message.is_empty());
            }
        }
    }

    // Size text.
    match parse_size_text(text) {
        Ok(p) => {
            assert_eq!(p.input, text);
            let digits = p.bytes.to_string();
            let exact = gib_from_decimal_str(&digits, SizeMode::Exact).expect("canonical digits");
            assert_eq!(exact.exact_gib, p.gib.exact, "{text:?}");
            assert_eq!(exact.cinder_gib, p.gib.cinder_compatible, "{text:?}");
            assert_eq!(exact.whole_gib, p.gib.whole_gib_only.is_some(), "{text:?}");
            // format_size gives a text that parses back to the same count.
            let n: u128 = digits.parse().expect("at most u128");
            let formatted = format_size(n);
            let again = parse_size_text(&formatted).unwrap_or_else(|e| panic!("{formatted:?}: {e:?}"));
            assert_eq!(again.bytes, p.bytes, "{text:?} → {formatted:?}");
            serde_json::to_string(&p).expect("serializes");
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
