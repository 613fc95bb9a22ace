/** The one table from element type to datatype: which MPI datatype a typed array carries. */
import { DATATYPES, Datatype } from './Datatype';
import { typedArrayKind } from './kinds';

/** The datatype of a view (`Float64Array` → `MPI.DOUBLE`), by its kind; DataView, Buffer and unknown kinds are bytes. */
export function datatypeOf(view: ArrayBufferView): Datatype {
  switch (typedArrayKind(view)) {
    case 'Float64Array': return DATATYPES.DOUBLE;
    case 'Float32Array': return DATATYPES.FLOAT;
    case 'Int32Array': return DATATYPES.INT32_T;
    case 'Uint8Array': return DATATYPES.BYTE;
    case 'Int8Array': return DATATYPES.INT8_T;
    case 'Uint8ClampedArray': return DATATYPES.UINT8_T;
    case 'Int16Array': return DATATYPES.INT16_T;
    case 'Uint16Array': return DATATYPES.UINT16_T;
    case 'Uint32Array': return DATATYPES.UINT32_T;
    case 'BigInt64Array': return DATATYPES.INT64_T;
    case 'BigUint64Array': return DATATYPES.UINT64_T;
    default: return DATATYPES.BYTE;
  }
}

type ViewCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;

const VIEW_CONSTRUCTORS: [ViewCtor, Datatype][] = [
  [Float64Array, DATATYPES.DOUBLE], [Float32Array, DATATYPES.FLOAT], [Int8Array, DATATYPES.INT8_T],
  [Uint8Array, DATATYPES.BYTE], [Uint8ClampedArray, DATATYPES.UINT8_T], [Int16Array, DATATYPES.INT16_T],
  [Uint16Array, DATATYPES.UINT16_T], [Int32Array, DATATYPES.INT32_T], [Uint32Array, DATATYPES.UINT32_T],
  [BigInt64Array as ViewCtor, DATATYPES.INT64_T], [BigUint64Array as ViewCtor, DATATYPES.UINT64_T],
];

/** The typed-array constructor whose elements match a predefined datatype, for typed views of MPI buffers. */
export function viewConstructorOf(type: Datatype): ViewCtor | null {
  for (const [ctor, t] of VIEW_CONSTRUCTORS) if (t === type) return ctor;
  return null;
}
