/**
 * @jest-environment jsdom
 */
// The package in Jest's jsdom environment (require(), no configuration).
const ovm = require('os-volume-manage');
const { tools, validators } = require('../src/probe.cjs');

test('validators and a transformation in jsdom', () => {
  expect(typeof window).toBe('object');
  const r = validators(ovm);
  expect(r.accepted).toEqual([true, 202, 'imported']);
  expect(r.rejected).toEqual([false, 400, 'required', '/volume/ref']);
  expect(tools(ovm)).toBe(10);
});
