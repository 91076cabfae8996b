// Hostile JS values never throw and never break the module: they get a
// report, and a valid call afterwards still gets the right answer. Every
// test runs twice: with a default deployment's body size limit, and with
// the limit lifted (maxRequestBodySize: Infinity), where large bodies are
// judged instead of refused with 413.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { INSTALLED, consumerRequire, fixture, prng } from './helpers.mjs';

const require = consumerRequire();
const ovm = require('os-volume-manage');
const SAMPLE = JSON.parse(fixture('volume-manage-request.json'));
const SAMPLE_REPORT = ovm.validateVolumeManage(SAMPLE);
const V = (extra = {}) => ({ volume: { host: 'node1@lvm#pool', ref: { 'source-name': 'lv1' }, ...extra } });

let LIMIT;
/** The package with every call given `maxRequestBodySize: LIMIT` (none added for the default). */
const api = new Proxy(ovm, {
  get(target, name) {
    const f = target[name];
    if (LIMIT === undefined || typeof f !== 'function' || !['validateVolumeManage', 'validateSnapshotManage', 'validateVolumeManageJson', 'validateSnapshotManageJson', 'checkJsonlLine'].includes(name)) return f;
    return (value, options) => {
      const plain = options !== null && typeof options === 'object' && !Array.isArray(options);
      return f(value, options === undefined ? { maxRequestBodySize: LIMIT } : plain ? { ...options, maxRequestBodySize: LIMIT } : options);
    };
  },
});

function assertReport(r) {
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r), ['accepted', 'httpStatus', 'serverError', 'errors', 'warnings', 'changes', 'normalized']);
  assert.equal(typeof r.accepted, 'boolean');
  assert.equal(typeof r.httpStatus, 'number');
  assert.ok(Array.isArray(r.errors) && Array.isArray(r.warnings) && Array.isArray(r.changes));
  assert.equal(r.accepted, r.errors.length === 0);
  assert.equal(r.accepted, r.normalized !== null);
}

function stillWorks() {
  assert.deepEqual(api.validateVolumeManage(SAMPLE), SAMPLE_REPORT);
  assert.deepEqual(ovm.validateVolumeManage(SAMPLE), SAMPLE_REPORT);
}

function notSerializable(r, pattern) {
  assertReport(r);
  assert.equal(r.accepted, false);
  assert.equal(r.httpStatus, 0);
  assert.equal(r.serverError, null);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, 'body_not_serializable');
  assert.equal(r.errors[0].pointer, '');
  assert.match(r.errors[0].message, pattern);
}

function suite() {
describe('values JSON.stringify throws on: body_not_serializable', () => {
  test('cyclic object and cyclic array', () => {
    const o = V();
    o.volume.ref.self = o;
    notSerializable(api.validateVolumeManage(o), /circular structure/);
    const a = [];
    a.push(a);
    notSerializable(api.validateSnapshotManage({ snapshot: a }), /circular structure/);
    stillWorks();
  });

  test('getter that throws, toJSON that throws', () => {
    const body = { volume: { host: 'h', get ref() { throw new Error('getter says no'); } } };
    notSerializable(api.validateVolumeManage(body), /Error: getter says no/);
    notSerializable(api.validateVolumeManage({ toJSON() { throw new RangeError('toJSON says no'); } }), /RangeError: toJSON says no/);
    notSerializable(api.validateVolumeManage(V({ name: { toJSON() { throw 'a string'; } } })), /a string/);
    stillWorks();
  });

  test('revoked Proxy and Proxy traps that throw', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    notSerializable(api.validateVolumeManage(proxy), /revoked/);
    notSerializable(api.validateVolumeManage({ volume: proxy }), /revoked/);
    const trap = new Proxy({}, { ownKeys() { throw new Error('ownKeys trap'); } });
    notSerializable(api.validateVolumeManage(V({ metadata: trap })), /ownKeys trap/);
    stillWorks();
  });

  test('BigInt', () => {
    notSerializable(api.validateVolumeManage(10n), /BigInt/);
    notSerializable(api.validateVolumeManage(V({ ref: { 'source-id': 2n ** 80n } })), /BigInt/);
    stillWorks();
  });

  test('an exception object whose printing throws', () => {
    const evil = new Proxy({}, { get() { throw new Error('no'); }, getPrototypeOf() { throw new Error('no'); } });
    const r = api.validateVolumeManage({ toJSON() { throw evil; } });
    notSerializable(r, /unprintable|no/);
    stillWorks();
  });
});

describe('values JSON.stringify serializes the way fetch would send them', () => {
  test('undefined, functions and symbols at the top: no body (Cinder answers 500)', () => {
    for (const body of [undefined, () => 1, Symbol('s'), { toJSON() { return undefined; } }]) {
      const r = api.validateVolumeManage(body);
      assertReport(r);
      assert.equal(r.httpStatus, 500);
      assert.equal(r.errors[0].code, 'body_empty');
    }
    stillWorks();
  });

  test('NaN, Infinity and -0 become null and 0; holes become null; undefined members vanish', () => {
    const cases = [
      [V({ name: NaN }), V({ name: null })],
      [V({ name: Infinity, description: -Infinity }), V({ name: null, description: null })],
      [V({ ref: { 'source-name': 'x', n: -0 } }), V({ ref: { 'source-name': 'x', n: 0 } })],
      [V({ ref: { 'source-name': 'x', list: [1, , 3] } }), V({ ref: { 'source-name': 'x', list: [1, null, 3] } })], // eslint-disable-line no-sparse-arrays
      [V({ name: undefined, description: () => 1, volume_type: Symbol('t') }), V()],
      [V({ ref: { 'source-name': 'x', list: [undefined, () => 1, Symbol('u')] } }), V({ ref: { 'source-name': 'x', list: [null, null, null] } })],
      [V({ ref: { 'source-name': 'x', [Symbol('k')]: 1 } }), V({ ref: { 'source-name': 'x' } })],
      [V({ name: new String('boxed'), ref: { 'source-name': new Number(5) } }), V({ name: 'boxed', ref: { 'source-name': 5 } })],
      [V({ ref: { 'source-name': 'x', when: new Date(0) } }), V({ ref: { 'source-name': 'x', when: '1970-01-01T00:00:00.000Z' } })],
      [V({ metadata: new Map([['a', 'b']]) }), V({ metadata: {} })],
      [V({ ref: new Proxy({ 'source-name': 'via proxy' }, {}) }), V({ ref: { 'source-name': 'via proxy' } })],
      [V({ ref: Object.assign(Object.create(null), { 'source-name': 'no proto' }) }), V({ ref: { 'source-name': 'no proto' } })],
    ];
    for (const [hostile, plain] of cases) {
      const r = api.validateVolumeManage(hostile);
      assertReport(r);
      assert.deepEqual(r, api.validateVolumeManage(plain));
      assert.deepEqual(r, api.validateVolumeManageJson(JSON.stringify(plain)));
    }
    stillWorks();
  });

  test('lone surrogates are sent escaped, and judged like Cinder judges "\\ud800"', () => {
    const r = api.validateVolumeManage(V({ name: 'a\ud800b' }));
    assert.deepEqual(r, api.validateVolumeManageJson(JSON.stringify(V()).replace('"host"', '"name":"a\\ud800b","host"')));
    assert.ok(r.warnings.some((w) => w.code === 'lone_surrogate'));
    // The report carries it as a \ud800 escape: the very string comes back.
    assert.equal(r.normalized.name, 'a\ud800b');
    assert.ok(!r.warnings.some((w) => w.code === 'lossy_output'));
  });

  test('getters and toJSON may call the API themselves', () => {
    const body = V({
      get name() {
        return api.validateSnapshotManage({}).accepted ? 'yes' : 'no';
      },
      description: { toJSON: () => String(api.validateVolumeManage(SAMPLE).httpStatus) },
    });
    const r = api.validateVolumeManage(body);
    assert.equal(r.normalized.name, 'no');
    assert.equal(r.normalized.description, '202');
    stillWorks();
  });

  test('100,000 nested arrays: a report either way', () => {
    let deep = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = api.validateVolumeManage({ volume: deep });
    assertReport(r);
    assert.equal(r.accepted, false);
    const codes = ['body_too_deep', 'body_not_serializable', ...(LIMIT === undefined ? ['body_too_large'] : [])];
    assert.ok(codes.includes(r.errors[0].code), r.errors[0].code);
    stillWorks();
  });

  test('null, numbers, strings, arrays as the whole body', () => {
    for (const body of [null, 0, -0, 1.5, 'volume', '', [], [V()], true, false, {}]) {
      assertReport(api.validateVolumeManage(body));
      assertReport(api.validateSnapshotManage(body));
    }
    stillWorks();
  });
});

// Random hostile values: leaves and containers mixed at random depths.
function hostileValue(rng, depth = 0) {
  const leaves = [
    () => undefined,
    () => null,
    () => NaN,
    () => -0,
    () => Infinity,
    () => rng.int(1e9) * (rng.chance(0.5) ? -1 : 1),
    () => 2 ** 53 + rng.int(1000),
    () => BigInt(rng.int(1000)),
    () => Symbol('s'),
    () => () => 1,
    () => true,
    () => '',
    () => ' x ',
    () => 'host@backend#pool',
    () => '\ud800',
    () => '\u0000\u0001\n',
    () => 'é'.repeat(rng.int(300)),
    () => String.fromCharCode(...Array.from({ length: rng.int(20) }, () => rng.int(0x10000))),
    () => new Date(rng.int(1e12)),
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      if (rng.chance(0.5)) revoke();
      return proxy;
    },
    () => ({ get boom() { throw new Error('getter'); } }),
    () => ({ toJSON: () => (rng.chance(0.5) ? undefined : 'json') }),
  ];
  if (depth > 4 || rng.chance(0.4)) return rng.pick(leaves)();
  const keys = ['volume', 'snapshot', 'host', 'cluster', 'ref', 'source-name', 'name', 'description', 'metadata', 'bootable', 'volume_id', 'type', 'k'];
  if (rng.chance(0.3)) {
    const arr = [];
    arr.length = rng.int(5);
    for (let i = 0; i < arr.length; i++) if (rng.chance(0.7)) arr[i] = hostileValue(rng, depth + 1);
    if (rng.chance(0.05)) arr.push(arr);
    return arr;
  }
  const obj = {};
  for (let i = rng.int(5); i > 0; i--) obj[rng.pick(keys)] = hostileValue(rng, depth + 1);
  if (rng.chance(0.05)) obj.self = obj;
  return obj;
}

function hostileText(rng) {
  const pieces = ['{', '}', '[', ']', '"', ':', ',', 'NaN', '-Infinity', '1e999', '"\\ud800"', '"volume"', '"snapshot"', '"host"', '"ref"', ' ', '\n', 'null', '0', '\u00e9', '\ud800'];
  let s = '';
  for (let i = rng.int(40); i > 0; i--) s += rng.pick(pieces);
  return s;
}

test('validateRequest: hostile arguments get a report, or the TypeError fetch itself would throw', async () => {
  const rng = prng(0xfe7c4);
  const url = 'http://cinder/v3/0123456789abcdef0123456789abcdef/os-volume-manage';
  const methods = [undefined, 'POST', 'post', 'GET', 'PUT', 'PATCH', 'Z Z', '', 'CONNECT'];
  const names = ['Content-Type', 'content-type', 'Accept', 'OpenStack-API-Version', 'X-Auth-Token', 'X_Y', 'bad name', '', 'Content-Length', 'Transfer-Encoding'];
  const values = () => rng.pick(['application/json', 'text/plain', 'volume 3.16', 'application/vnd.openstack.volume+json', '', ' a ', 'a\nb', '\u00e9', '\ud800', 'x'.repeat(rng.int(10000)), hostileText(rng)]);
  const bodies = () => rng.pick([
    () => undefined,
    () => null,
    () => hostileText(rng),
    () => {
      try {
        return JSON.stringify(hostileValue(rng)) ?? '';
      } catch {
        return '{';
      }
    },
    () => Uint8Array.from({ length: rng.int(64) }, () => rng.int(256)),
    () => new Blob([hostileText(rng)], { type: rng.pick(['', 'application/json', 'text/plain']) }),
    () => new URLSearchParams({ _method: rng.pick(['PUT', 'GET', '']), v: hostileText(rng) }),
    () => { const f = new FormData(); f.append(rng.pick(['_method', 'x']), hostileText(rng)); return f; },
    () => 42,
    () => ({ toString() { throw new Error('toString'); } }),
  ])();
  const counts = { report: 0, typeError: 0 };
  for (let i = 0; i < 500; i++) {
    const headers = {};
    for (let k = rng.int(4); k > 0; k--) headers[rng.pick(names)] = values();
    const init = { method: rng.pick(methods), headers: rng.chance(0.2) ? Object.entries(headers) : headers, body: bodies() };
    const options = LIMIT === undefined ? undefined : { maxRequestBodySize: LIMIT };
    try {
      const r = await api.validateRequest(rng.chance(0.9) ? url : rng.pick(['/v3/volumes', 'not a url', 'http://[']), init, options);
      assert.equal(typeof r.accepted, 'boolean');
      assert.equal(r.accepted, r.errors.length === 0);
      assert.ok([0, 202, 400, 404, 406, 413, 415, 500].includes(r.httpStatus), String(r.httpStatus));
      assert.equal(r.response === null, r.httpStatus === 0);
      counts.report++;
    } catch (e) {
      assert.ok(e instanceof TypeError, String(e));
      counts.typeError++;
    }
  }
  console.log(`# validateRequest ${JSON.stringify(counts)}`);
  assert.ok(counts.report > 100 && counts.typeError > 10);
  const big = JSON.stringify(V({ description: 'x'.repeat(40 << 20) }));
  const r = await api.validateRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big }, LIMIT === undefined ? undefined : { maxRequestBodySize: LIMIT });
  assert.deepEqual([r.httpStatus, r.errors[0].code], LIMIT === undefined ? [413, 'body_too_large'] : [400, 'too_long']);
  stillWorks();
});

test('10,000 random hostile calls, then a valid call still succeeds', () => {
  const rng = prng(0x0ac1d);
  const optionsPool = [undefined, {}, { microversion: '3.16' }, { microversion: 'latest' }, { microversion: 'bogus' }, { unicodeVersion: '16.0' }];
  const counts = { accepted: 0, rejected: 0, notSerializable: 0 };
  for (let i = 0; i < 10_000; i++) {
    const options = rng.pick(optionsPool);
    let r;
    switch (rng.int(5)) {
      case 0:
        r = api.validateVolumeManage(rng.chance(0.5) ? { volume: hostileValue(rng, 1) } : hostileValue(rng), options);
        break;
      case 1:
        r = api.validateSnapshotManage(rng.chance(0.5) ? { snapshot: hostileValue(rng, 1) } : hostileValue(rng), options);
        break;
      case 2:
        r = api.validateVolumeManageJson(hostileText(rng), options);
        break;
      case 3:
        r = api.validateSnapshotManageJson(Uint8Array.from({ length: rng.int(64) }, () => rng.int(256)), options);
        break;
      default: {
        const line = api.checkJsonlLine(rng.chance(0.5) ? hostileText(rng) : JSON.stringify({ id: i, body_text: hostileText(rng) }), options);
        assert.ok(line === undefined || typeof JSON.parse(line) === 'object');
        continue;
      }
    }
    assertReport(r);
    if (r.accepted) counts.accepted++;
    else if (r.errors[0].code === 'body_not_serializable') counts.notSerializable++;
    else counts.rejected++;
  }
  console.log(`# ${JSON.stringify(counts)}`);
  assert.ok(counts.notSerializable > 100 && counts.rejected > 1000);
  stillWorks();
});

test('a trap inside WebAssembly becomes an `internal` report and the instance is replaced', () => {
  // The same module instance the package uses (require cache, same path).
  const raw = require(join(INSTALLED, 'dist', 'validators-node.cjs'));
  assert.throws(() => raw.__trapForTests(), WebAssembly.RuntimeError);
  const { checkText, checkBytes, checkJsonlLine, __wbg_reset_state: reset } = raw;
  let resets = 0;
  raw.__wbg_reset_state = () => {
    resets++;
    reset();
  };
  // Small bodies cross as bytes, large ones as strings: trap in both.
  raw.checkText = () => raw.__trapForTests();
  raw.checkBytes = () => raw.__trapForTests();
  raw.checkJsonlLine = () => raw.__trapForTests();
  try {
    for (let i = 0; i < 3; i++) {
      const r = i === 2 ? api.validateVolumeManageJson(' '.repeat(10000) + JSON.stringify(SAMPLE)) : api.validateVolumeManage(SAMPLE);
      assertReport(r);
      assert.equal(r.httpStatus, 0);
      assert.equal(r.errors[0].code, 'internal');
      assert.match(r.errors[0].message, /RuntimeError: unreachable/);
    }
    const line = JSON.parse(api.checkJsonlLine('{"id": 1, "body": {}}'));
    assert.equal(line.errors[0].code, 'internal');
    assert.equal(line.http_status, null);
  } finally {
    raw.checkText = checkText;
    raw.checkBytes = checkBytes;
    raw.checkJsonlLine = checkJsonlLine;
    raw.__wbg_reset_state = reset;
  }
  assert.equal(resets, 4);
  stillWorks();
  assert.equal(typeof JSON.parse(api.checkJsonlLine('{"id": 1, "body": {}}')).accepted, 'boolean');
});

test('small bodies (sent to wasm as UTF-8 bytes) and large ones (sent as strings) get the same report', () => {
  const texts = [
    JSON.stringify(SAMPLE),
    '{"volume": {"host": "h@b#p", "ref": {"source-name": "x"}, "name": "lone \ud800 surrogate"}}',
    '{"volume": {"host": "h@b#p", "ref": {"source-name": "x"}, "description": "Ελληνικά 日本語 \u0085"}}',
    '{"volume": {"host": "h\\n", "ref": 1, "bootable": "Y", "metadata": {"bad key!": null}}}',
    '{"volume": ',
  ];
  for (const text of texts) {
    const small = api.validateVolumeManageJson(text);
    // Leading whitespace changes nothing for Cinder, and crosses the size line.
    const large = api.validateVolumeManageJson(' '.repeat(9000) + text);
    if (text === '{"volume": ') {
      // Only the error's byte offset moves.
      assert.equal(small.httpStatus, large.httpStatus);
      assert.equal(small.serverError, large.serverError);
      continue;
    }
    assert.deepEqual(large, small, text);
  }
});

}

for (const limit of [undefined, Infinity]) {
  describe(limit === undefined ? 'the default body size limit' : 'the body size limit lifted', () => {
    before(() => {
      LIMIT = limit;
    });
    after(() => {
      LIMIT = undefined;
    });
    suite();
  });
}
