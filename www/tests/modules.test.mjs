// Unit tests of the page's pure modules (no browser): pointers, quoting,
// sizes, listings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { renderCommands, shellQuote } from '../commands.js';
import { parseListing, refToForm, refusal } from '../listing.js';
import { formatPointer, parsePointer, targetOf } from '../pointer.js';
import { gibFromBytes, parseSize } from '../size.js';

test('pointers: percent-decoding, then ~1 and ~0', () => {
  assert.deepEqual(parsePointer('/volume/metadata/k%20ey'), ['volume', 'metadata', 'k ey']);
  assert.deepEqual(parsePointer('/volume/metadata/k~0~1x'), ['volume', 'metadata', 'k~/x']);
  assert.deepEqual(parsePointer('/volume/metadata/~01'), ['volume', 'metadata', '~1']);
  assert.deepEqual(parsePointer('/volume/metadata/'), ['volume', 'metadata', '']);
  assert.deepEqual(parsePointer('/volume/metadata/100%'), ['volume', 'metadata', '100%']);
  assert.deepEqual(parsePointer(''), []);
  assert.equal(parsePointer('volume'), null);
  for (const key of ['k ey', 'a=b', 'k~/x', 'é', '%41']) assert.deepEqual(parsePointer(formatPointer(['volume', 'metadata', key])), ['volume', 'metadata', key]);
});

test('pointers → page targets', () => {
  assert.deepEqual(targetOf({ pointer: '/volume/host', code: 'invalid_characters' }), { field: 'host' });
  assert.deepEqual(targetOf({ pointer: '/snapshot/volume_id', code: 'invalid_uuid' }), { field: 'volume_id' });
  assert.deepEqual(targetOf({ pointer: '/volume/ref/source-name', code: 'possibly_already_managed' }), { field: 'ref' });
  assert.deepEqual(targetOf({ pointer: '/volume/metadata/k%20ey', code: 'too_long' }), { field: 'metadata', key: 'k ey' });
  assert.deepEqual(targetOf({ pointer: '/volume/metadata', code: 'wrong_type' }), { field: 'metadata' });
  assert.deepEqual(targetOf({ pointer: '', code: 'microversion_not_supported' }), { field: 'microversion' });
  assert.deepEqual(targetOf({ pointer: '', code: 'endpoint_unavailable' }), { field: 'endpoint' });
  assert.deepEqual(targetOf({ pointer: '', code: 'body_malformed' }, { rawRef: true }), { field: 'ref' });
  assert.deepEqual(targetOf({ pointer: '', code: 'body_malformed' }), { field: 'form' });
  assert.deepEqual(targetOf({ pointer: '/volume', code: 'unexpected_property' }), { field: 'form' });
});

test('shell quoting and commands', () => {
  assert.equal(shellQuote('node1@lvm#lvm'), "'node1@lvm#lvm'");
  assert.equal(shellQuote('abc-1.2:3/x=y,z%'), 'abc-1.2:3/x=y,z%');
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  const body = { volume: { host: 'h@b#p', ref: { 'source-id': '42' }, metadata: { k: 'v' } } };
  const out = renderCommands({ kind: 'volume', body, bodyText: JSON.stringify(body), microversion: '', route: 'os-volume-manage' });
  assert.equal(out.cinder.command, "cinder manage --id-type source-id --metadata k=v -- 'h@b#p' 42");
  assert.equal(out.openstack.command, "openstack volume create --remote-source source-id=42 --host 'h@b#p' --property k=v --non-bootable");
  assert.ok(!out.curl.command.includes('OpenStack-API-Version'));
  const v2 = renderCommands({ kind: 'volume', body, bodyText: '{}', microversion: '2.0', route: 'os-volume-manage' });
  assert.match(v2.curl.command, /\/v2\//);
  assert.equal(v2.cinder.command, null);
  const two = { volume: { host: 'h', ref: { 'source-name': 'a', 'source-id': 'b' } } };
  assert.equal(renderCommands({ kind: 'volume', body: two, bodyText: '', microversion: '3.16', route: 'x' }).cinder.command, null);
});

test('sizes: exact BigInt ceiling and Cinder\'s float rule', () => {
  assert.deepEqual(gibFromBytes(9007199254740993n), { exact: 8388609n, cinder: 8388608n, whole: false, cinderDiffers: true });
  assert.deepEqual(gibFromBytes(1073741824n), { exact: 1n, cinder: 1n, whole: true, cinderDiffers: false });
  assert.equal(parseSize('10G').bytes, 10n << 30n);
  assert.equal(parseSize('1.5TiB').gib.exact, 1536n);
  assert.equal(parseSize('1 kB').bytes, 1000n);
  assert.equal(parseSize('1.1 GiB').code, 'fractional_bytes');
  assert.equal(parseSize('10gb').code, 'ambiguous_unit');
  assert.equal(parseSize('-1').code, 'negative');
  assert.equal(parseSize('1,000').code, 'digit_separator');
  assert.equal(parseSize('١٢').code, 'non_ascii_digit');
  assert.equal(parseSize('9'.repeat(400)).gib.cinder, null);
});

test('listings: safe, unsafe, unknown, and how a reference fills the form', () => {
  const listing = parseListing(JSON.stringify({
    'manageable-volumes': [
      { reference: { 'source-name': 'a' }, size: 1, safe_to_manage: true },
      { reference: { 'source-name': 'b' }, size: 1, safe_to_manage: false, reason_not_safe: 'already managed' },
      { reference: { 'source-name': 'c' }, size: 1, safe_to_manage: false },
      { reference: { name: 'd' }, size: 2 },
    ],
  }));
  assert.equal(listing.kind, 'volume');
  assert.deepEqual(listing.entries.map(refusal).map((r) => r && r.slice(0, 40)), [null, 'Cinder reports this entry is not safe to', 'Cinder reports this entry is not safe to', null]);
  assert.match(refusal(listing.entries[1]), /already managed$/);
  assert.match(listing.entries[3].notes.join(), /safe_to_manage is not given/);
  assert.deepEqual(refToForm({ 'source-id': '7' }), { type: 'source-id', key: 'source-id', identifier: '7' });
  assert.deepEqual(refToForm({ name: 'd' }), { type: 'custom', key: 'name', identifier: 'd' });
  assert.deepEqual(refToForm({ a: '1', b: '2' }), { type: 'raw', json: '{"a":"1","b":"2"}' });
  assert.equal(parseListing('{').ok, false);
});
