// A parameter sweep of uneven task times: with `unordered` the results come back as they finish, and
// the per-worker counts show the load balancing (fast workers take more tasks).
//
//   npx mpi4js run -n 5 --futures examples/futures/sweep.mjs [tasks=40]
import { MPIPoolExecutor, get_comm_workers } from 'mpi4js/futures';

/** One simulation: its cost grows with the parameter (a task: run on a worker, by name). */
export function simulate(p) {
  const t0 = Date.now();
  const ms = 5 + (p % 7) * 10;
  let acc = 0;
  while (Date.now() - t0 < ms) acc += Math.sin(acc + p);
  return { p, ms, pid: process.pid, value: Math.round(1000 * Math.cos(p)) / 1000 };
}

// A worker imports this file for its task: get_comm_workers() is set there (mpi4py's `if __name__ == '__main__'`).
if (get_comm_workers() === null) {
  const n = Number(process.argv[2] ?? 40);
  const params = Array.from({ length: n }, (_, k) => k);
  const pool = await new MPIPoolExecutor().bootup(); // spawn mode: start the workers before the clock
  const t0 = performance.now();
  const order = [];
  const perWorker = new Map();
  let work = 0;
  for await (const r of pool.map(`${import.meta.url}#simulate`, params, { unordered: true })) {
    order.push(r.p);
    perWorker.set(r.pid, (perWorker.get(r.pid) ?? 0) + 1);
    work += r.ms;
  }
  const wall = performance.now() - t0;
  console.log(`sweep: ${n} tasks on ${pool.num_workers} worker(s): ${(work / 1000).toFixed(2)} s of work in ${(wall / 1000).toFixed(2)} s`);
  console.log(`sweep: completion order ${order.slice(0, 12).join(' ')}${n > 12 ? ' …' : ''}`);
  console.log(`sweep: tasks per worker ${[...perWorker.values()].join(' ')}`);
  console.log(`sweep: all ${new Set(order).size === n ? 'done' : 'MISSING'}`);
  await pool.shutdown();
}
