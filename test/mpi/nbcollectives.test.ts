import * as path from 'node:path';
import { describe, it } from 'vitest';
import { expectSuitePassed, FLAVOURS, runSuite, SIZES } from '../harness';

// Nonblocking collectives; the program forces garbage collection (--expose-gc) while an Ialltoallv is pending.
const program = 'test/programs/nbcollectives.mjs';
describe.each(FLAVOURS)(`${path.basename(program)} on %s`, (flavour) => {
  it.each(SIZES)('%i rank(s)', async (n) => {
    const report = await runSuite(flavour, n, program, { timeoutMs: 120_000, nodeArgs: ['--expose-gc'] });
    expectSuitePassed(report, n);
  }, 130_000);
});
