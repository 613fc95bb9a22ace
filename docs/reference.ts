/**
 * The API reference of mpi4js: MPI for Node.js with mpi4py's names.
 *
 * ```ts
 * import { MPI } from 'mpi4js';          // or: import MPI from 'mpi4js'; const { MPI } = require('mpi4js');
 * const comm = MPI.COMM_WORLD;
 * console.log(`Hello from rank ${comm.Get_rank()} of ${comm.Get_size()}`);
 * ```
 *
 * The package exports the {@link MPI} namespace object, {@link MPIException} (also as `MPIError`)
 * and the types below. The classes are reached through the namespace at run time — `MPI.Comm`,
 * `MPI.Request.Waitall(…)`, `new MPI.Status()` — and can be imported as types
 * (`import type { Intracomm } from 'mpi4js'`).
 *
 * @module mpi4js
 */
// Entry point of `npm run docs` only (typedoc.json): the package's own entry, src/index.ts, exports
// the classes as types, which TypeDoc would show without their static methods.
export * from '../src/index';
export { Comm } from '../src/Comm';
export { Intracomm } from '../src/Intracomm';
export { Intercomm } from '../src/Intercomm';
export { Topocomm, Cartcomm, Graphcomm, Distgraphcomm } from '../src/Topocomm';
export { Datatype } from '../src/Datatype';
export { Status } from '../src/Status';
export { Message } from '../src/Message';
export { Request } from '../src/Request';
export { Prequest } from '../src/Prequest';
export { Op } from '../src/Op';
export { Group } from '../src/Group';
export { UNWEIGHTED, WEIGHTS_EMPTY, type Weights } from '../src/Intracomm';
export type { CopyFn, DeleteFn } from '../src/attributes';
