//! The stable machine codes of issues and changes.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident => $text:literal,)*) => {
        /// Stable machine codes. Their snake_case spelling is the contract shown to
        /// callers (CLI, JSON, wasm); messages may be reworded, codes are not.
        /// New codes may be added in minor releases.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
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
    // The body (docs/cinder/json.md).
    /// No body at all: Cinder's validator raises `KeyError`, HTTP 500.
    BodyEmpty => "body_empty",
    /// Python's `json.loads` refused the text (or it was not UTF-8), HTTP 400.
    BodyMalformed => "body_malformed",
    /// Nesting beyond Python's recursion limit, HTTP 500.
    BodyTooDeep => "body_too_deep",
    // The version header (docs/cinder/routes-and-microversions.md).
    MicroversionInvalidFormat => "microversion_invalid_format",
    MicroversionNotSupported => "microversion_not_supported",
    MicroversionHeaderInvalid => "microversion_header_invalid",
    // The schema's keywords (docs/cinder/schemas.md).
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
    // The controller (docs/cinder/controller.md).
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
    /// `warnings`, counting those not listed. See [`crate::limits::MAX_LISTED`].
    TooManyIssues => "too_many_issues",
}

impl fmt::Display for Code {
    /// The snake_case spelling, as in JSON output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a normalization did: the stable code of a [`crate::Change`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
    /// Every change code, in declaration order.
    pub const ALL: &'static [ChangeCode] =
        &[ChangeCode::Stripped, ChangeCode::EmptyToNull, ChangeCode::BooleanFromString, ChangeCode::Defaulted];

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

impl fmt::Display for ChangeCode {
    /// The snake_case spelling, as in JSON output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snake_case spelling is the serde name, and `ALL` lists every
    /// variant once.
    #[test]
    fn spellings_agree_with_serde() {
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::Value::from(code.as_str())));
        }
        for code in ChangeCode::ALL {
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::Value::from(code.as_str())));
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
