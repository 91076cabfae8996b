// End-to-end tests of the "Manage volume" page in real headless Chromium:
// live validation next to each field, the verdict panel, microversion rules,
// snapshot mode, listings, commands, the size calculator, accessibility
// basics, screenshots and keystroke latency.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ROOT, SCREENSHOTS, TARGET, messages, percentile, startBrowser } from './helpers.mjs';

let b;
let page;

before(async () => {
  b = await startBrowser();
});

after(async () => {
  await page?.close();
  await b?.close();
});

/** A fresh page for each test (no state carried over). */
async function fresh(size) {
  await page?.close();
  page = await b.open(size);
  return page;
}

const answer = () => page.textContent('#server-answer');
const codes = async (selector) => (await messages(page, selector)).map((m) => `${m.type}:${m.code}`);

async function fillValid() {
  await page.fill('#identifier', 'lv1');
  await page.fill('#host', 'node1@lvm#lvm');
}

test('the page loads the package and judges the empty form like Cinder', async () => {
  await fresh();
  assert.match(await answer(), /server would answer: 400 Bad Request/);
  // At 3.71 (the default) Cinder wants one of host and cluster: both fields say so.
  assert.deepEqual(await codes('#host-msg'), ['error:host_cluster_conflict']);
  assert.deepEqual(await codes('#cluster-msg'), ['error:host_cluster_conflict']);
  assert.deepEqual(await codes('#ref-msg'), ['error:required']);
  assert.match(await page.textContent('#pkg-version'), /^\d+\.\d+\.\d+/);
  // Every control in the form has an accessible name.
  const unnamed = await page.$$eval('#manage-form input, #manage-form select, #manage-form textarea', (els) =>
    els.filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))).map((el) => el.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  for (const name of ['host', 'cluster', 'name', 'description', 'volume_type', 'availability_zone', 'bootable', 'volume_id']) {
    assert.equal(await page.locator(`#manage-form [name="${name}"]`).count(), 1, name);
  }
});

test('the headers it would send are listed, and a bad one is flagged with what to send instead', async () => {
  await fresh();
  await fillValid();
  const line = (name) => page.locator(`#request-headers li[data-header="${name}"]`);
  await page.waitForSelector('#request-headers[data-status="202"]');
  assert.equal(await line('content-type').textContent(), 'content-type: application/json');
  assert.equal(await line('accept').textContent(), 'accept: */*');
  assert.match(await line('content-length').textContent(), /^content-length: \d+$/);
  assert.equal(await page.locator('#request-headers li.bad').count(), 0);
  assert.match(await page.textContent('#headers-verdict'), /answer 202 Accepted, as above/);

  // What fetch sends for a string body: refused with 415, the header marked.
  await page.selectOption('#content-type', 'text/plain;charset=UTF-8');
  await page.waitForSelector('#request-headers[data-status="415"]');
  assert.equal(await line('content-type').getAttribute('class'), 'bad');
  assert.equal(await line('content-type').getAttribute('data-code'), 'content_type_unsupported');
  assert.match(await line('content-type').textContent(), /set headers: \{'Content-Type': 'application\/json'\}/);
  assert.match(await page.textContent('#headers-verdict'), /415 Unsupported Media Type: Unsupported Content-Type/);
  // The body's own verdict is unchanged: the headers panel says what differs.
  assert.match(await answer(), /server would answer: 202/);

  // No Content-Type at all: Cinder ignores the body (500), listed as not sent.
  await page.selectOption('#content-type', '');
  await page.waitForSelector('#request-headers[data-status="500"]');
  assert.equal(await line('content-type').textContent().then((t) => t.startsWith('content-type: (not sent)')), true);
  assert.equal(await line('content-type').getAttribute('data-code'), 'content_type_missing');

  // Back to JSON: nothing flagged.
  await page.selectOption('#content-type', 'application/json');
  await page.waitForSelector('#request-headers[data-status="202"]');
  assert.equal(await page.locator('#request-headers li.bad').count(), 0);
  assert.deepEqual(b.consoleErrors, []);
});

test('each invalid field shows the right message beside it, and the summary lists them all', async () => {
  await fresh();
  await page.fill('#identifier', 'lv1');
  await page.fill('#host', 'a b');
  await page.fill('#name', 'n'.repeat(256));
  await page.fill('#description', 'a\tb');
  await page.fill('#bootable', 'Y');
  await page.click('#add-metadata');
  await page.fill('#meta-1-key', 'a=b');
  await page.fill('#meta-1-value', 'v');
  await page.click('#add-metadata');
  await page.fill('#meta-2-key', 'k ey');
  await page.fill('#meta-2-value', 'x'.repeat(256));

  assert.deepEqual(await codes('#host-msg'), ['error:invalid_characters']);
  assert.match(await page.textContent('#host-msg'), /host contains a space at position 1/);
  assert.deepEqual(await codes('#name-msg'), ['error:too_long']);
  assert.deepEqual(await codes('#description-msg'), ['error:invalid_characters']);
  assert.match(await page.textContent('#description-msg'), /U\+0009/);
  assert.deepEqual(await codes('#bootable-msg'), ['error:invalid_boolean']);
  // /volume/metadata/a=b and /volume/metadata/k%20ey land on their own rows.
  assert.deepEqual(await codes('#meta-1-msg'), ['error:invalid_metadata_key']);
  assert.equal(await page.getAttribute('#meta-1-key', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#meta-1-value', 'aria-invalid'), null);
  assert.deepEqual(await codes('#meta-2-msg'), ['error:too_long']);
  assert.equal(await page.getAttribute('#meta-2-value', 'aria-invalid'), 'true');

  for (const id of ['host', 'name', 'description', 'bootable']) {
    assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', id);
    assert.ok((await page.getAttribute(`#${id}`, 'aria-describedby')).split(' ').includes(`${id}-msg`), id);
  }
  assert.equal(await page.getAttribute('#volume_type', 'aria-invalid'), null);

  // Summary: every error, the first one (the one Cinder reports) marked; links focus the field.
  assert.equal(await page.textContent('#summary-title'), '6 problems');
  assert.equal(await page.locator('#error-list li').count(), 6);
  assert.equal(await page.locator('#error-list .first').count(), 1);
  await page.click('#error-list a[href="#bootable"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bootable');

  // The verdict panel: status plus Cinder's ~1 KB message, collapsed.
  assert.match(await answer(), /400 Bad Request/);
  assert.equal(await page.locator('#server-error details').count(), 1);
  assert.equal(await page.locator('#server-error details').evaluate((d) => d.open), false);
  assert.match(await page.textContent('#server-error'), /Invalid input for field\/attribute description/);
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-errors.png') });

  // Fix everything: the request becomes valid.
  await page.fill('#host', 'node1@lvm#lvm');
  await page.fill('#name', '  imported  ');
  await page.fill('#description', 'café déjà vu\n');
  await page.fill('#bootable', 'yes');
  await page.fill('#meta-1-key', 'a');
  await page.fill('#meta-2-value', 'x');
  assert.match(await answer(), /server would answer: 202 Accepted/);
  assert.equal(await page.textContent('#summary-title'), 'No problems');
  assert.equal(await page.locator('#manage-form [aria-invalid="true"]').count(), 0);
  // Normalization changes: highlighted in the normalized view and listed from → to.
  const marked = await page.$$eval('#normalized mark', (ms) => ms.map((m) => m.textContent.trim()));
  assert.ok(marked.some((m) => m.startsWith('"name": "imported"')), marked.join('\n'));
  assert.ok(marked.some((m) => m.startsWith('"bootable": true')), marked.join('\n'));
  const changes = await page.$$eval('#changes li', (ls) => ls.map((l) => l.dataset.code));
  assert.ok(changes.includes('stripped') && changes.includes('boolean_from_string'), changes.join());
  assert.match(await page.textContent('#changes'), /"  imported  " → "imported"/);
  assert.match(await page.textContent('#name-msg'), /Cinder stores:"imported"/);
  const body = JSON.parse(await page.textContent('#request-body'));
  assert.deepEqual(body, {
    volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lv1' }, name: '  imported  ', description: 'café déjà vu\n', bootable: 'yes', metadata: { a: 'v', 'k ey': 'x' } },
  });
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-valid.png') });
});

test('warnings are shown apart from errors', async () => {
  await fresh();
  await fillValid();
  await page.fill('#volume_type', ' gold');
  await page.fill('#identifier', 'volume-9ba5bb53-4a18-4b38-be06-992999da338d');
  assert.match(await answer(), /202/);
  assert.deepEqual(await codes('#volume_type-msg'), ['warning:volume_type_whitespace']);
  assert.deepEqual(await codes('#ref-msg'), ['warning:possibly_already_managed']);
  assert.equal(await page.isVisible('#warnings-title'), true);
  assert.equal(await page.locator('#warning-list li').count(), 2);
  assert.equal(await page.getAttribute('#volume_type', 'aria-invalid'), null);
});

test('the microversion changes the host/cluster rules', async () => {
  await fresh();
  await page.fill('#identifier', 'lv1');
  // 3.71: manage by cluster alone is fine; host and cluster together are not.
  await page.fill('#cluster', 'cluster1@lvm');
  assert.match(await answer(), /202/);
  await page.fill('#host', 'node1@lvm#lvm');
  assert.match(await answer(), /400/);
  assert.deepEqual(await codes('#host-msg'), ['error:host_cluster_conflict']);
  assert.deepEqual(await codes('#cluster-msg'), ['error:host_cluster_conflict']);
  assert.match(await page.textContent('#server-error'), /One and only one of cluster and host must be set\./);

  // 3.15: no cluster in the schema; the field is disabled and says why; host alone is valid.
  await page.selectOption('#microversion', '3.15');
  assert.equal(await page.isDisabled('#cluster'), true);
  assert.match(await page.textContent('#cluster-msg'), /needs microversion 3\.16 or later.*not sent/);
  assert.match(await answer(), /202/);
  assert.ok(!(await page.textContent('#request-body')).includes('cluster'));
  await page.fill('#host', '');
  assert.deepEqual(await codes('#host-msg'), ['error:host_missing']);
  assert.match(await page.textContent('#host-msg'), /microversion 3\.15/);

  // Back to 3.16: the cluster is sent again and suffices.
  await page.selectOption('#microversion', '3.16');
  assert.equal(await page.isDisabled('#cluster'), false);
  assert.match(await answer(), /202/);

  // No header at all = 3.0; the manageable_volumes route needs 3.8.
  await page.selectOption('#microversion', '');
  await page.fill('#host', 'node1@lvm#lvm');
  assert.match(await answer(), /202/);
  await page.selectOption('#endpoint', 'manageable_volumes');
  assert.match(await answer(), /404 Not Found/);
  assert.deepEqual(await codes('#endpoint-msg'), ['error:endpoint_unavailable']);
  assert.equal(await page.getAttribute('#endpoint', 'aria-invalid'), 'true');
  await page.selectOption('#microversion', '3.8');
  assert.match(await answer(), /202/);
  assert.match(await page.textContent('#cmd-curl'), /\/manageable_volumes \\/);
});

test('snapshot mode: volume_id instead of host, snapshot endpoints', async () => {
  await fresh();
  await page.check('input[name="kind"][value="snapshot"]');
  assert.equal(await page.isVisible('#host'), false);
  assert.equal(await page.isVisible('#volume_id'), true);
  assert.equal(await page.isVisible('#bootable'), false);
  assert.deepEqual(await page.$$eval('#endpoint option', (os) => os.map((o) => o.value)), ['os-snapshot-manage', 'manageable_snapshots']);
  await page.fill('#identifier', 'snap1');
  assert.deepEqual(await codes('#volume_id-msg'), ['error:required']);
  await page.fill('#volume_id', 'abc');
  assert.deepEqual(await codes('#volume_id-msg'), ['error:invalid_uuid']);
  assert.match(await page.textContent('#server-error'), /'abc' is not a 'uuid'/);
  await page.fill('#volume_id', '9ba5bb53-4a18-4b38-be06-992999da338d');
  await page.fill('#name', ' snap ');
  assert.match(await answer(), /202 Accepted/);
  assert.deepEqual(JSON.parse(await page.textContent('#request-body')), {
    snapshot: { volume_id: '9ba5bb53-4a18-4b38-be06-992999da338d', ref: { 'source-name': 'snap1' }, name: ' snap ' },
  });
  assert.equal(
    await page.textContent('#cmd-cinder'),
    "cinder --os-volume-api-version 3.71 snapshot-manage --name ' snap ' 9ba5bb53-4a18-4b38-be06-992999da338d snap1",
  );
  assert.equal(
    await page.textContent('#cmd-openstack'),
    "openstack volume snapshot create --volume 9ba5bb53-4a18-4b38-be06-992999da338d --remote-source source-name=snap1 ' snap '",
  );
});

test('identifier types: source-id, custom key, raw JSON ref', async () => {
  await fresh();
  await fillValid();
  await page.selectOption('#ref-type', 'source-id');
  assert.deepEqual(JSON.parse(await page.textContent('#request-body')).volume.ref, { 'source-id': 'lv1' });
  await page.selectOption('#ref-type', 'custom');
  await page.fill('#ref-key', 'name');
  assert.deepEqual(JSON.parse(await page.textContent('#request-body')).volume.ref, { name: 'lv1' });
  assert.deepEqual(await codes('#ref-msg'), ['warning:ref_no_known_key']);
  // Raw JSON carries the identifier over, then is sent verbatim.
  await page.selectOption('#ref-type', 'raw');
  assert.equal(await page.inputValue('#ref-json'), '{"name":"lv1"}');
  await page.fill('#ref-json', '{"source-name": "lv1", ');
  assert.deepEqual(await codes('#ref-msg'), ['error:body_malformed']);
  assert.equal(await page.getAttribute('#ref-json', 'aria-invalid'), 'true');
  await page.fill('#ref-json', '"lv1"');
  assert.match(await answer(), /202/);
  assert.deepEqual(await codes('#ref-msg'), ['warning:ref_string']);
  assert.equal(await page.textContent('#cmd-openstack'), 'This form cannot express the request (see below).');
  await page.fill('#ref-json', '{"source-name": "lv1"}');
  assert.deepEqual(await codes('#ref-msg'), []);
  // An empty identifier sends no ref: Cinder's "required".
  await page.selectOption('#ref-type', 'source-name');
  await page.fill('#identifier', '');
  assert.deepEqual(await codes('#ref-msg'), ['error:required']);
});

test('paste a listing, pick a safe candidate; an unsafe one is refused with its reason', async () => {
  await fresh();
  const listing = readFileSync(join(ROOT, 'tests/fixtures/api-ref/volume-manage-list-detail-response.json'), 'utf8');
  await page.fill('#listing-host', 'node1@lvm#lvm');
  await page.fill('#listing-input', listing);
  assert.match(await page.textContent('#listing-status'), /2 volume entries, 1 safe to manage/);
  const rows = page.locator('#listing-table tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).textContent(), /already managed/);
  assert.equal(await rows.nth(0).locator('button').getAttribute('aria-disabled'), 'true');

  // aria-disabled, not disabled: it stays reachable by keyboard and explains the refusal.
  await rows.nth(0).locator('button').focus();
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('#listing-status'), /Refused: Cinder reports this entry is not safe to manage: already managed/);
  assert.equal(await page.inputValue('#identifier'), '');

  await rows.nth(1).locator('button').click();
  assert.equal(await page.inputValue('#identifier'), 'lvol0');
  assert.equal(await page.inputValue('#host'), 'node1@lvm#lvm');
  assert.match(await answer(), /202/);
  assert.match(await page.textContent('#listing-status'), /Filled the form from \{"source-name":"lvol0"\} \(1 GiB listed\)\. Request valid/);

  // A snapshot listing switches the page to snapshot mode.
  await page.fill('#listing-input', readFileSync(join(ROOT, 'tests/fixtures/api-ref/snapshot-manage-list-detail-response.json'), 'utf8'));
  await page.locator('#listing-table tbody tr').nth(0).locator('button').click();
  assert.equal(await page.isChecked('input[name="kind"][value="snapshot"]'), true);
  assert.match(await page.textContent('#listing-status'), /volume id/i);
  assert.deepEqual(await codes('#volume_id-msg'), ['error:required']);

  await page.fill('#listing-input', '{"volumes": []}');
  assert.match(await page.textContent('#listing-status'), /expected an object with "manageable-volumes"/);
});

test('copy as curl, openstack and cinder commands (shell-quoted)', async () => {
  await fresh();
  await page.fill('#identifier', "it's lv");
  await page.fill('#host', 'node1@lvm#lvm');
  await page.fill('#name', 'vol 1');
  await page.fill('#bootable', 'true');
  await page.click('#add-metadata');
  await page.fill('#meta-1-key', 'k');
  await page.fill('#meta-1-value', 'v w');
  await page.selectOption('#microversion', '3.16');
  assert.match(await answer(), /202/);
  const curl = await page.textContent('#cmd-curl');
  assert.equal(curl, [
    'curl -i -X POST "${CINDER_ENDPOINT}"/v3/"${PROJECT_ID}"/os-volume-manage \\',
    '  -H "X-Auth-Token: ${OS_TOKEN}" \\',
    "  -H 'Content-Type: application/json' \\",
    "  -H 'OpenStack-API-Version: volume 3.16' \\",
    `  --data-binary '{"volume":{"host":"node1@lvm#lvm","ref":{"source-name":"it'\\''s lv"},"name":"vol 1","bootable":true,"metadata":{"k":"v w"}}}'`,
  ].join('\n'));
  assert.equal(
    await page.textContent('#cmd-openstack'),
    "openstack volume create --remote-source 'source-name=it'\\''s lv' --host 'node1@lvm#lvm' --property 'k=v w' --bootable 'vol 1'",
  );
  assert.equal(
    await page.textContent('#cmd-cinder'),
    "cinder --os-volume-api-version 3.16 manage --bootable --name 'vol 1' --metadata 'k=v w' -- 'node1@lvm#lvm' 'it'\\''s lv'",
  );
  await page.fill('#cmd-endpoint', 'https://cloud.example:8776/v3/');
  await page.fill('#cmd-project', 'p1');
  assert.match(await page.textContent('#cmd-curl'), /^curl -i -X POST https:\/\/cloud\.example:8776\/v3\/p1\/os-volume-manage/);

  await page.click('[data-copy="cmd-cinder"]');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  assert.match(await page.textContent('#copy-status'), /Copied the cinder command/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.textContent('#cmd-cinder'));

  // By cluster: cinder manage cannot express it, and says why.
  await page.fill('#host', '');
  await page.fill('#cluster', 'c1');
  assert.match(await page.textContent('#cmd-cinder-notes'), /cinder manage always sends its positional host/);
  assert.equal(await page.getAttribute('[data-copy="cmd-cinder"]', 'aria-disabled'), 'true');
  assert.match(await page.textContent('#cmd-openstack'), /--cluster c1/);
});

test('paste a command line: the request the client sends, or its refusal, and the verdict', async () => {
  await fresh();
  assert.equal(await page.isHidden('#paste-result'), true);
  await page.fill('#paste-input', "openstack volume create --remote-source source-name=lv1 --host 'node1@lvm#lvm' --bootable imported");
  assert.match(await page.textContent('#paste-status'), /python-openstackclient 10\.5\.0 .*sends this request/);
  const request = await page.textContent('#paste-request');
  assert.match(request, /^POST \/v3\/\{project_id\}\/manageable_volumes\nAccept: \*\/\*\nOpenStack-API-Version: volume 3\.71\n/);
  assert.match(request, /"bootable": true\}\}$/);
  assert.match(await page.textContent('#paste-verdict'), /accept it \(202\)/);
  // Without a bootable flag openstack sends null, which Cinder rejects.
  await page.fill('#paste-input', 'openstack volume create --remote-source source-name=lv1 --host h imported -f json');
  assert.match(await page.textContent('#paste-verdict'), /answer 400/);
  assert.deepEqual(await page.$$eval('#paste-issues li', (ls) => ls.map((l) => l.dataset.code)).then((c) => c[0]), 'wrong_type');
  assert.match(await page.textContent('#paste-notes'), /-f json: formats the table/);
  // An old server: cinder downgrades, and the cluster key disappears.
  await page.fill('#paste-server-max', '3.15');
  await page.fill('#paste-input', "cinder manage 'h@b#p' lv1 --cluster c1");
  assert.match(await page.textContent('#paste-request'), /OpenStack-API-Version: volume 3\.15/);
  assert.doesNotMatch(await page.textContent('#paste-request'), /cluster/);
  // The client's own refusal.
  await page.fill('#paste-input', 'cinder manage h v --name');
  assert.match(await page.textContent('#paste-status'), /refuses \(exit 2\): no request is sent/);
  assert.equal(await page.textContent('#paste-request'), "error: argument --name: expected one argument\nTry 'cinder help manage' for more information.");
  // Not a client run at all.
  await page.fill('#paste-input', 'nova boot x');
  assert.match(await page.textContent('#paste-status'), /\[unknown_client\]/);
  assert.equal(await page.isHidden('#paste-result'), true);
  await page.fill('#paste-server-max', '4');
  await page.fill('#paste-input', 'cinder manage h v');
  assert.match(await page.textContent('#paste-status'), /Server maximum: server maximum "4" is not a 3\.x microversion/);
});

test('size calculator: exact GiB ceiling and Cinder\'s float rule', async () => {
  await fresh();
  const read = async (key) => page.textContent(`#size-output [data-size="${key}"]`);
  await page.fill('#size-input', '9007199254740993');
  assert.equal(await read('exact'), '8388609 GiB');
  assert.equal(await read('cinder'), '8388608 GiB');
  await page.fill('#size-input', '1.5 TiB');
  assert.equal(await read('bytes'), '1649267441664');
  assert.equal(await read('exact'), '1536 GiB');
  assert.equal(await read('whole'), 'yes');
  await page.fill('#size-input', '500 MB');
  assert.equal(await read('exact'), '1 GiB');
  assert.match(await page.textContent('#size-output'), /decimal unit/);
  await page.fill('#size-input', '10gb');
  assert.match(await page.textContent('#size-output'), /means bits/);
});

test('keyboard: summary links, metadata rows, submit focuses the summary', async () => {
  await fresh();
  await page.focus('#identifier');
  await page.keyboard.type('lv1');
  await page.keyboard.press('Tab'); // to the host field (ref-key and raw JSON are hidden)
  assert.equal(await page.evaluate(() => document.activeElement.id), 'host');
  await page.keyboard.type('a b');
  await page.keyboard.press('Enter'); // submits the form
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  await page.click('#add-metadata');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'meta-1-key');
  await page.keyboard.type('k');
  await page.click('[data-remove]');
  assert.equal(await page.locator('.meta-row').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'add-metadata');
  // The polite live region announces once typing pauses.
  await page.waitForFunction(() => document.getElementById('announcer').textContent !== '', null, { timeout: 5000 });
});

test('360 px wide: no horizontal scrolling; screenshots', async () => {
  await fresh({ width: 360, height: 800 });
  await page.fill('#identifier', 'lv1');
  await page.fill('#host', 'a b');
  await page.fill('#description', 'a\tb');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow}px wide`);
  await page.screenshot({ path: join(SCREENSHOTS, 'mobile-360.png'), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'mobile-360-top.png') });
  await page.locator('#verdict').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'mobile-360-verdict.png') });
  await fresh();
  await page.fill('#identifier', 'lv1');
  await page.fill('#host', 'a b');
  await page.fill('#description', 'a\tb');
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop-full.png'), fullPage: true });
});

test('keystroke → updated errors latency, measured in the browser', async () => {
  await fresh();
  await fillValid();
  await page.click('#add-metadata');
  await page.fill('#meta-1-key', 'k');
  await page.evaluate(() => window.ovmDashboard.latencies.splice(0));
  // Alternate valid and invalid states so the DOM really changes: host with a
  // space (error), the description with a tab (the 1 KB server message).
  await page.focus('#host');
  await page.keyboard.type(' b c d e f g h i j k l m n o p q r s t u v w x y z'.repeat(2), { delay: 0 });
  await page.focus('#description');
  await page.keyboard.type('ab\tcd ef\tgh '.repeat(8), { delay: 0 });
  await page.focus('#name');
  await page.keyboard.type('a name that is valid '.repeat(5), { delay: 0 });
  const samples = await page.evaluate(() => window.ovmDashboard.latencies.slice());
  assert.ok(samples.length >= 200, `only ${samples.length} samples`);
  const stats = (key) => {
    const sorted = samples.map((s) => s[key]).sort((x, y) => x - y);
    const round = (x) => Math.round(x * 100) / 100;
    return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1)) };
  };
  const result = {
    samples: samples.length,
    what: 'input event → errors, verdict, request and commands updated in the DOM (ms, headless Chromium)',
    handler_ms: stats('handler'),
    since_event_ms: stats('sinceEvent'),
    goal: 'p95 under 5 ms (reported, not asserted)',
  };
  writeFileSync(join(TARGET, 'www-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`# keystroke latency: handler p50 ${result.handler_ms.p50.toFixed(2)} ms, p95 ${result.handler_ms.p95.toFixed(2)} ms; since event p50 ${result.since_event_ms.p50.toFixed(2)} ms, p95 ${result.since_event_ms.p95.toFixed(2)} ms (${samples.length} keystrokes)`);
  assert.ok(Number.isFinite(result.handler_ms.p95));
});

test('no console errors, and no request left localhost', () => {
  assert.deepEqual(b.consoleErrors, []);
  const outside = b.requests.filter((u) => !u.startsWith(b.url) && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
  assert.ok(b.requests.some((u) => u.endsWith('.wasm')));
});
