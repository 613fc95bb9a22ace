// Derived datatypes: every constructor's type map checked by sending through it (Sendrecv to
// self) and comparing with a hand-packed array; extents, Pack/Unpack, bounds and errors.
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const iota = (n) => Float64Array.from({ length: n }, (_, i) => i + 1);
const pick = (src, idx) => Float64Array.from(idx, (i) => src[i]);

/** Sends `count` elements of `type` from `src` to self and receives them contiguously. */
function through(comm, src, type, count, n) {
  const got = new Float64Array(n);
  const r = comm.Get_rank();
  comm.Sendrecv([src, count, type], r, 5, [got, n, MPI.DOUBLE], r, 5);
  return got;
}

const CASES = [
  ['Create_contiguous(3) x2', () => MPI.DOUBLE.Create_contiguous(3), 2, [0, 1, 2, 3, 4, 5]],
  ['Create_vector(3, 2, 4)', () => MPI.DOUBLE.Create_vector(3, 2, 4), 1, [0, 1, 4, 5, 8, 9]],
  ['Create_hvector(3, 2, 32 bytes)', () => MPI.DOUBLE.Create_hvector(3, 2, 32), 1, [0, 1, 4, 5, 8, 9]],
  ['Create_indexed([2,1,3], [0,5,8])', () => MPI.DOUBLE.Create_indexed([2, 1, 3], [0, 5, 8]), 1, [0, 1, 5, 8, 9, 10]],
  ['Create_indexed_block(2, [1,6,3])', () => MPI.DOUBLE.Create_indexed_block(2, [1, 6, 3]), 1, [1, 2, 6, 7, 3, 4]],
  ['Create_hindexed([2,1], [24,0])', () => MPI.DOUBLE.Create_hindexed([2, 1], [24, 0]), 1, [3, 4, 0]],
  ['Create_hindexed_block(1, [16,0,40])', () => MPI.DOUBLE.Create_hindexed_block(1, [16, 0, 40]), 1, [2, 0, 5]],
  ['Create_subarray C order', () => MPI.DOUBLE.Create_subarray([4, 5], [2, 3], [1, 2]), 1, [7, 8, 9, 12, 13, 14]],
  ['Create_subarray Fortran order', () => MPI.DOUBLE.Create_subarray([4, 5], [2, 3], [1, 2], MPI.ORDER_FORTRAN), 1,
    [9, 10, 13, 14, 17, 18]],
  ['Create_resized(vector(2,1,3), 0, 8) x3', () => MPI.DOUBLE.Create_vector(2, 1, 3).Create_resized(0, 8), 3, [0, 3, 1, 4, 2, 5]],
  ['Dup of vector(2,2,3)', () => MPI.DOUBLE.Create_vector(2, 2, 3).Dup(), 1, [0, 1, 3, 4]],
  ['Create_struct of one double block', () => MPI.Datatype.Create_struct([2, 1], [8, 32], [MPI.DOUBLE, MPI.DOUBLE]), 1, [1, 2, 4]],
];

for (const [name, make, count, idx] of CASES) {
  testComms(`type map: ${name}`, (comm) => {
    const t = make();
    assert.equal(t.Commit(), t, 'Commit returns itself');
    const src = iota(24);
    assert.deepEqual(through(comm, src, t, count, idx.length), pick(src, idx));
    assert.equal(t.Get_size(), idx.length * 8 / count);
    t.Free();
  });
}

testComms('type map: Create_struct of mixed types against hand-packed bytes', (comm) => {
  const t = MPI.Datatype.Create_struct([1, 2], [0, 8], [MPI.INT32_T, MPI.DOUBLE]).Commit();
  const packed = MPI.Datatype.Create_struct([1, 2], [0, 4], [MPI.INT32_T, MPI.DOUBLE]).Create_resized(0, 20).Commit();
  assert.equal(t.Get_size(), 20);
  assert.deepEqual(t.Get_extent(), [0, 24]);
  const src = new Uint8Array(48).map((_, i) => i + 1);
  const got = new Uint8Array(40);
  const r = comm.Get_rank();
  comm.Sendrecv([src, 2, t], r, 6, [got, 2, packed], r, 6);
  const want = new Uint8Array(40);
  for (let e = 0; e < 2; e++) {
    want.set(src.subarray(24 * e, 24 * e + 4), 20 * e);
    want.set(src.subarray(24 * e + 8, 24 * e + 24), 20 * e + 4);
  }
  assert.deepEqual(got, want);
  t.Free();
  packed.Free();
});

test('extents: vector, resized, subarray', () => {
  const v = MPI.DOUBLE.Create_vector(3, 1, 4);
  assert.equal(v.Get_size(), 24);
  assert.deepEqual(v.Get_extent(), [0, 72]);
  assert.deepEqual(v.Get_true_extent(), [0, 72]);
  const r = v.Create_resized(-8, 32);
  assert.deepEqual(r.Get_extent(), [-8, 32]);
  assert.deepEqual(r.Get_true_extent(), [0, 72]);
  assert.equal(r.extent, 32);
  assert.equal(r.lb, -8);
  const s = MPI.INT32_T.Create_subarray([4, 5], [2, 3], [1, 2]);
  assert.deepEqual(s.Get_extent(), [0, 80]);
  assert.deepEqual(s.Get_true_extent(), [28, 32]);
  for (const t of [v, r, s]) t.Free();
});

testComms('bounds: a vector past the end of the array is a RangeError before MPI', (comm) => {
  const v = MPI.DOUBLE.Create_vector(3, 1, 4).Commit();
  const a = new Float64Array(9);
  const r = comm.Get_rank();
  // one element needs 9 doubles: fits exactly; two need 13
  comm.Sendrecv([a, 1, v], r, 0, [new Float64Array(3), 3, MPI.DOUBLE], r, 0);
  throwsLike(() => comm.Sendrecv([new Float64Array(8), 1, v], r, 0, [new Float64Array(3), MPI.DOUBLE], r, 0), RangeError, /Comm\.Sendrecv.*sendbuf/);
  throwsLike(() => comm.Send([a, 2, v], r, 0), RangeError, /Comm\.Send.*buf/);
  throwsLike(() => comm.Recv([a, [1, 1], v], r, 0), RangeError, /Comm\.Recv/);
  v.Free();
});

testComms('uncommitted and freed types are refused clearly', (comm) => {
  const r = comm.Get_rank();
  const v = MPI.DOUBLE.Create_vector(2, 1, 2);
  const a = new Float64Array(4);
  throwsLike(() => comm.Sendrecv([a, 1, v], r, 0, [new Float64Array(2), MPI.DOUBLE], r, 0), TypeError, /not committed/);
  v.Commit();
  comm.Sendrecv([a, 1, v], r, 0, [new Float64Array(2), MPI.DOUBLE], r, 0);
  v.Free();
  throwsLike(() => comm.Send([a, 1, v], r, 0), Error, /freed/);
  throwsLike(() => v.Get_size(), Error, /freed/);
  throwsLike(() => v.Free(), Error, /freed/);
  throwsLike(() => MPI.DOUBLE.Free(), Error, /predefined/);
});

test('constructor argument errors name method and argument', () => {
  throwsLike(() => MPI.DOUBLE.Create_vector('3', 1, 2), TypeError, /Datatype\.Create_vector: argument 'count'/);
  throwsLike(() => MPI.DOUBLE.Create_vector(-1, 1, 2), RangeError, /Create_vector: argument 'count'/);
  throwsLike(() => MPI.DOUBLE.Create_indexed([1, 2], [0]), RangeError, /Create_indexed.*same length/);
  throwsLike(() => MPI.DOUBLE.Create_indexed([1, 'x'], [0, 1]), TypeError, /blocklengths\[1\]/);
  throwsLike(() => MPI.DOUBLE.Create_subarray([4, 4], [3, 3], [2, 0]), RangeError, /Create_subarray.*subsizes\[0\]/);
  throwsLike(() => MPI.DOUBLE.Create_subarray([4], [2], [0], 12345), TypeError, /order/);
  throwsLike(() => MPI.Datatype.Create_struct([1], [0], [Float64Array]), TypeError, /datatypes\[0\]/);
  throwsLike(() => MPI.DOUBLE.Create_resized(0, 1.5), TypeError, /Create_resized: argument 'extent'/);
  throwsLike(() => MPI.DOUBLE.Create_hvector(2, 1, null), TypeError, /stride/);
});

testComms('Pack / Unpack / Pack_size round trip', (comm) => {
  const v = MPI.DOUBLE.Create_vector(3, 1, 4).Commit();
  const src = iota(9);
  const size = v.Pack_size(1, comm);
  assert.ok(size >= 24);
  const buf = new Uint8Array(size + 8);
  let pos = v.Pack(src, buf, 0, comm);
  assert.equal(pos, 24);
  pos = MPI.INT32_T.Pack(new Int32Array([42]), buf, pos, comm);
  assert.equal(pos, 28);
  const out = new Float64Array(9);
  let p = v.Unpack(buf, 0, out, comm);
  assert.equal(p, 24);
  assert.deepEqual(Array.from(out), [1, 0, 0, 0, 5, 0, 0, 0, 9]);
  const n = new Int32Array(1);
  p = MPI.INT32_T.Unpack(buf, p, n, comm);
  assert.equal(n[0], 42);
  assert.deepEqual(new Float64Array(buf.buffer, 0, 3), pick(src, [0, 4, 8]));
  throwsLike(() => v.Pack(src, new Uint8Array(8), 0, comm), RangeError, /Datatype\.Pack: argument 'outbuf' is too small/);
  throwsLike(() => v.Unpack(new Uint8Array(30), 8, out, comm), RangeError, /Datatype\.Unpack: argument 'inbuf' is too small/);
  throwsLike(() => v.Pack(src, buf, 1000, comm), RangeError, /position/);
  throwsLike(() => v.Pack('x', buf, 0, comm), TypeError, /Datatype\.Pack: argument 'inbuf'/);
  v.Free();
});

await run();
