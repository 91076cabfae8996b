// The package CLI against the native CLI: the same bytes on stdout and
// stderr and the same exit status, for a generated --jsonl corpus and for
// single-file checks; and the JS API against the native --jsonl verdicts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { generateCorpus, toJsonl } from './corpus.mjs';
import { FIXTURES, consumerRequire, ensureNativeCli, packageCli } from './helpers.mjs';

const native = ensureNativeCli();
const pkgCli = packageCli();
const ovm = consumerRequire()('os-volume-manage');
const TMP = mkdtempSync(join(tmpdir(), 'ovm-cli-'));

function run(argv, input, cli) {
  const [cmd, args] = cli === 'native' ? [native, argv] : [process.execPath, [pkgCli, ...argv]];
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30, cwd: TMP });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

function same(argv, input = Buffer.alloc(0)) {
  const a = run(argv, input, 'native');
  const b = run(argv, input, 'package');
  assert.equal(b.stderr, a.stderr, `stderr of ${argv.join(' ')}`);
  assert.equal(b.status, a.status, `exit status of ${argv.join(' ')}`);
  if (!b.stdout.equals(a.stdout)) {
    const al = a.stdout.toString().split('\n');
    const bl = b.stdout.toString().split('\n');
    const i = al.findIndex((l, k) => l !== bl[k]);
    assert.fail(`stdout of ${argv.join(' ')} differs at line ${i + 1}:\nnative:  ${al[i]}\npackage: ${bl[i]}`);
  }
  return a;
}

describe('--jsonl parity on a generated corpus', () => {
  const corpus = generateCorpus(20261127, 3000);
  const input = toJsonl(corpus);
  const file = join(TMP, 'corpus.jsonl');
  writeFileSync(file, input);

  test(`${corpus.length} cases from stdin: identical output lines and exit status`, () => {
    const a = same(['check', '--jsonl'], input);
    const out = a.stdout.toString().split('\n');
    assert.equal(out.pop(), '');
    const blank = corpus.filter((l) => l.raw.toString().trim() === '').length;
    assert.equal(out.length, corpus.length - blank);
    const verdicts = out.map((l) => JSON.parse(l));
    const accepted = verdicts.filter((v) => v.accepted).length;
    const statuses = new Set(verdicts.map((v) => v.http_status));
    console.log(`# ${out.length} lines, ${accepted} accepted, statuses ${[...statuses].sort().join(' ')}`);
    assert.ok(accepted > 150, 'the corpus exercises accepted requests');
    for (const s of [202, 400, 404, 406, 500, null]) assert.ok(statuses.has(s), `status ${s} occurs`);
  });

  test('the same corpus from a file, with default flags, split across two files', () => {
    same(['check', '--jsonl', file, '--microversion', '3.16', '--kind', 'snapshot']);
    same(['check', '--jsonl', '--endpoint=manageable_volumes', '--unicode-version', '16.0', file]);
    const half = Math.floor(corpus.length / 2);
    writeFileSync(join(TMP, 'a.jsonl'), toJsonl(corpus.slice(0, half), false));
    writeFileSync(join(TMP, 'b.jsonl'), toJsonl(corpus.slice(half)));
    same(['check', '--jsonl', 'a.jsonl', '-', 'b.jsonl'], Buffer.from('{"id": "stdin", "body": {}}\n'));
  });

  test('long lines across read-buffer boundaries, and an all-accepted run exits 0', () => {
    const sample = JSON.stringify({ volume: { host: 'h@b#p', ref: { 'source-name': 'x' }, description: 'd'.repeat(100_000) } });
    const good = JSON.stringify({ volume: { host: 'h@b#p', ref: { 'source-name': 'x' } } });
    const lines = [];
    for (let i = 0; i < 50; i++) lines.push(JSON.stringify({ id: i, body_text: i % 2 ? sample : good }));
    same(['check', '--jsonl'], Buffer.from(lines.join('\n')));
    const ok = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: i, body: JSON.parse(good) })).join('\r\n');
    assert.equal(same(['check', '--jsonl'], Buffer.from(`${ok}\n\n`)).status, 0);
  });

  test('the JS API gives the native verdict for every case it can express', () => {
    const out = run(['check', '--jsonl'], toJsonl(corpus.filter((l) => l.raw.toString().trim() !== '')), 'native').stdout.toString().split('\n');
    const nonBlank = corpus.filter((l) => l.raw.toString().trim() !== '');
    let compared = 0;
    nonBlank.forEach((l, i) => {
      const c = l.case;
      if (!c || !l.plain) return;
      const infer = (b) => (b && typeof b === 'object' && !Array.isArray(b) && 'snapshot' in b && !('volume' in b) ? 'snapshot' : 'volume');
      let kind = c.kind ?? (typeof c.endpoint === 'string' && /snapshot/.test(c.endpoint) ? 'snapshot' : typeof c.endpoint === 'string' && /volume/.test(c.endpoint) ? 'volume' : undefined);
      if (kind === undefined && c.kind === undefined) {
        if ('body' in c) kind = infer(c.body);
        else {
          try {
            kind = infer(JSON.parse(c.body_text));
          } catch {
            return; // Python-only JSON: the native side infers from its own parse
          }
        }
      }
      if (kind !== 'volume' && kind !== 'snapshot') return;
      const strOrNull = (v) => v === undefined || v === null || typeof v === 'string';
      if (!strOrNull(c.microversion) || !strOrNull(c.endpoint) || !strOrNull(c.unicode_version)) return;
      const expected = JSON.parse(out[i]);
      if (expected.http_status === null) return; // invalid_options: a TypeError in the API
      const options = { microversion: c.microversion, endpoint: c.endpoint, unicodeVersion: c.unicode_version };
      const name = kind === 'volume' ? 'VolumeManage' : 'SnapshotManage';
      const r = 'body_text' in c ? ovm[`validate${name}Json`](c.body_text, options) : ovm[`validate${name}`](c.body, options);
      assert.deepEqual(
        { id: expected.id, accepted: r.accepted, http_status: r.httpStatus, server_error: r.serverError, errors: r.errors, warnings: r.warnings, changes: r.changes, normalized: r.normalized },
        expected,
        `case ${JSON.stringify(c).slice(0, 300)}`,
      );
      compared++;
    });
    console.log(`# ${compared} cases compared through the API`);
    assert.ok(compared > 1000);
  });
});

describe('check FILE parity', () => {
  const samples = ['volume-manage-request.json', 'volume-manage-request-cluster.json', 'snapshot-manage-request.json'].map((f) => join(FIXTURES, f));
  writeFileSync(join(TMP, 'bad.json'), '{"volume": {"host": "h", "ref": "source-name", "name": 1, "bootable": "maybe"}}');
  writeFileSync(join(TMP, 'nan.json'), '{"volume": {"host": "h@b#p", "ref": {"source-name": "x", "n": NaN}, "name": " \\ud800 ", "description": "x\\n"}}');
  writeFileSync(join(TMP, 'empty.json'), '');
  writeFileSync(join(TMP, 'latin1.json'), Buffer.from([0x7b, 0x22, 0x76, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
  const files = [...samples, 'bad.json', 'nan.json', 'empty.json', 'latin1.json'];

  for (const format of ['text', 'json']) {
    test(`--format ${format}: each file, every microversion form`, () => {
      for (const f of files) {
        for (const mv of [[], ['--microversion', '3.16'], ['--microversion=volume latest'], ['--microversion', '3.72'], ['--microversion', 'volume 3 x']]) {
          same(['check', f, ...mv, '--format', format]);
        }
      }
      same(['check', ...files, '--format', format]);
      same(['check', samples[2], '--kind', 'volume', '--format', format]);
      same(['check', samples[0], '--endpoint', 'manageable_volumes', '--format', format]);
      same(['check', samples[2], '--endpoint', 'manageable_snapshots', '--microversion', '3.8', '--unicode-version', '15.1', '--format', format]);
    });
  }

  test('stdin, "-" and the kind inferred from the body', () => {
    same(['check'], Buffer.from('{"snapshot": {"volume_id": "x", "ref": {}}}'));
    same(['check', '-', '--format', 'json'], Buffer.from('{"volume": {}}'));
    same(['check', '-'], Buffer.alloc(0));
  });

  test('usage and I/O errors: same message, exit status 2', () => {
    for (const argv of [
      [],
      ['--help'],
      ['-h'],
      ['check', '--help'],
      ['validate'],
      ['check', '--bogus'],
      ['check', '--bogus=1'],
      ['check', '--microversion'],
      ['check', '--kind', 'disk'],
      ['check', '--format', 'yaml'],
      ['check', 'missing.json'],
      ['check', samples[0], 'missing.json'],
      ['check', '--jsonl', 'missing.jsonl'],
      ['check', TMP],
      ['check', samples[0], '--endpoint', 'nowhere'],
      ['check', samples[0], '--endpoint', 'os-snapshot-manage', '--kind', 'volume'],
      ['check', samples[0], '--unicode-version', '9.0'],
      ['check', 'tab\there'],
    ]) {
      same(argv);
    }
  });
});

describe('whole requests: -H, --request, --max-request-body-size, --server', () => {
  const body = '{"volume": {"host": "h@b#p", "ref": {"source-name": "lv1"}}}';
  writeFileSync(join(TMP, 'req-body.json'), body);
  const raw = (head, payload) => Buffer.concat([Buffer.from(`${head}\r\n\r\n`), Buffer.from(payload)]);
  writeFileSync(join(TMP, 'ok.http'), raw(`POST /v3/0123abcd/os-volume-manage HTTP/1.1\r\nContent-Type: application/json\r\nX-Auth-Token: t\r\nContent-Length: ${body.length}`, body));
  writeFileSync(join(TMP, 'chunked.http'), raw('POST /v3/0123abcd/manageable_volumes HTTP/1.1\r\nContent-Type: application/json\r\nOpenStack-API-Version: volume 3.16\r\nTransfer-Encoding: chunked', `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`));
  writeFileSync(join(TMP, 'text.http'), raw('POST /v3/os-snapshot-manage HTTP/1.1\r\nContent-Type: text/plain;charset=UTF-8\r\nAccept: text/html', '{}'));
  writeFileSync(join(TMP, 'get.http'), raw('GET /v3/abc/os-volume-manage HTTP/1.1', ''));
  writeFileSync(join(TMP, 'short.http'), raw('POST /v3/abc/os-volume-manage HTTP/1.1\r\nContent-Length: 999999999999', '{}'));
  writeFileSync(join(TMP, 'badchunk.http'), raw('POST /v3/abc/os-volume-manage HTTP/1.1\r\nTransfer-Encoding: chunked', 'fffffffffffffffff\r\n'));
  const cases = [
    ['check', 'req-body.json', '-H', 'Content-Type: application/json', '-H', 'OpenStack-API-Version: volume 3.16'],
    ['check', 'req-body.json', '-H', 'Content-Type: text/plain;charset=UTF-8'],
    ['check', 'req-body.json', '-HAccept: application/vnd.openstack.volume+json', '--header=Content-Type: application/json', '--format', 'json'],
    ['check', 'req-body.json', '-H', 'X-A: b', '--server', 'eventlet'],
    ['check', 'req-body.json', '--max-request-body-size', '10'],
    ['check', 'req-body.json', '--max-request-body-size', '10', '-H', 'Content-Type: application/json', '-H', 'Accept: text/html'],
    ['check', '--request', 'ok.http', '--request', 'chunked.http', '--request', 'text.http'],
    ['check', '--request', 'chunked.http', '--server', 'eventlet', '--format', 'json'],
    ['check', '--request', 'get.http', '--request', 'short.http', '--request', 'badchunk.http'],
    ['check', '--request', 'ok.http', '--format', 'json', '--max-request-body-size', 'none'],
    ['check', '--request', 'ok.http', '--endpoint', 'manageable_volumes'],
    ['check', '--request', 'missing.http'],
    ['check', 'req-body.json', '-H', 'no colon'],
    ['check', '--jsonl', '-H', 'A: b'],
    ['check', '--request', 'ok.http', '--microversion', '3.16'],
    ['check', '--max-request-body-size', 'lots'],
  ];
  for (const argv of cases) {
    test(argv.join(' '), () => {
      same(argv);
    });
  }
  test('--jsonl with a limit and a server for lines with headers', () => {
    const lines = [
      JSON.stringify({ id: 1, endpoint: 'os-volume-manage', headers: { 'Content-Type': 'application/json' }, body_text: body }),
      JSON.stringify({ id: 2, headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/json' }, body_text: body }),
      JSON.stringify({ id: 3, body_b64: Buffer.from(body).toString('base64') }),
      JSON.stringify({ id: 4, headers: { 'X-A': 'b' }, microversion: '3.16', body_text: body }),
    ].join('\n');
    for (const flags of [[], ['--max-request-body-size', '10'], ['--server', 'eventlet'], ['--max-request-body-size=none']]) {
      same(['check', '--jsonl', ...flags], Buffer.from(lines));
    }
  });
});

describe('size, ref, host, from-listing, render, from-command: the package CLI prints the native bytes', () => {
  const detail = join(FIXTURES, 'volume-manage-list-detail-response.json');
  const snapshots = join(FIXTURES, 'snapshot-manage-list-detail-response.json');
  const body = Buffer.from('{"volume":{"host":"h@b#p","ref":{"source-id":"42"},"metadata":{"k":"v"}}}\n');
  const cases = [
    [['size', '10G', '1.5TiB', '500 MB', '9007199254740993', '0']],
    [['size', '9007199254740993', '--mode', 'cinder', '--format', 'json']],
    [['size', '1073741825', '1.1GiB', '10gb', '-1', '--mode=whole']],
    [['size', '9'.repeat(400)]],
    [['size']],
    [['size', '1', '--mode', 'float']],
    [['ref', '{"source_name": " lv1 "}', '--driver', 'lvm']],
    [['ref', '--id-type', 'source-id', '--identifier', '1234', '--driver', 'powermax', '--format', 'json']],
    [['ref', '"source-name"', '--snapshot']],
    [['ref', '--drivers']],
    [['ref', '--drivers', '--format', 'json']],
    [['ref', '{}', '--driver', 'lvmx']],
    [['ref', 'not json']],
    [['host', 'node1@lvm#lvm']],
    [['host', 'node1@lvm\n']],
    [['host', 'h@b#[fd00::1]:/share', '--format', 'json']],
    [['host', 'a b']],
    [['host', '--cluster', ' c@b']],
    [['host']],
    [['from-listing', detail]],
    [['from-listing', detail, '--host', 'node1@lvm#lvm', '--pick', '0']],
    [['from-listing', detail, '--host', 'node1@lvm#lvm', '--pick', '1']],
    [['from-listing', detail, '--cluster', 'c1', '--reference', '{"source-name": "lvol0"}', '--microversion', '3.10']],
    [['from-listing', snapshots, '--volume-id', '1df34919-aba7-4a1b-a614-3b409d71ac03', '--pick', '0', '--format', 'json']],
    [['from-listing', '-', '--host', 'h', '--pick', '0'], Buffer.from('{')],
    [['from-listing', detail, '--pick', '9', '--host', 'h']],
    [['from-listing', 'missing.json']],
    [['render', '--url', 'https://c.example/v3/', '--project-id', 'p1'], body],
    [['render', '-', '--microversion', '2.0', '--endpoint', 'manageable_volumes'], body],
    [['render', join(FIXTURES, 'volume-manage-request-cluster.json'), '--format', 'json']],
    [['render', join(FIXTURES, 'snapshot-manage-request.json')]],
    [['render', '--kind', 'disk']],
    [['render', '--help']],
    [['from-command', "cinder --os-volume-api-version 3.15 manage 'h@b#p' lv1 --cluster c"]],
    [['from-command', 'openstack volume create --remote-source source-name=lv1 --host h --bootable n', '--format', 'json']],
    [['check', '--command', 'cinder manage h v --name', '--server-max', '3.27']],
    [['from-command', '--', 'cinder', 'snapshot-manage', 'vol1', 's1']],
    [['from-command', 'nova list']],
    [['from-command', '--jsonl'], Buffer.from('{"id": 1, "command": "cinder manage h v"}\nnot json\n')],
  ];
  for (const [argv, input] of cases) {
    test(argv.map((a) => (a.length > 40 ? `${a.slice(0, 37)}…` : a)).join(' '), () => {
      same(argv, input);
    });
  }
});
