#!/usr/bin/env node
// The Node side of `make bench` (see BENCHMARKS.md): each of our figures
// beside its peer, measured in the same run, printed as ratios (above 1:
// we are faster).
//
//   node scripts/bench.mjs             everything (about 10 minutes on 2 idle cores)
//   node scripts/bench.mjs --quick     one run per side, the first 20,000 / 5,000 lines only
//   node scripts/bench.mjs --callgrind only: instruction counts under valgrind --tool=callgrind
//                                      (repeatable on a noisy machine)
//
// What it measures:
//
// 1. The native core per request (the callgrind driver's `time` mode, a
//    release build) against ajv's text path in this Node process
//    (`validate(JSON.parse(text))`), in alternating rounds.
// 2. Bulk JSONL end to end, each side a fresh process writing its output to
//    a file: the native CLI (`os-volume-manage check --jsonl FILE`), the npm
//    package's CLI alone (`node pkg/bin/os-volume-manage.js check --jsonl
//    FILE`: WebAssembly on worker threads, no native binary) and an ajv
//    script doing the same job (`--child-ajv-jsonl` below), on the bench
//    corpus (200,000 lines) and the heavy corpus (50,000 lines). Wall time
//    (medians, the sides alternating), CPU time and peak RSS (GNU time), and
//    a byte comparison of the two CLIs' outputs.
// 3. The package: the browsers' module size and a fresh Node process's
//    time from require() to the first answer.
//
// The per-request peer in Rust (serde_json + the jsonschema crate) is
// benches/peer.rs; the browser page against an ajv page is
// scripts/bench-page.mjs.
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
//   --child-instantiate cjs|esm|ajv TEXTFILE  fresh-process load + first call time
//   --child-ajv-jsonl FILE OUT                the ajv-based bulk job (JSONL in, verdict lines out)

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

// ---------------------------------------------------------------- shared

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

function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  console.log(line(headers));
  console.log('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const quick = args.includes('--quick');

function writeInputs() {
  console.log('== inputs: cargo bench -p os-volume-manage --bench callgrind_driver -- write-inputs target/bench-inputs');
  const r = run('cargo', ['bench', '-p', 'os-volume-manage', '--quiet', '--bench', 'callgrind_driver', '--', 'write-inputs', inputsDir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(1);
}

function driverExe() {
  const build = run('cargo', ['bench', '-p', 'os-volume-manage', '--no-run', '--bench', 'callgrind_driver', '--message-format=json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) process.exit(1);
  return build.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'callgrind_driver' && m.executable)
    .pop().executable;
}

function buildCli() {
  console.log('== cargo build --release --bin os-volume-manage');
  if (run('cargo', ['build', '--quiet', '--release', '--bin', 'os-volume-manage'], { stdio: 'inherit' }).status !== 0) process.exit(1);
  return path.join(root, 'target/release/os-volume-manage');
}

/** The first `n` lines of a corpus file, as a file of their own in target/bench-out. */
function head(file, n, name) {
  const out = path.join(outDir, name);
  const text = fs.readFileSync(file, 'utf8');
  let at = 0;
  for (let i = 0; i < n && at !== -1; i++) at = text.indexOf('\n', at) + 1 || -1;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(out, at === -1 ? text : text.slice(0, at));
  return out;
}

// ---------------------------------------------------------------- callgrind

if (args[0] === '--callgrind') {
  // Instructions per request = (Ir at N − Ir at 0) / N, so building the
  // input is not counted. Bulk: the whole CLI process (all threads) on the
  // first lines of each corpus, per line.
  const exe = driverExe();
  const dir = path.join(root, 'target/callgrind');
  fs.mkdirSync(dir, { recursive: true });
  const ir = (name, argv) => {
    const out = path.join(dir, `${name}.out`);
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, ...argv], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const m = /Collected : (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`valgrind failed:\n${r.stderr}`);
    return Number(m[1]);
  };
  const cases = [
    ['text', 'api-ref', 2000],
    ['text', 'invalid', 2000],
    ['text', 'worst-valid', 200],
    ['text', '1KiB', 2000],
    ['value', 'api-ref', 2000],
    ['to_json', 'api-ref', 2000],
    ['to_json', 'invalid', 2000],
    // The Rust peer (serde_json + jsonschema with Cinder's schema; benches/peer.rs).
    ['peer', 'api-ref', 2000],
    ['peer', 'invalid', 2000],
    ['peer', 'worst-valid', 200],
  ];
  console.log('| path | input | N | instructions per request |');
  console.log('|---|---|---|---|');
  for (const [mode, name, n] of cases) {
    const per = (ir(`${mode}-${name}-${n}`, [exe, mode, name, String(n)]) - ir(`${mode}-${name}-0`, [exe, mode, name, '0'])) / n;
    console.log(`| ${mode} | ${name} | ${n} | ${fmt(per)} |`);
  }
  writeInputs();
  const cli = buildCli();
  console.log('\n| CLI | corpus | lines | instructions | per line |');
  console.log('|---|---|---|---|---|');
  for (const [corpus, n] of [['corpus-200k.jsonl', 20000], ['corpus-heavy-50k.jsonl', 5000]]) {
    const file = head(path.join(inputsDir, corpus), n, `cg-${corpus.replace('.jsonl', '')}-${n}.jsonl`);
    const empty = path.join(outDir, 'empty.jsonl');
    fs.writeFileSync(empty, '');
    const total = ir(`cli-${corpus}-${n}`, [cli, 'check', '--jsonl', file]);
    const base = ir('cli-empty', [cli, 'check', '--jsonl', empty]);
    console.log(`| native check --jsonl | ${corpus} | first ${fmt(n)} | ${fmt(total - base)} | ${fmt((total - base) / n)} |`);
  }
  console.log(`\nprofiles: target/callgrind/*.out (callgrind_annotate --inclusive=yes FILE)`);
  process.exit(0);
}

// ---------------------------------------------------------------- main

writeInputs();
const manifest = JSON.parse(fs.readFileSync(path.join(inputsDir, 'inputs.json'), 'utf8'));
const machine = {
  cpu: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1],
  nproc: os.cpus().length,
  node: process.version,
  load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
};
console.log(`\n== machine: ${machine.cpu}, ${machine.nproc} cpus, node ${machine.node}, load average ${machine.load}`);
const results = { date: new Date().toISOString(), machine, textPath: [], bulk: [], package: {} };

// ------------------------------------------------ 1. native vs ajv's text path
{
  const exe = driverExe();
  const ajv = compileAjv();
  const rounds = quick ? 3 : 7;
  const rows = [];
  for (const name of ['api-ref', 'invalid', 'worst-valid']) {
    const m = manifest.find((x) => x.name === name);
    const text = fs.readFileSync(path.join(inputsDir, m.file), 'utf8');
    if (ajv.v30(JSON.parse(text)) !== (m.status === 202)) throw new Error(`${name}: ajv disagrees with the verdict ${m.status}`);
    const n = name === 'worst-valid' ? 5_000 : 200_000;
    const ajvRate = () => {
      let ok = 0;
      for (let i = 0; i < n / 10; i++) ok += ajv.v30(JSON.parse(text)) ? 1 : 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) ok += ajv.v30(JSON.parse(text)) ? 1 : 0;
      return { rate: (n * 1e9) / Number(process.hrtime.bigint() - t0), ok };
    };
    const nativeRate = () => {
      const r = run(exe, ['time', name, String(n)]);
      if (r.status !== 0) throw new Error(r.stderr);
      return 1e9 / JSON.parse(r.stdout).ns_per_request;
    };
    const ours = [];
    const theirs = [];
    const ratio = [];
    for (let i = 0; i < rounds; i++) {
      let a, b;
      if (i % 2) {
        b = ajvRate().rate;
        a = nativeRate();
      } else {
        a = nativeRate();
        b = ajvRate().rate;
      }
      ours.push(a);
      theirs.push(b);
      ratio.push(a / b);
    }
    const row = { input: name, native: median(ours), ajv: median(theirs), ratio: median(ratio), range: [Math.min(...ratio), Math.max(...ratio)] };
    results.textPath.push(row);
    rows.push([name, `${fmt(row.native)}/s`, `${fmt(row.ajv)}/s`, `${row.ratio.toFixed(2)}×`, `${row.range[0].toFixed(2)}–${row.range[1].toFixed(2)}`]);
  }
  console.log(`\n== native check_text (callgrind driver, time mode) vs ajv validate(JSON.parse(text)) in Node; medians of ${rounds} alternating rounds`);
  table(['input', 'native', 'ajv text path', 'native ÷ ajv', 'range'], rows);
}

// ------------------------------------------------ 2. bulk JSONL end to end
function timed(argv, outFile) {
  // Wall time measured here; CPU time and peak RSS from GNU time.
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...argv], { cwd: root, encoding: 'utf8', stdio: ['ignore', fs.openSync(outFile, 'w'), 'pipe'] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const [user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rssKiB: rss };
}

{
  if (!fs.existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed for the bulk figures: apt-get install time');
  const native = buildCli();
  if (!fs.existsSync(path.join(pkgDir, 'dist/validators-node.wasm'))) throw new Error('run `make pkg` first');
  const self = fileURLToPath(import.meta.url);
  const corpora = [
    ['corpus-200k.jsonl', quick ? 20_000 : 200_000],
    ['corpus-heavy-50k.jsonl', quick ? 5_000 : 50_000],
  ];
  const runs = quick ? 1 : 3;
  for (const [corpus, n] of corpora) {
    const file = quick ? head(path.join(inputsDir, corpus), n, `quick-${corpus}`) : path.join(inputsDir, corpus);
    const outs = { native: path.join(outDir, 'native.jsonl'), package: path.join(outDir, 'package.jsonl'), ajv: path.join(outDir, 'ajv.jsonl') };
    const sides = {
      native: () => timed([native, 'check', '--jsonl', file], outs.native),
      package: () => timed([process.execPath, path.join(pkgDir, 'bin/os-volume-manage.js'), 'check', '--jsonl', file], outs.package),
      ajv: () => timed([process.execPath, self, '--child-ajv-jsonl', file, path.join(outDir, 'ajv-out.jsonl')], outs.ajv),
    };
    const got = { native: [], package: [], ajv: [] };
    const order = ['native', 'package', 'ajv'];
    for (let i = 0; i < runs; i++) {
      for (const side of i % 2 ? [...order].reverse() : order) got[side].push(sides[side]());
    }
    const same = fs.readFileSync(outs.native).equals(fs.readFileSync(outs.package));
    const nativeLines = fs.readFileSync(outs.native, 'utf8').split('\n').filter(Boolean);
    const ajvLines = fs.readFileSync(path.join(outDir, 'ajv-out.jsonl'), 'utf8').split('\n').filter(Boolean);
    const nv = nativeLines.map((l) => JSON.parse(l).accepted);
    const av = ajvLines.map((l) => JSON.parse(l).accepted);
    const agree = nv.filter((x, i) => x === av[i]).length;
    const wall = (s) => median(got[s].map((x) => x.wall));
    const row = {
      corpus,
      lines: n,
      bytes: fs.statSync(file).size,
      native: { wall: wall('native'), cpu: median(got.native.map((x) => x.cpu)), rssKiB: Math.max(...got.native.map((x) => x.rssKiB)) },
      package: { wall: wall('package'), cpu: median(got.package.map((x) => x.cpu)), rssKiB: Math.max(...got.package.map((x) => x.rssKiB)) },
      ajv: { wall: wall('ajv'), cpu: median(got.ajv.map((x) => x.cpu)), rssKiB: Math.max(...got.ajv.map((x) => x.rssKiB)) },
      packageOutputIdentical: same,
      accepted: nv.filter(Boolean).length,
      ajvAgrees: agree,
    };
    results.bulk.push(row);
    console.log(`\n== bulk: ${corpus}${quick ? ` (first ${fmt(n)} lines)` : ''}, ${fmt(n)} lines, ${(row.bytes / 1e6).toFixed(1)} MB; medians of ${runs} runs, alternating; output to a file`);
    table(
      ['side', 'wall', 'CPU (user+sys)', 'peak RSS', 'speed-up over the ajv script (wall)'],
      ['native', 'package', 'ajv'].map((s) => [
        { native: 'native CLI', package: 'npm package CLI (wasm, worker threads)', ajv: 'ajv script' }[s],
        `${row[s].wall.toFixed(2)} s`,
        `${row[s].cpu.toFixed(2)} s`,
        `${(row[s].rssKiB / 1024).toFixed(1)} MiB`,
        s === 'ajv' ? '' : `${(row.ajv.wall / row[s].wall).toFixed(2)}×`,
      ]),
    );
    console.log(`package output ${same ? 'byte-identical to' : 'DIFFERS FROM'} the native CLI's; native accepts ${fmt(row.accepted)} of ${fmt(nv.length)}; ajv gives the same accept/reject on ${fmt(agree)}` +
      (agree === nv.length ? '' : ' (the others are Cinder rules a schema cannot express: schemas/README.md)'));
    if (!same) process.exitCode = 1;
  }
}

// ------------------------------------------------ 3. the package
{
  const wasm = fs.readFileSync(path.join(pkgDir, 'dist/validators-web.wasm'));
  const gz = zlib.gzipSync(wasm, { level: 9 }).length;
  results.package.validatorsWeb = { raw: wasm.length, gzip9: gz };
  console.log(`\n== pkg/dist/validators-web.wasm: ${fmt(wasm.length)} bytes, ${fmt(gz)} gzip -9 (${(gz / 1024).toFixed(1)} KiB; budget 64 KiB)`);
  const self = fileURLToPath(import.meta.url);
  const sample = path.join(inputsDir, 'api-ref.json');
  const rows = [];
  for (const flavour of ['cjs', 'ajv']) {
    const ms = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      const r = run(process.execPath, [self, '--child-instantiate', flavour, sample]);
      if (r.status !== 0) throw new Error(r.stderr);
      ms.push(JSON.parse(r.stdout).ms);
    }
    results.package[`firstAnswer_${flavour}`] = median(ms);
    const what = { cjs: "require('os-volume-manage') + first validateVolumeManageJson", ajv: "(peer) require('ajv') + compile Cinder's schema + first JSON.parse/validate" }[flavour];
    rows.push([what, `${median(ms).toFixed(1)} ms`, `${Math.min(...ms).toFixed(1)}–${Math.max(...ms).toFixed(1)} ms`]);
  }
  console.log('\n== a fresh node process: load to first answer (medians)');
  table(['what', 'median', 'range'], rows);
}

results.machine.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'bench-node.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nload average after: ${results.machine.loadAfter}; results in target/bench-out/bench-node.json`);
