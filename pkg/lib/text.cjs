'use strict';
// TextDecoder and TextEncoder for the CommonJS glue: the globals, or Node's
// own where a test environment hides them (Jest's jsdom environment).
let codec = globalThis;
if (typeof codec.TextDecoder !== 'function' || typeof codec.TextEncoder !== 'function') {
  const util = typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('util') : null;
  if (util) codec = util;
}
exports.TextDecoder = codec.TextDecoder;
exports.TextEncoder = codec.TextEncoder;
