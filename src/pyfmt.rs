//! Python's `repr()` and `str()` of JSON values, as Cinder's error texts
//! print them (`Value: %s`, jsonschema's `%r`), spec 4.2 and 15.9.

use std::fmt::Write as _;

use crate::unicode::py_is_printable;
use crate::value::{Int, PyStr, Value};

/// Python `repr(s)` for a `str`.
pub fn repr_str(s: &PyStr) -> String {
    let mut out = String::with_capacity(s.as_wtf8().len() + 2);
    push_repr_str(&mut out, s);
    out
}

/// `repr(s)` for messages meant for people: a long string is cut to its
/// first characters, with its length, so a 40 MB value does not fill every
/// message that mentions it (Cinder's own text, `server_error`, stays exact).
pub fn repr_str_short(s: &PyStr) -> String {
    const KEEP: usize = 64;
    let n = s.len_code_points();
    if n <= KEEP + 16 {
        return repr_str(s);
    }
    let head = PyStr::from_code_points(s.code_points().take(KEEP));
    format!("{}… ({n} characters)", repr_str(&head))
}

/// Appends Python `repr(s)`.
pub fn push_repr_str(out: &mut String, s: &PyStr) {
    // Python picks double quotes only when the text has a single quote and
    // no double quote; otherwise single quotes, escaping any inside.
    let bytes = s.as_wtf8();
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { '"' } else { '\'' };
    out.push(quote);
    for cp in s.code_points() {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            _ if cp == u32::from(quote) => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(char::from(cp as u8)),
            _ if cp < 0x80 => {
                let _ = write!(out, "\\x{cp:02x}");
            }
            _ => match char::from_u32(cp) {
                Some(c) if py_is_printable(cp) => out.push(c),
                _ if cp <= 0xFF => {
                    let _ = write!(out, "\\x{cp:02x}");
                }
                _ if cp <= 0xFFFF => {
                    let _ = write!(out, "\\u{cp:04x}");
                }
                _ => {
                    let _ = write!(out, "\\U{cp:08x}");
                }
            },
        }
    }
    out.push(quote);
}

/// Python `repr(x)` for a float (the shortest text that round-trips, with
/// Python's choice between fixed and exponent notation).
pub fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the same shortest round-trip digits as Python's
    // repr; only the layout differs.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let n = digits.len() as i32;
    // Python's decpt: the decimal point sits after `decpt` digits.
    let decpt = exp + 1;
    let mut out = String::from(sign);
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = decpt - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    } else if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(&digits);
    } else if decpt < n {
        let (int_part, frac) = digits.split_at(decpt as usize);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
        out.push_str(".0");
    }
    out
}

/// Appends Python `repr(v)`.
pub fn push_repr(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(Int::Small(n)) => {
            let _ = write!(out, "{n}");
        }
        Value::Int(Int::Big(digits)) => out.push_str(digits),
        Value::Float(f) => out.push_str(&repr_float(*f)),
        Value::Str(s) => push_repr_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_repr(out, item);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_repr_str(out, k);
                out.push_str(": ");
                push_repr(out, item);
            }
            out.push('}');
        }
    }
}

/// Python `repr(v)`.
pub fn repr(v: &Value) -> String {
    let mut out = String::new();
    push_repr(&mut out, v);
    out
}

/// Appends Python `str(v)` (`%s` formatting): a `str` raw, anything else as repr.
///
/// A lone surrogate cannot be written into a Rust `String`; it appears as
/// U+FFFD (the server would fail to encode such a message anyway).
pub fn push_str_value(out: &mut String, v: &Value) {
    match v {
        Value::Str(s) => match s.as_str() {
            Some(text) => out.push_str(text),
            None => out.push_str(&s.to_string_lossy()),
        },
        other => push_repr(out, other),
    }
}
