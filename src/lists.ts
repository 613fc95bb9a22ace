/** Validation of integer lists (ranks, dims, counts, displacements) for the topology, group and datatype methods. */
import { argRangeError, argTypeError } from './errors';
import { typedArrayKind } from './kinds';

/** An array (or Int32Array) of 32-bit integers, copied into a plain array; errors name method and argument. */
export function checkIntList(method: string, arg: string, v: unknown, min = -2147483648): number[] {
  if (!(Array.isArray(v) || typedArrayKind(v) === 'Int32Array')) throw argTypeError(method, arg, 'an array of integers', v);
  const a = v as ArrayLike<unknown>;
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isInteger(x)) throw argTypeError(method, `${arg}[${i}]`, 'an integer', x);
    if (x < min || x > 2147483647) throw argRangeError(method, `${arg}[${i}]`, `is out of range: ${x}`);
    out[i] = x;
  }
  return out;
}

/** An array of safe integers (byte displacements). */
export function checkAintList(method: string, arg: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw argTypeError(method, arg, 'an array of integers', v);
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) throw argTypeError(method, `${arg}[${i}]`, 'a safe integer', x);
    out[i] = x;
  }
  return out;
}

/** An array of booleans (or 0/1 numbers), as 0/1 ints; `length` when given must match. */
export function checkBoolList(method: string, arg: string, v: unknown, length: number): number[] {
  if (!Array.isArray(v)) throw argTypeError(method, arg, 'an array of booleans', v);
  if (v.length !== length) throw argRangeError(method, arg, `must have ${length} entries, got ${v.length}`);
  return v.map((x: unknown, i) => {
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (x === 0 || x === 1) return x;
    throw argTypeError(method, `${arg}[${i}]`, 'a boolean', x);
  });
}

/** Same length of two lists, or a RangeError naming both. */
export function sameLength(method: string, a: string, la: number, b: string, lb: number): void {
  if (la !== lb) throw new RangeError(`${method}: arguments '${a}' and '${b}' must have the same length (${la} != ${lb})`);
}
