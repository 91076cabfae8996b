//! Python's `repr()` and `str()` of JSON values, as Cinder's error texts
//! print them (`Value: %s`, jsonschema's `%r`; `docs/cinder/schemas.md#error-texts`).
//!
//! The writers append to a [`Sink`] (see `crate::text`), so a long text can
//! first be measured and then written into a buffer of exactly its size.

use crate::text::{exact_string, Sink};

use crate::python::unicode::py_is_printable;
use crate::python::value::{Int, PyStr, Value};

/// A [`Sink`] that keeps the first `limit` bytes (cut at a character
/// boundary) and counts the characters of everything written.
struct Capped {
    out: String,
    limit: usize,
    chars: usize,
    cut: bool,
}

impl Sink for Capped {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            self.put_char(c);
        }
    }

    fn put_pystr(&mut self, s: &PyStr) {
        for cp in s.code_points() {
            self.put_char(char::from_u32(cp).unwrap_or('\u{FFFD}'));
        }
    }

    fn put_char(&mut self, c: char) {
        self.chars += 1;
        if !self.cut && self.out.len() + c.len_utf8() <= self.limit {
            self.out.push(c);
        } else {
            self.cut = true;
        }
    }
}

/// Characters of a value's repr shown in messages meant for people.
const SHORT_KEEP: usize = 64;

/// Python `repr(s)` for a `str`.
pub(crate) fn repr_str(s: &PyStr) -> String {
    // The quotes, and room for a few escapes (a newline, a quote) so that
    // the usual repr does not reallocate on its last character.
    let mut out = String::with_capacity(s.as_wtf8().len() + 2 + 8);
    push_repr_str(&mut out, s);
    out
}

/// `repr(s)` for messages meant for people: a long string is cut to its
/// first characters, with its length, so a 40 MB value does not fill every
/// message that mentions it (Cinder's own text, `server_error`, stays exact).
pub(crate) fn repr_str_short(s: &PyStr) -> String {
    let n = s.len_code_points();
    if n <= SHORT_KEEP + 16 {
        return repr_str(s);
    }
    let head = PyStr::from_code_points(s.code_points().take(SHORT_KEEP));
    format!("{}… ({n} characters)", repr_str(&head))
}

/// Python `repr(v)` for messages meant for people: at most about 200
/// characters, then `…` and the repr's full length.
pub(crate) fn repr_short(v: &Value) -> String {
    const LIMIT: usize = 200;
    let mut capped = Capped { out: String::new(), limit: LIMIT, chars: 0, cut: false };
    push_repr(&mut capped, v);
    if capped.cut {
        capped.out.put_fmt(format_args!("… ({} characters)", capped.chars));
    }
    capped.out
}

/// Appends Python `repr(s)`.
pub(crate) fn push_repr_str(out: &mut dyn Sink, s: &PyStr) {
    push_repr_str_between(out, "", s, "");
}

/// Strings up to this many bytes are written together with the text
/// around them when they need no escape (JSON and repr writers alike): a
/// string this short is stored in place and checked as UTF-8 before it is
/// written anyway, and checking a few more bytes with it is cheaper than
/// more calls through `dyn Write`. (Longer strings are `str`s already;
/// copying them would only cost.)
pub(crate) const SHORT_STRING: usize = 22;

/// Writes `pieces` back to back in one call when together they fit a short
/// stack buffer (a short string and the few bytes around it); returns false,
/// having written nothing, when they do not fit or are not UTF-8.
pub(crate) fn write_joined(out: &mut dyn Sink, pieces: &[&[u8]]) -> bool {
    let mut buf = [0u8; SHORT_STRING + 8];
    let mut len = 0;
    for piece in pieces {
        match buf.get_mut(len..len + piece.len()) {
            Some(to) => to.copy_from_slice(piece),
            None => return false,
        }
        len += piece.len();
    }
    match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
        Ok(text) => {
            // As every writer here: a `String` or a measure never fails.
            out.put(text);
            true
        }
        Err(_) => false,
    }
}

/// Appends `before`, Python `repr(s)`, then `after` (short separators such
/// as `, ` and `: `): in one write when `s` is short printable ASCII.
fn push_repr_str_between(out: &mut dyn Sink, before: &str, s: &PyStr, after: &str) {
    let bytes = s.as_wtf8();
    if bytes.len() <= SHORT_STRING {
        // One pass over the bytes (short: `contains` would cost more).
        let (mut printable, mut single, mut double) = (true, false, false);
        for &b in bytes {
            printable &= (0x20..=0x7E).contains(&b) && b != b'\\';
            single |= b == b'\'';
            double |= b == b'"';
        }
        // Python's quote choice (see `push_repr_chars`); with both quotes
        // inside, one of them is escaped: the general path.
        if printable && !(single && double) {
            let quote = if single { b'"' } else { b'\'' };
            // Printable ASCII only: always valid UTF-8.
            if write_joined(out, &[before.as_bytes(), &[quote], bytes, &[quote], after.as_bytes()]) {
                return;
            }
        }
    }
    if !before.is_empty() {
        out.put(before);
    }
    match s.as_str() {
        Some(text) => push_repr_text(out, text),
        None => push_repr_chars(out, s.as_wtf8(), s.code_points()),
    }
    if !after.is_empty() {
        out.put(after);
    }
}

/// [`push_repr_chars`] for text without lone surrogates: runs of
/// characters that need no escape are written in one piece.
fn push_repr_text(out: &mut dyn Sink, text: &str) {
    let bytes = text.as_bytes();
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { b'"' } else { b'\'' };
    out.put_char(char::from(quote));
    // text[start..i] needs no escape and is not written yet.
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let plain_ascii = (0x20..=0x7E).contains(&b) && b != b'\\' && b != quote;
        // Continuation bytes belong to the character their lead byte decoded.
        if plain_ascii || (b & 0xC0) == 0x80 {
            continue;
        }
        let rest = text.get(i..).unwrap_or_default();
        let Some(c) = rest.chars().next() else { continue };
        if !c.is_ascii() && py_is_printable(u32::from(c)) {
            continue;
        }
        out.put(text.get(start..i).unwrap_or_default());
        push_repr_chars_inner(out, u32::from(c), char::from(quote));
        start = i + c.len_utf8();
    }
    out.put(text.get(start..).unwrap_or_default());
    out.put_char(char::from(quote));
}

/// Appends Python `repr()` of the text whose (WTF-8) bytes are `bytes` and
/// whose code points are `cps`.
fn push_repr_chars(out: &mut dyn Sink, bytes: &[u8], cps: impl Iterator<Item = u32>) {
    // Python picks double quotes only when the text has a single quote and
    // no double quote; otherwise single quotes, escaping any inside.
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { '"' } else { '\'' };
    out.put_char(quote);
    for cp in cps {
        push_repr_chars_inner(out, cp, quote);
    }
    out.put_char(quote);
}

/// One code point of a repr between `quote`s.
fn push_repr_chars_inner(out: &mut dyn Sink, cp: u32, quote: char) {
    match cp {
        0x5C => out.put("\\\\"),
        0x09 => out.put("\\t"),
        0x0A => out.put("\\n"),
        0x0D => out.put("\\r"),
        _ if cp == u32::from(quote) => {
            out.put_char('\\');
            out.put_char(quote);
        }
        0x20..=0x7E => out.put_char(char::from(cp as u8)),
        _ if cp < 0x80 => out.put_fmt(format_args!("\\x{cp:02x}")),
        _ => match char::from_u32(cp) {
            Some(c) if py_is_printable(cp) => out.put_char(c),
            _ if cp <= 0xFF => out.put_fmt(format_args!("\\x{cp:02x}")),
            _ if cp <= 0xFFFF => out.put_fmt(format_args!("\\u{cp:04x}")),
            _ => out.put_fmt(format_args!("\\U{cp:08x}")),
        },
    }
}

/// Appends the decimal digits of `n`, as `write!(out, "{n}")` does, without
/// the formatting machinery (a fifth of its instructions: statuses and
/// integers are in every report).
pub(crate) fn push_int(out: &mut dyn Sink, n: i64) {
    // 19 digits and a sign at most; filled from the end.
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    let mut rest = n.unsigned_abs();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        start -= 1;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        start = start.saturating_sub(1);
        if let Some(sign) = buf.get_mut(start) {
            *sign = b'-';
        }
    }
    // Only ASCII digits and `-`: always valid.
    if let Ok(text) = std::str::from_utf8(buf.get(start..).unwrap_or_default()) {
        out.put(text);
    }
}

/// Python `repr(x)` for a float (the shortest text that round-trips, with
/// Python's choice between fixed and exponent notation).
pub(crate) fn repr_float(f: f64) -> String {
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
        out.put_fmt(format_args!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
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
pub(crate) fn push_repr(out: &mut dyn Sink, v: &Value) {
    match v {
        Value::Null => out.put("None"),
        Value::Bool(true) => out.put("True"),
        Value::Bool(false) => out.put("False"),
        Value::Int(Int::Small(n)) => push_int(out, *n),
        Value::Int(Int::Big(digits)) => out.put(digits),
        Value::Float(f) => out.put(&repr_float(*f)),
        Value::Str(s) => push_repr_str(out, s),
        Value::Array(items) => {
            out.put_char('[');
            for (i, item) in items.iter().enumerate() {
                let separator = if i > 0 { ", " } else { "" };
                match item {
                    Value::Str(s) => push_repr_str_between(out, separator, s, ""),
                    _ => {
                        out.put(separator);
                        push_repr(out, item);
                    }
                }
            }
            out.put_char(']');
        }
        Value::Object(o) => {
            out.put_char('{');
            for (i, (k, item)) in o.iter().enumerate() {
                // The separator, the name and the colon in one write.
                push_repr_str_between(out, if i > 0 { ", " } else { "" }, k, ": ");
                push_repr(out, item);
            }
            out.put_char('}');
        }
    }
}

/// Python `repr(v)`.
pub(crate) fn repr(v: &Value) -> String {
    exact_string(0, |out| push_repr(out, v))
}

/// Appends Python `str(v)` (`%s` formatting): a `str` as it is (lone
/// surrogates included: Cinder's messages keep them, and a WTF-8 sink
/// does too), anything else as its repr.
pub(crate) fn push_str_value(out: &mut dyn Sink, v: &Value) {
    match v {
        Value::Str(s) => out.put_pystr(s),
        other => push_repr(out, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-copying repr of UTF-8 text equals the per-code-point one.
    #[test]
    fn repr_text_equals_repr_chars() {
        let mut samples: Vec<String> = [
            "",
            "'",
            "\"",
            "'\"",
            "a'b",
            "a\"b",
            "\\",
            "é\u{0}\t\n\r\u{7f}\u{85}\u{a0}\u{ad}",
            "\u{2028}x\u{1F600}\u{E000}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        samples.extend((0..=0x10FFFFu32).step_by(7).filter_map(char::from_u32).map(|c| format!("a{c}'{c}")));
        for text in samples {
            let mut fast = String::new();
            push_repr_text(&mut fast, &text);
            let mut slow = String::new();
            push_repr_chars(&mut slow, text.as_bytes(), text.chars().map(u32::from));
            assert_eq!(fast, slow, "{text:?}");
            let mut len = crate::text::TextLen::default();
            push_repr_text(&mut len, &text);
            assert_eq!(len.0, fast.len());
        }
    }

    /// The one-write repr of short printable ASCII equals the general one,
    /// with and without the text around it.
    #[test]
    fn short_repr_equals_repr_chars() {
        let mut samples: Vec<String> = ["", "'", "\"", "'\"", "a'b", "a\"b", "\\", "x\ny", "~ !", "\u{7f}", "é"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        samples.extend((0u8..=0x7F).map(|b| format!("k{}", char::from(b))));
        samples.extend([20, 21, 22, 23].map(|n| "'".repeat(n)));
        for text in samples {
            let mut slow = String::new();
            push_repr_chars(&mut slow, text.as_bytes(), text.chars().map(u32::from));
            let s = PyStr::from(text.as_str());
            let mut fast = String::new();
            push_repr_str_between(&mut fast, ", ", &s, ": ");
            assert_eq!(fast, format!(", {slow}: "), "{text:?}");
            assert_eq!(repr_str(&s), slow, "{text:?}");
        }
    }

    #[test]
    fn push_int_equals_display() {
        for n in [0, 1, -1, 9, 10, 99, 100, 202, -202, 65535, i64::from(i32::MAX), i64::MAX, i64::MIN, i64::MIN + 1] {
            let mut out = String::new();
            push_int(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn short_reprs() {
        assert_eq!(repr_str_short(&PyStr::from("ab'c")), "\"ab'c\"");
        let long = "x".repeat(100);
        assert_eq!(repr_str_short(&PyStr::from(long.as_str())), format!("'{}'… (100 characters)", "x".repeat(64)));
        let v = Value::Array(vec![Value::Str(PyStr::from(long.as_str())); 3]);
        let short = repr_short(&v);
        assert!(short.starts_with("['xxx") && short.ends_with("… (312 characters)"), "{short}");
        assert_eq!(repr_short(&Value::Null), "None");
        assert_eq!(repr(&v).len(), 312);
    }
}
