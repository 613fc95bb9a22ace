/**
 * `MPI.Grequest`: generalized requests (`MPI_Grequest_start`), an operation of the program's own that
 * MPI's completion calls wait for. MPI calls the JavaScript callbacks inside `Wait`/`Test`/`await`
 * (`query_fn`), `Cancel` (`cancel_fn`) and when the request is freed (`free_fn`), on the thread
 * that made it. A callback that throws does not reach MPI: its error is thrown by the completion
 * call that ran it (`Wait`, `Test`, the promise), or, for `cancel_fn`, by `Cancel`.
 */
import { native } from './native';
import { HANDLE, liveHandle } from './handle';
import { Status } from './Status';
import { argTypeError } from './errors';
import { Request } from './Request';

const C = native.constants;
const SUCCESS = C.SUCCESS as number;
const ERR_OTHER = C.ERR_OTHER as number;

/** `query_fn(status, ...args)`: fills `status` (source, tag, count with `Set_elements`, `Set_cancelled`) when the request completes. */
export type GrequestQueryFn<A extends unknown[] = unknown[]> = (status: Status, ...args: A) => void;
/** `free_fn(...args)`: releases what the operation holds (after the query, when the request is freed). */
export type GrequestFreeFn<A extends unknown[] = unknown[]> = (...args: A) => void;
/** `cancel_fn(completed, ...args)`: cancels the operation; `completed` is whether `Complete()` was called. */
export type GrequestCancelFn<A extends unknown[] = unknown[]> = (completed: boolean, ...args: A) => void;

function fnArg(name: string, f: unknown): ((...a: unknown[]) => void) | null {
  if (f === null || f === undefined) return null;
  if (typeof f !== 'function') throw argTypeError('Grequest.Start', name, 'a function or null', f);
  return f as (...a: unknown[]) => void;
}

/** A generalized request: `MPI.Grequest.Start(query_fn, free_fn, cancel_fn, ...args)`, then `Complete()` when the operation is done. */
export class Grequest extends Request<Status> {
  /** @internal The error of a callback, thrown by the completion call that ran it. */
  _error: { error: unknown } | null = null;

  /**
   * Starts a generalized request (`MPI_Grequest_start`). The callbacks (each may be null) get the
   * trailing `args`. Complete it with `Complete()` (or `complete(value)`), then `Wait`/`Test`/`await`
   * it as any request (`Wait` before `Complete` blocks until another thread completes it).
   */
  static Start<A extends unknown[] = unknown[]>(query_fn?: GrequestQueryFn<A> | null, free_fn?: GrequestFreeFn<A> | null,
    cancel_fn?: GrequestCancelFn<A> | null, ...args: A): Grequest {
    const q = fnArg('query_fn', query_fn), f = fnArg('free_fn', free_fn), c = fnArg('cancel_fn', cancel_fn);
    const g = new Grequest(0);
    const guard = (call: () => void): number => {
      try {
        call();
        return SUCCESS;
      } catch (e) {
        if (g._error === null) g._error = { error: e };
        return ERR_OTHER;
      }
    };
    const id = native.grequestStart(
      (bytes: Uint8Array) => guard(() => {
        const st = new Status();
        if (q !== null) q(st, ...args);
        bytes.set(st.bytes.subarray(0, bytes.byteLength));
      }),
      () => guard(() => f?.(...args)),
      (completed: boolean) => guard(() => c?.(completed, ...args)),
    );
    g[HANDLE] = id;
    return g;
  }

  /** Tells MPI the operation is done (`MPI_Grequest_complete`); a later `Wait`/`Test`/`await` completes the request. */
  Complete(): void {
    native.grequestComplete(liveHandle(this, 'Request', 'Grequest.Complete'));
  }

  /** `Complete()` with the value the lower-case `wait()`/`test()` return (mpi4py's `complete(obj)`). */
  complete(value: unknown = undefined): void {
    const id = liveHandle(this, 'Request', 'Grequest.complete');
    this._value = value;
    native.grequestComplete(id);
  }

  /** @internal Throws a callback's error once. */
  private rethrow(): void {
    const e = this._error;
    if (e !== null) {
      this._error = null;
      throw e.error;
    }
  }

  /** @internal */
  override _poll(st: Uint8Array | undefined): boolean {
    try {
      return super._poll(st);
    } finally {
      this.rethrow();
    }
  }

  /** @internal */
  override _testFor(st: Uint8Array | undefined, us: number): number {
    try {
      return super._testFor(st, us);
    } finally {
      this.rethrow();
    }
  }

  /** @internal */
  override _block(st: Uint8Array | undefined): void {
    try {
      super._block(st);
    } finally {
      this.rethrow();
    }
  }

  /** Cancels the operation (`MPI_Cancel`: MPI calls `cancel_fn`; its error is thrown here). */
  override Cancel(): void {
    try {
      super.Cancel();
    } finally {
      this.rethrow();
    }
  }

  /** Frees the request (`MPI_Request_free`; MPI calls `free_fn` once the operation is complete). */
  override Free(): void {
    try {
      super.Free();
    } finally {
      this.rethrow();
    }
  }
}
