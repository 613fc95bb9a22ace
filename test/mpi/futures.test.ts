/**
 * mpi4js/futures on both MPIs: static mode (`node --import mpi4js/futures/server`, 1–4 workers, and the
 * 1-process pool), spawn mode (1–4 spawned workers; MPICH's ch4:ucx cannot spawn: an MPI.Exception),
 * MPICommExecutor, a worker killed mid-task (BrokenExecutor, the job ends), `mpi4js run --futures` and
 * the examples. Only rank 0 runs futures.mjs in static mode, so its report is read alone.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, describeSuite, envFor, mpirun, runSuite, type SuiteReport } from '../harness';

const SERVER = ['--import', 'mpi4js/futures/server'];
const TIMEOUT = 150_000;

function expectRank0Passed(r: SuiteReport): void {
  const failures = r.tests.filter((t) => !t.ok).map((t) => `${t.name}\n${t.error}`);
  const context = `exit ${r.result.code}${r.result.timedOut ? ' (timed out)' : ''}\n${failures.join('\n')}\n--- stderr ---\n${r.result.stderr.slice(-3000)}`;
  expect(failures, context).toEqual([]);
  expect(r.summaries.map((s) => s.rank), context).toEqual([0]);
  expect(r.summaries[0]!.passed, context).toBeGreaterThan(0);
  expect(r.result.code, context).toBe(0);
}

/** `node bin/mpi4js.js run …` under a flavour's environment. */
function cli(flavour: string, args: string[], timeoutMs = TIMEOUT): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'mpi4js.js'), 'run', ...args], { cwd: ROOT, env: envFor(flavour), detached: true });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe.each(FLAVOURS)('mpi4js/futures on %s', (flavour) => {
  it.each([1, 2, 3, 4, 5])('static mode, %i rank(s)', async (n) => {
    expectRank0Passed(await runSuite(flavour, n, 'test/programs/futures.mjs', { nodeArgs: SERVER, env: { FUT_MODE: 'static' }, timeoutMs: TIMEOUT }));
  }, TIMEOUT + 10_000);

  it.each([1, 2, 3, 4])('spawn mode, %i worker(s)', async (w) => {
    expectRank0Passed(await runSuite(flavour, 1, 'test/programs/futures.mjs', { env: { FUT_MODE: 'spawn', FUT_WORKERS: String(w) }, timeoutMs: TIMEOUT }));
  }, TIMEOUT + 10_000);

  it.each(['static', 'spawn'])('a worker killed mid-task: BrokenExecutor, and the job ends (%s mode)', async (mode) => {
    if (mode === 'spawn' && flavour === 'mpich') return; // no spawning under ch4:ucx (covered above)
    const r = await mpirun(flavour, mode === 'static' ? 3 : 1, 'test/programs/futures-die.mjs', {
      nodeArgs: mode === 'static' ? SERVER : [], env: { FUT_MODE: mode, FUT_WORKERS: '2' }, timeoutMs: 90_000, noRetry: true,
    });
    const context = `${r.stdout}\n--- stderr ---\n${r.stderr.slice(-2000)}`;
    expect(r.timedOut, context).toBe(false);
    expect(r.stdout, context).toMatch(/FUTURES-DIE workers 2/);
    // The launcher may end the job as soon as the worker dies; a manager that lives on sees BrokenExecutor only.
    for (const line of r.stdout.split('\n').filter((l) => /FUTURES-DIE (rejected|later)/.test(l))) expect(line, context).toMatch(/BrokenExecutor/);
    expect(r.code, context).not.toBe(0);
  }, 100_000);

  // Open MPI's singleton starts its own runtime and spawns; MPICH's would wait in MPI_Comm_spawn forever.
  it('Spawn from a singleton: spawns (Open MPI) or is refused with ERR_SPAWN (MPICH), never waits', async () => {
    const r = await mpirun(flavour, 1, 'test/programs/spawn-singleton.mjs', { singleton: true, timeoutMs: 60_000, noRetry: true });
    const context = `${r.stdout}\n--- stderr ---\n${r.stderr.slice(-2000)}`;
    expect(r.timedOut, context).toBe(false);
    expect(r.code, context).toBe(0);
    if (flavour === 'mpich') expect(r.stdout, context).toMatch(/REFUSED true Intracomm\.Spawn: .*MPICH singleton.*mpiexec -n 1/);
    else expect(r.stdout, context).toContain('SPAWNED 1 child here');
  }, 70_000);

  it('mpi4js run --futures runs examples/futures/mandelbrot.mjs and writes a PNG', async () => {
    const out = path.join(os.tmpdir(), `mandelbrot-${flavour}-${process.pid}.png`);
    const r = await cli(flavour, ['-n', '3', '--futures', 'examples/futures/mandelbrot.mjs', '96', '64', out]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/mandelbrot: 96x64 on 2 worker\(s\) in [\d.]+ s; \d+ points inside/);
    expect(fs.readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    fs.unlinkSync(out);
  }, TIMEOUT);

  it('examples/futures/sweep.mjs balances uneven tasks over the workers (static mode, 4 workers)', async () => {
    const r = await mpirun(flavour, 5, 'examples/futures/sweep.mjs', { nodeArgs: SERVER, args: ['24'], timeoutMs: TIMEOUT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sweep: 24 tasks on 4 worker\(s\)/);
    expect(r.stdout).toMatch(/sweep: all done/);
    const counts = /tasks per worker ([\d ]+)/.exec(r.stdout)![1]!.trim().split(' ').map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(24);
  }, TIMEOUT);
});

// MPICommExecutor inside an ordinary job, every rank reporting.
describeSuite('test/programs/futures-comm.mjs', { timeoutMs: TIMEOUT });
