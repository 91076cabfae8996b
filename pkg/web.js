// Browser entry point for bundlers that emit `new URL('…', import.meta.url)`
// assets (webpack 5, Vite, Parcel) and for pages loading the package as
// plain ES modules. Initialize once, then call:
//
//   import init, { validateVolumeManage } from 'os-volume-manage';
//   await init();
//
// init() fetches dist/validators-web.wasm (the validators built for size)
// next to this file unless given another source (a URL, a Response, bytes or
// a WebAssembly.Module); initSync({ module }) takes bytes or a compiled
// module. The transformations (parseSize, parseListing, renderRequest…) are
// a second module, dist/tools.wasm, loaded by initTools(); lib/web-tools.js
// is dropped by bundlers when none is imported.
import * as glue from './dist/validators-web.js';
import { createValidators } from './lib/api.js';
import { fetchWasm, moduleLoader } from './lib/browser.js';

const loader = moduleLoader(glue, ['init', 'initSync'], () =>
  fetchWasm(new URL('./dist/validators-web.wasm', import.meta.url), 'validators-web.wasm', import.meta.url, 'init'),
);

const api = createValidators(glue, loader.isReady);

/** Loads the validators module; call once (await) before anything else. */
export default loader.init;
/** Like init(), synchronous. */
export const initSync = loader.initSync;

export const {
  validateVolumeManage,
  validateSnapshotManage,
  validateVolumeManageJson,
  validateSnapshotManageJson,
  version,
  constants,
  resolveMicroversion,
} = api;

export {
  initTools,
  initToolsSync,
  validateRequest,
  checkJsonlLine,
  checkJsonlBatch,
  checkJsonl,
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
  requestFromCommand,
} from './lib/web-tools.js';
