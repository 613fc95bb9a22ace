/**
 * The multi-rank suites (test/programs/<program>.mjs): used by test/mpi/suites.test.ts (every
 * flavour under its launcher at each size) and scripts/test-quick.js (singletons).
 * @typedef {{ program: string, sizes?: number[], nodeArgs?: string[], timeoutMs?: number, about: string }} SuiteSpec
 *   sizes: ranks to run at (default 1–5); nodeArgs: Node options (--expose-gc where the program forces GC).
 */

const GC = ['--expose-gc'];

/** @type {SuiteSpec[]} */
export const SUITES = [
  { program: 'bufspec', sizes: [1], about: 'buffer specifications (per process: one rank is enough)' },
  { program: 'p2p', about: 'point to point, buffers and objects' },
  { program: 'nonblocking', about: 'nonblocking and persistent point to point, the promise engine' },
  { program: 'nonblocking-gc', nodeArgs: GC, about: 'garbage collection while requests are pending' },
  { program: 'requests', about: 'Idup, Isendrecv, Message.Irecv/irecv (MPI-4.0 calls: an MPI.Exception on MPI-3 libraries)' },
  { program: 'objrecv', about: 'lower-case irecv bookkeeping: matched once, reported once' },
  { program: 'memsafety', nodeArgs: GC, timeoutMs: 150_000, about: 'pinned memory of pending operations, duplicate requests, ids' },
  { program: 'collectives', about: 'blocking collectives, buffers and objects' },
  { program: 'nbcollectives', nodeArgs: GC, about: 'nonblocking collectives (GC while Ialltoallv is pending)' },
  { program: 'pcoll', nodeArgs: GC, about: 'persistent collectives (MPI_<Op>_init) and partitioned communication (MPI-4)' },
  { program: 'userop', about: 'user-defined reduction operations' },
  { program: 'comm', about: 'communicators, intercommunicators' },
  { program: 'group', about: 'groups' },
  { program: 'topo', about: 'topologies and neighbourhood collectives' },
  { program: 'datatype', about: 'derived datatypes, Pack/Unpack' },
  { program: 'info', about: 'MPI.Info, info arguments, error handlers' },
  { program: 'win', nodeArgs: GC, timeoutMs: 150_000, about: 'one-sided communication: MPI.Win, RMA operations, epochs, memory safety' },
  { program: 'api', about: "the rest of mpi4py's MPI module (issue #17): decoding, status queries, environment functions" },
  { program: 'dynamic', timeoutMs: 180_000, singleton: false, about: 'dynamic processes: Spawn, Get_parent, ports, names (an MPI.Exception under MPICH ch4:ucx)' },
  { program: 'heap', nodeArgs: GC, about: 'no allocation per upper-case call: heap flat over 10^6 calls' },
  { program: 'file', timeoutMs: 180_000, about: 'MPI.File: every access form against a serial model, views, modes, errors' },
  { program: 'msgpool', sizes: [1, 2, 4], nodeArgs: GC, about: 'the pool of receive mappings (GC between large messages)' },
];
