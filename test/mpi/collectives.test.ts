import { describeSuite } from '../harness';

describeSuite('test/programs/collectives.mjs');
