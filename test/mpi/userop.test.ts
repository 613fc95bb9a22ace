import { describeSuite } from '../harness';

describeSuite('test/programs/userop.mjs');
