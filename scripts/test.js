#!/usr/bin/env node
'use strict';
// `npm test`: compile the TypeScript, build the addon for every installed MPI flavour, run the
// vitest suites (which launch real jobs with each flavour's mpiexec at 1–5 ranks), and end with
// one line `tests: N passed, M failed`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const step = (what, cmd, args) => {
  process.stdout.write(`\n== ${what}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
};
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

if (!step('compile TypeScript', bin('tsc'), ['-p', 'tsconfig.json']) || !step('ESM entry', process.execPath, ['scripts/esm-wrapper.js'])) {
  process.stdout.write('tests: 0 passed, 1 failed\n');
  process.exit(1);
}
if (!step('build the addon per MPI flavour', process.execPath, ['scripts/build-flavours.js'])) {
  process.stdout.write('tests: 0 passed, 1 failed\n');
  process.exit(1);
}
const report = path.join(root, 'build-flavours', 'vitest-report.json');
fs.rmSync(report, { force: true });
const args = ['run', `--reporter=${process.env.MPI4JS_TEST_REPORTER || 'dot'}`, '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const ok = step('vitest', bin('vitest'), args);
let passed = 0;
let failed = ok ? 0 : 1;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
  // One line per failure, so the end of a CI log names what broke.
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status !== 'failed') continue;
      const why = String((t.failureMessages ?? [])[0] ?? '').split('\n')[0].slice(0, 240);
      process.stdout.write(`FAILED ${path.relative(root, file.name)} > ${t.fullName}: ${why}\n`);
    }
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0)
      process.stdout.write(`FAILED ${path.relative(root, file.name)}: ${String(file.message ?? '').split('\n')[0].slice(0, 240)}\n`);
  }
} catch { /* vitest did not write a report */ }
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
