// User-defined reduction operations (MPI.Op.Create) in the upper-case reductions: views that cover
// exactly the elements MPI hands over (resized datatypes, guard regions around every buffer), every
// nonblocking reduction against its blocking form (non-commutative op, IN_PLACE, intercommunicators),
// op.Free() while a request is pending, a throwing op next to healthy ones, a receive buffer
// transferred while pending, many requests per completion call, and a worker thread's
// reductions while the main thread drives MPI's progress.
import { Worker } from 'node:worker_threads';
import { MPI, assert, test, testComms, run } from './lib/suite.mjs';

const range = (n) => Array.from({ length: n }, (_, i) => i);
const SENT = -777.5; // what no reduction may write

/** Element k of rank r's operand. */
const val = (r, k) => r * 10 + k + 1;

// Double types whose extent is not their true extent: [type, what].
function resizedTypes() {
  const inner = MPI.Datatype.Create_struct([1], [8], [MPI.DOUBLE]);
  const types = [
    [MPI.DOUBLE.Create_resized(0, 16).Commit(), 'extent 16 > true extent 8'],
    [MPI.DOUBLE.Create_resized(8, 24).Commit(), 'lb 8, extent 24'],
    [inner.Create_resized(8, 16).Commit(), 'lb = true lb = 8, extent 16'],
  ];
  inner.Free();
  return types;
}

/**
 * `count` elements of a one-double type inside guard doubles: element k's double is at index
 * `at(k)` of `big`; `origin` is the buffer the collective gets (element 0's origin); every other
 * double holds SENT.
 */
function framed(T, count, value) {
  const ext = T.extent;
  const [tlb] = T.Get_true_extent();
  const G = 3;
  const span = (tlb + (count - 1) * ext) / 8 + 1;
  const big = new Float64Array(G + span + G).fill(SENT);
  const at = (k) => G + (tlb + k * ext) / 8;
  for (let k = 0; k < count; k++) big[at(k)] = value(k);
  return { big, origin: big.subarray(G), at };
}

/** Checks a framed buffer: element k is want(k), every other double still SENT. */
function checkFramed(f, count, want, what) {
  const data = new Set(range(count).map(f.at));
  for (let i = 0; i < f.big.length; i++) {
    if (data.has(i)) continue;
    assert.equal(f.big[i], SENT, `${what}: double ${i} outside the elements was written`);
  }
  for (let k = 0; k < count; k++) assert.equal(f.big[f.at(k)], want(k), `${what}: element ${k}`);
}

/** A sum over one-double elements seen through the byte views (element k at byte k × extent). */
function resizedSum(log) {
  return MPI.Op.Create((inv, inout, t, n) => {
    const ext = t.extent;
    const [, tex] = t.Get_true_extent();
    if (n < 1 || inv.byteLength !== (n - 1) * ext + tex || inout.byteLength !== inv.byteLength) {
      log.push(`views of ${inv.byteLength}/${inout.byteLength} bytes for ${n} element(s) of extent ${ext}`);
    }
    const a = new DataView(inv.buffer, inv.byteOffset, inv.byteLength);
    const b = new DataView(inout.buffer, inout.byteOffset, inout.byteLength);
    for (let k = 0; k < n; k++) b.setFloat64(k * ext, a.getFloat64(k * ext, true) + b.getFloat64(k * ext, true), true);
  }, true);
}

testComms('resized types (extent > true extent, lb > 0): exact views, guards untouched, blocking and nonblocking', async (comm) => {
  const { rank, size } = comm;
  const log = [];
  const op = resizedSum(log);
  const count = 3;
  const sumAll = (k) => range(size).reduce((s, r) => s + val(r, k), 0);
  const prefix = (k) => range(rank + 1).reduce((s, r) => s + val(r, k), 0);
  for (const [T, what] of resizedTypes()) {
    for (const nb of [false, true]) {
      const tag = `${what}, ${nb ? 'nonblocking' : 'blocking'}`;
      const run1 = async (fn) => (nb ? await fn() : fn());
      // Allreduce
      let s = framed(T, count, (k) => val(rank, k));
      let r = framed(T, count, () => SENT);
      await run1(() => comm[nb ? 'Iallreduce' : 'Allreduce']([s.origin, count, T], [r.origin, count, T], op));
      checkFramed(r, count, sumAll, `Allreduce (${tag})`);
      checkFramed(s, count, (k) => val(rank, k), `Allreduce sendbuf (${tag})`);
      // Allreduce in place
      r = framed(T, count, (k) => val(rank, k));
      await run1(() => comm[nb ? 'Iallreduce' : 'Allreduce'](MPI.IN_PLACE, [r.origin, count, T], op));
      checkFramed(r, count, sumAll, `Allreduce IN_PLACE (${tag})`);
      // Reduce to the last rank
      s = framed(T, count, (k) => val(rank, k));
      r = framed(T, count, () => SENT);
      const root = size - 1;
      await run1(() => comm[nb ? 'Ireduce' : 'Reduce']([s.origin, count, T], rank === root ? [r.origin, count, T] : null, op, root));
      checkFramed(r, count, rank === root ? sumAll : () => SENT, `Reduce (${tag})`);
      // Scan
      r = framed(T, count, () => SENT);
      await run1(() => comm[nb ? 'Iscan' : 'Scan']([s.origin, count, T], [r.origin, count, T], op));
      checkFramed(r, count, prefix, `Scan (${tag})`);
      // Reduce_scatter_block: size blocks of count elements (the spec counts one block), block j for rank j
      const sb = framed(T, count * size, (i) => val(rank, i));
      r = framed(T, count, () => SENT);
      await run1(() => comm[nb ? 'Ireduce_scatter_block' : 'Reduce_scatter_block']([sb.origin, count, T], [r.origin, count, T], op));
      checkFramed(r, count, (k) => range(size).reduce((a, q) => a + val(q, rank * count + k), 0), `Reduce_scatter_block (${tag})`);
    }
    T.Free();
  }
  op.Free();
  assert.deepEqual(log, [], 'the views cover exactly the elements');
});

// Affine maps x -> a*x + b compose associatively but not commutatively: MPI's order is rank order.
// Element = 2 doubles [a, b]; inout = invec ∘ then inout: (a1, b1) then (a2, b2) = (a1*a2, b1*a2 + b2).
const PAIR = MPI.DOUBLE.Create_contiguous(2).Commit();
const compose = MPI.Op.Create((inv, inout, t, n) => {
  const a = new Float64Array(inv.buffer, inv.byteOffset, 2 * n);
  const b = new Float64Array(inout.buffer, inout.byteOffset, 2 * n);
  for (let k = 0; k < n; k++) {
    const a2 = b[2 * k];
    b[2 * k] = a[2 * k] * a2;
    b[2 * k + 1] = a[2 * k + 1] * a2 + b[2 * k + 1];
  }
}, false);
const mapOf = (r, k) => [(r % 2) + 2, r + k + 1];
function fold(ranks, k) {
  let acc = null;
  for (const r of ranks) {
    const [a, b] = mapOf(r, k);
    acc = acc === null ? [a, b] : [acc[0] * a, acc[1] * a + b];
  }
  return acc;
}
const pairs = (n, f) => Float64Array.from(range(n).flatMap(f));

testComms('every nonblocking reduction with a non-commutative user op equals rank order (and the blocking form)', async (comm) => {
  const { rank, size } = comm;
  const n = 2;
  const mine = () => pairs(n, (k) => mapOf(rank, k));
  const want = (ranks) => pairs(n, (k) => fold(ranks, k));
  for (const nb of [true, false]) {
    const call = async (name, ...args) => (nb ? await comm[`I${name[0].toLowerCase()}${name.slice(1)}`](...args) : comm[name](...args));
    const tag = nb ? 'nonblocking' : 'blocking';
    let out = new Float64Array(2 * n);
    await call('Allreduce', [mine(), n, PAIR], [out, n, PAIR], compose);
    assert.deepEqual([...out], [...want(range(size))], `Allreduce (${tag})`);
    for (let root = 0; root < size; root++) {
      out = new Float64Array(2 * n).fill(SENT);
      if (rank === root) {
        out.set(mine());
        await call('Reduce', MPI.IN_PLACE, [out, n, PAIR], compose, root);
        assert.deepEqual([...out], [...want(range(size))], `Reduce IN_PLACE root ${root} (${tag})`);
      } else {
        await call('Reduce', [mine(), n, PAIR], null, compose, root);
        assert.ok(out.every((v) => v === SENT), 'a non-root buffer is untouched');
      }
    }
    out = mine();
    await call('Scan', MPI.IN_PLACE, [out, n, PAIR], compose);
    assert.deepEqual([...out], [...want(range(rank + 1))], `Scan IN_PLACE (${tag})`);
    out = new Float64Array(2 * n).fill(SENT);
    await call('Exscan', [mine(), n, PAIR], [out, n, PAIR], compose);
    if (rank > 0) assert.deepEqual([...out], [...want(range(rank))], `Exscan (${tag})`);
    else assert.ok(out.every((v) => v === SENT), 'Exscan leaves rank 0 alone');
    // Reduce_scatter_block in place: the full vector (size blocks of n) in recvbuf
    const vec = pairs(n * size, (i) => mapOf(rank, i));
    await call('Reduce_scatter_block', MPI.IN_PLACE, [vec, n, PAIR], compose);
    assert.deepEqual([...vec.subarray(0, 2 * n)], [...pairs(n, (k) => fold(range(size), rank * n + k))], `Reduce_scatter_block IN_PLACE (${tag})`);
    // Reduce_scatter: rank j gets j % 3 + 1 elements
    const counts = range(size).map((j) => (j % 3) + 1);
    const total = counts.reduce((a, c) => a + c, 0);
    const first = counts.slice(0, rank).reduce((a, c) => a + c, 0);
    out = new Float64Array(2 * counts[rank]);
    await call('Reduce_scatter', [pairs(total, (i) => mapOf(rank, i)), total, PAIR], [out, counts[rank], PAIR], counts, compose);
    assert.deepEqual([...out], [...pairs(counts[rank], (k) => fold(range(size), first + k))], `Reduce_scatter (${tag})`);
  }
});

test('intercommunicator Iallreduce / Ireduce / Ireduce_scatter_block / Ireduce_scatter with a user op', async () => {
  const comm = MPI.COMM_WORLD;
  const { rank, size } = comm;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 31);
  const others = range(size).filter((r) => r % 2 !== color);
  const n = 2;
  for (const nb of [true, false]) {
    const tag = nb ? 'nonblocking' : 'blocking';
    const call = async (name, ...args) => (nb ? await inter[`I${name[0].toLowerCase()}${name.slice(1)}`](...args) : inter[name](...args));
    const out = new Float64Array(2 * n);
    await call('Allreduce', [pairs(n, (k) => mapOf(rank, k)), n, PAIR], [out, n, PAIR], compose);
    assert.deepEqual([...out], [...pairs(n, (k) => fold(others, k))], `intercomm Allreduce (${tag})`);
    // Reduce into group 1's local rank 0
    const red = new Float64Array(2 * n).fill(SENT);
    if (color === 1) await call('Reduce', null, local.rank === 0 ? [red, n, PAIR] : null, compose, local.rank === 0 ? MPI.ROOT : MPI.PROC_NULL);
    else await call('Reduce', [pairs(n, (k) => mapOf(rank, k)), n, PAIR], null, compose, 0);
    if (color === 1 && local.rank === 0) assert.deepEqual([...red], [...pairs(n, (k) => fold(others, k))], `intercomm Reduce (${tag})`);
    else assert.ok(red.every((v) => v === SENT), 'no result outside the root');
    // Both groups' vectors have one length L, scattered in blocks of L / (the group's size).
    const L = local.size * inter.remote_size;
    const blk = L / local.size;
    const vec = pairs(L, (i) => mapOf(rank, i));
    const rb = new Float64Array(2 * blk);
    if (local.size === inter.remote_size) {
      // (groups of different sizes: issue 14 item 15, the block count of the TypeScript layer)
      await call('Reduce_scatter_block', [vec, blk, PAIR], [rb, blk, PAIR], compose);
      assert.deepEqual([...rb], [...pairs(blk, (k) => fold(others, local.rank * blk + k))], `intercomm Reduce_scatter_block (${tag})`);
    }
    // Reduce_scatter: local rank j gets blk elements
    const counts = range(local.size).map(() => blk);
    rb.fill(0);
    await call('Reduce_scatter', [vec, L, PAIR], [rb, blk, PAIR], counts, compose);
    assert.deepEqual([...rb], [...pairs(blk, (k) => fold(others, local.rank * blk + k))], `intercomm Reduce_scatter (${tag})`);
  }
  inter.Free();
  local.Free();
});

const plus = () => MPI.Op.Create((inv, inout) => { for (let i = 0; i < inv.length; i++) inout[i] += inv[i]; }, true);

testComms('op.Free() while an Iallreduce with it is pending: the request still reduces', async (comm) => {
  const { rank, size } = comm;
  for (const how of ['Wait', 'await', 'Waitall']) {
    const op = plus();
    const out = new Float64Array(3);
    const r = comm.Iallreduce(Float64Array.of(rank + 1, 1, 2), out, op);
    op.Free();
    globalThis.gc?.();
    if (how === 'Wait') r.Wait();
    else if (how === 'await') await r;
    else MPI.Request.Waitall([r]);
    assert.deepEqual([...out], [(size * (size + 1)) / 2, size, 2 * size], `freed op, completed by ${how}`);
  }
});

testComms('a user op that throws fails its own request only: healthy reductions before, beside and after it are right', async (comm) => {
  const { rank, size } = comm;
  const good = plus();
  const bad = MPI.Op.Create(() => { throw new Error('op failed on purpose'); }, true);
  const expect = (out, what) => assert.deepEqual([...out], [(size * (size + 1)) / 2, size], what);
  const failed = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.match(e.message, /op failed on purpose/);
      return true;
    }
    return false;
  };
  // a failing request, then healthy ones
  const r1 = comm.Iallreduce(Float64Array.of(1), new Float64Array(1), bad);
  const threw = failed(() => r1.Wait());
  // every rank combines the operands itself, so every rank of a group of 2+ sees the exception
  assert.equal(threw, size > 1, 'the failing request throws wherever its op ran');
  for (let round = 0; round < 3; round++) {
    const out = new Float64Array(2);
    await comm.Iallreduce(Float64Array.of(rank + 1, 1), out, good);
    expect(out, `healthy Iallreduce ${round} after a failed one`);
    out.fill(0);
    comm.Allreduce(Float64Array.of(rank + 1, 1), out, good);
    expect(out, `healthy Allreduce ${round} after a failed one`);
  }
  // a failing and a healthy request completed together: the healthy one's result is right
  const okOut = new Float64Array(2);
  const rb = comm.Iallreduce(Float64Array.of(7), new Float64Array(1), bad);
  const rg = comm.Iallreduce(Float64Array.of(rank + 1, 1), okOut, good);
  assert.equal(failed(() => MPI.Request.Waitall([rb, rg])), size > 1, 'Waitall reports the failure');
  assert.ok(rb.is_null && rg.is_null, 'both requests completed');
  expect(okOut, 'the healthy request beside a failing one');
  // a blocking failure, then a healthy nonblocking one
  const blockingThrew = failed(() => comm.Allreduce(Float64Array.of(1), new Float64Array(1), bad));
  if (size > 1) assert.ok(comm.allreduce(blockingThrew, MPI.LOR), 'some rank of the blocking call throws');
  const after = new Float64Array(2);
  await comm.Iallreduce(Float64Array.of(rank + 1, 1), after, good);
  expect(after, 'healthy Iallreduce after a blocking failure');
  good.Free();
  bad.Free();
});

testComms('the receive buffer of a pending user-op reduction transferred away: MPI.Exception at completion, nothing written', async (comm) => {
  const { rank } = comm;
  const op = plus();
  const out = new Float64Array(2);
  const r = comm.Iallreduce(Float64Array.of(rank, 1), out, op);
  const moved = new Float64Array(structuredClone(out.buffer, { transfer: [out.buffer] }));
  assert.throws(() => r.Wait(), (e) => e instanceof MPI.Exception && /receive buffer .* transferred/.test(e.message));
  assert.ok(r.is_null);
  assert.deepEqual([...moved], [0, 0], 'the transferred memory was not written');
  op.Free();
});

testComms('many user-op reductions pending at once: every completion call combines them (all, Waitsome, Testany, Test)', async (comm) => {
  const { rank, size } = comm;
  const op = plus();
  const N = 24; // more than the promise engine tests one by one: it uses Testsome
  const start = () => {
    const outs = range(N).map(() => new Float64Array(2));
    const reqs = outs.map((o, i) => comm.Iallreduce(Float64Array.of(rank + i, 1), o, op));
    return { outs, reqs };
  };
  const check = (outs, how) => outs.forEach((o, i) => assert.deepEqual([...o], [(size * (size - 1)) / 2 + size * i, size], `${how}: request ${i}`));
  let { outs, reqs } = start();
  await MPI.Request.all(reqs);
  check(outs, 'Request.all');
  ({ outs, reqs } = start());
  while (MPI.Request.Waitsome(reqs) !== null);
  check(outs, 'Waitsome');
  ({ outs, reqs } = start());
  const noneActive = ([i, flag]) => i === MPI.UNDEFINED && flag;
  while (!noneActive(MPI.Request.Testany(reqs))) await new Promise((r) => setImmediate(r));
  check(outs, 'Testany');
  ({ outs, reqs } = start());
  for (const r of reqs) while (!r.Test()) await new Promise((res) => setImmediate(res));
  check(outs, 'Test');
  op.Free();
});

test('a worker thread\'s user-op reductions while the main thread drives MPI\'s progress (Iprobe loop)', async () => {
  const url = new URL('./lib/userop-worker.mjs', import.meta.url);
  const w = new Worker(url, { workerData: { rounds: 20 } });
  let msg = null;
  let error = null;
  let exited = false;
  w.on('message', (m) => (msg = m));
  w.on('error', (e) => (error = e));
  w.on('exit', () => (exited = true));
  let probes = 0;
  while (!exited) {
    for (let i = 0; i < 50; i++, probes++) MPI.COMM_WORLD.Iprobe(MPI.ANY_SOURCE, 4242);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(error, null, String(error?.stack ?? error));
  assert.ok(probes > 0);
  assert.deepEqual(msg, { rounds: 20, wrong: [], errors: [] });
});

await run();
compose.Free();
PAIR.Free();
