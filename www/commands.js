// The request as the commands people run: curl, `openstack …` and `cinder …`.
//
// A port of the Rust core's `render` module (src/render.rs), which is not
// exported to WebAssembly yet; same quoting, same notes, same refusals. A
// form that cannot carry the request faithfully gets `command: null` and a
// note saying why, rather than a command that would send something else.

/**
 * POSIX shell quoting: bare when every character is one of A-Za-z0-9 @ % + = : , . / _ -
 * (none means anything to the shell inside a word), else single quotes with
 * each ' written '\''. The empty string becomes ''.
 */
export function shellQuote(text) {
  if (text !== '' && /^[A-Za-z0-9@%+=:,./_-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const show = (value) => JSON.stringify(value);
const VOLUME_FIELDS = ['description', 'availability_zone', 'bootable', 'volume_type', 'name', 'host', 'ref', 'metadata', 'cluster'];
const SNAPSHOT_FIELDS = ['description', 'metadata', 'name', 'volume_id', 'ref'];
const V2_NOTE = 'the v2 API was removed from Cinder and from the clients: use a 3.x microversion';

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function versionTuple(text) {
  const m = /^(\d+)\.(\d+)$/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * Renders every form.
 *   kind          'volume' | 'snapshot'
 *   body          the request as a JS value (null when it is not JSON)
 *   bodyText      the exact text sent (curl sends it byte for byte)
 *   microversion  '' (no header), '3.16', 'latest', '2.0'…
 *   route         the collection POSTed to (os-volume-manage, manageable_volumes…)
 *   endpoint      block-storage endpoint without /v3 ('' → $CINDER_ENDPOINT)
 *   projectId     ('' → $PROJECT_ID)
 * Returns { curl, openstack, cinder }, each { command: string|null, notes: string[] }.
 */
export function renderCommands({ kind, body, bodyText, microversion = '', route, endpoint = '', projectId = '' }) {
  const root = kind === 'snapshot' ? 'snapshot' : 'volume';
  const curl = renderCurl({ kind, bodyText, microversion, route, endpoint, projectId });
  const fields = isObject(body) ? body[root] : undefined;
  if (!isObject(fields)) {
    const refused = { command: null, notes: [`expected a body of the form {"${root}": {…}}`] };
    return { curl, openstack: refused, cinder: refused };
  }
  if (microversion === '2.0') {
    const refused = { command: null, notes: [V2_NOTE] };
    return { curl, openstack: refused, cinder: refused };
  }
  return root === 'volume'
    ? { curl, openstack: oscVolume(fields, microversion), cinder: cinderVolume(fields, microversion) }
    : { curl, openstack: oscSnapshot(fields), cinder: cinderSnapshot(fields, microversion) };
}

function renderCurl({ kind, bodyText, microversion, route, endpoint, projectId }) {
  const v2 = microversion === '2.0';
  const collection = route || (kind === 'snapshot' ? 'os-snapshot-manage' : 'os-volume-manage');
  const base = endpoint.trim() ? shellQuote(endpoint.trim().replace(/\/+$/, '').replace(/\/v[23]$/, '')) : '"${CINDER_ENDPOINT}"';
  const project = projectId.trim() ? shellQuote(projectId.trim()) : '"${PROJECT_ID}"';
  const lines = [
    `curl -i -X POST ${base}/${v2 ? 'v2' : 'v3'}/${project}/${collection}`,
    '-H "X-Auth-Token: ${OS_TOKEN}"',
    "-H 'Content-Type: application/json'",
  ];
  // v2 has no microversions: the header would be ignored, so it is left out.
  if (microversion && !v2) lines.push(`-H ${shellQuote(`OpenStack-API-Version: volume ${microversion}`)}`);
  lines.push(`--data-binary ${shellQuote(bodyText)}`);
  return { command: lines.join(' \\\n  '), notes: v2 ? [V2_NOTE] : [] };
}

/** `--remote-source key=value` pairs (both `openstack` forms), or null. */
function remoteSource(ref, notes) {
  if (!isObject(ref)) {
    notes.push('the ref is not an object: --remote-source builds an object of key=value pairs');
    return null;
  }
  const pairs = [];
  for (const [key, value] of Object.entries(ref)) {
    if (key.includes('=')) {
      notes.push(`ref key ${show(key)} contains '=': key=value splits on it`);
      return null;
    }
    if (typeof value === 'string') pairs.push([key, value]);
    else if (typeof value === 'number') {
      notes.push(`ref ${key} ${value} is sent as the string "${value}"`);
      pairs.push([key, String(value)]);
    } else {
      notes.push(`ref ${key} is ${show(value)}; a CLI can only send strings`);
      return null;
    }
  }
  return pairs;
}

function stringField(fields, key, notes) {
  const value = fields[key];
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return null;
  notes.push(`${key} is ${show(value)}, not a string; left out`);
  return null;
}

function metadataPairs(fields, notes) {
  if (!isObject(fields.metadata)) return [];
  const out = [];
  for (const [key, value] of Object.entries(fields.metadata)) {
    if (typeof value === 'string') out.push(`${key}=${value}`);
    else notes.push(`metadata ${show(key)} is ${show(value)}: a CLI sends strings only (Cinder rejects non-strings anyway); left out`);
    if (key.includes('=')) notes.push(`metadata key ${show(key)} contains '=': key=value splits on the first '='`);
  }
  return out;
}

/** Bootable as the server reads it (bool_from_string), or null. */
function bootableValue(fields, notes) {
  const value = fields.bootable;
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    const parsed = ['1', 't', 'true', 'on', 'y', 'yes'].includes(lower) ? true : ['0', 'f', 'false', 'off', 'n', 'no'].includes(lower) ? false : null;
    notes.push(parsed === null ? `bootable ${show(value)} is not a value Cinder accepts; left out` : `bootable ${show(value)} is sent as a JSON boolean`);
    return parsed;
  }
  notes.push(`bootable ${show(value)} is not a value Cinder accepts; left out`);
  return null;
}

function unknownFields(fields, known, notes) {
  for (const key of Object.keys(fields)) {
    if (!known.includes(key)) notes.push(`${show(key)} has no option in this form; left out`);
  }
}

function oscVolume(fields, microversion) {
  const notes = [];
  unknownFields(fields, VOLUME_FIELDS, notes);
  const pairs = remoteSource(fields.ref, notes);
  if (!pairs) return { command: null, notes };
  const host = stringField(fields, 'host', notes) || null;
  const cluster = stringField(fields, 'cluster', notes) || null;
  const args = ['openstack'];
  let version = microversion || null;
  const tuple = versionTuple(version);
  if (cluster && (!tuple || tuple[0] < 3 || (tuple[0] === 3 && tuple[1] < 16))) {
    notes.push('--cluster needs --os-volume-api-version 3.16 or later');
    version = '3.16';
  }
  notes.push('openstacksdk sends its own maximum microversion for manage; --os-volume-api-version only gates OSC\'s checks');
  if (version) args.push('--os-volume-api-version', shellQuote(version));
  args.push('volume', 'create');
  for (const [key, value] of pairs) args.push('--remote-source', shellQuote(`${key}=${value}`));
  if (host && cluster) {
    notes.push('OSC refuses both --host and --cluster (and so does Cinder)');
    return { command: null, notes };
  }
  if (!host && !cluster) {
    notes.push('OSC needs --host or --cluster (and so does Cinder)');
    return { command: null, notes };
  }
  args.push(host ? '--host' : '--cluster', shellQuote(host ?? cluster));
  for (const [key, option] of [['volume_type', '--type'], ['availability_zone', '--availability-zone'], ['description', '--description']]) {
    const v = stringField(fields, key, notes);
    if (v !== null) args.push(option, shellQuote(v));
  }
  for (const pair of metadataPairs(fields, notes)) args.push('--property', shellQuote(pair));
  // Without a flag OSC leaves bootable None and the SDK sends "bootable": null,
  // which Cinder's schema rejects: always pass one of the two flags.
  args.push(bootableValue(fields, notes) ? '--bootable' : '--non-bootable');
  const name = stringField(fields, 'name', notes);
  if (name) {
    if (name.startsWith('-')) args.push('--');
    args.push(shellQuote(name));
  }
  return { command: args.join(' '), notes };
}

/** The single (id_type, identifier) pair cinderclient can send, or null. */
function cinderRefPair(ref, notes) {
  const pairs = remoteSource(ref, notes);
  if (!pairs) return null;
  if (pairs.length === 1) return pairs[0];
  notes.push(pairs.length === 0
    ? 'an empty ref: cinderclient always sends {id_type: identifier}'
    : 'cinderclient sends exactly one {id_type: identifier} pair; this ref has several keys');
  return null;
}

/** --metadata takes any number of values (nargs='*'): it goes last, then "--" before the positionals. */
function pushMetadataAndPositionals(args, metadata, positionals) {
  if (metadata.length) args.push('--metadata', ...metadata.map(shellQuote));
  if (metadata.length || positionals.some((p) => p.startsWith('-'))) args.push('--');
  args.push(...positionals.map(shellQuote));
}

function cinderVolume(fields, microversion) {
  const notes = [];
  unknownFields(fields, VOLUME_FIELDS, notes);
  const pair = cinderRefPair(fields.ref, notes);
  if (!pair) return { command: null, notes };
  if (stringField(fields, 'cluster', notes)) {
    notes.push('cinder manage always sends its positional host, so --cluster sends host and cluster together and Cinder answers 400 "One and only one of cluster and host must be set."');
    return { command: null, notes };
  }
  const host = stringField(fields, 'host', notes);
  if (!host) {
    notes.push('cinder manage needs a host');
    return { command: null, notes };
  }
  const args = ['cinder'];
  if (microversion) args.push('--os-volume-api-version', shellQuote(microversion));
  args.push('manage');
  if (pair[0] !== 'source-name') args.push('--id-type', shellQuote(pair[0]));
  for (const [key, option] of [['name', '--name'], ['description', '--description'], ['volume_type', '--volume-type'], ['availability_zone', '--availability-zone']]) {
    const v = stringField(fields, key, notes);
    if (v !== null) args.push(option, shellQuote(v));
  }
  if (bootableValue(fields, notes) === true) args.push('--bootable');
  pushMetadataAndPositionals(args, metadataPairs(fields, notes), [host, pair[1]]);
  return { command: args.join(' '), notes };
}

function oscSnapshot(fields) {
  const notes = [];
  unknownFields(fields, SNAPSHOT_FIELDS, notes);
  const pairs = remoteSource(fields.ref, notes);
  if (!pairs) return { command: null, notes };
  const volumeId = stringField(fields, 'volume_id', notes);
  if (volumeId === null) {
    notes.push('volume_id is required');
    return { command: null, notes };
  }
  const name = stringField(fields, 'name', notes);
  if (!name) {
    notes.push('openstack volume snapshot create requires a snapshot name; this request has none');
    return { command: null, notes };
  }
  const args = ['openstack', 'volume', 'snapshot', 'create', '--volume', shellQuote(volumeId)];
  for (const [key, value] of pairs) args.push('--remote-source', shellQuote(`${key}=${value}`));
  const description = stringField(fields, 'description', notes);
  if (description !== null) args.push('--description', shellQuote(description));
  for (const pair of metadataPairs(fields, notes)) args.push('--property', shellQuote(pair));
  if (name.startsWith('-')) args.push('--');
  args.push(shellQuote(name));
  return { command: args.join(' '), notes };
}

function cinderSnapshot(fields, microversion) {
  const notes = [];
  unknownFields(fields, SNAPSHOT_FIELDS, notes);
  const pair = cinderRefPair(fields.ref, notes);
  if (!pair) return { command: null, notes };
  const volumeId = stringField(fields, 'volume_id', notes);
  if (volumeId === null) {
    notes.push('volume_id is required');
    return { command: null, notes };
  }
  const args = ['cinder'];
  if (microversion) args.push('--os-volume-api-version', shellQuote(microversion));
  args.push('snapshot-manage');
  if (pair[0] !== 'source-name') args.push('--id-type', shellQuote(pair[0]));
  for (const [key, option] of [['name', '--name'], ['description', '--description']]) {
    const v = stringField(fields, key, notes);
    if (v !== null) args.push(option, shellQuote(v));
  }
  pushMetadataAndPositionals(args, metadataPairs(fields, notes), [volumeId, pair[1]]);
  return { command: args.join(' '), notes };
}
