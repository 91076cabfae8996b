// Browser entry point with the WebAssembly inlined (base64 in the code):
// nothing to fetch, so it works with any bundler (esbuild, Rollup…) or none,
// at the price of a larger download (about a third more, compressed a little
// less) than web.js and its separate .wasm file. Same API as web.js:
//
//   import init, { validateVolumeManage } from 'os-volume-manage/inline';
//   await init();
//
// initSync() needs no argument here, but browsers compile a module this size
// synchronously only off the main thread (workers); pages use await init().
import * as glue from './dist/validators-web.js';
import wasm from './dist/validators-web.inline.js';
import { createValidators } from './lib/api.js';
import { decodeBase64, moduleLoader } from './lib/browser.js';

const loader = moduleLoader(
  glue,
  ['init', 'initSync'],
  async () => decodeBase64(wasm),
  () => decodeBase64(wasm),
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
} from './lib/inline-tools.js';
