/**
 * MPI.File on a file the process may not write (issue 16): `File.Open(…, MODE_WRONLY)` on a
 * read-only file is an MPI.Exception of class ERR_ACCESS (or ERR_READ_ONLY) on every rank. Root
 * writes any file, so when the tests run as root the job runs as the unprivileged user `nobody`
 * (setpriv); file.mjs checks the same in place when the suites run unprivileged.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, flavourDir, mpirun } from '../harness';

const PROGRAM = 'test/programs/file-readonly.mjs';
const asRoot = process.getuid?.() === 0;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
const wrapper = asRoot && setpriv ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
/** Whether the unprivileged user can read the checkout (a private home folder would stop it). */
function readable(flavour: string): boolean {
  const files = [path.join(ROOT, PROGRAM), path.join(flavourDir(flavour), 'mpi4js.node')];
  const check = `for (const f of ${JSON.stringify(files)}) require('fs').accessSync(f, require('fs').constants.R_OK)`;
  return spawnSync(wrapper[0] ?? process.execPath, [...wrapper.slice(1), ...(wrapper.length ? [process.execPath] : []), '-e', check]).status === 0;
}

describe.each(FLAVOURS)('MPI.File access rights on %s', (flavour) => {
  // Skipped (and said so) only as root without setpriv, or with a checkout the user nobody cannot read.
  it.runIf(!asRoot || (setpriv !== undefined && readable(flavour))).each([1, 3])('a read-only file opened for writing: ERR_ACCESS on every rank (%i ranks)', async (n) => {
    const r = await mpirun(flavour, n, PROGRAM, { wrapper, env: { HOME: '/tmp' }, timeoutMs: 60_000 });
    const context = `${r.stdout}\n--- stderr ---\n${r.stderr.slice(-2000)}`;
    expect(r.code, context).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('READONLY '));
    expect(lines.length, context).toBe(n);
    for (const l of lines) {
      expect(l, context).not.toMatch(/ uid 0:/);
      expect(l, context).toMatch(/: (ERR_ACCESS|ERR_READ_ONLY)/);
    }
  }, 70_000);
});
