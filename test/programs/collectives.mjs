// Blocking collectives on any communicator and any size, both forms: random data (every rank can
// generate every rank's data from a seed) checked against a serial computation done locally.
import vm from 'node:vm';
import { MPI, assert, testComms, throwsLike, run } from './lib/suite.mjs';
import { data, isBig } from './lib/data.mjs';
import { SERIALIZERS, checkCyclic, checkLargeArrays, checkValue, cyclic, withLargeArrays, withSerializer } from './lib/values.mjs';

const KINDS = [Float64Array, Float32Array, Int32Array, BigInt64Array, Uint8Array, Int16Array, Uint32Array, BigUint64Array];
const arr = (x) => Array.from(x, (v) => (typeof v === 'bigint' ? v : Number(v)));
const eq = (got, want, msg) => assert.deepEqual(arr(got), arr(want), msg);
const zero = (K) => (isBig(K) ? 0n : 0);

function serial(K, n, ranks, seed, f) {
  const out = data(K, n, ranks[0], seed);
  for (const r of ranks.slice(1)) {
    const d = data(K, n, r, seed);
    for (let i = 0; i < n; i++) out[i] = f(out[i], d[i]);
  }
  return out;
}
const range = (n) => Array.from({ length: n }, (_, i) => i);
const add = (a, b) => a + b;

testComms('Bcast: every kind, every root, [buf, count, type] form', (comm) => {
  const { rank, size } = comm;
  for (const K of KINDS) {
    for (let root = 0; root < size; root++) {
      const buf = rank === root ? data(K, 9, root, 1) : new K(9);
      comm.Bcast(buf, root);
      eq(buf, data(K, 9, root, 1), `${K.name} root ${root}`);
    }
  }
  const buf = rank === 0 ? Float64Array.of(1, 2, 3, 4) : new Float64Array(4);
  comm.Bcast([buf, [2, 1], MPI.DOUBLE], { root: 0 });
  if (rank !== 0) eq(buf, [0, 2, 3, 0]);
  comm.Bcast(new Float64Array(0), 0);
});

testComms('Scatter / Gather / Allgather / Alltoall: kinds, roots, zero counts', (comm) => {
  const { rank, size } = comm;
  for (const K of KINDS) {
    for (const n of [3, 0]) {
      const root = (K.BYTES_PER_ELEMENT + n) % size;
      // Scatter
      const all = data(K, n * size, root, 2);
      const got = new K(n);
      comm.Scatter(rank === root ? all : null, got, root);
      eq(got, all.subarray(rank * n, rank * n + n), `Scatter ${K.name}`);
      // Gather
      const mine = data(K, n, rank, 3);
      const g = rank === root ? new K(n * size) : null;
      comm.Gather(mine, g, root);
      if (rank === root) for (let r = 0; r < size; r++) eq(g.subarray(r * n, r * n + n), data(K, n, r, 3), `Gather ${K.name}`);
      // Allgather
      const ag = new K(n * size);
      comm.Allgather(mine, ag);
      for (let r = 0; r < size; r++) eq(ag.subarray(r * n, r * n + n), data(K, n, r, 3), `Allgather ${K.name}`);
      // Alltoall: block j of rank r is data(K, n*size, r)[j*n..]
      const src = data(K, n * size, rank, 4);
      const at = new K(n * size);
      comm.Alltoall(src, at);
      for (let r = 0; r < size; r++) eq(at.subarray(r * n, r * n + n), data(K, n * size, r, 4).subarray(rank * n, rank * n + n), `Alltoall ${K.name}`);
    }
  }
  // explicit per-process count in a bigger buffer
  const big = new Int32Array(2 * size + 5).fill(-1);
  comm.Allgather([Int32Array.of(rank, rank), 2, MPI.INT32_T], [big, 2, MPI.INT32_T]);
  eq(big.subarray(0, 2 * size), range(size).flatMap((r) => [r, r]));
  assert.equal(big[2 * size], -1);
});

testComms('IN_PLACE: Gather, Scatter, Allgather, Alltoall, Allreduce, Reduce, Scan, Exscan, Reduce_scatter_block', (comm) => {
  const { rank, size } = comm;
  const n = 4;
  const root = size - 1;
  // Gather: the root's own block is already in place
  let buf = new Float64Array(n * size);
  if (rank === root) {
    buf.set(data(Float64Array, n, rank, 5), rank * n);
    comm.Gather(MPI.IN_PLACE, buf, root);
    for (let r = 0; r < size; r++) eq(buf.subarray(r * n, r * n + n), data(Float64Array, n, r, 5));
  } else comm.Gather(data(Float64Array, n, rank, 5), null, root);
  // Scatter: the root keeps its block in the send buffer
  const all = data(Float64Array, n * size, root, 6);
  if (rank === root) comm.Scatter(all, MPI.IN_PLACE, root);
  else {
    const got = new Float64Array(n);
    comm.Scatter(null, got, root);
    eq(got, all.subarray(rank * n, rank * n + n));
  }
  // Allgather
  buf = new Float64Array(n * size);
  buf.set(data(Float64Array, n, rank, 7), rank * n);
  comm.Allgather(MPI.IN_PLACE, buf);
  for (let r = 0; r < size; r++) eq(buf.subarray(r * n, r * n + n), data(Float64Array, n, r, 7));
  // Alltoall
  buf = data(Int32Array, n * size, rank, 8);
  comm.Alltoall(MPI.IN_PLACE, buf);
  for (let r = 0; r < size; r++) eq(buf.subarray(r * n, r * n + n), data(Int32Array, n * size, r, 8).subarray(rank * n, rank * n + n));
  // Allreduce / Reduce / Scan / Exscan
  const ranks = range(size);
  buf = data(BigInt64Array, n, rank, 9);
  comm.Allreduce(MPI.IN_PLACE, buf, MPI.SUM);
  eq(buf, serial(BigInt64Array, n, ranks, 9, add));
  buf = data(Float32Array, n, rank, 10);
  if (rank === root) {
    comm.Reduce(MPI.IN_PLACE, buf, MPI.MAX, root);
    eq(buf, serial(Float32Array, n, ranks, 10, Math.max));
  } else comm.Reduce(buf, null, MPI.MAX, root);
  buf = data(Int32Array, n, rank, 11);
  comm.Scan(MPI.IN_PLACE, buf, MPI.SUM);
  eq(buf, serial(Int32Array, n, range(rank + 1), 11, add));
  buf = data(Int32Array, n, rank, 12);
  comm.Exscan(MPI.IN_PLACE, buf, MPI.SUM);
  if (rank > 0) eq(buf, serial(Int32Array, n, range(rank), 12, add));
  // Reduce_scatter_block: rank r keeps block r of the sum at the start of its buffer
  buf = data(Float64Array, n * size, rank, 13);
  comm.Reduce_scatter_block(MPI.IN_PLACE, buf, MPI.SUM);
  eq(buf.subarray(0, n), serial(Float64Array, n * size, ranks, 13, add).subarray(rank * n, rank * n + n));
});

// Uneven counts with zeros: process i gets (i * 3 + 1) % 4 elements.
const vcount = (i) => (i * 3 + 1) % 4;

testComms('Scatterv / Gatherv / Allgatherv / Alltoallv: uneven counts, every spec form', (comm) => {
  const { rank, size } = comm;
  const counts = range(size).map(vcount);
  const displs = [];
  let total = 0;
  for (const c of counts) { displs.push(total); total += c; }
  const root = 0;
  for (const K of [Float64Array, BigInt64Array, Int16Array]) {
    const T = { [Float64Array.name]: MPI.DOUBLE, [BigInt64Array.name]: MPI.INT64_T, [Int16Array.name]: MPI.INT16_T }[K.name];
    const all = data(K, total, root, 14);
    const forms = [
      () => [all, counts, T],
      () => [all, [counts, displs], T],
      () => [all, counts, displs, T],
      () => [all, Int32Array.from(counts), null, T],
      () => [all, counts],
      () => [all, [counts, displs]],
      () => [all, counts, displs],
    ];
    for (const form of forms) {
      const got = new K(counts[rank]);
      comm.Scatterv(rank === root ? form() : null, got, root);
      eq(got, all.subarray(displs[rank], displs[rank] + counts[rank]), `Scatterv ${K.name}`);
    }
    // Gatherv with gaps between blocks (displacements 2 apart from the packed ones)
    const gd = displs.map((d, i) => d + 2 * i);
    const mine = data(K, counts[rank], rank, 15);
    const g = rank === root ? new K(total + 2 * size).fill(zero(K)) : null;
    comm.Gatherv(mine, rank === root ? [g, counts, gd, T] : null, root);
    if (rank === root) for (let r = 0; r < size; r++) eq(g.subarray(gd[r], gd[r] + counts[r]), data(K, counts[r], r, 15), `Gatherv ${K.name}`);
    // Allgatherv
    const ag = new K(total);
    comm.Allgatherv(mine, [ag, counts, T]);
    for (let r = 0; r < size; r++) eq(ag.subarray(displs[r], displs[r] + counts[r]), data(K, counts[r], r, 15), `Allgatherv ${K.name}`);
    // Alltoallv: rank r sends vcount(r + j) elements to j
    const sc = range(size).map((j) => vcount(rank + j));
    const rc = range(size).map((j) => vcount(j + rank));
    const send = data(K, sc.reduce(add, 0), rank, 16);
    const recv = new K(rc.reduce(add, 0));
    comm.Alltoallv([send, sc, T], [recv, rc, T]);
    let off = 0;
    for (let j = 0; j < size; j++) {
      const sj = range(size).map((k) => vcount(j + k));
      const start = sj.slice(0, rank).reduce(add, 0);
      eq(recv.subarray(off, off + rc[j]), data(K, sj.reduce(add, 0), j, 16).subarray(start, start + rc[j]), `Alltoallv ${K.name}`);
      off += rc[j];
    }
  }
  // Gatherv IN_PLACE at the root, Allgatherv IN_PLACE
  const ag = new Float64Array(total);
  ag.set(data(Float64Array, counts[rank], rank, 17), displs[rank]);
  comm.Allgatherv(MPI.IN_PLACE, [ag, counts, displs, MPI.DOUBLE]);
  for (let r = 0; r < size; r++) eq(ag.subarray(displs[r], displs[r] + counts[r]), data(Float64Array, counts[r], r, 17));
});

testComms('Alltoallw: a datatype per block, byte displacements', (comm) => {
  const { rank, size } = comm;
  // To process j: j+1 doubles; from process j: rank+1 doubles; all as DOUBLE except odd j as 8-byte blocks of BYTE.
  const sc = [], sd = [], st = [], rc = [], rd = [], rt = [];
  let so = 0, ro = 0;
  for (let j = 0; j < size; j++) {
    const odd = j % 2 === 1;
    sc.push(odd ? (j + 1) * 8 : j + 1); sd.push(so); st.push(odd ? MPI.BYTE : MPI.DOUBLE); so += (j + 1) * 8;
    rc.push(odd ? (rank + 1) * 8 : rank + 1); rd.push(ro); rt.push(odd ? MPI.BYTE : MPI.DOUBLE); ro += (rank + 1) * 8;
  }
  const send = Float64Array.from({ length: so / 8 }, (_, i) => rank * 1000 + i);
  const recv = new Float64Array(ro / 8);
  comm.Alltoallw([send, sc, sd, st], [recv, rc, rd, rt]);
  for (let j = 0; j < size; j++) {
    const start = (range(rank).reduce((s, k) => s + k + 1, 0));
    eq(recv.subarray(rd[j] / 8, rd[j] / 8 + rank + 1), range(rank + 1).map((i) => j * 1000 + start + i));
  }
});

testComms('Reduce / Allreduce / Scan / Exscan: ops × kinds against a serial reduction', (comm) => {
  const { rank, size } = comm;
  const ranks = range(size);
  const n = 11;
  const cases = [
    [MPI.SUM, add, KINDS],
    [MPI.PROD, (a, b) => a * b, [Float64Array, BigInt64Array, Int32Array]],
    [MPI.MAX, (a, b) => (a > b ? a : b), KINDS],
    [MPI.MIN, (a, b) => (a < b ? a : b), KINDS],
    [MPI.BAND, (a, b) => a & b, [Int32Array, BigInt64Array, Uint8Array, Uint32Array]],
    [MPI.BOR, (a, b) => a | b, [Int32Array, BigUint64Array, Int16Array]],
    [MPI.BXOR, (a, b) => a ^ b, [Int32Array, Uint8Array]],
    [MPI.LAND, (a, b) => (a && b ? 1 : 0), [Int32Array]],
    [MPI.LOR, (a, b) => (a || b ? 1 : 0), [Int32Array]],
    [MPI.LXOR, (a, b) => (!a !== !b ? 1 : 0), [Int32Array]],
  ];
  const root = size > 1 ? 1 : 0;
  for (const [op, f, kinds] of cases) {
    for (const K of kinds) {
      const max = op === MPI.PROD ? 4 : op.predefinedName.startsWith('L') ? 2 : 20;
      const d = (r) => { const a = new K(n); const s = data(Float64Array, n, r, 20, max); for (let i = 0; i < n; i++) a[i] = isBig(K) ? BigInt(s[i]) : s[i]; return a; };
      const expect = (rs) => { const o = d(rs[0]); for (const r of rs.slice(1)) { const x = d(r); for (let i = 0; i < n; i++) o[i] = f(o[i], x[i]); } return o; };
      const ctx = `${op.predefinedName} ${K.name}`;
      let out = new K(n);
      comm.Allreduce(d(rank), out, op);
      eq(out, expect(ranks), `Allreduce ${ctx}`);
      out = rank === root ? new K(n) : null;
      comm.Reduce(d(rank), out, op, root);
      if (rank === root) eq(out, expect(ranks), `Reduce ${ctx}`);
      out = new K(n);
      comm.Scan(d(rank), out, { op });
      eq(out, expect(range(rank + 1)), `Scan ${ctx}`);
      out = new K(n).fill(zero(K));
      comm.Exscan(d(rank), out, op);
      if (rank > 0) eq(out, expect(range(rank)), `Exscan ${ctx}`);
    }
  }
  // default op is SUM; a Buffer (auto MPI.BYTE) reduces as UINT8_T
  const b = Buffer.alloc(3, 1);
  const out = Buffer.alloc(3);
  comm.Allreduce(b, out);
  eq(out, [size, size, size]);
});

testComms('MAXLOC / MINLOC with pair datatypes', (comm) => {
  const { rank, size } = comm;
  const n = 5;
  const value = (r, i) => ((r * 7 + i * 3) % 5) + (i % 2 ? 0.5 : 0);
  // DOUBLE_INT: 16-byte elements {double value; int index; 4 bytes padding}
  const buf = new ArrayBuffer(16 * n);
  const dv = new DataView(buf);
  for (let i = 0; i < n; i++) { dv.setFloat64(16 * i, value(rank, i), true); dv.setInt32(16 * i + 8, rank, true); }
  const out = new ArrayBuffer(16 * n);
  comm.Allreduce([buf, MPI.DOUBLE_INT], [out, MPI.DOUBLE_INT], MPI.MAXLOC);
  const ov = new DataView(out);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let r = 1; r < size; r++) if (value(r, i) > value(best, i)) best = r;
    assert.equal(ov.getFloat64(16 * i, true), value(best, i));
    assert.equal(ov.getInt32(16 * i + 8, true), best);
  }
  // TWOINT: an Int32Array of [value, index] pairs
  const pairs = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) { pairs[2 * i] = (rank * 5 + i * 11) % 7; pairs[2 * i + 1] = rank; }
  const res = new Int32Array(2 * n);
  comm.Allreduce([pairs, n, MPI.TWOINT], [res, n, MPI.TWOINT], MPI.MINLOC);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let r = 1; r < size; r++) if ((r * 5 + i * 11) % 7 < (best * 5 + i * 11) % 7) best = r;
    assert.deepEqual([res[2 * i], res[2 * i + 1]], [(best * 5 + i * 11) % 7, best]);
  }
});

testComms('Reduce_scatter and Reduce_scatter_block', (comm) => {
  const { rank, size } = comm;
  const ranks = range(size);
  const counts = ranks.map(vcount);
  const total = counts.reduce(add, 0);
  const sum = serial(Float64Array, total, ranks, 21, add);
  const start = counts.slice(0, rank).reduce(add, 0);
  let out = new Float64Array(counts[rank]);
  comm.Reduce_scatter(data(Float64Array, total, rank, 21), out, counts, MPI.SUM);
  eq(out, sum.subarray(start, start + counts[rank]));
  out = new Float64Array(counts[rank]);
  comm.Reduce_scatter(data(Float64Array, total, rank, 21), out); // counts from each recvbuf
  eq(out, sum.subarray(start, start + counts[rank]));
  const inplace = data(Float64Array, total, rank, 21);
  comm.Reduce_scatter(MPI.IN_PLACE, inplace, counts, MPI.SUM);
  eq(inplace.subarray(0, counts[rank]), sum.subarray(start, start + counts[rank]));
  const blk = new BigInt64Array(3);
  comm.Reduce_scatter_block(data(BigInt64Array, 3 * size, rank, 22), blk, MPI.SUM);
  eq(blk, serial(BigInt64Array, 3 * size, ranks, 22, add).subarray(3 * rank, 3 * rank + 3));
});

testComms('Op.Create: commutative and non-commutative user ops, typed views, throwing op', (comm) => {
  const { rank, size } = comm;
  const seen = new Set();
  const plus = MPI.Op.Create((inv, inout, type) => {
    seen.add(`${inv.constructor.name}/${type.name}`);
    for (let i = 0; i < inv.length; i++) inout[i] += inv[i];
  }, true);
  assert.equal(plus.Is_commutative(), true);
  const out = new Float32Array(4);
  comm.Allreduce(data(Float32Array, 4, rank, 23), out, plus);
  eq(out, serial(Float32Array, 4, range(size), 23, add));
  const bout = new BigInt64Array(4);
  comm.Allreduce(data(BigInt64Array, 4, rank, 24), bout, plus);
  eq(bout, serial(BigInt64Array, 4, range(size), 24, add));
  const allSeen = new Set(comm.allreduce([...seen], (a, b) => a.concat(b)));
  if (size > 1) assert.ok(allSeen.has('Float32Array/MPI_FLOAT') && allSeen.has('BigInt64Array/MPI_INT64_T'), [...allSeen].join());
  plus.Free();
  throwsLike(() => comm.Allreduce(Float64Array.of(1), new Float64Array(1), plus), Error, /freed/);
  // non-commutative: "first operand wins" is associative, so the result is rank 0's data
  const first = MPI.Op.Create((inv, inout) => { inout.set(inv); }, false);
  assert.equal(first.is_commutative, false);
  const f = new Int32Array(3);
  comm.Allreduce(data(Int32Array, 3, rank, 25), f, first);
  eq(f, data(Int32Array, 3, 0, 25));
  const sc = new Int32Array(3);
  comm.Scan(data(Int32Array, 3, rank, 25), sc, first);
  eq(sc, data(Int32Array, 3, 0, 25));
  first.Free();
  // a throwing op: an exception of the collective wherever MPI called it, never an abort
  const bad = MPI.Op.Create(() => { throw new Error('op failed on purpose'); }, true);
  let threw = false;
  try {
    comm.Allreduce(Float64Array.of(rank), new Float64Array(1), bad);
  } catch (e) {
    assert.match(e.message, /op failed on purpose/);
    threw = true;
  }
  const anyThrew = comm.allreduce(threw, MPI.LOR);
  if (size > 1) assert.ok(anyThrew, 'some rank saw the exception');
  bad.Free();
  const ok = new Float64Array(1);
  comm.Allreduce(Float64Array.of(1), ok);
  assert.equal(ok[0], size, 'the communicator works after a failed op');
});

testComms('object collectives: bcast, scatter, gather, allgather, alltoall', (comm) => {
  const { rank, size } = comm;
  const obj = (r) => ({ r, s: `rank${r}`, big: BigInt(r) * 10n ** 20n, a: new Float64Array([r, r + 0.5]), m: new Map([[r, [r]]]) });
  for (let root = 0; root < size; root++) {
    assert.deepEqual(comm.bcast(rank === root ? obj(root) : null, root), obj(root));
    assert.deepEqual(comm.scatter(rank === root ? range(size).map(obj) : null, { root }), obj(rank));
    const g = comm.gather(obj(rank), root);
    if (rank === root) assert.deepEqual(g, range(size).map(obj));
    else assert.equal(g, null);
  }
  assert.deepEqual(comm.allgather(obj(rank)), range(size).map(obj));
  assert.deepEqual(comm.alltoall(range(size).map((j) => [rank, j])), range(size).map((j) => [j, rank]));
  assert.equal(comm.bcast(undefined), undefined);
  assert.deepEqual(comm.allgather(null), range(size).map(() => null));
});

testComms('object collectives with each built-in serializer: every value kind, cycles, large typed arrays', async (comm) => {
  const { rank, size } = comm;
  for (const [name, values] of SERIALIZERS) {
    await withSerializer(name, () => {
      const root = size - 1;
      const got = comm.bcast(rank === root ? values() : null, root);
      values().forEach((v, i) => checkValue(got[i], v, `${name} bcast #${i}`));
      const all = comm.allgather([rank, values()[0]]);
      assert.deepStrictEqual(all, range(size).map((r) => [r, values()[0]]), `${name} allgather`);
      assert.deepStrictEqual(comm.scatter(rank === 0 ? range(size).map((r) => ({ r, s: `to ${r}` })) : null), { r: rank, s: `to ${rank}` }, `${name} scatter`);
      assert.equal(comm.allreduce(rank + 0.5), (size * size) / 2, `${name} allreduce`);
      if (name === 'json') return;
      checkCyclic(comm.bcast(rank === 0 ? cyclic() : null), `${name} bcast`);
      checkLargeArrays(comm.bcast(rank === 0 ? withLargeArrays(0) : null), 0, `${name} bcast`);
      const g = comm.gather(withLargeArrays(rank), 0);
      if (rank === 0) g.forEach((o, r) => checkLargeArrays(o, r, `${name} gather`));
    });
  }
});

testComms('object collective transport: slot boundaries, numbers beside objects, failures with long texts, no shared memory', (comm) => {
  const { rank, size } = comm;
  // Serialized sizes straddle the slot (256 bytes on small communicators): some ranks' bytes fit, others follow.
  const sized = (r) => ({ r, s: 'x'.repeat(200 + 20 * r) });
  assert.deepStrictEqual(comm.allgather(sized(rank)), range(size).map(sized));
  for (let root = 0; root < size; root++) assert.deepStrictEqual(comm.bcast(rank === root ? sized(root + 3) : null, root), sized(root + 3));
  // numbers travel raw: -0, NaN, Infinity, beside objects from other ranks
  const mixed = (r) => [-0, NaN, Infinity, 1e300, { r }][r % 5];
  assert.deepStrictEqual(comm.allgather(mixed(rank)), range(size).map(mixed));
  assert.ok(Object.is(comm.bcast(rank === 0 ? -0 : 1), -0), 'bcast keeps -0');
  // received values share no memory with the transport: later collectives leave them intact
  const arrays = comm.allgather(Float64Array.of(rank, rank + 0.25));
  const bytes = comm.bcast(Buffer.from('hello'));
  const large = comm.allgather(new Float64Array(40_000).fill(rank)); // 320 kB each: fresh memory
  comm.allgather({ pad: new Float64Array(20).fill(-1), s: 'y'.repeat(3000) });
  comm.bcast(new Uint8Array(200).fill(255));
  assert.deepStrictEqual(arrays, range(size).map((r) => Float64Array.of(r, r + 0.25)));
  assert.ok(Buffer.isBuffer(bytes) && bytes.toString() === 'hello');
  large.forEach((a, r) => assert.ok(a.length === 40_000 && a.every((x) => x === r), `large allgather from ${r}`));
  // p2p: a small received typed array survives the next message
  if (size > 1 && rank < 2) {
    const peer = 1 - rank;
    comm.send(Int16Array.of(rank, 7), peer, 5);
    const a = comm.recv(peer, 5);
    comm.send({ other: Int16Array.of(-1, -1, -1) }, peer, 5);
    comm.recv(peer, 5);
    assert.deepStrictEqual(a, Int16Array.of(peer, 7));
  }
  // a root error with a text longer than the slot reaches every rank whole
  const longName = 'q'.repeat(600);
  throwsLike(() => comm.bcast(rank === 0 ? { [longName]: () => 1 } : null, 0), Error, rank === 0 ? /clone|serializ/i : /the root \(rank 0\) failed/);
  throwsLike(() => comm.allreduce(rank === size - 1 ? () => 1 : rank), Error, rank === size - 1 ? /clone|serializ/i : new RegExp(`rank ${size - 1} failed`));
  assert.equal(comm.allreduce(1), size, 'the communicator still works');
});

testComms('object reductions: numbers, BigInt, strings, arrays, typed arrays, pairs, functions, Op.Create', (comm) => {
  const { rank, size } = comm;
  const ranks = range(size);
  const sumTo = (k) => (k * (k - 1)) / 2;
  assert.equal(comm.allreduce(rank), sumTo(size));
  assert.equal(comm.allreduce(rank + 1, MPI.PROD), ranks.reduce((p, r) => p * (r + 1), 1));
  assert.equal(comm.allreduce(BigInt(rank) + 2n ** 60n, MPI.SUM), ranks.reduce((s, r) => s + BigInt(r) + 2n ** 60n, 0n));
  assert.equal(comm.allreduce(String(rank)), ranks.join(''));
  assert.equal(comm.allreduce(rank, MPI.MAX), size - 1);
  assert.equal(comm.allreduce(rank, MPI.MIN), 0);
  assert.equal(comm.allreduce(rank === 0, MPI.LAND), size === 1);
  assert.equal(comm.allreduce(1 << rank, MPI.BOR), (1 << size) - 1);
  assert.deepEqual(comm.allreduce([rank, 1, [rank]]), [sumTo(size), size, [sumTo(size)]]);
  assert.deepEqual(comm.allreduce(Int32Array.of(rank, 2)), Int32Array.of(sumTo(size), 2 * size));
  const v = (r) => (r * 3) % 4;
  const best = ranks.reduce((b, r) => (v(r) > v(b) ? r : b), 0);
  assert.deepEqual(comm.allreduce([v(rank), rank], MPI.MAXLOC), [v(best), best]);
  assert.deepEqual(comm.allreduce([v(rank), rank], { op: MPI.MINLOC }), [0, 0]);
  assert.deepEqual(comm.allreduce([rank], (a, b) => a.concat(b)), ranks);
  const root = size - 1;
  const red = comm.reduce(rank, MPI.SUM, root);
  assert.equal(red, rank === root ? sumTo(size) : null);
  assert.deepEqual(comm.scan([rank]), [sumTo(rank + 1)]);
  assert.equal(comm.scan(String(rank), (a, b) => `${a}<${b}`), range(rank + 1).join('<'));
  const ex = comm.exscan(rank + 1);
  assert.equal(ex, rank === 0 ? undefined : sumTo(rank + 1));
  const user = MPI.Op.Create((inv, inout) => { for (let i = 0; i < inv.length; i++) inout[i] = Math.max(inv[i], inout[i]); }, true);
  assert.deepEqual(comm.allreduce(Float64Array.of(rank, 10 - rank), user), Float64Array.of(size - 1, 10));
  user.Free();
});

// Typed arrays were recognised by constructor identity: a Float64Array of another realm (a vm
// context) was reduced as bytes (NaN), and travelled in object messages as a plain array.
testComms('typed arrays and buffers of another realm keep their kind: Allreduce, object messages', async (comm) => {
  const { rank, size } = comm;
  const [x, y, i32, dv, ab] = vm.runInNewContext(`[Float64Array.of(1.5, -2, 1e300), new Float64Array(3), Int32Array.of(7, -7),
    new DataView(Uint8Array.of(1, 2, 3).buffer), Uint8Array.of(9, 8).buffer]`);
  x[0] += rank;
  comm.Allreduce(x, y, MPI.SUM);
  assert.deepEqual([...y], [1.5 * size + (size * (size - 1)) / 2, -2 * size, 1e300 * size]);
  comm.Allreduce(MPI.IN_PLACE, i32, MPI.MAX);
  assert.deepEqual([...i32], [7, -7]);
  const big = vm.runInNewContext('(n) => new Float64Array(n).fill(2.5)')(10000); // out of band (80 kB)
  for (const [name] of SERIALIZERS.filter(([n]) => n !== 'json')) {
    await withSerializer(name, () => {
      const got = comm.sendrecv({ x, i32, dv, ab, big }, (rank + 1) % size, 5, (rank + size - 1) % size, 5);
      assert.ok(got.x instanceof Float64Array && got.i32 instanceof Int32Array, `${name}: typed arrays keep their kind`);
      assert.deepEqual([...got.x], [1.5 + ((rank + size - 1) % size), -2, 1e300]);
      assert.deepEqual([...got.i32], [7, -7]);
      assert.ok(got.dv instanceof DataView && got.ab instanceof ArrayBuffer, `${name}: DataView and ArrayBuffer`);
      assert.deepEqual([...new Uint8Array(got.dv.buffer, got.dv.byteOffset, got.dv.byteLength)], [1, 2, 3]);
      assert.deepEqual([...new Uint8Array(got.ab)], [9, 8]);
      assert.ok(got.big instanceof Float64Array && got.big.length === 10000 && got.big[9999] === 2.5, `${name}: large array`);
    });
  }
  // lower-case reductions of typed arrays (element-wise) and a user op's datatype
  assert.deepEqual([...comm.allreduce(vm.runInNewContext('Int32Array.of(1, 2)'))], [size, 2 * size]);
  let seen = null;
  const op = MPI.Op.Create((inv, inout, type) => { seen = type; for (let k = 0; k < inv.length; k++) inout[k] += inv[k]; }, true);
  assert.deepEqual([...comm.allreduce(vm.runInNewContext('Float64Array.of(0.5)'), op)], [0.5 * size]);
  if (size > 1) assert.equal(seen, MPI.DOUBLE);
  op.Free();
});

testComms('argument errors: TypeError/RangeError before MPI, consistently on every rank', (comm) => {
  const { rank, size } = comm;
  const buf = new Float64Array(4);
  throwsLike(() => comm.Bcast(buf, size), RangeError, /Comm\.Bcast: argument 'root' is out of range/);
  throwsLike(() => comm.Bcast(buf, 'x'), TypeError, /Comm\.Bcast: unexpected option|root/);
  throwsLike(() => comm.Bcast(MPI.IN_PLACE, 0), TypeError, /IN_PLACE/);
  throwsLike(() => comm.Allgather(buf, new Float64Array(4 * size - size)), RangeError, /Comm\.Allgather: .*recvbuf/);
  if (size > 1) throwsLike(() => comm.Allgather(buf, [new Float64Array(4), 4, MPI.DOUBLE]), RangeError, /too small/);
  throwsLike(() => comm.Allreduce(buf, new Float64Array(2)), RangeError, /recvbuf' is too small/);
  // As mpi4py, a reduction's counts must match: a larger recvbuf, or recvcounts that do not add up to the send count, are errors.
  throwsLike(() => comm.Allreduce(buf, new Float64Array(5)), RangeError, /Comm\.Allreduce: argument 'recvbuf' is too large: it holds 5 element\(s\), the reduction has 4/);
  throwsLike(() => comm.Iallreduce(buf, new Float64Array(5)), RangeError, /Comm\.Iallreduce: argument 'recvbuf' is too large/);
  throwsLike(() => MPI.COMM_SELF.Reduce(buf, new Float64Array(8), MPI.SUM, 0), RangeError, /Comm\.Reduce: argument 'recvbuf' is too large/);
  throwsLike(() => comm.Scan(buf, new Float64Array(8)), RangeError, /Intracomm\.Scan: argument 'recvbuf' is too large/);
  throwsLike(() => comm.Reduce_scatter(new Float64Array(2 * size + 1), new Float64Array(2), range(size).map(() => 2)), RangeError,
    /Comm\.Reduce_scatter: argument 'sendbuf' holds \d+ element\(s\) but the recvcounts add up to/);
  throwsLike(() => comm.Allreduce(buf, new Float64Array(4), MPI.BAND), TypeError, /MPI\.BAND is not defined for the datatype MPI\.DOUBLE/);
  throwsLike(() => comm.Allreduce(buf, new Float64Array(4), 'sum'), TypeError, /op/);
  throwsLike(() => comm.Allreduce(buf, new Float32Array(4)), TypeError, /datatypes/);
  throwsLike(() => comm.Allgatherv(buf, [new Float64Array(8), 'x']), TypeError, /recvbuf counts/);
  throwsLike(() => comm.Allgatherv(buf, [new Float64Array(8), range(size + 1), MPI.DOUBLE]), RangeError, /one per process/);
  throwsLike(() => comm.Allgatherv(buf, [new Float64Array(1), range(size).map(() => 4), MPI.DOUBLE]), RangeError, /too small/);
  throwsLike(() => comm.Alltoallw([buf, 5, range(size), MPI.DOUBLE], [buf, 5, range(size), MPI.DOUBLE]), RangeError, /too small/);
  throwsLike(() => comm.bcast(1, -5), RangeError, /root/);
  // root-side errors of lower-case collectives reach every rank
  throwsLike(() => comm.scatter(rank === 0 ? range(size + 1) : null, 0), RangeError.prototype.isPrototypeOf ? Error : Error, /sendobj' must have/);
  throwsLike(() => comm.bcast(rank === 0 ? () => 1 : null, 0), Error, /clone|serializ|could not/i);
  throwsLike(() => comm.allgather(rank === size - 1 ? Symbol('x') : 1), Error, /serializ|Symbol|rank/i);
  throwsLike(() => comm.alltoall(rank === 0 ? [...range(size), 99] : range(size)), Error, /sendobj|rank 0/);
  if (size === 1) throwsLike(() => comm.alltoall([1, 2]), RangeError, /one per process/);
  // a root buffer too small for size × count is a RangeError (on COMM_SELF every rank is the root)
  throwsLike(() => MPI.COMM_SELF.Scatter([new Float64Array(3), 4, MPI.DOUBLE], new Float64Array(4), 0), RangeError, /sendbuf' is too small/);
  throwsLike(() => MPI.COMM_SELF.Gather(buf, new Float64Array(3), 0), RangeError, /recvbuf/);
  throwsLike(() => MPI.COMM_SELF.Scatterv([new Float64Array(3), [4], MPI.DOUBLE], new Float64Array(4), 0), RangeError, /too small/);
  const dead = comm.Dup();
  dead.Free();
  throwsLike(() => dead.Allreduce(buf, new Float64Array(4)), Error, /freed/);
  throwsLike(() => dead.allreduce(1), Error, /freed/);
  throwsLike(() => MPI.Op.Create(42), TypeError, /Op\.Create/);
  throwsLike(() => MPI.SUM.Free(), Error, /predefined/);
  // the communicator still works
  assert.equal(comm.allreduce(1), size);
});

await run();
