import { describeSuite } from '../harness';

describeSuite('test/programs/datatype.mjs');
