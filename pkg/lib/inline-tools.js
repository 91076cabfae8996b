// The transformations for inline.js: the tools module from its base64 copy
// (dist/tools.inline.js). A module of its own, free of side effects, so that
// bundlers drop it (and its 800 KB of base64) when no transformation is
// imported.
import * as glue from '../dist/tools.js';
import wasm from '../dist/tools.inline.js';
import { decodeBase64, moduleLoader } from './browser.js';
import { toolsEntry } from './tools-entry.js';

const loader = moduleLoader(
  glue,
  ['initTools', 'initToolsSync'],
  async () => decodeBase64(wasm),
  () => decodeBase64(wasm),
);

const api = toolsEntry(glue, loader);

export const { validateRequest, checkJsonlLine, checkJsonlBatch, checkJsonl } = api;

/** Initializes the transformations module, as init() does the validators. */
export const initTools = api.initTools;
/** initSync() for the transformations module (in a worker or Node; a page's main thread needs `await initTools()`). */
export const initToolsSync = api.initToolsSync;

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
