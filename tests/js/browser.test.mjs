// The browser entry point in real headless Chromium (Debian's, driven by
// playwright-core): the installed package served over HTTP, `await init()`
// fetching the .wasm next to web.js, verdicts equal to Node's, hostile values,
// and recovery after a trap.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { INSTALLED, ROOT, consumerRequire, fixture } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core');
const ovm = consumerRequire()('os-volume-manage');

const TYPES = { '.js': 'text/javascript', '.cjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

let server;
let browser;
let page;
let origin;
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh browser`);
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>os-volume-manage</title>');
      return;
    }
    const file = normalize(join(INSTALLED, path.replace(/^\/pkg\//, '/')));
    if (!path.startsWith('/pkg/') || !file.startsWith(INSTALLED) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${origin}/`);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('before init: TypeError; after `await init()`: the same verdicts as in Node', async () => {
  const sample = fixture('volume-manage-request.json');
  const got = await page.evaluate(async (sample) => {
    const ovm = await import('/pkg/web.js');
    let early;
    try {
      ovm.validateVolumeManage({});
    } catch (e) {
      early = `${e.name}: ${e.message}`;
    }
    await ovm.default();
    await ovm.default(); // twice is fine
    return {
      early,
      version: ovm.version(),
      object: ovm.validateVolumeManage(JSON.parse(sample)),
      text: ovm.validateVolumeManageJson(sample, { microversion: '3.16' }),
      bytes: ovm.validateSnapshotManageJson(new TextEncoder().encode('{"snapshot": {"volume_id": "x", "ref": {}}}')),
      jsonl: await (async () => {
        // Bulk JSONL runs on the tools module in browsers: initTools() first.
        let before;
        try {
          ovm.checkJsonlLine('{}');
        } catch (e) {
          before = `${e.name}: ${e.message}`;
        }
        await ovm.initTools();
        return { before, line: ovm.checkJsonlLine('{"id": 1, "body": {"volume": {}}}') };
      })(),
    };
  }, sample);
  assert.match(got.early, /^TypeError: .*not initialized; call `await init\(\)`/);
  assert.equal(got.version, ovm.version());
  assert.deepEqual(got.object, ovm.validateVolumeManage(JSON.parse(sample)));
  assert.deepEqual(got.text, ovm.validateVolumeManageJson(sample, { microversion: '3.16' }));
  assert.deepEqual(got.bytes, ovm.validateSnapshotManageJson('{"snapshot": {"volume_id": "x", "ref": {}}}'));
  assert.match(got.jsonl.before, /^TypeError: checkJsonlLine: in browsers, whole requests and bulk JSONL are judged by the transformations module .*call `await initTools\(\)`/);
  assert.equal(got.jsonl.line, ovm.checkJsonlLine('{"id": 1, "body": {"volume": {}}}'));
  assert.equal(got.object.accepted, true);
});

test('hostile values and misuse in the browser', async () => {
  const got = await page.evaluate(async () => {
    const ovm = await import('/pkg/web.js');
    const codes = [];
    const cyclic = {};
    cyclic.me = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    let deep = [];
    for (let i = 0; i < 100000; i++) deep = [deep];
    for (const body of [cyclic, proxy, 1n, undefined, () => 1, Symbol('x'), { volume: { name: NaN, get host() { throw new Error('x'); } } }, { volume: deep }, [, 1], -0]) {
      const r = ovm.validateVolumeManage(body);
      codes.push(r.errors[0]?.code ?? 'none');
    }
    let misuse;
    try {
      ovm.validateVolumeManage({}, { microversion: 3 });
    } catch (e) {
      misuse = e instanceof TypeError;
    }
    return { codes, misuse };
  });
  assert.deepEqual(got.codes.slice(0, 7), ['body_not_serializable', 'body_not_serializable', 'body_not_serializable', 'body_empty', 'body_empty', 'body_empty', 'body_not_serializable']);
  assert.ok(['body_too_deep', 'body_not_serializable', 'body_too_large'].includes(got.codes[7]));
  assert.equal(got.misuse, true);
});

test('a trap does not kill the page: the instance is reset and keeps answering', async () => {
  const sample = fixture('snapshot-manage-request.json');
  const got = await page.evaluate(async (sample) => {
    const ovm = await import('/pkg/web.js');
    const raw = await import('/pkg/dist/validators-web.js');
    const before = ovm.validateSnapshotManageJson(sample);
    const traps = [];
    for (let i = 0; i < 100; i++) {
      try {
        raw.__trapForTests();
      } catch (e) {
        traps.push(e.constructor.name);
      }
    }
    raw.__wbg_reset_state();
    const afterReset = ovm.validateSnapshotManageJson(sample);
    return { same: JSON.stringify(before) === JSON.stringify(afterReset), accepted: afterReset.accepted, traps: [...new Set(traps)], count: traps.length };
  }, sample);
  assert.deepEqual(got, { same: true, accepted: true, traps: ['RuntimeError'], count: 100 });
});

test('validateRequest in the page: what Chromium\'s fetch would send, judged as in Node', async () => {
  const path = '/v3/0123456789abcdef0123456789abcdef/os-volume-manage';
  const text = JSON.stringify({ volume: { host: 'h@b#p', ref: { 'source-name': 'lv1' } } });
  // [name, init] built in the page from plain descriptions (real browser
  // objects: Headers, Blob, URLSearchParams, FormData, ReadableStream).
  const cases = [
    ['string body', { method: 'POST', body: text }],
    ['json', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Auth-Token': 't' }, body: text }],
    ['Headers object', { method: 'POST', headers: ['Headers', { 'content-type': 'application/json', 'OpenStack-API-Version': 'volume 3.99' }], body: text }],
    ['bytes', { method: 'POST', body: ['bytes', text] }],
    ['Blob', { method: 'POST', body: ['Blob', text, 'application/json'] }],
    ['URLSearchParams', { method: 'POST', body: ['URLSearchParams', { _method: 'PUT' }] }],
    ['FormData', { method: 'POST', body: ['FormData', { volume: text }] }],
    ['forbidden headers dropped', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '3', Host: 'x' }, body: text }],
    ['GET by default', {}],
    ['accept vnd', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.openstack.volume+json' }, body: '{}' }],
  ];
  const got = await page.evaluate(async ([path, cases]) => {
    const ovm = await import('/pkg/web.js');
    await ovm.default();
    const build = (init) => {
      const out = { ...init };
      if (Array.isArray(init.headers) && init.headers[0] === 'Headers') out.headers = new Headers(init.headers[1]);
      if (Array.isArray(init.body)) {
        const [kind, value, type] = init.body;
        if (kind === 'bytes') out.body = new TextEncoder().encode(value);
        if (kind === 'Blob') out.body = new Blob([value], { type });
        if (kind === 'URLSearchParams') out.body = new URLSearchParams(value);
        if (kind === 'FormData') {
          out.body = new FormData();
          for (const [k, v] of Object.entries(value)) out.body.append(k, v);
        }
      }
      return out;
    };
    const reports = [];
    for (const [, init] of cases) reports.push(await ovm.validateRequest(path, build(init)));
    // A Request is cloned: the page can still send it.
    const req = new Request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const viaRequest = await ovm.validateRequest(req);
    return { reports, origin: location.origin, viaRequest: viaRequest.httpStatus, unread: !req.bodyUsed && (await req.text()) === '{}' };
  }, [path, cases]);
  assert.equal(got.unread, true);
  assert.equal(got.viaRequest, 400);
  for (const [i, [name, init]] of cases.entries()) {
    const nodeInit = { ...init };
    if (Array.isArray(init.headers)) nodeInit.headers = new Headers(init.headers[1]);
    if (Array.isArray(init.body)) {
      const [kind, value, type] = init.body;
      nodeInit.body = kind === 'bytes' ? new TextEncoder().encode(value) : kind === 'Blob' ? new Blob([value], { type }) : kind === 'URLSearchParams' ? new URLSearchParams(value) : (() => {
        const f = new FormData();
        for (const [k, v] of Object.entries(value)) f.append(k, v);
        return f;
      })();
    }
    const want = await ovm.validateRequest(`${got.origin}${path}`, nodeInit);
    const page = got.reports[i];
    // The same verdict and answer; the multipart boundary is each runtime's own.
    assert.deepEqual(
      [page.httpStatus, page.serverError, page.errors.map((e) => e.code), page.response],
      [want.httpStatus, want.serverError, want.errors.map((e) => e.code), want.response],
      name,
    );
    if (name !== 'FormData') assert.deepEqual(page.request, want.request, name);
  }
  assert.deepEqual(got.reports.map((r) => r.httpStatus), [415, 202, 406, 500, 202, 404, 415, 202, 0, 500]);
  assert.deepEqual(consoleErrors, []);
});

test('1,000 random calls in the page agree with Node', async () => {
  const bodies = [];
  for (let i = 0; i < 1000; i++) {
    const v = { host: i % 3 ? 'h@b#p' : '', ref: i % 5 ? { 'source-name': `lv${i}` } : `lv${i}`, name: i % 7 ? ` n${i} ` : 1, bootable: ['true', 'no', 'x', true][i % 4] };
    if (i % 11 === 0) v.cluster = 'c@b';
    bodies.push([i % 2 ? { volume: v } : { snapshot: { volume_id: i % 3 ? 'x' : '1df34919-aba7-4a1b-a614-3b409d71ac03', ref: v.ref } }, { microversion: ['3.0', '3.16', 'latest', '3.99'][i % 4] }]);
  }
  const got = await page.evaluate(async (bodies) => {
    const ovm = await import('/pkg/web.js');
    return bodies.map(([b, o]) => ('volume' in b ? ovm.validateVolumeManage(b, o) : ovm.validateSnapshotManage(b, o)));
  }, bodies);
  const want = bodies.map(([b, o]) => ('volume' in b ? ovm.validateVolumeManage(b, o) : ovm.validateSnapshotManage(b, o)));
  assert.deepEqual(got, want);
  assert.deepEqual(consoleErrors, []);
});
