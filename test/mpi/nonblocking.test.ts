import * as path from 'node:path';
import { describe, it } from 'vitest';
import { describeSuite, expectSuitePassed, FLAVOURS, runSuite, SIZES } from '../harness';

describeSuite('test/programs/nonblocking.mjs');

// The memory-safety suite forces garbage collection (--expose-gc) while requests are pending.
const gcProgram = 'test/programs/nonblocking-gc.mjs';
describe.each(FLAVOURS)(`${path.basename(gcProgram)} on %s`, (flavour) => {
  it.each(SIZES)('%i rank(s)', async (n) => {
    const report = await runSuite(flavour, n, gcProgram, { timeoutMs: 120_000, nodeArgs: ['--expose-gc'] });
    expectSuitePassed(report, n);
  }, 130_000);
});
