// The JS API over the installed package: api-ref samples, every code the
// core (and the package) can report, options, misuse, the report's shape.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { PKG, consumerImport, consumerRequire, coreCodes, fixture } from './helpers.mjs';

const ovm = consumerRequire()('os-volume-manage');
const esm = await consumerImport('os-volume-manage');

const SAMPLE_NORMALIZED = {
  name: 'New Volume',
  description: 'Volume imported from existingLV',
  bootable: true,
  metadata: { key1: 'value1', key2: 'value2' },
  availability_zone: 'az2',
  volume_type: null,
  host: 'geraint-VirtualBox',
  cluster: null,
  ref: { 'source-name': 'existingLV', 'source-id': '1234' },
};

describe('api-ref request samples', () => {
  for (const [name, loader] of [
    ['CJS', ovm],
    ['ESM', esm],
  ]) {
    test(`volume-manage-request.json is accepted at every microversion (${name})`, () => {
      for (const microversion of [undefined, '2.0', '3.0', '3.15', '3.16', '3.71', 'latest', 'volume 3.50']) {
        for (const r of [
          loader.validateVolumeManage(JSON.parse(fixture('volume-manage-request.json')), { microversion }),
          loader.validateVolumeManageJson(fixture('volume-manage-request.json'), { microversion }),
        ]) {
          assert.deepEqual(r, {
            accepted: true,
            httpStatus: 202,
            serverError: null,
            errors: [],
            warnings: [],
            changes: [],
            normalized: SAMPLE_NORMALIZED,
          });
        }
      }
    });

    test(`volume-manage-request-cluster.json needs 3.16 (${name})`, () => {
      const text = fixture('volume-manage-request-cluster.json');
      const old = loader.validateVolumeManageJson(text, { microversion: '3.15' });
      assert.equal(old.accepted, false);
      assert.equal(old.httpStatus, 400);
      assert.equal(old.errors[0].code, 'unexpected_property');
      assert.equal(old.errors[0].pointer, '/volume/cluster');
      assert.match(old.serverError, /^Invalid input for field\/attribute volume\. .*Additional properties are not allowed \('cluster' was unexpected\)$/);
      assert.equal(old.normalized, null);
      const now = loader.validateVolumeManageJson(text, { microversion: '3.16' });
      assert.deepEqual(now.normalized, { ...SAMPLE_NORMALIZED, host: null, cluster: 'cluster@backend' });
    });

    test(`snapshot-manage-request.json is accepted (${name})`, () => {
      const r = loader.validateSnapshotManage(JSON.parse(fixture('snapshot-manage-request.json')), { endpoint: 'manageable_snapshots', microversion: '3.8' });
      assert.deepEqual(r, {
        accepted: true,
        httpStatus: 202,
        serverError: null,
        errors: [],
        warnings: [],
        changes: [],
        normalized: { name: null, description: null, metadata: null, volume_id: '1df34919-aba7-4a1b-a614-3b409d71ac03', ref: { 'source-name': 'lvol0' } },
      });
    });
  }
});

const V = (extra = {}) => ({ volume: { host: 'node1@lvm#pool', ref: { 'source-name': 'lv1' }, ...extra } });
const S = (extra = {}) => ({ snapshot: { volume_id: '1df34919-aba7-4a1b-a614-3b409d71ac03', ref: { 'source-name': 'lvol0' }, ...extra } });
const nested = (depth) => {
  let v = { 'source-name': 'x' };
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
};
const cyclic = {};
cyclic.self = cyclic;

// [code, where, http status, function, body, options]
const CODES = [
  ['body_empty', 'errors', 500, 'validateVolumeManageJson', ''],
  ['body_empty', 'errors', 500, 'validateSnapshotManage', undefined],
  ['body_malformed', 'errors', 400, 'validateVolumeManageJson', '{'],
  ['body_malformed', 'errors', 400, 'validateSnapshotManageJson', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ['body_too_deep', 'errors', 500, 'validateVolumeManageJson', '['.repeat(5000) + ']'.repeat(5000)],
  ['microversion_invalid_format', 'errors', 400, 'validateVolumeManage', V(), { microversion: '3.01' }],
  ['microversion_not_supported', 'errors', 406, 'validateVolumeManage', V(), { microversion: '3.72' }],
  ['microversion_header_invalid', 'errors', 400, 'validateVolumeManage', V(), { microversion: 'compute 2.1' }],
  ['wrong_type', 'errors', 400, 'validateVolumeManage', V({ name: 1 })],
  ['required', 'errors', 400, 'validateVolumeManage', { volume: { host: 'h' } }],
  ['unexpected_property', 'errors', 400, 'validateVolumeManage', V({ size: 1 })],
  ['empty_value', 'errors', 400, 'validateVolumeManage', V({ host: '' })],
  ['too_long', 'errors', 400, 'validateVolumeManage', V({ name: 'x'.repeat(256) })],
  ['invalid_characters', 'errors', 400, 'validateVolumeManage', V({ description: 'a\u0001b' })],
  ['invalid_boolean', 'errors', 400, 'validateVolumeManage', V({ bootable: 'maybe' })],
  ['invalid_metadata_key', 'errors', 400, 'validateVolumeManage', V({ metadata: { '!': 'x' } })],
  ['invalid_uuid', 'errors', 400, 'validateSnapshotManage', S({ volume_id: 'x' })],
  ['schema_crash', 'errors', 500, 'validateSnapshotManage', { ...S(), type: 'x' }],
  ['endpoint_unavailable', 'errors', 404, 'validateVolumeManage', V(), { microversion: '3.7', endpoint: 'manageable_volumes' }],
  ['host_missing', 'errors', 400, 'validateVolumeManage', { volume: { ref: {} } }],
  ['host_cluster_conflict', 'errors', 400, 'validateVolumeManage', V({ cluster: 'c@b' }), { microversion: '3.16' }],
  ['service_not_found', 'errors', 400, 'validateVolumeManage', V({ host: 'node1@lvm\n#pool' })],
  ['ref_source_name_in_string', 'errors', 400, 'validateVolumeManage', V({ ref: 'source-name' })],
  ['ref_source_name_not_string', 'errors', 400, 'validateVolumeManage', V({ ref: { 'source-name': 1 } })],
  ['ref_too_deep', 'errors', 500, 'validateVolumeManage', V({ ref: nested(400) })],
  ['metadata_key_too_long', 'errors', 400, 'validateSnapshotManage', S({ metadata: { [`${'k'.repeat(255)}\n`]: 'x' } })],
  ['depends_on_unicode_version', 'warnings', 202, 'validateVolumeManage', V({ description: '\u0cf3' }), { unicodeVersion: '15.0' }],
  ['possibly_already_managed', 'warnings', 202, 'validateVolumeManage', V({ ref: { 'source-name': 'volume-1df34919-aba7-4a1b-a614-3b409d71ac03' } })],
  ['volume_id_not_canonical', 'warnings', 202, 'validateSnapshotManage', S({ volume_id: '1DF34919ABA74A1BA6143B409D71AC03' })],
  ['volume_type_whitespace', 'warnings', 202, 'validateVolumeManage', V({ volume_type: ' lvm ' })],
  ['lone_surrogate', 'warnings', 202, 'validateVolumeManageJson', '{"volume": {"host": "h@b#p", "ref": {}, "name": "\\ud800"}}'],
  ['lone_surrogate', 'warnings', 202, 'validateVolumeManage', V({ name: '\ud800' })],
  ['nul_character', 'warnings', 202, 'validateVolumeManage', V({ name: 'a\u0000b' })],
  ['ref_string', 'warnings', 202, 'validateVolumeManage', V({ ref: 'lv1' })],
  ['ref_no_known_key', 'warnings', 202, 'validateVolumeManage', V({ ref: {} })],
  ['host_trailing_newline', 'warnings', 202, 'validateVolumeManage', V({ host: 'node1@lvm#pool\n' })],
  ['empty_availability_zone', 'warnings', 202, 'validateVolumeManage', V({ availability_zone: '' })],
  ['lossy_output', 'warnings', 202, 'validateVolumeManageJson', '{"volume": {"host": "h@b#p", "ref": {"source-name": "x", "n": NaN}}}'],
  ['too_many_issues', 'errors', 400, 'validateVolumeManage', V({ metadata: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`bad!${i}`, 'v'])) })],
  ['too_many_issues', 'warnings', 202, 'validateVolumeManage', V({ metadata: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 'a\u0000b'])) })],
  ['body_not_serializable', 'errors', 0, 'validateVolumeManage', cyclic],
  ['body_too_large', 'errors', 413, 'validateVolumeManageJson', JSON.stringify(V({ name: 'x'.repeat(120_000) }))],
  ['body_too_large', 'errors', 413, 'validateVolumeManage', V(), { maxRequestBodySize: 10 }],
];
const JSONL_ONLY = ['invalid_line', 'invalid_options'];
const PACKAGE_ONLY = ['body_not_serializable', 'internal'];

// Codes of whole requests: [code, where, http status, input, init, options].
const URL_VOLUME = 'http://cinder/v3/0123456789abcdef0123456789abcdef/os-volume-manage';
const JSON_HEADERS = { 'Content-Type': 'application/json', 'X-Auth-Token': 't' };
const REQUEST_CODES = [
  ['content_type_missing', 'errors', 500, URL_VOLUME, { method: 'POST', body: new TextEncoder().encode('{}') }],
  ['content_type_unsupported', 'errors', 415, URL_VOLUME, { method: 'POST', body: '{}' }],
  ['accept_unrenderable', 'errors', 500, URL_VOLUME, { method: 'POST', headers: { ...JSON_HEADERS, Accept: 'application/vnd.openstack.volume+json' }, body: '{}' }],
  ['form_method_override', 'errors', 404, URL_VOLUME, { method: 'POST', body: new URLSearchParams({ _method: 'PUT' }) }],
  ['form_invalid', 'errors', 500, URL_VOLUME, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data' }, body: 'x' }],
  ['auth_token_missing', 'warnings', 202, URL_VOLUME, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(V()) }],
  ['header_dropped', 'warnings', 202, URL_VOLUME, { method: 'POST', headers: { ...JSON_HEADERS, 'X_Trace': '1' }, body: JSON.stringify(V()) }],
  ['depends_on_server', 'warnings', 202, URL_VOLUME, { method: 'POST', headers: JSON_HEADERS, body: new Blob([JSON.stringify(V())]).stream(), duplex: 'half' }],
  ['verdict_uncertain', 'warnings', 415, URL_VOLUME, { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="x"\r\nContent-Type: text/plain; charset=cp1252\r\n\r\n1\r\n--b--\r\n' }],
  ['method_unsupported', 'errors', 0, URL_VOLUME, { method: 'PUT', body: '{}' }],
  ['path_unknown', 'errors', 0, 'http://cinder/v3/volumes', { method: 'POST', body: '{}' }],
];
// Malformed HTTP requests: fetch refuses to build them, so only the raw
// reader (the CLI's `check --request FILE`, the Rust API) reports these.
const RAW_ONLY = [
  'request_line_invalid', 'header_line_invalid', 'header_name_invalid', 'header_value_invalid', 'too_many_headers',
  'headers_too_large', 'content_length_invalid', 'transfer_encoding_unsupported', 'chunk_invalid', 'body_incomplete',
];

describe('every code is reachable', () => {
  for (const [code, where, status, fn, body, options] of CODES) {
    test(`${code} via ${fn}`, () => {
      const r = ovm[fn](body, options);
      assert.equal(r.httpStatus, status);
      assert.equal(r.accepted, status === 202);
      assert.ok(r[where].some((i) => i.code === code), JSON.stringify(r));
      if (where === 'errors') {
        assert.equal(r.normalized, null);
      } else {
        assert.notEqual(r.normalized, null);
      }
    });
  }

  for (const [code, where, status, input, init, options] of REQUEST_CODES) {
    test(`${code} via validateRequest`, async () => {
      const r = await ovm.validateRequest(input, init, options);
      assert.equal(r.httpStatus, status, JSON.stringify(r));
      assert.ok(r[where].some((i) => i.code === code), JSON.stringify(r));
    });
  }

  test('invalid_line and invalid_options through checkJsonlLine', () => {
    const bad = JSON.parse(ovm.checkJsonlLine('{"id": 1, "body": {}, "body_text": "{}"}'));
    assert.equal(bad.errors[0].code, 'invalid_line');
    assert.equal(bad.http_status, null);
    const unknown = JSON.parse(ovm.checkJsonlLine('{"id": 2, "body": {}, "endpoint": "nowhere"}'));
    assert.equal(unknown.errors[0].code, 'invalid_options');
    assert.equal(unknown.id, 2);
  });

  test('internal: a trap is reported (see hostile.test.mjs); the table covers every other code', () => {
    const covered = new Set([...CODES.map((c) => c[0]), ...REQUEST_CODES.map((c) => c[0]), ...RAW_ONLY, ...JSONL_ONLY, 'internal']);
    const all = [...coreCodes(), ...PACKAGE_ONLY];
    assert.deepEqual([...covered].sort(), [...new Set(all)].sort());
  });

  test('index.d.ts lists exactly the codes the core and the package can report', () => {
    const dts = readFileSync(join(PKG, 'index.d.ts'), 'utf8');
    const start = dts.indexOf('export type Code =');
    const union = dts.slice(start, dts.indexOf('\n\n', start));
    const listed = [...union.matchAll(/\| '([a-z0-9_]+)'/g)].map((m) => m[1]);
    assert.deepEqual(listed.sort(), [...coreCodes(), ...PACKAGE_ONLY].sort());
  });
});

describe('constants and microversions', () => {
  test('constants() gives the core\'s versions, routes, codes and limits, frozen', () => {
    const c = ovm.constants();
    assert.deepEqual(c.microversions, { min: '3.0', max: '3.71', legacy: '2.0' });
    assert.deepEqual(
      c.endpoints.map((e) => [e.name, e.kind, e.minMicroversion]),
      [['os-volume-manage', 'volume', '2.0'], ['manageable_volumes', 'volume', '3.8'], ['os-snapshot-manage', 'snapshot', '2.0'], ['manageable_snapshots', 'snapshot', '3.8']],
    );
    assert.deepEqual(c.unicodeVersions, ['14.0', '15.0', '15.1', '16.0']);
    assert.deepEqual(c.limits, { maxBodyDepth: 972, maxStringLength: 255, maxListed: 1000, maxRequestBodySize: 114688 });
    assert.ok(c.codes.includes('invalid_boolean') && c.changeCodes.includes('stripped'));
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.endpoints[0]));
    assert.equal(ovm.constants(), c);
    assert.deepEqual(esm.constants(), c);
  });

  test('resolveMicroversion() reads a version as Cinder does', () => {
    assert.deepEqual(ovm.resolveMicroversion(null), { ok: true, major: 3, minor: 0 });
    assert.deepEqual(ovm.resolveMicroversion('latest'), { ok: true, major: 3, minor: 71 });
    assert.deepEqual(ovm.resolveMicroversion('compute 2.1, volume 3.16'), { ok: true, major: 3, minor: 16 });
    const bad = ovm.resolveMicroversion('3.08');
    assert.equal(bad.ok, false);
    assert.equal(bad.httpStatus, 400);
    assert.equal(bad.code, 'microversion_invalid_format');
    assert.equal(ovm.resolveMicroversion('3.99').httpStatus, 406);
    // The verdict agrees with a validation at that version.
    for (const v of ['3.0', '3.71', '3.72', 'latest', 'volume', 'x 3.1']) {
      const r = ovm.resolveMicroversion(v);
      const report = ovm.validateVolumeManage(V(), { microversion: v });
      assert.equal(r.ok ? 202 : r.httpStatus, report.httpStatus, v);
    }
    assert.throws(() => ovm.resolveMicroversion(3.16), TypeError);
  });
});

describe('options', () => {
  test('null and undefined options and option values mean "not given"', () => {
    const base = ovm.validateVolumeManage(V());
    assert.deepEqual(ovm.validateVolumeManage(V(), {}), base);
    assert.deepEqual(ovm.validateVolumeManage(V(), { microversion: null, endpoint: undefined, unicodeVersion: null }), base);
  });

  test('microversion, endpoint and unicodeVersion reach the core', () => {
    assert.equal(ovm.validateVolumeManage(V({ cluster: 'c@b', host: null }), { microversion: '3.16' }).accepted, true);
    assert.equal(ovm.validateVolumeManage(V({ cluster: 'c@b', host: null }), { microversion: '3.15' }).accepted, false);
    assert.equal(ovm.validateVolumeManage(V(), { endpoint: 'manageable_volumes', microversion: '3.8' }).accepted, true);
    assert.equal(ovm.validateVolumeManage(V(), { endpoint: 'manageable_volumes' }).httpStatus, 404);
    const d = V({ description: '\u0cf3' });
    assert.notEqual(ovm.validateVolumeManage(d, { unicodeVersion: '14.0' }).accepted, ovm.validateVolumeManage(d, { unicodeVersion: '15.0' }).accepted);
  });

  test('misuse throws TypeError with a clear message', () => {
    const cases = [
      [() => ovm.validateVolumeManage(V(), null), /options must be an object/],
      [() => ovm.validateVolumeManage(V(), '3.16'), /options must be an object .* not a string/],
      [() => ovm.validateVolumeManage(V(), ['3.16']), /options must be an object .* not an array/],
      [() => ovm.validateVolumeManage(V(), { microversion: 3.16 }), /options\.microversion must be a string .* not a number/],
      [() => ovm.validateVolumeManage(V(), { microVersion: '3.16' }), /unknown option "microVersion"/],
      [() => ovm.validateVolumeManage(V(), { endpoint: 'os-volume-manag' }), /unknown endpoint "os-volume-manag"/],
      [() => ovm.validateVolumeManage(V(), { endpoint: 'os-snapshot-manage' }), /takes snapshot requests, not volume requests/],
      [() => ovm.validateSnapshotManage(S(), { unicodeVersion: '13.0' }), /unknown Unicode version "13.0"/],
      [() => ovm.validateSnapshotManage(S(), { unicodeVersion: 15 }), /options\.unicodeVersion must be a string/],
      [() => ovm.validateVolumeManageJson({ volume: {} }), /request body must be a string .* not an object/],
      [() => ovm.validateSnapshotManageJson(undefined), /request body must be a string .* not a undefined/],
      [() => ovm.checkJsonlLine(42), /line must be a string/],
      [() => ovm.checkJsonlLine('{}', { kind: 'disk' }), /defaults\.kind must be "volume" or "snapshot"/],
      [
        () =>
          ovm.validateVolumeManage(V(), {
            get microversion() {
              throw new Error('boom');
            },
          }),
        /options\.microversion could not be read \(Error: boom\)/,
      ],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (e) => e instanceof TypeError && message.test(e.message), String(call));
    }
    // Misuse wins over a body that cannot be serialized.
    assert.throws(() => ovm.validateVolumeManage(cyclic, { endpoint: 'x' }), TypeError);
  });
});

describe('report shape', () => {
  test('top-level keys are camelCase and in a fixed order; normalized keeps snake_case', () => {
    const r = ovm.validateVolumeManage(V({ name: ' spaced ', bootable: 'yes' }));
    assert.deepEqual(Object.keys(r), ['accepted', 'httpStatus', 'serverError', 'errors', 'warnings', 'changes', 'normalized']);
    assert.deepEqual(Object.keys(r.normalized), ['name', 'description', 'bootable', 'metadata', 'availability_zone', 'volume_type', 'host', 'cluster', 'ref']);
    assert.equal(r.normalized.name, 'spaced');
    assert.equal(r.normalized.bootable, true);
    for (const c of r.changes) assert.deepEqual(Object.keys(c), ['pointer', 'code', 'from', 'to', 'message']);
    assert.ok(r.changes.some((c) => c.code === 'stripped' && c.pointer === '/volume/name' && c.from === ' spaced ' && c.to === 'spaced'));
    const s = ovm.validateSnapshotManage(S());
    assert.deepEqual(Object.keys(s.normalized), ['name', 'description', 'metadata', 'volume_id', 'ref']);
    const bad = ovm.validateVolumeManage({});
    for (const e of bad.errors) assert.deepEqual(Object.keys(e), ['pointer', 'code', 'message']);
  });

  test('reports are fresh plain objects', () => {
    const a = ovm.validateVolumeManage(V());
    const b = ovm.validateVolumeManage(V());
    assert.notEqual(a, b);
    assert.deepEqual(a, b);
    assert.equal(Object.getPrototypeOf(a), Object.prototype);
    a.errors.push('mutated');
    assert.deepEqual(ovm.validateVolumeManage(V()).errors, []);
  });

  test('text and bytes give the same report', () => {
    const text = '{"volume": {"host": "h@b#p", "ref": {"source-name": "é"}, "name": "ünïcödé"}}';
    assert.deepEqual(ovm.validateVolumeManageJson(new TextEncoder().encode(text)), ovm.validateVolumeManageJson(text));
    assert.deepEqual(ovm.validateVolumeManageJson(Buffer.from(text)), ovm.validateVolumeManageJson(text));
  });

  test('a 40 MB string gets a verdict: 413 from a default deployment, the body\'s own without the limit', () => {
    const body = V({ description: 'x'.repeat(40 << 20) });
    const limited = ovm.validateVolumeManage(body);
    assert.equal(limited.httpStatus, 413);
    assert.equal(limited.errors[0].code, 'body_too_large');
    const r = ovm.validateVolumeManage(body, { maxRequestBodySize: Infinity });
    assert.equal(r.httpStatus, 400);
    assert.equal(r.errors[0].code, 'too_long');
  });

  test('100,000 nesting levels get a verdict', () => {
    const text = `{"volume": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    assert.equal(ovm.validateVolumeManageJson(text).httpStatus, 413);
    const r = ovm.validateVolumeManageJson(text, { maxRequestBodySize: Infinity });
    assert.equal(r.accepted, false);
    assert.equal(r.httpStatus, 500);
    assert.equal(r.errors[0].code, 'body_too_deep');
  });
});
