// The JS face of os-volume-manage, shared by the Node (CJS and ESM) and the
// browser entry points. It holds no rules: it checks how it is called, turns
// bodies into the JSON text a browser would send, hands text to the
// WebAssembly core and reshapes the core's report for JS.
//
// This file is plain ESM with `export function` / `export const`
// declarations only, no imports: `make pkg` derives dist/api.cjs from it for
// require(). Three builders: createValidators (the body checks), createRequests
// (whole requests and bulk JSONL) and createTools (the transformations). In
// Node one module serves the first two; in browsers the validators module is
// built for size without whole requests or JSONL, and createRequests runs on
// the tools module (loaded on demand) instead.
// A new export goes into the object one of them returns, and its name into
// the export lists of the entry points (web.js, inline.js, node.mjs; node.cjs
// takes the objects whole); tests/packaging checks that every entry point
// exports every name index.d.ts declares.

const KINDS = ['volume', 'snapshot'];
const SERVERS = ['wsgi', 'eventlet'];
const OPTION_NAMES = ['microversion', 'endpoint', 'unicodeVersion', 'maxRequestBodySize'];
const REQUEST_OPTION_NAMES = ['unicodeVersion', 'maxRequestBodySize', 'server'];

/** The code of the report given for a body that JSON.stringify cannot serialize. */
export const BODY_NOT_SERIALIZABLE = 'body_not_serializable';
/** The code of the report given if the core ever traps (a bug: please report it). */
export const INTERNAL = 'internal';

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  if (t === 'string') return 'a string';
  if (t === 'object') return 'an object';
  return `a ${t}`;
}

function errorText(e) {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return String(e);
  } catch {
    return 'an unprintable exception';
  }
}

/** Bodies up to this many UTF-16 units cross into wasm as UTF-8 bytes. */
const SMALL_BODY = 8192;
// Absent in a few test environments (Jest's jsdom); strings then cross as they are.
const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;

function isBytes(value) {
  return value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]';
}

function rejected(code, message) {
  return {
    accepted: false,
    httpStatus: 0,
    serverError: null,
    errors: [{ pointer: '', code, message }],
    warnings: [],
    changes: [],
    normalized: null,
  };
}

const EXAMPLES = {
  microversion: '"3.16"',
  endpoint: '"manageable_volumes"',
  unicodeVersion: '"15.1"',
  server: '"eventlet"',
};

/**
 * Options as `names` allows them: strings, except `maxRequestBodySize` (a
 * safe integer number of bytes, or Infinity for no limit) and `server`
 * ("wsgi" or "eventlet"). Absent or null: the default.
 */
function readOptions(options, fn, names = OPTION_NAMES) {
  const out = {};
  for (const name of names) out[name] = undefined;
  if (options === undefined) return out;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object such as { ${names[0]}: ${EXAMPLES[names[0]] ?? '...'} }, not ${describe(options)}`);
  }
  let keys;
  try {
    keys = Object.keys(options);
  } catch (e) {
    throw new TypeError(`${fn}: options could not be read (${errorText(e)})`, { cause: e });
  }
  for (const key of keys) {
    if (!names.includes(key)) {
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(key)}; expected ${names.join(', ')}`);
    }
  }
  for (const name of names) {
    let value;
    try {
      value = options[name];
    } catch (e) {
      throw new TypeError(`${fn}: options.${name} could not be read (${errorText(e)})`, { cause: e });
    }
    if (value === undefined || value === null) continue;
    if (name === 'maxRequestBodySize') {
      if (typeof value !== 'number' || !(value === Infinity || Number.isSafeInteger(value))) {
        throw new TypeError(`${fn}: options.maxRequestBodySize must be a whole number of bytes (the cloud's [oslo_middleware] max_request_body_size, e.g. 114688) or Infinity for no limit, not ${typeof value === 'number' ? value : describe(value)}`);
      }
    } else if (typeof value !== 'string') {
      throw new TypeError(`${fn}: options.${name} must be a string (e.g. ${EXAMPLES[name]}), not ${describe(value)}`);
    } else if (name === 'server' && !SERVERS.includes(value)) {
      throw new TypeError(`${fn}: options.server must be "wsgi" (a WSGI container such as mod_wsgi) or "eventlet" (cinder-api's own server), not ${JSON.stringify(value)}`);
    }
    out[name] = value;
  }
  return out;
}

/** The header names `fetch` never sends as given (the Fetch standard's forbidden request-header names). */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

function forbiddenHeader(name) {
  return FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-');
}

function isRequestObject(value) {
  return typeof Request === 'function' && value instanceof Request;
}

function isStream(value) {
  return typeof ReadableStream === 'function' && value instanceof ReadableStream;
}

// ---------------------------------------------------------------------------
// Transformations: results of the core's JSON with our own keys in camelCase;
// values that are Cinder's data (refs, references, request bodies, metadata,
// normalized values, markers) are left exactly as they are.
// ---------------------------------------------------------------------------

const DATA_KEYS = new Set(['reference', 'source_reference', 'extra_info', 'body', 'metadata', 'original', 'normalized', 'marker', 'ref']);
const SIZE_MODES = ['exact', 'cinder_compatible', 'whole_gib_only'];
const TWO_53 = 2 ** 53;

function setKey(out, key, value) {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    setKey(out, k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), DATA_KEYS.has(k) ? v : camelize(v));
  }
  return out;
}

/** A byte or GiB count: the core sends counts above 2^53 as decimal strings. */
function amount(v) {
  return typeof v === 'string' ? BigInt(v) : v;
}

function readObject(fn, what, value, allowed) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${fn}: ${what} must be an object, not ${describe(value)}`);
  const out = {};
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new TypeError(`${fn}: unknown option ${JSON.stringify(key)}; expected ${allowed.join(', ')}`);
    const v = value[key];
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

function requireString(fn, what, value) {
  if (typeof value !== 'string') throw new TypeError(`${fn}: ${what} must be a string, not ${describe(value)}`);
  return value;
}

function optionalString(fn, what, value) {
  if (value === undefined || value === null) return undefined;
  return requireString(fn, what, value);
}

function readKind(fn, what, value) {
  if (value === undefined || value === null) return undefined;
  if (!KINDS.includes(value)) throw new TypeError(`${fn}: ${what} must be "volume" or "snapshot", not ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
  return value;
}

/** JSON text of a value that must be JSON (a ref, an entry): misuse otherwise. */
function jsonText(fn, what, value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new TypeError(`${fn}: ${what} cannot be serialized as JSON (${errorText(e)})`, { cause: e });
  }
  if (text === undefined) throw new TypeError(`${fn}: ${what} must be a JSON value, not ${describe(value)}`);
  return text;
}

// Calls into wasm (`bindings`: the glue of one module). Misuse (the core's
// only error) becomes a TypeError; anything else is a trap, after which the
// instance is replaced so the module keeps working.
function callIn(bindings, fn, exportName, args) {
  try {
    return { value: bindings[exportName](...args) };
  } catch (e) {
    if (e !== null && typeof e === 'object' && e.name === 'Error' && typeof e.message === 'string') {
      throw new TypeError(`${fn}: ${e.message}`);
    }
    try {
      bindings.__wbg_reset_state();
    } catch {
      // Nothing better to do; the next call will try again.
    }
    return { trap: e };
  }
}


/** The core's report (snake_case JSON) as the package returns it. */
function toReport(fn, json) {
  let r;
  try {
    r = JSON.parse(json);
  } catch (e) {
    return rejected(INTERNAL, `${fn}: the core returned a report that is not JSON (please report this input): ${errorText(e)}`);
  }
  const report = {
    accepted: r.accepted,
    httpStatus: r.http_status,
    serverError: r.server_error,
    errors: r.errors,
    warnings: r.warnings,
    changes: r.changes,
    normalized: r.normalized,
  };
  if (r.response) {
    report.response = {
      statusLine: r.response.status_line,
      contentType: r.response.content_type,
      openstackApiVersion: r.response.openstack_api_version,
      renderedBy: r.response.rendered_by,
      body: r.response.body,
    };
  }
  return report;
}

/**
 * The validators over the wasm-bindgen glue `raw` of the validators module.
 * `isReady()` tells whether it has been instantiated (omitted: always).
 */
export function createValidators(raw, isReady) {
  let constantsCache = null;
  function ensureReady(fn) {
    if (isReady && !isReady()) {
      throw new TypeError(`${fn}: the WebAssembly module is not initialized; call \`await init()\` (or initSync) first`);
    }
  }

  function call(fn, exportName, args) {
    return callIn(raw, fn, exportName, args);
  }

  function judge(fn, kind, payload, o) {
    // wasm-bindgen copies a string into wasm memory with a JavaScript loop
    // over its characters; for the usual small body, TextEncoder's native
    // encode plus one memory copy is about 10 % faster end to end (larger
    // bodies are faster as strings; both give the same bytes, lone
    // surrogates becoming U+FFFD either way). See BENCHMARKS.md.
    if (encoder !== null && typeof payload === 'string' && payload.length <= SMALL_BODY) payload = encoder.encode(payload);
    const exportName = typeof payload === 'string' ? 'checkText' : 'checkBytes';
    const out = call(fn, exportName, [kind, payload, o.microversion, o.endpoint, o.unicodeVersion, o.maxRequestBodySize]);
    if ('trap' in out) {
      return rejected(INTERNAL, `${fn}: os-volume-manage hit an internal error and was reset; please report the input that caused it (${errorText(out.trap)})`);
    }
    return toReport(fn, out.value);
  }

  function validateValue(fn, kind, body, options) {
    ensureReady(fn);
    const o = readOptions(options, fn);
    let text;
    try {
      // Exactly what fetch(url, { body: JSON.stringify(body) }) would send.
      text = JSON.stringify(body);
    } catch (e) {
      // Misuse is reported first, whatever the body.
      call(fn, 'checkOptions', [kind, o.microversion, o.endpoint, o.unicodeVersion, o.maxRequestBodySize]);
      return rejected(BODY_NOT_SERIALIZABLE, `the body cannot be sent as JSON: JSON.stringify threw ${errorText(e)}`);
    }
    // undefined, a function or a symbol serialize to nothing: no body at all.
    return judge(fn, kind, text === undefined ? '' : text, o);
  }

  function validateText(fn, kind, text, options) {
    ensureReady(fn);
    const o = readOptions(options, fn);
    if (typeof text !== 'string' && !isBytes(text)) {
      throw new TypeError(`${fn}: the request body must be a string (or a Uint8Array of its bytes), not ${describe(text)}; use ${fn.replace(/Json$/, '')} for values`);
    }
    return judge(fn, kind, text, o);
  }

  return {
    validateVolumeManage: (body, options) => validateValue('validateVolumeManage', 'volume', body, options),
    validateSnapshotManage: (body, options) => validateValue('validateSnapshotManage', 'snapshot', body, options),
    validateVolumeManageJson: (text, options) => validateText('validateVolumeManageJson', 'volume', text, options),
    validateSnapshotManageJson: (text, options) => validateText('validateSnapshotManageJson', 'snapshot', text, options),
    version() {
      ensureReady('version');
      return raw.version();
    },
    constants() {
      ensureReady('constants');
      constantsCache ??= deepFreeze(JSON.parse(raw.constants()));
      return constantsCache;
    },
    resolveMicroversion(microversion) {
      const fn = 'resolveMicroversion';
      ensureReady(fn);
      if (microversion !== undefined && microversion !== null && typeof microversion !== 'string') {
        throw new TypeError(`${fn}: the microversion must be a string such as "3.16" (or null for no header), not ${describe(microversion)}`);
      }
      return JSON.parse(raw.resolveMicroversion(microversion ?? undefined));
    },
  };
}

/**
 * Whole requests and bulk JSONL over the glue of a module built with them:
 * `glue(fn)` returns it (or throws the error that says how to load it);
 * `load(fn)` loads it if need be (the async functions call it first, the
 * synchronous ones need it loaded). `parallel(batches, defaults,
 * { workers })`, where the environment has threads (Node), judges
 * checkJsonl's batches on them and yields their results in order (omitted:
 * checkJsonl judges on the calling thread).
 */
export function createRequests(glue, load, parallel) {
  // The output of `judge(raw)` once the module is loaded.
  async function* loadThen(fn, judge) {
    await load(fn);
    yield* judge(glue(fn));
  }

  /**
   * What `fetch(input, init)` puts on the wire, judged whole: the Request
   * the Fetch API builds from the same arguments (its default Content-Type
   * for the body, its method normalization), the headers fetch adds
   * (`Accept: *\/*`, Content-Length; a ReadableStream body goes chunked),
   * minus the names fetch never sends as given. A Request input is cloned,
   * so the caller's stays unread.
   */
  async function validateRequest(input, init, options) {
    const fn = 'validateRequest';
    const o = readOptions(options, fn, REQUEST_OPTION_NAMES);
    if (typeof Request !== 'function' || typeof Headers !== 'function') {
      throw new TypeError(`${fn}: needs the Fetch API (Request, Headers): a browser, Node 18 or later, Deno or Bun`);
    }
    if (init !== undefined && (init === null || typeof init !== 'object')) {
      throw new TypeError(`${fn}: init must be an object such as { method: 'POST', headers: {...}, body: '...' }, not ${describe(init)}`);
    }
    let source = input;
    if (isRequestObject(input)) {
      try {
        source = input.clone();
      } catch (e) {
        throw new TypeError(`${fn}: the Request's body was already read, so fetch could not send it (${errorText(e)})`, { cause: e });
      }
    } else if (typeof input === 'string' || input instanceof URL) {
      // A path alone is resolved against the page (as fetch does) or, outside
      // a page, against http://localhost/.
      const base = typeof location === 'object' && location !== null && typeof location.href === 'string' ? location.href : 'http://localhost/';
      try {
        source = new URL(String(input), base).href;
      } catch (e) {
        throw new TypeError(`${fn}: ${JSON.stringify(String(input))} is not a URL fetch could use (${errorText(e)})`, { cause: e });
      }
    } else {
      throw new TypeError(`${fn}: input must be a URL string, a URL or a Request (as for fetch), not ${describe(input)}`);
    }
    let req;
    try {
      req = new Request(source, init);
    } catch (e) {
      throw new TypeError(`${fn}: fetch would refuse these arguments: ${errorText(e)}`, { cause: e });
    }
    const sent = { method: req.method, url: req.url, endpoint: null, headers: [], chunked: false, bodyLength: 0 };
    await load(fn);
    const raw = glue(fn);
    const where = JSON.parse(raw.route(req.method, req.url));
    if (!where.ok) return { ...rejected(where.code, where.message), response: null, request: sent };
    sent.endpoint = where.endpoint;
    let bytes;
    try {
      bytes = req.body === null ? new Uint8Array(0) : new Uint8Array(await req.arrayBuffer());
    } catch (e) {
      throw new TypeError(`${fn}: the body could not be read (${errorText(e)})`, { cause: e });
    }
    sent.bodyLength = bytes.length;
    // A stream of unknown length is sent chunked; anything else with its
    // Content-Length (0 for a POST without a body).
    sent.chunked = init !== undefined && isStream(init.body);
    for (const [name, value] of req.headers) {
      if (!forbiddenHeader(name)) sent.headers.push([name, value]);
    }
    if (!req.headers.has('accept')) sent.headers.push(['accept', '*/*']);
    if (!sent.chunked) sent.headers.push(['content-length', String(bytes.length)]);
    const args = [sent.endpoint, JSON.stringify(sent.headers), bytes, sent.chunked, o.unicodeVersion, o.maxRequestBodySize, o.server];
    const out = callIn(raw, fn, 'checkRequest', args);
    if ('trap' in out) {
      return { ...rejected(INTERNAL, `${fn}: os-volume-manage hit an internal error and was reset; please report the request that caused it (${errorText(out.trap)})`), response: null, request: sent };
    }
    if (sent.chunked) sent.headers.push(['transfer-encoding', 'chunked']);
    return { ...toReport(fn, out.value), request: sent };
  }

  return {
    validateRequest,
    checkJsonlLine(line, defaults) {
      const fn = 'checkJsonlLine';
      const raw = glue(fn);
      if (typeof line !== 'string') throw new TypeError(`${fn}: line must be a string, not ${describe(line)}`);
      const d = readJsonlDefaults(fn, defaults);
      const out = callIn(raw, fn, 'checkJsonlLine', [line, d.kind, d.microversion, d.endpoint, d.unicodeVersion, d.maxRequestBodySize, d.server]);
      if ('trap' in out) return internalLine(errorText(out.trap));
      return out.value;
    },
    checkJsonlBatch(lines, defaults) {
      const fn = 'checkJsonlBatch';
      const raw = glue(fn);
      if (!Array.isArray(lines)) throw new TypeError(`${fn}: lines must be an array of strings, not ${describe(lines)}`);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (typeof line !== 'string') throw new TypeError(`${fn}: lines[${i}] must be a string, not ${describe(line)}`);
        if (line.includes('\n')) throw new TypeError(`${fn}: lines[${i}] contains a line break; split the text into lines first, or use checkJsonl`);
      }
      const d = readJsonlDefaults(fn, defaults);
      if (lines.length === 0) return [];
      const { bytes } = judgeBatch(raw, encodeText(`${lines.join('\n')}\n`), true, d);
      const out = new TextDecoder().decode(bytes).split('\n');
      out.pop();
      return out.map((l) => (l === '' ? undefined : l));
    },
    checkJsonl(input, options) {
      const fn = 'checkJsonl';
      const { defaults, workers } = readJsonlOptions(fn, options);
      const batches = jsonlBatches(inputChunks(fn, input));
      if (parallel && workers !== 0) return outputLines(parallel(batches, defaults, { workers, test: options?.__exitWorker }));
      return outputLines(loadThen(fn, (raw) => inThread(raw, batches, defaults)));
    },
  };
}

// ---------------------------------------------------------------------------
// Bulk JSONL: lines judged a batch at a time, one call into WebAssembly per
// batch. The batches are cut at line ends; the core reads their lines as the
// native CLI reads a file (crates/os-volume-manage-cli/src/batch.rs).
// ---------------------------------------------------------------------------

/** A batch is cut at the first line end after this many bytes. */
export const BATCH_BYTES = 1 << 18;
/** At most this many worker threads by default. */
export const MAX_WORKERS = 8;

/** The output line of a case the core trapped on (the shape of the core's own error lines, src/jsonl.rs). */
function internalLine(why) {
  return JSON.stringify({
    id: null,
    accepted: false,
    http_status: null,
    server_error: null,
    errors: [{ pointer: '', code: INTERNAL, message: `os-volume-manage hit an internal error and was reset; please report this line (${why})` }],
    warnings: [],
    changes: [],
    normalized: null,
  });
}

function encodeText(text) {
  if (encoder === null) throw new TypeError('os-volume-manage: this environment has no TextEncoder, which bulk checks need');
  return encoder.encode(text);
}

/** checkJsonlLine's and checkJsonlBatch's defaults, checked: { kind, microversion, endpoint, unicodeVersion, maxRequestBodySize, server }. */
function readJsonlDefaults(fn, defaults) {
  let kind; // undefined: from the line, the endpoint or the body
  let opts;
  if (defaults !== undefined) {
    if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
      throw new TypeError(`${fn}: defaults must be an object, not ${describe(defaults)}`);
    }
    const { kind: k, ...rest } = defaults;
    if (k !== undefined && k !== null) {
      if (!KINDS.includes(k)) throw new TypeError(`${fn}: defaults.kind must be "volume" or "snapshot"`);
      kind = k;
    }
    opts = rest;
  }
  const o = readOptions(opts, fn, [...OPTION_NAMES, 'server']);
  return { kind, microversion: o.microversion, endpoint: o.endpoint, unicodeVersion: o.unicodeVersion, maxRequestBodySize: o.maxRequestBodySize, server: o.server };
}

/** checkJsonl's options: the defaults and `workers` (a count; 0: the calling thread; undefined: the default). */
function readJsonlOptions(fn, options) {
  if (options === undefined) return { defaults: readJsonlDefaults(fn, undefined), workers: undefined };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object such as { microversion: "3.16", workers: 4 }, not ${describe(options)}`);
  }
  // __exitWorker: the package's tests make a worker thread die.
  const { workers, __exitWorker, ...defaults } = options;
  if (workers !== undefined && workers !== null && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    throw new TypeError(`${fn}: options.workers must be a whole number from 0 to 64 (0: judge on this thread), not ${typeof workers === 'number' ? workers : describe(workers)}`);
  }
  return { defaults: readJsonlDefaults(fn, defaults), workers: workers ?? undefined };
}

/** checkJsonl's input as an (async) iterable of chunks (strings or bytes). */
function inputChunks(fn, input) {
  if (typeof input === 'string' || isBytes(input)) return [input];
  if (input instanceof ArrayBuffer) return [new Uint8Array(input)];
  if (Array.isArray(input)) {
    throw new TypeError(`${fn}: input is an array; checkJsonl reads JSONL text (a stream, chunks, a string or bytes), checkJsonlBatch takes an array of lines`);
  }
  if (input !== null && typeof input === 'object') {
    if (typeof input[Symbol.asyncIterator] === 'function' || typeof input[Symbol.iterator] === 'function') return input;
    if (typeof input.getReader === 'function') return readerChunks(input);
  }
  throw new TypeError(`${fn}: input must be a readable stream, an (async) iterable of text or byte chunks, a string or a Uint8Array, not ${describe(input)}`);
}

async function* readerChunks(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The chunks of JSONL text cut into batches of whole lines (Uint8Arrays of
 * about `target` bytes, each cut at the first line end after that many; a
 * longer line is a batch of its own; the last may end without a newline).
 * Each chunk is copied, so a source may reuse its buffers. If the source
 * fails, the whole lines read so far are still yielded, then the error is
 * thrown.
 */
export async function* jsonlBatches(chunks, target = BATCH_BYTES) {
  let buf = new Uint8Array(target * 2);
  let start = 0; // the pending bytes are buf[start..size]
  let size = 0;
  function* full() {
    while (size - start >= target) {
      const nl = buf.subarray(start + target - 1, size).indexOf(10);
      if (nl === -1) return; // a long line: read on to its end
      const end = start + target + nl;
      yield buf.slice(start, end);
      start = end;
    }
  }
  try {
    for await (const piece of chunks) {
      let chunk;
      if (typeof piece === 'string') chunk = encodeText(piece);
      else if (isBytes(piece)) chunk = piece;
      else throw new TypeError(`checkJsonl: a chunk of the input must be a string or a Uint8Array, not ${describe(piece)}`);
      if (size + chunk.length > buf.length) {
        // Room: the pending bytes moved to the front, the buffer grown if
        // they and the chunk still do not fit (a long line or a big chunk),
        // or shrunk back once a long line has passed.
        const pending = size - start;
        const want = Math.max(target * 2, pending + chunk.length);
        const next = want > buf.length || buf.length > target * 4 ? new Uint8Array(want) : buf;
        next.set(buf.subarray(start, size));
        buf = next;
        start = 0;
        size = pending;
      }
      buf.set(chunk, size);
      size += chunk.length;
      yield* full();
    }
  } catch (e) {
    const nl = buf.subarray(start, size).lastIndexOf(10);
    if (nl !== -1) yield buf.slice(start, start + nl + 1);
    throw e;
  }
  if (size > start) yield buf.slice(start, size);
}

/**
 * Judges one batch (whole lines, as bytes) with the glue `raw` of the
 * validators module: `{ bytes, rejected }`, the UTF-8 output lines each
 * ending in a newline. `aligned`: lines exactly as given, a blank one
 * giving an empty output line (checkJsonlBatch); else read as the native
 * CLI reads a file. If the core traps, the module is reset and the batch
 * judged line by line, the line that traps getting an `internal` error line.
 */
export function judgeBatch(raw, bytes, aligned, d) {
  let out;
  try {
    out = raw.__checkJsonlBatch(bytes, aligned, d.kind, d.microversion, d.endpoint, d.unicodeVersion, d.maxRequestBodySize, d.server);
  } catch {
    try {
      raw.__wbg_reset_state();
    } catch {
      // The line-by-line pass below resets again if it must.
    }
    return judgeLineByLine(raw, bytes, aligned, d);
  }
  // The count: ASCII digits, padded with spaces, up to the first newline.
  let rejected = 0;
  let i = 0;
  for (; out[i] !== 10; i++) if (out[i] !== 32) rejected = rejected * 10 + out[i] - 48;
  return { bytes: out.subarray(i + 1), rejected };
}

function judgeLineByLine(raw, bytes, aligned, d) {
  // Lossy like Rust's String::from_utf8_lossy; a BOM stays part of the line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  let rejected = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    const next = end + 1;
    if (!aligned && end > start && bytes[end - 1] === 13) end--;
    const line = decoder.decode(bytes.subarray(start, end));
    start = next;
    let out;
    try {
      out = raw.checkJsonlLine(line, d.kind, d.microversion, d.endpoint, d.unicodeVersion, d.maxRequestBodySize, d.server);
    } catch (e) {
      try {
        raw.__wbg_reset_state();
      } catch {
        // Nothing better to do.
      }
      out = internalLine(errorText(e));
    }
    if (out === undefined) {
      if (aligned) text += '\n';
      continue;
    }
    if (JSON.parse(out).accepted !== true) rejected++;
    text += `${out}\n`;
  }
  return { bytes: encodeText(text), rejected };
}

/** The batches judged one after the other on this thread. */
export async function* inThread(raw, batches, d) {
  for await (const bytes of batches) yield judgeBatch(raw, bytes, false, d);
}

/** The output lines (without newlines) of judged batches. */
async function* outputLines(judged) {
  const decoder = new TextDecoder();
  for await (const { bytes } of judged) {
    const text = decoder.decode(bytes);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
  }
}

function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The transformations over the tools module: `tools(fn)` returns its glue,
 * loading it if the environment can, or throws a TypeError naming `fn` when
 * it is not initialized.
 */
export function createTools(tools) {
  // Calls a transformation export (in the tools module) and parses its
  // JSON. A trap resets the instance and becomes a result with the code `internal` when the function
  // has `ok`, else an Error.
  function transform(fn, exportName, args, withOk = true) {
    const out = callIn(tools(fn), fn, exportName, args);
    if ('trap' in out) {
      const message = `os-volume-manage hit an internal error and was reset; please report the input that caused it (${errorText(out.trap)})`;
      if (withOk) return { ok: false, error: { code: INTERNAL, message } };
      throw new Error(`${fn}: ${message}`);
    }
    return camelize(JSON.parse(out.value));
  }

  function sizeResult(r) {
    if (!r.ok) return r;
    return { ...r, bytes: amount(r.bytes), gib: amount(r.gib), exactGib: amount(r.exactGib), cinderGib: amount(r.cinderGib) };
  }

  let driverTable = null;

  return {
    gibFromBytes(bytes, options) {
      const fn = 'gibFromBytes';
      const o = readObject(fn, 'options', options, ['mode']);
      const mode = o.mode ?? 'exact';
      if (!SIZE_MODES.includes(mode)) throw new TypeError(`${fn}: options.mode must be "exact", "cinder_compatible" or "whole_gib_only"`);
      let digits;
      if (typeof bytes === 'bigint') digits = bytes.toString();
      else if (typeof bytes === 'number') {
        if (!Number.isInteger(bytes)) throw new TypeError(`${fn}: bytes must be an integer, not ${bytes}`);
        if (Math.abs(bytes) > TWO_53) throw new TypeError(`${fn}: ${bytes} is beyond 2^53, where a number may already have been rounded; pass a bigint or a decimal string`);
        digits = String(bytes);
      } else if (typeof bytes === 'string') digits = bytes;
      else throw new TypeError(`${fn}: bytes must be a number, a bigint or a decimal string, not ${describe(bytes)}`);
      return sizeResult(transform(fn, 'gibFromBytes', [digits, mode]));
    },
    parseSize(text) {
      const fn = 'parseSize';
      requireString(fn, 'text', text);
      const r = transform(fn, 'parseSize', [text]);
      if (!r.ok) return r;
      const g = r.gib;
      return { ...r, bytes: amount(r.bytes), gib: { exact: amount(g.exact), cinderCompatible: amount(g.cinderCompatible), wholeGibOnly: amount(g.wholeGibOnly) } };
    },
    buildRef(idType, identifier) {
      const fn = 'buildRef';
      requireString(fn, 'idType', idType);
      requireString(fn, 'identifier', identifier);
      const out = callIn(tools(fn), fn, 'buildRef', [idType, identifier]);
      if ('trap' in out) throw new Error(`${fn}: internal error (${errorText(out.trap)})`);
      return JSON.parse(out.value);
    },
    normalizeRef(ref, options) {
      const fn = 'normalizeRef';
      const o = readObject(fn, 'options', options, ['target']);
      const target = readKind(fn, 'options.target', o.target) ?? 'volume';
      return transform(fn, 'normalizeRef', [jsonText(fn, 'ref', ref), target], false);
    },
    checkRefForDriver(ref, driver, options) {
      const fn = 'checkRefForDriver';
      requireString(fn, 'driver', driver);
      const o = readObject(fn, 'options', options, ['snapshot']);
      if (o.snapshot !== undefined && typeof o.snapshot !== 'boolean') throw new TypeError(`${fn}: options.snapshot must be a boolean`);
      return transform(fn, 'checkRefForDriver', [jsonText(fn, 'ref', ref), driver, o.snapshot === true]);
    },
    drivers() {
      driverTable ??= transform('drivers', 'drivers', [], false);
      return structuredClone(driverTable);
    },
    parseHost(text) {
      return transform('parseHost', 'parseHost', [requireString('parseHost', 'text', text)], false);
    },
    parseCluster(text) {
      return transform('parseCluster', 'parseCluster', [requireString('parseCluster', 'text', text)], false);
    },
    parseListing(text) {
      return transform('parseListing', 'parseListing', [requireString('parseListing', 'text', text)]);
    },
    listingEntryToRequest(entry, options) {
      const fn = 'listingEntryToRequest';
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new TypeError(`${fn}: entry must be an object (an entry of parseListing), not ${describe(entry)}`);
      const pick = (camel, snake) => (entry[camel] !== undefined ? entry[camel] : entry[snake]);
      const snakeEntry = {
        reference: entry.reference,
        size: entry.size,
        safe_to_manage: pick('safeToManage', 'safe_to_manage'),
        reason_not_safe: pick('reasonNotSafe', 'reason_not_safe'),
        cinder_id: pick('cinderId', 'cinder_id'),
        extra_info: pick('extraInfo', 'extra_info'),
        source_reference: pick('sourceReference', 'source_reference'),
      };
      const o = readObject(fn, 'options', options, ['host', 'cluster', 'volumeId', 'microversion', 'name', 'description', 'volumeType', 'availabilityZone', 'bootable', 'metadata', 'allowUnsafe']);
      const snakeOptions = {
        host: o.host, cluster: o.cluster, volume_id: o.volumeId, microversion: o.microversion, name: o.name, description: o.description,
        volume_type: o.volumeType, availability_zone: o.availabilityZone, bootable: o.bootable, metadata: o.metadata, allow_unsafe: o.allowUnsafe,
      };
      return transform(fn, 'listingEntryToRequest', [jsonText(fn, 'entry', snakeEntry), jsonText(fn, 'options', snakeOptions)]);
    },
    buildListingQuery(query) {
      const fn = 'buildListingQuery';
      const q = readObject(fn, 'query', query, ['snapshots', 'detail', 'host', 'cluster', 'marker', 'limit', 'offset', 'sort', 'microversion']);
      if (q.sort !== undefined) {
        const items = typeof q.sort === 'string' ? q.sort.split(',') : q.sort;
        if (!Array.isArray(items)) throw new TypeError(`${fn}: query.sort must be "key[:dir],…" or an array, not ${describe(q.sort)}`);
        q.sort = items.map((item) => {
          if (typeof item !== 'string') return item;
          const [key, dir] = item.split(':');
          return dir === undefined ? { key } : { key, dir };
        });
      }
      return transform(fn, 'buildListingQuery', [jsonText(fn, 'query', q)]);
    },
    parseManageResponse(text, kind) {
      const fn = 'parseManageResponse';
      requireString(fn, 'text', text);
      return transform(fn, 'parseManageResponse', [text, readKind(fn, 'kind', kind) ?? 'volume']);
    },
    parseMetadataText(text, options) {
      const fn = 'parseMetadataText';
      const o = readObject(fn, 'options', options, ['style']);
      const style = o.style ?? 'horizon';
      if (style !== 'horizon' && style !== 'cli') throw new TypeError(`${fn}: options.style must be "horizon" or "cli"`);
      let payload;
      if (style === 'horizon') payload = requireString(fn, 'text', text);
      else if (typeof text === 'string') payload = JSON.stringify(text.split(/\r?\n/).filter((line) => line !== ''));
      else if (Array.isArray(text) && text.every((t) => typeof t === 'string')) payload = JSON.stringify(text);
      else throw new TypeError(`${fn}: for style "cli", text must be a string (one item per line) or an array of strings`);
      return transform(fn, 'parseMetadataText', [payload, style], false);
    },
    locateServerMessage(message, options) {
      const fn = 'locateServerMessage';
      requireString(fn, 'message', message);
      const o = readObject(fn, 'options', options, ['kind', 'request']);
      const kind = readKind(fn, 'options.kind', o.kind) ?? 'volume';
      let request;
      if (typeof o.request === 'string') {
        try {
          JSON.parse(o.request);
          request = o.request;
        } catch {
          request = undefined; // a body that is not JSON settles nothing
        }
      } else if (o.request !== undefined) request = jsonText(fn, 'options.request', o.request);
      return transform(fn, 'locateServerMessage', [message, kind, request], false);
    },
    renderRequest(body, options) {
      const fn = 'renderRequest';
      const text = typeof body === 'string' ? body : jsonText(fn, 'body', body);
      const o = readObject(fn, 'options', options, ['kind', 'microversion', 'endpoint', 'url', 'projectId']);
      const kind = readKind(fn, 'options.kind', o.kind);
      const opt = (name) => {
        const v = optionalString(fn, `options.${name}`, o[name]);
        return v === '' ? undefined : v;
      };
      return transform(fn, 'renderRequest', [text, kind, opt('microversion'), opt('endpoint'), opt('url'), opt('projectId')], false);
    },
    requestFromCommand(commandLine, options) {
      const fn = 'requestFromCommand';
      requireString(fn, 'commandLine', commandLine);
      const o = readObject(fn, 'options', options, ['serverMax', 'volumes']);
      const serverMax = optionalString(fn, 'options.serverMax', o.serverMax);
      let volumes;
      if (o.volumes !== undefined) {
        if (!Array.isArray(o.volumes)) throw new TypeError(`${fn}: options.volumes must be an array of { id, name }, not ${describe(o.volumes)}`);
        volumes = jsonText(fn, 'options.volumes', o.volumes);
      }
      const out = callIn(tools(fn), fn, 'requestFromCommand', [commandLine, serverMax, volumes]);
      if ('trap' in out) {
        return { ok: false, error: { code: INTERNAL, message: `os-volume-manage hit an internal error and was reset; please report the input that caused it (${errorText(out.trap)})` } };
      }
      const r = JSON.parse(out.value);
      if (!r.ok) return { ok: false, error: r.error };
      const refused = r.refused === null ? null : { exitCode: r.refused.exit_code, stream: r.refused.stream, message: r.refused.message, output: r.refused.output };
      const report = r.report === null ? null : {
        accepted: r.report.accepted,
        httpStatus: r.report.http_status,
        serverError: r.report.server_error,
        errors: r.report.errors,
        warnings: r.report.warnings,
        changes: r.report.changes,
        normalized: r.report.normalized,
      };
      return {
        ok: true,
        client: r.client,
        clientVersion: r.client_version,
        argv: r.argv,
        refused,
        method: r.method,
        endpoint: r.endpoint,
        path: r.path,
        headers: r.headers,
        bodyText: r.body_text,
        stderr: r.stderr,
        unused: r.unused,
        notes: r.notes,
        report,
      };
    },
  };
}
