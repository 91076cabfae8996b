// Validators only: the bundle must carry no transformations module.
import init, { validateVolumeManage, version } from 'os-volume-manage';
import { validators } from './probe.js';

init().then(() => {
  window.__ovm = { validators: validators({ validateVolumeManage, version }) };
});
