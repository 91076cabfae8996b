'use strict';
// checkJsonl (and the package CLI's `check --jsonl`) on worker threads in
// Node: the calling thread cuts the input into batches of lines, worker
// threads judge them (lib/jsonl-worker.cjs, each with its own instance of
// the validators module) and the results come back in input order. At most
// 2 × workers + 2 batches are in flight (read and not yet consumed), so
// memory stays bounded whatever the input's length and however slowly the
// output is consumed. A worker that dies is replaced and its batch judged
// again once; if that dies too, the iteration throws, naming the lines.
//
// Where threads cannot start (a bundle without lib/jsonl-worker.cjs, a
// runtime without worker_threads), the batches are judged on the calling
// thread instead: the same output, on one core. As in node-wasm.cjs, no
// literal require of a Node built-in appears here.

const { MAX_WORKERS, inThread, judgeBatch } = require('../dist/api.cjs');

function builtin(name) {
  try {
    if (typeof process === 'object' && process !== null && typeof process.getBuiltinModule === 'function') {
      return process.getBuiltinModule(name);
    }
  } catch {
    // Not Node: fall through.
  }
  return null;
}

/** The number of worker threads checkJsonl uses unless told: one per core, at most MAX_WORKERS. */
function defaultWorkers() {
  const os = builtin('os');
  if (!os) return 1;
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(MAX_WORKERS, n));
}

/** lib/jsonl-worker.cjs, or null when threads cannot run it here. */
function workerFile() {
  const fs = builtin('fs');
  const path = builtin('path');
  if (!fs || !path || !builtin('worker_threads') || typeof __dirname !== 'string') return null;
  const file = path.join(__dirname, 'jsonl-worker.cjs');
  return fs.existsSync(file) ? file : null;
}

/** The number of lines in a batch (a last one without a newline counts). */
function lineCount(bytes) {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
}

/**
 * `parallel(batches, defaults, { workers, test })` for createValidators:
 * `raw` is the calling thread's glue (for small inputs and the fallback),
 * `module()` the compiled WebAssembly.Module the workers instantiate.
 */
function createParallel(raw, module) {
  return async function* parallel(batches, d, { workers, test } = {}) {
    const n = workers ?? defaultWorkers();
    const file = workerFile();
    const it = batches[Symbol.asyncIterator]();
    if (file === null) {
      yield* inThread(raw, { [Symbol.asyncIterator]: () => it }, d);
      return;
    }
    // An input of one batch is judged here, without starting threads.
    const first = await it.next();
    if (first.done) return;
    let second;
    try {
      second = await it.next();
    } catch (e) {
      yield judgeBatch(raw, first.value, false, d);
      throw e;
    }
    if (second.done) {
      yield judgeBatch(raw, first.value, false, d);
      return;
    }

    const wt = builtin('worker_threads');
    const maxInFlight = 2 * n + 2;
    const pool = new Set();
    const idle = [];
    const queue = []; // batch numbers waiting for a worker
    const jobs = new Map(); // batch number -> { bytes, attempts }
    const done = new Map(); // batch number -> { text, rejected } or { error }
    let submitted = 0;
    let yielded = 0;
    let linesYielded = 0;
    let restarts = 0;
    let closing = false;
    let failure = null;
    let wake = null;
    const notify = () => {
      if (wake !== null) {
        const w = wake;
        wake = null;
        w();
      }
    };

    const dispatch = () => {
      while (idle.length > 0 && queue.length > 0) {
        const w = idle.pop();
        const seq = queue.shift();
        const job = jobs.get(seq);
        w.current = seq;
        w.ref();
        const exit = test && test.batch === seq && job.attempts < (test.times ?? 1) ? 70 : 0;
        w.postMessage({ seq, bytes: job.bytes, defaults: d, exit });
      }
    };

    const start = () => {
      const w = new wt.Worker(file, { workerData: { module: module() } });
      w.current = -1;
      w.on('message', (m) => {
        jobs.delete(m.seq);
        done.set(m.seq, m);
        w.current = -1;
        w.unref();
        idle.push(w);
        dispatch();
        notify();
      });
      w.on('error', (e) => {
        w.lastError = e;
      });
      w.on('exit', (code) => {
        pool.delete(w);
        const at = idle.indexOf(w);
        if (at !== -1) idle.splice(at, 1);
        if (closing) return;
        const seq = w.current;
        const why = w.lastError ? `${w.lastError.name}: ${w.lastError.message}` : `exit code ${code}`;
        if (seq >= 0) {
          const job = jobs.get(seq);
          job.attempts++;
          if (job.attempts >= 2) {
            jobs.delete(seq);
            done.set(seq, { error: { why, bytes: job.bytes } });
          } else {
            queue.unshift(seq);
          }
        }
        if (restarts < 2 * n + 4) {
          restarts++;
          try {
            start();
          } catch (e) {
            failure = e;
          }
        } else if (pool.size === 0) {
          failure = new Error(`os-volume-manage: checkJsonl's worker threads keep stopping (last: ${why})`);
        }
        dispatch();
        notify();
      });
      w.unref();
      pool.add(w);
      idle.push(w);
    };

    const submit = (bytes) => {
      jobs.set(submitted, { bytes, attempts: 0 });
      queue.push(submitted);
      submitted++;
      dispatch();
    };

    try {
      for (let i = 0; i < n; i++) start();
      submit(first.value);
      submit(second.value);
      let inputDone = false;
      let inputError = null;
      for (;;) {
        while (!inputDone && submitted - yielded < maxInFlight) {
          let r;
          try {
            r = await it.next();
          } catch (e) {
            inputError = e;
            inputDone = true;
            break;
          }
          if (r.done) inputDone = true;
          else submit(r.value);
        }
        const r = done.get(yielded);
        if (r !== undefined) {
          done.delete(yielded);
          yielded++;
          if (r.error) {
            const from = linesYielded + 1;
            const to = linesYielded + lineCount(r.error.bytes);
            throw new Error(`os-volume-manage: a worker thread stopped twice while judging input lines ${from}-${to} (${r.error.why})`);
          }
          linesYielded += r.lines;
          yield { bytes: r.bytes, rejected: r.rejected };
          continue;
        }
        if (failure !== null) throw failure;
        if (inputDone && yielded === submitted) {
          if (inputError !== null) throw inputError;
          return;
        }
        await new Promise((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      closing = true;
      for (const w of pool) w.terminate();
      if (typeof it.return === 'function') await it.return();
    }
  };
}

exports.createParallel = createParallel;
exports.lineCount = lineCount;
exports.defaultWorkers = defaultWorkers;
