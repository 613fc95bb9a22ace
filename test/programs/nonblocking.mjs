// Nonblocking point to point and Requests on any communicator and any size: every send mode,
// promises (await, Request.all), lower-case objects, thousands of outstanding requests,
// out-of-order completion, cancellation, Test*/Wait* semantics, persistent requests, errors.
import { MPI, assert, test, testComms, throwsLike, run } from './lib/suite.mjs';
import { SERIALIZERS, checkCyclic, checkLargeArrays, checkValue, cyclic, withLargeArrays, withSerializer } from './lib/values.mjs';

function ring(comm) {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  return { rank, size, dest: (rank + 1) % size, source: (rank + size - 1) % size };
}

const fillF64 = (n, seed) => Float64Array.from({ length: n }, (_, i) => seed * 1000 + i);

testComms('Isend/Irecv ring, Wait with status, every typed-array kind', (comm) => {
  const { rank, dest, source } = ring(comm);
  for (const Kind of [Float64Array, Float32Array, Int8Array, Uint8Array, Int16Array, Int32Array, Uint32Array, BigInt64Array]) {
    const big = Kind === BigInt64Array;
    const out = Kind.from({ length: 9 }, (_, i) => (big ? BigInt(rank * 10 + i) : rank * 10 + i));
    const got = new Kind(9);
    const r = comm.Irecv(got, source, 5);
    const s = comm.Isend(out, dest, 5);
    const st = new MPI.Status();
    assert.equal(r.Wait(st), true);
    s.Wait();
    assert.equal(st.source, source);
    assert.equal(st.tag, 5);
    assert.equal(st.Get_count(), out.byteLength);
    assert.deepEqual(got, Kind.from({ length: 9 }, (_, i) => (big ? BigInt(source * 10 + i) : source * 10 + i)));
    assert.equal(r.is_null, true);
  }
});

testComms('Issend, Irsend, Ibsend with Attach_buffer / Detach_buffer, Bsend, spec forms', (comm) => {
  const { rank, dest, source } = ring(comm);
  // Issend
  let got = new Int32Array(4);
  let r = comm.Irecv([got, MPI.INT32_T], source, 1);
  comm.Issend([Int32Array.of(rank, 1, 2, 3), MPI.INT32_T], dest, 1).Wait();
  r.Wait();
  assert.deepEqual(Array.from(got), [source, 1, 2, 3]);
  // Irsend: the receive is posted before the barrier, the ready send after it
  got = new Int32Array(4);
  r = comm.Irecv([got, [2, 1], MPI.INT32_T], { source, tag: 2 });
  comm.Barrier();
  comm.Irsend([Int32Array.of(9, rank, 7, 9), [2, 1], MPI.INT32_T], { dest, tag: 2 }).Wait();
  r.Wait();
  assert.deepEqual(Array.from(got), [0, source, 7, 0]);
  // Ibsend and Bsend through an attached buffer
  const attach = new Uint8Array(4096 + 4 * MPI.BSEND_OVERHEAD);
  MPI.Attach_buffer(attach);
  throwsLike(() => MPI.Buffer_attach(new Uint8Array(64)), Error, /already attached/);
  got = new Int32Array(3);
  r = comm.Irecv(got, source, 3);
  const b = comm.Ibsend(Int32Array.of(rank, rank, rank), dest, 3);
  b.Wait();
  r.Wait();
  assert.deepEqual(Array.from(got), [source, source, source]);
  const got2 = new Float64Array(2);
  const r2 = comm.Irecv(got2, source, 4);
  comm.Bsend(Float64Array.of(rank, -rank), dest, 4);
  r2.Wait();
  assert.deepEqual(Array.from(got2), [source, -source]);
  assert.equal(MPI.Detach_buffer(), attach);
  assert.equal(MPI.Buffer_detach(), null);
});

testComms('await: Irecv resolves to a Status, irecv to the object, Request.all', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const got = new Float64Array(3);
  const r = comm.Irecv(got, MPI.ANY_SOURCE, 11);
  const s = comm.Isend(fillF64(3, rank), dest, 11);
  const st = await r;
  assert.ok(st instanceof MPI.Status);
  assert.equal(st.source, source);
  assert.equal(st.tag, 11);
  assert.equal(st.Get_count(MPI.DOUBLE), 3);
  assert.deepEqual(got, fillF64(3, source));
  assert.ok((await s) instanceof MPI.Status);
  // objects
  const o = comm.irecv(source, 12);
  const os = comm.isend({ from: rank, list: [1, 2n, 'x'], m: new Map([[1, 2]]) }, dest, 12);
  assert.deepEqual(await o, { from: source, list: [1, 2n, 'x'], m: new Map([[1, 2]]) });
  assert.equal(await os, undefined);
  // awaiting again gives the same result
  assert.deepEqual((await o).from, source);
  // Request.all mixes buffers and objects
  const bufs = [new Int32Array(2), new Int32Array(2)];
  const all = await MPI.Request.all([
    comm.Irecv(bufs[0], source, 13), comm.irecv(source, 14), comm.Irecv(bufs[1], source, 15),
    comm.Isend(Int32Array.of(rank, 1), dest, 13), comm.isend(`hello ${rank}`, dest, 14), comm.Isend(Int32Array.of(rank, 2), dest, 15),
  ]);
  assert.equal(all[1], `hello ${source}`);
  assert.equal(all[0].tag, 13);
  assert.deepEqual(bufs.map((b) => Array.from(b)), [[source, 1], [source, 2]]);
  // an async function can return a request: the caller awaits its result
  const f = async () => comm.irecv(source, 16);
  comm.isend(42, dest, 16);
  assert.equal(await f(), 42);
  // REQUEST_NULL and a completed request resolve at once
  assert.ok((await MPI.REQUEST_NULL) instanceof MPI.Status);
  // then/catch/finally
  const p = comm.irecv(source, 17).then((v) => v * 2);
  comm.isend(21, dest, 17);
  assert.equal(await p, 42);
});

testComms('isend/irecv with each built-in serializer: every value kind, cycles, large typed arrays', async (comm) => {
  const { rank, dest, source } = ring(comm);
  for (const [name, values] of SERIALIZERS) {
    await withSerializer(name, async () => {
      const r = comm.irecv(source, 30);
      const s = comm.isend(values(), dest, 30);
      const got = await r;
      values().forEach((v, i) => checkValue(got[i], v, `${name} irecv #${i}`));
      await s;
      if (name === 'json') return;
      const [c, l, ...sent] = await MPI.Request.all([comm.irecv(source, 31), comm.irecv(source, 32),
        comm.isend(cyclic(), dest, 31), comm.isend(withLargeArrays(rank), dest, 32)]);
      checkCyclic(c, `${name} irecv`);
      checkLargeArrays(l, source, `${name} irecv (isend)`);
      assert.deepEqual(sent, [undefined, undefined]);
    });
  }
});

testComms('lower-case: wait, test loop, waitall, testall, irecv from ANY_SOURCE/ANY_TAG, options', (comm) => {
  const { rank, dest, source } = ring(comm);
  const r = comm.irecv({ source, tag: 21 });
  comm.isend({ rank }, { dest, tag: 21 });
  let flag = false;
  let obj;
  while (!flag) [flag, obj] = r.test();
  assert.deepEqual(obj, { rank: source });
  const reqs = [comm.irecv(MPI.ANY_SOURCE, 22), comm.isend([rank, 'a'], dest, 22)];
  const objs = MPI.Request.waitall(reqs);
  assert.deepEqual(objs, [[source, 'a'], undefined]);
  const st = new MPI.Status();
  const r2 = comm.irecv(MPI.ANY_SOURCE, MPI.ANY_TAG);
  comm.issend('sync', dest, 23).Wait();
  assert.equal(r2.wait(st), 'sync');
  assert.equal(st.source, source);
  assert.equal(st.tag, 23);
  const r3 = [comm.irecv(source, 24)];
  comm.isend(3, dest, 24);
  let res;
  do res = MPI.Request.testall(r3); while (!res[0]);
  assert.deepEqual(res[1], [3]);
  // PROC_NULL completes at once with undefined
  assert.equal(comm.irecv(MPI.PROC_NULL).wait(), undefined);
});

testComms('lower-case irecvs complete in posting order (matching order kept)', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const reqs = [];
  for (let i = 0; i < 5; i++) reqs.push(comm.irecv(source, 31));
  const wild = comm.irecv(MPI.ANY_SOURCE, MPI.ANY_TAG);
  for (let i = 0; i < 5; i++) comm.isend([rank, i], dest, 31);
  comm.isend('last', dest, 32);
  // complete them backwards: each still gets the message MPI would have matched to it
  assert.equal(await wild, 'last');
  for (let i = 4; i >= 0; i--) assert.deepEqual(await reqs[i], [source, i]);
});

testComms('thousands of outstanding requests (Waitall and Request.all)', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const N = 2000;
  const recv = new Int32Array(N);
  const reqs = [];
  for (let i = 0; i < N; i++) reqs.push(comm.Irecv([recv, [1, i], MPI.INT32_T], source, i));
  for (let i = 0; i < N; i++) reqs.push(comm.Isend(Int32Array.of(rank * N + i), dest, i));
  const statuses = [];
  MPI.Request.Waitall(reqs, statuses);
  assert.equal(statuses.length, 2 * N);
  assert.equal(statuses[7].tag, 7);
  for (let i = 0; i < N; i++) assert.equal(recv[i], source * N + i);
  assert.ok(reqs.every((r) => r.is_null));
  // the same with promises
  const recv2 = new Int32Array(N);
  const reqs2 = [];
  for (let i = 0; i < N; i++) reqs2.push(comm.Irecv([recv2, [1, i], MPI.INT32_T], source, i));
  for (let i = N - 1; i >= 0; i--) reqs2.push(comm.Isend(Int32Array.of(-(rank * N + i)), dest, i));
  const sts = await MPI.Request.all(reqs2);
  assert.equal(sts[N - 1].tag, N - 1);
  for (let i = 0; i < N; i++) assert.equal(recv2[i], -(source * N + i) | 0);
});

testComms('out-of-order completion: Waitany, Waitsome, awaiting in any order', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const n = 8;
  const bufs = Array.from({ length: n }, () => new Int32Array(1));
  const reqs = bufs.map((b, i) => comm.Irecv(b, source, 40 + i));
  const sends = [];
  for (let i = n - 1; i >= 0; i--) sends.push(comm.Isend(Int32Array.of(rank * 100 + i), dest, 40 + i));
  const seen = new Set();
  const st = new MPI.Status();
  for (let k = 0; k < n / 2; k++) {
    const i = MPI.Request.Waitany(reqs, st);
    assert.ok(i >= 0 && i < n && !seen.has(i));
    assert.equal(st.tag, 40 + i);
    seen.add(i);
  }
  while (seen.size < n) {
    const statuses = [];
    const idx = MPI.Request.Waitsome(reqs, statuses);
    assert.ok(idx.length > 0);
    idx.forEach((i, k) => {
      assert.ok(!seen.has(i));
      assert.equal(statuses[k].tag, 40 + i);
      seen.add(i);
    });
  }
  assert.equal(MPI.Request.Waitany(reqs), MPI.UNDEFINED);
  assert.equal(MPI.Request.Waitsome(reqs), null);
  bufs.forEach((b, i) => assert.equal(b[0], source * 100 + i));
  MPI.Request.Waitall(sends);
  // promises awaited in reverse posting order
  const rb = Array.from({ length: n }, () => new Int32Array(1));
  const rr = rb.map((b, i) => comm.Irecv(b, source, 60 + i));
  const ss = rb.map((_, i) => comm.Isend(Int32Array.of(i), dest, 60 + i));
  for (let i = n - 1; i >= 0; i--) assert.equal((await rr[i]).tag, 60 + i);
  await MPI.Request.all(ss);
  rb.forEach((b, i) => assert.equal(b[0], i));
});

testComms('Test, Testany, Testsome, Testall, Get_status semantics', (comm) => {
  const { rank, dest, source } = ring(comm);
  const got = new Float64Array(1);
  const r = comm.Irecv(got, source, 70);
  // the peer sends only after the barrier: nothing can have arrived yet
  assert.equal(r.Test(), false);
  assert.equal(r.Get_status(), false);
  assert.deepEqual(MPI.Request.Testany([r]), [MPI.UNDEFINED, false]);
  assert.deepEqual(MPI.Request.Testsome([r]), []);
  assert.equal(MPI.Request.Testall([r]), false);
  assert.equal(r.is_null, false);
  comm.Barrier();
  const s = comm.Isend(Float64Array.of(rank + 0.5), dest, 70);
  while (!r.Get_status()) { /* spin: Get_status does not complete it */ }
  assert.equal(r.is_null, false);
  const st = new MPI.Status();
  assert.equal(r.Test(st), true);
  assert.equal(st.source, source);
  assert.equal(r.is_null, true);
  assert.equal(got[0], source + 0.5);
  // null requests: Test is true, Testany UNDEFINED, Testsome null, Testall true
  assert.equal(r.Test(), true);
  assert.deepEqual(MPI.Request.Testany([r, MPI.REQUEST_NULL]), [MPI.UNDEFINED, true]);
  assert.equal(MPI.Request.Testsome([r]), null);
  assert.equal(MPI.Request.Testall([r, MPI.REQUEST_NULL]), true);
  assert.equal(MPI.Request.Testall([]), true);
  s.Wait();
  // Testany / Testsome on mixed lists complete what arrived
  const a = comm.irecv(source, 71);
  const b = comm.Irecv(new Int32Array(1), source, 72);
  comm.Barrier();
  comm.isend('x', dest, 71);
  comm.Isend(Int32Array.of(1), dest, 72).Wait();
  const done = new Set();
  while (done.size < 2) for (const i of MPI.Request.Testsome([a, b]) ?? []) done.add(i);
  assert.equal(a.wait(), 'x');
});

testComms('Cancel an unmatched Irecv / irecv: Wait, Is_cancelled', async (comm) => {
  const r = comm.Irecv(new Float64Array(4), MPI.ANY_SOURCE, 999);
  r.Cancel();
  const st = new MPI.Status();
  r.Wait(st);
  assert.equal(st.Is_cancelled(), true);
  assert.equal(r.is_null, true);
  const r2 = comm.Irecv(new Float64Array(4), MPI.ANY_SOURCE, 998);
  r2.Cancel();
  assert.equal((await r2).Is_cancelled(), true);
  const o = comm.irecv(MPI.ANY_SOURCE, 997);
  o.Cancel();
  const st2 = new MPI.Status();
  assert.equal(o.wait(st2), undefined);
  assert.equal(st2.Is_cancelled(), true);
  // a cancelled request does not steal a later message
  const { rank, dest, source } = ring(comm);
  const ok = comm.irecv(source, 996);
  comm.isend(rank, dest, 996);
  assert.equal(await ok, source);
});

testComms('persistent requests restarted many times (Start, Startall, await)', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const out = new Float64Array(16);
  const got = new Float64Array(16);
  const recv = comm.Recv_init(got, source, 80);
  const send = comm.Send_init(out, dest, 80);
  assert.ok(recv instanceof MPI.Prequest);
  for (let it = 0; it < 300; it++) {
    out.fill(rank * 1000 + it);
    MPI.Prequest.Startall([recv, send]);
    MPI.Request.Waitall([recv, send]);
    assert.equal(got[15], source * 1000 + it);
    assert.equal(recv.is_null, false);
  }
  for (let it = 0; it < 50; it++) {
    out.fill(-it);
    recv.Start();
    send.Start();
    const st = await recv;
    await send;
    assert.equal(st.source, source);
    assert.equal(got[0], -it);
  }
  // an inactive persistent request tests complete
  assert.equal(recv.Test(), true);
  const ss = comm.Ssend_init(out, dest, 81);
  const rr = comm.Recv_init(got, source, 81);
  rr.Start();
  ss.Start();
  MPI.Request.Waitall([ss, rr]);
  for (const p of [recv, send, ss, rr]) p.Free();
  throwsLike(() => recv.Start(), Error, /freed/);
});

testComms('a failed request rejects with MPI.Exception (truncation)', async (comm) => {
  const { rank, dest, source, size } = ring(comm);
  // Open MPI 4.1's self transport truncates a self-message without reporting MPI_ERR_TRUNCATE.
  if (size === 1 && MPI.Get_library_version().includes('Open MPI')) return;
  const r = comm.Irecv(new Float64Array(1), source, 90);
  const s = comm.Isend(fillF64(10, rank), dest, 90);
  await assert.rejects(Promise.resolve(r), (e) => e instanceof MPI.Exception && e.error_class === MPI.ERR_TRUNCATE);
  await s;
  const r2 = comm.Irecv(new Float64Array(1), source, 91);
  comm.Isend(fillF64(10, rank), dest, 91).Wait();
  throwsLike(() => r2.Wait(), MPI.Exception);
  assert.equal(r2.is_null, true);
});

testComms('a pending failed request rejects too (truncation found by the event-loop poller)', async (comm) => {
  const { rank, dest, source, size } = ring(comm);
  if (size === 1 && MPI.Get_library_version().includes('Open MPI')) return;
  // The receive is awaited long before the message is sent: completion comes from a later sweep.
  const r = comm.Irecv(new Float64Array(1), source, 92).then(() => 'resolved', (e) => e);
  await new Promise((res) => setTimeout(res, 30));
  const s = comm.Isend(fillF64(10, rank), dest, 92);
  const e = await r;
  assert.ok(e instanceof MPI.Exception && e.error_class === MPI.ERR_TRUNCATE, String(e));
  await s;
});

testComms('a request awaited for long: timers and immediates run meanwhile, every back-off stage', async (comm) => {
  const { rank, dest, source } = ring(comm);
  // The data this rank awaits is sent only after `source` got this rank's "go", sent from a timer
  // of this rank: it can only arrive if timers run during the await. Each rank waits 60 ms more
  // before sending its data, so the waiting rank passes the spin, immediate and timer stages.
  const got = new Int32Array(1);
  const goFromDest = comm.Irecv(new Int32Array(1), dest, 31);
  const data = comm.Irecv(got, source, 32);
  let immediates = 0;
  let waiting = true;
  const spin = () => {
    immediates++;
    if (waiting) setImmediate(spin);
  };
  setImmediate(spin);
  let go = null;
  setTimeout(() => {
    go = comm.Isend(Int32Array.of(rank), source, 31);
  }, 10);
  const sent = goFromDest.then(() => new Promise((res) => setTimeout(res, 60))).then(() => comm.Isend(Int32Array.of(rank + 100), dest, 32));
  const st = await data;
  waiting = false;
  assert.equal(got[0], source + 100);
  assert.equal(st.source, source);
  assert.equal(st.tag, 32);
  assert.ok(immediates > 1, `setImmediate callbacks while waiting: ${immediates}`);
  assert.ok(go !== null);
  await go;
  await (await sent);
});

testComms('many requests awaited at once, completed a few at a time from timers (all, race, each)', async (comm) => {
  const { rank, dest, source } = ring(comm);
  const N = 300;
  const recv = new Int32Array(N);
  const reqs = [];
  for (let i = 0; i < N; i++) reqs.push(comm.Irecv([recv, [1, i], MPI.INT32_T], source, 1000 + i));
  const all = MPI.Request.all(reqs);
  const first = MPI.Request.race(reqs);
  const order = [];
  const each = reqs.map((r, i) => r.then((st) => {
    order.push(i);
    return st.tag;
  }));
  const sends = [];
  for (let k = 0; k < 10; k++) {
    await new Promise((res) => setTimeout(res, 2 + k));
    for (let i = k * 30; i < (k + 1) * 30; i++) sends.push(comm.Isend(Int32Array.of(rank * N + i), dest, 1000 + i));
  }
  const sts = await all;
  assert.equal(sts.length, N);
  for (let i = 0; i < N; i++) {
    assert.equal(sts[i].tag, 1000 + i);
    assert.equal(recv[i], source * N + i);
  }
  // The first to complete need not be request 0: a request whose message is already there
  // completes inside its own then(), before the sweep that completes the earlier ones.
  const winner = await first;
  assert.ok(winner.tag >= 1000 && winner.tag < 1000 + N, `race: tag ${winner.tag}`);
  assert.equal(winner, sts[winner.tag - 1000]);
  assert.deepEqual(await Promise.all(each), reqs.map((_, i) => 1000 + i));
  assert.equal(order.length, N);
  assert.ok(reqs.every((r) => r.is_null));
  await MPI.Request.all(sends);
});

test('awaits in worker threads: each environment has its own progress timer; a worker ends while one is armed', async () => {
  const { Worker } = await import('node:worker_threads');
  const url = new URL('./lib/await-worker.mjs', import.meta.url);
  const done = (w) => new Promise((resolve, reject) => {
    let msg = null;
    w.on('message', (m) => (msg = m));
    w.on('error', reject);
    w.on('exit', (code) => resolve({ code, msg }));
  });
  // Two workers at once, plus an await on the main thread meanwhile.
  const workers = [new Worker(url, { workerData: { mode: 'await' } }), new Worker(url, { workerData: { mode: 'await' } })];
  const comm = MPI.COMM_SELF.Dup();
  const r = comm.Irecv(new Int32Array(1), 0, 5);
  setTimeout(() => comm.Isend(Int32Array.of(5), 0, 5), 40);
  const results = await Promise.all(workers.map(done));
  await r;
  for (const res of results) {
    assert.equal(res.code, 0);
    assert.deepEqual(res.msg, { ok: true, got: [7, 8, 9] });
  }
  // A worker terminated while it awaits a message that never comes (its progress timer armed).
  const w = new Worker(url, { workerData: { mode: 'hang' } });
  const ended = done(w);
  // (its pending Irecv is cancelled at exit, with the usual one-line warning on stderr)
  await new Promise((resolve) => w.once('message', resolve));
  await new Promise((res) => setTimeout(res, 3));
  await w.terminate();
  assert.equal((await ended).code, 1);
  comm.Free();
});

testComms('errors: freed requests, wrong types name the method and argument', async (comm) => {
  const { dest } = ring(comm);
  const r = comm.Irecv(new Uint8Array(1), MPI.ANY_SOURCE, 1234);
  r.Cancel();
  r.Wait();
  const p = comm.Recv_init(new Uint8Array(1), 0, 1235);
  p.Free();
  throwsLike(() => p.Wait(), Error, /Request.Wait: the Request has been freed/);
  throwsLike(() => p.Test(), Error, /freed/);
  throwsLike(() => p.Free(), Error, /freed/);
  throwsLike(() => MPI.Request.Waitall([p]), Error, /Request.Waitall: requests\[0\] has been freed/);
  await assert.rejects(Promise.resolve(p), /freed/);
  throwsLike(() => MPI.REQUEST_NULL.Free(), Error, /REQUEST_NULL/);
  throwsLike(() => comm.Isend('text', dest), TypeError, /Comm.Isend: argument 'buf'/);
  throwsLike(() => comm.Isend(new Uint8Array(1), 'x'), TypeError, /Comm.Isend: argument 'dest'/);
  throwsLike(() => comm.Irecv(new Uint8Array(1), 0, 1.5), TypeError, /Comm.Irecv: argument 'tag'/);
  throwsLike(() => comm.Irecv(42), TypeError, /Comm.Irecv: argument 'buf'/);
  throwsLike(() => comm.Send_init([new Uint8Array(4), 8, MPI.BYTE], dest), RangeError, /Comm.Send_init: argument 'buf'/);
  throwsLike(() => comm.irecv('a'), TypeError, /Comm.irecv: argument 'source'/);
  throwsLike(() => comm.isend(1, { dest, bogus: 1 }), TypeError, /Comm.isend: unexpected option 'bogus'/);
  throwsLike(() => MPI.Request.Waitall('x'), TypeError, /Request.Waitall: argument 'requests'/);
  throwsLike(() => MPI.Request.Testany([1]), TypeError, /Request.Testany: argument 'requests\[0\]'/);
  throwsLike(() => MPI.Request.Waitall([], 5), TypeError, /Request.Waitall: argument 'statuses'/);
  throwsLike(() => MPI.REQUEST_NULL.Wait(5), TypeError, /Request.Wait: argument 'status'/);
  throwsLike(() => MPI.Prequest.Startall([MPI.REQUEST_NULL]), TypeError, /Prequest.Startall: argument 'requests\[0\]'/);
  throwsLike(() => MPI.Request.prototype.Wait.call({}), TypeError, /Request.Wait/);
  throwsLike(() => MPI.Attach_buffer('x'), TypeError, /MPI.Attach_buffer: argument 'buf'/);
  throwsLike(() => MPI.COMM_NULL.Isend(new Uint8Array(1), 0), Error, /COMM_NULL/);
});

testComms('Ibarrier and ibarrier', async (comm) => {
  const r = comm.Ibarrier();
  assert.ok((await r) instanceof MPI.Status);
  assert.equal(await comm.ibarrier(), undefined);
  const reqs = [comm.Ibarrier(), comm.Ibarrier()];
  MPI.Request.Waitall(reqs);
});

test('the event loop runs while a promise waits (HTTP server on rank 0)', async () => {
  const comm = MPI.COMM_WORLD;
  const { rank, size } = ring(comm);
  const http = await import('node:http');
  const payload = new Float64Array(4);
  if (rank === 0) {
    const server = http.createServer((req, res) => res.end(`pong ${req.url}`));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const t0 = Date.now();
    let arrived = 0;
    if (size === 1) setTimeout(() => comm.Isend(Float64Array.of(1, 2, 3, 4), 0, 500), 2000);
    const wait = comm.Irecv(payload, size === 1 ? 0 : 1, 500).then((st) => {
      arrived = Date.now();
      return st;
    });
    let ticks = 0;
    const tick = setInterval(() => ticks++, 50);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const body = await new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: `/${i}` }, (res) => {
          let s = '';
          res.on('data', (d) => (s += d));
          res.on('end', () => resolve(s));
        }).on('error', reject);
      });
      answers.push([body, Date.now()]);
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpu0 = process.cpuUsage();
    const t1 = Date.now();
    const st = await wait;
    const cpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
    clearInterval(tick);
    server.close();
    assert.deepEqual(answers.map((a) => a[0]), ['pong /0', 'pong /1', 'pong /2']);
    assert.ok(answers.every((a) => a[1] < arrived), 'the server answered before the message arrived');
    assert.ok(arrived - t0 >= 1500, `message arrived after ${arrived - t0} ms`);
    assert.ok(ticks >= 10, `interval ticks while waiting: ${ticks}`);
    assert.equal(st.source, size === 1 ? 0 : 1);
    assert.deepEqual(Array.from(payload), [1, 2, 3, 4]);
    process.stdout.write(`MPI4JS-NOTE {"idleCpuMs":${cpuMs.toFixed(1)},"waitMs":${Date.now() - t1}}\n`);
  } else if (rank === 1) {
    await new Promise((r) => setTimeout(r, 2000));
    comm.Send(Float64Array.of(1, 2, 3, 4), 0, 500);
  }
  comm.Barrier();
});

await run();
