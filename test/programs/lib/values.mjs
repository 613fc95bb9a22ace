// Values of lower-case messages (SPEC §2) and the built-in serializers of MPI.pickle, shared by
// the p2p, collectives and nonblocking programs.
import { MPI, assert } from './suite.mjs';

/** Every value type SPEC §2 lists; each must come back with deepStrictEqual (so -0, NaN, classes). */
export const VALUES = () => [
  { a: 7, b: 3.14 },
  'a string ✓',
  '',
  42,
  -0.5,
  -0,
  NaN,
  [Infinity, -Infinity, -0, 0, 2 ** 53, -(2 ** 31), 1e-300],
  [1, undefined, 3],
  // arrays of 16+ numbers travel packed as doubles with cbor (whole-message and nested, small and large)
  Array.from({ length: 16 }, (_, i) => i - 8),
  [-0, NaN, Infinity, -Infinity, 5e-324, 2 ** 53, ...Array.from({ length: 30 }, (_, i) => i / 7)],
  Array.from({ length: 70_000 }, (_, i) => i * 0.25),
  Array.from({ length: 20 }, (_, i) => (i === 19 ? 'not a number' : i)),
  { packed: Array.from({ length: 40 }, (_, i) => -i) },
  { u: undefined, n: null },
  undefined,
  0n,
  -7n,
  12345678901234567890n,
  -(2n ** 200n),
  [1, 'two', [3], { four: 4 }],
  new Map([[1, 'one'], ['two', 2], [{ k: 1 }, [2n]]]),
  new Set([1, 'a', { b: 2 }]),
  new Date(1700000000000),
  /ab+c/gi,
  Float64Array.of(1.5, -0, NaN),
  Float32Array.of(1.5, 2.5),
  Int8Array.of(-1, 2),
  Uint8Array.of(1, 255),
  Uint8ClampedArray.of(3, 4),
  Int16Array.of(-300),
  Uint16Array.of(60000),
  Int32Array.of(-70000),
  Uint32Array.of(4000000000),
  new BigInt64Array([1n, -2n]),
  new BigUint64Array([2n ** 64n - 1n]),
  Float64Array.of(1, 2, 3, 4).subarray(1, 3),
  new DataView(Uint8Array.of(1, 2, 3, 4, 5, 6).buffer, 1, 4),
  Buffer.from('bytes'),
  Uint8Array.of(9, 8, 7).buffer,
  { nested: { deep: { list: [new Map([['m', new Set([1n])]])], when: new Date(0) } } },
  null,
  true,
  false,
];

/** What JSON keeps: plain objects, arrays, strings, finite numbers except -0, booleans, null. */
export const JSON_VALUES = () => [{ a: 7, b: 3.14 }, 'a string ✓', '', 42, -0.5, [1, 'two', [3], { four: 4 }], { n: null, t: true }, null, false];

/** Checks a received VALUES() (or JSON_VALUES()) item against the one sent. */
export function checkValue(got, want, how) {
  assert.deepStrictEqual(got, want, how);
  if (want !== null && typeof want === 'object') assert.equal(Object.getPrototypeOf(got), Object.getPrototypeOf(want), `${how}: class`);
}

/** A cyclic object whose two fields share one array. */
export function cyclic() {
  const shared = [1, 2];
  const c = { name: 'cycle', x: shared, y: shared, m: new Map() };
  c.self = c;
  c.m.set('back', c);
  return c;
}

export function checkCyclic(got, how) {
  assert.equal(got.self, got, `${how}: cycle`);
  assert.equal(got.x, got.y, `${how}: shared reference`);
  assert.equal(got.m.get('back'), got, `${how}: cycle through a Map`);
  assert.deepEqual(got.x, [1, 2], how);
}

/** An object holding typed arrays of 64 KiB and more (out of band for cbor and v8) and small ones. */
export function withLargeArrays(r) {
  const big = Float64Array.from({ length: 1 << 14 }, (_, i) => r * 1e6 + i);
  const base = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7 + r) & 255);
  const bytes = new Uint8Array(70_000).fill(r + 1);
  return {
    big, same: big, small: Int16Array.of(r, -r, 7),
    nested: { list: [base.subarray(3), 'x'], when: new Date(1e12 + r) },
    dv: new DataView(bytes.buffer, 8, 65_536), buf: Buffer.alloc(65_536, r + 2),
    wide: BigInt64Array.from({ length: 9000 }, (_, i) => BigInt(i - r)),
  };
}

export function checkLargeArrays(got, r, how) {
  assert.equal(got.same, got.big, `${how}: one array referenced twice stays one array`);
  assert.ok(got.big instanceof Float64Array && got.wide instanceof BigInt64Array, how);
  assert.ok(got.dv instanceof DataView && Buffer.isBuffer(got.buf), how);
  assert.deepStrictEqual(got, withLargeArrays(r), how);
}

/** The built-in serializers and the values each keeps (json: plain data only). */
export const SERIALIZERS = [['cbor', VALUES], ['v8', VALUES], ['json', JSON_VALUES]];
export const DEFAULT_SERIALIZER = 'cbor';

/** Runs `fn` with MPI.pickle set to `name` (the same on every rank), then restores the default. */
export async function withSerializer(name, fn) {
  MPI.pickle.use(name);
  try {
    return await fn();
  } finally {
    MPI.pickle.use(DEFAULT_SERIALIZER);
  }
}
