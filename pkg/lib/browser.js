// Shared by the browser entry points (web.js, inline.js and their tools
// halves): instantiating one wasm-bindgen module from what init() is given
// or from the entry point's own source, and explaining, when the .wasm file
// is not where the code expects it, exactly what to change.
//
// Plain ESM with `export function` declarations only, no imports.

const PKG = 'os-volume-manage';
const MAGIC = [0x00, 0x61, 0x73, 0x6d];

function isPlain(v) {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function errorText(e) {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return 'an unprintable exception';
  }
}

/** The bytes of a base64 text (the inline forms of the modules). */
export function decodeBase64(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function tryFetch(url) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    return { why: `fetching ${url} failed (${errorText(e)})` };
  }
  if (!res.ok) return { why: `GET ${url} answered ${res.status} ${res.statusText}`.trimEnd() };
  const type = res.headers.get('content-type') ?? '';
  if (/^application\/wasm\b/i.test(type)) return { value: res }; // compiled while it downloads
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (MAGIC.every((b, i) => bytes[i] === b)) return { value: bytes };
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return { why: `GET ${url} answered ${type || 'a response without a content type'} that is not WebAssembly (it starts with ${head || 'nothing'}, not 00 61 73 6d)` };
}

/**
 * Fetches the module FILE from URL, which the entry point computed as
 * `new URL('…/FILE', import.meta.url)` so that bundlers emit the file.
 * `base` is the entry point's import.meta.url; `initName` the function the
 * user called. Resolves to a Response or the bytes; rejects with an Error
 * that says what to change.
 */
export async function fetchWasm(url, file, base, initName) {
  const first = await tryFetch(url);
  if (first.value) return first.value;
  const here = new URL(base);
  // Vite's dev server serves pre-bundled dependencies from <cacheDir>/deps/
  // with a ?v= version (node_modules/.vite/deps/ by default).
  const viteDeps = /\/deps(_temp_[^/]*)?\/[^/]+$/.test(here.pathname) && (here.searchParams.has('v') || here.pathname.includes('/.vite/'));
  if (viteDeps) {
    // Vite 5 to 7 pre-bundle the package there, so import.meta.url no longer
    // points into the package. With the default cacheDir the package's own
    // files are served from /node_modules/: try there.
    let second = { why: 'Vite\'s cacheDir is not node_modules/.vite, so the package\'s own copy could not be guessed' };
    if (here.pathname.includes('/node_modules/.vite/deps')) {
      const retry = new URL(`../../${PKG}/dist/${file}`, base);
      second = await tryFetch(retry);
      if (second.value) return second.value;
    }
    throw new Error(
      `${PKG}: ${initName}() could not load ${file}: ${first.why}; ${second.why}. ` +
        `Vite's dev server pre-bundled ${PKG} into its deps/ directory, away from the package's .wasm files. ` +
        `Add \`optimizeDeps: { exclude: ['${PKG}'] }\` to your Vite config (vite.config.js), ` +
        `or import from '${PKG}/inline' (the module inlined, nothing to fetch).`,
    );
  }
  throw new Error(
    `${PKG}: ${initName}() could not load ${file}: ${first.why}. ` +
      `The code expects the file next to it; a bundler that does not emit \`new URL('…', import.meta.url)\` assets loses it. ` +
      `Import from '${PKG}/inline' instead (the module inlined, nothing to fetch), ` +
      `or copy node_modules/${PKG}/dist/${file} to where your site serves files and call ${initName}({ module_or_path: '/path/to/${file}' }).`,
  );
}

/**
 * init / initSync for one module. `glue`: its wasm-bindgen ES module glue;
 * `names`: [async name, sync name] for messages; `source()`: what init()
 * loads when called without one (a Response, bytes, a URL…); `syncSource()`:
 * likewise for initSync (absent: initSync needs an argument).
 */
export function moduleLoader(glue, names, source, syncSource) {
  const [initName, syncName] = names;
  let ready = false;
  let pending = null;

  async function load(given) {
    let input = isPlain(given) ? given.module_or_path : given;
    if (input === undefined || input === null) input = await source();
    await glue.default({ module_or_path: input });
    ready = true;
  }

  async function init(given) {
    if (ready) return;
    if (pending === null) {
      const p = load(given);
      pending = p;
      p.catch(() => {
        if (pending === p) pending = null; // a later call tries again
      });
    }
    await pending;
  }

  function initSync(given) {
    if (ready) return;
    let module = isPlain(given) ? given.module : given;
    if (module === undefined || module === null) {
      if (!syncSource) {
        throw new TypeError(`${syncName}: pass the module, e.g. ${syncName}({ module: bytes }); in a browser prefer \`await ${initName}()\``);
      }
      module = syncSource();
    }
    try {
      glue.initSync({ module });
    } catch (e) {
      if (e instanceof RangeError) {
        // Chromium compiles at most 4 KB synchronously on a page's main thread.
        throw new RangeError(`${syncName}: this browser will not compile the module synchronously here (${e.message}); use \`await ${initName}()\``, { cause: e });
      }
      throw e;
    }
    ready = true;
  }

  return { init, initSync, isReady: () => ready };
}

/** The TypeError a transformation throws before initTools(). */
export function toolsNotReady(fn) {
  return new TypeError(`${fn}: the transformations module is not initialized; call \`await initTools()\` (or initToolsSync) first`);
}

/** The TypeError a synchronous whole-request or JSONL check throws before initTools(). */
export function requestsNotReady(fn) {
  return new TypeError(
    `${fn}: in browsers, whole requests and bulk JSONL are judged by the transformations module (the validators module is built small without them); call \`await initTools()\` (or initToolsSync) first`,
  );
}
