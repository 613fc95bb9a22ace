// Soak (issue 5): long runs of the hot paths, with memory figures before and after each phase
// (RSS and V8 heap after a full GC). Figures, not assertions: a leak shows as growth that scales
// with the number of operations. `npm run soak` (2 ranks per flavour); --scale 0.1 for a quick look.
//
//   phase 1: 10^6 Isend/Irecv pairs (ring, batches of 100, Waitall)
//   phase 2: 10^5 Dup/Free of COMM_WORLD
//   phase 3: 10^5 object messages (isend + recv of a small object with a typed array)
//   phase 4: 10^3 large object messages (an 8 MiB Float64Array: pooled receive memory, csrc/msgpool.cc)
import { MPI } from 'mpi4js';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

function option(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const scale = option('scale', 1);
const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;
const right = (rank + 1) % size;
const left = (rank + size - 1) % size;

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
}
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;

function phase(name, n, body) {
  comm.Barrier();
  const before = memory();
  const t0 = performance.now();
  body(n);
  comm.Barrier();
  const ms = performance.now() - t0;
  const after = memory();
  const all = comm.gather({ rank, before, after }, 0);
  if (rank === 0) {
    for (const r of all) {
      console.log(`soak ${name} x${n} rank ${r.rank}: rss ${mib(r.before.rss)} -> ${mib(r.after.rss)} (${r.after.rss >= r.before.rss ? '+' : ''}${mib(r.after.rss - r.before.rss)}), ` +
        `heap ${mib(r.before.heap)} -> ${mib(r.after.heap)}, external ${mib(r.before.external)} -> ${mib(r.after.external)}`);
    }
    console.log(`soak ${name}: ${ms.toFixed(0)} ms, ${((ms * 1000) / n).toFixed(2)} us per operation`);
  }
}

phase('Isend/Irecv pairs', Math.round(1e6 * scale), (n) => {
  const B = 100;
  const out = new Float64Array(4);
  const ins = Array.from({ length: B }, () => new Float64Array(4));
  const reqs = new Array(2 * B);
  for (let done = 0; done < n; done += B) {
    for (let i = 0; i < B; i++) {
      out[0] = done + i;
      reqs[2 * i] = comm.Irecv(ins[i], left, 7);
      reqs[2 * i + 1] = comm.Isend(out, right, 7);
    }
    MPI.Request.Waitall(reqs);
    if (ins[B - 1][0] !== done + B - 1 && size > 0 && ins[B - 1][0] !== out[0]) throw new Error(`wrong data at ${done}`);
  }
});

phase('Dup/Free', Math.round(1e5 * scale), (n) => {
  for (let i = 0; i < n; i++) comm.Dup().Free();
});

phase('object messages', Math.round(1e5 * scale), (n) => {
  const payload = { i: 0, name: 'soak', v: new Float64Array(8) };
  for (let i = 0; i < n; i++) {
    payload.i = i;
    const r = comm.isend(payload, right, 9);
    const got = comm.recv(left, 9);
    r.Wait();
    if (got.i !== i) throw new Error(`object ${i}: got ${got.i}`);
  }
});

phase('large object messages', Math.round(1e3 * scale), (n) => {
  const payload = { i: 0, v: new Float64Array(1 << 20) };
  for (let i = 0; i < n; i++) {
    payload.i = i;
    payload.v[i % payload.v.length] = i;
    const r = comm.isend(payload, right, 10);
    const got = comm.recv(left, 10);
    r.Wait();
    if (got.i !== i || got.v[i % got.v.length] !== i) throw new Error(`large object ${i}: got ${got.i}`);
  }
});
