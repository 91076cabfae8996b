// The JS face of os-volume-manage, shared by the Node (CJS and ESM) and the
// browser entry points. It holds no rules: it checks how it is called, turns
// bodies into the JSON text a browser would send, hands text to the
// WebAssembly core and reshapes the core's report for JS.
//
// This file is plain ESM with `export function` declarations only, no
// imports: `make pkg` derives dist/api.cjs from it for require().

const KINDS = ['volume', 'snapshot'];
const OPTION_NAMES = ['microversion', 'endpoint', 'unicodeVersion'];

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

function readOptions(options, fn) {
  const out = { microversion: undefined, endpoint: undefined, unicodeVersion: undefined };
  if (options === undefined) return out;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object such as { microversion: "3.16" }, not ${describe(options)}`);
  }
  let keys;
  try {
    keys = Object.keys(options);
  } catch (e) {
    throw new TypeError(`${fn}: options could not be read (${errorText(e)})`, { cause: e });
  }
  for (const key of keys) {
    if (!OPTION_NAMES.includes(key)) {
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(key)}; expected microversion, endpoint or unicodeVersion`);
    }
  }
  for (const name of OPTION_NAMES) {
    let value;
    try {
      value = options[name];
    } catch (e) {
      throw new TypeError(`${fn}: options.${name} could not be read (${errorText(e)})`, { cause: e });
    }
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new TypeError(`${fn}: options.${name} must be a string (e.g. ${name === 'microversion' ? '"3.16"' : name === 'endpoint' ? '"manageable_volumes"' : '"15.1"'}), not ${describe(value)}`);
    }
    out[name] = value;
  }
  return out;
}

/**
 * Builds the API over the wasm-bindgen bindings `raw`. `isReady()` tells
 * whether the module has been instantiated (always true in Node).
 */
export function createApi(raw, isReady) {
  function ensureReady(fn) {
    if (isReady && !isReady()) {
      throw new TypeError(`${fn}: the WebAssembly module is not initialized; call \`await init()\` (or initSync) first`);
    }
  }

  // Calls into wasm. Misuse (the core's only error) becomes a TypeError;
  // anything else is a trap, after which the instance is replaced so the
  // module keeps working.
  function call(fn, exportName, args) {
    try {
      return { value: raw[exportName](...args) };
    } catch (e) {
      if (e !== null && typeof e === 'object' && e.name === 'Error' && typeof e.message === 'string') {
        throw new TypeError(`${fn}: ${e.message}`);
      }
      try {
        raw.__wbg_reset_state();
      } catch {
        // Nothing better to do; the next call will try again.
      }
      return { trap: e };
    }
  }

  function toReport(fn, json) {
    let r;
    try {
      r = JSON.parse(json);
    } catch (e) {
      return rejected(INTERNAL, `${fn}: the core returned a report that is not JSON (please report this input): ${errorText(e)}`);
    }
    return {
      accepted: r.accepted,
      httpStatus: r.http_status,
      serverError: r.server_error,
      errors: r.errors,
      warnings: r.warnings,
      changes: r.changes,
      normalized: r.normalized,
    };
  }

  function judge(fn, kind, payload, o) {
    const exportName = typeof payload === 'string' ? 'checkText' : 'checkBytes';
    const out = call(fn, exportName, [kind, payload, o.microversion, o.endpoint, o.unicodeVersion]);
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
      call(fn, 'checkOptions', [kind, o.microversion, o.endpoint, o.unicodeVersion]);
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
    checkJsonlLine(line, defaults) {
      const fn = 'checkJsonlLine';
      ensureReady(fn);
      if (typeof line !== 'string') throw new TypeError(`${fn}: line must be a string, not ${describe(line)}`);
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
      const o = readOptions(opts, fn);
      const out = call(fn, 'checkJsonlLine', [line, kind, o.microversion, o.endpoint, o.unicodeVersion]);
      if ('trap' in out) {
        // The shape of the core's own error lines (src/jsonl.rs).
        return JSON.stringify({
          id: null,
          accepted: false,
          http_status: null,
          server_error: null,
          errors: [{ pointer: '', code: INTERNAL, message: `os-volume-manage hit an internal error and was reset; please report this line (${errorText(out.trap)})` }],
          warnings: [],
          changes: [],
          normalized: null,
        });
      }
      return out.value;
    },
    version() {
      ensureReady('version');
      return raw.version();
    },
  };
}
