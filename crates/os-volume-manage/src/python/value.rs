//! The JSON value model Cinder's Python sees after `json.loads`.
//!
//! serde_json cannot hold everything Python's parser produces: lone UTF-16
//! surrogates (`"\ud800"`), integers of any size, `NaN`/`Infinity`, and the
//! "duplicate keys: last value wins, first position kept" rule. Verdicts and
//! error texts depend on all of these, so the core works on this model.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;

/// A Python `str`: a sequence of code points that may include lone surrogates.
///
/// Short UTF-8 text (most keys and values of a manage request) is stored in
/// place without allocating; longer text as UTF-8 on the heap; text with a
/// lone surrogate as WTF-8 bytes (surrogate code points encoded like any
/// other three-byte sequence).
#[derive(Clone)]
pub struct PyStr(Repr);

/// Bytes a string may have to be stored in place.
const INLINE: usize = 22;

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Utf8(Box<str>),
    Wtf8(Box<[u8]>),
}

impl PyStr {
    fn from_utf8_str(s: &str) -> PyStr {
        let src = s.as_bytes();
        if src.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            if let Some(dst) = bytes.get_mut(..src.len()) {
                dst.copy_from_slice(src);
                // Fits in a u8: at most INLINE bytes.
                return PyStr(Repr::Inline { len: src.len() as u8, bytes });
            }
        }
        PyStr(Repr::Utf8(s.into()))
    }

    /// The text of `text` between byte offsets `start` and `end`, each the
    /// offset of an ASCII byte or of the end (as string delimiters are), so
    /// the part is UTF-8 without the boundary checks of slicing a `str`.
    /// Short text is copied straight from the bytes.
    #[inline(always)]
    pub(crate) fn from_text_between(text: &str, start: usize, end: usize) -> PyStr {
        let src = text.as_bytes().get(start..end).unwrap_or_default();
        if src.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            if let Some(dst) = bytes.get_mut(..src.len()) {
                dst.copy_from_slice(src);
                // Fits in a u8: at most INLINE bytes.
                return PyStr(Repr::Inline { len: src.len() as u8, bytes });
            }
        }
        PyStr(Repr::Utf8(text.get(start..end).unwrap_or_default().into()))
    }

    /// Builds from WTF-8 bytes produced by this crate's own encoder.
    pub(crate) fn from_wtf8(bytes: Vec<u8>) -> PyStr {
        match String::from_utf8(bytes) {
            Ok(s) if s.len() <= INLINE => PyStr::from_utf8_str(&s),
            Ok(s) => PyStr(Repr::Utf8(s.into_boxed_str())),
            Err(e) => PyStr(Repr::Wtf8(e.into_bytes().into_boxed_slice())),
        }
    }

    /// Builds from a sequence of code points (surrogates allowed).
    pub fn from_code_points(cps: impl IntoIterator<Item = u32>) -> PyStr {
        let mut out = Vec::new();
        for cp in cps {
            push_wtf8(&mut out, cp);
        }
        PyStr::from_wtf8(out)
    }

    /// The text, when it holds no lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            // Inline text is always valid UTF-8 (`from_utf8_str` and
            // `from_text_between` make it, from `str`s), checked again here
            // because the crate has no `unsafe`.
            Repr::Inline { .. } => std::str::from_utf8(self.as_wtf8()).ok(),
            Repr::Utf8(s) => Some(s),
            Repr::Wtf8(_) => None,
        }
    }

    /// The text as a `String`, when it holds no lone surrogate (else the
    /// string back).
    pub fn into_string(self) -> Result<String, PyStr> {
        match self.0 {
            Repr::Utf8(s) => Ok(s.into_string()),
            Repr::Wtf8(_) => Err(self),
            Repr::Inline { .. } => match self.as_str() {
                Some(text) => Ok(text.to_string()),
                None => Err(self),
            },
        }
    }

    /// The raw WTF-8 bytes (identical to UTF-8 when there is no surrogate).
    pub fn as_wtf8(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Utf8(s) => s.as_bytes(),
            Repr::Wtf8(b) => b,
        }
    }

    /// True when the string contains at least one lone surrogate.
    pub fn has_lone_surrogate(&self) -> bool {
        matches!(self.0, Repr::Wtf8(_))
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        match self.as_str() {
            Some(s) => s.to_string(),
            None => self.code_points().map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}')).collect(),
        }
    }

    /// Code points, as Python iterates a `str`.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints { bytes: self.as_wtf8(), pos: 0 }
    }

    /// Python `len()`: the number of code points.
    pub fn len_code_points(&self) -> usize {
        let bytes = self.as_wtf8();
        // Every code point has exactly one byte that is not a continuation byte.
        bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    /// Seven bits that equal strings share: a hash of the length and, for
    /// inline text, the first eight bytes (enough to tell most keys of an
    /// object apart; read at a fixed place, so it costs no copy).
    fn digest(&self) -> u32 {
        let (len, head) = match &self.0 {
            Repr::Inline { len, bytes } => {
                let mut head = [0u8; 8];
                if let Some(first) = bytes.get(..8) {
                    head.copy_from_slice(first);
                }
                (usize::from(*len), u64::from_le_bytes(head))
            }
            // Text that long is rare in keys: its length alone will do.
            _ => (self.as_wtf8().len(), 0),
        };
        let word = head ^ (len as u64).rotate_right(8);
        // The top bits of a multiplicative hash depend on every input bit.
        (word.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as u32
    }

    /// Python truthiness of a `str`.
    pub fn is_empty(&self) -> bool {
        self.as_wtf8().is_empty()
    }
}

impl Default for PyStr {
    /// The empty string.
    fn default() -> PyStr {
        PyStr(Repr::Inline { len: 0, bytes: [0; INLINE] })
    }
}

// Equality, hashing and order are those of the code point sequence (WTF-8
// byte order is code point order), whatever the representation.
impl PartialEq for PyStr {
    fn eq(&self, other: &PyStr) -> bool {
        match (&self.0, &other.0) {
            // Fixed-size compare, no call: inline bytes are zero-padded.
            (Repr::Inline { len: a, bytes: x }, Repr::Inline { len: b, bytes: y }) => a == b && x == y,
            // Text that fits inline is always stored inline.
            (Repr::Inline { .. }, _) | (_, Repr::Inline { .. }) => false,
            _ => self.as_wtf8() == other.as_wtf8(),
        }
    }
}

impl Eq for PyStr {}

impl std::hash::Hash for PyStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_wtf8().hash(state);
    }
}

impl PartialOrd for PyStr {
    fn partial_cmp(&self, other: &PyStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PyStr {
    fn cmp(&self, other: &PyStr) -> std::cmp::Ordering {
        self.as_wtf8().cmp(other.as_wtf8())
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr::from_utf8_str(s)
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        if s.len() <= INLINE {
            PyStr::from_utf8_str(&s)
        } else {
            PyStr(Repr::Utf8(s.into_boxed_str()))
        }
    }
}

impl fmt::Display for PyStr {
    /// The text, each lone surrogate shown as U+FFFD (as
    /// [`PyStr::to_string_lossy`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.to_string_lossy()),
        }
    }
}

impl PartialEq<str> for PyStr {
    /// Whether the string is exactly `other` (never, with a lone surrogate).
    fn eq(&self, other: &str) -> bool {
        self.as_wtf8() == other.as_bytes()
    }
}

impl PartialEq<&str> for PyStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_wtf8() == other.as_bytes()
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::python::repr::repr_str(self))
    }
}

impl serde::Serialize for PyStr {
    /// Serializers take `&str`, which cannot carry a lone surrogate: those are
    /// written as U+FFFD. Reports say so in a `lossy_output` warning.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_str() {
            Some(text) => s.serialize_str(text),
            None => s.serialize_str(&self.to_string_lossy()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for PyStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PyStr, D::Error> {
        String::deserialize(d).map(PyStr::from)
    }
}

/// Appends one code point (surrogates included) as WTF-8.
pub(crate) fn push_wtf8(out: &mut Vec<u8>, cp: u32) {
    // Truncating casts are intended: each byte takes its masked bits.
    if cp < 0x80 {
        out.push(cp as u8);
    } else if cp < 0x800 {
        out.extend_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]);
    } else if cp < 0x10000 {
        out.extend_from_slice(&[0xE0 | (cp >> 12) as u8, 0x80 | ((cp >> 6) & 0x3F) as u8, 0x80 | (cp & 0x3F) as u8]);
    } else {
        out.extend_from_slice(&[
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3F) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    }
}

/// Iterator over the code points of WTF-8 bytes.
#[derive(Clone)]
pub struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    /// Inlined: its callers test each code point with a few instructions.
    #[inline]
    fn next(&mut self) -> Option<u32> {
        let rest = self.bytes.get(self.pos..)?;
        let (&b0, tail) = rest.split_first()?;
        let cont = |i: usize| tail.get(i).map_or(0, |&b| u32::from(b & 0x3F));
        let (cp, width) = if b0 < 0x80 {
            (u32::from(b0), 1)
        } else if b0 < 0xE0 {
            ((u32::from(b0 & 0x1F) << 6) | cont(0), 2)
        } else if b0 < 0xF0 {
            ((u32::from(b0 & 0x0F) << 12) | (cont(0) << 6) | cont(1), 3)
        } else {
            ((u32::from(b0 & 0x07) << 18) | (cont(0) << 12) | (cont(1) << 6) | cont(2), 4)
        };
        self.pos += width;
        Some(cp)
    }
}

/// A Python `int` from JSON: any size. Small values avoid allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    /// Fits in 64 bits.
    Small(i64),
    /// Decimal digits with an optional leading `-`, no leading zeros.
    Big(Box<str>),
}

/// A value as Python's `json` module produces it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (Python `None`).
    Null,
    /// `true`, `false`.
    Bool(bool),
    /// An integer literal, of any size up to [`crate::limits::MAX_INT_DIGITS`] digits.
    Int(Int),
    /// A number with a fraction or exponent, or `NaN`, `Infinity`, `-Infinity`.
    Float(f64),
    /// A string (lone surrogates included).
    Str(PyStr),
    /// An array.
    Array(Vec<Value>),
    /// An object, in key order, repeated keys resolved as `json.loads` does.
    Object(Object),
}

impl Value {
    /// Parses JSON text as Cinder's `json.loads` does (see
    /// `docs/cinder/json.md`): Python's extensions included (`NaN`,
    /// integers of any size, lone surrogates, duplicate keys), containers
    /// nested at most [`crate::limits::MAX_BODY_DEPTH`] levels, like a
    /// request body.
    ///
    /// ```
    /// use os_volume_manage::Value;
    /// let v = Value::parse(br#"{"k": 1, "k": NaN}"#).unwrap();
    /// assert_eq!(v.repr(), "{'k': nan}");
    /// ```
    pub fn parse(text: &[u8]) -> Result<Value, crate::ParseError> {
        crate::python::json::parse_with_max_depth(text, crate::limits::MAX_BODY_DEPTH)
    }

    /// [`Value::parse`] with another nesting limit (for a document that
    /// holds a body one or more levels down).
    pub fn parse_with_max_depth(text: &[u8], max_depth: usize) -> Result<Value, crate::ParseError> {
        crate::python::json::parse_with_max_depth(text, max_depth)
    }

    /// Python's `repr()` of the value, as Cinder's error texts print it.
    pub fn repr(&self) -> String {
        crate::python::repr::repr(self)
    }

    /// The object, if the value is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, by value; any other value comes back unchanged. (A
    /// `Value` has a `Drop` impl, so patterns cannot move out of it.)
    ///
    /// The emptied `Value::Str` left behind owns nothing (an empty string is
    /// stored in place), so it is forgotten rather than sent through
    /// `Value`'s `Drop`, a call that counts nesting depth: normalization
    /// takes every string field of a 202 this way.
    pub fn into_pystr(mut self) -> Result<PyStr, Value> {
        match &mut self {
            Value::Str(s) => {
                let s = std::mem::take(s);
                std::mem::forget(self);
                Ok(s)
            }
            _ => Err(self),
        }
    }

    /// The object, by value; any other value comes back unchanged. Like
    /// [`Value::into_pystr`], the emptied container is forgotten: an empty
    /// object holds no allocation.
    pub fn into_object(mut self) -> Result<Object, Value> {
        match &mut self {
            Value::Object(o) => {
                let o = std::mem::take(o);
                std::mem::forget(self);
                Ok(o)
            }
            _ => Err(self),
        }
    }

    /// Drops a value no longer needed. One that owns no heap memory (null,
    /// a boolean, a float, a small integer) is forgotten, which leaks
    /// nothing and skips `Value`'s `Drop` (see [`Value::into_pystr`]).
    pub(crate) fn discard(self) {
        match self {
            Value::Null | Value::Bool(_) | Value::Float(_) | Value::Int(Int::Small(_)) => std::mem::forget(self),
            _ => drop(self),
        }
    }

    /// The string, if the value is one.
    pub fn as_pystr(&self) -> Option<&PyStr> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The member `key` of an object (`None` for a missing key or a value
    /// that is not an object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// Equality with objects compared as Python compares dicts: the same
    /// members, in any order. (`==` compares member order too.) Arrays,
    /// strings and numbers compare as `==` does; iterative, so any depth is
    /// safe.
    pub fn eq_unordered(&self, other: &Value) -> bool {
        let mut pending = vec![(self, other)];
        while let Some((a, b)) = pending.pop() {
            match (a, b) {
                (Value::Array(x), Value::Array(y)) => {
                    if x.len() != y.len() {
                        return false;
                    }
                    pending.extend(x.iter().zip(y.iter()));
                }
                (Value::Object(x), Value::Object(y)) => {
                    if x.len() != y.len() {
                        return false;
                    }
                    for (key, value) in x.iter() {
                        match y.position(key).and_then(|at| y.entries.get(at)) {
                            Some((_, theirs)) => pending.push((value, theirs)),
                            None => return false,
                        }
                    }
                }
                (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => return false,
                (x, y) if x != y => return false,
                _ => {}
            }
        }
        true
    }

    /// Python truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(Int::Small(n)) => *n != 0,
            Value::Int(Int::Big(_)) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
        }
    }

    /// True when serde output cannot carry this value exactly: a string
    /// with a lone surrogate (serde strings are Rust `str`s) or an integer
    /// beyond what `u64`/`i64` hold. Iterative.
    pub(crate) fn serde_is_lossy(&self) -> bool {
        let lossy = |v: &Value| match v {
            Value::Str(s) => s.has_lone_surrogate(),
            Value::Int(Int::Big(digits)) => digits.parse::<u64>().is_err(),
            _ => false,
        };
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(o) => {
                    for (k, v) in o.iter() {
                        if k.has_lone_surrogate() {
                            return true;
                        }
                        stack.push(v);
                    }
                }
                other if lossy(other) => return true,
                _ => {}
            }
        }
        false
    }

    /// True when the JSON report cannot carry this value exactly: NaN and
    /// the infinities have no JSON spelling (written as null). Iterative.
    pub(crate) fn has_non_finite_float(&self) -> bool {
        let non_finite = |v: &Value| matches!(v, Value::Float(f) if !f.is_finite());
        let flat = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
        // A flat value or container (the usual `ref`) needs no work list.
        match self {
            Value::Array(items) if items.iter().all(flat) => return items.iter().any(non_finite),
            Value::Object(o) if o.iter().all(|(_, v)| flat(v)) => return o.iter().any(|(_, v)| non_finite(v)),
            v if flat(v) => return non_finite(v),
            _ => {}
        }
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            match v {
                Value::Float(f) if !f.is_finite() => return true,
                Value::Array(items) => stack.extend(items.iter()),
                Value::Object(o) => stack.extend(o.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
        false
    }
}

/// Dropping is iterative: a value built by a caller (not by the parser,
/// which caps depth) can nest deeper than any stack; the compiler's
/// recursive drop would overflow it. Shallow trees (every request Cinder
/// can parse is at most a few levels deep in practice) are dropped
/// recursively, which needs no allocation; only past
/// a fixed number of levels does a drop switch to a heap work list.
impl Drop for Value {
    // Inlined into the drop glue: most values are scalars, which need only
    // this test, not a call.
    #[inline(always)]
    fn drop(&mut self) {
        if self.is_container() {
            self.drop_children();
        }
    }
}

impl Value {
    /// [`Value`]'s drop for a non-empty container.
    fn drop_children(&mut self) {
        let depth = DROP_DEPTH.with(Cell::get);
        if depth < RECURSIVE_DROP_DEPTH {
            DROP_DEPTH.with(|d| d.set(depth + 1));
            // The children drop here, inside the counted level.
            match self {
                Value::Array(items) => drop(std::mem::take(items)),
                Value::Object(o) => drop(o.take_entries()),
                _ => {}
            }
            DROP_DEPTH.with(|d| d.set(depth));
            return;
        }
        let mut pending: Vec<Value> = match self {
            Value::Array(items) => std::mem::take(items),
            Value::Object(o) => o.take_entries().into_iter().map(|(_, v)| v).collect(),
            _ => return,
        };
        while let Some(mut v) = pending.pop() {
            match &mut v {
                Value::Array(items) => pending.append(items),
                Value::Object(o) => pending.extend(o.take_entries().into_iter().map(|(_, v)| v)),
                _ => {}
            }
            // `v` now holds no children: its own drop returns at once.
        }
    }
}

/// Levels [`Value::nesting_depth`] walks by plain recursion before it
/// switches to a heap work list.
const RECURSIVE_DEPTH_WALK: usize = 32;

/// The nesting depth of `v` if it is at most `budget`, by recursion.
fn shallow_depth(v: &Value, budget: usize) -> Option<usize> {
    let deepest = |children: &mut dyn Iterator<Item = &Value>| -> Option<usize> {
        let below = budget.checked_sub(1)?;
        let mut deepest = 0;
        for child in children {
            deepest = deepest.max(shallow_depth(child, below)?);
        }
        Some(deepest + 1)
    };
    match v {
        Value::Array(items) => deepest(&mut items.iter()),
        Value::Object(o) => deepest(&mut o.iter().map(|(_, v)| v)),
        _ => Some(0),
    }
}

/// Levels dropped by plain recursion before the drop turns iterative: far
/// below any stack limit (each level is one small frame), far above the
/// depth of real requests.
const RECURSIVE_DROP_DEPTH: u32 = 64;

std::thread_local! {
    /// How many recursive [`Value`] drops are in progress on this thread.
    static DROP_DEPTH: Cell<u32> = const { Cell::new(0) };
}

impl Value {
    fn is_container(&self) -> bool {
        matches!(self, Value::Array(items) if !items.is_empty()) || matches!(self, Value::Object(o) if !o.is_empty())
    }

    /// Containers on the deepest path, this value included (a scalar: 0).
    /// Iterative, so any depth is safe to measure.
    pub fn nesting_depth(&self) -> usize {
        // A request-shaped tree: walked by plain recursion, no work list.
        if let Some(depth) = shallow_depth(self, RECURSIVE_DEPTH_WALK) {
            return depth;
        }
        let mut deepest = 0;
        let mut stack: Vec<(&Value, usize)> = vec![(self, 1)];
        while let Some((v, depth)) = stack.pop() {
            match v {
                Value::Array(items) => {
                    deepest = deepest.max(depth);
                    stack.extend(items.iter().map(|i| (i, depth + 1)));
                }
                Value::Object(o) => {
                    deepest = deepest.max(depth);
                    stack.extend(o.iter().map(|(_, i)| (i, depth + 1)));
                }
                _ => {}
            }
        }
        deepest
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(Int::Small(n)) => s.serialize_i64(*n),
            Value::Int(Int::Big(digits)) => match digits.parse::<u64>() {
                Ok(n) => s.serialize_u64(n),
                // Beyond u64 a JSON writer would need arbitrary precision; the
                // nearest double keeps the magnitude. Flagged as lossy output.
                Err(_) => s.serialize_f64(digits.parse::<f64>().unwrap_or(f64::NAN)),
            },
            // serde_json writes non-finite floats as null; flagged as lossy.
            Value::Float(f) => s.serialize_f64(*f),
            Value::Str(text) => text.serialize(s),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(o) => o.serialize(s),
        }
    }
}

impl serde::Serialize for Object {
    /// The members in order.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    /// Builds a value from any serde format, keeping the order of object
    /// members as the format delivers them (serde_json: document order) and
    /// `json.loads`'s rule for repeated keys. Integers beyond `i64` keep
    /// their digits. (For JSON text, [`Value::parse`] is the exact,
    /// Python-compatible parser: `NaN`, huge integers, lone surrogates.)
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

impl<'de> serde::Deserialize<'de> for Object {
    /// An object (see [`Value`]'s `Deserialize`); anything else is an error.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
        d.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Object, A::Error> {
        match ValueVisitor.visit_map(map)?.into_object() {
            Ok(o) => Ok(o),
            Err(_) => Err(serde::de::Error::custom("expected a JSON object")),
        }
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Int(Int::Small(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Int(match i64::try_from(n) {
            Ok(small) => Int::Small(small),
            Err(_) => Int::Big(n.to_string().into_boxed_str()),
        }))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(Value::Int(match i64::try_from(n) {
            Ok(small) => Int::Small(small),
            Err(_) => Int::Big(n.to_string().into_boxed_str()),
        }))
    }
    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(Value::Int(match i64::try_from(n) {
            Ok(small) => Int::Small(small),
            Err(_) => Int::Big(n.to_string().into_boxed_str()),
        }))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(PyStr::from(s)))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(PyStr::from(s)))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // Member by member with `insert` (json.loads's rule for a repeated
        // key), leaving `from_members` to the parser alone.
        let mut object = Object::new();
        while let Some((key, value)) = map.next_entry::<PyStr, Value>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A Python `dict` from JSON: insertion-ordered, keys unique.
///
/// Building with [`Object::insert`] follows `json.loads`: a repeated key
/// replaces the value but keeps the position of its first occurrence.
#[derive(Clone, Debug, Default)]
pub struct Object {
    entries: Vec<(PyStr, Value)>,
    /// Built only for large objects, so small ones stay allocation-light
    /// (boxed, so an object, and with it every [`Value`], stays small).
    #[allow(clippy::box_collection, reason = "the box is the point: one word instead of six in every object")]
    index: Option<Box<HashMap<PyStr, usize>>>,
}

/// Objects up to this many keys find duplicates by scanning: comparing short
/// inline keys is cheaper than hashing each one (SipHash), and beyond this
/// size the hashed index keeps duplicate detection linear.
const LINEAR_SCAN_MAX: usize = 128;

/// False when no two keys can be equal: each key sets the bit of its
/// [`PyStr::digest`] in a 128-bit set, and only a bit hit twice calls for
/// comparing the keys pair by pair (a few instructions per key instead of
/// a comparison per pair).
fn may_repeat(entries: &[(PyStr, Value)]) -> bool {
    // Two words rather than a u128, whose variable shifts cost more.
    let mut seen = [0u64; 2];
    for (key, _) in entries {
        let digest = key.digest();
        let bit = 1u64 << (digest % 64);
        let Some(word) = seen.get_mut((digest / 64) as usize) else { return true };
        if *word & bit != 0 {
            return true;
        }
        *word |= bit;
    }
    false
}

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        self.entries == other.entries
    }
}

impl Object {
    /// An empty object.
    pub fn new() -> Object {
        Object::default()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The members, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&PyStr, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The members in order, as a slice (writers walk it without a work list).
    pub(crate) fn members(&self) -> &[(PyStr, Value)] {
        &self.entries
    }

    /// Moves the entries out (for [`Value`]'s drop).
    fn take_entries(&mut self) -> Vec<(PyStr, Value)> {
        self.index = None;
        std::mem::take(&mut self.entries)
    }

    /// An object from members in text order, with `json.loads`'s rule for
    /// repeated keys. The parser collects members first so each object is
    /// allocated once at its final size; duplicates are rare, so they are
    /// looked for before anything is rebuilt.
    pub(crate) fn from_members(entries: Vec<(PyStr, Value)>) -> Object {
        if entries.len() <= LINEAR_SCAN_MAX {
            let repeated = may_repeat(&entries)
                && entries.iter().enumerate().any(|(i, (key, _))| entries.iter().take(i).any(|(k, _)| k == key));
            if !repeated {
                return Object { entries, index: None };
            }
        }
        let mut object = Object { entries: Vec::with_capacity(entries.len()), index: None };
        for (k, v) in entries {
            object.insert(k, v);
        }
        object
    }

    /// Takes a member's value out, leaving `null` in its place (the keys
    /// and their order do not change).
    pub fn take_value(&mut self, key: &str) -> Option<Value> {
        let at = self.position(&PyStr::from(key))?;
        self.entries.get_mut(at).map(|(_, v)| std::mem::replace(v, Value::Null))
    }

    /// The members, in order, by value.
    pub fn into_entries(mut self) -> Vec<(PyStr, Value)> {
        self.take_entries()
    }

    /// The member values in order, to change in place (names and order stay).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// The member names in order.
    pub fn keys(&self) -> impl Iterator<Item = &PyStr> {
        self.entries.iter().map(|(k, _)| k)
    }

    fn position(&self, key: &PyStr) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    /// Looks a key up by its text.
    pub fn get(&self, key: &str) -> Option<&Value> {
        let at = self.position(&PyStr::from(key))?;
        self.entries.get(at).map(|(_, v)| v)
    }

    /// Whether a member has this key.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(&PyStr::from(key)).is_some()
    }

    /// Inserts with Python `dict` semantics (see the type's documentation).
    pub fn insert(&mut self, key: PyStr, value: Value) {
        if let Some(at) = self.position(&key) {
            if let Some(slot) = self.entries.get_mut(at) {
                slot.1 = value;
            }
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        } else if self.entries.len() >= LINEAR_SCAN_MAX {
            let mut index: HashMap<PyStr, usize> =
                self.entries.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
            index.insert(key.clone(), self.entries.len());
            self.index = Some(Box::new(index));
        }
        self.entries.push((key, value));
    }
}

impl From<&str> for Value {
    /// A string value.
    fn from(s: &str) -> Value {
        Value::Str(PyStr::from(s))
    }
}

impl From<PyStr> for Value {
    /// A string value.
    fn from(s: PyStr) -> Value {
        Value::Str(s)
    }
}

impl From<Object> for Value {
    /// An object value.
    fn from(o: Object) -> Value {
        Value::Object(o)
    }
}

impl FromIterator<(PyStr, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (PyStr, Value)>>(iter: I) -> Object {
        let mut o = Object::new();
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

#[cfg(feature = "serde_json")]
impl From<&serde_json::Value> for Value {
    /// Converts a serde_json value (always representable: serde_json holds a
    /// subset of what Python's parser can produce).
    fn from(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::Int(Int::Small(i))
                } else if let Some(u) = n.as_u64() {
                    Value::Int(Int::Big(u.to_string().into_boxed_str()))
                } else {
                    Value::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => Value::Str(PyStr::from(s.as_str())),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (PyStr::from(k.as_str()), Value::from(v))).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        match Value::parse(text.as_bytes()) {
            Ok(v) => v,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn nesting_depth_counts_empty_containers_and_every_level() {
        for (text, depth) in [
            ("1", 0),
            ("\"s\"", 0),
            ("[]", 1),
            ("{}", 1),
            ("[1, \"a\"]", 1),
            ("[[]]", 2),
            ("{\"a\": {}}", 2),
            ("{\"a\": 1, \"b\": [1, [2, {}]]}", 4),
            ("[[[[[]]]], []]", 5),
        ] {
            assert_eq!(parse(text).nesting_depth(), depth, "{text}");
        }
        let mut deep = Value::Array(Vec::new());
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        assert_eq!(deep.nesting_depth(), 100_001);
        // Dropping it (recursive for 64 levels, then iterative) must not overflow the stack.
        drop(deep);
    }

    #[test]
    fn repeated_keys_keep_the_first_position_and_the_last_value() {
        let o = parse(r#"{"a": 1, "b": 2, "a": 3}"#);
        let keys: Vec<_> = o.as_object().map(|o| o.keys().map(|k| k.to_string_lossy()).collect()).unwrap_or_default();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(o.as_object().and_then(|o| o.get("a")), Some(&Value::Int(Int::Small(3))));
        // Beyond the linear-scan size the hashed index takes over.
        let text = format!(
            "{{{}, \"k0\": \"last\"}}",
            (0..300).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(", ")
        );
        let o = parse(&text);
        let o = o.as_object().cloned().unwrap_or_default();
        assert_eq!(o.len(), 300);
        assert_eq!(o.keys().next().map(PyStr::to_string_lossy).as_deref(), Some("k0"));
        assert_eq!(o.get("k0"), Some(&Value::Str(PyStr::from("last"))));
        assert_eq!(o.get("k299"), Some(&Value::Int(Int::Small(299))));
    }
}

#[cfg(test)]
mod screen_tests {
    use super::*;

    #[test]
    fn from_text_between_matches_slicing_the_text() {
        let text = "\"a\u{e9}\u{65e5}bcdefghijklmnopqrstuvwxyz0123456789\"";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if let Some(part) = text.get(start..end) {
                    let made = PyStr::from_text_between(text, start, end);
                    assert_eq!(made, PyStr::from(part), "{start}..{end}");
                    assert_eq!(made.as_str(), Some(part), "{start}..{end}");
                }
            }
        }
    }

    #[test]
    fn from_members_keeps_the_first_position_and_last_value_like_insert() {
        // Keys from a small set (so repeats are common), of every
        // representation: empty, inline, heap.
        let pool: Vec<PyStr> = ["", "a", "b", "host", "name", "key1", "key2", "availability_zone"]
            .into_iter()
            .map(String::from)
            .chain((0..6).map(|i| format!("a-key-long-enough-for-the-heap-{i}")))
            .chain((0..6).map(|i| format!("k{i:07}")))
            .map(PyStr::from)
            .collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let members: Vec<(PyStr, Value)> = (0..len)
                .map(|i| {
                    let key = pool[((seed >> (5 * i + 4)) % pool.len() as u64) as usize].clone();
                    (key, Value::Int(Int::Small(i as i64)))
                })
                .collect();
            let expected: Object = members.iter().cloned().collect();
            let got = Object::from_members(members.clone());
            assert_eq!(got, expected, "{members:?}");
            let unique = members.iter().enumerate().all(|(i, (k, _))| members[..i].iter().all(|(j, _)| j != k));
            if !may_repeat(&members) {
                assert!(unique, "{members:?}");
            }
        }
    }
}

#[cfg(test)]
mod serde_tests {
    use super::*;

    /// Deserialized values keep document order and json.loads's rule for a
    /// repeated key (first position, last value); integers keep their digits.
    #[test]
    fn deserialize_keeps_order_and_the_repeated_key_rule() {
        let text = r#"{"b": 1, "a": [true, null, 1.5], "b": 18446744073709551615, "c": {"z": "x", "y": -1}}"#;
        let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        assert_eq!(v.to_json(), r#"{"b":18446744073709551615,"a":[true,null,1.5],"c":{"z":"x","y":-1}}"#);
        assert_eq!(serde_json::to_string(&v).ok().as_deref(), Some(v.to_json().as_str()));
        let o: Result<Object, _> = serde_json::from_str("[1]");
        assert!(o.is_err_and(|e| e.to_string().contains("expected a JSON object")));
        assert!(v.eq_unordered(
            &serde_json::from_str(r#"{"c": {"y": -1, "z": "x"}, "a": [true, null, 1.5], "b": 18446744073709551615}"#)
                .unwrap_or(Value::Null)
        ));
        assert!(!v.eq_unordered(
            &serde_json::from_str(r#"{"b": 1, "a": [true, null, 1.5], "c": {"z": "x", "y": -1}}"#)
                .unwrap_or(Value::Null)
        ));
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// Values are moved around by the parser and stored by the thousand:
    /// keep them small (the hash index is boxed for this).
    #[test]
    fn values_stay_small() {
        assert_eq!(std::mem::size_of::<PyStr>(), 24);
        assert!(std::mem::size_of::<Value>() <= 32, "{}", std::mem::size_of::<Value>());
    }
}
