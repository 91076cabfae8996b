// What every matrix project runs against the installed package: an accepted
// request (202), a rejected one (400, `required` at /volume/ref), and, with
// `tools`, one transformation (parseSize). The runner compares the result
// with EXPECTED in run.mjs. `ovm` is the package's module object, or for
// code that imports names, an object of them.
export const GOOD = { volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lv1' }, name: ' imported ' } };
export const BAD = { volume: { host: 'node1@lvm#lvm' } };

export function validators(ovm) {
  const good = ovm.validateVolumeManage(GOOD, { microversion: '3.16' });
  const bad = ovm.validateVolumeManage(BAD);
  return {
    version: ovm.version(),
    accepted: [good.accepted, good.httpStatus, good.normalized.name],
    rejected: [bad.accepted, bad.httpStatus, bad.errors[0].code, bad.errors[0].pointer],
  };
}

export function tools(ovm) {
  return ovm.parseSize('10G').gib.exact;
}
