//! Python's `repr()` and `str()` of JSON values, as Cinder's error texts
//! print them (`Value: %s`, jsonschema's `%r`; `docs/cinder/schemas.md#error-texts`).
//!
//! The writers append to a [`Sink`] (see `crate::text`), so a long text can
//! first be measured and then written into a buffer of exactly its size.
//!
//! Which characters a `str`'s repr writes literally depends on the Unicode
//! version of the Python printing it ([`py_is_printable`]): the writers of
//! Cinder's texts take the report's [`UnicodeVersion`]; the `String`
//! helpers, for messages meant for people, use the default version.

use crate::text::{exact_string, Sink};

use crate::python::unicode::{py_is_printable, UnicodeVersion};
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

/// Python `repr(s)` for a `str` (default Unicode version).
pub(crate) fn repr_str(s: &PyStr) -> String {
    // The quotes, and room for a few escapes (a newline, a quote) so that
    // the usual repr does not reallocate on its last character.
    let mut out = String::with_capacity(s.as_wtf8().len() + 2 + 8);
    push_repr_str(&mut out, s, UnicodeVersion::default());
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
    push_repr(&mut capped, v, UnicodeVersion::default());
    if capped.cut {
        capped.out.put_fmt(format_args!("… ({} characters)", capped.chars));
    }
    capped.out
}

/// Appends Python `repr(s)` as the Python of Unicode version `unicode`
/// prints it.
pub(crate) fn push_repr_str(out: &mut dyn Sink, s: &PyStr, unicode: UnicodeVersion) {
    push_repr_str_between(out, "", s, "", unicode);
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
fn push_repr_str_between(out: &mut dyn Sink, before: &str, s: &PyStr, after: &str, unicode: UnicodeVersion) {
    let bytes = s.as_wtf8();
    let quote = if bytes.len() <= SHORT_STRING {
        // One pass over the bytes (short: `contains` would cost more).
        let (mut printable, mut single, mut double) = (true, false, false);
        for &b in bytes {
            printable &= (0x20..=0x7E).contains(&b) && b != b'\\';
            single |= b == b'\'';
            double |= b == b'"';
        }
        // Python's quote choice (see `quote_for`).
        let quote = if single && !double { b'"' } else { b'\'' };
        // With both quotes inside, one of them is escaped: the general path.
        if printable && !(single && double) {
            // Printable ASCII only: always valid UTF-8.
            if write_joined(out, &[before.as_bytes(), &[quote], bytes, &[quote], after.as_bytes()]) {
                return;
            }
        }
        quote
    } else {
        quote_for(bytes)
    };
    if !before.is_empty() {
        out.put(before);
    }
    match s.as_str() {
        Some(text) => push_repr_text(out, text, quote, unicode),
        None => push_repr_chars(out, s.as_wtf8(), s.code_points(), unicode),
    }
    if !after.is_empty() {
        out.put(after);
    }
}

/// The quote Python's repr puts around the text whose (WTF-8) bytes are
/// `bytes`: double quotes only when the text has a single quote and no
/// double quote; otherwise single quotes, escaping any inside.
fn quote_for(bytes: &[u8]) -> u8 {
    if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    }
}

/// [`push_repr_chars`] for text without lone surrogates, between `quote`s
/// (from [`quote_for`]): runs of characters that need no escape are
/// written in one piece.
fn push_repr_text(out: &mut dyn Sink, text: &str, quote: u8, unicode: UnicodeVersion) {
    let bytes = text.as_bytes();
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
        if !c.is_ascii() && py_is_printable(u32::from(c), unicode) {
            continue;
        }
        out.put(text.get(start..i).unwrap_or_default());
        push_repr_chars_inner(out, u32::from(c), char::from(quote), unicode);
        start = i + c.len_utf8();
    }
    out.put(text.get(start..).unwrap_or_default());
    out.put_char(char::from(quote));
}

/// Appends Python `repr()` of the text whose (WTF-8) bytes are `bytes` and
/// whose code points are `cps`.
fn push_repr_chars(out: &mut dyn Sink, bytes: &[u8], cps: impl Iterator<Item = u32>, unicode: UnicodeVersion) {
    let quote = char::from(quote_for(bytes));
    out.put_char(quote);
    for cp in cps {
        push_repr_chars_inner(out, cp, quote, unicode);
    }
    out.put_char(quote);
}

/// One code point of a repr between `quote`s.
fn push_repr_chars_inner(out: &mut dyn Sink, cp: u32, quote: char, unicode: UnicodeVersion) {
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
            Some(c) if py_is_printable(cp, unicode) => out.put_char(c),
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
    let sign = if f.is_sign_negative() { "-" } else { "" };
    // The shortest digits that round-trip, as Python's repr picks them;
    // Python's decpt: the decimal point sits after `decpt` digits.
    let (digits, decpt) = crate::python::float::shortest_text(f.abs());
    let n = digits.len() as i32;
    let mut out = String::from(sign);
    if !(-4 < decpt && decpt <= 16) {
        // `split_at_checked` (the digits are ASCII, so it always splits):
        // `split_at`'s panic message would link char escaping into the
        // module built for size.
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
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
        let (int_part, frac) = digits.split_at_checked(decpt as usize).unwrap_or((&digits, ""));
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

/// Appends Python `repr(v)` as the Python of Unicode version `unicode`
/// prints it.
pub(crate) fn push_repr(out: &mut dyn Sink, v: &Value, unicode: UnicodeVersion) {
    match v {
        Value::Null => out.put("None"),
        Value::Bool(true) => out.put("True"),
        Value::Bool(false) => out.put("False"),
        Value::Int(Int::Small(n)) => push_int(out, *n),
        Value::Int(Int::Big(digits)) => out.put(digits),
        Value::Float(f) => out.put(&repr_float(*f)),
        Value::Str(s) => push_repr_str(out, s, unicode),
        Value::Array(items) => {
            out.put_char('[');
            for (i, item) in items.iter().enumerate() {
                let separator = if i > 0 { ", " } else { "" };
                match item {
                    Value::Str(s) => push_repr_str_between(out, separator, s, "", unicode),
                    _ => {
                        out.put(separator);
                        push_repr(out, item, unicode);
                    }
                }
            }
            out.put_char(']');
        }
        Value::Object(o) => {
            out.put_char('{');
            for (i, (k, item)) in o.iter().enumerate() {
                // The separator, the name and the colon in one write.
                push_repr_str_between(out, if i > 0 { ", " } else { "" }, k, ": ", unicode);
                push_repr(out, item, unicode);
            }
            out.put_char('}');
        }
    }
}

/// Python `repr(v)` (default Unicode version).
pub(crate) fn repr(v: &Value) -> String {
    exact_string(0, |out| push_repr(out, v, UnicodeVersion::default()))
}

/// Appends Python `str(v)` (`%s` formatting): a `str` as it is (lone
/// surrogates included: Cinder's messages keep them, and a WTF-8 sink
/// does too), anything else as its repr in Unicode version `unicode`.
pub(crate) fn push_str_value(out: &mut dyn Sink, v: &Value, unicode: UnicodeVersion) {
    match v {
        Value::Str(s) => out.put_pystr(s),
        other => push_repr(out, other, unicode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run-copying repr of UTF-8 text equals the per-code-point one,
    /// in every Unicode version.
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
        for v in UnicodeVersion::ALL {
            for text in &samples {
                let mut fast = String::new();
                push_repr_text(&mut fast, text, quote_for(text.as_bytes()), v);
                let mut slow = String::new();
                push_repr_chars(&mut slow, text.as_bytes(), text.chars().map(u32::from), v);
                assert_eq!(fast, slow, "{text:?}");
                let mut len = crate::text::TextLen::default();
                push_repr_text(&mut len, text, quote_for(text.as_bytes()), v);
                assert_eq!(len.0, fast.len());
            }
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
            push_repr_chars(&mut slow, text.as_bytes(), text.chars().map(u32::from), UnicodeVersion::default());
            let s = PyStr::from(text.as_str());
            let mut fast = String::new();
            push_repr_str_between(&mut fast, ", ", &s, ": ", UnicodeVersion::default());
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

    /// The repr-samples fixture: strings of characters whose printability
    /// changes between Unicode versions, and fixed tricky ones, with `repr()`
    /// as each version's Python prints it (written by
    /// `scripts/gen_unicode_tables.py` from CPython 3.11's `unicodedata` and
    /// `unicodedata2` 15.0.0-16.0.0; 14.0 is Python 3.11's real `repr()`).
    fn repr_fixture() -> serde_json::Value {
        let path = format!("{}/../../tests/fixtures/unicode/repr-samples.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn reprs_equal_python_in_every_version() {
        let fixture = repr_fixture();
        let samples = fixture["samples"].as_array().unwrap();
        assert!(samples.len() >= 90, "{}", samples.len());
        let mut differs = [false; 4];
        for sample in samples {
            let cps: Vec<u32> =
                sample["code_points"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as u32).collect();
            let s = PyStr::from_code_points(cps.iter().copied());
            for (i, v) in UnicodeVersion::ALL.into_iter().enumerate() {
                let want = sample["repr"][v.as_str()].as_str().unwrap();
                let mut got = String::new();
                push_repr_str(&mut got, &s, v);
                assert_eq!(got, want, "{cps:X?} in Unicode {}", v.as_str());
                // Inside a list (written with its separator), and as `str()` of the list.
                let list = Value::Array(vec![Value::Str(s.clone()), Value::Null]);
                let mut got = String::new();
                push_repr(&mut got, &list, v);
                assert_eq!(got, format!("[{want}, None]"));
                let mut got = String::new();
                push_str_value(&mut got, &list, v);
                assert_eq!(got, format!("[{want}, None]"));
                differs[i] |= want != sample["repr"]["14.0"].as_str().unwrap();
            }
        }
        // Every later version prints some sample differently from 14.0.
        assert_eq!(differs, [false, true, true, true]);
        // The human helpers print as the default version (14.0).
        for sample in samples.iter().take(5) {
            let cps = sample["code_points"].as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as u32);
            assert_eq!(repr_str(&PyStr::from_code_points(cps)), sample["repr"]["14.0"].as_str().unwrap());
        }
    }

    /// The count of printable code points and of their ranges, per version,
    /// equals the generator's (so the tables are whole, not only right at
    /// the samples).
    #[test]
    fn printable_counts_equal_python() {
        let fixture = repr_fixture();
        for v in UnicodeVersion::ALL {
            let (mut count, mut ranges, mut previous) = (0u64, 0u64, false);
            for cp in 0..0x11_0000u32 {
                let printable = py_is_printable(cp, v);
                count += u64::from(printable);
                ranges += u64::from(printable && !previous);
                previous = printable;
            }
            let want = &fixture["printable"][v.as_str()];
            assert_eq!(count, want["count"].as_u64().unwrap(), "Unicode {}", v.as_str());
            assert_eq!(ranges, want["ranges"].as_u64().unwrap(), "Unicode {}", v.as_str());
        }
    }

    /// The example of the docs: Unicode 15.0 assigned U+0CF3, which Python
    /// 3.11 escapes and 3.12 prints.
    #[test]
    fn kannada_u0cf3() {
        let s = PyStr::from("\u{0CF3}");
        let of = |v| {
            let mut out = String::new();
            push_repr_str(&mut out, &s, v);
            out
        };
        assert_eq!(of(UnicodeVersion::V14_0), "'\\u0cf3'");
        for v in [UnicodeVersion::V15_0, UnicodeVersion::V15_1, UnicodeVersion::V16_0] {
            assert_eq!(of(v), "'\u{0CF3}'");
        }
    }
}
