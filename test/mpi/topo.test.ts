import { describeSuite } from '../harness';

describeSuite('test/programs/topo.mjs');
