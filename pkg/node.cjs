'use strict';
// Node entry point for require(): the validators module is compiled and
// instantiated synchronously on first require, so every function is ready to
// call. The transformations live in a second, larger module (dist/tools/),
// loaded synchronously the first time one of them is called.
const raw = require('./dist/os_volume_manage.cjs');
const { createApi } = require('./dist/api.cjs');

let toolsRaw = null;
function loadTools() {
  toolsRaw ??= require('./dist/tools/os_volume_manage.cjs');
  return toolsRaw;
}

const api = createApi(raw, undefined, loadTools);

/** Nothing to do in Node (kept so the same code runs in browsers). */
async function init() {}
/** Nothing to do in Node (kept so the same code runs in browsers). */
function initSync() {}
/** Loads the transformations module now rather than on first use. */
async function initTools() {
  loadTools();
}
/** Loads the transformations module now rather than on first use. */
function initToolsSync() {
  loadTools();
}

module.exports = { ...api, init, initSync, initTools, initToolsSync, default: init };
