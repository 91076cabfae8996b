// The transformations for inline.js: the tools module from its base64 copy
// (dist/tools.inline.js). A module of its own, free of side effects, so that
// bundlers drop it (and its 800 KB of base64) when no transformation is
// imported.
import * as glue from '../dist/tools.js';
import wasm from '../dist/tools.inline.js';
import { createRequests, createTools } from './api.js';
import { decodeBase64, moduleLoader, requestsNotReady, toolsNotReady } from './browser.js';

const loader = moduleLoader(
  glue,
  ['initTools', 'initToolsSync'],
  async () => decodeBase64(wasm),
  () => decodeBase64(wasm),
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
/** initSync() for the transformations module (in a worker or Node; a page's main thread needs `await initTools()`). */
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
