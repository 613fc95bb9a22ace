/**
 * The API fuzzer (test/programs/fuzz.mjs, issue 5), bounded for CI: every exported method with
 * random and adversarial arguments, alone and on 3 ranks at once, on every flavour. A fixed seed
 * per run keeps CI reproducible; MPI4JS_FUZZ_SEED / MPI4JS_FUZZ_CALLS override (`npm run fuzz`
 * runs longer, with a fresh seed).
 */
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

const SEED = process.env.MPI4JS_FUZZ_SEED ?? '20261124';
const CALLS = process.env.MPI4JS_FUZZ_CALLS ?? '2500';

interface FuzzReport { rank: number; seed: number; calls: number; distinctErrors: number; failures: number; targets: number }

describe.each(FLAVOURS)('API fuzzer on %s', (flavour) => {
  it.each([1, 3])('%i rank(s): no crash, only TypeError/RangeError/MPI.Exception, nothing hangs', async (n) => {
    const r = await mpirun(flavour, n, 'test/programs/fuzz.mjs', {
      args: ['--seed', SEED, '--calls', String(Math.ceil(Number(CALLS) / n)), '--hang-ms', '20000'],
      timeoutMs: 100_000,
      noRetry: true,
    });
    const reports = r.stdout.split('\n').filter((l) => l.startsWith('MPI4JS-FUZZ ')).map((l) => JSON.parse(l.slice(12)) as FuzzReport);
    const context = `exit ${r.code} signal ${r.signal}\n${r.stderr.slice(-4000)}`;
    process.stdout.write(`[fuzz] ${flavour} -n ${n}: ${reports.map((x) => `rank ${x.rank}: ${x.calls} calls, ${x.distinctErrors} distinct errors`).join('; ')} (${r.ms} ms)\n`);
    expect(r.signal, context).toBeNull();
    expect(r.stderr, context).not.toContain('FUZZ FAILURE');
    expect(r.stderr, context).not.toContain('FUZZ HANG');
    expect(reports.length, context).toBe(n);
    for (const x of reports) {
      expect(x.failures, context).toBe(0);
      expect(x.targets, 'methods found by enumeration').toBeGreaterThan(200);
    }
    expect(r.code, context).toBe(0);
  }, 110_000);
});
