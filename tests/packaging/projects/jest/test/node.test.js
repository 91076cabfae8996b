/**
 * @jest-environment node
 */
// The package in Jest's node environment (require(), no configuration).
const ovm = require('os-volume-manage');
const { tools, validators } = require('../src/probe.cjs');

test('validators and a transformation in node', () => {
  const r = validators(ovm);
  expect(r.accepted).toEqual([true, 202, 'imported']);
  expect(r.rejected).toEqual([false, 400, 'required', '/volume/ref']);
  expect(tools(ovm)).toBe(10);
});
