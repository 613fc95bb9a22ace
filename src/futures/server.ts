/**
 * Static mode of `mpi4js/futures` (mpi4py's `mpiexec -n N python -m mpi4py.futures app.py`):
 * `mpi4js run -n N --futures app.mjs`, or `mpiexec -n N node --import mpi4js/futures/server app.mjs`.
 * Loaded before the application on every rank: rank 0 goes on to run the application, whose
 * `MPIPoolExecutor`s use the other ranks as workers; the other ranks serve tasks until rank 0's
 * program ends, then exit without running the application. No process is spawned, so it works
 * where spawning does not (srun, MPICH's ch4:ucx).
 */
import { MPI } from '../index';
import { CommCore, LocalCore, serve, workerRanks } from './core';
import { setStaticCore } from './pool';
import { beforeFinalize } from '../lifecycle';

/** Resolves on rank 0 (which then runs the application); on the workers it ends the process when released. */
export async function startServer(): Promise<void> {
  const world = MPI.COMM_WORLD;
  const comm = world.Dup();
  if (comm.Get_rank() !== 0) {
    await serve(comm, 0);
    process.exit(0);
  }
  const core = comm.Get_size() === 1 ? new LocalCore() : new CommCore(comm, workerRanks(comm, 0), 'MPIPoolExecutor');
  setStaticCore(core);
  // The workers are released when the application ends (before MPI is finalized).
  beforeFinalize.push(() => core.close());
}
