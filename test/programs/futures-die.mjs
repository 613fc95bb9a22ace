// A worker killed mid-task: the pool rejects with BrokenExecutor (where the launcher lets the manager
// live long enough to see it) and the job ends, never hangs. FUT_MODE=static or spawn (FUT_WORKERS).
import { MPI } from 'mpi4js';
import { MPIPoolExecutor, BrokenExecutor } from 'mpi4js/futures';

const pool = new MPIPoolExecutor({ maxWorkers: Number(process.env.FUT_WORKERS ?? 2), base: import.meta.url });
if (pool.num_workers < 2 && MPI.COMM_WORLD.Get_size() === 1 && process.env.FUT_MODE === 'static') {
  console.log('FUTURES-DIE skipped (no worker process)');
  process.exit(0);
}
console.log(`FUTURES-DIE workers ${pool.num_workers}`);
const pending = [1, 2, 3].map((x) => pool.submit('./lib/futures-tasks.mjs#spin', x, 2000));
const dead = pool.submit('./lib/futures-tasks.mjs#die');
for (const p of [dead, ...pending]) {
  try {
    await p;
  } catch (e) {
    console.log(`FUTURES-DIE rejected ${e instanceof BrokenExecutor ? 'BrokenExecutor' : e?.name}: ${e?.message}`);
  }
}
try {
  await pool.submit('./lib/futures-tasks.mjs#square', 2);
} catch (e) {
  console.log(`FUTURES-DIE later ${e instanceof BrokenExecutor ? 'BrokenExecutor' : e?.name}`);
}
console.log('FUTURES-DIE end');
process.exitCode = 3;
