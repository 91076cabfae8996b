//! Shared helpers for the fuzz targets: option selection, the report
//! invariants, a lossless Python-JSON writer and a structured value decoder.
//!
//! Every check panics on a violated invariant, which libFuzzer reports as a
//! crash with the input that caused it.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a fuzz target: a panic is how it reports a failure")]

use std::fmt::Write as _;

use os_volume_manage::jsonl::{check_line, JsonlDefaults};

use os_volume_manage::http::raw::{parse_request, ReaderLimits};
use os_volume_manage::{
    check_request, check_text, check_value, route, Code, Endpoint, Int, Kind, Microversion, Normalized, Object,
    Options, PyStr, Rendering, Report, Request, RequestError, ServerModel, UnicodeVersion, Value,
};

/// Microversions the first input byte chooses from (low four bits): valid,
/// boundary, out of range, malformed and header forms.
pub const MICROVERSIONS: [Option<&str>; 16] = [
    None,
    Some("3.0"),
    Some("3.7"),
    Some("3.8"),
    Some("3.15"),
    Some("3.16"),
    Some("3.17"),
    Some("3.71"),
    Some("latest"),
    Some("2.0"),
    Some("volume 3.16"),
    Some("compute 2.1, volume 3.8"),
    Some("3.72"),
    Some("3.016"),
    Some(""),
    Some("volume  latest , x"),
];

/// Options from one selector byte: bits 0-3 microversion, bits 4-5 endpoint
/// (none, the kind's default route, its `manageable_*` twin, none), bits 6-7
/// the Unicode version.
pub fn options_from_byte(kind: Kind, b: u8) -> Options {
    let microversion = MICROVERSIONS[usize::from(b & 0x0F)].map(str::to_string);
    let endpoint = match (b >> 4) & 3 {
        1 => Some(Endpoint::default_for(kind)),
        2 => Some(match kind {
            Kind::Volume => Endpoint::ManageableVolumes,
            Kind::Snapshot => Endpoint::ManageableSnapshots,
        }),
        _ => None,
    };
    let unicode_version = UnicodeVersion::ALL[usize::from(b >> 6)];
    Options { microversion, endpoint, unicode_version, ..Options::default() }
}

/// Reports compare with `==`, except that a NaN inside (a `ref` may hold
/// one) is never equal to itself: then the canonical forms must agree (the
/// Debug form will not do: a large object's Debug shows its hash index).
pub fn same_report(a: &Report, b: &Report) -> bool {
    a == b || canonical_report(a) == canonical_report(b)
}

fn same_normalized(a: &Normalized, b: &Normalized) -> bool {
    a == b || pyjson_text(&a.to_value()) == pyjson_text(&b.to_value())
}

/// The value as Python-JSON text: NaN is written `NaN`, so equal texts mean
/// equal values with NaN equal to itself.
pub fn pyjson_text(v: &Value) -> String {
    let mut out = String::new();
    write_pyjson(v, &mut out);
    out
}

fn canonical_report(r: &Report) -> String {
    let mut out = format!("{} {} {:?} {:?} {:?}", r.accepted(), r.http_status(), r.server_error(), r.errors(), r.warnings());
    for c in r.changes() {
        let _ = write!(out, " {} {:?} {} {} {}", c.pointer(), c.code(), pyjson_text(&c.from()), pyjson_text(&c.to()), c.message());
    }
    if let Some(n) = &r.normalized() {
        out.push_str(&pyjson_text(&n.to_value()));
    }
    out
}

/// The invariants every report satisfies.
pub fn check_report(kind: Kind, report: &Report) {
    assert_eq!(report.accepted(), report.errors().is_empty(), "accepted ⇔ no errors: {report:#?}");
    if report.accepted() {
        assert_eq!(report.http_status(), 202, "{report:#?}");
        assert!(report.server_error().is_none(), "{report:#?}");
        match (&report.normalized(), kind) {
            (Some(Normalized::Volume(_)), Kind::Volume) | (Some(Normalized::Snapshot(_)), Kind::Snapshot) => {}
            _ => panic!("accepted without a normalized request of the right kind: {report:#?}"),
        }
    } else {
        assert!(report.server_error().is_some(), "{report:#?}");
        assert!([400, 404, 406, 413, 500].contains(&report.http_status()), "{report:#?}");
        assert!(report.normalized().is_none() && report.changes().is_empty(), "{report:#?}");
    }
    for issue in report.errors().iter().chain(report.warnings()) {
        assert!(issue.pointer().is_empty() || issue.pointer().starts_with('/'), "pointer {:?}", issue.pointer());
    }
    // Serialization is checked where the JSONL output is compared (it
    // dominates the cost of an execution, so it is done once per input).
}

/// Normalizing a normalized request changes nothing: resubmit it at the
/// same options and expect acceptance, no change and the same request.
pub fn check_resubmit(kind: Kind, options: &Options, report: &Report) {
    let Some(normalized) = &report.normalized() else { return };
    let Ok(version) = Microversion::resolve(options.microversion.as_deref()) else {
        panic!("accepted at a version that does not resolve: {options:?}");
    };
    // Cinder's documented quirk: a whitespace-only name/description strips
    // to "" and an empty one is then not passed on (null).
    if let Normalized::Volume(v) = normalized {
        if v.name.as_ref().is_some_and(PyStr::is_empty) || v.description.as_ref().is_some_and(PyStr::is_empty) {
            return;
        }
    }
    let as_value = normalized.to_value();
    let Value::Object(fields) = &as_value else { panic!("to_value is an object") };
    let fields: Object = fields
        .iter()
        .filter(|(k, _)| !(kind == Kind::Volume && version < Microversion::VOLUME_MIGRATE_CLUSTER && k.as_str() == Some("cluster")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut body = Object::new();
    body.insert(PyStr::from(kind.as_str()), Value::Object(fields));
    let again = check_value(kind, &Value::Object(body), options);
    check_report(kind, &again);
    assert!(again.accepted(), "a normalized request is refused: {normalized:#?} → {again:#?}");
    assert!(again.changes().is_empty(), "normalizing again changes something: {normalized:#?} → {again:#?}");
    let again_normalized = again.normalized().expect("accepted");
    assert!(same_normalized(normalized, again_normalized), "{normalized:#?} ≠ {again_normalized:#?}");
}

/// The JSONL line for a case, with `body_json` (raw JSON text placed as
/// `body`) or `body_text` (a string).
pub fn jsonl_case(kind: Kind, options: &Options, body_json: Option<&str>, body_text: Option<&str>) -> String {
    let mut line = String::from("{\"id\":1,\"kind\":");
    line.push_str(&serde_json::to_string(kind.as_str()).unwrap());
    if let Some(mv) = &options.microversion {
        line.push_str(",\"microversion\":");
        line.push_str(&serde_json::to_string(mv).unwrap());
    }
    if let Some(e) = options.endpoint {
        let _ = write!(line, ",\"endpoint\":\"{}\"", e.as_str());
    }
    let _ = write!(line, ",\"unicode_version\":\"{}\"", options.unicode_version.as_str());
    if let Some(b) = body_json {
        line.push_str(",\"body\":");
        line.push_str(b);
    }
    if let Some(t) = body_text {
        line.push_str(",\"body_text\":");
        line.push_str(&serde_json::to_string(t).unwrap());
    }
    line.push('}');
    line
}

/// The JSONL output for a case equals the library's report.
pub fn check_jsonl_matches(line: &str, report: &Report) {
    let out = check_line(line, &JsonlDefaults::default()).expect("a non-blank line gives an output line");
    let json = report.to_json();
    assert!(!json.contains("\"code\":\"internal\""), "serialization fell back: {json}");
    let expected = format!("{{\"id\":1,{}", json.strip_prefix('{').expect("an object"));
    assert_eq!(out.accepted, report.accepted(), "JSONL verdict differs for line {line:?}");
    assert_eq!(out.text, expected, "JSONL output differs from the library's report for line {line:?}");
}

/// Everything a raw request text must satisfy (the two `check_text_*` targets).
pub fn text_target(kind: Kind, data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else { return };
    let options = options_from_byte(kind, selector);
    let report = check_text(kind, body, &options);
    check_report(kind, &report);
    // Bytes over the size limit get the 413; a parsed value has no size.
    let over_limit = options.max_request_body_size.is_some_and(|l| body.len() as i64 > l);
    if let Ok(value) = Value::parse(body).map_err(|_| ()).and_then(|v| if over_limit { Err(()) } else { Ok(v) }) {
        let from_value = check_value(kind, &value, &options);
        assert!(same_report(&report, &from_value), "check_text ≠ check_value: {report:#?}\n{from_value:#?}");
    }
    check_resubmit(kind, &options, &report);
    if let Ok(text) = std::str::from_utf8(body) {
        check_jsonl_matches(&jsonl_case(kind, &options, None, Some(text)), &report);
    }
}

// ---------------------------------------------------------------------------
// A lossless writer of Python-JSON text (NaN, Infinity, big ints, \ud800).
// ---------------------------------------------------------------------------

/// Writes `v` as text that Cinder's `json.loads` reads back as `v`.
pub fn write_pyjson(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(Int::Small(n)) => {
            let _ = write!(out, "{n}");
        }
        Value::Int(Int::Big(digits)) => out.push_str(digits),
        Value::Float(f) if f.is_nan() => out.push_str("NaN"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" }),
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Str(s) => write_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_pyjson(item, out);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(k, out);
                out.push_str(": ");
                write_pyjson(item, out);
            }
            out.push('}');
        }
    }
}

fn write_str(s: &PyStr, out: &mut String) {
    out.push('"');
    for cp in s.code_points() {
        match cp {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0..=0x1F | 0xD800..=0xDFFF => {
                let _ = write!(out, "\\u{cp:04x}");
            }
            _ => out.push(char::from_u32(cp).unwrap_or('\u{FFFD}')),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Bytes → a structured value, biased towards manage requests.
// ---------------------------------------------------------------------------

/// Reads fuzz bytes; zeros once exhausted.
pub struct Src<'a> {
    data: &'a [u8],
    pos: usize,
    /// Nodes still allowed (keeps values small and fast).
    budget: usize,
}

const KEYS: [&str; 20] = [
    "volume",
    "snapshot",
    "host",
    "cluster",
    "ref",
    "source-name",
    "source-id",
    "name",
    "description",
    "bootable",
    "metadata",
    "availability_zone",
    "volume_type",
    "volume_id",
    "type",
    "extra",
    "",
    "k",
    "a\u{0}b",
    "Key With Space",
];

const STRINGS: [&str; 32] = [
    "h@b#p",
    "node1@lvm#lvm",
    "h@b#p\n",
    "h@b\n#p",
    "c@b",
    "",
    " ",
    "  x  ",
    "\u{1c}x\u{1f}",
    "\u{a0}\u{3000}",
    "lv1",
    "volume-00000000-0000-0000-0000-000000000000",
    "_snapshot-1df34919-aba7-4a1b-a614-3b409d71ac03",
    "1df34919-aba7-4a1b-a614-3b409d71ac03",
    "1DF34919ABA74A1BA6143B409D71AC03",
    "{1df34919-aba7-4a1b-a614-3b409d71ac03}",
    "true",
    "False",
    "yes",
    "0",
    "on",
    "y",
    "source-name",
    "{\"source-name\": \"x\"}",
    "lvm\n",
    "x\u{85}",
    "\u{10ffff}",
    "\u{e000}\u{fdd0}",
    "\u{0378}",
    "\u{1fae8}",
    "a\u{0}",
    "\u{200b}",
];

impl<'a> Src<'a> {
    pub fn new(data: &'a [u8]) -> Src<'a> {
        Src { data, pos: 0, budget: 160 }
    }

    pub fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0u64, |acc, _| (acc << 8) | u64::from(self.u8()))
    }

    fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// A string: from the pool, raw bytes (UTF-8 lossy), or code points
    /// including lone surrogates (never a high one right before a low one:
    /// JSON text cannot spell that pair apart).
    pub fn string(&mut self) -> PyStr {
        match self.u8() % 6 {
            0..=2 => PyStr::from(STRINGS[usize::from(self.u8()) % STRINGS.len()]),
            3 => {
                let n = usize::from(self.u8() % 24);
                let start = self.pos.min(self.data.len());
                let end = (start + n).min(self.data.len());
                self.pos = start + n;
                PyStr::from(String::from_utf8_lossy(&self.data[start..end]).as_ref())
            }
            4 => {
                // A long string around the schema's 255 limit.
                let n = 250 + usize::from(self.u8() % 12);
                let c = ['x', ' ', 'é', '\u{3000}'][usize::from(self.u8() % 4)];
                PyStr::from(std::iter::repeat_n(c, n).collect::<String>().as_str())
            }
            _ => {
                let n = usize::from(self.u8() % 8);
                let mut cps: Vec<u32> = Vec::with_capacity(n);
                for _ in 0..n {
                    let cp = match self.u8() % 8 {
                        0 => 0xD800 + u32::from(self.u8()) * 4,
                        1 => 0xDC00 + u32::from(self.u8()) * 4,
                        2 => u32::from(self.u8()) & 0x1F,
                        3 => 0x20 + u32::from(self.u8() % 0x60),
                        4 => [0x85, 0xA0, 0x1680, 0x2028, 0x3000, 0xFEFF, 0x180E, 0x1C][usize::from(self.u8() % 8)],
                        _ => ((u32::from(self.u8()) << 12) | (u32::from(self.u8()) << 4)) % 0x11_0000,
                    };
                    let after_high = cps.last().is_some_and(|p| (0xD800..0xDC00).contains(p));
                    cps.push(if after_high && (0xDC00..0xE000).contains(&cp) { 0x41 } else { cp });
                }
                PyStr::from_code_points(cps)
            }
        }
    }

    fn key(&mut self) -> PyStr {
        if self.u8().is_multiple_of(4) {
            self.string()
        } else {
            PyStr::from(KEYS[usize::from(self.u8()) % KEYS.len()])
        }
    }

    /// Any value, at most `depth` containers deep.
    pub fn value(&mut self, depth: usize) -> Value {
        if self.budget == 0 || self.exhausted() {
            return Value::Null;
        }
        self.budget -= 1;
        let tag = self.u8() % 16;
        match tag {
            0 => Value::Null,
            1 => Value::Bool(self.u8() & 1 == 1),
            2 => Value::Int(Int::Small(match self.u8() % 6 {
                0 => 0,
                1 => 1,
                2 => -1,
                3 => i64::MAX,
                4 => i64::MIN,
                _ => self.u64() as i64,
            })),
            3 => {
                // A canonical big integer (beyond i64), up to 4300 digits.
                let negative = self.u8() & 1 == 1;
                let len = match self.u8() % 16 {
                    0 => 4300,
                    _ => 20 + usize::from(self.u8()),
                };
                let mut digits = String::with_capacity(len + 1);
                if negative {
                    digits.push('-');
                }
                digits.push('9');
                for _ in 1..len {
                    digits.push(char::from(b'0' + self.u8() % 10));
                }
                Value::Int(Int::Big(digits.into_boxed_str()))
            }
            4 => Value::Float(match self.u8() % 8 {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => f64::NEG_INFINITY,
                3 => -0.0,
                4 => 0.5,
                5 => 1e308,
                _ => f64::from_bits(self.u64()),
            }),
            5..=8 => Value::Str(self.string()),
            9 | 10 if depth > 0 => {
                let n = usize::from(self.u8() % 6);
                Value::Array((0..n).map(|_| self.value(depth - 1)).collect())
            }
            11..=15 if depth > 0 => {
                let n = usize::from(self.u8() % 8);
                let mut o = Object::new();
                for _ in 0..n {
                    let k = self.key();
                    let v = self.value(depth - 1);
                    o.insert(k, v);
                }
                Value::Object(o)
            }
            _ => Value::Str(self.string()),
        }
    }

    /// A body shaped like a manage request most of the time.
    pub fn body(&mut self, kind: Kind) -> Value {
        match self.u8() % 8 {
            0 => self.value(6),
            _ => {
                let fields: &[&str] = match kind {
                    Kind::Volume => &[
                        "host", "ref", "name", "description", "bootable", "metadata", "availability_zone",
                        "volume_type", "cluster",
                    ],
                    Kind::Snapshot => &["volume_id", "ref", "name", "description", "metadata"],
                };
                let mut inner = Object::new();
                let mask = self.u8();
                for (i, f) in fields.iter().enumerate() {
                    // Required-ish fields are present more often.
                    let present = matches!(*f, "host" | "ref" | "volume_id") || (mask >> (i % 8)) & 1 == 1;
                    if !present || self.u8().is_multiple_of(8) {
                        continue;
                    }
                    let v = match (*f, self.u8() % 4) {
                        ("ref", 0..=1) => {
                            let mut r = Object::new();
                            r.insert(PyStr::from("source-name"), Value::Str(self.string()));
                            Value::Object(r)
                        }
                        ("metadata", 0..=1) => {
                            let mut m = Object::new();
                            for _ in 0..self.u8() % 4 {
                                let k = self.string();
                                m.insert(k, Value::Str(self.string()));
                            }
                            Value::Object(m)
                        }
                        (_, 0..=1) => Value::Str(self.string()),
                        _ => self.value(3),
                    };
                    inner.insert(PyStr::from(*f), v);
                }
                if self.u8().is_multiple_of(16) {
                    let k = self.key();
                    let v = self.value(2);
                    inner.insert(k, v);
                }
                let mut top = Object::new();
                top.insert(PyStr::from(kind.as_str()), Value::Object(inner));
                if self.u8().is_multiple_of(16) {
                    let k = self.key();
                    let v = self.value(2);
                    top.insert(k, v);
                }
                Value::Object(top)
            }
        }
    }
}

/// Everything a structured value must satisfy (the `check_value` target).
pub fn value_target(data: &[u8]) {
    let mut src = Src::new(data);
    let head = src.u8();
    let kind = if head & 1 == 0 { Kind::Volume } else { Kind::Snapshot };
    let options = options_from_byte(kind, src.u8());
    let value = src.body(kind);
    let report = check_value(kind, &value, &options);
    check_report(kind, &report);
    check_resubmit(kind, &options, &report);

    // The same value as text: the parser reads it back unchanged, and the
    // text gives the same report.
    let mut text = String::new();
    write_pyjson(&value, &mut text);
    let parsed = Value::parse(text.as_bytes()).unwrap_or_else(|e| panic!("written text does not parse: {e}: {text}"));
    assert!(parsed == value || pyjson_text(&parsed) == text, "round trip: {text} → {}", pyjson_text(&parsed));
    let from_text = check_text(kind, text.as_bytes(), &options);
    assert!(same_report(&report, &from_text), "check_value ≠ check_text: {report:#?}\n{from_text:#?}");

    // JSONL, one of the two ways of giving the body.
    if head & 2 == 0 {
        check_jsonl_matches(&jsonl_case(kind, &options, Some(&text), None), &report);
    } else {
        check_jsonl_matches(&jsonl_case(kind, &options, None, Some(&text)), &report);
    }
}

// ---------------------------------------------------------------------------
// Whole requests (check_request, the raw reader).
// ---------------------------------------------------------------------------

/// Header names a line of the `request_headers` input can pick with its
/// first byte (0x01..=0x0D), so the fuzzer reaches the fields that matter.
pub const HEADER_NAMES: [&str; 13] = [
    "Content-Type",
    "OpenStack-API-Version",
    "Accept",
    "Content-Length",
    "Transfer-Encoding",
    "X-Auth-Token",
    "content-type",
    "Accept-Language",
    "CONTENT-TYPE",
    "openstack-api-version",
    "Content_Type",
    "X-OpenStack-Request-ID",
    "accept",
];

/// Body size limits the selector byte picks from.
pub const LIMITS: [Option<i64>; 8] = [None, Some(114_688), Some(0), Some(-1), Some(10), Some(59), Some(60), Some(1000)];

/// The request an input describes: byte 0 selects the options (bit 0 the
/// server, bits 1-3 the limit, bits 4-5 the endpoint, bit 6 chunked, bit 7 a
/// token); then header lines (`\n`-separated, up to the first empty line):
/// a line starting with a byte 0x01..=0x0D is that pooled name and the rest
/// its value, any other line `name: value`; the rest is the body.
pub fn request_input(data: &[u8]) -> Option<(Endpoint, Options, Result<Request, RequestError>)> {
    let (&selector, rest) = data.split_first()?;
    let options = Options {
        server: if selector & 1 == 0 { ServerModel::Wsgi } else { ServerModel::Eventlet },
        max_request_body_size: LIMITS[usize::from((selector >> 1) & 7)],
        ..Options::default()
    };
    let endpoint = Endpoint::ALL[usize::from((selector >> 4) & 3)];
    let mut builder = Request::builder();
    if selector & 0x80 != 0 {
        builder = builder.header("X-Auth-Token", "admin:0123456789abcdef0123456789abcdef");
    }
    let mut lines = rest.split(|&b| b == b'\n');
    let mut body_start = 0;
    let mut consumed = 0;
    for line in lines.by_ref() {
        consumed += line.len() + 1;
        if line.is_empty() {
            body_start = consumed;
            break;
        }
        match line.split_first() {
            Some((&b, value)) if (1..=13).contains(&b) => {
                builder = builder.header(HEADER_NAMES[usize::from(b - 1)], value);
            }
            _ => {
                let (name, value) = match line.iter().position(|&c| c == b':') {
                    Some(i) => (&line[..i], &line[i + 1..]),
                    None => (line, &b""[..]),
                };
                builder = builder.header(String::from_utf8_lossy(name).into_owned(), value);
            }
        }
        body_start = consumed.min(rest.len());
    }
    if selector & 0x40 != 0 {
        builder = builder.chunked();
    }
    let body = rest.get(body_start.min(rest.len())..).unwrap_or_default().to_vec();
    Some((endpoint, options, builder.body(body).build()))
}

/// The invariants of a report on a whole request.
pub fn check_request_report(request: &Request, report: &Report) {
    let status = report.http_status();
    assert!([202, 400, 404, 406, 413, 415, 500].contains(&status), "{report:#?}");
    assert_eq!(report.accepted(), status == 202, "{report:#?}");
    assert_eq!(report.accepted(), report.errors().is_empty(), "{report:#?}");
    assert_eq!(report.accepted(), report.normalized().is_some(), "{report:#?}");
    let response = report.response().expect("a whole request has a response");
    match response.rendered_by() {
        Rendering::Controller => {
            assert!(report.accepted() && response.body().is_none() && report.server_error().is_none());
        }
        Rendering::Server => {
            assert!(status == 500 && report.server_error().is_none(), "{report:#?}");
            assert_eq!(report.errors()[0].code(), Code::AcceptUnrenderable);
        }
        Rendering::Fault => {
            // The body is `{"<name>": {"code": status, "message": server_error}}`
            // in Python's ASCII-only JSON, which the crate's parser reads back
            // exactly (lone surrogates included).
            let body = response.body().expect("a fault has a body");
            assert!(body.is_ascii(), "{body:?}");
            let v = Value::parse(body).expect("the fault body is JSON");
            let (_, inner) = v.as_object().and_then(|o| o.iter().next()).expect("one member");
            let inner = inner.as_object().expect("an object");
            assert_eq!(inner.get("code"), Some(&Value::Int(Int::Small(i64::from(status)))));
            let message = inner.get("message").and_then(Value::as_pystr).expect("a message");
            assert_eq!(Some(message.as_wtf8()), report.server_error().map(|e| e.as_wtf8()), "{report:#?}");
        }
        Rendering::WebobPlain => {
            let e = report.server_error().expect("an explanation").to_string();
            let want = format!("{}\n\n{e}\n\n   ", response.status_line().expect("a status line"));
            assert_eq!(response.body(), Some(want.as_bytes()));
        }
        Rendering::WebobJson | Rendering::WebobHtml => {
            let e = report.server_error().expect("an explanation").to_string();
            let body = String::from_utf8_lossy(response.body().expect("a body")).into_owned();
            assert!(body.contains(&e), "{body}");
        }
        other => panic!("unknown rendering {other:?}"),
    }
    if matches!(response.rendered_by(), Rendering::WebobPlain | Rendering::WebobJson | Rendering::WebobHtml) {
        assert!(matches!(status, 413 | 404), "{report:#?}");
    }
    if status == 413 {
        assert_eq!(report.errors()[0].code(), Code::BodyTooLarge, "{report:#?}");
    }
    // The JSON text is one object ending in the response.
    let json = report.to_json();
    let v = Value::parse(json.as_bytes()).expect("report JSON");
    let keys: Vec<String> = v.as_object().expect("an object").keys().map(|k| k.to_string_lossy()).collect();
    assert_eq!(keys.last().map(String::as_str), Some("response"), "{json}");
    let _ = request;
}

/// Everything a whole request must satisfy (`request_headers`).
pub fn request_target(data: &[u8]) {
    let Some((endpoint, options, built)) = request_input(data) else { return };
    let request = match built {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.message().is_empty());
            return;
        }
    };
    let report = check_request(endpoint, &request, &options);
    check_request_report(&request, &report);
    assert_eq!(report, check_request(endpoint, &request, &options), "deterministic");
    // The two servers read the same environ when the body is not chunked,
    // no name is repeated (they join values differently) and one
    // Content-Type is sent without trailing whitespace.
    let content_types: Vec<&[u8]> = request.header_values("content-type").collect();
    let names: Vec<String> = request.headers().map(|(n, _)| n.to_ascii_lowercase()).collect();
    let repeated = names.iter().enumerate().any(|(i, n)| names[..i].contains(n));
    let comparable = !request.is_chunked()
        && !repeated
        && content_types.len() == 1
        && !content_types[0].ends_with(b" ")
        && !content_types[0].ends_with(b"\t");
    if comparable {
        let other = Options {
            server: match options.server {
                ServerModel::Wsgi => ServerModel::Eventlet,
                ServerModel::Eventlet => ServerModel::Wsgi,
            },
            ..options.clone()
        };
        let other_report = check_request(endpoint, &request, &other);
        assert_eq!(
            (report.http_status(), report.server_error(), report.errors()),
            (other_report.http_status(), other_report.server_error(), other_report.errors()),
            "the servers disagree on {request:?}"
        );
    }
}

/// Everything raw request bytes must satisfy (`raw_request`).
pub fn raw_target(data: &[u8]) {
    let limits = ReaderLimits::default();
    let small = ReaderLimits { max_request_line: 64, max_field_line: 64, max_fields: 4 };
    for limits in [limits, small] {
        let read = match parse_request(data, &limits) {
            Ok(r) => r,
            Err(e) => {
                assert!(!e.message().is_empty());
                continue;
            }
        };
        let r = &read.request;
        assert!(r.body().len() <= data.len());
        assert!(r.headers().count() <= limits.max_fields);
        assert!(!read.method.is_empty() && !read.target.is_empty());
        // Written back out (one chunk when chunked), it reads the same.
        let mut again = format!("{} {} {}\r\n", read.method, read.target, read.version).into_bytes();
        for (name, value) in r.headers() {
            again.extend_from_slice(name.as_bytes());
            again.extend_from_slice(b": ");
            again.extend_from_slice(value);
            again.extend_from_slice(b"\r\n");
        }
        again.extend_from_slice(b"\r\n");
        if r.is_chunked() {
            if !r.body().is_empty() {
                again.extend_from_slice(format!("{:x}\r\n", r.body().len()).as_bytes());
                again.extend_from_slice(r.body());
                again.extend_from_slice(b"\r\n");
            }
            again.extend_from_slice(b"0\r\n\r\n");
        } else {
            again.extend_from_slice(r.body());
        }
        let reread = parse_request(&again, &ReaderLimits::default()).expect("a request written back reads again");
        assert_eq!(&reread.request, r);
        if let Ok(endpoint) = route(&read.method, &read.target) {
            let report = check_request(endpoint, r, &Options::default());
            check_request_report(r, &report);
        }
    }
}
