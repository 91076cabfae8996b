// Typed usage of the package, checked by `tsc --noEmit` (types.test.mjs) as
// an ES module consumer with Node's module resolution (the "import" types).
import init, {
  checkJsonl,
  checkJsonlBatch,
  checkJsonlLine,
  initSync,
  validateSnapshotManage,
  validateSnapshotManageJson,
  validateVolumeManage,
  validateVolumeManageJson,
  validateRequest,
  version,
  constants,
  resolveMicroversion,
} from 'os-volume-manage';
import {
  buildListingQuery,
  buildRef,
  checkRefForDriver,
  drivers,
  gibFromBytes,
  listingEntryToRequest,
  locateServerMessage,
  normalizeRef,
  parseCluster,
  parseHost,
  parseListing,
  parseManageResponse,
  parseMetadataText,
  parseSize,
  renderRequest,
  requestFromCommand,
} from 'os-volume-manage';
import type { Count, DriverHint, HostParts, ManageableEntry, SizeResult } from 'os-volume-manage';
import type { Code, Issue, NormalizedVolume, SnapshotReport, VolumeOptions, VolumeReport } from 'os-volume-manage';
import type { RequestReport, ResponseInfo, SentRequest } from 'os-volume-manage';

await init();
initSync();

const options: VolumeOptions = { microversion: '3.16', endpoint: 'manageable_volumes', unicodeVersion: '15.1' };
const report: VolumeReport = validateVolumeManage({ volume: { host: 'h@b#p', ref: { 'source-name': 'x' } } }, options);

if (report.accepted) {
  // Narrowed: normalized is there, errors is empty.
  const n: NormalizedVolume = report.normalized;
  const name: string | null = n.name;
  const bootable: boolean = n.bootable;
  const zone: string | null = n.availability_zone;
  void [name, bootable, zone];
} else {
  const first: Issue | undefined = report.errors[0];
  const code: Code | undefined = first?.code;
  const status: number = report.httpStatus;
  const fault: string | null = report.serverError;
  const nothing: null = report.normalized;
  void [code, status, fault, nothing];
}

const s: SnapshotReport = validateSnapshotManage(undefined, { endpoint: 'os-snapshot-manage' });
if (s.accepted) {
  const id: string = s.normalized.volume_id;
  void id;
}
validateVolumeManageJson('{"volume": {}}');
validateSnapshotManageJson(new Uint8Array([123, 125]), { microversion: null });
const line: string | undefined = checkJsonlLine('{"id": 1, "body": {}}', { kind: 'snapshot', microversion: '3.8' });
const v: string = version();
void [line, v];
const batch: (string | undefined)[] = checkJsonlBatch(['{"id": 1, "body": {}}', ''], { microversion: '3.16' });
void batch;
async function bulk(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const out of checkJsonl(stream, { workers: 2, kind: 'volume' })) n += out.length;
  for await (const out of checkJsonl('{"id": 1, "body": {}}\n')) n += out.length;
  return n;
}
void bulk;

const seen: string[] = [];
for (const w of report.warnings) {
  if (w.code === 'lossy_output' || w.code === 'ref_string') seen.push(w.pointer, w.message);
}
for (const c of report.changes) {
  if (c.code === 'stripped') seen.push(JSON.stringify(c.from), JSON.stringify(c.to));
}

// @ts-expect-error: an endpoint of the other kind
validateVolumeManage({}, { endpoint: 'os-snapshot-manage' });
// @ts-expect-error: microversion is a string
validateVolumeManage({}, { microversion: 3.16 });
// @ts-expect-error: unknown option
validateVolumeManage({}, { microVersion: '3.16' });
// @ts-expect-error: text only
validateVolumeManageJson({ volume: {} });
// @ts-expect-error: workers is a count
checkJsonl('', { workers: 'all' });
// @ts-expect-error: checkJsonlBatch takes lines, not one text
checkJsonlBatch('{"id": 1}\n{"id": 2}');
// @ts-expect-error: not a code
const bad: Code = 'no_such_code';
void bad;

// Whole requests, as fetch sends them.
const whole: RequestReport = await validateRequest(
  'https://cinder:8776/v3/0123456789abcdef0123456789abcdef/os-volume-manage',
  { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{}' },
  { maxRequestBodySize: Infinity, server: 'eventlet', unicodeVersion: '14.0' },
);
const answer: ResponseInfo | null = whole.response;
const sent: SentRequest = whole.request;
void [answer?.statusLine, answer?.renderedBy, sent.headers[0]?.[0], sent.endpoint, whole.httpStatus];
await validateRequest({ href: 'https://c/v3/manageable_volumes' }, { method: 'POST', body: new Uint8Array(2) });
validateVolumeManageJson('{}', { maxRequestBodySize: 1 << 20 });
// @ts-expect-error: a server model name
await validateRequest('/v3/os-volume-manage', {}, { server: 'apache' });
// @ts-expect-error: the version is a header here
await validateRequest('/v3/os-volume-manage', {}, { microversion: '3.16' });

// Transformations.
const size = gibFromBytes(2n ** 53n + 1n, { mode: 'cinder_compatible' });
if (size.ok) {
  const gib: Count = size.gib;
  const whole: boolean = size.wholeGib;
  const full: SizeResult = size;
  void [gib, whole, full, size.cinderGib === null ? 'overflow' : size.cinderGib];
} else {
  const code: string = size.error.code;
  void code;
}
gibFromBytes(1073741824);
gibFromBytes('123456789012345678901234567890', { mode: 'exact' });
const parsedSize = parseSize('1.5 TiB');
if (parsedSize.ok) void [parsedSize.gib.exact, parsedSize.gib.wholeGibOnly, parsedSize.unit];
const ref: { [key: string]: string } = buildRef('source-id', '42');
const normalized = normalizeRef(ref, { target: 'snapshot' });
void [normalized.changed, normalized.warnings[0]?.severity];
const checked = checkRefForDriver(normalized.normalized, 'lvm', { snapshot: false });
if (checked.ok) void checked.warnings.map((w) => w.code);
else void checked.error.suggestions;
const table: DriverHint[] = drivers();
void table[0]?.volumeKeys;
const hostParts: HostParts = parseHost('node1@lvm#lvm');
void [hostParts.serviceHost, hostParts.poolKind, parseCluster('c').hints];
const listing = parseListing('{"manageable-volumes": []}');
if (listing.ok) {
  const first: ManageableEntry | undefined = listing.entries[0];
  if (first) {
    const request = listingEntryToRequest(first, { host: 'node1@lvm#lvm', microversion: '3.16' });
    if (request.ok) void [request.body, request.notes];
    else void request.error.reasonNotSafe;
  }
}
const query = buildListingQuery({ host: 'h@b#p', detail: true, sort: 'size:asc', limit: 10 });
if (query.ok) void query.pathAndQuery;
const response = parseManageResponse('{}', 'snapshot');
if (response.ok) void response.stubLike;
void parseMetadataText(['k=v'], { style: 'cli' }).metadata;
void parseMetadataText('a=b,c=d').rejected;
void locateServerMessage('Host field is missing.', { kind: 'volume', request: {} }).pointer;
const rendered = renderRequest({ volume: {} }, { microversion: '3.16', endpoint: 'manageable_volumes', url: 'https://c', projectId: 'p' });
void [rendered.curl.command, rendered.cinder.notes];
// @ts-expect-error: a mode name
gibFromBytes(1, { mode: 'cinder' });
// @ts-expect-error: a Date is not a byte count
gibFromBytes(new Date());
// @ts-expect-error: a route, not a URL
renderRequest({}, { endpoint: 'https://c' });
const fromCommand = requestFromCommand("cinder manage 'h@b#p' lv1", { serverMax: '3.27', volumes: [{ id: 'x', name: null }] });
if (fromCommand.ok) {
  const body: string | null = fromCommand.bodyText;
  const exit: number | undefined = fromCommand.refused?.exitCode;
  const accepted: boolean | undefined = fromCommand.report?.accepted;
  void [body, exit, accepted, fromCommand.headers?.['OpenStack-API-Version'], fromCommand.unused[0]?.reason];
} else {
  const code: string = fromCommand.error.code;
  void code;
}
// @ts-expect-error: the server maximum is a string such as "3.27"
requestFromCommand('cinder manage h v', { serverMax: 3.27 });

// The core's facts, typed.
const facts = constants();
const maxMinor: string = facts.microversions.max;
const firstCode: Code | undefined = facts.codes[0];
const resolved = resolveMicroversion(maxMinor);
if (resolved.ok) {
  const minor: number = resolved.minor;
  void minor;
} else {
  const status: number = resolved.httpStatus;
  void status;
}
void firstCode;
