//! Microversions, endpoints and the other request options
//! (`docs/cinder/routes-and-microversions.md`).

use std::fmt;

use crate::python::unicode::UnicodeVersion;
use crate::report::json::quoted;

/// An API version as Cinder compares them: the integer pair (major, minor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    /// `3` (or `2` for the removed v2 API).
    pub major: u32,
    /// `0` … `71`.
    pub minor: u32,
}

impl Microversion {
    /// `major.minor`.
    pub const fn new(major: u32, minor: u32) -> Microversion {
        Microversion { major, minor }
    }
    /// `BASE_VERSION`, also what a request without a header gets.
    pub const MIN: Microversion = Microversion::new(3, 0);
    /// `_MAX_API_VERSION` of Cinder 29 ("latest").
    pub const MAX: Microversion = Microversion::new(3, 71);
    /// `MANAGE_EXISTING_LIST`: the `manageable_*` routes.
    pub const MANAGE_EXISTING_LIST: Microversion = Microversion::new(3, 8);
    /// `VOLUME_MIGRATE_CLUSTER`: `cluster` in volume manage.
    pub const VOLUME_MIGRATE_CLUSTER: Microversion = Microversion::new(3, 16);
    /// `MANAGE_EXISTING_CLUSTER`: `cluster` in listings.
    pub const MANAGE_EXISTING_CLUSTER: Microversion = Microversion::new(3, 17);
    /// The removed v2 API; it validated with the 3.0 schema.
    pub const LEGACY_V2: Microversion = Microversion::new(2, 0);
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Why Cinder refuses the version before looking at the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError {
    /// 400, 406 or 500.
    pub http_status: u16,
    /// The report's code for it.
    pub code: crate::report::Code,
    /// Cinder's fault message.
    pub server_message: String,
    /// An explanation for a person.
    pub message: String,
    /// The version as Cinder prints it back (`APIVersionRequest.get_string`),
    /// when it was parsed (406): Cinder keeps it on the request, and its
    /// answer carries it in `OpenStack-API-Version`.
    pub(crate) requested: Option<String>,
}

impl fmt::Display for VersionError {
    /// The explanation for a person ([`VersionError::message`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VersionError {}

/// webob's text for a 400 raised without an explanation.
pub(crate) const GENERIC_400: &str =
    "The server could not comply with the request since it is either malformed or otherwise incorrect.";
/// webob's text for a 500.
pub(crate) const GENERIC_500: &str =
    "The server has either erred or is incapable of performing the requested operation.";

/// Parses `MajorNum.MinorNum` with Cinder's regex `^([1-9]\d*)\.([1-9]\d*|0)$`.
fn parse_version_string(text: &str) -> Option<Microversion> {
    let (major, minor) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) || major.starts_with('0') {
        return None;
    }
    if minor.len() > 1 && minor.starts_with('0') {
        return None;
    }
    // Python ints are unbounded; a number too large for u32 is still
    // well-formed and simply out of range.
    let major = major.parse::<u32>().unwrap_or(u32::MAX);
    let minor = minor.parse::<u32>().unwrap_or(u32::MAX);
    Some(Microversion::new(major, minor))
}

fn invalid_format(version: &str) -> VersionError {
    VersionError {
        requested: None,
        http_status: 400,
        code: crate::report::Code::MicroversionInvalidFormat,
        server_message: format!(
            "API Version String {version} is of invalid format. Must be of format MajorNum.MinorNum."
        ),
        message: format!(
            "microversion {} is not of the form MAJOR.MINOR (digits, no leading zeros, e.g. 3.16) or \"latest\"",
            crate::python::repr::repr_str_short(&crate::python::value::PyStr::from(version))
        ),
    }
}

/// Resolves a version token the way `set_api_version_request` does.
fn resolve_token(token: &str) -> Result<Microversion, VersionError> {
    if token == "latest" {
        return Ok(Microversion::MAX);
    }
    let v = parse_version_string(token).ok_or_else(|| invalid_format(token))?;
    if v < Microversion::MIN || v > Microversion::MAX {
        // Cinder prints the parsed integers (`APIVersionRequest.get_string`),
        // which are unbounded: the token itself, as the pattern allows no
        // leading zeros, even where `v` saturated at `u32::MAX`.
        let v = token;
        return Err(VersionError {
            requested: Some(v.to_string()),
            http_status: 406,
            code: crate::report::Code::MicroversionNotSupported,
            server_message: format!(
                "Version {v} is not supported by the API. Minimum is {} and maximum is {}.",
                Microversion::MIN,
                Microversion::MAX
            ),
            message: format!(
                "microversion {v} is outside what Cinder supports ({} to {}); Cinder answers 406",
                Microversion::MIN,
                Microversion::MAX
            ),
        });
    }
    Ok(v)
}

/// Resolves what the caller gave as the request's version.
///
/// Accepted forms:
/// * absent: no header, version 3.0;
/// * `"2.0"`: the removed v2 API, which validated like 3.0 without `cluster`;
/// * `"3.0"` … `"3.71"` and `"latest"`: a header `OpenStack-API-Version: volume <v>`;
/// * a header value such as `"volume 3.16"` or `"compute 2.1, volume 3.16"`,
///   read exactly as Cinder reads it (first comma-separated element
///   containing `volume`, split on whitespace into two tokens).
pub(crate) fn resolve_microversion(given: Option<&str>) -> Result<Microversion, VersionError> {
    let Some(text) = given else {
        return Ok(Microversion::MIN);
    };
    if text == "2.0" {
        return Ok(Microversion::LEGACY_V2);
    }
    // A bare value V stands for the header `volume V`; "" is `volume `,
    // which Cinder fails to unpack (500), like any other header form.
    let looks_like_header = text.is_empty() || text.as_bytes().contains(&b',') || text.chars().any(is_space);
    if !looks_like_header {
        return resolve_token(text);
    }
    resolve_header(if text.is_empty() { "volume " } else { text })
}

/// Reads an `OpenStack-API-Version` header value exactly as
/// `Request.set_api_version_request` does: the first comma-separated element
/// that contains `volume` (case-sensitive), split on whitespace into exactly
/// two words, the second the version.
pub(crate) fn resolve_header(header: &str) -> Result<Microversion, VersionError> {
    // `windows` rather than `str::contains`, whose substring search would
    // add 1.5 KB to the WebAssembly module for this one use.
    let Some(element) = header.split(',').find(|e| e.as_bytes().windows(6).any(|w| w == b"volume")) else {
        return Err(VersionError {
            requested: None,
            http_status: 400,
            code: crate::report::Code::MicroversionHeaderInvalid,
            server_message: GENERIC_400.to_string(),
            message: "the OpenStack-API-Version header has no element naming the \"volume\" service; \
                      write e.g. \"volume 3.16\""
                .to_string(),
        });
    };
    // Python `str.split()` splits on runs of `str.isspace()` characters
    // (U+001C–U+001F included, unlike Rust's `char::is_whitespace`).
    let tokens: Vec<&str> = element.split(is_space).filter(|t| !t.is_empty()).collect();
    match tokens.as_slice() {
        [_service, version] => resolve_token(version),
        _ => Err(VersionError {
            requested: None,
            http_status: 500,
            code: crate::report::Code::MicroversionHeaderInvalid,
            server_message: GENERIC_500.to_string(),
            message: format!(
                "the header element {} must be exactly two words, \"volume <version>\"; Cinder fails \
                 to unpack it and answers 500",
                crate::python::repr::repr_str_short(&crate::python::value::PyStr::from(element.trim()))
            ),
        }),
    }
}

/// Python's `str.isspace()` of one character.
fn is_space(c: char) -> bool {
    crate::python::unicode::py_is_space(u32::from(c))
}

impl Microversion {
    /// Resolves what a caller gives as the request's version, as Cinder's
    /// `cinder/api/openstack/wsgi.py: Request.set_api_version_request`
    /// reads the `OpenStack-API-Version` header.
    ///
    /// Accepted forms:
    /// * `None`: no header, version 3.0;
    /// * `"2.0"`: the removed v2 API, which validated like 3.0 without `cluster`;
    /// * `"3.0"` … `"3.71"` and `"latest"`: the header `volume <v>`;
    /// * a header value such as `"volume 3.16"` or `"compute 2.1, volume 3.16"`.
    ///
    /// ```
    /// use os_volume_manage::Microversion;
    /// assert_eq!(Microversion::resolve(Some("latest")).unwrap(), Microversion::MAX);
    /// assert_eq!(Microversion::resolve(Some("3.08")).unwrap_err().http_status, 400);
    /// assert_eq!(Microversion::resolve(Some("3.99")).unwrap_err().http_status, 406);
    /// ```
    pub fn resolve(given: Option<&str>) -> Result<Microversion, VersionError> {
        resolve_microversion(given)
    }

    /// Reads the `OpenStack-API-Version` field of a request as Cinder does
    /// (`None`: no such header, version 3.0). Unlike [`Microversion::resolve`]
    /// the value is always a header: `3.16` without `volume` names no
    /// service (400), and `volume 2.0` is out of range (406). A header sent
    /// several times is one value, joined as the server joins it.
    ///
    /// ```
    /// use os_volume_manage::Microversion;
    /// assert_eq!(Microversion::from_header(Some("compute 2.1, volume 3.16")).unwrap(), Microversion::new(3, 16));
    /// assert_eq!(Microversion::from_header(Some("3.16")).unwrap_err().http_status, 400);
    /// assert_eq!(Microversion::from_header(Some("volume 3.8 x")).unwrap_err().http_status, 500);
    /// ```
    pub fn from_header(value: Option<&str>) -> Result<Microversion, VersionError> {
        match value {
            None => Ok(Microversion::MIN),
            Some(v) => resolve_header(v),
        }
    }
}

/// Which of the two request kinds: the body's top-level key, the routes,
/// and in the tools the kind of a `ref`, a listing or a response. Serialized
/// as `"volume"` / `"snapshot"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `{"volume": {…}}`, to `os-volume-manage` or `manageable_volumes`.
    Volume,
    /// `{"snapshot": {…}}`, to `os-snapshot-manage` or `manageable_snapshots`.
    Snapshot,
}

impl Kind {
    /// `"volume"` or `"snapshot"`.
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "volume" => Some(Kind::Volume),
            "snapshot" => Some(Kind::Snapshot),
            _ => None,
        }
    }

    /// The request's top-level key: `"volume"` or `"snapshot"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Volume => "volume",
            Kind::Snapshot => "snapshot",
        }
    }
}

/// The route a manage request is POSTed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /v3/{project_id}/os-volume-manage` (contrib, from 3.0).
    OsVolumeManage,
    /// `POST /v3/{project_id}/manageable_volumes` (from 3.8).
    ManageableVolumes,
    /// `POST /v3/{project_id}/os-snapshot-manage`.
    OsSnapshotManage,
    /// `POST /v3/{project_id}/manageable_snapshots` (from 3.8).
    ManageableSnapshots,
}

impl Endpoint {
    /// The four routes.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::OsVolumeManage,
        Endpoint::ManageableVolumes,
        Endpoint::OsSnapshotManage,
        Endpoint::ManageableSnapshots,
    ];

    /// A route by its path segment (`"manageable_volumes"`).
    pub fn parse(text: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.as_str() == text)
    }

    /// The route's path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::OsVolumeManage => "os-volume-manage",
            Endpoint::ManageableVolumes => "manageable_volumes",
            Endpoint::OsSnapshotManage => "os-snapshot-manage",
            Endpoint::ManageableSnapshots => "manageable_snapshots",
        }
    }

    /// The kind of request the route takes.
    pub fn kind(self) -> Kind {
        match self {
            Endpoint::OsVolumeManage | Endpoint::ManageableVolumes => Kind::Volume,
            Endpoint::OsSnapshotManage | Endpoint::ManageableSnapshots => Kind::Snapshot,
        }
    }

    /// The default route for a kind.
    pub fn default_for(kind: Kind) -> Endpoint {
        match kind {
            Kind::Volume => Endpoint::OsVolumeManage,
            Kind::Snapshot => Endpoint::OsSnapshotManage,
        }
    }

    /// The lowest microversion at which the route exists.
    pub fn min_version(self) -> Microversion {
        match self {
            Endpoint::OsVolumeManage | Endpoint::OsSnapshotManage => Microversion::LEGACY_V2,
            Endpoint::ManageableVolumes | Endpoint::ManageableSnapshots => Microversion::MANAGE_EXISTING_LIST,
        }
    }
}

/// How to judge a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The microversion as the caller gave it (see [`Microversion::resolve`]);
    /// `None` means no header (3.0). Not read by [`crate::check_request`],
    /// which reads the request's own header.
    pub microversion: Option<String>,
    /// The route; `None` means the default for the kind. Not read by
    /// [`crate::check_request`], which is given its route.
    pub endpoint: Option<Endpoint>,
    /// The Unicode version of the server's Python (decides the description
    /// rule and how error texts print characters).
    pub unicode_version: UnicodeVersion,
    /// The cloud's `[oslo_middleware] max_request_body_size`, in bytes:
    /// `Some(n)` as configured (oslo.config accepts any integer, negative
    /// ones included), `None` to judge without a limit. Defaults to
    /// [`crate::limits::DEFAULT_MAX_REQUEST_BODY_SIZE`] (a default
    /// deployment). Applies to every function that gets the body's bytes
    /// ([`crate::check_text`], [`crate::check_request`]); a parsed body
    /// ([`crate::check_value`]) has no byte size to compare.
    pub max_request_body_size: Option<i64>,
    /// The server Cinder runs in ([`crate::check_request`] only: the
    /// body-level functions stand for a request that every server reads the
    /// same way).
    pub server: crate::http::ServerModel,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            microversion: None,
            endpoint: None,
            unicode_version: UnicodeVersion::default(),
            max_request_body_size: Some(crate::limits::DEFAULT_MAX_REQUEST_BODY_SIZE),
            server: crate::http::ServerModel::default(),
        }
    }
}

/// A misuse of the API (not a verdict): an option value this crate does not
/// know. Read it through [`OptionsError::kind`] and its message (`Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsError {
    kind: OptionsErrorKind,
    message: String,
}

/// Which option was wrong.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionsErrorKind {
    /// The endpoint is none of the four manage routes.
    UnknownEndpoint,
    /// The endpoint takes the other kind of request.
    EndpointKindMismatch,
    /// The Unicode version is not one of those [`UnicodeVersion::parse`] knows.
    UnknownUnicodeVersion,
}

impl OptionsError {
    fn new(kind: OptionsErrorKind, message: String) -> OptionsError {
        OptionsError { kind, message }
    }

    /// Which option was wrong.
    pub fn kind(&self) -> OptionsErrorKind {
        self.kind
    }

    /// What was wrong, for a person (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OptionsError {}

impl Options {
    /// Builds options from their text forms, as the CLI and bindings receive them.
    pub fn from_text(
        kind: Kind,
        microversion: Option<&str>,
        endpoint: Option<&str>,
        unicode_version: Option<&str>,
    ) -> Result<Options, OptionsError> {
        let endpoint = match endpoint {
            None => None,
            Some(text) => {
                let e = Endpoint::parse(text).ok_or_else(|| {
                    OptionsError::new(
                        OptionsErrorKind::UnknownEndpoint,
                        format!(
                            "unknown endpoint {}: expected one of os-volume-manage, manageable_volumes, \
                         os-snapshot-manage, manageable_snapshots",
                            quoted(text)
                        ),
                    )
                })?;
                if e.kind() != kind {
                    return Err(OptionsError::new(
                        OptionsErrorKind::EndpointKindMismatch,
                        format!(
                            "endpoint {} takes {} requests, not {} requests",
                            quoted(text),
                            e.kind().as_str(),
                            kind.as_str()
                        ),
                    ));
                }
                Some(e)
            }
        };
        let unicode_version = match unicode_version {
            None => UnicodeVersion::default(),
            Some(text) => UnicodeVersion::parse(text).ok_or_else(|| {
                OptionsError::new(
                    OptionsErrorKind::UnknownUnicodeVersion,
                    format!("unknown Unicode version {}: expected 14.0, 15.0, 15.1 or 16.0", quoted(text)),
                )
            })?,
        };
        Ok(Options { microversion: microversion.map(str::to_string), endpoint, unicode_version, ..Options::default() })
    }
}

#[cfg(test)]
mod options_error_tests {
    use super::*;

    #[test]
    fn each_bad_option_has_its_kind_and_message() {
        let cases = [
            (Kind::Volume, Some("os-volumes"), None, OptionsErrorKind::UnknownEndpoint),
            (Kind::Volume, Some("os-snapshot-manage"), None, OptionsErrorKind::EndpointKindMismatch),
            (Kind::Snapshot, None, Some("13.0"), OptionsErrorKind::UnknownUnicodeVersion),
        ];
        for (kind, endpoint, unicode, expected) in cases {
            let e = Options::from_text(kind, None, endpoint, unicode).err();
            let e = e.unwrap_or_else(|| panic!("{endpoint:?} {unicode:?} accepted"));
            assert_eq!(e.kind(), expected);
            assert_eq!(e.message(), e.to_string());
            assert!(e.message().contains(endpoint.or(unicode).unwrap_or_default()), "{}", e.message());
        }
        assert!(Options::from_text(Kind::Snapshot, Some("3.8"), Some("manageable_snapshots"), Some("15.1")).is_ok());
        let v = Microversion::resolve(Some("3.99")).unwrap_err();
        assert_eq!(v.to_string(), v.message);
    }
}
