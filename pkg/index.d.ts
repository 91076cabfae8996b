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
  /**
   * The cloud's `[oslo_middleware] max_request_body_size` in bytes (any safe
   * integer, negative ones too, as oslo.config takes them): a body larger
   * than this gets oslo.middleware's 413. Default 114688 (a default
   * deployment); `Infinity` for no limit.
   */
  maxRequestBodySize?: number | null;
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
  // the whole request (validateRequest; body_too_large also for body checks)
  /** The body is over `maxRequestBodySize`: 413 from oslo.middleware (webob's page). */
  | 'body_too_large'
  /** A body without Content-Type: Cinder ignores it and answers 500. */
  | 'content_type_missing'
  /** A Content-Type other than `application/json` (or the vnd type): 415. */
  | 'content_type_unsupported'
  /** Accept prefers `application/vnd.openstack.volume+json`: Cinder cannot render its error, a bare 500. */
  | 'accept_unrenderable'
  /** A form body's `_method` re-routes the request (404 when no route takes it). */
  | 'form_method_override'
  /** Parsing a form body before routing fails: 500. */
  | 'form_invalid'
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
  /** No X-Auth-Token: Keystone would answer 401 first (not judged). */
  | 'auth_token_missing'
  /** A header name holding `_`, which the servers drop. */
  | 'header_dropped'
  /** Another server (cinder-api's eventlet, or a WSGI container) would answer differently. */
  | 'depends_on_server'
  /** Part of the request lies outside what the model reproduces exactly. */
  | 'verdict_uncertain'
  // the report itself
  /** Last in `errors` or `warnings`: how many issues about single metadata keys, metadata values or unexpected properties were found beyond the first 1,000 listed. */
  | 'too_many_issues'
  // checkJsonlLine and the CLI's --jsonl only
  | 'invalid_line'
  | 'invalid_options'
  // validateRequest: no manage request (httpStatus 0)
  /** Not a POST (fetch's default method is GET). */
  | 'method_unsupported'
  /** Not `/v3/{project_id}/` followed by a manage route. */
  | 'path_unknown'
  // malformed requests (the Rust API and the CLI's --request; fetch refuses these itself)
  | 'request_line_invalid'
  | 'header_line_invalid'
  | 'header_name_invalid'
  | 'header_value_invalid'
  | 'too_many_headers'
  | 'headers_too_large'
  | 'content_length_invalid'
  | 'transfer_encoding_unsupported'
  | 'chunk_invalid'
  | 'body_incomplete'
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
  /**
   * Cinder's HTTP status: 202, 400, 404, 406, 413, 415 or 500 (0: no
   * request could be sent, see `Code`).
   */
  httpStatus: number;
  /**
   * Cinder's fault message for the first error, byte for byte; null when
   * accepted, and for the bare 500 of an unrenderable Accept. For webob's
   * own pages (413, a 404 from routing) its explanation.
   */
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

/** Which server runs Cinder: a WSGI container that de-chunks bodies (mod_wsgi), or cinder-api's own eventlet server. */
export type ServerModel = 'wsgi' | 'eventlet';

/** Options of {@link validateRequest}. */
export interface RequestOptions {
  /** Default `"14.0"` (Python 3.11). */
  unicodeVersion?: UnicodeVersion | null;
  /** See {@link CommonOptions.maxRequestBodySize}. Default 114688; `Infinity` for no limit. */
  maxRequestBodySize?: number | null;
  /** Default `"wsgi"`. */
  server?: ServerModel | null;
}

/** The answer Cinder (or its server) sends, as far as the request decides it. */
export interface ResponseInfo {
  /** E.g. `"415 Unsupported Media Type"`; null when the server answers 500 itself without saying how. */
  statusLine: string | null;
  contentType: string | null;
  /** The `OpenStack-API-Version` response header, e.g. `"volume 3.16"`. */
  openstackApiVersion: string | null;
  renderedBy: 'fault' | 'webob-plain' | 'webob-json' | 'webob-html' | 'controller' | 'server';
  /** The body, exactly; null for a 202 (made by Cinder's view builders) and a server's own page. */
  body: string | null;
}

/** What `fetch` would put on the wire. */
export interface SentRequest {
  method: string;
  url: string;
  /** The manage route of the URL; null when it is none. */
  endpoint: VolumeEndpoint | SnapshotEndpoint | null;
  /** The header fields as sent (lower-case names, repeated names joined by `Headers`), fetch's own included. */
  headers: [string, string][];
  /** A ReadableStream body goes chunked, without Content-Length. */
  chunked: boolean;
  bodyLength: number;
}

/**
 * A fetch `Request` (or anything with its shape). Declared here so the
 * types need no DOM or Node type library; a real `Request` fits.
 */
export interface RequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: unknown;
  readonly body: unknown;
  clone(): unknown;
}

/** A `URL` (anything with an `href`). */
export interface UrlLike {
  readonly href: string;
}

/**
 * fetch's `RequestInit`, as far as it decides what goes on the wire (a
 * real `RequestInit` fits): `headers` as a `Headers`, an object or
 * `[name, value]` pairs; `body` as a string, `Uint8Array`, `ArrayBuffer`,
 * `DataView`, `Blob`, `FormData`, `URLSearchParams` or a `ReadableStream`
 * (with `duplex: 'half'`).
 */
export interface RequestInitLike {
  method?: string;
  headers?: unknown;
  body?: unknown;
  duplex?: string;
  cache?: string;
  credentials?: string;
  integrity?: string;
  keepalive?: boolean;
  mode?: string;
  priority?: string;
  redirect?: string;
  referrer?: string;
  referrerPolicy?: string;
  signal?: unknown;
  window?: null;
}

/** A report on a whole request: the verdict, the answer's bytes and what was sent. */
export type RequestReport = (AcceptedReport<NormalizedVolume | NormalizedSnapshot> | RejectedReport) & {
  /** null when no manage request could be judged (`httpStatus` 0). */
  response: ResponseInfo | null;
  request: SentRequest;
};

/**
 * Judges exactly what `fetch(input, init)` would send to Cinder, as a
 * deployed Cinder 29.0.0 judges the whole request: the Request the Fetch API
 * builds from the same arguments (fetch's default Content-Type for the body:
 * `text/plain;charset=UTF-8` for a string, `application/x-www-form-urlencoded;charset=UTF-8`
 * for URLSearchParams, the Blob's type, a multipart boundary for FormData),
 * `Accept: *\/*` and the Content-Length fetch adds, the endpoint from the
 * URL path (`/v3/{project_id}/os-volume-manage` …). A Request input is
 * cloned, so the caller's stays unread; a ReadableStream body is read (and
 * judged as sent chunked). A path alone is resolved against the page, or
 * `http://localhost/` outside one. Headers fetch never sends as given
 * (Content-Length, Transfer-Encoding, Host…) are dropped, as browsers do.
 *
 * A method other than POST or a path that is no manage route gives a report
 * with `httpStatus` 0 and the code `method_unsupported` or `path_unknown`.
 * Throws `TypeError` where `fetch` itself would (a GET with a body, a
 * header value no Headers can hold…) and on misuse of `options`.
 *
 * In browsers (the web and inline entry points) this runs on the tools
 * module, which it loads on first use as initTools() does.
 */
export function validateRequest(input: string | UrlLike | RequestLike, init?: RequestInitLike, options?: RequestOptions): Promise<RequestReport>;

/** Defaults for {@link checkJsonlLine}, {@link checkJsonlBatch} and {@link checkJsonl} (the CLI's `--kind`, `--microversion`, … flags). */
export interface JsonlDefaults {
  /** Default: the line's `kind`, else the endpoint's, else inferred from the body. */
  kind?: 'volume' | 'snapshot' | null;
  microversion?: string | null;
  endpoint?: VolumeEndpoint | SnapshotEndpoint | null;
  unicodeVersion?: UnicodeVersion | null;
  /** For lines with `body_text`, `body_b64` or `headers`; a line's own `max_request_body_size` wins. */
  maxRequestBodySize?: number | null;
  /** For lines with `headers`; a line's own `server` wins. */
  server?: ServerModel | null;
}

/**
 * One case of the CLI's `--jsonl` mode: `{"id", "microversion"?, "kind"?,
 * "endpoint"?, "unicode_version"?, "max_request_body_size"?, "body" |
 * "body_text" | "body_b64"}` in, one JSON line (no newline) out, byte for
 * byte the native CLI's: `{"id", "accepted", "http_status", "server_error",
 * "errors", "warnings", "changes", "normalized"}` (snake_case; a line that
 * is not a usable case gets `http_status: null` and an `invalid_line` or
 * `invalid_options` error). A line with `"headers": {"Name": "value" |
 * ["value", …]}` (and `"server"`?) is a whole request, judged like
 * {@link validateRequest}; its output line ends with `"response"`.
 * `undefined` for a blank line, which the CLI skips. Never throws for any line.
 *
 * In browsers (the web and inline entry points) this runs on the tools
 * module: call `await initTools()` first (it throws a TypeError saying so).
 */
export function checkJsonlLine(line: string, defaults?: JsonlDefaults): string | undefined;

/**
 * Many lines in one call into WebAssembly: for each line, exactly what
 * {@link checkJsonlLine} gives (`undefined` for a blank line), in order.
 * Throws `TypeError` if `lines` is not an array of strings or a line
 * contains a line break.
 *
 * In browsers, as {@link checkJsonlLine}: call `await initTools()` first.
 */
export function checkJsonlBatch(lines: readonly string[], defaults?: JsonlDefaults): (string | undefined)[];

/** Options of {@link checkJsonl}: the defaults of every line, and the threads. */
export interface JsonlOptions extends JsonlDefaults {
  /**
   * Worker threads judging the batches (Node; default: one per core, at
   * most 8). `0` judges on the calling thread, as browsers and bundles
   * without the package's worker file always do.
   */
  workers?: number | null;
}

/** Text a JSONL source may give: UTF-8 bytes or strings, in chunks of any size. */
export type JsonlChunk = string | Uint8Array;

/** What checkJsonl reads of a web `ReadableStream` (declared here so no DOM typings are needed). */
export interface JsonlReadableStream {
  getReader(): { read(): Promise<{ done: boolean; value?: JsonlChunk }>; releaseLock(): void };
}

/**
 * The CLI's `check --jsonl` as a stream: reads JSONL text from `input` (a
 * Node readable stream, a web `ReadableStream`, an async or sync iterable of
 * chunks — not an array of lines: see {@link checkJsonlBatch} — or one
 * string or `Uint8Array`) and yields one output line per line that is not
 * blank, without its newline, byte for byte the native CLI's output. Lines
 * are read as the CLI reads a file (a `\r` before a newline dropped, bytes
 * that are not UTF-8 replaced) and judged in batches, on worker threads in
 * Node. Memory stays bounded however long the input: input is read only as
 * fast as output is consumed. Misuse throws `TypeError` at the call; the
 * iteration rejects if the input fails (after yielding the lines read
 * before) or if a worker thread dies twice on the same batch (a first death
 * is survived: the batch is judged again).
 *
 * In browsers this runs on the tools module, which it loads on first use.
 */
export function checkJsonl(
  input: AsyncIterable<JsonlChunk> | Iterable<JsonlChunk> | JsonlReadableStream | JsonlChunk,
  options?: JsonlOptions,
): AsyncIterableIterator<string>;


// ---------------------------------------------------------------------------
// Transformations. Results use camelCase for the package's own keys (like the
// reports' top level); values that are Cinder's data keep their keys exactly:
// refs, listing references (`reference`, `sourceReference`, `extraInfo`),
// request bodies (`body`), `metadata`, `original`/`normalized` refs, markers.
// Problems with the data are results (`ok: false` with a stable `error.code`),
// never exceptions; misuse (wrong argument types, unknown option names or
// values) throws `TypeError`.
// ---------------------------------------------------------------------------

/** A failed transformation: `code` is stable, `message` may be reworded. */
export interface Failure<E = { code: string; message: string }> {
  ok: false;
  error: E;
}

/** A byte or GiB count: a number when at most 2^53 (exact), else a bigint. */
export type Count = number | bigint;

export type SizeMode = 'exact' | 'cinder_compatible' | 'whole_gib_only';
export type SizeErrorCode =
  | 'not_whole_gib' | 'cinder_float_overflow' | 'empty' | 'negative' | 'sign_not_allowed' | 'missing_number'
  | 'multiple_dots' | 'malformed_number' | 'non_ascii_digit' | 'digit_separator' | 'unexpected_character'
  | 'unknown_unit' | 'ambiguous_unit' | 'fraction_not_whole_bytes' | 'fraction_too_precise' | 'overflow' | 'internal';
export type SizeWarningCode =
  | 'zero_bytes' | 'cinder_rounds_down' | 'cinder_float_overflow' | 'bare_unit_read_as_binary' | 'decimal_unit';

export interface SizeWarning {
  code: SizeWarningCode;
  message: string;
}

export interface SizeResult {
  ok: true;
  bytes: Count;
  mode: SizeMode;
  /** The answer for `mode`. */
  gib: Count;
  /** The true ceiling of bytes / 2^30. */
  exactGib: Count;
  /** Cinder's `ceil(float(bytes) / 2^30)`; null when float() overflows. */
  cinderGib: Count | null;
  wholeGib: boolean;
  /** True when `cinderGib` differs from `exactGib` (above 2^53 bytes). */
  cinderDiffers: boolean;
  warnings: SizeWarning[];
}

export interface ParsedSize {
  ok: true;
  input: string;
  number: string;
  unitWritten: string;
  /** Canonical unit: `B`, `KiB`…`EiB`, `kB`…`EB`. */
  unit: string;
  unitSystem: 'bytes' | 'binary' | 'decimal';
  multiplier: number;
  bytes: Count;
  gib: { exact: Count; cinderCompatible: Count | null; wholeGibOnly: Count | null };
  warnings: SizeWarning[];
}

/**
 * GiB for a byte count: a non-negative integer number (at most 2^53), a
 * bigint, or a decimal string of any length. Default mode `"exact"`.
 * A number that is not an integer, or beyond 2^53, throws `TypeError`.
 */
export function gibFromBytes(bytes: number | bigint | string, options?: { mode?: SizeMode | null }): SizeResult | Failure<{ code: SizeErrorCode; message: string }>;
/** Parses `1073741824`, `10G`, `10 GiB`, `1.5TiB`, `500 MB`, `4096 KiB`… exactly (no floating point). */
export function parseSize(text: string): ParsedSize | Failure<{ code: SizeErrorCode; message: string }>;

export type Severity = 'info' | 'warning' | 'error';
export type RefCode =
  | 'key_respelled' | 'key_respelling_conflict' | 'value_trimmed' | 'value_stringified' | 'empty_value' | 'null_value'
  | 'both_source_keys' | 'unknown_key' | 'driver_specific_key' | 'empty_ref' | 'string_ref_wrapped' | 'string_ref'
  | 'string_ref_contains_source_name' | 'ref_wrong_type' | 'null_ref' | 'source_name_not_string' | 'non_string_value'
  | 'looks_like_cinder_volume_name' | 'no_manage_support' | 'missing_driver_key' | 'wrong_key_for_driver'
  | 'key_ignored_by_driver' | 'lower_precedence_key_ignored' | 'listing_key_not_accepted' | 'value_form_mismatch'
  | 'already_managed' | 'truthy_flag';

export interface RefWarning {
  code: RefCode;
  /** `error`: the API answers 400 or the request cannot work; `warning`: the driver will likely fail. */
  severity: Severity;
  key: string | null;
  message: string;
}

export interface NormalizedRef {
  original: JsonValue;
  normalized: JsonValue;
  changed: boolean;
  warnings: RefWarning[];
}

export interface RefKey {
  key: string;
  role: 'identifier' | 'filter' | 'optional';
  form: string;
  meaning: string;
}

/**
 * One row of the driver table (`docs/cinder/drivers.md`). The `*Function`
 * fields cite the Cinder 29.0.0 code the row is read from, as
 * `file: Class.method`; null where the driver has none.
 */
export interface DriverHint {
  id: string;
  name: string;
  aliases: string[];
  /** The driver's module or package, e.g. `cinder/volume/drivers/lvm.py`. */
  source: string;
  /** The function that reads the volume `ref` (keys, precedence, the missing-key error). */
  refFunction: string | null;
  /** `manage_existing`, as the driver defines or inherits it. */
  manageFunction: string | null;
  /** `manage_existing_get_size` (where `sizeRounding` comes from). */
  sizeFunction: string | null;
  /** `manage_existing_snapshot`, for drivers that manage snapshots. */
  snapshotFunction: string | null;
  manageSupport: boolean;
  volumeKeys: RefKey[];
  missingKeyError: string;
  snapshotKeys: RefKey[];
  snapshotWrapsStringRef: boolean;
  listingReferenceKeys: string[];
  listingKeyAcceptedBack: boolean;
  sizeRounding: 'up' | 'down' | 'truncated' | 'whole_only' | 'as_given' | 'not_applicable';
  notes: string;
}

/** `{ [idType]: identifier }`, exactly as Horizon and cinderclient build it (no trimming). */
export function buildRef(idType: string, identifier: string): { [key: string]: string };
/** Normalizes a ref (any JSON value), reporting every change; `target` default `"volume"`. */
export function normalizeRef(ref: unknown, options?: { target?: 'volume' | 'snapshot' | null }): NormalizedRef;
/** What one driver of the table makes of a ref (as it will be sent). */
export function checkRefForDriver(
  ref: unknown,
  driver: string,
  options?: { snapshot?: boolean | null },
): { ok: true; driver: string; name: string; warnings: RefWarning[] } | Failure<{ code: 'unknown_driver' | 'internal'; driver: string; suggestions: string[]; message: string }>;
/** The driver table (a fresh copy). */
export function drivers(): DriverHint[];

export type HostHintCode =
  | 'empty' | 'too_long' | 'invalid_characters' | 'trailing_newline' | 'surrounding_whitespace' | 'missing_backend'
  | 'missing_pool' | 'empty_host' | 'empty_backend' | 'empty_pool' | 'multiple_pool_separators' | 'ipv6_share_pool'
  | 'share_pool' | 'unbalanced_brackets';

export interface HostParts {
  input: string;
  host: string;
  backend: string | null;
  /** `host@backend`: what Cinder looks the service up by. */
  serviceHost: string;
  /** The pool as Cinder computes it: null without `#` or with several. */
  pool: string | null;
  afterFirstHash: string | null;
  poolKind: 'name' | 'share' | 'ipv6_share' | null;
  hints: { code: HostHintCode; severity: Severity; message: string }[];
}

/** Splits `host@backend#pool`, with hints. */
export function parseHost(text: string): HostParts;
/** Splits a cluster name the same way (no pattern; whitespace and length hints). */
export function parseCluster(text: string): HostParts;

export type ListingCode =
  | 'invalid_json' | 'unknown_shape' | 'missing_field' | 'wrong_type' | 'unexpected_field' | 'unexpected_value'
  | 'stub_null_string' | 'stub_boolean_string' | 'non_integer_size' | 'size_out_of_range' | 'non_string_reference_value'
  | 'not_safe_to_manage' | 'safety_unknown' | 'null_reference_value' | 'empty_reference' | 'reference_uses_name_key'
  | 'host_or_cluster_required' | 'microversion_too_low' | 'invalid_microversion' | 'microversion_not_supported' | 'offset_too_large' | 'negative_limit' | 'negative_offset'
  | 'invalid_marker' | 'volume_id_not_uuid' | 'invalid_option' | 'internal';

export interface Deviation {
  code: ListingCode;
  pointer: string;
  message: string;
}

export interface ManageableEntry {
  reference: { [key: string]: JsonValue };
  size: number | null;
  safeToManage: boolean | null;
  reasonNotSafe: string | null;
  cinderId: string | null;
  extraInfo: { [key: string]: JsonValue } | null;
  sourceReference: { [key: string]: JsonValue } | null;
}

export interface ManageableListing {
  ok: true;
  kind: 'volume' | 'snapshot';
  detailed: boolean;
  entries: ManageableEntry[];
  deviations: Deviation[];
}

export interface ListingTarget {
  /** Volume entries: exactly one of host and cluster. */
  host?: string | null;
  cluster?: string | null;
  /** Snapshot entries: the Cinder id of the parent volume. */
  volumeId?: string | null;
  /** The request's microversion; a note says when the body needs a higher one. */
  microversion?: string | null;
  name?: string | null;
  description?: string | null;
  volumeType?: string | null;
  availabilityZone?: string | null;
  bootable?: boolean | null;
  metadata?: { [key: string]: string } | null;
  /** Build the request even when `safeToManage` is false. */
  allowUnsafe?: boolean | null;
}

export interface ListingQuery {
  snapshots?: boolean | null;
  detail?: boolean | null;
  host?: string | null;
  cluster?: string | null;
  /** A reference object, or (PowerMax) a raw string. */
  marker?: JsonValue;
  limit?: number | null;
  offset?: number | null;
  /** `"size:asc,reference"` or items. */
  sort?: string | (string | { key: 'reference' | 'size'; dir?: 'asc' | 'desc' })[] | null;
  microversion?: string | null;
}

/** Parses a `GET …/manageable_volumes[/detail]` or `…/manageable_snapshots[/detail]` response. */
export function parseListing(text: string): ManageableListing | Failure<{ code: ListingCode; message: string }>;
/**
 * Turns a listing entry (as `parseListing` returns it, or with Cinder's
 * snake_case keys) into a manage request body; refuses entries Cinder marks
 * unsafe, with its `reason_not_safe`.
 */
export function listingEntryToRequest(
  entry: Partial<ManageableEntry> & { reference: { [key: string]: JsonValue } },
  options: ListingTarget,
): { ok: true; body: JsonValue; listedSizeGib: number | null; minMicroversion: string | null; notes: Deviation[] } | Failure<{ code: ListingCode; reasonNotSafe: string | null; message: string }>;
/** The path and query string of a listing request (RFC 3986 encoding: `#` is `%23`). */
export function buildListingQuery(query: ListingQuery): { ok: true; path: string; query: string; pathAndQuery: string; notes: Deviation[] } | Failure<{ code: ListingCode; message: string }>;

/** A parsed 202 response of manage (volume fields; snapshots have `volumeId` and no volume-only fields). */
export interface ManagedResponse {
  ok: true;
  id: string | null;
  status: string | null;
  size: number | null;
  name: string | null;
  description: string | null;
  volumeType?: string | null;
  availabilityZone?: string | null;
  bootable?: boolean | null;
  encrypted?: boolean | null;
  multiattach?: boolean | null;
  volumeId?: string | null;
  metadata: { [key: string]: JsonValue } | null;
  selfLink?: string | null;
  /** True when the body looks like the api-ref stub rather than a real server's. */
  stubLike: boolean;
  deviations: Deviation[];
}
/** Parses and checks the 202 body of volume (default) or snapshot manage. */
export function parseManageResponse(text: string, kind?: 'volume' | 'snapshot'): ManagedResponse | Failure<{ code: ListingCode; message: string }>;

export type MetadataCode =
  | 'empty_piece' | 'missing_equals' | 'extra_equals' | 'empty_key' | 'duplicate_key' | 'key_surrounding_space'
  | 'key_rejected_by_cinder' | 'value_too_long' | 'horizon_rejects_form' | 'horizon_text_too_long';
/**
 * Metadata typed as text: `horizon` (default) splits `k=v,k2=v2` (no
 * escaping); `cli` takes `key=value` items (an array, or a string with one per
 * line), split on the first `=`.
 */
export function parseMetadataText(text: string | string[], options?: { style?: 'horizon' | 'cli' | null }): {
  metadata: { [key: string]: string };
  rejected: { index: number; piece: string; code: MetadataCode; message: string }[];
  notes: { code: MetadataCode; key: string | null; message: string }[];
};

/** Places a Cinder 400 message on a field of the request (a JSON pointer). */
export function locateServerMessage(message: string, options?: { kind?: 'volume' | 'snapshot' | null; request?: unknown }): {
  code: string;
  /** JSON pointer into the body (`""`: the whole body); null when not about the body. */
  pointer: string | null;
  also: string[];
  field: string | null;
  valueText: string | null;
  reason: string | null;
  ambiguous: boolean;
};

export interface RenderedCommand {
  /** The shell command; null when this form cannot express the request (see `notes`). */
  command: string | null;
  notes: { code: string; message: string }[];
}
export interface RenderOptions {
  /** Default: the endpoint's kind, else the body's. */
  kind?: 'volume' | 'snapshot' | null;
  /** `""`/absent: no header; `"2.0"`: curl to /v2/ and no CLI forms. */
  microversion?: string | null;
  /** The route curl POSTs to (as for validate*); default `os-volume-manage` / `os-snapshot-manage`. */
  endpoint?: VolumeEndpoint | SnapshotEndpoint | null;
  /** Block-storage endpoint (`/v3` removed); default `$CINDER_ENDPOINT`. */
  url?: string | null;
  /** Default `$PROJECT_ID`. */
  projectId?: string | null;
}
/**
 * The request as curl, `openstack …` and `cinder …` commands, shell-quoted.
 * A string body is sent by curl byte for byte (the CLI forms need it to be JSON).
 */
export function renderRequest(body: unknown, options?: RenderOptions): { curl: RenderedCommand; openstack: RenderedCommand; cinder: RenderedCommand };

/** How a client refused a command line: its exit status and its own words. */
export interface CommandRefusal {
  /** 0 for help and `--version`, else the client's error status (1 or 2). */
  exitCode: number;
  stream: 'stdout' | 'stderr';
  /** The client's message exactly (e.g. `error: argument --name: expected one argument` and cinder's `Try …` line); empty for help. */
  message: string;
  /** All the client printed on `stream`, when reproduced (usage text included); null where part of it is not. */
  output: string | null;
}
export interface CommandResult {
  ok: true;
  client: 'cinder' | 'openstack';
  /** The client release modelled, e.g. `python-cinderclient 9.10.0`. */
  clientVersion: string;
  /** The words after the program name, as the client receives them. */
  argv: string[];
  /** null when the client sends the request. */
  refused: CommandRefusal | null;
  method: 'POST' | null;
  endpoint: VolumeEndpoint | SnapshotEndpoint | null;
  /** E.g. `/os-volume-manage` (after `/v3/{project_id}`). */
  path: string | null;
  /** `Accept`, `OpenStack-API-Version` (when sent), `Content-Type`, `Content-Length`, in the order sent. */
  headers: Record<string, string> | null;
  /** The body exactly as the client sends it. */
  bodyText: string | null;
  /** What the client prints on stderr while sending (cinder's downgrade warning, openstack's --force warning). */
  stderr: string;
  /** Arguments that do not change the request, and what they do instead. */
  unused: { argument: string; reason: string }[];
  notes: { code: string; message: string }[];
  /** Cinder's verdict on the request (as validate* reports it); null when nothing is sent. */
  report: Report<NormalizedVolume | NormalizedSnapshot> | null;
}
export interface CommandError {
  ok: false;
  /** `unknown_client`, `not_a_manage_command`, `shell_expansion`, `unterminated_quote`, … */
  error: { code: string; message: string };
}
export interface CommandOptions {
  /** The server's maximum microversion (its version document's `version`); default `"3.71"`. */
  serverMax?: string | null;
  /** The cloud's volumes, for the snapshot commands' lookup by name; default: the argument is taken as the id. */
  volumes?: { id: string; name: string | null }[] | null;
}
/**
 * What a `cinder …` or `openstack …` command line sends: the exact request
 * (python-cinderclient 9.10.0, python-openstackclient 10.5.0) or the client's
 * refusal, and Cinder's verdict on the request.
 */
export function requestFromCommand(commandLine: string, options?: CommandOptions): CommandResult | CommandError;

/** The package (and Rust crate) version. */
export function version(): string;

/** The facts about versions, routes and codes, from their one definition in the core. */
export interface Constants {
  /** The versions Cinder 29 accepts (`min` … `max`; `latest` is `max`) and the removed v2 API. */
  microversions: { min: string; max: string; legacy: string };
  /** The four manage routes, their kind, and the lowest microversion at which each exists. */
  endpoints: { name: VolumeEndpoint | SnapshotEndpoint; kind: 'volume' | 'snapshot'; minMicroversion: string }[];
  unicodeVersions: UnicodeVersion[];
  /** Every code a report can carry, in declaration order. */
  codes: Code[];
  changeCodes: ChangeCode[];
  limits: {
    /** Nesting depth Cinder's request path parses (deeper: 500). */
    maxBodyDepth: number;
    /** `maxLength` of every string field, in code points. */
    maxStringLength: number;
    /** Per-key issues listed before the rest are counted (`too_many_issues`). */
    maxListed: number;
    /** A default deployment's `[oslo_middleware] max_request_body_size`, in bytes. */
    maxRequestBodySize: number;
  };
}
/** The facts about versions, routes and codes (frozen; the same object on every call). */
export function constants(): Readonly<Constants>;

/** A microversion as Cinder reads it, or the verdict Cinder gives it. */
export type ResolvedMicroversion =
  | { ok: true; major: number; minor: number }
  | { ok: false; httpStatus: number; code: Code; message: string };
/**
 * Reads a microversion as Cinder reads the request's version header
 * (`null`/absent: no header, 3.0; `"latest"`; a header value such as
 * `"volume 3.16"`).
 */
export function resolveMicroversion(microversion?: string | null): ResolvedMicroversion;

// ---------------------------------------------------------------------------
// Initialization
// ---------------------------------------------------------------------------

/** An instance type of a global class when the environment's types declare it (DOM or Node types), else `never`. */
type GlobalInstance<K extends string> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : never;
/** `WebAssembly.Module` when the environment's types declare it, else `never`. */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : never;

/** The bytes of a `.wasm` file or a compiled module: what {@link initSync} takes. */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | WasmModule;

/**
 * Where {@link init} (or {@link initTools}) loads its module from: a URL
 * (string or `URL`), a `Request`, a `fetch()` `Response` or a promise of one,
 * the bytes, or a compiled `WebAssembly.Module`.
 */
export type InitInput =
  | string
  | GlobalInstance<'URL'>
  | GlobalInstance<'Request'>
  | GlobalInstance<'Response'>
  | PromiseLike<GlobalInstance<'Response'>>
  | SyncInitInput;

/**
 * Browsers: loads the validators' WebAssembly module; call once, and await
 * it, before anything else (`await init()`). By default it fetches
 * `dist/validators-web.wasm` next to the entry point (`os-volume-manage/inline`:
 * decodes its inlined copy); pass an {@link InitInput} (or
 * `{ module_or_path }`) to load it from elsewhere. Rejects with an Error
 * saying what to change when the file is not where the code expects it.
 * In Node the module is ready on import and this does nothing.
 */
export default function init(source?: InitInput | { module_or_path: InitInput }): Promise<void>;
/**
 * Like {@link init}, synchronous: pass the bytes or a compiled module (or
 * `{ module }`); `os-volume-manage/inline` needs no argument off the main
 * thread (workers). No-op in Node.
 */
export function initSync(source?: SyncInitInput | { module: SyncInitInput }): void;
/**
 * Browsers: loads the transformations module (every function of the
 * Transformations section: gibFromBytes … renderRequest), a second, larger
 * WebAssembly module than the validators'; call once before using them
 * (`await initTools()`). Independent of {@link init}. By default it fetches
 * `dist/tools.wasm` next to the entry point; takes the same sources as
 * {@link init}. In Node the module is loaded on first use and this only
 * loads it now.
 */
export function initTools(source?: InitInput | { module_or_path: InitInput }): Promise<void>;
/** Like {@link initTools}, synchronous: pass the bytes or a compiled module (or `{ module }`). */
export function initToolsSync(source?: SyncInitInput | { module: SyncInitInput }): void;
