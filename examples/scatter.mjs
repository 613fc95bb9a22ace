// Scattering objects (comm.scatter) and typed arrays (comm.Scatter), as in the mpi4py tutorial.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const size = comm.Get_size();
const rank = comm.Get_rank();

let data = null;
if (rank === 0) data = Array.from({ length: size }, (_, i) => (i + 1) ** 2);
data = comm.scatter(data, 0);
if (data !== (rank + 1) ** 2) throw new Error(`rank ${rank}: got ${data}`);
console.log(`rank ${rank}: scatter received ${data}`);

// One row of 100 integers per process.
let sendbuf = null;
if (rank === 0) {
  sendbuf = new Int32Array(size * 100);
  for (let i = 0; i < size; i++) sendbuf.fill(i, i * 100, (i + 1) * 100);
}
const recvbuf = new Int32Array(100);
comm.Scatter(sendbuf, recvbuf, 0);
if (!recvbuf.every((v) => v === rank)) throw new Error(`rank ${rank}: wrong row`);
console.log(`rank ${rank}: Scatter ok (100 x ${recvbuf[0]})`);
