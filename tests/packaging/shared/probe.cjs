'use strict';
// probe.js for CommonJS projects (the same checks; see probe.js).
const GOOD = { volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lv1' }, name: ' imported ' } };
const BAD = { volume: { host: 'node1@lvm#lvm' } };

function validators(ovm) {
  const good = ovm.validateVolumeManage(GOOD, { microversion: '3.16' });
  const bad = ovm.validateVolumeManage(BAD);
  return {
    version: ovm.version(),
    accepted: [good.accepted, good.httpStatus, good.normalized.name],
    rejected: [bad.accepted, bad.httpStatus, bad.errors[0].code, bad.errors[0].pointer],
  };
}

function tools(ovm) {
  return ovm.parseSize('10G').gib.exact;
}

module.exports = { GOOD, BAD, validators, tools };
