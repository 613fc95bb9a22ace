// A TypeScript rank program for `mpi4js run` (Node's type stripping on 22.6+, else the tsx loader): types are erased, MPI is real.
import { MPI } from 'mpi4js';

interface Greeting {
  rank: number;
  size: number;
  host: string;
}

const comm = MPI.COMM_WORLD;
const greeting: Greeting = { rank: comm.Get_rank(), size: comm.Get_size(), host: MPI.Get_processor_name() };
console.log(`TS-HELLO ${JSON.stringify(greeting)} args=${JSON.stringify(process.argv.slice(2))}`);
