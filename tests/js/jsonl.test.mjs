// Bulk JSONL through the package alone: checkJsonl (batches judged on
// worker threads), checkJsonlBatch (one call into WebAssembly per batch)
// and the package CLI's `check --jsonl`, against the native CLI byte for
// byte; their memory bound, back-pressure and error paths (a worker
// dying, bad lines, a file that cannot be read, misuse).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import { CONSUMER, benchCorpus, consumerRequire, ensureNativeCli, packageCli } from './helpers.mjs';

const native = ensureNativeCli();
const pkgCli = packageCli();
const ovm = consumerRequire()('os-volume-manage');
const TMP = mkdtempSync(join(tmpdir(), 'ovm-jsonl-'));

function nativeOut(argv, input) {
  const r = spawnSync(native, argv, { input, maxBuffer: 1 << 30, cwd: TMP });
  if (r.error) throw r.error;
  return r;
}

async function collect(iterable) {
  const out = [];
  for await (const line of iterable) out.push(line);
  return out;
}

function firstDifference(a, b) {
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((l, k) => l !== bl[k]);
  return i === -1 ? `(lengths ${al.length} and ${bl.length})` : `line ${i + 1}:\nnative:  ${al[i]?.slice(0, 300)}\npackage: ${bl[i]?.slice(0, 300)}`;
}

function sameText(actual, expected, what) {
  if (actual !== expected) assert.fail(`${what} differs at ${firstDifference(expected, actual)}`);
}

describe('parity with the native CLI on the benchmark corpora', () => {
  const corpora = [
    ['the first 20,000 lines of corpus-200k.jsonl', benchCorpus('plain', 20_000)],
    ['the first 2,000 lines of corpus-heavy-50k.jsonl', benchCorpus('heavy', 2_000)],
  ];
  for (const [name, file] of corpora) {
    test(`${name}: checkJsonl (threads and calling thread), the package CLI`, async () => {
      const expected = nativeOut(['check', '--jsonl', file]);
      const text = expected.stdout.toString();
      assert.ok(text.length > 100_000, 'the native CLI judged the corpus');
      for (const workers of [undefined, 1, 3, 0]) {
        const lines = await collect(ovm.checkJsonl(createReadStream(file), { workers }));
        sameText(`${lines.join('\n')}\n`, text, `checkJsonl with workers ${workers}`);
      }
      const pkg = spawnSync(process.execPath, [pkgCli, 'check', '--jsonl', file], { maxBuffer: 1 << 30 });
      assert.equal(pkg.stderr.toString(), expected.stderr.toString());
      assert.equal(pkg.status, expected.status);
      sameText(pkg.stdout.toString(), text, 'the package CLI');
    });
  }

  test('checkJsonlBatch gives checkJsonlLine\'s line for each line, aligned', () => {
    const lines = readFileSync(benchCorpus('heavy', 2_000), 'utf8').split('\n').slice(0, 500);
    lines.splice(10, 0, '', '   ', 'not json', '{"id": 1, "body": {}}\r', '\ufeff{"id": 2}');
    const batch = ovm.checkJsonlBatch(lines, { microversion: '3.16' });
    assert.equal(batch.length, lines.length);
    lines.forEach((line, i) => assert.equal(batch[i], ovm.checkJsonlLine(line, { microversion: '3.16' }), `line ${i}`));
    assert.equal(batch[10], undefined);
    assert.deepEqual(ovm.checkJsonlBatch([]), []);
  });
});

describe('checkJsonl inputs and error paths', () => {
  const good = '{"id": "g", "body": {"volume": {"host": "h@b#p", "ref": {"source-name": "x"}}}}';

  test('bad lines, bytes that are not UTF-8, CRLF and a last line without a newline: the native output', async () => {
    const parts = [
      Buffer.from(`${good}\r\n`),
      Buffer.from('not json at all\n\n'),
      Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from(`{"id": 3, "body_text": "{\\"volume\\": NaN}"}\n[1, 2]\n${good}`),
    ];
    const input = Buffer.concat(parts);
    const expected = nativeOut(['check', '--jsonl'], input).stdout.toString();
    assert.equal(expected.split('\n').length, 7);
    for (const workers of [0, 2]) {
      // Chunks cut anywhere, even inside a UTF-8 sequence or a CRLF.
      const chunks = [];
      for (let i = 0; i < input.length; i += 7) chunks.push(input.subarray(i, i + 7));
      sameText(`${(await collect(ovm.checkJsonl(Readable.from(chunks), { workers }))).join('\n')}\n`, expected, `chunks, workers ${workers}`);
      sameText(`${(await collect(ovm.checkJsonl(input, { workers }))).join('\n')}\n`, expected, `bytes, workers ${workers}`);
      sameText(`${(await collect(ovm.checkJsonl(Readable.toWeb(Readable.from([input])), { workers }))).join('\n')}\n`, expected, 'a web ReadableStream');
    }
    // Text chunks and the CLI's flags as defaults.
    const text = `${good}\n{"id": "s", "body": {"snapshot": {"volume_id": "x", "ref": {}}}}\n`;
    const flags = nativeOut(['check', '--jsonl', '--kind', 'snapshot', '--microversion', '3.8'], Buffer.from(text)).stdout.toString();
    const pieces = (function* () {
      yield text.slice(0, 5);
      yield text.slice(5);
    })();
    sameText(`${(await collect(ovm.checkJsonl(pieces, { kind: 'snapshot', microversion: '3.8' }))).join('\n')}\n`, flags, 'defaults');
  });

  test('a worker that dies is replaced and its batch judged again; one that dies twice stops the iteration, naming the lines', async () => {
    const file = benchCorpus('plain', 20_000);
    const expected = nativeOut(['check', '--jsonl', file]).stdout.toString();
    const once = await collect(ovm.checkJsonl(createReadStream(file), { workers: 2, __exitWorker: { batch: 2, times: 1 } }));
    sameText(`${once.join('\n')}\n`, expected, 'after a worker died once');
    const seen = [];
    await assert.rejects(
      async () => {
        for await (const line of ovm.checkJsonl(createReadStream(file), { workers: 2, __exitWorker: { batch: 2, times: 2 } })) seen.push(line);
      },
      (e) => {
        assert.match(e.message, /^os-volume-manage: a worker thread stopped twice while judging input lines (\d+)-(\d+) \(exit code 70\)$/);
        const [, from] = /lines (\d+)-/.exec(e.message);
        // Every line before the lost batch was given, in order.
        assert.equal(Number(from), seen.length + 1);
        sameText(`${seen.join('\n')}\n`, `${expected.split('\n').slice(0, seen.length).join('\n')}\n`, 'the lines before');
        return true;
      },
    );
  });

  test('a source that fails: the lines read before it, then its error', async () => {
    async function* failing() {
      yield `${good}\n${good}\n{"id": "half`;
      throw new Error('disk on fire');
    }
    const seen = [];
    await assert.rejects(async () => {
      for await (const line of ovm.checkJsonl(failing(), { workers: 2 })) seen.push(line);
    }, /disk on fire/);
    assert.equal(seen.length, 2);
  });

  test('misuse is a TypeError at the call', () => {
    assert.throws(() => ovm.checkJsonl(['a', 'b']), /checkJsonlBatch takes an array of lines/);
    assert.throws(() => ovm.checkJsonl(42), /input must be a readable stream/);
    assert.throws(() => ovm.checkJsonl('', { workers: -1 }), /options.workers must be a whole number/);
    assert.throws(() => ovm.checkJsonl('', { kind: 'disk' }), /defaults.kind must be "volume" or "snapshot"/);
    assert.throws(() => ovm.checkJsonl('', { color: 'red' }), /unknown option "color"/);
    assert.throws(() => ovm.checkJsonlBatch('a\nb'), /lines must be an array of strings/);
    assert.throws(() => ovm.checkJsonlBatch(['a', 7]), /lines\[1\] must be a string, not a number/);
    assert.throws(() => ovm.checkJsonlBatch(['a\nb']), /lines\[0\] contains a line break/);
  });

  test('a chunk that is neither text nor bytes rejects the iteration', async () => {
    const chunks = (function* () {
      yield `${good}\n`;
      yield 12;
    })();
    await assert.rejects(collect(ovm.checkJsonl(chunks)), /a chunk of the input must be a string or a Uint8Array, not a number/);
  });
});

describe('constant memory and back-pressure', () => {
  test('a consumer that stops reading stops the input: at most a few batches are read ahead', async () => {
    const line = `${readFileSync(benchCorpus('plain', 2_000), 'utf8').split('\n')[0]}\n`;
    let produced = 0;
    const total = 200_000;
    const source = new Readable({
      read() {
        for (let i = 0; i < 64; i++) {
          if (produced >= total) {
            this.push(null);
            return;
          }
          produced++;
          if (!this.push(line)) return;
        }
      },
    });
    const it = ovm.checkJsonl(source, { workers: 2 })[Symbol.asyncIterator]();
    assert.equal((await it.next()).done, false);
    await new Promise((r) => setTimeout(r, 500));
    const readAhead = produced * line.length;
    // 2 workers: 6 batches of 256 KiB in flight, plus the stream's own buffer.
    assert.ok(readAhead < 4 << 20, `read ${readAhead} bytes ahead of a consumer that took one line`);
    await it.return();
    assert.ok(source.destroyed, 'stopping the iteration closes the stream');
  });

  test('memory does not grow with the input: 400,000 lines stream through a heap capped at 24 MiB', () => {
    const file = benchCorpus('plain', 20_000);
    const probe = join(TMP, 'memory.mjs');
    // A child process per run: the peak resident set of the whole process
    // (its worker threads included) while checkJsonl streams N lines of the
    // corpus, repeated, and the output is consumed and counted.
    writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const ovm = createRequire(${JSON.stringify(join(CONSUMER, 'index.cjs'))})('os-volume-manage');
const lines = readFileSync(process.argv[2], 'utf8');
const times = Number(process.argv[3]);
async function* input() { for (let i = 0; i < times; i++) yield lines; }
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
let n = 0;
for await (const l of ovm.checkJsonl(input(), { workers: 2 })) n += l.length > 0 ? 1 : 0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ n, peakMiB: peak / 2 ** 20 }));
`,
    );
    // The calling thread's heap is capped: keeping the input or the output
    // of 400,000 lines (90 MB in, 190 MB out) would not fit, and the process
    // would die of it (as holding 400,000 such strings does: checked below).
    const cap = ['--max-old-space-size=24', '--max-semi-space-size=2'];
    const run = (times) => {
      const r = spawnSync(process.execPath, [...cap, probe, file, String(times)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr.slice(-2000));
      return JSON.parse(r.stdout);
    };
    const small = run(1);
    const large = run(20);
    console.log(`# peak RSS (worker threads included): ${small.n} lines ${small.peakMiB.toFixed(1)} MiB, ${large.n} lines ${large.peakMiB.toFixed(1)} MiB`);
    assert.equal(small.n, 20_000);
    assert.equal(large.n, 400_000);
    const hoard = spawnSync(process.execPath, [...cap, '-e', "const a = []; for (let i = 0; i < 400000; i++) a.push('x'.repeat(200) + i);"], { encoding: 'utf8' });
    assert.notEqual(hoard.status, 0, 'the cap is tight enough to stop a program that keeps the lines');
  });
});

describe('the package CLI', () => {
  test('a file that cannot be read after one that can: its lines, then the native error', () => {
    writeFileSync(join(TMP, 'a.jsonl'), '{"id": 1, "body": {}}\n{"id": 2, "body": {}}');
    const argv = ['check', '--jsonl', 'a.jsonl', 'missing.jsonl'];
    const a = nativeOut(argv);
    const b = spawnSync(process.execPath, [pkgCli, ...argv], { cwd: TMP, maxBuffer: 1 << 30 });
    assert.equal(a.stdout.toString().split('\n').length, 3);
    assert.equal(b.stdout.toString(), a.stdout.toString());
    assert.equal(b.stderr.toString(), a.stderr.toString());
    assert.equal(b.status, 2);
  });
});
