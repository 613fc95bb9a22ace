// A worker of test/programs/memsafety.mjs: posts an Irecv on COMM_WORLD and ends with it pending
// (mode 'end'), or keeps running until the main thread terminates it (mode 'hang').
import { MPI } from 'mpi4js';
import { parentPort, workerData } from 'node:worker_threads';

MPI.COMM_WORLD.Irecv(new Float64Array(workerData.n), workerData.left, workerData.tag);
parentPort.postMessage('posted');
if (workerData.mode === 'hang') setInterval(() => {}, 1000);
