// Node entry point for import: shares the instances of the require() entry
// point, so importing and requiring the package never load a module twice.
import api from './node.cjs';

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
  init,
  initSync,
  initTools,
  initToolsSync,
} = api;

export default init;
