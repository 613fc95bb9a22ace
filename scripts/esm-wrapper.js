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

// mpi4js/futures: the same scheme (the ESM entry re-exports the CommonJS one), and the static-mode
// server module for `node --import mpi4js/futures/server` (top-level await: rank 0 goes on to the app).
{
  const futDir = path.join(dir, 'futures');
  const futSource = fs.readFileSync(path.join(dist, 'cjs', 'futures', 'index.js'), 'utf8');
  const futNames = [...(/^exports\..* = void 0;$/m.exec(futSource)?.[0] ?? '').matchAll(/exports\.(\w+)/g)].map((m) => m[1]);
  if (!futNames.includes('MPIPoolExecutor')) throw new Error('esm-wrapper: dist/cjs/futures/index.js does not export MPIPoolExecutor');
  fs.mkdirSync(futDir, { recursive: true });
  fs.writeFileSync(path.join(futDir, 'index.mjs'), [
    "import cjs from '../../cjs/futures/index.js';",
    ...futNames.sort().map((n) => `export const ${n} = cjs.${n};`),
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(futDir, 'index.d.mts'), "export * from '../../cjs/futures/index.js';\n");
  fs.writeFileSync(path.join(futDir, 'server.mjs'), [
    "import cjs from '../../cjs/futures/server.js';",
    'await cjs.startServer();',
    '',
  ].join('\n'));
  // a module run for its effect (`node --import`): it exports nothing
  fs.writeFileSync(path.join(futDir, 'server.d.mts'), 'export {};\n');
}
