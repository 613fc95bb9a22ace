/**
 * Data integrity (issue 5): random traffic — sizes from 0 B to 4 MiB, random tags and sources,
 * bytes and objects, received with wildcards and checked by checksum — on 1–5 ranks of every
 * flavour, a few seconds each. The > 2 GiB message (2^31 + 4099 elements) runs with
 * MPI4JS_TEST_BIG=1 or `npm run test:big` (about a minute on 2 busy cores: too slow for CI), and so
 * does the > 2 GiB file (test/programs/file.mjs --big: 2^31 + 4099 bytes per rank through MPI.File).
 */
import { describe, expect, it } from 'vitest';
import { FLAVOURS, SIZES, mpirun } from '../harness';

const P = 'test/programs/integrity.mjs';

describe.each(FLAVOURS)('data integrity on %s', (flavour) => {
  it.each(SIZES)('random traffic with checksums on %i rank(s)', async (n) => {
    const r = await mpirun(flavour, n, P, { args: ['--seed', String(1000 + n), '--messages', '60', '--max-mib', '4'], timeoutMs: 60_000 });
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`integrity ok: 60 messages, [\\d.]+ MiB on ${n} rank`));
  }, 70_000);

  it.runIf(process.env.MPI4JS_TEST_BIG === '1')('one message larger than 2 GiB arrives intact (2 ranks)', async () => {
    const r = await mpirun(flavour, 2, P, { args: ['--big'], timeoutMs: 300_000 });
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(r.stdout).toContain('big message ok: 2147487747 bytes');
  }, 310_000);

  for (const n of [1, 2]) it.runIf(process.env.MPI4JS_TEST_BIG === '1')(`a file larger than 2 GiB per rank is written and read back (${n} rank(s))`, async () => {
    const r = await mpirun(flavour, n, 'test/programs/file.mjs', { args: ['--big'], timeoutMs: 400_000 });
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(r.stdout.match(/"name":"a file larger than 2 GiB[^"]*","rank":\d+,"size":\d+,"ok":true/g)?.length).toBe(n);
  }, 410_000);
});
