/** Lifecycle (SPEC §1): MPI4JS_ABORT_ON_ERROR=0, deferred init, thread levels, worker threads,
 *  singleton runs, finalize at exit, and the build/launch mismatch warning. A rank that dies
 *  (abort of the whole job): test/mpi/faults.test.ts. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, envFor, mpirun } from '../harness';

const P = 'test/programs/lifecycle';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe.each(FLAVOURS)('lifecycle on %s', (flavour) => {
  it('MPI4JS_ABORT_ON_ERROR=0 leaves an uncaught exception to Node (no abort message)', async () => {
    const r = await mpirun(flavour, 1, `${P}/die.mjs`, { args: ['throw'], singleton: true, env: { MPI4JS_ABORT_ON_ERROR: '0' }, timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('boom-uncaught');
    expect(r.stderr).not.toContain('aborting the job');
    expect(r.stderr).not.toContain('[rank');
  }, 40_000);

  it.each([1, 2, 3])('deferred initialization with MPI4JS_INITIALIZE=0 (%i ranks)', async (n) => {
    const r = await mpirun(flavour, n, `${P}/deferred.mjs`, { env: { MPI4JS_INITIALIZE: '0' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/deferred ok \d+ \d+/g)?.sort()).toEqual(Array.from({ length: n }, (_, i) => `deferred ok ${i} ${n}`));
  });

  it.each([
    ['single', 'THREAD_SINGLE'],
    ['funneled', 'THREAD_FUNNELED'],
    ['serialized', 'THREAD_SERIALIZED'],
    [undefined, 'THREAD_MULTIPLE'],
  ])('MPI4JS_THREAD_LEVEL=%s gives %s', async (level, name) => {
    const r = await mpirun(flavour, 2, `${P}/threadlevel.mjs`, { env: { MPI4JS_THREAD_LEVEL: level } });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, `provided ${name} main=true`)).toBe(2);
  });

  it('an invalid MPI4JS_THREAD_LEVEL is a clear error', async () => {
    const r = await mpirun(flavour, 1, `${P}/threadlevel.mjs`, { singleton: true, env: { MPI4JS_THREAD_LEVEL: 'lots' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('MPI4JS_THREAD_LEVEL must be one of single, funneled, serialized, multiple');
  });

  it.each([1, 2, 3])('worker_threads share the one MPI (%i ranks)', async (n) => {
    const r = await mpirun(flavour, n, `${P}/workers.mjs`);
    expect(r.code, r.stderr).toBe(0);
    for (let i = 0; i < n; i++) expect(r.stdout).toContain(`workers ok rank ${i} of ${n}`);
  });

  it('runs as a singleton without a launcher', async () => {
    const r = await mpirun(flavour, 1, `${P}/size.mjs`, { singleton: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('rank 0 of 1');
    expect(r.stderr).toBe('');
  });

  it.each([
    [undefined, 'none'],
    ['bistro', 'bistro'],
  ])('UCX memory hooks (UCX_MEM_MMAP_HOOK_MODE=%s) are off unless the user chose a mode', async (mode, seen) => {
    const r = await mpirun(flavour, 2, `${P}/ucxenv.mjs`, { env: { UCX_MEM_MMAP_HOOK_MODE: mode } });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, `hook mode ${seen}`)).toBe(2);
  });

  it('finalizes once at a clean exit, before later exit listeners', async () => {
    const r = await mpirun(flavour, 2, `${P}/atexit.mjs`);
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'at exit: finalized=true')).toBe(2);
  });

  const other = FLAVOURS.find((f) => f !== flavour);
  it.runIf(other !== undefined)('built with one MPI and launched by the other: warns with the fix', async () => {
    const r = await mpirun(flavour, 2, `${P}/size.mjs`, { launcherFlavour: other, timeoutMs: 60_000 });
    expect(count(r.stdout, 'rank 0 of 1')).toBe(2);
    expect(r.stderr).toContain('mpi4js: warning: this process is rank 0 of 1');
    expect(r.stderr).toContain('started 2 processes');
    expect(r.stderr).toContain(flavour === 'openmpi' ? 'Open MPI' : 'MPICH');
    expect(r.stderr).toContain('npm rebuild mpi4js');
  }, 70_000);

  // Open MPI gives each rank's stdout a pty, so Node coloured `console.log(1)` even with mpirun's
  // stdout a pipe or a file (here: the harness's pipe); MPICH forwards through pipes.
  it.each([1, 2, 3])('output redirected from the launcher carries no colour codes (%i ranks)', async (n) => {
    const r = await mpirun(flavour, n, `${P}/colour.mjs`, { env: { FORCE_COLOR: undefined, NO_COLOR: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'rank ')).toBe(n);
    expect(r.stdout.includes('\x1b'), JSON.stringify(r.stdout)).toBe(false);
  });

  it('FORCE_COLOR=1 still colours redirected output', async () => {
    const r = await mpirun(flavour, 2, `${P}/colour.mjs`, { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('\x1b[33m1\x1b[39m');
  });

  const script = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
  it.runIf(script !== undefined && flavour === 'openmpi')('mpirun on a terminal keeps the colours', () => {
    // script(1) gives mpirun a terminal of its own; the ranks' output then stays coloured. Node
    // colours nothing when TERM is unset or dumb, or when CI or NODE_DISABLE_COLORS is set (as under
    // CI), so the terminal names itself and those two are cleared.
    const cmd = `mpiexec -n 2 '${process.execPath}' '${path.join(ROOT, P, 'colour.mjs')}'`;
    const r = spawnSync(script!, ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: envFor(flavour, { FORCE_COLOR: undefined, NO_COLOR: undefined, CI: undefined, NODE_DISABLE_COLORS: undefined, TERM: 'xterm-256color' }), encoding: 'utf8', timeout: 90_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('\x1b[33m1\x1b[39m');
    // NO_COLOR (Node's own) turns them off even there
    const plain = spawnSync(script!, ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: envFor(flavour, { FORCE_COLOR: undefined, NO_COLOR: '1', CI: undefined, NODE_DISABLE_COLORS: undefined, TERM: 'xterm-256color' }), encoding: 'utf8', timeout: 90_000 });
    expect(plain.status, `${plain.stdout}${plain.stderr}`).toBe(0);
    expect(plain.stdout).toContain('stdout is a tty: true');
    expect(plain.stdout).not.toContain('\x1b[33m');
  }, 200_000);
});
