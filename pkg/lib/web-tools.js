// The transformations for web.js: the tools module fetched from
// dist/tools.wasm by initTools(). A module of its own, free of side effects,
// so that bundlers drop it (and never emit tools.wasm) when no
// transformation is imported.
import * as glue from '../dist/tools.js';
import { fetchWasm, moduleLoader } from './browser.js';
import { toolsEntry } from './tools-entry.js';

const loader = moduleLoader(glue, ['initTools', 'initToolsSync'], () =>
  fetchWasm(new URL('../dist/tools.wasm', import.meta.url), 'tools.wasm', import.meta.url, 'initTools'),
);

const api = toolsEntry(glue, loader);

export const { validateRequest, checkJsonlLine, checkJsonlBatch, checkJsonl } = api;

/** Initializes the transformations module, as init() does the validators. */
export const initTools = api.initTools;
/** initSync() for the transformations module. */
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
