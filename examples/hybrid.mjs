// Hybrid parallelism, the Node analogue of MPI + OpenMP: MPI between ranks, worker_threads over
// a SharedArrayBuffer inside each rank. Computes sum(i) for i < N: each rank receives its block
// (Scatterv straight into shared memory), T workers sum slices of it, the rank adds the partial
// sums, and Allreduce combines the ranks.   mpiexec -n 2 node examples/hybrid.mjs [--threads 2]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) {
  // A worker: sum its slice of the shared block, write the result to its shared slot.
  const { block, partial, index, start, end } = workerData;
  const data = new Float64Array(block);
  let s = 0;
  for (let i = start; i < end; i++) s += data[i];
  new Float64Array(partial)[index] = s;
  parentPort.postMessage('done');
} else {
  const { MPI } = await import('mpi4js');
  const comm = MPI.COMM_WORLD;
  const size = comm.Get_size();
  const rank = comm.Get_rank();
  const targ = process.argv.indexOf('--threads');
  const threads = targ > 0 ? Number(process.argv[targ + 1]) : 2;
  const N = 1_000_003;

  const counts = Array.from({ length: size }, (_, i) => Math.floor(N / size) + (i < N % size ? 1 : 0));
  let all = null;
  if (rank === 0) all = Float64Array.from({ length: N }, (_, i) => i);
  const block = new SharedArrayBuffer(counts[rank] * 8);
  comm.Scatterv(rank === 0 ? [all, counts, MPI.DOUBLE] : null, [block, MPI.DOUBLE], 0);

  const partial = new SharedArrayBuffer(threads * 8);
  const per = Math.ceil(counts[rank] / threads);
  await Promise.all(Array.from({ length: threads }, (_, index) => new Promise((resolve, reject) => {
    const start = Math.min(index * per, counts[rank]);
    const end = Math.min(start + per, counts[rank]);
    const w = new Worker(new URL(import.meta.url), { workerData: { block, partial, index, start, end } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  const local = new Float64Array(partial).reduce((a, b) => a + b, 0);
  const total = new Float64Array(1);
  comm.Allreduce(Float64Array.of(local), total, MPI.SUM);
  const expected = (N * (N - 1)) / 2;
  console.log(`rank ${rank}: ${threads} threads summed ${counts[rank]} values; total = ${total[0]} (expected ${expected})`);
  if (total[0] !== expected) throw new Error('hybrid sum is wrong');
  if (rank === 0) console.log('OK: hybrid MPI + worker_threads sum is correct');
}
