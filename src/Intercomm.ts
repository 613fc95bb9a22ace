/** `MPI.Intercomm`: a communicator between two disjoint groups (SPEC §3). */
import { native } from './native';
import { Comm, commHandle } from './Comm';
import { Intracomm, commClasses, commFromId } from './Intracomm';
import { Group, groupArg, groupFromId } from './Group';
import { argRangeError, argTypeError, checkInt } from './errors';
import { HANDLE } from './handle';
import { DATATYPES } from './Datatype';
import { pickle } from './pickle';
import { concat, dumpsOrError, errorText } from './msgpickle';
import { withOptions } from './options';
import type { Op } from './Op';
import { wrapInter } from './dynamic';
import type { BufSpec, CollSpec, VSpec } from './bufspec';

/** An intercommunicator (`Comm.Create_intercomm`); point-to-point ranks name processes of the remote group. */
export class Intercomm extends Comm {
  /**
   * An intercommunicator between two groups, without a parent communicator
   * (`MPI_Intercomm_create_from_groups`, MPI-4.0: an `MPI.Exception` of class `ERR_UNSUPPORTED_OPERATION`
   * on older libraries); the leaders are ranks in their own group.
   */
  static Create_from_groups(local_group: Group, local_leader: number, remote_group: Group, remote_leader: number,
    stringtag = 'org.mpi4py', info: null = null): Intercomm {
    const M = 'Intercomm.Create_from_groups';
    const lg = groupArg(M, 'local_group', local_group);
    const rg = groupArg(M, 'remote_group', remote_group);
    const ll = checkInt(M, 'local_leader', local_leader);
    const rl = checkInt(M, 'remote_leader', remote_leader);
    if (typeof stringtag !== 'string') throw argTypeError(M, 'stringtag', 'a string', stringtag);
    if (info !== undefined && info !== null) throw argTypeError(M, 'info', 'MPI.INFO_NULL (null) until MPI.Info is available', info);
    return commFromId(native.intercommCreateFromGroups(lg, ll, rg, rl, stringtag), Intercomm);
  }

  /** Size of the remote group (`MPI_Comm_remote_size`). */
  Get_remote_size(): number {
    return native.commRemoteSize(commHandle(this, 'Get_remote_size'));
  }

  /** Same as `Get_remote_size()`. */
  get remote_size(): number {
    return this.Get_remote_size();
  }

  /** The remote group (`MPI_Comm_remote_group`). Free it when done. */
  Get_remote_group(): Group {
    return groupFromId(native.commRemoteGroup(commHandle(this, 'Get_remote_group')));
  }

  /** Same as `Get_remote_group()`. */
  get remote_group(): Group {
    return this.Get_remote_group();
  }

  /**
   * One intracommunicator of both groups (`MPI_Intercomm_merge`, collective): the group that
   * passes `high = true` is ordered after the other.
   */
  Merge(high = false): Intracomm {
    if (typeof high !== 'boolean') throw argTypeError('Intercomm.Merge', 'high', 'a boolean', high);
    return new Intracomm(native.intercommMerge(commHandle(this, 'Merge'), high));
  }

  // ---- collectives, objects (the root is MPI.ROOT, MPI.PROC_NULL or a rank of the other group) -----

  /** Broadcasts a value from the root to every process of the other group (`MPI_Bcast` of its size, then of its `MPI.pickle` bytes). Returns it there; the root gets `obj`, the rest of its group null. */
  bcast<T = unknown>(obj: T, root: number): T | null;
  bcast<T = unknown>(obj: T, options: { root: number }): T | null;
  bcast(obj: unknown, root: unknown): unknown {
    const M = 'Intercomm.bcast';
    const [h, r, side] = interRoot(this, M, root, 'bcast');
    if (side === SIDE_ROOT) {
      const bytes = rootBytes(M, h, r, () => dumpsOrError(M, obj));
      native.bcast(h, bytes, 0, bytes.byteLength, BYTE, r);
      return obj;
    }
    if (side === SIDE_NONE) {
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

  /** The root gathers one value from each process of the other group (`MPI_Gather` of sizes + `MPI_Gatherv` of bytes): an array at the root, null elsewhere. */
  gather<T = unknown>(sendobj: T, root: number): T[] | null;
  gather<T = unknown>(sendobj: T, options: { root: number }): T[] | null;
  gather(sendobj: unknown, root: unknown): unknown[] | null {
    const M = 'Intercomm.gather';
    const [h, r, side] = interRoot(this, M, root, 'gather');
    if (side === SIDE_ROOT) {
      const n = this.Get_remote_size();
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
    if (side === SIDE_NONE) {
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

  /** The root sends item i of its array (one per process of the other group) to process i there (`MPI_Scatter` of sizes + `MPI_Scatterv`). */
  scatter<T = unknown>(sendobj: T[] | null, root: number): T | null;
  scatter<T = unknown>(sendobj: T[] | null, options: { root: number }): T | null;
  scatter(sendobj: unknown, root: unknown): unknown {
    const M = 'Intercomm.scatter';
    const [h, r, side] = interRoot(this, M, root, 'scatter');
    if (side === SIDE_ROOT) {
      const n = this.Get_remote_size();
      const sizes = new Float64Array(n);
      const counts = new Int32Array(n);
      const displs = new Int32Array(n);
      let send: Uint8Array;
      let err: unknown = null;
      try {
        if (!Array.isArray(sendobj)) throw argTypeError(M, 'sendobj', `an array of ${n} items at the root`, sendobj);
        if (sendobj.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per process of the other group), got ${sendobj.length}`);
        send = concat(sendobj.map((o) => dumpsOrError(M, o)), counts, displs);
        for (let i = 0; i < n; i++) sizes[i] = counts[i]!;
      } catch (e) {
        err = e;
        send = encoder.encode(errorText(e));
        sizes.fill(-(send.byteLength + 1));
        counts.fill(send.byteLength);
        displs.fill(0);
      }
      native.scatter(h, sizes, 0, 1, DOUBLE, null, 0, 0, DOUBLE, r);
      native.scatterv(h, send, 0, counts, displs, BYTE, null, 0, 0, BYTE, r);
      if (err !== null) throw err;
      return null;
    }
    if (side === SIDE_NONE) {
      native.scatter(h, null, 0, 0, DOUBLE, null, 0, 0, DOUBLE, r);
      native.scatterv(h, null, 0, NO_INTS, NO_INTS, BYTE, null, 0, 0, BYTE, r);
      return null;
    }
    native.scatter(h, null, 0, 0, DOUBLE, one, 0, 1, DOUBLE, r);
    const hv = one[0]!;
    const recv = new Uint8Array(hv < 0 ? -hv - 1 : hv);
    native.scatterv(h, null, 0, NO_INTS, NO_INTS, BYTE, recv, 0, recv.byteLength, BYTE, r);
    if (hv < 0) throw new Error(`${M}: the root failed: ${decoder.decode(recv)}`);
    return pickle.loadsAt(recv, 0, recv.byteLength);
  }

  /** Every process gets the values of every process of the other group, in rank order (`MPI_Allgather` of sizes + `MPI_Allgatherv`). */
  allgather<T = unknown>(sendobj: T): T[] {
    const M = 'Intercomm.allgather';
    const h = commHandle(this, 'allgather');
    const n = this.Get_remote_size();
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
    return Array.from({ length: n }, (_, i) => pickle.loadsAt(recv, displs[i]!, counts[i]!) as T);
  }

  /** Splits both groups by color, ordered by key (`MPI_Comm_split` on an intercommunicator, collective): an Intercomm, or `MPI.COMM_NULL` for `MPI.UNDEFINED`. */
  Split(color = 0, key = 0): Intercomm {
    const M = 'Intercomm.Split';
    return commFromId(native.commSplit(commHandle(this, 'Split'), checkInt(M, 'color', color), checkInt(M, 'key', key)), Intercomm);
  }

  /** An intercommunicator of the processes of `group` (a subgroup of the local group) (`MPI_Comm_create`, collective). */
  Create(group: Group): Intercomm {
    return commFromId(native.commCreate(commHandle(this, 'Create'), groupArg('Intercomm.Create', 'group', group)), Intercomm);
  }
}

/**
 * The collectives are methods of Comm (as in mpi4py), so an Intercomm has every form without a copy.
 * These declarations only narrow the types of the rooted ones: on an intercommunicator the root is
 * required (`MPI.ROOT` at the root, `MPI.PROC_NULL` in the rest of its group, the root's rank in the
 * other group), and a buffer a process does not use may be null.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Intercomm {
  /** Broadcast from the root of one group to every process of the other (`MPI_Bcast`). */
  Bcast(buf: BufSpec | null, root: number): void;
  Bcast(buf: BufSpec | null, options: { root: number }): void;
  /** The root scatters `remote size` equal blocks, one to each process of the other group (`MPI_Scatter`). */
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, root: number): void;
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** Scatter of varying blocks (`MPI_Scatterv`). */
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, root: number): void;
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** The root gathers one block from each process of the other group (`MPI_Gather`). */
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, root: number): void;
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** Gather of varying blocks (`MPI_Gatherv`). */
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, root: number): void;
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, options: { root: number }): void;
  /** Reduces the other group's `sendbuf`s to the root (`MPI_Reduce`). */
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, op: Op, root: number): void;
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, options: { op?: Op; root: number }): void;
  /** Reduction of the other group's `sendbuf`s, `recvcounts[i]` elements to local process i (`MPI_Reduce_scatter`). */
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: ArrayLike<number>, op?: Op): void;
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, options: { recvcounts: ArrayLike<number>; op?: Op }): void;
}

const BYTE = DATATYPES.BYTE[HANDLE];
const DOUBLE = DATATYPES.DOUBLE[HANDLE];
const ROOT = native.constants.ROOT as number;
const PROC_NULL = native.constants.PROC_NULL as number;
const SIDE_ROOT = 0;
const SIDE_NONE = 1;
const SIDE_LEAF = 2;
const one = new Float64Array(1);
const EMPTY = new Uint8Array(0);
const NO_INTS = new Int32Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The root of an intercommunicator's rooted object collective: [id, root, side] (the root, the rest of its group, the other group). */
function interRoot(comm: Intercomm, M: string, root: unknown, method: string): [number, number, number] {
  if (typeof root !== 'number') [root] = withOptions(M, [root], ['root'], [undefined]);
  if (root === undefined) throw argTypeError(M, 'root', 'MPI.ROOT, MPI.PROC_NULL or a rank of the other group', root);
  const r = checkInt(M, 'root', root);
  const h = commHandle(comm, method);
  if (r === ROOT) return [h, r, SIDE_ROOT];
  if (r === PROC_NULL) return [h, r, SIDE_NONE];
  const n = comm.Get_remote_size();
  if (r < 0 || r >= n) throw argRangeError(M, 'root', `must be MPI.ROOT, MPI.PROC_NULL or a rank of the other group (size ${n}), got ${r}`);
  return [h, r, SIDE_LEAF];
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

commClasses.Intercomm = Intercomm;
wrapInter.fn = (id) => commFromId(id, Intercomm);
