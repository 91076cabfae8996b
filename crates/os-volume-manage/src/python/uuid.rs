//! `uuid.UUID(hex)`: which strings CPython's constructor accepts.
//!
//! `Lib/uuid.py: UUID.__init__` removes every `urn:`, then every `uuid:`,
//! strips `{` and `}` from both ends, removes every `-`, requires 32 code
//! points and converts them with `int(hex, 16)`. `int()` is looser than
//! "32 hex digits" (`Objects/longobject.c: PyLong_FromUnicodeObject` and
//! `PyLong_FromString`): surrounding whitespace, a sign, a `0x` prefix,
//! underscores between digits and Unicode decimal digits all pass, and with
//! 32 code points the value always fits 128 bits. Cinder relies on this
//! constructor where it asks "is this a UUID?" outside the schema, e.g.
//! `cinder/volume/volume_utils.py: check_already_managed_volume`.

use crate::python::unicode::py_is_space;
use crate::python::value::PyStr;

/// Whether `uuid.UUID(s)` returns rather than raising `ValueError`.
pub(crate) fn uuid_parses(s: &PyStr) -> bool {
    let mut cps: Vec<u32> = s.code_points().collect();
    remove_all(&mut cps, "urn:");
    remove_all(&mut cps, "uuid:");
    let brace = |cp: &u32| *cp == u32::from('{') || *cp == u32::from('}');
    let start = cps.iter().position(|cp| !brace(cp)).unwrap_or(cps.len());
    let end = cps.iter().rposition(|cp| !brace(cp)).map_or(start, |e| e + 1);
    let hex: Vec<u32> = cps.get(start..end).unwrap_or_default().iter().copied().filter(|&cp| cp != 0x2D).collect();
    hex.len() == 32 && int_base_16_parses(&hex)
}

/// Python's `str.replace(needle, "")`: non-overlapping, left to right.
fn remove_all(cps: &mut Vec<u32>, needle: &str) {
    let needle: Vec<u32> = needle.chars().map(u32::from).collect();
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while let Some(rest) = cps.get(i..) {
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(&needle) {
            i += needle.len();
        } else {
            out.extend(rest.first());
            i += 1;
        }
    }
    *cps = out;
}

/// `int(text, 16)` succeeds: `_PyUnicode_TransformDecimalAndSpaceToASCII`
/// (non-ASCII whitespace → space, Unicode decimal digits → ASCII digits,
/// anything else beyond ASCII fails), then `PyLong_FromString`.
fn int_base_16_parses(cps: &[u32]) -> bool {
    let mut bytes = Vec::with_capacity(cps.len());
    for &cp in cps {
        let b = if cp < 127 {
            // Fits: checked just above.
            cp as u8
        } else if py_is_space(cp) {
            b' '
        } else if let Some(d) = decimal_digit(cp) {
            b'0' + d
        } else {
            return false;
        };
        bytes.push(b);
    }
    py_long_from_string_16(&bytes)
}

/// `Py_ISSPACE`: the C-locale whitespace `PyLong_FromString` skips.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `PyLong_FromString(text, &end, 16)` consumes all of `text`.
fn py_long_from_string_16(text: &[u8]) -> bool {
    let mut i = 0;
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    while i < text.len() && is_c_space(at(i)) {
        i += 1;
    }
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    if at(i) == b'0' && matches!(at(i + 1), b'x' | b'X') {
        i += 2;
        // One underscore allowed after the prefix.
        if at(i) == b'_' {
            i += 1;
        }
    }
    if at(i) == b'_' {
        return false;
    }
    // `long_from_binary_base`: digits and single underscores between them.
    let (start, mut prev) = (i, 0u8);
    while i < text.len() && (at(i).is_ascii_hexdigit() || at(i) == b'_') {
        if at(i) == b'_' && prev == b'_' {
            return false;
        }
        prev = at(i);
        i += 1;
    }
    if prev == b'_' || i == start {
        return false;
    }
    while i < text.len() && is_c_space(at(i)) {
        i += 1;
    }
    // A NUL ends the C string early: the whole text was not consumed.
    i == text.len()
}

/// `Py_UNICODE_TODECIMAL` for code points beyond ASCII: each run of ten
/// decimal digits (general category Nd) starts at one of these code points.
/// Unicode 14.0 (Python 3.11, Cinder's minimum), from `unicodedata.decimal`.
const DECIMAL_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20,
    0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
    0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

fn decimal_digit(cp: u32) -> Option<u8> {
    DECIMAL_ZEROS.iter().find_map(|&zero| cp.checked_sub(zero).filter(|&d| d < 10).map(|d| d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each input with what CPython 3.11's `uuid.UUID(s)` does (accepts or
    /// raises `ValueError`), recorded from the interpreter.
    #[test]
    fn agrees_with_cpython() {
        let u = "1df34919aba74a1ba6143b409d71ac03";
        let cases: Vec<(String, bool)> = vec![
            (u.to_string(), true),
            ("1df34919-aba7-4a1b-a614-3b409d71ac03".into(), true),
            (u.to_uppercase(), true),
            (format!("{{{u}}}"), true),
            (format!("{{{{{u}}}}}}}"), true),
            (format!("urn:uuid:{u}"), true),
            (format!("uuurn:id:{u}"), true),
            (format!("-{u}-"), true),
            (format!("{}-", &u[..31]), false),
            (u[..31].to_string(), false),
            (format!("{u}0"), false),
            (String::new(), false),
            (format!(" {}", &u[1..]), true),
            (format!("{} ", &u[1..]), true),
            (format!("\t{}\n", &u[2..]), true),
            (format!("\u{a0}{}", &u[1..]), true),
            (format!("\u{3000}{}", &u[1..]), true),
            (format!("\u{1c}{}", &u[1..]), false),
            (format!("+{}", &u[1..]), true),
            (format!("0x{}", &u[2..]), true),
            (format!("0X_{}", &u[3..]), true),
            (format!("_{}", &u[1..]), false),
            (format!("{}_", &u[1..]), false),
            (format!("1_{}", &u[2..]), true),
            (format!("1__{}", &u[3..]), false),
            (format!("{}\u{0}", &u[1..]), false),
            (format!("{}g", &u[1..]), false),
            (format!("\u{661}{}", &u[1..]), true),
            (format!("\u{ff11}{}", &u[1..]), true),
            (format!("\u{ff41}{}", &u[1..]), false),
            (format!("\u{b2}{}", &u[1..]), false),
            (format!("+ {}", &u[2..]), false),
            (format!("0x {}", &u[3..]), false),
            (format!("{} x", &u[2..]), false),
        ];
        for (text, expected) in cases {
            assert_eq!(uuid_parses(&PyStr::from(text.as_str())), expected, "{text:?}");
        }
        // A lone surrogate is not a digit: `int()` refuses it.
        let surrogate = PyStr::from_code_points([0xD800].into_iter().chain(u.chars().skip(1).map(u32::from)));
        assert!(!uuid_parses(&surrogate));
    }

    #[test]
    fn decimal_zeros_start_runs_of_ten() {
        assert_eq!(decimal_digit(0x669), Some(9));
        assert_eq!(decimal_digit(0x66A), None);
        assert_eq!(decimal_digit(0x1FBF9), Some(9));
        assert_eq!(decimal_digit(0x41), None);
        assert!(DECIMAL_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]));
    }
}
