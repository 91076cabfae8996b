// The transformations for web.js: the tools module fetched from
// dist/tools.wasm by initTools(). A module of its own, free of side effects,
// so that bundlers drop it (and never emit tools.wasm) when no
// transformation is imported.
import * as glue from '../dist/tools.js';
import { createRequests, createTools } from './api.js';
import { fetchWasm, moduleLoader, requestsNotReady, toolsNotReady } from './browser.js';

const loader = moduleLoader(glue, ['initTools', 'initToolsSync'], () =>
  fetchWasm(new URL('../dist/tools.wasm', import.meta.url), 'tools.wasm', import.meta.url, 'initTools'),
);

const api = createTools((fn) => {
  if (!loader.isReady()) throw toolsNotReady(fn);
  return glue;
});

// Whole requests and bulk JSONL: the validators module built for browsers
// leaves them out to stay small, so they run here. The async ones load this
// module themselves; the synchronous ones need initTools() first.
const requests = createRequests(
  (fn) => {
    if (!loader.isReady()) throw requestsNotReady(fn);
    return glue;
  },
  () => loader.init(),
);

export const { validateRequest, checkJsonlLine, checkJsonlBatch, checkJsonl } = requests;

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
