// Cost of the await machinery without a peer (COMM_SELF, 1 rank): ns and JS heap bytes per
// Irecv + Isend + completion, completed by Wait, by Test, by `await` (the request is complete before
// then()), and by Wait + a plain `await` (the floor of any await).
//   node --expose-gc scripts/probes/await-self.mjs [iters]
import { MPI } from 'mpi4js';
import { getHeapStatistics } from 'node:v8';

const comm = MPI.COMM_SELF;
const n = Number(process.argv[2] ?? 200000);
const s = new Uint8Array(8);
const r = new Uint8Array(8);

const variants = {
  wait: async (k) => {
    for (let i = 0; i < k; i++) {
      const a = comm.Irecv(r, 0, 0);
      comm.Isend(s, 0, 0).Wait();
      a.Wait();
    }
  },
  test: async (k) => {
    for (let i = 0; i < k; i++) {
      const a = comm.Irecv(r, 0, 0);
      comm.Isend(s, 0, 0).Wait();
      while (!a.Test());
    }
  },
  await: async (k) => {
    for (let i = 0; i < k; i++) {
      const a = comm.Irecv(r, 0, 0);
      comm.Isend(s, 0, 0).Wait();
      await a;
    }
  },
  'wait+await': async (k) => {
    for (let i = 0; i < k; i++) {
      const a = comm.Irecv(r, 0, 0);
      comm.Isend(s, 0, 0).Wait();
      a.Wait();
      await undefined;
    }
  },
};

/** Heap bytes per iteration over 200 iterations (too few for a scavenge) after a full GC. */
async function bytesPer(f) {
  if (typeof globalThis.gc !== 'function') return undefined;
  globalThis.gc();
  const h0 = getHeapStatistics().used_heap_size;
  await f(200);
  return Math.round((getHeapStatistics().used_heap_size - h0) / 200);
}

const only = process.env.VARIANTS?.split(',');
for (let round = 0; round < 3; round++) {
  for (const [k, f] of Object.entries(variants)) {
    if (only && !only.includes(k)) continue;
    const t0 = process.hrtime.bigint();
    await f(n);
    const ns = Number(process.hrtime.bigint() - t0) / n;
    if (round === 2) console.log(JSON.stringify({ variant: k, ns: Math.round(ns), bytes: await bytesPer(f) }));
  }
}
