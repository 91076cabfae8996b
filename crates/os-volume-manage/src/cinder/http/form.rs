//! Form POSTs: `routes/middleware.py: RoutesMiddleware.__call__` reads a
//! `_method` field from a form body before routing
//! (`docs/cinder/http.md`, section 6).
//!
//! The body is parsed the way webob 1.8.11's `Request.POST` does it: its
//! charset check, then Python 3.11's `cgi.FieldStorage` (webob's subclass
//! with its own `read_multi`), `urllib.parse.parse_qsl`, the `email`
//! package's `FeedParser` for part headers, and
//! `webob/multidict.py: MultiDict.from_fieldstorage`. Only what decides the
//! outcome is kept: the fields' names and values.

use crate::python::unicode::py_is_space;

/// The media types routes treats as a form (after lower-casing).
const URLENCODED: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// How deep multipart parts may nest before this model stops: Python's
/// recursion limit ends the real parse somewhere below 1000 levels.
const MAX_NESTING: usize = 200;

/// `routes/middleware.py: is_form_post`: the lower-cased media type (up to
/// the first `;`, not stripped) is a form type.
pub(crate) fn is_form_post(content_type: Option<&str>) -> bool {
    let ct = content_type.unwrap_or_default().to_ascii_lowercase();
    let base = ct.split(';').next().unwrap_or_default();
    base == URLENCODED || base == MULTIPART
}

/// webob's `Request.POST` parses only these exact (case-sensitive) media
/// types; for any other it returns `NoVars` without reading the body.
pub(crate) fn webob_parses(content_type: &str) -> bool {
    let base = content_type.split(';').next().unwrap_or_default();
    base == URLENCODED || base == MULTIPART
}

/// `webob/request.py: BaseRequest._check_charset`: a `charset` parameter
/// (`;\s*charset=([^;]*)`, case-insensitive, quotes and whitespace stripped)
/// other than UTF-8 raises `DeprecationWarning` (HTTP 500). Returns the
/// offending charset.
pub(crate) fn foreign_charset(content_type: &str) -> Option<String> {
    let lower: Vec<char> = content_type.chars().map(|c| c.to_ascii_lowercase()).collect();
    let chars: Vec<char> = content_type.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i) == Some(&';') {
            let mut j = i + 1;
            while chars.get(j).is_some_and(|&c| py_is_space(u32::from(c))) {
                j += 1;
            }
            if lower.get(j..j + 8).is_some_and(|w| w.iter().copied().eq("charset=".chars())) {
                let value: String = chars.get(j + 8..).unwrap_or_default().iter().take_while(|&&c| c != ';').collect();
                let value = py_strip(value.trim_matches('"'));
                if value.is_empty() || value.to_lowercase().replace('-', "") == "utf8" {
                    return None;
                }
                return Some(value.to_string());
            }
        }
        i += 1;
    }
    None
}

/// What the form makes of the request's method.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Override {
    /// No usable `_method` (none, an empty one, or the parse hit a
    /// `UnicodeDecodeError`, which routes ignores): routed as sent.
    None,
    /// `_method` upper-cased, as routes matches it: `POST` and `GET` reach
    /// the collection (and the same checks); anything else has no route.
    Method(String),
    /// A `_method` routes cannot match with (bytes of a file part).
    Unroutable(String),
    /// The parse raised: `FaultWrapper` answers 500. The text says why.
    Error(String),
}

/// Parses the form body and finds `_method`. `content_type` is the environ's
/// `CONTENT_TYPE` (one that [`webob_parses`] and without a foreign charset);
/// `uncertain` collects what this model does not cover exactly.
pub(crate) fn method_override(content_type: &str, body: &[u8], uncertain: &mut Vec<String>) -> Override {
    let mut parser = Parser { uncertain, depth: 0 };
    let fields = match parser.top(content_type, body) {
        Ok(fields) => fields,
        Err(Fail::Exception(why)) => return Override::Error(why),
        Err(Fail::Unicode) => return Override::None,
    };
    let items = match parser.multidict(fields) {
        Ok(items) => items,
        Err(Fail::Exception(why)) => return Override::Error(why),
        Err(Fail::Unicode) => return Override::None,
    };
    // `MultiDict.get` returns the last value under the name.
    let Some((_, value)) = items.into_iter().rev().find(|(name, _)| name.as_deref() == Some("_method")) else {
        return Override::None;
    };
    match value {
        Item::Str(s) if s.is_empty() => Override::None,
        Item::Str(s) => Override::Method(py_upper(&s)),
        Item::Bytes(b) if b.is_empty() => Override::None,
        Item::Bytes(b) => Override::Unroutable(String::from_utf8_lossy(&b.to_ascii_uppercase()).into_owned()),
        Item::List(l) if l.is_empty() => Override::None,
        Item::List(_) => Override::Error(
            "the _method field holds a nested form (a multipart or urlencoded part), and routes calls .upper() on it"
                .into(),
        ),
        Item::File { list: Some(l) } if l.is_empty() => Override::None,
        Item::File { .. } => Override::Error(
            "the _method field is a file upload (a part with a filename), which routes cannot read".into(),
        ),
    }
}

/// Python's `str.upper()` where it matters: the result is compared with
/// `POST` and `GET`, and only these characters upper-case to ASCII letters.
fn py_upper(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'a'..='z' => out.push(c.to_ascii_uppercase()),
            '\u{df}' => out.push_str("SS"),
            '\u{131}' => out.push('I'),
            '\u{17f}' => out.push('S'),
            '\u{fb00}' => out.push_str("FF"),
            '\u{fb01}' => out.push_str("FI"),
            '\u{fb02}' => out.push_str("FL"),
            '\u{fb03}' => out.push_str("FFI"),
            '\u{fb04}' => out.push_str("FFL"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("ST"),
            // Other characters never upper-case to ASCII letters, so the
            // result cannot equal POST or GET whatever they become.
            c => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// Why parsing stopped.
enum Fail {
    /// An exception other than `UnicodeDecodeError`.
    Exception(String),
    /// `UnicodeDecodeError`: routes catches it and uses no `_method`.
    Unicode,
}

/// A field of `FieldStorage.list`.
enum Field {
    /// `MiniFieldStorage` (a urlencoded pair).
    Mini {
        name: String,
        value: String,
    },
    Part(Box<Part>),
}

/// A `FieldStorage` part of a multipart body.
struct Part {
    name: Option<String>,
    filename: Option<String>,
    /// `type_options['charset']`.
    charset: Option<String>,
    /// The part's `Content-Transfer-Encoding` header.
    transfer_encoding: Option<String>,
    value: PartValue,
    /// `FieldStorage.done`: 1 after the closing boundary, -1 at the end of
    /// the input.
    done: i8,
    bytes_read: usize,
}

enum PartValue {
    /// Text from a text file (`read_lines`).
    Text(String),
    /// Bytes from a binary file (a part with a filename, or with a
    /// Content-Length).
    Bytes(Vec<u8>),
    /// A urlencoded or multipart part's own fields.
    List(Vec<Field>),
}

/// A value of the MultiDict webob builds.
enum Item {
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Field>),
    /// A `FieldStorage` kept whole (a part with a non-empty filename); its
    /// list when it was itself a form.
    File {
        list: Option<Vec<Field>>,
    },
}

/// The input stream (`BytesIO` over the body).
struct Stream<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Stream<'a> {
    /// `readline(size)`: up to and including the next `\n`, at most `size`
    /// bytes.
    fn readline(&mut self, size: Option<usize>) -> &'a [u8] {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let mut end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        if let Some(size) = size {
            end = end.min(size);
        }
        self.pos += end;
        rest.get(..end).unwrap_or_default()
    }

    /// `read(n)`; `None` reads to the end.
    fn read(&mut self, n: Option<usize>) -> &'a [u8] {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let end = n.map_or(rest.len(), |n| n.min(rest.len()));
        self.pos += end;
        rest.get(..end).unwrap_or_default()
    }
}

/// `bytes.strip()` (ASCII whitespace).
fn bytes_strip(b: &[u8]) -> &[u8] {
    let ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |i| i + 1);
    b.get(start..end).unwrap_or_default()
}

/// `bytes.rstrip()`.
fn bytes_rstrip(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)).map_or(0, |i| i + 1);
    b.get(..end).unwrap_or_default()
}

/// `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| py_is_space(u32::from(c)))
}

/// `bytes.decode('utf8', 'replace')`.
fn decode_replace(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `cgi.valid_boundary` on bytes: `^[ -~]{0,200}[!-~]$`.
fn valid_boundary(b: &[u8]) -> bool {
    match b.split_last() {
        Some((last, head)) => {
            head.len() <= 200 && head.iter().all(|c| (b' '..=b'~').contains(c)) && (b'!'..=b'~').contains(last)
        }
        None => false,
    }
}

/// `cgi._parseparam` then `cgi.parse_header`: the value before the first
/// `;` (stripped) and the parameters (names stripped and lower-cased,
/// values stripped and unquoted; a later parameter replaces an earlier one).
fn parse_header(line: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = Vec::new();
    let joined = format!(";{line}");
    let mut s = joined.as_str();
    while let Some(rest) = s.strip_prefix(';') {
        s = rest;
        let mut end = s.find(';');
        while let Some(e) = end.filter(|&e| e > 0) {
            let head = s.get(..e).unwrap_or_default();
            let quotes = head.matches('"').count() - head.matches("\\\"").count();
            if quotes % 2 == 0 {
                break;
            }
            end = s.get(e + 1..).and_then(|r| r.find(';')).map(|i| i + e + 1);
        }
        let e = end.unwrap_or(s.len());
        pieces.push(py_strip(s.get(..e).unwrap_or_default()).to_string());
        s = s.get(e..).unwrap_or_default();
    }
    let mut pieces = pieces.into_iter();
    let key = pieces.next().unwrap_or_default();
    let mut params: Vec<(String, String)> = Vec::new();
    for p in pieces {
        let Some(i) = p.find('=') else { continue };
        let name = py_strip(p.get(..i).unwrap_or_default()).to_ascii_lowercase();
        let mut value = py_strip(p.get(i + 1..).unwrap_or_default()).to_string();
        if value.chars().count() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = value.get(1..value.len() - 1).unwrap_or_default().replace("\\\\", "\\").replace("\\\"", "\"");
        }
        match params.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => params.push((name, value)),
        }
    }
    (key, params)
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Header fields parsed by `email.feedparser.FeedParser` (compat32 policy):
/// names as written, values with leading spaces and tabs removed and
/// continuation lines kept.
struct Message(Vec<(String, String)>);

impl Message {
    fn parse(text: &str) -> Message {
        // Lines end at \r\n, \r or \n (the feed parser's universal
        // newlines), ends kept.
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes.get(i) {
                Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {
                    lines.push(text.get(start..i + 2).unwrap_or_default());
                    i += 2;
                    start = i;
                }
                Some(b'\r' | b'\n') => {
                    lines.push(text.get(start..i + 1).unwrap_or_default());
                    i += 1;
                    start = i;
                }
                _ => i += 1,
            }
        }
        if start < text.len() {
            lines.push(text.get(start..).unwrap_or_default());
        }
        // `headerRE = ^(From |[\041-\071\073-\176]*:|[\t ])`: the header block
        // ends at the first line that is none of these.
        let header_re = |line: &str| {
            if line.starts_with("From ") || line.starts_with(['\t', ' ']) {
                return true;
            }
            let name = line.bytes().take_while(|b| (0x21..=0x7e).contains(b) && *b != b':').count();
            line.as_bytes().get(name) == Some(&b':')
        };
        let block: Vec<&str> = lines.iter().copied().take_while(|l| header_re(l)).collect();
        // `FeedParser._parse_headers`.
        let mut headers = Vec::new();
        let mut last: Vec<&str> = Vec::new();
        let flush = |last: &mut Vec<&str>, headers: &mut Vec<(String, String)>| {
            if let Some((first, more)) = last.split_first() {
                let (name, value) = first.split_once(':').unwrap_or((first, ""));
                let mut value = value.trim_start_matches([' ', '\t']).to_string();
                for m in more {
                    value.push_str(m);
                }
                headers.push((name.to_string(), value.trim_end_matches(['\r', '\n']).to_string()));
            }
            last.clear();
        };
        for (lineno, line) in block.iter().enumerate() {
            if line.starts_with([' ', '\t']) {
                if !last.is_empty() {
                    last.push(line);
                }
                continue;
            }
            flush(&mut last, &mut headers);
            if line.starts_with("From ") {
                if lineno + 1 == block.len() && lineno != 0 {
                    return Message(headers);
                }
                continue;
            }
            match line.find(':') {
                Some(0) | None => continue,
                Some(_) => last.push(line),
            }
        }
        flush(&mut last, &mut headers);
        Message(headers)
    }

    /// `Message.get`: the first field of that name (ASCII case-insensitive).
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
}

/// Python's `int(str)` for a Content-Length inside a part: `None` where it
/// raises `ValueError`.
fn py_int(text: &str, uncertain: &mut Vec<String>) -> Option<i128> {
    let t = py_strip(text);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if !digits.is_ascii() {
        uncertain.push(format!("a part's Content-Length {text:?} holds non-ASCII characters"));
        return None;
    }
    let bytes = digits.as_bytes();
    let well_formed = bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes.iter().all(|b| b.is_ascii_digit() || *b == b'_')
        && !digits.contains("__");
    if !well_formed {
        return None;
    }
    let n = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .try_fold(0i128, |n, d| n.checked_mul(10)?.checked_add(i128::from(d - b'0')));
    // Beyond i128 the value exceeds any body: it only has to stay positive.
    let n = n.unwrap_or(i128::MAX);
    Some(if negative { -n } else { n })
}

/// The charset families this model decodes exactly (Python's codec names
/// after `encodings.normalize_encoding` and its alias table).
enum Charset {
    Utf8,
    Latin1,
    Ascii,
    Other,
}

fn charset_family(name: &str) -> Charset {
    // `normalize_encoding`: runs of other characters become one `_`,
    // leading and trailing ones dropped; then lower case (the codec
    // registry's own normalization).
    let mut norm = String::new();
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            norm.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    let alias = norm.replace('.', "_");
    let is = |names: &[&str]| names.contains(&norm.as_str()) || names.contains(&alias.as_str());
    if is(&["utf_8", "u8", "utf", "utf8", "utf8_ucs2", "utf8_ucs4", "cp65001"]) {
        Charset::Utf8
    } else if is(&[
        "latin_1",
        "8859",
        "cp819",
        "csisolatin1",
        "ibm819",
        "iso8859",
        "iso8859_1",
        "iso_8859_1",
        "iso_8859_1_1987",
        "iso_ir_100",
        "l1",
        "latin",
        "latin1",
    ]) {
        Charset::Latin1
    } else if is(&[
        "ascii",
        "646",
        "ansi_x3.4_1968",
        "ansi_x3_4_1968",
        "ansi_x3.4_1986",
        "cp367",
        "csascii",
        "ibm367",
        "iso646_us",
        "iso_646.irv_1991",
        "iso_ir_6",
        "us",
        "us_ascii",
    ]) {
        Charset::Ascii
    } else {
        Charset::Other
    }
}

struct Parser<'u> {
    uncertain: &'u mut Vec<String>,
    depth: usize,
}

/// The state of one `FieldStorage` while it reads.
struct Storage<'h> {
    /// The outer headers' Content-Disposition (for webob's `read_multi`).
    disposition: Option<&'h str>,
    inner_boundary: Vec<u8>,
    outer_boundary: Vec<u8>,
    limit: Option<i128>,
    length: i128,
    bytes_read: usize,
    done: i8,
}

impl Parser<'_> {
    /// `FieldStorage(fp=body, environ=…)` for the whole body.
    fn top(&mut self, content_type: &str, body: &[u8]) -> Result<Vec<Field>, Fail> {
        let (ctype, params) = parse_header(content_type);
        let mut fp = Stream { data: body, pos: 0 };
        let length = body.len() as i128;
        let mut st = Storage {
            disposition: None,
            inner_boundary: param(&params, "boundary").map(|b| b.as_bytes().to_vec()).unwrap_or_default(),
            outer_boundary: Vec::new(),
            limit: Some(length),
            length,
            bytes_read: 0,
            done: 0,
        };
        if ctype == URLENCODED {
            Ok(self.read_urlencoded(&mut fp, &mut st))
        } else {
            self.read_multi(&mut fp, &mut st)
        }
    }

    /// `FieldStorage.read_urlencoded`.
    fn read_urlencoded(&mut self, fp: &mut Stream<'_>, st: &mut Storage<'_>) -> Vec<Field> {
        let n = usize::try_from(st.length).ok();
        let qs = fp.read(n);
        let fields = parse_qsl(&decode_replace(qs));
        self.skip_lines(fp, st);
        fields.into_iter().map(|(name, value)| Field::Mini { name, value }).collect()
    }

    /// webob's `cgi_FieldStorage.read_multi`.
    fn read_multi(&mut self, fp: &mut Stream<'_>, st: &mut Storage<'_>) -> Result<Vec<Field>, Fail> {
        if !valid_boundary(&st.inner_boundary) {
            return Err(Fail::Exception(format!(
                "the multipart boundary {:?} is missing or invalid (1 to 201 printable ASCII characters, not ending \
                 in a space), so the form parse raises ValueError",
                String::from_utf8_lossy(&st.inner_boundary)
            )));
        }
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.uncertain.push(format!("multipart parts nest more than {MAX_NESTING} levels deep"));
            return Err(Fail::Exception("multipart parts nest too deeply (Python's recursion limit)".into()));
        }
        let mut list = Vec::new();
        let mut delimiter = b"--".to_vec();
        delimiter.extend_from_slice(&st.inner_boundary);
        let mut first = fp.readline(None);
        st.bytes_read += first.len();
        while bytes_strip(first) != delimiter.as_slice() && !first.is_empty() {
            first = fp.readline(None);
            st.bytes_read += first.len();
        }
        loop {
            let mut hdr_text = Vec::new();
            loop {
                let data = fp.readline(None);
                hdr_text.extend_from_slice(data);
                if bytes_strip(data).is_empty() {
                    break;
                }
            }
            if hdr_text.is_empty() {
                break;
            }
            st.bytes_read += hdr_text.len();
            let mut headers = Message::parse(&decode_replace(&hdr_text));
            if headers.get("content-length").is_some() {
                let filename =
                    st.disposition.map(parse_header).and_then(|(_, p)| param(&p, "filename").map(str::to_string));
                if filename.is_none() {
                    headers.remove("content-length");
                }
            }
            let limit = st.limit.map(|l| l - st.bytes_read as i128);
            let part = self.part(fp, &headers, &st.inner_boundary, limit)?;
            st.bytes_read += part.bytes_read;
            let done = part.done != 0;
            list.push(Field::Part(Box::new(part)));
            if done || (st.bytes_read as i128 >= st.length && st.length > 0) {
                break;
            }
        }
        self.skip_lines(fp, st);
        self.depth -= 1;
        Ok(list)
    }

    /// `FieldStorage.__init__` for one part (`headers` given).
    fn part(
        &mut self,
        fp: &mut Stream<'_>,
        headers: &Message,
        outer: &[u8],
        limit: Option<i128>,
    ) -> Result<Part, Fail> {
        let disposition = headers.get("content-disposition");
        let dparams = disposition.map(|d| parse_header(d).1).unwrap_or_default();
        let name = param(&dparams, "name").map(str::to_string);
        let filename = param(&dparams, "filename").map(str::to_string);
        let binary = filename.is_some();
        let (ctype, tparams) = match headers.get("content-type") {
            Some(ct) => parse_header(ct),
            None => ("text/plain".to_string(), Vec::new()),
        };
        let length = match headers.get("content-length") {
            Some(v) => py_int(v, self.uncertain).unwrap_or(-1),
            None => -1,
        };
        let mut st = Storage {
            disposition,
            inner_boundary: param(&tparams, "boundary").map(|b| b.as_bytes().to_vec()).unwrap_or_default(),
            outer_boundary: outer.to_vec(),
            limit,
            length,
            bytes_read: 0,
            done: 0,
        };
        let value = if ctype == URLENCODED {
            PartValue::List(self.read_urlencoded(fp, &mut st))
        } else if ctype.chars().take(10).eq("multipart/".chars()) {
            PartValue::List(self.read_multi(fp, &mut st)?)
        } else if st.length >= 0 {
            let v = self.read_binary(fp, &mut st);
            self.skip_lines(fp, &mut st);
            PartValue::Bytes(v)
        } else {
            self.read_lines_to_outerboundary(fp, &mut st, binary)
        };
        Ok(Part {
            name,
            filename,
            charset: param(&tparams, "charset").map(str::to_string),
            transfer_encoding: headers.get("Content-Transfer-Encoding").map(str::to_string),
            value,
            done: st.done,
            bytes_read: st.bytes_read,
        })
    }

    /// `FieldStorage.read_binary`.
    fn read_binary(&mut self, fp: &mut Stream<'_>, st: &mut Storage<'_>) -> Vec<u8> {
        let mut todo = st.length;
        let mut out = Vec::new();
        while todo > 0 {
            let data = fp.read(Some(usize::try_from(todo.min(8192)).unwrap_or(8192)));
            st.bytes_read += data.len();
            if data.is_empty() {
                st.done = -1;
                break;
            }
            out.extend_from_slice(data);
            todo -= data.len() as i128;
        }
        out
    }

    /// `FieldStorage.read_lines` with an outer boundary
    /// (`read_lines_to_outerboundary`): text parts decode each written piece
    /// on its own, with `errors='replace'`.
    fn read_lines_to_outerboundary(&mut self, fp: &mut Stream<'_>, st: &mut Storage<'_>, binary: bool) -> PartValue {
        let mut next = b"--".to_vec();
        next.extend_from_slice(&st.outer_boundary);
        let mut last = next.clone();
        last.extend_from_slice(b"--");
        let mut delim: &[u8] = b"";
        let mut last_line_lfend = true;
        let mut read: i128 = 0;
        let mut bytes = Vec::new();
        let mut text = String::new();
        loop {
            if st.limit.is_some_and(|l| 0 <= l && l <= read) {
                break;
            }
            let raw = fp.readline(Some(1 << 16));
            st.bytes_read += raw.len();
            read += raw.len() as i128;
            if raw.is_empty() {
                st.done = -1;
                break;
            }
            let mut line = raw.to_vec();
            if delim == b"\r" {
                line.insert(0, b'\r');
                delim = b"";
            }
            if line.starts_with(b"--") && last_line_lfend {
                let stripped = bytes_rstrip(&line);
                if stripped == next.as_slice() {
                    break;
                }
                if stripped == last.as_slice() {
                    st.done = 1;
                    break;
                }
            }
            let odelim = delim;
            if line.ends_with(b"\r\n") {
                delim = b"\r\n";
                line.truncate(line.len() - 2);
                last_line_lfend = true;
            } else if line.ends_with(b"\n") {
                delim = b"\n";
                line.truncate(line.len() - 1);
                last_line_lfend = true;
            } else if line.ends_with(b"\r") {
                delim = b"\r";
                line.truncate(line.len() - 1);
                last_line_lfend = false;
            } else {
                delim = b"";
                last_line_lfend = false;
            }
            let mut piece = odelim.to_vec();
            piece.extend_from_slice(&line);
            if binary {
                bytes.extend_from_slice(&piece);
            } else {
                text.push_str(&decode_replace(&piece));
            }
        }
        if binary {
            PartValue::Bytes(bytes)
        } else {
            PartValue::Text(text)
        }
    }

    /// `FieldStorage.skip_lines`.
    fn skip_lines(&mut self, fp: &mut Stream<'_>, st: &mut Storage<'_>) {
        if st.outer_boundary.is_empty() || st.done != 0 {
            return;
        }
        let mut next = b"--".to_vec();
        next.extend_from_slice(&st.outer_boundary);
        let mut last = next.clone();
        last.extend_from_slice(b"--");
        let mut last_line_lfend = true;
        loop {
            let line = fp.readline(Some(1 << 16));
            st.bytes_read += line.len();
            if line.is_empty() {
                st.done = -1;
                break;
            }
            if line.ends_with(b"--") && last_line_lfend {
                let stripped = bytes_strip(line);
                if stripped == next.as_slice() {
                    break;
                }
                if stripped == last.as_slice() {
                    st.done = 1;
                    break;
                }
            }
            last_line_lfend = line.ends_with(b"\n");
        }
    }

    /// `MultiDict.from_fieldstorage`: each field's value, decoded with its
    /// part's charset and Content-Transfer-Encoding.
    fn multidict(&mut self, fields: Vec<Field>) -> Result<Vec<(Option<String>, Item)>, Fail> {
        let mut items = Vec::with_capacity(fields.len());
        for field in fields {
            let part = match field {
                Field::Mini { name, value } => {
                    items.push((Some(name), Item::Str(value)));
                    continue;
                }
                Field::Part(part) => part,
            };
            let Part { name, filename, charset, transfer_encoding, value, .. } = *part;
            let charset = charset.unwrap_or_else(|| "utf8".to_string());
            if let Some(filename) = filename.filter(|f| !f.is_empty()) {
                self.decode(&charset, Item::Str(filename))?;
                let list = match value {
                    PartValue::List(l) => Some(l),
                    _ => None,
                };
                items.push((name, Item::File { list }));
                continue;
            }
            let mut item = match value {
                PartValue::Text(t) => Item::Str(t),
                PartValue::Bytes(b) => Item::Bytes(b),
                PartValue::List(l) => Item::List(l),
            };
            if let Some(te @ ("base64" | "quoted-printable")) = transfer_encoding.as_deref() {
                let Item::Str(text) = item else {
                    return Err(Fail::Exception(format!(
                        "a part with Content-Transfer-Encoding {te} holds bytes or a nested form, which webob cannot \
                         decode"
                    )));
                };
                let raw = if te == "base64" { a2b_base64(text.as_bytes())? } else { a2b_qp(text.as_bytes()) };
                item = Item::Str(String::from_utf8(raw).map_err(|_| Fail::Unicode)?);
            }
            items.push((name, self.decode(&charset, item)?));
        }
        Ok(items)
    }

    /// webob's `decode`: identity for the charset `utf8` as written, else
    /// `value.encode('utf8').decode(charset)`.
    fn decode(&mut self, charset: &str, item: Item) -> Result<Item, Fail> {
        if charset == "utf8" {
            return Ok(item);
        }
        let Item::Str(text) = item else {
            return Err(Fail::Exception(format!(
                "a part with charset {charset:?} holds bytes or a nested form, which webob cannot decode"
            )));
        };
        match charset_family(charset) {
            Charset::Utf8 => Ok(Item::Str(text)),
            Charset::Latin1 => Ok(Item::Str(text.bytes().map(char::from).collect())),
            Charset::Ascii if text.is_ascii() => Ok(Item::Str(text)),
            Charset::Ascii => Err(Fail::Unicode),
            Charset::Other => {
                self.uncertain.push(format!(
                    "a form part declares charset {charset:?}, which this model does not decode (it assumes the \
                     codec exists and passes ASCII through)"
                ));
                if text.is_ascii() {
                    Ok(Item::Str(text))
                } else {
                    Err(Fail::Unicode)
                }
            }
        }
    }
}

/// `urllib.parse.parse_qsl(qs, keep_blank_values=True)` with UTF-8 and
/// `errors='replace'`.
fn parse_qsl(qs: &str) -> Vec<(String, String)> {
    qs.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unquote(&name.replace('+', " ")), unquote(&value.replace('+', " ")))
        })
        .collect()
}

/// `urllib.parse.unquote(s, errors='replace')`: `%XX` escapes in each run of
/// ASCII characters become bytes, decoded as UTF-8 per run; other
/// characters stay.
fn unquote(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        let (run, tail) = rest.split_at(ascii);
        out.push_str(&decode_replace(&percent_decode(run.as_bytes())));
        let other = tail.char_indices().find(|(_, c)| c.is_ascii()).map_or(tail.len(), |(i, _)| i);
        let (non_ascii, tail) = tail.split_at(other);
        out.push_str(non_ascii);
        rest = tail;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// `%XX` escapes as bytes, `urllib.parse._unquote_impl`'s rule (also how
/// the server decodes `PATH_INFO`).
pub(super) fn percent_decode(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            if let (Some(h), Some(l)) =
                (b.get(i + 1).copied().and_then(hex_value), b.get(i + 2).copied().and_then(hex_value))
            {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `binascii.a2b_base64` (not strict): characters outside the alphabet are
/// skipped; a pad after two or three characters of a quad ends the input;
/// an unfinished quad raises `binascii.Error`.
fn a2b_base64(data: &[u8]) -> Result<Vec<u8>, Fail> {
    let value = |c: u8| -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut quad_pos = 0u8;
    let mut left = 0u8;
    let mut pads = 0u8;
    for &c in data {
        if c == b'=' {
            pads = pads.saturating_add(1);
            if quad_pos >= 2 && quad_pos + pads >= 4 {
                return Ok(out);
            }
            continue;
        }
        let Some(v) = value(c) else { continue };
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push(left << 2 | v >> 4);
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(left << 4 | v >> 2);
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(left << 6 | v);
                left = 0;
            }
        }
    }
    if quad_pos != 0 {
        return Err(Fail::Exception(
            "a base64 part is not properly padded, so binascii.a2b_base64 raises binascii.Error".into(),
        ));
    }
    Ok(out)
}

/// `binascii.a2b_qp` (never raises).
fn a2b_qp(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while let Some(&c) = data.get(i) {
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&next) = data.get(i) else { break };
        if next == b'\n' || next == b'\r' {
            if next != b'\n' {
                while data.get(i).is_some_and(|&b| b != b'\n') {
                    i += 1;
                }
            }
            if i < data.len() {
                i += 1;
            }
        } else if next == b'=' {
            out.push(b'=');
            i += 1;
        } else if let (Some(h), Some(l)) = (hex_value(next), data.get(i + 1).copied().and_then(hex_value)) {
            out.push(h << 4 | l);
            i += 2;
        } else {
            out.push(b'=');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(ct: &str, body: &str) -> Override {
        method_override(ct, body.as_bytes(), &mut Vec::new())
    }

    /// Outcomes measured with the request oracle (`scripts/oracle/http_oracle.py`).
    #[test]
    fn measured() {
        let u = "application/x-www-form-urlencoded";
        assert_eq!(method(u, "_method=PUT"), Override::Method("PUT".into()));
        assert_eq!(method(u, "_method="), Override::None);
        assert_eq!(method(u, "a=1&_method=get"), Override::Method("GET".into()));
        assert_eq!(method(u, "_method=PUT&_method=GET"), Override::Method("GET".into()));
        assert_eq!(method(u, "%5Fmethod=po%C5%BFt"), Override::Method("POST".into()));
        assert_eq!(method(u, "_method=po%EF%AC%86"), Override::Method("POST".into()));
        assert_eq!(method(u, r#"{"volume": {"name": "&_method=PATCH&"}}"#), Override::Method("PATCH".into()));
        let m = "multipart/form-data; boundary=b";
        assert_eq!(
            method(m, "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\n\r\nPUT\r\n--b--\r\n"),
            Override::Method("PUT".into())
        );
        assert_eq!(
            method(m, "--b\nContent-Disposition: form-data; name=\"_method\"\n\nPUT\n--b--\n"),
            Override::Method("PUT".into())
        );
        assert_eq!(method(m, "--b\r\nbroken"), Override::None);
        assert!(matches!(method("multipart/form-data", "_method=PUT"), Override::Error(_)));
        assert!(matches!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"_method\"; filename=\"x\"\r\n\r\nPUT\r\n--b--\r\n"
            ),
            Override::Error(_)
        ));
        assert!(matches!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"_method\"; filename=\"\"\r\n\r\nPOST\r\n--b--\r\n"
            ),
            Override::Unroutable(_)
        ));
        assert_eq!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUFVU\r\n--b--\r\n"
            ),
            Override::Method("PUT".into())
        );
        assert!(matches!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\nContent-Transfer-Encoding: base64\r\n\r\nUFV\r\n--b--\r\n"
            ),
            Override::Error(_)
        ));
        assert_eq!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"_method\"\r\nContent-Type: text/plain; charset=ascii\r\n\r\nPUT\u{e9}\r\n--b--\r\n"
            ),
            Override::None
        );
        assert!(matches!(
            method(
                m,
                "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nContent-Type: multipart/mixed\r\n\r\nzz\r\n--b--\r\n"
            ),
            Override::Error(_)
        ));
        assert_eq!(foreign_charset("application/x-www-form-urlencoded; charset=latin-1").as_deref(), Some("latin-1"));
        assert_eq!(foreign_charset("application/x-www-form-urlencoded; charset=\"utf-8\""), None);
        assert_eq!(foreign_charset("application/x-www-form-urlencoded; charset=utf8; charset=x"), None);
        assert_eq!(foreign_charset("application/x-www-form-urlencoded;charset="), None);
    }

    #[test]
    fn python_helpers() {
        assert_eq!(unquote("a%20b%zz%C3%A9%FF"), "a b%zz\u{e9}\u{fffd}");
        assert_eq!(
            parse_header("form-data; name=\"a;b\"; x = \"q\\\"\" ").1,
            vec![("name".to_string(), "a;b".to_string()), ("x".to_string(), "q\"".to_string())]
        );
        assert!(valid_boundary(b"b"));
        assert!(!valid_boundary(b""));
        assert!(!valid_boundary(b"b "));
        assert!(!valid_boundary(&[b'x'; 202]));
        assert!(valid_boundary(&[b'x'; 201]));
        assert_eq!(a2b_qp(b"P=55T=\r\n=3D"), b"PUT=");
        assert_eq!(py_upper("ﬆ"), "ST");
    }
}
