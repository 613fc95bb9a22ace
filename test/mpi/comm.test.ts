import { describeSuite } from '../harness';

describeSuite('test/programs/comm.mjs');
