/**
 * Lifecycle (SPEC §1): initialize on import (unless MPI4JS_INITIALIZE=0), join the process's one
 * MPI from worker threads, finalize once at a clean exit, and end the whole job with MPI_Abort
 * when a rank dies (uncaught exception, unhandled rejection, non-zero exit), printing the error
 * once, prefixed by the rank. A rank that is a singleton while its launcher started N processes
 * (built with one MPI, launched by another) gets a warning naming both and the fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { native, addonPath } from './native';
import { usageError } from './errors';

const C = native.constants;

const LEVELS: Record<string, number> = {
  single: C.THREAD_SINGLE as number,
  funneled: C.THREAD_FUNNELED as number,
  serialized: C.THREAD_SERIALIZED as number,
  multiple: C.THREAD_MULTIPLE as number,
};

let providedLevel = -1;
let handlersInstalled = false;
let aborting = false;

/** What a blocking call of a worker returns when the worker is being terminated (csrc/threads.h kTerminatedValue). */
const TERMINATED = -1.5;

/**
 * In a worker thread the blocking receives, probes and waits poll (csrc/threads.h), so that
 * `worker.terminate()` ends them: the call is cancelled and returns TERMINATED, as Node-API can
 * throw nothing then; this throws instead, so the code after the call never runs as if it had
 * received something (V8 ends the thread at its next function call).
 */
function interruptibleInWorker(): void {
  const calls = ['recv', 'recvScratch', 'probe', 'mprobe', 'recvBytes', 'requestWait', 'requestWaitall', 'requestWaitany', 'requestWaitsome'] as const;
  const n = native as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of calls) {
    const call = n[name]!;
    n[name] = (a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, f?: unknown, g?: unknown, h?: unknown): unknown => {
      const r = call(a, b, c, d, e, f, g, h);
      if (r === TERMINATED) throw usageError('ERR_OTHER', `mpi4js: this worker thread is being terminated: its blocking MPI call was cancelled`);
      return r;
    };
  }
}
if (!isMainThread) interruptibleInWorker();

/** The thread level asked for by MPI4JS_THREAD_LEVEL (default `multiple`). */
export function requestedThreadLevel(): number {
  const v = (process.env.MPI4JS_THREAD_LEVEL ?? 'multiple').toLowerCase();
  const level = LEVELS[v];
  if (level === undefined) {
    throw new RangeError(`mpi4js: MPI4JS_THREAD_LEVEL must be one of ${Object.keys(LEVELS).join(', ')}, got '${v}'`);
  }
  return level;
}

function abortOnError(): boolean {
  return process.env.MPI4JS_ABORT_ON_ERROR !== '0';
}

function worldRank(): string {
  try {
    if (native.initialized() && !native.finalized()) return String(native.commRank(C.COMM_WORLD as number));
  } catch { /* fall through */ }
  return process.env.OMPI_COMM_WORLD_RANK ?? process.env.PMI_RANK ?? process.env.SLURM_PROCID ?? '?';
}

/** Prints the error once, prefixed by the rank, and ends the whole job. */
function die(err: unknown, origin: string, code: number): never {
  if (!aborting) {
    aborting = true;
    const text = err instanceof Error ? (err.stack ?? String(err)) : `${String(err)}`;
    const what = origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception';
    try {
      fs.writeSync(2, `[rank ${worldRank()}] mpi4js: ${what}, aborting the job:\n${text}\n`);
    } catch { /* stderr gone */ }
  }
  return native.abort(code);
}

function onUncaught(err: unknown, origin: string): void {
  // A user's own 'uncaughtException' handler means the user deals with it.
  if (process.listenerCount('uncaughtException') > 0) return;
  if (origin === 'unhandledRejection' && process.listenerCount('unhandledRejection') > 0) return;
  die(err, origin, 1);
}

/** Hooks run at a clean exit just before MPI_Finalize (e.g. pending requests are cleaned up). */
export const beforeFinalize: Array<() => void> = [];

/** How long a clean exit waits for worker threads' MPI calls that cannot be cancelled (a send, a collective). */
const WORKER_GRACE_MS = 2000;

/**
 * Before MPI_Finalize at exit, no worker thread may be inside MPI (another thread's call under
 * MPI_Finalize crashes MPICH, and hangs Open MPI's exit): workers may start no more calls, their
 * blocking receives, probes and waits are cancelled (Node ends the workers right after), and a
 * call that cannot be cancelled ends the job, as a crash does.
 */
function stopWorkers(): void {
  const [inside, cancelled] = native.quiesce(WORKER_GRACE_MS);
  if (inside > 0) {
    aborting = true;
    try {
      fs.writeSync(2, `[rank ${worldRank()}] mpi4js: exiting while ${inside} call(s) of worker threads are still inside MPI ` +
        `after ${WORKER_GRACE_MS} ms (a send or a collective, which cannot be cancelled), aborting the job\n`);
    } catch { /* stderr gone */ }
    native.abort(1);
  }
  if (cancelled > 0) {
    try {
      fs.writeSync(2, `[rank ${worldRank()}] mpi4js: warning: exiting while worker threads were blocked in ${cancelled} MPI ` +
        `call(s) (receive, probe or wait); they were cancelled. End workers before the main thread exits ` +
        `(await worker.terminate()) to avoid this.\n`);
    } catch { /* stderr gone */ }
  }
}

function onExit(code: number): void {
  if (!native.initialized() || native.finalized()) return;
  if (code !== 0 && abortOnError()) {
    if (!aborting) {
      aborting = true;
      try {
        fs.writeSync(2, `[rank ${worldRank()}] mpi4js: exiting with code ${code}, aborting the job\n`);
      } catch { /* stderr gone */ }
    }
    native.abort(code);
  }
  // MPI was initialized by a worker (MPI4JS_INITIALIZE=0, then MPI.Init() there): that thread finalizes it.
  if (!native.isThreadMain()) return;
  stopWorkers();
  for (const hook of beforeFinalize) {
    try {
      hook();
    } catch { /* never keep MPI from finalizing */ }
  }
  native.finalize();
}

function installHandlers(): void {
  if (handlersInstalled || !isMainThread) return;
  handlersInstalled = true;
  process.on('exit', onExit);
  if (abortOnError()) process.on('uncaughtExceptionMonitor', onUncaught);
}

/** Initializes MPI at `level` (or joins the MPI already initialized in this process). */
export function initialize(level: number): number {
  if (isMainThread) warnOnMissingPmix();
  providedLevel = native.init(level);
  installHandlers();
  if (isMainThread) warnOnLauncherMismatch();
  return providedLevel;
}

/**
 * Whether the process that forwards this rank's stdout (Open MPI's mpirun or orted, which hold the
 * rank's pty) writes to a terminal: the first ancestor whose stdout is not ours (a shell between
 * the launcher and node shares ours). False when /proc cannot tell (macOS, another user's daemon).
 */
function launcherWritesToTerminal(): boolean {
  try {
    const ours = fs.readlinkSync('/proc/self/fd/1');
    let pid = process.ppid;
    for (let depth = 0; depth < 16 && pid > 1; depth++) {
      const theirs = fs.readlinkSync(`/proc/${pid}/fd/1`);
      if (theirs !== ours) return /^\/dev\/(pts\/|tty)/.test(theirs);
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
  } catch { /* no /proc, or not ours to read */ }
  return false;
}

/**
 * Open MPI gives each rank's stdout a pty of its own, so Node coloured `console.log(1)` even when
 * mpirun's output went to a file or a pipe. Unless FORCE_COLOR asks for colours, a rank whose
 * launcher does not write to a terminal reports a colourless stdout (NO_COLOR is Node's own).
 */
function plainOutputWhenRedirected(): void {
  const out = process.stdout as NodeJS.WriteStream;
  if (!isMainThread || !process.env.OMPI_COMM_WORLD_SIZE || process.env.FORCE_COLOR !== undefined || !out.isTTY) return;
  if (launcherWritesToTerminal()) return;
  out.getColorDepth = () => 1;
  out.hasColors = () => false;
}

/** At import: initialize unless MPI4JS_INITIALIZE=0 (or join it from a worker thread). */
export function initializeOnImport(): void {
  plainOutputWhenRedirected();
  if (native.initialized() && !native.finalized()) {
    providedLevel = native.init(requestedThreadLevel());
    installHandlers();
    return;
  }
  if (process.env.MPI4JS_INITIALIZE === '0' || native.finalized()) return;
  initialize(requestedThreadLevel());
}

/** The provided thread level, or -1 before initialization. */
export function threadLevel(): number {
  return providedLevel;
}

/** What the addon was built with (written by scripts/install.js next to the addon). */
export interface BuildInfo {
  flavour?: string;
  name?: string;
  version?: string;
  wrapper?: string | null;
  launcher?: string | null;
  method?: string;
  cflags?: string[];
  libs?: string[];
}

export function buildInfo(): BuildInfo {
  try {
    return JSON.parse(fs.readFileSync(path.join(path.dirname(addonPath), 'mpi4js-build.json'), 'utf8')) as BuildInfo;
  } catch {
    return { flavour: C.flavour as string };
  }
}

/** The launcher whose environment this process sees, and how many processes it started. */
export function detectLauncher(): { name: string; flavour: string; size: number } | null {
  const e = process.env;
  if (e.OMPI_COMM_WORLD_SIZE) return { name: "Open MPI's mpirun", flavour: 'openmpi', size: Number(e.OMPI_COMM_WORLD_SIZE) };
  if (e.PMIX_RANK && e.SLURM_STEP_NUM_TASKS) return { name: 'srun --mpi=pmix', flavour: 'openmpi', size: Number(e.SLURM_STEP_NUM_TASKS) };
  if (e.PMI_SIZE) {
    return e.SLURM_STEP_NUM_TASKS
      ? { name: 'srun --mpi=pmi2', flavour: 'mpich', size: Number(e.PMI_SIZE) }
      : { name: "MPICH's mpiexec (hydra)", flavour: 'mpich', size: Number(e.PMI_SIZE) };
  }
  if (e.SLURM_STEP_NUM_TASKS) return { name: 'srun', flavour: 'unknown', size: Number(e.SLURM_STEP_NUM_TASKS) };
  return null;
}

/** Warns when this rank is a singleton although its launcher started several processes. */
function warnOnLauncherMismatch(): void {
  const launcher = detectLauncher();
  if (!launcher || !(launcher.size > 1)) return;
  let size: number;
  try {
    size = native.commSize(C.COMM_WORLD as number);
  } catch {
    return;
  }
  if (size !== 1) return;
  fs.writeSync(2, mismatchWarning(launcher) + '\n');
}

/** The `srun --mpi=` plugin each MPI flavour speaks. */
const SRUN_PMI: Record<string, string> = { openmpi: 'pmix', mpich: 'pmi2' };

/**
 * Open MPI started by srun without PMIx aborts inside MPI_Init with a message about building
 * Slurm; say first (once, on task 0) which flag fixes it.
 */
function warnOnMissingPmix(): void {
  const e = process.env;
  if (C.flavour !== 'openmpi' || !e.SLURM_STEP_NUM_TASKS || e.PMIX_RANK || e.OMPI_COMM_WORLD_SIZE) return;
  if ((e.SLURM_PROCID ?? '0') !== '0') return;
  fs.writeSync(2, `mpi4js: warning: srun started this process without PMIx, but mpi4js was built with Open MPI, which needs it ` +
    `to start under srun: Open MPI will abort. Fix: srun --mpi=pmix (or mpirun inside the allocation).\n`);
}

/** The build/launch mismatch warning of SPEC §1: both MPIs and the fix (the `--mpi=` flag under srun). */
export function mismatchWarning(launcher: { name: string; size: number }): string {
  const b = buildInfo();
  const built = `${b.name ?? b.flavour ?? 'an MPI'} ${b.version ?? ''}`.trim();
  const pmi = SRUN_PMI[b.flavour ?? (C.flavour as string)];
  const fix = launcher.name.startsWith('srun')
    ? (pmi ? `launch with srun --mpi=${pmi}, the PMI that ${built} speaks, ` : `launch with the PMI your MPI speaks (Open MPI: srun --mpi=pmix; MPICH: srun --mpi=pmi2), `) +
      `or load the module of the MPI that runs the job and \`npm rebuild mpi4js\``
    : `load the module of the MPI that launches the job (e.g. \`module load OpenMPI\` or \`module load MPICH\`) and run \`npm rebuild mpi4js\`, or launch with ${b.launcher ?? 'the mpiexec of the MPI mpi4js was built with'}`;
  return `mpi4js: warning: this process is rank 0 of 1, but ${launcher.name} started ${launcher.size} processes: ` +
    `mpi4js was built with ${built}${b.wrapper ? ` (${b.wrapper})` : ''}, which does not match the launcher, so every rank runs alone. ` +
    `Fix: ${fix}.`;
}
