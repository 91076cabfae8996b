//! `host[@backend[#pool]]` and cluster names, split the way Cinder splits them.
//!
//! Cinder's `volume_utils.extract_host` splits on the first `#` (backend level:
//! everything before it) and on the first `@` of that part (host level). The
//! pool level is `host.split('#')[1]` **only when there is exactly one `#`**;
//! with two or more, Cinder sees no pool at all. The service lookup uses the
//! backend level, so `#pool` never affects which service is found; the pool is
//! only stored (and later used by the scheduler and driver).
//!
//! The parser never fails: every oddity is a [`HostHint`] with a stable code,
//! because most of them are accepted by Cinder's schema and fail later.
//!
//! Splitting: `cinder/volume/volume_utils.py: extract_host`; the schema's
//! character class and length are the core's (`cinder_host` in
//! `cinder/api/validation/parameter_types.py`; see
//! `docs/cinder/schemas.md#hosts-characters` and
//! `docs/cinder/host-and-cluster.md`).

use serde::{Deserialize, Serialize};

use crate::cinder::schema::is_host_char;
/// Cinder's `cinder_host` maxLength, and `cluster`'s.
use crate::limits::MAX_STRING_LENGTH as MAX_LENGTH;

/// Stable codes for host and cluster hints.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostHintCode {
    /// Empty: the schema's minLength 1 fails (host) or the value counts as absent (cluster).
    Empty,
    /// More than 255 characters: the schema's maxLength fails.
    TooLong,
    /// Characters outside `#+-./0-9:@A-Z[]_a-z`: the schema's pattern fails.
    InvalidCharacters,
    /// One trailing `\n`: accepted by the schema (Python `$`), almost surely a paste error.
    TrailingNewline,
    /// Leading or trailing whitespace in a cluster name (not trimmed by Cinder).
    SurroundingWhitespace,
    /// No `@backend`.
    MissingBackend,
    /// No `#pool`.
    MissingPool,
    /// Nothing before `@`.
    EmptyHost,
    /// Nothing between `@` and `#` (or after a final `@`).
    EmptyBackend,
    /// Nothing after `#`.
    EmptyPool,
    /// More than one `#`: Cinder's extract_host then returns no pool.
    MultiplePoolSeparators,
    /// The pool is an NFS share on an IPv6 server (`[addr]:/share`).
    Ipv6SharePool,
    /// The pool is an NFS-style share (`server:/path`).
    SharePool,
    /// `[` and `]` do not pair up.
    UnbalancedBrackets,
}

/// How serious a hint is.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HintSeverity {
    /// Informational.
    Info,
    /// Accepted by the API but probably wrong, or fails later.
    Warning,
    /// The API answers 400.
    Error,
}

/// One hint.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostHint {
    /// Stable machine code.
    pub code: HostHintCode,
    /// How serious it is.
    pub severity: HintSeverity,
    /// Human explanation.
    pub message: String,
}

fn hint(code: HostHintCode, severity: HintSeverity, message: impl Into<String>) -> HostHint {
    HostHint { code, severity, message: message.into() }
}

/// What the pool looks like.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolKind {
    /// A plain pool name.
    Name,
    /// `server:/path` (NFS-style share).
    Share,
    /// `[ipv6]:/path` (NFS share on an IPv6 server, bug 1904892).
    Ipv6Share,
}

/// A host or cluster string split into its parts.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostParts {
    /// The text as given.
    pub input: String,
    /// Host level: before the first `@` of the part before the first `#`.
    pub host: String,
    /// Backend name: after that first `@`; `None` without `@`.
    pub backend: Option<String>,
    /// Backend level (`host@backend`): what Cinder looks the service up by.
    pub service_host: String,
    /// Pool level as Cinder computes it: `None` without `#` **or with several `#`**.
    pub pool: Option<String>,
    /// Everything after the first `#` (differs from `pool` only with several `#`).
    pub after_first_hash: Option<String>,
    /// Shape of the pool, when there is one.
    pub pool_kind: Option<PoolKind>,
    /// Everything worth telling the user.
    pub hints: Vec<HostHint>,
}

/// True for the characters of Cinder's `cinder_host` pattern (the core's
/// rule, the one the validator applies).
pub fn is_host_pattern_char(c: char) -> bool {
    is_host_char(u32::from(c))
}

fn split(text: &str) -> HostParts {
    let (service_host, after_first_hash) = match text.split_once('#') {
        Some((before, after)) => (before, Some(after)),
        None => (text, None),
    };
    let (host, backend) = match service_host.split_once('@') {
        Some((h, b)) => (h, Some(b)),
        None => (service_host, None),
    };
    let pool = after_first_hash.filter(|p| !p.contains('#'));
    let pool_kind = pool.map(|p| {
        if p.starts_with('[') && p.contains("]:/") {
            PoolKind::Ipv6Share
        } else if p.contains(":/") {
            PoolKind::Share
        } else {
            PoolKind::Name
        }
    });
    HostParts {
        input: text.to_string(),
        host: host.to_string(),
        backend: backend.map(str::to_string),
        service_host: service_host.to_string(),
        pool: pool.map(str::to_string),
        after_first_hash: after_first_hash.map(str::to_string),
        pool_kind,
        hints: Vec::new(),
    }
}

/// Parse a manage `host` value (`host@backend#pool`), with hints.
pub fn parse_host(text: &str) -> HostParts {
    let mut parts = split(text);
    let mut hints = Vec::new();
    let length = text.chars().count();
    if text.is_empty() {
        hints.push(hint(
            HostHintCode::Empty,
            HintSeverity::Error,
            "host is empty: the schema requires at least 1 character (400)",
        ));
        parts.hints = hints;
        return parts;
    }
    if length > MAX_LENGTH {
        hints.push(hint(
            HostHintCode::TooLong,
            HintSeverity::Error,
            format!("host has {length} characters; the schema allows at most {MAX_LENGTH} (400)"),
        ));
    }
    // Python's `$` matches before one final "\n", so the pattern ignores it.
    let body = text.strip_suffix('\n').unwrap_or(text);
    let bad: Vec<char> = body.chars().filter(|&c| !is_host_pattern_char(c)).collect();
    if !bad.is_empty() {
        let mut listed: Vec<String> = Vec::new();
        for c in bad {
            let shown = format!("{c:?}");
            if !listed.contains(&shown) {
                listed.push(shown);
            }
        }
        hints.push(hint(
            HostHintCode::InvalidCharacters,
            HintSeverity::Error,
            format!(
                "host contains {} outside Cinder's host pattern (letters, digits and # + - . / : @ [ ] _): 400",
                listed.join(", ")
            ),
        ));
    }
    if body.len() != text.len() {
        let message = if parts.pool.is_some() {
            "host ends with a newline: Cinder's schema accepts it (Python `$`), but the newline becomes part of \
             the pool name, which no backend reports; almost surely a paste error"
        } else {
            "host ends with a newline: Cinder's schema accepts it (Python `$`), then the service lookup answers \
             400 \"Host '…\\n' not found\"; almost surely a paste error"
        };
        hints.push(hint(HostHintCode::TrailingNewline, HintSeverity::Warning, message));
    }
    structure_hints(&parts, &mut hints, "host");
    parts.hints = hints;
    parts
}

fn structure_hints(parts: &HostParts, hints: &mut Vec<HostHint>, what: &str) {
    if parts.host.is_empty() {
        hints.push(hint(HostHintCode::EmptyHost, HintSeverity::Warning, format!("nothing before '@' in the {what}")));
    }
    match parts.backend.as_deref() {
        None => hints.push(hint(
            HostHintCode::MissingBackend,
            HintSeverity::Info,
            format!("no @backend: only a service registered under the bare name {:?} matches", parts.host),
        )),
        Some("") => hints.push(hint(
            HostHintCode::EmptyBackend,
            HintSeverity::Warning,
            format!("empty backend name after '@' in the {what}"),
        )),
        Some(_) => {}
    }
    match (&parts.after_first_hash, &parts.pool) {
        (None, _) => hints.push(hint(
            HostHintCode::MissingPool,
            HintSeverity::Info,
            format!(
                "no #pool: Cinder stores the service's host ({}) with no pool; a backend that reports pools may \
                 not place the volume in the pool the object really lives in",
                parts.service_host
            ),
        )),
        (Some(after), None) => hints.push(hint(
            HostHintCode::MultiplePoolSeparators,
            HintSeverity::Warning,
            format!("more than one '#': Cinder's extract_host then finds no pool at all (the text after the first '#' is {after:?})"),
        )),
        (Some(_), Some(pool)) if pool.is_empty() => {
            hints.push(hint(HostHintCode::EmptyPool, HintSeverity::Warning, "empty pool name after '#'"))
        }
        _ => {}
    }
    match parts.pool_kind {
        Some(PoolKind::Ipv6Share) => hints.push(hint(
            HostHintCode::Ipv6SharePool,
            HintSeverity::Info,
            "the pool is an NFS share on an IPv6 server ([address]:/path), accepted since bug 1904892",
        )),
        Some(PoolKind::Share) => hints.push(hint(
            HostHintCode::SharePool,
            HintSeverity::Info,
            "the pool is an NFS-style share (server:/path)",
        )),
        _ => {}
    }
    let opens = parts.input.matches('[').count();
    let closes = parts.input.matches(']').count();
    if opens != closes {
        hints.push(hint(
            HostHintCode::UnbalancedBrackets,
            HintSeverity::Warning,
            format!("'[' and ']' do not pair up in the {what}"),
        ));
    }
}

/// Parse a `cluster` value the same way. Cluster names have no pattern, so
/// only length, emptiness (treated as absent by the host/cluster rule) and
/// whitespace are reported, plus the structure hints.
pub fn parse_cluster(text: &str) -> HostParts {
    let mut parts = split(text);
    let mut hints = Vec::new();
    if text.is_empty() {
        hints.push(hint(
            HostHintCode::Empty,
            HintSeverity::Info,
            "cluster is empty: the schema accepts it and the host/cluster rule treats it as absent",
        ));
        parts.hints = hints;
        return parts;
    }
    let length = text.chars().count();
    if length > MAX_LENGTH {
        hints.push(hint(
            HostHintCode::TooLong,
            HintSeverity::Error,
            format!("cluster has {length} characters; the schema allows at most {MAX_LENGTH} (400)"),
        ));
    }
    if text.trim() != text {
        hints.push(hint(
            HostHintCode::SurroundingWhitespace,
            HintSeverity::Warning,
            "cluster has leading or trailing whitespace: Cinder does not trim it, so no cluster will match",
        ));
    }
    structure_hints(&parts, &mut hints, "cluster");
    hints.retain(|h| h.code != HostHintCode::MissingPool);
    parts.hints = hints;
    parts
}
