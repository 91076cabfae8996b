// The package as a user gets it: tarball contents, version, and the three
// ways to load it (require, import, the web build with initSync).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';

import { INSTALLED, cargoVersion, consumerImport, consumerRequire, fixture, tarballInfo } from './helpers.mjs';

import { TARBALL_FILES } from '../package-files.mjs';

const API = [
  'validateVolumeManage',
  'validateSnapshotManage',
  'validateVolumeManageJson',
  'validateSnapshotManageJson',
  'checkJsonlLine',
  'version',
  'init',
  'initSync',
  'initTools',
  'initToolsSync',
];

test('the tarball carries the wrappers, types, CLI and the three .wasm (validators for browsers and Node, tools), and nothing else', () => {
  const files = tarballInfo().files.map((f) => f.path).sort();
  assert.deepEqual(files, TARBALL_FILES);
  const size = (name) => {
    const bytes = readFileSync(join(INSTALLED, 'dist', name));
    return [bytes.length, gzipSync(bytes, { level: 9 }).length];
  };
  const [web, webGz] = size('validators-web.wasm');
  const [node, nodeGz] = size('validators-node.wasm');
  const [tools, toolsGz] = size('tools.wasm');
  console.log(`# validators-web.wasm ${web} bytes (${webGz} gzipped); validators-node.wasm ${node} (${nodeGz}); tools.wasm ${tools} (${toolsGz}); tarball ${tarballInfo().size} bytes`);
  assert.ok(web < node, 'the browsers\' validators are built for size');
  assert.ok(node < tools, 'the validators module is smaller than the tools module');
});

test('package.json version is the crate version, and version() says so', () => {
  const manifest = JSON.parse(readFileSync(join(INSTALLED, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'os-volume-manage');
  assert.equal(manifest.version, cargoVersion());
  assert.equal(consumerRequire()('os-volume-manage').version(), cargoVersion());
});

test('require() gives ready-to-call functions', () => {
  const ovm = consumerRequire()('os-volume-manage');
  for (const name of API) assert.equal(typeof ovm[name], 'function', name);
  const r = ovm.validateVolumeManageJson(fixture('volume-manage-request.json'));
  assert.equal(r.accepted, true);
  assert.equal(r.httpStatus, 202);
});

test('import gives the same ready-to-call functions, from the same instance', async () => {
  const esm = await consumerImport('os-volume-manage');
  const cjs = consumerRequire()('os-volume-manage');
  for (const name of API) {
    assert.equal(typeof esm[name], 'function', name);
    assert.equal(esm[name], cjs[name], `${name} is shared with require()`);
  }
  assert.equal(typeof esm.default, 'function');
  await esm.default(); // init() is a no-op in Node
  esm.initSync();
  const r = esm.validateSnapshotManage(JSON.parse(fixture('snapshot-manage-request.json')));
  assert.equal(r.accepted, true);
  assert.equal(r.normalized.volume_id, '1df34919-aba7-4a1b-a614-3b409d71ac03');
});

test('the web build: misuse before init, then initSync with the bytes', async () => {
  const web = await consumerImport('os-volume-manage/web');
  assert.throws(() => web.validateVolumeManage({}), {
    name: 'TypeError',
    message: /not initialized; call `await init\(\)`/,
  });
  assert.throws(() => web.initSync(), TypeError);
  web.initSync({ module: readFileSync(join(INSTALLED, 'dist', 'validators-web.wasm')) });
  web.initSync({ module: new Uint8Array(0) }); // already initialized: ignored
  await web.default(); // likewise
  const r = web.validateVolumeManage(JSON.parse(fixture('volume-manage-request.json')));
  assert.equal(r.accepted, true);
  const cjs = consumerRequire()('os-volume-manage');
  assert.deepEqual(r, cjs.validateVolumeManage(JSON.parse(fixture('volume-manage-request.json'))));
  assert.equal(web.version(), cargoVersion());
  // The transformations are the tools module's: a TypeError until initToolsSync.
  assert.throws(() => web.parseSize('10G'), {
    name: 'TypeError',
    message: /^parseSize: the transformations module is not initialized; call `await initTools\(\)`/,
  });
  assert.throws(() => web.parseSize(1), { name: 'TypeError', message: /text must be a string/ });
  assert.throws(() => web.initToolsSync(), TypeError);
  web.initToolsSync({ module: readFileSync(join(INSTALLED, 'dist', 'tools.wasm')) });
  await web.initTools(); // already initialized: ignored
  assert.deepEqual(web.parseSize('10G'), cjs.parseSize('10G'));
  assert.deepEqual(web.drivers(), cjs.drivers());
});

test('require() instantiates only the validators; a transformation loads the tools module', () => {
  const script = `
    const ovm = require('os-volume-manage');
    const loaded = () => Object.keys(require.cache).some((k) => /[\\/]dist[\\/]tools\./.test(k));
    const before = loaded();
    ovm.validateVolumeManage({});
    const afterValidate = loaded();
    const size = ovm.parseSize('1G');
    console.log(JSON.stringify([before, afterValidate, loaded(), size.ok]));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: join(INSTALLED, '..', '..'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [false, false, true, true]);
});

test('the exports map sends each environment to its entry point', () => {
  const manifest = JSON.parse(readFileSync(join(INSTALLED, 'package.json'), 'utf8'));
  const dot = manifest.exports['.'];
  assert.equal(dot.node.require.default, './node.cjs');
  assert.equal(dot.node.import.default, './node.mjs');
  assert.equal(dot.webpack.default, './web.js');
  assert.equal(dot.development.default, './web.js');
  assert.equal(dot.production.default, './web.js');
  assert.equal(dot.require.default, './node.cjs');
  assert.equal(dot.default.default, './inline.js');
  assert.deepEqual(Object.keys(dot), ['node', 'webpack', 'development', 'production', 'require', 'default']);
  assert.equal(consumerRequire().resolve('os-volume-manage'), join(INSTALLED, 'node.cjs'));
});
