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
//! buffer leaves behind. No output is validated again: UTF-8 text stays in a
//! `String` from the first byte to the last.

use std::fmt;

use crate::python::value::PyStr;

/// An append-only text buffer that cannot fail.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);

    /// Appends a Python `str`, which may hold lone surrogates: kept by a
    /// WTF-8 sink, each written as U+FFFD (also three bytes) by a UTF-8 one.
    fn put_pystr(&mut self, s: &PyStr);

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

impl Sink for String {
    #[inline]
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_pystr(&mut self, s: &PyStr) {
        match s.as_str() {
            Some(text) => self.push_str(text),
            None => self.push_str(&s.to_string_lossy()),
        }
    }

    #[inline]
    fn put_char(&mut self, c: char) {
        self.push(c);
    }
}

/// A WTF-8 buffer (Cinder's messages quote the request, lone surrogates
/// included): a `String` until the first lone surrogate arrives. Kept as
/// written (a message is stored without being copied to fit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wtf8Buf {
    Utf8(String),
    /// Holds at least one lone surrogate.
    Wtf8(Vec<u8>),
}

impl Wtf8Buf {
    pub(crate) fn with_capacity(capacity: usize) -> Wtf8Buf {
        Wtf8Buf::Utf8(String::with_capacity(capacity))
    }

    /// The text as a Python `str`.
    pub(crate) fn to_pystr(&self) -> PyStr {
        match self {
            Wtf8Buf::Utf8(s) => PyStr::from(s.as_str()),
            Wtf8Buf::Wtf8(b) => PyStr::from_wtf8(b.clone()),
        }
    }

    /// The length in bytes.
    pub(crate) fn len(&self) -> usize {
        match self {
            Wtf8Buf::Utf8(s) => s.len(),
            Wtf8Buf::Wtf8(b) => b.len(),
        }
    }

    pub(crate) fn has_lone_surrogate(&self) -> bool {
        matches!(self, Wtf8Buf::Wtf8(_))
    }
}

impl From<String> for Wtf8Buf {
    fn from(text: String) -> Wtf8Buf {
        Wtf8Buf::Utf8(text)
    }
}

impl Sink for Wtf8Buf {
    #[inline]
    fn put(&mut self, s: &str) {
        match self {
            Wtf8Buf::Utf8(text) => text.push_str(s),
            Wtf8Buf::Wtf8(bytes) => bytes.extend_from_slice(s.as_bytes()),
        }
    }

    #[inline]
    fn put_char(&mut self, c: char) {
        match self {
            Wtf8Buf::Utf8(text) => text.push(c),
            Wtf8Buf::Wtf8(bytes) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }

    fn put_pystr(&mut self, s: &PyStr) {
        match (self.as_utf8(), s.as_str()) {
            (Some(text), Some(s)) => text.push_str(s),
            _ => {
                if let Wtf8Buf::Utf8(text) = self {
                    *self = Wtf8Buf::Wtf8(std::mem::take(text).into_bytes());
                }
                if let Wtf8Buf::Wtf8(bytes) = self {
                    bytes.extend_from_slice(s.as_wtf8());
                }
            }
        }
    }
}

impl Wtf8Buf {
    fn as_utf8(&mut self) -> Option<&mut String> {
        match self {
            Wtf8Buf::Utf8(text) => Some(text),
            Wtf8Buf::Wtf8(_) => None,
        }
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

    fn put_pystr(&mut self, s: &PyStr) {
        self.0 += s.as_wtf8().len();
    }
}

/// Texts up to this size are written in one pass (their spare capacity is
/// negligible); longer ones are measured first, then written exactly.
pub(crate) const SHORT_TEXT: usize = 64 * 1024;

/// What a [`ShortOrLen`] keeps: a `String` or a [`Wtf8Buf`].
pub(crate) trait Buffer: Sink {
    fn with_capacity(capacity: usize) -> Self;
}

impl Buffer for String {
    fn with_capacity(capacity: usize) -> String {
        String::with_capacity(capacity)
    }
}

impl Buffer for Wtf8Buf {
    fn with_capacity(capacity: usize) -> Wtf8Buf {
        Wtf8Buf::with_capacity(capacity)
    }
}

/// A [`Sink`] that keeps what is written while it is short (at most
/// [`SHORT_TEXT`] bytes) and counts the whole length either way.
#[derive(Debug)]
pub(crate) struct ShortOrLen<B> {
    text: B,
    len: usize,
}

impl<B: Buffer> Sink for ShortOrLen<B> {
    fn put(&mut self, s: &str) {
        self.len += s.len();
        // Once over, always over: `len` only grows.
        if self.len <= SHORT_TEXT {
            self.text.put(s);
        }
    }

    fn put_pystr(&mut self, s: &PyStr) {
        self.len += s.as_wtf8().len();
        if self.len <= SHORT_TEXT {
            self.text.put_pystr(s);
        }
    }

    fn put_char(&mut self, c: char) {
        self.len += c.len_utf8();
        if self.len <= SHORT_TEXT {
            self.text.put_char(c);
        }
    }
}

impl<B: Buffer> ShortOrLen<B> {
    /// Reserves `capacity` bytes (at most [`SHORT_TEXT`]) for a short text.
    pub(crate) fn with_capacity(capacity: usize) -> ShortOrLen<B> {
        ShortOrLen { text: B::with_capacity(capacity.min(SHORT_TEXT)), len: 0 }
    }

    /// The text if it was short, else its length.
    pub(crate) fn finish(self) -> Result<B, usize> {
        if self.len <= SHORT_TEXT {
            Ok(self.text)
        } else {
            Err(self.len)
        }
    }
}

/// Runs `write` into a [`ShortOrLen`] and, for a long text, once more into
/// a buffer of exactly the measured size.
fn exact<B: Buffer>(capacity: usize, write: impl Fn(&mut dyn Sink)) -> B {
    let mut first = ShortOrLen::<B>::with_capacity(capacity);
    write(&mut first);
    match first.finish() {
        Ok(text) => text,
        Err(len) => {
            let mut text = B::with_capacity(len);
            write(&mut text);
            text
        }
    }
}

/// A `String` of exactly the size of what `write` writes (reserving
/// `capacity` for a short text); lone surrogates become U+FFFD.
pub(crate) fn exact_string(capacity: usize, write: impl Fn(&mut dyn Sink)) -> String {
    exact::<String>(capacity, write)
}

/// What `write` writes, lone surrogates kept (reserving `capacity` for a
/// short text).
pub(crate) fn exact_wtf8(capacity: usize, write: impl Fn(&mut dyn Sink)) -> Wtf8Buf {
    exact::<Wtf8Buf>(capacity, write)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_sample(out: &mut dyn Sink) {
        out.put("a");
        out.put_char('é');
        out.put_pystr(&PyStr::from_code_points([0xD800]));
        out.put_fmt(format_args!("{}-{}", 1, "x"));
    }

    #[test]
    fn every_sink_sees_the_same_text() {
        let mut s = String::new();
        write_sample(&mut s);
        assert_eq!(s, "aé\u{FFFD}1-x");
        let mut w = Wtf8Buf::with_capacity(0);
        write_sample(&mut w);
        assert_eq!(w.to_pystr().as_wtf8(), b"a\xC3\xA9\xED\xA0\x801-x");
        let mut n = TextLen::default();
        write_sample(&mut n);
        assert_eq!(n.0, s.len());
        // A WTF-8 buffer without surrogates stays UTF-8.
        let mut w = Wtf8Buf::with_capacity(0);
        w.put("x");
        w.put_pystr(&PyStr::from("é"));
        assert!(matches!(&w, Wtf8Buf::Utf8(t) if t == "xé"));
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
            let wtf8 = exact_wtf8(16, write).to_pystr();
            assert_eq!(wtf8.as_wtf8(), b"a\xC3\xA9\xED\xA0\x801-x".repeat(repeat).as_slice());
        }
    }
}
