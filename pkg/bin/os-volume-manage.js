#!/usr/bin/env node
// `os-volume-manage`: the package's CLI. The arguments are parsed and every
// text is written by the same Rust code as the native CLI's
// (crates/os-volume-manage-cli, through the wasm module's __cli* exports);
// this file only reads input and writes output (`check --jsonl` judges its
// batches of lines on worker threads). The package's tests compare the two
// CLIs. Exit status: 0 all accepted, 1 some rejected, 2 usage or
// I/O error.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wasm = require('../lib/node-wasm.cjs');
const raw = wasm.validators();
// The tools module (the core with the transformations): for the tool
// commands only, so `check` loads just the validators.
const tools = () => wasm.tools();

class Failure extends Error {}

/** Why a file could not be read, in the native CLI's words. */
function readError(path, e) {
  const code = e && typeof e.code === 'string' ? e.code : '';
  const detail = e && e.message ? e.message : String(e);
  return raw.__cliReadError(path, code, detail);
}

// Writes with back-pressure; a closed stdout is an I/O error (exit 2).
let pending = '';
async function write(text) {
  pending += text;
  if (pending.length >= 1 << 16) await flush();
}
function drained() {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    process.stdout.once('error', onError);
    process.stdout.once('drain', () => {
      process.stdout.off('error', onError);
      resolve();
    });
  });
}
async function flush() {
  if (pending === '') return;
  const chunk = pending;
  pending = '';
  if (!process.stdout.write(chunk)) await drained();
}
// Bytes as they are (the output of --jsonl batches), after any pending text.
async function writeBytes(bytes) {
  await flush();
  if (!process.stdout.write(bytes)) await drained();
}

function readAll(path) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    // Reading a closed or empty stdin is an empty body, as in Rust.
    if (path === '-' && (e.code === 'EAGAIN' || e.code === 'EOF')) return Buffer.alloc(0);
    throw new Failure(readError(path, e));
  }
}

function callRaw(name, args, bindings = raw) {
  try {
    return bindings[name](...args);
  } catch (e) {
    if (e !== null && typeof e === 'object' && e.name === 'Error') throw new Failure(e.message);
    throw new Failure(`internal error (please report the input): ${e}`);
  }
}

async function runFiles(argvJson, files, requests = []) {
  let allAccepted = true;
  // Body files, then raw HTTP requests (--request), as the native CLI does.
  for (const [paths, exportName] of [[files, '__cliCheckFile'], [requests, '__cliCheckRequest']]) {
    for (const path of paths) {
      const bytes = readAll(path);
      const label = path === '-' ? '<stdin>' : path;
      const result = JSON.parse(callRaw(exportName, [argvJson, label, bytes]));
      if (result.error !== undefined) throw new Failure(result.error);
      allAccepted &&= result.accepted;
      await write(result.output);
    }
  }
  return allAccepted;
}

function openStream(path) {
  if (path === '-') return Promise.resolve(process.stdin);
  return new Promise((resolve, reject) => {
    const s = createReadStream(path, { highWaterMark: 1 << 18 });
    s.once('open', () => resolve(s));
    s.once('error', (e) => reject(new Failure(readError(path, e))));
  });
}

/** The bytes of every file in turn, a newline added after a file whose last line has none. */
async function* fileChunks(files) {
  for (const path of files) {
    const stream = await openStream(path);
    let last = 10;
    try {
      for await (const chunk of stream) {
        if (chunk.length === 0) continue;
        last = chunk[chunk.length - 1];
        yield chunk;
      }
    } catch (e) {
      if (e instanceof Failure) throw e;
      throw new Failure(readError(path, e));
    }
    if (last !== 10) yield Buffer.from('\n');
  }
}

// Batches of lines judged on worker threads (lib/jsonl-workers.cjs), their
// output written in input order, exactly the native CLI's bytes.
async function runJsonl(files, defaults) {
  const { jsonlBatches } = require('../dist/api.cjs');
  const { createParallel } = require('../lib/jsonl-workers.cjs');
  const parallel = createParallel(raw, wasm.validatorsModule);
  if (defaults.kind !== null && defaults.kind !== undefined && defaults.kind !== 'volume' && defaults.kind !== 'snapshot') {
    throw new Failure(`unknown kind ${defaults.kind}`);
  }
  const d = {
    kind: defaults.kind ?? undefined,
    microversion: defaults.microversion ?? undefined,
    endpoint: defaults.endpoint ?? undefined,
    unicodeVersion: defaults.unicodeVersion ?? undefined,
    maxRequestBodySize: defaults.maxRequestBodySize ?? undefined,
    server: defaults.server ?? undefined,
  };
  let allAccepted = true;
  await flush();
  for await (const { bytes, rejected } of parallel(jsonlBatches(fileChunks(files)), d)) {
    if (rejected > 0) allAccepted = false;
    await writeBytes(bytes);
  }
  return allAccepted;
}

// size, ref, host, from-listing, render: the core computes the output from
// the arguments and the input file's bytes, exactly as in the native CLI.
async function runTool(argvJson, inputPath) {
  let input;
  if (inputPath !== null) {
    try {
      input = readAll(inputPath);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      process.stderr.write(`os-volume-manage: ${e.message}\n`);
      return 2;
    }
  }
  const out = JSON.parse(callRaw('__cliRunTool', [argvJson, input], tools()));
  await write(out.stdout);
  await flush();
  process.stderr.write(out.stderr);
  return out.code;
}

function writeFailure(e) {
  if (e instanceof Failure) {
    process.stderr.write(`os-volume-manage: ${e.message}\n`);
    return 2;
  }
  if (e && e.code === 'EPIPE') {
    process.stderr.write(`os-volume-manage: cannot write output: ${e.message}\n`);
    return 2;
  }
  throw e;
}

async function main() {
  const argvJson = JSON.stringify(process.argv.slice(2));
  const parsed = JSON.parse(callRaw('__cliParse', [argvJson]));
  switch (parsed.invocation) {
    case 'error':
      process.stderr.write(parsed.stderr);
      return 2;
    case 'help':
      await write(`${parsed.usage}\n`);
      await flush();
      return 0;
    case 'version':
      await write(`os-volume-manage ${parsed.version}\n`);
      await flush();
      return 0;
    case 'tool':
      try {
        return await runTool(argvJson, parsed.input);
      } catch (e) {
        return writeFailure(e);
      }
    default:
      break;
  }
  try {
    const defaults = { ...parsed.defaults, maxRequestBodySize: parsed.defaults.maxRequestBodySize === 'none' ? Infinity : parsed.defaults.maxRequestBodySize };
    const ok = await (parsed.jsonl ? runJsonl(parsed.files, defaults) : runFiles(argvJson, parsed.files, parsed.requests));
    await flush();
    return ok ? 0 : 1;
  } catch (e) {
    try {
      await flush();
    } catch {
      // The error below is what matters.
    }
    return writeFailure(e);
  }
}

process.stdout.on('error', (e) => {
  process.stderr.write(`os-volume-manage: cannot write output: ${e.message}\n`);
  process.exit(2);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`os-volume-manage: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);
