import { describeSuite } from '../harness';

// The parser is per process: one rank is enough, on each flavour's addon.
describeSuite('test/programs/bufspec.mjs', { sizes: [1] });
