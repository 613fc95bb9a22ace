import { describeSuite } from '../harness';

describeSuite('test/programs/nonblocking.mjs');
describeSuite('test/programs/nonblocking-gc.mjs', { nodeArgs: ['--expose-gc'] });
