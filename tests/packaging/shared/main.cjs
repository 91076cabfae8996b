'use strict';
// A CommonJS program requiring the package (Node, Bun).
const ovm = require('os-volume-manage');
const { tools, validators } = require('./probe.cjs');

console.log(JSON.stringify({ ...validators(ovm), tools: tools(ovm) }));
