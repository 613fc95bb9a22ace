// Lower-case irecv bookkeeping (issue 14, items 11, 13, 14): an irecv takes exactly one message,
// whichever call matches it (its own test, another irecv's, the promise engine), holds the object
// or the error of decoding it, and is reported exactly once by whichever completion call comes
// next: wait/test, Waitany/Testany/Waitall/Testall/Waitsome/Testsome in both cases, await,
// Request.all/race. Zero-byte messages decode as null. Any communicator, any size.
import { MPI, assert, testComms, throwsLike, run } from './lib/suite.mjs';
import { withSerializer } from './lib/values.mjs';

const U = MPI.UNDEFINED;
const ROUNDS = 20;

function ring(comm) {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  return { rank, size, left: (rank - 1 + size) % size, right: (rank + 1) % size };
}

/** Bytes no built-in serializer decodes (a lone CBOR break code). */
const BAD = () => Uint8Array.of(0xff, 0xff, 0xff);

/** Asserts that `rq` has been reported: it is null and no list call reports it again. */
function assertReported(rq, how) {
  assert.equal(rq.is_null, true, `${how}: null once reported`);
  assert.equal(MPI.Request.Waitany([rq]), U, `${how}: Waitany does not report it again`);
  assert.deepEqual(MPI.Request.Testany([rq]), [U, true], `${how}: Testany does not report it again`);
  assert.deepEqual(MPI.Request.Waitsome([rq]), null, `${how}: Waitsome does not report it again`);
}

/**
 * An irecv of `obj` (tag `tag`) whose message is matched as a side effect: a later irecv from
 * ANY_TAG is completed (waited, or awaited through the promise engine), and its matched probes
 * give the earlier message to the earlier irecv. The irecv then holds its object, unreported.
 */
async function matchedAside(comm, tag, obj, awaited) {
  const { left, right } = ring(comm);
  const rq = comm.irecv(left, tag);
  const rw = comm.irecv(left, MPI.ANY_TAG);
  const sends = [comm.isend(obj, right, tag), comm.isend('other', right, tag + 1)];
  assert.equal(awaited ? await rw : rw.wait(), 'other');
  MPI.Request.Waitall(sends);
  assert.equal(rq.is_null, false, 'matched by another call, not yet reported');
  return { rq }; // not the Request itself: an async function would resolve a thenable
}

function checkStatus(st, comm, tag, how) {
  assert.equal(st.source, ring(comm).left, `${how}: status source`);
  assert.equal(st.tag, tag, `${how}: status tag`);
}

// Each reporter completes [REQUEST_NULL, rq] (or rq alone) and returns what it gave for rq.
const REPORTERS = [
  ['Wait', (rq, c, t) => { const st = new MPI.Status(); assert.equal(rq.Wait(st), true); checkStatus(st, c, t, 'Wait'); return rq.wait(); }],
  ['Test', (rq, c, t) => { const st = new MPI.Status(); assert.equal(rq.Test(st), true); checkStatus(st, c, t, 'Test'); return rq.wait(); }],
  ['wait', (rq, c, t) => { const st = new MPI.Status(); const v = rq.wait(st); checkStatus(st, c, t, 'wait'); return v; }],
  ['test', (rq) => { const [f, v] = rq.test(); assert.equal(f, true); return v; }],
  ['Waitany', (rq, c, t) => { const st = new MPI.Status(); assert.equal(MPI.Request.Waitany([MPI.REQUEST_NULL, rq], st), 1); checkStatus(st, c, t, 'Waitany'); return rq.wait(); }],
  ['Testany', (rq, c, t) => { const st = new MPI.Status(); assert.deepEqual(MPI.Request.Testany([MPI.REQUEST_NULL, rq], st), [1, true]); checkStatus(st, c, t, 'Testany'); return rq.wait(); }],
  ['waitany', (rq) => { const [i, v] = MPI.Request.waitany([MPI.REQUEST_NULL, rq]); assert.equal(i, 1); return v; }],
  ['testany', (rq) => { const [i, f, v] = MPI.Request.testany([MPI.REQUEST_NULL, rq]); assert.deepEqual([i, f], [1, true]); return v; }],
  ['Waitall', (rq, c, t) => { const sts = []; MPI.Request.Waitall([MPI.REQUEST_NULL, rq], sts); checkStatus(sts[1], c, t, 'Waitall'); return rq.wait(); }],
  ['Testall', (rq, c, t) => { const sts = []; assert.equal(MPI.Request.Testall([MPI.REQUEST_NULL, rq], sts), true); checkStatus(sts[1], c, t, 'Testall'); return rq.wait(); }],
  ['waitall', (rq) => { const objs = MPI.Request.waitall([MPI.REQUEST_NULL, rq]); assert.equal(objs.length, 2); return objs[1]; }],
  ['testall', (rq) => { const [f, objs] = MPI.Request.testall([MPI.REQUEST_NULL, rq]); assert.equal(f, true); return objs[1]; }],
  ['Waitsome', (rq, c, t) => { const sts = []; assert.deepEqual(MPI.Request.Waitsome([MPI.REQUEST_NULL, rq], sts), [1]); checkStatus(sts[0], c, t, 'Waitsome'); return rq.wait(); }],
  ['Testsome', (rq, c, t) => { const sts = []; assert.deepEqual(MPI.Request.Testsome([MPI.REQUEST_NULL, rq], sts), [1]); checkStatus(sts[0], c, t, 'Testsome'); return rq.wait(); }],
  ['waitsome', (rq) => { const [idx, objs] = MPI.Request.waitsome([MPI.REQUEST_NULL, rq]); assert.deepEqual(idx, [1]); return objs[0]; }],
  ['testsome', (rq) => { const [idx, objs] = MPI.Request.testsome([MPI.REQUEST_NULL, rq]); assert.deepEqual(idx, [1]); return objs[0]; }],
  ['await', async (rq) => await rq],
  ['Request.all', async (rq) => (await MPI.Request.all([MPI.REQUEST_NULL, rq]))[1]],
  ['Request.race', async (rq) => await MPI.Request.race([rq])],
];

testComms('an irecv matched by another call is reported once by every completion API (wait and await)', async (comm) => {
  let tag = 100;
  for (const awaited of [false, true]) {
    for (const [name, report] of REPORTERS) {
      const how = `${name} (matched by ${awaited ? 'await' : 'wait'} of another irecv)`;
      const obj = { name, tag };
      const { rq } = await matchedAside(comm, tag, obj, awaited);
      // Get_status sees the match and reports nothing
      const st = new MPI.Status();
      assert.equal(rq.Get_status(st), true, how);
      checkStatus(st, comm, tag, `${how} Get_status`);
      assert.equal(rq.is_null, false, `${how}: Get_status does not complete it`);
      assert.deepEqual(await report(rq, comm, tag), obj, how);
      assertReported(rq, how);
      tag += 2;
    }
  }
});

testComms(`waitany/testany/Waitsome/testsome over [isend, irecv], ${ROUNDS} rounds: the object is reported once`, async (comm) => {
  const { right, left } = ring(comm);
  // Each drains [sq, rq] until nothing is active; returns index -> object.
  const DRAIN = {
    waitany(reqs) {
      const seen = new Map();
      for (let k = 0; k <= reqs.length; k++) {
        const [i, v] = MPI.Request.waitany(reqs);
        if (i === U) return seen;
        assert.ok(!seen.has(i), `waitany reported ${i} twice`);
        seen.set(i, v);
      }
      assert.fail('waitany reported more completions than requests');
    },
    testany(reqs) {
      const seen = new Map();
      for (;;) {
        const [i, flag, v] = MPI.Request.testany(reqs);
        if (!flag) continue;
        if (i === U) return seen;
        assert.ok(!seen.has(i), `testany reported ${i} twice`);
        seen.set(i, v);
      }
    },
    Waitsome(reqs) {
      const seen = new Map();
      for (let idx; (idx = MPI.Request.Waitsome(reqs)) !== null;) {
        for (const i of idx) {
          assert.ok(!seen.has(i), `Waitsome reported ${i} twice`);
          seen.set(i, reqs[i].wait());
        }
      }
      return seen;
    },
    testsome(reqs) {
      const seen = new Map();
      for (let idx, objs; ([idx, objs] = MPI.Request.testsome(reqs))[0] !== null;) {
        idx.forEach((i, k) => {
          assert.ok(!seen.has(i), `testsome reported ${i} twice`);
          seen.set(i, objs[k]);
        });
      }
      return seen;
    },
  };
  for (const [name, drain] of Object.entries(DRAIN)) {
    for (let round = 0; round < ROUNDS; round++) {
      // The case: one isend and one irecv.
      const rq = comm.irecv(left, 0);
      const sq = comm.isend(['x', round], right, 0);
      const seen = drain([sq, rq]);
      assert.deepEqual([...seen.keys()].sort(), [0, 1], `${name} round ${round}: both reported`);
      assert.deepEqual(seen.get(1), ['x', round], `${name} round ${round}: the object`);
      assert.equal(seen.get(0), undefined);
      // Two irecvs of the same source and tag: MPI's order, each reported once.
      const r1 = comm.irecv(left, 1);
      const r2 = comm.irecv(left, 1);
      const ss = [comm.isend(['a', round], right, 1), comm.isend(['b', round], right, 1)];
      const two = drain([r1, r2]);
      assert.deepEqual([two.get(0), two.get(1)], [['a', round], ['b', round]], `${name} round ${round}: two irecvs`);
      MPI.Request.Waitall(ss);
    }
  }
  // One irecv alone, matched meanwhile by another irecv's completion.
  for (let round = 0; round < ROUNDS; round++) {
    const rq = comm.irecv(left, 2);
    const other = comm.irecv(left, MPI.ANY_TAG);
    comm.isend(round, right, 2).Wait();
    comm.isend(-round, right, 3).Wait();
    assert.equal(other.wait(), -round);
    assert.deepEqual(MPI.Request.waitany([rq]), [0, round], `round ${round}: waitany over one irecv`);
    assert.deepEqual(MPI.Request.waitany([rq]), [U, undefined]);
  }
});

testComms('Testall reports no irecv until all are complete', (comm) => {
  const { left, right } = ring(comm);
  const rq = comm.irecv(left, 10);
  const later = comm.irecv(left, 11);
  comm.isend('first', right, 10).Wait();
  // Until rq has its message, Testall is false; it must then still leave rq unreported.
  const sts = [];
  while (!rq.Get_status()) assert.equal(MPI.Request.Testall([rq, later], sts), false);
  assert.equal(MPI.Request.Testall([rq, later], sts), false);
  assert.equal(rq.is_null, false, 'Testall false completed nothing');
  assert.deepEqual(MPI.Request.testall([rq, later]), [false, null]);
  comm.Barrier(); // every rank has checked before any sends what `later` waits for
  comm.isend('second', right, 11).Wait();
  let res;
  do res = MPI.Request.testall([rq, later], sts); while (!res[0]);
  assert.deepEqual(res[1], ['first', 'second']);
  checkStatus(sts[0], comm, 10, 'Testall');
  checkStatus(sts[1], comm, 11, 'Testall');
  assertReported(rq, 'Testall');
  assertReported(later, 'Testall');
});

testComms('irecv from PROC_NULL and a cancelled irecv are active until reported, once', (comm) => {
  const rn = comm.irecv(MPI.PROC_NULL, 5);
  assert.equal(rn.is_null, false);
  const st = new MPI.Status();
  assert.deepEqual(MPI.Request.waitany([rn], st), [0, undefined]);
  assert.equal(st.source, MPI.PROC_NULL);
  assertReported(rn, 'PROC_NULL');
  const rc = comm.irecv(ring(comm).left, 6);
  rc.Cancel();
  assert.equal(MPI.Request.Waitany([rc], st), 0);
  assert.equal(st.Is_cancelled(), true);
  assertReported(rc, 'cancelled');
});

testComms('an irecv whose message cannot be decoded completes with the error once; the next message is not stolen', async (comm) => {
  const { left, right } = ring(comm);
  const isBad = (e) => e instanceof TypeError && /MPI\.pickle\.loads/.test(e.message);
  // wait: throws once, then the request is null
  let rq = comm.irecv(left, 20);
  let sends = [comm.Isend(BAD(), right, 20), comm.isend('good', right, 20)];
  throwsLike(() => rq.wait(), TypeError, /MPI\.pickle\.loads/);
  assertReported(rq, 'wait');
  assert.equal(rq.wait(), undefined, 'the error is reported once');
  assert.equal(comm.irecv(left, 20).wait(), 'good', 'the next irecv gets the next message');
  MPI.Request.Waitall(sends);
  // await: rejects, and the next irecv gets the next message
  rq = comm.irecv(left, 21);
  sends = [comm.Isend(BAD(), right, 21), comm.isend('good', right, 21)];
  await assert.rejects(rq.promise(), isBad);
  assert.equal(rq.is_null, true);
  assert.equal(await comm.irecv(left, 21), 'good');
  MPI.Request.Waitall(sends);
  // matched as a side effect: the error is held, then thrown by the call that reports it
  rq = comm.irecv(left, 22);
  const rw = comm.irecv(left, MPI.ANY_TAG);
  sends = [comm.Isend(BAD(), right, 22), comm.isend('other', right, 23)];
  assert.equal(rw.wait(), 'other');
  assert.equal(rq.is_null, false);
  assert.throws(() => MPI.Request.Waitany([rq]), isBad);
  assertReported(rq, 'Waitany');
  MPI.Request.Waitall(sends);
  // Waitsome: irecvs completed with it are reported first, the error by the next call
  const good = comm.irecv(left, 24);
  const bad = comm.irecv(left, 24);
  const tail = comm.irecv(left, MPI.ANY_TAG);
  sends = [comm.isend('ok', right, 24), comm.Isend(BAD(), right, 24), comm.isend('end', right, 25)];
  assert.equal(tail.wait(), 'end'); // matches both earlier messages to good and bad
  const sts = [];
  assert.deepEqual(MPI.Request.Waitsome([good, bad], sts), [0]);
  assert.equal(good.wait(), 'ok');
  assert.throws(() => MPI.Request.Waitsome([good, bad]), isBad);
  assert.equal(MPI.Request.Waitsome([good, bad]), null);
  MPI.Request.Waitall(sends);
  // the promise engine: an awaited irecv that fails rejects once, its sibling resolves
  const pa = comm.irecv(left, 26);
  const pb = comm.irecv(left, 26);
  sends = [comm.Isend(BAD(), right, 26), comm.isend('fine', right, 26)];
  const [ra, rb] = await Promise.allSettled([pa.promise(), pb.promise()]);
  assert.equal(ra.status, 'rejected');
  assert.ok(isBad(ra.reason));
  assert.deepEqual(rb, { status: 'fulfilled', value: 'fine' });
  MPI.Request.Waitall(sends);
});

testComms('a zero-byte message is null for irecv (wait, waitany, await) with every serializer', async (comm) => {
  const { left, right } = ring(comm);
  for (const name of ['cbor', 'v8', 'json']) {
    await withSerializer(name, async () => {
      let s = comm.Isend(new Uint8Array(0), right, 30);
      assert.equal(comm.irecv(left, 30).wait(), null, `${name}: wait`);
      s.Wait();
      s = comm.Isend([new Float64Array(0), MPI.DOUBLE], right, 31);
      assert.deepEqual(MPI.Request.waitany([comm.irecv(left, 31)]), [0, null], `${name}: waitany`);
      s.Wait();
      s = comm.Isend(new Uint8Array(0), right, 32);
      assert.equal(await comm.irecv(left, 32), null, `${name}: await`);
      s.Wait();
      // one zero-byte message, then an object: each irecv gets its own
      const r0 = comm.irecv(left, 33);
      const r1 = comm.irecv(left, 33);
      const ss = [comm.Isend(new Uint8Array(0), right, 33), comm.isend([name], right, 33)];
      assert.deepEqual(MPI.Request.waitall([r0, r1, ...ss]), [null, [name], undefined, undefined], `${name}: waitall`);
    });
  }
});

await run();
