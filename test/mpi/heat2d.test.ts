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

// MPI-IO: the raw field is bitwise the same written by 1, 3 and 4 ranks (1x1, 3x1, 2x2 grids), and
// heat2d-read.mjs renders it on another number of ranks into the PNG heat2d.mjs wrote itself.
describe.each(FLAVOURS)('examples/heat2d.mjs --raw and heat2d-read.mjs on %s', (flavour) => {
  it('writes the same raw file on 1, 3 and 4 ranks; reads it back on 2 into the same PNG', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `heat2d-raw-${flavour}-`));
    try {
      const files: Buffer[] = [];
      for (const n of [1, 3, 4]) {
        const raw = path.join(dir, `field-${n}.f64`);
        const png = path.join(dir, `direct-${n}.png`);
        const r = await mpirun(flavour, n, 'examples/heat2d.mjs', { args: ['24', '400', '0', png, '10', '--raw', raw], timeoutMs: 120_000 });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain(`wrote the raw field ${raw} (24x24 doubles)`);
        files.push(fs.readFileSync(raw));
      }
      expect(files[0]!.length).toBe(24 * 24 * 8);
      expect(files[1]!.equals(files[0]!)).toBe(true);
      expect(files[2]!.equals(files[0]!)).toBe(true);
      const png = path.join(dir, 'read.png');
      const r = await mpirun(flavour, 2, 'examples/heat2d-read.mjs', { args: [path.join(dir, 'field-3.f64'), png], timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/heat2d-read: 24x24 from .* on 2 rank\(s\), sum \d/);
      expect(fs.readFileSync(png).equals(fs.readFileSync(path.join(dir, 'direct-1.png')))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
