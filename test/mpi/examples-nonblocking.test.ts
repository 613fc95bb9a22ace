// The nonblocking examples run at 1, 2 and 4 ranks on every flavour.
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun } from '../harness';

describe.each(FLAVOURS)('nonblocking examples on %s', (flavour) => {
  it.each([1, 2, 4])('taskfarm.mjs on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, 'examples/taskfarm.mjs', { args: ['12'] });
    const ctx = `${r.stdout}\n${r.stderr}`;
    expect(r.code, ctx).toBe(0);
    expect(r.stdout, ctx).toMatch(new RegExp(`taskfarm: 12 tasks done by ${Math.max(1, n - 1)} worker\\(s\\), checksum \\d+`));
    if (n === 1) expect(r.stdout).toMatch(/master does the work itself/);
    else {
      const per = JSON.parse(/tasks per worker (\{.*\})/.exec(r.stdout)![1]!) as Record<string, number>;
      expect(Object.values(per).reduce((a, b) => a + b, 0)).toBe(12);
    }
  }, 130_000);

  it.each([1, 2, 4])('ring-overlap.mjs on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, 'examples/ring-overlap.mjs', { args: ['6'] });
    const ctx = `${r.stdout}\n${r.stderr}`;
    expect(r.code, ctx).toBe(0);
    expect(r.stdout, ctx).toMatch(new RegExp(`ring-overlap: ${n} rank\\(s\\), 6 steps, token check ok`));
    for (let k = 0; k < n; k++) {
      expect(r.stdout, ctx).toContain(`rank ${k}: token from rank ${(((k - 6) % n) + n) % n} after 6 steps`);
    }
  }, 130_000);
});
