// Derived datatypes: every constructor's type map checked by sending through it (Sendrecv to
// self) and comparing with a hand-packed array; extents, Pack/Unpack, bounds and errors.
import { createRequire } from 'node:module';
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const require = createRequire(import.meta.url);
const { native } = require('../../dist/cjs/native.js');
const { HANDLE } = require('../../dist/cjs/handle.js');

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

// MPI computes extents in 64 bits and wraps silently: BYTE.Create_hvector(4097, 1, 2 ** 52) reported
// extent 1 and size 4097, and a Send of one element read far past the buffer (SIGSEGV on both MPIs).
test('datatypes whose extents or size leave 2^53 bytes are refused at construction, in both layers', () => {
  const T = native.constants.datatypes;
  const big = MPI.BYTE.Create_resized(0, 2 ** 40); // a legal type of extent 2^40
  const mib = MPI.BYTE.Create_contiguous(2 ** 20);
  const cases = [
    // [constructor call, its raw-layer twin]
    [() => MPI.BYTE.Create_hvector(4097, 1, 2 ** 52), () => native.typeHvector(4097, 1, 2 ** 52, T.BYTE), 'Create_hvector'],
    [() => MPI.DOUBLE.Create_vector(2 ** 31 - 1, 1, 2 ** 31 - 1), () => native.typeVector(2 ** 31 - 1, 1, 2 ** 31 - 1, T.DOUBLE), 'Create_vector'],
    [() => big.Create_contiguous(2 ** 24), () => native.typeContiguous(2 ** 24, big[HANDLE]), 'Create_contiguous'],
    [() => big.Create_indexed([1, 1], [0, 2 ** 31 - 1]), () => native.typeIndexed([1, 1], [0, 2 ** 31 - 1], big[HANDLE]), 'Create_indexed'],
    [() => big.Create_indexed_block(1, [0, 2 ** 31 - 1]), () => native.typeIndexedBlock(1, [0, 2 ** 31 - 1], big[HANDLE]), 'Create_indexed_block'],
    [() => MPI.DOUBLE.Create_hindexed([1, 1], [0, 2 ** 53 - 1]), () => native.typeHindexed([1, 1], [0, 2 ** 53 - 1], T.DOUBLE), 'Create_hindexed'],
    // bounds within 2^53 but an extent beyond
    [() => MPI.DOUBLE.Create_hindexed_block(2, [-(2 ** 52), 2 ** 52]), () => native.typeHindexedBlock(2, [-(2 ** 52), 2 ** 52], T.DOUBLE), 'Create_hindexed_block'],
    [() => MPI.Datatype.Create_struct([1, 2 ** 31 - 1], [0, 0], [MPI.BYTE, big]),
      () => native.typeStruct([1, 2 ** 31 - 1], [0, 0], [T.BYTE, big[HANDLE]]), 'Create_struct'],
    // 2^64 elements: MPI's product wraps to 0
    [() => MPI.BYTE.Create_subarray([65536, 65536, 65536, 65536], [1, 1, 1, 1], [0, 0, 0, 0]),
      () => native.typeSubarray([65536, 65536, 65536, 65536], [1, 1, 1, 1], [0, 0, 0, 0], MPI.ORDER_C, T.BYTE), 'Create_subarray'],
    [() => MPI.BYTE.Create_resized(2 ** 53 - 1, 2 ** 53 - 1), () => native.typeResized(T.BYTE, 2 ** 53 - 1, 2 ** 53 - 1), 'Create_resized'],
    // a size beyond the extent: 2^31-1 overlapping blocks of 2^31-1 copies of a 2^20-byte element
    [() => mib.Create_hvector(2 ** 31 - 1, 2 ** 31 - 1, 0), () => native.typeHvector(2 ** 31 - 1, 2 ** 31 - 1, 0, mib[HANDLE]), 'Create_hvector'],
  ];
  for (const [make, raw, name] of cases) {
    throwsLike(make, RangeError, new RegExp(`^Datatype\\.${name}: arguments? .* exceed 2\\^53-1 bytes`));
    throwsLike(raw, RangeError, new RegExp(`^native: ${name}: .* exceed 2\\^53-1 bytes`));
  }
  big.Free();
  mib.Free();
});

testComms('the largest datatypes that fit are exact, and a buffer check at use refuses them', (comm) => {
  const r = comm.Get_rank();
  const t = MPI.BYTE.Create_hvector(2, 1, 2 ** 52).Commit();
  assert.equal(t.Get_size(), 2);
  assert.deepEqual(t.Get_extent(), [0, 2 ** 52 + 1]);
  assert.deepEqual(t.Get_true_extent(), [0, 2 ** 52 + 1]);
  throwsLike(() => comm.Send([new Uint8Array(16), 1, t], r, 0), RangeError, /^Comm\.Send: argument 'buf' is too small/);
  throwsLike(() => native.send(0, comm[HANDLE], new Uint8Array(16), 0, 1, t[HANDLE], r, 0), RangeError, /buffer too small/);
  // negative bounds as far as they go
  const n = MPI.BYTE.Create_resized(-(2 ** 53 - 1), 2 ** 53 - 1);
  assert.deepEqual(n.Get_extent(), [-(2 ** 53 - 1), 2 ** 53 - 1]);
  // overlapping blocks (size above the true extent) are legal to send
  const o = MPI.DOUBLE.Create_vector(3, 1, 0).Commit();
  assert.deepEqual([o.Get_size(), o.Get_true_extent()[1]], [24, 8]);
  const got = new Float64Array(3);
  comm.Sendrecv([Float64Array.of(7), 1, o], r, 0, got, r, 0);
  assert.deepEqual([...got], [7, 7, 7]);
  for (const x of [t, n, o]) x.Free();
});

testComms('Pack / Unpack refuse inbuf and outbuf in the same memory (ArrayBuffer, SharedArrayBuffer)', (comm) => {
  const T = native.constants.datatypes;
  for (const mem of [new ArrayBuffer(128), new SharedArrayBuffer(128)]) {
    const elems = new Float64Array(mem, 0, 4);
    const packed = new Uint8Array(mem, 8, 64);
    throwsLike(() => MPI.DOUBLE.Pack(elems, packed, 0, comm), RangeError,
      /^Datatype\.Pack: arguments 'inbuf' and 'outbuf' overlap in memory \(bytes 8\.\.32 of the same buffer\)/);
    throwsLike(() => MPI.DOUBLE.Unpack(packed, 0, elems, comm), RangeError, /^Datatype\.Unpack: arguments 'inbuf' and 'outbuf' overlap/);
    // a strided type: its hull covers the packed bytes
    const v = MPI.DOUBLE.Create_vector(2, 1, 3).Commit();
    throwsLike(() => v.Pack(new Float64Array(mem, 0, 4), new Uint8Array(mem, 16, 16), 0, comm), RangeError, /Datatype\.Pack: .*overlap/);
    v.Free();
    // the raw layer compares addresses: a second SharedArrayBuffer object of the same memory too
    const alias = mem instanceof SharedArrayBuffer ? structuredClone(mem) : mem;
    throwsLike(() => native.typePack(elems, 0, 4, T.DOUBLE, new Uint8Array(alias, 8, 64), 0, comm[HANDLE]), RangeError, /^Pack: inbuf and outbuf overlap/);
    throwsLike(() => native.typeUnpack(new Uint8Array(alias, 8, 64), 0, elems, 0, 4, T.DOUBLE, comm[HANDLE]), RangeError, /^Unpack: inbuf and outbuf overlap/);
    if (mem instanceof SharedArrayBuffer) {
      throwsLike(() => MPI.DOUBLE.Pack(elems, new Uint8Array(alias, 8, 64), 0, comm), RangeError, /^Pack: inbuf and outbuf overlap/);
    }
    // disjoint parts of one buffer are fine
    elems.set([1, 2, 3, 4]);
    const after = new Uint8Array(mem, 32, 32);
    assert.equal(MPI.DOUBLE.Pack(elems, after, 0, comm), 32);
    const back = new Float64Array(mem, 96, 4);
    assert.equal(MPI.DOUBLE.Unpack(after, 0, back, comm), 32);
    assert.deepEqual([...back], [1, 2, 3, 4]);
  }
});

await run();
