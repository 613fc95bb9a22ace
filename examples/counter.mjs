// A global task counter ("nxtval") for dynamic load balancing: rank 0 exposes one integer in a
// window; every rank takes the next task number with Fetch_and_op(+1) under an exclusive Lock
// until the tasks run out. Tasks are deliberately uneven, so faster ranks take more of them.
// Prints how many tasks each rank took and checks that every task ran exactly once.
//   mpiexec -n 4 node examples/counter.mjs [ntasks]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const { rank, size } = comm;
const ntasks = Number(process.argv[2] ?? 40);

const win = MPI.Win.Allocate(rank === 0 ? 8 : 0, 8, null, comm);
if (rank === 0) {
  win.Lock(0);
  new BigInt64Array(win.tomemory())[0] = 0n;
  win.Unlock(0);
}
comm.Barrier();

const one = new BigInt64Array([1n]);
const next = new BigInt64Array(1);
/** The next task number (MPI_Fetch_and_op on rank 0's counter). */
function nxtval() {
  win.Lock(0, MPI.LOCK_EXCLUSIVE);
  win.Fetch_and_op(one, next, 0, 0, MPI.SUM);
  win.Unlock(0);
  return Number(next[0]);
}

/** The work: uneven in cost (the number of primes below a task-dependent bound). */
function work(task) {
  const n = 2000 + 3000 * ((task * 7) % 5);
  let count = 0;
  for (let k = 2; k < n; k++) {
    let prime = true;
    for (let d = 2; d * d <= k; d++) if (k % d === 0) { prime = false; break; }
    if (prime) count++;
  }
  return count;
}

const mine = [];
for (let t = nxtval(); t < ntasks; t = nxtval()) {
  work(t);
  mine.push(t);
}

const all = comm.gather(mine, 0);
if (rank === 0) {
  const taken = all.map((ts) => ts.length);
  const ran = all.flat().sort((a, b) => a - b);
  const once = ran.length === ntasks && ran.every((t, i) => t === i);
  for (let r = 0; r < size; r++) console.log(`counter: rank ${r} took ${taken[r]} task(s)`);
  console.log(`counter: ${ntasks} tasks on ${size} rank(s), every task ran once: ${once ? 'yes' : 'NO'}`);
  if (!once) process.exitCode = 1;
}
comm.Barrier();
win.Free();
