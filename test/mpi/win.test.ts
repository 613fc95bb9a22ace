// One-sided communication (MPI.Win, issue 15): test/programs/win.mjs on both MPIs at 1-5 ranks.
import { describeSuite } from '../harness';

describeSuite('test/programs/win.mjs', { nodeArgs: ['--expose-gc'], timeoutMs: 150_000 });
