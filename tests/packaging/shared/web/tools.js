import { initTools, parseSize } from 'os-volume-manage';
import { tools } from './probe.js';

export async function runTools() {
  await initTools();
  return tools({ parseSize });
}
