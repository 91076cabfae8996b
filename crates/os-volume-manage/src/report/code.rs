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
    // The whole request: size limit, Content-Type, routing, rendering
    // (docs/cinder/http.md).
    /// The body is over the cloud's `max_request_body_size`: oslo.middleware
    /// answers 413 (webob's page).
    BodyTooLarge => "body_too_large",
    /// A body without a Content-Type header: Cinder ignores it, HTTP 500.
    ContentTypeMissing => "content_type_missing",
    /// A Content-Type other than JSON: HTTP 415.
    ContentTypeUnsupported => "content_type_unsupported",
    /// `Accept` prefers the vnd type, for which Cinder cannot render an
    /// error: the server's bare 500.
    AcceptUnrenderable => "accept_unrenderable",
    /// A form body's `_method` re-routes the request (404 when no route
    /// takes it).
    FormMethodOverride => "form_method_override",
    /// Parsing a form body before routing fails: HTTP 500.
    FormInvalid => "form_invalid",
    // The body (docs/cinder/json.md).
    /// No body at all: Cinder's validator raises `KeyError`, HTTP 500.
    BodyEmpty => "body_empty",
    /// Python's `json.loads` refused the text (or it was not UTF-8), HTTP 400.
    BodyMalformed => "body_malformed",
    /// Nesting beyond Python's recursion limit, HTTP 500.
    BodyTooDeep => "body_too_deep",
    // The version header (docs/cinder/routes-and-microversions.md).
    /// The version is not `MAJOR.MINOR` (or `latest`): HTTP 400.
    MicroversionInvalidFormat => "microversion_invalid_format",
    /// The version is outside 3.0–3.71: HTTP 406.
    MicroversionNotSupported => "microversion_not_supported",
    /// The header has no `volume` element (400) or it is not two words (500).
    MicroversionHeaderInvalid => "microversion_header_invalid",
    // The schema's keywords (docs/cinder/schemas.md).
    /// A value of the wrong JSON type (`type`): HTTP 400.
    WrongType => "wrong_type",
    /// A required member is missing (`required`): HTTP 400.
    Required => "required",
    /// A member the schema does not know (`additionalProperties`): HTTP 400.
    UnexpectedProperty => "unexpected_property",
    /// An empty string where the schema wants one character or more: HTTP 400.
    EmptyValue => "empty_value",
    /// Longer than 255 code points (`maxLength`): HTTP 400.
    TooLong => "too_long",
    /// A character the field's pattern refuses (`pattern`): HTTP 400.
    InvalidCharacters => "invalid_characters",
    /// `bootable` is not one of Cinder's boolean values (`enum`): HTTP 400.
    InvalidBoolean => "invalid_boolean",
    /// A metadata key the key pattern refuses: HTTP 400.
    InvalidMetadataKey => "invalid_metadata_key",
    /// `volume_id` is not a UUID (`format: uuid`): HTTP 400.
    InvalidUuid => "invalid_uuid",
    /// The snapshot schema's `"type": "object"` property makes jsonschema crash: HTTP 500.
    SchemaCrash => "schema_crash",
    // The controller (docs/cinder/controller.md).
    /// A `manageable_*` route below microversion 3.8: HTTP 404.
    EndpointUnavailable => "endpoint_unavailable",
    /// No host below microversion 3.16: HTTP 400.
    HostMissing => "host_missing",
    /// From 3.16, not exactly one of host and cluster: HTTP 400.
    HostClusterConflict => "host_cluster_conflict",
    /// No service can have that host or cluster name (a line break in it): HTTP 400.
    ServiceNotFound => "service_not_found",
    /// A string `ref` containing `source-name`: HTTP 400.
    RefSourceNameInString => "ref_source_name_in_string",
    /// `ref.source-name` is not a string: HTTP 400.
    RefSourceNameNotString => "ref_source_name_not_string",
    /// A snapshot metadata key of 255 characters plus a final line break: HTTP 400.
    MetadataKeyTooLong => "metadata_key_too_long",
    /// A `ref` nested too deeply for the scheduler cast's serializer: HTTP 500.
    RefTooDeep => "ref_too_deep",
    // Warnings: accepted by the API, but worth a look.
    /// Warning: the description's verdict depends on the server's Python version.
    DependsOnUnicodeVersion => "depends_on_unicode_version",
    /// Warning: `source-name` looks like a volume Cinder already manages.
    PossiblyAlreadyManaged => "possibly_already_managed",
    /// Warning: `volume_id` passes the UUID check but is not in the form Cinder stores.
    VolumeIdNotCanonical => "volume_id_not_canonical",
    /// Warning: `volume_type` has surrounding whitespace, which the lookup keeps.
    VolumeTypeWhitespace => "volume_type_whitespace",
    /// Warning: a lone UTF-16 surrogate, which storing will refuse.
    LoneSurrogate => "lone_surrogate",
    /// Warning: a NUL character, which PostgreSQL-backed clouds refuse.
    NulCharacter => "nul_character",
    /// Warning: a string `ref`, which drivers do not take.
    RefString => "ref_string",
    /// Warning: `ref` has neither `source-name` nor `source-id`.
    RefNoKnownKey => "ref_no_known_key",
    /// Warning: host or cluster ends with a line break.
    HostTrailingNewline => "host_trailing_newline",
    /// Warning: `availability_zone` is `""`, stored as an empty zone.
    EmptyAvailabilityZone => "empty_availability_zone",
    /// Warning: the output cannot carry a value exactly (NaN, or serde output).
    LossyOutput => "lossy_output",
    /// No `X-Auth-Token`: Keystone would refuse the request (401); not judged.
    AuthTokenMissing => "auth_token_missing",
    /// A header name the servers drop (it holds `_`).
    HeaderDropped => "header_dropped",
    /// Another server model would answer differently (chunked bodies,
    /// Content-Type details).
    DependsOnServer => "depends_on_server",
    /// Part of the request lies outside what the model reproduces exactly.
    VerdictUncertain => "verdict_uncertain",
    // Not Cinder verdicts: problems with how the check itself was asked for.
    /// A JSONL input line that is not a usable case.
    InvalidLine => "invalid_line",
    /// Unknown option values (endpoint, kind, Unicode version).
    InvalidOptions => "invalid_options",
    // Not Cinder verdicts: bytes or parts that make no HTTP request a server
    // would pass on (see `crate::http`).
    /// Not `METHOD SP target SP HTTP/1.x`, or over the line limit.
    RequestLineInvalid => "request_line_invalid",
    /// A header line without `:`, folded, or the header block unterminated.
    HeaderLineInvalid => "header_line_invalid",
    /// A header name that is not an HTTP token.
    HeaderNameInvalid => "header_name_invalid",
    /// A header value holding CR, LF or NUL.
    HeaderValueInvalid => "header_value_invalid",
    /// More header fields than servers accept.
    TooManyHeaders => "too_many_headers",
    /// A header line longer than servers accept.
    HeadersTooLarge => "headers_too_large",
    /// A Content-Length that is not a byte count, repeated, or not the
    /// body's length.
    ContentLengthInvalid => "content_length_invalid",
    /// A Transfer-Encoding other than `chunked`, or with Content-Length.
    TransferEncodingUnsupported => "transfer_encoding_unsupported",
    /// A chunk size that is not hex or overflows, or a chunk not ended by a
    /// line end.
    ChunkInvalid => "chunk_invalid",
    /// Fewer body bytes than declared.
    BodyIncomplete => "body_incomplete",
    /// The request target is not a manage route.
    PathUnknown => "path_unknown",
    /// Not a POST.
    MethodUnsupported => "method_unsupported",
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
