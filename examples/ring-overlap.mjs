// A ring that overlaps communication with computation: each step posts Irecv/Isend of the
// boundary data, computes on the interior while the messages travel, then awaits them.
//   mpiexec -n 4 node examples/ring-overlap.mjs [steps]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const steps = Number(process.argv[2] ?? 10);
const right = (rank + 1) % size;
const left = (rank + size - 1) % size;

const N = 100_000;
const local = new Float64Array(N).map((_, i) => Math.sin(rank + i));
let token = new Float64Array([rank]); // travels around the ring, one hop per step
let incoming = new Float64Array(1);
let interior = 0;
const t0 = MPI.Wtime();

for (let step = 0; step < steps; step++) {
  const recv = comm.Irecv(incoming, left, step);
  const send = comm.Isend(token, right, step);
  // computation that does not need the token, overlapped with the transfer
  let s = 0;
  for (let i = 0; i < N; i++) s += local[i] * local[i];
  interior += s;
  await MPI.Request.all([recv, send]);
  [token, incoming] = [incoming, token];
}

// after `steps` hops the token held here started at rank (rank - steps) mod size
const expected = (((rank - steps) % size) + size) % size;
if (token[0] !== expected) throw new Error(`rank ${rank}: token ${token[0]}, expected ${expected}`);
if (rank === 0) {
  console.log(`ring-overlap: ${size} rank(s), ${steps} steps, token check ok, ${((MPI.Wtime() - t0) * 1e3).toFixed(1)} ms`);
}
console.log(`rank ${rank}: token from rank ${token[0]} after ${steps} steps (interior sum ${interior.toFixed(3)})`);
