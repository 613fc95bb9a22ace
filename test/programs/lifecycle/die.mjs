// Rank 1 dies (how: argv[2]) while every other rank blocks in a receive from it.
//   throw | reject | exit | exitcode | kill (SIGKILL) | opthrow (a user Op throws inside Allreduce)
// `errors-return` is the opposite case: an MPI error on a communicator (MPI_ERRORS_RETURN) is
// caught as MPI.Exception on every rank and the job carries on to a clean exit.
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const how = process.argv[2];
// The victim is rank 1 (rank 0 when run alone).
const victim = Math.min(1, comm.size - 1);

if (how === 'opthrow') {
  // Every rank reduces; the op throws only where it runs on the victim.
  const op = MPI.Op.Create((a, b) => {
    if (comm.rank === victim) throw new Error('boom-op');
    for (let i = 0; i < b.length; i++) b[i] += a[i];
  }, true);
  const out = new Float64Array(4);
  for (;;) comm.Allreduce(new Float64Array([1, 2, 3, 4]), out, op);
} else if (how === 'errors-return') {
  let caught = 0;
  try {
    comm.Send(new Uint8Array(4), comm.size + 5, 0); // invalid rank: MPI_ERR_RANK
  } catch (e) {
    if (e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_RANK) caught++;
    else throw e;
  }
  try {
    MPI.COMM_SELF.Recv([new Uint8Array(4), 1, MPI.BYTE], 0, -5); // invalid tag: MPI_ERR_TAG
  } catch (e) {
    if (e instanceof MPI.Exception) caught++;
    else throw e;
  }
  const total = comm.allreduce(caught);
  if (comm.rank === 0) console.log(`errors-return ok: ${total} errors caught on ${comm.size} ranks`);
} else if (comm.rank === victim) {
  setTimeout(() => {
    if (how === 'throw') throw new Error('boom-uncaught');
    if (how === 'reject') Promise.reject(new Error('boom-rejected'));
    if (how === 'exit') process.exit(3);
    if (how === 'exitcode') process.exitCode = 4;
    if (how === 'kill') process.kill(process.pid, 'SIGKILL');
  }, 300);
} else {
  comm.recv(1, 99); // never sent: only the abort ends this
}
