// Master/worker task farm: rank 0 hands out tasks and awaits results with irecv from ANY_SOURCE;
// the other ranks compute. Works for any size; alone, rank 0 does the work itself.
//   mpiexec -n 4 node examples/taskfarm.mjs [ntasks]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const ntasks = Number(process.argv[2] ?? 20);
const TASK = 1;
const RESULT = 2;
const STOP = 3;

/** The work: the number of primes below n (deliberately uneven in cost). */
function countPrimes(n) {
  let count = 0;
  for (let k = 2; k < n; k++) {
    let prime = true;
    for (let d = 2; d * d <= k; d++) if (k % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

const tasks = Array.from({ length: ntasks }, (_, i) => ({ id: i, n: 1000 + 500 * ((i * 7) % 11) }));

if (rank === 0) {
  const results = new Map();
  const doneBy = new Map();
  if (size === 1) {
    console.log('taskfarm: only one rank, the master does the work itself');
    for (const t of tasks) results.set(t.id, countPrimes(t.n));
  } else {
    let next = 0;
    let busy = 0;
    // prime every worker with one task (or tell it to stop)
    for (let w = 1; w < size; w++) {
      if (next < tasks.length) {
        comm.send(tasks[next++], w, TASK);
        busy++;
      } else {
        comm.send(null, w, STOP);
      }
    }
    while (busy > 0) {
      const status = new MPI.Status();
      const req = comm.irecv(MPI.ANY_SOURCE, RESULT);
      const { id, value } = await req; // the event loop keeps running meanwhile
      req.Wait(status); // already complete: fills the status (source = the worker)
      const worker = status.source;
      results.set(id, value);
      doneBy.set(worker, (doneBy.get(worker) ?? 0) + 1);
      busy--;
      if (next < tasks.length) {
        await comm.isend(tasks[next++], worker, TASK);
        busy++;
      } else {
        await comm.isend(null, worker, STOP);
      }
    }
  }
  const total = [...results.values()].reduce((a, b) => a + b, 0);
  for (const t of tasks) if (results.get(t.id) !== countPrimes(t.n)) throw new Error(`task ${t.id}: wrong result`);
  console.log(`taskfarm: ${results.size} tasks done by ${Math.max(1, size - 1)} worker(s), checksum ${total}`);
  if (doneBy.size) console.log(`taskfarm: tasks per worker ${JSON.stringify(Object.fromEntries(doneBy))}`);
} else {
  for (;;) {
    const task = await comm.irecv(0, MPI.ANY_TAG);
    if (task === null) break; // STOP
    await comm.isend({ id: task.id, value: countPrimes(task.n) }, 0, RESULT);
  }
}
