import { describeSuite } from '../harness';

describeSuite('test/programs/group.mjs');
