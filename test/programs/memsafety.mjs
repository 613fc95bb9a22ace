// Memory safety of pending operations (run with --expose-gc): a buffer handed to a nonblocking or
// persistent operation stays pinned natively whatever JavaScript does to its ArrayBuffer
// (transfer, detach, drop + GC); resizable buffers are refused; a worker that ends with requests
// pending has them ended; requests listed twice; handle ids that do not repeat.
//
// The buffers are 4 MiB: glibc serves them with mmap, so memory freed under a pending operation
// is unmapped and a write to it is a SIGSEGV, not a silent corruption.
import { Worker } from 'node:worker_threads';
import { PerformanceObserver } from 'node:perf_hooks';
import { MPI, assert, run, test, testComms, throwsLike } from './lib/suite.mjs';

assert.equal(typeof globalThis.gc, 'function', 'run with --expose-gc');

const N = 512 * 1024; // doubles: 4 MiB
const world = MPI.COMM_WORLD;

function pattern(seed, n = N) {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i += 4096) a[i] = seed + i;
  a[n - 1] = seed - 1;
  return a;
}

function checkPattern(a, seed) {
  for (let i = 0; i < a.length - 1; i += 4096) if (a[i] !== seed + i) return false;
  return a[a.length - 1] === seed - 1;
}

/** Transfers the memory of `ta` away (its ArrayBuffer is detached) and returns the new owner. */
function transfer(ta) {
  return structuredClone(ta.buffer, { transfer: [ta.buffer] });
}

/** Lets the collector run and hands the freed memory back to the system. */
function churn() {
  globalThis.gc();
  globalThis.gc();
  // Reuse what was freed, so a stale pointer would hit other data (or unmapped pages).
  const junk = [];
  for (let i = 0; i < 2; i++) junk.push(new Float64Array(N).fill(-7));
  return junk.length;
}

function ring(comm) {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  return { rank, left: (rank - 1 + size) % size, right: (rank + 1) % size };
}

// Where the bytes land after a transfer is up to the engine (the new owner's memory, or the old
// memory kept alive by the pin): what is guaranteed is a completed receive and no write elsewhere.
testComms('Irecv: the receive buffer is transferred and kept by its new owner', (comm) => {
  const { rank, left, right } = ring(comm);
  const buf = new Float64Array(N);
  const r = comm.Irecv(buf, left, 31);
  const moved = new Float64Array(transfer(buf));
  assert.equal(buf.length, 0);
  churn();
  comm.Send(pattern(rank), right, 31);
  const st = new MPI.Status();
  r.Wait(st);
  assert.equal(st.Get_count(MPI.DOUBLE), N);
  assert.ok(checkPattern(moved, left) || moved.every((x) => x === 0), 'the new owner has the data or its old bytes');
});

testComms('Irecv: the receive buffer is transferred and dropped, then collected', (comm) => {
  const { left, right } = ring(comm);
  let buf = new Float64Array(N);
  const r = comm.Irecv(buf, left, 32);
  transfer(buf);
  buf = null;
  churn();
  comm.Send(pattern(ring(comm).rank), right, 32);
  const st = new MPI.Status();
  r.Wait(st);
  assert.equal(st.Get_count(MPI.DOUBLE), N);
});

testComms('Isend: the send buffer is transferred and dropped; the receiver gets the data intact', (comm) => {
  const { rank, left, right } = ring(comm);
  const got = new Float64Array(N);
  const rr = comm.Irecv(got, left, 33);
  let out = pattern(rank);
  const sr = comm.Isend(out, right, 33);
  transfer(out);
  out = null;
  churn();
  MPI.Request.Waitall([sr, rr]);
  assert.ok(checkPattern(got, left));
});

testComms('Ibcast: the buffer is transferred on every rank; the root sends intact data', (comm) => {
  const root = comm.Get_size() - 1;
  const buf = comm.Get_rank() === root ? pattern(root) : new Float64Array(N);
  const r = comm.Ibcast(buf, root);
  const moved = new Float64Array(transfer(buf));
  churn();
  r.Wait();
  // The root's bytes were intact in its pinned memory: a receiver holds them in one of its two
  // views of the memory (the bytes land where the pin keeps the memory).
  if (comm.Get_rank() === root) assert.ok(checkPattern(moved, root));
});

testComms('Iallreduce: both buffers transferred while pending', (comm) => {
  const n = 1024 * 1024;
  const s = new Float64Array(n).fill(comm.Get_rank() + 1);
  const d = new Float64Array(n);
  const r = comm.Iallreduce(s, d, MPI.SUM);
  transfer(s);
  transfer(d);
  churn();
  r.Wait();
});

testComms('Recv_init: the buffer is transferred before Start; every Start lands in that memory', (comm) => {
  const { left, right } = ring(comm);
  const buf = new Float64Array(N);
  const p = comm.Recv_init(buf, left, 34);
  transfer(buf);
  churn();
  const st = new MPI.Status();
  for (const seed of [1, 2]) {
    p.Start();
    comm.Send(pattern(seed), right, 34);
    p.Wait(st);
    assert.equal(st.Get_count(MPI.DOUBLE), N);
    churn();
  }
  p.Free();
});

testComms('resizable ArrayBuffers are refused by pending operations; growable SharedArrayBuffers are not', (comm) => {
  const { left, right } = ring(comm);
  const ab = new ArrayBuffer(64, { maxByteLength: 1024 });
  throwsLike(() => comm.Irecv(new Float64Array(ab), left, 35), TypeError, /Irecv.*resizable/);
  throwsLike(() => comm.Isend(new Float64Array(ab), right, 35), TypeError, /Isend.*resizable/);
  throwsLike(() => comm.Recv_init(new Float64Array(ab), left, 35), TypeError, /Recv_init.*resizable/);
  throwsLike(() => comm.Ibcast(new Float64Array(ab), 0), TypeError, /resizable/);
  // Blocking calls run no JavaScript while MPI holds the memory: a resizable buffer is fine there.
  const out = new Float64Array(ab).fill(3);
  const into = new Float64Array(8);
  comm.Sendrecv(out, right, 36, into, left, 36);
  assert.equal(into[7], 3);
  if (typeof SharedArrayBuffer.prototype.grow === 'function') {
    const sab = new SharedArrayBuffer(64, { maxByteLength: 1024 });
    const r = comm.Irecv(new Float64Array(sab), left, 37);
    comm.Send(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), right, 37);
    sab.grow(512);
    r.Wait();
    assert.equal(new Float64Array(sab)[7], 8);
  }
});

const WORKER = new URL('./lib/memsafety-worker.mjs', import.meta.url);

async function workerEnds(mode, tag) {
  const { left, right } = ring(world);
  const w = new Worker(WORKER, { workerData: { left, tag, mode, n: N } });
  const exited = new Promise((resolve) => w.once('exit', resolve));
  await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  if (mode === 'hang') await w.terminate();
  await exited;
  churn();
  world.Barrier();
  // The worker's receive was cancelled when it ended: the main thread receives the message.
  const sr = world.Isend(pattern(world.Get_rank()), right, tag);
  const got = new Float64Array(N);
  world.Recv(got, left, tag);
  sr.Wait();
  assert.ok(checkPattern(got, left));
}

test('a worker that ends with an Irecv pending: it is cancelled, the rank stays usable', () => workerEnds('end', 40));
test('a worker terminated with an Irecv pending: it is cancelled, the rank stays usable', () => workerEnds('hang', 41));

testComms('Waitall/Testall/Waitany/Testany/Waitsome/Testsome with the same request twice', (comm) => {
  const { left, right } = ring(comm);
  for (const call of ['Waitall', 'Testall', 'Waitany', 'Testany', 'Waitsome', 'Testsome']) {
    const got = new Int32Array(1);
    const r = comm.Irecv(got, left, 42);
    comm.Send(Int32Array.of(ring(comm).rank + 5), right, 42);
    let done = false;
    for (let k = 0; k < 1e6 && !done; k++) {
      const out = MPI.Request[call]([r, r]);
      // Testany: [index, flag]; Testsome: the completed indices; Waitany: an index; Testall: a flag
      done = call === 'Testany' ? out[1] === true : out === true || (typeof out === 'number' && out >= 0) || (Array.isArray(out) && out.length > 0);
      if (call === 'Waitall') done = true;
    }
    assert.ok(done, `${call} completed`);
    assert.equal(got[0], left + 5, call);
    assert.equal(r.Test(), true, `${call}: the request is complete`);
  }
  const a = new Int32Array(1);
  const b = new Int32Array(1);
  const ra = comm.Irecv(a, left, 43);
  const rb = comm.Irecv(b, left, 44);
  comm.Send(Int32Array.of(1), right, 43);
  comm.Send(Int32Array.of(2), right, 44);
  const sts = [new MPI.Status(), new MPI.Status(), new MPI.Status()];
  MPI.Request.Waitall([ra, rb, ra], sts);
  assert.deepEqual([a[0], b[0], sts[0].Get_tag(), sts[1].Get_tag(), sts[2].Get_tag()], [1, 2, 43, 44, 43]);
});

testComms('Startall with a request twice, and Start of an active request, are MPI.Exceptions', (comm) => {
  const { left, right } = ring(comm);
  const buf = new Int32Array(1);
  const p = comm.Recv_init(buf, left, 45);
  const s = comm.Send_init(Int32Array.of(9), right, 45);
  throwsLike(() => MPI.Prequest.Startall([p, p, s]), MPI.Exception, /requests\[1\] is requests\[0\] again/);
  MPI.Prequest.Startall([p, s]);
  throwsLike(() => p.Start(), MPI.Exception, /already active/);
  throwsLike(() => MPI.Prequest.Startall([s]), MPI.Exception, /already active/);
  MPI.Request.Waitall([p, s]);
  assert.equal(buf[0], 9);
  p.Start();
  s.Start();
  MPI.Request.Waitall([s, p]);
  p.Free();
  s.Free();
});

// The hot path of a small blocking collective reuses module-level records (src/collective.ts): a
// per-call allocation (a shape object, an arguments array, a keep list) would show as heap growth
// of at least 16 bytes per call. COMM_SELF keeps the loop quick at any size.
function smallCollectives(n) {
  const a = new Float64Array(1), b = new Float64Array(1);
  const self = MPI.COMM_SELF;
  for (let i = 0; i < n; i++) {
    self.Allreduce(a, b, MPI.SUM);
    self.Bcast(a, 0);
    self.Reduce(a, b, MPI.SUM, 0);
  }
}

test('small blocking collectives allocate nothing per call (Allreduce, Bcast, Reduce)', async () => {
  const calls = 50000;
  for (let k = 0; k < 4; k++) smallCollectives(calls / 10); // compiled before measuring
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  let collections = 0;
  const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  smallCollectives(calls);
  const grown = process.memoryUsage().heapUsed - before;
  await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries are delivered asynchronously
  observer.disconnect();
  // 3 × 50000 calls: 16 bytes per call would be 2.4 MB, seen as growth or as a collection.
  assert.ok(grown < 256 * 1024 && collections === 0, `the heap grew by ${grown} bytes and was collected ${collections} time(s) over ${3 * calls} calls`);
});

test('handle ids do not repeat: a stale irecv on a freed communicator never takes a new one\'s message', () => {
  const { left, right } = ring(world);
  const c = world.Dup();
  const stale = c.irecv(left, 46);
  c.Free();
  // Open MPI and MPICH reuse the freed slot; the old 9-bit generation repeated after 512 cycles.
  for (let k = 0; k < 1023; k++) MPI.COMM_SELF.Dup().Free(); // d then has the generation c had, mod 512
  const d = world.Dup();
  const sr = d.isend('fresh', right, 46);
  let stolen = false;
  try {
    const [done] = stale.test();
    stolen = done;
  } catch (e) {
    assert.ok(e instanceof MPI.Exception, String(e));
  }
  assert.equal(stolen, false, 'the stale irecv did not receive');
  assert.equal(d.recv(left, 46), 'fresh');
  sr.wait();
  d.Free();
});

await run();
