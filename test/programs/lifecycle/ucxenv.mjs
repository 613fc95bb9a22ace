// Prints the UCX memory-hook mode this rank's MPI saw (src/native.ts sets it before loading MPI).
import { MPI } from 'mpi4js';

console.log(`rank ${MPI.COMM_WORLD.Get_rank()} hook mode ${process.env.UCX_MEM_MMAP_HOOK_MODE}`);
