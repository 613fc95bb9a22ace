// `npx mpi4js bench` (SPEC §9, issue 6): every benchmark runs once at tiny size on each flavour,
// side by side with C (and mpi4py where it runs on that MPI), and writes its JSON and SVG.
// Benchmarks are not tests: nothing here asserts a time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, mpirun, type RunResult } from '../harness';

function context(r: RunResult): string {
  return `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;
}

interface Result {
  bench: string;
  rows: { case: string; median: Record<string, number>; samples: Record<string, number[]>; ratio: Record<string, number> }[];
  contenders: Record<string, { available: boolean; detail: string }>;
  notes: string[];
}

describe.each(FLAVOURS)('mpi4js bench on %s', (flavour) => {
  it('runs every benchmark once at tiny size against C (and mpi4py) with --json and --svg', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-bench-'));
    const json = path.join(dir, 'r.json');
    const svg = path.join(dir, 'r.svg');
    const r = await mpirun(flavour, 1, 'bin/mpi4js.js', {
      singleton: true, timeoutMs: 240_000,
      args: ['bench', 'all', '--quick', '--ranks', '1,2', '--json', json, '--svg', svg],
    });
    const out = `exit ${r.code}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`;
    expect(r.code, out).toBe(0);
    for (const name of ['helloworld', 'ringtest', 'pingpong', 'pingpong-object', 'pingpong-await', 'allreduce', 'bcast', 'mean', 'cold']) {
      expect(r.stdout, out).toContain(`mpi4js bench ${name} `);
      const res = JSON.parse(fs.readFileSync(path.join(dir, `r-${name}.json`), 'utf8')) as Result;
      expect(res.bench).toBe(name);
      expect(res.rows.length, name).toBeGreaterThan(0);
      expect(res.rows.every((row) => row.median.mpi4js > 0), name).toBe(true);
      // C runs every upper-case protocol; the object cases have no C contender.
      if (name !== 'pingpong-object') expect(res.rows.some((row) => row.ratio.c > 0), name).toBe(true);
      if (res.contenders.mpi4py.available) expect(res.rows.some((row) => row.ratio.mpi4py > 0), name).toBe(true);
      expect(fs.readFileSync(path.join(dir, `r-${name}.svg`), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
    }
    expect(r.stdout).toMatch(/Hello, World! I am process 1 of 2/);
    expect(r.stdout).toMatch(/heap over 10000 calls/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});

describe.each(FLAVOURS)('mpi4js bench futures on %s', (flavour) => {
  it('runs mpi4js/futures (and mpi4py.futures where it runs on that MPI) at 1, 2 and 4 workers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-bench-'));
    const json = path.join(dir, 'f.json');
    const r = await mpirun(flavour, 1, 'bin/mpi4js.js', { singleton: true, timeoutMs: 240_000, args: ['bench', 'futures', '--quick', '--json', json] });
    expect(r.code, context(r)).toBe(0);
    const res = JSON.parse(fs.readFileSync(json, 'utf8')) as Result;
    expect(res.rows.map((row) => row.case)).toEqual(expect.arrayContaining(['map chunksize 1 (µs/task), 1 worker', 'submit round trip (µs), 4 workers']));
    expect(res.rows.every((row) => row.median.mpi4js > 0)).toBe(true);
    if (res.contenders.mpi4py.available) expect(res.rows.every((row) => row.ratio.mpi4py > 0)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});

describe.each(FLAVOURS)('mpi4js bench --baseline on %s', (flavour) => {
  const cli = (args: string[]): Promise<RunResult> => mpirun(flavour, 1, 'bin/mpi4js.js', { singleton: true, timeoutMs: 240_000, args });

  it('refuses a missing directory, a non-checkout and a checkout without a built dist, naming what is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-base-'));
    const noValue = await cli(['bench', 'pingpong', '--baseline']);
    expect(noValue.code, context(noValue)).toBe(2);
    expect(noValue.stderr).toMatch(/--baseline needs a directory/);
    const notCheckout = await cli(['bench', 'pingpong', '--baseline', dir]);
    expect(notCheckout.code, context(notCheckout)).toBe(2);
    expect(notCheckout.stderr).toContain(`--baseline ${dir}: not an mpi4js checkout`);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "mpi4js"}\n');
    fs.mkdirSync(path.join(dir, 'bench'));
    fs.writeFileSync(path.join(dir, 'bench', 'bench.mjs'), '');
    const noDist = await cli(['bench', 'pingpong', '--baseline', dir]);
    expect(noDist.code, context(noDist)).toBe(2);
    expect(noDist.stderr).toContain(`--baseline ${dir}: no built dist`);
    expect(noDist.stdout).not.toContain('mpi4js bench pingpong');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it('runs the baseline checkout (here: this one) interleaved with mpi4js and reports mpi4js/base', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-bench-'));
    const json = path.join(dir, 'r.json');
    const r = await cli(['bench', 'pingpong', '--quick', '--rounds', '2', '--contenders', 'mpi4js', '--maxbytes', '1024',
      '--cases', '0 B,1 KiB', '--baseline', '.', '--json', json]);
    expect(r.code, context(r)).toBe(0);
    expect(r.stdout).toMatch(/mpi4js@base µs +mpi4js µs +mpi4js\/base/);
    expect(r.stdout).toContain(`mpi4js@base: ${ROOT}`);
    expect(r.stdout).toContain(`build-flavours/${flavour}/mpi4js.node`);
    const res = JSON.parse(fs.readFileSync(json, 'utf8')) as Result;
    expect(res.rows.map((row) => row.case)).toEqual(['0 B', '1 KiB']);
    for (const row of res.rows) {
      expect(row.samples.base, row.case).toHaveLength(2);
      expect(row.samples.mpi4js, row.case).toHaveLength(2);
      expect(row.ratio.base, row.case).toBeCloseTo(row.median.mpi4js! / row.median.base!, 10);
    }
    expect(res.contenders.base?.available).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
