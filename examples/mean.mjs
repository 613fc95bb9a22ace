// The parallel mean: an n x n matrix of doubles generated on rank 0, row blocks scattered
// (Scatterv: n need not be divisible by the number of processes), local sums, Reduce to the
// root, timed, and checked against the serial mean.   mpiexec -n 4 node examples/mean.mjs [--n 5000]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const size = comm.Get_size();
const rank = comm.Get_rank();
const arg = process.argv.indexOf('--n');
const n = arg > 0 ? Number(process.argv[arg + 1]) : 5000;

// Rows per process: the first n % size processes get one more.
const rows = Array.from({ length: size }, (_, i) => Math.floor(n / size) + (i < n % size ? 1 : 0));
const counts = rows.map((r) => r * n);

let matrix = null;
if (rank === 0) {
  matrix = new Float64Array(n * n);
  for (let i = 0; i < matrix.length; i++) matrix[i] = Math.random();
}

comm.Barrier();
const t0 = MPI.Wtime();
const local = new Float64Array(counts[rank]);
comm.Scatterv(rank === 0 ? [matrix, counts, MPI.DOUBLE] : null, local, 0);
let s = 0;
for (let i = 0; i < local.length; i++) s += local[i];
const total = rank === 0 ? new Float64Array(1) : null;
comm.Reduce(Float64Array.of(s), total, MPI.SUM, 0);
const t1 = MPI.Wtime();

if (rank === 0) {
  const mean = total[0] / (n * n);
  let serial = 0;
  for (let i = 0; i < matrix.length; i++) serial += matrix[i];
  serial /= n * n;
  console.log(`Mean: ${mean}`);
  console.log(`Serial mean: ${serial}`);
  console.log(`Time: ${(t1 - t0).toFixed(4)} s`);
  if (Math.abs(mean - serial) > 1e-9) throw new Error('the parallel mean differs from the serial mean');
  console.log('OK: parallel mean matches the serial mean');
}
