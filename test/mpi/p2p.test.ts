import { describeSuite } from '../harness';

describeSuite('test/programs/p2p.mjs');
