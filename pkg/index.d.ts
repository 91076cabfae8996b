// Type declarations for os-volume-manage (every entry point: Node require,
// Node import, browser). Reports mirror the Rust crate's JSON report: the
// top-level keys are camelCase, everything inside `normalized` keeps Cinder's
// snake_case field names.

/** Any JSON value (what `JSON.parse` can return). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Routes that take volume manage requests (`manageable_volumes` exists from 3.8). */
export type VolumeEndpoint = 'os-volume-manage' | 'manageable_volumes';
/** Routes that take snapshot manage requests (`manageable_snapshots` exists from 3.8). */
export type SnapshotEndpoint = 'os-snapshot-manage' | 'manageable_snapshots';
/** The Unicode version of the server's Python (3.11: 14.0, 3.12: 15.0, 3.13: 15.1, 3.14: 16.0). */
export type UnicodeVersion = '14.0' | '15.0' | '15.1' | '16.0' | '14.0.0' | '15.0.0' | '15.1.0' | '16.0.0';

interface CommonOptions {
  /**
   * The request's microversion: `"3.0"` … `"3.71"`, `"latest"`, `"2.0"` (the
   * removed v2 API), or a whole `OpenStack-API-Version` header value such as
   * `"volume 3.16"`. Absent (or null): no header, i.e. 3.0. A malformed or
   * unsupported version is a verdict (400/406/500), not an exception.
   */
  microversion?: string | null;
  /** Default `"14.0"` (Python 3.11). */
  unicodeVersion?: UnicodeVersion | null;
}

export interface VolumeOptions extends CommonOptions {
  /** Default `"os-volume-manage"`. */
  endpoint?: VolumeEndpoint | null;
}

export interface SnapshotOptions extends CommonOptions {
  /** Default `"os-snapshot-manage"`. */
  endpoint?: SnapshotEndpoint | null;
}

/** Stable machine codes of errors and warnings. Messages may be reworded; codes are not. */
export type Code =
  // transport
  | 'body_empty'
  | 'body_malformed'
  | 'body_too_deep'
  // microversion
  | 'microversion_invalid_format'
  | 'microversion_not_supported'
  | 'microversion_header_invalid'
  // schema
  | 'wrong_type'
  | 'required'
  | 'unexpected_property'
  | 'empty_value'
  | 'too_long'
  | 'invalid_characters'
  | 'invalid_boolean'
  | 'invalid_metadata_key'
  | 'invalid_uuid'
  | 'schema_crash'
  // controller
  | 'endpoint_unavailable'
  | 'host_missing'
  | 'host_cluster_conflict'
  | 'service_not_found'
  | 'ref_source_name_in_string'
  | 'ref_source_name_not_string'
  | 'metadata_key_too_long'
  | 'ref_too_deep'
  // warnings
  | 'depends_on_unicode_version'
  | 'possibly_already_managed'
  | 'volume_id_not_canonical'
  | 'volume_type_whitespace'
  | 'lone_surrogate'
  | 'nul_character'
  | 'ref_string'
  | 'ref_no_known_key'
  | 'host_trailing_newline'
  | 'empty_availability_zone'
  | 'lossy_output'
  // checkJsonlLine and the CLI's --jsonl only
  | 'invalid_line'
  | 'invalid_options'
  // JS package only
  /** The body is a value `JSON.stringify` throws on (cycle, BigInt, throwing getter, revoked Proxy…); `httpStatus` is 0. */
  | 'body_not_serializable'
  /** The core trapped (a bug: please report the input); the module was reset and keeps working; `httpStatus` is 0. */
  | 'internal';

/** One problem (or warning), placed on a field. */
export interface Issue {
  /** RFC 6901 JSON pointer, URI-fragment percent-encoded, e.g. `/volume/metadata/k%20ey`; `""` is the whole body. */
  pointer: string;
  code: Code;
  /** What is wrong and what to do, for a person. */
  message: string;
}

export type ChangeCode = 'stripped' | 'empty_to_null' | 'boolean_from_string' | 'defaulted';

/** One normalization Cinder applies to an accepted request. */
export interface Change {
  pointer: string;
  code: ChangeCode;
  /** The value as sent (null when absent). */
  from: JsonValue;
  /** The value Cinder acts on. */
  to: JsonValue;
  message: string;
}

/** What Cinder's volume-manage controller passes on. Absent keys are null. */
export interface NormalizedVolume {
  name: string | null;
  description: string | null;
  bootable: boolean;
  metadata: { [key: string]: JsonValue } | null;
  availability_zone: string | null;
  /** null: the server's default volume type. */
  volume_type: string | null;
  host: string | null;
  /** null below microversion 3.16. */
  cluster: string | null;
  /** Numbers beyond 2^53 lose precision in JS (JSON.parse). */
  ref: JsonValue;
}

/** What Cinder's snapshot-manage controller passes on. Absent keys are null. */
export interface NormalizedSnapshot {
  name: string | null;
  description: string | null;
  metadata: { [key: string]: JsonValue } | null;
  volume_id: string;
  ref: JsonValue;
}

interface ReportBase {
  /** Cinder's HTTP status: 202, 400, 404, 406 or 500 (0: no request could be sent, see `Code`). */
  httpStatus: number;
  /** Cinder's fault message for the first error, byte for byte; null when accepted. */
  serverError: string | null;
  /** Accepted by the API but likely to fail later, or worth a look. */
  warnings: Issue[];
}

/** Cinder answers 202 and acts on `normalized`. */
export interface AcceptedReport<N> extends ReportBase {
  accepted: true;
  errors: [];
  /** The normalizations Cinder applies. */
  changes: Change[];
  normalized: N;
}

/** Cinder refuses the request; `errors[0]` is the one Cinder reports. */
export interface RejectedReport extends ReportBase {
  accepted: false;
  /** Every problem found, the one Cinder reports first. */
  errors: Issue[];
  changes: Change[];
  normalized: null;
}

export type Report<N> = AcceptedReport<N> | RejectedReport;
export type VolumeReport = Report<NormalizedVolume>;
export type SnapshotReport = Report<NormalizedSnapshot>;

/**
 * Judges a volume manage body given as a JS value. The value is serialized
 * with `JSON.stringify`, exactly as a page would send it (`NaN` → null,
 * `undefined` members dropped, `toJSON` honoured…). `undefined` is judged as
 * an empty request body. Never throws for any body; throws `TypeError` on
 * misuse (options of the wrong type, unknown endpoint or Unicode version).
 */
export function validateVolumeManage(body: unknown, options?: VolumeOptions): VolumeReport;
/** Like {@link validateVolumeManage}, for `os-snapshot-manage`. */
export function validateSnapshotManage(body: unknown, options?: SnapshotOptions): SnapshotReport;
/**
 * Judges a volume manage request body given as raw text (or its bytes), the
 * way Cinder's Python JSON layer reads it (NaN, duplicate keys, lone
 * surrogates, depth limit…). Throws `TypeError` on misuse only.
 */
export function validateVolumeManageJson(text: string | Uint8Array, options?: VolumeOptions): VolumeReport;
/** Like {@link validateVolumeManageJson}, for `os-snapshot-manage`. */
export function validateSnapshotManageJson(text: string | Uint8Array, options?: SnapshotOptions): SnapshotReport;

/** Defaults for {@link checkJsonlLine} (the CLI's `--kind`, `--microversion`, … flags). */
export interface JsonlDefaults {
  /** Default: the line's `kind`, else the endpoint's, else inferred from the body. */
  kind?: 'volume' | 'snapshot' | null;
  microversion?: string | null;
  endpoint?: VolumeEndpoint | SnapshotEndpoint | null;
  unicodeVersion?: UnicodeVersion | null;
}

/**
 * One case of the CLI's `--jsonl` mode: `{"id", "microversion"?, "kind"?,
 * "endpoint"?, "unicode_version"?, "body" | "body_text"}` in, one JSON line
 * (no newline) out, byte for byte the native CLI's: `{"id", "accepted",
 * "http_status", "server_error", "errors", "warnings", "changes",
 * "normalized"}` (snake_case; a line that is not a usable case gets
 * `http_status: null` and an `invalid_line` or `invalid_options` error).
 * `undefined` for a blank line, which the CLI skips. Never throws for any line.
 */
export function checkJsonlLine(line: string, defaults?: JsonlDefaults): string | undefined;

/** The package (and Rust crate) version. */
export function version(): string;

/**
 * Browsers: loads the WebAssembly module; call once before anything else
 * (`await init()`). By default it fetches `dist/os_volume_manage_bg.wasm`
 * next to the entry point; pass a URL, a `Response`, bytes or a compiled
 * `WebAssembly.Module` (or `{ module_or_path }`) to load it from elsewhere.
 * In Node the module is ready on import and this does nothing.
 */
export default function init(source?: unknown): Promise<void>;
/** Like {@link init}, synchronous: pass the bytes or a compiled module (or `{ module }`). No-op in Node. */
export function initSync(source?: unknown): void;
