// The transformations for web.js: the tools module fetched from
// dist/tools.wasm by initTools(). A module of its own, free of side effects,
// so that bundlers drop it (and never emit tools.wasm) when no
// transformation is imported.
import * as glue from '../dist/tools.js';
import { createTools } from './api.js';
import { fetchWasm, moduleLoader, toolsNotReady } from './browser.js';

const loader = moduleLoader(glue, ['initTools', 'initToolsSync'], () =>
  fetchWasm(new URL('../dist/tools.wasm', import.meta.url), 'tools.wasm', import.meta.url, 'initTools'),
);

const api = createTools((fn) => {
  if (!loader.isReady()) throw toolsNotReady(fn);
  return glue;
});

/** Initializes the transformations module, as init() does the validators. */
export const initTools = loader.init;
/** initSync() for the transformations module. */
export const initToolsSync = loader.initSync;

export const {
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
} = api;
