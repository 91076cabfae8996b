#![cfg(not(target_arch = "wasm32"))] // native-only: uses proptest / jsonschema
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Sizes: the float edge of `ceil(float(n) / 2^30)`
//! (`docs/cinder/sizes.md#the-common-rule-and-its-float-edge`), modes, size
//! text, and properties over the u64 range.

use os_volume_manage::tools::sizes::{
    format_size, gib_from_bytes, gib_from_decimal_str, parse_size_text, Amount, SizeErrorCode, SizeMode,
    SizeWarningCode, UnitSystem, F64_EXACT_LIMIT, GIB,
};
use proptest::prelude::*;

fn gib(bytes: u64, mode: SizeMode) -> u64 {
    gib_from_bytes(bytes, mode).unwrap().gib.as_u64().unwrap()
}

#[test]
fn spec_13_2_small_values() {
    for (bytes, expected) in [(0, 0), (1, 1), (GIB - 1, 1), (GIB, 1), (GIB + 1, 2), (10 * GIB + 512, 11)] {
        assert_eq!(gib(bytes, SizeMode::Exact), expected, "{bytes}");
        assert_eq!(gib(bytes, SizeMode::CinderCompatible), expected, "{bytes}");
    }
}

#[test]
fn spec_13_2_float_table() {
    let table = [
        ((1u64 << 53) + 1, 8_388_608u64, 8_388_609u64),
        ((1u64 << 53) + (1 << 30) + 1, 8_388_609, 8_388_610),
        ((1u64 << 60) + 1, 1_073_741_824, 1_073_741_825),
    ];
    for (bytes, cinder, exact) in table {
        let r = gib_from_bytes(bytes, SizeMode::CinderCompatible).unwrap();
        assert_eq!(r.gib, Amount::U64(cinder));
        assert_eq!(r.exact_gib, Amount::U64(exact));
        assert!(r.cinder_differs);
        assert!(r.warnings.iter().any(|w| w.code == SizeWarningCode::CinderRoundsDown));
        assert_eq!(gib(bytes, SizeMode::Exact), exact);
        // The decimal-string path agrees.
        let d = gib_from_decimal_str(&bytes.to_string(), SizeMode::CinderCompatible).unwrap();
        assert_eq!(d.gib, Amount::U64(cinder));
        assert_eq!(d.exact_gib, Amount::U64(exact));
    }
}

#[test]
fn u64_max_does_not_overflow() {
    let r = gib_from_bytes(u64::MAX, SizeMode::Exact).unwrap();
    assert_eq!(r.exact_gib, Amount::U64(1 << 34));
    assert!(!r.whole_gib);
}

#[test]
fn zero_bytes_warns() {
    let r = gib_from_bytes(0, SizeMode::WholeGibOnly).unwrap();
    assert_eq!(r.gib, Amount::U64(0));
    let w = r.warnings.iter().find(|w| w.code == SizeWarningCode::ZeroBytes).unwrap();
    assert!(w.message.contains("size 0"));
}

#[test]
fn whole_gib_only_rejects_remainders() {
    assert_eq!(gib(3 * GIB, SizeMode::WholeGibOnly), 3);
    let e = gib_from_bytes(3 * GIB + 1, SizeMode::WholeGibOnly).unwrap_err();
    assert_eq!(e.code, SizeErrorCode::NotWholeGib);
    assert!(e.message.contains("PowerMax") && e.message.contains("Dell SC") && e.message.contains("4 GiB"));
}

#[test]
fn decimal_strings_beyond_u64() {
    // 2^64 bytes = 2^34 GiB exactly; 2^64 + 1 needs one more GiB.
    let r = gib_from_decimal_str("18446744073709551616", SizeMode::Exact).unwrap();
    assert_eq!(r.exact_gib, Amount::U64(1 << 34));
    assert_eq!(r.bytes, Amount::Decimal("18446744073709551616".into()));
    let r = gib_from_decimal_str("18446744073709551617", SizeMode::Exact).unwrap();
    assert_eq!(r.exact_gib, Amount::U64((1 << 34) + 1));
    // float(2^64 + 1) == 2^64: Cinder is one low.
    assert_eq!(r.cinder_gib, Some(Amount::U64(1 << 34)));
    // 10^40 bytes: exact = ceil(10^40 / 2^30).
    let r = gib_from_decimal_str(&format!("1{}", "0".repeat(40)), SizeMode::Exact).unwrap();
    assert_eq!(r.exact_gib, Amount::Decimal("9313225746154785156250000000000".into()));
    // Leading zeros are fine.
    assert_eq!(gib_from_decimal_str("0001073741825", SizeMode::Exact).unwrap().exact_gib, Amount::U64(2));
}

#[test]
fn decimal_string_float_overflow() {
    let huge = "9".repeat(400);
    let r = gib_from_decimal_str(&huge, SizeMode::Exact).unwrap();
    assert_eq!(r.cinder_gib, None);
    assert!(r.warnings.iter().any(|w| w.code == SizeWarningCode::CinderFloatOverflow));
    let e = gib_from_decimal_str(&huge, SizeMode::CinderCompatible).unwrap_err();
    assert_eq!(e.code, SizeErrorCode::CinderFloatOverflow);
}

#[test]
fn decimal_string_rejections() {
    for (text, code) in [
        ("", SizeErrorCode::Empty),
        ("-1", SizeErrorCode::Negative),
        ("+1", SizeErrorCode::SignNotAllowed),
        ("12a", SizeErrorCode::UnexpectedCharacter),
        ("١٢", SizeErrorCode::NonAsciiDigit),
    ] {
        assert_eq!(gib_from_decimal_str(text, SizeMode::Exact).unwrap_err().code, code, "{text:?}");
    }
}

#[test]
fn size_text_examples() {
    let cases: [(&str, u128, &str); 10] = [
        ("1073741824", 1 << 30, "B"),
        ("10G", 10 << 30, "GiB"),
        ("10 GiB", 10 << 30, "GiB"),
        ("1.5TiB", 3 << 39, "TiB"),
        ("500 MB", 500_000_000, "MB"),
        ("4096 KiB", 4 << 20, "KiB"),
        ("512B", 512, "B"),
        ("10g", 10 << 30, "GiB"),
        ("2Gi", 2 << 30, "GiB"),
        ("1 kB", 1000, "kB"),
    ];
    for (text, bytes, unit) in cases {
        let p = parse_size_text(text).unwrap();
        assert_eq!(p.bytes, Amount::from_u128(bytes), "{text}");
        assert_eq!(p.unit, unit, "{text}");
    }
    let p = parse_size_text("10G").unwrap();
    assert!(p.warnings.iter().any(|w| w.code == SizeWarningCode::BareUnitReadAsBinary));
    assert_eq!(p.gib.exact, Amount::U64(10));
    assert_eq!(p.gib.whole_gib_only, Some(Amount::U64(10)));
    let p = parse_size_text("500 MB").unwrap();
    assert_eq!(p.unit_system, UnitSystem::Decimal);
    assert_eq!(p.gib.exact, Amount::U64(1));
    assert_eq!(p.gib.whole_gib_only, None);
    assert!(p.warnings.iter().any(|w| w.code == SizeWarningCode::DecimalUnit));
}

#[test]
fn size_text_beyond_u64_is_a_decimal_string() {
    let p = parse_size_text("16 EiB").unwrap();
    assert_eq!(p.bytes, Amount::Decimal("18446744073709551616".into()));
    assert_eq!(p.gib.exact, Amount::U64(1 << 34));
}

#[test]
fn size_text_fractions_are_exact() {
    assert_eq!(parse_size_text("0.5 KiB").unwrap().bytes, Amount::U64(512));
    assert_eq!(parse_size_text("1.25GB").unwrap().bytes, Amount::U64(1_250_000_000));
    assert_eq!(parse_size_text("1.50000 MiB").unwrap().bytes, Amount::U64(3 << 19));
    // 2^-10 KiB = 1 byte exactly.
    assert_eq!(parse_size_text("0.0009765625 KiB").unwrap().bytes, Amount::U64(1));
    assert_eq!(parse_size_text("0.3 KiB").unwrap_err().code, SizeErrorCode::FractionNotWholeBytes);
    assert_eq!(parse_size_text("1.5").unwrap_err().code, SizeErrorCode::FractionNotWholeBytes);
}

#[test]
fn size_text_rejections_name_the_problem() {
    let cases = [
        ("", SizeErrorCode::Empty),
        ("   ", SizeErrorCode::Empty),
        ("-1G", SizeErrorCode::Negative),
        ("+1G", SizeErrorCode::SignNotAllowed),
        ("GiB", SizeErrorCode::MissingNumber),
        ("1.2.3G", SizeErrorCode::MultipleDots),
        (".5G", SizeErrorCode::MalformedNumber),
        ("5.G", SizeErrorCode::MalformedNumber),
        ("１０G", SizeErrorCode::NonAsciiDigit),
        ("1,000", SizeErrorCode::DigitSeparator),
        ("1_000", SizeErrorCode::DigitSeparator),
        ("1 000", SizeErrorCode::DigitSeparator),
        ("10 gb", SizeErrorCode::AmbiguousUnit),
        ("10 Gib", SizeErrorCode::AmbiguousUnit),
        ("10Mb", SizeErrorCode::AmbiguousUnit),
        ("10 XB", SizeErrorCode::UnknownUnit),
        ("1e9", SizeErrorCode::UnknownUnit),
        ("10 GiB!", SizeErrorCode::UnknownUnit),
        ("10#", SizeErrorCode::UnexpectedCharacter),
        ("400000000000000000000000000000000000000 EiB", SizeErrorCode::Overflow),
        (&*format!("0.{}1 B", "0".repeat(40)), SizeErrorCode::FractionTooPrecise),
    ];
    for (text, code) in cases {
        let e = parse_size_text(text).unwrap_err();
        assert_eq!(e.code, code, "{text:?}: {}", e.message);
        assert!(!e.message.is_empty());
    }
}

#[test]
fn format_size_picks_largest_exact_unit() {
    assert_eq!(format_size(0), "0 B");
    assert_eq!(format_size(1536 << 20), "1536 MiB");
    assert_eq!(format_size(10 << 30), "10 GiB");
    assert_eq!(format_size(1234), "1234 B");
}

proptest! {
    #[test]
    fn exact_vs_f64_on_full_u64_range(n in any::<u64>()) {
        let r = gib_from_bytes(n, SizeMode::CinderCompatible).unwrap();
        let exact = r.exact_gib.as_u64().unwrap();
        let cinder = r.cinder_gib.clone().unwrap().as_u64().unwrap();
        prop_assert!(exact >= cinder);
        prop_assert!(exact - cinder <= 1);
        prop_assert_eq!(exact, n / GIB + u64::from(n % GIB != 0));
        if n <= F64_EXACT_LIMIT {
            prop_assert_eq!(exact, cinder);
        }
        prop_assert_eq!(r.cinder_differs, exact != cinder);
    }

    #[test]
    fn exact_vs_f64_above_2_53(n in F64_EXACT_LIMIT..=u64::MAX) {
        let r = gib_from_bytes(n, SizeMode::Exact).unwrap();
        let exact = r.exact_gib.as_u64().unwrap();
        let cinder = r.cinder_gib.unwrap().as_u64().unwrap();
        prop_assert!(exact == cinder || exact == cinder + 1);
    }

    #[test]
    fn decimal_string_path_equals_u64_path(n in any::<u64>(), zeros in 0usize..3) {
        let text = format!("{}{}", "0".repeat(zeros), n);
        for mode in [SizeMode::Exact, SizeMode::CinderCompatible] {
            let a = gib_from_bytes(n, mode).unwrap();
            let b = gib_from_decimal_str(&text, mode).unwrap();
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(
            gib_from_bytes(n, SizeMode::WholeGibOnly).is_ok(),
            gib_from_decimal_str(&text, SizeMode::WholeGibOnly).is_ok()
        );
    }

    #[test]
    fn parse_format_parse_round_trip(
        value in 0u64..1_000_000,
        unit in prop::sample::select(vec!["", "B", "KiB", "MiB", "GiB", "TiB", "K", "m", "Gi", "kB", "MB", "GB", "TB"]),
        space in any::<bool>(),
    ) {
        let text = format!("{value}{}{unit}", if space { " " } else { "" });
        let first = parse_size_text(&text).unwrap();
        let bytes: u128 = first.bytes.to_string().parse().unwrap();
        let formatted = format_size(bytes);
        let second = parse_size_text(&formatted).unwrap();
        prop_assert_eq!(&first.bytes, &second.bytes);
        prop_assert_eq!(&first.gib.exact, &second.gib.exact);
    }

    #[test]
    fn fractional_binary_sizes_are_exact(whole in 0u64..10_000, half in any::<bool>()) {
        let text = format!("{whole}.{} GiB", if half { "5" } else { "25" });
        let p = parse_size_text(&text).unwrap();
        let expected = u128::from(whole) * (1 << 30) + if half { 1 << 29 } else { 1 << 28 };
        prop_assert_eq!(p.bytes, Amount::from_u128(expected));
    }

    #[test]
    fn parser_never_panics(text in ".{0,40}") {
        let _ = parse_size_text(&text);
        let _ = gib_from_decimal_str(&text, SizeMode::CinderCompatible);
    }
}
