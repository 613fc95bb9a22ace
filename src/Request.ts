/**
 * `MPI.Request`: nonblocking operations, mpi4py's completion API (`Wait`/`Test`, the
 * multi-request `Waitall`/`Testany`/… and their lower-case forms), and promises. A Request is
 * thenable: `await req` resolves to its `Status` (upper-case operations) or to the received
 * object (lower-case `irecv`), and rejects with `MPI.Exception`.
 *
 * Buffers: a pending request holds the memory it uses (`keep`) until MPI is done with it; one
 * dropped or freed before completion: tracking.ts. Progress of awaited requests: progress.ts and
 * docs/ASYNC.md. Persistent requests: Prequest.ts; the lower-case irecv: msgpickle.ts.
 */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { Status, statusBytes } from './Status';
import { argTypeError, usageError } from './errors';
import { keepUntilExit, unwatch, watch, watchLater, type Held } from './tracking';
import { awaitRequest, pendingRecvs, progressPendingRecvs } from './progress';

const C = native.constants;
const UNDEFINED = C.UNDEFINED as number;
const SSIZE = native.statusSize;
/** @internal [HANDLE] of a lower-case irecv that has not matched a message yet (never a native id: those are below 2^52). */
export const OBJ_PENDING = 2 ** 52;

// ---- Request --------------------------------------------------------------------------------

/** @internal */
export function requestHandle(r: unknown, method: string): number {
  return liveHandle(r, 'Request', method, true);
}

/** @internal */
export function checkRequests(method: string, reqs: unknown): Request<unknown>[] {
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
  if (pendingRecvs.length > 0) return false;
  for (const r of reqs) if (!r._native) return false;
  return true;
}

/** @internal */
export function idsOf(reqs: Request<unknown>[]): Float64Array {
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

  /** `new MPI.Request()` is a null request (`MPI.REQUEST_NULL`), as in mpi4py; other arguments are internal. */
  constructor(id: number = 0, keep: unknown = null, lower = false) {
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
      watch(this, this._held);
    }
  }

  /** @internal Called once MPI no longer uses the request's memory. */
  _release(): void {
    if (this._held !== null) {
      unwatch(this);
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
    if (pendingRecvs.length > 0) {
      while (!this._poll(st)) progressPendingRecvs();
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

  /** Whether the operation is complete, without completing it (`MPI_Request_get_status`); lower-case `Get_status`. */
  get_status(status?: Status): boolean {
    const st = statusBytes('Request.get_status', status);
    requestHandle(this, 'get_status');
    return peek(this, st);
  }

  /** Cancels the operation (`MPI_Cancel`); lower-case `Cancel`. */
  cancel(): void {
    native.requestCancel(requestHandle(this, 'cancel'));
  }

  /** Frees the request (`MPI_Request_free`); an active operation still completes. Later use is an error. */
  Free(): void {
    const id = requestHandle(this, 'Free');
    if (id === 0) throw usageError('Request', 'Request.Free: cannot free MPI.REQUEST_NULL');
    const active = !native.requestGetStatus(id, undefined);
    native.requestFree(id);
    if (active && this._keep !== null) keepUntilExit(this._keep);
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
    return (this._promise = awaitRequest(this));
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
      const i = testany(reqs, status);
      if (i !== -1 || reqs.every(isNullRequest)) return i === -1 ? UNDEFINED : i;
      progressPendingRecvs();
    }
  }

  /**
   * Tests any (`MPI_Testany`), as mpi4py: `[index, true]` for the request it completed,
   * `[MPI.UNDEFINED, true]` if none is active, `[MPI.UNDEFINED, false]` if none completed.
   */
  static Testany(requests: Request<unknown>[], status?: Status): [number, boolean] {
    const i = testany(checkRequests('Request.Testany', requests), status, 'Request.Testany');
    return i === -1 ? [UNDEFINED, false] : [i, true];
  }

  /** Waits for some (`MPI_Waitsome`): indices of completed requests, or null if none is active. */
  static Waitsome(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return someCall('Request.Waitsome', requests, statuses, true);
  }

  /** Tests some (`MPI_Testsome`): indices completed now (maybe empty), or null if none is active. */
  static Testsome(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return someCall('Request.Testsome', requests, statuses, false);
  }

  /**
   * Status of any complete request without completing it (`MPI_Request_get_status_any`, MPI-4.1;
   * `MPI_Request_get_status` over the list here): `[index, true]`, `[MPI.UNDEFINED, true]` if none
   * is active, `[MPI.UNDEFINED, false]` if none is complete.
   */
  static Get_status_any(requests: Request<unknown>[], status?: Status): [number, boolean] {
    return getStatusAny('Request.Get_status_any', requests, status);
  }

  /** Whether all are complete, without completing them (`MPI_Request_get_status_all`); fills `statuses` when they are. */
  static Get_status_all(requests: Request<unknown>[], statuses?: Status[]): boolean {
    return getStatusAll('Request.Get_status_all', requests, statuses);
  }

  /** Indices of the complete requests, without completing them (`MPI_Request_get_status_some`); null if none is active. */
  static Get_status_some(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return getStatusSome('Request.Get_status_some', requests, statuses);
  }

  /** Lower-case `Get_status_any`. */
  static get_status_any(requests: Request<unknown>[], status?: Status): [number, boolean] {
    return getStatusAny('Request.get_status_any', requests, status);
  }

  /** Lower-case `Get_status_all`. */
  static get_status_all(requests: Request<unknown>[], statuses?: Status[]): boolean {
    return getStatusAll('Request.get_status_all', requests, statuses);
  }

  /** Lower-case `Get_status_some`. */
  static get_status_some(requests: Request<unknown>[], statuses?: Status[]): number[] | null {
    return getStatusSome('Request.get_status_some', requests, statuses);
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
    const i = testany(checkRequests('Request.testany', requests), status, 'Request.testany');
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
    progressPendingRecvs();
  }
}


/** `MPI.REQUEST_NULL`. */
export const REQUEST_NULL = new Request<Status>(0);


/** MPI_Testany: an index, `MPI.UNDEFINED` if none is active, or -1 if none completed. */
function testany(reqs: Request<unknown>[], status: Status | undefined, method = 'Request.Waitany'): number {
  const st = statusBytes(method, status);
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

// ---- status without completion (issue #17) ------------------------------------------------

/** Whether `r` is complete, filling `st` (a native request through MPI_Request_get_status). */
function peek(r: Request<unknown>, st: Uint8Array | undefined): boolean {
  if (r[HANDLE] === 0) {
    if (st) native.requestGetStatus(0, st);
    return true;
  }
  return r._native ? native.requestGetStatus(r[HANDLE], st) : r._isComplete();
}

function getStatusAny(method: string, requests: unknown, status: unknown): [number, boolean] {
  const reqs = checkRequests(method, requests);
  const st = statusBytes(method, status);
  let active = false;
  for (let i = 0; i < reqs.length; i++) {
    if (reqs[i]![HANDLE] === 0) continue;
    active = true;
    if (peek(reqs[i]!, st)) return [i, true];
  }
  return [UNDEFINED, !active];
}

function getStatusAll(method: string, requests: unknown, statuses: unknown): boolean {
  const reqs = checkRequests(method, requests);
  const sts = checkStatuses(method, statuses, reqs.length);
  for (let i = 0; i < reqs.length; i++) if (!peek(reqs[i]!, undefined)) return false;
  if (sts) for (let i = 0; i < reqs.length; i++) peek(reqs[i]!, sts[i]!.bytes);
  return true;
}

function getStatusSome(method: string, requests: unknown, statuses: unknown): number[] | null {
  const reqs = checkRequests(method, requests);
  const sts = checkStatuses(method, statuses, reqs.length);
  const out: number[] = [];
  let active = false;
  for (let i = 0; i < reqs.length; i++) {
    if (reqs[i]![HANDLE] === 0) continue;
    active = true;
    if (peek(reqs[i]!, sts ? sts[out.length]!.bytes : undefined)) out.push(i);
  }
  return active ? out : null;
}
