//! What a check returns: Cinder's verdict, every problem found, and the
//! request Cinder would act on.

use serde::{Deserialize, Serialize};

use crate::value::{PyStr, Value};

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident => $text:literal,)*) => {
        /// Stable machine codes. Their snake_case spelling is the contract shown to
        /// callers (CLI, JSON, wasm); messages may be reworded, codes are not.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $text)] $name,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The snake_case spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }
        }
    };
}

codes! {
    /// Stable machine codes. Their snake_case spelling is the contract shown to
    /// callers (CLI, JSON, wasm); messages may be reworded, codes are not.
    // Transport (spec 1.3).
    /// No body at all: Cinder's validator raises `KeyError`, HTTP 500.
    BodyEmpty => "body_empty",
    /// Python's `json.loads` refused the text (or it was not UTF-8), HTTP 400.
    BodyMalformed => "body_malformed",
    /// Nesting beyond Python's recursion limit, HTTP 500.
    BodyTooDeep => "body_too_deep",
    // Microversion (spec 1.2).
    MicroversionInvalidFormat => "microversion_invalid_format",
    MicroversionNotSupported => "microversion_not_supported",
    MicroversionHeaderInvalid => "microversion_header_invalid",
    // JSON Schema keywords (spec 3, 4).
    WrongType => "wrong_type",
    Required => "required",
    UnexpectedProperty => "unexpected_property",
    EmptyValue => "empty_value",
    TooLong => "too_long",
    InvalidCharacters => "invalid_characters",
    InvalidBoolean => "invalid_boolean",
    InvalidMetadataKey => "invalid_metadata_key",
    InvalidUuid => "invalid_uuid",
    /// The snapshot schema's `"type": "object"` property makes jsonschema crash: HTTP 500.
    SchemaCrash => "schema_crash",
    // Controller rules (spec 2, 6, 7).
    EndpointUnavailable => "endpoint_unavailable",
    HostMissing => "host_missing",
    HostClusterConflict => "host_cluster_conflict",
    ServiceNotFound => "service_not_found",
    RefSourceNameInString => "ref_source_name_in_string",
    RefSourceNameNotString => "ref_source_name_not_string",
    MetadataKeyTooLong => "metadata_key_too_long",
    /// A `ref` nested too deeply for the scheduler cast's serializer: HTTP 500.
    RefTooDeep => "ref_too_deep",
    // Warnings: accepted by the API, but worth a look.
    DependsOnUnicodeVersion => "depends_on_unicode_version",
    PossiblyAlreadyManaged => "possibly_already_managed",
    VolumeIdNotCanonical => "volume_id_not_canonical",
    VolumeTypeWhitespace => "volume_type_whitespace",
    LoneSurrogate => "lone_surrogate",
    NulCharacter => "nul_character",
    RefString => "ref_string",
    RefNoKnownKey => "ref_no_known_key",
    HostTrailingNewline => "host_trailing_newline",
    EmptyAvailabilityZone => "empty_availability_zone",
    LossyOutput => "lossy_output",
    // Not Cinder verdicts: problems with how the check itself was asked for.
    /// A JSONL input line that is not a usable case.
    InvalidLine => "invalid_line",
    /// Unknown option values (endpoint, kind, Unicode version).
    InvalidOptions => "invalid_options",
    // The report itself.
    /// More issues repeated per key (metadata keys and values, unexpected
    /// properties) than a report lists: the last entry of `errors` or
    /// `warnings`, counting those not listed. See [`MAX_LISTED`].
    TooManyIssues => "too_many_issues",
}

/// How many issues a list (`errors`, `warnings`) holds before issues repeated
/// per key (one per metadata key, metadata value or unexpected property) are
/// only counted: a request with 200,000 bad keys gets the first ones listed
/// and one `too_many_issues` issue, last in the list, saying how many more
/// were found. Issues about a single field are always listed, and the first
/// error is always the one Cinder reports.
pub const MAX_LISTED: usize = 1000;

impl Issue {
    /// The `too_many_issues` entry that ends a list: `unlisted` issues
    /// repeated per key (`what`: "error" or "warning") were found and not
    /// listed.
    pub(crate) fn too_many(unlisted: usize, what: &str) -> Issue {
        let s = if unlisted == 1 { "" } else { "s" };
        Issue {
            pointer: String::new(),
            code: Code::TooManyIssues,
            message: format!(
                "{unlisted} more {what}{s} about single metadata keys, metadata values or unexpected properties \
                 were found and not listed: such {what}s are listed only while the list holds fewer than \
                 {MAX_LISTED}. Fix the listed ones and check again"
            ),
        }
    }
}

/// One problem or warning, placed on a field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// JSON pointer to the field (RFC 6901, URI-fragment percent-encoding
    /// for characters outside the safe set), e.g. `/volume/metadata/k%20ey`.
    pub pointer: String,
    pub code: Code,
    /// What is wrong and what to do, for a person.
    pub message: String,
}

/// One normalization Cinder applies, reported so nothing changes silently.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub pointer: String,
    pub code: ChangeCode,
    /// The value as sent (absent key: null).
    pub from: Value,
    /// The value Cinder acts on.
    pub to: Value,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeCode {
    /// Python `str.strip()` removed surrounding whitespace.
    Stripped,
    /// An empty string is treated as not given (null).
    EmptyToNull,
    /// A bootable string was converted to a boolean.
    BooleanFromString,
    /// An absent field takes Cinder's default.
    Defaulted,
}

impl ChangeCode {
    /// The snake_case spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeCode::Stripped => "stripped",
            ChangeCode::EmptyToNull => "empty_to_null",
            ChangeCode::BooleanFromString => "boolean_from_string",
            ChangeCode::Defaulted => "defaulted",
        }
    }
}

/// The request Cinder's volume-manage controller passes on (spec 7.1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NormalizedVolume {
    pub name: Option<PyStr>,
    pub description: Option<PyStr>,
    pub bootable: bool,
    pub metadata: Option<Value>,
    pub availability_zone: Option<PyStr>,
    /// Null means the server's default volume type.
    pub volume_type: Option<PyStr>,
    pub host: Option<PyStr>,
    /// Null below microversion 3.16.
    pub cluster: Option<PyStr>,
    #[serde(rename = "ref")]
    pub reference: Value,
}

/// The request Cinder's snapshot-manage controller passes on (spec 9.2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NormalizedSnapshot {
    pub name: Option<PyStr>,
    pub description: Option<PyStr>,
    pub metadata: Option<Value>,
    pub volume_id: PyStr,
    #[serde(rename = "ref")]
    pub reference: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Normalized {
    Volume(NormalizedVolume),
    Snapshot(NormalizedSnapshot),
}

impl Normalized {
    /// The normalized request as a [`Value`], losslessly (lone surrogates,
    /// NaN and big integers included, unlike serde output).
    pub fn to_value(&self) -> Value {
        use crate::value::Object;
        let s = |v: &Option<PyStr>| v.clone().map_or(Value::Null, Value::Str);
        let entries: Vec<(&str, Value)> = match self {
            Normalized::Volume(v) => vec![
                ("name", s(&v.name)),
                ("description", s(&v.description)),
                ("bootable", Value::Bool(v.bootable)),
                ("metadata", v.metadata.clone().unwrap_or(Value::Null)),
                ("availability_zone", s(&v.availability_zone)),
                ("volume_type", s(&v.volume_type)),
                ("host", s(&v.host)),
                ("cluster", s(&v.cluster)),
                ("ref", v.reference.clone()),
            ],
            Normalized::Snapshot(v) => vec![
                ("name", s(&v.name)),
                ("description", s(&v.description)),
                ("metadata", v.metadata.clone().unwrap_or(Value::Null)),
                ("volume_id", Value::Str(v.volume_id.clone())),
                ("ref", v.reference.clone()),
            ],
        };
        Value::Object(entries.into_iter().map(|(k, v)| (PyStr::from(k), v)).collect::<Object>())
    }
}

/// The verdict on one request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// True exactly when Cinder would answer 202.
    pub accepted: bool,
    /// The HTTP status Cinder would answer: 202, 400, 404, 406 or 500.
    pub http_status: u16,
    /// Cinder's fault message for the first error, byte for byte.
    pub server_error: Option<String>,
    /// Every problem found; the first is the one Cinder reports. Errors
    /// repeated per key (metadata keys and values, unexpected properties)
    /// are listed while fewer than [`MAX_LISTED`] errors are; the rest are
    /// counted in a `too_many_issues` entry, last.
    pub errors: Vec<Issue>,
    /// Accepted by the API but likely to fail later, or worth a look (per
    /// metadata value: listed like errors, up to [`MAX_LISTED`]).
    pub warnings: Vec<Issue>,
    /// Normalizations Cinder applies (only when accepted).
    pub changes: Vec<Change>,
    /// What Cinder acts on (only when accepted).
    pub normalized: Option<Normalized>,
}

impl Report {
    /// The report as one line of JSON (the CLI's and the wasm package's
    /// form): see [`crate::json_out`].
    pub fn to_json(&self) -> String {
        crate::json_out::report(self)
    }
}
