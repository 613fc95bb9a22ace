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
export type { BufSpec, BufferLike } from './bufspec';
export type { Serializer } from './pickle';
export default MPI;
