// The one-sided examples (issue 15) run at 1, 2 and 4 ranks on every flavour.
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

describe.each(FLAVOURS)('one-sided examples on %s', (flavour) => {
  it.each([1, 2, 4])('shared-array.mjs on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, 'examples/shared-array.mjs', { args: ['20000'] });
    const ctx = `${r.stdout}\n${r.stderr}`;
    expect(r.code, ctx).toBe(0);
    const sums = [...r.stdout.matchAll(/shared-array: rank (\d+) \(node rank \d+ of (\d+)\) checksum ([\d.]+) ok/g)];
    expect(sums.length, ctx).toBe(n);
    expect(new Set(sums.map((m) => m[3])).size, ctx).toBe(1);
    expect(r.stdout, ctx).toContain(`shared-array: 20000 doubles shared by ${n} rank(s) of this node: ${(n - 1) * 20000 * 8} bytes saved`);
  }, 130_000);

  it.each([1, 2, 4])('counter.mjs on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, 'examples/counter.mjs', { args: ['24'] });
    const ctx = `${r.stdout}\n${r.stderr}`;
    expect(r.code, ctx).toBe(0);
    expect(r.stdout, ctx).toContain(`counter: 24 tasks on ${n} rank(s), every task ran once: yes`);
    const taken = [...r.stdout.matchAll(/counter: rank \d+ took (\d+) task\(s\)/g)].map((m) => Number(m[1]));
    expect(taken.length, ctx).toBe(n);
    expect(taken.reduce((a, b) => a + b, 0)).toBe(24);
  }, 130_000);
});
