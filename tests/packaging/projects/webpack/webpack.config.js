// Plain webpack 5 configurations, nothing specific to os-volume-manage.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default [
  { name: 'web', mode: 'production', target: 'web', entry: './src/main.js', output: { path: resolve(here, 'dist/web'), clean: true } },
  { name: 'only', mode: 'production', target: 'web', entry: './src/only.js', output: { path: resolve(here, 'dist/only'), clean: true } },
  { name: 'node', mode: 'production', target: 'node', entry: './src/server.mjs', output: { path: resolve(here, 'dist/node'), filename: 'server.cjs', clean: true } },
];
