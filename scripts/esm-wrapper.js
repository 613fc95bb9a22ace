#!/usr/bin/env node
'use strict';
// The ESM entry re-exports the CommonJS build, so `import` and `require` share one MPI object
// (one addon instance, one initialization).
const fs = require('node:fs');
const path = require('node:path');
const dir = path.join(__dirname, '..', 'dist', 'esm');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'index.mjs'), [
  "import cjs from '../cjs/index.js';",
  'export const MPI = cjs.MPI;',
  'export const MPIException = cjs.MPIException;',
  'export const MPIError = cjs.MPIError;',
  'export default cjs.MPI;',
  '',
].join('\n'));
fs.writeFileSync(path.join(dir, 'index.d.mts'), "export * from '../cjs/index.js';\nexport { default } from '../cjs/index.js';\n");
