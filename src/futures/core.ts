/**
 * The engine of `mpi4js/futures`: a manager that hands jobs (a task and a chunk of argument lists)
 * to worker processes over one communicator with object messages, and the workers' loop.
 *
 *   manager → worker   { i: job id, u: module URL, e: export, c: argument lists }   or null (stop)
 *   worker → manager   { w: hello, pid, host } once; then { i, r: results, t, s } or { i, x: error record }
 *                      (t: the job's run time in ms; s: whether the worker had to wait for it)
 *
 * The communicator is the spawned workers' intercommunicator (spawn mode) or a duplicate of an
 * intracommunicator (static mode, `MPICommExecutor`), so no message meets the application's.
 * A worker holds `DEPTH` jobs (the next one waits in MPI while it computes), more while it reports
 * waiting for jobs that run shorter than `SHORT_MS` (the pipeline then covers the manager's turnaround,
 * up to `MAX_DEPTH`), back to `DEPTH` when jobs run long (load balancing of uneven tasks). A worker that
 * dies (checked by process id on the manager's host) breaks the pool: every pending and later job
 * rejects with `BrokenExecutor`, never a hang.
 */
import * as os from 'node:os';
import * as fs from 'node:fs';
import { MPI } from '../MPI';
import type { Comm } from '../Comm';
import type { Request } from '../Request';
import { errorRecord, loadTask, rebuildError, type ErrorRecord } from './tasks';
import { beforeFinalize } from '../lifecycle';

const TAG = 77;
const DEPTH = 2;
const MAX_DEPTH = 32;
const SHORT_MS = 1;
const WATCH_MS = 200;

/** The error of a pool whose worker died or whose MPI transport failed (mpi4py's `BrokenExecutor`). */
export class BrokenExecutor extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokenExecutor';
  }
}

/** What a job that was never started rejects with after `shutdown({ cancelFutures: true })`. */
export class CancelledError extends Error {
  constructor(message = 'the task was cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** One unit of work: a task over a chunk of argument lists; resolves with the chunk's results. */
export interface Job {
  url: string;
  name: string;
  chunk: unknown[][];
  resolve(results: unknown[]): void;
  reject(e: unknown): void;
}

/** Where jobs run: worker processes (CommCore) or this process (LocalCore). */
export interface Core {
  readonly size: number;
  broken: Error | null;
  post(job: Job): void;
  /** Jobs posted and not settled. */
  readonly pending: number;
  /** Rejects the jobs not started yet; returns how many. */
  cancelQueued(e: Error): number;
  /** Resolves when every posted job has settled. */
  idle(): Promise<void>;
  /** Stops the workers (after `idle()`); synchronous, so it can run at exit. */
  close(): void;
}

interface Hello {
  w: true;
  pid: number;
  host: string;
}

function isDead(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    // A dead child its parent has not reaped yet is a zombie: gone for us.
    return / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}

/** The queue of jobs not started and the waiters of `idle()`, shared by both cores. */
abstract class QueueCore implements Core {
  abstract readonly size: number;
  abstract readonly pending: number;
  broken: Error | null = null;
  protected readonly queue: Job[] = [];
  private readonly waiters: Array<() => void> = [];

  abstract post(job: Job): void;
  abstract close(): void;

  cancelQueued(e: Error): number {
    const jobs = this.queue.splice(0);
    for (const j of jobs) j.reject(e);
    this.settled();
    return jobs.length;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes the `idle()` waiters once nothing is pending. */
  protected settled(): void {
    if (this.pending > 0) return;
    for (const f of this.waiters.splice(0)) f();
  }
}

/** A manager over worker ranks of `comm` (the remote group of an intercommunicator, or the ranks other than this one). */
export class CommCore extends QueueCore {
  private readonly inflight = new Map<number, { job: Job; worker: number }>();
  private readonly load: number[];
  /** Jobs each worker may hold (adapts between DEPTH and MAX_DEPTH). */
  private readonly depth: number[];
  private readonly pids: number[];
  private readonly local: boolean[];
  private readonly sends: Request<undefined>[] = [];
  private nextId = 1;
  private pumping = false;
  private closed = false;
  private recvReq: Request<unknown> | null = null;
  private watch: NodeJS.Timeout | null = null;

  /** `workers`: the ranks jobs go to; each first says hello (blocking: they are started). */
  constructor(readonly comm: Comm, readonly workers: number[], readonly label: string) {
    super();
    this.load = workers.map(() => 0);
    this.depth = workers.map(() => DEPTH);
    this.pids = workers.map(() => 0);
    this.local = workers.map(() => false);
    const host = os.hostname();
    workers.forEach((rank, k) => {
      const h = comm.recv({ source: rank, tag: TAG }) as Hello;
      this.pids[k] = h.pid;
      this.local[k] = h.host === host;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  get pending(): number {
    return this.queue.length + this.inflight.size;
  }

  post(job: Job): void {
    if (this.broken) {
      job.reject(this.broken);
      return;
    }
    this.queue.push(job);
    this.dispatch();
    if (!this.pumping) void this.pump();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.broken) return; // a dead worker would never take its stop message
    for (const r of this.sends) r.Wait();
    this.sends.length = 0;
    for (const rank of this.workers) this.comm.send(null, rank, TAG);
  }

  /** Sends queued jobs to the least loaded workers, up to their depth each. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let best = -1;
      for (let k = 0; k < this.load.length; k++) {
        if (this.load[k]! < this.depth[k]! && (best < 0 || this.load[k]! < this.load[best]!)) best = k;
      }
      if (best < 0) return;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      this.inflight.set(id, { job, worker: best });
      this.load[best]!++;
      try {
        this.sends.push(this.comm.isend({ i: id, u: job.url, e: job.name, c: job.chunk }, this.workers[best]!, TAG));
      } catch (e) {
        // The arguments could not be serialized: this job fails, the pool does not.
        this.inflight.delete(id);
        this.load[best]!--;
        job.reject(e);
      }
    }
    // Completed sends are dropped (their bytes released).
    for (let k = this.sends.length - 1; k >= 0; k--) if (this.sends[k]!.Test()) this.sends.splice(k, 1);
  }

  private take(msg: { i: number; r?: unknown[]; x?: ErrorRecord; t?: number; s?: boolean }): void {
    const entry = this.inflight.get(msg.i);
    if (!entry) return;
    this.inflight.delete(msg.i);
    const w = entry.worker;
    this.load[w]!--;
    // A worker that waited for a short job had too few queued; long jobs keep the queue short.
    if ((msg.t ?? 0) > SHORT_MS) this.depth[w] = DEPTH;
    else if (msg.s) this.depth[w] = Math.min(MAX_DEPTH, this.depth[w]! * 2);
    // A worker with nothing left starts the next batch (maybe of long tasks, or cancellable ones) shallow.
    if (this.load[w] === 0 && this.queue.length === 0) this.depth[w] = DEPTH;
    if (msg.x) entry.job.reject(rebuildError(msg.x, `${this.label} worker ${entry.worker}`));
    else entry.job.resolve(msg.r ?? []);
  }

  /** Receives results while jobs are out; a dead worker breaks the pool. */
  private async pump(): Promise<void> {
    this.pumping = true;
    this.watch = setInterval(() => this.checkWorkers(), WATCH_MS);
    this.watch.unref();
    try {
      while (this.inflight.size > 0 && !this.broken) {
        this.recvReq = this.comm.irecv({ tag: TAG });
        const msg = await this.recvReq;
        this.recvReq = null;
        if (this.broken) break;
        this.take(msg as { i: number });
        // Whatever else has arrived, without a round trip through the event loop.
        while (this.comm.iprobe({ tag: TAG })) this.take(this.comm.recv({ tag: TAG }) as { i: number });
        this.dispatch();
        this.settled();
      }
    } catch (e) {
      if (!this.broken) this.breakWith(new BrokenExecutor(`${this.label}: the MPI transport failed: ${e instanceof Error ? e.message : String(e)}`));
    } finally {
      this.pumping = false;
      if (this.watch) clearInterval(this.watch);
      this.watch = null;
    }
  }

  private checkWorkers(): void {
    for (let k = 0; k < this.pids.length; k++) {
      if (this.local[k] && this.pids[k]! > 0 && isDead(this.pids[k]!)) {
        this.breakWith(new BrokenExecutor(`${this.label}: worker ${k} (process ${this.pids[k]}) died; the pool is broken`));
        return;
      }
    }
  }

  private breakWith(e: BrokenExecutor): void {
    if (this.broken) return;
    this.broken = e;
    abortAtExit();
    if (this.watch) clearInterval(this.watch);
    const req = this.recvReq;
    this.recvReq = null;
    const jobs = [...this.queue.splice(0), ...[...this.inflight.values()].map((x) => x.job)];
    this.inflight.clear();
    for (const j of jobs) j.reject(e);
    // The receive that waits for the dead worker is cancelled, so nothing keeps the event loop busy.
    if (req) {
      try {
        req.Cancel();
      } catch { /* completed meanwhile */ }
    }
    this.settled();
  }
}

let abortHook = false;
/** MPI_Finalize waits for a dead worker that will never come: a job with a broken pool ends with MPI_Abort instead. */
function abortAtExit(): void {
  if (abortHook) return;
  abortHook = true;
  beforeFinalize.unshift(() => {
    process.stderr.write('mpi4js.futures: a worker died (BrokenExecutor): ending the job with MPI_Abort\n');
    MPI.COMM_WORLD.Abort(1);
  });
}

/** The communicator a worker serves over (mpi4py's `get_comm_workers`); null elsewhere. */
let workerComm: Comm | null = null;
export function get_comm_workers(): Comm | null {
  return workerComm;
}

/** Jobs run in this process, one at a time (a pool of one process: nothing to spread the work to). */
export class LocalCore extends QueueCore {
  private running = false;
  readonly size = 1;

  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  post(job: Job): void {
    this.queue.push(job);
    if (!this.running) void this.drain();
  }

  close(): void {}

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const job = this.queue.shift()!;
      try {
        job.resolve(await runChunk(job.url, job.name, job.chunk));
      } catch (e) {
        job.reject(e);
      }
    }
    this.running = false;
    this.settled();
  }
}

async function runChunk(url: string, name: string, chunk: unknown[][]): Promise<unknown[]> {
  const fn = await loadTask(url, name);
  const out = new Array<unknown>(chunk.length);
  for (let k = 0; k < chunk.length; k++) {
    const v = fn(...chunk[k]!);
    out[k] = v instanceof Promise || (typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function') ? await v : v;
  }
  return out;
}

/**
 * The worker's loop: says hello to the manager (`manager`: its rank in `comm`), then runs jobs until
 * the stop message; tasks may be async.
 */
export async function serve(comm: Comm, manager: number): Promise<void> {
  workerComm = comm;
  try {
    await serveLoop(comm, manager);
  } finally {
    workerComm = null;
  }
}

async function serveLoop(comm: Comm, manager: number): Promise<void> {
  comm.send({ w: true, pid: process.pid, host: os.hostname() } satisfies Hello, manager, TAG);
  for (;;) {
    // Whether this job was not there yet when the worker turned to it (the manager's queue was too short).
    const starved = !comm.iprobe({ source: manager, tag: TAG });
    const msg = waitJob(comm, manager) as { i: number; u: string; e: string; c: unknown[][] } | null;
    if (msg === null) return;
    let reply: { i: number; r?: unknown[]; x?: ErrorRecord; t?: number; s?: boolean };
    try {
      const t0 = performance.now();
      const r = await runChunk(msg.u, msg.e, msg.c);
      reply = { i: msg.i, r, t: performance.now() - t0, s: starved };
    } catch (e) {
      reply = { i: msg.i, x: errorRecord(e) };
    }
    try {
      comm.send(reply, manager, TAG);
    } catch (e) {
      // A result that cannot be serialized is the task's error.
      comm.send({ i: msg.i, x: errorRecord(e) }, manager, TAG);
    }
  }
}

const nap = new Int32Array(new SharedArrayBuffer(4));
const BACKOFF_MAX_US = 1000;

/**
 * The next message from the manager. An idle worker probes with a growing sleep (up to 1 ms, as
 * mpi4py's workers back off): a blocking MPI receive spins and takes the core the manager needs in
 * an oversubscribed job (measured: chunksize 100 several times slower with 2 spinning workers on 2
 * cores). Between jobs nothing else runs on a worker, so the sleep may block.
 */
function waitJob(comm: Comm, manager: number): unknown {
  let us = 1;
  while (!comm.iprobe({ source: manager, tag: TAG })) {
    Atomics.wait(nap, 0, 0, us / 1000);
    us = Math.min(BACKOFF_MAX_US, us * 2);
  }
  return comm.recv({ source: manager, tag: TAG });
}

/** Ranks of a communicator's workers: the remote group of an intercommunicator, else every rank but `root`. */
export function workerRanks(comm: Comm, root: number): number[] {
  if (comm.Is_inter()) return Array.from({ length: (comm as unknown as { Get_remote_size(): number }).Get_remote_size() }, (_, i) => i);
  return Array.from({ length: comm.Get_size() }, (_, i) => i).filter((r) => r !== root);
}

export { MPI };
