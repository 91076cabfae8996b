// The package under Vitest (node environment, no configuration).
import * as ovm from 'os-volume-manage';
import { expect, test } from 'vitest';
import { tools, validators } from '../src/probe.js';

test('validators and a transformation', async () => {
  await ovm.default();
  const r = validators(ovm);
  expect(r.accepted).toEqual([true, 202, 'imported']);
  expect(r.rejected).toEqual([false, 400, 'required', '/volume/ref']);
  expect(tools(ovm)).toBe(10);
});
