/**
 * `MPI.Request` and `MPI.Prequest`: nonblocking operations, mpi4py's completion API, and
 * promises. A Request is thenable: `await req` resolves to its `Status` (upper-case operations)
 * or to the received object (lower-case `irecv`), and rejects with `MPI.Exception`.
 *
 * Buffers: a pending request holds the memory it uses (`keep`) until MPI is done with it; a
 * Request dropped without completion keeps that memory alive anyway (the FinalizationRegistry's
 * held value owns it) and is reported once. Progress of awaited requests: see docs/ASYNC.md.
 */
import { writeSync } from 'node:fs';
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { EMPTY as EMPTY_STATUS, Status, statusBytes } from './Status';
import { MPIException, argTypeError, usageError } from './errors';
import { pickle } from './pickle';
import { DATATYPES } from './Datatype';
import { beforeFinalize } from './lifecycle';

const C = native.constants;
const UNDEFINED = C.UNDEFINED as number;
const SUCCESS = C.SUCCESS as number;
const ANY_SOURCE = C.ANY_SOURCE as number;
const ANY_TAG = C.ANY_TAG as number;
const PROC_NULL = C.PROC_NULL as number;
const BYTE = DATATYPES.BYTE[HANDLE];
const SSIZE = native.statusSize;
const ERROR_OFFSET = native.statusLayout.error;
/** [HANDLE] of a lower-case irecv that has not matched a message yet (never a native id: those are below 2^52). */
const OBJ_PENDING = 2 ** 52;

// ---- buffers of dropped requests ------------------------------------------------------------

interface Held {
  id: number;
  keep: unknown;
}
const orphans: Held[] = [];
let droppedCount = 0;

function sweepOrphans(): void {
  for (let i = orphans.length - 1; i >= 0; i--) {
    try {
      if (native.requestTest(orphans[i]!.id, undefined)) orphans.splice(i, 1);
    } catch {
      orphans.splice(i, 1); // completed with an error: MPI no longer uses the memory
    }
  }
}

const dropped = new FinalizationRegistry<Held>((held) => {
  droppedCount++;
  if (droppedCount === 1) {
    process.emitWarning('an MPI.Request was garbage-collected before it completed (no Wait/Test/await/Free); ' +
      'mpi4js keeps its buffers alive until MPI completes it', { type: 'MPI4JSWarning', code: 'MPI4JS_REQUEST_DROPPED' });
  }
  if (native.finalized()) return;
  orphans.push(held);
  sweepOrphans();
});

// Registering with the FinalizationRegistry costs about a microsecond (twice that with the
// unregister), more than the MPI call of a small message. Most requests are waited, tested or
// awaited in the same turn of the event loop, so new requests are held strongly until the next
// turn (setImmediate) and only those still pending, and not awaited (the promise engine holds
// those), are registered then. A request dropped at once is therefore reported one turn later.
const YOUNG_MAX = 256;
let young: Request<unknown>[] = [];
let youngFlush: NodeJS.Immediate | null = null;

function watchLater(r: Request<unknown>): void {
  // A loop that never yields to the event loop is flushed every YOUNG_MAX requests.
  if (young.push(r) >= YOUNG_MAX) flushYoung();
  if (youngFlush === null) {
    youngFlush = setImmediate(flushYoung);
    youngFlush.unref();
  }
}

function flushYoung(): void {
  const batch = young;
  young = [];
  if (youngFlush !== null) {
    clearImmediate(youngFlush);
    youngFlush = null;
  }
  for (const r of batch) r._watch();
}

/** Memory of requests freed while active (MPI_Request_free): MPI may still use it until exit. */
const freedWhileActive: unknown[] = [];

beforeFinalize.push(() => {
  const n = native.cleanupRequests();
  if (n > 0) {
    // process.emitWarning would never print from an 'exit' handler.
    try {
      writeSync(2, `mpi4js: warning: ${n} MPI request(s) still pending at exit were cancelled or freed before MPI_Finalize\n`);
    } catch { /* stderr gone */ }
  }
});

// ---- the promise engine ---------------------------------------------------------------------
//
// Awaited requests are polled from the event loop, never blocking it for long. `then()` first spins
// on MPI_Test for an adaptive budget (at most SYNC_US). Then sweeps test every awaited request:
// right after activity (for SPIN_MS) each sweep is a setImmediate; after that the next sweep waits
// for idle/16 (at least MIN_MS, at most MAX_MS), so a long wait costs little CPU and a sweep is
// never late by more than ~6 % of the time already waited. Delays under a millisecond use the
// native progress timer (csrc/waker.h): libuv's timers count milliseconds, and a 1 ms floor let a
// peer's pause of a few hundred µs lock a ping-pong into millisecond steps.

const SPIN_MS = envNumber('MPI4JS_POLL_SPIN_US', 250) / 1000;
const MAX_MS = envNumber('MPI4JS_POLL_MAX_MS', 4);
const MIN_MS = Math.min(MAX_MS, envNumber('MPI4JS_POLL_MIN_US', 20) / 1000);
const TEST_EACH = 16;
const SYNC_US = envNumber('MPI4JS_POLL_SYNC_US', 50);

function envNumber(name: string, dflt: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : dflt;
}

const awaited: Request<unknown>[] = [];
const natives: Request<unknown>[] = [];
let sweepIds = new Float64Array(64);
let sweepIdx = new Int32Array(64);
let sweepSts = new Uint8Array(64 * SSIZE);
let lastProgress = 0;
let immediate: NodeJS.Immediate | null = null;
let timer: NodeJS.Timeout | null = null;
/** When the pending timed sweep is due (performance.now() ms), 0 if none. */
let timerDue = 0;
/** Whether the native progress timer is armed (else a pending timed sweep is `timer`). */
let wakeArmed = false;
/** Whether this environment has the native progress timer (null: not started yet). */
let wakeOk: boolean | null = null;
/** The spin budget of `then()`, µs: adapts to how long awaited requests recently took. */
let spinUs = SYNC_US;

/** What the engine's tests write into (a Status's own bytes would need an ArrayBuffer: ~0.6 µs). */
const scratch = new Status();
const scratchBytes = scratch.bytes;

/** After a test into `scratch` completed `r`: an upper-case request's Status gets those bytes. */
function keepStatus(r: Request<unknown>): void {
  if (!r._lower) r._statusObj().bytes.set(scratchBytes);
}

/** An awaited request completed `us` after `then()`: spin as long as that when it is short, less otherwise. */
function learnLatency(us: number): void {
  spinUs = us <= SYNC_US ? Math.min(SYNC_US, Math.max(spinUs, 2 * us + 1)) : spinUs / 2;
}

function onImmediate(): void {
  immediate = null;
  sweep();
}

function onTimer(): void {
  timer = null;
  timerDue = 0;
  sweep();
}

function onWake(): void {
  if (!wakeArmed) return; // a wake queued before it was disarmed
  wakeArmed = false;
  timerDue = 0;
  native.wakeDisarm();
  sweep();
}

function stopTimer(): void {
  if (timerDue === 0) return;
  timerDue = 0;
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (wakeArmed) {
    wakeArmed = false;
    native.wakeDisarm();
  }
}

/** The next sweep in `delay` ms, unless one is due sooner: the native timer below 1 ms when there is one. */
function startTimer(now: number, delay: number): void {
  const due = now + delay;
  if (timerDue !== 0 && timerDue <= due) return;
  stopTimer();
  timerDue = due;
  if (delay < 1) {
    if (wakeOk === null) {
      try {
        wakeOk = native.wakeStart(onWake);
      } catch {
        wakeOk = false;
      }
    }
    if (wakeOk && native.wakeArm(delay * 1000)) {
      wakeArmed = true;
      return;
    }
  }
  timer = setTimeout(onTimer, delay);
}

function schedule(progress: boolean): void {
  const now = performance.now();
  if (progress) lastProgress = now;
  if (awaited.length === 0) {
    stopTimer();
    return;
  }
  const idle = now - lastProgress;
  if (idle < SPIN_MS) {
    stopTimer();
    if (immediate === null) immediate = setImmediate(onImmediate);
    return;
  }
  if (immediate !== null) return;
  startTimer(now, Math.min(MAX_MS, Math.max(MIN_MS, idle / 16)));
}

function settle(r: Request<unknown>, err: unknown): void {
  learnLatency((performance.now() - r._awaitedAt) * 1000);
  const resolve = r._resolve;
  const reject = r._reject;
  r._resolve = r._reject = null;
  if (err !== undefined) reject?.(err);
  else resolve?.(r._result());
}

function sweep(): void {
  let progress = false;
  let n = 0;
  natives.length = 0;
  for (const r of awaited) if (r._native) natives.push(r);
  n = natives.length;
  if (n > 0 && n <= TEST_EACH) {
    // Few requests: MPI_Test each (Open MPI's MPI_Testsome makes little progress when nothing is done).
    for (const r of natives) {
      try {
        scratchBytes.set(EMPTY_STATUS);
        if (r._poll(scratchBytes)) {
          keepStatus(r);
          settle(r, scratch.error !== SUCCESS ? new MPIException(scratch.error) : undefined);
          progress = true;
        }
      } catch (e) {
        settle(r, e);
        progress = true;
      }
    }
  } else if (n > 0) {
    if (sweepIds.length < n) {
      const cap = Math.max(n, sweepIds.length * 2);
      sweepIds = new Float64Array(cap);
      sweepIdx = new Int32Array(cap);
      sweepSts = new Uint8Array(cap * SSIZE);
    }
    for (let k = 0; k < n; k++) sweepIds[k] = natives[k]![HANDLE];
    let out = 0;
    try {
      out = native.requestTestsome(sweepIds, n, sweepIdx, sweepSts, true);
    } catch (e) {
      // A user op's exception comes with the requests that completed (their ids zeroed): they
      // reject with it. Otherwise it is not a per-request error (e.g. MPI was finalized): fail all.
      let some = false;
      for (let k = 0; k < n; k++) if (sweepIds[k] === 0) some = true;
      for (let k = 0; k < n; k++) {
        if (some && sweepIds[k] !== 0) continue;
        natives[k]!._completeFrom(0);
        settle(natives[k]!, e);
      }
      out = 0;
      progress = true;
    }
    if (out !== UNDEFINED) {
      const ints = new Int32Array(sweepSts.buffer, 0, (out * SSIZE) >> 2);
      for (let k = 0; k < out; k++) {
        const r = natives[sweepIdx[k]!]!;
        r._completeFrom(sweepIds[sweepIdx[k]!]!);
        const st = sweepSts.subarray(k * SSIZE, (k + 1) * SSIZE);
        r._statusObj().bytes.set(st);
        const err = ints[(k * SSIZE + ERROR_OFFSET) >> 2]!;
        settle(r, err !== SUCCESS && r._checksError ? new MPIException(err) : undefined);
        progress = true;
      }
    }
  }
  if (objRecvs.length > 0) progressObjRecvs();
  for (const r of awaited) {
    if (r._native || r._resolve === null) continue;
    try {
      if (r._poll(undefined)) {
        settle(r, undefined);
        progress = true;
      }
    } catch (e) {
      settle(r, e);
      progress = true;
    }
  }
  if (progress) {
    let j = 0;
    for (const r of awaited) if (r._resolve !== null) awaited[j++] = r;
    awaited.length = j;
  }
  if (orphans.length > 0) sweepOrphans();
  schedule(progress);
}

// ---- Request --------------------------------------------------------------------------------

function requestHandle(r: unknown, method: string): number {
  return liveHandle(r, 'Request', method, true);
}

function checkRequests(method: string, reqs: unknown): Request<unknown>[] {
  if (!Array.isArray(reqs)) throw argTypeError(method, 'requests', 'an array of MPI.Request', reqs);
  for (let i = 0; i < reqs.length; i++) {
    if (!(reqs[i] instanceof Request)) throw argTypeError(method, `requests[${i}]`, 'an MPI.Request', reqs[i]);
    const h = (reqs[i] as Request<unknown>)[HANDLE];
    if (h === FREED) throw usageError('Request', `${method}: requests[${i}] has been freed`);
  }
  return reqs as Request<unknown>[];
}

function checkStatuses(method: string, statuses: unknown, n: number): Status[] | undefined {
  if (statuses === undefined || statuses === null) return undefined;
  if (!Array.isArray(statuses)) throw argTypeError(method, 'statuses', 'an array of MPI.Status', statuses);
  for (let i = 0; i < n; i++) {
    if (statuses[i] === undefined) statuses[i] = new Status();
    else if (!(statuses[i] instanceof Status)) throw argTypeError(method, `statuses[${i}]`, 'an MPI.Status', statuses[i]);
  }
  return statuses as Status[];
}

/** Whether MPI's own multi-request calls may block: all native and no lower-case irecv pending. */
function allNative(reqs: Request<unknown>[]): boolean {
  if (objRecvs.length > 0) return false;
  for (const r of reqs) if (!r._native) return false;
  return true;
}

function idsOf(reqs: Request<unknown>[]): Float64Array {
  const ids = new Float64Array(reqs.length);
  for (let i = 0; i < reqs.length; i++) ids[i] = reqs[i]![HANDLE];
  return ids;
}

function syncIds(reqs: Request<unknown>[], ids: Float64Array): void {
  for (let i = 0; i < reqs.length; i++) reqs[i]!._completeFrom(ids[i]!);
}

function copyStatus(from: Uint8Array, k: number, to: Status | undefined): void {
  if (to) to.bytes.set(from.subarray(k * SSIZE, (k + 1) * SSIZE));
}

/** Whether every request in a list is complete (null), without side effects. */
function isNullRequest(r: Request<unknown>): boolean {
  return r[HANDLE] === 0;
}

/** What `wait()` of a request of type R gives: the received object, undefined for a request that completes with a Status. */
export type ObjectOf<R> = R extends Request<infer T> ? (T extends Status ? undefined : T) : never;

/**
 * A nonblocking operation (`MPI_Request`). Thenable: `await req` gives its `Status` (or the
 * object of a lower-case `irecv`). `T` is what the promise resolves to.
 */
export class Request<T = Status> implements PromiseLike<T> {
  /** @internal */
  [HANDLE]: number;
  /** @internal Memory MPI uses until completion (buffers or pickled bytes). */
  _keep: unknown;
  /** @internal Held value registered for dropped-request reporting. */
  _held: Held | null;
  /** @internal Lower-case operation: the promise resolves to `_value`, not the Status. */
  _lower: boolean;
  /** @internal A request on the MPI library's table (false for a lower-case irecv). */
  _native = true;
  /** @internal Whether a status error fails the request (receives); MPI leaves it unset otherwise. */
  _checksError = true;
  /** @internal */
  _promise: Promise<T> | null = null;
  /** @internal */
  _resolve: ((v: unknown) => void) | null = null;
  /** @internal */
  _reject: ((e: unknown) => void) | null = null;
  /** @internal Status of an awaited request. */
  _status: Status | null = null;
  /** @internal Value of a completed lower-case receive. */
  _value: unknown = undefined;
  /** @internal When `then()` started waiting for it (performance.now() ms). */
  _awaitedAt = 0;

  /** @internal */
  constructor(id: number, keep: unknown = null, lower = false) {
    this[HANDLE] = id;
    this._keep = keep;
    this._lower = lower;
    this._held = null;
    if (id > 0 && id !== OBJ_PENDING) watchLater(this as Request<unknown>);
  }

  /** @internal Starts the dropped-request watch (see `watchLater`) if MPI may still use the memory. */
  _watch(): void {
    if (this[HANDLE] > 0 && this[HANDLE] !== OBJ_PENDING && this._held === null && this._promise === null) {
      this._held = { id: this[HANDLE], keep: this._keep };
      dropped.register(this, this._held, this);
    }
  }

  /** @internal Called once MPI no longer uses the request's memory. */
  _release(): void {
    if (this._held !== null) {
      dropped.unregister(this);
      this._held = null;
    }
    this._keep = null;
  }

  /** @internal After a native call that may have completed the request: `id` 0 means it did. */
  _completeFrom(id: number): void {
    if (id === 0 && this[HANDLE] > 0) {
      this[HANDLE] = 0;
      this._release();
    }
  }

  /** @internal The status object of an awaited request. */
  _statusObj(): Status {
    if (this._status === null) this._status = new Status();
    return this._status;
  }

  /** @internal What the promise resolves to. */
  _result(): T {
    if (this._lower) return this._value as T;
    return this._statusObj() as unknown as T;
  }

  /** @internal Nonblocking completion test (MPI_Test); true when complete (an MPI error completes it too). */
  _poll(st: Uint8Array | undefined): boolean {
    let done = true;
    try {
      done = native.requestTest(this[HANDLE], st);
    } finally {
      if (done) this._completeFrom(0);
    }
    return done;
  }

  /** @internal Whether it is complete, without completing it (MPI_Request_get_status). */
  _isComplete(): boolean {
    return native.requestGetStatus(this[HANDLE], undefined);
  }

  /** @internal Whether completing it would throw the error of a lower-case irecv's message. */
  _failed(): boolean {
    return false;
  }

  /** @internal MPI_Test repeated for up to `us` µs (at least once): µs it took to complete, -1 if not complete. */
  _testFor(st: Uint8Array | undefined, us: number): number {
    let took = 0;
    try {
      took = native.requestTestFor(this[HANDLE], st, us);
    } finally {
      if (took >= 0) this._completeFrom(0);
    }
    return took;
  }

  /**
   * @internal Blocking completion (MPI_Wait). While lower-case irecvs are pending (matched probes,
   * nothing posted), it polls them too, so a peer blocked in a send to them can finish.
   */
  _block(st: Uint8Array | undefined): void {
    if (objRecvs.length > 0) {
      while (!this._poll(st)) progressObjRecvs();
      return;
    }
    try {
      native.requestWait(this[HANDLE], st);
    } finally {
      this._completeFrom(0);
    }
  }

  /** Waits for completion (`MPI_Wait`); fills `status` if given. Returns true. */
  Wait(status?: Status): true {
    const st = statusBytes('Request.Wait', status);
    requestHandle(this, 'Wait');
    this._block(st);
    return true;
  }

  /** Tests for completion (`MPI_Test`); fills `status` when complete. */
  Test(status?: Status): boolean {
    const st = statusBytes('Request.Test', status);
    requestHandle(this, 'Test');
    return this._poll(st);
  }

  /** Status of the request without completing it (`MPI_Request_get_status`); true when complete. */
  Get_status(status?: Status): boolean {
    const st = statusBytes('Request.Get_status', status);
    return native.requestGetStatus(requestHandle(this, 'Get_status'), st);
  }

  /** Cancels the operation (`MPI_Cancel`); complete it with Wait/Test, then `status.Is_cancelled()`. */
  Cancel(): void {
    native.requestCancel(requestHandle(this, 'Cancel'));
  }

  /** Frees the request (`MPI_Request_free`); an active operation still completes. Later use is an error. */
  Free(): void {
    const id = requestHandle(this, 'Free');
    if (id === 0) throw usageError('Request', 'Request.Free: cannot free MPI.REQUEST_NULL');
    const active = !native.requestGetStatus(id, undefined);
    native.requestFree(id);
    if (active && this._keep !== null) freedWhileActive.push(this._keep);
    this._release();
    this[HANDLE] = FREED;
  }

  /** Waits for completion and returns the received object (`MPI_Wait`); undefined for sends. */
  wait(status?: Status): T extends Status ? undefined : T {
    const st = statusBytes('Request.wait', status);
    requestHandle(this, 'wait');
    this._block(st);
    return this._value as T extends Status ? undefined : T;
  }

  /** Tests for completion (`MPI_Test`): `[flag, object]`. */
  test(status?: Status): [boolean, (T extends Status ? undefined : T) | undefined] {
    const st = statusBytes('Request.test', status);
    requestHandle(this, 'test');
    const done = this._poll(st);
    return [done, done ? this._value as T extends Status ? undefined : T : undefined];
  }

  /** The promise of this request (also `await req`): resolves to the Status or the object. */
  then<R1 = T, R2 = never>(onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null): Promise<R1 | R2> {
    return this.promise().then(onfulfilled, onrejected);
  }

  /** Promise-style error handler. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.promise().catch(onrejected);
  }

  /** Promise-style finally. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.promise().finally(onfinally);
  }

  /**
   * The promise of the current operation (`MPI_Test`, spun for a few µs, then polled from the
   * event loop: see docs/ASYNC.md).
   */
  promise(): Promise<T> {
    if (this._promise !== null) return this._promise;
    if (this[HANDLE] === FREED) return (this._promise = Promise.reject(usageError('Request', 'Request.then: the Request has been freed')));
    // Only a request awaited alone spins: awaiting many at once (Request.all) must not block
    // the event loop for a spin per request.
    const budget = awaited.length === 0 ? spinUs : 0;
    try {
      scratchBytes.set(EMPTY_STATUS);
      // Hybrid: a short synchronous spin catches replies that are microseconds away.
      const took = this._testFor(scratchBytes, budget);
      if (took >= 0) {
        if (took > 0) learnLatency(took);
        // Some paths (Open MPI's self transport) report a receive error only in the status.
        if (this._native && scratch.error !== SUCCESS) return (this._promise = Promise.reject(new MPIException(scratch.error)));
        keepStatus(this as Request<unknown>);
        return (this._promise = Promise.resolve(this._result()));
      }
    } catch (e) {
      return (this._promise = Promise.reject(e));
    }
    this._promise = new Promise<T>((resolve, reject) => {
      this._resolve = resolve as (v: unknown) => void;
      this._reject = reject;
    });
    this._awaitedAt = performance.now() - budget / 1000;
    awaited.push(this as Request<unknown>);
    schedule(true);
    return this._promise;
  }

  /** Whether this is `MPI.REQUEST_NULL` or a completed request. */
  get is_null(): boolean {
    return this[HANDLE] === 0;
  }

  // ---- many requests ------------------------------------------------------------------------

  /** Waits for all (`MPI_Waitall`); fills `statuses[i]` (created as needed). */
  static Waitall(requests: Request<unknown>[], statuses?: Status[]): true {
    const M = 'Request.Waitall';
    const reqs = checkRequests(M, requests);
    const sts = checkStatuses(M, statuses, reqs.length);
    if (allNative(reqs)) {
      const ids = idsOf(reqs);
      const buf = sts ? new Uint8Array(reqs.length * SSIZE) : undefined;
      try {
        native.requestWaitall(ids, reqs.length, buf);
      } finally {
        syncIds(reqs, ids);
        if (buf) for (let i = 0; i < reqs.length; i++) copyStatus(buf, i, sts![i]);
      }
      return true;
    }
    // Lower-case irecvs are matched probes: complete in posting order (every send is already posted).
    for (let i = 0; i < reqs.length; i++) reqs[i]!._block(sts?.[i]?.bytes);
    return true;
  }

  /** Tests all (`MPI_Testall`): true only when every request is complete. */
  static Testall(requests: Request<unknown>[], statuses?: Status[]): boolean {
    const M = 'Request.Testall';
    const reqs = checkRequests(M, requests);
    const sts = checkStatuses(M, statuses, reqs.length);
    if (allNative(reqs)) {
      const ids = idsOf(reqs);
      const buf = sts ? new Uint8Array(reqs.length * SSIZE) : undefined;
      let flag = false;
      try {
        flag = native.requestTestall(ids, reqs.length, buf);
      } finally {
        syncIds(reqs, ids);
        if (buf && flag) for (let i = 0; i < reqs.length; i++) copyStatus(buf, i, sts![i]);
      }
      return flag;
    }
    // As MPI_Testall: none is completed (reported) unless all are complete.
    let all = true;
    for (let i = 0; i < reqs.length; i++) if (!reqs[i]!._isComplete()) all = false;
    if (all) for (let i = 0; i < reqs.length; i++) reqs[i]!._poll(sts?.[i]?.bytes);
    return all;
  }

  /** Waits for any one (`MPI_Waitany`): its index, or `MPI.UNDEFINED` if none is active. */
  static Waitany(requests: Request<unknown>[], status?: Status): number {
    const M = 'Request.Waitany';
    const reqs = checkRequests(M, requests);
    const st = statusBytes(M, status);
    if (allNative(reqs)) {
      const ids = idsOf(reqs);
      try {
        return native.requestWaitany(ids, reqs.length, st);
      } finally {
        syncIds(reqs, ids);
      }
    }
    for (;;) {
      const i = Request.Testany(reqs, status);
      if (i !== -1 || reqs.every(isNullRequest)) return i === -1 ? UNDEFINED : i;
      progressObjRecvs();
    }
  }

  /** Tests any (`MPI_Testany`): an index, `MPI.UNDEFINED` if none is active, or -1 if none completed. */
  static Testany(requests: Request<unknown>[], status?: Status): number {
    const M = 'Request.Testany';
    const reqs = checkRequests(M, requests);
    const st = statusBytes(M, status);
    if (allNative(reqs)) {
      const ids = idsOf(reqs);
      try {
        const r = native.requestTestany(ids, reqs.length, st);
        return r === -2 ? -1 : r;
      } finally {
        syncIds(reqs, ids);
      }
    }
    let active = false;
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      if (r[HANDLE] === 0) continue;
      active = true;
      if (r._poll(st)) return i;
    }
    return active ? -1 : UNDEFINED;
  }

  /** Waits for some (`MPI_Waitsome`): indices of completed requests, or null if none is active. */
  static Waitsome(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return someCall('Request.Waitsome', requests, statuses, true);
  }

  /** Tests some (`MPI_Testsome`): indices completed now (maybe empty), or null if none is active. */
  static Testsome(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return someCall('Request.Testsome', requests, statuses, false);
  }

  /** Waits for all and returns their objects (`MPI_Waitall`); undefined for sends. */
  static waitall<R extends Request<unknown>>(requests: R[], statuses?: Status[]): ObjectOf<R>[];
  static waitall(requests: Request<unknown>[], statuses?: Status[]): unknown[] {
    Request.Waitall(requests, statuses);
    return requests.map((r) => r._value);
  }

  /** Tests all (`MPI_Testall`): `[flag, objects | null]`. */
  static testall<R extends Request<unknown>>(requests: R[], statuses?: Status[]): [boolean, ObjectOf<R>[] | null];
  static testall(requests: Request<unknown>[], statuses?: Status[]): [boolean, unknown[] | null] {
    const flag = Request.Testall(requests, statuses);
    return [flag, flag ? requests.map((r) => r._value) : null];
  }

  /** Waits for any and returns `[index, object]` (`MPI_Waitany`). */
  static waitany<R extends Request<unknown>>(requests: R[], status?: Status): [number, ObjectOf<R> | undefined];
  static waitany(requests: Request<unknown>[], status?: Status): [number, unknown] {
    const i = Request.Waitany(requests, status);
    return [i, i >= 0 ? requests[i]!._value : undefined];
  }

  /** Tests any and returns `[index, flag, object]` (`MPI_Testany`); index `MPI.UNDEFINED` when none completed. */
  static testany(requests: Request<unknown>[], status?: Status): [number, boolean, unknown] {
    const i = Request.Testany(requests, status);
    return i === -1 ? [UNDEFINED, false, undefined] : [i, true, i >= 0 ? requests[i]!._value : undefined];
  }

  /** Waits for some and returns `[indices, objects]` (`MPI_Waitsome`); `[null, null]` if none is active. */
  static waitsome(requests: Request<unknown>[], statuses?: Status[]): [number[] | null, unknown[] | null] {
    const idx = Request.Waitsome(requests, statuses);
    return [idx, idx === null ? null : idx.map((i) => requests[i]!._value)];
  }

  /** Tests some and returns `[indices, objects]` (`MPI_Testsome`); `[null, null]` if none is active. */
  static testsome(requests: Request<unknown>[], statuses?: Status[]): [number[] | null, unknown[] | null] {
    const idx = Request.Testsome(requests, statuses);
    return [idx, idx === null ? null : idx.map((i) => requests[i]!._value)];
  }

  /** The promise of every request (`Promise.all`): statuses or objects, in order. */
  static all<R extends readonly Request<unknown>[] | []>(requests: R): Promise<{ -readonly [K in keyof R]: Awaited<R[K]> }>;
  static all(requests: Request<unknown>[]): Promise<unknown[]> {
    const reqs = checkRequests('Request.all', requests);
    return Promise.all(reqs.map((r) => r.promise()));
  }

  /** The promise of the first request to complete (`Promise.race`). */
  static race<R extends Request<unknown>>(requests: R[]): Promise<Awaited<R>>;
  static race(requests: Request<unknown>[]): Promise<unknown> {
    const reqs = checkRequests('Request.race', requests);
    return Promise.race(reqs.map((r) => r.promise()));
  }
}
setKind(Request, 'Request');

function someCall(M: string, requests: Request<unknown>[], statuses: Status[] | undefined, wait: boolean): number[] | null {
  const reqs = checkRequests(M, requests);
  if (statuses !== undefined && statuses !== null && !Array.isArray(statuses)) throw argTypeError(M, 'statuses', 'an array of MPI.Status', statuses);
  if (allNative(reqs)) {
    const ids = idsOf(reqs);
    const idx = new Int32Array(reqs.length);
    const buf = new Uint8Array(Math.max(1, reqs.length) * SSIZE);
    let out = UNDEFINED;
    try {
      out = wait ? native.requestWaitsome(ids, reqs.length, idx, buf) : native.requestTestsome(ids, reqs.length, idx, buf);
    } finally {
      syncIds(reqs, ids);
    }
    if (out === UNDEFINED) return null;
    const result = Array.from(idx.subarray(0, out));
    if (statuses) {
      for (let k = 0; k < out; k++) {
        if (!(statuses[k] instanceof Status)) statuses[k] = new Status();
        copyStatus(buf, k, statuses[k]);
      }
    }
    return result;
  }
  for (;;) {
    const done: number[] = [];
    let active = false;
    for (let i = 0; i < reqs.length; i++) {
      const r = reqs[i]!;
      if (r[HANDLE] === 0) continue;
      active = true;
      // An irecv's error is thrown when it is reported: not after others were, they would be lost.
      if (done.length > 0 && r._failed()) continue;
      const st = new Status();
      if (r._poll(st.bytes)) {
        if (statuses) statuses[done.length] = st;
        done.push(i);
      }
    }
    if (!active) return null;
    if (done.length > 0 || !wait) return done;
    progressObjRecvs();
  }
}

// ---- persistent requests --------------------------------------------------------------------

/** A persistent request (`MPI_Send_init`/`MPI_Recv_init`): `Start()` it, complete it, repeat. */
export class Prequest extends Request<Status> {
  /** @internal A persistent request stays on MPI's table (inactive) after completion. */
  override _completeFrom(_id: number): void {}

  /** @internal */
  override _poll(st: Uint8Array | undefined): boolean {
    return native.requestTest(this[HANDLE], st);
  }

  /** @internal */
  override _testFor(st: Uint8Array | undefined, us: number): number {
    return native.requestTestFor(this[HANDLE], st, us);
  }

  /** @internal */
  override _block(st: Uint8Array | undefined): void {
    if (objRecvs.length > 0) {
      while (!this._poll(st)) progressObjRecvs();
      return;
    }
    native.requestWait(this[HANDLE], st);
  }

  /** Starts the operation (`MPI_Start`). */
  Start(): void {
    native.requestStart(requestHandle(this, 'Start'));
    this._promise = null;
    this._status = null;
  }

  /** Starts every persistent request (`MPI_Startall`). */
  static Startall(requests: Prequest[]): void {
    const M = 'Prequest.Startall';
    checkRequests(M, requests);
    for (let i = 0; i < requests.length; i++) {
      if (!(requests[i] instanceof Prequest)) throw argTypeError(M, `requests[${i}]`, 'an MPI.Prequest', requests[i]);
    }
    native.requestStartall(idsOf(requests), requests.length);
    for (const r of requests) {
      r._promise = null;
      r._status = null;
    }
  }

  /** Frees the persistent request (`MPI_Request_free`). */
  override Free(): void {
    super.Free();
  }
}

// ---- lower-case irecv: a matched probe when the request is tested ---------------------------
//
// One bookkeeping for every completion path. An irecv is *pending* (in `objRecvs`) until it takes
// its one message; it is then *matched* and holds the result (the object, or the error of
// receiving or decoding it) whichever call matched it: its own test, another irecv's, the
// progress of a blocking call or the promise engine. Only a completion call (`_poll`) *reports*
// it, once: [HANDLE] becomes 0, so Waitany/Testany/Waitsome skip it as they skip a completed
// native request; `wait()`/`test()`/`await` still give its object.

/** Pending lower-case irecvs in posting order (MPI's matching order among them is kept). */
const objRecvs: ObjRecvRequest[] = [];
const peek = new Status();

function matches(r: ObjRecvRequest, source: number, tag: number): boolean {
  return (r.source === ANY_SOURCE || r.source === source) && (r.tag === ANY_TAG || r.tag === tag);
}

/**
 * `comm.irecv()`: an object of unknown size. No receive is posted; testing it peeks
 * (`MPI_Iprobe`) and, when a message is there, receives it with a matched probe
 * (`MPI_Improbe` + `MPI_Mrecv`). An earlier pending irecv that matches the same message gets
 * it first, so irecvs complete in MPI's matching order.
 */
export class ObjRecvRequest extends Request<unknown> {
  /** @internal */
  readonly comm: number;
  /** @internal */
  readonly source: number;
  /** @internal */
  readonly tag: number;
  /** Status of the matched message (or of the cancel); null while pending. */
  private done: Uint8Array | null = null;
  /** Why the matched message gave no object, until that is reported. */
  private failure: { error: unknown } | null = null;

  /** @internal */
  constructor(comm: number, source: number, tag: number) {
    // Active even from PROC_NULL (as MPI_Irecv): it completes at once, and is reported once.
    super(OBJ_PENDING, null, true);
    this._native = false;
    this.comm = comm;
    this.source = source;
    this.tag = tag;
    if (source === PROC_NULL) this.done = emptyStatus(PROC_NULL);
    else objRecvs.push(this);
  }

  private finish(st: Uint8Array): void {
    this.done = st;
    const i = objRecvs.indexOf(this);
    if (i >= 0) objRecvs.splice(i, 1);
  }

  /** Receives the message (source, tag) that an Iprobe just saw. */
  private take(source: number, tag: number): void {
    const st = new Status();
    const id = native.improbe(this.comm, source, tag, st.bytes);
    if (id === -1) return;
    // The message is this request's now: a failure to receive or decode it completes it too.
    try {
      const count = st.Get_count();
      const bytes = new Uint8Array(native.messageBuffer(count));
      native.mrecv(id, bytes, 0, count, BYTE, st.bytes);
      this._value = pickle.loadsAt(bytes, 0, count);
    } catch (e) {
      this.failure = { error: e };
    }
    this.finish(st.bytes);
  }

  /** @internal Progress without reporting: takes this irecv's message if it is there. True once matched. */
  _match(): boolean {
    while (this.done === null) {
      if (!native.iprobe(this.comm, this.source, this.tag, peek.bytes)) return false;
      const s = peek.source;
      const t = peek.tag;
      let first: ObjRecvRequest = this;
      for (const r of objRecvs) {
        if (r === this) break;
        if (r.comm === this.comm && matches(r, s, t)) {
          first = r;
          break;
        }
      }
      first.take(s, t);
      if (first === this) break;
    }
    return this.done !== null;
  }

  /** @internal Completion: reports the matched message once (its error is thrown then); a reported request is null. */
  override _poll(st: Uint8Array | undefined): boolean {
    if (this[HANDLE] === 0) {
      // Reported already: a later Wait(status) still gets the message's status (examples/taskfarm.mjs).
      if (st) st.set((this.done ?? EMPTY_STATUS).subarray(0, st.byteLength));
      return true;
    }
    if (!this._match()) return false;
    this[HANDLE] = 0;
    if (st) st.set(this.done!.subarray(0, st.byteLength));
    const f = this.failure;
    if (f !== null) {
      this.failure = null;
      throw f.error;
    }
    return true;
  }

  /** @internal */
  override _isComplete(): boolean {
    return this[HANDLE] === 0 || this._match();
  }

  /** @internal */
  override _failed(): boolean {
    return this._match() && this.failure !== null;
  }

  /** @internal Matched probes until a message is there or `us` µs have passed. */
  override _testFor(st: Uint8Array | undefined, us: number): number {
    const t0 = performance.now();
    for (;;) {
      const took = (performance.now() - t0) * 1000;
      if (this._poll(st)) return took;
      if (took >= us) return -1;
    }
  }

  /** @internal */
  override _block(st: Uint8Array | undefined): void {
    while (!this._poll(st)) {
      if (objRecvs.length === 1) native.probe(this.comm, this.source, this.tag, undefined);
      else progressObjRecvs();
    }
  }

  /** Nothing is posted until a message matches: cancelling always succeeds while pending. */
  override Cancel(): void {
    requestHandle(this, 'Cancel');
    if (this.done !== null) return;
    const st = emptyStatus(ANY_SOURCE);
    native.statusSetCancelled(st, true);
    this.finish(st);
  }

  /** Whether a message has been received (it may receive it now: a matched probe), without completing the request. */
  override Get_status(status?: Status): boolean {
    const st = statusBytes('Request.Get_status', status);
    requestHandle(this, 'Get_status');
    if (this[HANDLE] === 0) {
      // Reported already: a later Wait(status) still gets the message's status (examples/taskfarm.mjs).
      if (st) st.set((this.done ?? EMPTY_STATUS).subarray(0, st.byteLength));
      return true;
    }
    if (!this._match()) return false;
    if (st) st.set(this.done!.subarray(0, st.byteLength));
    return true;
  }

  override Free(): void {
    requestHandle(this, 'Free');
    if (this.done === null) this.finish(emptyStatus(ANY_SOURCE));
    this.failure = null;
    this[HANDLE] = FREED;
  }
}

/** Gives every pending lower-case irecv a chance to match its message (posting order); reports none. */
function progressObjRecvs(): void {
  for (const r of objRecvs.slice()) {
    try {
      r._match();
    } catch {
      /* an MPI error of the probe: thrown again when that request is tested */
    }
  }
}

/** @internal Whether lower-case irecvs are pending (blocking object sends then poll them). */
export function objRecvsPending(): boolean {
  return objRecvs.length > 0;
}

function emptyStatus(source: number): Uint8Array {
  const s = new Status();
  s.source = source;
  return s.bytes;
}

/** `MPI.REQUEST_NULL`. */
export const REQUEST_NULL = new Request<Status>(0);

// ---- the attached Bsend buffer ---------------------------------------------------------------

let attached: unknown = null;

/** Attaches a buffer for buffered sends (`MPI_Buffer_attach`); MPI uses native memory of its size. */
export function Attach_buffer(buf: ArrayBufferView | ArrayBuffer | SharedArrayBuffer | number): void {
  const M = 'MPI.Attach_buffer';
  let size: number;
  if (typeof buf === 'number') size = buf;
  else if (ArrayBuffer.isView(buf) || buf instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && buf instanceof SharedArrayBuffer)) size = buf.byteLength;
  else throw argTypeError(M, 'buf', 'a TypedArray, Buffer, ArrayBuffer or a size in bytes', buf);
  if (!Number.isInteger(size) || size < 0 || size > 2147483647) throw new RangeError(`${M}: argument 'buf' size must be 0..2^31-1 bytes, got ${size}`);
  native.bufferAttach(size);
  attached = buf;
}

/** Detaches the buffer (`MPI_Buffer_detach`, waits for buffered messages); returns what was attached. */
export function Detach_buffer(): unknown {
  const n = native.bufferDetach();
  const b = attached;
  attached = null;
  return n < 0 ? null : b;
}
