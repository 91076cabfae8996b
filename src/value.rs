//! The JSON value model Cinder's Python sees after `json.loads`.
//!
//! serde_json cannot hold everything Python's parser produces: lone UTF-16
//! surrogates (`"\ud800"`), integers of any size, `NaN`/`Infinity`, and the
//! "duplicate keys: last value wins, first position kept" rule. Verdicts and
//! error texts depend on all of these, so the core works on this model.

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
            // Inline text is always valid UTF-8 (only `from_utf8_str` makes it).
            Repr::Inline { .. } => std::str::from_utf8(self.as_wtf8()).ok(),
            Repr::Utf8(s) => Some(s),
            Repr::Wtf8(_) => None,
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

    /// Python truthiness of a `str`.
    pub fn is_empty(&self) -> bool {
        self.as_wtf8().is_empty()
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

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::pyfmt::repr_str(self))
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
    Small(i64),
    /// Decimal digits with an optional leading `-`, no leading zeros.
    Big(Box<str>),
}

/// A value as Python's `json` module produces it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(Int),
    Float(f64),
    Str(PyStr),
    Array(Vec<Value>),
    Object(Object),
}

impl Value {
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_pystr(&self) -> Option<&PyStr> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
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

    /// True when the JSON report cannot carry this value exactly: NaN and
    /// the infinities have no JSON spelling (written as null). Iterative.
    pub(crate) fn has_non_finite_float(&self) -> bool {
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
/// recursive drop would overflow it.
impl Drop for Value {
    fn drop(&mut self) {
        let mut pending: Vec<Value> = match self {
            Value::Array(items) if items.iter().any(Value::is_container) => std::mem::take(items),
            Value::Object(o) if o.iter().any(|(_, v)| v.is_container()) => o.take_values(),
            _ => return,
        };
        while let Some(mut v) = pending.pop() {
            match &mut v {
                Value::Array(items) => pending.append(items),
                Value::Object(o) => pending.extend(o.take_values()),
                _ => {}
            }
            // `v` now holds no children: its own drop returns at once.
        }
    }
}

impl Value {
    fn is_container(&self) -> bool {
        matches!(self, Value::Array(items) if !items.is_empty()) || matches!(self, Value::Object(o) if !o.is_empty())
    }

    /// Containers on the deepest path, this value included (a scalar: 0).
    /// Iterative, so any depth is safe to measure.
    pub fn nesting_depth(&self) -> usize {
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
        use serde::ser::{SerializeMap, SerializeSeq};
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
            Value::Object(o) => {
                let mut map = s.serialize_map(Some(o.len()))?;
                for (k, v) in o.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// A Python `dict` from JSON: insertion-ordered, keys unique.
///
/// Building with [`Object::insert`] follows `json.loads`: a repeated key
/// replaces the value but keeps the position of its first occurrence.
#[derive(Clone, Debug, Default)]
pub struct Object {
    entries: Vec<(PyStr, Value)>,
    /// Built only for large objects, so small ones stay allocation-light.
    index: Option<HashMap<PyStr, usize>>,
}

/// Objects up to this many keys find duplicates by scanning: comparing short
/// inline keys is cheaper than hashing each one (SipHash), and beyond this
/// size the hashed index keeps duplicate detection linear.
const LINEAR_SCAN_MAX: usize = 128;

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        self.entries == other.entries
    }
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&PyStr, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Moves the values out (for [`Value`]'s iterative drop).
    fn take_values(&mut self) -> Vec<Value> {
        self.index = None;
        std::mem::take(&mut self.entries).into_iter().map(|(_, v)| v).collect()
    }

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
            self.index = Some(index);
        }
        self.entries.push((key, value));
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
