// Worker threads and the lifecycle (issue 14, items 7, 18, 19). Mode: argv[2]; argv[3] is an
// optional token that only makes the command line unique (the test looks for leftover ranks by it).
//   finalize-worker  MPI.Finalize() from a worker while the main thread is in Recv: refused
//   finalize-main    MPI.Finalize() while a worker blocks in Recv: the Recv is cancelled (MPI.Exception)
//   worker-recv      a worker's blocking receives, probes and waits (they poll) give MPI's results
//   funneled         (MPI4JS_THREAD_LEVEL=funneled) a worker's MPI call is refused
//   serialized       (MPI4JS_THREAD_LEVEL=serialized) a call while another thread is inside one is refused
//   terminate        await worker.terminate() of a worker blocked in Recv/recv/Probe/Mprobe/Wait returns,
//                    and the worker's receive is cancelled (the rank's next message is not lost)
//   exit-recv        the main thread ends while a worker blocks in recv: the job ends cleanly
//   exit-process     the same with process.exit(0)
//   exit-ssend       the main thread ends while a worker blocks in Ssend (cannot be cancelled): abort
import { MPI } from 'mpi4js';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import assert from 'node:assert/strict';

const comm = MPI.COMM_WORLD;
// A worker may not be allowed to call MPI at all (funneled): the main thread passes these on.
const { rank, size } = isMainThread ? { rank: comm.rank, size: comm.size } : workerData;
const right = (rank + 1) % size;
const left = (rank + size - 1) % size;

/** What a worker reports: ok, or the class and message of what it caught. */
function caught(fn) {
  try {
    fn();
    return { ok: true };
  } catch (e) {
    return { ok: false, mpi: e instanceof MPI.Exception, cls: e?.constructor?.name, message: String(e?.message) };
  }
}

// ---- worker side ------------------------------------------------------------------------------
if (!isMainThread) {
  const { mode, kind, flag } = workerData;
  const inside = new Int32Array(flag);
  // Marks "about to block" (the main thread then waits a little longer, so the call is entered).
  const entering = () => {
    Atomics.store(inside, 0, 1);
    Atomics.notify(inside, 0);
  };
  if (mode === 'finalize-worker') {
    const r = caught(() => MPI.Finalize());
    const fin = MPI.Is_finalized();
    // Lets the main thread's Recv (from this rank, tag 41) finish.
    comm.Isend(new Int32Array([rank]), rank, 41).Wait();
    parentPort.postMessage({ r, fin });
  } else if (mode === 'finalize-main') {
    entering();
    const r = caught(() => comm.Recv(new Uint8Array(4), left, 42)); // never sent
    const after = caught(() => comm.Get_rank());
    parentPort.postMessage({ r, after });
  } else if (mode === 'worker-recv') {
    // The main thread sent these before this worker started (tags 50..57 from the left rank).
    const st = new MPI.Status();
    const buf = new Float64Array(3);
    comm.Recv([buf, MPI.DOUBLE], left, 50, st);
    const recv = { data: [...buf], source: st.Get_source(), tag: st.Get_tag(), count: st.Get_count(MPI.DOUBLE) };
    const truncate = caught(() => comm.Recv(new Float64Array(2), left, 51));
    let truncateClass;
    try {
      comm.Recv(new Float64Array(2), left, 52);
    } catch (e) {
      truncateClass = e.Get_error_class();
    }
    comm.Recv(buf, MPI.PROC_NULL, 0, st);
    const procNull = st.Get_source();
    comm.Probe(left, 53, st);
    const probed = [st.Get_source(), st.Get_tag()];
    const obj = comm.recv(left, 53);
    const msg = comm.Mprobe(left, 54);
    const mrecv = new Float64Array(1);
    msg.Recv(mrecv);
    const a = new Float64Array(1);
    const b = new Float64Array(1);
    const c = new Float64Array(1);
    comm.Irecv(a, left, 55).Wait();
    MPI.Request.Waitall([comm.Irecv(b, left, 56), comm.Irecv(c, left, 57)]);
    const idx = MPI.Request.Waitany([MPI.REQUEST_NULL, comm.Irecv(new Float64Array(1), MPI.PROC_NULL, 0)]);
    parentPort.postMessage({ recv, truncate, truncateClass, procNull, probed, obj, mrecv: mrecv[0], waited: [a[0], b[0], c[0]], idx });
  } else if (mode === 'funneled') {
    parentPort.postMessage({
      main: MPI.Is_thread_main(),
      level: MPI.Query_thread(),
      rank: caught(() => comm.Get_rank()),
      sendrecv: caught(() => comm.sendrecv('x', right, 7, left, 7)),
      barrier: caught(() => comm.Barrier()),
    });
  } else if (mode === 'serialized') {
    if (kind === 'turns') {
      // The main thread is idle (awaiting this worker): calls are allowed, one thread at a time.
      parentPort.postMessage({ rank: comm.Get_rank(), got: comm.sendrecv(`s${rank}`, right, 8, left, 8) });
    } else if (kind === 'other') {
      parentPort.postMessage({ probe: caught(() => comm.Iprobe(left, 9)) });
    } else {
      entering();
      comm.Recv(new Uint8Array(8), left, 9); // never sent: the main thread terminates this worker
    }
  } else if (mode === 'terminate') {
    const buf = new Float64Array(4);
    entering();
    if (kind === 'Recv') comm.Recv(buf, left, 21);
    else if (kind === 'recv') comm.recv(left, 22);
    else if (kind === 'Probe') comm.Probe(left, 23);
    else if (kind === 'Mprobe') comm.Mprobe(left, 24);
    else if (kind === 'Wait') comm.Irecv(buf, left, 25).Wait(); // tag 25 is never sent
    else if (kind === 'Waitall') MPI.Request.Waitall([comm.Irecv(buf, left, 26)]);
    parentPort.postMessage('returned');
  } else if (mode === 'exit-recv' || mode === 'exit-process') {
    entering();
    comm.recv(left, 31);
  } else if (mode === 'exit-ssend') {
    entering();
    comm.Ssend(new Uint8Array(4), rank, 32); // never received, and a send cannot be cancelled
  }
} else {
  // ---- main side ------------------------------------------------------------------------------
  const mode = process.argv[2];
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** A worker running this file; `inside()` resolves once it is about to block (+ a margin). */
  function start(kind) {
    const flag = new SharedArrayBuffer(4);
    const worker = new Worker(new URL(import.meta.url), { workerData: { mode, kind, flag, rank, size } });
    const messages = [];
    worker.on('message', (m) => messages.push(m));
    const errors = [];
    worker.on('error', (e) => errors.push(e));
    const exited = new Promise((r) => worker.on('exit', r));
    const inside = async () => {
      const a = new Int32Array(flag);
      while (Atomics.load(a, 0) === 0) await sleep(10);
      await sleep(300);
    };
    return { worker, messages, errors, exited, inside };
  }

  if (mode === 'finalize-worker') {
    const w = start();
    const buf = new Int32Array(1);
    // MPICH 4.0 alone (1 rank) never matches a receive posted before another thread's send to self
    // (a C program does the same); a probe first works around it.
    if (size === 1) comm.Probe(rank, 41);
    comm.Recv(buf, rank, 41); // the worker sends it after its Finalize was refused
    await w.exited;
    assert.deepEqual(w.errors, []);
    const [{ r, fin }] = w.messages;
    assert.equal(r.ok, false, 'Finalize from a worker was not refused');
    assert.equal(r.mpi, true, `expected MPI.Exception, got ${r.cls}: ${r.message}`);
    assert.match(r.message, /MPI\.Finalize: .*only the thread that initialized MPI/);
    assert.equal(fin, false);
    assert.equal(buf[0], rank);
    assert.equal(MPI.Is_finalized(), false);
    comm.Barrier();
    console.log(`finalize-worker ok rank ${rank}`);
  } else if (mode === 'finalize-main') {
    const w = start();
    await w.inside();
    MPI.Finalize();
    assert.equal(MPI.Is_finalized(), true);
    await w.exited;
    assert.deepEqual(w.errors, []);
    const [{ r, after }] = w.messages;
    for (const [what, c] of [['Recv', r], ['Get_rank', after]]) {
      assert.equal(c.ok, false, `the worker's ${what} was not refused`);
      assert.equal(c.mpi, true, `${what}: expected MPI.Exception, got ${c.cls}: ${c.message}`);
    }
    assert.match(r.message, /MPI is being finalized by the main thread: this worker thread's blocking call was cancelled/);
    assert.match(after.message, /MPI is (being )?finalized/);
    console.log(`finalize-main ok rank ${rank}`);
  } else if (mode === 'worker-recv') {
    // Sent before the worker starts (MPICH 4.0 alone does not match a receive posted before another thread's send to self).
    const sends = [
      comm.Isend(new Float64Array([rank, 1, 2]), right, 50),
      comm.Isend(new Float64Array(8), right, 51),
      comm.Isend(new Float64Array(8), right, 52),
      comm.isend({ from: rank }, right, 53),
      comm.Isend(new Float64Array([rank + 0.5]), right, 54),
      comm.Isend(new Float64Array([55]), right, 55),
      comm.Isend(new Float64Array([56]), right, 56),
      comm.Isend(new Float64Array([57]), right, 57),
    ];
    const w = start();
    await w.exited;
    MPI.Request.Waitall(sends);
    assert.deepEqual(w.errors, []);
    const [m] = w.messages;
    assert.deepEqual(m.recv, { data: [left, 1, 2], source: left, tag: 50, count: 3 });
    assert.equal(m.truncate.ok, false);
    assert.equal(m.truncate.mpi, true, `expected MPI.Exception, got ${m.truncate.cls}: ${m.truncate.message}`);
    assert.equal(m.truncateClass, MPI.ERR_TRUNCATE);
    assert.equal(m.procNull, MPI.PROC_NULL);
    assert.deepEqual(m.probed, [left, 53]);
    assert.deepEqual(m.obj, { from: left });
    assert.equal(m.mrecv, left + 0.5);
    assert.deepEqual(m.waited, [55, 56, 57]);
    assert.equal(m.idx, 1);
    comm.Barrier();
    console.log(`worker-recv ok rank ${rank}`);
  } else if (mode === 'funneled') {
    assert.equal(MPI.Query_thread(), MPI.THREAD_FUNNELED);
    const w = start();
    await w.exited;
    assert.deepEqual(w.errors, []);
    const [m] = w.messages;
    assert.equal(m.main, false);
    assert.equal(m.level, MPI.THREAD_FUNNELED);
    for (const what of ['rank', 'sendrecv', 'barrier']) {
      assert.equal(m[what].ok, false, `${what} from a worker was not refused`);
      assert.equal(m[what].mpi, true, `${what}: expected MPI.Exception, got ${m[what].cls}: ${m[what].message}`);
      assert.match(m[what].message, /MPI_THREAD_FUNNELED.*only the main thread/);
    }
    // The main thread still may.
    assert.equal(comm.sendrecv(`f${rank}`, right, 7, left, 7), `f${left}`);
    comm.Barrier();
    console.log(`funneled ok rank ${rank}`);
  } else if (mode === 'serialized') {
    assert.equal(MPI.Query_thread(), MPI.THREAD_SERIALIZED);
    // One thread at a time is fine, whichever thread it is.
    const t = start('turns');
    await t.exited;
    assert.deepEqual(t.errors, []);
    assert.deepEqual(t.messages, [{ rank, got: `s${left}` }]);
    // A worker blocked in Recv is inside MPI: the main thread and a second worker are refused.
    const blocked = start('blocked');
    await blocked.inside();
    const mine = caught(() => comm.Get_rank());
    const other = start('other');
    await other.exited;
    assert.equal(mine.ok, false, 'a call while a worker is inside Recv was not refused');
    assert.equal(mine.mpi, true, `expected MPI.Exception, got ${mine.cls}: ${mine.message}`);
    assert.match(mine.message, /MPI_THREAD_SERIALIZED.*another thread is inside an MPI call/);
    assert.equal(other.messages[0].probe.ok, false);
    assert.match(other.messages[0].probe.message, /MPI_THREAD_SERIALIZED/);
    await blocked.worker.terminate();
    // The blocked call was cancelled: MPI is usable again.
    assert.equal(comm.Get_rank(), rank);
    assert.equal(comm.sendrecv(`s${rank}`, right, 10, left, 10), `s${left}`);
    comm.Barrier();
    console.log(`serialized ok rank ${rank}`);
  } else if (mode === 'terminate') {
    const kinds = ['Recv', 'recv', 'Probe', 'Mprobe', 'Wait', 'Waitall'];
    const tags = { Recv: 21, recv: 22, Probe: 23, Mprobe: 24 };
    let slowest = 0;
    for (const kind of kinds) {
      const w = start(kind);
      await w.inside();
      const t0 = Date.now();
      const code = await Promise.race([w.worker.terminate(), sleep(10_000).then(() => 'hung')]);
      const ms = Date.now() - t0;
      assert.notEqual(code, 'hung', `terminate() of a worker in ${kind} did not return within 10 s`);
      slowest = Math.max(slowest, ms);
      assert.deepEqual(w.messages, [], `the ${kind} returned in the worker`);
      comm.Barrier(); // every rank's worker is gone before the tag is used
      // The rank is usable, and the cancelled receive did not take the message sent with its tag.
      const tag = tags[kind];
      if (tag !== undefined) {
        const got = new Float64Array(1);
        comm.Sendrecv(new Float64Array([rank]), right, tag, got, left, tag);
        assert.equal(got[0], left);
        assert.equal(comm.Iprobe(MPI.ANY_SOURCE, tag), false);
      }
      comm.Barrier();
    }
    console.log(`terminate ok rank ${rank} slowest ${slowest} ms`);
  } else if (mode === 'exit-recv' || mode === 'exit-process' || mode === 'exit-ssend') {
    const w = start();
    await w.inside();
    console.log(`exiting rank ${rank}`);
    if (mode === 'exit-process') process.exit(0);
    w.worker.unref(); // the main thread ends while the worker still blocks
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}
