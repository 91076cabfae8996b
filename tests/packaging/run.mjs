#!/usr/bin/env node
// The packaging matrix: packs pkg/ as npm would publish it, installs the
// tarball into one small project per toolchain (tests/packaging/projects/,
// each pinning its toolchain in package.json and package-lock.json), builds
// it with no package-specific configuration, and runs a real validation (an
// accepted request: 202; a rejected one: 400 `required` at /volume/ref; a
// transformation) in Node, Deno, Bun or headless Chromium (dev servers
// included). Prints one row per check: toolchain, version, pass/fail, and
// the download of the entry (what a page fetches before its first verdict).
//
//   node tests/packaging/run.mjs [--only NAME,NAME...] [--list]
//
// Needs `make pkg` first; Chromium at $CHROMIUM (default /usr/bin/chromium,
// scripts/setup.sh browser) and playwright-core from the root devDependencies.
// Work happens in target/packaging/: projects are copied there, installs are
// kept and redone only when a project's package-lock.json changes. Projects
// run one after another, each under a time limit.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { TARBALL_FILES } from '../package-files.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const PKG = join(ROOT, 'pkg');
const WORK = join(ROOT, 'target', 'packaging');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PROJECT_TIMEOUT_MS = Number(process.env.OVM_MATRIX_TIMEOUT ?? 300) * 1000;
const PKG_VERSION = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version;

const EXPECTED_VALIDATORS = {
  version: PKG_VERSION,
  accepted: [true, 202, 'imported'],
  rejected: [false, 400, 'required', '/volume/ref'],
};
const EXPECTED_TOOLS = 10;

// ---------------------------------------------------------------- helpers

class Failure extends Error {}

function fail(message) {
  throw new Failure(message);
}

function assertEqual(got, want, what) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) fail(`${what}: got ${g}, expected ${w}`);
}

let deadline = Infinity;
const children = new Set();

/** Runs a command; resolves to { code, out } (stdout and stderr together); rejects past the project's deadline. */
function run(cmd, args, { cwd, env, allowFail = false, timeoutMs } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const limit = Math.min(timeoutMs ?? Infinity, deadline - Date.now());
    const timer = setTimeout(() => {
      kill(child);
      reject(new Failure(`timed out: ${cmd} ${args.join(' ')}\n${tail(out)}`));
    }, Math.max(limit, 1));
    child.on('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Failure(`${cmd}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code !== 0 && !allowFail) reject(new Failure(`${cmd} ${args.join(' ')} exited ${code}\n${tail(out)}`));
      else resolvePromise({ code, out });
    });
  });
}

/** Starts a long-running command (a dev server); resolves once `ready` matches its output. */
function start(cmd, args, { cwd, ready, env }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    const timer = setTimeout(() => {
      kill(child);
      reject(new Failure(`${cmd} ${args.join(' ')} did not start in 60 s\n${tail(out)}`));
    }, Math.max(Math.min(60_000, deadline - Date.now()), 1));
    const onData = (d) => {
      out += d;
      if (ready.test(out.replace(/\x1b\[[0-9;]*m/g, ''))) {
        clearTimeout(timer);
        resolvePromise({ child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      children.delete(child);
      clearTimeout(timer);
      reject(new Failure(`${cmd} exited ${code} before it was ready\n${tail(out)}`));
    });
  });
}

function kill(child) {
  try {
    process.kill(-child.pid, 'SIGTERM'); // its process group: npx and what it started
  } catch {
    // Already gone.
  }
}

function tail(text, lines = 25) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function lastJsonLine(out, what) {
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) fail(`${what} printed no JSON result:\n${tail(out)}`);
  return JSON.parse(line);
}

function checkNodeResult(result, what, { withTools = true } = {}) {
  if (result.error) fail(`${what}: ${result.error}`);
  assertEqual({ version: result.version, accepted: result.accepted, rejected: result.rejected }, EXPECTED_VALIDATORS, `${what} validators`);
  if (withTools) assertEqual(result.tools, EXPECTED_TOOLS, `${what} parseSize('10G').gib.exact`);
}

function fileSize(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizeText = (s) => (s && s.raw !== undefined ? `${kb(s.raw)} / ${kb(s.gzip)} gz` : '-');

// ---------------------------------------------------------------- static server and Chromium

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.cjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css',
};

/** Serves DIR over HTTP on 127.0.0.1 (404 for anything missing, as a real host would). */
async function serve(dir) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

let browser = null;

async function chromium() {
  if (browser) return browser;
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: run scripts/setup.sh browser (or set CHROMIUM)`);
  const { chromium: launcher } = createRequire(join(ROOT, 'package.json'))('playwright-core');
  browser = await launcher.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

/**
 * Opens URL in a fresh Chromium context and checks the page (web/main.js):
 * the validators, then the transformations and the worker. Returns the
 * download (raw, gzip -9) of the JS and wasm fetched before the first verdict.
 */
async function checkPage(url, what, { tools = true, expectError = null } = {}) {
  const b = await chromium();
  const context = await b.newContext();
  const page = await context.newPage();
  const fetched = [];
  const problems = [];
  let measuring = true;
  page.on('response', (res) => {
    if (!measuring) return;
    const type = res.headers()['content-type'] ?? '';
    if (!/javascript|wasm/.test(type)) return;
    fetched.push(
      res.body().then(
        (body) => ({ url: res.url(), raw: body.length, gzip: gzipSync(body, { level: 9 }).length }),
        () => ({ url: res.url(), raw: 0, gzip: 0 }), // redirects and the like have no body
      ),
    );
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const poll = async (key) => {
    const until = Math.min(Date.now() + 60_000, deadline);
    for (;;) {
      let state = null;
      try {
        state = await page.evaluate(() => window.__ovm ?? null);
      } catch {
        // Navigating (a dev server reloading the page): ask again.
      }
      if (state?.error) {
        if (expectError && key === 'validators') return { error: state.error };
        fail(`${what}: ${state.error}`);
      }
      if (state?.[key]) return state[key];
      if (Date.now() > until) fail(`${what}: no ${key} result after 60 s${problems.length ? `; page errors: ${problems.join(' | ')}` : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await page.goto(url);
    const first = await poll('validators');
    if (expectError) {
      if (!first.error) fail(`${what}: expected init() to fail, but it worked`);
      if (!expectError.test(first.error)) fail(`${what}: the error does not say what to change:\n${first.error}`);
      return { note: 'error as expected' };
    }
    assertEqual(first, EXPECTED_VALIDATORS, `${what} validators`);
    measuring = false;
    const size = (await Promise.all(fetched)).reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
    if (tools) {
      await page.evaluate(() => window.__ovmNext());
      assertEqual(await poll('tools'), EXPECTED_TOOLS, `${what} parseSize('10G').gib.exact`);
      assertEqual(await poll('worker'), EXPECTED_VALIDATORS, `${what} worker validators`);
    }
    return size;
  } finally {
    await context.close();
  }
}

/** Builds nothing: serves DIR and checks the page there. */
async function checkServed(dir, what, options) {
  const server = await serve(dir);
  try {
    return await checkPage(server.url, what, options);
  } finally {
    await server.close();
  }
}

/** A TCP port free on 127.0.0.1 right now. */
async function freePort() {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

/** Starts a Vite dev server in CWD and checks the page it serves. */
async function checkViteDev(cwd, what, { config, expectError } = {}) {
  rmSync(join(cwd, 'node_modules', '.vite'), { recursive: true, force: true }); // a cold start, as on a fresh clone
  rmSync(join(cwd, 'node_modules', '.cache'), { recursive: true, force: true });
  const port = await freePort();
  const args = ['vite', '--port', String(port), '--strictPort', '--host', '127.0.0.1', ...(config ? ['--config', config] : [])];
  const dev = await start('npx', args, { cwd, ready: /Local:\s+http/ });
  try {
    const size = await checkPage(`http://127.0.0.1:${port}/`, what, { expectError });
    return size.note ? size : { ...size, note: 'dev server: unbundled, with its client' };
  } catch (e) {
    if (e instanceof Failure) e.message += `\n--- vite output ---\n${tail(dev.output(), 15)}`;
    throw e;
  } finally {
    kill(dev.child);
  }
}

// ---------------------------------------------------------------- projects

/** index.html for a bundle of web/main.js: `module` for ES module output. */
function indexHtml(script, module = true) {
  return `<!doctype html>\n<meta charset="utf-8">\n<title>os-volume-manage matrix</title>\n<script ${module ? 'type="module" ' : 'defer '}src="${script}"></script>\n`;
}

/** Runs a Node-side bundle from a directory of its own (no node_modules near it) and checks it. */
async function runDetached(files, entry, what, runtime = ['node']) {
  const dir = join(WORK, 'detached', what.replace(/[^a-z0-9]+/gi, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(f, statSync(f).isDirectory() ? dir : join(dir, relative(dirname(files[0]), f)), { recursive: true });
  const { out } = await run(runtime[0], [...runtime.slice(1), join(dir, entry)], { cwd: dir });
  checkNodeResult(lastJsonLine(out, what), what);
}

const vite = (major) => ({
  name: `vite${major}`,
  web: true,
  async check(ctx) {
    const v = ctx.version('vite');
    writeFileSync(join(ctx.dir, 'index.html'), indexHtml('/src/main.js'));
    await ctx.step(`Vite ${v}`, 'build (browser)', async () => {
      await run('npx', ['vite', 'build'], { cwd: ctx.dir });
      return checkServed(join(ctx.dir, 'dist'), `vite ${v} build`);
    });
    await ctx.step(`Vite ${v}`, 'dev server', () => checkViteDev(ctx.dir, `vite ${v} dev`));
    if (major === 7) {
      // A cacheDir outside node_modules/.vite: the package cannot find its
      // files from the pre-bundled copy, and init() names the setting...
      writeFileSync(join(ctx.dir, 'vite.cachedir.config.js'), "export default { cacheDir: 'node_modules/.cache/vite-elsewhere' };\n");
      await ctx.step(`Vite ${v}`, 'dev server, custom cacheDir: init() names the setting', () =>
        checkViteDev(ctx.dir, `vite ${v} dev (cacheDir)`, { config: 'vite.cachedir.config.js', expectError: /Add `optimizeDeps: \{ exclude: \['os-volume-manage'\] \}` to your Vite config/ }),
      );
      // ...which works.
      writeFileSync(join(ctx.dir, 'vite.exclude.config.js'), "export default { cacheDir: 'node_modules/.cache/vite-elsewhere', optimizeDeps: { exclude: ['os-volume-manage'] } };\n");
      await ctx.step(`Vite ${v}`, 'dev server, custom cacheDir + optimizeDeps.exclude', () =>
        checkViteDev(ctx.dir, `vite ${v} dev (exclude)`, { config: 'vite.exclude.config.js' }),
      );
    }
    if (major === 8) {
      await ctx.step(`Vite ${v}`, 'SSR build, dependencies bundled (node)', async () => {
        // The usual deployment setting of SSR adapters: dependencies bundled into the server.
        writeFileSync(join(ctx.dir, 'vite.ssr.config.js'), "export default { build: { ssr: 'src/server.mjs', outDir: 'dist-ssr' }, ssr: { noExternal: true } };\n");
        await run('npx', ['vite', 'build', '--config', 'vite.ssr.config.js'], { cwd: ctx.dir });
        const out = join(ctx.dir, 'dist-ssr');
        await runDetached([out], 'server.js', `vite ${v} ssr`);
        return null;
      });
    }
  },
});

const PROJECTS = [
  {
    name: 'lint',
    async check(ctx) {
      await ctx.step(`npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}`, 'publish --dry-run: the exact file list', async () => {
        const { out } = await run('npm', ['publish', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: PKG });
        const json = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1));
        const report = json['os-volume-manage'] ?? json; // npm 11 keys the report by package name
        assertEqual(report.files.map((f) => f.path).sort(), TARBALL_FILES, 'the files npm would publish');
        return { raw: report.unpackedSize, gzip: report.size, note: 'tarball' };
      });
      await ctx.step(`publint ${ctx.version('publint')}`, '--strict', async () => {
        const { out } = await run('npx', ['publint', '--strict', join(ctx.dir, 'node_modules', 'os-volume-manage')], { cwd: ctx.dir });
        if (!/All good/i.test(out)) fail(`publint:\n${tail(out)}`);
        return null;
      });
      // The main entry point under every resolution mode; ./node under the
      // modes that read `exports` (node10 predates it); the browser-only
      // entry points and the .wasm files as the ES modules they are.
      const attw = [
        ['. (every resolution mode)', ['--entrypoints', '.', './package.json']],
        ['./node (node16, bundler)', ['--entrypoints', './node', '--profile', 'node16']],
        ['./web, ./inline, .wasm (as ESM)', ['--entrypoints', './web', './inline', './validators-web.wasm', './validators-node.wasm', './tools.wasm', '--profile', 'esm-only']],
      ];
      for (const [what, options] of attw) {
        await ctx.step(`attw ${ctx.version('@arethetypeswrong/cli')}`, what, async () => {
          const r = await run('npx', ['attw', ctx.tarball, '--format', 'table-flipped', ...options], { cwd: ctx.dir, allowFail: true, env: { NO_COLOR: '1', FORCE_COLOR: '0' } });
          if (r.code !== 0) fail(`attw ${options.join(' ')}:\n${tail(r.out, 40)}`);
          return null;
        });
      }
    },
  },
  {
    name: 'node',
    async check(ctx) {
      const v = `Node ${process.version}`;
      await ctx.step(v, 'require()', async () => {
        const { out } = await run('node', ['src/main.cjs'], { cwd: ctx.dir });
        checkNodeResult(lastJsonLine(out, 'require'), 'require');
        return null;
      });
      await ctx.step(v, 'import', async () => {
        const { out } = await run('node', ['src/main.mjs'], { cwd: ctx.dir });
        checkNodeResult(lastJsonLine(out, 'import'), 'import');
        return null;
      });
      await ctx.step(v, 'every entry point exports what index.d.ts declares', async () => {
        const installed = join(ctx.dir, 'node_modules', 'os-volume-manage');
        const dts = readFileSync(join(installed, 'index.d.ts'), 'utf8');
        const declared = [...dts.matchAll(/^export (?:default )?function (\w+)/gm)].map((m) => (m[0].includes('default') ? 'default' : m[1]));
        if (!declared.includes('default') || declared.length < 20) fail(`could not read the declarations of index.d.ts (${declared.join(', ')})`);
        const script = `
          const names = (m) => Object.keys(m).filter((k) => typeof m[k] === 'function' && k !== 'init').sort();
          const entries = {
            'node.cjs': require('os-volume-manage'),
            'node.mjs': await import('os-volume-manage'),
            'web.js': await import('os-volume-manage/web'),
            'inline.js': await import('os-volume-manage/inline'),
          };
          console.log(JSON.stringify(Object.fromEntries(Object.entries(entries).map(([k, m]) => [k, names(m)]))));`;
        writeFileSync(join(ctx.dir, 'src', 'exports.mjs'), `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${script}\n`);
        const { out } = await run('node', ['src/exports.mjs'], { cwd: ctx.dir });
        const got = lastJsonLine(out, 'exports');
        const want = [...new Set(declared)].sort();
        for (const [entry, names] of Object.entries(got)) assertEqual(names, want, `functions exported by ${entry}`);
        return null;
      });
      await ctx.step(v, 'package CLI: npx os-volume-manage', async () => {
        const { out } = await run('npx', ['os-volume-manage', '--version'], { cwd: ctx.dir });
        assertEqual(out.trim(), `os-volume-manage ${PKG_VERSION}`, 'os-volume-manage --version');
        writeFileSync(join(ctx.dir, 'bad.json'), JSON.stringify({ volume: { host: 'node1@lvm#lvm' } }));
        const bad = await run('npx', ['os-volume-manage', 'check', 'bad.json', '--format', 'json'], { cwd: ctx.dir, allowFail: true });
        assertEqual(bad.code, 1, 'exit status for a rejected request');
        return null;
      });
    },
  },
  {
    name: 'typescript',
    async check(ctx) {
      const v = ctx.version('typescript');
      await ctx.step(`TypeScript ${v}`, 'emit CommonJS (esModuleInterop), run', async () => {
        await run('npx', ['tsc', '-p', 'tsconfig.cjs.json'], { cwd: ctx.dir });
        const { out } = await run('node', ['out-cjs/main.js'], { cwd: ctx.dir });
        checkNodeResult(lastJsonLine(out, 'tsc commonjs'), 'tsc commonjs');
        return null;
      });
      await ctx.step(`TypeScript ${v}`, 'emit ESM (nodenext), run', async () => {
        await run('npx', ['tsc', '-p', 'tsconfig.esm.json'], { cwd: ctx.dir });
        const { out } = await run('node', ['out-esm/main.mjs'], { cwd: ctx.dir });
        checkNodeResult(lastJsonLine(out, 'tsc esm'), 'tsc esm');
        return null;
      });
      await ctx.step(`TypeScript ${v}`, 'type-check (bundler, node10, DOM lib)', async () => {
        await run('npx', ['tsc', '-p', 'tsconfig.bundler.json'], { cwd: ctx.dir });
        await run('npx', ['tsc', '-p', 'tsconfig.node10.json'], { cwd: ctx.dir });
        return null;
      });
    },
  },
  vite(5),
  vite(6),
  vite(7),
  vite(8),
  {
    name: 'webpack',
    web: true,
    async check(ctx) {
      const v = ctx.version('webpack');
      await ctx.step(`webpack ${v}`, 'web target (production)', async () => {
        const { out } = await run('npx', ['webpack', '--config-name', 'web'], { cwd: ctx.dir });
        // One warning is expected: the page uses a transformation, and the tools
        // module is above webpack's default 244 KiB performance hint.
        const tools = Math.round(statSync(join(ctx.dir, 'node_modules/os-volume-manage/dist/tools.wasm')).size / 1024);
        const warnings = out.split('\n').filter((l) => /WARNING/.test(l));
        const assets = [...out.matchAll(/^\s+(\S+) \((\d+) KiB\)$/gm)].map((m) => [m[1], Number(m[2])]);
        const onlyTools = warnings.length === 1 && /asset size limit/.test(warnings[0]) && assets.length === 1 && assets[0][0].endsWith('.wasm') && assets[0][1] === tools;
        if (warnings.length > 0 && !onlyTools) fail(`webpack warned:\n${tail(out)}`);
        writeFileSync(join(ctx.dir, 'dist/web/index.html'), indexHtml('main.js', false));
        return checkServed(join(ctx.dir, 'dist/web'), `webpack ${v} web`);
      });
      await ctx.step(`webpack ${v}`, 'web, validators only: no tools module emitted, no warning', async () => {
        const { out } = await run('npx', ['webpack', '--config-name', 'only'], { cwd: ctx.dir });
        if (/WARNING/.test(out)) fail(`webpack warned:\n${tail(out)}`);
        const files = filesUnder(join(ctx.dir, 'dist/only')).map((f) => relative(join(ctx.dir, 'dist/only'), f));
        const wasm = files.filter((f) => f.endsWith('.wasm'));
        if (wasm.length !== 1) fail(`expected one .wasm (the validators), got ${JSON.stringify(files)}`);
        const wasmSize = fileSize(join(ctx.dir, 'dist/only', wasm[0]));
        const validatorsSize = fileSize(join(ctx.dir, 'node_modules/os-volume-manage/dist/validators-web.wasm'));
        assertEqual(wasmSize.raw, validatorsSize.raw, 'the emitted .wasm is the validators-web module');
        writeFileSync(join(ctx.dir, 'dist/only/index.html'), indexHtml('main.js', false));
        return checkServed(join(ctx.dir, 'dist/only'), `webpack ${v} only`, { tools: false });
      });
      await ctx.step(`webpack ${v}`, 'node target (server bundle, Next.js-style)', async () => {
        await run('npx', ['webpack', '--config-name', 'node'], { cwd: ctx.dir });
        await runDetached([join(ctx.dir, 'dist/node')], 'server.cjs', `webpack ${v} node`);
        return fileSize(join(ctx.dir, 'dist/node/server.cjs'));
      });
    },
  },
  {
    name: 'esbuild',
    web: true,
    async check(ctx) {
      const v = ctx.version('esbuild');
      await ctx.step(`esbuild ${v}`, 'browser bundle (esm, splitting)', async () => {
        await run('npx', ['esbuild', 'src/main.js', 'src/worker.js', '--bundle', '--format=esm', '--splitting', '--minify', '--outdir=dist/web'], { cwd: ctx.dir });
        writeFileSync(join(ctx.dir, 'dist/web/index.html'), indexHtml('main.js'));
        return checkServed(join(ctx.dir, 'dist/web'), `esbuild ${v} browser`);
      });
      for (const format of ['cjs', 'esm']) {
        await ctx.step(`esbuild ${v}`, `node bundle (--platform=node --format=${format})`, async () => {
          const file = `dist/node/server.${format === 'cjs' ? 'cjs' : 'mjs'}`;
          await run('npx', ['esbuild', 'src/server.mjs', '--bundle', '--platform=node', `--format=${format}`, `--outfile=${file}`], { cwd: ctx.dir });
          await runDetached([join(ctx.dir, file)], file.split('/').pop(), `esbuild ${v} node ${format}`);
          return fileSize(join(ctx.dir, file));
        });
      }
    },
  },
  {
    name: 'rollup',
    web: true,
    async check(ctx) {
      const v = ctx.version('rollup');
      // Rollup emits no `new URL('…', import.meta.url)` asset and, with
      // node-resolve, resolves the same conditions as Vite: init() must fail
      // and say what to change...
      await ctx.step(`Rollup ${v}`, 'browser bundle (+ node-resolve): init() names the setting', async () => {
        await run('npx', ['rollup', '-c'], { cwd: ctx.dir });
        writeFileSync(join(ctx.dir, 'dist/index.html'), indexHtml('main.js'));
        return checkServed(join(ctx.dir, 'dist'), `rollup ${v}`, { expectError: /import from 'os-volume-manage\/inline'/i });
      });
      // ...which works.
      await ctx.step(`Rollup ${v}`, "browser bundle importing 'os-volume-manage/inline'", async () => {
        for (const f of ['main.js', 'tools.js', 'worker.js', 'probe.js']) {
          const text = readFileSync(join(ctx.dir, 'src', f), 'utf8').replaceAll("from 'os-volume-manage'", "from 'os-volume-manage/inline'");
          mkdirSync(join(ctx.dir, 'src-inline'), { recursive: true });
          writeFileSync(join(ctx.dir, 'src-inline', f), text);
        }
        await run('npx', ['rollup', '-c', '--environment', 'SRC:src-inline'], { cwd: ctx.dir });
        writeFileSync(join(ctx.dir, 'dist/index.html'), indexHtml('main.js'));
        return checkServed(join(ctx.dir, 'dist'), `rollup ${v} inline`);
      });
    },
  },
  {
    name: 'jest',
    async check(ctx) {
      const v = ctx.version('jest');
      await ctx.step(`Jest ${v}`, 'jsdom and node environments', async () => {
        const { out } = await run('npx', ['jest', '--ci'], { cwd: ctx.dir });
        if (!/Tests:\s+2 passed, 2 total/.test(out)) fail(`jest:\n${tail(out)}`);
        return null;
      });
    },
  },
  {
    name: 'vitest',
    async check(ctx) {
      const v = ctx.version('vitest');
      await ctx.step(`Vitest ${v}`, 'node and jsdom environments', async () => {
        const { out } = await run('npx', ['vitest', 'run'], { cwd: ctx.dir });
        if (!/Tests\s+2 passed \(2\)/.test(out.replace(/\x1b\[[0-9;]*m/g, ''))) fail(`vitest:\n${tail(out)}`);
        return null;
      });
    },
  },
  {
    name: 'deno',
    async check(ctx) {
      const v = ctx.version('deno');
      await ctx.step(`Deno ${v}`, 'run (npm package from node_modules)', async () => {
        const { out } = await run('npx', ['deno', 'run', '--allow-read', '--allow-env', 'src/main.mjs'], { cwd: ctx.dir, env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
        checkNodeResult(lastJsonLine(out, 'deno'), 'deno');
        return null;
      });
    },
  },
  {
    name: 'bun',
    async check(ctx) {
      const v = ctx.version('bun');
      for (const file of ['main.mjs', 'main.cjs']) {
        await ctx.step(`Bun ${v}`, `run ${file}`, async () => {
          const { out } = await run('npx', ['bun', `src/${file}`], { cwd: ctx.dir });
          checkNodeResult(lastJsonLine(out, `bun ${file}`), `bun ${file}`);
          return null;
        });
      }
    },
  },
  {
    name: 'example-node-script',
    source: join(ROOT, 'examples', 'node-script'),
    async check(ctx) {
      await ctx.step(`Node ${process.version}`, 'examples/node-script', async () => {
        const { code, out } = await run('npm', ['start', '--silent'], { cwd: ctx.dir, allowFail: true });
        assertEqual(code, 1, 'exit status (one sample is rejected)');
        if (!/good\.json: 202 Accepted/.test(out) || !/missing-ref\.json: 400 Invalid input/.test(out) || !/\/volume\/ref: required/.test(out)) fail(`unexpected output:\n${tail(out)}`);
        return null;
      });
    },
  },
  {
    name: 'example-vite-page',
    source: join(ROOT, 'examples', 'vite-page'),
    async check(ctx) {
      const v = ctx.version('vite');
      await ctx.step(`Vite ${v}`, 'examples/vite-page (build, Chromium)', async () => {
        await run('npm', ['run', 'build'], { cwd: ctx.dir });
        const server = await serve(join(ctx.dir, 'dist'));
        const b = await chromium();
        const context = await b.newContext();
        try {
          const page = await context.newPage();
          await page.goto(server.url);
          await page.waitForSelector('#verdict[data-status]', { timeout: 30_000 });
          const status = await page.getAttribute('#verdict', 'data-status');
          assertEqual(status, '400', 'the status the page shows for its sample');
          await page.fill('#body', JSON.stringify({ volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lv1' } } }));
          await page.waitForSelector('#verdict[data-status="202"]', { timeout: 10_000 });
        } finally {
          await context.close();
          await server.close();
        }
        return null;
      });
    },
  },
];

// ---------------------------------------------------------------- runner

function pack() {
  mkdirSync(WORK, { recursive: true });
  for (const f of readdirSync(WORK)) if (f.endsWith('.tgz')) rmSync(join(WORK, f));
  const out = execFileSync('npm', ['pack', PKG, '--pack-destination', WORK, '--json'], { cwd: WORK, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return join(WORK, JSON.parse(out)[0].filename);
}

/** Copies a project into target/packaging/work/NAME (its node_modules kept) with the shared sources in src/. */
function layOut(project) {
  const source = project.source ?? join(HERE, 'projects', project.name);
  const dir = join(WORK, 'work', project.name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f !== 'node_modules') rmSync(join(dir, f), { recursive: true, force: true });
  for (const f of readdirSync(source)) if (f !== 'node_modules' && f !== 'dist') cpSync(join(source, f), join(dir, f), { recursive: true });
  if (!project.source) {
    mkdirSync(join(dir, 'src'), { recursive: true });
    for (const f of ['probe.js', 'probe.cjs', 'server.mjs', 'main.mjs', 'main.cjs']) cpSync(join(HERE, 'shared', f), join(dir, 'src', f));
    if (project.web) cpSync(join(HERE, 'shared', 'web'), join(dir, 'src'), { recursive: true });
  }
  return dir;
}

/** npm ci when the lockfile changed since the last install, then the package's tarball. */
async function install(dir, tarball) {
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(lock)) fail(`${relative(ROOT, lock)} is missing: every project pins its toolchain in a committed lockfile`);
  const stamp = join(dir, 'node_modules', '.ovm-lock-sha256');
  const want = sha256(readFileSync(lock));
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, timeoutMs: 240_000 });
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(stamp, want);
  }
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: dir, timeoutMs: 120_000 });
  // npm install --no-save rewrites nothing but may prune: keep the stamp honest.
  writeFileSync(stamp, want);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const p of PROJECTS) console.log(p.name);
    return 0;
  }
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null;
  const projects = PROJECTS.filter((p) => !only || only.has(p.name));
  if (only && projects.length !== only.size) {
    console.error(`unknown project in --only; known: ${PROJECTS.map((p) => p.name).join(', ')}`);
    return 2;
  }
  if (!existsSync(join(PKG, 'dist', 'stamp.json'))) {
    console.error('pkg/dist is missing: run `make pkg` first');
    return 2;
  }

  const started = Date.now();
  let tarball;
  try {
    tarball = pack(); // runs prepack: refuses a stale dist/
  } catch (e) {
    console.error(`npm pack pkg/ failed:\n${e.stderr ?? e.message}`);
    return 1;
  }
  console.log(`packed ${relative(ROOT, tarball)} (${kb(statSync(tarball).size)})`);

  const rows = [];
  for (const project of projects) {
    const t0 = Date.now();
    deadline = t0 + PROJECT_TIMEOUT_MS;
    let dir;
    const ctx = {
      tarball,
      get dir() {
        return dir;
      },
      version(name) {
        return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
      },
      async step(toolchain, what, fn) {
        const s0 = Date.now();
        const row = { project: project.name, toolchain, what, ok: false, size: null, seconds: 0, error: '' };
        rows.push(row);
        try {
          row.size = await fn();
          row.ok = true;
        } catch (e) {
          row.error = e instanceof Failure ? e.message : e.stack;
        }
        row.seconds = (Date.now() - s0) / 1000;
        console.log(`${row.ok ? 'ok  ' : 'FAIL'} ${project.name}: ${toolchain} ${what} (${row.seconds.toFixed(1)} s)${row.ok ? '' : `\n${row.error.replace(/^/gm, '     ')}`}`);
      },
    };
    try {
      dir = layOut(project);
      await install(dir, tarball);
      await project.check(ctx);
    } catch (e) {
      const error = e instanceof Failure ? e.message : e.stack;
      rows.push({ project: project.name, toolchain: project.name, what: 'install / setup', ok: false, size: null, seconds: (Date.now() - t0) / 1000, error });
      console.log(`FAIL ${project.name}: install / setup\n${error.replace(/^/gm, '     ')}`);
    } finally {
      for (const child of children) kill(child);
    }
  }
  await browser?.close();

  // The matrix.
  const table = [['toolchain', 'check', 'result', 'entry download (raw / gzip -9)', 'time']];
  for (const r of rows) table.push([r.toolchain, r.what, r.ok ? 'pass' : 'FAIL', r.size?.note ? `${sizeText(r.size) === '-' ? '' : `${sizeText(r.size)} `}(${r.size.note})` : sizeText(r.size), `${r.seconds.toFixed(1)} s`]);
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log('');
  for (const [i, row] of table.entries()) {
    console.log(row.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const passed = rows.filter((r) => r.ok).length;
  const failed = rows.length - passed;
  console.log(`\n${passed} passed, ${failed} failed`);
  console.log(`packaging matrix: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  writeFileSync(join(WORK, 'matrix.json'), `${JSON.stringify(rows, null, 2)}\n`);
  return failed === 0 ? 0 : 1;
}

process.on('SIGINT', () => {
  for (const child of children) kill(child);
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (e) => {
    for (const child of children) kill(child);
    console.error(e.stack);
    process.exit(1);
  },
);
