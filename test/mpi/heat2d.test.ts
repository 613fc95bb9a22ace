import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, describeSuite, mpirun } from '../harness';

// The heat example equals the serial solver bitwise on 1, 2, 4 and 6 ranks (6 oversubscribes).
describeSuite('test/programs/heat2d.mjs', { sizes: [1, 2, 4, 6], timeoutMs: 180_000 });

describe.each(FLAVOURS)('examples/heat2d.mjs on %s', (flavour) => {
  it('runs on 2 ranks and writes a PNG', async () => {
    const out = path.join(os.tmpdir(), `heat2d-example-${flavour}-${process.pid}.png`);
    const r = await mpirun(flavour, 2, 'examples/heat2d.mjs', { args: ['32', '3000', '1e-5', out] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/heat2d: 32x32 on 2 rank\(s\) as 2x1: \d+ iterations/);
    expect(fs.readFileSync(out).subarray(1, 4).toString()).toBe('PNG');
    fs.unlinkSync(out);
  }, 130_000);
});
