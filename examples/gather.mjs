// Gathering objects (comm.gather) and typed arrays (comm.Gather), as in the mpi4py tutorial.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const size = comm.Get_size();
const rank = comm.Get_rank();

const data = comm.gather((rank + 1) ** 2, 0);
if (rank === 0) {
  for (let i = 0; i < size; i++) if (data[i] !== (i + 1) ** 2) throw new Error(`gather: wrong item ${i}`);
  console.log(`rank 0: gather received [${data.join(', ')}]`);
} else if (data !== null) {
  throw new Error(`rank ${rank}: gather must return null off the root`);
}

const sendbuf = new Int32Array(100).fill(rank);
const recvbuf = rank === 0 ? new Int32Array(size * 100) : null;
comm.Gather(sendbuf, recvbuf, 0);
if (rank === 0) {
  for (let i = 0; i < size; i++) {
    if (!recvbuf.subarray(i * 100, (i + 1) * 100).every((v) => v === i)) throw new Error(`Gather: wrong row ${i}`);
  }
  console.log(`rank 0: Gather ok (${size} rows of 100)`);
}
