#!/usr/bin/env node
'use strict';
// The ESM entry re-exports the CommonJS build, so `import` and `require` share one MPI object
// (one addon instance, one initialization). Its own types (index.d.mts) make TypeScript see it as
// ESM under node16/nodenext: `import MPI from 'mpi4js'` is the MPI namespace, as at run time.
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const dir = path.join(dist, 'esm');
// The value exports of the CommonJS entry, from tsc's `exports.A = exports.B = void 0;` line.
const cjsSource = fs.readFileSync(path.join(dist, 'cjs', 'index.js'), 'utf8');
const names = [...(/^exports\..* = void 0;$/m.exec(cjsSource)?.[0] ?? '').matchAll(/exports\.(\w+)/g)].map((m) => m[1]);
if (!names.includes('MPI')) throw new Error('esm-wrapper: dist/cjs/index.js does not export MPI; run tsc first');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'index.mjs'), [
  "import cjs from '../cjs/index.js';",
  ...names.sort().map((n) => `export const ${n} = cjs.${n};`),
  'export default cjs.MPI;',
  '',
].join('\n'));
fs.writeFileSync(path.join(dir, 'index.d.mts'), [
  "import { MPI } from '../cjs/index.js';",
  "export * from '../cjs/index.js';",
  'export default MPI;',
  '',
].join('\n'));
