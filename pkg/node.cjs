'use strict';
// Node entry point for require(): the module is compiled and instantiated
// synchronously on first require, so every function is ready to call.
const raw = require('./dist/os_volume_manage.cjs');
const { createApi } = require('./dist/api.cjs');

const api = createApi(raw);

/** Nothing to do in Node (kept so the same code runs in browsers). */
async function init() {}
/** Nothing to do in Node (kept so the same code runs in browsers). */
function initSync() {}

module.exports = { ...api, init, initSync, default: init };
