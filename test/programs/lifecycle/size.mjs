// Prints this rank's view of COMM_WORLD (launch and mismatch tests).
import { MPI } from 'mpi4js';

console.log(`rank ${MPI.COMM_WORLD.Get_rank()} of ${MPI.COMM_WORLD.Get_size()}`);
