/**
 * mpi4js: MPI for Node.js with mpi4py's names.
 *
 *   import { MPI } from 'mpi4js';
 *   const comm = MPI.COMM_WORLD;
 *   console.log(`Hello from rank ${comm.Get_rank()} of ${comm.Get_size()}`);
 */
import { MPI } from './MPI';
import { initializeOnImport } from './lifecycle';

initializeOnImport();

export { MPI };
export { MPIException, MPIException as MPIError } from './errors';
export type { BufSpec, BufferLike, CollSpec, VSpec, WSpec, InPlace } from './bufspec';
export type { Serializer, Pickle } from './pickle';
// The classes, as types for annotations and for the API reference; their values are MPI.Comm, …
export type { Comm, PointOptions } from './Comm';
export type { Intracomm, CollOptions, OpLike } from './Intracomm';
export type { Intercomm } from './Intercomm';
export type { Topocomm, Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';
export type { Datatype } from './Datatype';
export type { Status } from './Status';
export type { Message } from './Message';
export type { Request, ObjectOf } from './Request';
export type { Prequest } from './Prequest';
export type { Session } from './Session';
export type { Grequest, GrequestQueryFn, GrequestFreeFn, GrequestCancelFn } from './Grequest';
export type { Op, UserFunction } from './Op';
export type { Group } from './Group';
export type { Win, TargetSpec, Disp } from './Win';
export type { Info, InfoArg, InfoItems } from './Info';
export type { Errhandler } from './Errhandler';
export type { File } from './File';
export default MPI;
