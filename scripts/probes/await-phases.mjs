// Where the time of an awaited 8-byte ping-pong goes (issue 6). 2 ranks:
//   mpiexec -n 2 node scripts/probes/await-phases.mjs [iters]
// Variants, each timed after a warm-up (µs one-way, median of 5 runs):
//   wait      Irecv + Send + Wait (the C protocol)
//   await     Irecv + Send + await (bench pingpong-await)
//   then-cb   Irecv + Send + req.then(cb) chained without async/await
//   poll      Irecv + Send + while (!Test())
// and, for `await`, per-phase times on rank 1 (Irecv, await, Send).
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const iters = Number(process.argv[2] ?? 5000);
const sbuf = new Uint8Array(8);
const rbuf = new Uint8Array(8);
const peer = 1 - rank;

function wait(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      const r = comm.Irecv(rbuf, peer, 0);
      comm.Send(sbuf, peer, 0);
      r.Wait();
    } else {
      comm.Irecv(rbuf, peer, 0).Wait();
      comm.Send(sbuf, peer, 0);
    }
  }
}

function poll(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      const r = comm.Irecv(rbuf, peer, 0);
      comm.Send(sbuf, peer, 0);
      while (!r.Test());
    } else {
      const r = comm.Irecv(rbuf, peer, 0);
      while (!r.Test());
      comm.Send(sbuf, peer, 0);
    }
  }
}

async function awaited(n) {
  for (let i = 0; i < n; i++) {
    if (rank === 0) {
      const r = comm.Irecv(rbuf, peer, 0);
      comm.Send(sbuf, peer, 0);
      await r;
    } else {
      await comm.Irecv(rbuf, peer, 0);
      comm.Send(sbuf, peer, 0);
    }
  }
}

function thenCb(n) {
  return new Promise((resolve) => {
    let i = 0;
    const step = () => {
      if (i++ === n) return resolve();
      if (rank === 0) {
        const r = comm.Irecv(rbuf, peer, 0);
        comm.Send(sbuf, peer, 0);
        r.then(step);
      } else {
        comm.Irecv(rbuf, peer, 0).then(() => {
          comm.Send(sbuf, peer, 0);
          step();
        });
      }
    };
    step();
  });
}

const phase = { irecv: [], wait: [], send: [] };
async function phased(n) {
  const now = () => performance.now() * 1000;
  if (rank === 0) return awaited(n);
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const r = comm.Irecv(rbuf, peer, 0);
    const t1 = now();
    await r;
    const t2 = now();
    comm.Send(sbuf, peer, 0);
    const t3 = now();
    phase.irecv.push(t1 - t0);
    phase.wait.push(t2 - t1);
    phase.send.push(t3 - t2);
  }
}

/** Share of the total time spent in waits of each size class (where the mean comes from). */
function buckets(a) {
  const edges = [2, 10, 100, 1000, Infinity];
  const out = {};
  const total = a.reduce((x, y) => x + y, 0);
  let lo = 0;
  for (const hi of edges) {
    const w = a.filter((x) => x >= lo && x < hi);
    out[`<${hi}`] = `${w.length} (${((100 * w.reduce((x, y) => x + y, 0)) / total).toFixed(0)}% of time)`;
    lo = hi;
  }
  return { n: a.length, meanUs: +(total / a.length).toFixed(2), ...out };
}

function pct(a, p) {
  const s = a.slice().sort((x, y) => x - y);
  return +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
}

async function time(name, fn) {
  await fn(Math.max(100, iters / 5));
  const t = [];
  for (let r = 0; r < 5; r++) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    await fn(iters);
    t.push(((MPI.Wtime() - t0) / iters / 2) * 1e6);
  }
  t.sort((a, b) => a - b);
  if (rank === 0) console.log(JSON.stringify({ variant: name, us: +t[2].toFixed(3), min: +t[0].toFixed(3) }));
}

if (rank < 2) {
  const only = process.env.VARIANTS?.split(',');
  const all = { wait, poll, await: awaited, 'then-cb': thenCb, phased };
  for (const [k, f] of Object.entries(all)) if (!only || only.includes(k)) await time(k, f);
  if (rank === 1 && phase.wait.length > 0) {
    for (const [k, a] of Object.entries(phase)) console.log(JSON.stringify({ rank1: k, p10: pct(a, 0.1), p50: pct(a, 0.5), p90: pct(a, 0.9), p99: pct(a, 0.99) }));
    console.log(JSON.stringify({ rank1: 'wait buckets', ...buckets(phase.wait) }));
  }
}
