#!/usr/bin/env node
// The Node side of `make bench` (see BENCHMARKS.md): ajv 8 and the wasm
// package judged in ONE process on the SAME inputs, printed as ratios
// (ours / ajv, operations per second; > 1 means we are faster).
//
//   node scripts/bench.mjs            everything (about 3 minutes on 2 cores)
//   node scripts/bench.mjs --quick    fewer, shorter rounds; no 64 MiB body, bulk on 20,000 lines
//   node scripts/bench.mjs --no-bulk  skip the end-to-end JSONL comparison
//   node scripts/bench.mjs --floors    only: the JS steps the wasm goals leave room for (BENCHMARKS.md)
//   node scripts/bench.mjs --callgrind only: native instructions per request under
//                                     valgrind --tool=callgrind (repeatable on noisy machines)
//
// Inputs come from the Rust definitions (benches/inputs/mod.rs), written to
// target/bench-inputs/ by `cargo bench -p os-volume-manage --bench callgrind_driver -- write-inputs`,
// so the criterion benches and this script measure the same bytes.
//
// ajv: ajv 8.20.0 (root devDependency) has no draft-04 meta-schema in its
// default class and ajv-draft-04 is not a dependency, so the draft-04 files
// in schemas/ are compiled with the default (draft-07) class after removing
// `$schema` and `id`. For the keywords these files use (type, properties,
// required, additionalProperties, patternProperties, minLength, maxLength,
// pattern, enum) draft-04 and draft-07 mean the same. Options:
// `{ allowUnionTypes: true }` (the files use type unions; otherwise strict
// mode only logs), everything else default: strict, first error only
// (allErrors: false, like Cinder), unicodeRegExp (patterns with the `u` flag).
//
// Internal child modes (used by the script itself):
//   --child-instantiate cjs|esm TEXTFILE   fresh-process load + first call time
//   --child-ajv-jsonl FILE                 the ajv-based bulk job (JSONL in, verdict lines out)

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const inputsDir = path.join(root, 'target/bench-inputs');
const outDir = path.join(root, 'target/bench-out');
const pkgDir = path.join(root, 'pkg');
const args = process.argv.slice(2);

function compileAjv() {
  const Ajv = require('ajv').default;
  const ajv = new Ajv({ allowUnionTypes: true });
  const load = (file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', file), 'utf8'));
    delete schema.$schema;
    delete schema.id;
    return ajv.compile(schema);
  };
  return { v30: load('volume-manage.json'), v316: load('volume-manage-v3.16.json'), snapshot: load('snapshot-manage.json') };
}

// ---------------------------------------------------------------- children

if (args[0] === '--child-instantiate') {
  // Load the package in this fresh process and judge one request: the time a
  // user waits from `require`/`import` to the first answer.
  const [, flavour, file] = args;
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  let m;
  if (flavour === 'cjs') m = require(path.join(pkgDir, 'node.cjs'));
  else if (flavour === 'esm') m = await import(pathToFileURL(path.join(pkgDir, 'node.mjs')).href);
  else if (flavour === 'ajv') {
    const { v30 } = compileAjv();
    m = { validateVolumeManageJson: (t) => ({ accepted: v30(JSON.parse(t)) }) };
  }
  const r = m.validateVolumeManageJson(text);
  const t1 = performance.now();
  if (!r.accepted) throw new Error('the first request was not accepted');
  process.stdout.write(JSON.stringify({ ms: t1 - t0 }));
  process.exit(0);
}

if (args[0] === '--child-ajv-jsonl') {
  // The same job as `os-volume-manage check --jsonl FILE`, done the ajv way:
  // read lines, JSON.parse (and the raw request text of a `body_text` case),
  // pick the schema by kind and microversion, validate the body, write one
  // verdict line per case (id, accepted, errors).
  const { v30, v316, snapshot } = compileAjv();
  const minor = (mv) => {
    const m = /^3\.(\d+)$/.exec(mv ?? '3.0');
    return m ? Number(m[1]) : 0;
  };
  const out = fs.openSync(args[2], 'w');
  let buf = '';
  let rejected = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(args[1], { highWaterMark: 1 << 16 }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let verdict;
    try {
      const c = JSON.parse(line);
      const body = typeof c.body_text === 'string' ? JSON.parse(c.body_text) : c.body;
      const kind = c.kind ?? (body && typeof body === 'object' && 'snapshot' in body && !('volume' in body) ? 'snapshot' : 'volume');
      const validate = kind === 'snapshot' ? snapshot : minor(c.microversion) >= 16 ? v316 : v30;
      const ok = validate(body);
      verdict = { id: c.id, accepted: ok, errors: ok ? [] : validate.errors.map((e) => ({ pointer: e.instancePath, code: e.keyword, message: e.message })) };
    } catch (e) {
      verdict = { id: null, accepted: false, errors: [{ pointer: '', code: 'invalid_line', message: String(e) }] };
    }
    if (!verdict.accepted) rejected++;
    buf += JSON.stringify(verdict) + '\n';
    if (buf.length > 1 << 16) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  const ru = process.resourceUsage();
  process.stderr.write(JSON.stringify({ maxRssKiB: ru.maxRSS, rejected }) + '\n');
  process.exit(rejected ? 1 : 0);
}

// ---------------------------------------------------------------- callgrind

if (args[0] === '--callgrind') {
  // Instructions per request = (Ir at N − Ir at 0) / N, so building the input is not counted.
  const build = spawnSync('cargo', ['bench', '-p', 'os-volume-manage', '--no-run', '--bench', 'callgrind_driver', '--message-format=json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) process.exit(1);
  const exe = build.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'callgrind_driver' && m.executable).pop().executable;
  const dir = path.join(root, 'target/callgrind');
  fs.mkdirSync(dir, { recursive: true });
  const ir = (mode, name, n) => {
    const out = path.join(dir, `${mode}-${name}-${n}.out`);
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, exe, mode, name, String(n)], { encoding: 'utf8' });
    const m = /Collected : (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`valgrind failed:\n${r.stderr}`);
    return Number(m[1]);
  };
  const cases = [['text', 'api-ref', 2000], ['text', 'invalid', 2000], ['text', 'worst-valid', 200], ['text', '1KiB', 2000],
    ['value', 'api-ref', 2000], ['to_json', 'api-ref', 2000],
    // The Rust peer (serde_json + jsonschema with Cinder's schema; benches/peer.rs).
    ['peer', 'api-ref', 2000], ['peer', 'invalid', 2000], ['peer', 'worst-valid', 200]];
  console.log('| path | input | N | instructions per request |');
  console.log('|---|---|---|---|');
  for (const [mode, name, n] of cases) {
    const per = (ir(mode, name, n) - ir(mode, name, 0)) / n;
    console.log(`| ${mode} | ${name} | ${n} | ${Math.round(per).toLocaleString('en-US')} |`);
  }
  console.log(`\nprofiles: target/callgrind/*.out (callgrind_annotate --inclusive=yes FILE)`);
  process.exit(0);
}

// ---------------------------------------------------------------- floors

if (args[0] === '--floors') {
  // What the wasm goals leave room for (BENCHMARKS.md, "Floors"): the two
  // ajv paths beside the JavaScript steps our API cannot skip, on api-ref.
  const { v30 } = compileAjv();
  const ovm = require(path.join(pkgDir, 'node.cjs'));
  const text = fs.readFileSync(path.join(inputsDir, 'api-ref.json'), 'utf8');
  const object = JSON.parse(text);
  const raw = require(path.join(pkgDir, 'lib/node-wasm.cjs')).validators();
  const reportText = raw.checkText('volume', text);
  let sink = 0;
  const time = (f, n) => {
    for (let i = 0; i < n / 5; i++) sink += f() ? 1 : 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += f() ? 1 : 0;
    return ((performance.now() - t0) / n) * 1e6;
  };
  const rows = [
    ['ajv text path: validate(JSON.parse(text))', () => v30(JSON.parse(text))],
    ['ajv object path: validate(object)', () => v30(object)],
    [`JSON.parse of our ${reportText.length}-byte report alone`, () => JSON.parse(reportText).accepted],
    ['JSON.stringify of the request object alone', () => JSON.stringify(object).length > 0],
    ['ours, text in: validateVolumeManageJson(text)', () => ovm.validateVolumeManageJson(text).accepted],
    ['ours, object in: validateVolumeManage(object)', () => ovm.validateVolumeManage(object).accepted],
  ];
  const n = args.includes('--quick') ? 100_000 : 1_000_000;
  const rounds = [0, 1].map(() => rows.map(([, f]) => time(f, n)));
  console.log('| operation (api-ref) | ns per call, round 1 / 2 |');
  console.log('|---|---|');
  rows.forEach(([name], i) => console.log(`| ${name} | ${rounds.map((r) => Math.round(r[i]).toLocaleString('en-US')).join(' / ')} |`));
  console.log(`\n(sink ${sink > 0})`);
  process.exit(0);
}

// ---------------------------------------------------------------- main

const quick = args.includes('--quick');
const noBulk = args.includes('--no-bulk');
const ROUNDS = quick ? 3 : 7;
const SLICE_MS = quick ? 100 : 250;

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.error) throw r.error;
  return r;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmtRate(x) {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k/s`;
  return `${x.toFixed(2)} /s`;
}

function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

// Inputs (written by the Rust side; cheap when already there).
console.log('== inputs: cargo bench -p os-volume-manage --bench callgrind_driver -- write-inputs target/bench-inputs');
{
  const r = run('cargo', ['bench', '-p', 'os-volume-manage', '--quiet', '--bench', 'callgrind_driver', '--', 'write-inputs', inputsDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(path.join(inputsDir, 'inputs.json'), 'utf8'));

const pkg = require(path.join(pkgDir, 'node.cjs'));
const ajv = compileAjv();

// One measured slice: run fn for about SLICE_MS (at least `min` calls), ops/s.
let sink = 0;
function slice(fn, arg, min) {
  let n = 0;
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(SLICE_MS * 1e6);
  let t = t0;
  do {
    for (let i = 0; i < 16; i++) if (fn(arg)) sink++;
    n += 16;
    t = process.hrtime.bigint();
  } while (t < deadline || n < min);
  return (n * 1e9) / Number(t - t0);
}
function sliceBig(fn, arg) {
  const t0 = process.hrtime.bigint();
  if (fn(arg)) sink++;
  return 1e9 / Number(process.hrtime.bigint() - t0);
}

// Paired rounds, alternating which side goes first; the ratio is the median
// of the per-round ratios (load on this shared machine drifts between rounds).
function compare(ours, theirs, arg, big) {
  const measure = (fn) => (big ? sliceBig(fn, arg) : slice(fn, arg, 16));
  // warm-up (JIT, wasm tiering)
  for (let i = 0; i < (big ? 1 : 3); i++) {
    measure(ours);
    measure(theirs);
  }
  const a = [];
  const b = [];
  const ratio = [];
  const rounds = big ? 3 : ROUNDS;
  for (let r = 0; r < rounds; r++) {
    let x, y;
    if (r % 2) {
      y = measure(theirs);
      x = measure(ours);
    } else {
      x = measure(ours);
      y = measure(theirs);
    }
    a.push(x);
    b.push(y);
    ratio.push(x / y);
  }
  return { ours: median(a), theirs: median(b), ratio: median(ratio) };
}

const machine = {
  cpu: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1],
  nproc: os.cpus().length,
  node: process.version,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
console.log(`\n== machine: ${machine.cpu}, ${machine.nproc} cpus, node ${machine.node}, load average ${machine.load}`);

// ------------------------------------------------ per request, same process
const rowsText = [];
const rowsObj = [];
const results = { machine, perRequest: [], sizes: {}, instantiate: {}, bulk: null };
for (const m of manifest) {
  if (quick && m.bytes > 8 << 20) continue;
  const text = fs.readFileSync(path.join(inputsDir, m.file), 'utf8');
  const obj = JSON.parse(text);
  const big = m.bytes > 8 << 20;
  // Both sides must agree on the verdict before they are timed.
  const ours = pkg.validateVolumeManageJson(text);
  if (ours.httpStatus !== m.status) throw new Error(`${m.name}: wasm says ${ours.httpStatus}, expected ${m.status}`);
  const ajvOk = ajv.v30(obj);
  if (ajvOk !== (m.status === 202)) throw new Error(`${m.name}: ajv says ${ajvOk}, the verdict is ${m.status}`);

  const t = compare((s) => pkg.validateVolumeManageJson(s).accepted, (s) => ajv.v30(JSON.parse(s)), text, big);
  const o = compare((v) => pkg.validateVolumeManage(v).accepted, (v) => ajv.v30(v), obj, big);
  results.perRequest.push({ input: m.name, bytes: m.bytes, status: m.status, text: t, object: o });
  const mb = (r) => `${((r * m.bytes) / 1e6).toFixed(1)} MB/s`;
  rowsText.push([m.name, m.bytes, m.status, fmtRate(t.ours), fmtRate(t.theirs), `${t.ratio.toFixed(2)}×`, mb(t.ours)]);
  rowsObj.push([m.name, m.bytes, m.status, fmtRate(o.ours), fmtRate(o.theirs), `${o.ratio.toFixed(2)}×`, mb(o.ours)]);
  process.stdout.write(`  measured ${m.name}\n`);
}
console.log(`\n== text in: validateVolumeManageJson(text) vs ajv(JSON.parse(text)); medians of ${ROUNDS} paired rounds (64 MiB: 3 single calls)`);
table(['input', 'bytes', 'verdict', 'wasm', 'ajv', 'wasm/ajv', 'wasm bytes/s'], rowsText);
console.log('\n== object in: validateVolumeManage(object) vs ajv(object)');
table(['input', 'bytes', 'verdict', 'wasm', 'ajv', 'wasm/ajv', 'wasm bytes/s'], rowsObj);

// ------------------------------------------------ instantiate, size
// The browsers' module (the validators built for size).
const wasmFile = path.join(pkgDir, 'dist/validators-web.wasm');
const wasm = fs.readFileSync(wasmFile);
const gz = zlib.gzipSync(wasm, { level: 9 }).length;
results.wasm = { raw: wasm.length, gzip9: gz };
console.log(`\n== pkg/dist/validators-web.wasm: ${wasm.length} bytes raw (${(wasm.length / 1024).toFixed(1)} KiB), ${gz} bytes gzip -9 (${(gz / 1024).toFixed(1)} KiB); budget 64 KiB gzipped`);

const self = fileURLToPath(import.meta.url);
const sample = path.join(inputsDir, 'api-ref.json');
const instRows = [];
for (const flavour of ['cjs', 'esm', 'ajv']) {
  const ms = [];
  for (let i = 0; i < (quick ? 3 : 9); i++) {
    const r = run(process.execPath, [self, '--child-instantiate', flavour, sample]);
    if (r.status !== 0) throw new Error(r.stderr);
    ms.push(JSON.parse(r.stdout).ms);
  }
  results.instantiate[flavour] = median(ms);
  const what = { cjs: "require('os-volume-manage') + first validateVolumeManageJson", esm: "import('os-volume-manage') + first validateVolumeManageJson", ajv: "(peer) require('ajv') + compile Cinder's schema + first JSON.parse/validate" }[flavour];
  instRows.push([what, `${median(ms).toFixed(2)} ms`, `${Math.min(...ms).toFixed(2)}–${Math.max(...ms).toFixed(2)} ms`]);
}
console.log('\n== fresh node process: load to first answer (median of runs)');
table(['what', 'median', 'range'], instRows);

// ------------------------------------------------ bulk JSONL end to end
function timed(argv, outFile) {
  // wall time measured here; peak RSS from GNU time -v when present.
  const hasTime = fs.existsSync('/usr/bin/time');
  const cmd = hasTime ? '/usr/bin/time' : argv[0];
  const full = hasTime ? ['-v', ...argv] : argv.slice(1);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { cwd: root, encoding: 'utf8', stdio: ['ignore', outFile ? fs.openSync(outFile, 'w') : 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const rss = hasTime ? Number((r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/) || [])[1]) : NaN;
  return { wall, rssKiB: rss };
}

if (!noBulk) {
  console.log('\n== bulk: cargo build --release --bin os-volume-manage');
  if (run('cargo', ['build', '--quiet', '--release', '--bin', 'os-volume-manage'], { stdio: 'inherit' }).status !== 0) process.exit(1);
  fs.mkdirSync(outDir, { recursive: true });
  const full = path.join(inputsDir, 'corpus-200k.jsonl');
  const lines = fs.readFileSync(full, 'utf8').split('\n').filter(Boolean);
  const corpora = [];
  const mk = (n) => {
    const f = path.join(outDir, `corpus-${n / 1000}k.jsonl`);
    fs.writeFileSync(f, lines.slice(0, n).join('\n') + '\n');
    return f;
  };
  corpora.push({ n: quick ? 2000 : 20000, file: mk(quick ? 2000 : 20000) });
  corpora.push(quick ? { n: 20000, file: mk(20000) } : { n: 200000, file: full });
  const native = path.join(root, 'target/release/os-volume-manage');
  const bulk = [];
  for (const c of corpora) {
    const nat = [];
    const js = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      nat.push(timed([native, 'check', '--jsonl', c.file], path.join(outDir, 'native.jsonl')));
      js.push(timed([process.execPath, self, '--child-ajv-jsonl', c.file, path.join(outDir, 'ajv.jsonl')]));
    }
    const nw = median(nat.map((x) => x.wall));
    const jw = median(js.map((x) => x.wall));
    const row = { lines: c.n, bytes: fs.statSync(c.file).size, nativeWall: nw, ajvWall: jw, speedup: jw / nw, nativeRssKiB: Math.max(...nat.map((x) => x.rssKiB)), ajvRssKiB: Math.max(...js.map((x) => x.rssKiB)) };
    bulk.push(row);
  }
  // Agreement of the accept/reject verdicts on the largest corpus (ajv only knows the schema).
  const nv = fs.readFileSync(path.join(outDir, 'native.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).accepted);
  const av = fs.readFileSync(path.join(outDir, 'ajv.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).accepted);
  const agree = nv.filter((x, i) => x === av[i]).length;
  results.bulk = { rows: bulk, agree, total: nv.length, acceptedNative: nv.filter(Boolean).length };
  console.log(`\n== bulk JSONL end to end: native \`os-volume-manage check --jsonl FILE > out\` vs an ajv Node script (readline, JSON.parse, validate, verdict line); medians of ${quick ? 1 : 3} runs`);
  table(
    ['lines', 'MB in', 'native wall', 'ajv script wall', 'native speed-up', 'native peak RSS', 'ajv peak RSS'],
    bulk.map((r) => [r.lines, (r.bytes / 1e6).toFixed(1), `${r.nativeWall.toFixed(2)} s`, `${r.ajvWall.toFixed(2)} s`, `${r.speedup.toFixed(2)}×`, `${(r.nativeRssKiB / 1024).toFixed(1)} MiB`, `${(r.ajvRssKiB / 1024).toFixed(1)} MiB`]),
  );
  console.log(`verdicts: native accepts ${results.bulk.acceptedNative} of ${nv.length}; ajv gives the same accept/reject on ${agree}` +
    (agree === nv.length ? '' : ' (the others depend on Cinder rules a schema cannot express: schemas/README.md)'));
}

results.machine.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'bench-node.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nload average after: ${results.machine.loadAfter}; results in target/bench-out/bench-node.json (sink ${sink > 0})`);
