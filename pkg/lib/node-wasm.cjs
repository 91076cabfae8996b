'use strict';
// Instantiates the package's WebAssembly modules synchronously for Node and
// runtimes like it (Deno, Bun, Jest, server bundles): from the .wasm file in
// dist/ when the runtime can read it, else from the copy inlined in base64.
// The second case is a bundle (esbuild, webpack, an SSR framework) that did
// not carry the .wasm file along, or a Node older than 20.16 (no
// process.getBuiltinModule); it costs a base64 decode at load. No literal
// require of a Node built-in appears here, so bundlers for any platform take
// this file as it is.

function builtin(name) {
  try {
    if (typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function') {
      return process.getBuiltinModule(name);
    }
  } catch {
    // Not Node: fall through.
  }
  return null;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The bytes of dist/FILE, or null when they cannot be read here. */
function readDist(file) {
  if (typeof __dirname !== 'string') return null; // an ES module bundle
  const fs = builtin('fs');
  const path = builtin('path');
  if (!fs || !path) return null;
  try {
    const bytes = fs.readFileSync(path.join(__dirname, '..', 'dist', file));
    return MAGIC.every((b, i) => bytes[i] === b) ? bytes : null;
  } catch {
    return null; // bundled without the file
  }
}

function fromBase64(b64) {
  if (typeof Buffer === 'function') return Buffer.from(b64, 'base64');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function instantiate(glue, module) {
  glue.initSync({ module });
  return glue;
}

let validatorsModule = null;
let validators = null;
let tools = null;

/** The validators module (built for speed), compiled: worker threads instantiate it too. */
exports.validatorsModule = () =>
  (validatorsModule ??= new WebAssembly.Module(readDist('validators-node.wasm') ?? fromBase64(require('../dist/validators-node.inline.cjs'))));

/** The glue of the validators module, instantiated. */
exports.validators = () => (validators ??= instantiate(require('../dist/validators-node.cjs'), exports.validatorsModule()));

/** The glue of the tools module (the transformations), instantiated on first use. */
exports.tools = () => (tools ??= instantiate(require('../dist/tools.cjs'), readDist('tools.wasm') ?? fromBase64(require('../dist/tools.inline.cjs'))));

/** Whether the tools module has been loaded (for tests). */
exports.toolsLoaded = () => tools !== null;
