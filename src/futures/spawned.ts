/**
 * The program of a spawned worker (spawn mode of `MPIPoolExecutor`): argv[2] is the pool's setup
 * (environment, working folder) as JSON; it serves the parent's jobs, then disconnects and exits.
 */
import { MPI } from '../index';
import { serve } from './core';

async function main(): Promise<void> {
  const setup = JSON.parse(process.argv[2] ?? '{}') as { env?: Record<string, string>; wdir?: string | null };
  for (const [k, v] of Object.entries(setup.env ?? {})) process.env[k] = String(v);
  if (setup.wdir) process.chdir(setup.wdir);
  const parent = MPI.Comm.Get_parent();
  if (parent === MPI.COMM_NULL) {
    process.stderr.write('mpi4js.futures: this program is started by MPIPoolExecutor (MPI_Comm_spawn), not by hand\n');
    process.exit(2);
  }
  await serve(parent, 0);
  parent.Disconnect();
  process.exit(0);
}

void main();
