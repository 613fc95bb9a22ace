/**
 * The API fuzzer (test/programs/fuzz.mjs, issues 5 and 14), bounded for CI: every exported method
 * with random and adversarial arguments (also detached, resizable, growable and cross-realm
 * buffers, duplicate requests, datatypes with extreme extents), the mutate-after-start phase
 * (alone and in step on 3 ranks), and worker threads fuzzing next to the main thread, on every
 * flavour. A fixed seed per run keeps CI reproducible; MPI4JS_FUZZ_SEED / MPI4JS_FUZZ_CALLS
 * override (`npm run fuzz` runs longer, with a fresh seed), MPI4JS_FUZZ_SKIP=kind,… turns kinds
 * off (test/programs/fuzz.mjs lists them).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

const SEED = process.env.MPI4JS_FUZZ_SEED ?? '20261124';
const CALLS = process.env.MPI4JS_FUZZ_CALLS ?? '2500';

interface FuzzReport { rank: number; seed: number; calls: number; distinctErrors: number; failures: number; targets: number; workers: unknown[] }

// ranks, worker threads per rank (the main thread fuzzes too), calls per thread
const RUNS: [number, number, number][] = [
  [1, 2, Math.ceil(Number(CALLS) / 2)],
  [3, 0, Math.ceil(Number(CALLS) / 3)],
];

describe.each(FLAVOURS)('API fuzzer on %s', (flavour) => {
  it.each(RUNS)('%i rank(s), %i worker(s) each: no crash, only TypeError/RangeError/MPI.Exception, nothing hangs', async (n, workers, calls) => {
    // Each thread keeps its call in progress there: a crash says nothing else.
    const lastDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-fuzz-'));
    const r = await mpirun(flavour, n, 'test/programs/fuzz.mjs', {
      args: ['--seed', SEED, '--calls', String(calls), '--mutations', '60', '--workers', String(workers), '--hang-ms', '20000', '--last-call', lastDir],
      timeoutMs: 100_000,
      noRetry: true,
    });
    const reports = r.stdout.split('\n').filter((l) => l.startsWith('MPI4JS-FUZZ ')).map((l) => JSON.parse(l.slice(12)) as FuzzReport);
    const last = fs.readdirSync(lastDir).sort().map((f) => fs.readFileSync(path.join(lastDir, f), 'utf8').trim()).join('\n');
    fs.rmSync(lastDir, { recursive: true, force: true });
    const context = `seed ${SEED}, ${n} rank(s), --workers ${workers}: exit ${r.code} signal ${r.signal}\nlast call of each thread:\n${last}\n${r.stderr.slice(-4000)}`;
    process.stdout.write(`[fuzz] ${flavour} -n ${n} --workers ${workers}: ${reports.map((x) => `rank ${x.rank}: ${x.calls} calls, ${x.distinctErrors} distinct errors`).join('; ')} (${r.ms} ms)\n`);
    expect(r.signal, context).toBeNull();
    expect(r.stderr, context).not.toContain('FUZZ FAILURE');
    expect(r.stderr, context).not.toContain('FUZZ HANG');
    expect(reports.length, context).toBe(n);
    for (const x of reports) {
      expect(x.failures, context).toBe(0);
      expect(x.targets, 'methods found by enumeration').toBeGreaterThan(200);
      expect(x.workers.filter(Boolean).length, `worker reports: ${context}`).toBe(workers);
    }
    expect(r.code, context).toBe(0);
  }, 110_000);
});
