//! Cinder's request schemas, applied the way its jsonschema `Draft4Validator`
//! applies them (`cinder/api/validation/validators.py: _SchemaValidator`;
//! `docs/cinder/schemas.md`).
//!
//! Errors come out in jsonschema's iteration order (schema keyword order,
//! properties in schema order, pattern properties in document order), so the
//! first one is the error Cinder reports. Each error carries what is needed
//! to print Cinder's exact text; that text is only built for the first one.

use std::rc::Rc;

use crate::cinder::description::{describe_rejected_code_point, description_accepts, description_pattern_repr_str};
use crate::cinder::fields::{is_allowed, Field, Members};
use crate::cinder::version::{Kind, GENERIC_500};
use crate::limits::MAX_STRING_LENGTH as MAX_LENGTH;
use crate::python::repr::{push_repr, push_repr_str, push_str_value};
use crate::python::unicode::UnicodeVersion;
use crate::python::value::{Object, PyStr, Value};
use crate::report::issues::IssueList;
use crate::report::pointer::{escape_token, escaped_len};
use crate::report::{Code, Issue};
use crate::text::{exact_wtf8, Sink, Wtf8Buf};

/// Python's repr of `parameter_types.boolean`'s enum (26 members: the two
/// booleans and 24 strings, in schema order), as jsonschema prints it.
const BOOLEAN_ENUM_REPR: &str = "[True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f']";

/// What `bootable` means when it passes the schema's enum, or `None`.
pub(crate) fn bootable_value(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Str(s) => match s.as_wtf8() {
            b"True" | b"TRUE" | b"true" | b"1" | b"ON" | b"On" | b"on" | b"YES" | b"Yes" | b"yes" | b"y" | b"t" => {
                Some(true)
            }
            b"False" | b"FALSE" | b"false" | b"0" | b"OFF" | b"Off" | b"off" | b"NO" | b"No" | b"no" | b"n" | b"f" => {
                Some(false)
            }
            _ => None,
        },
        _ => None,
    }
}

const HOST_PATTERN_REPR: &str = r"'^[a-zA-Z0-9-._#@:/+\\[\\]]*$'";
/// Python's repr of the metadata key pattern, as Cinder's messages print it.
pub(crate) const METADATA_KEY_PATTERN_REPR: &str = "'^[a-zA-Z0-9-_:. /]{1,255}$'";

/// Which jsonschema message an error prints, and the Unicode version of the
/// server's Python, which decides what its `repr()`s print literally.
///
/// The version rides in every variant, where it fills the room beside the
/// variant's tag: a separate field of [`ServerText::Schema`] would make a
/// [`Found`] 120 bytes instead of twice an [`Issue`], and turning the
/// pipeline's `Vec<Found>` into a `Vec<Issue>` in place would then need a
/// reallocation (`found_is_two_issues` checks the sizes).
#[derive(Clone, Debug)]
pub(crate) enum Message<'a> {
    Type(&'static [&'static str], UnicodeVersion),
    Required(&'static str, UnicodeVersion),
    /// `additionalProperties: false` without pattern properties. Shared by
    /// the one issue per key (`Rc`: a copy per key would be quadratic).
    Additional(Rc<[&'a PyStr]>, UnicodeVersion),
    /// `additionalProperties: false` beside `patternProperties` (metadata keys).
    NoPatternMatch(Rc<[&'a PyStr]>, UnicodeVersion),
    NonEmpty(UnicodeVersion),
    TooLong(UnicodeVersion),
    /// The description pattern is that of the message's Unicode version.
    Pattern(PatternName, UnicodeVersion),
    Enum(UnicodeVersion),
    Uuid(UnicodeVersion),
}

impl Message<'_> {
    /// The Unicode version of the server's Python.
    fn unicode(&self) -> UnicodeVersion {
        match self {
            Message::Type(_, u)
            | Message::Required(_, u)
            | Message::Additional(_, u)
            | Message::NoPatternMatch(_, u)
            | Message::NonEmpty(u)
            | Message::TooLong(u)
            | Message::Pattern(_, u)
            | Message::Enum(u)
            | Message::Uuid(u) => *u,
        }
    }
}

/// Which pattern a `pattern` error prints (rendered only for the first error).
#[derive(Clone, Copy, Debug)]
pub(crate) enum PatternName {
    Host,
    Description,
}

/// Where Cinder's text comes from.
#[derive(Clone, Debug)]
pub(crate) enum ServerText<'a> {
    /// A jsonschema `ValidationError`: HTTP 400.
    Schema {
        /// The last element of the error's path (`None` at the top level).
        field: Option<&'a PyStr>,
        field_static: Option<&'static str>,
        instance: &'a Value,
        message: Message<'a>,
    },
    /// A fixed status and text (controller errors, crashes).
    Fixed { status: u16, text: String },
    /// A fixed status and a text around one string of the request, printed
    /// with Python `str()` (`before`, the string, `after`); built only if
    /// it is the first error, so a long value is not copied for nothing.
    Around { status: u16, before: &'static str, value: &'a PyStr, after: &'static str },
}

/// An error found, with Cinder's view of it.
#[derive(Clone, Debug)]
pub(crate) struct Found<'a> {
    pub issue: Issue,
    pub server: ServerText<'a>,
}

impl ServerText<'_> {
    pub(crate) fn status(&self) -> u16 {
        match self {
            ServerText::Schema { .. } => 400,
            ServerText::Fixed { status, .. } | ServerText::Around { status, .. } => *status,
        }
    }

    /// Cinder's fault message, byte for byte, lone surrogates of the
    /// request included (Cinder's JSON fault body carries them as `\udXXX`
    /// escapes), in a buffer of exactly its size (it may echo a 40 MB value
    /// twice).
    pub(crate) fn render(&self) -> Wtf8Buf {
        match self {
            ServerText::Fixed { text, .. } => Wtf8Buf::from(text.clone()),
            ServerText::Around { before, value, after, .. } => exact_wtf8(0, |out| {
                out.put(before);
                out.put_pystr(value);
                out.put(after);
            }),
            ServerText::Schema { field, field_static, instance, message } => {
                let unicode = message.unicode();
                // jsonschema sorts unexpected names (Python `str` order =
                // code point order, which WTF-8 byte order preserves); sort
                // once for both passes. Keys are distinct, so an unstable
                // sort gives the same order.
                let sorted = match message {
                    Message::Additional(names, _) | Message::NoPatternMatch(names, _) => {
                        // `PyStr`'s order is WTF-8 byte order. A heap sort:
                        // the slice sorts' code is 18 KB of the wasm module,
                        // for a message printed once per rejected request.
                        std::collections::BinaryHeap::from(names.to_vec()).into_sorted_vec()
                    }
                    _ => Vec::new(),
                };
                exact_wtf8(schema_text_capacity(instance, message), |out| {
                    if field.is_some() || field_static.is_some() {
                        out.put("Invalid input for field/attribute ");
                        if let Some(name) = field_static {
                            out.put(name);
                        } else if let Some(key) = field {
                            out.put_pystr(key);
                        }
                        out.put(". Value: ");
                        push_str_value(out, instance, unicode);
                        out.put(". ");
                    }
                    push_message(out, instance, message, &sorted);
                })
            }
        }
    }
}

/// Room for a schema error's text (one allocation for the usual short
/// text): the field name, the value printed twice (`str` and `repr`), the
/// pattern, and the fixed words. Only an estimate; a long text is sized
/// exactly by [`exact_wtf8`] anyway.
fn schema_text_capacity(instance: &Value, message: &Message<'_>) -> usize {
    let value = match instance {
        Value::Str(s) => 2 * s.as_wtf8().len(),
        _ => 64,
    };
    let pattern = match message {
        Message::Pattern(PatternName::Description, u) => description_pattern_repr_str(*u).len(),
        Message::Pattern(PatternName::Host, _) => HOST_PATTERN_REPR.len(),
        Message::Enum(_) => BOOLEAN_ENUM_REPR.len(),
        Message::NoPatternMatch(..) => METADATA_KEY_PATTERN_REPR.len(),
        _ => 0,
    };
    160 + value + pattern
}

/// jsonschema's message; `sorted`: the names of an `additionalProperties`
/// error, sorted.
fn push_message(out: &mut dyn Sink, instance: &Value, message: &Message<'_>, sorted: &[&PyStr]) {
    let unicode = message.unicode();
    match message {
        Message::Type(types, _) => {
            push_repr(out, instance, unicode);
            out.put(" is not of type ");
            for (i, t) in types.iter().enumerate() {
                if i > 0 {
                    out.put(", ");
                }
                out.put_fmt(format_args!("'{t}'"));
            }
        }
        Message::Required(name, _) => out.put_fmt(format_args!("'{name}' is a required property")),
        Message::Additional(..) => {
            out.put("Additional properties are not allowed (");
            push_reprs(out, sorted, unicode);
            out.put(if sorted.len() == 1 { " was unexpected)" } else { " were unexpected)" })
        }
        Message::NoPatternMatch(..) => {
            push_reprs(out, sorted, unicode);
            out.put(if sorted.len() == 1 { " does" } else { " do" });
            out.put(" not match any of the regexes: ");
            out.put(METADATA_KEY_PATTERN_REPR)
        }
        Message::NonEmpty(_) => {
            push_repr(out, instance, unicode);
            out.put(" should be non-empty")
        }
        Message::TooLong(_) => {
            push_repr(out, instance, unicode);
            out.put(" is too long")
        }
        Message::Pattern(pattern, _) => {
            push_repr(out, instance, unicode);
            out.put(" does not match ");
            match pattern {
                PatternName::Host => out.put(HOST_PATTERN_REPR),
                PatternName::Description => out.put(description_pattern_repr_str(unicode)),
            }
        }
        Message::Enum(_) => {
            push_repr(out, instance, unicode);
            out.put(" is not one of ");
            out.put(BOOLEAN_ENUM_REPR)
        }
        Message::Uuid(_) => {
            push_repr(out, instance, unicode);
            out.put(" is not a 'uuid'")
        }
    }
}

/// The reprs of `names`, comma-separated.
fn push_reprs(out: &mut dyn Sink, names: &[&PyStr], unicode: UnicodeVersion) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.put(", ");
        }
        push_repr_str(out, name, unicode);
    }
}

/// A field's JSON types as written in the schema.
#[derive(Clone, Copy)]
enum Types {
    StringOrNull,
    BooleanOrString,
    ObjectOrString,
    ObjectOrNullOrString,
    ObjectOrNull,
    Object,
    String,
}

impl Types {
    fn names(self) -> &'static [&'static str] {
        match self {
            Types::StringOrNull => &["string", "null"],
            Types::BooleanOrString => &["boolean", "string"],
            Types::ObjectOrString => &["object", "string"],
            Types::ObjectOrNullOrString => &["object", "null", "string"],
            Types::ObjectOrNull => &["object", "null"],
            Types::Object => &["object"],
            Types::String => &["string"],
        }
    }

    fn admits(self, v: &Value) -> bool {
        matches!(
            (self, v),
            (Types::StringOrNull, Value::Str(_) | Value::Null)
                | (Types::BooleanOrString, Value::Bool(_) | Value::Str(_))
                | (Types::ObjectOrString, Value::Object(_) | Value::Str(_))
                | (Types::ObjectOrNullOrString, Value::Object(_) | Value::Null | Value::Str(_))
                | (Types::ObjectOrNull, Value::Object(_) | Value::Null)
                | (Types::Object, Value::Object(_))
                | (Types::String, Value::Str(_))
        )
    }

    fn expected_for_people(self) -> &'static str {
        match self {
            Types::StringOrNull => "a string or null",
            Types::BooleanOrString => "a boolean or one of Cinder's boolean strings",
            Types::ObjectOrString => "an object (or a string)",
            Types::ObjectOrNullOrString => "an object, a string or null",
            Types::ObjectOrNull => "an object or null",
            Types::Object => "an object",
            Types::String => "a string",
        }
    }
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(f) if !f.is_finite() => "a non-finite number",
        Value::Float(_) => "a number",
        Value::Str(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The length in code points of a string value longer than `maxLength`.
fn too_long(v: &Value) -> Option<usize> {
    let Value::Str(s) = v else { return None };
    // A string of at most 255 bytes has at most 255 code points.
    if s.as_wtf8().len() <= MAX_LENGTH {
        return None;
    }
    Some(s.len_code_points()).filter(|&n| n > MAX_LENGTH)
}

fn too_long_message(what: impl std::fmt::Display, n: usize) -> String {
    format!("{what} is {n} characters long; Cinder allows at most {MAX_LENGTH} (counted in Unicode code points)")
}

/// "the metadata value for key 'k'", formatted only when needed.
struct MetadataValueName<'a>(&'a PyStr);

impl std::fmt::Display for MetadataValueName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the metadata value for key {}", crate::python::repr::repr_str_short(self.0))
    }
}

/// Collects errors in Cinder's order.
pub(crate) struct Validator<'a> {
    pub(crate) found: IssueList<Found<'a>>,
    pub unicode: UnicodeVersion,
}

/// A field under validation: where it is and its name in Cinder's text.
/// The pointer text is only built when an error is reported.
#[derive(Clone, Copy)]
struct At<'a> {
    /// Pointer of the containing object: "", "/volume", "/volume/metadata"…
    parent: &'static str,
    field: Option<&'a PyStr>,
    field_static: Option<&'static str>,
}

impl<'a> At<'a> {
    const ROOT: At<'static> = At { parent: "", field: None, field_static: None };

    fn named(parent: &'static str, name: &'static str) -> At<'a> {
        At { parent, field: None, field_static: Some(name) }
    }

    /// Cinder's text for an error on this field.
    fn server(&self, instance: &'a Value, message: Message<'a>) -> ServerText<'a> {
        ServerText::Schema { field: self.field, field_static: self.field_static, instance, message }
    }

    fn token(&self) -> Option<Token<'a>> {
        self.field_static.map(Token::Name).or_else(|| self.field.map(|k| Token::Key(k.as_wtf8())))
    }

    fn pointer(&self) -> String {
        self.pointer_to(None)
    }

    /// The pointer of a member of this object, by its key.
    fn child(&self, member: &'a [u8]) -> String {
        self.pointer_to(Some(Token::Key(member)))
    }

    /// The pointer of a member of this object named by the schema.
    fn child_name(&self, member: &'static str) -> String {
        self.pointer_to(Some(Token::Name(member)))
    }

    /// This field's pointer, or its `member`'s, in a `String` without
    /// spare room worth counting (a member name can be 40 MB long).
    fn pointer_to(&self, member: Option<Token<'a>>) -> String {
        let tokens = [self.token(), member];
        // A short token gets room for its worst case (3 bytes a byte) rather
        // than a measuring pass; a long one exactly its escaped size.
        let room = |t: &[u8]| if t.len() <= 64 { t.len() * 3 } else { escaped_len(t) };
        let len = self.parent.len() + tokens.iter().flatten().map(|t| 1 + room(t.bytes())).sum::<usize>();
        let mut out = String::with_capacity(len);
        out.push_str(self.parent);
        for token in tokens.into_iter().flatten() {
            out.push('/');
            // Letters, digits, `-`, `.` and `_` (most names) are written as
            // they are (RFC 6901 and percent-encoding leave them alone), in
            // one piece rather than byte by byte.
            let bytes = token.bytes();
            let plain = bytes.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
            match token {
                Token::Name(text) if plain => out.push_str(text),
                Token::Key(_) if plain => match std::str::from_utf8(bytes) {
                    Ok(text) => out.push_str(text),
                    Err(_) => escape_token(&mut out, bytes),
                },
                _ => escape_token(&mut out, bytes),
            }
        }
        out
    }
}

/// One reference token of a pointer: a name from the schema (Rust text)
/// or a key from the request (WTF-8 bytes).
#[derive(Clone, Copy)]
enum Token<'t> {
    Name(&'t str),
    Key(&'t [u8]),
}

impl<'t> Token<'t> {
    fn bytes(self) -> &'t [u8] {
        match self {
            Token::Name(text) => text.as_bytes(),
            Token::Key(bytes) => bytes,
        }
    }
}

impl<'a> Validator<'a> {
    pub(crate) fn new(unicode: UnicodeVersion) -> Validator<'a> {
        Validator { found: IssueList::default(), unicode }
    }

    /// (Cold: keeps the accepted path's checks small.)
    #[cold]
    fn schema_error(&mut self, at: &At<'a>, instance: &'a Value, code: Code, human: String, message: Message<'a>) {
        self.found.push(Found {
            issue: Issue { pointer: at.pointer(), code, message: human },
            server: at.server(instance, message),
        });
    }

    /// `type`. Inlined: the test is a compare; the error path is not.
    #[inline]
    fn check_type(&mut self, at: &At<'a>, v: &'a Value, types: Types) -> bool {
        if types.admits(v) {
            return true;
        }
        self.wrong_type(at, v, types);
        false
    }

    #[cold]
    #[inline(never)]
    fn wrong_type(&mut self, at: &At<'a>, v: &'a Value, types: Types) {
        let name = at.field_static.map(str::to_string).or_else(|| at.field.map(|k| k.to_string_lossy()));
        let human = match name {
            Some(n) => format!("{n} must be {}, not {}", types.expected_for_people(), json_type_name(v)),
            None => format!("the request body must be {}, not {}", types.expected_for_people(), json_type_name(v)),
        };
        self.schema_error(at, v, Code::WrongType, human, Message::Type(types.names(), self.unicode));
    }

    #[inline]
    fn check_max_length(&mut self, at: &At<'a>, v: &'a Value, what: impl std::fmt::Display) {
        if let Some(n) = too_long(v) {
            self.too_long_error(at, v, what, n);
        }
    }

    #[cold]
    #[inline(never)]
    fn too_long_error(&mut self, at: &At<'a>, v: &'a Value, what: impl std::fmt::Display, n: usize) {
        self.schema_error(at, v, Code::TooLong, too_long_message(what, n), Message::TooLong(self.unicode));
    }

    /// `name`, `availability_zone`, `volume_type`, `cluster`, snapshot `name`:
    /// string or null, at most 255 code points, any characters.
    fn plain_string(&mut self, parent: &'static str, m: &Members<'a>, field: Field) {
        if let Some(v) = m.get(field) {
            let name = field.name();
            let at = At::named(parent, name);
            self.check_type(&at, v, Types::StringOrNull);
            self.check_max_length(&at, v, name);
        }
    }

    /// `parameter_types.description`: printable BMP text
    /// (`docs/cinder/description-and-unicode.md`).
    fn description(&mut self, parent: &'static str, m: &Members<'a>) {
        let Some(v) = m.get(Field::Description) else { return };
        let at = At::named(parent, "description");
        self.check_type(&at, v, Types::StringOrNull);
        self.check_max_length(&at, v, "description");
        let Value::Str(s) = v else { return };
        if let Some((index, cp)) = first_rejected_description_char(s, self.unicode) {
            let human = format!(
                "description contains {} at position {index}; Cinder accepts only printable characters of the \
                 Basic Multilingual Plane (letters, marks, numbers, punctuation, symbols and spaces; no control, \
                 format or private-use characters, no line breaks except one at the very end, no emoji)",
                describe_rejected_code_point(cp, self.unicode)
            );
            let message = Message::Pattern(PatternName::Description, self.unicode);
            self.schema_error(&at, v, Code::InvalidCharacters, human, message);
        }
    }

    /// `parameter_types.cinder_host` (`docs/cinder/schemas.md#hosts-characters`).
    fn host(&mut self, parent: &'static str, m: &Members<'a>) {
        let Some(v) = m.get(Field::Host) else { return };
        let at = At::named(parent, "host");
        self.check_type(&at, v, Types::StringOrNull);
        let Value::Str(s) = v else { return };
        if s.is_empty() {
            let human =
                "host must not be empty: give host@backend#pool, or null (and a cluster) from microversion 3.16"
                    .to_string();
            self.schema_error(&at, v, Code::EmptyValue, human, Message::NonEmpty(self.unicode));
        }
        self.check_max_length(&at, v, "host");
        if let Some((index, cp)) = first_rejected(s, is_host_char) {
            let human = format!(
                "host contains {} at position {index}; Cinder allows only ASCII letters, digits and - . _ # @ : / + [ ]",
                describe_char(cp)
            );
            self.schema_error(
                &at,
                v,
                Code::InvalidCharacters,
                human,
                Message::Pattern(PatternName::Host, self.unicode),
            );
        }
    }

    /// `parameter_types.boolean`.
    fn bootable(&mut self, parent: &'static str, m: &Members<'a>) {
        let Some(v) = m.get(Field::Bootable) else { return };
        let at = At::named(parent, "bootable");
        self.check_type(&at, v, Types::BooleanOrString);
        if bootable_value(v).is_none() {
            let human = match v {
                Value::Str(s) => format!(
                    "bootable {} is not one of Cinder's boolean strings: true/false, True/False, TRUE/FALSE, 1/0, \
                     on/off, On/Off, ON/OFF, yes/no, Yes/No, YES/NO, y/n, t/f (exact spelling, no spaces)",
                    crate::python::repr::repr_str_short(s)
                ),
                other => format!(
                    "bootable must be true or false (or one of Cinder's boolean strings), not {}",
                    json_type_name(other)
                ),
            };
            self.schema_error(&at, v, Code::InvalidBoolean, human, Message::Enum(self.unicode));
        }
    }

    /// `parameter_types.metadata_allows_null` (a copy of `extra_specs`).
    fn metadata(&mut self, parent: &'static str, m: &Members<'a>) {
        let Some(v) = m.get(Field::Metadata) else { return };
        let at = At::named(parent, "metadata");
        self.check_type(&at, v, Types::ObjectOrNull);
        let Value::Object(map) = v else { return };
        // patternProperties: values of matching keys, in document order.
        // One issue per key (a form can mark each row), listed up to
        // MAX_LISTED errors.
        let mut bad_keys: Vec<&'a PyStr> = Vec::new();
        let metadata_pointer = if parent == "/volume" { "/volume/metadata" } else { "/snapshot/metadata" };
        let unicode = self.unicode;
        for (key, value) in map.iter() {
            if !is_metadata_key(key) {
                bad_keys.push(key);
                continue;
            }
            let value_at = At { parent: metadata_pointer, field: Some(key), field_static: None };
            if !matches!(value, Value::Str(_)) {
                self.found.push_per_key(|| Found {
                    issue: Issue {
                        pointer: value_at.pointer(),
                        code: Code::WrongType,
                        message: format!(
                            "metadata value for key {} must be a string, not {}",
                            crate::python::repr::repr_str_short(key),
                            json_type_name(value)
                        ),
                    },
                    server: value_at.server(value, Message::Type(Types::String.names(), unicode)),
                });
            }
            if let Some(n) = too_long(value) {
                self.found.push_per_key(|| Found {
                    issue: Issue {
                        pointer: value_at.pointer(),
                        code: Code::TooLong,
                        message: too_long_message(MetadataValueName(key), n),
                    },
                    server: value_at.server(value, Message::TooLong(unicode)),
                });
            }
        }
        // additionalProperties: one jsonschema error for all bad keys.
        if bad_keys.is_empty() {
            return;
        }
        let all_bad: Rc<[&'a PyStr]> = Rc::from(bad_keys);
        for key in all_bad.iter() {
            self.found.push_per_key(|| Found {
                issue: Issue {
                    pointer: at.child(key.as_wtf8()),
                    code: Code::InvalidMetadataKey,
                    message: metadata_key_problem(key),
                },
                server: ServerText::Schema {
                    field: None,
                    field_static: Some("metadata"),
                    instance: v,
                    message: Message::NoPatternMatch(Rc::clone(&all_bad), unicode),
                },
            });
        }
    }

    /// `required` and `additionalProperties: false` of an object. `present`
    /// tells whether a required member is there; `allowed` whether a key is
    /// a declared property (`all_allowed`: every key is already known to
    /// be); `names` lists them for messages.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call per object of the schema, each argument a different part of it"
    )]
    fn closed_object(
        &mut self,
        at: &At<'a>,
        instance: &'a Value,
        obj: &'a Object,
        required: &[(&'static str, bool)],
        all_allowed: bool,
        allowed: impl Fn(&[u8]) -> bool,
        names: &str,
    ) {
        for &(name, present) in required {
            if !present {
                let human = match at.field_static {
                    Some(parent) => format!("{parent} must contain \"{name}\""),
                    None => format!("the request body must contain \"{name}\""),
                };
                self.found.push(Found {
                    issue: Issue { pointer: at.child_name(name), code: Code::Required, message: human },
                    server: ServerText::Schema {
                        field: at.field,
                        field_static: at.field_static,
                        instance,
                        message: Message::Required(name, self.unicode),
                    },
                });
            }
        }
        // Most objects have no unexpected property: look before allocating.
        if all_allowed || obj.keys().all(|k| allowed(k.as_wtf8())) {
            return;
        }
        let extras: Rc<[&'a PyStr]> = obj.keys().filter(|k| !allowed(k.as_wtf8())).collect();
        let unicode = self.unicode;
        for key in extras.iter() {
            self.found.push_per_key(|| Found {
                issue: Issue {
                    pointer: at.child(key.as_wtf8()),
                    code: Code::UnexpectedProperty,
                    message: match at.field_static {
                        Some(parent) => format!(
                            "{parent} does not take the property {}; allowed: {names}",
                            crate::python::repr::repr_str_short(key)
                        ),
                        None => format!("unexpected top-level property {}", crate::python::repr::repr_str_short(key)),
                    },
                },
                server: at.server(instance, Message::Additional(Rc::clone(&extras), unicode)),
            });
        }
    }

    /// `cinder/api/schemas/volume_manage.py: volume_manage_create` (and
    /// `volume_manage_create_v316` with `cluster`). `members`
    /// are those of `body["volume"]` when that is an object.
    pub(crate) fn volume_body(&mut self, body: &'a Value, with_cluster: bool, members: Option<&Members<'a>>) {
        let root = At::ROOT;
        if !self.check_type(&root, body, Types::Object) {
            return;
        }
        let Value::Object(top) = body else { return };
        let volume = top.get("volume");
        if let Some(volume) = volume {
            self.volume(volume, with_cluster, members);
        }
        let allowed = |k: &[u8]| k == b"volume";
        self.closed_object(&root, body, top, &[("volume", volume.is_some())], false, allowed, "volume");
    }

    fn volume(&mut self, volume: &'a Value, with_cluster: bool, members: Option<&Members<'a>>) {
        let at = At::named("", "volume");
        if !self.check_type(&at, volume, Types::Object) {
            return;
        }
        let (Value::Object(obj), Some(m)) = (volume, members) else { return };
        let p = "/volume";
        self.description(p, m);
        self.plain_string(p, m, Field::AvailabilityZone);
        self.bootable(p, m);
        self.plain_string(p, m, Field::VolumeType);
        self.plain_string(p, m, Field::Name);
        self.host(p, m);
        if let Some(r) = m.get(Field::Ref) {
            self.check_type(&At::named(p, "ref"), r, Types::ObjectOrString);
        }
        self.metadata(p, m);
        if with_cluster {
            self.plain_string(p, m, Field::Cluster);
        }
        let names = if with_cluster { VOLUME_FIELDS_V316 } else { VOLUME_FIELDS_BASE };
        let allowed = |k: &[u8]| is_allowed(k, Kind::Volume, with_cluster);
        let all_allowed = m.all_allowed(Kind::Volume, with_cluster);
        self.closed_object(&at, volume, obj, &[("ref", m.get(Field::Ref).is_some())], all_allowed, allowed, names);
    }

    /// `cinder/api/schemas/snapshot_manage.py: create`. `members` are those of
    /// `body["snapshot"]` when that is an object.
    pub(crate) fn snapshot_body(&mut self, body: &'a Value, members: Option<&Members<'a>>) {
        let root = At::ROOT;
        if !self.check_type(&root, body, Types::Object) {
            return;
        }
        let Value::Object(top) = body else { return };
        if top.contains_key("type") {
            // jsonschema descends into the schema's bogus `"type": "object"`
            // property and raises AttributeError: Cinder answers 500.
            self.found.push(Found {
                issue: Issue {
                    pointer: "/type".to_string(),
                    code: Code::SchemaCrash,
                    message: "a top-level \"type\" key makes Cinder's snapshot schema crash (HTTP 500); remove it"
                        .into(),
                },
                server: ServerText::Fixed { status: 500, text: GENERIC_500.to_string() },
            });
        }
        let snapshot = top.get("snapshot");
        if let Some(snapshot) = snapshot {
            self.snapshot(snapshot, members);
        }
        // `type` is declared (wrongly) as a property, so it is not "additional".
        let allowed = |k: &[u8]| k == b"type" || k == b"snapshot";
        self.closed_object(&root, body, top, &[("snapshot", snapshot.is_some())], false, allowed, "snapshot");
    }

    fn snapshot(&mut self, snapshot: &'a Value, members: Option<&Members<'a>>) {
        let at = At::named("", "snapshot");
        if !self.check_type(&at, snapshot, Types::Object) {
            return;
        }
        let (Value::Object(obj), Some(m)) = (snapshot, members) else { return };
        let p = "/snapshot";
        self.description(p, m);
        self.metadata(p, m);
        self.plain_string(p, m, Field::Name);
        if let Some(v) = m.get(Field::VolumeId) {
            let vat = At::named(p, "volume_id");
            if self.check_type(&vat, v, Types::String) {
                if let Value::Str(s) = v {
                    if !is_uuid_like(s) {
                        let human = format!(
                            "volume_id {} is not a UUID: give the id of the volume the snapshot belongs to, \
                             e.g. 1df34919-aba7-4a1b-a614-3b409d71ac03",
                            crate::python::repr::repr_str_short(s)
                        );
                        self.schema_error(&vat, v, Code::InvalidUuid, human, Message::Uuid(self.unicode));
                    }
                }
            }
        }
        if let Some(r) = m.get(Field::Ref) {
            self.check_type(&At::named(p, "ref"), r, Types::ObjectOrNullOrString);
        }
        let required = [("ref", m.get(Field::Ref).is_some()), ("volume_id", m.get(Field::VolumeId).is_some())];
        let allowed = |k: &[u8]| is_allowed(k, Kind::Snapshot, false);
        let all_allowed = m.all_allowed(Kind::Snapshot, false);
        self.closed_object(&at, snapshot, obj, &required, all_allowed, allowed, SNAPSHOT_FIELDS);
    }
}

const VOLUME_FIELDS_BASE: &str = "description, availability_zone, bootable, volume_type, name, host, ref, metadata";
const VOLUME_FIELDS_V316: &str =
    "description, availability_zone, bootable, volume_type, name, host, ref, metadata, cluster";
const SNAPSHOT_FIELDS: &str = "description, metadata, name, volume_id, ref";

/// Code points with their index, leaving out one final LF: Python's `$`
/// matches just before a final newline (`re.search`, as jsonschema's
/// `pattern` keyword runs it).
fn strip_final_newline(s: &PyStr) -> impl Iterator<Item = (usize, u32)> + '_ {
    let bytes = s.as_wtf8();
    let drop_last = bytes.last() == Some(&b'\n');
    let n = s.len_code_points();
    let keep = if drop_last { n.saturating_sub(1) } else { n };
    s.code_points().enumerate().take(keep)
}

/// The bytes before one final LF, when the text is all ASCII (then byte
/// index = code point index, and checks need no decoding).
fn ascii_before_final_newline(s: &PyStr) -> Option<&[u8]> {
    let bytes = s.as_wtf8();
    if !bytes.is_ascii() {
        return None;
    }
    Some(bytes.strip_suffix(b"\n").unwrap_or(bytes))
}

/// The first code point rejected by `accepts`, with its index, ignoring one
/// final LF (Python's `$`).
fn first_rejected(s: &PyStr, accepts: impl Fn(u32) -> bool) -> Option<(usize, u32)> {
    match ascii_before_final_newline(s) {
        Some(bytes) => bytes
            .iter()
            .position(|&b| !accepts(u32::from(b)))
            .map(|i| (i, u32::from(bytes.get(i).copied().unwrap_or(0)))),
        None => strip_final_newline(s).find(|&(_, cp)| !accepts(cp)),
    }
}

/// The first code point the description pattern rejects, with its index.
pub(crate) fn first_rejected_description_char(s: &PyStr, v: UnicodeVersion) -> Option<(usize, u32)> {
    // Printable ASCII is in the class whatever the version: decided here
    // without a call per character.
    first_rejected(s, |cp| (0x20..=0x7E).contains(&cp) || (cp > 0x7E && description_accepts(cp, v)))
}

/// A character of `parameter_types.cinder_host`'s pattern
/// `^[a-zA-Z0-9-._#@:/+\[\]]*$` (`cinder/api/validation/parameter_types.py`).
pub(crate) fn is_host_char(cp: u32) -> bool {
    // A `match`, not `contains` on a byte string (a `memchr` call per character).
    u8::try_from(cp).is_ok_and(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'#' | b'@' | b':' | b'/' | b'+' | b'[' | b']')
    })
}

fn is_metadata_key_char(cp: u32) -> bool {
    u8::try_from(cp).is_ok_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b' ' | b'/'))
}

/// `^[a-zA-Z0-9-_:. /]{1,255}$` under Python `re.search`.
pub(crate) fn is_metadata_key(key: &PyStr) -> bool {
    let bytes = key.as_wtf8();
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    // Every allowed character is ASCII, so one pass decides: a byte of a
    // non-ASCII character fails the test itself, and for ASCII text the
    // byte count is the character count.
    (1..=MAX_LENGTH).contains(&bytes.len()) && bytes.iter().all(|&b| is_metadata_key_char(u32::from(b)))
}

fn metadata_key_problem(key: &PyStr) -> String {
    let n = strip_final_newline(key).count();
    let shown = crate::python::repr::repr_str_short(key);
    if n == 0 {
        return format!("metadata key {shown} is empty; keys need 1 to 255 characters");
    }
    if let Some((i, cp)) = strip_final_newline(key).find(|&(_, cp)| !is_metadata_key_char(cp)) {
        return format!(
            "metadata key {shown} contains {} at position {i}; keys may use only ASCII letters, digits, space and - _ : . /",
            describe_char(cp)
        );
    }
    format!("metadata key {shown} is {n} characters long; keys may have at most 255")
}

/// "U+0009 (TAB)"-style names for messages about ASCII-only fields.
pub(crate) fn describe_char(cp: u32) -> String {
    match char::from_u32(cp) {
        Some('\t') => "a TAB (U+0009)".into(),
        Some('\n') => "a line break (U+000A)".into(),
        Some('\r') => "a carriage return (U+000D)".into(),
        Some(' ') => "a space".into(),
        Some(c) if c.is_ascii_graphic() => format!("'{c}'"),
        Some(c) if !c.is_control() => format!("'{c}' (U+{cp:04X})"),
        _ => format!("U+{cp:04X}"),
    }
}

/// `oslo_utils/uuidutils.py: is_uuid_like`, the checker Cinder registers for
/// the `uuid` format (`cinder/api/validation/validators.py:
/// _validate_uuid_format`; `docs/cinder/schemas.md#the-uuid-format`): drop
/// every `urn:` then every `uuid:`, strip `{`/`}` at both ends, drop `-`,
/// lowercase; 32 hex digits. Stricter than `uuid.UUID()`
/// ([`crate::python::uuid::uuid_parses`]), which `is_uuid_like` calls and
/// then compares with its input.
pub(crate) fn is_uuid_like(s: &PyStr) -> bool {
    s.as_str().is_some_and(is_uuid_like_text)
}

/// [`is_uuid_like`] of Rust text.
fn is_uuid_like_text(text: &str) -> bool {
    // Every other character survives the replacements and is not allowed:
    // most long non-UUIDs are refused here without copying anything.
    let possible = |b: u8| b.is_ascii_hexdigit() || b"-{}urn:id".contains(&b);
    if !text.bytes().all(possible) {
        return false;
    }
    // One copy: `urn:` removed into it, then `uuid:` removed in place
    // (left to right, non-overlapping, like Python's `str.replace`). By
    // hand rather than `str::replace`, whose substring search would add
    // 1.5 KB to the WebAssembly module for this one use.
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if rest.starts_with(b"urn:") {
            rest = rest.get(4..).unwrap_or_default();
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    let (mut read, mut write) = (0, 0);
    while let Some(rest) = bytes.get(read..) {
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(b"uuid:") {
            read += 5;
            continue;
        }
        let b = rest.first().copied().unwrap_or_default();
        if let Some(slot) = bytes.get_mut(write) {
            *slot = b;
        }
        read += 1;
        write += 1;
    }
    bytes.truncate(write);
    let trimmed = bytes.iter().position(|&b| b != b'{' && b != b'}').map_or(&[][..], |start| {
        let end = bytes.iter().rposition(|&b| b != b'{' && b != b'}').map_or(start, |e| e + 1);
        bytes.get(start..end).unwrap_or_default()
    });
    let mut count = 0usize;
    for &b in trimmed {
        if b == b'-' {
            continue;
        }
        // Python lowercases first; no non-ASCII character lowercases to a hex digit.
        if !b.is_ascii_hexdigit() {
            return false;
        }
        count += 1;
    }
    count == 32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Found` is exactly two `Issue`s, so the pipeline's `Vec<Found>`
    /// becomes a `Vec<Issue>` in place without a reallocation (and the
    /// Unicode version costs no room; see [`Message`]).
    #[test]
    fn found_is_two_issues() {
        assert_eq!(std::mem::size_of::<Message<'static>>(), 3 * std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Found<'static>>(), 2 * std::mem::size_of::<Issue>());
    }

    /// The rule restated plainly: `urn:` and `uuid:` removed, braces
    /// trimmed, dashes dropped, 32 hex digits.
    fn is_uuid_like_reference(text: &str) -> bool {
        let text = text.replace("urn:", "").replace("uuid:", "");
        let text = text.trim_matches(|c| c == '{' || c == '}');
        let hex: Vec<char> = text.chars().filter(|&c| c != '-').collect();
        hex.len() == 32 && hex.iter().all(char::is_ascii_hexdigit)
    }

    #[test]
    fn is_uuid_like_matches_its_statement() {
        let uuid = "1df34919-aba7-4a1b-a614-3b409d71ac03";
        let mut samples = vec![
            uuid.to_string(),
            format!("urn:uuid:{uuid}"),
            format!("{{{uuid}}}"),
            format!("uuurn:id:{uuid}"),
            format!("uuid:urn:{uuid}"),
            format!("{{urn:{uuid}}}}}"),
            uuid.replace('-', ""),
            format!("{uuid}x"),
            format!("{uuid}d"),
            "é".repeat(40),
        ];
        // Every short string over the characters that matter.
        let alphabet = ['u', 'r', 'n', ':', 'i', 'd', '{', '}', '-', 'a', 'x'];
        let mut state = 0x2545_f491_u32;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                s.push(alphabet[(state % alphabet.len() as u32) as usize]);
            }
            samples.push(format!("{s}{}", &uuid[..(state % 37) as usize]));
            samples.push(s);
        }
        for s in samples {
            assert_eq!(is_uuid_like_text(&s), is_uuid_like_reference(&s), "{s:?}");
            // oslo's test calls `uuid.UUID()` first: it is the looser one.
            assert!(!is_uuid_like_text(&s) || crate::python::uuid::uuid_parses(&PyStr::from(s.as_str())), "{s:?}");
        }
    }
}
