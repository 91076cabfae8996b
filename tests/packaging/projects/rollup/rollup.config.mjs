// A plain Rollup configuration: node-resolve for bare imports, nothing
// specific to os-volume-manage. SRC (rollup --environment SRC:dir) picks the
// source directory.
import { nodeResolve } from '@rollup/plugin-node-resolve';

const src = process.env.SRC ?? 'src';

export default {
  input: [`${src}/main.js`, `${src}/worker.js`],
  output: { dir: 'dist', format: 'es' },
  plugins: [nodeResolve({ browser: true })],
};
