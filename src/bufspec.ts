/**
 * Buffer specifications (SPEC §2), parsed once, here, for every upper-case method.
 *
 *   buf                                  TypedArray | DataView | Buffer | ArrayBuffer | SharedArrayBuffer
 *   [buf, datatype]
 *   [buf, count, datatype]
 *   [buf, [count, displ], datatype]      count and displacement in elements of the datatype
 *
 * A spec becomes a `Msg` record (memory, byte offset, count, datatype) that the caller hands to
 * the raw layer. Callers reuse one record per call site, so the hot path allocates nothing.
 * Everything wrong is a TypeError / RangeError naming the method and the argument, raised
 * before MPI is called; the addon re-checks the bounds as a safety net.
 */
import type { RawBuffer } from './native';
import { HANDLE } from './handle';
import { Datatype, DATATYPES } from './Datatype';
import { datatypeOf } from './typemap';
import { argRangeError, argTypeError, checkCount } from './errors';

/** Memory the upper-case methods accept. */
export type BufferLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

/** A buffer specification (SPEC §2). */
export type BufSpec =
  | BufferLike
  | [BufferLike, Datatype]
  | [BufferLike, number, Datatype]
  | [BufferLike, [number, number], Datatype];

/** The marker of MPI's in-place collectives (`MPI.IN_PLACE`). */
export const IN_PLACE: unique symbol = Symbol('MPI.IN_PLACE');
export type InPlace = typeof IN_PLACE;

/** One parsed message: what the raw layer needs for a buffer argument. */
export class Msg {
  /** The memory handed to the addon (SharedArrayBuffers wrapped in a Uint8Array). */
  buf: RawBuffer = null;
  /** Byte offset into `buf`. */
  offset = 0;
  /** Element count, in elements of `type`. */
  count = 0;
  /** The datatype. */
  type: Datatype = DATATYPES.BYTE;
  /** The datatype's addon id. */
  tid = 0;
  /** The original object whose memory is used (kept alive by pending requests). */
  owner: unknown = null;
}

const sabViews = new WeakMap<SharedArrayBuffer, Uint8Array>();

/** The addon cannot see SharedArrayBuffers directly in Node-API 8: hand it a (cached) byte view. */
function sabView(sab: SharedArrayBuffer): Uint8Array {
  let v = sabViews.get(sab);
  if (v === undefined) {
    v = new Uint8Array(sab);
    sabViews.set(sab, v);
  }
  return v;
}

function isDetached(buf: ArrayBufferLike): boolean {
  // A detached ArrayBuffer reports byteLength 0 and `detached` (Node >= 20 has the getter).
  return (buf as ArrayBuffer & { detached?: boolean }).detached === true;
}

/** Resolves the memory part of a spec into `out.buf` and returns its byte length. */
function memory(method: string, arg: string, v: unknown, out: Msg): number {
  if (ArrayBuffer.isView(v)) {
    if (isDetached(v.buffer)) throw new TypeError(`${method}: argument '${arg}' is a view of a detached ArrayBuffer`);
    out.buf = v;
    return v.byteLength;
  }
  if (v instanceof ArrayBuffer) {
    if (isDetached(v)) throw new TypeError(`${method}: argument '${arg}' is a detached ArrayBuffer`);
    out.buf = v;
    return v.byteLength;
  }
  if (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer) {
    out.buf = sabView(v);
    return v.byteLength;
  }
  throw argTypeError(method, arg, 'a TypedArray, DataView, Buffer, ArrayBuffer or SharedArrayBuffer (or [buf, count, datatype])', v);
}

/**
 * Parses a buffer specification into `out` (and returns it). `method` and `arg` name the call
 * in error messages (`Comm.Send`, `buf`).
 */
export function parseBuffer(method: string, arg: string, spec: unknown, out: Msg): Msg {
  out.owner = spec;
  out.offset = 0;
  if (ArrayBuffer.isView(spec)) {
    // Fast path: a typed array names its own datatype.
    const t = datatypeOf(spec);
    if (isDetached(spec.buffer)) throw new TypeError(`${method}: argument '${arg}' is a view of a detached ArrayBuffer`);
    out.buf = spec;
    out.type = t;
    out.tid = t[HANDLE];
    out.count = t === DATATYPES.BYTE ? spec.byteLength : (spec as unknown as { length: number }).length;
    return out;
  }
  if (!Array.isArray(spec)) {
    const bytes = memory(method, arg, spec, out);
    out.type = DATATYPES.BYTE;
    out.tid = DATATYPES.BYTE[HANDLE];
    out.count = bytes;
    return out;
  }
  return parseArraySpec(method, arg, spec, out);
}

function parseArraySpec(method: string, arg: string, spec: unknown[], out: Msg): Msg {
  if (spec.length !== 2 && spec.length !== 3) {
    throw argTypeError(method, arg, 'a buffer or [buf, datatype], [buf, count, datatype] or [buf, [count, displ], datatype]', spec);
  }
  const bytes = memory(method, arg, spec[0], out);
  const type = spec[spec.length - 1];
  if (!(type instanceof Datatype)) throw argTypeError(method, `${arg}[${spec.length - 1}]`, 'an MPI.Datatype', type);
  const [size, , extent, tlb, textent] = type.layout(method);
  if (!type.isCommitted(method)) throw new TypeError(`${method}: argument '${arg}': the datatype is not committed (call Commit() first)`);
  let count: number;
  let displ = 0;
  if (spec.length === 3) {
    const c = spec[1];
    if (Array.isArray(c)) {
      if (c.length !== 2) throw argTypeError(method, `${arg}[1]`, 'a count or [count, displ]', c);
      count = checkCount(method, `${arg} count`, c[0]);
      displ = checkCount(method, `${arg} displacement`, c[1]);
    } else {
      count = checkCount(method, `${arg} count`, c);
    }
  } else {
    if (extent! <= 0) throw argTypeError(method, arg, 'an explicit count for a datatype with extent <= 0', spec);
    if (bytes % extent! !== 0) {
      throw new TypeError(`${method}: argument '${arg}': buffer length ${bytes} is not a multiple of datatype extent ${extent}`);
    }
    count = bytes / extent!;
  }
  const offset = displ * extent!;
  if (count > 0 && size! > 0) {
    const first = offset + tlb! + (extent! < 0 ? (count - 1) * extent! : 0);
    const last = offset + tlb! + textent! + (extent! > 0 ? (count - 1) * extent! : 0);
    if (first < 0 || last > bytes) {
      throw argRangeError(method, arg, `is too small: ${count} element(s) of ${type.predefinedName ?? 'the datatype'}` +
        `${displ ? ` at displacement ${displ}` : ''} need ${last} bytes, the buffer has ${bytes}`);
    }
  }
  out.offset = offset;
  out.count = count;
  out.type = type;
  out.tid = type[HANDLE];
  return out;
}
