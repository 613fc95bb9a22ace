// Runs the collective lessons in examples/ at 1 and 3 ranks on every flavour and checks what they print.
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

const EXAMPLES: { file: string; args?: string[]; check: (out: string, n: number) => void }[] = [
  { file: 'examples/bcast.mjs', check: (o, n) => { expect(o.match(/Bcast ok/g)?.length).toBe(n); expect(o).toContain('"key2":["abc","xyz"]'); } },
  { file: 'examples/scatter.mjs', check: (o, n) => { expect(o.match(/Scatter ok/g)?.length).toBe(n); expect(o).toContain(`rank ${n - 1}: scatter received ${n * n}`); } },
  { file: 'examples/gather.mjs', check: (o, n) => { expect(o).toContain(`gather received [${Array.from({ length: n }, (_, i) => (i + 1) ** 2).join(', ')}]`); expect(o).toContain(`Gather ok (${n} rows of 100)`); } },
  { file: 'examples/allreduce.mjs', check: (o, n) => { expect(o.match(/pi is approximately 3\.14159265/g)?.length).toBe(n); expect(o).toContain(`allreduce sum of ranks = ${(n * (n - 1)) / 2}`); } },
  { file: 'examples/mean.mjs', args: ['--n', '601'], check: (o) => { expect(o).toMatch(/Time: \d+\.\d+ s/); expect(o).toContain('OK: parallel mean matches the serial mean'); } },
  { file: 'examples/mean-io.mjs', args: ['--n', '301', '--chunk', '64'], check: (o) => { expect(o).toMatch(/Read 0\.7 MiB on \d rank\(s\) in \d+\.\d+ s/); expect(o).toContain('OK: parallel mean matches the serial mean'); } },
  { file: 'examples/hybrid.mjs', args: ['--threads', '2'], check: (o) => { expect(o).toContain('OK: hybrid MPI + worker_threads sum is correct'); } },
];

describe.each(FLAVOURS)('collective examples on %s', (flavour) => {
  for (const ex of EXAMPLES) {
    it.each([1, 3])(`${ex.file} at %i rank(s)`, async (n) => {
      const r = await mpirun(flavour, n, ex.file, { args: ex.args, timeoutMs: 120_000 });
      expect(r.code, `exit code\n${r.stdout}\n${r.stderr.slice(-3000)}`).toBe(0);
      ex.check(r.stdout, n);
    }, 130_000);
  }
});
