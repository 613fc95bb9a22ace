/**
 * Fault injection (issue 5, SPEC §1): a rank that throws, rejects, exits non-zero, is killed with
 * SIGKILL, or whose user-defined Op throws inside a reduction ends the whole 3-rank job within
 * seconds with a non-zero exit, the failing rank and message printed once, while the other ranks
 * block in a receive from it; an MPI error on a communicator (MPI_ERRORS_RETURN) reaches
 * JavaScript and the job carries on. How long each job took to end is printed (`[faults] …`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

const DIE = 'test/programs/lifecycle/die.mjs';
const times: string[] = [];

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

afterAll(() => {
  if (times.length) process.stdout.write(`[faults] time for the job to end:\n${times.join('\n')}\n`);
});

describe.each(FLAVOURS)('faults on %s', (flavour) => {
  it.each([
    ['throw', 'uncaught exception', 'boom-uncaught'],
    ['reject', 'unhandled rejection', 'boom-rejected'],
    ['exit', 'exiting with code 3', null],
    ['exitcode', 'exiting with code 4', null],
    ['opthrow', null, 'boom-op'],
  ])('a rank that dies (%s) ends the whole 3-rank job, error printed once with its rank', async (how, what, message) => {
    const r = await mpirun(flavour, 3, DIE, { args: [how], timeoutMs: 60_000, noRetry: true });
    times.push(`  ${flavour} ${how}: ${r.ms} ms (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
    expect(r.timedOut, `job hung: ${r.stderr}`).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    if (what) expect(r.stderr).toContain(`[rank 1] mpi4js: ${what}`);
    else expect(r.stderr).toMatch(/\[rank 1\] mpi4js: (uncaught exception|unhandled rejection), aborting the job/);
    expect(count(r.stderr, `[rank 1] mpi4js:`), r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/\[rank [02]\] mpi4js:/);
    if (message) expect(count(r.stderr, message), r.stderr).toBe(1);
  }, 70_000);

  it('a rank killed with SIGKILL ends the whole 3-rank job; the launcher names the signal', async () => {
    const r = await mpirun(flavour, 3, DIE, { args: ['kill'], timeoutMs: 60_000, noRetry: true });
    times.push(`  ${flavour} kill: ${r.ms} ms (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`);
    expect(r.timedOut, `job hung: ${r.stderr}`).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stdout + r.stderr).toMatch(/signal 9|Killed/);
  }, 70_000);

  it('MPI errors on a communicator (MPI_ERRORS_RETURN) reach JavaScript and the job carries on', async () => {
    const r = await mpirun(flavour, 3, DIE, { args: ['errors-return'], timeoutMs: 60_000 });
    times.push(`  ${flavour} errors-return: ${r.ms} ms (exit ${r.code})`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('errors-return ok: 6 errors caught on 3 ranks');
  }, 70_000);
});
