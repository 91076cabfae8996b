// The "Manage volume" page: reads the form, builds the exact request body,
// asks the package's WebAssembly core for Cinder's verdict on every input
// event, and puts each finding next to the control it is about.
//
// Modules: pointer.js (report pointers → controls), commands.js (curl /
// openstack / cinder), listing.js (manageable listings), paste.js (a pasted
// cinder/openstack command line → its request and verdict); sizes and host
// parsing come straight from the package. No framework: the DOM is updated in place, and only where the
// content changed, so a keystroke costs one validation plus a few writes.
import init, { constants, initTools, parseHost, parseSize, resolveMicroversion, validateRequest, validateSnapshotManageJson, validateVolumeManageJson, version } from '../pkg/web.js';
import { renderCommands } from './commands.js';
import { parseListing, refToForm, refusal } from './listing.js';
import { updatePaste, wirePaste } from './paste.js';
import { parsePointer, targetOf } from './pointer.js';

const $ = (id) => document.getElementById(id);
const form = $('manage-form');

/** Creates an element: h('p', { class: 'x' }, 'text', child…). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

// ---------------------------------------------------------------- settings

// The versions and routes come from the core (constants(), once it is
// loaded): the page keeps no copy of them.
const STATUS_TEXT = { 0: 'no request could be sent', 202: 'Accepted', 400: 'Bad Request', 404: 'Not Found', 406: 'Not Acceptable', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 500: 'Internal Server Error' };
const LABELS = {
  microversion: 'Microversion', endpoint: 'Endpoint', ref: 'Identifier', host: 'Host', cluster: 'Cluster',
  volume_id: 'Volume id', name: 'Name', description: 'Description', volume_type: 'Volume type',
  availability_zone: 'Availability zone', bootable: 'Bootable', metadata: 'Metadata', form: 'Request',
};

/** { major, minor } of the selected microversion ('' = no header = 3.0), as Cinder reads it. */
function versionOf(mv) {
  const v = resolveMicroversion(mv === '' ? null : mv);
  return v.ok ? v : { major: 3, minor: 0 };
}

// A raw JSON ref is spliced into the body text where this string stands, so
// that it reaches the validator verbatim (NaN, duplicate keys…), exactly as
// it would be sent. The random part keeps it from matching anything typed.
const RAW_REF_MARK = `\u0000raw-ref-${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}`;
const RAW_REF_JSON = JSON.stringify(RAW_REF_MARK);

// ---------------------------------------------------------------- the form

const kindOf = () => form.elements.kind.value;

/** Reads the form into { kind, microversion, options, body, raw, rows… }. */
function readForm() {
  const kind = kindOf();
  const microversion = $('microversion').value;
  const { major, minor } = versionOf(microversion);
  const clusterAllowed = major === 3 && minor >= 16;
  const value = (id) => $(id).value;
  const fields = {};
  const put = (key, id = key) => {
    if (value(id) !== '') fields[key] = value(id);
  };
  if (kind === 'volume') {
    put('host');
    if (clusterAllowed) put('cluster');
  } else {
    put('volume_id');
  }
  const refType = value('ref-type');
  let raw = null;
  if (refType === 'raw') {
    if (value('ref-json').trim() !== '') {
      raw = value('ref-json');
      fields.ref = RAW_REF_MARK;
    }
  } else if (value('identifier') !== '') {
    fields.ref = { [refType === 'custom' ? value('ref-key') : refType]: value('identifier') };
  }
  put('name');
  put('description');
  if (kind === 'volume') {
    put('volume_type');
    put('availability_zone');
    // true/false are JSON booleans; any other text goes as a string, which is
    // how Cinder's 25 accepted spellings ("yes", "On", "1"…) arrive.
    const bootable = value('bootable');
    if (bootable === 'true' || bootable === 'false') fields.bootable = bootable === 'true';
    else if (bootable !== '') fields.bootable = bootable;
  }
  const rows = [...$('metadata-rows').children].map((li) => ({
    li,
    key: li.querySelector('[name="metadata-key"]').value,
    value: li.querySelector('[name="metadata-value"]').value,
  }));
  const used = rows.filter((r) => r.key !== '' || r.value !== '');
  if (used.length) fields.metadata = Object.fromEntries(used.map((r) => [r.key, r.value]));

  const options = { endpoint: value('endpoint'), unicodeVersion: value('unicode') };
  if (microversion !== '') options.microversion = microversion;
  return { kind, microversion, clusterAllowed, refType, raw, rows: used, options, body: { [kind]: fields } };
}

/** The body as sent; `space` as for JSON.stringify. */
function bodyText(state, space) {
  const text = JSON.stringify(state.body, null, space);
  return state.raw === null ? text : text.replace(RAW_REF_JSON, () => state.raw);
}

// ------------------------------------------------------- issues → controls

/** Message slots: where messages go and which controls they mark invalid. */
function slots(state) {
  const refControls = state.refType === 'raw' ? [$('ref-json')] : [$('identifier')];
  const map = new Map();
  const add = (key, msgId, controls) => map.set(key, { msg: $(msgId), controls, items: [] });
  add('form', 'form-msg', []);
  add('microversion', 'microversion-msg', [$('microversion')]);
  add('endpoint', 'endpoint-msg', [$('endpoint')]);
  add('ref', 'ref-msg', refControls);
  for (const f of ['host', 'cluster', 'volume_id', 'name', 'description', 'volume_type', 'availability_zone', 'bootable']) {
    add(f, `${f}-msg`, [$(f)]);
  }
  add('metadata', 'metadata-msg', [$('add-metadata')]);
  for (const row of $('metadata-rows').children) {
    map.set(`row:${row.dataset.row}`, { msg: row.querySelector('.msg'), controls: [], items: [], row });
  }
  return map;
}

/** Slot key and the control to focus / mark for one report issue. */
function place(issue, state, map) {
  const target = targetOf(issue, { rawRef: state.refType === 'raw' });
  if (target.field === 'metadata' && target.key !== undefined) {
    // The last row with the key is the one whose value is sent.
    const row = [...state.rows].reverse().find((r) => r.key === target.key);
    if (row) {
      const keyProblem = issue.code === 'invalid_metadata_key' || issue.code === 'metadata_key_too_long';
      const control = row.li.querySelector(keyProblem ? '[name="metadata-key"]' : '[name="metadata-value"]');
      return { slot: `row:${row.li.dataset.row}`, control, label: `Metadata "${target.key}"` };
    }
    return { slot: 'metadata', control: $('add-metadata'), label: 'Metadata' };
  }
  const slot = map.has(target.field) ? target.field : 'form';
  return { slot, control: map.get(slot).controls[0] ?? null, label: LABELS[slot] };
}

const lastHtml = new WeakMap();

/** Replaces an element's children only when the content differs. */
function setContent(el, signature, build) {
  if (lastHtml.get(el) === signature) return;
  lastHtml.set(el, signature);
  el.replaceChildren(...build());
}

const TAGS = { error: 'Error', warning: 'Warning', change: 'Cinder stores', page: 'Note' };

function renderSlot(slot) {
  setContent(slot.msg, JSON.stringify(slot.items), () =>
    slot.items.map((it) => h('p', { class: it.type, 'data-code': it.code ?? null }, h('span', { class: 'tag' }, `${TAGS[it.type]}:`), it.text)),
  );
}

// ---------------------------------------------------------------- update

let ready = false;
let lastReport = null;
let lastState = null;
const latencies = [];

/** Validates the current form and refreshes every panel. */
function update() {
  const state = readForm();
  const text = bodyText(state, 2);
  let report;
  try {
    report = state.kind === 'volume' ? validateVolumeManageJson(text, state.options) : validateSnapshotManageJson(text, state.options);
  } catch (e) {
    // Only misuse throws (a page bug): say so instead of going quiet.
    report = { accepted: false, httpStatus: 0, serverError: null, errors: [{ pointer: '', code: 'internal', message: `the page called the validator wrongly: ${e.message}` }], warnings: [], changes: [], normalized: null };
  }
  lastReport = report;
  lastState = state;
  showHostParts(state);

  const map = slots(state);
  const invalid = new Set();
  const placed = (issue) => place(issue, state, map);
  const errorLinks = report.errors.map((issue, i) => {
    const p = placed(issue);
    map.get(p.slot).items.push({ type: 'error', code: issue.code, text: issue.message });
    if (p.control) invalid.add(p.control);
    return { ...p, issue, first: i === 0 };
  });
  const warningLinks = report.warnings.map((issue) => {
    const p = placed(issue);
    map.get(p.slot).items.push({ type: 'warning', code: issue.code, text: issue.message });
    return { ...p, issue };
  });
  for (const change of report.changes) {
    const p = placed(change);
    if (change.code !== 'defaulted') {
      map.get(p.slot).items.push({ type: 'change', code: change.code, text: `${JSON.stringify(change.to)} (${change.message})` });
    }
  }
  pageNotes(state, map);

  for (const slot of map.values()) renderSlot(slot);
  for (const el of form.querySelectorAll('[aria-invalid]')) if (!invalid.has(el)) el.removeAttribute('aria-invalid');
  for (const el of invalid) el.setAttribute('aria-invalid', 'true');
  for (const row of $('metadata-rows').children) row.classList.toggle('invalid', !!row.querySelector('[aria-invalid]'));

  renderVerdict(report);
  renderSummary(errorLinks, warningLinks);
  renderRequest(state, text, report);
  renderCommandPanel(state, report);
  scheduleAnnouncement(report);
  checkHeaders(state, text, report);
}

// ------------------------------------------------ the headers, judged whole

/** The header a whole-request finding is about (its code says which). */
function headerOf(code) {
  if (code.startsWith('content_type_') || code.startsWith('form_')) return 'content-type';
  if (code.startsWith('microversion_')) return 'openstack-api-version';
  if (code === 'accept_unrenderable') return 'accept';
  if (code === 'body_too_large') return 'content-length';
  return null;
}

let headersRun = 0;

/**
 * The request as fetch would send it from this page (the chosen
 * Content-Type, the version header, a token), judged whole by
 * validateRequest: the headers are listed, and the one Cinder objects to is
 * marked with its message. Runs after the body's own verdict, without
 * holding up typing; only the latest run is shown.
 */
async function checkHeaders(state, text, bodyReport) {
  const run = ++headersRun;
  const headers = { 'X-Auth-Token': '<token>' };
  const contentType = $('content-type').value;
  if (contentType !== '') headers['Content-Type'] = contentType;
  if (state.microversion !== '') headers['OpenStack-API-Version'] = `volume ${state.microversion}`;
  const body = contentType === '' ? new TextEncoder().encode(text) : text;
  let report;
  try {
    report = await validateRequest(`/v3/${state.options.endpoint}`, { method: 'POST', headers, body }, { unicodeVersion: state.options.unicodeVersion });
  } catch (e) {
    report = { httpStatus: 0, errors: [{ code: 'internal', message: `the page called validateRequest wrongly: ${e.message}` }], request: { headers: [] } };
  }
  if (run !== headersRun) return;
  const blamed = new Map();
  for (const issue of report.errors) {
    const name = headerOf(issue.code);
    if (name && !blamed.has(name)) blamed.set(name, issue);
  }
  const sentNames = new Set(report.request.headers.map(([name]) => name));
  // A header Cinder misses is listed as not sent.
  const lines = [...report.request.headers, ...[...blamed.keys()].filter((n) => !sentNames.has(n)).map((n) => [n, null])];
  setContent($('request-headers'), JSON.stringify([lines, [...blamed]]), () =>
    lines.map(([name, value]) => {
      const issue = blamed.get(name);
      return h('li', { class: issue ? 'bad' : null, 'data-header': name, 'data-code': issue?.code ?? null }, value === null ? `${name}: (not sent)` : `${name}: ${value}`, issue ? h('span', { class: 'why' }, issue.message) : null);
    }),
  );
  const same = report.httpStatus === bodyReport.httpStatus;
  const status = `${report.httpStatus} ${STATUS_TEXT[report.httpStatus] ?? ''}`.trim();
  $('headers-verdict').textContent = blamed.size === 0 && same
    ? `With these headers the server would answer ${status}, as above.`
    : `With these headers the server would answer ${status}${report.serverError ? `: ${report.serverError}` : ''}.`;
  $('request-headers').dataset.status = String(report.httpStatus);
}

/** Notes the page adds itself (not Cinder's findings): labelled as such. */
function pageNotes(state, map) {
  if (state.kind === 'volume' && !state.clusterAllowed) {
    const mv = state.microversion === '' ? 'no microversion header (3.0)' : state.microversion;
    const sent = $('cluster').value !== '' ? ' The value typed here is not sent.' : '';
    map.get('cluster').items.push({ type: 'page', text: `Managing by cluster needs microversion 3.16 or later; with ${mv} Cinder's schema has no cluster property, so the field is disabled.${sent}` });
  }
  const seen = new Map();
  for (const row of [...state.rows].reverse()) {
    if (seen.has(row.key)) {
      map.get(`row:${row.li.dataset.row}`).items.push({ type: 'page', text: `Same key as a later row: only the last row's value is sent.` });
    } else seen.set(row.key, row);
  }
}

function renderVerdict(report) {
  const status = report.httpStatus;
  setContent($('http-status'), String(status), () => [`${status} ${STATUS_TEXT[status] ?? ''}`.trim()]);
  const panel = $('verdict');
  panel.classList.toggle('ok', report.accepted);
  panel.classList.toggle('bad', !report.accepted);
  const bar = $('verdict-bar');
  const n = report.errors.length;
  bar.textContent = `Server would answer ${status}${n ? ` · ${n} problem${n === 1 ? '' : 's'}` : ''}`;
  bar.classList.toggle('ok', report.accepted);
  const message = report.serverError ?? '';
  const box = $('server-error');
  const wasOpen = box.querySelector('details')?.open ?? false;
  setContent(box, message, () => {
    if (message === '') return [];
    // The description rule's message embeds Cinder's ~1 KB character class: collapsed by default.
    if (message.length > 160) {
      return [h('details', { open: wasOpen }, h('summary', {}, `Cinder's message (${message.length} characters): ${message.slice(0, 80)}…`), h('p', { class: 'server-text' }, message))];
    }
    return [h('p', { class: 'server-text' }, message)];
  });
}

function renderSummary(errors, warnings) {
  const link = (p, type) => h('a', { href: `#${p.control?.id ?? 'manage-form'}`, 'data-code': p.issue.code, class: type, onclick: (ev) => focusControl(ev, p.control) }, `${p.label}: ${p.issue.message}`);
  setContent($('summary-title'), String(errors.length), () => [errors.length === 0 ? 'No problems' : `${errors.length} problem${errors.length === 1 ? '' : 's'}`]);
  setContent($('error-list'), JSON.stringify(errors.map((e) => [e.issue, e.control?.id])), () =>
    errors.map((p) => h('li', {}, link(p, 'error'), p.first ? h('span', { class: 'first' }, 'the one Cinder reports') : null)),
  );
  $('warnings-title').hidden = warnings.length === 0;
  setContent($('warning-list'), JSON.stringify(warnings.map((w) => [w.issue, w.control?.id])), () => warnings.map((p) => h('li', {}, link(p, 'warning'))));
}

function focusControl(event, control) {
  if (!control) return;
  event.preventDefault();
  control.focus();
  control.scrollIntoView({ block: 'center' });
}

function renderRequest(state, text, report) {
  setContent($('request-body'), text, () => [text]);
  const normalized = report.normalized;
  const changedKeys = new Set(report.changes.map((c) => parsePointer(c.pointer)?.[1]));
  const signature = JSON.stringify([normalized, [...changedKeys]]);
  setContent($('normalized'), signature, () => {
    if (!normalized) return ['Nothing: Cinder refuses the request.'];
    const entries = Object.entries(normalized);
    const lines = entries.map(([k, v], i) => {
      const line = `  ${JSON.stringify(k)}: ${JSON.stringify(v)}${i < entries.length - 1 ? ',' : ''}`;
      return changedKeys.has(k) ? [h('mark', {}, line), '\n'] : [line, '\n'];
    });
    return ['{\n', ...lines.flat(), '}'];
  });
  const changes = report.changes;
  setContent($('changes'), JSON.stringify(changes), () =>
    changes.length === 0
      ? [h('li', {}, 'None: Cinder acts on the values as sent.')]
      : changes.map((c) => h('li', { 'data-code': c.code }, h('code', {}, c.pointer), ' ', h('span', { class: 'from' }, JSON.stringify(c.from)), ' → ', h('span', { class: 'to' }, JSON.stringify(c.to)), ' ', h('span', { class: 'hint' }, c.message))),
  );
}

function renderCommandPanel(state, report) {
  let body = state.body;
  let rawProblem = null;
  if (state.raw !== null) {
    try {
      body = { [state.kind]: { ...state.body[state.kind], ref: JSON.parse(state.raw) } };
    } catch {
      rawProblem = 'the raw ref is not JSON a client could send';
    }
  }
  const out = renderCommands({
    kind: state.kind,
    body: rawProblem ? null : body,
    bodyText: bodyText(state),
    microversion: state.microversion,
    route: state.options.endpoint,
    endpoint: $('cmd-endpoint').value,
    projectId: $('cmd-project').value,
  });
  if (rawProblem) out.openstack = out.cinder = { command: null, notes: [rawProblem] };
  for (const name of ['curl', 'openstack', 'cinder']) {
    const { command, notes } = out[name];
    const pre = $(`cmd-${name}`);
    setContent(pre, command ?? '', () => [command ?? 'This form cannot express the request (see below).']);
    pre.closest('.command').classList.toggle('unavailable', command === null);
    pre.dataset.command = command ?? '';
    setContent($(`cmd-${name}-notes`), JSON.stringify(notes), () => notes.map((n) => h('li', {}, n)));
    const button = document.querySelector(`[data-copy="cmd-${name}"]`);
    if (command === null) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }
  const status = report.httpStatus;
  $('commands-verdict').textContent = report.accepted
    ? 'Cinder would accept this request (202).'
    : `Cinder would refuse this request (${status}): the commands send it as it is.`;
}

// ----------------------------------------------- announcements (polite, debounced)

// Screen readers hear the verdict once typing pauses, and only when it changed:
// announcing on every keystroke would drown the characters being typed.
let announceTimer = 0;
let lastAnnounced = '';

function verdictSentence(report) {
  if (report.accepted) {
    const w = report.warnings.length;
    return `Request valid: the server would answer 202.${w ? ` ${w} warning${w === 1 ? '' : 's'}.` : ''}`;
  }
  const n = report.errors.length;
  return `${n} problem${n === 1 ? '' : 's'}: the server would answer ${report.httpStatus}. First: ${report.errors[0]?.message ?? ''}`;
}

function announce(text, force = false) {
  if (!force && text === lastAnnounced) return;
  lastAnnounced = text;
  $('announcer').textContent = text;
}

function scheduleAnnouncement(report) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => announce(verdictSentence(report)), 1200);
}

// ---------------------------------------------------------------- controls

function fillMicroversions() {
  const { min, max, legacy } = constants().microversions;
  const [lowest, highest] = [versionOf(min), versionOf(max)];
  const options = [
    ['', `none (no header: ${min})`],
    ...Array.from({ length: highest.minor - lowest.minor + 1 }, (_, i) => `${highest.major}.${lowest.minor + i}`).map((v) => [v, v]),
    ['latest', `latest (${max})`],
    [legacy, `${legacy} (the removed v2 API)`],
  ];
  const select = $('microversion');
  select.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  select.value = max;
}

/** Volume vs snapshot: which groups show, which endpoints exist. */
function syncKind() {
  const kind = kindOf();
  for (const el of document.querySelectorAll('[data-kind]')) el.hidden = el.dataset.kind !== kind;
  const select = $('endpoint');
  const index = Math.max(0, select.selectedIndex);
  const { endpoints, microversions } = constants();
  const label = (e) => (e.minMicroversion === microversions.legacy ? e.name : `${e.name} (${e.minMicroversion}+)`);
  select.replaceChildren(...endpoints.filter((e) => e.kind === kind).map((e) => h('option', { value: e.name }, label(e))));
  select.selectedIndex = index;
  $('new-legend').textContent = kind === 'volume' ? 'The new volume' : 'The new snapshot';
}

/** Cluster exists from 3.16: disabled below, with the reason beside it. */
function syncVersion() {
  const { major, minor } = versionOf($('microversion').value);
  $('cluster').disabled = !(major === 3 && minor >= 16);
}

function syncRefType() {
  const type = $('ref-type').value;
  const raw = type === 'raw';
  const wasRaw = !document.querySelector('[data-field="ref-json"]').hidden;
  if (raw && !wasRaw) {
    // Carry the identifier over so switching to raw JSON loses nothing.
    const key = $('ref-key').value;
    const previous = $('ref-type').dataset.previous ?? 'source-name';
    const id = $('identifier').value;
    if (id !== '') $('ref-json').value = JSON.stringify({ [previous === 'custom' ? key : previous]: id });
  }
  $('ref-type').dataset.previous = type;
  document.querySelector('[data-field="ref-key"]').hidden = type !== 'custom';
  document.querySelector('[data-field="ref"]').hidden = raw;
  document.querySelector('[data-field="ref-json"]').hidden = !raw;
}

let rowCounter = 0;

function addRow(key = '', value = '') {
  const id = ++rowCounter;
  const msgId = `meta-${id}-msg`;
  const li = h('li', { class: 'meta-row', 'data-row': String(id) },
    h('input', { name: 'metadata-key', id: `meta-${id}-key`, autocomplete: 'off', spellcheck: 'false', placeholder: 'key', 'aria-describedby': `metadata-hint ${msgId}` }),
    h('input', { name: 'metadata-value', id: `meta-${id}-value`, autocomplete: 'off', placeholder: 'value', 'aria-describedby': msgId }),
    h('button', { type: 'button', class: 'secondary small', 'data-remove': String(id) }, 'Remove'),
    h('div', { class: 'msg', id: msgId }),
  );
  li.querySelector('[name="metadata-key"]').value = key;
  li.querySelector('[name="metadata-value"]').value = value;
  $('metadata-rows').append(li);
  labelRows();
  return li;
}

/** Row numbers in the accessible names follow the visible order. */
function labelRows() {
  [...$('metadata-rows').children].forEach((li, i) => {
    li.querySelector('[name="metadata-key"]').setAttribute('aria-label', `Metadata key, row ${i + 1}`);
    li.querySelector('[name="metadata-value"]').setAttribute('aria-label', `Metadata value, row ${i + 1}`);
    li.querySelector('[data-remove]').setAttribute('aria-label', `Remove metadata row ${i + 1}`);
  });
}

function onFormInput(event) {
  if (!ready) return;
  const t0 = performance.now();
  const id = event.target.id;
  if (event.target.name === 'kind') syncKind();
  if (id === 'microversion') syncVersion();
  if (id === 'ref-type') syncRefType();
  update();
  const t1 = performance.now();
  // Keystroke → updated errors: from the event's creation (same clock as
  // performance.now) and the handler alone; the tests report p50/p95.
  latencies.push({ handler: t1 - t0, sinceEvent: t1 - event.timeStamp });
  if (latencies.length > 5000) latencies.shift();
}

// ---------------------------------------------------------------- listing

let listing = null;

function onListingInput() {
  const text = $('listing-input').value;
  const status = $('listing-status');
  const table = $('listing-table');
  status.classList.remove('refused');
  if (text.trim() === '') {
    listing = null;
    table.hidden = true;
    status.textContent = '';
    return;
  }
  listing = parseListing(text);
  if (!listing.ok) {
    table.hidden = true;
    status.textContent = listing.message;
    return;
  }
  const safe = listing.entries.filter((e) => !refusal(e)).length;
  status.textContent = `${listing.entries.length} ${listing.kind} entr${listing.entries.length === 1 ? 'y' : 'ies'}, ${safe} safe to manage.`;
  table.hidden = false;
  table.tBodies[0].replaceChildren(...listing.entries.map((entry) => listingRow(entry)));
}

function listingRow(entry) {
  const refused = refusal(entry);
  const reasonId = `listing-${entry.index}-reason`;
  const notes = [...(refused ? [refused] : []), ...entry.notes];
  if (entry.cinderId) notes.push(`Cinder id ${entry.cinderId}`);
  if (entry.sourceReference) notes.push(`parent on the backend: ${JSON.stringify(entry.sourceReference)}`);
  return h('tr', { class: refused ? 'unsafe' : null, 'data-index': String(entry.index) },
    h('td', {}, h('code', {}, entry.reference ? JSON.stringify(entry.reference) : '—')),
    h('td', {}, entry.size === null ? '—' : `${entry.size} GiB`),
    h('td', {}, entry.safe === null ? 'unknown' : entry.safe ? 'yes' : 'no'),
    h('td', { id: reasonId }, notes.join('; ')),
    // aria-disabled rather than disabled: the button stays focusable and says why when pressed.
    h('td', {}, h('button', { type: 'button', class: 'secondary small', 'aria-disabled': refused ? 'true' : null, 'aria-describedby': reasonId, onclick: () => pick(entry) }, 'Use')),
  );
}

function pick(entry) {
  const status = $('listing-status');
  const refused = refusal(entry);
  if (refused) {
    status.textContent = `Refused: ${refused}`;
    status.classList.add('refused');
    return;
  }
  status.classList.remove('refused');
  const kind = listing.kind;
  form.elements.kind.value = kind;
  syncKind();
  const ref = refToForm(entry.reference);
  $('ref-type').value = ref.type;
  syncRefType();
  if (ref.type === 'raw') $('ref-json').value = ref.json;
  else {
    $('identifier').value = ref.identifier;
    if (ref.type === 'custom') $('ref-key').value = ref.key;
  }
  const host = $('listing-host').value.trim();
  if (kind === 'volume' && host !== '') {
    $('host').value = host;
    $('cluster').value = '';
  }
  update();
  const next = kind === 'snapshot' ? ' Give the Cinder id of the parent volume in Volume id.' : '';
  status.textContent = `Filled the form from ${JSON.stringify(entry.reference)}${entry.size !== null ? ` (${entry.size} GiB listed)` : ''}. ${verdictSentence(lastReport)}${next}`;
  const firstBad = form.querySelector('[aria-invalid="true"]');
  (firstBad ?? $('name')).focus();
}

// ---------------------------------------------------------------- sizes

function onSizeInput() {
  const text = $('size-input').value;
  const out = $('size-output');
  if (text.trim() === '') {
    out.replaceChildren();
    return;
  }
  const r = parseSize(text);
  if (!r.ok) {
    out.replaceChildren(h('p', { class: 'status refused' }, r.error.message));
    return;
  }
  const whole = r.gib.wholeGibOnly !== null;
  out.replaceChildren(
    h('dl', {},
      h('dt', {}, 'Bytes'), h('dd', { 'data-size': 'bytes' }, r.bytes.toString()),
      h('dt', {}, 'GiB, exact ceiling'), h('dd', { 'data-size': 'exact' }, `${r.gib.exact} GiB`),
      h('dt', {}, 'GiB, as Cinder computes it'), h('dd', { 'data-size': 'cinder' }, r.gib.cinderCompatible === null ? 'overflow (the driver fails)' : `${r.gib.cinderCompatible} GiB`),
      h('dt', {}, 'Whole GiB'), h('dd', { 'data-size': 'whole' }, whole ? 'yes' : 'no (PowerMax and Dell SC refuse it)'),
    ),
    r.warnings.length ? h('ul', { class: 'notes' }, r.warnings.map((w) => h('li', { 'data-code': w.code }, w.message))) : null,
  );
}

// ---------------------------------------------------------------- host parts

/** How Cinder splits the host (host, backend, pool), with the parser's hints, under the host field. */
function showHostParts(state) {
  let el = $('host-parts');
  if (!el) {
    el = h('p', { class: 'hint', id: 'host-parts', 'aria-live': 'off' });
    $('host-hint').after(el);
  }
  const host = state.body.volume?.host;
  if (state.kind !== 'volume' || host === undefined) {
    el.replaceChildren();
    return;
  }
  const p = parseHost(host);
  const pool = p.pool === null ? 'no pool' : `pool ${JSON.stringify(p.pool)}`;
  // Errors are the validator's to show; the hints add what the API accepts but is likely wrong.
  const hints = p.hints.filter((x) => x.severity !== 'error');
  el.replaceChildren(
    `Cinder reads service ${JSON.stringify(p.serviceHost)}, ${pool}.`,
    ...hints.map((x) => h('span', { class: 'host-hint', 'data-code': x.code }, ` ${x.message}.`.replace(/\.\.$/, '.'))),
  );
}

// ---------------------------------------------------------------- copy

async function copy(button) {
  const pre = $(button.dataset.copy);
  const status = $('copy-status');
  const text = pre.dataset.command;
  if (!text) {
    status.textContent = 'Nothing to copy: this form cannot express the request.';
    return;
  }
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = `Copied the ${button.dataset.copy.slice(4)} command.`;
  } catch {
    // No clipboard permission (or not a secure context): select the text for Ctrl+C.
    const range = document.createRange();
    range.selectNodeContents(pre);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    pre.focus();
    status.textContent = 'The clipboard is not available here: the command is selected, press Ctrl+C.';
  }
}

// ---------------------------------------------------------------- start

/** The controls whose choices come from the core: filled once it is loaded. */
function fillFromCore() {
  fillMicroversions();
  syncKind();
  syncVersion();
}

function wire() {
  syncRefType();
  form.addEventListener('input', onFormInput);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    update();
    announce(verdictSentence(lastReport), true);
    (lastReport.accepted ? $('verdict') : $('error-summary')).focus?.();
    if (!lastReport.accepted) $('error-summary').focus();
  });
  $('add-metadata').addEventListener('click', () => {
    const li = addRow();
    update();
    li.querySelector('input').focus();
  });
  $('metadata-rows').addEventListener('click', (event) => {
    const id = event.target.dataset?.remove;
    if (!id) return;
    const li = event.target.closest('li');
    const next = li.nextElementSibling ?? li.previousElementSibling;
    li.remove();
    labelRows();
    update();
    (next?.querySelector('input') ?? $('add-metadata')).focus();
    announce('Metadata row removed.', true);
  });
  for (const id of ['cmd-endpoint', 'cmd-project']) $(id).addEventListener('input', () => ready && renderCommandPanel(lastState, lastReport));
  for (const button of document.querySelectorAll('[data-copy]')) button.addEventListener('click', () => copy(button));
  $('listing-input').addEventListener('input', onListingInput);
  $('size-input').addEventListener('input', onSizeInput);
  wirePaste();
}

// Diagnostics for tests and integrators: the last report and input latencies.
window.ovmDashboard = {
  latencies,
  get report() {
    return lastReport;
  },
  get ready() {
    return ready;
  },
};

wire();
try {
  // The validators and the transformations (sizes, hosts, listings, the
  // rendered commands) are two modules: fetched in parallel.
  await Promise.all([init(), initTools()]);
  fillFromCore();
  ready = true;
  $('pkg-version').textContent = version();
  $('loading').remove();
  update();
  updatePaste();
  document.documentElement.dataset.ready = 'true';
} catch (e) {
  const loading = $('loading');
  loading.setAttribute('role', 'alert');
  loading.textContent = `The validator could not be loaded: ${e.message}`;
  throw e;
}
