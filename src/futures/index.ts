/**
 * `mpi4js/futures`: a pool of MPI worker processes with promises, the analogue of mpi4py.futures.
 *
 *   import { MPIPoolExecutor } from 'mpi4js/futures';
 *   await using pool = new MPIPoolExecutor({ maxWorkers: 4, base: import.meta.url });
 *   const y = await pool.submit('./tasks.mjs#simulate', 42);
 *   for await (const r of pool.map('./tasks.mjs#simulate', inputs, { chunksize: 10 })) …
 *
 * Tasks are named `'module#export'` (functions cannot be sent). Spawn mode needs a launcher that
 * can spawn (Open MPI's mpirun; not MPICH's ch4:ucx device, nor srun): elsewhere use static mode,
 * `mpi4js run -n N --futures app.mjs` (docs/FUTURES.md).
 */
import '../index';

export { MPIPoolExecutor, MPICommExecutor, PoolExecutor, BrokenExecutor, CancelledError, get_comm_workers } from './pool';
export type { PoolOptions, MapOptions, ShutdownOptions, TaskName } from './pool';
export { wait, as_completed, collect, compose, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, TimeoutError } from './wait';
export type { ReturnWhen, WaitOptions } from './wait';
