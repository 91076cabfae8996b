#!/usr/bin/env node
// Time from navigation to the first verdict on a cold page, in headless
// Chromium over a throttled network, for two pages built the way a site
// would build them (esbuild, minified, ES modules):
//
//   ajv    ajv 8 with Cinder's schema (schemas/volume-manage.json, `$schema`
//          and `id` removed: ajv 8's default class is draft-07, see
//          scripts/bench.mjs), compiled in the page, then one validation;
//   ours   the package's browser entry (os-volume-manage/web: the glue, and
//          dist/validators-web.wasm fetched beside the bundle), `await
//          init()`, then one validateVolumeManage, which gives Cinder's
//          whole report;
//   ours+preload  the same page with the hint pkg/README.md recommends,
//          `<link rel="preload" href=".../validators-web.wasm" as="fetch"
//          crossorigin>`, so the module downloads while the script does.
//
// Both judge the same body (Cinder's api-ref sample request, as an object in
// the page) and record `performance.now()` when the verdict is in hand: the
// milliseconds since navigation started. Each round opens a fresh browser
// context (no HTTP cache, no compiled-code cache) with the network throttled
// through the DevTools protocol (default 10 Mbit/s down and up, 40 ms round
// trip, cache disabled), loads both pages, the first alternating, and the
// figures are medians over the rounds. Pages are served from a local server,
// uncompressed and (second pass) gzip-compressed, as a static host would.
//
//   node scripts/bench-page.mjs [--rounds N] [--mbit 10] [--rtt 40] [--json FILE]
//
// Needs `make pkg` (pkg/dist), the root dev dependencies (esbuild,
// playwright-core, ajv: npm ci) and Debian's Chromium (/usr/bin/chromium,
// or CHROMIUM=path). Prints a table; --json writes the figures.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const ROUNDS = Number(opt('--rounds', 9));
const MBIT = Number(opt('--mbit', 10));
const RTT = Number(opt('--rtt', 40));
const JSON_OUT = opt('--json', null);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const work = path.join(root, 'target', 'bench-page');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

if (!fs.existsSync(path.join(root, 'pkg/dist/validators-web.wasm'))) {
  console.error('pkg/dist/validators-web.wasm is missing: run `make pkg` first');
  process.exit(1);
}

// ------------------------------------------------------------ the pages
const body = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/api-ref/volume-manage-request.json'), 'utf8'));
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/volume-manage.json'), 'utf8'));
delete schema.$schema;
delete schema.id;
fs.writeFileSync(path.join(work, 'schema.json'), JSON.stringify(schema));
fs.writeFileSync(path.join(work, 'body.json'), JSON.stringify(body));

// What each page runs: judge the body, then say when.
const done = `
  const at = performance.now();
  window.__result = { at, verdict };
  document.title = 'done';`;
fs.writeFileSync(
  path.join(work, 'ajv-entry.js'),
  `import Ajv from 'ajv';
import schema from './schema.json';
import body from './body.json';
const validate = new Ajv({ allowUnionTypes: true }).compile(schema);
const ok = validate(body);
const verdict = { accepted: ok, errors: validate.errors };
${done}
`,
);
fs.writeFileSync(
  path.join(work, 'ours-entry.js'),
  `import init, { validateVolumeManage } from 'os-volume-manage/web';
import body from './body.json';
await init();
const verdict = validateVolumeManage(body);
${done}
`,
);

const esbuild = require('esbuild');
const pages = {};
const preload = '<link rel="preload" href="dist/validators-web.wasm" as="fetch" type="application/wasm" crossorigin>';
for (const name of ['ajv', 'ours']) {
  const dir = path.join(work, 'site', name);
  fs.mkdirSync(dir, { recursive: true });
  const built = await esbuild.build({
    entryPoints: [path.join(work, `${name}-entry.js`)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(dir, 'app.js'),
    alias: { 'os-volume-manage': path.join(root, 'pkg') },
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'warning',
    metafile: true,
  });
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="app.js"></script>\n`);
  const files = { 'index.html': fs.readFileSync(path.join(dir, 'index.html')), 'app.js': fs.readFileSync(path.join(dir, 'app.js')) };
  if (name === 'ours') {
    // web.js fetches new URL('./dist/validators-web.wasm', import.meta.url): beside the bundle.
    files['dist/validators-web.wasm'] = fs.readFileSync(path.join(root, 'pkg/dist/validators-web.wasm'));
  }
  pages[name] = { files, inputs: Object.keys(built.metafile.inputs).length };
}
pages['ours+preload'] = {
  files: {
    ...pages.ours.files,
    'index.html': Buffer.from(`<!doctype html><meta charset="utf-8"><title>ours</title>${preload}<script type="module" src="app.js"></script>\n`),
  },
};
const PAGES = Object.keys(pages);

const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;

const sizes = {};
for (const [name, p] of Object.entries(pages)) {
  sizes[name] = Object.fromEntries(Object.entries(p.files).map(([f, b]) => [f, { raw: b.length, gzip: gz(b) }]));
}

// ------------------------------------------------------------ the server
function serve(compress) {
  const server = createServer((req, res) => {
    const [, encoded, ...rest] = req.url.split('?')[0].split('/');
    const page = decodeURIComponent(encoded);
    const file = rest.join('/') || 'index.html';
    const bytes = pages[page]?.files[file];
    if (!bytes) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
    const headers = { 'content-type': type, 'cache-control': 'no-store' };
    let out = bytes;
    if (compress && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      out = zlib.gzipSync(bytes, { level: 9 });
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = out.length;
    res.writeHead(200, headers).end(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ------------------------------------------------------------ the runs
const { chromium } = require('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function load(base, page) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT,
    downloadThroughput: (MBIT * 1e6) / 8,
    uploadThroughput: (MBIT * 1e6) / 8,
  });
  let transferred = 0;
  cdp.on('Network.loadingFinished', (e) => {
    transferred += e.encodedDataLength;
  });
  await tab.goto(`${base}/${encodeURIComponent(page)}/`, { waitUntil: 'load' });
  await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
  const result = await tab.evaluate(() => window.__result);
  await context.close();
  return { ms: result.at, accepted: result.verdict.accepted, transferred };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const results = {
  date: new Date().toISOString(),
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  network: { mbit: MBIT, rttMs: RTT, cacheDisabled: true },
  rounds: ROUNDS,
  chromium: browser.version(),
  sizes,
  passes: {},
};
console.log(`== ${ROUNDS} rounds, ${MBIT} Mbit/s, ${RTT} ms RTT, cache disabled, Chromium ${browser.version()}, load average ${results.load}`);
for (const compress of [false, true]) {
  const server = await serve(compress);
  const base = `http://127.0.0.1:${server.address().port}`;
  const ms = Object.fromEntries(PAGES.map((p) => [p, []]));
  const bytes = Object.fromEntries(PAGES.map((p) => [p, 0]));
  // One warm-up load each (Chromium's own start-up), not counted.
  for (const p of PAGES) await load(base, p);
  for (let r = 0; r < ROUNDS; r++) {
    // The pages rotate, so each goes first, second and third as often.
    const order = PAGES.map((_, i) => PAGES[(i + r) % PAGES.length]);
    for (const p of order) {
      const x = await load(base, p);
      if (x.accepted !== true) throw new Error(`${p}: the api-ref request was not accepted`);
      ms[p].push(x.ms);
      bytes[p] = x.transferred;
    }
  }
  server.close();
  const pass = compress ? 'gzip' : 'uncompressed';
  results.passes[pass] = Object.fromEntries(PAGES.map((p) => [p, { medianMs: median(ms[p]), ms: ms[p], transferred: bytes[p], ajvOverThis: median(ms.ajv) / median(ms[p]) }]));
  const row = (p) => `| ${p} | ${median(ms[p]).toFixed(0)} ms | ${Math.min(...ms[p]).toFixed(0)}–${Math.max(...ms[p]).toFixed(0)} ms | ${bytes[p].toLocaleString('en-US')} |`;
  console.log(`\n${pass}: navigation to first verdict, medians of ${ROUNDS}`);
  console.log('| page | median | range | bytes over the wire |');
  console.log('|---|---|---|---|');
  for (const p of PAGES) console.log(row(p));
  for (const p of PAGES.filter((x) => x !== 'ajv')) {
    console.log(`ajv ÷ ${p}: ${results.passes[pass][p].ajvOverThis.toFixed(2)}× (above 1: our page has its verdict first)`);
  }
}
await browser.close();

console.log('\nfiles (gzip -9):');
for (const [p, files] of Object.entries(sizes).filter(([p]) => p !== 'ours+preload')) {
  for (const [f, s] of Object.entries(files)) console.log(`  ${p}/${f}: ${s.raw.toLocaleString('en-US')} bytes, ${s.gzip.toLocaleString('en-US')} gzipped`);
}
if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(results, null, 2)}\n`);
