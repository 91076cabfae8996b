// Unit tests of the page's modules (no browser): pointers, commands,
// listings; the package is loaded from pkg/ as the page loads it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { initSync, initToolsSync, parseSize, requestFromCommand, validateVolumeManage } from '../../pkg/web.js';
import { renderCommands } from '../commands.js';
import { parseListing, refToForm, refusal } from '../listing.js';
import { requestText } from '../paste.js';
import { parsePointer, targetOf } from '../pointer.js';

initSync({ module: readFileSync(new URL('../../pkg/dist/validators-web.wasm', import.meta.url)) });
initToolsSync({ module: readFileSync(new URL('../../pkg/dist/tools.wasm', import.meta.url)) });

test('pointers: percent-decoding, then ~1 and ~0', () => {
  assert.deepEqual(parsePointer('/volume/metadata/k%20ey'), ['volume', 'metadata', 'k ey']);
  assert.deepEqual(parsePointer('/volume/metadata/k~0~1x'), ['volume', 'metadata', 'k~/x']);
  assert.deepEqual(parsePointer('/volume/metadata/~01'), ['volume', 'metadata', '~1']);
  assert.deepEqual(parsePointer('/volume/metadata/'), ['volume', 'metadata', '']);
  assert.deepEqual(parsePointer('/volume/metadata/100%'), ['volume', 'metadata', '100%']);
  assert.deepEqual(parsePointer(''), []);
  assert.equal(parsePointer('volume'), null);
  // The pointers the core writes decode back to the keys they name.
  for (const key of ['k ey', 'a=b', 'k~/x', 'é', '%41', '$&+,;=:@!']) {
    const report = validateVolumeManage({ volume: { host: 'h@b#p', ref: { 'source-name': 'x' }, metadata: { [key]: 1 } } });
    assert.deepEqual(parsePointer(report.errors[0].pointer), ['volume', 'metadata', key], key);
  }
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

test('commands (the package\'s renderRequest)', () => {
  const body = { volume: { host: 'h@b#p', ref: { 'source-id': '42' }, metadata: { k: 'v' } } };
  const out = renderCommands({ kind: 'volume', body, bodyText: JSON.stringify(body), microversion: '', route: 'os-volume-manage' });
  assert.equal(out.cinder.command, "cinder --os-volume-api-version 3.0 manage --id-type source-id --metadata k=v -- 'h@b#p' 42");
  assert.equal(out.openstack.command, "openstack volume create --remote-source source-id=42 --host 'h@b#p' --property k=v --non-bootable");
  assert.ok(!out.curl.command.includes('OpenStack-API-Version'));
  const v2 = renderCommands({ kind: 'volume', body, bodyText: '{}', microversion: '2.0', route: 'os-volume-manage' });
  assert.match(v2.curl.command, /\/v2\//);
  assert.equal(v2.cinder.command, null);
  const curl = renderCommands({ kind: 'volume', body, bodyText: JSON.stringify(body), microversion: '', route: 'manageable_volumes', endpoint: 'https://c/v3/', projectId: 'p' }).curl.command;
  assert.match(curl, /^curl -i -X POST https:\/\/c\/v3\/p\/manageable_volumes/);
  const broken = renderCommands({ kind: 'volume', body: null, bodyText: '{"volume": {"ref": x}}', microversion: '' });
  assert.match(broken.curl.command, /x\}\}'$/);
  assert.equal(broken.openstack.command, null);
  const two = { volume: { host: 'h', ref: { 'source-name': 'a', 'source-id': 'b' } } };
  assert.equal(renderCommands({ kind: 'volume', body: two, bodyText: '', microversion: '3.16', route: 'os-volume-manage' }).cinder.command, null);
});

test('sizes come from the package: exact ceiling and Cinder\'s float rule', () => {
  const big = parseSize('9007199254740993');
  assert.deepEqual([big.gib.exact, big.gib.cinderCompatible, big.gib.wholeGibOnly], [8388609, 8388608, null]);
  assert.equal(parseSize('10G').bytes, 10 * 2 ** 30);
  assert.equal(parseSize('1.1 GiB').error.code, 'fraction_not_whole_bytes');
  assert.equal(parseSize('9'.repeat(400)).ok, false);
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
  assert.match(listing.entries[3].notes.join(), /safe_to_manage is null/);
  assert.deepEqual(refToForm({ 'source-id': '7' }), { type: 'source-id', key: 'source-id', identifier: '7' });
  assert.deepEqual(refToForm({ name: 'd' }), { type: 'custom', key: 'name', identifier: 'd' });
  assert.deepEqual(refToForm({ a: '1', b: '2' }), { type: 'raw', json: '{"a":"1","b":"2"}' });
  assert.equal(parseListing('{').ok, false);
});

test('a pasted command line: the request as the page shows it', () => {
  const r = requestFromCommand("cinder --os-volume-api-version 3.16 manage 'h@b#p' lv1 --name n");
  assert.equal(r.ok, true);
  assert.equal(requestText(r), [
    'POST /v3/{project_id}/os-volume-manage',
    'Accept: application/json',
    'OpenStack-API-Version: volume 3.16',
    'Content-Type: application/json',
    'Content-Length: 179',
    '',
    '{"volume": {"host": "h@b#p", "ref": {"source-name": "lv1"}, "name": "n", "description": null, "volume_type": null, "availability_zone": null, "metadata": null, "bootable": false}}',
  ].join('\n'));
});
