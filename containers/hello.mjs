// The containers' smoke test: every rank says hello.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const library = MPI.Get_library_version().split('\n')[0].trim();
console.log(`Hello from rank ${comm.Get_rank()} of ${comm.Get_size()} on ${MPI.Get_processor_name()} (${library})`);
