// Allreduce: every process gets the reduction, of objects (comm.allreduce) and typed arrays (comm.Allreduce).
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const size = comm.Get_size();
const rank = comm.Get_rank();

const total = comm.allreduce(rank, MPI.SUM);
const biggest = comm.allreduce([rank * 10 % 7, rank], MPI.MAXLOC);
console.log(`rank ${rank}: allreduce sum of ranks = ${total}, maxloc = [${biggest}]`);
if (total !== (size * (size - 1)) / 2) throw new Error('wrong sum');

// Compute pi by the midpoint rule, each rank a strided share of the intervals.
const n = 1_000_000;
const h = 1 / n;
let s = 0;
for (let i = rank; i < n; i += size) {
  const x = h * (i + 0.5);
  s += 4 / (1 + x * x);
}
const pi = new Float64Array(1);
comm.Allreduce(Float64Array.of(s * h), pi, MPI.SUM);
const err = Math.abs(pi[0] - Math.PI);
console.log(`rank ${rank}: pi is approximately ${pi[0].toFixed(16)}, error is ${err.toExponential(2)}`);
if (err > 1e-9) throw new Error('pi is off');
