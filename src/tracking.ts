/**
 * Memory of requests that MPI may still use: a pending Request holds its buffers (`_keep`); one
 * dropped without completion keeps them alive anyway (the FinalizationRegistry's held value owns
 * them, tested with `MPI_Test` until MPI is done) and is reported once; one freed while active
 * (`MPI_Request_free`) keeps them until exit; requests still pending at exit are cancelled or freed
 * before `MPI_Finalize`.
 */
import { writeSync } from 'node:fs';
import { native } from './native';
import { beforeFinalize } from './lifecycle';

/** What a watched request leaves behind when it is garbage-collected: its id and its memory. */
export interface Held {
  id: number;
  keep: unknown;
}

const orphans: Held[] = [];
let droppedCount = 0;

/** Tests the requests of dropped Request objects (`MPI_Test`); their memory goes once MPI is done with it. */
export function sweepOrphans(): void {
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

/** Whether requests of dropped Request objects are still pending (the promise engine sweeps them). */
export function orphansPending(): boolean {
  return orphans.length > 0;
}

/** Reports `r` if it is garbage-collected while registered, and keeps `held` until MPI is done. */
export function watch(r: object, held: Held): void {
  dropped.register(r, held, r);
}

/** `r` completed (or was freed): nothing to report or keep. */
export function unwatch(r: object): void {
  dropped.unregister(r);
}

// Registering with the FinalizationRegistry costs about a microsecond (twice that with the
// unregister), more than the MPI call of a small message. Most requests are waited, tested or
// awaited in the same turn of the event loop, so new requests are held strongly until the next
// turn (setImmediate) and only those still pending, and not awaited (the promise engine holds
// those), are registered then. A request dropped at once is therefore reported one turn later.
const YOUNG_MAX = 256;
let young: { _watch(): void }[] = [];
let youngFlush: NodeJS.Immediate | null = null;

/** Holds a new request until the next turn of the event loop, then calls its `_watch()`. */
export function watchLater(r: { _watch(): void }): void {
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

/** Keeps the memory of a request freed while active until exit. */
export function keepUntilExit(keep: unknown): void {
  freedWhileActive.push(keep);
}

beforeFinalize.push(() => {
  const n = native.cleanupRequests();
  if (n > 0) {
    // process.emitWarning would never print from an 'exit' handler.
    try {
      writeSync(2, `mpi4js: warning: ${n} MPI request(s) still pending at exit were cancelled or freed before MPI_Finalize\n`);
    } catch { /* stderr gone */ }
  }
});
