// Nonblocking collectives (Ibcast … Iexscan) on any communicator and any size: results checked
// against a local serial model (every rank regenerates every rank's data from a seed), several
// requests outstanding and completed out of order, MPI.IN_PLACE, intercommunicators, a throwing
// user op, a forced GC while an Ialltoallv is pending, and argument errors.
// Run with --expose-gc (test/mpi/nbcollectives.test.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { MPI, assert, test, testComms, throwsLike, run } from './lib/suite.mjs';
import { data, isBig } from './lib/data.mjs';

assert.equal(typeof globalThis.gc, 'function', 'run with --expose-gc');

const KINDS = [Float64Array, Int32Array, BigInt64Array, Uint8Array];
const arr = (x) => Array.from(x, (v) => (typeof v === 'bigint' ? v : Number(v)));
const eq = (got, want, msg) => assert.deepEqual(arr(got), arr(want), msg);
const range = (n) => Array.from({ length: n }, (_, i) => i);
function sumOf(K, n, ranks, seed) {
  const out = new K(n);
  for (const r of ranks) {
    const d = data(K, n, r, seed);
    for (let i = 0; i < n; i++) out[i] += d[i];
  }
  return out;
}
// v-variant layout: rank r sends/receives (r % 3) + 1 elements.
const vcount = (r) => (r % 3) + 1;
const prefix = (counts) => counts.reduce((acc, c, i) => (acc.push(i === 0 ? 0 : acc[i - 1] + counts[i - 1]), acc), []);

async function collect() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await sleep(1);
  }
}

testComms('Ibcast / Iscatter / Igather / Iallgather / Ialltoall: kinds, roots, Wait and await', async (comm) => {
  const { rank, size } = comm;
  for (const K of KINDS) {
    const root = K.BYTES_PER_ELEMENT % size;
    const n = 3;
    const b = rank === root ? data(K, n, root, 1) : new K(n);
    const all = data(K, n * size, root, 2);
    const sc = new K(n);
    const mine = data(K, n, rank, 3);
    const g = rank === root ? new K(n * size) : null;
    const ag = new K(n * size);
    const src = data(K, n * size, rank, 4);
    const at = new K(n * size);
    const reqs = [
      comm.Ibcast(b, { root }),
      comm.Iscatter(rank === root ? all : null, sc, root),
      comm.Igather(mine, g, root),
      comm.Iallgather(mine, ag),
      comm.Ialltoall(src, at),
    ];
    assert.ok(reqs.every((r) => r instanceof MPI.Request));
    // complete in reverse order, mixing Wait and await
    for (let i = reqs.length - 1; i >= 0; i--) {
      if (i % 2) reqs[i].Wait();
      else await reqs[i];
    }
    eq(b, data(K, n, root, 1), `Ibcast ${K.name}`);
    eq(sc, all.subarray(rank * n, rank * n + n), `Iscatter ${K.name}`);
    if (rank === root) for (let r = 0; r < size; r++) eq(g.subarray(r * n, r * n + n), data(K, n, r, 3), `Igather ${K.name}`);
    for (let r = 0; r < size; r++) {
      eq(ag.subarray(r * n, r * n + n), data(K, n, r, 3), `Iallgather ${K.name}`);
      eq(at.subarray(r * n, r * n + n), data(K, n * size, r, 4).subarray(rank * n, rank * n + n), `Ialltoall ${K.name}`);
    }
    assert.ok(reqs.every((r) => r.is_null));
  }
  // zero counts and the explicit [buf, count, type] form
  await comm.Ibcast([new Float64Array(4), 0, MPI.DOUBLE], 0);
  const two = new Float64Array(2 * size);
  await comm.Iallgather([Float64Array.of(rank, -rank, 99), 2, MPI.DOUBLE], [two, 2, MPI.DOUBLE]);
  for (let r = 0; r < size; r++) eq(two.subarray(2 * r, 2 * r + 2), [r, -r]);
});

testComms('v-variants: Iscatterv / Igatherv / Iallgatherv / Ialltoallv outstanding together (fresh counts per call)', async (comm) => {
  const { rank, size } = comm;
  const counts = range(size).map(vcount);
  const displs = prefix(counts);
  const total = counts.reduce((a, c) => a + c, 0);
  const root = size - 1;
  const all = data(Float64Array, total, root, 5);
  const sv = new Float64Array(vcount(rank));
  const mine = data(Int32Array, vcount(rank), rank, 6);
  const gv = rank === root ? new Int32Array(total) : null;
  const agv = new Int32Array(total);
  // Ialltoallv: rank r sends (j % 2) + r + 1 elements to j; two in flight with different counts.
  const sc = (r, j) => (j % 2) + (r % 2) + 1;
  const atv = (seed, shift) => {
    const scounts = range(size).map((j) => sc(rank, j) + shift);
    const rcounts = range(size).map((j) => sc(j, rank) + shift);
    const send = data(Float64Array, scounts.reduce((a, c) => a + c, 0), rank, seed);
    const recv = new Float64Array(rcounts.reduce((a, c) => a + c, 0));
    return { scounts, rcounts, send, recv, req: comm.Ialltoallv([send, scounts], [recv, rcounts]) };
  };
  const reqs = [
    comm.Iscatterv(rank === root ? [all, counts, displs, MPI.DOUBLE] : null, sv, root),
    comm.Igatherv(mine, rank === root ? [gv, counts, MPI.INT32_T] : null, { root }),
    comm.Iallgatherv(mine, [agv, [counts, displs]]),
  ];
  const a1 = atv(7, 0);
  const a2 = atv(8, 2);
  await MPI.Request.all([a2.req, ...reqs.reverse(), a1.req]);
  eq(sv, all.subarray(displs[rank], displs[rank] + counts[rank]), 'Iscatterv');
  for (let r = 0; r < size; r++) {
    const want = data(Int32Array, vcount(r), r, 6);
    if (rank === root) eq(gv.subarray(displs[r], displs[r] + counts[r]), want, 'Igatherv');
    eq(agv.subarray(displs[r], displs[r] + counts[r]), want, 'Iallgatherv');
  }
  for (const [a, shift, seed] of [[a1, 0, 7], [a2, 2, 8]]) {
    let off = 0;
    for (let j = 0; j < size; j++) {
      // block from rank j: its send block for me starts at the sum of its counts to ranks < me
      const jcounts = range(size).map((k) => sc(j, k) + shift);
      const start = jcounts.slice(0, rank).reduce((x, c) => x + c, 0);
      eq(a.recv.subarray(off, off + jcounts[rank]), data(Float64Array, jcounts.reduce((x, c) => x + c, 0), j, seed).subarray(start, start + jcounts[rank]), `Ialltoallv shift ${shift}`);
      off += jcounts[rank];
    }
  }
});

testComms('Ialltoallw with a datatype per block; Waitall', (comm) => {
  const { rank, size } = comm;
  // to rank j: 2 doubles then (from a second region) 1 int32, as two Ialltoallw calls of different types
  const send = new Float64Array(2 * size).map((_, i) => rank * 100 + i);
  const recv = new Float64Array(2 * size);
  const isend = Int32Array.from(range(size), (j) => rank * 10 + j);
  const irecv = new Int32Array(size);
  const D = MPI.DOUBLE;
  const bytes = (k, w) => range(size).map((j) => j * k * w);
  const reqs = [
    comm.Ialltoallw([send, range(size).map(() => 2), bytes(2, 8), D], [recv, range(size).map(() => 2), bytes(2, 8), range(size).map(() => D)]),
    comm.Ialltoallw([isend, range(size).map(() => 1), bytes(1, 4), MPI.INT32_T], [irecv, range(size).map(() => 1), bytes(1, 4), MPI.INT32_T]),
  ];
  MPI.Request.Waitall(reqs.slice().reverse());
  for (let j = 0; j < size; j++) {
    eq(recv.subarray(2 * j, 2 * j + 2), [j * 100 + 2 * rank, j * 100 + 2 * rank + 1], 'Ialltoallw doubles');
    assert.equal(irecv[j], j * 10 + rank, 'Ialltoallw ints');
  }
});

testComms('reductions: Ireduce / Iallreduce / Iscan / Iexscan / Ireduce_scatter(_block), IN_PLACE', async (comm) => {
  const { rank, size } = comm;
  const ranks = range(size);
  const root = (size * 7 + 1) % size;
  for (const K of KINDS) {
    const n = 4;
    const mine = data(K, n, rank, 10);
    const red = rank === root ? new K(n) : null;
    const all = new K(n);
    const sc = new K(n);
    const ex = new K(n).fill(isBig(K) ? 7n : 7);
    const inplace = data(K, n, rank, 10);
    const reqs = [
      comm.Ireduce(mine, red, MPI.SUM, root),
      comm.Iallreduce(mine, all),
      comm.Iscan(mine, sc, MPI.SUM),
      comm.Iexscan(mine, ex, { op: MPI.SUM }),
      comm.Iallreduce(MPI.IN_PLACE, inplace, MPI.MAX),
    ];
    // Testall until done (no blocking), then check
    while (!MPI.Request.Testall(reqs)) { /* progress */ }
    const total = sumOf(K, n, ranks, 10);
    if (rank === root) eq(red, total, `Ireduce ${K.name}`);
    eq(all, total, `Iallreduce ${K.name}`);
    eq(sc, sumOf(K, n, ranks.slice(0, rank + 1), 10), `Iscan ${K.name}`);
    if (rank > 0) eq(ex, sumOf(K, n, ranks.slice(0, rank), 10), `Iexscan ${K.name}`);
    else eq(ex, new K(n).fill(isBig(K) ? 7n : 7), 'Iexscan leaves rank 0 unchanged');
    const max = data(K, n, 0, 10);
    for (const r of ranks) data(K, n, r, 10).forEach((v, i) => { if (v > max[i]) max[i] = v; });
    eq(inplace, max, `Iallreduce IN_PLACE MAX ${K.name}`);
  }
  // Ireduce IN_PLACE on the root
  const rbuf = data(Float64Array, 3, rank, 11);
  await comm.Ireduce(rank === 0 ? MPI.IN_PLACE : rbuf, rank === 0 ? rbuf : null, MPI.SUM, 0);
  if (rank === 0) eq(rbuf, sumOf(Float64Array, 3, ranks, 11), 'Ireduce IN_PLACE');
  // Ireduce_scatter_block and Ireduce_scatter (counts (r % 3) + 1)
  const blk = new BigInt64Array(2);
  const counts = ranks.map(vcount);
  const total = counts.reduce((a, c) => a + c, 0);
  const start = prefix(counts)[rank];
  const rs = new Float64Array(counts[rank]);
  const rsIn = data(Float64Array, total, rank, 13);
  const reqs = [
    comm.Ireduce_scatter_block(data(BigInt64Array, 2 * size, rank, 12), blk),
    comm.Ireduce_scatter(data(Float64Array, total, rank, 13), rs, counts, MPI.SUM),
    comm.Ireduce_scatter(MPI.IN_PLACE, rsIn, { recvcounts: counts }),
  ];
  let out;
  while ((out = MPI.Request.Waitsome(reqs)) !== null) assert.ok(out.length > 0);
  eq(blk, sumOf(BigInt64Array, 2 * size, ranks, 12).subarray(2 * rank, 2 * rank + 2), 'Ireduce_scatter_block');
  const sum = sumOf(Float64Array, total, ranks, 13);
  eq(rs, sum.subarray(start, start + counts[rank]), 'Ireduce_scatter');
  eq(rsIn.subarray(0, counts[rank]), sum.subarray(start, start + counts[rank]), 'Ireduce_scatter IN_PLACE');
  // IN_PLACE gathers
  const ag = new Float64Array(2 * size);
  ag.set([rank, rank + 0.5], 2 * rank);
  await comm.Iallgather(MPI.IN_PLACE, ag);
  for (let r = 0; r < size; r++) eq(ag.subarray(2 * r, 2 * r + 2), [r, r + 0.5], 'Iallgather IN_PLACE');
  const g = new Int32Array(size);
  g[rank] = rank * 3;
  await comm.Igather(rank === 0 ? MPI.IN_PLACE : g.subarray(rank, rank + 1), rank === 0 ? g : null, 0);
  if (rank === 0) eq(g, ranks.map((r) => r * 3), 'Igather IN_PLACE');
  const sct = rank === 0 ? Int32Array.from(ranks, (r) => r + 40) : new Int32Array(1);
  await comm.Iscatter(rank === 0 ? sct : null, rank === 0 ? MPI.IN_PLACE : sct, 0);
  assert.equal(sct[rank === 0 ? 0 : 0], rank + 40, 'Iscatter IN_PLACE');
});

testComms('a user Op that throws inside Iallreduce: the error comes from Wait / await, the process goes on', async (comm) => {
  const { size } = comm;
  const bad = MPI.Op.Create(() => { throw new Error('op failed on purpose'); }, true);
  const outcome = (e) => {
    assert.ok(e instanceof MPI.Exception || /op failed on purpose/.test(e.message), String(e));
    return true;
  };
  let threw = false;
  const r1 = comm.Iallreduce(Float64Array.of(1, 2), new Float64Array(2), bad);
  try {
    r1.Wait();
  } catch (e) {
    threw = outcome(e);
  }
  assert.ok(r1.is_null, 'the request completed');
  try {
    await comm.Iallreduce(Float64Array.of(3), new Float64Array(1), bad);
  } catch (e) {
    threw = outcome(e);
  }
  const anyThrew = comm.allreduce(threw, MPI.LOR);
  if (size > 1) assert.ok(anyThrew, 'some rank saw the exception');
  bad.Free();
  const ok = new Float64Array(1);
  await comm.Iallreduce(Float64Array.of(1), ok);
  assert.equal(ok[0], size, 'reductions work after a failed op');
  // a user op that works, nonblocking
  const plus = MPI.Op.Create((inv, inout) => { for (let i = 0; i < inv.length; i++) inout[i] += inv[i]; }, true);
  const s = new Int32Array(2);
  await comm.Iallreduce(Int32Array.of(1, 2), s, plus);
  eq(s, [size, 2 * size]);
  plus.Free();
});

testComms('GC while an Ialltoallv is pending: buffers and counts survive', async (comm) => {
  const { rank, size } = comm;
  const refs = [];
  const start = () => {
    const send = new Float64Array(3 * size).map((_, i) => rank * 1000 + i);
    const recv = new Float64Array(3 * size);
    refs.push(new WeakRef(recv));
    // only the request references the buffers (the spec arrays become garbage at once)
    return comm.Ialltoallv([send, range(size).map(() => 3), MPI.DOUBLE], [recv, range(size).map(() => 3), MPI.DOUBLE]);
  };
  // rank 0 posts last, so on the other ranks the request is truly pending during their GC
  let req;
  if (rank !== 0) req = start();
  await collect();
  if (rank === 0) req = start();
  const other = start(); // a second one in flight: its counts must not overwrite the first's
  await collect();
  assert.ok(refs.every((r) => r.deref() !== undefined), 'receive buffers alive while pending');
  await MPI.Request.all([other, req]);
  for (const ref of refs) {
    const recv = ref.deref();
    for (let j = 0; j < size; j++) eq(recv.subarray(3 * j, 3 * j + 3), [j * 1000 + 3 * rank, j * 1000 + 3 * rank + 1, j * 1000 + 3 * rank + 2]);
  }
});

testComms('argument errors: RangeError / TypeError naming the method and argument, before MPI', (comm) => {
  const { rank, size } = comm;
  throwsLike(() => comm.Iallgather(new Float64Array(2), [new Float64Array(2 * size), 3, MPI.DOUBLE]), RangeError, /Comm\.Iallgather: argument 'recvbuf' is too small/);
  throwsLike(() => comm.Ialltoall(new Float64Array(size), new Float64Array(2 * size)), RangeError, /Comm\.Ialltoall: 'sendbuf' has 1 element\(s\) per process but 'recvbuf' has 2/);
  throwsLike(() => comm.Iallgatherv(new Float64Array(1), [new Float64Array(1), range(size).map(() => 2)]), RangeError, /Comm\.Iallgatherv: argument 'recvbuf' is too small/);
  throwsLike(() => comm.Ibcast(new Float64Array(1), size), RangeError, /Comm\.Ibcast: argument 'root' is out of range/);
  // root-side errors are raised on the root only (the other ranks would then wait): call it there only
  if (rank === 0) throwsLike(() => comm.Iscatter(null, new Float64Array(1), 0), TypeError, /Comm\.Iscatter: argument 'sendbuf'/);
  throwsLike(() => comm.Iallreduce(new Float64Array(3), new Float64Array(2)), RangeError, /Comm\.Iallreduce: argument 'recvbuf' is too small/);
  throwsLike(() => comm.Iallreduce(Float64Array.of(1), new Float64Array(1), MPI.BAND), TypeError, /Comm\.Iallreduce: MPI\.BAND is not defined for the datatype MPI\.DOUBLE/);
  throwsLike(() => comm.Ireduce_scatter(new Float64Array(size), new Float64Array(1)), TypeError, /Comm\.Ireduce_scatter: argument 'recvcounts' is required/);
  if (size > 1) {
    // per-process lists of the wrong length (right for one process)
    throwsLike(() => comm.Ialltoallv([new Float64Array(4), [1]], [new Float64Array(4), range(size).map(() => 1)]), RangeError, /Comm\.Ialltoallv: argument 'sendbuf counts' must have/);
    throwsLike(() => comm.Ireduce_scatter(new Float64Array(size), new Float64Array(1), [1]), RangeError, /Comm\.Ireduce_scatter: argument 'recvcounts' must have/);
    throwsLike(() => comm.Ialltoallw([new Float64Array(1), [1], [0], MPI.DOUBLE], [new Float64Array(1), [1], [0], MPI.DOUBLE]), RangeError, /Comm\.Ialltoallw: argument 'sendbuf counts' must have/);
  }
  throwsLike(() => comm.Iallreduce(MPI.IN_PLACE, MPI.IN_PLACE), TypeError, /Comm\.Iallreduce: argument 'recvbuf' cannot be MPI\.IN_PLACE/);
  // MPI forbids cancelling or freeing a nonblocking collective: an error, and the request still completes
  const req = comm.Ibarrier();
  throwsLike(() => req.Free(), Error, /nonblocking collective/);
  throwsLike(() => req.Cancel(), Error, /nonblocking collective/);
  req.Wait();
});

test('intercommunicator forms: Ibcast, Iallreduce, Ireduce, Iallgather (MPI.ROOT / MPI.PROC_NULL roots)', async () => {
  const comm = MPI.COMM_WORLD;
  const { rank, size } = comm;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 23);
  const lrank = local.rank;
  const rsize = inter.remote_size;
  // group 0's local rank 0 broadcasts to group 1
  const b = new Float64Array(3);
  if (color === 0) {
    if (lrank === 0) b.set([1, 2, 3]);
    await inter.Ibcast(b, lrank === 0 ? MPI.ROOT : MPI.PROC_NULL);
  } else {
    await inter.Ibcast(b, 0);
    eq(b, [1, 2, 3], 'intercomm Ibcast');
  }
  // Iallreduce: each group gets the sum over the other group (of the comm ranks)
  const s = new Int32Array(1);
  const r1 = inter.Iallreduce(Int32Array.of(rank), s);
  const ag = new Int32Array(rsize);
  const r2 = inter.Iallgather(Int32Array.of(rank), ag);
  MPI.Request.Waitall([r2, r1]);
  const others = range(size).filter((r) => r % 2 !== color);
  assert.equal(s[0], others.reduce((a, r) => a + r, 0), 'intercomm Iallreduce');
  eq(ag, others, 'intercomm Iallgather');
  // Ireduce to group 1's local rank 0
  const red = new Int32Array(2);
  if (color === 1) await inter.Ireduce(null, lrank === 0 ? red : null, MPI.SUM, lrank === 0 ? MPI.ROOT : MPI.PROC_NULL);
  else await inter.Ireduce(Int32Array.of(rank, 1), null, MPI.SUM, 0);
  if (color === 1 && lrank === 0) eq(red, [others.reduce((a, r) => a + r, 0), others.length], 'intercomm Ireduce');
  throwsLike(() => inter.Iallreduce(MPI.IN_PLACE, s), TypeError, /cannot be MPI\.IN_PLACE/);
  throwsLike(() => inter.Ibcast(b, rsize), RangeError, /Comm\.Ibcast: argument 'root' must be MPI\.ROOT/);
  inter.Free();
  local.Free();
});

await run();
