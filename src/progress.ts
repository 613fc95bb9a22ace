/**
 * The promise engine: what `await req` (`Request.then()`) runs. Awaited requests are polled from
 * the event loop (`MPI_Test`, `MPI_Testsome`), never blocking it for long; see docs/ASYNC.md.
 * Also the list of pending lower-case irecvs (matched probes, nothing posted), which every blocking
 * wait and every sweep must progress.
 */
import { native } from './native';
import { HANDLE } from './handle';
import { EMPTY as EMPTY_STATUS, Status } from './Status';
import { MPIException } from './errors';
import { orphansPending, sweepOrphans } from './tracking';
import type { Request } from './Request';

const C = native.constants;
const UNDEFINED = C.UNDEFINED as number;
const SUCCESS = C.SUCCESS as number;
const SSIZE = native.statusSize;
const ERROR_OFFSET = native.statusLayout.error;

// ---- pending lower-case irecvs ---------------------------------------------------------------

/** A lower-case irecv (`ObjRecvRequest`, msgpickle.ts) that has not taken its message yet. */
export interface PendingRecv {
  /** Takes the message if it is there; reports nothing. */
  _match(): boolean;
}

/** Pending lower-case irecvs in posting order (MPI's matching order among them is kept). */
export const pendingRecvs: PendingRecv[] = [];

/** Gives every pending lower-case irecv a chance to match its message (posting order); reports none. */
export function progressPendingRecvs(): void {
  for (const r of pendingRecvs.slice()) {
    try {
      r._match();
    } catch {
      /* an MPI error of the probe: thrown again when that request is tested */
    }
  }
}

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
  if (err !== undefined) return reject?.(err);
  // The result may be decoded now (message.irecv): its error rejects, it must not escape the timer.
  let v: unknown;
  try {
    v = r._result();
  } catch (e) {
    return reject?.(e);
  }
  resolve?.(v);
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
  if (pendingRecvs.length > 0) progressPendingRecvs();
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
  if (orphansPending()) sweepOrphans();
  schedule(progress);
}

/**
 * The promise of a request's current operation (`Request.then()`): `MPI_Test` spun for a few µs,
 * then, if still pending, polled by the sweeps above.
 */
export function awaitRequest<T>(r: Request<T>): Promise<T> {
  // Only a request awaited alone spins: awaiting many at once (Request.all) must not block
  // the event loop for a spin per request.
  const budget = awaited.length === 0 ? spinUs : 0;
  try {
    scratchBytes.set(EMPTY_STATUS);
    // Hybrid: a short synchronous spin catches replies that are microseconds away.
    const took = r._testFor(scratchBytes, budget);
    if (took >= 0) {
      if (took > 0) learnLatency(took);
      // Some paths (Open MPI's self transport) report a receive error only in the status.
      if (r._native && scratch.error !== SUCCESS) return Promise.reject(new MPIException(scratch.error));
      keepStatus(r as Request<unknown>);
      return Promise.resolve(r._result());
    }
  } catch (e) {
    return Promise.reject(e);
  }
  const promise = new Promise<T>((resolve, reject) => {
    r._resolve = resolve as (v: unknown) => void;
    r._reject = reject;
  });
  r._awaitedAt = performance.now() - budget / 1000;
  awaited.push(r as Request<unknown>);
  schedule(true);
  return promise;
}
