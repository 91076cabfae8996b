// Browser (and bundler) entry point. Initialize once, then call:
//
//   import init, { validateVolumeManage } from 'os-volume-manage';
//   await init();
//
// init() fetches dist/os_volume_manage_bg.wasm next to this file unless given
// another source (a URL, a Response, bytes or a WebAssembly.Module);
// initSync({ module }) takes bytes or a compiled WebAssembly.Module.
import initWasm, * as raw from './dist/os_volume_manage.js';
import { initSync as initWasmSync } from './dist/os_volume_manage.js';
import { createApi } from './lib/api.js';

let ready = false;
const api = createApi(raw, () => ready);

export default async function init(source) {
  if (ready) return;
  let module_or_path = source;
  if (source !== null && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype) {
    module_or_path = source.module_or_path;
  }
  if (module_or_path === undefined) {
    module_or_path = new URL('./dist/os_volume_manage_bg.wasm', import.meta.url);
  }
  await initWasm({ module_or_path });
  ready = true;
}

export function initSync(source) {
  if (ready) return;
  if (source === undefined) {
    throw new TypeError('initSync: pass the module, e.g. initSync({ module: bytes }); in a browser prefer `await init()`');
  }
  const plain = source !== null && typeof source === 'object' && Object.getPrototypeOf(source) === Object.prototype;
  const module = plain ? source.module : source;
  initWasmSync({ module });
  ready = true;
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
