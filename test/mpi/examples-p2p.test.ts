/** The seed lessons of the foundation, run as users run them; output checked. */
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

describe.each(FLAVOURS)('p2p examples on %s', (flavour) => {
  it.each([1, 2, 4])('hello world on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, 'examples/hello.mjs');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.replace(/ on \S+$/, '')).sort();
    expect(lines).toEqual(Array.from({ length: n }, (_, i) => `Hello world from process ${i} of ${n}`).sort());
  });

  it.each([2, 3])('point to point with objects on %i ranks', async (n) => {
    const r = await mpirun(flavour, n, 'examples/p2p-objects.mjs');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('rank 0 sent {"a":7,"b":3.14} to rank 1');
    expect(r.stdout).toContain('rank 1 received a=7 b=3.14 list=1,2,3 set=x,y from rank 0');
  });

  it.each([2, 3])('point to point with typed arrays on %i ranks', async (n) => {
    const r = await mpirun(flavour, n, 'examples/p2p-typedarrays.mjs');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('rank 1 received 1000 ints with MPI.INT: first 0, last 999, sum 499500');
    expect(r.stdout).toContain('rank 1 received 100 doubles from rank 0 (tag 13): last 99');
  });

  it('point-to-point examples explain themselves on 1 rank', async () => {
    const r = await mpirun(flavour, 1, 'examples/p2p-objects.mjs');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('run me on at least 2 processes');
  });
});
