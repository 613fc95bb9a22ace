// Point to point with typed arrays: upper-case Send/Recv move memory with no copy
// (mpi4py's buffers with numpy), with explicit and with automatic MPI datatypes.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();

if (comm.Get_size() < 2) {
  console.log('run me on at least 2 processes: mpirun -n 2 node examples/p2p-typedarrays.mjs');
} else {
  // passing MPI datatypes explicitly
  if (rank === 0) {
    const data = Int32Array.from({ length: 1000 }, (_, i) => i);
    comm.Send([data, MPI.INT], 1, 77);
  } else if (rank === 1) {
    const data = new Int32Array(1000);
    comm.Recv([data, MPI.INT], 0, 77);
    console.log(`rank 1 received 1000 ints with MPI.INT: first ${data[0]}, last ${data[999]}, sum ${data.reduce((a, b) => a + b, 0)}`);
  }

  // automatic MPI datatype discovery
  if (rank === 0) {
    const data = Float64Array.from({ length: 100 }, (_, i) => i);
    comm.Send(data, 1, 13);
  } else if (rank === 1) {
    const data = new Float64Array(100);
    const status = new MPI.Status();
    comm.Recv(data, 0, 13, status);
    console.log(`rank 1 received ${status.Get_count(MPI.DOUBLE)} doubles from rank ${status.source} (tag ${status.tag}): last ${data[99]}`);
  }
}
