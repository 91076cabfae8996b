// Node entry point for import: shares the instances of the require() entry
// point, so importing and requiring the package never load a module twice.
import * as cjs from './node.cjs';

// Node (and bundlers following it) give module.exports as the default; Bun
// follows __esModule and gives exports.default (init), with every export on
// the namespace.
const api = typeof cjs.default?.validateVolumeManage === 'function' ? cjs.default : cjs;

export const {
  // validators
  validateRequest,
  validateVolumeManage,
  validateSnapshotManage,
  validateVolumeManageJson,
  validateSnapshotManageJson,
  checkJsonlLine,
  checkJsonlBatch,
  checkJsonl,
  version,
  constants,
  resolveMicroversion,
  // transformations
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
  // initialization (nothing to do in Node)
  init,
  initSync,
  initTools,
  initToolsSync,
} = api;

export default init;
