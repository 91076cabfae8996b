#!/usr/bin/env node
// `os-volume-manage`: the package's CLI, with the flags and the output of the
// native CLI (src/bin/os-volume-manage.rs); the package's tests compare the
// two. Exit status: 0 all accepted, 1 some rejected, 2 usage or I/O error.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';

const require = createRequire(import.meta.url);
const api = require('../node.cjs');
const wasm = require('../lib/node-wasm.cjs');
const raw = wasm.validators();
// The tools module (the core with the transformations): for the usage text
// and the tool commands only, so `check` loads just the validators.
const tools = () => wasm.tools();

// The same text as the native CLI's (src/cli.rs), from the core.
const usage = () => tools().__cliUsage();
// Commands computed entirely by the core's shared src/cli.rs (check streams here).
const TOOL_COMMANDS = ['size', 'ref', 'host', 'from-listing', 'render'];

class Failure extends Error {}

// Rust's `{:?}` for a string, for messages that quote user input.
function debugStr(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\0') out += '\\0';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

// Rust's io::Error text for the errors a CLI meets.
const STRERROR = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EPIPE: 'Broken pipe',
  EMFILE: 'Too many open files',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  ENXIO: 'No such device or address',
  EIO: 'Input/output error',
};

function ioText(e) {
  const errno = e && constants.errno[e.code];
  if (errno !== undefined && STRERROR[e.code]) return `${STRERROR[e.code]} (os error ${errno})`;
  return e && e.message ? e.message : String(e);
}

function parseArgs(argv) {
  const it = argv[Symbol.iterator]();
  const next = () => {
    const r = it.next();
    return r.done ? undefined : r.value;
  };
  const command = next();
  if (command === '-h' || command === '--help' || command === undefined) return null;
  if (command !== 'check') throw new Failure(`unknown command ${debugStr(command)}`);
  const args = { files: [], microversion: undefined, kind: undefined, endpoint: undefined, unicodeVersion: undefined, json: false, jsonl: false };
  for (let arg = next(); arg !== undefined; arg = next()) {
    let flag = arg;
    let inline;
    const eq = arg.indexOf('=');
    if (eq >= 0 && arg.slice(0, eq).startsWith('--')) {
      flag = arg.slice(0, eq);
      inline = arg.slice(eq + 1);
    }
    const value = (name) => {
      const v = inline !== undefined ? inline : next();
      if (v === undefined) throw new Failure(`${name} needs a value`);
      return v;
    };
    switch (flag) {
      case '--microversion':
        args.microversion = value('--microversion');
        break;
      case '--kind': {
        const k = value('--kind');
        if (k !== 'volume' && k !== 'snapshot') throw new Failure(`unknown kind ${debugStr(k)}: expected volume or snapshot`);
        args.kind = k;
        break;
      }
      case '--endpoint':
        args.endpoint = value('--endpoint');
        break;
      case '--unicode-version':
        args.unicodeVersion = value('--unicode-version');
        break;
      case '--format': {
        const f = value('--format');
        if (f === 'text') args.json = false;
        else if (f === 'json') args.json = true;
        else throw new Failure(`unknown format ${debugStr(f)}: expected text or json`);
        break;
      }
      case '--jsonl':
        args.jsonl = true;
        break;
      case '-h':
      case '--help':
        return null;
      default:
        if (arg.startsWith('--')) throw new Failure(`unknown option ${debugStr(arg)}`);
        args.files.push(arg);
    }
  }
  if (args.files.length === 0) args.files.push('-');
  return args;
}

// Writes with back-pressure; a closed stdout is an I/O error (exit 2).
let pending = '';
async function write(text) {
  pending += text;
  if (pending.length >= 1 << 16) await flush();
}
async function flush() {
  if (pending === '') return;
  const chunk = pending;
  pending = '';
  if (!process.stdout.write(chunk)) {
    await new Promise((resolve, reject) => {
      const onError = (e) => reject(e);
      process.stdout.once('error', onError);
      process.stdout.once('drain', () => {
        process.stdout.off('error', onError);
        resolve();
      });
    });
  }
}

function readAll(path) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    // Reading a closed or empty stdin is an empty body, as in Rust.
    if (path === '-' && (e.code === 'EAGAIN' || e.code === 'EOF')) return Buffer.alloc(0);
    throw new Failure(`cannot read ${path}: ${ioText(e)}`);
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

async function runFiles(args) {
  let allAccepted = true;
  for (const path of args.files) {
    const bytes = readAll(path);
    const label = path === '-' ? '<stdin>' : path;
    const result = JSON.parse(callRaw('__cliCheckFile', [label, bytes, args.kind, args.microversion, args.endpoint, args.unicodeVersion, args.json]));
    allAccepted &&= result.accepted;
    await write(result.output);
  }
  return allAccepted;
}

async function* lines(stream) {
  let rest = null;
  for await (const chunk of stream) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      yield rest === null ? piece : Buffer.concat([rest, piece]);
      rest = null;
      start = nl + 1;
    }
    if (start < chunk.length) rest = rest === null ? Buffer.from(chunk.subarray(start)) : Buffer.concat([rest, chunk.subarray(start)]);
  }
  if (rest !== null && rest.length > 0) yield rest;
}

function openStream(path) {
  if (path === '-') return Promise.resolve(process.stdin);
  return new Promise((resolve, reject) => {
    const s = createReadStream(path);
    s.once('open', () => resolve(s));
    s.once('error', (e) => reject(new Failure(`cannot read ${path}: ${ioText(e)}`)));
  });
}

async function runJsonl(args) {
  const defaults = { kind: args.kind, microversion: args.microversion, endpoint: args.endpoint, unicodeVersion: args.unicodeVersion };
  // Lossy like Rust's String::from_utf8_lossy, and a BOM stays part of the line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let allAccepted = true;
  for (const path of args.files) {
    const stream = await openStream(path);
    try {
      for await (const bytes of lines(stream)) {
        let line = decoder.decode(bytes);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const result = api.checkJsonlLine(line, defaults);
        if (result !== undefined) {
          allAccepted &&= JSON.parse(result).accepted === true;
          await write(`${result}\n`);
        }
      }
    } catch (e) {
      if (e instanceof Failure) throw e;
      throw new Failure(`cannot read ${path}: ${ioText(e)}`);
    }
  }
  return allAccepted;
}

// size, ref, host, from-listing, render: the core computes the output from
// the arguments and the input file's bytes, exactly as in the native CLI.
async function runTool(argv) {
  const argvJson = JSON.stringify(argv);
  const path = callRaw('__cliToolInput', [argvJson], tools());
  let input;
  if (path !== undefined) {
    try {
      input = readAll(path);
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

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    await write(`os-volume-manage ${api.version()}\n`);
    await flush();
    return 0;
  }
  if (TOOL_COMMANDS.includes(argv[0])) {
    try {
      return await runTool(argv);
    } catch (e) {
      if (e instanceof Failure) {
        process.stderr.write(`os-volume-manage: ${e.message}\n`);
        return 2;
      }
      if (e && e.code === 'EPIPE') {
        process.stderr.write(`os-volume-manage: cannot write output: ${ioText(e)}\n`);
        return 2;
      }
      throw e;
    }
  }
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    process.stderr.write(`os-volume-manage: ${e.message}\n\n${usage()}\n`);
    return 2;
  }
  if (args === null) {
    await write(`${usage()}\n`);
    await flush();
    return 0;
  }
  try {
    const ok = await (args.jsonl ? runJsonl(args) : runFiles(args));
    await flush();
    return ok ? 0 : 1;
  } catch (e) {
    if (!(e instanceof Failure)) {
      if (e && e.code === 'EPIPE') e = new Failure(`cannot write output: ${ioText(e)}`);
      else throw e;
    }
    try {
      await flush();
    } catch {
      // The error below is what matters.
    }
    process.stderr.write(`os-volume-manage: ${e.message}\n`);
    return 2;
  }
}

process.stdout.on('error', (e) => {
  process.stderr.write(`os-volume-manage: cannot write output: ${ioText(e)}\n`);
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
