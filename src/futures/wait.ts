/**
 * mpi4py.futures' module functions over promises: `wait`, `as_completed`, `collect`, `compose` and
 * the `return_when` constants. A task's future is the `Promise` that `submit` returns; these work on
 * any promises (or plain values), so they also combine tasks of several pools.
 */

/** `wait` returns when any promise settles. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** `wait` returns when any promise rejects, or when all have settled. */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** `wait` returns when all promises have settled (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';

export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/** Raised by `as_completed` when its `timeout` passes first (Python's `TimeoutError`). */
export class TimeoutError extends Error {
  constructor(message = 'timed out') {
    super(message);
    this.name = 'TimeoutError';
  }
}

export interface WaitOptions {
  /** Seconds to wait at most (default: no limit). */
  timeout?: number | null;
  /** When to return (default `ALL_COMPLETED`). */
  return_when?: ReturnWhen;
}

/** The promises as a list, each watched for when and how it settles. */
interface Watched<T> {
  promise: PromiseLike<T> | T;
  settled: Promise<{ index: number; rejected: boolean }>;
}

function watch<T>(method: string, fs: Iterable<PromiseLike<T> | T>): Watched<T>[] {
  if (fs === null || fs === undefined || typeof (fs as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`futures.${method}: argument 'fs' must be an iterable of promises, got ${fs === null ? 'null' : typeof fs}`);
  }
  return Array.from(fs, (promise, index) => ({
    promise,
    settled: Promise.resolve(promise).then(() => ({ index, rejected: false }), () => ({ index, rejected: true })),
  }));
}

function timeoutMs(method: string, timeout: number | null | undefined): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0) {
    throw new RangeError(`futures.${method}: argument 'timeout' must be a non-negative number of seconds or null, got ${String(timeout)}`);
  }
  return timeout * 1000;
}

/** A promise that resolves to `null` after `ms` (never when `ms` is null), and its timer's cancel. */
function deadline(ms: number | null): { expired: Promise<null>; cancel: () => void } {
  if (ms === null) return { expired: new Promise<null>(() => undefined), cancel: () => undefined };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return { expired, cancel: () => clearTimeout(timer) };
}

/**
 * Waits for the promises (mpi4py's `futures.wait`): resolves to `{ done, not_done }`, the promises
 * settled and not yet settled when `return_when` was met or `timeout` seconds passed. Never rejects
 * because a promise did: await the ones in `done` to get their values or errors.
 */
export async function wait<T>(fs: Iterable<PromiseLike<T> | T>, options: WaitOptions = {}): Promise<{ done: (PromiseLike<T> | T)[]; not_done: (PromiseLike<T> | T)[] }> {
  const list = watch('wait', fs);
  const ms = timeoutMs('wait', options.timeout);
  const when = options.return_when ?? ALL_COMPLETED;
  if (when !== FIRST_COMPLETED && when !== FIRST_EXCEPTION && when !== ALL_COMPLETED) {
    throw new RangeError(`futures.wait: argument 'return_when' must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${String(when)}`);
  }
  const isDone = new Array<boolean>(list.length).fill(false);
  let pending = list.length;
  const { expired, cancel } = deadline(ms);
  const met = new Promise<void>((resolve) => {
    if (pending === 0) resolve();
    for (const w of list) {
      void w.settled.then(({ index, rejected }) => {
        isDone[index] = true;
        pending--;
        if (pending === 0 || when === FIRST_COMPLETED || (when === FIRST_EXCEPTION && rejected)) resolve();
      });
    }
  });
  await Promise.race([met, expired]);
  cancel();
  return {
    done: list.filter((_, i) => isDone[i]).map((w) => w.promise),
    not_done: list.filter((_, i) => !isDone[i]).map((w) => w.promise),
  };
}

/**
 * The promises in the order they settle (mpi4py's `futures.as_completed`): each item is a settled
 * promise to await for its value or error. Throws `TimeoutError` when `timeout` seconds pass before
 * all have settled.
 */
export async function* as_completed<T>(fs: Iterable<PromiseLike<T> | T>, timeout: number | null = null): AsyncGenerator<PromiseLike<T> | T, void, undefined> {
  const list = watch('as_completed', fs);
  const ms = timeoutMs('as_completed', timeout);
  const { expired, cancel } = deadline(ms);
  const waiting = new Map(list.map((w, i) => [i, w.settled] as const));
  try {
    while (waiting.size > 0) {
      const next = await Promise.race([...waiting.values(), expired]);
      if (next === null) throw new TimeoutError(`futures.as_completed: ${waiting.size} of ${list.length} promises still pending after ${String(timeout)} s`);
      waiting.delete(next.index);
      yield list[next.index]!.promise;
    }
  } finally {
    cancel();
  }
}

/** One promise of all the results, in order (mpi4py's `futures.collect`; `Promise.all`). */
export function collect<T>(fs: Iterable<PromiseLike<T> | T>): Promise<T[]> {
  return Promise.all(watch('collect', fs).map((w) => w.promise));
}

/**
 * A promise of `resulthook(value)` or, when the promise rejects, of `excepthook(error)` (mpi4py's
 * `futures.compose`); without a hook the value or error passes through.
 */
export function compose<T, R = T>(future: PromiseLike<T> | T, resulthook?: ((value: T) => R | PromiseLike<R>) | null, excepthook?: ((error: unknown) => R | PromiseLike<R>) | null): Promise<R> {
  for (const [name, hook] of [['resulthook', resulthook], ['excepthook', excepthook]] as const) {
    if (hook !== undefined && hook !== null && typeof hook !== 'function') throw new TypeError(`futures.compose: argument '${name}' must be a function or null, got ${typeof hook}`);
  }
  return Promise.resolve(future).then(resulthook ?? undefined, excepthook ?? undefined) as Promise<R>;
}
