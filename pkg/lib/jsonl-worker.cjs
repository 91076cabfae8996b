'use strict';
// One of checkJsonl's worker threads (started by lib/jsonl-workers.cjs):
// instantiates the validators module it is given (already compiled) and
// judges each batch of lines it receives, answering
// { seq, bytes, rejected, lines }.
const { parentPort, workerData } = require('node:worker_threads');
const glue = require('../dist/validators-node.cjs');
const { judgeBatch } = require('../dist/api.cjs');
const { lineCount } = require('./jsonl-workers.cjs');

glue.initSync({ module: workerData.module });

parentPort.on('message', ({ seq, bytes, defaults, exit }) => {
  // The package's tests make a worker die this way.
  if (exit) process.exit(exit);
  const out = judgeBatch(glue, bytes, false, defaults);
  // The output's buffer moves to the calling thread without a copy.
  const buffer = out.bytes.buffer;
  parentPort.postMessage({ seq, bytes: out.bytes, rejected: out.rejected, lines: lineCount(bytes) }, [buffer]);
});
