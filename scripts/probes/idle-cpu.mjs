// CPU that rank 0 uses while it awaits a message rank 1 sends `ms` later (default 2000), `runs`
// times, and how many 50 ms interval ticks ran meanwhile. 2 ranks:
//   mpiexec -n 2 node scripts/probes/idle-cpu.mjs [ms] [runs]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const ms = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 3);
const buf = new Float64Array(1);

for (let i = 0; i < runs && rank < 2; i++) {
  comm.Barrier();
  if (rank === 0) {
    let ticks = 0;
    const tick = setInterval(() => ticks++, 50);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await comm.Irecv(buf, 1, 9);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    clearInterval(tick);
    const cpu = (c.user + c.system) / 1000;
    console.log(JSON.stringify({ waitMs: Math.round(wall), cpuMs: +cpu.toFixed(1), cpuPercent: +((100 * cpu) / wall).toFixed(2), ticks }));
  } else if (rank === 1) {
    await new Promise((r) => setTimeout(r, ms));
    comm.Send(buf, 0, 9);
  }
}
