// MPI is finalized once at a clean exit, before later 'exit' listeners run.
import { MPI } from 'mpi4js';

MPI.COMM_WORLD.Barrier();
process.on('exit', () => {
  console.log(`at exit: finalized=${MPI.Is_finalized()}`);
});
