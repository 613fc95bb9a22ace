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
import { isArrayBuffer, isSharedArrayBuffer, typedArrayKind } from './kinds';
import { argRangeError, argTypeError, checkCount, checkInt } from './errors';

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

/** A buffer argument of a collective: a buffer specification, `MPI.IN_PLACE`, or null where ignored. */
export type CollSpec = BufSpec | InPlace | null;
/** A v-variant buffer specification: `[buf, counts, datatype]`, `[buf, [counts, displs], datatype]`, `[buf, counts, displs, datatype]`, `[buf, counts]`, or a plain buffer. */
export type VSpec = CollSpec | [BufferLike, unknown] | [unknown, unknown, unknown] | [unknown, unknown, unknown, unknown];
/** An Alltoallw buffer: `[buf, counts, displs (bytes), datatypes]`. */
export type WSpec = [unknown, unknown, unknown, unknown];

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
  /** Byte length of `owner` when it is a view parsed by the fast path (0: no cached parse). */
  viewBytes = 0;
  /** Whether the spec gave the count (`[buf, count, …]`); else it was discovered from the buffer. */
  countGiven = false;
  /**
   * @param reuse whether a parse of the same view may be answered from this record (only for
   *   records whose fields no caller rewrites after parsing, e.g. point to point).
   */
  constructor(readonly reuse = false) {}
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
  // Only an empty buffer can be detached; newer V8 has the `detached` getter, Node 20's does not,
  // and constructing a view of a detached buffer throws.
  if (buf.byteLength !== 0) return false;
  const flag = (buf as ArrayBuffer & { detached?: boolean }).detached;
  if (flag !== undefined) return flag;
  try {
    new Uint8Array(buf);
    return false;
  } catch {
    return true;
  }
}

/** Resolves the memory part of a spec into `out.buf` and returns its byte length. */
function memory(method: string, arg: string, v: unknown, out: Msg): number {
  if (ArrayBuffer.isView(v)) {
    if (isDetached(v.buffer)) throw new TypeError(`${method}: argument '${arg}' is a view of a detached ArrayBuffer`);
    out.buf = v;
    return v.byteLength;
  }
  if (isArrayBuffer(v)) {
    if (isDetached(v)) throw new TypeError(`${method}: argument '${arg}' is a detached ArrayBuffer`);
    out.buf = v;
    return v.byteLength;
  }
  if (isSharedArrayBuffer(v)) {
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
  if (ArrayBuffer.isView(spec)) {
    // Same view as the last parse of this record (a loop on one buffer): nothing to redo unless its
    // length changed (a detached buffer has length 0, so it is never taken from the cache).
    const bytes = spec.byteLength;
    if (spec === out.owner && bytes === out.viewBytes && bytes > 0 && out.reuse) return out;
    // Fast path: a typed array names its own datatype.
    out.viewBytes = 0;
    out.countGiven = false;
    out.owner = spec;
    out.offset = 0;
    const t = datatypeOf(spec);
    if (isDetached(spec.buffer)) throw new TypeError(`${method}: argument '${arg}' is a view of a detached ArrayBuffer`);
    out.buf = spec;
    out.type = t;
    out.tid = t[HANDLE];
    out.count = t === DATATYPES.BYTE ? bytes : (spec as unknown as { length: number }).length;
    out.viewBytes = bytes;
    return out;
  }
  out.viewBytes = 0;
  out.owner = spec;
  out.offset = 0;
  out.countGiven = false;
  if (!Array.isArray(spec)) {
    // As mpi4py's None: no memory, zero bytes (Send(null, MPI.PROC_NULL), an empty Recv).
    const bytes = spec === null ? (out.buf = null, 0) : memory(method, arg, spec, out);
    out.type = DATATYPES.BYTE;
    out.tid = DATATYPES.BYTE[HANDLE];
    out.count = bytes;
    return out;
  }
  return parseArraySpec(method, arg, spec, out);
}

/**
 * The array forms, as mpi4py reads them: `[buf, datatype]`, `[buf, count]`, `[buf, [count, displ]]`,
 * `[buf, count, datatype]`, `[buf, [count, displ], datatype]` and `[buf, count, displ, datatype]`;
 * `null` for the buffer (no memory), the count (the whole buffer), the displacement (0) or the
 * datatype (discovered from the buffer, as for a bare typed array).
 */
function parseArraySpec(method: string, arg: string, spec: unknown[], out: Msg): Msg {
  if (spec.length < 2 || spec.length > 4) {
    throw argTypeError(method, arg, 'a buffer or [buf, datatype], [buf, count], [buf, count, datatype] or [buf, count, displ, datatype]', spec);
  }
  const buf = spec[0];
  const bytes = buf === null ? (out.buf = null, 0) : memory(method, arg, buf, out);
  // The datatype: the last item of 3 or 4, or of 2 when it is not a count.
  const last = spec[spec.length - 1];
  const typed = spec.length > 2 || last instanceof Datatype;
  if (!typed && last !== null && typeof last !== 'number' && !Array.isArray(last)) {
    throw argTypeError(method, `${arg}[1]`, 'an MPI.Datatype or a count', last);
  }
  const typeArg = typed ? last : null;
  if (typeArg !== null && typeArg !== undefined && !(typeArg instanceof Datatype)) {
    throw argTypeError(method, `${arg}[${spec.length - 1}]`, 'an MPI.Datatype (or null)', typeArg);
  }
  const type = (typeArg ?? (ArrayBuffer.isView(buf) ? datatypeOf(buf) : DATATYPES.BYTE)) as Datatype;
  const [size, , extent, tlb, textent] = type.layout(method);
  if (!type.isCommitted(method)) throw new TypeError(`${method}: argument '${arg}': the datatype is not committed (call Commit() first)`);
  // The count and displacement items: [count] or [[count, displ]] or [count, displ].
  let c: unknown = null;
  let d: unknown = null;
  if (spec.length === 4) {
    c = spec[1];
    d = spec[2];
  } else if (spec.length === 3 || !typed) {
    c = spec[1];
    if (Array.isArray(c)) {
      if (c.length !== 2) throw argTypeError(method, `${arg}[1]`, 'a count or [count, displ]', c);
      d = c[1];
      c = c[0];
    }
  }
  const displ = d === null || d === undefined ? 0 : checkCount(method, `${arg} displacement`, d);
  let count: number;
  if (c === null || c === undefined) {
    if (extent! <= 0) throw argTypeError(method, arg, 'an explicit count for a datatype with extent <= 0', spec);
    if (bytes % extent! !== 0) {
      throw new TypeError(`${method}: argument '${arg}': buffer length ${bytes} is not a multiple of datatype extent ${extent}`);
    }
    count = Math.max(0, bytes / extent! - displ);
  } else {
    count = checkCount(method, `${arg} count`, c);
    out.countGiven = true;
  }
  const offset = displ * extent!;
  if (count > 0 && size! > 0) {
    const first = offset + tlb! + (extent! < 0 ? (count - 1) * extent! : 0);
    const lastByte = offset + tlb! + textent! + (extent! > 0 ? (count - 1) * extent! : 0);
    if (first < 0 || lastByte > bytes) {
      throw argRangeError(method, arg, `is too small: ${count} element(s) of ${type.predefinedName ?? 'the datatype'}` +
        `${displ ? ` at displacement ${displ}` : ''} need ${lastByte} bytes, the buffer has ${bytes}`);
    }
  }
  out.offset = offset;
  out.count = count;
  out.type = type;
  out.tid = type[HANDLE];
  return out;
}

// ---- collectives -------------------------------------------------------------------------
//
// Per-operation builders turn the arguments of a collective into records for the raw layer:
// root versus non-root (the caller says which, and how many processes the per-process blocks
// address: the size, or the remote size of an intercommunicator), MPI.IN_PLACE, ignored
// arguments (null) and v-variants. They are separate from the calls so nonblocking collectives
// can reuse them with their own records.

/** A buffer of a collective: a `Msg`, `MPI.IN_PLACE` or ignored. `raw` is what the addon gets. */
export class CollMsg extends Msg {
  /** `true` (the addon's MPI_IN_PLACE), the memory, or null when ignored. */
  raw: RawBuffer | boolean = null;
  inPlace = false;
  /** Whether the count came from the buffer length (no explicit count in the spec). */
  autoCount = false;
}

/** A v-variant buffer: counts and displacements (elements), one per process. */
export class VMsg extends CollMsg {
  counts: Int32Array = new Int32Array(0);
  displs: Int32Array = new Int32Array(0);
  /** Alltoallw only: datatype ids per process (displacements then in bytes); ids are integers up to 2^52. */
  types: Float64Array = new Float64Array(0);
  /** Alltoallw only: the size in bytes of each block's datatype. */
  sizes: Float64Array = new Float64Array(0);
  /** @internal Sizes the arrays for n processes (allocates only when n changes). */
  resize(n: number): void {
    if (this.counts.length !== n) {
      this.counts = new Int32Array(n);
      this.displs = new Int32Array(n);
      this.types = new Float64Array(n);
      this.sizes = new Float64Array(n);
    }
  }
}

const UINT8_T = DATATYPES.UINT8_T;

function byteLengthOf(buf: RawBuffer): number {
  return buf === null ? 0 : buf.byteLength;
}

function setIgnored(out: CollMsg): CollMsg {
  out.type = DATATYPES.BYTE;
  out.tid = DATATYPES.BYTE[HANDLE];
  out.buf = null;
  out.raw = null;
  out.offset = 0;
  out.count = 0;
  out.inPlace = false;
  out.autoCount = false;
  out.owner = null;
  return out;
}

function setInPlace(out: CollMsg): CollMsg {
  setIgnored(out);
  out.raw = true;
  out.inPlace = true;
  return out;
}

/**
 * Parses one buffer of a collective into `out`. `blocks` is how many per-process blocks the
 * buffer holds (size for a Scatter root's sendbuf, 1 for a receive buffer): an automatic count
 * is divided by it, an explicit count is per process and the buffer must hold blocks × count.
 * `needed` false: the argument is ignored on this process (null allowed, anything else unused).
 */
export function parseCollBuffer(method: string, arg: string, spec: unknown, out: CollMsg, blocks: number,
  needed: boolean, inPlaceOk: boolean): CollMsg {
  if (spec === IN_PLACE) {
    if (!inPlaceOk) throw new TypeError(`${method}: argument '${arg}' cannot be MPI.IN_PLACE here`);
    return setInPlace(out);
  }
  if (!needed) return setIgnored(out);
  if (spec === null || spec === undefined) throw argTypeError(method, arg, 'a buffer specification on this process', spec);
  out.inPlace = false;
  parseBuffer(method, arg, spec, out);
  out.autoCount = !out.countGiven;
  out.raw = out.buf;
  if (blocks !== 1) {
    if (out.autoCount) {
      if (blocks === 0 ? out.count !== 0 : out.count % blocks !== 0) {
        throw argRangeError(method, arg, `has ${out.count} element(s), not a multiple of the ${blocks} processes`);
      }
      out.count = blocks === 0 ? 0 : out.count / blocks;
    } else {
      checkFits(method, arg, out, out.count * blocks);
    }
  }
  return out;
}

/**
 * MPI requires matching type signatures between a process's send and receive blocks: with the
 * same datatype on both sides, the per-process counts must be equal (else MPI truncates).
 */
export function checkBlockMatch(method: string, s: CollMsg, r: CollMsg): void {
  checkDisjoint(method, s, r);
  if (s.inPlace || r.inPlace || s.raw === null || r.raw === null || s.type !== r.type) return;
  if (s.count !== r.count) {
    throw new RangeError(`${method}: 'sendbuf' has ${s.count} element(s) per process but 'recvbuf' has ${r.count}`);
  }
}

/** RangeError unless `total` elements of the record's datatype fit from its offset. */
function checkFits(method: string, arg: string, m: Msg, total: number): void {
  if (total === 0) return;
  const [size, , extent, tlb, textent] = m.type.layout(method);
  if (size === 0) return;
  const first = m.offset + tlb! + (extent! < 0 ? (total - 1) * extent! : 0);
  const last = m.offset + tlb! + textent! + (extent! > 0 ? (total - 1) * extent! : 0);
  const bytes = byteLengthOf(m.buf);
  if (first < 0 || last > bytes) {
    throw argRangeError(method, arg, `is too small: ${total} element(s) of ${m.type.predefinedName ?? 'the datatype'} need ${last} bytes, the buffer has ${bytes}`);
  }
}

function fillCounts(method: string, arg: string, v: unknown, n: number, into: Int32Array): void {
  if (typeof v === 'number') {
    const c = checkCount(method, `${arg} counts`, v);
    if (c > 2147483647) throw argRangeError(method, `${arg} counts`, 'exceed 2^31-1');
    into.fill(c);
    return;
  }
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) throw argTypeError(method, `${arg} counts`, `a count or an array of ${n} counts`, v);
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) throw argRangeError(method, `${arg} counts`, `must have ${n} entries (one per process), got ${a.length}`);
  for (let i = 0; i < n; i++) {
    const c = checkCount(method, `${arg} counts[${i}]`, typeof a[i] === 'bigint' ? Number(a[i]) : a[i]);
    if (c > 2147483647) throw argRangeError(method, `${arg} counts[${i}]`, 'exceeds 2^31-1');
    into[i] = c;
  }
}

function fillDispls(method: string, arg: string, v: unknown, n: number, counts: Int32Array, into: Int32Array): void {
  if (v === null || v === undefined) {
    let d = 0;
    for (let i = 0; i < n; i++) {
      into[i] = d;
      d += counts[i]!;
    }
    if (d > 2147483647) throw argRangeError(method, `${arg} displs`, 'exceed 2^31-1');
    return;
  }
  if (!(Array.isArray(v) || ArrayBuffer.isView(v))) throw argTypeError(method, `${arg} displs`, `an array of ${n} displacements`, v);
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) throw argRangeError(method, `${arg} displs`, `must have ${n} entries (one per process), got ${a.length}`);
  for (let i = 0; i < n; i++) {
    const d = checkCount(method, `${arg} displs[${i}]`, typeof a[i] === 'bigint' ? Number(a[i]) : a[i]);
    if (d > 2147483647) throw argRangeError(method, `${arg} displs[${i}]`, 'exceeds 2^31-1');
    into[i] = d;
  }
}

function isCountsLike(v: unknown): boolean {
  return Array.isArray(v) || typedArrayKind(v) !== undefined;
}

/** The counts and displacements of a v-spec: `[buf, counts, displs, …]` (`separate`), `[buf, [counts, displs], …]` or `[buf, counts, …]`. */
function countsAndDispls(spec: unknown[], separate: boolean): [unknown, unknown] {
  if (separate) return [spec[1], spec[2]];
  const c = spec[1];
  if (Array.isArray(c) && c.length === 2 && (isCountsLike(c[0]) || isCountsLike(c[1]))) return [c[0], c[1]];
  return [c, null];
}

/**
 * Parses a v-variant buffer (SPEC §2): `buf`, `[buf, datatype]`, `[buf, counts, datatype]`,
 * `[buf, [counts, displs], datatype]` or `[buf, counts, displs, datatype]`, for n processes; as in
 * mpi4py the datatype may be left out for a typed array (`[buf, counts]`, `[buf, [counts, displs]]`,
 * `[buf, counts, displs]`).
 * Omitted counts split the buffer evenly (length / n, rounded down); omitted displacements are
 * the prefix sums of the counts. Every block must lie inside the buffer.
 */
export function parseVBuffer(method: string, arg: string, spec: unknown, out: VMsg, n: number, needed: boolean,
  inPlaceOk: boolean): VMsg {
  if (spec === IN_PLACE) {
    if (!inPlaceOk) throw new TypeError(`${method}: argument '${arg}' cannot be MPI.IN_PLACE here`);
    setInPlace(out);
    return out;
  }
  if (!needed) {
    setIgnored(out);
    return out;
  }
  if (spec === null || spec === undefined) throw argTypeError(method, arg, 'a buffer specification on this process', spec);
  out.resize(n);
  out.inPlace = false;
  let countsSpec: unknown;
  let displsSpec: unknown = null;
  if (Array.isArray(spec) && (spec.length === 2 || spec.length === 3) && !(spec[spec.length - 1] instanceof Datatype)) {
    // mpi4py's forms without a datatype: [buf, counts], [buf, [counts, displs]], [buf, counts, displs].
    [countsSpec, displsSpec] = countsAndDispls(spec, spec.length === 3);
    parseBuffer(method, arg, spec[0], out);
    out.autoCount = false;
  } else if (Array.isArray(spec) && (spec.length === 3 || spec.length === 4)) {
    [countsSpec, displsSpec] = countsAndDispls(spec, spec.length === 4);
    parseBuffer(method, arg, [spec[0], spec[spec.length - 1]], out);
    out.autoCount = false;
  } else {
    parseBuffer(method, arg, spec, out);
    countsSpec = n === 0 ? 0 : Math.floor(out.count / n);
    out.autoCount = true;
  }
  out.raw = out.buf;
  fillCounts(method, arg, countsSpec, n, out.counts);
  fillDispls(method, arg, displsSpec, n, out.counts, out.displs);
  // Every block inside the buffer (the addon re-checks).
  const [size, , extent, tlb, textent] = out.type.layout(method);
  const bytes = byteLengthOf(out.buf);
  for (let i = 0; i < n; i++) {
    const c = out.counts[i]!;
    if (c === 0 || size === 0) continue;
    const base = out.offset + out.displs[i]! * extent!;
    const first = base + tlb! + (extent! < 0 ? (c - 1) * extent! : 0);
    const last = base + tlb! + textent! + (extent! > 0 ? (c - 1) * extent! : 0);
    if (first < 0 || last > bytes) {
      throw argRangeError(method, arg, `is too small: block ${i} (${c} element(s) at displacement ${out.displs[i]}) needs ${last} bytes, the buffer has ${bytes}`);
    }
  }
  return out;
}

/**
 * Parses an Alltoallw buffer: `[buf, counts, displs, datatypes]` (displacements in bytes,
 * one datatype per process or one for all), for n processes.
 */
export function parseWBuffer(method: string, arg: string, spec: unknown, out: VMsg, n: number, inPlaceOk: boolean): VMsg {
  if (spec === IN_PLACE) {
    if (!inPlaceOk) throw new TypeError(`${method}: argument '${arg}' cannot be MPI.IN_PLACE here`);
    setInPlace(out);
    return out;
  }
  if (!Array.isArray(spec) || spec.length !== 4) {
    throw argTypeError(method, arg, '[buf, counts, displs, datatypes] (displacements in bytes)', spec);
  }
  out.resize(n);
  out.inPlace = false;
  out.autoCount = false;
  memoryOf(method, arg, spec[0], out);
  out.raw = out.buf;
  fillCounts(method, arg, spec[1], n, out.counts);
  if (spec[2] === null || spec[2] === undefined) throw argTypeError(method, `${arg} displs`, `an array of ${n} byte displacements`, spec[2]);
  fillDispls(method, arg, spec[2], n, out.counts, out.displs);
  const t = spec[3];
  const bytes = byteLengthOf(out.buf);
  for (let i = 0; i < n; i++) {
    const ti = t instanceof Datatype ? t : Array.isArray(t) ? t[i] : undefined;
    if (!(ti instanceof Datatype)) throw argTypeError(method, `${arg} datatypes[${i}]`, 'an MPI.Datatype', ti);
    out.types[i] = ti.layoutId(method);
    const c = out.counts[i]!;
    const [size, , extent, tlb, textent] = ti.layout(method);
    out.sizes[i] = size!;
    if (c === 0 || size === 0) continue;
    const base = out.offset + out.displs[i]!;
    const first = base + tlb! + (extent! < 0 ? (c - 1) * extent! : 0);
    const last = base + tlb! + textent! + (extent! > 0 ? (c - 1) * extent! : 0);
    if (first < 0 || last > bytes) {
      throw argRangeError(method, arg, `is too small: block ${i} (${c} element(s) at byte ${out.displs[i]}) needs ${last} bytes, the buffer has ${bytes}`);
    }
  }
  return out;
}

function memoryOf(method: string, arg: string, v: unknown, out: Msg): void {
  out.owner = v;
  out.offset = 0;
  memory(method, arg, v, out);
}

/**
 * The reduction datatype of a record: an automatically typed byte buffer (`Uint8Array`,
 * `Buffer`, `DataView`, `ArrayBuffer`, whose datatype is `MPI.BYTE`) reduces as `MPI.UINT8_T`,
 * because MPI defines no arithmetic on `MPI_BYTE`.
 */
export function reductionType(m: CollMsg): void {
  if (m.autoCount && m.type === DATATYPES.BYTE) {
    m.type = UINT8_T;
    m.tid = UINT8_T[HANDLE];
  }
}

/**
 * Builds the records of a reduction (Reduce, Allreduce, Scan, Exscan, Reduce_scatter_block):
 * `sendBlocks` per-process blocks in the send buffer; the count and datatype come from the send
 * buffer, or from the receive buffer when the send buffer is MPI.IN_PLACE. Returns the count.
 */
export function buildReduction(method: string, sendbuf: unknown, recvbuf: unknown, s: CollMsg, r: CollMsg,
  sendBlocks: number, recvNeeded: boolean, inPlaceOk: boolean): number {
  parseCollBuffer(method, 'sendbuf', sendbuf, s, sendBlocks, true, inPlaceOk);
  if (recvbuf === IN_PLACE) throw new TypeError(`${method}: argument 'recvbuf' cannot be MPI.IN_PLACE (pass it as sendbuf)`);
  if (s.inPlace) {
    parseCollBuffer(method, 'recvbuf', recvbuf, r, sendBlocks, true, false);
    reductionType(r);
    s.type = r.type;
    s.tid = r.tid;
    return r.count;
  }
  reductionType(s);
  if (!recvNeeded) {
    setIgnored(r);
    return s.count;
  }
  parseCollBuffer(method, 'recvbuf', recvbuf, r, 1, true, false);
  reductionType(r);
  if (r.type !== s.type && r.type.isPredefined && s.type.isPredefined) {
    throw new TypeError(`${method}: the datatypes of 'sendbuf' (${s.type.predefinedName}) and 'recvbuf' (${r.type.predefinedName}) differ`);
  }
  // As mpi4py: the counts must match (a larger receive buffer would hide a wrong count).
  if (r.count !== s.count) {
    throw argRangeError(method, 'recvbuf', `is too ${r.count < s.count ? 'small' : 'large'}: it holds ${r.count} element(s), the reduction has ${s.count}`);
  }
  checkDisjoint(method, s, r);
  return s.count;
}

/**
 * The buffers of Reduce_scatter into `s` and `d` (with `sendbuf` MPI.IN_PLACE, `recvbuf` holds
 * the whole vector); returns the record whose count and datatype the reduction uses.
 */
export function parseReduceScatter(method: string, sendbuf: unknown, recvbuf: unknown, s: CollMsg, d: CollMsg): CollMsg {
  if (sendbuf === IN_PLACE) {
    parseCollBuffer(method, 'recvbuf', recvbuf, d, 1, true, false);
    parseCollBuffer(method, 'sendbuf', sendbuf, s, 1, true, true);
  } else {
    parseCollBuffer(method, 'sendbuf', sendbuf, s, 1, true, false);
    parseCollBuffer(method, 'recvbuf', recvbuf, d, 1, true, false);
  }
  const ref = s.inPlace ? d : s;
  reductionType(ref);
  return ref;
}

/** Fills `counts` (n entries, one per process) from a `recvcounts` argument. */
export function fillRecvcounts(method: string, recvcounts: unknown, n: number, counts: Int32Array): void {
  if (!(Array.isArray(recvcounts) || ArrayBuffer.isView(recvcounts))) throw argTypeError(method, 'recvcounts', `an array of ${n} counts`, recvcounts);
  const a = recvcounts as ArrayLike<unknown>;
  if (a.length !== n) throw argRangeError(method, 'recvcounts', `must have ${n} entries (one per process), got ${a.length}`);
  for (let i = 0; i < n; i++) counts[i] = checkInt(method, `recvcounts[${i}]`, a[i]);
}

/** Reduce_scatter: the counts are non-negative and the buffers hold them (`rank` -1: an intercommunicator, own block not checked). */
export function checkReduceScatter(method: string, s: CollMsg, d: CollMsg, counts: Int32Array, rank: number): void {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! < 0) throw argRangeError(method, `recvcounts[${i}]`, 'is negative');
    total += counts[i]!;
  }
  // As mpi4py: the send buffer is exactly the recvcounts' sum.
  if (!s.inPlace && s.count !== total) throw argRangeError(method, 'sendbuf', `holds ${s.count} element(s) but the recvcounts add up to ${total}: they must match`);
  const need = s.inPlace ? total : rank < 0 ? 0 : counts[rank]!;
  if (d.count < need) throw argRangeError(method, 'recvbuf', `is too small: it holds ${d.count} element(s), needs ${need}`);
}

/**
 * A block that this process sends to itself must have the type signature of the block it receives
 * (MPI requires it; Open MPI 4.1 hangs in neighbourhood collectives when it does not): compares
 * the bytes of `sendCount` elements of `s` with `recvCount` elements of `r`.
 */
export function checkSelfBlock(method: string, s: Msg, sendCount: number, r: Msg, recvCount: number): void {
  const sendBytes = sendCount * s.type.layout(method)[0]!;
  const recvBytes = recvCount * r.type.layout(method)[0]!;
  if (sendBytes !== recvBytes) {
    throw new RangeError(`${method}: a block of 'sendbuf' has ${sendBytes} byte(s) but a block of 'recvbuf' has ${recvBytes}; ` +
      'this process is its own neighbour, so they must match');
  }
}

/** Bytes of block `i` of a parsed buffer (a plain buffer has one block; Alltoallw blocks have their own type). */
function blockBytes(method: string, m: Msg, i: number, w: boolean): number {
  return blockCount(m, i) * (w ? (m as VMsg).sizes[i]! : m.type.layout(method)[0]!);
}

/**
 * The blocks a process sends to itself must have the bytes of the blocks it receives from itself
 * (MPI requires it): `pairs` lists the neighbour blocks whose neighbour is this process, send block
 * k going to receive block k (messages between one pair match in order). Open MPI 4.1 hangs on a
 * mismatch, or copies the whole block past the receive block (a truncated RGET: SIGSEGV).
 */
export function checkSelfBlocks(method: string, s: CollMsg, r: CollMsg, pairs: Int32Array, w: boolean): void {
  if (s.inPlace || r.inPlace || s.raw === null || r.raw === null) return;
  for (let j = 0; j < pairs.length; j++) {
    const k = pairs[j]!;
    const sendBytes = blockBytes(method, s, k, w);
    const recvBytes = blockBytes(method, r, k, w);
    if (sendBytes !== recvBytes) {
      throw new RangeError(`${method}: block ${k} of 'sendbuf' has ${sendBytes} byte(s) but block ${k} of 'recvbuf' has ${recvBytes}; ` +
        'this process is its own neighbour there, so they must match');
    }
  }
}

/** Set by `touchedMemory`: the byte of the memory where block 0 starts, and the element size. */
let touchedBase = 0;
let touchedSize = 0;

/**
 * The memory a parsed buffer touches (setting `touchedBase`/`touchedSize`), or null when nothing is
 * touched or the datatype has holes (strided types may interleave legally: not checked). Allocates
 * nothing: it runs on every upper-case call that has a send and a receive buffer.
 */
function touchedMemory(method: string, m: Msg): ArrayBufferLike | null {
  const b = m.buf;
  if (b === null || (m instanceof CollMsg && (m.inPlace || m.raw === null))) return null;
  const layout = m.type.layout(method);
  const size = layout[0]!;
  if (size === 0 || size !== layout[2] || size !== layout[4]) return null;
  const view = ArrayBuffer.isView(b);
  touchedBase = (view ? b.byteOffset : 0) + m.offset + layout[3]!;
  touchedSize = size;
  return view ? b.buffer : b;
}

/** Elements of block `i` of a parsed buffer (a plain buffer has one block). */
function blockCount(m: Msg, i: number): number {
  return m instanceof VMsg ? m.counts[i]! : m.count;
}

/** Element displacement of block `i` of a parsed buffer. */
function blockDispl(m: Msg, i: number): number {
  return m instanceof VMsg ? m.displs[i]! : 0;
}

/**
 * The send and receive buffers of one call must be disjoint (MPI; use MPI.IN_PLACE or
 * Sendrecv_replace): MPICH 4.0 aborts the process on the overlapping copy of a message to self.
 */
export function checkDisjoint(method: string, s: Msg, r: Msg): void {
  const mem = touchedMemory(method, s);
  if (mem === null) return;
  const sBase = touchedBase;
  const sSize = touchedSize;
  if (touchedMemory(method, r) !== mem) return;
  const rBase = touchedBase;
  const rSize = touchedSize;
  const sBlocks = s instanceof VMsg ? s.counts.length : 1;
  const rBlocks = r instanceof VMsg ? r.counts.length : 1;
  for (let i = 0; i < sBlocks; i++) {
    const sc = blockCount(s, i);
    if (!(sc > 0)) continue;
    const sLo = sBase + blockDispl(s, i) * sSize;
    const sHi = sLo + sc * sSize;
    for (let k = 0; k < rBlocks; k++) {
      const rc = blockCount(r, k);
      if (!(rc > 0)) continue;
      const rLo = rBase + blockDispl(r, k) * rSize;
      const lo = Math.max(sLo, rLo);
      const hi = Math.min(sHi, rLo + rc * rSize);
      if (lo < hi) {
        throw new RangeError(`${method}: 'sendbuf' and 'recvbuf' overlap in memory (bytes ${lo}..${hi} of the same buffer); ` +
          'use MPI.IN_PLACE (or Sendrecv_replace) instead');
      }
    }
  }
}

/**
 * The send and receive sides of a v-variant collective: disjoint memory, and the block this
 * process sends to itself (block `rank`) has the bytes of the block it receives from itself —
 * MPI requires equal amounts pairwise, and MPICH 4.0 hangs in Alltoallv on a 1-process
 * communicator when they differ.
 */
export function checkPair(method: string, s: CollMsg, r: CollMsg, rank: number): void {
  checkDisjoint(method, s, r);
  if (s.inPlace || r.inPlace || s.raw === null || r.raw === null) return;
  const sendCount = s instanceof VMsg ? s.counts[rank] : s.count;
  const recvCount = r instanceof VMsg ? r.counts[rank] : r.count;
  if (sendCount === undefined || recvCount === undefined) return;
  const sendBytes = sendCount * s.type.layout(method)[0]!;
  const recvBytes = recvCount * r.type.layout(method)[0]!;
  if (sendBytes !== recvBytes) {
    throw new RangeError(`${method}: this process sends itself ${sendBytes} byte(s) but receives ${recvBytes} from itself; ` +
      'the amounts sent and received must match pairwise');
  }
}
