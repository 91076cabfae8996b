// Shared by the tests/js suites: installs the built package the way a user
// does (`npm pack pkg/`, then `npm install <tarball>` into a throwaway
// project under target/), and finds the native CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = join(ROOT, 'pkg');
export const CONSUMER = join(ROOT, 'target', 'js-consumer');
export const INSTALLED = join(CONSUMER, 'node_modules', 'os-volume-manage');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'api-ref');
export const NATIVE_CLI = process.env.OVM_NATIVE_CLI ?? join(ROOT, 'target', 'release', 'os-volume-manage');

function pkgFiles() {
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  return ['package.json', 'README.md', ...manifest.files];
}

/** A hash of everything the tarball carries, to tell a stale install. */
function pkgHash() {
  const h = createHash('sha256');
  const add = (f) => {
    const p = join(PKG, f);
    if (!existsSync(p)) throw new Error(`pkg/${f} is missing: run \`make pkg\` first`);
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) add(join(f, name));
    else h.update(f).update(readFileSync(p));
  };
  for (const f of pkgFiles()) add(f);
  return h.digest('hex');
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Makes sure target/js-consumer has the current pkg/ installed from its
 * tarball. Test files run in parallel processes, so a lock directory makes
 * the first one install and the others wait.
 */
export function ensureInstalled() {
  const want = pkgHash();
  const stamp = join(CONSUMER, '.pkg-hash');
  const fresh = () => existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(join(INSTALLED, 'package.json'));
  if (fresh()) return;
  mkdirSync(join(ROOT, 'target'), { recursive: true });
  const lock = join(ROOT, 'target', 'js-consumer.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 2 minutes; remove it if no test is running`);
      sleep(200);
      if (fresh()) return;
    }
  }
  try {
    if (fresh()) return;
    rmSync(CONSUMER, { recursive: true, force: true });
    mkdirSync(CONSUMER, { recursive: true });
    writeFileSync(join(CONSUMER, 'package.json'), JSON.stringify({ name: 'ovm-consumer', private: true, version: '0.0.0' }, null, 2));
    const packed = execFileSync('npm', ['pack', PKG, '--pack-destination', CONSUMER, '--json'], { cwd: CONSUMER, encoding: 'utf8' });
    const tarball = join(CONSUMER, JSON.parse(packed)[0].filename);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', tarball], { cwd: CONSUMER, stdio: 'pipe' });
    writeFileSync(join(CONSUMER, 'tarball.json'), packed);
    writeFileSync(stamp, want);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The package's `npm pack --json` entry (files, sizes). */
export function tarballInfo() {
  ensureInstalled();
  return JSON.parse(readFileSync(join(CONSUMER, 'tarball.json'), 'utf8'))[0];
}

/** require() as seen from the consumer project. */
export function consumerRequire() {
  ensureInstalled();
  return createRequire(join(CONSUMER, 'index.cjs'));
}

/** import() of a specifier as resolved from the consumer project. */
export async function consumerImport(specifier = 'os-volume-manage') {
  ensureInstalled();
  // Resolve with the ESM conditions by importing from a file inside the consumer.
  const shim = join(CONSUMER, `import-${specifier.replace(/[^a-z0-9]/gi, '_')}.mjs`);
  if (!existsSync(shim)) writeFileSync(shim, `export * from ${JSON.stringify(specifier)};\nexport { default } from ${JSON.stringify(specifier)};\n`);
  return import(pathToFileURL(shim).href);
}

/** Builds the native CLI if it is missing (make test builds it first). */
export function ensureNativeCli() {
  if (existsSync(NATIVE_CLI)) return NATIVE_CLI;
  const r = spawnSync('cargo', ['build', '--release', '--bin', 'os-volume-manage'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('cargo build --release --bin os-volume-manage failed');
  return NATIVE_CLI;
}

/**
 * The first `lines` lines of a benchmark corpus (`plain`: corpus-200k.jsonl,
 * `heavy`: corpus-heavy-50k.jsonl), from their one definition in
 * crates/os-volume-manage/benches/inputs (the example bench_corpus writes
 * them); cached under target/js-corpora/. Returns the file's path.
 */
export function benchCorpus(kind, lines) {
  const dir = join(ROOT, 'target', 'js-corpora');
  const file = join(dir, `${kind}-${lines}.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('cargo', ['run', '--quiet', '--release', '-p', 'os-volume-manage', '--example', 'bench_corpus', '--', kind, String(lines)], {
    cwd: ROOT,
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`cargo run --example bench_corpus ${kind} ${lines} failed`);
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, r.stdout);
  renameSync(tmp, file);
  return file;
}

/** The package CLI as installed (node_modules/.bin would be a symlink to this). */
export function packageCli() {
  ensureInstalled();
  return join(INSTALLED, 'bin', 'os-volume-manage.js');
}

export function fixture(name) {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureNames() {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('-request.json') || f.endsWith('-request-cluster.json'));
}

export function cargoVersion() {
  const toml = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  return /^version = "([^"]+)"/m.exec(toml)[1];
}

/** Codes the core declares, in declaration order: from the installed package's constants(). */
export function coreCodes() {
  return [...consumerRequire()('os-volume-manage').constants().codes];
}

export function fileSize(p) {
  return statSync(p).size;
}

/** mulberry32: a small seeded PRNG, so every corpus is reproducible. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}
