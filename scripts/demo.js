#!/usr/bin/env node
'use strict';
// `npm run demo`: the seed demo on 4 ranks with the launcher of the MPI mpi4js was built with.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const n = process.argv[2] || '4';
const script = process.argv[3] || 'examples/hello.mjs';
let launcher = 'mpiexec';
try {
  launcher = JSON.parse(fs.readFileSync(path.join(root, 'build', 'Release', 'mpi4js-build.json'), 'utf8')).launcher || launcher;
} catch { /* not built by scripts/install.js */ }
const env = { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1' };
console.log(`$ ${path.basename(launcher)} -n ${n} node ${script}`);
const r = spawnSync(launcher, ['-n', n, process.execPath, path.join(root, script)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
