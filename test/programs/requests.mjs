// Nonblocking calls of issue #17's long tail: Comm.Idup / Idup_with_info, Comm.Isendrecv /
// Isendrecv_replace (MPI-4.0), Message.Irecv / irecv (MPI_Imrecv), MPI.Grequest (generalized requests). The MPI-4.0 calls are an
// MPI.Exception of class ERR_UNSUPPORTED_OPERATION on an MPI-3 library (Open MPI 4.1).
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const MPI4 = MPI.Get_version()[0] >= 4;

function ring(comm) {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  return { rank, size, dest: (rank + 1) % size, source: (rank + size - 1) % size };
}

const unsupported = (e) => e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_UNSUPPORTED_OPERATION;

testComms('Idup: [newcomm, request] as mpi4py; the communicator is used after the request completes', async (comm) => {
  const [dup, req] = comm.Idup();
  assert.ok(req instanceof MPI.Request);
  assert.equal(dup.constructor, comm.constructor);
  // before completion MPI must not see it (both libraries crashed): an MPI.Exception
  throwsLike(() => dup.Get_rank(), MPI.Exception, /^Comm\.Get_rank: the Comm is not usable until its Idup request completes/);
  throwsLike(() => dup.allreduce(1), MPI.Exception, /not usable until its Idup request completes/);
  throwsLike(() => dup.Free(), MPI.Exception, /not usable until its Idup request completes/);
  req.Wait();
  assert.ok(req.is_null);
  assert.equal(dup.size, comm.size);
  assert.equal(dup.rank, comm.rank);
  assert.equal(comm.Compare(dup), MPI.CONGRUENT);
  assert.equal(dup.allreduce(1), comm.size);
  const { rank, dest, source } = ring(dup);
  assert.equal(dup.sendrecv(rank, dest, 1, source, 1), source);
  // awaited, and two pending at once
  const [a, ra] = dup.Idup();
  const [b, rb] = comm.Idup(null);
  await Promise.all([ra, rb]);
  assert.equal(a.bcast(a.rank === 0 ? 'x' : null, 0), 'x');
  assert.equal(b.Compare(comm), MPI.CONGRUENT);
  a.Free();
  b.Free();
  dup.Free();
  // completed by Waitall / a Test loop
  const [e, re] = comm.Idup();
  MPI.Request.Waitall([re]);
  assert.equal(e.size, comm.size);
  e.Free();
  const [f, rf] = comm.Idup();
  while (!rf.Test());
  assert.equal(f.rank, comm.rank);
  f.Free();
  // with hints: MPI_Comm_idup_with_info (MPI-4.0)
  if (MPI4) {
    const [c, rc] = comm.Idup({ mpi_assert_no_any_tag: 'false' });
    await rc;
    assert.equal(c.allreduce(2), 2 * comm.size);
    c.Free();
    const info = MPI.Info.Create();
    const [d, rd] = comm.Idup_with_info(info);
    rd.Wait();
    info.Free();
    assert.equal(d.size, comm.size);
    d.Free();
  } else {
    assert.throws(() => comm.Idup_with_info({}), unsupported);
    assert.throws(() => comm.Idup({ a: 'b' }), unsupported);
  }
  throwsLike(() => comm.Idup_with_info(5), TypeError, /Comm\.Idup_with_info: argument 'info'/);
  throwsLike(() => MPI.COMM_NULL.Idup(), MPI.Exception, /Idup/);
});

testComms('Isendrecv and Isendrecv_replace (MPI-4.0): ring values, status, await, buffers pinned', async (comm) => {
  const { rank, dest, source } = ring(comm);
  if (!MPI4) {
    assert.throws(() => comm.Isendrecv(Int32Array.of(rank), dest, 5, new Int32Array(1), source, 5), unsupported);
    assert.throws(() => comm.Isendrecv_replace(Int32Array.of(rank), dest, 5, source, 5), unsupported);
  } else {
    const r = new Int32Array(3);
    const req = comm.Isendrecv(Int32Array.of(rank, 2 * rank, 7), dest, 5, r, source, 5);
    assert.ok(req instanceof MPI.Request);
    // (MPICH 4.0 leaves the status of an Isendrecv request unset: not checked)
    req.Wait(new MPI.Status());
    assert.deepEqual([...r], [source, 2 * source, 7]);
    // options form, awaited; a buffer specification
    const r2 = new Float64Array(4);
    await comm.Isendrecv([Float64Array.of(rank, rank + 0.5), 2, MPI.DOUBLE], { dest, sendtag: 6, recvbuf: [r2, 2, MPI.DOUBLE], source, recvtag: 6 });
    assert.deepEqual([...r2], [source, source + 0.5, 0, 0]);
    // recvbuf null receives nothing (a message with no data)
    await comm.Isendrecv(new Int32Array(0), dest, 7, null, source, 7);
    // replace
    const buf = Float64Array.of(rank + 0.25, -1);
    const rq = comm.Isendrecv_replace(buf, dest, 8, source, 8);
    rq.Wait();
    assert.deepEqual([...buf], [source + 0.25, -1]);
    const buf2 = Int32Array.of(rank * 3);
    await comm.Isendrecv_replace(buf2, { dest, sendtag: 9, source, recvtag: 9 });
    assert.equal(buf2[0], source * 3);
    // the receive memory is pinned: transferred while pending, the data lands where the new owner sees it
    const rr = new Int32Array(2);
    const pending = comm.Isendrecv(Int32Array.of(rank, 11), dest, 10, rr, source, 10);
    const moved = structuredClone(rr.buffer, { transfer: [rr.buffer] });
    assert.equal(rr.byteLength, 0);
    await pending;
    assert.deepEqual([...new Int32Array(moved)], [source, 11]);
  }
  throwsLike(() => comm.Isendrecv('x', dest), TypeError, /^Comm\.Isendrecv: argument 'sendbuf'/);
  throwsLike(() => comm.Isendrecv(new Int32Array(1), 'a'), TypeError, /^Comm\.Isendrecv: argument 'dest'/);
  throwsLike(() => comm.Isendrecv(new Int32Array(1), dest, 0, 'r'), TypeError, /^Comm\.Isendrecv: argument 'recvbuf'/);
  throwsLike(() => comm.Isendrecv(new Int32Array(1), dest, 0, new Int32Array(1), 1.5), TypeError, /^Comm\.Isendrecv: argument 'source'/);
  const shared = new Int32Array(4);
  throwsLike(() => comm.Isendrecv(shared, dest, 0, shared, source), Error, /^Comm\.Isendrecv/);
  throwsLike(() => comm.Isendrecv_replace(new Int32Array(1), dest, 'x'), TypeError, /^Comm\.Isendrecv_replace: argument 'sendtag'/);
  throwsLike(() => comm.Isendrecv_replace({}, dest), TypeError, /^Comm\.Isendrecv_replace: argument 'buf'/);
});

testComms('Message.Irecv / message.irecv (MPI_Imrecv): Wait, await, test; the object form gives the object', async (comm) => {
  const { rank, dest, source } = ring(comm);
  // buffers
  const s1 = comm.Isend(Int32Array.of(rank, 42), dest, 9);
  const m1 = comm.Mprobe(source, 9);
  const buf = new Int32Array(2);
  const r1 = m1.Irecv(buf);
  assert.ok(r1 instanceof MPI.Request);
  throwsLike(() => m1.Irecv(buf), MPI.Exception, /Message/); // a message is received once
  const st = await r1;
  assert.ok(st instanceof MPI.Status);
  assert.equal(st.Get_source(), source);
  assert.deepEqual([...buf], [source, 42]);
  s1.Wait();
  // objects: wait(), await, test()
  const s2 = comm.isend({ from: rank, arr: Float64Array.of(rank, 1) }, dest, 10);
  const o2 = comm.mprobe(source, 10).irecv().wait();
  assert.equal(o2.from, source);
  assert.deepEqual([...o2.arr], [source, 1]);
  s2.wait();
  const s3 = comm.isend([rank, 'three'], dest, 11);
  assert.deepEqual(await comm.mprobe(source, 11).irecv(), [source, 'three']);
  await s3;
  const s4 = comm.isend('x'.repeat(100_000), dest, 12);
  const r4 = MPI.Message.probe(comm, source, 12).irecv();
  let got;
  for (let done = false; !done;) [done, got] = r4.test();
  assert.equal(got, 'x'.repeat(100_000));
  assert.equal(r4.wait(), got); // the same object, decoded once
  s4.wait();
  // MPI.MESSAGE_NO_PROC (a probe from MPI.PROC_NULL): completes at once
  const np = comm.Mprobe(MPI.PROC_NULL);
  const stn = new MPI.Status();
  np.Irecv(new Int32Array(1)).Wait(stn);
  assert.equal(stn.Get_source(), MPI.PROC_NULL);
  assert.equal(comm.mprobe(MPI.PROC_NULL).irecv().wait(), undefined);
  // bytes that are not an MPI.pickle message: the error reaches the awaiting caller
  const s5 = comm.Isend(Uint8Array.of(0xff, 0xff, 0xff), dest, 13);
  await assert.rejects(async () => comm.mprobe(source, 13).irecv());
  s5.Wait();
  throwsLike(() => MPI.MESSAGE_NULL.Irecv(new Int32Array(1)), MPI.Exception, /Message\.Irecv|Irecv/);
  throwsLike(() => MPI.MESSAGE_NULL.irecv(), MPI.Exception, /irecv/);
  const s6 = comm.Isend(Int32Array.of(1), dest, 14);
  const m6 = comm.Mprobe(source, 14);
  throwsLike(() => m6.Irecv('nope'), TypeError, /^Message\.Irecv: argument 'buf'/);
  m6.Recv(new Int32Array(1));
  s6.Wait();
});

test('Grequest: Start, Complete, Wait/Test/await; query_fn sets the status; free_fn and cancel_fn get the args', async () => {
  const calls = [];
  const g = MPI.Grequest.Start((st, a, b) => {
    calls.push(['query', a, b]);
    st.source = 3;
    st.tag = 7;
    st.Set_elements(MPI.INT32_T, 5);
  }, (a, b) => calls.push(['free', a, b]), (done, a) => calls.push(['cancel', done, a]), 'x', 2);
  assert.ok(g instanceof MPI.Grequest && g instanceof MPI.Request);
  assert.equal(g.Test(), false);
  assert.equal(g.Get_status(), false);
  g.Complete();
  const st = new MPI.Status();
  g.Wait(st);
  assert.equal(st.source, 3);
  assert.equal(st.tag, 7);
  assert.equal(st.Get_count(MPI.INT32_T), 5);
  assert.deepEqual(calls, [['query', 'x', 2], ['free', 'x', 2]]);
  assert.ok(g.is_null);
  // awaited, completed later from a timer (the promise engine tests it meanwhile)
  const g2 = MPI.Grequest.Start((s) => { s.tag = 11; });
  setTimeout(() => g2.Complete(), 20);
  const st2 = await g2;
  assert.equal(st2.tag, 11);
  // no callbacks; Test loop
  const g3 = MPI.Grequest.Start(null, null, null);
  assert.equal(g3.Test(), false);
  g3.Complete();
  assert.equal(g3.Test(), true);
  // lower-case complete(value): wait() returns it
  const g4 = MPI.Grequest.Start();
  g4.complete({ v: 1 });
  assert.deepEqual(g4.wait(), { v: 1 });
  // with other requests
  const g5 = MPI.Grequest.Start((s) => { s.tag = 5; });
  const g6 = MPI.Grequest.Start((s) => { s.tag = 6; });
  g6.Complete();
  g5.Complete();
  const sts = [new MPI.Status(), new MPI.Status()];
  MPI.Request.Waitall([g5, g6], sts);
  assert.deepEqual(sts.map((x) => x.tag), [5, 6]);
});

test('Grequest: cancel_fn, Is_cancelled; a callback that throws reaches the caller (Wait, await, Cancel), never a crash', async () => {
  let cancelled = null;
  const g = MPI.Grequest.Start((st) => st.Set_cancelled(cancelled !== null), null, (done) => { cancelled = done; });
  g.Cancel();
  assert.equal(cancelled, false);
  g.Complete();
  const st = new MPI.Status();
  g.Wait(st);
  assert.ok(st.Is_cancelled());
  const boom = new Error('boom');
  const g1 = MPI.Grequest.Start(() => { throw boom; });
  g1.Complete();
  assert.throws(() => g1.Wait(), (e) => e === boom);
  const g2 = MPI.Grequest.Start(() => { throw new RangeError('query failed'); });
  g2.Complete();
  await assert.rejects(g2.promise(), RangeError);
  const g3 = MPI.Grequest.Start(null, () => { throw new TypeError('free failed'); });
  g3.Complete();
  assert.throws(() => g3.Wait(), TypeError);
  const g4 = MPI.Grequest.Start(null, null, () => { throw new Error('cancel failed'); });
  assert.throws(() => g4.Cancel(), /cancel failed/);
  g4.Complete();
  g4.Wait();
  // MPI still works after all of that
  assert.equal(MPI.COMM_WORLD.allreduce(1), MPI.COMM_WORLD.size);
  throwsLike(() => MPI.Grequest.Start(5), TypeError, /^Grequest\.Start: argument 'query_fn'/);
  throwsLike(() => MPI.Grequest.Start(null, 'f'), TypeError, /^Grequest\.Start: argument 'free_fn'/);
  throwsLike(() => MPI.Grequest.Start(null, null, {}), TypeError, /^Grequest\.Start: argument 'cancel_fn'/);
  throwsLike(() => new MPI.Grequest().Complete(), MPI.Exception, /Complete/);
});

test('MPI.Session (MPI-4.0): Init, process sets, pset info, a group and a communicator of mpi://WORLD, Finalize', () => {
  const world = MPI.COMM_WORLD;
  throwsLike(() => MPI.Group.Create_from_session_pset(5, 'mpi://WORLD'), TypeError, /^Group\.Create_from_session_pset: argument 'session'/);
  throwsLike(() => MPI.SESSION_NULL.Get_num_psets(), MPI.Exception, /Session\.Get_num_psets: the Session is MPI\.SESSION_NULL/);
  if (!MPI4) {
    assert.throws(() => MPI.Session.Init(), unsupported);
    return;
  }
  const s = MPI.Session.Init({ 'mpi_thread_support_level': 'MPI_THREAD_SINGLE' }, MPI.ERRORS_RETURN);
  const n = s.Get_num_psets();
  assert.ok(n >= 2, String(n));
  const names = Array.from({ length: n }, (_, i) => s.Get_nth_pset(i));
  assert.ok(names.includes('mpi://WORLD') && names.includes('mpi://SELF'), names.join());
  const pinfo = s.Get_pset_info('mpi://WORLD');
  assert.equal(pinfo.Get('mpi_size'), String(world.size));
  pinfo.Free();
  s.Get_info().Free();
  const g = s.Create_group('mpi://WORLD');
  assert.equal(g.size, world.size);
  assert.equal(g.rank, world.rank);
  const self = MPI.Group.Create_from_session_pset(s, 'mpi://SELF');
  assert.equal(self.size, 1);
  const comm = MPI.Intracomm.Create_from_group(g, 'mpi4js.test.session');
  assert.equal(comm.allreduce(comm.rank), (world.size * (world.size - 1)) / 2);
  comm.Free();
  g.Free();
  self.Free();
  // Error handlers: ERRORS_RETURN by Init. Under it Call_errhandler returns (MPICH) or returns the
  // code (Open MPI's comm form), which mpi4js raises: either way never an abort.
  const eh = s.Get_errhandler();
  assert.ok(eh instanceof MPI.Errhandler);
  s.Set_errhandler(MPI.ERRORS_RETURN);
  try {
    s.Call_errhandler(MPI.ERR_OTHER);
  } catch (e) {
    assert.ok(e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_OTHER, String(e));
  }
  throwsLike(() => s.Set_errhandler(3), TypeError, /^Session\.Set_errhandler: argument 'errhandler'/);
  throwsLike(() => s.Call_errhandler('x'), TypeError, /^Session\.Call_errhandler: argument 'errorcode'/);
  throwsLike(() => s.Get_pset_info(5), TypeError, /^Session\.Get_pset_info: argument 'pset_name'/);
  throwsLike(() => s.Get_nth_pset('a'), TypeError, /^Session\.Get_nth_pset: argument 'n'/);
  assert.throws(() => s.Create_group('mpi://no-such-pset'), MPI.Exception);
  s.Finalize();
  throwsLike(() => s.Get_num_psets(), MPI.Exception, /freed/);
});

test('the new methods are on the classes mpi4py has them on', () => {
  for (const m of ['Idup', 'Idup_with_info', 'Isendrecv', 'Isendrecv_replace']) assert.equal(typeof MPI.Comm.prototype[m], 'function', m);
  for (const m of ['Irecv', 'irecv']) assert.equal(typeof MPI.Message.prototype[m], 'function', m);
});

await run();
