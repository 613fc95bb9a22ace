#!/usr/bin/env node
'use strict';
// `npm run test:quick [program…]`: every suite of test/suites.mjs as a singleton MPI process (no
// launcher, one rank) on each built flavour — seconds instead of the minutes of `npm test`, for a
// check while developing. Needs `npm run build:ts` and `node scripts/build-flavours.js` first.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, flavours, flavourDir, flavourEnv } = require('./flavours.js');

(async () => {
  const { SUITES } = await import(path.join(root, 'test', 'suites.mjs'));
  const only = process.argv.slice(2);
  let passed = 0;
  let failed = 0;
  for (const f of flavours().filter((x) => fs.existsSync(path.join(flavourDir(x), 'mpi4js.node')))) {
    const env = { ...flavourEnv(f), MPI4JS_ADDON: path.join(flavourDir(f), 'mpi4js.node') };
    // A suite marked `singleton: false` needs a launcher (MPICH's singleton cannot spawn or serve ports).
    for (const s of SUITES.filter((x) => (only.length === 0 && x.singleton !== false) || only.includes(x.program))) {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [...(s.nodeArgs ?? []), `test/programs/${s.program}.mjs`], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('MPI4JS-SUITE'));
      const sum = line ? JSON.parse(line.slice(line.indexOf('{'))) : null;
      const ok = r.status === 0 && sum !== null && sum.failed === 0;
      if (ok) passed++;
      else failed++;
      process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${f} ${s.program}: ${sum ? `${sum.passed} passed, ${sum.failed} failed` : 'no summary'} (${Date.now() - t0} ms)\n`);
      if (!ok) {
        for (const l of (r.stdout ?? '').split('\n').filter((x) => x.includes('"ok":false')).slice(0, 5)) process.stdout.write(`  ${l.slice(0, 400)}\n`);
        process.stdout.write((r.stderr ?? '').slice(-1500));
      }
    }
  }
  process.stdout.write(`quick: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 ? 0 : 1);
})();
