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

// mpi4js/futures: ESM types of the pool.
import { MPIPoolExecutor, MPICommExecutor, BrokenExecutor, type MapOptions } from 'mpi4js/futures';
const pool = new MPIPoolExecutor({ maxWorkers: 2, base: import.meta.url });
const squared: Promise<number> = pool.submit<number>('./tasks.mjs#square', 3);
const mapOpts: MapOptions = { chunksize: 10, unordered: true };
const results: AsyncIterableIterator<number> = pool.map<number>('./tasks.mjs#square', [1, 2], mapOpts);
const commEx: Promise<MPICommExecutor | null> = new MPICommExecutor(MPI.COMM_WORLD, 0).enter();
const broken: Error = new BrokenExecutor('x');
// @ts-expect-error chunksize is a number
void pool.map('./t.mjs#f', [1], { chunksize: '2' });
void [squared, results, commEx, broken];
