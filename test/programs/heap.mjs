// Upper-case calls allocate nothing per call (docs/DEVELOPING.md): the JS heap stays flat over
// 10^6 of them and no scavenge runs. MPI_PROC_NULL and COMM_SELF keep the count independent of
// the number of ranks (every rank runs the same loop on its own).
import { MPI, assert, run, test } from './lib/suite.mjs';
import { PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';

const CALLS = 1_000_000;

/** Heap growth (bytes, after the loop without a GC) and GCs during `calls` calls of `body`. */
async function heapOver(calls, body) {
  body(1000);
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 5));
  let gcs = 0;
  const obs = new PerformanceObserver((list) => { gcs += list.getEntries().length; });
  obs.observe({ entryTypes: ['gc'] });
  const before = v8.getHeapStatistics().used_heap_size;
  body(calls);
  const after = v8.getHeapStatistics().used_heap_size;
  await new Promise((r) => setTimeout(r, 5));
  obs.disconnect();
  return { grew: after - before, gcs };
}

test('heap flat over 10^6 upper-case calls (Send, Recv, Sendrecv, Allreduce)', async () => {
  const P = MPI.PROC_NULL;
  const self = MPI.COMM_SELF;
  const a = new Float64Array(1);
  const b = new Float64Array(1);
  const st = new MPI.Status();
  const { grew, gcs } = await heapOver(CALLS, (n) => {
    for (let i = 0; i < n; i += 4) {
      MPI.COMM_WORLD.Send(a, P, 1);
      MPI.COMM_WORLD.Recv(b, P, 1, st);
      MPI.COMM_WORLD.Sendrecv(a, P, 2, b, P, 2);
      self.Allreduce(a, b, MPI.SUM);
    }
  });
  // 1 byte per call would be 1 MB and at least one scavenge; the bound leaves room for JIT code.
  assert.ok(grew < 512 * 1024, `JS heap grew by ${grew} bytes over ${CALLS} calls`);
  assert.ok(gcs <= 1, `${gcs} GCs ran during ${CALLS} calls`);
});

await run();
