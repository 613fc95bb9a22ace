import * as path from 'node:path';
import { describe, it } from 'vitest';
import { expectSuitePassed, FLAVOURS, runSuite } from '../harness';

// The pool of receive mappings forces garbage collection (--expose-gc) between large messages.
const program = 'test/programs/msgpool.mjs';
describe.each(FLAVOURS)(`${path.basename(program)} on %s`, (flavour) => {
  it.each([1, 2, 4])('%i rank(s)', async (n) => {
    const report = await runSuite(flavour, n, program, { timeoutMs: 120_000, nodeArgs: ['--expose-gc'] });
    expectSuitePassed(report, n);
  }, 130_000);
});
