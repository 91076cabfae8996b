// The transformation functions of the installed package: sizes, refs, hosts,
// listings, responses, metadata text, server messages, rendering, and the
// request a pasted cinder/openstack command line sends.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { FIXTURES, consumerRequire } from './helpers.mjs';

const ovm = consumerRequire()('os-volume-manage');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');

test('gibFromBytes: number, bigint and string; 2^53 + 1 bytes', () => {
  const big = 2n ** 53n + 1n;
  for (const bytes of [big, big.toString()]) {
    const cinder = ovm.gibFromBytes(bytes, { mode: 'cinder_compatible' });
    assert.equal(cinder.ok, true);
    assert.equal(cinder.bytes, big);
    assert.equal(cinder.gib, 8388608);
    assert.equal(cinder.exactGib, 8388609);
    assert.equal(cinder.cinderGib, 8388608);
    assert.equal(cinder.cinderDiffers, true);
    assert.deepEqual(cinder.warnings.map((w) => w.code), ['cinder_rounds_down']);
    assert.equal(ovm.gibFromBytes(bytes).gib, 8388609);
  }
  assert.deepEqual(ovm.gibFromBytes(1073741824), {
    ok: true, bytes: 1073741824, mode: 'exact', gib: 1, exactGib: 1, cinderGib: 1, wholeGib: true, cinderDiffers: false, warnings: [],
  });
  assert.equal(typeof ovm.gibFromBytes(2 ** 53).bytes, 'number');
  // Beyond u64 and beyond an f64: bigint results; Cinder's float overflows.
  const huge = ovm.gibFromBytes('9'.repeat(400));
  assert.equal(typeof huge.exactGib, 'bigint');
  assert.equal(huge.cinderGib, null);
  assert.equal(ovm.gibFromBytes('9'.repeat(400), { mode: 'cinder_compatible' }).error.code, 'cinder_float_overflow');
  assert.equal(ovm.gibFromBytes(1073741825, { mode: 'whole_gib_only' }).error.code, 'not_whole_gib');
  assert.equal(ovm.gibFromBytes(0).warnings[0].code, 'zero_bytes');
  // Data problems are results…
  assert.equal(ovm.gibFromBytes(-1).error.code, 'negative');
  assert.equal(ovm.gibFromBytes(-5n).error.code, 'negative');
  assert.equal(ovm.gibFromBytes('1e9').error.code, 'unexpected_character');
  assert.equal(ovm.gibFromBytes('').error.code, 'empty');
  // …misuse throws.
  assert.throws(() => ovm.gibFromBytes(1.5), TypeError);
  assert.throws(() => ovm.gibFromBytes(2 ** 53 + 2), /beyond 2\^53/);
  assert.throws(() => ovm.gibFromBytes(NaN), TypeError);
  assert.throws(() => ovm.gibFromBytes(null), TypeError);
  assert.throws(() => ovm.gibFromBytes(1, { mode: 'cinder' }), TypeError);
  assert.throws(() => ovm.gibFromBytes(1, { rounding: 'up' }), TypeError);
  assert.throws(() => ovm.gibFromBytes(1, 'exact'), TypeError);
});

test('parseSize: units, exact fractions, refusals', () => {
  const s = ovm.parseSize('1.5TiB');
  assert.equal(s.ok, true);
  assert.equal(s.bytes, 1649267441664);
  assert.deepEqual(s.gib, { exact: 1536, cinderCompatible: 1536, wholeGibOnly: 1536 });
  assert.equal(s.unit, 'TiB');
  assert.equal(s.unitSystem, 'binary');
  assert.deepEqual(ovm.parseSize('10G').warnings.map((w) => w.code), ['bare_unit_read_as_binary']);
  assert.equal(ovm.parseSize('500 MB').gib.wholeGibOnly, null);
  assert.equal(ovm.parseSize('8 EiB').bytes, 2n ** 63n);
  for (const [text, code] of [['1.1 GiB', 'fraction_not_whole_bytes'], ['10gb', 'ambiguous_unit'], ['-1', 'negative'], ['1,000', 'digit_separator'], ['١٢', 'non_ascii_digit'], ['', 'empty']]) {
    const r = ovm.parseSize(text);
    assert.equal(r.ok, false, text);
    assert.equal(r.error.code, code, text);
  }
  assert.throws(() => ovm.parseSize(10), TypeError);
});

test('refs: build, normalize, driver checks, the table', () => {
  assert.deepEqual(ovm.buildRef('source-id', ' 42'), { 'source-id': ' 42' });
  const n = ovm.normalizeRef({ sourceName: ' lv1 ', extra: 1 });
  assert.deepEqual(n.original, { sourceName: ' lv1 ', extra: 1 });
  assert.deepEqual(n.normalized, { 'source-name': 'lv1', extra: 1 });
  assert.equal(n.changed, true);
  assert.deepEqual(n.warnings.map((w) => w.code), ['key_respelled', 'value_trimmed', 'unknown_key']);
  assert.equal(ovm.normalizeRef(null, { target: 'snapshot' }).warnings[0].code, 'null_ref');
  assert.equal(ovm.normalizeRef(null).warnings[0].severity, 'error');
  const c = ovm.checkRefForDriver({ 'source-id': '1' }, 'LVM');
  assert.equal(c.ok, true);
  assert.equal(c.driver, 'lvm');
  assert.deepEqual(c.warnings.map((w) => [w.code, w.key]), [['wrong_key_for_driver', 'source-id']]);
  assert.equal(ovm.checkRefForDriver({ 'source-name': 'x' }, 'lvm', { snapshot: true }).warnings.length, 0);
  assert.deepEqual(ovm.checkRefForDriver({}, 'lvmx').error, { code: 'unknown_driver', driver: 'lvmx', suggestions: ['lvm'], message: 'no driver "lvmx" in the table; did you mean lvm?' });
  const table = ovm.drivers();
  assert.ok(table.length >= 40);
  assert.deepEqual(Object.keys(table[0]).slice(0, 9), ['id', 'name', 'aliases', 'source', 'refFunction', 'manageFunction', 'sizeFunction', 'snapshotFunction', 'manageSupport']);
  assert.equal(table[0].source, 'cinder/volume/drivers/lvm.py');
  assert.equal(table[0].refFunction, 'cinder/volume/drivers/lvm.py: LVMVolumeDriver.manage_existing_object_get_size');
  assert.ok(table.every((d) => !('specSection' in d)));
  table.length = 0;
  assert.ok(ovm.drivers().length >= 40, 'a fresh copy each time');
  assert.throws(() => ovm.normalizeRef(undefined), TypeError);
  assert.throws(() => ovm.normalizeRef({ a: 1n }), TypeError);
  assert.throws(() => ovm.normalizeRef({}, { target: 'disk' }), TypeError);
  assert.throws(() => ovm.checkRefForDriver({}, 1), TypeError);
  assert.throws(() => ovm.buildRef('source-name'), TypeError);
});

test('hosts and clusters', () => {
  assert.deepEqual(ovm.parseHost('node1@lvm#lvm'), {
    input: 'node1@lvm#lvm', host: 'node1', backend: 'lvm', serviceHost: 'node1@lvm', pool: 'lvm', afterFirstHash: 'lvm', poolKind: 'name', hints: [],
  });
  assert.equal(ovm.parseHost('h@b#[fd00::1]:/share').poolKind, 'ipv6_share');
  assert.deepEqual(ovm.parseHost('node1@lvm\n').hints.map((h) => h.code), ['trailing_newline', 'missing_pool']);
  assert.equal(ovm.parseHost('a#b#c').pool, null);
  assert.deepEqual(ovm.parseCluster(' c').hints.map((h) => h.code), ['surrounding_whitespace', 'missing_backend']);
  assert.throws(() => ovm.parseHost(undefined), TypeError);
});

test('listings → requests, refusals, queries, 202 responses', () => {
  const listing = ovm.parseListing(fixture('volume-manage-list-detail-response.json'));
  assert.equal(listing.ok, true);
  assert.equal(listing.kind, 'volume');
  assert.equal(listing.detailed, true);
  assert.deepEqual(listing.entries[0], {
    reference: { 'source-name': 'volume-9ba5bb53-4a18-4b38-be06-992999da338d' }, size: 1, safeToManage: false,
    reasonNotSafe: 'already managed', cinderId: '9ba5bb53-4a18-4b38-be06-992999da338d', extraInfo: null, sourceReference: null,
  });
  assert.deepEqual(ovm.listingEntryToRequest(listing.entries[0], { host: 'h' }), {
    ok: false, error: { code: 'not_safe_to_manage', reasonNotSafe: 'already managed', message: 'Cinder reports this entry is not safe to manage: already managed' },
  });
  assert.deepEqual(ovm.listingEntryToRequest(listing.entries[1], { host: 'node1@lvm#lvm', name: 'n', volumeType: 't' }), {
    ok: true, body: { volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lvol0' }, name: 'n', volume_type: 't' } }, listedSizeGib: 1, minMicroversion: null, notes: [],
  });
  // Cinder's own snake_case entry works too; a cluster needs 3.16.
  const raw = { reference: { 'source-name': 'a' }, size: 2, safe_to_manage: true };
  const byCluster = ovm.listingEntryToRequest(raw, { cluster: 'c1', microversion: '3.10' });
  assert.equal(byCluster.minMicroversion, '3.16');
  assert.deepEqual(byCluster.notes.map((n) => n.code), ['microversion_too_low']);
  assert.equal(ovm.listingEntryToRequest({ ...raw, safe_to_manage: false }, { host: 'h', allowUnsafe: true }).ok, true);
  const snap = ovm.parseListing(fixture('snapshot-manage-list-detail-response.json'));
  assert.deepEqual(ovm.listingEntryToRequest(snap.entries[0], { volumeId: '1df34919-aba7-4a1b-a614-3b409d71ac03' }).body, {
    snapshot: { volume_id: '1df34919-aba7-4a1b-a614-3b409d71ac03', ref: { 'source-name': 'lvol0' } },
  });
  assert.equal(ovm.parseListing('{').error.code, 'invalid_json');
  assert.equal(ovm.parseListing('{"volumes": []}').error.code, 'unknown_shape');
  assert.throws(() => ovm.listingEntryToRequest(raw, {}), TypeError);
  assert.throws(() => ovm.listingEntryToRequest(raw, { host: 'h', cluster: 'c' }), TypeError);
  assert.throws(() => ovm.listingEntryToRequest(null, { host: 'h' }), TypeError);
  assert.throws(() => ovm.listingEntryToRequest(raw, { host: 'h', volume_type: 't' }), TypeError);

  assert.deepEqual(ovm.buildListingQuery({ host: 'h@b#p', detail: true, microversion: '3.8', sort: 'size:asc,reference', limit: 10 }), {
    ok: true, path: 'manageable_volumes/detail', query: 'host=h%40b%23p&limit=10&sort=size%3Aasc%2Creference',
    pathAndQuery: 'manageable_volumes/detail?host=h%40b%23p&limit=10&sort=size%3Aasc%2Creference', notes: [],
  });
  assert.equal(ovm.buildListingQuery({ cluster: 'c' }).error.code, 'microversion_too_low');
  assert.throws(() => ovm.buildListingQuery({ host: 'h', limit: 'ten' }), TypeError);

  const response = ovm.parseManageResponse(fixture('volume-manage-response.json'));
  assert.equal(response.ok, true);
  assert.equal(response.stubLike, true);
  assert.ok(response.deviations.length > 0);
  assert.equal(ovm.parseManageResponse(fixture('snapshot-manage-response.json'), 'snapshot').ok, true);
  assert.equal(ovm.parseManageResponse('nope').ok, false);
  assert.throws(() => ovm.parseManageResponse('{}', 'disk'), TypeError);
});

test('metadata text, server messages', () => {
  assert.deepEqual(ovm.parseMetadataText('a=b, c=d'), { metadata: { a: 'b', ' c': 'd' }, rejected: [], notes: [{ code: 'key_surrounding_space', key: ' c', message: ovm.parseMetadataText('a=b, c=d').notes[0].message }] });
  assert.deepEqual(ovm.parseMetadataText('k=v=w\nx', { style: 'cli' }).metadata, { k: 'v=w' });
  assert.deepEqual(ovm.parseMetadataText(['k=v=w', 'x'], { style: 'cli' }).rejected.map((r) => r.code), ['missing_equals']);
  assert.deepEqual(ovm.parseMetadataText('__proto__=x').metadata, JSON.parse('{"__proto__": "x"}'));
  assert.throws(() => ovm.parseMetadataText('a=b', { style: 'yaml' }), TypeError);
  assert.throws(() => ovm.parseMetadataText(['a=b']), TypeError);

  const located = ovm.locateServerMessage("Invalid input for field/attribute name. Value: 1. 1 is not of type 'string', 'null'");
  assert.deepEqual(located, { code: 'wrong_type', pointer: '/volume/name', also: [], field: 'name', valueText: '1', reason: "1 is not of type 'string', 'null'", ambiguous: false });
  assert.equal(ovm.locateServerMessage('Host field is missing.').code, 'host_missing');
  assert.equal(ovm.locateServerMessage('x', { request: '{not json' }).code, 'unrecognized');
  assert.throws(() => ovm.locateServerMessage(null), TypeError);
});

test('renderRequest: forms, route, v2, text bodies', () => {
  const body = { volume: { host: 'h@b#p', ref: { 'source-id': '42' }, metadata: { k: 'v' } } };
  const r = ovm.renderRequest(body, { microversion: '', endpoint: 'os-volume-manage' });
  assert.equal(r.cinder.command, "cinder --os-volume-api-version 3.0 manage --id-type source-id --metadata k=v -- 'h@b#p' 42");
  assert.equal(r.openstack.command, "openstack volume create --remote-source source-id=42 --host 'h@b#p' --property k=v --non-bootable");
  assert.ok(!r.curl.command.includes('OpenStack-API-Version'));
  const routed = ovm.renderRequest(body, { endpoint: 'manageable_volumes', url: 'https://c.example:8776/v3/', projectId: 'p1', microversion: '3.8' });
  assert.match(routed.curl.command, /^curl -i -X POST https:\/\/c\.example:8776\/v3\/p1\/manageable_volumes \\\n/);
  const v2 = ovm.renderRequest(body, { microversion: '2.0' });
  assert.match(v2.curl.command, /\/v2\//);
  assert.equal(v2.cinder.command, null);
  assert.equal(v2.cinder.notes[0].code, 'v2_removed');
  // A text body: curl sends it verbatim, even when it is not JSON.
  const text = ovm.renderRequest('{"snapshot": {"volume_id": "v", "ref": {"source-name": "s"}}}');
  assert.match(text.curl.command, /os-snapshot-manage/);
  assert.match(text.curl.command, /--data-binary '\{"snapshot": \{"volume_id"/);
  // `v` is not a volume id, and Cinder rejects it; cinder sends it as it is.
  assert.equal(text.cinder.command, 'cinder --os-volume-api-version 3.0 snapshot-manage v s');
  assert.ok(text.cinder.notes.some((n) => n.code === 'rejected_as_sent'));
  // The rejected "bootable": "Y" is not rendered as --bootable.
  const y = ovm.renderRequest({ volume: { host: 'h', ref: { 'source-name': 'x' }, bootable: 'Y' } }, { microversion: '3.16' });
  assert.equal(y.cinder.command, null);
  assert.equal(y.openstack.command, null);
  const broken = ovm.renderRequest('{oops', { kind: 'volume' });
  assert.match(broken.curl.command, /--data-binary '\{oops'$/);
  assert.equal(broken.openstack.notes[0].code, 'body_shape');
  assert.throws(() => ovm.renderRequest(undefined), TypeError);
  assert.throws(() => ovm.renderRequest(body, { endpoint: 'https://c' }), TypeError);
  assert.throws(() => ovm.renderRequest(body, { kind: 'volume', endpoint: 'manageable_snapshots' }), TypeError);
  assert.throws(() => ovm.renderRequest(body, { microversion: 3.16 }), TypeError);
});

test('requestFromCommand: the request, the refusal, the verdict, misuse', () => {
  const r = ovm.requestFromCommand("OS_VOLUME_API_VERSION=3.16 cinder --insecure manage 'node1@lvm#lvm' lv1 --name imported");
  assert.equal(r.ok, true);
  assert.equal(r.client, 'cinder');
  assert.equal(r.clientVersion, 'python-cinderclient 9.10.0');
  assert.deepEqual(r.argv, ['--insecure', 'manage', 'node1@lvm#lvm', 'lv1', '--name', 'imported']);
  assert.equal(r.refused, null);
  assert.equal(r.endpoint, 'os-volume-manage');
  assert.deepEqual(Object.keys(r.headers), ['Accept', 'OpenStack-API-Version', 'Content-Type', 'Content-Length']);
  assert.equal(r.headers['OpenStack-API-Version'], 'volume 3.16');
  assert.equal(r.bodyText, '{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "lv1"}, "name": "imported", "description": null, "volume_type": null, "availability_zone": null, "metadata": null, "bootable": false}}');
  assert.equal(r.report.accepted, true);
  assert.equal(r.report.httpStatus, 202);
  assert.equal(r.report.normalized.host, 'node1@lvm#lvm');
  assert.deepEqual(r.unused.map((u) => u.argument), ['--insecure']);
  // openstack against a server below 3.8: the old route, its own header.
  const o = ovm.requestFromCommand('openstack volume snapshot create --remote-source source-name=s1 --volume vol1 snap', {
    serverMax: '3.7',
    volumes: [{ id: '11111111-2222-4333-8444-555555555555', name: 'vol1' }],
  });
  assert.equal(o.path, '/os-snapshot-manage');
  assert.equal(o.headers['OpenStack-API-Version'], 'volume 3.65');
  assert.match(o.bodyText, /"volume_id": "11111111-2222-4333-8444-555555555555"/);
  assert.equal(o.notes[0].code, 'server_max_differs');
  // The client's refusal, exactly.
  const refused = ovm.requestFromCommand('openstack volume create --remote-source source-name=x --host h --c c');
  assert.deepEqual(refused.refused, {
    exitCode: 2,
    stream: 'stderr',
    message: 'openstack volume create: error: ambiguous option: --c could match --column, --consistency-group, --cluster',
    output: refused.refused.output,
  });
  assert.match(refused.refused.output, /^usage: openstack volume create \[-h\]/);
  assert.equal(refused.report, null);
  // Not a client run: a stable code.
  assert.deepEqual(ovm.requestFromCommand('cinder manage "h v').error.code, 'unterminated_quote');
  assert.deepEqual(ovm.requestFromCommand('nova list').error.code, 'unknown_client');
  // Misuse throws.
  assert.throws(() => ovm.requestFromCommand(42), TypeError);
  assert.throws(() => ovm.requestFromCommand('cinder manage h v', { serverMax: '4.0' }), TypeError);
  assert.throws(() => ovm.requestFromCommand('cinder manage h v', { volumes: 'vol1' }), TypeError);
  assert.throws(() => ovm.requestFromCommand('cinder manage h v', { serverMaximum: '3.7' }), TypeError);
});
