// 8-byte ping-pong between ranks 0 and 1: half round-trip latency (µs, median of timed runs after a
// JIT warm-up) of blocking Send/Recv, awaited Isend/Irecv, awaited isend/irecv (objects); then
// the CPU rank 0 burns while it waits 2 s for a message (awaited Irecv vs blocking Recv).
//   mpiexec -n 2 node bench/pingpong-await.mjs [iters] [runs]
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const iters = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 7);
const sbuf = new Float64Array(1);
const rbuf = new Float64Array(1);
const other = 1 - rank;

function blocking(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      comm.Send(sbuf, 1, 0);
      comm.Recv(rbuf, 1, 0);
    } else {
      comm.Recv(rbuf, 0, 0);
      comm.Send(sbuf, 0, 0);
    }
  }
}

async function awaited(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      const s = comm.Isend(sbuf, 1, 0);
      await comm.Irecv(rbuf, 1, 0);
      await s;
    } else {
      await comm.Irecv(rbuf, 0, 0);
      await comm.Isend(sbuf, 0, 0);
    }
  }
}

async function objects(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      const s = comm.isend(1.5, 1, 0);
      await comm.irecv(1, 0);
      await s;
    } else {
      await comm.irecv(0, 0);
      await comm.isend(1.5, 0, 0);
    }
  }
}

async function time(name, fn, n) {
  await fn(Math.max(100, n / 5)); // JIT warm-up
  const t = [];
  for (let r = 0; r < runs; r++) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    await fn(n);
    t.push(((MPI.Wtime() - t0) / n / 2) * 1e6);
  }
  t.sort((a, b) => a - b);
  if (rank === 0) console.log(JSON.stringify({ bench: name, halfRttUs: +t[runs >> 1].toFixed(2), min: +t[0].toFixed(2), max: +t[runs - 1].toFixed(2) }));
}

async function idleCpu(mode) {
  comm.Barrier();
  if (rank === 0) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    if (mode === 'await') await comm.Irecv(rbuf, 1, 9);
    else comm.Recv(rbuf, 1, 9);
    const c = process.cpuUsage(c0);
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = (c.user + c.system) / 1000;
    console.log(JSON.stringify({ bench: `idle-cpu-${mode}`, waitMs: Math.round(wall), cpuMs: +cpu.toFixed(1), cpuPercent: +((100 * cpu) / wall).toFixed(2) }));
  } else {
    await new Promise((r) => setTimeout(r, 2000));
    comm.Send(sbuf, 0, 9);
  }
}

if (comm.Get_size() < 2) {
  console.log('run on 2 ranks');
} else if (rank < 2) {
  await time('js-blocking', blocking, iters);
  await time('js-await', awaited, iters);
  await time('js-await-objects', objects, iters);
  await idleCpu('await');
  await idleCpu('blocking');
}
void other;
