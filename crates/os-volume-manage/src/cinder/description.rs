//! Cinder's `description` rule: `parameter_types.description`'s pattern
//! `^[<printable BMP ranges>]*$`, which Cinder builds at start-up
//! (`cinder/api/validation/parameter_types.py: _build_regex_range`,
//! `_is_printable`) from the `unicodedata` of the Python running
//! `cinder-api`, so the answer depends on the server's Python version; see
//! `docs/cinder/description-and-unicode.md`.
//!
//! * which code points the pattern accepts;
//! * the exact pattern string and its `repr()`, which jsonschema prints in a
//!   `pattern` error (`'...' does not match '<repr>'`);
//! * a short human name for a rejected code point.

use crate::python::unicode::{
    bmp_graphic_or_space_ranges, in_ranges_u32, is_bmp_graphic_or_space, is_zs_non_space, UnicodeVersion,
};

/// The Cf (format) code points of the BMP, identical in Unicode 14.0–16.0
/// (`docs/cinder/description-and-unicode.md`; the generator checks this
/// list against `unicodedata`).
const FORMAT_BMP: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
];

/// Does the description pattern's character class accept this code point
/// under that Unicode version? (false for cp >= 0xFFFF)
///
/// Cinder enumerates `range(0xFFFF)`, so U+FFFF and every astral code point
/// are outside the class whatever their category. Within the BMP a code point
/// is accepted iff its category is not C* and is not Z* other than Zs.
pub(crate) fn description_accepts(cp: u32, v: UnicodeVersion) -> bool {
    match cp {
        0x20..=0x7E => true,
        0x00..=0x1F | 0x7F..=0x9F => false,
        0xFFFF.. => false,
        _ => is_bmp_graphic_or_space(cp, v),
    }
}

/// Is the verdict for this code point different between Unicode versions
/// (accepted in at least one, rejected in another)?
///
/// Such code points were unassigned in an older version and assigned in a
/// newer one, so whether Cinder accepts them depends on the server's Python.
pub(crate) fn description_depends_on_version(cp: u32) -> bool {
    // Every version agrees on ASCII, the C1 controls and everything >= U+FFFF.
    if !(0xA0..0xFFFF).contains(&cp) {
        return false;
    }
    let first = description_accepts(cp, UnicodeVersion::V14_0);
    UnicodeVersion::ALL.iter().any(|&v| description_accepts(cp, v) != first)
}

/// Python's `re.escape` (3.7+): only ASCII punctuation and whitespace that
/// are special in patterns get a backslash.
fn push_re_escaped(out: &mut String, cp: u32) {
    let Some(c) = char::from_u32(cp) else { return };
    // A `match`: `str::contains` of a char would add a substring search
    // to the WebAssembly module.
    if matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '?'
            | '*'
            | '+'
            | '-'
            | '|'
            | '^'
            | '$'
            | '\\'
            | '.'
            | '&'
            | '~'
            | '#'
            | ' '
            | '\t'
            | '\n'
            | '\r'
            | '\u{0b}'
            | '\u{0c}'
    ) {
        out.push('\\');
    }
    out.push(c);
}

/// The exact description pattern string Cinder builds for that version.
///
/// `'^[' + ranges + ']*$'`, each endpoint passed through `re.escape` (which
/// only escapes ASCII punctuation and whitespace, so the first range is
/// written `\ -\~` and every other endpoint is a literal character); a
/// one-code-point range is written once. Built on demand: it is only needed
/// for the text of a `description` error.
pub(crate) fn description_pattern(v: UnicodeVersion) -> String {
    let mut out = String::from("^[");
    for (lo, hi) in bmp_graphic_or_space_ranges(v) {
        push_re_escaped(&mut out, lo);
        if hi != lo {
            out.push('-');
            push_re_escaped(&mut out, hi);
        }
    }
    out.push_str("]*$");
    out
}

/// Python repr() of that pattern, as the server's own Python prints it.
///
/// Backslashes are doubled and the Zs range endpoints other than U+0020 are
/// escaped (`\xa0`, `\u2000`, `\u200a`, `\u202f`, `\u205f`, `\u3000`)
/// because `str.isprintable` is false for them. Every other character of the
/// pattern is a range endpoint, assigned in that version, hence printable on
/// a server running it (an older Python would escape the newer ones, e.g.
/// U+0CF3 in 3.11); the pattern holds no quote character.
#[cfg(test)]
pub(crate) fn description_pattern_repr(v: UnicodeVersion) -> String {
    description_pattern_repr_str(v).to_string()
}

/// [`description_pattern_repr`], borrowed: built once per version, as
/// every invalid description prints it.
pub(crate) fn description_pattern_repr_str(v: UnicodeVersion) -> &'static str {
    use std::sync::OnceLock;
    static V14_0: OnceLock<String> = OnceLock::new();
    static V15_0: OnceLock<String> = OnceLock::new();
    static V15_1: OnceLock<String> = OnceLock::new();
    static V16_0: OnceLock<String> = OnceLock::new();
    let slot = match v {
        UnicodeVersion::V14_0 => &V14_0,
        UnicodeVersion::V15_0 => &V15_0,
        UnicodeVersion::V15_1 => &V15_1,
        UnicodeVersion::V16_0 => &V16_0,
    };
    slot.get_or_init(|| build_description_pattern_repr(v))
}

fn build_description_pattern_repr(v: UnicodeVersion) -> String {
    // Every character but the backslashes is a range endpoint of the class
    // of `v`, so `py_is_printable(cp, v)` is "not a Zs other than space"
    // (`pattern_reprs` checks this against the general repr).
    let pattern = description_pattern(v);
    let mut out = String::with_capacity(pattern.len() + 64);
    out.push('\'');
    for c in pattern.chars() {
        let cp = u32::from(c);
        match c {
            '\\' => out.push_str("\\\\"),
            _ if is_zs_non_space(cp) && cp <= 0xFF => out.push_str(&format!("\\x{cp:02x}")),
            _ if is_zs_non_space(cp) => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Why the description class leaves out a code point, as a short phrase.
fn rejection_class(cp: u32, v: UnicodeVersion) -> String {
    let class = match cp {
        0x11_0000.. => "not a Unicode code point",
        0x1_0000.. => "outside the Basic Multilingual Plane",
        0x00..=0x1F | 0x7F..=0x9F => "control character",
        0xD800..=0xDFFF => "lone surrogate",
        0xE000..=0xF8FF => "private use",
        0x2028 => "line separator",
        0x2029 => "paragraph separator",
        0xFDD0..=0xFDEF | 0xFFFE | 0xFFFF => "noncharacter",
        _ if in_ranges_u32(FORMAT_BMP, cp) => "format character",
        _ if description_accepts(cp, v) => return format!("accepted in Unicode {}", v.as_str()),
        _ => return format!("unassigned in Unicode {}", v.as_str()),
    };
    class.to_owned()
}

/// A short human name for a code point useful in error messages, e.g.
/// "U+0009 (control character)", "U+1F600 (outside the Basic Multilingual
/// Plane)", "U+2028 (line separator)", "U+00AD (format character)",
/// "U+E000 (private use)", "U+D800 (lone surrogate)", "U+0378 (unassigned in
/// Unicode 14.0)".
///
/// The classes other than "unassigned" are fixed lists, identical
/// for every supported Unicode version; any other BMP code point the class
/// rejects is unassigned (Cn) in that version. U+FDD0–U+FDEF, U+FFFE and
/// U+FFFF are reported as noncharacters (permanently unassigned).
pub(crate) fn describe_rejected_code_point(cp: u32, v: UnicodeVersion) -> String {
    format!("U+{cp:04X} ({})", rejection_class(cp, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::unicode::{in_ranges_u16, py_is_printable, py_is_space};
    use crate::python::unicode_tables::{
        ADDED_15_0, ADDED_15_1, ADDED_16_0, DESCRIPTION_14_0, PRINTABLE_ASTRAL_14_0, PRINTABLE_ASTRAL_ADDED_15_0,
        PRINTABLE_ASTRAL_ADDED_15_1, PRINTABLE_ASTRAL_ADDED_16_0,
    };

    const V: [UnicodeVersion; 4] = UnicodeVersion::ALL;

    fn count(v: UnicodeVersion) -> usize {
        (0..0x11_0000u32).filter(|&cp| description_accepts(cp, v)).count()
    }

    #[test]
    fn accepted_counts() {
        assert_eq!(count(UnicodeVersion::V14_0), 55_522);
        assert_eq!(count(UnicodeVersion::V15_0), 55_524);
        assert_eq!(count(UnicodeVersion::V15_1), 55_529);
        assert_eq!(count(UnicodeVersion::V16_0), 55_546);
    }

    #[test]
    fn tables_are_sorted_disjoint_and_maximal() {
        for t in [DESCRIPTION_14_0, ADDED_15_0, ADDED_15_1, ADDED_16_0] {
            assert!(t.iter().all(|&(lo, hi)| lo <= hi && hi < 0xFFFF));
            assert!(t.windows(2).all(|w| u32::from(w[0].1) + 1 < u32::from(w[1].0)));
        }
        for p in [
            PRINTABLE_ASTRAL_14_0,
            PRINTABLE_ASTRAL_ADDED_15_0,
            PRINTABLE_ASTRAL_ADDED_15_1,
            PRINTABLE_ASTRAL_ADDED_16_0,
        ] {
            assert!(p.iter().all(|&(lo, hi)| 0x10000 <= lo && lo <= hi && hi <= 0x10_FFFF));
            assert!(p.windows(2).all(|w| w[0].1 + 1 < w[1].0));
        }
        // Each version's additions are new: printable in no earlier table.
        let tables = [
            PRINTABLE_ASTRAL_14_0,
            PRINTABLE_ASTRAL_ADDED_15_0,
            PRINTABLE_ASTRAL_ADDED_15_1,
            PRINTABLE_ASTRAL_ADDED_16_0,
        ];
        for (i, later) in tables.iter().enumerate() {
            for earlier in &tables[..i] {
                assert!(later.iter().all(|&(lo, hi)| !(lo..=hi).any(|cp| in_ranges_u32(earlier, cp))));
            }
        }
        for v in V {
            let merged = bmp_graphic_or_space_ranges(v);
            assert!(merged.windows(2).all(|w| w[0].1 + 1 < w[1].0));
            assert_eq!(merged.iter().map(|&(lo, hi)| (hi - lo + 1) as usize).sum::<usize>(), count(v));
        }
    }

    #[test]
    fn fast_paths_agree_with_tables() {
        for v in V {
            for cp in 0..0x100u32 {
                assert_eq!(description_accepts(cp, v), is_bmp_graphic_or_space(cp, v), "{cp:#x}");
            }
        }
        for cp in 0..0x100u32 {
            let rule = in_ranges_u16(DESCRIPTION_14_0, cp) && !is_zs_non_space(cp);
            for v in V {
                assert_eq!(py_is_printable(cp, v), rule, "{cp:#x}");
            }
        }
    }

    #[test]
    fn consequence_table() {
        for v in V {
            for cp in [0x41, 0x20, 0x7E, 0xA0, 0x3000, 0xFFFD] {
                assert!(description_accepts(cp, v), "U+{cp:04X} should pass");
            }
            for cp in [0x0A, 0x0D, 0x09, 0x2028, 0x2029, 0xAD, 0x200B, 0xFEFF, 0xE000, 0xFFFF, 0x1F600, 0xD800] {
                assert!(!description_accepts(cp, v), "U+{cp:04X} should fail");
            }
            // Every Zs passes; every exclusion other than Cn fails.
            for cp in [0x20, 0xA0, 0x1680, 0x2000, 0x200A, 0x202F, 0x205F, 0x3000] {
                assert!(description_accepts(cp, v));
            }
            for &(lo, hi) in FORMAT_BMP {
                assert!((lo..=hi).all(|cp| !description_accepts(cp, v)));
            }
            assert!((0xD800..=0xF8FF).all(|cp| !description_accepts(cp, v)));
            assert!((0x1_0000..=0x10_FFFF).all(|cp| !description_accepts(cp, v)));
        }
    }

    fn expand(list: &[(u32, u32)]) -> Vec<u32> {
        list.iter().flat_map(|&(lo, hi)| lo..=hi).collect()
    }

    fn added(from: UnicodeVersion, to: UnicodeVersion) -> Vec<u32> {
        (0..0xFFFFu32).filter(|&cp| description_accepts(cp, to) && !description_accepts(cp, from)).collect()
    }

    fn removed(from: UnicodeVersion, to: UnicodeVersion) -> usize {
        (0..0xFFFFu32).filter(|&cp| description_accepts(cp, from) && !description_accepts(cp, to)).count()
    }

    #[test]
    fn per_version_additions() {
        use UnicodeVersion::*;
        assert!(!description_accepts(0x0CF3, V14_0));
        assert!(description_accepts(0x0CF3, V15_0));
        assert_eq!(added(V14_0, V15_0), expand(&[(0x0CF3, 0x0CF3), (0x0ECE, 0x0ECE)]));
        assert_eq!(added(V15_0, V15_1), expand(&[(0x2FFC, 0x2FFF), (0x31EF, 0x31EF)]));
        assert_eq!(
            added(V15_1, V16_0),
            expand(&[
                (0x0897, 0x0897),
                (0x1B4E, 0x1B4F),
                (0x1B7F, 0x1B7F),
                (0x1C89, 0x1C8A),
                (0x2427, 0x2429),
                (0x31E4, 0x31E5),
                (0xA7CB, 0xA7CD),
                (0xA7DA, 0xA7DC),
            ])
        );
        assert_eq!(removed(V14_0, V15_0) + removed(V15_0, V15_1) + removed(V15_1, V16_0), 0);
        assert!(description_depends_on_version(0x0CF3));
        assert!(description_depends_on_version(0x31EF));
        assert!(description_depends_on_version(0xA7DC));
        for cp in [0x41, 0xA0, 0x0378, 0x2028, 0xFFFD, 0xFFFF, 0x1F600, 0xD800] {
            assert!(!description_depends_on_version(cp), "U+{cp:04X}");
        }
        let n = (0..0x11_0000u32).filter(|&cp| description_depends_on_version(cp)).count();
        assert_eq!(n, 2 + 5 + 17);
    }

    /// Python's `repr()` of a str without quotes in it.
    fn py_repr(s: &str, printable: impl Fn(u32) -> bool) -> String {
        let mut out = String::from("'");
        for c in s.chars() {
            let cp = u32::from(c);
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                _ if printable(cp) => out.push(c),
                _ if cp <= 0xFF => out.push_str(&format!("\\x{cp:02x}")),
                _ if cp <= 0xFFFF => out.push_str(&format!("\\u{cp:04x}")),
                _ => out.push_str(&format!("\\U{cp:08x}")),
            }
        }
        out.push('\'');
        out
    }

    #[test]
    fn patterns() {
        for v in V {
            let p = description_pattern(v);
            assert!((970..=990).contains(&p.chars().count()), "{}", p.chars().count());
            assert!(p.starts_with("^[\\ -\\~\u{a0}-\u{ac}\u{ae}-"));
            assert!(p.ends_with("\u{fffc}-\u{fffd}]*$"));
        }
        assert_eq!(description_pattern(UnicodeVersion::V14_0).chars().count(), 980);
        assert_eq!(description_pattern(UnicodeVersion::V16_0).chars().count(), 974);
    }

    #[test]
    fn pattern_reprs() {
        for v in V {
            let r = description_pattern_repr(v);
            assert!(r.starts_with("'^[\\\\ -\\\\~\\xa0-\u{ac}"));
            assert!(r.ends_with("]*$'"));
            for esc in ["\\xa0", "\\u2000", "\\u200a", "\\u202f", "\\u205f"] {
                assert!(r.contains(esc), "{esc}");
            }
            // U+3000 stops being an endpoint once U+2FFC-U+2FFF exist (15.1).
            assert_eq!(r.contains("\\u3000"), v < UnicodeVersion::V15_1);
            // The server's own Python escapes only the Zs other than space.
            let own =
                py_repr(&description_pattern(v), |cp| cp == 0x20 || (description_accepts(cp, v) && !py_is_space(cp)));
            assert_eq!(r, own);
        }
        // It is repr() with that version's isprintable.
        for v in V {
            assert_eq!(description_pattern_repr(v), py_repr(&description_pattern(v), |cp| py_is_printable(cp, v)));
        }
        assert_eq!(description_pattern_repr(UnicodeVersion::V14_0).chars().count(), 1012);
        // A 3.12 server prints U+0CF3 literally; 3.11 would escape it.
        assert!(description_pattern_repr(UnicodeVersion::V15_0).contains('\u{0CF3}'));
        assert!(!py_is_printable(0x0CF3, UnicodeVersion::V14_0));
        assert!(py_is_printable(0x0CF3, UnicodeVersion::V15_0));
    }

    #[test]
    fn printable() {
        for v in V {
            let p = |cp| py_is_printable(cp, v);
            assert!(p(u32::from(' ')));
            assert!(p(u32::from('a')));
            assert!(!p(u32::from('\n')));
            assert!(!p(0x7F));
            assert!(!p(0xA0));
            assert!(p(0xA1));
            assert!(!p(0xAD));
            assert!(!p(0x3000));
            assert!(!p(0x2028));
            assert!(!p(0xD800));
            assert!(!p(0xE000));
            assert!(p(0xFFFD));
            assert!(!p(0xFFFF));
            assert!(p(0x1F600));
            assert!(!p(0xE0001));
            assert!(!p(0x10FFFF));
            assert!(!p(0x11_0000));
            // On the BMP, printable = accepted by the class minus the Zs other than space.
            for cp in 0..0xFFFFu32 {
                let want = description_accepts(cp, v) && (cp == 0x20 || !py_is_space(cp));
                assert_eq!(p(cp), want, "U+{cp:04X} in {}", v.as_str());
            }
        }
        // Astral: U+1FAE8 (Unicode 15.0), U+2EBF0 (15.1, CJK extension I),
        // U+1CC00 (16.0) print from their version on.
        for (cp, since) in
            [(0x1FAE8, UnicodeVersion::V15_0), (0x2EBF0, UnicodeVersion::V15_1), (0x1CC00, UnicodeVersion::V16_0)]
        {
            for v in V {
                assert_eq!(py_is_printable(cp, v), v >= since, "U+{cp:04X} in {}", v.as_str());
            }
        }
    }

    #[test]
    fn descriptions() {
        use UnicodeVersion::*;
        let d = describe_rejected_code_point;
        assert_eq!(d(0x09, V14_0), "U+0009 (control character)");
        assert_eq!(d(0x85, V14_0), "U+0085 (control character)");
        assert_eq!(d(0x1F600, V14_0), "U+1F600 (outside the Basic Multilingual Plane)");
        assert_eq!(d(0x2028, V14_0), "U+2028 (line separator)");
        assert_eq!(d(0x2029, V16_0), "U+2029 (paragraph separator)");
        assert_eq!(d(0xAD, V14_0), "U+00AD (format character)");
        assert_eq!(d(0xFEFF, V15_1), "U+FEFF (format character)");
        assert_eq!(d(0xE000, V14_0), "U+E000 (private use)");
        assert_eq!(d(0xD800, V14_0), "U+D800 (lone surrogate)");
        assert_eq!(d(0x0378, V14_0), "U+0378 (unassigned in Unicode 14.0)");
        assert_eq!(d(0x0CF3, V14_0), "U+0CF3 (unassigned in Unicode 14.0)");
        assert_eq!(d(0x0CF3, V15_0), "U+0CF3 (accepted in Unicode 15.0)");
        assert_eq!(d(0xFFFF, V14_0), "U+FFFF (noncharacter)");
        // Every rejected BMP code point gets a class, and "unassigned" is
        // never used for a code point of the fixed lists.
        for v in V {
            for cp in 0..0x1_0000u32 {
                let text = d(cp, v);
                assert_eq!(text.contains("accepted"), description_accepts(cp, v), "{text}");
            }
        }
    }

    /// The pattern and its `repr()`, built at run time from the Unicode
    /// tables, equal what CPython builds (the fixture is written by
    /// `scripts/gen_unicode_tables.py` from Cinder's own algorithm).
    #[test]
    fn patterns_and_reprs_equal_python() {
        let path = format!("{}/../../tests/fixtures/unicode/description-patterns.json", env!("CARGO_MANIFEST_DIR"));
        let fixture: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for v in UnicodeVersion::ALL {
            let want = &fixture["versions"][format!("{}.0", v.as_str())];
            assert_eq!(description_pattern(v), want["pattern"].as_str().unwrap(), "pattern {}", v.as_str());
            assert_eq!(description_pattern_repr(v), want["repr"].as_str().unwrap(), "repr {}", v.as_str());
        }
    }
}
