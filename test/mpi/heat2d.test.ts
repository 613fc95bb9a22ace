import { describeSuite } from '../harness';

// The heat example equals the serial solver bitwise on 1, 2, 4 and 6 ranks (6 oversubscribes).
describeSuite('test/programs/heat2d.mjs', { sizes: [1, 2, 4, 6], timeoutMs: 180_000 });
