// Records and checks what pkg/dist/ was built from, so a tarball never ships
// a stale build:
//
//   node scripts/pkg-stamp.mjs write   (the last step of scripts/build-pkg.sh)
//   node scripts/pkg-stamp.mjs check   (pkg/package.json prepack: npm pack / publish)
//
// dist/stamp.json holds a SHA-256 over every input of the build (the Rust
// sources and manifests, the build scripts, the wrapper sources it derives
// files from, the wasm-bindgen version) and the SHA-256 of every file in
// dist/. `check` fails, naming what differs, when a source changed since the
// build or a built file was altered.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'pkg', 'dist');
const STAMP = join(DIST, 'stamp.json');

// Files and directories (walked) whose contents decide dist/.
const INPUTS = [
  'Cargo.toml',
  'Cargo.lock',
  '.cargo/config.toml',
  'crates',
  'schemas',
  'scripts/build-pkg.sh',
  'scripts/pkg-derive-cjs.mjs',
  'scripts/pkg-inline.mjs',
  'scripts/pkg-stamp.mjs',
  'pkg/lib/api.js',
  'pkg/index.d.ts',
  'package-lock.json',
];
const SKIP_DIRS = new Set(['target', 'node_modules', '.git']);

function walk(path, out) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) if (!SKIP_DIRS.has(name)) walk(join(path, name), out);
  } else out.push(path);
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function inputsHash() {
  const files = [];
  for (const p of INPUTS) walk(p, files);
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\0${sha256(readFileSync(join(ROOT, f)))}\n`);
  let bindgen = 'unknown';
  try {
    bindgen = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // Not installed: the hash then says so; write and check must agree.
  }
  h.update(`wasm-bindgen\0${bindgen}\n`);
  return { hash: h.digest('hex'), files: files.length, bindgen };
}

function distFiles() {
  const out = [];
  walk(relative(ROOT, DIST), out);
  return out.filter((f) => join(ROOT, f) !== STAMP).map((f) => relative(DIST, join(ROOT, f)));
}

const command = process.argv[2];
if (command === 'write') {
  const inputs = inputsHash();
  const outputs = Object.fromEntries(distFiles().map((f) => [f, sha256(readFileSync(join(DIST, f)))]));
  writeFileSync(STAMP, `${JSON.stringify({ inputs: inputs.hash, wasmBindgen: inputs.bindgen, outputs }, null, 2)}\n`);
  console.log(`[pkg] dist/stamp.json: ${inputs.files} input files, ${Object.keys(outputs).length} built files`);
} else if (command === 'check') {
  const stale = (why) => {
    console.error(`os-volume-manage: pkg/dist/ is not a build of the current sources (${why}); run \`make pkg\` in the repository, then pack again`);
    process.exit(1);
  };
  if (!existsSync(STAMP)) stale('dist/stamp.json is missing');
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  const now = inputsHash();
  if (now.hash !== stamp.inputs) stale(`the build inputs changed since it was built${now.bindgen !== stamp.wasmBindgen ? ` (wasm-bindgen: built with ${stamp.wasmBindgen}, now ${now.bindgen})` : ''}`);
  const files = distFiles();
  for (const f of Object.keys(stamp.outputs)) {
    if (!files.includes(f)) stale(`dist/${f} is missing`);
    if (sha256(readFileSync(join(DIST, f))) !== stamp.outputs[f]) stale(`dist/${f} was changed after the build`);
  }
  for (const f of files) if (!(f in stamp.outputs)) stale(`dist/${f} is not part of the build`);
} else {
  console.error('usage: pkg-stamp.mjs write|check');
  process.exit(2);
}
