// 8-byte blocking ping-pong between ranks 0 and 1 with upper-case Send/Recv (compare bench/latency.c).
// Usage: mpiexec -n 2 node bench/latency.mjs [iterations] [rounds]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const iters = Number(process.argv[2] ?? 100000);
const rounds = Number(process.argv[3] ?? 7);
const buf = new Float64Array(1);
const times = [];
for (let r = -2; r < rounds; r++) { // two discarded rounds warm the JIT
  comm.Barrier();
  const t0 = MPI.Wtime();
  for (let i = 0; i < iters; i++) {
    if (rank === 0) {
      comm.Send(buf, 1, 0);
      comm.Recv(buf, 1, 0);
    } else if (rank === 1) {
      comm.Recv(buf, 0, 0);
      comm.Send(buf, 0, 0);
    }
  }
  if (r >= 0) times.push(((MPI.Wtime() - t0) / iters / 2) * 1e6);
}
times.sort((a, b) => a - b);
if (rank === 0) console.log(`mpi4js 8-byte ping-pong: ${times[rounds >> 1].toFixed(3)} us one-way (median of ${rounds} rounds x ${iters})`);
