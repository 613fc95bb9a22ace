// Hello world: every rank says who it is (mpi4py: MPI.COMM_WORLD.Get_rank(), Get_size()).
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
console.log(`Hello world from process ${rank} of ${size} on ${MPI.Get_processor_name()}`);
