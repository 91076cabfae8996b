// A Node-style program importing the package (Node, Deno, Bun).
import * as ovm from 'os-volume-manage';
import { tools, validators } from './probe.js';

await ovm.default(); // a no-op outside browsers; harmless everywhere
console.log(JSON.stringify({ ...validators(ovm), tools: tools(ovm) }));
