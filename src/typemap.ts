/** The one table from element type to datatype: which MPI datatype a typed array carries. */
import { DATATYPES, Datatype } from './Datatype';

type Ctor = abstract new (...args: never[]) => unknown;

const TABLE = new Map<Ctor, Datatype>([
  [Float64Array, DATATYPES.DOUBLE],
  [Float32Array, DATATYPES.FLOAT],
  [Int8Array, DATATYPES.INT8_T],
  [Uint8Array, DATATYPES.BYTE],
  [Uint8ClampedArray, DATATYPES.UINT8_T],
  [Int16Array, DATATYPES.INT16_T],
  [Uint16Array, DATATYPES.UINT16_T],
  [Int32Array, DATATYPES.INT32_T],
  [Uint32Array, DATATYPES.UINT32_T],
  [BigInt64Array, DATATYPES.INT64_T],
  [BigUint64Array, DATATYPES.UINT64_T],
  [Buffer, DATATYPES.BYTE],
  [DataView, DATATYPES.BYTE],
]);

/** The datatype of a view (`Float64Array` → `MPI.DOUBLE`; subclasses follow their base). */
export function datatypeOf(view: ArrayBufferView): Datatype {
  const direct = TABLE.get(view.constructor as Ctor);
  if (direct !== undefined) return direct;
  for (let p = Object.getPrototypeOf(view) as { constructor: Ctor } | null; p !== null; p = Object.getPrototypeOf(p) as typeof p) {
    const t = TABLE.get(p.constructor);
    if (t !== undefined) return t;
  }
  return DATATYPES.BYTE;
}

/** The typed-array constructor whose elements match a predefined datatype, for typed views of MPI buffers. */
export function viewConstructorOf(type: Datatype): (new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView) | null {
  for (const [ctor, t] of TABLE) if (t === type && ctor !== Buffer && ctor !== DataView) return ctor as never;
  return null;
}
