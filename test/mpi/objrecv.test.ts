import { describeSuite } from '../harness';

describeSuite('test/programs/objrecv.mjs');
