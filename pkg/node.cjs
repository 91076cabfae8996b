'use strict';
// Node entry point for require() (also Deno, Bun, Jest and server bundles):
// the validators module is instantiated synchronously on first require, so
// every function is ready to call. The transformations live in a second
// module (dist/tools.wasm), instantiated synchronously the first time one
// of them is called. See lib/node-wasm.cjs for where the bytes come from.
Object.defineProperty(exports, '__esModule', { value: true });

const wasm = require('./lib/node-wasm.cjs');
const { createRequests, createTools, createValidators } = require('./dist/api.cjs');
const { createParallel } = require('./lib/jsonl-workers.cjs');

const raw = wasm.validators();
const validators = createValidators(raw);
// Whole requests and bulk JSONL run on the same module here; checkJsonl
// judges on worker threads (lib/jsonl-workers.cjs).
const requests = createRequests(
  () => raw,
  async () => {},
  createParallel(raw, wasm.validatorsModule),
);
const tools = createTools(() => wasm.tools());

/** Nothing to do in Node (kept so the same code runs in browsers). */
async function init() {}
/** Nothing to do in Node (kept so the same code runs in browsers). */
function initSync() {}
/** Loads the transformations module now rather than on first use. */
async function initTools() {
  wasm.tools();
}
/** Loads the transformations module now rather than on first use. */
function initToolsSync() {
  wasm.tools();
}

for (const [name, fn] of Object.entries({ ...validators, ...requests, ...tools })) exports[name] = fn;
exports.init = init;
exports.initSync = initSync;
exports.initTools = initTools;
exports.initToolsSync = initToolsSync;
// `import init from 'os-volume-manage'` in code compiled to CommonJS (tsc,
// Babel) reads `default` because of __esModule above.
exports.default = init;
