// Unit tests of the buffer-specification parser (src/bufspec.ts), run as a singleton.
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { MPI, assert, test, throwsLike, run } from './lib/suite.mjs';

const require = createRequire(import.meta.url);
const { parseBuffer, Msg } = require('../../dist/cjs/bufspec.js');
const P = (spec) => parseBuffer('Test.M', 'buf', spec, new Msg());

test('typed arrays name their datatype; count is in elements', () => {
  const cases = [
    [new Float64Array(5), MPI.DOUBLE, 5], [new Float32Array(5), MPI.FLOAT, 5], [new Int8Array(5), MPI.INT8_T, 5],
    [new Uint8Array(5), MPI.BYTE, 5], [new Uint8ClampedArray(5), MPI.UINT8_T, 5], [new Int16Array(5), MPI.INT16_T, 5],
    [new Uint16Array(5), MPI.UINT16_T, 5], [new Int32Array(5), MPI.INT32_T, 5], [new Uint32Array(5), MPI.UINT32_T, 5],
    [new BigInt64Array(5), MPI.INT64_T, 5], [new BigUint64Array(5), MPI.UINT64_T, 5], [Buffer.alloc(5), MPI.BYTE, 5],
    [new DataView(new ArrayBuffer(12), 4), MPI.BYTE, 8], [new ArrayBuffer(7), MPI.BYTE, 7], [new SharedArrayBuffer(9), MPI.BYTE, 9],
  ];
  for (const [buf, type, count] of cases) {
    const m = P(buf);
    assert.equal(m.type, type, buf.constructor.name);
    assert.equal(m.count, count, buf.constructor.name);
    assert.equal(m.offset, 0);
  }
  class MyFloats extends Float64Array {}
  assert.equal(P(new MyFloats(2)).type, MPI.DOUBLE);
  // SharedArrayBuffers reach the addon as a cached byte view.
  const sab = new SharedArrayBuffer(4);
  assert.ok(P(sab).buf instanceof Uint8Array);
  assert.equal(P(sab).buf, P(sab).buf);
});

test('views and buffers of another realm, and spoofed constructors, are recognised by their kind', () => {
  const cases = vm.runInNewContext(`[[new Float64Array(5), 'DOUBLE', 5], [new Float32Array(5), 'FLOAT', 5], [new Int8Array(5), 'INT8_T', 5],
    [new Uint8Array(5), 'BYTE', 5], [new Uint8ClampedArray(5), 'UINT8_T', 5], [new Int16Array(5), 'INT16_T', 5],
    [new Uint16Array(5), 'UINT16_T', 5], [new Int32Array(5), 'INT32_T', 5], [new Uint32Array(5), 'UINT32_T', 5],
    [new BigInt64Array(5), 'INT64_T', 5], [new BigUint64Array(5), 'UINT64_T', 5],
    [new DataView(new ArrayBuffer(12), 4), 'BYTE', 8], [new ArrayBuffer(7), 'BYTE', 7], [new SharedArrayBuffer(9), 'BYTE', 9]]`);
  for (const [buf, type, count] of cases) {
    assert.ok(!(buf instanceof Object), 'a value of the other realm');
    const m = P(buf);
    assert.equal(m.type, MPI[type], Object.prototype.toString.call(buf));
    assert.equal(m.count, count, Object.prototype.toString.call(buf));
  }
  assert.equal(P([cases[0][0], 2, MPI.DOUBLE]).count, 2);
  // neither the constructor nor Symbol.toStringTag decides the kind
  const u8 = new Uint8Array(16);
  u8.constructor = Float64Array;
  assert.deepEqual([P(u8).type, P(u8).count], [MPI.BYTE, 16]);
  class Disguised extends Uint8Array {
    get [Symbol.toStringTag]() { return 'Float64Array'; }
  }
  assert.deepEqual([P(new Disguised(16)).type, P(new Disguised(16)).count], [MPI.BYTE, 16]);
  // integer lists (an Int32Array of another realm)
  const t = MPI.DOUBLE.Create_indexed(vm.runInNewContext('Int32Array.of(1, 1)'), vm.runInNewContext('Int32Array.of(0, 2)'));
  assert.equal(t.Get_size(), 16);
  t.Free();
});

test('[buf, datatype], [buf, count, datatype], [buf, [count, displ], datatype]', () => {
  const b = new Float64Array(10);
  let m = P([b, MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset, m.type], [10, 0, MPI.DOUBLE]);
  m = P([b, MPI.INT32_T]);
  assert.deepEqual([m.count, m.type], [20, MPI.INT32_T]);
  m = P([b, 4, MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset], [4, 0]);
  m = P([b, [3, 7], MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset], [3, 56]);
  m = P([b, [0, 10], MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset], [0, 80]);
  m = P([new ArrayBuffer(16), MPI.INT32_T]);
  assert.equal(m.count, 4);
  m = P([new SharedArrayBuffer(16), 2, MPI.DOUBLE]);
  assert.equal(m.count, 2);
});

test("mpi4py's other forms: null buffer, [buf, count], [buf, [count, displ]], 4 items, null items (issue #17)", () => {
  const b = new Float64Array(10);
  let m = P(null);
  assert.deepEqual([m.buf, m.count, m.type], [null, 0, MPI.BYTE]);
  m = P([null, 0, MPI.BYTE]);
  assert.deepEqual([m.buf, m.count], [null, 0]);
  m = P([b, 4]);
  assert.deepEqual([m.count, m.offset, m.type], [4, 0, MPI.DOUBLE]);
  m = P([b, [3, 7]]);
  assert.deepEqual([m.count, m.offset, m.type], [3, 56, MPI.DOUBLE]);
  m = P([b, 2, 5, MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset], [2, 40]);
  m = P([b, null, MPI.DOUBLE]);
  assert.equal(m.count, 10);
  m = P([b, null, 4, MPI.DOUBLE]);
  assert.deepEqual([m.count, m.offset], [6, 32]);
  m = P([b, 3, null, null]);
  assert.deepEqual([m.count, m.offset, m.type], [3, 0, MPI.DOUBLE]);
  m = P([new Int32Array(6), [null, 2], null]);
  assert.deepEqual([m.count, m.offset, m.type], [4, 8, MPI.INT32_T]);
  m = P([new ArrayBuffer(8), 8]);
  assert.deepEqual([m.count, m.type], [8, MPI.BYTE]);
  throwsLike(() => P([null, 1, MPI.BYTE]), RangeError, /is too small: 1 element/);
  // Point to point with the null buffer, as mpi4py's None.
  MPI.COMM_WORLD.Send(null, MPI.PROC_NULL);
  MPI.COMM_WORLD.Recv(null, MPI.PROC_NULL);
  MPI.COMM_SELF.Sendrecv(null, 0, 5, null, 0, 5);
  MPI.COMM_SELF.Sendrecv([b, 2], 0, 6, [b, [2, 4]], 0, 6);
  assert.equal(b[4], 0);
});

test('errors name the method and the argument, before MPI is called', () => {
  const b = new Float64Array(4);
  throwsLike(() => P({}), TypeError, /^Test\.M: argument 'buf' must be a TypedArray/);
  throwsLike(() => P(undefined), TypeError, /Test\.M: argument 'buf'/);
  throwsLike(() => P(42), TypeError, /got number 42/);
  throwsLike(() => P([b]), TypeError, /\[buf, datatype\]/);
  throwsLike(() => P([b, 1, 2, 3, MPI.DOUBLE]), TypeError, /\[buf, datatype\]/);
  throwsLike(() => P([b, 1, 2, 'DOUBLE']), TypeError, /argument 'buf\[3\]' must be an MPI\.Datatype/);
  throwsLike(() => P([b, 'DOUBLE']), TypeError, /argument 'buf\[1\]' must be an MPI\.Datatype or a count/);
  throwsLike(() => P([b, 2, 3, MPI.DOUBLE]), RangeError, /is too small: 2 element\(s\) of DOUBLE at displacement 3 need 40 bytes/);
  throwsLike(() => P([b, 5, MPI.DOUBLE]), RangeError, /is too small: 5 element\(s\) of DOUBLE need 40 bytes, the buffer has 32/);
  throwsLike(() => P([b, [2, 3], MPI.DOUBLE]), RangeError, /at displacement 3 need 40 bytes/);
  throwsLike(() => P([b, 1.5, MPI.DOUBLE]), TypeError, /count/);
  throwsLike(() => P([b, -1, MPI.DOUBLE]), RangeError, /count/);
  throwsLike(() => P([b, NaN, MPI.DOUBLE]), TypeError, /count/);
  throwsLike(() => P([b, [1, -1], MPI.DOUBLE]), RangeError, /displacement/);
  throwsLike(() => P([b, [1], MPI.DOUBLE]), TypeError, /\[count, displ\]/);
  throwsLike(() => P([new Uint8Array(10), MPI.DOUBLE]), TypeError, /buffer length 10 is not a multiple of datatype extent 8/);
  const ab = new ArrayBuffer(8);
  structuredClone(ab, { transfer: [ab] });
  throwsLike(() => P(ab), TypeError, /detached/);
  throwsLike(() => P(new Uint8Array(ab)), TypeError, /detached/);
  throwsLike(() => P([ab, MPI.BYTE]), TypeError, /detached/);
});

test('send and receive buffers must not overlap; adjacent views of one buffer are fine', () => {
  const c = MPI.COMM_SELF;
  const ab = new ArrayBuffer(64);
  const all = new Float64Array(ab);
  const lo = new Float64Array(ab, 0, 4);
  const hi = new Float64Array(ab, 32, 4);
  const mid = new Float64Array(ab, 24, 4);
  const overlap = /overlap in memory \(bytes 24\.\.32 of the same buffer\)/;
  throwsLike(() => c.Sendrecv(lo, 0, 0, mid, 0, 0), RangeError, new RegExp(`^Comm\\.Sendrecv: 'sendbuf' and 'recvbuf' ${overlap.source}`));
  throwsLike(() => c.Allreduce(lo, mid, MPI.SUM), RangeError, /^Comm\.Allreduce: 'sendbuf' and 'recvbuf' overlap/);
  throwsLike(() => c.Allgather(mid, lo), RangeError, /^Comm\.Allgather: .*overlap in memory \(bytes 24\.\.32/);
  throwsLike(() => c.Allreduce([all, [2, 3], MPI.DOUBLE], [all, [2, 4], MPI.DOUBLE], MPI.SUM), RangeError, /bytes 32\.\.40/);
  // v-variants: block by block (here the one block of each side, displaced).
  throwsLike(() => c.Alltoallv([all, [[2], [1]], MPI.DOUBLE], [all, [[2], [2]], MPI.DOUBLE]), RangeError, /^Comm\.Alltoallv: .*bytes 16\.\.24/);
  // Adjacent (touching, not overlapping) views of one buffer, and views of different buffers.
  lo.fill(1);
  c.Allreduce(lo, hi, MPI.SUM);
  assert.deepEqual([...hi], [1, 1, 1, 1]);
  c.Sendrecv(hi, 0, 0, lo, 0, 0);
  c.Alltoallv([all, [[2], [0]], MPI.DOUBLE], [all, [[2], [2]], MPI.DOUBLE]);
  c.Allreduce(new Float64Array(4), lo, MPI.SUM);
  // Zero elements touch nothing.
  c.Allreduce([all, 0, MPI.DOUBLE], [all, 0, MPI.DOUBLE], MPI.SUM);
});

test('one byte-offset rule in the addon: p2p, collectives, v/w-variants and neighbourhood collectives agree', () => {
  const { native } = require('../../dist/cjs/native.js');
  const self = 2; // COMM_SELF id
  const { DOUBLE, BYTE } = native.constants.datatypes;
  const SUM = native.constants.ops.SUM;
  const b = new Float64Array(4), r = new Float64Array(4);
  const one = Int32Array.of(1), zero = Int32Array.of(0), two = Int32Array.of(0, 0), types = Float64Array.of(BYTE, BYTE);
  const cart = native.cartCreate(self, [1], [0], false); // two PROC_NULL neighbours
  try {
    const calls = {
      send: (off) => native.send(0, self, b, off, 1, DOUBLE, 0, 0),
      bcast: (off) => native.bcast(self, b, off, 1, DOUBLE, 0),
      allreduce: (off) => native.allreduce(self, b, off, r, 0, 1, DOUBLE, SUM),
      alltoallv: (off) => native.alltoallv(self, b, off, one, zero, DOUBLE, r, 0, one, zero, DOUBLE),
      alltoallw: (off) => native.alltoallw(self, b, off, one, zero, Float64Array.of(DOUBLE), r, 0, one, zero, Float64Array.of(DOUBLE)),
      neighborAllgather: (off) => native.neighborAllgather(cart, b, off, 1, DOUBLE, r, 0, 1, DOUBLE),
      ineighborAlltoallv: (off) => native.ineighborAlltoallv(cart, b, off, two, two, DOUBLE, r, 0, two, two, DOUBLE),
      neighborAlltoallw: (off) => native.neighborAlltoallw(cart, b, off, two, two, types, r, 0, two, two, types),
    };
    for (const [name, call] of Object.entries(calls)) {
      for (const off of [-8, 0.5, 2 ** 53, NaN]) throwsLike(() => call(off), RangeError, /byte offset must be a non-negative integer/, `${name} ${off}`);
      throwsLike(() => call('8'), TypeError, /byte offset must be a number/, name);
    }
  } finally {
    native.commFree(cart);
  }
});

test('the addon re-checks bounds whatever reaches it (raw layer safety net)', () => {
  const { native } = require('../../dist/cjs/native.js');
  const self = 2; // COMM_SELF id
  const b = new Float64Array(2);
  const DOUBLE = native.constants.datatypes.DOUBLE;
  throwsLike(() => native.send(0, self, b, 0, 3, DOUBLE, 0, 0), RangeError, /buffer too small/);
  throwsLike(() => native.send(0, self, b, 8, 2, DOUBLE, 0, 0), RangeError, /buffer too small/);
  throwsLike(() => native.send(0, self, b, -8, 1, DOUBLE, 0, 0), RangeError, /byte offset must be a non-negative integer/);
  throwsLike(() => native.send(0, self, b, 0, 1, 999999, 0, 0), Error, /invalid or freed datatype/);
  throwsLike(() => native.send(0, 123456, b, 0, 1, DOUBLE, 0, 0), Error, /invalid or freed communicator/);
  throwsLike(() => native.send(0, self, {}, 0, 1, DOUBLE, 0, 0), TypeError, /must be a TypedArray/);
  throwsLike(() => native.send(0, self, b, 0, 1.5, DOUBLE, 0, 0), RangeError, /count/);
  throwsLike(() => native.send(0, self, b, 0, 1, DOUBLE, 'x', 0), TypeError, /dest/);
  throwsLike(() => native.recv(self, b, 0, 1, DOUBLE, 0, 0, new Uint8Array(2)), RangeError, /status buffer is too small/);
  throwsLike(() => native.commRank(), TypeError, /communicator handle must be a number/);
});

test('the scratch forms of the hot calls check every number as the plain forms do', () => {
  const { native, S } = require('../../dist/cjs/native.js');
  const self = 2; // COMM_SELF id
  const b = new Float64Array(2);
  const DOUBLE = native.constants.datatypes.DOUBLE;
  const P = MPI.PROC_NULL;
  // send(mode, comm, [buf], off, count, type, dest, tag): positions as in native.send
  const send = (off, count, type, dest, comm = self) => {
    S[0] = 0; S[1] = comm; S[3] = off; S[4] = count; S[5] = type; S[6] = dest; S[7] = 0;
    native.sendScratch(b);
  };
  send(0, 2, DOUBLE, P);
  throwsLike(() => send(0, 3, DOUBLE, P), RangeError, /buffer too small/);
  throwsLike(() => send(8, 2, DOUBLE, P), RangeError, /buffer too small/);
  throwsLike(() => send(-8, 1, DOUBLE, P), RangeError, /byte offset must be a non-negative integer/);
  throwsLike(() => send(0, 1, 999999, P), Error, /invalid or freed datatype/);
  throwsLike(() => send(0, 1, DOUBLE, P, 123456), Error, /invalid or freed communicator/);
  throwsLike(() => send(0, 1.5, DOUBLE, P), RangeError, /count/);
  throwsLike(() => send(0, 1, DOUBLE, 2 ** 40), RangeError, /dest must be a 32-bit integer/);
  throwsLike(() => send(0, 1, DOUBLE, NaN), RangeError, /dest/);
  S[0] = 0; S[1] = self; S[3] = 0; S[4] = 1; S[5] = DOUBLE; S[6] = P; S[7] = 0;
  throwsLike(() => native.sendScratch({}), TypeError, /must be a TypedArray/);
  // recv(comm, [buf], off, count, type, source, tag, [status])
  S[0] = self; S[2] = 0; S[3] = 1; S[4] = DOUBLE; S[5] = P; S[6] = 0;
  throwsLike(() => native.recvScratch(b, new Uint8Array(2)), RangeError, /status buffer is too small/);
  S[3] = 3;
  throwsLike(() => native.recvScratch(b), RangeError, /buffer too small/);
  // irecv(comm, [buf], off, count, type, source, tag): the request pins the memory
  S[0] = self; S[2] = 16; S[3] = 1; S[4] = DOUBLE; S[5] = P; S[6] = 0;
  throwsLike(() => native.irecvScratch(b), RangeError, /buffer too small/);
  // allreduce(comm, [sbuf], soff, [rbuf], roff, count, type, op)
  S[0] = self; S[2] = 0; S[4] = 0; S[5] = 3; S[6] = DOUBLE; S[7] = native.constants.ops.SUM;
  throwsLike(() => native.allreduceScratch(b, new Float64Array(2)), RangeError, /buffer too small/);
  S[5] = 1; S[7] = 99999;
  throwsLike(() => native.allreduceScratch(b, new Float64Array(2)), Error, /invalid or freed op/);
});

test('ESM and CommonJS share one MPI object', async () => {
  const cjs = require('mpi4js');
  const esm = await import('mpi4js');
  assert.equal(cjs.MPI, esm.MPI);
  assert.equal(esm.default, esm.MPI);
  assert.equal(cjs.MPI, MPI);
  assert.equal(cjs.MPIError, cjs.MPIException);
});

await run();
