//! Where the writers put text: an infallible [`Sink`].
//!
//! Every writer of the crate (Python `repr()`, Cinder's messages, the JSON
//! report) appends to a `&mut dyn Sink`, so each exists once in the wasm
//! module whatever it writes to, and none has an error to ignore: appending
//! to memory or counting cannot fail.
//!
//! A long text is written twice, first into a [`ShortOrLen`] (which keeps it
//! if it is short and measures it either way), then, if it was long, into a
//! buffer of exactly the measured size ([`exact_string`], [`exact_wtf8`]):
//! a 40 MB value is then copied once, without the spare capacity a growing
//! buffer leaves behind.

use std::fmt;

use crate::python::value::PyStr;

/// An append-only text buffer that cannot fail.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);

    /// Appends WTF-8 text, which may hold lone surrogates (a Python `str`):
    /// kept as they are by a WTF-8 sink, each written as U+FFFD (also three
    /// bytes) by a UTF-8 one.
    fn put_wtf8(&mut self, bytes: &[u8]);

    /// Appends one character.
    fn put_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.put(c.encode_utf8(&mut buf));
    }

    /// Appends formatted text (`format_args!`).
    fn put_fmt(&mut self, args: fmt::Arguments<'_>) {
        match args.as_str() {
            Some(s) => self.put(s),
            None => {
                // The adapter never fails, so neither can `write_fmt`.
                let _ = fmt::Write::write_fmt(&mut Adapter(self), args);
            }
        }
    }
}

/// A [`Sink`] seen as a [`fmt::Write`], for `format_args!`.
struct Adapter<'a, S: Sink + ?Sized>(&'a mut S);

impl<S: Sink + ?Sized> fmt::Write for Adapter<'_, S> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.put(s);
        Ok(())
    }
}

/// Writes WTF-8 as UTF-8: each lone surrogate (a three-byte sequence
/// starting `ED A0`..`ED BF`) as U+FFFD.
fn put_lossy(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&PyStr::from_wtf8(bytes.to_vec()).to_string_lossy()),
    }
}

impl Sink for String {
    #[inline]
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_wtf8(&mut self, bytes: &[u8]) {
        put_lossy(self, bytes);
    }

    #[inline]
    fn put_char(&mut self, c: char) {
        self.push(c);
    }
}

/// A WTF-8 buffer: text that may hold lone surrogates, as Cinder's
/// messages can (they quote the request).
#[derive(Debug, Default)]
pub(crate) struct Wtf8(pub(crate) Vec<u8>);

impl Sink for Wtf8 {
    #[inline]
    fn put(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn put_wtf8(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// A [`Sink`] that only counts the bytes written to it (WTF-8 and UTF-8
/// lengths agree: U+FFFD takes the three bytes of the surrogate it replaces).
#[cfg(test)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextLen(pub(crate) usize);

#[cfg(test)]
impl Sink for TextLen {
    fn put(&mut self, s: &str) {
        self.0 += s.len();
    }

    fn put_wtf8(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }

    fn put_char(&mut self, c: char) {
        self.0 += c.len_utf8();
    }
}

/// Texts up to this size are written in one pass (their spare capacity is
/// negligible); longer ones are measured first, then written exactly.
pub(crate) const SHORT_TEXT: usize = 64 * 1024;

/// A [`Sink`] that keeps what is written while it is short (at most
/// [`SHORT_TEXT`] bytes, WTF-8) and counts the whole length either way.
#[derive(Debug, Default)]
pub(crate) struct ShortOrLen {
    text: Vec<u8>,
    len: usize,
}

impl Sink for ShortOrLen {
    fn put(&mut self, s: &str) {
        self.put_wtf8(s.as_bytes());
    }

    fn put_wtf8(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        // Once over, always over: `len` only grows.
        if self.len <= SHORT_TEXT {
            self.text.extend_from_slice(bytes);
        }
    }
}

impl ShortOrLen {
    /// Reserves `capacity` bytes (at most [`SHORT_TEXT`]) for a short text.
    pub(crate) fn with_capacity(capacity: usize) -> ShortOrLen {
        ShortOrLen { text: Vec::with_capacity(capacity.min(SHORT_TEXT)), len: 0 }
    }

    /// The text (WTF-8) if it was short, else its length.
    pub(crate) fn finish(self) -> Result<Vec<u8>, usize> {
        if self.len <= SHORT_TEXT {
            Ok(self.text)
        } else {
            Err(self.len)
        }
    }
}

/// Runs `write` into a [`ShortOrLen`] and, for a long text, once more into
/// a buffer of exactly the measured size; WTF-8.
fn exact_bytes(capacity: usize, write: &dyn Fn(&mut dyn Sink), utf8: bool) -> Vec<u8> {
    let mut first = ShortOrLen::with_capacity(capacity);
    write(&mut first);
    match first.finish() {
        Ok(bytes) => bytes,
        Err(len) if utf8 => {
            let mut text = String::with_capacity(len);
            write(&mut text);
            text.into_bytes()
        }
        Err(len) => {
            let mut out = Wtf8(Vec::with_capacity(len));
            write(&mut out);
            out.0
        }
    }
}

/// A `String` of exactly the size of what `write` writes (reserving
/// `capacity` for a short text); lone surrogates become U+FFFD.
pub(crate) fn exact_string(capacity: usize, write: impl Fn(&mut dyn Sink)) -> String {
    let bytes = exact_bytes(capacity, &write, true);
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => PyStr::from_wtf8(e.into_bytes()).to_string_lossy(),
    }
}

/// A [`PyStr`] of what `write` writes, lone surrogates kept (reserving
/// `capacity` for a short text).
pub(crate) fn exact_wtf8(capacity: usize, write: impl Fn(&mut dyn Sink)) -> PyStr {
    PyStr::from_wtf8(exact_bytes(capacity, &write, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_sample(out: &mut dyn Sink) {
        out.put("a");
        out.put_char('é');
        out.put_wtf8(&[0xED, 0xA0, 0x80]);
        out.put_fmt(format_args!("{}-{}", 1, "x"));
    }

    #[test]
    fn every_sink_sees_the_same_text() {
        let mut s = String::new();
        write_sample(&mut s);
        assert_eq!(s, "aé\u{FFFD}1-x");
        let mut w = Wtf8::default();
        write_sample(&mut w);
        assert_eq!(w.0, b"a\xC3\xA9\xED\xA0\x801-x");
        let mut n = TextLen::default();
        write_sample(&mut n);
        assert_eq!(n.0, s.len());
        assert_eq!(n.0, w.0.len());
    }

    #[test]
    fn exact_texts_of_any_length() {
        for repeat in [0, 1, 10_000, 40_000] {
            let write = |out: &mut dyn Sink| {
                for _ in 0..repeat {
                    write_sample(out);
                }
            };
            let text = exact_string(0, write);
            assert_eq!(text, "aé\u{FFFD}1-x".repeat(repeat));
            if text.len() > SHORT_TEXT {
                assert_eq!(text.capacity(), text.len());
            }
            let wtf8 = exact_wtf8(16, write);
            assert_eq!(wtf8.as_wtf8(), b"a\xC3\xA9\xED\xA0\x801-x".repeat(repeat).as_slice());
        }
    }
}
