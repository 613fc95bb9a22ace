/** Worker threads and the lifecycle (issue 14, items 7, 18, 19): MPI.Finalize from a worker, the
 *  rules of MPI4JS_THREAD_LEVEL=funneled|serialized, worker.terminate() of a worker blocked in MPI,
 *  and the main thread ending while a worker blocks. Program: test/programs/lifecycle/threads.mjs. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun, type RunOptions, type RunResult } from '../harness';

const PROGRAM = 'test/programs/lifecycle/threads.mjs';

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Processes whose command line holds `token`; any found are killed (they outlived the job). */
function leftovers(token: string): string[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-f', token], { encoding: 'utf8' });
  } catch { /* exit 1: none */ }
  const pids = out.split('\n').filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch { /* gone */ }
  }
  return pids;
}

/** Runs a mode of the program with a unique token on its command line; checks that no rank outlives the job. */
async function run(flavour: string, n: number, mode: string, opts: RunOptions = {}): Promise<RunResult> {
  const token = `threads-${randomUUID()}`;
  const r = await mpirun(flavour, n, PROGRAM, { timeoutMs: 60_000, ...opts, args: [mode, token] });
  await new Promise((res) => setTimeout(res, 500));
  expect(leftovers(token), `processes left after the job:\n${r.stderr}`).toEqual([]);
  return r;
}

describe.each(FLAVOURS)('worker threads and the lifecycle on %s', (flavour) => {
  it.each([1, 2, 3])('MPI.Finalize() from a worker while the main thread is in Recv is refused (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'finalize-worker');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'finalize-worker ok rank')).toBe(n);
  }, 70_000);

  it.each([1, 2, 3])('MPI.Finalize() while a worker blocks in Recv cancels the Recv (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'finalize-main');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'finalize-main ok rank')).toBe(n);
  }, 70_000);

  it.each([1, 2, 3])('a worker\'s blocking receives, probes and waits (they poll) give MPI\'s data, status and errors (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'worker-recv');
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'worker-recv ok rank')).toBe(n);
  }, 70_000);

  it.each([1, 2, 3])('MPI4JS_THREAD_LEVEL=funneled: a worker\'s MPI call is an MPI.Exception (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'funneled', { env: { MPI4JS_THREAD_LEVEL: 'funneled' } });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'funneled ok rank')).toBe(n);
  }, 70_000);

  it.each([1, 2, 3])('MPI4JS_THREAD_LEVEL=serialized: a call while another thread is inside MPI is an MPI.Exception (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'serialized', { env: { MPI4JS_THREAD_LEVEL: 'serialized' } });
    expect(r.code, r.stderr).toBe(0);
    expect(count(r.stdout, 'serialized ok rank')).toBe(n);
  }, 70_000);

  it.each([1, 2, 3])('await worker.terminate() of a worker blocked in Recv/recv/Probe/Mprobe/Wait/Waitall returns; the receive is cancelled (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'terminate');
    expect(r.code, r.stderr).toBe(0);
    const slowest = [...r.stdout.matchAll(/terminate ok rank \d+ slowest (\d+) ms/g)].map((m) => Number(m[1]));
    expect(slowest.length, r.stdout + r.stderr).toBe(n);
    for (const ms of slowest) expect(ms).toBeLessThan(5000);
  }, 70_000);

  it.each([
    ['exit-recv', 1], ['exit-recv', 2], ['exit-recv', 3], ['exit-process', 2],
  ])('the main thread ends (%s) while a worker blocks in recv: the job ends at once, cleanly, with a warning (%i ranks)', async (mode, n) => {
    const r = await run(flavour, n, mode, { noRetry: true });
    expect(r.timedOut, `job hung: ${r.stderr}`).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(count(r.stdout, 'exiting rank')).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(r.stderr).toContain(`[rank ${i}] mpi4js: warning: exiting while worker threads were blocked in 1 MPI call(s)`);
    }
  }, 70_000);

  it.each([1, 2, 3])('the main thread ends while a worker blocks in Ssend (cannot be cancelled): the job is aborted with a message (%i ranks)', async (n) => {
    const r = await run(flavour, n, 'exit-ssend', { noRetry: true });
    expect(r.timedOut, `job hung: ${r.stderr}`).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stderr).toMatch(/\[rank \d\] mpi4js: exiting while 1 call\(s\) of worker threads are still inside MPI after 2000 ms .*aborting the job/);
  }, 70_000);
});
