// Browser (and bundler) entry point. Initialize once, then call:
//
//   import init, { validateVolumeManage } from 'os-volume-manage';
//   await init();
//
// init() fetches dist/os_volume_manage_bg.wasm next to this file unless given
// another source (a URL, a Response, bytes or a WebAssembly.Module);
// initSync({ module }) takes bytes or a compiled WebAssembly.Module.
//
// The transformations (parseSize, parseListing, renderRequest…) live in a
// second, larger module so that validate-only pages do not download it:
//
//   import { initTools, parseSize } from 'os-volume-manage';
//   await initTools();   // fetches dist/tools/os_volume_manage_bg.wasm
//
// initToolsSync({ module }) likewise. The two are independent: init() is not
// needed for the transformations, nor initTools() for the validators.
import initWasm, * as raw from './dist/os_volume_manage.js';
import { initSync as initWasmSync } from './dist/os_volume_manage.js';
import initToolsWasm, * as toolsRaw from './dist/tools/os_volume_manage.js';
import { initSync as initToolsWasmSync } from './dist/tools/os_volume_manage.js';
import { createApi } from './lib/api.js';

let ready = false;
let toolsReady = false;
const api = createApi(raw, () => ready, (fn) => {
  if (!toolsReady) {
    throw new TypeError(`${fn}: the transformations module is not initialized; call \`await initTools()\` (or initToolsSync) first`);
  }
  return toolsRaw;
});

function isPlain(source) {
  return source !== null && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype;
}

async function start(source, defaultUrl, instantiate) {
  let module_or_path = source;
  if (isPlain(source)) module_or_path = source.module_or_path;
  if (module_or_path === undefined) module_or_path = defaultUrl();
  await instantiate({ module_or_path });
}

function startSync(fn, source, instantiate) {
  if (source === undefined) {
    throw new TypeError(`${fn}: pass the module, e.g. ${fn}({ module: bytes }); in a browser prefer \`await ${fn === 'initSync' ? 'init' : 'initTools'}()\``);
  }
  instantiate({ module: isPlain(source) ? source.module : source });
}

export default async function init(source) {
  if (ready) return;
  await start(source, () => new URL('./dist/os_volume_manage_bg.wasm', import.meta.url), initWasm);
  ready = true;
}

export function initSync(source) {
  if (ready) return;
  startSync('initSync', source, initWasmSync);
  ready = true;
}

/** Initializes the transformations module (dist/tools/), as init() does the validators. */
export async function initTools(source) {
  if (toolsReady) return;
  await start(source, () => new URL('./dist/tools/os_volume_manage_bg.wasm', import.meta.url), initToolsWasm);
  toolsReady = true;
}

/** initSync() for the transformations module. */
export function initToolsSync(source) {
  if (toolsReady) return;
  startSync('initToolsSync', source, initToolsWasmSync);
  toolsReady = true;
}

export const {
  validateVolumeManage,
  validateSnapshotManage,
  validateVolumeManageJson,
  validateSnapshotManageJson,
  checkJsonlLine,
  gibFromBytes,
  parseSize,
  buildRef,
  normalizeRef,
  checkRefForDriver,
  drivers,
  parseHost,
  parseCluster,
  parseListing,
  listingEntryToRequest,
  buildListingQuery,
  parseManageResponse,
  parseMetadataText,
  locateServerMessage,
  renderRequest,
  version,
} = api;
