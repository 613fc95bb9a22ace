/**
 * The executors of `mpi4js/futures` (mpi4py.futures): `MPIPoolExecutor` (spawned workers, or the
 * static workers of `mpi4js run --futures`) and `MPICommExecutor` (the ranks of a communicator).
 */
import * as path from 'node:path';
import { MPI } from '../MPI';
import type { Comm } from '../Comm';
import type { Intracomm } from '../Intracomm';
import { beforeFinalize } from '../lifecycle';
import { BrokenExecutor, CancelledError, CommCore, LocalCore, get_comm_workers, serve, workerRanks, type Core, type Job } from './core';
import { resolveTask, type TaskName } from './tasks';

export { BrokenExecutor, CancelledError, get_comm_workers };
export type { TaskName };

/** Options of `map` and `starmap`. */
export interface MapOptions {
  /** Items per job sent to a worker (default 1): larger chunks cost fewer messages. */
  chunksize?: number;
  /** Yield results in completion order instead of the order of the inputs. */
  unordered?: boolean;
}

/** Options of `shutdown`. */
export interface ShutdownOptions {
  /** Wait for the pending tasks to finish (default true). */
  wait?: boolean;
  /** Reject the tasks not started yet with a `CancelledError` (default false). */
  cancelFutures?: boolean;
}

/** Options of `MPIPoolExecutor` (mpi4py's keyword arguments in camelCase). */
export interface PoolOptions {
  /** Workers to spawn (default: $MPI4JS_FUTURES_MAX_WORKERS, else the free slots of MPI.UNIVERSE_SIZE, else 1). */
  maxWorkers?: number;
  /** Variables set in the workers' environment before a task module is imported. */
  env?: Record<string, string>;
  /** Options of the workers' Node (mpi4py's `python_args`), e.g. `['--max-old-space-size=4096']`. */
  nodeArgs?: string[];
  /** The Node executable of the workers (mpi4py's `python_exe`; default `process.execPath`). */
  execPath?: string;
  /** What relative task modules are resolved against: the caller's `import.meta.url` (default: the main script's folder). */
  base?: string | URL;
  /** Folder the workers start in (MPI's `wdir` info key; default the current one). */
  wdir?: string;
}

/** Executors still open at exit are shut down then, before MPI is finalized (mpi4py does this at interpreter exit). */
const open = new Set<PoolExecutor>();
let hookInstalled = false;
function closeAtExit(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  beforeFinalize.unshift(() => {
    for (const p of [...open]) p._closeNow();
  });
}

const chunkResults = <T>(p: Promise<unknown[]>): Promise<T[]> => p as Promise<T[]>;

/** What both executors share: submit, map, starmap, shutdown. */
export abstract class PoolExecutor {
  /** @internal */
  protected core: Core | null = null;
  /** @internal */
  protected shut = false;
  /** @internal */
  protected readonly base: string | undefined;
  /** @internal Jobs of this executor not settled. */
  private pending = 0;
  private idleWaiters: Array<() => void> = [];

  /** @internal */
  constructor(base: string | URL | undefined) {
    if (base !== undefined && typeof base !== 'string' && !(base instanceof URL)) {
      throw new TypeError(`${this.kind()}: option 'base' must be a URL string (import.meta.url) or a URL`);
    }
    this.base = base === undefined ? undefined : new URL('.', base).href;
  }

  /** @internal */
  protected abstract kind(): string;
  /** @internal Starts (or joins) the workers. */
  protected abstract start(): Core;
  /** @internal Stops the workers it owns. */
  protected abstract finish(core: Core): void;

  /** @internal */
  _closeNow(): void {
    open.delete(this);
    this.shut = true;
    if (this.core) {
      const core = this.core;
      core.cancelQueued(new CancelledError('the program exited before the task started'));
      this.finish(core);
    }
  }

  private ensure(method: string): Core {
    if (this.shut) throw new Error(`${this.kind()}.${method}: cannot schedule new tasks after shutdown`);
    if (!this.core) {
      this.core = this.start();
      open.add(this);
      closeAtExit();
    }
    return this.core;
  }

  /** Starts the workers now instead of at the first task (spawn mode: `MPI_Comm_spawn`); resolves to this executor. */
  async bootup(): Promise<this> {
    this.ensure('bootup');
    return this;
  }

  /** The number of workers (starts them if needed). */
  get num_workers(): number {
    return this.core ? this.core.size : this.ensure('num_workers').size;
  }

  private post(method: string, task: TaskName, chunk: unknown[][]): Promise<unknown[]> {
    let core: Core;
    let t: { url: string; name: string };
    try {
      t = resolveTask(`${this.kind()}.${method}`, task, this.base);
      core = this.ensure(method);
    } catch (e) {
      return Promise.reject(e);
    }
    this.pending++;
    return new Promise<unknown[]>((resolve, reject) => {
      const done = (): void => {
        if (--this.pending === 0) for (const f of this.idleWaiters.splice(0)) f();
      };
      const job: Job = {
        url: t.url,
        name: t.name,
        chunk,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      core.post(job);
    });
  }

  /**
   * Runs `task(...args)` on a worker; the promise settles with its result, or rejects with its error
   * (class, message and the worker's stack), or `BrokenExecutor` when a worker died.
   */
  submit<T = unknown>(task: TaskName, ...args: unknown[]): Promise<T> {
    return this.post('submit', task, [args]).then((r) => r[0] as T);
  }

  /**
   * `task(item)` for every item, as an async iterable of results in input order (or completion order
   * with `unordered`). Every job is submitted at once; chunks of `chunksize` items travel together.
   */
  map<T = unknown>(task: TaskName, iterable: Iterable<unknown>, options: MapOptions = {}): AsyncIterableIterator<T> {
    return this.mapChunks<T>('map', task, iterable, options, false);
  }

  /** `task(...args)` for every argument list of `iterable` (mpi4py's `starmap`). */
  starmap<T = unknown>(task: TaskName, iterable: Iterable<unknown[]>, options: MapOptions = {}): AsyncIterableIterator<T> {
    return this.mapChunks<T>('starmap', task, iterable, options, true);
  }

  private mapChunks<T>(method: string, task: TaskName, iterable: Iterable<unknown>, options: MapOptions, star: boolean): AsyncIterableIterator<T> {
    const M = `${this.kind()}.${method}`;
    if (typeof options !== 'object' || options === null) throw new TypeError(`${M}: argument 'options' must be an object { chunksize, unordered }`);
    const chunksize = options.chunksize ?? 1;
    if (!Number.isInteger(chunksize) || chunksize < 1) throw new RangeError(`${M}: option 'chunksize' must be an integer >= 1, got ${String(chunksize)}`);
    if (iterable === null || typeof (iterable as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`${M}: argument 'iterable' must be iterable`);
    }
    resolveTask(M, task, this.base); // a bad name fails here, before any job
    const chunks: unknown[][][] = [];
    let cur: unknown[][] = [];
    let index = 0;
    for (const item of iterable) {
      if (star && !Array.isArray(item)) throw new TypeError(`${M}: item ${index} must be an array of arguments`);
      cur.push(star ? (item as unknown[]) : [item]);
      index++;
      if (cur.length === chunksize) {
        chunks.push(cur);
        cur = [];
      }
    }
    if (cur.length > 0) chunks.push(cur);
    const promises = chunks.map((c) => chunkResults<T>(this.post(method, task, c)));
    // Rejections are reported when iteration reaches them; never as unhandled ones.
    for (const p of promises) p.catch(() => {});
    return options.unordered ? unorderedResults(promises) : orderedResults(promises);
  }

  /**
   * Stops accepting tasks; with `wait` (the default) resolves once every pending task settled and
   * the workers are released. `cancelFutures` rejects the tasks not yet started with `CancelledError`.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options ?? {};
    this.shut = true;
    const core = this.core;
    if (!core) {
      open.delete(this);
      return;
    }
    if (cancelFutures) core.cancelQueued(new CancelledError());
    const release = async (): Promise<void> => {
      if (this.pending > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if (open.delete(this)) this.finish(core);
    };
    if (wait) await release();
    else void release();
  }

  /** `await using pool = new MPIPoolExecutor()`: shuts the pool down (waiting) at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }
}

async function* orderedResults<T>(promises: Promise<T[]>[]): AsyncIterableIterator<T> {
  for (const p of promises) yield* await p;
}

async function* unorderedResults<T>(promises: Promise<T[]>[]): AsyncIterableIterator<T> {
  const ready: Array<{ ok: boolean; v: unknown }> = [];
  let wake: (() => void) | null = null;
  for (const p of promises) {
    p.then((v) => ready.push({ ok: true, v }), (e) => ready.push({ ok: false, v: e })).finally(() => wake?.());
  }
  for (let n = 0; n < promises.length; n++) {
    while (ready.length === 0) await new Promise<void>((r) => (wake = r));
    const x = ready.shift()!;
    if (!x.ok) throw x.v;
    yield* x.v as T[];
  }
}

// ---- spawn mode and static mode --------------------------------------------------------------

/** The workers of `mpi4js run --futures` (set on rank 0 by the server module), shared by every pool. */
let staticCore: Core | null = null;

/** @internal Called by the server module. */
export function setStaticCore(core: Core): void {
  staticCore = core;
}

/** @internal */
export function getStaticCore(): Core | null {
  return staticCore;
}

/** The worker program of spawn mode (dist/cjs/futures/spawned.js). */
const SPAWNED = path.join(__dirname, 'spawned.js');

function defaultWorkers(): number {
  const env = Number(process.env.MPI4JS_FUTURES_MAX_WORKERS);
  if (Number.isInteger(env) && env > 0) return env;
  const universe = MPI.COMM_WORLD.Get_attr(MPI.UNIVERSE_SIZE) as number | null;
  const free = universe === null ? 0 : universe - MPI.COMM_WORLD.Get_size();
  return free > 0 ? free : 1;
}

/**
 * A pool of worker processes (mpi4py's `MPIPoolExecutor`). Under `mpi4js run --futures` (or
 * `node --import mpi4js/futures/server`) it uses the job's other ranks; else it spawns `maxWorkers`
 * Node processes with `MPI_Comm_spawn` at the first task (or `bootup()`).
 *
 * @example
 * ```ts
 * import { MPIPoolExecutor } from 'mpi4js/futures';
 * await using pool = new MPIPoolExecutor({ maxWorkers: 4, base: import.meta.url });
 * for await (const y of pool.map('./tasks.mjs#square', [1, 2, 3])) console.log(y);
 * ```
 */
export class MPIPoolExecutor extends PoolExecutor {
  private readonly options: PoolOptions;

  constructor(options: PoolOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('MPIPoolExecutor: argument \'options\' must be an object');
    super(options.base);
    const { maxWorkers } = options;
    if (maxWorkers !== undefined && (!Number.isInteger(maxWorkers) || maxWorkers < 1)) {
      throw new RangeError(`MPIPoolExecutor: option 'maxWorkers' must be an integer >= 1, got ${String(maxWorkers)}`);
    }
    if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null)) throw new TypeError('MPIPoolExecutor: option \'env\' must be an object of strings');
    if (options.nodeArgs !== undefined && !(Array.isArray(options.nodeArgs) && options.nodeArgs.every((a) => typeof a === 'string'))) {
      throw new TypeError('MPIPoolExecutor: option \'nodeArgs\' must be an array of strings');
    }
    this.options = { ...options };
  }

  protected kind(): string {
    return 'MPIPoolExecutor';
  }

  protected start(): Core {
    if (staticCore) return staticCore;
    const n = this.options.maxWorkers ?? defaultWorkers();
    const setup = JSON.stringify({ env: this.options.env ?? {}, wdir: this.options.wdir ?? null });
    const args = [...(this.options.nodeArgs ?? []), SPAWNED, setup];
    const children = MPI.COMM_SELF.Spawn(this.options.execPath ?? process.execPath, args, n);
    return new CommCore(children, workerRanks(children, 0), 'MPIPoolExecutor');
  }

  protected finish(core: Core): void {
    if (core === staticCore) return; // the static workers serve until the program ends
    core.close();
    const comm = (core as CommCore).comm;
    if (!core.broken) comm.Disconnect();
  }
}

/**
 * A pool over the processes of a communicator (mpi4py's `MPICommExecutor`): collective over `comm`.
 * `await executor.enter()` resolves on `root` to the executor, on the other ranks (which serve tasks
 * until the root shuts it down) to null.
 *
 * @example
 * ```ts
 * await using ex = new MPICommExecutor(MPI.COMM_WORLD, 0);
 * const pool = await ex.enter();
 * if (pool) console.log(await pool.submit('./tasks.mjs#work', 42));
 * ```
 */
export class MPICommExecutor extends PoolExecutor {
  private readonly comm: Intracomm;
  private readonly root: number;
  private dup: Comm | null = null;
  private entered = false;

  constructor(comm: Intracomm = MPI.COMM_WORLD, root = 0, options: { base?: string | URL } = {}) {
    super(options?.base);
    if (!(comm instanceof MPI.Intracomm)) throw new TypeError('MPICommExecutor: argument \'comm\' must be an MPI.Intracomm');
    if (!Number.isInteger(root) || root < 0 || root >= comm.Get_size()) {
      throw new RangeError(`MPICommExecutor: argument 'root' must be a rank of the communicator (size ${comm.Get_size()}), got ${String(root)}`);
    }
    this.comm = comm;
    this.root = root;
  }

  protected kind(): string {
    return 'MPICommExecutor';
  }

  /**
   * Collective: on `root` resolves to this executor; on the other ranks serves tasks until the root's
   * `shutdown()` (or `exit()`), then resolves to null.
   */
  async enter(): Promise<this | null> {
    if (this.entered) throw new Error('MPICommExecutor.enter: already entered');
    this.entered = true;
    const dup = this.comm.Dup();
    this.dup = dup;
    if (dup.Get_rank() !== this.root) {
      await serve(dup, this.root);
      dup.Free();
      this.dup = null;
      this.shut = true;
      return null;
    }
    this.core = dup.Get_size() === 1 ? new LocalCore() : new CommCore(dup, workerRanks(dup, this.root), 'MPICommExecutor');
    open.add(this);
    closeAtExit();
    return this;
  }

  /** Shuts the executor down (waiting for its tasks) and releases the workers. */
  async exit(): Promise<void> {
    if (this.core) await this.shutdown();
  }

  protected start(): Core {
    throw new Error('MPICommExecutor: call `await executor.enter()` first (on the root it returns the executor)');
  }

  protected finish(core: Core): void {
    core.close();
    if (this.dup) {
      this.dup.Free();
      this.dup = null;
    }
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    await this.exit();
  }
}
