// The mpi4js contender of `mpi4js bench futures` (static mode: rank 0 runs this, the other ranks are
// the pool's workers): 10 000 trivial tasks through map with chunksize 1 and 100, and the round trip
// of one submit. Prints one JSON line per case (µs per task).
//   mpiexec -n 3 node --import mpi4js/futures/server bench/futures.mjs [scale] [maxbytes] [batches]
import { MPIPoolExecutor, get_comm_workers } from 'mpi4js/futures';

/** The task: returns its argument. */
export function noop(x) {
  return x;
}

if (get_comm_workers() === null) {
  const scale = Number(process.argv[2] ?? 1);
  const batches = Math.max(1, Number(process.argv[4] ?? 3));
  const N = Math.max(100, Math.round(10000 * scale));
  const R = Math.max(20, Math.round(2000 * scale));
  const range = (n) => Array.from({ length: n }, (_, i) => i);
  const pool = await new MPIPoolExecutor().bootup();
  const W = pool.num_workers;
  const task = `${import.meta.url}#noop`;
  const print = (c, us) => console.log(JSON.stringify({ bench: 'futures', case: `${c}, ${W} worker${W > 1 ? 's' : ''}`, bytes: W, us, iters: N }));
  for await (const _ of pool.map(task, range(500))); // warm-up: the workers import the task module
  for (const chunksize of [1, 100]) {
    let best = Infinity;
    for (let b = 0; b < batches; b++) {
      const t0 = performance.now();
      let n = 0;
      for await (const _ of pool.map(task, range(N), { chunksize })) n++;
      if (n !== N) throw new Error(`bench futures: ${n} results of ${N}`);
      best = Math.min(best, ((performance.now() - t0) * 1000) / N);
    }
    print(`map chunksize ${chunksize} (µs/task)`, best);
  }
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < R; i++) await pool.submit(task, i);
    best = Math.min(best, ((performance.now() - t0) * 1000) / R);
  }
  print('submit round trip (µs)', best);
  await pool.shutdown();
}
