//! Request text → [`Value`], judged the way Cinder's JSON layer judges it.
//!
//! Cinder decodes the body as strict UTF-8 and parses it with Python's
//! `json.loads` (C scanner), which differs from strict JSON parsers:
//! `NaN`/`Infinity`/`-Infinity` tokens, `1E400` → `inf`, integers of any
//! size (but at most 4300 digits, Python's int-from-string limit), lone
//! surrogate escapes, duplicate keys (last value wins, first position kept).
//! Nesting beyond Python's recursion limit raises `RecursionError`, which
//! Cinder does not catch: HTTP 500. Everything else that fails is HTTP 400
//! "Malformed request body". This parser reproduces exactly that split and
//! never recurses: its depth limit is a counter, so no input can exhaust the stack.

use std::cell::Cell;

use crate::limits::MAX_INT_DIGITS;
use crate::python::value::{push_wtf8, Int, Object, PyStr, Value};

/// Why the text is not a request body Cinder can use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Zero bytes: Cinder calls the controller without a body (HTTP 500).
    Empty,
    /// Not UTF-8, a BOM, or not Python-JSON (HTTP 400). The detail says where.
    Malformed {
        /// The byte offset where Python's parser stopped.
        offset: usize,
        /// What it found there, for a person.
        detail: String,
    },
    /// Deeper than the depth limit before any syntax error (HTTP 500 in
    /// Cinder, whose limit is [`crate::limits::MAX_BODY_DEPTH`]).
    TooDeep {
        /// Where the container that went past the limit starts.
        offset: usize,
        /// The limit that was passed.
        limit: usize,
    },
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Empty => f.write_str("the text is empty"),
            ParseError::Malformed { detail, .. } => f.write_str(detail),
            ParseError::TooDeep { offset, limit } => {
                write!(f, "nesting deeper than {limit} levels at byte offset {offset}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses bytes as Cinder's `json.loads` would, containers nesting at most
/// `max_depth` levels.
pub(crate) fn parse_with_max_depth(bytes: &[u8], max_depth: usize) -> Result<Value, ParseError> {
    if bytes.is_empty() {
        return Err(ParseError::Empty);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ParseError::Malformed {
        offset: e.valid_up_to(),
        detail: format!("the body is not valid UTF-8 (byte offset {})", e.valid_up_to()),
    })?;
    parse_str_with_max_depth(text, max_depth)
}

/// [`parse_with_max_depth`] for text already known to be UTF-8.
pub(crate) fn parse_str_with_max_depth(text: &str, max_depth: usize) -> Result<Value, ParseError> {
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    if text.starts_with('\u{FEFF}') {
        return Err(ParseError::Malformed {
            offset: 0,
            detail: "the body starts with a UTF-8 byte order mark, which Python's json rejects".into(),
        });
    }
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, max_depth };
    p.skip_ws();
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.bytes.len() {
        return Err(p.malformed("extra data after the JSON value"));
    }
    Ok(value)
}

/// Length of the leading run of bytes a string can hold as they are: up to
/// the first `"`, `\\` or control character (or the end). Looks at eight
/// bytes per step (most keys and values are plain ASCII runs). Kept out of
/// line: inlined into the parser's loop, it would reload its constants on
/// every word, which costs more on long strings than the call saves.
#[inline(never)]
pub(crate) fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut done = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // The high bit of a byte of each mask is set where that byte is a
        // quote, a backslash or below 0x20; a false positive can only sit
        // above a true one, so the lowest set bit marks the first stop.
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let stops = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let stops = stops & HIGHS;
        if stops != 0 {
            return done + (stops.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    let tail = chunks.remainder();
    done + tail.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(tail.len())
}

/// Length of the leading run of spaces, counted in whole eight-byte words
/// (the caller's byte loop finishes a shorter tail): indentation runs are
/// long, and a word of spaces is one compare.
fn space_run(bytes: &[u8]) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let mut done = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Non-zero bytes of `other` are the bytes that are not spaces; the
        // lowest one is the first.
        let other = u64::from_le_bytes(word) ^ SPACES;
        if other != 0 {
            return done + (other.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    done
}

/// An open container: where its members start on the parser's member
/// stack and, for objects, the key awaiting its value.
enum Frame {
    Array { start: usize },
    Object { start: usize, key: PyStr },
}

/// The parser's work stacks (see [`Parser::value`]), empty between parses.
#[derive(Default)]
struct Stacks {
    open: Vec<Frame>,
    items: Vec<Value>,
    members: Vec<(PyStr, Value)>,
}

/// Stacks that grew beyond this many entries are freed after their parse
/// (one huge body should not hold its memory for the rest of the thread).
const KEEP_STACK_ENTRIES: usize = 1024;

impl Stacks {
    fn clear(&mut self) {
        self.open.clear();
        self.items.clear();
        self.members.clear();
    }

    fn worth_keeping(&self) -> bool {
        self.open.capacity().max(self.items.capacity()).max(self.members.capacity()) <= KEEP_STACK_ENTRIES
    }
}

std::thread_local! {
    /// The stacks of the thread's last parse, kept so that each parse
    /// allocates only its own containers (two allocations fewer per request).
    static STACKS: Cell<Stacks> =
        const { Cell::new(Stacks { open: Vec::new(), items: Vec::new(), members: Vec::new() }) };
}

/// The frame just matched is the one popped, so this is never returned.
fn internal_error() -> ParseError {
    ParseError::Malformed { offset: 0, detail: "internal parser state".into() }
}

/// The parser's hot helpers (`skip_ws`, `key`, `string`) are inlined into
/// its loop, except in the compact build, where inlining them would cost
/// 0.6 KB of the browsers' module for speed it is not built for.
struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn malformed(&self, what: &str) -> ParseError {
        ParseError::Malformed { offset: self.pos, detail: format!("{what} at byte offset {}", self.pos) }
    }

    /// Python's JSON whitespace is exactly space, TAB, LF and CR.
    #[cfg_attr(not(feature = "compact"), inline(always))]
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                // Pretty-printed text indents each line: the run of spaces
                // after a newline is skipped a word at a time.
                Some(b'\n') => {
                    self.pos += 1;
                    self.pos += space_run(self.bytes.get(self.pos..).unwrap_or_default());
                }
                _ => return,
            }
        }
    }

    fn eat_literal(&mut self, lit: &[u8]) -> bool {
        if self.bytes.get(self.pos..self.pos + lit.len()) == Some(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    /// A property name and the `:` after it (at an opening quote).
    #[cfg_attr(not(feature = "compact"), inline(always))]
    fn key(&mut self) -> Result<PyStr, ParseError> {
        if self.peek() != Some(b'"') {
            return Err(self.malformed("expected a property name in double quotes"));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.malformed("expected ':'"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(key)
    }

    /// Opens a container: Python enters one recursion level per container,
    /// empty ones included.
    fn enter(&self, open: usize) -> Result<(), ParseError> {
        if open + 1 > self.max_depth {
            Err(ParseError::TooDeep { offset: self.pos, limit: self.max_depth })
        } else {
            Ok(())
        }
    }

    /// One value, iteratively: the open containers live on a heap stack, so
    /// no input depth can exhaust the call stack. Members of open containers
    /// wait on two shared stacks and move into their container when it
    /// closes, so each array and object is allocated once, at its final size.
    fn value(&mut self) -> Result<Value, ParseError> {
        let mut stacks = STACKS.with(Cell::take);
        let result = self.value_on(&mut stacks);
        stacks.clear();
        if stacks.worth_keeping() {
            STACKS.with(|kept| kept.set(stacks));
        }
        result
    }

    /// [`Parser::value`] on the given (empty) stacks.
    fn value_on(&mut self, stacks: &mut Stacks) -> Result<Value, ParseError> {
        let Stacks { open, items, members } = stacks;
        // Sized for a typical request (4 levels, 9 members in `volume`), so
        // the stacks are allocated once and do not grow.
        open.reserve(8);
        members.reserve(16);
        loop {
            // Read one value, or open a container and read its first member.
            let mut done = match self.peek() {
                Some(b'[') => {
                    self.enter(open.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        open.push(Frame::Array { start: items.len() });
                        continue;
                    }
                }
                Some(b'{') => {
                    self.enter(open.len())?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value::Object(Object::new())
                    } else {
                        let key = self.key()?;
                        open.push(Frame::Object { start: members.len(), key });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach the finished value; close every container it completes.
            loop {
                match open.last_mut() {
                    None => return Ok(done),
                    Some(Frame::Array { start }) => {
                        let start = *start;
                        items.push(done);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                break;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                open.pop();
                                done = Value::Array(items.split_off(start.min(items.len())));
                            }
                            _ => return Err(self.malformed("expected ',' or ']'")),
                        }
                    }
                    Some(Frame::Object { start, key }) => {
                        let start = *start;
                        members.push((std::mem::replace(key, PyStr::from("")), done));
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                let next = self.key()?;
                                match open.last_mut() {
                                    Some(Frame::Object { key, .. }) => *key = next,
                                    _ => return Err(internal_error()),
                                }
                                break;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                open.pop();
                                // One block copy into a vector of exactly this size.
                                let entries = members.split_off(start.min(members.len()));
                                done = Value::Object(Object::from_members(entries));
                            }
                            _ => return Err(self.malformed("expected ',' or '}'")),
                        }
                    }
                }
            }
        }
    }

    /// A value that is not a container.
    fn scalar(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b'n') if self.eat_literal(b"null") => Ok(Value::Null),
            Some(b't') if self.eat_literal(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat_literal(b"false") => Ok(Value::Bool(false)),
            Some(b'N') if self.eat_literal(b"NaN") => Ok(Value::Float(f64::NAN)),
            Some(b'I') if self.eat_literal(b"Infinity") => Ok(Value::Float(f64::INFINITY)),
            Some(b'-') if self.bytes.get(self.pos + 1) == Some(&b'I') => {
                if self.eat_literal(b"-Infinity") {
                    Ok(Value::Float(f64::NEG_INFINITY))
                } else {
                    Err(self.malformed("expected a value"))
                }
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.malformed("unexpected end of text, expected a value")),
            Some(_) => Err(self.malformed("expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Python's number grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`.
    /// A fraction or exponent that is not followed by a digit is simply not
    /// part of the number (the next token then fails).
    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.malformed("expected a digit")),
        }
        let int_end = self.pos;
        let mut is_float = false;
        if self.peek() == Some(b'.') && matches!(self.bytes.get(self.pos + 1), Some(b'0'..=b'9')) {
            self.pos += 1;
            self.digits();
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            let save = self.pos;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                self.pos = save;
            } else {
                is_float = true;
            }
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.pos).unwrap_or_default()).unwrap_or("0");
        if is_float {
            // Correctly rounded like Python's float(), overflowing to
            // infinity the same way.
            return Ok(Value::Float(crate::python::float::parse_number(text)));
        }
        let negative = text.starts_with('-');
        let digit_count = int_end - start - usize::from(negative);
        if digit_count > MAX_INT_DIGITS {
            return Err(ParseError::Malformed {
                offset: start,
                detail: format!(
                    "an integer of {digit_count} digits at byte offset {start} exceeds Python's limit of \
                     {MAX_INT_DIGITS} digits for integer conversion"
                ),
            });
        }
        Ok(Value::Int(match text.parse::<i64>() {
            Ok(n) => Int::Small(n),
            Err(_) => Int::Big(text.into()),
        }))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        let mut n = 0u32;
        for &b in digits {
            n = n * 16 + char::from(b).to_digit(16)?;
        }
        Some(n)
    }

    /// A string; the opening quote is at `self.pos`. Inlined into its
    /// callers: most strings take only this fast path.
    #[cfg_attr(not(feature = "compact"), inline(always))]
    fn string(&mut self) -> Result<PyStr, ParseError> {
        self.pos += 1;
        let start = self.pos;
        // Fast path: no escapes. Scan to the first byte that needs a look.
        self.pos = start + plain_run(self.bytes.get(start..).unwrap_or_default());
        match self.peek() {
            Some(b'"') => {
                // The input is valid UTF-8 and both ends are ASCII quotes, so
                // the part between them needs no second validation.
                let text = PyStr::from_text_between(self.text, start, self.pos);
                self.pos += 1;
                Ok(text)
            }
            Some(b'\\') => self.escaped_string(start),
            Some(_) => Err(self.malformed("control character inside a string")),
            None => Err(self.malformed("unterminated string")),
        }
    }

    /// The rest of a string that has an escape at `self.pos`; its text
    /// starts at `start`.
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Result<PyStr, ParseError> {
        let mut out = self.bytes.get(start..self.pos).unwrap_or_default().to_vec();
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(PyStr::from_wtf8(out));
                }
                Some(b'\\') => {
                    let esc = self.bytes.get(self.pos + 1).copied();
                    self.pos += 2;
                    let simple = match esc {
                        Some(b'"') => Some(b'"'),
                        Some(b'\\') => Some(b'\\'),
                        Some(b'/') => Some(b'/'),
                        Some(b'b') => Some(0x08),
                        Some(b'f') => Some(0x0C),
                        Some(b'n') => Some(b'\n'),
                        Some(b'r') => Some(b'\r'),
                        Some(b't') => Some(b'\t'),
                        Some(b'u') => None,
                        _ => {
                            self.pos -= 2;
                            return Err(self.malformed("invalid escape in a string"));
                        }
                    };
                    if let Some(b) = simple {
                        out.push(b);
                        continue;
                    }
                    let Some(mut cp) = self.hex4(self.pos) else {
                        return Err(self.malformed("invalid \\uXXXX escape"));
                    };
                    self.pos += 4;
                    // A high surrogate directly followed by an escaped low
                    // surrogate is one code point; anything else stays lone.
                    if (0xD800..=0xDBFF).contains(&cp) && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                        if let Some(low) = self.hex4(self.pos + 2) {
                            if (0xDC00..=0xDFFF).contains(&low) {
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                                self.pos += 6;
                            }
                        }
                    }
                    push_wtf8(&mut out, cp);
                }
                Some(0..=0x1F) => return Err(self.malformed("control character inside a string")),
                Some(_) => {
                    // The plain run up to the next escape, quote or control
                    // character, copied in one piece.
                    let rest = self.bytes.get(self.pos..).unwrap_or_default();
                    let run = plain_run(rest);
                    out.extend_from_slice(rest.get(..run).unwrap_or_default());
                    self.pos += run;
                }
                None => return Err(self.malformed("unterminated string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_with_max_depth, plain_run, space_run, ParseError, Value};

    fn parse(bytes: &[u8]) -> Result<Value, ParseError> {
        parse_with_max_depth(bytes, crate::limits::MAX_BODY_DEPTH)
    }

    fn naive(bytes: &[u8]) -> usize {
        bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len())
    }

    #[test]
    fn plain_run_finds_the_first_stop_byte_like_a_byte_loop() {
        // Every byte value at every position of runs up to 19 bytes, over
        // fillers near the edges of the masks (0x1F..0x21, 0x5B..0x5D, high bytes).
        for filler in [b'a', b' ', b'!', b'#', 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF] {
            for len in 0..20 {
                for at in 0..len {
                    for b in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        bytes[at] = b;
                        assert_eq!(plain_run(&bytes), naive(&bytes), "{bytes:?}");
                    }
                }
            }
        }
        // Pseudo-random bytes biased towards the stop bytes.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let len = (seed % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    [b'"', b'\\', 0x1F, 0x00, b'x', 0xE2, 0x21, b'z'][(seed % 8) as usize]
                })
                .collect();
            assert_eq!(plain_run(&bytes), naive(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn space_run_counts_whole_words_of_spaces_like_a_byte_loop() {
        // A run of spaces ended by every other byte value at every position.
        for len in 0..40 {
            for at in 0..=len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b' '; len];
                    if let Some(stop) = bytes.get_mut(at) {
                        *stop = b;
                    }
                    let run = bytes.iter().take_while(|&&b| b == b' ').count();
                    let whole_words = bytes.len() / 8 * 8;
                    assert_eq!(space_run(&bytes), run.min(whole_words), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn indentation_of_any_width_is_skipped() {
        for width in 0..40 {
            for ws in [" ", "\t", "\r", "\n"] {
                let pad = format!("\n{}{ws}", " ".repeat(width));
                let text = format!("{pad}{{{pad}\"a\"{pad}:{pad}[{pad}1{pad},{pad}{{}}{pad}]{pad}}}{pad}");
                let value = parse(text.as_bytes());
                assert_eq!(value, parse(br#"{"a": [1, {}]}"#), "{text:?}");
                let bad = format!("{pad}{{{pad}\"a\"{pad}x");
                let Err(super::ParseError::Malformed { offset, .. }) = parse(bad.as_bytes()) else {
                    panic!("{bad:?} parsed");
                };
                assert_eq!(offset, bad.len() - 1, "{bad:?}");
            }
        }
    }
}
