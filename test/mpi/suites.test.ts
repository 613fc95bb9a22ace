/**
 * Every multi-rank suite of test/programs (lib/suite.mjs), in one table: each runs under the real
 * launcher of every flavour at each of its sizes. `npm run test:quick` runs the same programs as
 * singletons (one process, no launcher) for a fast check while developing.
 */
import { SUITES } from '../suites.mjs';
import { describeSuite } from '../harness';

for (const s of SUITES) describeSuite(`test/programs/${s.program}.mjs`, s);
