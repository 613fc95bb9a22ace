/**
 * `MPI.Win`: one-sided communication (SPEC §7). Windows over user memory (`Create`), over memory
 * MPI allocates (`Allocate`, `Allocate_shared` with `Shared_query`), dynamic windows, the RMA
 * operations (`Put`, `Get`, `Accumulate`, … and their request forms) and every synchronization mode.
 *
 * Memory safety (csrc/win.cc): the memory of `Create`/`Attach` is held natively while the window
 * exposes it; origin buffers are held until the epoch or flush (or request) that completes them;
 * every ArrayBuffer handed out for memory MPI owns is detached (length 0) by `Free()` and `MPI.Finalize()`.
 */
import { native, S } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { argTypeError, argRangeError, checkCount, checkInt } from './errors';
import { Msg, parseBuffer, type BufferLike, type BufSpec } from './bufspec';
import { Datatype } from './Datatype';
import { Group } from './Group';
import { type Op, OPS, checkOp } from './Op';
import { Request } from './Request';
import { Intracomm } from './Intracomm';
import { infoFromId, withInfo, type Info, type InfoArg } from './Info';
import { Errhandler, errhandlerArg, errhandlerFromId } from './Errhandler';
import { isSharedArrayBuffer } from './kinds';
import * as attrs from './attributes';
import type { RawBuffer } from './native';

const K = native.winConstants;
// The predefined attributes (read natively); every other keyval is one of Create_keyval.
const PREDEFINED_ATTRS: unknown[] = [K.WIN_BASE, K.WIN_SIZE, K.WIN_DISP_UNIT, K.WIN_CREATE_FLAVOR, K.WIN_MODEL];

/**
 * The target of an RMA operation (mpi4py's `target`): a displacement, or `[disp]`, `[disp, count]`,
 * `[disp, count, datatype]`. On a dynamic window the displacement is an address (`MPI.Get_address`
 * of memory attached at the target, a number or a bigint).
 */
export type TargetSpec = Disp | [Disp] | [Disp, number] | [Disp, number, Datatype] | null | undefined;
/** A target displacement: a count of the target's disp_unit, or an address (dynamic windows). */
export type Disp = number | bigint;

/** A displacement or address: a non-negative safe integer (a bigint address is converted: every 64-bit platform's user addresses are below 2^53). */
function disp(method: string, arg: string, v: unknown): number {
  if (typeof v === 'bigint') {
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw argRangeError(method, arg, `must be an address in [0, 2^53-1], got ${v}`);
    return Number(v);
  }
  return checkCount(method, arg, v);
}

function winHandle(w: unknown, method: string): number {
  return liveHandle(w, 'Win', method);
}

// One record per buffer position (origin, compare, result): parsed, handed over, never kept.
const mOrigin = new Msg();
const mCompare = new Msg();
const mResult = new Msg();

/** The raw memory of a window's buffer argument (SharedArrayBuffers wrapped, as bufspec does). */
function windowMemory(method: string, memory: unknown): RawBuffer {
  if (memory === null || memory === undefined) return null;
  if (isSharedArrayBuffer(memory)) return new Uint8Array(memory);
  if (ArrayBuffer.isView(memory) || memory instanceof ArrayBuffer) return memory as RawBuffer;
  throw argTypeError(method, 'memory', 'a TypedArray, DataView, Buffer, ArrayBuffer or SharedArrayBuffer', memory);
}

function commId(method: string, comm: unknown): number {
  return liveHandle(comm, 'Comm', method);
}

function allocate(M: string, size: unknown, disp_unit: unknown, info: InfoArg, comm: unknown, shared: boolean): Win {
  const s = checkCount(M, 'size', size);
  const u = dispUnit(M, disp_unit);
  const c = commId(M, comm);
  return new Win(withInfo(M, info, (i) => native.winAllocate(s, u, i, c, shared)));
}

function dispUnit(method: string, v: unknown): number {
  const u = checkInt(method, 'disp_unit', v);
  if (u <= 0) throw argRangeError(method, 'disp_unit', `must be positive, got ${u}`);
  return u;
}

/** The parsed target of the operation under way (one object: an operation allocates nothing). */
const tg = { disp: 0, count: 0, tid: 0 };
function setTarget(disp: number, count: number, tid: number): typeof tg {
  tg.disp = disp;
  tg.count = count;
  tg.tid = tid;
  return tg;
}

/** mpi4py's target rule: null → (0, origin count, origin type); disp; [disp]; [disp, count]; [disp, count, datatype]. */
function target(method: string, spec: unknown, o: Msg): typeof tg {
  if (spec === null || spec === undefined) return setTarget(0, o.count, o.tid);
  if (typeof spec === 'number' || typeof spec === 'bigint') return setTarget(disp(method, 'target', spec), o.count, o.tid);
  if (!Array.isArray(spec) || spec.length < 1 || spec.length > 3) {
    throw argTypeError(method, 'target', 'a displacement or [disp], [disp, count] or [disp, count, datatype]', spec);
  }
  const d = disp(method, 'target[0]', spec[0]);
  const count = spec.length > 1 ? checkCount(method, 'target[1]', spec[1]) : o.count;
  if (spec.length < 3) return setTarget(d, count, o.tid);
  const t = spec[2];
  if (!(t instanceof Datatype)) throw argTypeError(method, 'target[2]', 'an MPI.Datatype', t);
  return setTarget(d, count, liveHandle(t, 'Datatype', method));
}

function targetRank(method: string, v: unknown): number {
  return checkInt(method, 'target_rank', v);
}

function rmaOp(method: string, op: unknown, type: Datatype | null): number {
  return checkOp(method, op, type);
}

/** One element of a buffer spec (Fetch_and_op, Compare_and_swap). */
function oneElement(method: string, arg: string, spec: unknown, out: Msg): Msg {
  parseBuffer(method, arg, spec, out);
  if (out.count < 1) throw argRangeError(method, arg, 'must hold at least one element');
  return out;
}

/** A window for one-sided communication (`MPI_Win`). */
export class Win {
  /** @internal */
  [HANDLE]: number;
  /** @internal The memory of a `Create` window, or the ArrayBuffer of MPI's memory once handed out. */
  _memory: unknown = null;

  /** @internal */
  constructor(id: number, memory: unknown = null) {
    this[HANDLE] = id;
    this._memory = memory;
  }

  // ---- creation ----------------------------------------------------------------------------

  /**
   * A window over `memory` (`MPI_Win_create`), collective over `comm`. The window holds the memory
   * until `Free()`: transferring or detaching its ArrayBuffer later does not free it under MPI.
   * A SharedArrayBuffer works too (other threads of the rank see what arrives).
   */
  static Create(memory: BufferLike | null, disp_unit: number = 1, info: InfoArg = null, comm: unknown = COMM_SELF()): Win {
    const M = 'Win.Create';
    const mem = windowMemory(M, memory);
    const u = dispUnit(M, disp_unit);
    const c = commId(M, comm);
    return new Win(withInfo(M, info, (i) => native.winCreate(mem, u, i, c)), memory ?? null);
  }

  /** A window over `size` bytes that MPI allocates (`MPI_Win_allocate`); `tomemory()` gives them. */
  static Allocate(size: number, disp_unit: number = 1, info: InfoArg = null, comm: unknown = COMM_SELF()): Win {
    return allocate('Win.Allocate', size, disp_unit, info, comm, false);
  }

  /**
   * A window over memory shared by the processes of `comm` (`MPI_Win_allocate_shared`); every
   * process reads and writes the others' segments through `Shared_query(rank)`, with no copy.
   * `comm` must be one shared-memory node (`comm.Split_type(MPI.COMM_TYPE_SHARED)`).
   */
  static Allocate_shared(size: number, disp_unit: number = 1, info: InfoArg = null, comm: unknown = COMM_SELF()): Win {
    return allocate('Win.Allocate_shared', size, disp_unit, info, comm, true);
  }

  /**
   * A window with no memory yet (`MPI_Win_create_dynamic`), collective; `Attach` adds memory. The
   * target of an operation is an address: `MPI.Get_address(buf)` of a buffer attached at the target
   * (plus bytes), which the program sends there itself. mpi4js checks it against the memory
   * attached at the target (a directory each process publishes: one extra round trip per operation).
   */
  static Create_dynamic(info: InfoArg = null, comm: unknown = COMM_SELF()): Win {
    const M = 'Win.Create_dynamic';
    const c = commId(M, comm);
    return new Win(withInfo(M, info, (i) => native.winCreateDynamic(i, c)));
  }

  /** Attaches memory to a dynamic window (`MPI_Win_attach`); it is held until `Free` (a transfer or detach of its ArrayBuffer frees nothing). At most 64 buffers at a time. */
  Attach(memory: BufferLike): void {
    const h = winHandle(this, 'Attach');
    native.winAttach(h, windowMemory('Win.Attach', memory));
  }

  /**
   * Detaches memory from a dynamic window (`MPI_Win_detach`): operations that target it from now on
   * are refused; the memory stays held until `Free` (an origin may have checked it just before).
   */
  Detach(memory: BufferLike): void {
    const h = winHandle(this, 'Detach');
    native.winDetach(h, windowMemory('Win.Detach', memory));
  }

  /**
   * Frees the window (`MPI_Win_free`), collective. Every ArrayBuffer handed out for MPI's memory
   * of this window (`tomemory()`, `Shared_query`) is detached: stale views have length 0.
   */
  Free(): void {
    const h = winHandle(this, 'Free');
    attrs.freeAttrs(this);
    native.winFree(h);
    this[HANDLE] = FREED;
    this._memory = null;
  }

  // ---- memory ------------------------------------------------------------------------------

  /**
   * The local memory of the window: the buffer given to `Create`, or an ArrayBuffer over MPI's
   * memory (`Allocate`, `Allocate_shared`), detached when the window is freed.
   */
  tomemory(): ArrayBuffer | BufferLike | null {
    const h = winHandle(this, 'tomemory');
    if (this._memory === null) this._memory = native.winMemory(h);
    return this._memory as ArrayBuffer | BufferLike | null;
  }

  /** Same as `tomemory()`. */
  get memory(): ArrayBuffer | BufferLike | null {
    return this.tomemory();
  }

  /**
   * Another process's segment of a shared window (`MPI_Win_shared_query`): `[ArrayBuffer, disp_unit]`,
   * read and written with no copy; detached when the window is freed. `MPI.PROC_NULL`: the first non-empty segment.
   */
  Shared_query(rank: number): [ArrayBuffer, number] {
    const h = winHandle(this, 'Shared_query');
    const r = checkInt('Win.Shared_query', 'rank', rank);
    return native.winSharedQuery(h, r);
  }

  // ---- attributes, group, name ---------------------------------------------------------------

  /** A new attribute key for windows (`MPI_Win_create_keyval`); windows are never duplicated, so `copy_fn` is kept for mpi4py's signature. */
  static Create_keyval(copy_fn: attrs.CopyFn<Win> = null, delete_fn: attrs.DeleteFn<Win> = null): number {
    return attrs.createKeyval('Win', copy_fn, delete_fn);
  }

  /** Frees an attribute key (`MPI_Win_free_keyval`); returns `MPI.KEYVAL_INVALID`. */
  static Free_keyval(keyval: number): number {
    return attrs.freeKeyval('Win', keyval);
  }

  /**
   * The attribute value of `keyval`, or null when none is set (`MPI_Win_get_attr`): a keyval of
   * `Create_keyval`, or a predefined one: `MPI.WIN_BASE` (address), `WIN_SIZE`, `WIN_DISP_UNIT`,
   * `WIN_CREATE_FLAVOR`, `WIN_MODEL`.
   */
  Get_attr(keyval: number): unknown {
    const h = winHandle(this, 'Get_attr');
    if (PREDEFINED_ATTRS.includes(keyval)) return native.winGetAttr(h, keyval);
    return attrs.getAttr('Win', this, keyval);
  }

  /** Sets the attribute value of a keyval of `Create_keyval` (`MPI_Win_set_attr`); a value already set is deleted first. */
  Set_attr(keyval: number, attrval: unknown): void {
    winHandle(this, 'Set_attr');
    attrs.setAttr('Win', this, keyval, attrval);
  }

  /** Deletes the attribute value of `keyval` (`MPI_Win_delete_attr`); its `delete_fn` runs. */
  Delete_attr(keyval: number): void {
    winHandle(this, 'Delete_attr');
    attrs.deleteAttr('Win', this, keyval);
  }

  /** A predefined attribute as a number (null: not set). */
  #attr(keyval: number): number | null {
    return native.winGetAttr(winHandle(this, 'Get_attr'), keyval);
  }

  /** `[base address, size, disp_unit]` (`MPI_Win_get_attr`). */
  get attrs(): [number, number, number] {
    return [this.#attr(K.WIN_BASE) ?? 0, this.#attr(K.WIN_SIZE) ?? 0, this.#attr(K.WIN_DISP_UNIT) ?? 1];
  }

  /** How the window was made: `MPI.WIN_FLAVOR_CREATE|ALLOCATE|DYNAMIC|SHARED` (`MPI_WIN_CREATE_FLAVOR`). */
  get flavor(): number {
    return this.#attr(K.WIN_CREATE_FLAVOR) ?? K.WIN_FLAVOR_CREATE;
  }

  /** The memory model: `MPI.WIN_UNIFIED` or `MPI.WIN_SEPARATE` (`MPI_WIN_MODEL`). */
  get model(): number {
    return this.#attr(K.WIN_MODEL) ?? K.WIN_SEPARATE;
  }

  /** The group of the window's processes (`MPI_Win_get_group`). */
  Get_group(): Group {
    return new Group(native.winGetGroup(winHandle(this, 'Get_group')));
  }

  /** Same as `Get_group()`. */
  get group(): Group {
    return this.Get_group();
  }

  /** Size of the window's group. */
  get group_size(): number {
    const g = this.Get_group();
    try { return g.Get_size(); } finally { g.Free(); }
  }

  /** This process's rank in the window's group. */
  get group_rank(): number {
    const g = this.Get_group();
    try { return g.Get_rank(); } finally { g.Free(); }
  }

  /** Sets the window's hints (`MPI_Win_set_info`); a plain object `{ key: 'value' }` works too. */
  Set_info(info: InfoArg): void {
    const h = winHandle(this, 'Set_info');
    withInfo('Win.Set_info', info, (i) => native.winSetInfo(h, i));
  }

  /** The hints in use (`MPI_Win_get_info`): a new `MPI.Info` to free. */
  Get_info(): Info {
    return infoFromId(native.winGetInfo(winHandle(this, 'Get_info')));
  }

  /** Same as `Get_info()` (mpi4py's property); a new `MPI.Info` to free. */
  get info(): Info {
    return this.Get_info();
  }

  set info(v: InfoArg) {
    this.Set_info(v);
  }

  /** The window's error handler (`MPI_Win_get_errhandler`); mpi4js's default is `MPI.ERRORS_RETURN`. */
  Get_errhandler(): Errhandler {
    return errhandlerFromId(native.winGetErrhandler(winHandle(this, 'Get_errhandler')));
  }

  /**
   * Sets the error handler (`MPI_Win_set_errhandler`): `MPI.ERRORS_RETURN` (errors throw `MPI.Exception`,
   * the default) or `MPI.ERRORS_ARE_FATAL` / `MPI.ERRORS_ABORT` (errors end the job).
   */
  Set_errhandler(errhandler: Errhandler): void {
    const h = winHandle(this, 'Set_errhandler');
    native.winSetErrhandler(h, errhandlerArg('Win.Set_errhandler', errhandler));
  }

  /** Invokes the window's error handler with an error code (`MPI_Win_call_errhandler`). */
  Call_errhandler(errorcode: number): void {
    const h = winHandle(this, 'Call_errhandler');
    native.winCallErrhandler(h, checkInt('Win.Call_errhandler', 'errorcode', errorcode));
  }

  /** `MPI_Win_get_name`. */
  Get_name(): string {
    return native.winGetName(winHandle(this, 'Get_name'));
  }

  /** `MPI_Win_set_name`. */
  Set_name(name: string): void {
    const h = winHandle(this, 'Set_name');
    if (typeof name !== 'string') throw argTypeError('Win.Set_name', 'name', 'a string', name);
    native.winSetName(h, name);
  }

  /** The window's name. */
  get name(): string {
    return this.Get_name();
  }

  set name(v: string) {
    this.Set_name(v);
  }

  // ---- RMA operations ------------------------------------------------------------------------

  /** Writes `origin` into the window of `target_rank` (`MPI_Put`); `origin` is held until the epoch or flush completes it. */
  Put(origin: BufSpec, target_rank: number, target: TargetSpec = null): void {
    this.#putGet('Win.Put', 'Put', origin, target_rank, target, false, true);
  }

  /** Reads from the window of `target_rank` into `origin` (`MPI_Get`); the data is there after the epoch or flush. */
  Get(origin: BufSpec, target_rank: number, target: TargetSpec = null): void {
    this.#putGet('Win.Get', 'Get', origin, target_rank, target, false, false);
  }

  /** `MPI_Rput`: a Request (awaitable) that completes when `origin` may be reused. Needs a passive-target epoch. */
  Rput(origin: BufSpec, target_rank: number, target: TargetSpec = null): Request {
    return this.#putGet('Win.Rput', 'Rput', origin, target_rank, target, true, true)!;
  }

  /** `MPI_Rget`: a Request (awaitable) that completes when the data is in `origin`. Needs a passive-target epoch. */
  Rget(origin: BufSpec, target_rank: number, target: TargetSpec = null): Request {
    return this.#putGet('Win.Rget', 'Rget', origin, target_rank, target, true, false)!;
  }

  // M is the method's full name (a constant: no string is built per operation).
  #putGet(M: string, name: string, o: BufSpec, rank: unknown, tspec: unknown, req: boolean, put: boolean): Request | undefined {
    const h = winHandle(this, name);
    const m = parseBuffer(M, 'origin', o, mOrigin);
    const r = targetRank(M, rank);
    const t = target(M, tspec, m);
    if (req) {
      const id = (put ? native.winRput : native.winRget)(h, m.buf, m.offset, m.count, m.tid, r, t.disp, t.count, t.tid);
      return new Request(id as unknown as number, m.buf);
    }
    // The scratch form (src/native.ts): numbers at their positions in native.winPut's signature.
    S[0] = h; S[2] = m.offset; S[3] = m.count; S[4] = m.tid; S[5] = r; S[6] = t.disp; S[7] = t.count; S[8] = t.tid;
    (put ? native.winPutScratch : native.winGetScratch)(m.buf);
    return undefined;
  }

  /** Combines `origin` into the target with `op` (`MPI_Accumulate`; `MPI.REPLACE` is an atomic put). */
  Accumulate(origin: BufSpec, target_rank: number, target: TargetSpec = null, op: Op = OPS.SUM): void {
    this.#accumulate('Accumulate', origin, target_rank, target, op, false);
  }

  /** `MPI_Raccumulate`: an awaitable Request. Needs a passive-target epoch. */
  Raccumulate(origin: BufSpec, target_rank: number, target: TargetSpec = null, op: Op = OPS.SUM): Request {
    return this.#accumulate('Raccumulate', origin, target_rank, target, op, true)!;
  }

  #accumulate(name: string, o: BufSpec, rank: unknown, tspec: unknown, op: unknown, req: boolean): Request | undefined {
    const M = `Win.${name}`;
    const h = winHandle(this, name);
    const m = parseBuffer(M, 'origin', o, mOrigin);
    const r = targetRank(M, rank);
    const { disp: d, count: c, tid: t } = target(M, tspec, m);
    if (op === OPS.NO_OP) throw new TypeError(`${M}: argument 'op' cannot be MPI.NO_OP (only Get_accumulate and Fetch_and_op take it)`);
    const opId = rmaOp(M, op, m.type);
    const id = (req ? native.winRaccumulate : native.winAccumulate)(h, m.buf, m.offset, m.count, m.tid, r, d, c, t, opId);
    return req ? new Request(id as unknown as number, m.buf) : undefined;
  }

  /**
   * Fetches the target into `result` and combines `origin` into it with `op`, atomically
   * (`MPI_Get_accumulate`); with `MPI.NO_OP` `origin` may be null (an atomic get).
   */
  Get_accumulate(origin: BufSpec | null, result: BufSpec, target_rank: number, target: TargetSpec = null, op: Op = OPS.SUM): void {
    this.#getAccumulate('Get_accumulate', origin, result, target_rank, target, op, false);
  }

  /** `MPI_Rget_accumulate`: an awaitable Request. Needs a passive-target epoch. */
  Rget_accumulate(origin: BufSpec | null, result: BufSpec, target_rank: number, target: TargetSpec = null, op: Op = OPS.SUM): Request {
    return this.#getAccumulate('Rget_accumulate', origin, result, target_rank, target, op, true)!;
  }

  #getAccumulate(name: string, o: unknown, res: unknown, rank: unknown, tspec: unknown, op: unknown, req: boolean): Request | undefined {
    const M = `Win.${name}`;
    const h = winHandle(this, name);
    const noOrigin = op === OPS.NO_OP && (o === null || o === undefined);
    const rm = parseBuffer(M, 'result', res, mResult);
    const om = noOrigin ? null : parseBuffer(M, 'origin', o, mOrigin);
    const r = targetRank(M, rank);
    const { disp: d, count: c, tid: t } = target(M, tspec, om ?? rm);
    const opId = rmaOp(M, op, (om ?? rm).type);
    const fn = req ? native.winRgetAccumulate : native.winGetAccumulate;
    const id = fn(h, om ? om.buf : null, om ? om.offset : 0, om ? om.count : 0, om ? om.tid : rm.tid,
      rm.buf, rm.offset, rm.count, rm.tid, r, d, c, t, opId);
    return req ? new Request(id as unknown as number, [om?.buf, rm.buf]) : undefined;
  }

  /**
   * Fetches one element of the target into `result` and combines the first element of `origin`
   * into it with `op`, atomically (`MPI_Fetch_and_op`); `target_disp` in the target's disp_unit.
   */
  Fetch_and_op(origin: BufSpec | null, result: BufSpec, target_rank: number, target_disp: Disp = 0, op: Op = OPS.SUM): void {
    const M = 'Win.Fetch_and_op';
    const h = winHandle(this, 'Fetch_and_op');
    const rm = oneElement(M, 'result', result, mResult);
    const noOrigin = op === OPS.NO_OP && (origin === null || origin === undefined);
    const om = noOrigin ? null : oneElement(M, 'origin', origin, mOrigin);
    if (om && om.tid !== rm.tid) throw new TypeError(`${M}: arguments 'origin' and 'result' must have the same datatype`);
    const r = targetRank(M, target_rank);
    const d = disp(M, 'target_disp', target_disp);
    const opId = rmaOp(M, op, rm.type);
    S[0] = h; S[2] = om ? om.offset : 0; S[4] = rm.offset; S[5] = rm.tid; S[6] = r; S[7] = d; S[8] = opId;
    native.winFetchAndOpScratch(om ? om.buf : null, rm.buf);
  }

  /**
   * Replaces one element of the target by the first of `origin` if it equals the first of
   * `compare`, returning the old value in `result`, atomically (`MPI_Compare_and_swap`).
   */
  Compare_and_swap(origin: BufSpec, compare: BufSpec, result: BufSpec, target_rank: number, target_disp: Disp = 0): void {
    const M = 'Win.Compare_and_swap';
    const h = winHandle(this, 'Compare_and_swap');
    const om = oneElement(M, 'origin', origin, mOrigin);
    const cm = oneElement(M, 'compare', compare, mCompare);
    const rm = oneElement(M, 'result', result, mResult);
    if (om.tid !== cm.tid || om.tid !== rm.tid) throw new TypeError(`${M}: arguments 'origin', 'compare' and 'result' must have the same datatype`);
    const r = targetRank(M, target_rank);
    const d = disp(M, 'target_disp', target_disp);
    native.winCompareAndSwap(h, om.buf, om.offset, cm.buf, cm.offset, rm.buf, rm.offset, om.tid, r, d);
  }

  // ---- synchronization -----------------------------------------------------------------------

  /** Ends the previous and starts the next active-target epoch on every process (`MPI_Win_fence`), collective. */
  Fence(assertion: number = 0): void {
    const h = winHandle(this, 'Fence');
    native.winFence(h, checkInt('Win.Fence', 'assertion', assertion));
  }

  /** Starts an access epoch to the processes of `group` (`MPI_Win_start`). */
  Start(group: Group, assertion: number = 0): void {
    const h = winHandle(this, 'Start');
    native.winStart(h, groupId('Win.Start', group), checkInt('Win.Start', 'assertion', assertion));
  }

  /** Ends the access epoch of `Start` (`MPI_Win_complete`). */
  Complete(): void {
    native.winComplete(winHandle(this, 'Complete'));
  }

  /** Starts an exposure epoch to the processes of `group` (`MPI_Win_post`). */
  Post(group: Group, assertion: number = 0): void {
    const h = winHandle(this, 'Post');
    native.winPost(h, groupId('Win.Post', group), checkInt('Win.Post', 'assertion', assertion));
  }

  /** Ends the exposure epoch of `Post`, waiting for the origins' `Complete` (`MPI_Win_wait`). */
  Wait(): void {
    native.winWait(winHandle(this, 'Wait'));
  }

  /** Whether the exposure epoch of `Post` can end; ends it if so (`MPI_Win_test`). */
  Test(): boolean {
    return native.winTest(winHandle(this, 'Test'));
  }

  /** Starts a passive-target epoch at `rank` (`MPI_Win_lock`): `MPI.LOCK_EXCLUSIVE` (default) or `MPI.LOCK_SHARED`. */
  Lock(rank: number, lock_type: number = K.LOCK_EXCLUSIVE, assertion: number = 0): void {
    const M = 'Win.Lock';
    const h = winHandle(this, 'Lock');
    const r = checkInt(M, 'rank', rank);
    const t = checkInt(M, 'lock_type', lock_type);
    if (t !== K.LOCK_EXCLUSIVE && t !== K.LOCK_SHARED) throw argRangeError(M, 'lock_type', `must be MPI.LOCK_EXCLUSIVE or MPI.LOCK_SHARED, got ${t}`);
    native.winLock(h, t, r, checkInt(M, 'assertion', assertion));
  }

  /** Ends the passive-target epoch at `rank` (`MPI_Win_unlock`): its operations are complete. */
  Unlock(rank: number): void {
    const h = winHandle(this, 'Unlock');
    native.winUnlock(h, checkInt('Win.Unlock', 'rank', rank));
  }

  /** Starts a shared passive-target epoch at every process (`MPI_Win_lock_all`). */
  Lock_all(assertion: number = 0): void {
    const h = winHandle(this, 'Lock_all');
    native.winLockAll(h, checkInt('Win.Lock_all', 'assertion', assertion));
  }

  /** Ends the epoch of `Lock_all` (`MPI_Win_unlock_all`). */
  Unlock_all(): void {
    native.winUnlockAll(winHandle(this, 'Unlock_all'));
  }

  /** Completes the operations to `rank`, at origin and target (`MPI_Win_flush`). */
  Flush(rank: number): void {
    const h = winHandle(this, 'Flush');
    S[0] = h; S[1] = checkInt('Win.Flush', 'rank', rank);
    native.winFlushScratch();
  }

  /** Completes every pending operation (`MPI_Win_flush_all`). */
  Flush_all(): void {
    native.winFlushAll(winHandle(this, 'Flush_all'));
  }

  /** Completes the operations to `rank` at the origin (`MPI_Win_flush_local`): origin buffers may be reused. */
  Flush_local(rank: number): void {
    const h = winHandle(this, 'Flush_local');
    native.winFlushLocal(h, checkInt('Win.Flush_local', 'rank', rank));
  }

  /** `MPI_Win_flush_local_all`. */
  Flush_local_all(): void {
    native.winFlushLocalAll(winHandle(this, 'Flush_local_all'));
  }

  /** Synchronizes the public and private copies of the window (`MPI_Win_sync`). */
  Sync(): void {
    native.winSync(winHandle(this, 'Sync'));
  }
}
setKind(Win, 'Win');

function groupId(method: string, g: unknown): number {
  if (!(g instanceof Group)) throw argTypeError(method, 'group', 'an MPI.Group', g);
  return liveHandle(g, 'Group', method);
}

// mpi4py's default communicator of window creation.
let commSelf: Intracomm | null = null;
function COMM_SELF(): Intracomm {
  return (commSelf ??= new Intracomm(native.constants.COMM_SELF as number));
}

/** `MPI.WIN_NULL`. */
export const WIN_NULL = new Win(0);

