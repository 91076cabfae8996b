//! The few Python text functions the clients apply to their arguments:
//! `repr()` (in argparse's messages), `int()` and `float()` of a string
//! (argparse's `type=int`, openstacksdk's version checks), `str.isdigit()`
//! and `uuid.UUID()` (cinderclient's volume lookup, from `python::uuid`).
//!
//! Only ASCII digits count as digits here, except in `uuid.UUID()`. Python's `int()`, `float()`,
//! `isdigit()` and the `\d` of argparse's negative-number pattern also take
//! other Unicode decimal digits (`'٣'`, `'３'`); a command line that uses them
//! where a number is expected is read as if they were not digits
//! (`docs/clients.md` lists this).

use crate::python::repr::repr_str;
use crate::python::unicode::py_is_space;
use crate::python::value::PyStr;

/// Python `repr()` of a `str`, as argparse's `%r` writes it.
pub(crate) fn repr(text: &str) -> String {
    repr_str(&PyStr::from(text))
}

/// Python `str.strip()` without arguments.
pub(crate) fn strip(text: &str) -> &str {
    text.trim_matches(|c: char| py_is_space(u32::from(c)))
}

/// `s.isdigit()` for ASCII digits: not empty, every character a digit.
pub(crate) fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Digits in `base` with single underscores between them (Python's
/// numeric-literal rule for `int()` and `float()` of a string).
fn digit_run(text: &str, is_digit: impl Fn(u8) -> bool) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.first().is_some_and(|&b| is_digit(b)) || !bytes.last().is_some_and(|&b| is_digit(b)) {
        return false;
    }
    let mut previous_underscore = false;
    for &b in bytes {
        if b == b'_' {
            if previous_underscore {
                return false;
            }
            previous_underscore = true;
        } else if is_digit(b) {
            previous_underscore = false;
        } else {
            return false;
        }
    }
    true
}

/// Python `int(text)` (base 10): `Some(is_zero)` when it parses.
pub(crate) fn int_value(text: &str) -> Option<bool> {
    let t = strip(text);
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    if !digit_run(t, |b| b.is_ascii_digit()) {
        return None;
    }
    Some(t.bytes().all(|b| b == b'0' || b == b'_'))
}

/// Python `float(text)`: the value when it parses.
pub(crate) fn float_value(text: &str) -> Option<f64> {
    let t = strip(text);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let magnitude = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let (mantissa, exponent) = match lower.split_once('e') {
                Some((m, e)) => (m, Some(e)),
                None => (lower.as_str(), None),
            };
            let (int_part, frac_part) = match mantissa.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (mantissa, None),
            };
            let int_ok = int_part.is_empty() || digit_run(int_part, |b| b.is_ascii_digit());
            let frac_ok = frac_part.is_none_or(|f| f.is_empty() || digit_run(f, |b| b.is_ascii_digit()));
            let has_digits = !int_part.is_empty() || frac_part.is_some_and(|f| !f.is_empty());
            let exp_ok = exponent.is_none_or(|e| {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                digit_run(e, |b| b.is_ascii_digit())
            });
            if !(int_ok && frac_ok && has_digits && exp_ok) {
                return None;
            }
            lower.replace('_', "").parse::<f64>().ok()?
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Whether `uuid.UUID(text)` accepts the text (`cinderclient/utils.py:
/// find_resource` tries the text as an id when it does): the core's one
/// model of that constructor, Unicode digits included.
pub(crate) fn uuid_parses(text: &str) -> bool {
    crate::python::uuid::uuid_parses(&crate::python::value::PyStr::from(text))
}

/// argparse's `_negative_number_matcher`, `'^-\d+$|^-\d*\.\d+$'` (Python's
/// `$` also matches before a final newline).
pub(crate) fn looks_like_negative_number(text: &str) -> bool {
    let t = text.strip_suffix('\n').unwrap_or(text);
    let Some(rest) = t.strip_prefix('-') else { return false };
    if is_digits(rest) {
        return true;
    }
    match rest.split_once('.') {
        Some((a, b)) => (a.is_empty() || is_digits(a)) && is_digits(b),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_and_float_follow_python() {
        assert_eq!(int_value(" 12 "), Some(false));
        assert_eq!(int_value("0_0"), Some(true));
        assert_eq!(int_value("-0"), Some(true));
        assert_eq!(int_value("1__0"), None);
        assert_eq!(int_value("_1"), None);
        assert_eq!(int_value("1.0"), None);
        assert_eq!(int_value(""), None);
        assert_eq!(float_value("3.16 "), Some(3.16));
        assert_eq!(float_value("3."), Some(3.0));
        assert_eq!(float_value(".16"), Some(0.16));
        assert_eq!(float_value("3.1_6"), Some(3.16));
        assert_eq!(float_value("3.5e0"), Some(3.5));
        assert_eq!(float_value("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(float_value("nan").is_some_and(f64::is_nan));
        for bad in ["3.0.0", "3.latest", "v3.16", "3,16", ".", "e5", "1_.5", "3._1", ""] {
            assert_eq!(float_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn uuid_and_negative_numbers() {
        assert!(uuid_parses("11111111-2222-4333-8444-555555555555"));
        assert!(uuid_parses("11111111222243338444555555555555"));
        assert!(uuid_parses("{11111111-2222-4333-8444-555555555555}"));
        assert!(uuid_parses("urn:uuid:11111111-2222-4333-8444-555555555555"));
        assert!(!uuid_parses("vol1"));
        assert!(!uuid_parses("1111111-2222-4333-8444-555555555555"));
        assert!(looks_like_negative_number("-1"));
        assert!(looks_like_negative_number("-1.5"));
        assert!(looks_like_negative_number("-.5"));
        assert!(looks_like_negative_number("-1\n"));
        assert!(!looks_like_negative_number("-1x"));
        assert!(!looks_like_negative_number("-"));
        assert_eq!(repr("it's"), "\"it's\"");
        assert_eq!(repr("@b"), "'@b'");
    }
}
