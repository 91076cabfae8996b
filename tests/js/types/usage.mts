// Typed usage of the package, checked by `tsc --noEmit` (types.test.mjs) as
// an ES module consumer with Node's module resolution (the "import" types).
import init, {
  checkJsonlLine,
  initSync,
  validateSnapshotManage,
  validateSnapshotManageJson,
  validateVolumeManage,
  validateVolumeManageJson,
  version,
} from 'os-volume-manage';
import type { Code, Issue, NormalizedVolume, SnapshotReport, VolumeOptions, VolumeReport } from 'os-volume-manage';

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
// @ts-expect-error: not a code
const bad: Code = 'no_such_code';
void bad;
