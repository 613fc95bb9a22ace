// A worker thread of test/programs/nonblocking.mjs: awaits on its own duplicate of COMM_SELF.
// mode 'await': three messages it sends itself from timers; mode 'hang': a message that never
// comes (the main thread terminates it while its progress timer is armed).
import { MPI } from 'mpi4js';
import { parentPort, workerData } from 'node:worker_threads';

const comm = MPI.COMM_SELF.Dup();
if (workerData.mode === 'hang') {
  const r = comm.Irecv(new Int32Array(1), 0, 1);
  parentPort.postMessage('waiting');
  await r;
} else {
  const got = [];
  for (const v of [7, 8, 9]) {
    const buf = new Int32Array(1);
    const r = comm.Irecv(buf, 0, v);
    setTimeout(() => comm.Isend(Int32Array.of(v), 0, v), 5 * v);
    await r;
    got.push(buf[0]);
  }
  comm.Free();
  parentPort.postMessage({ ok: true, got });
}
