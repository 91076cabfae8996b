// A server-side module (the code an SSR framework bundles for Node).
import { validateVolumeManage, version, parseSize } from 'os-volume-manage';
import { tools, validators } from './probe.js';

console.log(JSON.stringify({ ...validators({ validateVolumeManage, version }), tools: tools({ parseSize }) }));
