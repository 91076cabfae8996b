// tsc --noEmit over typed usage files, resolved against the installed
// package as ESM and as CommonJS consumers (no DOM or Node types needed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CONSUMER, ROOT, ensureInstalled } from './helpers.mjs';

test('tsc --noEmit accepts the typed usage (ESM and CJS) and rejects the misuses', () => {
  ensureInstalled();
  const dir = join(CONSUMER, 'types');
  mkdirSync(dir, { recursive: true });
  for (const f of ['usage.mts', 'usage.cts']) copyFileSync(join(ROOT, 'tests', 'js', 'types', f), join(dir, f));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022'],
        types: [],
        strict: true,
        noEmit: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
      },
      files: ['usage.mts', 'usage.cts'],
    }),
  );
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
