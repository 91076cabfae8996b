// Every declared type of index.d.ts against real values: each exported
// function is called on real inputs (oracle corpus requests, api-ref
// fixtures, the edge cases below), and every value it returns is written
// into a TypeScript file as a literal assigned to `ReturnType<typeof fn>`.
// `tsc --noEmit --strict` then checks them all: a missing member, an extra
// member, a wrong type or a code outside its union fails the test, naming
// the function and the value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CONSUMER, FIXTURES, ROOT, consumerRequire, ensureInstalled } from './helpers.mjs';

const ovm = consumerRequire()('os-volume-manage');

/**
 * A TypeScript literal for a value the package returned. Parts nested
 * deeper than tsc compares types (a ref can nest hundreds of levels) are
 * written as `any`: the declared shapes all sit far above that.
 */
function literal(value, depth = 0) {
  if (depth > 24) return '(null as any)';
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Number.isFinite(value) ? String(value) : 'NaN';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, depth + 1)).join(', ')}]`;
  const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v, depth + 1)}`);
  return `{ ${members.join(', ')} }`;
}

/** A few hundred requests of every verdict from the oracle corpus. */
function corpusSample() {
  const lines = readFileSync(join(ROOT, 'tests', 'fixtures', 'oracle', 'corpus.jsonl'), 'utf8').split('\n');
  const sample = [];
  for (let i = 0; i < lines.length && sample.length < 400; i += 71) {
    if (!lines[i]) continue;
    const c = JSON.parse(lines[i]);
    if (typeof c.body_text !== 'string' || c.body_text.length > 20_000) continue;
    sample.push(c);
  }
  return sample;
}

function calls() {
  const out = [];
  const threw = [];
  const call = (fn, ...args) => {
    try {
      out.push({ fn, value: ovm[fn](...args) });
    } catch (e) {
      threw.push(`${fn}(${args.map((a) => JSON.stringify(a)?.slice(0, 80)).join(', ')}): ${e}`);
    }
  };
  const cases = corpusSample();
  for (const c of cases) {
    // Tool inputs come from bodies Cinder can parse (a deeper one gets 500
    // before anything reads it; its parts are not requests' parts).
    if (c.expected?.http_status === 500 && (c.tags ?? []).includes('depth_sensitive')) continue;
    const fn = c.kind === 'snapshot' ? 'validateSnapshotManageJson' : 'validateVolumeManageJson';
    const options = { microversion: c.microversion, endpoint: c.endpoint };
    call(fn, c.body_text, options);
    let body;
    try {
      body = JSON.parse(c.body_text);
    } catch {
      continue;
    }
    call(c.kind === 'snapshot' ? 'validateSnapshotManage' : 'validateVolumeManage', body, options);
    call('renderRequest', body, { kind: c.kind, microversion: c.microversion });
    const ref = body?.[c.kind]?.ref;
    if (ref !== undefined) {
      call('normalizeRef', ref, { target: c.kind });
      call('checkRefForDriver', ref, 'lvm', { snapshot: c.kind === 'snapshot' });
    }
    const report = ovm.validateVolumeManageJson(c.body_text);
    if (report.serverError) call('locateServerMessage', report.serverError, { kind: c.kind, request: body });
  }
  for (const bytes of [0, 1, 1073741824, '9007199254740993', 10n ** 30n, -1]) call('gibFromBytes', bytes, { mode: 'cinder_compatible' });
  for (const text of ['10G', '1.5TiB', '500 MB', '1.1GiB', '', 'x', '-1']) call('parseSize', text);
  call('buildRef', 'source-name', 'lv1');
  call('drivers');
  for (const text of ['host@backend#pool', 'host', 'h@b', '', 'a b@c#d#e', 'h@b#p\n']) {
    call('parseHost', text);
    call('parseCluster', text);
  }
  for (const name of readdirSync(FIXTURES)) {
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    if (name.includes('list')) {
      const listing = ovm.parseListing(text);
      call('parseListing', text);
      const entry = listing.entries?.[0];
      if (entry) {
        const target = name.startsWith('snapshot') ? { volumeId: '9f0c4a2e-6d1b-4c3e-8a5f-0b1c2d3e4f50' } : { host: 'h@b#p' };
        call('listingEntryToRequest', entry, target);
      }
    }
    if (name.endsWith('response.json') && !name.includes('list')) call('parseManageResponse', text, name.startsWith('snapshot') ? 'snapshot' : 'volume');
  }
  call('parseListing', '{"nope": 1}');
  call('buildListingQuery', { detail: true, limit: 10, sort: [{ key: 'size', dir: 'desc' }] });
  call('buildListingQuery', { limit: -1 });
  call('parseMetadataText', 'a=1, b=2, =3');
  call('parseMetadataText', ['k=v', 'k2'], { style: 'cli' });
  call('checkJsonlBatch', cases.slice(0, 50).map((c) => JSON.stringify(c)).concat(['', 'not json']));
  call('constants');
  for (const v of [null, '3.16', 'latest', '3.08', '9.9', 'x']) call('resolveMicroversion', v);
  // Command lines: every fifth of the real clients' captures (requests,
  // refusals, help), and lines that are no client run.
  for (const name of ['cinder-9.10.0.jsonl', 'openstack-10.5.0.jsonl']) {
    const lines = readFileSync(join(ROOT, 'tests', 'fixtures', 'clients', name), 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 5) {
      const c = JSON.parse(lines[i]);
      call('requestFromCommand', c.command, { serverMax: c.server_max ?? '3.71' });
    }
  }
  call('requestFromCommand', 'cinder snapshot-manage vol1 s1', { volumes: [{ id: '11111111-2222-4333-8444-555555555555', name: 'vol1' }, { id: 'x', name: null }] });
  for (const line of ['nova list', 'cinder manage "h v', 'cinder list', 'openstack', '']) call('requestFromCommand', line);
  call('version');
  return { out, threw };
}

/**
 * validateRequest (async) over whole requests of the oracle's request
 * fixtures: every 20th, as fetch would send its header fields and body.
 * Header sets fetch itself refuses to build are skipped (its TypeError is
 * fetch's verdict, not ours).
 */
async function requestCalls(out, threw) {
  for (const name of ['requests.jsonl', 'requests-edge.jsonl']) {
    const lines = readFileSync(join(ROOT, 'tests', 'fixtures', 'oracle', name), 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < lines.length; i += 20) {
      const c = JSON.parse(lines[i]);
      const headers = [];
      for (const [n, v] of Object.entries(c.headers ?? {})) for (const one of Array.isArray(v) ? v : [v]) headers.push([n, one]);
      const body = c.body_b64 != null ? Buffer.from(c.body_b64, 'base64') : c.body_text;
      const url = `http://cinder:8776/v3/0123456789abcdef0123456789abcdef/${c.endpoint}`;
      try {
        out.push({ fn: 'validateRequest', awaited: true, value: await ovm.validateRequest(url, { method: 'POST', headers, body }) });
      } catch (e) {
        if (!String(e.message).startsWith('validateRequest: fetch would refuse')) threw.push(`validateRequest(${c.id}): ${e}`);
      }
    }
  }
  out.push({ fn: 'validateRequest', awaited: true, value: await ovm.validateRequest('/v3/x/volumes', { method: 'POST' }) });
}

test('every value the exported functions return has its declared type (tsc --strict)', async () => {
  ensureInstalled();
  ovm.initToolsSync?.();
  const { out: values, threw } = calls();
  await requestCalls(values, threw);
  // Real inputs are data, not misuse: no function may throw on them.
  assert.deepEqual(threw, []);
  const dir = join(CONSUMER, 'declared');
  mkdirSync(dir, { recursive: true });
  const lines = [`import * as ovm from 'os-volume-manage';`, ''];
  const where = [];
  values.forEach(({ fn, awaited, value }, i) => {
    where.push(fn);
    const type = awaited ? `Awaited<ReturnType<typeof ovm.${fn}>>` : `ReturnType<typeof ovm.${fn}>`;
    lines.push(`export const v${i}: ${type} = ${literal(value)};`);
  });
  writeFileSync(join(dir, 'values.mts'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022'],
        types: [],
        strict: true,
        noEmit: true,
        exactOptionalPropertyTypes: true,
      },
      files: ['values.mts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const report = `${r.stdout}${r.stderr}`
    .split('\n')
    .slice(0, 40)
    .map((line) => {
      const m = /values\.mts\((\d+),/.exec(line);
      return m ? `${line}  [${where[Number(m[1]) - 3] ?? '?'}]` : line;
    })
    .join('\n');
  assert.equal(r.status, 0, report);
  // Every exported function that returns a value was exercised.
  const exercised = new Set(where);
  const dts = readFileSync(join(ROOT, 'pkg', 'index.d.ts'), 'utf8');
  const declared = [...dts.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
  // checkJsonl returns an async iterator (no literal can stand for it); its
  // lines are strings, compared byte for byte in jsonl.test.mjs.
  const returnsNothing = new Set(['initSync', 'initToolsSync', 'init', 'initTools', 'checkJsonlLine', 'checkJsonl']);
  assert.deepEqual(declared.filter((fn) => !returnsNothing.has(fn) && !exercised.has(fn)), []);
});
