/**
 * `MPI.Comm`: communicator management and point-to-point, upper-case (buffers, no copy) and
 * lower-case (any value, through MPI.pickle) side by side, as in mpi4py.
 */
import { native, S } from './native';
import { FREED, HANDLE, PENDING, liveHandle, setKind } from './handle';
import { checkDisjoint, Msg, parseBuffer, type BufSpec, type CollSpec, type InPlace, type VSpec, type WSpec } from './bufspec';
import { OPS, type Op } from './Op';
import * as coll from './collective';
import { Status, statusBytes } from './Status';
import { Message, messageFromId } from './Message';
import { argRangeError, argTypeError, checkInt, usageError } from './errors';
import { Request } from './Request';
import { Prequest } from './Prequest';
import * as objmsg from './msgpickle';
import { Group, groupArg, groupFromId } from './Group';
import { isOptions, withOptions } from './options';
import { Errhandler, errhandlerArg, errhandlerFromId } from './Errhandler';
import { emptyInfo, infoFromId, withInfo, INFO_NULL, type Info, type InfoArg } from './Info';
import * as attrs from './attributes';
import * as dynamic from './dynamic';
import type { Intercomm } from './Intercomm';
import type { Intracomm } from './Intracomm';
import type { Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';
import * as objcomm from './objcomm';
import type { OpLike } from './objcomm';

export { withOptions };

const C = native.constants;
const ANY_SOURCE = C.ANY_SOURCE as number;
const ANY_TAG = C.ANY_TAG as number;
const UNDEFINED_TOPO = C.UNDEFINED as number;


// One record per buffer argument position; reused because every call is synchronous, and a loop
// on the same view skips the parse (point-to-point callers never rewrite a parsed record).
const msgA = new Msg(true);
const msgB = new Msg(true);
const probeStatus = new Status();

/** Trailing options objects (mpi4py's keyword arguments), e.g. `comm.recv({ source: 0, tag: 11 })`. */
export interface PointOptions {
  dest?: number;
  source?: number;
  tag?: number;
  sendtag?: number;
  recvtag?: number;
  status?: Status;
  recvbuf?: BufSpec;
}

function rank(method: string, arg: string, v: unknown): number {
  return checkInt(method, arg, v);
}

/** The live id of a communicator; errors name the method (wrong `this`, NULL or freed). */
export function commHandle(comm: unknown, method: string): number {
  return liveHandle(comm, 'Comm', method);
}

/**
 * @internal Classes defined in modules that extend Comm (they import this one); each registers
 * itself here when loaded, so the factories of new communicators avoid an import cycle.
 */
export const commClasses: {
  Intracomm?: new (id: number) => Intracomm;
  Intercomm?: new (id: number) => Intercomm;
  Cartcomm?: new (id: number) => Cartcomm;
  Graphcomm?: new (id: number) => Graphcomm;
  Distgraphcomm?: new (id: number) => Distgraphcomm;
} = {};

/** The class of a communicator made from `h` by a call that keeps its kind (`Split`, `Create`): Intercomm or Intracomm. */
function kindOf(h: number): new (id: number) => Comm {
  return native.commTestInter(h) ? commClasses.Intercomm! : commClasses.Intracomm!;
}

/**
 * The request of an `Idup`: the new communicator holds `PENDING` until the request completes
 * (every completion path ends in `_completeFrom`), so a call on it before then is an MPI.Exception
 * instead of MPI touching an unfinished communicator (both libraries crashed).
 */
class IdupRequest extends Request {
  constructor(id: number, private readonly comm: Comm, private readonly commId: number) {
    super(id);
  }

  /** @internal */
  override _completeFrom(id: number): void {
    super._completeFrom(id);
    if (this[HANDLE] === 0 && this.comm[HANDLE] === PENDING) this.comm[HANDLE] = this.commId;
  }
}

function idupResult<T extends Comm>(from: T, id: number, q: number): [T, Request] {
  const comm = attrs.copied(from, new (from.constructor as new (id: number) => T)(PENDING));
  return [comm, new IdupRequest(q, comm, id)];
}

/**
 * Matched probe (`MPI_Mprobe`/`MPI_Improbe`). The Message remembers the byte count so that both
 * `message.Recv(buf)` and `message.recv()` work whichever probe matched it (as in mpi4py).
 */
function matchedProbe(comm: Comm, method: string, blocking: boolean, source: unknown, tag: unknown, status: unknown): Message | null {
  const [s, t, st] = probeArgs(`Comm.${method}`, source, tag, status);
  const h = commHandle(comm, method);
  const id = blocking ? native.mprobe(h, s, t, probeStatus.bytes) : native.improbe(h, s, t, probeStatus.bytes);
  if (id === -1) return null;
  if (st) st.set(probeStatus.bytes);
  return messageFromId(id, probeStatus.Get_count());
}

function sendBuffer(comm: Comm, mode: number, method: string, buf: BufSpec, dest: unknown, tag: unknown): void {
  if (typeof dest !== 'number' || typeof tag !== 'number') {
    [dest, tag] = withOptions(method, [dest, tag], ['dest', 'tag'], [undefined, 0]);
  }
  const h = commHandle(comm, method);
  const m = parseBuffer(method, 'buf', buf, msgA);
  const d = rank(method, 'dest', dest);
  const t = rank(method, 'tag', tag);
  // The scratch form (src/native.ts): numbers at their positions in native.send's signature.
  S[0] = mode; S[1] = h; S[3] = m.offset; S[4] = m.count; S[5] = m.tid; S[6] = d; S[7] = t;
  native.sendScratch(m.buf);
}
function probeArgs(method: string, source: unknown, tag: unknown, status: unknown): [number, number, Uint8Array | undefined] {
  if (typeof source !== 'number' || typeof tag !== 'number' || isOptions(status)) {
    [source, tag, status] = withOptions(method, [source, tag, status], ['source', 'tag', 'status'], [ANY_SOURCE, ANY_TAG, undefined]);
  }
  return [rank(method, 'source', source), rank(method, 'tag', tag), statusBytes(method, status)];
}
// Nonblocking and persistent sends: the Request keeps the memory (m.buf) until completion.
function isendBuffer(comm: Comm, mode: number, method: string, buf: BufSpec, dest: unknown, tag: unknown, persistent: boolean): Request {
  if (typeof dest !== 'number' || typeof tag !== 'number') {
    [dest, tag] = withOptions(method, [dest, tag], ['dest', 'tag'], [undefined, 0]);
  }
  const h = commHandle(comm, method);
  const m = parseBuffer(method, 'buf', buf, msgA);
  const d = rank(method, 'dest', dest);
  const t = rank(method, 'tag', tag);
  if (persistent) return new Prequest(native.sendInit(mode, h, m.buf, m.offset, m.count, m.tid, d, t), m.buf);
  S[0] = mode; S[1] = h; S[3] = m.offset; S[4] = m.count; S[5] = m.tid; S[6] = d; S[7] = t;
  return new Request(native.isendScratch(m.buf), m.buf);
}
function irecvBuffer(comm: Comm, method: string, buf: BufSpec, source: unknown, tag: unknown, persistent: boolean): Request {
  if (typeof source !== 'number' || typeof tag !== 'number') {
    [source, tag] = withOptions(method, [source, tag], ['source', 'tag'], [ANY_SOURCE, ANY_TAG]);
  }
  const h = commHandle(comm, method);
  const m = parseBuffer(method, 'buf', buf, msgA);
  const s = rank(method, 'source', source);
  const t = rank(method, 'tag', tag);
  if (persistent) return new Prequest(native.recvInit(h, m.buf, m.offset, m.count, m.tid, s, t), m.buf);
  S[0] = h; S[2] = m.offset; S[3] = m.count; S[4] = m.tid; S[5] = s; S[6] = t;
  return new Request(native.irecvScratch(m.buf), m.buf);
}
// Partitioned communication (MPI-4): `buf` holds `partitions` equal blocks; the Prequest keeps the
// memory (the addon pins it) until it is freed. A library without it (Open MPI 4.1, MPI-3.1) refuses
// with MPI.Exception ERR_UNSUPPORTED_OPERATION, decided when the addon was built.
function partitionedInit(comm: Comm, send: boolean, method: string, buf: BufSpec, partitions: unknown, peer: unknown, tag: unknown,
  info: unknown): Prequest {
  const h = commHandle(comm, method);
  if (!native.partitioned) throw usageError('ERR_UNSUPPORTED_OPERATION', `${method}: partitioned communication is not supported by this MPI library`);
  const n = checkInt(method, 'partitions', partitions);
  if (n < 1) throw argRangeError(method, 'partitions', `must be at least 1, got ${n}`);
  const m = parseBuffer(method, 'buf', buf, msgA);
  if (m.count % n !== 0) throw argRangeError(method, 'buf', `holds ${m.count} element(s), not a multiple of the ${n} partition(s)`);
  const p = rank(method, send ? 'dest' : 'source', peer);
  const t = rank(method, 'tag', tag);
  const f = send ? native.psendInit : native.precvInit;
  const id = withInfo(method, info as InfoArg, (i) => f(h, m.buf, m.offset, m.count / n, m.tid, n, p, t, i));
  return new Prequest(id, m.buf, n, send);
}

/** A communicator (`MPI_Comm`). */
export class Comm {
  /** @internal */
  [HANDLE]: number;

  /** @internal */
  constructor(id: number) {
    this[HANDLE] = id;
  }


  // ---- management ------------------------------------------------------------------------

  /** Rank of this process in the communicator (`MPI_Comm_rank`). */
  Get_rank(): number {
    return native.commRank(commHandle(this, 'Get_rank'));
  }

  /** Number of processes in the communicator (`MPI_Comm_size`). */
  Get_size(): number {
    return native.commSize(commHandle(this, 'Get_size'));
  }

  /** Same as `Get_rank()`. */
  get rank(): number {
    return this.Get_rank();
  }

  /** Same as `Get_size()`. */
  get size(): number {
    return this.Get_size();
  }

  /** The communicator's name (`MPI_Comm_get_name`). */
  Get_name(): string {
    // As mpi4py: the null communicator has a name too.
    if (this[HANDLE] === 0) return 'MPI_COMM_NULL';
    return native.commGetName(commHandle(this, 'Get_name'));
  }

  /** Sets the communicator's name (`MPI_Comm_set_name`). */
  Set_name(name: string): void {
    if (typeof name !== 'string') throw argTypeError('Comm.Set_name', 'name', 'a string', name);
    native.commSetName(commHandle(this, 'Set_name'), name);
  }

  get name(): string {
    return this.Get_name();
  }

  set name(v: string) {
    this.Set_name(v);
  }

  /** Whether this is an intercommunicator (`MPI_Comm_test_inter`). */
  Is_inter(): boolean {
    return native.commTestInter(commHandle(this, 'Is_inter'));
  }

  /** Whether this is an intracommunicator. */
  Is_intra(): boolean {
    return !this.Is_inter();
  }

  get is_inter(): boolean {
    return this.Is_inter();
  }

  get is_intra(): boolean {
    return this.Is_intra();
  }

  /** Compares two communicators (`MPI_Comm_compare`): `MPI.IDENT`, `CONGRUENT`, `SIMILAR` or `UNEQUAL`. */
  Compare(other: Comm): number {
    if (!(other instanceof Comm)) throw argTypeError('Comm.Compare', 'other', 'an MPI.Comm', other);
    return native.commCompare(commHandle(this, 'Compare'), liveHandle(other, 'Comm', 'Compare'));
  }

  /** The group of the communicator (`MPI_Comm_group`); for an intercommunicator, the local group. Free it when done. */
  Get_group(): Group {
    return groupFromId(native.commGroup(commHandle(this, 'Get_group')));
  }

  /** Same as `Get_group()` (a new Group object each time). */
  get group(): Group {
    return this.Get_group();
  }

  /** The kind of topology (`MPI_Topo_test`): `MPI.CART`, `MPI.GRAPH`, `MPI.DIST_GRAPH` or `MPI.UNDEFINED`. */
  Get_topology(): number {
    return native.topoTest(commHandle(this, 'Get_topology'));
  }

  /** Same as `Get_topology()`. */
  get topology(): number {
    return this.Get_topology();
  }

  /** Duplicates the communicator (`MPI_Comm_dup`, collective); the copy has the same class. */
  Dup(): this {
    const id = native.commDup(commHandle(this, 'Dup'));
    return attrs.copied(this, new (this.constructor as new (id: number) => this)(id));
  }

  /** Same as `Dup()` (mpi4py's `Clone`: `MPI_Comm_dup`, collective). */
  Clone(): this {
    const id = native.commDup(commHandle(this, 'Clone'));
    return attrs.copied(this, new (this.constructor as new (id: number) => this)(id));
  }

  /**
   * Duplicates with hints (`MPI_Comm_dup_with_info`, collective): `info` is an `MPI.Info` or a plain
   * object; null and `MPI.INFO_NULL` pass an empty info (both libraries refuse MPI_INFO_NULL here).
   */
  Dup_with_info(info: InfoArg = null): this {
    const h = commHandle(this, 'Dup_with_info');
    const id = withInfo('Comm.Dup_with_info', info, (i) => native.commDupWithInfo(h, i === INFO_NULL[HANDLE] ? emptyInfo() : i));
    return attrs.copied(this, new (this.constructor as new (id: number) => this)(id));
  }

  /**
   * Starts a duplication (`MPI_Comm_idup`, nonblocking collective; with `info`, `Idup_with_info`):
   * returns `[newcomm, request]` as mpi4py. The new communicator (same class) is usable once the
   * request completes (`request.Wait()`, `Test()` or `await request`; before, its methods throw an
   * `MPI.Exception`); it has this one's error handler.
   */
  Idup(info: InfoArg = null): [this, Request] {
    if (info !== null && info !== undefined) return this.Idup_with_info(info);
    const [id, q] = native.commIdup(commHandle(this, 'Idup'));
    return idupResult(this, id, q);
  }

  /**
   * `Idup` with hints (`MPI_Comm_idup_with_info`, MPI-4.0: an `MPI.Exception` of class
   * `ERR_UNSUPPORTED_OPERATION` on older libraries such as Open MPI 4.1); `info` is an `MPI.Info` or
   * a plain object. Returns `[newcomm, request]`; use `newcomm` after the request completes.
   */
  Idup_with_info(info: InfoArg): [this, Request] {
    const h = commHandle(this, 'Idup_with_info');
    const [id, q] = withInfo('Comm.Idup_with_info', info, (i) => native.commIdupWithInfo(h, i === INFO_NULL[HANDLE] ? emptyInfo() : i));
    return idupResult(this, id, q);
  }

  /**
   * Splits into sub-communicators by color, ordered by key (`MPI_Comm_split`, collective): an
   * Intracomm, or on an intercommunicator an Intercomm (both groups split); `MPI.UNDEFINED` gives `MPI.COMM_NULL`.
   */
  Split(color?: number, key?: number): Comm;
  Split(options: { color?: number; key?: number }): Comm;
  Split(color: unknown = 0, key: unknown = 0): Comm {
    const M = 'Comm.Split';
    if (typeof color !== 'number' || typeof key !== 'number') [color, key] = withOptions(M, [color, key], ['color', 'key'], [0, 0]);
    const h = commHandle(this, 'Split');
    return commFromId(native.commSplit(h, checkInt(M, 'color', color), checkInt(M, 'key', key)), kindOf(h));
  }

  /**
   * Splits by type, e.g. `MPI.COMM_TYPE_SHARED` for the ranks of one node (`MPI_Comm_split_type`,
   * collective); `info` is an `MPI.Info` or a plain object of hints. On an intercommunicator an
   * `MPI.Exception` of class `ERR_COMM` on both libraries (Open MPI 4.1 crashes in it).
   */
  Split_type(split_type: number, key?: number, info?: InfoArg): Intracomm;
  Split_type(split_type: number, options: { key?: number; info?: InfoArg }): Intracomm;
  Split_type(split_type: number, key: unknown = 0, info: unknown = null): Intracomm {
    const M = 'Comm.Split_type';
    if (typeof key !== 'number') [key, info] = withOptions(M, [key, info], ['key', 'info'], [0, null]);
    const h = commHandle(this, 'Split_type');
    if (native.commTestInter(h)) throw usageError('ERR_COMM', `${M}: not supported on an intercommunicator`);
    const type = checkInt(M, 'split_type', split_type), k = checkInt(M, 'key', key);
    const id = withInfo(M, info as InfoArg, (i) => native.commSplitType(h, type, k, i));
    return commFromId(id, commClasses.Intracomm!);
  }

  /**
   * A communicator of the processes in `group` (`MPI_Comm_create`, collective over this
   * communicator; on an intercommunicator, `group` is a subgroup of the local group and the result
   * an Intercomm); `MPI.COMM_NULL` on processes outside the group.
   */
  Create(group: Group): Comm {
    const h = commHandle(this, 'Create');
    return commFromId(native.commCreate(h, groupArg('Comm.Create', 'group', group)), kindOf(h));
  }

  // ---- attributes (JavaScript values; src/attributes.ts) --------------------------------------

  /** A new attribute key for communicators (`MPI_Comm_create_keyval`); `copy_fn` decides what `Dup` copies. */
  static Create_keyval(copy_fn: attrs.CopyFn<Comm> = null, delete_fn: attrs.DeleteFn<Comm> = null): number {
    return attrs.createKeyval('Comm', copy_fn, delete_fn);
  }

  /** Frees an attribute key (`MPI_Comm_free_keyval`); returns `MPI.KEYVAL_INVALID`. */
  static Free_keyval(keyval: number): number {
    return attrs.freeKeyval('Comm', keyval);
  }

  /**
   * The attribute value of `keyval`, or null when none is set (`MPI_Comm_get_attr`): a keyval of
   * `Create_keyval`, or a predefined one (`MPI.UNIVERSE_SIZE`, `MPI.APPNUM`, `MPI.HOST`, `MPI.IO`,
   * `MPI.WTIME_IS_GLOBAL`; src/dynamic.ts).
   */
  Get_attr(keyval: number): unknown {
    const h = commHandle(this, 'Get_attr');
    if (dynamic.isPredefinedAttr(keyval)) return dynamic.getAttr(h, keyval);
    return attrs.getAttr('Comm', this, keyval);
  }

  /** Sets the attribute value of `keyval` (`MPI_Comm_set_attr`); a value already set is deleted first. */
  Set_attr(keyval: number, attrval: unknown): void {
    commHandle(this, 'Set_attr');
    attrs.setAttr('Comm', this, keyval, attrval);
  }

  /** Deletes the attribute value of `keyval` (`MPI_Comm_delete_attr`); its `delete_fn` runs. */
  Delete_attr(keyval: number): void {
    commHandle(this, 'Delete_attr');
    attrs.deleteAttr('Comm', this, keyval);
  }

  /** Whether the communicator has a topology (`MPI_Topo_test` is not `MPI.UNDEFINED`). */
  get is_topo(): boolean {
    return this.Get_topology() !== UNDEFINED_TOPO;
  }

  /** Frees the communicator (`MPI_Comm_free`, collective). Later use is an error. */
  Free(): void {
    const h = commHandle(this, 'Free');
    attrs.freeAttrs(this);
    native.commFree(h);
    this[HANDLE] = FREED;
  }

  /**
   * Sets the communicator's hints (`MPI_Comm_set_info`, collective); `info` is an `MPI.Info` or a
   * plain object; null and `MPI.INFO_NULL` set no hints (an empty info: MPI refuses MPI_INFO_NULL here).
   */
  Set_info(info: InfoArg): void {
    const h = commHandle(this, 'Set_info');
    withInfo('Comm.Set_info', info ?? {}, (i) => native.commSetInfo(h, i === INFO_NULL[HANDLE] ? emptyInfo() : i));
  }

  /** The hints in use (`MPI_Comm_get_info`): a new `MPI.Info` to free. */
  Get_info(): Info {
    return infoFromId(native.commGetInfo(commHandle(this, 'Get_info')));
  }

  /** Same as `Get_info()` (mpi4py's property); a new `MPI.Info` to free. */
  get info(): Info {
    return this.Get_info();
  }

  /** The communicator's error handler (`MPI_Comm_get_errhandler`); mpi4js's default is `MPI.ERRORS_RETURN`. */
  Get_errhandler(): Errhandler {
    return errhandlerFromId(native.commGetErrhandler(commHandle(this, 'Get_errhandler')));
  }

  /**
   * Sets the error handler (`MPI_Comm_set_errhandler`): `MPI.ERRORS_RETURN` (errors throw `MPI.Exception`,
   * the default) or `MPI.ERRORS_ARE_FATAL` / `MPI.ERRORS_ABORT` (errors end the job).
   */
  Set_errhandler(errhandler: Errhandler): void {
    const h = commHandle(this, 'Set_errhandler');
    native.commSetErrhandler(h, errhandlerArg('Comm.Set_errhandler', errhandler));
  }

  /** Invokes the communicator's error handler with an error code (`MPI_Comm_call_errhandler`). */
  Call_errhandler(errorcode: number): void {
    const h = commHandle(this, 'Call_errhandler');
    native.commCallErrhandler(h, checkInt('Comm.Call_errhandler', 'errorcode', errorcode));
  }

  // ---- dynamic processes (src/dynamic.ts) ----------------------------------------------------

  /** The intercommunicator to the processes that spawned this one (`MPI_Comm_get_parent`); `MPI.COMM_NULL` when not spawned. */
  static Get_parent(): Intercomm {
    return dynamic.getParent();
  }

  /** An intercommunicator with the process at the other end of a connected socket `fd` (`MPI_Comm_join`). */
  static Join(fd: number): Intercomm {
    return dynamic.join(fd);
  }

  /** Waits for the communicator's pending communication, then frees it (`MPI_Comm_disconnect`, collective). */
  Disconnect(): void {
    dynamic.disconnect(this, commHandle(this, 'Disconnect'));
  }

  /** Ends every process of the communicator's job (`MPI_Abort`). */
  Abort(errorcode = 1): never {
    native.commAbort(commHandle(this, 'Abort'), checkInt('Comm.Abort', 'errorcode', errorcode));
    throw new Error('Comm.Abort: MPI_Abort returned');
  }

  /** Blocks until every process has called it (`MPI_Barrier`). */
  Barrier(): void {
    native.barrier(commHandle(this, 'Barrier'));
  }

  /** Object-mode barrier (`MPI_Barrier`). */
  barrier(): void {
    native.barrier(commHandle(this, 'barrier'));
  }

  // ---- point to point, buffers ---------------------------------------------------------

  /** Blocking send of a buffer (`MPI_Send`). */
  Send(buf: BufSpec, dest: number, tag?: number): void;
  Send(buf: BufSpec, options: { dest: number; tag?: number }): void;
  Send(buf: BufSpec, dest: unknown, tag: unknown = 0): void {
    sendBuffer(this, objmsg.MODE_STANDARD, 'Comm.Send', buf, dest, tag);
  }

  /** Synchronous-mode send (`MPI_Ssend`): returns once the receive has started. */
  Ssend(buf: BufSpec, dest: number, tag?: number): void;
  Ssend(buf: BufSpec, options: { dest: number; tag?: number }): void;
  Ssend(buf: BufSpec, dest: unknown, tag: unknown = 0): void {
    sendBuffer(this, objmsg.MODE_SYNCHRONOUS, 'Comm.Ssend', buf, dest, tag);
  }

  /** Ready-mode send (`MPI_Rsend`): the matching receive must already be posted. */
  Rsend(buf: BufSpec, dest: number, tag?: number): void;
  Rsend(buf: BufSpec, options: { dest: number; tag?: number }): void;
  Rsend(buf: BufSpec, dest: unknown, tag: unknown = 0): void {
    sendBuffer(this, objmsg.MODE_READY, 'Comm.Rsend', buf, dest, tag);
  }

  /** Buffered-mode send (`MPI_Bsend`): copies into the buffer attached with `MPI.Attach_buffer`. */
  Bsend(buf: BufSpec, dest: number, tag?: number): void;
  Bsend(buf: BufSpec, options: { dest: number; tag?: number }): void;
  Bsend(buf: BufSpec, dest: unknown, tag: unknown = 0): void {
    sendBuffer(this, objmsg.MODE_BUFFERED, 'Comm.Bsend', buf, dest, tag);
  }



  /** Blocking receive into a buffer (`MPI_Recv`). */
  Recv(buf: BufSpec, source?: number, tag?: number, status?: Status): void;
  Recv(buf: BufSpec, options: { source?: number; tag?: number; status?: Status }): void;
  Recv(buf: BufSpec, source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): void {
    if (typeof source !== 'number' || typeof tag !== 'number' || isOptions(status)) {
      [source, tag, status] = withOptions('Comm.Recv', [source, tag, status], ['source', 'tag', 'status'], [ANY_SOURCE, ANY_TAG, undefined]);
    }
    const h = commHandle(this, 'Recv');
    const st = statusBytes('Comm.Recv', status);
    const m = parseBuffer('Comm.Recv', 'buf', buf, msgA);
    const s = rank('Comm.Recv', 'source', source);
    const t = rank('Comm.Recv', 'tag', tag);
    S[0] = h; S[2] = m.offset; S[3] = m.count; S[4] = m.tid; S[5] = s; S[6] = t;
    native.recvScratch(m.buf, st);
  }

  /** Send and receive in one call (`MPI_Sendrecv`). */
  Sendrecv(sendbuf: BufSpec, dest: number, sendtag?: number, recvbuf?: BufSpec | null, source?: number, recvtag?: number, status?: Status): void;
  Sendrecv(sendbuf: BufSpec, options: { dest: number; sendtag?: number; recvbuf: BufSpec; source?: number; recvtag?: number; status?: Status }): void;
  Sendrecv(sendbuf: BufSpec, dest: unknown, sendtag: unknown = 0, recvbuf: unknown = null, source: unknown = ANY_SOURCE,
    recvtag: unknown = ANY_TAG, status?: unknown): void {
    if (typeof dest !== 'number' || typeof sendtag !== 'number' || isOptions(recvbuf) || typeof source !== 'number' ||
        typeof recvtag !== 'number' || isOptions(status)) {
      [dest, sendtag, recvbuf, source, recvtag, status] = withOptions('Comm.Sendrecv', [dest, sendtag, recvbuf, source, recvtag, status],
        ['dest', 'sendtag', 'recvbuf', 'source', 'recvtag', 'status'], [undefined, 0, null, ANY_SOURCE, ANY_TAG, undefined]);
    }
    const h = commHandle(this, 'Sendrecv');
    const st = statusBytes('Comm.Sendrecv', status);
    const s = parseBuffer('Comm.Sendrecv', 'sendbuf', sendbuf, msgA);
    // As mpi4py's recvbuf=None: no memory (a message with data is then an MPI.Exception ERR_TRUNCATE).
    const r = parseBuffer('Comm.Sendrecv', 'recvbuf', recvbuf ?? null, msgB);
    checkDisjoint('Comm.Sendrecv', s, r);
    const d = rank('Comm.Sendrecv', 'dest', dest), dt = rank('Comm.Sendrecv', 'sendtag', sendtag);
    const src = rank('Comm.Sendrecv', 'source', source), rt = rank('Comm.Sendrecv', 'recvtag', recvtag);
    S[0] = h; S[2] = s.offset; S[3] = s.count; S[4] = s.tid; S[5] = d; S[6] = dt;
    S[8] = r.offset; S[9] = r.count; S[10] = r.tid; S[11] = src; S[12] = rt;
    native.sendrecvScratch(s.buf, r.buf, st);
  }

  /** Send and receive in one buffer (`MPI_Sendrecv_replace`). */
  Sendrecv_replace(buf: BufSpec, dest: number, sendtag?: number, source?: number, recvtag?: number, status?: Status): void;
  Sendrecv_replace(buf: BufSpec, options: { dest: number; sendtag?: number; source?: number; recvtag?: number; status?: Status }): void;
  Sendrecv_replace(buf: BufSpec, dest: unknown, sendtag: unknown = 0, source: unknown = ANY_SOURCE, recvtag: unknown = ANY_TAG, status?: unknown): void {
    if (typeof dest !== 'number' || typeof sendtag !== 'number' || typeof source !== 'number' || typeof recvtag !== 'number' || isOptions(status)) {
      [dest, sendtag, source, recvtag, status] = withOptions('Comm.Sendrecv_replace', [dest, sendtag, source, recvtag, status],
        ['dest', 'sendtag', 'source', 'recvtag', 'status'], [undefined, 0, ANY_SOURCE, ANY_TAG, undefined]);
    }
    const M = 'Comm.Sendrecv_replace';
    const h = commHandle(this, 'Sendrecv_replace');
    const st = statusBytes(M, status);
    const m = parseBuffer(M, 'buf', buf, msgA);
    native.sendrecvReplace(h, m.buf, m.offset, m.count, m.tid, rank(M, 'dest', dest), rank(M, 'sendtag', sendtag),
      rank(M, 'source', source), rank(M, 'recvtag', recvtag), st);
  }

  /**
   * Nonblocking send and receive (`MPI_Isendrecv`, MPI-4.0: an `MPI.Exception` of class
   * `ERR_UNSUPPORTED_OPERATION` on older libraries such as Open MPI 4.1). Both buffers are pinned
   * until the request completes; `recvbuf` null receives nothing (as mpi4py's None). MPICH 4.0 leaves
   * the request's status (source, tag, count) unset.
   */
  Isendrecv(sendbuf: BufSpec, dest: number, sendtag?: number, recvbuf?: BufSpec | null, source?: number, recvtag?: number): Request;
  Isendrecv(sendbuf: BufSpec, options: { dest: number; sendtag?: number; recvbuf: BufSpec; source?: number; recvtag?: number }): Request;
  Isendrecv(sendbuf: BufSpec, dest: unknown, sendtag: unknown = 0, recvbuf: unknown = null, source: unknown = ANY_SOURCE,
    recvtag: unknown = ANY_TAG): Request {
    const M = 'Comm.Isendrecv';
    if (typeof dest !== 'number' || typeof sendtag !== 'number' || isOptions(recvbuf) || typeof source !== 'number' || typeof recvtag !== 'number') {
      [dest, sendtag, recvbuf, source, recvtag] = withOptions(M, [dest, sendtag, recvbuf, source, recvtag],
        ['dest', 'sendtag', 'recvbuf', 'source', 'recvtag'], [undefined, 0, null, ANY_SOURCE, ANY_TAG]);
    }
    const h = commHandle(this, 'Isendrecv');
    const s = parseBuffer(M, 'sendbuf', sendbuf, msgA);
    const r = parseBuffer(M, 'recvbuf', recvbuf ?? null, msgB);
    checkDisjoint(M, s, r);
    const d = rank(M, 'dest', dest), dt = rank(M, 'sendtag', sendtag);
    const src = rank(M, 'source', source), rt = rank(M, 'recvtag', recvtag);
    S[0] = h; S[2] = s.offset; S[3] = s.count; S[4] = s.tid; S[5] = d; S[6] = dt;
    S[8] = r.offset; S[9] = r.count; S[10] = r.tid; S[11] = src; S[12] = rt;
    const sb = s.buf, rb = r.buf;
    return new Request(native.isendrecvScratch(sb, rb), [sb, rb]);
  }

  /**
   * Nonblocking send and receive in one buffer (`MPI_Isendrecv_replace`, MPI-4.0: an `MPI.Exception`
   * of class `ERR_UNSUPPORTED_OPERATION` on older libraries). The buffer is pinned until completion.
   */
  Isendrecv_replace(buf: BufSpec, dest: number, sendtag?: number, source?: number, recvtag?: number): Request;
  Isendrecv_replace(buf: BufSpec, options: { dest: number; sendtag?: number; source?: number; recvtag?: number }): Request;
  Isendrecv_replace(buf: BufSpec, dest: unknown, sendtag: unknown = 0, source: unknown = ANY_SOURCE, recvtag: unknown = ANY_TAG): Request {
    const M = 'Comm.Isendrecv_replace';
    if (typeof dest !== 'number' || typeof sendtag !== 'number' || typeof source !== 'number' || typeof recvtag !== 'number') {
      [dest, sendtag, source, recvtag] = withOptions(M, [dest, sendtag, source, recvtag],
        ['dest', 'sendtag', 'source', 'recvtag'], [undefined, 0, ANY_SOURCE, ANY_TAG]);
    }
    const h = commHandle(this, 'Isendrecv_replace');
    const m = parseBuffer(M, 'buf', buf, msgA);
    const id = native.isendrecvReplace(h, m.buf, m.offset, m.count, m.tid, rank(M, 'dest', dest), rank(M, 'sendtag', sendtag),
      rank(M, 'source', source), rank(M, 'recvtag', recvtag));
    return new Request(id, m.buf);
  }

  /** Blocks until a matching message is available (`MPI_Probe`); returns true. */
  Probe(source?: number, tag?: number, status?: Status): true;
  Probe(options: { source?: number; tag?: number; status?: Status }): true;
  Probe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): true {
    const [s, t, st] = probeArgs('Comm.Probe', source, tag, status);
    native.probe(commHandle(this, 'Probe'), s, t, st);
    return true;
  }

  /** Whether a matching message is available now (`MPI_Iprobe`). */
  Iprobe(source?: number, tag?: number, status?: Status): boolean;
  Iprobe(options: { source?: number; tag?: number; status?: Status }): boolean;
  Iprobe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): boolean {
    const [s, t, st] = probeArgs('Comm.Iprobe', source, tag, status);
    return native.iprobe(commHandle(this, 'Iprobe'), s, t, st);
  }

  /** Blocking matched probe (`MPI_Mprobe`): the returned Message is received with `Recv`. */
  Mprobe(source?: number, tag?: number, status?: Status): Message;
  Mprobe(options: { source?: number; tag?: number; status?: Status }): Message;
  Mprobe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): Message {
    return matchedProbe(this, 'Mprobe', true, source, tag, status)!;
  }

  /** Nonblocking matched probe (`MPI_Improbe`): a Message, or null when nothing matches. */
  Improbe(source?: number, tag?: number, status?: Status): Message | null;
  Improbe(options: { source?: number; tag?: number; status?: Status }): Message | null;
  Improbe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): Message | null {
    return matchedProbe(this, 'Improbe', false, source, tag, status);
  }

  // ---- nonblocking and persistent point to point, buffers ------------------------------

  /** Nonblocking send (`MPI_Isend`); the Request keeps `buf` alive until it completes. */
  Isend(buf: BufSpec, dest: number, tag?: number): Request;
  Isend(buf: BufSpec, options: { dest: number; tag?: number }): Request;
  Isend(buf: BufSpec, dest: unknown, tag: unknown = 0): Request {
    return isendBuffer(this, objmsg.MODE_STANDARD, 'Comm.Isend', buf, dest, tag, false);
  }

  /** Nonblocking synchronous-mode send (`MPI_Issend`): completes once the receive has started. */
  Issend(buf: BufSpec, dest: number, tag?: number): Request;
  Issend(buf: BufSpec, options: { dest: number; tag?: number }): Request;
  Issend(buf: BufSpec, dest: unknown, tag: unknown = 0): Request {
    return isendBuffer(this, objmsg.MODE_SYNCHRONOUS, 'Comm.Issend', buf, dest, tag, false);
  }

  /** Nonblocking buffered-mode send (`MPI_Ibsend`), through the buffer of `MPI.Attach_buffer`. */
  Ibsend(buf: BufSpec, dest: number, tag?: number): Request;
  Ibsend(buf: BufSpec, options: { dest: number; tag?: number }): Request;
  Ibsend(buf: BufSpec, dest: unknown, tag: unknown = 0): Request {
    return isendBuffer(this, objmsg.MODE_BUFFERED, 'Comm.Ibsend', buf, dest, tag, false);
  }

  /** Nonblocking ready-mode send (`MPI_Irsend`): the matching receive must already be posted. */
  Irsend(buf: BufSpec, dest: number, tag?: number): Request;
  Irsend(buf: BufSpec, options: { dest: number; tag?: number }): Request;
  Irsend(buf: BufSpec, dest: unknown, tag: unknown = 0): Request {
    return isendBuffer(this, objmsg.MODE_READY, 'Comm.Irsend', buf, dest, tag, false);
  }

  /** Nonblocking receive (`MPI_Irecv`); `await` it for the Status. The Request keeps `buf` alive. */
  Irecv(buf: BufSpec, source?: number, tag?: number): Request;
  Irecv(buf: BufSpec, options: { source?: number; tag?: number }): Request;
  Irecv(buf: BufSpec, source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG): Request {
    return irecvBuffer(this, 'Comm.Irecv', buf, source, tag, false);
  }

  /** Persistent standard send (`MPI_Send_init`): `Start()` the returned Prequest, complete it, repeat. */
  Send_init(buf: BufSpec, dest: number, tag?: number): Prequest;
  Send_init(buf: BufSpec, options: { dest: number; tag?: number }): Prequest;
  Send_init(buf: BufSpec, dest: unknown, tag: unknown = 0): Prequest {
    return isendBuffer(this, objmsg.MODE_STANDARD, 'Comm.Send_init', buf, dest, tag, true) as Prequest;
  }

  /** Persistent synchronous-mode send (`MPI_Ssend_init`). */
  Ssend_init(buf: BufSpec, dest: number, tag?: number): Prequest;
  Ssend_init(buf: BufSpec, options: { dest: number; tag?: number }): Prequest;
  Ssend_init(buf: BufSpec, dest: unknown, tag: unknown = 0): Prequest {
    return isendBuffer(this, objmsg.MODE_SYNCHRONOUS, 'Comm.Ssend_init', buf, dest, tag, true) as Prequest;
  }

  /** Persistent buffered-mode send (`MPI_Bsend_init`). */
  Bsend_init(buf: BufSpec, dest: number, tag?: number): Prequest;
  Bsend_init(buf: BufSpec, options: { dest: number; tag?: number }): Prequest;
  Bsend_init(buf: BufSpec, dest: unknown, tag: unknown = 0): Prequest {
    return isendBuffer(this, objmsg.MODE_BUFFERED, 'Comm.Bsend_init', buf, dest, tag, true) as Prequest;
  }

  /** Persistent ready-mode send (`MPI_Rsend_init`). */
  Rsend_init(buf: BufSpec, dest: number, tag?: number): Prequest;
  Rsend_init(buf: BufSpec, options: { dest: number; tag?: number }): Prequest;
  Rsend_init(buf: BufSpec, dest: unknown, tag: unknown = 0): Prequest {
    return isendBuffer(this, objmsg.MODE_READY, 'Comm.Rsend_init', buf, dest, tag, true) as Prequest;
  }

  /** Persistent receive (`MPI_Recv_init`). */
  Recv_init(buf: BufSpec, source?: number, tag?: number): Prequest;
  Recv_init(buf: BufSpec, options: { source?: number; tag?: number }): Prequest;
  Recv_init(buf: BufSpec, source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG): Prequest {
    return irecvBuffer(this, 'Comm.Recv_init', buf, source, tag, true) as Prequest;
  }

  /** Nonblocking barrier (`MPI_Ibarrier`). */
  Ibarrier(): Request {
    return new Request(native.ibarrier(commHandle(this, 'Ibarrier')));
  }

  /** Object-mode nonblocking barrier (`MPI_Ibarrier`); `await` resolves to undefined. */
  ibarrier(): Request<undefined> {
    return new Request<undefined>(native.ibarrier(commHandle(this, 'ibarrier')), null, true);
  }

  // ---- collectives, buffers (collective.ts) ------------------------------------------------
  // As in mpi4py, the collectives are methods of Comm: intercommunicators get every form. Blocks
  // address the remote group of an intercommunicator, whose root passes MPI.ROOT and the rest of
  // its group MPI.PROC_NULL. Nonblocking forms return a Request that keeps the buffers (and counts
  // arrays) alive until it completes.

  /** Broadcasts a buffer from the root to every process (`MPI_Bcast`). */
  Bcast(buf: BufSpec, root?: number): void;
  Bcast(buf: BufSpec, options: { root?: number }): void;
  Bcast(buf: BufSpec, root: unknown = 0): void {
    coll.bcast(this, 'Comm.Bcast', buf, root, false);
  }

  /** Scatters equal blocks of the root's `sendbuf` (`size × count` elements) (`MPI_Scatter`). `sendbuf` is ignored (may be null) off the root; the root may pass `MPI.IN_PLACE` as `recvbuf`. */
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, root?: number): void;
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, options: { root?: number }): void;
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, root: unknown = 0): void {
    coll.scatter(this, 'Comm.Scatter', sendbuf, recvbuf, root, false, false);
  }

  /** Scatters blocks of varying size (`MPI_Scatterv`): `sendbuf` is a v-variant spec on the root, ignored elsewhere. */
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, root?: number): void;
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, options: { root?: number }): void;
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, root: unknown = 0): void {
    coll.scatter(this, 'Comm.Scatterv', sendbuf, recvbuf, root, true, false);
  }

  /** Gathers equal blocks to the root's `recvbuf` (`MPI_Gather`). `recvbuf` is ignored off the root; the root may pass `MPI.IN_PLACE` as `sendbuf`. */
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, root?: number): void;
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, options: { root?: number }): void;
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, root: unknown = 0): void {
    coll.gather(this, 'Comm.Gather', sendbuf, recvbuf, root, false, false);
  }

  /** Gathers blocks of varying size to the root (`MPI_Gatherv`): `recvbuf` is a v-variant spec on the root, ignored elsewhere. */
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, root?: number): void;
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, options: { root?: number }): void;
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, root: unknown = 0): void {
    coll.gather(this, 'Comm.Gatherv', sendbuf, recvbuf, root, true, false);
  }

  /** Gathers equal blocks to every process (`MPI_Allgather`); `sendbuf` may be `MPI.IN_PLACE`. */
  Allgather(sendbuf: CollSpec, recvbuf: BufSpec): void {
    coll.allgather(this, 'Comm.Allgather', sendbuf, recvbuf, false, false);
  }

  /** Gathers blocks of varying size to every process (`MPI_Allgatherv`); `sendbuf` may be `MPI.IN_PLACE`. */
  Allgatherv(sendbuf: CollSpec, recvbuf: VSpec): void {
    coll.allgather(this, 'Comm.Allgatherv', sendbuf, recvbuf, true, false);
  }

  /** Every process sends block j of `sendbuf` to process j (`MPI_Alltoall`); `sendbuf` may be `MPI.IN_PLACE`. */
  Alltoall(sendbuf: CollSpec, recvbuf: BufSpec): void {
    coll.alltoall(this, 'Comm.Alltoall', sendbuf, recvbuf, '', false);
  }

  /** All-to-all with blocks of varying size (`MPI_Alltoallv`); `sendbuf` may be `MPI.IN_PLACE`. */
  Alltoallv(sendbuf: VSpec, recvbuf: VSpec): void {
    coll.alltoall(this, 'Comm.Alltoallv', sendbuf, recvbuf, 'v', false);
  }

  /**
   * All-to-all with a datatype per block (`MPI_Alltoallw`): each buffer is
   * `[buf, counts, displs, datatypes]` with displacements in bytes (as in MPI); `sendbuf` may be `MPI.IN_PLACE`.
   */
  Alltoallw(sendbuf: WSpec | InPlace, recvbuf: WSpec): void {
    coll.alltoall(this, 'Comm.Alltoallw', sendbuf, recvbuf, 'w', false);
  }

  /** Reduces to the root (`MPI_Reduce`); `recvbuf` is ignored off the root, where it may be null; the root may pass `MPI.IN_PLACE` as `sendbuf`. */
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, op?: Op, root?: number): void;
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, options: { op?: Op; root?: number }): void;
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, op: unknown = OPS.SUM, root: unknown = 0): void {
    coll.reduce(this, 'Comm.Reduce', sendbuf, recvbuf, op, root, false);
  }

  /** Reduces and gives the result to every process (`MPI_Allreduce`); `sendbuf` may be `MPI.IN_PLACE`. */
  Allreduce(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): void;
  Allreduce(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): void;
  Allreduce(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = OPS.SUM): void {
    coll.reduction(this, 'Comm.Allreduce', 'allreduce', sendbuf, recvbuf, op, false);
  }

  /**
   * Reduces `size` equal blocks and scatters block i to process i (`MPI_Reduce_scatter_block`);
   * `sendbuf` may be `MPI.IN_PLACE`. On an intercommunicator `sendbuf` holds one block per process
   * of the local group, and both groups' `sendbuf`s have the same number of elements.
   */
  Reduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): void;
  Reduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): void;
  Reduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = OPS.SUM): void {
    coll.reduction(this, 'Comm.Reduce_scatter_block', 'reduce_scatter_block', sendbuf, recvbuf, op, false);
  }

  /**
   * Reduces and scatters blocks of `recvcounts[i]` elements to process i (`MPI_Reduce_scatter`).
   * Without `recvcounts` (intracommunicators), each process's count is the length of its `recvbuf`
   * (gathered with `MPI_Allgather`). `sendbuf` may be `MPI.IN_PLACE` (then `recvcounts` is required).
   */
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts?: ArrayLike<number> | null, op?: Op): void;
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, options: { recvcounts?: ArrayLike<number> | null; op?: Op }): void;
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: unknown = null, op: unknown = OPS.SUM): void {
    coll.reduceScatter(this, 'Comm.Reduce_scatter', sendbuf, recvbuf, recvcounts, op, false);
  }

  /** Nonblocking broadcast from the root (`MPI_Ibcast`). */
  Ibcast(buf: BufSpec, root?: number): Request;
  Ibcast(buf: BufSpec, options: { root?: number }): Request;
  Ibcast(buf: BufSpec, root: unknown = 0): Request {
    return coll.bcast(this, 'Comm.Ibcast', buf, root, true)!;
  }

  /** Nonblocking scatter of equal blocks of the root's `sendbuf` (`MPI_Iscatter`). */
  Iscatter(sendbuf: CollSpec, recvbuf: CollSpec, root?: number): Request;
  Iscatter(sendbuf: CollSpec, recvbuf: CollSpec, options: { root?: number }): Request;
  Iscatter(sendbuf: CollSpec, recvbuf: CollSpec, root: unknown = 0): Request {
    return coll.scatter(this, 'Comm.Iscatter', sendbuf, recvbuf, root, false, true)!;
  }

  /** Nonblocking scatter of blocks of varying size (`MPI_Iscatterv`): `sendbuf` is a v-variant spec on the root. */
  Iscatterv(sendbuf: VSpec, recvbuf: CollSpec, root?: number): Request;
  Iscatterv(sendbuf: VSpec, recvbuf: CollSpec, options: { root?: number }): Request;
  Iscatterv(sendbuf: VSpec, recvbuf: CollSpec, root: unknown = 0): Request {
    return coll.scatter(this, 'Comm.Iscatterv', sendbuf, recvbuf, root, true, true)!;
  }

  /** Nonblocking gather of equal blocks to the root (`MPI_Igather`). */
  Igather(sendbuf: CollSpec, recvbuf: CollSpec, root?: number): Request;
  Igather(sendbuf: CollSpec, recvbuf: CollSpec, options: { root?: number }): Request;
  Igather(sendbuf: CollSpec, recvbuf: CollSpec, root: unknown = 0): Request {
    return coll.gather(this, 'Comm.Igather', sendbuf, recvbuf, root, false, true)!;
  }

  /** Nonblocking gather of blocks of varying size to the root (`MPI_Igatherv`): `recvbuf` is a v-variant spec on the root. */
  Igatherv(sendbuf: CollSpec, recvbuf: VSpec, root?: number): Request;
  Igatherv(sendbuf: CollSpec, recvbuf: VSpec, options: { root?: number }): Request;
  Igatherv(sendbuf: CollSpec, recvbuf: VSpec, root: unknown = 0): Request {
    return coll.gather(this, 'Comm.Igatherv', sendbuf, recvbuf, root, true, true)!;
  }

  /** Nonblocking gather of equal blocks to every process (`MPI_Iallgather`); `sendbuf` may be `MPI.IN_PLACE`. */
  Iallgather(sendbuf: CollSpec, recvbuf: BufSpec): Request {
    return coll.allgather(this, 'Comm.Iallgather', sendbuf, recvbuf, false, true)!;
  }

  /** Nonblocking gather of blocks of varying size to every process (`MPI_Iallgatherv`); `sendbuf` may be `MPI.IN_PLACE`. */
  Iallgatherv(sendbuf: CollSpec, recvbuf: VSpec): Request {
    return coll.allgather(this, 'Comm.Iallgatherv', sendbuf, recvbuf, true, true)!;
  }

  /** Nonblocking all-to-all of equal blocks (`MPI_Ialltoall`); `sendbuf` may be `MPI.IN_PLACE`. */
  Ialltoall(sendbuf: CollSpec, recvbuf: BufSpec): Request {
    return coll.alltoall(this, 'Comm.Ialltoall', sendbuf, recvbuf, '', true)!;
  }

  /** Nonblocking all-to-all with blocks of varying size (`MPI_Ialltoallv`); `sendbuf` may be `MPI.IN_PLACE`. */
  Ialltoallv(sendbuf: VSpec, recvbuf: VSpec): Request {
    return coll.alltoall(this, 'Comm.Ialltoallv', sendbuf, recvbuf, 'v', true)!;
  }

  /** Nonblocking all-to-all with a datatype per block (`MPI_Ialltoallw`): `[buf, counts, displs (bytes), datatypes]`. */
  Ialltoallw(sendbuf: WSpec | InPlace, recvbuf: WSpec): Request {
    return coll.alltoall(this, 'Comm.Ialltoallw', sendbuf, recvbuf, 'w', true)!;
  }

  /** Nonblocking reduction to the root (`MPI_Ireduce`); the root may pass `MPI.IN_PLACE` as `sendbuf`. */
  Ireduce(sendbuf: CollSpec, recvbuf: CollSpec, op?: Op, root?: number): Request;
  Ireduce(sendbuf: CollSpec, recvbuf: CollSpec, options: { op?: Op; root?: number }): Request;
  Ireduce(sendbuf: CollSpec, recvbuf: CollSpec, op: unknown = OPS.SUM, root: unknown = 0): Request {
    return coll.reduce(this, 'Comm.Ireduce', sendbuf, recvbuf, op, root, true)!;
  }

  /** Nonblocking reduction with the result on every process (`MPI_Iallreduce`); `sendbuf` may be `MPI.IN_PLACE`. */
  Iallreduce(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): Request;
  Iallreduce(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): Request;
  Iallreduce(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = OPS.SUM): Request {
    return coll.reduction(this, 'Comm.Iallreduce', 'allreduce', sendbuf, recvbuf, op, true)!;
  }

  /** Nonblocking reduce of `size` equal blocks, block i to process i (`MPI_Ireduce_scatter_block`). */
  Ireduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): Request;
  Ireduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): Request;
  Ireduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = OPS.SUM): Request {
    return coll.reduction(this, 'Comm.Ireduce_scatter_block', 'reduce_scatter_block', sendbuf, recvbuf, op, true)!;
  }

  /**
   * Nonblocking reduce and scatter of `recvcounts[i]` elements to process i
   * (`MPI_Ireduce_scatter`). `recvcounts` is required (gathering it would block).
   */
  Ireduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: ArrayLike<number>, op?: Op): Request;
  Ireduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, options: { recvcounts: ArrayLike<number>; op?: Op }): Request;
  Ireduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: unknown, op: unknown = OPS.SUM): Request {
    return coll.reduceScatter(this, 'Comm.Ireduce_scatter', sendbuf, recvbuf, recvcounts, op, true)!;
  }



  // ---- collectives, objects (src/objcomm.ts; on an intercommunicator the root is MPI.ROOT / MPI.PROC_NULL / a remote rank) ----

  /**
   * Broadcasts a value from the root (`MPI_Bcast` of `MPI.pickle` bytes); returns it on every process.
   * On an intercommunicator the other group gets it, the root keeps `obj` and the rest of its group gets null.
   */
  bcast<T = unknown>(obj: T, root?: number): T;
  bcast<T = unknown>(obj: T, options: { root?: number }): T;
  bcast(obj: unknown, root: unknown = 0): unknown {
    return objcomm.bcast(this, obj, root);
  }

  /**
   * Scatters the root's array (or iterable) of values, item i to process i (`MPI_Scatter` of sizes +
   * `MPI_Scatterv` of the bytes; on an intercommunicator one item per process of the other group,
   * null on the root's group). `sendobj` is ignored off the root; a wrong one is an error on every process.
   */
  scatter<T = unknown>(sendobj: Iterable<T> | null, root?: number): T;
  scatter<T = unknown>(sendobj: Iterable<T> | null, options: { root?: number }): T;
  scatter(sendobj: unknown, root: unknown = 0): unknown {
    return objcomm.scatter(this, sendobj, root);
  }

  /** Gathers a value from every process (of the other group on an intercommunicator) to the root (`MPI_Gather` of sizes + `MPI_Gatherv`): an array there, null elsewhere. */
  gather<T = unknown>(sendobj: T, root?: number): T[] | null;
  gather<T = unknown>(sendobj: T, options: { root?: number }): T[] | null;
  gather(sendobj: unknown, root: unknown = 0): unknown[] | null {
    return objcomm.gather(this, sendobj, root);
  }

  /** The values of every process (of the other group on an intercommunicator), in rank order (`MPI_Allgather` + `MPI_Allgatherv`). */
  allgather<T = unknown>(sendobj: T): T[] {
    return objcomm.allgather(this, sendobj) as T[];
  }

  /** Sends item j of `sendobj` to process j (of the other group on an intercommunicator); returns the items received (`MPI_Alltoall` + `MPI_Alltoallv`). */
  alltoall<T = unknown>(sendobj: Iterable<T>): T[] {
    return objcomm.alltoall(this, sendobj) as T[];
  }

  /** Reduces values to the root with `op` (a gather + rank-ordered fold there; on an intercommunicator, of the other group's values): the result at the root, null elsewhere. */
  reduce<T = unknown>(sendobj: T, op?: OpLike<T>, root?: number): T | null;
  reduce<T = unknown>(sendobj: T, options: { op?: OpLike<T>; root?: number }): T | null;
  reduce(sendobj: unknown, op: unknown = OPS.SUM, root: unknown = 0): unknown {
    return objcomm.reduce(this, sendobj, op, root);
  }

  /** Reduces values with `op` and returns the result everywhere (the transport of `allgather` + rank-ordered fold; on an intercommunicator, of the other group's values). */
  allreduce<T = unknown>(sendobj: T, op?: OpLike<T>): T;
  allreduce<T = unknown>(sendobj: T, options: { op?: OpLike<T> }): T;
  allreduce(sendobj: unknown, op: unknown = OPS.SUM): unknown {
    return objcomm.allreduce(this, sendobj, op);
  }

  // ---- persistent collectives (MPI-4 MPI_<Op>_init; Open MPI 4: MPIX_<Op>_init) -----------------
  // The blocking form's arguments, then `info` (an MPI.Info, a plain object or null): the returned
  // Prequest is inactive; each Start() runs the collective again over the same buffers, which stay
  // pinned until Free(). A library without them refuses with MPI.Exception ERR_UNSUPPORTED_OPERATION.

  /** Persistent barrier (`MPI_Barrier_init`). */
  Barrier_init(info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Barrier_init', info, (p) => coll.barrier(this, 'Comm.Barrier_init', p));
  }

  /** Persistent broadcast from the root (`MPI_Bcast_init`). */
  Bcast_init(buf: BufSpec, root: number | { root?: number } = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Bcast_init', info, (p) => coll.bcast(this, 'Comm.Bcast_init', buf, root, p));
  }

  /** Persistent scatter of equal blocks of the root's `sendbuf` (`MPI_Scatter_init`). */
  Scatter_init(sendbuf: CollSpec, recvbuf: CollSpec, root: number | { root?: number } = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Scatter_init', info, (p) => coll.scatter(this, 'Comm.Scatter_init', sendbuf, recvbuf, root, false, p));
  }

  /** Persistent scatter of blocks of varying size (`MPI_Scatterv_init`): `sendbuf` is a v-variant spec on the root. */
  Scatterv_init(sendbuf: VSpec, recvbuf: CollSpec, root: number | { root?: number } = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Scatterv_init', info, (p) => coll.scatter(this, 'Comm.Scatterv_init', sendbuf, recvbuf, root, true, p));
  }

  /** Persistent gather of equal blocks to the root (`MPI_Gather_init`). */
  Gather_init(sendbuf: CollSpec, recvbuf: CollSpec, root: number | { root?: number } = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Gather_init', info, (p) => coll.gather(this, 'Comm.Gather_init', sendbuf, recvbuf, root, false, p));
  }

  /** Persistent gather of blocks of varying size to the root (`MPI_Gatherv_init`): `recvbuf` is a v-variant spec on the root. */
  Gatherv_init(sendbuf: CollSpec, recvbuf: VSpec, root: number | { root?: number } = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Gatherv_init', info, (p) => coll.gather(this, 'Comm.Gatherv_init', sendbuf, recvbuf, root, true, p));
  }

  /** Persistent gather of equal blocks to every process (`MPI_Allgather_init`); `sendbuf` may be `MPI.IN_PLACE`. */
  Allgather_init(sendbuf: CollSpec, recvbuf: BufSpec, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Allgather_init', info, (p) => coll.allgather(this, 'Comm.Allgather_init', sendbuf, recvbuf, false, p));
  }

  /** Persistent gather of blocks of varying size to every process (`MPI_Allgatherv_init`). */
  Allgatherv_init(sendbuf: CollSpec, recvbuf: VSpec, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Allgatherv_init', info, (p) => coll.allgather(this, 'Comm.Allgatherv_init', sendbuf, recvbuf, true, p));
  }

  /** Persistent all-to-all of equal blocks (`MPI_Alltoall_init`). */
  Alltoall_init(sendbuf: CollSpec, recvbuf: BufSpec, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Alltoall_init', info, (p) => coll.alltoall(this, 'Comm.Alltoall_init', sendbuf, recvbuf, '', p));
  }

  /** Persistent all-to-all with blocks of varying size (`MPI_Alltoallv_init`). */
  Alltoallv_init(sendbuf: VSpec, recvbuf: VSpec, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Alltoallv_init', info, (p) => coll.alltoall(this, 'Comm.Alltoallv_init', sendbuf, recvbuf, 'v', p));
  }

  /** Persistent all-to-all with a datatype per block (`MPI_Alltoallw_init`): `[buf, counts, displs (bytes), datatypes]`. */
  Alltoallw_init(sendbuf: WSpec | InPlace, recvbuf: WSpec, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Alltoallw_init', info, (p) => coll.alltoall(this, 'Comm.Alltoallw_init', sendbuf, recvbuf, 'w', p));
  }

  /** Persistent reduction to the root (`MPI_Reduce_init`); predefined ops only (a user-defined MPI.Op is an MPI.Exception ERR_OP). */
  Reduce_init(sendbuf: CollSpec, recvbuf: CollSpec, op: Op | { op?: Op; root?: number } = OPS.SUM, root: number = 0, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Reduce_init', info, (p) => coll.reduce(this, 'Comm.Reduce_init', sendbuf, recvbuf, op, root, p));
  }

  /** Persistent reduction with the result on every process (`MPI_Allreduce_init`); predefined ops only. */
  Allreduce_init(sendbuf: CollSpec, recvbuf: BufSpec, op: Op | { op?: Op } = OPS.SUM, info: InfoArg = null): Prequest {
    return coll.persistent('Comm.Allreduce_init', info, (p) => coll.reduction(this, 'Comm.Allreduce_init', 'allreduce', sendbuf, recvbuf, op, p));
  }

  /** Persistent reduce of `size` equal blocks, block i to process i (`MPI_Reduce_scatter_block_init`). */
  Reduce_scatter_block_init(sendbuf: CollSpec, recvbuf: BufSpec, op: Op | { op?: Op } = OPS.SUM, info: InfoArg = null): Prequest {
    const M = 'Comm.Reduce_scatter_block_init';
    return coll.persistent(M, info, (p) => coll.reduction(this, M, 'reduce_scatter_block', sendbuf, recvbuf, op, p));
  }

  /** Persistent reduce and scatter of `recvcounts[i]` elements to process i (`MPI_Reduce_scatter_init`); `recvcounts` is required. */
  Reduce_scatter_init(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: ArrayLike<number> | { recvcounts: ArrayLike<number>; op?: Op },
    op: Op = OPS.SUM, info: InfoArg = null): Prequest {
    const M = 'Comm.Reduce_scatter_init';
    return coll.persistent(M, info, (p) => coll.reduceScatter(this, M, sendbuf, recvbuf, recvcounts, op, p));
  }

  // ---- partitioned communication (MPI-4) -----------------------------------------------------

  /**
   * Partitioned send (`MPI_Psend_init`): `buf` is `partitions` equal blocks; `Start()` the Prequest, mark
   * each partition with `Pready*`, complete it, repeat. Open MPI 4.1 (MPI-3.1): MPI.Exception ERR_UNSUPPORTED_OPERATION.
   */
  Psend_init(buf: BufSpec, partitions: number, dest: number, tag: number = 0, info: InfoArg = null): Prequest {
    return partitionedInit(this, true, 'Comm.Psend_init', buf, partitions, dest, tag, info);
  }

  /** Partitioned receive (`MPI_Precv_init`): `buf` is `partitions` equal blocks; poll them with `Parrived`. */
  Precv_init(buf: BufSpec, partitions: number, source: number = ANY_SOURCE, tag: number = ANY_TAG, info: InfoArg = null): Prequest {
    return partitionedInit(this, false, 'Comm.Precv_init', buf, partitions, source, tag, info);
  }

  // ---- point to point, objects ---------------------------------------------------------

  /** Sends any structured-cloneable value (`MPI.pickle.dumps` + `MPI_Send`). */
  send(obj: unknown, dest: number, tag?: number): void;
  send(obj: unknown, options: { dest: number; tag?: number }): void;
  send(obj: unknown, dest: unknown, tag: unknown = 0): void {
    objmsg.send(this, objmsg.MODE_STANDARD, 'Comm.send', obj, dest, tag);
  }

  /** Synchronous-mode object send (`MPI_Ssend`). */
  ssend(obj: unknown, dest: number, tag?: number): void;
  ssend(obj: unknown, options: { dest: number; tag?: number }): void;
  ssend(obj: unknown, dest: unknown, tag: unknown = 0): void {
    objmsg.send(this, objmsg.MODE_SYNCHRONOUS, 'Comm.ssend', obj, dest, tag);
  }

  /** Buffered-mode object send (`MPI.pickle.dumps` + `MPI_Bsend`; needs `MPI.Attach_buffer`). */
  bsend(obj: unknown, dest: number, tag?: number): void;
  bsend(obj: unknown, options: { dest: number; tag?: number }): void;
  bsend(obj: unknown, dest: unknown, tag: unknown = 0): void {
    objmsg.send(this, objmsg.MODE_BUFFERED, 'Comm.bsend', obj, dest, tag);
  }

  /** Nonblocking buffered-mode object send (`MPI_Ibsend`); `wait()` returns undefined. */
  ibsend(obj: unknown, dest: number, tag?: number): Request<undefined>;
  ibsend(obj: unknown, options: { dest: number; tag?: number }): Request<undefined>;
  ibsend(obj: unknown, dest: unknown, tag: unknown = 0): Request<undefined> {
    return objmsg.isend(this, objmsg.MODE_BUFFERED, 'Comm.ibsend', obj, dest, tag);
  }

  /** Nonblocking object send (`MPI.pickle.dumps` + `MPI_Isend`); `wait()` returns undefined. */
  isend(obj: unknown, dest: number, tag?: number): Request<undefined>;
  isend(obj: unknown, options: { dest: number; tag?: number }): Request<undefined>;
  isend(obj: unknown, dest: unknown, tag: unknown = 0): Request<undefined> {
    return objmsg.isend(this, objmsg.MODE_STANDARD, 'Comm.isend', obj, dest, tag);
  }

  /** Nonblocking synchronous-mode object send (`MPI_Issend`). */
  issend(obj: unknown, dest: number, tag?: number): Request<undefined>;
  issend(obj: unknown, options: { dest: number; tag?: number }): Request<undefined>;
  issend(obj: unknown, dest: unknown, tag: unknown = 0): Request<undefined> {
    return objmsg.isend(this, objmsg.MODE_SYNCHRONOUS, 'Comm.issend', obj, dest, tag);
  }

  /**
   * Nonblocking receive of an object of any size: `await comm.irecv(0)` or `req.wait()` gives
   * the object. Completed by a matched probe (`MPI_Iprobe` + `MPI_Improbe` + `MPI_Mrecv`) when the
   * request is tested, waited or awaited.
   */
  irecv<T = unknown>(source?: number, tag?: number): Request<T>;
  irecv<T = unknown>(options: { source?: number; tag?: number }): Request<T>;
  irecv(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG): Request<unknown> {
    return objmsg.irecv(this, source, tag);
  }



  /** Receives a value of any size (`MPI_Mprobe` + `MPI_Mrecv` + `MPI.pickle.loads`). */
  recv<T = unknown>(source?: number, tag?: number, status?: Status): T;
  recv<T = unknown>(options: { source?: number; tag?: number; status?: Status }): T;
  recv(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): unknown {
    const [s, t, st] = probeArgs('Comm.recv', source, tag, status);
    return objmsg.recv(commHandle(this, 'recv'), s, t, st);
  }

  /** Sends one value and receives another (`MPI_Isend` + matched probe + `MPI_Mrecv`). */
  sendrecv<T = unknown>(sendobj: T, dest: number, sendtag?: number, source?: number, recvtag?: number, status?: Status): T;
  sendrecv<T = unknown>(sendobj: T, options: { dest: number; sendtag?: number; source?: number; recvtag?: number; status?: Status }): T;
  sendrecv(sendobj: unknown, dest: unknown, sendtag: unknown = 0, source: unknown = ANY_SOURCE, recvtag: unknown = ANY_TAG, status?: unknown): unknown {
    return objmsg.sendrecv(this, sendobj, dest, sendtag, source, recvtag, status);
  }

  /** Blocks until a matching message is available (`MPI_Probe`); returns true. */
  probe(source?: number, tag?: number, status?: Status): true;
  probe(options: { source?: number; tag?: number; status?: Status }): true;
  probe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): true {
    const [s, t, st] = probeArgs('Comm.probe', source, tag, status);
    native.probe(commHandle(this, 'probe'), s, t, st);
    return true;
  }

  /** Whether a matching message is available now (`MPI_Iprobe`). */
  iprobe(source?: number, tag?: number, status?: Status): boolean;
  iprobe(options: { source?: number; tag?: number; status?: Status }): boolean;
  iprobe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): boolean {
    const [s, t, st] = probeArgs('Comm.iprobe', source, tag, status);
    return native.iprobe(commHandle(this, 'iprobe'), s, t, st);
  }

  /** Matched probe for an object message (`MPI_Mprobe`); receive it with `message.recv()`. */
  mprobe(source?: number, tag?: number, status?: Status): Message;
  mprobe(options: { source?: number; tag?: number; status?: Status }): Message;
  mprobe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): Message {
    return matchedProbe(this, 'mprobe', true, source, tag, status)!;
  }

  /** Nonblocking matched probe for an object message (`MPI_Improbe`): a Message or null. */
  improbe(source?: number, tag?: number, status?: Status): Message | null;
  improbe(options: { source?: number; tag?: number; status?: Status }): Message | null;
  improbe(source: unknown = ANY_SOURCE, tag: unknown = ANY_TAG, status?: unknown): Message | null {
    return matchedProbe(this, 'improbe', false, source, tag, status);
  }
}
setKind(Comm, 'Comm');

/** `MPI.COMM_NULL`: the null communicator (`=== MPI.COMM_NULL` works). */
export const COMM_NULL = new Comm(native.constants.COMM_NULL as number);

/**
 * Wraps a communicator id from the addon; MPI_COMM_NULL becomes the COMM_NULL singleton. Typed as
 * the class asked for, as mpi4py types its null results (`Split` → `Intracomm`): test `=== MPI.COMM_NULL`.
 */
export function commFromId<T extends Comm>(id: number, cls: new (id: number) => T): T {
  return id === (native.constants.COMM_NULL as number) ? (COMM_NULL as T) : new cls(id);
}
