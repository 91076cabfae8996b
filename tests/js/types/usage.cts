// Typed usage as a CommonJS consumer (the "require" types, dist/index.d.cts).
import ovm = require('os-volume-manage');

const r: ovm.VolumeReport = ovm.validateVolumeManage({ volume: {} }, { microversion: 'latest' });
const status: number = r.httpStatus;
const s: ovm.SnapshotReport = ovm.validateSnapshotManageJson('{}');
const ok: boolean = s.accepted;
// @ts-expect-error: options must be an object
ovm.validateVolumeManage({}, '3.16');
const gib = ovm.gibFromBytes(2n ** 53n + 1n);
const exact: ovm.Count | undefined = gib.ok ? gib.exactGib : undefined;
export = { status, ok, exact };
