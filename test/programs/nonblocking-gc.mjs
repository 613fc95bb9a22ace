// Memory safety of pending operations (run with --expose-gc): buffers referenced only by a
// pending request survive garbage collection and receive the right data; a Request dropped
// before completion is reported (not a crash) and its buffer kept; requests still pending at
// exit do not hang MPI_Finalize.
// Built-in modules load before MPI_Init (importing the suite initializes MPI): two runs under
// MPICH+UCX with --expose-gc crashed compiling a lazily loaded built-in after init.
import { setTimeout as sleep } from 'node:timers/promises';
import 'node:assert/strict';
import { MPI, assert, test, testComms, run } from './lib/suite.mjs';

assert.equal(typeof globalThis.gc, 'function', 'run with --expose-gc');
const warnings = [];
process.on('warning', (w) => warnings.push(w));

async function collect() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await sleep(10);
  }
}

testComms('buffers held only by pending requests survive GC', async (comm) => {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const dest = (rank + 1) % size;
  const source = (rank + size - 1) % size;
  const N = 40;
  const refs = [];
  const reqs = [];
  for (let i = 0; i < N; i++) {
    const buf = new Float64Array(5000);
    refs.push(new WeakRef(buf));
    reqs.push(comm.Irecv(buf, source, i));
  }
  const objs = [comm.irecv(source, 1000), comm.irecv(source, 1001)];
  await collect();
  assert.ok(refs.every((r) => r.deref() !== undefined), 'receive buffers are alive while pending');
  comm.Barrier();
  const sends = [];
  for (let i = 0; i < N; i++) sends.push(comm.Isend(new Float64Array(5000).fill(rank * 100 + i), dest, i));
  sends.push(comm.isend({ big: new Float64Array(20000).fill(rank) }, dest, 1000));
  sends.push(comm.Isend(new Uint8Array(1 << 20).fill(7), MPI.PROC_NULL, 0));
  await collect();
  sends.push(comm.isend('tail', dest, 1001));
  const got = await MPI.Request.all(objs);
  MPI.Request.Waitall(reqs);
  for (let i = 0; i < N; i++) {
    const b = refs[i].deref();
    assert.ok(b !== undefined);
    assert.equal(b[0], source * 100 + i);
    assert.equal(b[4999], source * 100 + i);
  }
  assert.equal(got[0].big[19999], source);
  assert.equal(got[1], 'tail');
  await MPI.Request.all(sends);
});

test('a Request dropped before completion is reported; its buffer stays alive', async () => {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  let ref;
  (() => {
    const buf = new Int32Array(1000);
    ref = new WeakRef(buf);
    comm.Irecv(buf, (rank + size - 1) % size, 77); // never waited
  })();
  await collect();
  await sleep(50);
  await collect();
  assert.ok(warnings.some((w) => w.code === 'MPI4JS_REQUEST_DROPPED'), 'the dropped request was reported');
  assert.ok(ref.deref() !== undefined, 'its buffer is kept while MPI may write to it');
  comm.Barrier();
  comm.Isend(new Int32Array(1000).fill(rank), (rank + 1) % size, 77).Wait();
  await comm.Ibarrier();
  assert.equal(ref.deref()?.[999] ?? (rank + size - 1) % size, (rank + size - 1) % size);
});

test('requests still pending at exit do not hang finalize', () => {
  const comm = MPI.COMM_WORLD;
  comm.Irecv(new Float64Array(8), MPI.ANY_SOURCE, 4242);
  comm.irecv(MPI.ANY_SOURCE, 4243);
  const p = comm.Recv_init(new Float64Array(8), MPI.ANY_SOURCE, 4244);
  p.Start();
  comm.Send_init(new Float64Array(8), 0, 4245);
  comm.Barrier();
});

await run();
