// worker_threads share the process's one MPI: a worker imports mpi4js (no second MPI_Init),
// sees the same rank, and exchanges messages with the workers of the neighbouring ranks.
import { MPI } from 'mpi4js';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import assert from 'node:assert/strict';

if (isMainThread) {
  const comm = MPI.COMM_WORLD;
  const worker = new Worker(new URL(import.meta.url));
  const fromWorker = await new Promise((resolve, reject) => {
    worker.on('message', resolve);
    worker.on('error', reject);
  });
  assert.equal(fromWorker.rank, comm.rank);
  assert.equal(fromWorker.size, comm.size);
  assert.equal(fromWorker.initialized, true);
  assert.equal(fromWorker.threadMain, false);
  assert.equal(fromWorker.got, `worker of rank ${(comm.rank + comm.size - 1) % comm.size}`);
  await new Promise((r) => worker.on('exit', r));
  comm.Barrier();
  console.log(`workers ok rank ${comm.rank} of ${comm.size}`);
} else {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const got = comm.sendrecv(`worker of rank ${rank}`, (rank + 1) % size, 77, (rank + size - 1) % size, 77);
  parentPort.postMessage({ rank, size, initialized: MPI.Is_initialized(), threadMain: MPI.Is_thread_main(), got });
}
