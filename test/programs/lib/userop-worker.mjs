// A worker thread of test/programs/userop.mjs: user-op reductions (nonblocking, awaited and waited,
// and blocking) on its own duplicate of COMM_WORLD while the main thread loops on Iprobe.
import { MPI } from 'mpi4js';
import { parentPort, workerData } from 'node:worker_threads';

const comm = MPI.COMM_WORLD.Dup();
const { rank, size } = comm;
const plus = MPI.Op.Create((inv, inout) => { for (let i = 0; i < inv.length; i++) inout[i] += inv[i]; }, true);
const wrong = [];
const errors = [];
for (let k = 0; k < workerData.rounds; k++) {
  const out = new Float64Array(4);
  try {
    const send = Float64Array.of(rank + k, 1, 2, 3);
    if (k % 4 === 3) {
      comm.Allreduce(send, out, plus);
    } else {
      const r = comm.Iallreduce(send, out, plus);
      if (k % 2 === 0) await r;
      else r.Wait();
    }
    const want = [(size * (size - 1)) / 2 + size * k, size, 2 * size, 3 * size];
    if (out.some((v, i) => v !== want[i])) wrong.push(`round ${k}: ${[...out]} instead of ${want}`);
  } catch (e) {
    errors.push(`round ${k}: ${e?.message ?? e}`);
  }
}
plus.Free();
comm.Free();
parentPort.postMessage({ rounds: workerData.rounds, wrong, errors });
