// Rank 1 dies (how: argv[2]) while every other rank blocks in a receive from it.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const how = process.argv[2];
// The victim is rank 1 (rank 0 when run alone).
if (comm.rank === Math.min(1, comm.size - 1)) {
  setTimeout(() => {
    if (how === 'throw') throw new Error('boom-uncaught');
    if (how === 'reject') Promise.reject(new Error('boom-rejected'));
    if (how === 'exit') process.exit(3);
    if (how === 'exitcode') process.exitCode = 4;
  }, 300);
} else {
  comm.recv(1, 99); // never sent: only the abort ends this
}
