// The page of the browser projects. Phase 1 (what the runner measures as
// the entry's download): init() and the validators. Phase 2, when the
// runner calls window.__ovmNext(): the transformations, from a chunk loaded
// on demand, then the validators in a module worker.
import init, { validateVolumeManage, version } from 'os-volume-manage';
import { validators } from './probe.js';

const state = (window.__ovm = { phase: 'loading' });
const fail = (where) => (e) => {
  state.error = `${where}: ${e && e.stack ? e.stack : e}`;
};

// No top-level await: Vite 5 and 6 build for targets without it by default.
init()
  .then(() => {
    state.validators = validators({ validateVolumeManage, version });
    return new Promise((resolve) => {
      window.__ovmNext = resolve;
    });
  })
  .then(async () => {
    const { runTools } = await import('./tools.js');
    state.tools = await runTools();
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    state.worker = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
    });
  })
  .catch(fail('page'));
