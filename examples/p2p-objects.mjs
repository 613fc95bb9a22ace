// Point to point with objects: any JavaScript value travels with send/recv (mpi4py's lower case).
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();

if (comm.Get_size() < 2) {
  console.log('run me on at least 2 processes: mpirun -n 2 node examples/p2p-objects.mjs');
} else if (rank === 0) {
  const data = { a: 7, b: 3.14, list: [1, 2, 3], when: new Date(0), tags: new Set(['x', 'y']) };
  comm.send(data, { dest: 1, tag: 11 });
  console.log(`rank 0 sent ${JSON.stringify({ a: data.a, b: data.b })} to rank 1`);
} else if (rank === 1) {
  const data = comm.recv({ source: 0, tag: 11 });
  console.log(`rank 1 received a=${data.a} b=${data.b} list=${data.list} set=${[...data.tags]} from rank 0`);
}
