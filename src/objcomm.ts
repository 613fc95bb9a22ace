/**
 * The lower-case (object) collectives of `Comm` (`bcast`, `scatter`, `gather`, `allgather`,
 * `alltoall`, `reduce`, `allreduce`): one implementation for both kinds of communicator, as mpi4py
 * defines them on `Comm`. On an intracommunicator the root is a rank and every process takes part
 * (the slot transport of objcoll.ts); on an intercommunicator the root is `MPI.ROOT` at the root,
 * `MPI.PROC_NULL` in the rest of its group and the root's rank in the other group, and the values a
 * process gets come from the other group. The root rule is `rootedShapeOf` (collective.ts).
 */
import { native } from './native';
import { HANDLE, liveHandle } from './handle';
import { DATATYPES } from './Datatype';
import { argRangeError, argTypeError } from './errors';
import { OPS, Op, applyOp } from './Op';
import { pickle } from './pickle';
import { bcastObject, gatherObjects } from './objcoll';
import { concat, dumpsOrError, errorText } from './msgpickle';
import { withOptions } from './options';
import * as coll from './collective';
import type { Comm } from './Comm';

const BYTE = DATATYPES.BYTE[HANDLE];
const DOUBLE = DATATYPES.DOUBLE[HANDLE];
const SUM = OPS.SUM;
const one = new Float64Array(1);
const flag = new Float64Array(1);
const MAX = OPS.MAX[HANDLE];
const EMPTY = new Uint8Array(0);
const NO_INTS = new Int32Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A reduction op: an `MPI.Op` (lower-case reductions also take a function `(a, b) => c` of their values). */
export type OpLike<T = any> = Op | ((a: T, b: T) => T); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The op of a lower-case reduction: a live `MPI.Op` or a function. */
export function opArg(method: string, op: unknown): Op | ((a: unknown, b: unknown) => unknown) {
  if (op instanceof Op) {
    liveHandle(op, 'Op', method);
    return op;
  }
  if (typeof op === 'function') return op as (a: unknown, b: unknown) => unknown;
  throw argTypeError(method, 'op', 'an MPI.Op or a function (a, b) => c', op);
}

/** The rank-ordered fold of `items[0..end)` with `op`. */
export function fold(method: string, op: unknown, items: unknown[], end: number): unknown {
  let acc = items[0];
  for (let i = 1; i < end; i++) acc = applyOp(method, op, acc, items[i]);
  return acc;
}

/** As mpi4py takes any sequence: the items of an iterable that is not an array (a Set, a generator); strings stay values. */
export function iterableItems(v: unknown): unknown {
  if (Array.isArray(v) || v === null || typeof v !== 'object' || typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function') return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as Iterable<unknown>);
  return Array.from(v as Iterable<unknown>);
}

function rootOption(M: string, root: unknown): unknown {
  return typeof root === 'number' ? root : withOptions(M, [root], ['root'], [0])[0];
}

/** `Comm.bcast`: the value of the root on every process (of the other group on an intercommunicator; the root keeps `obj`, the rest of its group gets null). */
export function bcast(comm: Comm, obj: unknown, root: unknown): unknown {
  const M = 'Comm.bcast';
  const c = coll.rootedShapeOf(comm, M, rootOption(M, root));
  const h = c.h, r = c.root;
  if (!c.inter) return bcastObject(comm, h, M, obj, r);
  if (c.isRoot) {
    const bytes = rootBytes(M, h, r, () => dumpsOrError(M, obj));
    native.bcast(h, bytes, 0, bytes.byteLength, BYTE, r);
    return obj;
  }
  if (!c.isLeaf) {
    native.bcast(h, null, 0, 0, DOUBLE, r);
    native.bcast(h, null, 0, 0, BYTE, r);
    return null;
  }
  native.bcast(h, one, 0, 1, DOUBLE, r);
  const len = one[0]!;
  const buf = new Uint8Array(len < 0 ? -len - 1 : len);
  native.bcast(h, buf, 0, buf.byteLength, BYTE, r);
  if (len < 0) throw new Error(`${M}: the root failed: ${decoder.decode(buf)}`);
  return pickle.loadsAt(buf, 0, buf.byteLength);
}

/** `Comm.scatter`: item i of the root's array (one per process, of the other group on an intercommunicator) to process i. */
export function scatter(comm: Comm, sendobj: unknown, root: unknown): unknown {
  const M = 'Comm.scatter';
  const c = coll.rootedShapeOf(comm, M, rootOption(M, root));
  const h = c.h, r = c.root, n = c.n;
  const leaf = c.isLeaf, sends = c.isRoot;
  if (c.inter && !leaf && !sends) {
    native.scatter(h, null, 0, 0, DOUBLE, null, 0, 0, DOUBLE, r);
    native.scatterv(h, null, 0, NO_INTS, NO_INTS, BYTE, null, 0, 0, BYTE, r);
    return null;
  }
  const sizes = new Float64Array(sends ? n : 0);
  const counts = new Int32Array(sends || !c.inter ? n : 0);
  const displs = new Int32Array(sends || !c.inter ? n : 0);
  let send: Uint8Array | null = null;
  let err: unknown = null;
  if (sends) {
    try {
      const items = iterableItems(sendobj);
      if (!Array.isArray(items)) throw argTypeError(M, 'sendobj', `an array (or iterable) of ${n} items on the root`, sendobj);
      if (items.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per ${c.inter ? 'process of the other group' : 'process'}), got ${items.length}`);
      send = concat(items.map((o) => dumpsOrError(M, o)), counts, displs);
      for (let i = 0; i < n; i++) sizes[i] = counts[i]!;
    } catch (e) {
      err = e;
      send = encoder.encode(errorText(e));
      sizes.fill(-(send.byteLength + 1));
      counts.fill(send.byteLength);
      displs.fill(0);
    }
  }
  native.scatter(h, sends ? sizes : null, 0, 1, DOUBLE, leaf ? one : null, 0, leaf ? 1 : 0, DOUBLE, r);
  const hv = leaf ? one[0]! : 0;
  const recv = new Uint8Array(hv < 0 ? -hv - 1 : hv);
  native.scatterv(h, send, 0, counts, displs, BYTE, leaf ? recv : null, 0, recv.byteLength, BYTE, r);
  if (err !== null) throw err;
  if (!leaf) return null;
  if (hv < 0) throw new Error(`${M}: the root${c.inter ? '' : ` (rank ${r})`} failed: ${decoder.decode(recv)}`);
  return pickle.loadsAt(recv, 0, recv.byteLength);
}

/** `Comm.gather`: the values of every process (of the other group on an intercommunicator) at the root, in rank order; null elsewhere. */
export function gather(comm: Comm, sendobj: unknown, root: unknown): unknown[] | null {
  const M = 'Comm.gather';
  const c = coll.rootedShapeOf(comm, M, rootOption(M, root));
  return gatherShaped(comm, c, M, sendobj);
}

function gatherShaped(comm: Comm, c: coll.Shape, M: string, sendobj: unknown): unknown[] | null {
  const h = c.h, r = c.root;
  if (!c.inter) return gatherObjects(comm, h, M, sendobj, r, false);
  if (c.isRoot) {
    const n = c.n;
    const sizes = new Float64Array(n);
    native.gather(h, null, 0, 0, DOUBLE, sizes, 0, 1, DOUBLE, r);
    const counts = new Int32Array(n);
    const displs = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      counts[i] = Math.max(0, sizes[i]!);
      displs[i] = total;
      total += counts[i]!;
    }
    const recv = new Uint8Array(total);
    native.gatherv(h, null, 0, 0, BYTE, recv, 0, counts, displs, BYTE, r);
    const failed = sizes.findIndex((v) => v < 0);
    if (failed >= 0) throw new Error(`${M}: rank ${failed} of the other group failed to serialize its object`);
    return Array.from({ length: n }, (_, i) => pickle.loadsAt(recv, displs[i]!, counts[i]!));
  }
  if (!c.isLeaf) {
    native.gather(h, null, 0, 0, DOUBLE, null, 0, 0, DOUBLE, r);
    native.gatherv(h, null, 0, 0, BYTE, null, 0, NO_INTS, NO_INTS, BYTE, r);
    return null;
  }
  let bytes: Uint8Array = EMPTY;
  let err: unknown = null;
  try {
    bytes = dumpsOrError(M, sendobj);
    one[0] = bytes.byteLength;
  } catch (e) {
    err = e;
    one[0] = -1;
  }
  native.gather(h, one, 0, 1, DOUBLE, null, 0, 0, DOUBLE, r);
  native.gatherv(h, bytes, 0, err === null ? bytes.byteLength : 0, BYTE, null, 0, NO_INTS, NO_INTS, BYTE, r);
  if (err !== null) throw err;
  return null;
}

/** `Comm.allgather`: the values of every process (of the other group on an intercommunicator), in rank order. */
export function allgather(comm: Comm, sendobj: unknown, M = 'Comm.allgather'): unknown[] {
  const c = coll.shapeOf(comm, M);
  const h = c.h;
  if (!c.inter) return gatherObjects(comm, h, M, sendobj, 0, true)!;
  const n = c.n;
  let bytes: Uint8Array = EMPTY;
  let err: unknown = null;
  try {
    bytes = dumpsOrError(M, sendobj);
    one[0] = bytes.byteLength;
  } catch (e) {
    err = e;
    one[0] = -1;
  }
  const sizes = new Float64Array(n);
  native.allgather(h, one, 0, 1, DOUBLE, sizes, 0, 1, DOUBLE);
  const counts = new Int32Array(n);
  const displs = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    counts[i] = Math.max(0, sizes[i]!);
    displs[i] = total;
    total += counts[i]!;
  }
  const recv = new Uint8Array(total);
  native.allgatherv(h, bytes, 0, err === null ? bytes.byteLength : 0, BYTE, recv, 0, counts, displs, BYTE);
  if (err !== null) throw err;
  const failed = sizes.findIndex((v) => v < 0);
  if (failed >= 0) throw new Error(`${M}: rank ${failed} of the other group failed to serialize its object`);
  return Array.from({ length: n }, (_, i) => pickle.loadsAt(recv, displs[i]!, counts[i]!));
}

/** `Comm.alltoall`: item j of `sendobj` to process j (of the other group on an intercommunicator); the items received, in rank order. */
export function alltoall(comm: Comm, sendobj: unknown): unknown[] {
  const M = 'Comm.alltoall';
  const c = coll.shapeOf(comm, M);
  const h = c.h, n = c.n;
  const sc = new Int32Array(n);
  const sd = new Int32Array(n);
  const sizes = new Float64Array(n);
  const rsizes = new Float64Array(n);
  let send: Uint8Array = EMPTY;
  let err: unknown = null;
  try {
    const items = iterableItems(sendobj);
    if (!Array.isArray(items)) throw argTypeError(M, 'sendobj', `an array (or iterable) of ${n} items`, sendobj);
    if (items.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per ${c.inter ? 'process of the other group' : 'process'}), got ${items.length}`);
    send = concat(items.map((o) => dumpsOrError(M, o)), sc, sd);
    for (let i = 0; i < n; i++) sizes[i] = sc[i]!;
  } catch (e) {
    err = e;
    sizes.fill(-1);
  }
  native.alltoall(h, sizes, 0, 1, DOUBLE, rsizes, 0, 1, DOUBLE);
  let failed = rsizes.findIndex((v) => v < 0);
  // On an intercommunicator a process sees only the other group's failures: one more step tells the rest of its group.
  if (c.inter) {
    one[0] = err !== null || failed >= 0 ? 1 : 0;
    native.allreduce(h, one, 0, flag, 0, 1, DOUBLE, MAX);
    if (failed < 0 && flag[0]! > 0) failed = -2;
  }
  if (err !== null) throw err;
  if (failed !== -1) {
    const who = failed === -2 ? 'a process of this group' : `rank ${failed}${c.inter ? ' of the other group' : ''}`;
    throw new Error(`${M}: ${who} failed: its 'sendobj' was invalid or could not be serialized`);
  }
  const rc = new Int32Array(n);
  const rd = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    rc[i] = rsizes[i]!;
    rd[i] = total;
    total += rc[i]!;
  }
  const recv = new Uint8Array(total);
  native.alltoallv(h, send, 0, sc, sd, BYTE, recv, 0, rc, rd, BYTE);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = pickle.loadsAt(recv, rd[i]!, rc[i]!);
  return out;
}

/** `Comm.reduce`: the rank-ordered fold with `op` of every process's value (of the other group's, on an intercommunicator) at the root; null elsewhere. */
export function reduce(comm: Comm, sendobj: unknown, op: unknown, root: unknown): unknown {
  const M = 'Comm.reduce';
  if (!(op instanceof Op || typeof op === 'function') || typeof root !== 'number') [op, root] = withOptions(M, [op, root], ['op', 'root'], [SUM, 0]);
  const f = opArg(M, op);
  const items = gatherShaped(comm, coll.rootedShapeOf(comm, M, root), M, sendobj);
  return items === null ? null : fold(M, f, items, items.length);
}

/** `Comm.allreduce`: the rank-ordered fold with `op` of every process's value (of the other group's, on an intercommunicator), everywhere. */
export function allreduce(comm: Comm, sendobj: unknown, op: unknown): unknown {
  const M = 'Comm.allreduce';
  if (!(op instanceof Op || typeof op === 'function')) [op] = withOptions(M, [op], ['op'], [SUM]);
  const f = opArg(M, op);
  const items = allgather(comm, sendobj, M);
  return fold(M, f, items, items.length);
}

/** The root's bytes, after broadcasting their size (or, when `make` throws, the error text, then throwing). */
function rootBytes(M: string, h: number, r: number, make: () => Uint8Array): Uint8Array {
  let b: Uint8Array;
  try {
    b = make();
  } catch (e) {
    const text = encoder.encode(errorText(e));
    one[0] = -(text.byteLength + 1);
    native.bcast(h, one, 0, 1, DOUBLE, r);
    native.bcast(h, text, 0, text.byteLength, BYTE, r);
    throw e;
  }
  one[0] = b.byteLength;
  native.bcast(h, one, 0, 1, DOUBLE, r);
  return b;
}
