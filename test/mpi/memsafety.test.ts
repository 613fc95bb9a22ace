import * as path from 'node:path';
import { describe, it } from 'vitest';
import { expectSuitePassed, FLAVOURS, runSuite, SIZES } from '../harness';

// Pending operations keep their memory whatever JavaScript does to it (forces GC: --expose-gc).
const program = 'test/programs/memsafety.mjs';
describe.each(FLAVOURS)(`${path.basename(program)} on %s`, (flavour) => {
  it.each(SIZES)('%i rank(s)', async (n) => {
    const report = await runSuite(flavour, n, program, { timeoutMs: 150_000, nodeArgs: ['--expose-gc'] });
    expectSuitePassed(report, n);
  }, 160_000);
});
