/**
 * `MPI.Op`: reduction operations. Predefined ops (`MPI.SUM` …) and user-defined ones
 * (`MPI.Op.Create(fn, commute)`) work in the upper-case reductions on typed arrays; the same
 * objects (or any `(a, b) => c` function) work in the lower-case reductions on JavaScript values.
 */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { Datatype, DATATYPES } from './Datatype';
import { datatypeOf } from './typemap';
import { typedArrayKind } from './kinds';
import { argTypeError, usageError } from './errors';
import { Msg, parseBuffer, type BufSpec } from './bufspec';

const localIn = new Msg();
const localInout = new Msg();

/** Whether two parsed buffers' byte ranges (from their offsets, by true extent) overlap. */
function sharesMemory(a: Msg, b: Msg): boolean {
  const memA = ArrayBuffer.isView(a.buf) ? a.buf.buffer : a.buf;
  const memB = ArrayBuffer.isView(b.buf) ? b.buf.buffer : b.buf;
  if (memA === null || memA !== memB || a.count === 0) return false;
  const startA = (ArrayBuffer.isView(a.buf) ? a.buf.byteOffset : 0) + a.offset;
  const startB = (ArrayBuffer.isView(b.buf) ? b.buf.byteOffset : 0) + b.offset;
  const [, , extent, tlb, textent] = a.type.layout('Op.Reduce_local') as [number, number, number, number, number];
  const span = (a.count - 1) * extent + textent;
  return startA + tlb < startB + tlb + span && startB + tlb < startA + tlb + span;
}

const IDS = native.constants.ops;

/** A user reduction on typed-array views: combine `count` elements of `invec` into `inoutvec`. */
export type UserFunction = (invec: ArrayBufferView, inoutvec: ArrayBufferView, datatype: Datatype, count: number) => void;

type ViewCtor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;

/** The typed-array kind a user function sees for each predefined datatype (others: bytes). */
const VIEW_KINDS: Record<string, ViewCtor> = {
  DOUBLE: Float64Array, FLOAT: Float32Array,
  INT8_T: Int8Array, UINT8_T: Uint8Array, BYTE: Uint8Array, CHAR: Int8Array, SIGNED_CHAR: Int8Array,
  UNSIGNED_CHAR: Uint8Array, C_BOOL: Uint8Array,
  INT16_T: Int16Array, UINT16_T: Uint16Array, SHORT: Int16Array, UNSIGNED_SHORT: Uint16Array,
  INT32_T: Int32Array, UINT32_T: Uint32Array, INT: Int32Array, UNSIGNED: Uint32Array,
  INT64_T: BigInt64Array, UINT64_T: BigUint64Array, LONG: BigInt64Array, UNSIGNED_LONG: BigUint64Array,
  LONG_LONG: BigInt64Array, UNSIGNED_LONG_LONG: BigUint64Array, AINT: BigInt64Array, OFFSET: BigInt64Array,
  COUNT: BigInt64Array,
};

const typesById = new Map<number, Datatype>();
for (const t of Object.values(DATATYPES)) if (!typesById.has(t[HANDLE])) typesById.set(t[HANDLE], t);

function datatypeFromId(id: number): Datatype {
  return typesById.get(id) ?? new Datatype(id);
}

function viewOf(ab: ArrayBuffer, len: number, type: Datatype): ArrayBufferView {
  const name = type.predefinedName;
  const ctor = name !== null ? VIEW_KINDS[name] : undefined;
  if (ctor !== undefined && name !== 'BYTE') {
    const el = (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    return new ctor(ab, 0, Math.floor(ab.byteLength / el));
  }
  if (ctor !== undefined) return new Uint8Array(ab, 0, len);
  return new Uint8Array(ab);
}

/** A reduction operation (`MPI_Op`). */
export class Op {
  /** @internal */
  [HANDLE]: number;
  /** The predefined name (`SUM`), or null for user-defined ops. */
  readonly predefinedName: string | null;
  /** @internal The JavaScript function of a user-defined op. */
  readonly fn: UserFunction | null;
  private readonly commute: boolean;

  /** @internal */
  constructor(id: number, predefinedName: string | null, fn: UserFunction | null = null, commute = true) {
    this[HANDLE] = id;
    this.predefinedName = predefinedName;
    this.fn = fn;
    this.commute = commute;
  }

  /**
   * Creates a user-defined operation (`MPI_Op_create`). A reduction calls
   * `fn(invec, inoutvec, datatype, count)` with views of `count` elements (the datatype's kind:
   * `Float64Array` for `MPI.DOUBLE`, `BigInt64Array` for `MPI.INT64_T`; a `Uint8Array` for byte
   * buffers and for datatypes without a kind, e.g. pair types and derived types, covering exactly
   * the bytes the elements occupy: element k starts at byte k × extent, from the first element's
   * true lower bound); `fn` combines `invec` (lower ranks) into `inoutvec`. The views are only valid
   * during the call. Blocking reductions call `fn` as MPI reduces; nonblocking ones call it when
   * their request completes (Wait/Test/await), on the thread that started them, once per other
   * process, in rank order. An exception thrown by `fn` is thrown by that collective or completion.
   * `op.Free()` may be called while a nonblocking reduction with the op is pending.
   *
   * @param fn combines `invec` into `inoutvec`, element by element
   * @param commute whether `fn` is commutative (MPI may then reduce in any order); default false
   * @returns the operation, for the upper-case reductions (`Reduce`, `Allreduce`, `Scan`, …)
   * @example
   * ```ts
   * // element-wise maximum of absolute values, on Float64Array buffers
   * const absmax = MPI.Op.Create((invec, inoutvec) => {
   *   const a = invec as Float64Array, b = inoutvec as Float64Array;
   *   for (let i = 0; i < a.length; i++) b[i] = Math.max(Math.abs(a[i]!), Math.abs(b[i]!));
   * }, true);
   * comm.Allreduce(sendbuf, recvbuf, absmax);
   * absmax.Free();
   * ```
   */
  static Create(fn: UserFunction, commute = false): Op {
    if (typeof fn !== 'function') throw argTypeError('Op.Create', 'function', 'a function (invec, inoutvec, datatype) => void', fn);
    if (typeof commute !== 'boolean') throw argTypeError('Op.Create', 'commute', 'a boolean', commute);
    const trampoline = (a: ArrayBuffer, b: ArrayBuffer, len: number, typeId: number): void => {
      const t = datatypeFromId(typeId);
      fn(viewOf(a, len, t), viewOf(b, len, t), t, len);
    };
    return new Op(native.opCreate(trampoline, commute), null, fn, commute);
  }

  /** Frees a user-defined operation (`MPI_Op_free`). */
  Free(): void {
    const h = liveHandle(this, 'Op', 'Free');
    if (this.predefinedName !== null) throw usageError('Op', `Op.Free: cannot free the predefined operation MPI.${this.predefinedName}`);
    native.opFree(h);
    this[HANDLE] = FREED;
  }

  /**
   * `inoutbuf = inbuf op inoutbuf`, element by element, on this process only (`MPI_Reduce_local`).
   * Both buffers hold the same count of the same datatype and must not share memory.
   */
  Reduce_local(inbuf: BufSpec, inoutbuf: BufSpec): void {
    const M = 'Op.Reduce_local';
    liveHandle(this, 'Op', M);
    const a = parseBuffer(M, 'inbuf', inbuf, localIn);
    const b = parseBuffer(M, 'inoutbuf', inoutbuf, localInout);
    if (a.type !== b.type) throw new TypeError(`${M}: arguments 'inbuf' and 'inoutbuf' have different datatypes (${a.type.Get_name()}, ${b.type.Get_name()})`);
    if (a.count !== b.count) throw new RangeError(`${M}: arguments 'inbuf' and 'inoutbuf' hold different counts (${a.count}, ${b.count})`);
    if (sharesMemory(a, b)) throw new RangeError(`${M}: arguments 'inbuf' and 'inoutbuf' overlap in memory; use separate buffers`);
    const id = checkOp(M, this, a.type);
    native.opReduceLocal(a.buf, a.offset, b.buf, b.offset, a.count, a.tid, id);
  }

  /** Whether the operation is commutative (`MPI_Op_commutative`). */
  Is_commutative(): boolean {
    return native.opCommutative(liveHandle(this, 'Op', 'Is_commutative'));
  }

  /** Same as `Is_commutative()` (`MPI_Op_commutative`). */
  get is_commutative(): boolean {
    return this.Is_commutative();
  }

  /** Whether this is a predefined operation. */
  get is_predefined(): boolean {
    return this.predefinedName !== null;
  }

  /**
   * Applies the operation to two JavaScript values, as the lower-case reductions do (`x op y`).
   *
   * @example
   * ```ts
   * MPI.SUM.apply(2, 3);          // 5
   * MPI.MAXLOC.apply([1, 0], [4, 1]);   // [4, 1]
   * ```
   */
  apply(x: unknown, y: unknown): unknown {
    return applyOp('Op.apply', this, x, y);
  }

  /** @internal The commutativity given to `Create` (true for predefined ops). */
  get commutative(): boolean {
    return this.commute;
  }
}
setKind(Op, 'Op');

function predefined(name: string): Op {
  const id = IDS[name];
  if (id === undefined) throw new Error(`mpi4js: the addon has no predefined op ${name}`);
  return new Op(id, name);
}

/** The predefined operations, by their mpi4py names. */
export const OPS = {
  OP_NULL: predefined('OP_NULL'),
  SUM: predefined('SUM'), PROD: predefined('PROD'), MAX: predefined('MAX'), MIN: predefined('MIN'),
  LAND: predefined('LAND'), LOR: predefined('LOR'), LXOR: predefined('LXOR'),
  BAND: predefined('BAND'), BOR: predefined('BOR'), BXOR: predefined('BXOR'),
  MAXLOC: predefined('MAXLOC'), MINLOC: predefined('MINLOC'), REPLACE: predefined('REPLACE'), NO_OP: predefined('NO_OP'),
} as const;

// ---- which predefined op is defined on which predefined datatype (MPI standard, §6.9.2) ----
const INTEGER = new Set(['INT', 'LONG', 'SHORT', 'UNSIGNED_SHORT', 'UNSIGNED', 'UNSIGNED_LONG', 'LONG_LONG',
  'UNSIGNED_LONG_LONG', 'SIGNED_CHAR', 'UNSIGNED_CHAR', 'INT8_T', 'INT16_T', 'INT32_T', 'INT64_T', 'UINT8_T',
  'UINT16_T', 'UINT32_T', 'UINT64_T', 'AINT', 'OFFSET', 'COUNT']);
const FLOATING = new Set(['FLOAT', 'DOUBLE', 'LONG_DOUBLE']);
const COMPLEX = new Set(['C_FLOAT_COMPLEX', 'C_DOUBLE_COMPLEX', 'C_COMPLEX', 'C_LONG_DOUBLE_COMPLEX']);
const LOGICAL = new Set(['C_BOOL']);
const PAIRS = new Set(['FLOAT_INT', 'DOUBLE_INT', 'LONG_INT', 'TWOINT', 'SHORT_INT', 'LONG_DOUBLE_INT']);
const ALLOWED: Record<string, Set<string>[]> = {
  MAX: [INTEGER, FLOATING], MIN: [INTEGER, FLOATING],
  SUM: [INTEGER, FLOATING, COMPLEX], PROD: [INTEGER, FLOATING, COMPLEX],
  LAND: [INTEGER, LOGICAL], LOR: [INTEGER, LOGICAL], LXOR: [INTEGER, LOGICAL],
  BAND: [INTEGER, new Set(['BYTE'])], BOR: [INTEGER, new Set(['BYTE'])], BXOR: [INTEGER, new Set(['BYTE'])],
  MAXLOC: [PAIRS], MINLOC: [PAIRS],
};

/**
 * Validates the op argument of an upper-case reduction; a predefined op on a predefined datatype
 * it is not defined for is a TypeError on every rank before MPI is called (e.g. `MPI.BAND` on
 * `MPI.DOUBLE`). Returns the op's addon id.
 */
export function checkOp(method: string, op: unknown, type: Datatype | null): number {
  if (!(op instanceof Op)) throw argTypeError(method, 'op', 'an MPI.Op', op);
  const id = liveHandle(op, 'Op', method);
  // The pair checked last is valid (a reduction loop checks the same pair on every call).
  if (op === checkedOp && type === checkedType) return id;
  const on = op.predefinedName;
  const tn = type === null ? null : type.predefinedName;
  if (on !== null && tn !== null) {
    const allowed = ALLOWED[on];
    if (allowed !== undefined) {
      let ok = false;
      for (let i = 0; i < allowed.length && !ok; i++) ok = allowed[i]!.has(tn);
      if (!ok) throw new TypeError(`${method}: MPI.${on} is not defined for the datatype MPI.${tn}`);
    }
  }
  checkedOp = op;
  checkedType = type;
  return id;
}
let checkedOp: Op | null = null;
let checkedType: Datatype | null = null;

// ---- lower-case reductions on JavaScript values (SPEC §5) ----

function isNumeric(v: unknown): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

function elementwise(method: string, name: string, x: unknown, y: unknown, f: (a: unknown, b: unknown) => unknown): unknown {
  if (typedArrayKind(x) !== undefined && typedArrayKind(y) !== undefined) {
    const a = x as unknown as ArrayLike<unknown> & { constructor: new (n: number) => ArrayLike<unknown> & Record<number, unknown> };
    const b = y as unknown as ArrayLike<unknown>;
    if (a.length !== b.length) throw new RangeError(`${method}: MPI.${name} on typed arrays of different lengths (${a.length}, ${b.length})`);
    const out = new a.constructor(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
    return out;
  }
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) throw new RangeError(`${method}: MPI.${name} on arrays of different lengths (${x.length}, ${y.length})`);
    return x.map((v, i) => f(v, y[i]));
  }
  return undefined;
}

function numericOp(method: string, name: string, x: unknown, y: unknown, f: (a: never, b: never) => unknown, strings = false): unknown {
  if (isNumeric(x) && isNumeric(y)) {
    if (typeof x !== typeof y) throw new TypeError(`${method}: MPI.${name} cannot mix number and BigInt`);
    return f(x as never, y as never);
  }
  if (strings && typeof x === 'string' && typeof y === 'string') return f(x as never, y as never);
  const r = elementwise(method, name, x, y, (a, b) => numericOp(method, name, a, b, f, strings));
  if (r !== undefined) return r;
  throw new TypeError(`${method}: MPI.${name} is not defined for ${typeName(x)} and ${typeName(y)}`);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return typeof v;
}

function compare(a: unknown, b: unknown): number {
  if ((isNumeric(a) && isNumeric(b)) || (typeof a === 'string' && typeof b === 'string')) return a < b ? -1 : a > b ? 1 : 0;
  throw new TypeError(`cannot compare ${typeName(a)} and ${typeName(b)}`);
}

function loc(method: string, name: string, x: unknown, y: unknown, max: boolean): unknown {
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== 2 || y.length !== 2) {
    throw new TypeError(`${method}: MPI.${name} needs [value, index] pairs, got ${typeName(x)} and ${typeName(y)}`);
  }
  const c = compare(x[0], y[0]);
  if (c === 0) return compare(x[1], y[1]) <= 0 ? x : y;
  return (max ? c > 0 : c < 0) ? x : y;
}

/**
 * `x op y` on JavaScript values: numbers and BigInts arithmetically, typed arrays and arrays
 * element-wise, strings concatenated by SUM, [value, index] pairs for MAXLOC/MINLOC; a
 * user-defined op gets copies for typed arrays (its result is the combined inout vector) and
 * the values themselves otherwise; a plain function is called as `op(x, y)`.
 */
export function applyOp(method: string, op: unknown, x: unknown, y: unknown): unknown {
  if (typeof op === 'function') return (op as (a: unknown, b: unknown) => unknown)(x, y);
  if (!(op instanceof Op)) throw argTypeError(method, 'op', 'an MPI.Op or a function (a, b) => c', op);
  liveHandle(op, 'Op', method);
  const name = op.predefinedName;
  if (name === null) {
    const fn = op.fn!;
    if (ArrayBuffer.isView(y) && ArrayBuffer.isView(x)) {
      const inout = (y as unknown as { slice(): ArrayBufferView & { length: number } }).slice();
      fn(x, inout, datatypeOf(inout), inout.length);
      return inout;
    }
    return (fn as unknown as (a: unknown, b: unknown) => unknown)(x, y);
  }
  switch (name) {
    case 'SUM': return numericOp(method, name, x, y, (a: number, b: number) => a + b, true);
    case 'PROD': return numericOp(method, name, x, y, (a: number, b: number) => a * b);
    case 'MAX': return numericOp(method, name, x, y, (a: number, b: number) => (b > a ? b : a), true);
    case 'MIN': return numericOp(method, name, x, y, (a: number, b: number) => (b < a ? b : a), true);
    case 'BAND': return numericOp(method, name, x, y, (a: number, b: number) => a & b);
    case 'BOR': return numericOp(method, name, x, y, (a: number, b: number) => a | b);
    case 'BXOR': return numericOp(method, name, x, y, (a: number, b: number) => a ^ b);
    case 'LAND': return elementwise(method, name, x, y, (a, b) => Boolean(a) && Boolean(b)) ?? (Boolean(x) && Boolean(y));
    case 'LOR': return elementwise(method, name, x, y, (a, b) => Boolean(a) || Boolean(b)) ?? (Boolean(x) || Boolean(y));
    case 'LXOR': return elementwise(method, name, x, y, (a, b) => Boolean(a) !== Boolean(b)) ?? (Boolean(x) !== Boolean(y));
    case 'MAXLOC': return loc(method, name, x, y, true);
    case 'MINLOC': return loc(method, name, x, y, false);
    case 'REPLACE': return y;
    case 'NO_OP': return x;
    default: throw new TypeError(`${method}: MPI.${name} cannot reduce values`);
  }
}
