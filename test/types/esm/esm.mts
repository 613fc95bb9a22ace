// ESM consumers (node16/nodenext/bundler): the default import and the named import are the same
// MPI namespace, value and types ("Masquerading as CJS" made `MPI.COMM_WORLD` here a type error).
import MPI from 'mpi4js';
import { MPI as Named, MPIError, MPIException } from 'mpi4js';
import type { BufSpec, BufferLike, Serializer } from 'mpi4js';

const comm: MPI.Intracomm = MPI.COMM_WORLD;
const same: Named.Intracomm = Named.COMM_WORLD;
const rank: number = comm.Get_rank() + same.Get_size();
const spec: BufSpec = [new Float64Array(2), MPI.DOUBLE];
const like: BufferLike = new Uint8Array(1);
const ser: Serializer | null = null;
const err: MPIError | MPIException | null = null;
// @ts-expect-error the ESM default export is the MPI namespace itself, not a module object
void MPI.MPI;
void [rank, spec, like, ser, err];
