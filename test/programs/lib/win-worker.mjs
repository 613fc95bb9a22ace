// The worker side of win.mjs's thread tests (MPI initialized with MPI_THREAD_MULTIPLE). Role:
//   use        makes, uses (Fence, Put) and frees windows on COMM_WORLD; posts what arrived
//   free-late  frees a COMM_WORLD window that ranks other than 0 free 3 s late
//   exit       makes and frees a window, then ends (its environment's clean-up runs)
import { MPI } from 'mpi4js';
import { parentPort, workerData } from 'node:worker_threads';

const comm = MPI.COMM_WORLD;
const { role, rank, size } = workerData;
if (role === 'use') {
  const got = [];
  for (let it = 0; it < 5; it++) {
    const win = MPI.Win.Allocate(8 * size, 8, null, comm);
    const mem = new Float64Array(win.tomemory());
    win.Fence();
    win.Put(new Float64Array([rank + it]), (rank + 1) % size, rank);
    win.Fence();
    got.push(mem[(rank - 1 + size) % size]);
    win.Free();
  }
  parentPort.postMessage(got);
} else if (role === 'free-late') {
  const win = MPI.Win.Allocate(8, 8, null, comm);
  parentPort.postMessage('freeing');
  if (rank !== 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  win.Free();
  parentPort.postMessage('freed');
} else if (role === 'exit') {
  MPI.Win.Create(new Uint8Array(8), 1, null, MPI.COMM_SELF).Free();
  parentPort.postMessage('made');
}
