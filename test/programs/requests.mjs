// Nonblocking calls of issue #17's long tail: Comm.Idup / Idup_with_info, Comm.Isendrecv /
// Isendrecv_replace (MPI-4.0), Message.Irecv / irecv (MPI_Imrecv). The MPI-4.0 calls are an
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

test('the new methods are on the classes mpi4py has them on', () => {
  for (const m of ['Idup', 'Idup_with_info', 'Isendrecv', 'Isendrecv_replace']) assert.equal(typeof MPI.Comm.prototype[m], 'function', m);
  for (const m of ['Irecv', 'irecv']) assert.equal(typeof MPI.Message.prototype[m], 'function', m);
});

await run();
