// A reproducible corpus of `--jsonl` cases (seeded PRNG): valid and invalid
// volume and snapshot bodies, microversions, endpoints, Unicode versions,
// raw `body_text` (Python-only JSON, lone surrogates, deep nesting) and
// broken lines (not JSON, not UTF-8, CRLF, blank, BOM).
import { prng } from './helpers.mjs';

const UUID = '1df34919-aba7-4a1b-a614-3b409d71ac03';

function pools(rng) {
  const str = () =>
    rng.pick([
      'New Volume',
      '',
      ' padded ',
      '\tx\n',
      'x'.repeat(255),
      'x'.repeat(256),
      'é'.repeat(255),
      '\ud83d\ude00',
      'a\u0000b',
      'a\u0001b',
      'line\n',
      '\u0cf3',
      '\u2028',
      '\ufeff',
      '\u00a0',
      '\ud800',
      String.fromCharCode(rng.int(0x10000)),
    ]);
  const any = () => rng.pick([null, true, false, 0, -1, 1.5, 1e300, 2 ** 53 + 2, [], {}, str(), ['x'], { a: 1 }]);
  const host = () => rng.pick(['node1@lvm#pool', 'geraint-VirtualBox', 'h@b', '', ' h ', 'h@b#p\n', 'h@b\n#p', 'h!', 'x'.repeat(256), null, 1, str()]);
  const cluster = () => rng.pick(['cluster@backend', 'c', '', null, 'c@b\n', 2, str()]);
  const ref = () =>
    rng.pick([
      { 'source-name': 'existingLV' },
      { 'source-id': '1234' },
      { 'source-name': 'existingLV', 'source-id': '1234' },
      {},
      { 'source-name': `volume-${UUID}` },
      { 'source-name': 1 },
      { 'source-name': null },
      { name: 'zadara' },
      'lv1',
      'source-name',
      null,
      [],
      7,
      { 'source-name': str(), deep: { a: [1, { b: null }] } },
    ]);
  const bootable = () => rng.pick([true, false, 'true', 'False', 'yes', 'NO', 'on', 'off', '1', '0', 'y', 'n', 't', 'f', 'maybe', '', 1, 0, null, str()]);
  const metadata = () =>
    rng.pick([
      { key1: 'value1', key2: 'value2' },
      {},
      null,
      { '': 'b' },
      { a: null },
      { 'a\n': 'x' },
      { a: 'x', '!': 'y', '#': 'z' },
      { ['k'.repeat(255)]: 'v' },
      { [`${'k'.repeat(255)}\n`]: 'v' },
      { ['k'.repeat(256)]: 'v' },
      { k: 'v'.repeat(256) },
      { 'ops/team-1': 'x', 'a b:c.d_e-f': 'y' },
      'meta',
      [],
      { k: str() },
    ]);
  const volumeId = () => rng.pick([UUID, UUID.toUpperCase(), UUID.replace(/-/g, ''), `{${UUID}}`, `urn:uuid:${UUID}`, 'x', '', null, 5, str(), `${UUID}\n`]);
  return { str, any, host, cluster, ref, bootable, metadata, volumeId };
}

// Bodies Cinder accepts (at a fitting microversion), so that the corpus is
// not only rejections.
function validVolumeBody(rng) {
  const v = { ref: rng.pick([{ 'source-name': 'existingLV' }, { 'source-id': '1234' }, { 'source-name': 'lv', 'source-id': '9' }, {}, 'lv1']) };
  if (rng.chance(0.85)) v.host = rng.pick(['node1@lvm#pool', 'geraint-VirtualBox', 'h@b', 'h@b#p\n']);
  else v.cluster = rng.pick(['cluster@backend', 'c']);
  if (rng.chance(0.5)) v.name = rng.pick(['New Volume', ' padded ', '', null, 'é'.repeat(255), '\ud83d\ude00']);
  if (rng.chance(0.5)) v.description = rng.pick(['Volume imported', ' x ', '', null, 'line\n', '\u0cf3', 'ü'.repeat(255)]);
  if (rng.chance(0.4)) v.bootable = rng.pick([true, false, 'true', 'False', 'yes', 'NO', 'on', '1', '0', 'y', 't']);
  if (rng.chance(0.4)) v.metadata = rng.pick([{ key1: 'value1' }, {}, null, { 'a\n': 'x' }, { 'ops/team-1': 'x' }]);
  if (rng.chance(0.3)) v.availability_zone = rng.pick(['az2', '', null]);
  if (rng.chance(0.3)) v.volume_type = rng.pick(['lvm', ' lvm ', null, '']);
  return { volume: v };
}

function validSnapshotBody(rng) {
  const s = { volume_id: rng.pick([UUID, UUID.toUpperCase(), UUID.replace(/-/g, '')]), ref: rng.pick([{ 'source-name': 'lvol0' }, { 'source-id': '1' }, {}]) };
  if (rng.chance(0.5)) s.name = rng.pick(['snap', '', null, ' s ']);
  if (rng.chance(0.4)) s.description = rng.pick(['d', null, '']);
  if (rng.chance(0.4)) s.metadata = rng.pick([{ k: 'v' }, null, {}]);
  return { snapshot: s };
}

function volumeBody(rng, p) {
  if (rng.chance(0.45)) return validVolumeBody(rng);
  const v = {};
  const fields = {
    host: p.host,
    cluster: p.cluster,
    ref: p.ref,
    name: () => (rng.chance(0.8) ? p.str() : p.any()),
    description: () => (rng.chance(0.8) ? p.str() : p.any()),
    availability_zone: () => rng.pick(['az2', '', null, ' az ', p.str(), 3]),
    volume_type: () => rng.pick(['lvm', ' lvm ', null, '', UUID, p.str(), false]),
    bootable: p.bootable,
    metadata: p.metadata,
  };
  for (const [k, gen] of Object.entries(fields)) {
    const keep = k === 'ref' || k === 'host' ? 0.85 : 0.45;
    if (rng.chance(keep)) v[k] = gen();
  }
  if (rng.chance(0.05)) v[rng.pick(['size', 'Host', 'extra', 'type'])] = p.any();
  if (rng.chance(0.03)) return rng.pick([{}, { volume: null }, { volume: 'x' }, { volume: v, snapshot: {} }, [v], { volume: v, other: 1 }]);
  return { volume: v };
}

function snapshotBody(rng, p) {
  if (rng.chance(0.45)) return validSnapshotBody(rng);
  const s = {};
  if (rng.chance(0.9)) s.volume_id = p.volumeId();
  if (rng.chance(0.9)) s.ref = p.ref();
  if (rng.chance(0.4)) s.name = rng.chance(0.8) ? p.str() : p.any();
  if (rng.chance(0.4)) s.description = rng.chance(0.8) ? p.str() : p.any();
  if (rng.chance(0.4)) s.metadata = p.metadata();
  if (rng.chance(0.04)) s.extra = 1;
  const body = { snapshot: s };
  if (rng.chance(0.03)) body.type = 'x';
  if (rng.chance(0.02)) return rng.pick([{}, { snapshot: [] }, { snapshot: s, volume: {} }]);
  return body;
}

const MICROVERSIONS = [undefined, undefined, undefined, undefined, '3.16', 'latest', '3.50', null, '2.0', '3.0', '3.7', '3.8', '3.15', '3.16', '3.17', '3.71', 'latest', 'volume 3.16', 'volume  latest', 'compute 2.1, volume 3.16', 'volume', 'compute 2.1', '3.72', '4.0', '3.01', '03.1', '3', '', ' ', 'volume 3.16 x', 3.16];
const ENDPOINTS = [undefined, undefined, undefined, null, 'os-volume-manage', 'manageable_volumes', 'os-snapshot-manage', 'manageable_snapshots', 'nowhere', 1];
const KINDS = [undefined, undefined, undefined, 'volume', 'snapshot', 'disk', null, 0];
const UNICODE = [undefined, undefined, undefined, '14.0', '15.0', '15.1.0', '16.0', '13.0', 16];

function bodyText(rng, p) {
  const base = JSON.stringify(rng.chance(0.6) ? volumeBody(rng, p) : snapshotBody(rng, p));
  return rng.pick([
    () => base,
    () => base.replace(/null/, 'NaN'),
    () => base.replace(/null/, '-Infinity'),
    () => base.replace(/"ref":/, '"ref": {"source-name": "first"}, "ref":'),
    () => base.replace(/"name":"[^"]*"/, '"name":"\\ud800x"'),
    () => base.replace(/"host":/, '"host": "dup", "host":'),
    () => base.slice(0, rng.int(base.length)),
    () => `  ${base}\n\n`,
    () => `\ufeff${base}`,
    () => '',
    () => '   ',
    () => 'null',
    () => '[]',
    () => '"text"',
    () => `${'['.repeat(985 + rng.int(10))}${']'.repeat(985 + rng.int(10))}`,
    () => `{"volume": {"host": "h@b#p", "ref": ${'{"a":'.repeat(320 + rng.int(8))}1${'}'.repeat(320 + rng.int(8))}}}`,
    () => base.replace(/\d+/, '123456789012345678901234567890'),
    () => base.replace(/\d+/, '1.0e400'),
    () => `${base} trailing`,
    () => base.replace(/"/, "'"),
  ])();
}

const pickDefined = (rng, arr) => rng.pick(arr);

/** An array of lines (Buffers, without newlines) and the JS objects behind the well-formed ones. */
export function generateCorpus(seed, count) {
  const rng = prng(seed);
  const p = pools(rng);
  const lines = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.03) {
      lines.push({
        raw: Buffer.from(
          rng.pick(['', '   ', '\t', 'not json', '{', '[1, 2]', '"x"', 'null', '{"id": 1}', '{"id": 2, "body": {}, "body_text": "{}"}', '{"id": 3, "body_text": 5}', '{"id": 4, "body": {}, "microversion": 3.16}']),
        ),
      });
      continue;
    }
    if (roll < 0.04) {
      const bytes = [0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, rng.pick([0xff, 0xc0, 0xed, 0xe2]), rng.pick([0x80, 0xa0, 0x22]), 0x22, 0x7d];
      lines.push({ raw: Buffer.from(bytes) });
      continue;
    }
    const c = { id: rng.pick([i, `case-${i}`, i + 0.5, [i], { n: i }, null, -0, 2 ** 64]) };
    const mv = pickDefined(rng, MICROVERSIONS);
    if (mv !== undefined) c.microversion = mv;
    const kind = pickDefined(rng, KINDS);
    if (kind !== undefined) c.kind = kind;
    const endpoint = pickDefined(rng, ENDPOINTS);
    if (endpoint !== undefined) c.endpoint = endpoint;
    const uv = pickDefined(rng, UNICODE);
    if (uv !== undefined) c.unicode_version = uv;
    if (rng.chance(0.3)) c.body_text = bodyText(rng, p);
    else c.body = rng.chance(0.6) ? volumeBody(rng, p) : snapshotBody(rng, p);
    let text = JSON.stringify(c);
    const decorate = rng.next();
    if (decorate < 0.03) text += '\r';
    else if (decorate < 0.04) text = `\ufeff${text}`;
    else if (decorate < 0.05) text = `  ${text}  `;
    lines.push({ raw: Buffer.from(text), case: c, plain: decorate >= 0.05 });
  }
  return lines;
}

/** The corpus as JSONL bytes; the last line has no newline when `ragged`. */
export function toJsonl(lines, ragged = true) {
  const parts = [];
  lines.forEach((l, i) => {
    parts.push(l.raw);
    if (!ragged || i < lines.length - 1) parts.push(Buffer.from('\n'));
  });
  return Buffer.concat(parts);
}
