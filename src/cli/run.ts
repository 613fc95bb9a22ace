/**
 * `mpi4js run -n N [launcher options] script.{js,mjs,cjs,ts} [script args]` (SPEC §9): starts
 * `node script` on N ranks with the launcher that belongs to the MPI mpi4js was built with —
 * that MPI's mpiexec, or inside a Slurm allocation `srun` with the PMI that MPI speaks — and
 * exits with the launcher's exit code. TypeScript files run with Node's own type stripping (22.6+), else the tsx loader.
 * This process never loads the addon nor initializes MPI.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { locateAddon, readBuildInfo, which } from './paths';

const SCRIPT = /\.(?:[cm]?js|[cm]?ts)$/;
const TYPESCRIPT = /\.[cm]?ts$/;

/** The PMI plugin of `srun` that each MPI flavour understands. */
export const SRUN_MPI: Record<string, string> = { openmpi: 'pmix', mpich: 'pmi2' };

/** The parsed command line of `mpi4js run`. */
export interface RunRequest {
  np: number | null;
  launcherArgs: string[];
  script: string;
  scriptArgs: string[];
  launcher: string | null;
  dryRun: boolean;
  /** `--futures`: static mode of mpi4js/futures (rank 0 runs the script, the other ranks are its pool's workers). */
  futures?: boolean;
}

/** What `mpi4js run` will execute, and why that launcher. */
export interface RunPlan {
  command: string;
  args: string[];
  /** Variables added to the environment (the rest is inherited). */
  env: Record<string, string>;
  kind: 'mpiexec' | 'srun';
  flavour: string;
  reason: string;
}

/** A usage error of `mpi4js run`: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const RUN_USAGE = `usage: mpi4js run -n N [launcher options] script.{js,mjs,cjs,ts} [script args]
options:
  -n, -np, --np N       number of processes
  --launcher CMD        use this launcher (mpiexec, mpirun, srun or a path) instead of the automatic choice
  --dry-run             print the command instead of running it
  --futures             static mode of mpi4js/futures: rank 0 runs the script, the others are its pool's workers
  --                    ends the options: the next argument is the script
Other options before the script go to the launcher (e.g. --hostfile hosts, --mpi=pmix).
The launcher is the mpiexec of the MPI mpi4js was built with; inside a Slurm allocation
it is srun (--mpi=pmix for Open MPI, --mpi=pmi2 for MPICH). $MPI4JS_LAUNCHER overrides it.`;

function positiveInt(v: string | undefined, what: string): number {
  if (v === undefined || !/^[1-9]\d*$/.test(v)) throw new UsageError(`mpi4js run: ${what} needs a positive integer, got '${v ?? ''}'`);
  return Number(v);
}

/** Splits `mpi4js run` arguments into process count, launcher options, script and script arguments. */
export function parseRunArgs(argv: readonly string[]): RunRequest {
  const req: RunRequest = { np: null, launcherArgs: [], script: '', scriptArgs: [], launcher: null, dryRun: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    const eq = /^(-n|-np|--np|--launcher)=(.*)$/.exec(a);
    const [flag, value] = eq ? [eq[1]!, eq[2]] : [a, undefined];
    if (flag === '-n' || flag === '-np' || flag === '--np') {
      req.np = positiveInt(value ?? argv[++i], flag);
    } else if (/^-n\d+$/.test(a)) {
      req.np = positiveInt(a.slice(2), '-n');
    } else if (flag === '--launcher') {
      req.launcher = value ?? argv[++i] ?? null;
      if (!req.launcher) throw new UsageError('mpi4js run: --launcher needs a command');
    } else if (a === '--dry-run') {
      req.dryRun = true;
    } else if (a === '--futures') {
      req.futures = true;
    } else if (!a.startsWith('-') && SCRIPT.test(a)) {
      break;
    } else {
      req.launcherArgs.push(a);
    }
  }
  if (i >= argv.length) throw new UsageError(`mpi4js run: no script given\n${RUN_USAGE}`);
  req.script = argv[i]!;
  req.scriptArgs = argv.slice(i + 1);
  return req;
}

/**
 * The flags with which this Node runs TypeScript by itself: type stripping is on by default in 22.18+ and 23.6+,
 * the flag where it exists but is off (22.6-22.17, 23.0-23.5), null before that (Node 20: the tsx fallback).
 */
export function typeStrippingFlags(version: string = process.versions.node): string[] | null {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const quiet = ['--disable-warning=ExperimentalWarning'];
  if (major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18)) return quiet;
  if (major === 23 || (major === 22 && minor >= 6)) return ['--experimental-strip-types', ...quiet];
  return null;
}

/**
 * The node command line that runs `script`. TypeScript runs with Node's own type stripping where this
 * Node has it; else (or with MPI4JS_TS_LOADER=tsx, for syntax stripping cannot erase: enums, namespaces)
 * through the optional `tsx` loader.
 */
export function nodeCommand(script: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = path.resolve(script);
  if (!fs.existsSync(file)) throw new UsageError(`mpi4js run: script not found: ${script}`);
  if (!TYPESCRIPT.test(file)) return [process.execPath, file];
  const strip = env.MPI4JS_TS_LOADER === 'tsx' ? null : typeStrippingFlags();
  if (strip) return [process.execPath, ...strip, file];
  let loader: string;
  try {
    loader = require.resolve('tsx');
  } catch {
    throw new UsageError(`mpi4js run: Node ${process.version} cannot run ${script} by itself (type stripping needs Node 22.6 or later): ` +
      'use Node 22 or 24, or install the TypeScript loader tsx (npm install --save-dev tsx)');
  }
  return [process.execPath, '--import', pathToFileURL(loader).href, file];
}

function flavourOf(launcherPath: string, fallback: string): string {
  const base = path.basename(launcherPath);
  if (/openmpi|orterun/.test(base)) return 'openmpi';
  if (/mpich|hydra/.test(base)) return 'mpich';
  return fallback;
}

/** Decides launcher, arguments and extra environment for a request (no process is started). */
export function planRun(req: RunRequest, env: NodeJS.ProcessEnv = process.env): RunPlan {
  const build = readBuildInfo(locateAddon(env));
  const built = build?.flavour ?? 'unknown';
  const np = req.np === null ? [] : ['-n', String(req.np)];
  const node = nodeCommand(req.script, env);
  // Static mode of mpi4js/futures: the server module runs first on every rank.
  if (req.futures) node.splice(1, 0, '--import', pathToFileURL(path.join(__dirname, '..', '..', 'esm', 'futures', 'server.mjs')).href);
  const requested = req.launcher ?? env.MPI4JS_LAUNCHER ?? null;

  const srunPlan = (srun: string, reason: string): RunPlan => {
    const hasMpi = req.launcherArgs.some((a) => a === '--mpi' || a.startsWith('--mpi='));
    const mpi = !hasMpi && SRUN_MPI[built] ? [`--mpi=${SRUN_MPI[built]}`] : [];
    return { command: srun, args: [...mpi, ...np, ...req.launcherArgs, ...node, ...req.scriptArgs], env: {}, kind: 'srun', flavour: built, reason };
  };

  let command: string | null = null;
  let reason = '';
  if (requested) {
    command = requested.includes(path.sep) ? path.resolve(requested) : which(requested, env);
    if (!command) throw new UsageError(`mpi4js run: launcher '${requested}' not found on PATH`);
    if (path.basename(command) === 'srun') return srunPlan(command, `requested (${requested})`);
    reason = `requested (${requested})`;
  } else {
    const srun = env.SLURM_JOB_ID ? which('srun', env) : null;
    if (srun && SRUN_MPI[built]) {
      return srunPlan(srun, `inside Slurm allocation ${env.SLURM_JOB_ID}: srun with the PMI of ${build?.name ?? built}`);
    }
    if (build?.launcher && fs.existsSync(build.launcher)) {
      command = build.launcher;
      reason = `the launcher of ${[build.name ?? built, build.version].filter(Boolean).join(' ')}, which mpi4js was built with`;
    } else {
      command = which('mpiexec', env) ?? which('mpirun', env);
      reason = 'mpiexec on PATH';
    }
  }
  if (!command) {
    throw new UsageError('mpi4js run: no MPI launcher found (no mpiexec or mpirun on PATH): load an MPI module, e.g. `module load OpenMPI`');
  }

  const flavour = flavourOf(command, built);
  const extraEnv: Record<string, string> = {};
  const extraArgs: string[] = [];
  if (flavour === 'openmpi') {
    // Open MPI refuses root and more ranks than cores unless told; a laptop or container run wants both.
    if (process.getuid?.() === 0) {
      if (!env.OMPI_ALLOW_RUN_AS_ROOT) extraEnv.OMPI_ALLOW_RUN_AS_ROOT = '1';
      if (!env.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM) extraEnv.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = '1';
    }
    const oversubscribed = req.np !== null && req.np > os.availableParallelism();
    if (oversubscribed && !env.SLURM_JOB_ID && !req.launcherArgs.includes('--oversubscribe') && !env.OMPI_MCA_rmaps_base_oversubscribe) {
      extraArgs.push('--oversubscribe');
    }
  }
  return { command, args: [...np, ...extraArgs, ...req.launcherArgs, ...node, ...req.scriptArgs], env: extraEnv, kind: 'mpiexec', flavour, reason };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The plan as one shell command line (environment first). */
export function formatPlan(plan: RunPlan): string {
  const env = Object.entries(plan.env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  return [...env, plan.command, ...plan.args].map((s, i) => (i < env.length ? s : shellQuote(s))).join(' ');
}

/** Runs `mpi4js run ...`; resolves to the launcher's exit code (128 + signal number if it was killed). */
export function run(argv: readonly string[]): Promise<number> {
  const req = parseRunArgs(argv);
  const plan = planRun(req);
  if (req.dryRun || process.env.MPI4JS_RUN_VERBOSE === '1') {
    process.stderr.write(`mpi4js run: ${plan.reason}\n`);
    process.stdout.write(formatPlan(plan) + '\n');
    if (req.dryRun) return Promise.resolve(0);
  }
  return new Promise((resolve) => {
    const child = spawn(plan.command, plan.args, { stdio: 'inherit', env: { ...process.env, ...plan.env } });
    const forward = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, forward);
    child.on('error', (err) => {
      process.stderr.write(`mpi4js run: cannot start ${plan.command}: ${err.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}
