// A module worker using the package on its own.
import init, { validateVolumeManage, version } from 'os-volume-manage';
import { validators } from './probe.js';

init().then(
  () => postMessage(validators({ validateVolumeManage, version })),
  (e) => postMessage({ error: String(e && e.stack ? e.stack : e) }),
);
