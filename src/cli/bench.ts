/**
 * `mpi4js bench <name>` (SPEC §9), in the spirit of `python -m mpi4py.bench`: runs one protocol
 * with three contenders side by side — a C program compiled here with the loaded `mpicc`
 * (bench/bench.c, cached), mpi4js (bench/bench.mjs) and, where `import mpi4py` works against the
 * same MPI, mpi4py (bench/bench_mpi4py.py) — interleaved over several rounds, and prints the
 * medians and the ratios mpi4js/C and mpi4js/mpi4py. `--baseline DIR` adds a fourth contender, another
 * checkout's own bench.mjs, dist and addon (mpi4js@base), for before/after ratios of a change.
 * `--json` writes the figures, `--svg` a chart.
 * Like `mpi4js run`, this process never loads the addon: every contender is a launched job.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT, locateAddon, readBuildInfo, which } from './paths';
import { planRun, UsageError, type RunPlan } from './run';
import { libraryFlavour } from './info';
import { renderSvg } from './benchsvg';

/** The benchmarks, in the order `mpi4js bench all` runs them. */
export const BENCHES = ['helloworld', 'ringtest', 'pingpong', 'pingpong-object', 'pingpong-await', 'allreduce', 'bcast', 'mean', 'rma', 'io', 'futures', 'cold'] as const;
export type BenchName = (typeof BENCHES)[number];

export const BENCH_USAGE = `usage: mpi4js bench <name|all> [options]
benchmarks (each against C and mpi4py in the same run):
  helloworld       every rank says hello; time to launch and greet (ms)
  ringtest         a message around a ring of all ranks (µs per hop), 1 B .. 1 MiB
  pingpong         upper-case Send/Recv between ranks 0 and 1, 0 B .. 4 MiB (µs one-way, MB/s),
                   and the JS heap/RSS over 10^6 upper-case calls
  pingpong-object  lower-case send/recv of objects (small, 1000 numbers, nested, 8 MiB Float64Array)
  pingpong-await   8-byte ping-pong with an awaited Irecv (C and mpi4py: Irecv + Wait)
  allreduce        lower-case allreduce of a number; Allreduce of 1 .. 1 Mi doubles
  bcast            lower-case bcast of an object; Bcast of 8 B .. 1 MiB
  mean             the parallel mean of examples/mean.mjs at 1, 2, 4, 8 ranks (s)
  rma              one-sided, passive target: Put/Get + Flush at 8 B and 1 MiB, Fetch_and_op (µs per operation)
  futures          mpi4js/futures against mpi4py.futures (static mode, 1, 2 and 4 workers): 10 000
                   trivial tasks through map with chunksize 1 and 100 (µs per task), one submit's round trip
                   (not part of 'all')
  cold             (also --cold) a program's first 1000 round trips without warm-up: the small
                   object (mpi4js, mpi4py), then 8 bytes upper-case (C too); one timed pass per run
  io               collective Write_at_all / Read_at_all of a 64 MiB file in TMPDIR, contiguous
                   and through a strided view (µs per call, MB/s)
options:
  -n, --np N          processes (default 2; mean: --ranks)
  --ranks 1,2,4,8     process counts of mean
  --size N            mean: an N x N matrix (default 2000)
  --rounds R          rounds of interleaved contenders (default 5); medians over rounds
  --batches B         timed passes inside each run (default 3)
  --quick             tiny sizes, one round (checks that everything runs)
  --cold              run the benchmark cold (see above)
  --contenders LIST   comma list of c, mpi4js, mpi4py (default: all available)
  --baseline DIR      also run DIR's own bench/bench.mjs, dist and addon (same MPI) as
                      contender mpi4js@base, in the same rounds; adds the ratio mpi4js/base
  --maxbytes N        largest message of the size sweeps (default 4194304; allreduce's
                      1 Mi doubles need 4194304)
  --cases LIST        report only these cases (comma list of case names, e.g. '0 B,1 KiB')
  --json [FILE]       write the figures (default mpi4js-bench-<name>.json)
  --svg [FILE]        write a chart (default mpi4js-bench-<name>.svg)
  --timeout S         seconds before one run is killed (default 600)
Environment: MPI4JS_BENCH_PYTHON (the python with mpi4py), MPICC (the C compiler wrapper).`;

export type ContenderId = 'c' | 'mpi4js' | 'mpi4py' | 'base';
/** The contenders `--contenders` selects from; 'base' runs only with `--baseline`. */
export const CONTENDERS: readonly ContenderId[] = ['c', 'mpi4js', 'mpi4py'];
/** Every contender, in table order (the baseline next to the current mpi4js). */
export const ALL_CONTENDERS: readonly ContenderId[] = ['c', 'base', 'mpi4js', 'mpi4py'];
const LABEL: Record<ContenderId, string> = { c: 'C', mpi4js: 'mpi4js', mpi4py: 'mpi4py', base: 'mpi4js@base' };

export interface BenchOptions {
  names: BenchName[];
  np: number;
  ranks: number[];
  size: number;
  rounds: number;
  batches: number;
  quick: boolean;
  contenders: ContenderId[];
  /** `--baseline DIR`: another mpi4js checkout to run as contender 'base'. */
  baseline: string | null;
  maxbytes: number | null;
  cases: string[] | null;
  json: string | null;
  svg: string | null;
  timeoutS: number;
}

/** One line printed by a contender (bench/bench.{c,mjs} and bench_mpi4py.py). */
interface Sample {
  case: string;
  bytes: number;
  us: number;
  [extra: string]: unknown;
}

/** One row of a result: a case and its median per contender. */
export interface BenchRow {
  case: string;
  bytes: number;
  /** Median over rounds, in `unit`, per contender that ran the case. */
  median: Partial<Record<ContenderId, number>>;
  samples: Partial<Record<ContenderId, number[]>>;
  /** mpi4js / C, mpi4js / mpi4py and mpi4js / mpi4js@base. */
  ratio: { c?: number; mpi4py?: number; base?: number };
  /** Heap figures of the current mpi4js, and of the baseline's. */
  extra?: Record<string, unknown>;
  extraBase?: Record<string, unknown>;
}

export interface BenchResult {
  bench: BenchName;
  unit: 'us' | 'ms' | 's';
  /** What the figure is, for the table header and the chart. */
  measure: string;
  date: string;
  machine: { os: string; cpus: number; cpuModel: string; loadBefore: number[]; loadAfter: number[] };
  mpi: { flavour: string; name: string; version: string; launcher: string };
  node: string;
  np: number | number[];
  rounds: number;
  /** 'base' is present only with `--baseline`. */
  contenders: Partial<Record<ContenderId, { available: boolean; detail: string }>>;
  rows: BenchRow[];
  notes: string[];
}

function positive(v: string | undefined, what: string): number {
  if (v === undefined || !/^[1-9]\d*$/.test(v)) throw new UsageError(`mpi4js bench: ${what} needs a positive integer, got '${v ?? ''}'`);
  return Number(v);
}

/** Parses `mpi4js bench` arguments. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    names: [], np: 2, ranks: [1, 2, 4, 8], size: 2000, rounds: 5, batches: 3, quick: false,
    contenders: [...CONTENDERS], baseline: null, maxbytes: null, cases: null, json: null, svg: null, timeoutS: 600,
  };
  let rounds: number | null = null;
  let ranks: number[] | null = null;
  let size: number | null = null;
  const optional = (i: number): string | null => {
    const v = argv[i + 1];
    return v !== undefined && !v.startsWith('-') && !(BENCHES as readonly string[]).includes(v) && v !== 'all' ? v : null;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^(--[a-z-]+)=(.*)$/.exec(a);
    const flag = eq ? eq[1]! : a;
    const value = (): string | undefined => (eq ? eq[2] : argv[++i]);
    switch (flag) {
      case '-n': case '-np': case '--np': o.np = positive(value(), flag); break;
      case '--rounds': rounds = positive(value(), flag); break;
      case '--batches': o.batches = positive(value(), flag); break;
      case '--size': size = positive(value(), flag); break;
      case '--timeout': o.timeoutS = positive(value(), flag); break;
      case '--quick': o.quick = true; break;
      case '--cold': if (!o.names.includes('cold')) o.names.push('cold'); break;
      case '--ranks': ranks = (value() ?? '').split(',').map((s) => positive(s.trim(), '--ranks')); break;
      case '--contenders': {
        const list = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        for (const c of list) if (!(CONTENDERS as readonly string[]).includes(c)) throw new UsageError(`mpi4js bench: unknown contender '${c}' (c, mpi4js, mpi4py)`);
        o.contenders = list as ContenderId[];
        break;
      }
      case '--baseline': {
        const dir = value();
        if (!dir || dir.startsWith('-')) throw new UsageError(`mpi4js bench: --baseline needs a directory (an mpi4js checkout with a built dist and addon), got '${dir ?? ''}'`);
        o.baseline = path.resolve(dir);
        break;
      }
      case '--maxbytes': o.maxbytes = positive(value(), flag); break;
      case '--cases': {
        o.cases = (value() ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        if (o.cases.length === 0) throw new UsageError(`mpi4js bench: --cases needs a comma list of case names (e.g. '0 B,1 KiB')`);
        break;
      }
      case '--json': o.json = eq ? eq[2]! : (optional(i) !== null ? argv[++i]! : ''); break;
      case '--svg': o.svg = eq ? eq[2]! : (optional(i) !== null ? argv[++i]! : ''); break;
      default:
        if (a === 'all') o.names.push(...BENCHES.filter((b) => b !== 'futures')); // futures starts its own jobs per worker count: run it by name
        else if ((BENCHES as readonly string[]).includes(a)) o.names.push(a as BenchName);
        else throw new UsageError(`mpi4js bench: unknown benchmark or option '${a}'\n${BENCH_USAGE}`);
    }
  }
  if (o.names.length === 0) throw new UsageError(`mpi4js bench: no benchmark named\n${BENCH_USAGE}`);
  o.rounds = rounds ?? (o.quick ? 1 : 5);
  o.ranks = ranks ?? (o.quick ? [1, 2] : [1, 2, 4, 8]);
  o.size = size ?? (o.quick ? 200 : 2000);
  if (o.quick && !argv.includes('--batches')) o.batches = 1;
  return o;
}

// ---- contenders -------------------------------------------------------------------------

interface Contender {
  id: ContenderId;
  available: boolean;
  detail: string;
  /** The launcher command for `np` processes running this contender with `args`. */
  command(np: number, program: 'bench' | 'mean' | 'futures', args: string[]): RunPlan;
}

interface Setup {
  flavour: string;
  name: string;
  version: string;
  launcher: string;
  contenders: Contender[];
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'mpi4js', 'bench');
}

/** Compiles `source` with the MPI compiler wrapper, once per (source, wrapper, flags): the cached binary. */
export function compileC(wrapper: string, source: string, extra: string[] = []): string {
  const show = spawnSync(wrapper, ['-show'], { encoding: 'utf8' });
  const h = crypto.createHash('sha256').update(fs.readFileSync(source)).update(wrapper).update(show.stdout ?? '').update(extra.join(' '));
  const dir = path.join(cacheDir(), h.digest('hex').slice(0, 16));
  const out = path.join(dir, path.basename(source, '.c'));
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}`;
  const r = spawnSync(wrapper, ['-O2', '-o', tmp, source, ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${wrapper} -O2 -o ${out} ${source} failed:\n${r.stderr || r.error?.message || ''}`);
  fs.renameSync(tmp, out);
  return out;
}

/** The first python (MPI4JS_BENCH_PYTHON, python3 on PATH, /usr/bin/python3) whose mpi4py imports, and its MPI. */
function findMpi4py(): { python: string; library: string } | { reason: string } {
  const candidates = [process.env.MPI4JS_BENCH_PYTHON, which('python3'), '/usr/bin/python3'].filter((p): p is string => !!p);
  const code = 'import mpi4py; mpi4py.rc.initialize = False; from mpi4py import MPI; print(mpi4py.__version__); print(MPI.Get_library_version())';
  for (const python of [...new Set(candidates)]) {
    const r = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return { python, library: r.stdout.trim() };
  }
  return { reason: `no python3 imports mpi4py (tried ${[...new Set(candidates)].join(', ')})` };
}

/**
 * The addon of the baseline checkout `dir` for the same MPI as `addon`: the same path relative to
 * the checkout (build-flavours/<flavour>/mpi4js.node or build/Release/mpi4js.node), else the
 * flavour build, else node-gyp's. Throws a UsageError naming what is missing.
 */
export function baselinePaths(dir: string, addon: string, flavour: string): { script: string; addon: string } {
  const where = `mpi4js bench: --baseline ${dir}`;
  let pkg: { name?: string } = {};
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
  } catch { /* reported below */ }
  if (pkg.name !== 'mpi4js') throw new UsageError(`${where}: not an mpi4js checkout (no package.json named mpi4js)`);
  const script = path.join(dir, 'bench', 'bench.mjs');
  if (!fs.existsSync(script)) throw new UsageError(`${where}: no bench/bench.mjs`);
  // bench.mjs's `import 'mpi4js'` resolves through the package's self-reference ("exports") to dir/dist.
  if (!fs.existsSync(path.join(dir, 'dist', 'esm', 'index.mjs')) || !fs.existsSync(path.join(dir, 'dist', 'cjs', 'index.js'))) {
    throw new UsageError(`${where}: no built dist (dist/esm/index.mjs): run \`npx tsc -p tsconfig.json && node scripts/esm-wrapper.js\` there`);
  }
  const rel = path.relative(PACKAGE_ROOT, addon);
  const candidates = [
    ...(rel.startsWith('..') || path.isAbsolute(rel) ? [] : [path.join(dir, rel)]),
    path.join(dir, 'build-flavours', flavour, 'mpi4js.node'),
    path.join(dir, 'build', 'Release', 'mpi4js.node'),
  ];
  const found = [...new Set(candidates)].find((f) => fs.existsSync(f) && (readBuildInfo(f)?.flavour ?? flavour) === flavour);
  if (!found) {
    throw new UsageError(`${where}: no addon built for ${flavour} (looked for ${[...new Set(candidates)].map((f) => path.relative(dir, f)).join(', ')}): ` +
      'run `node scripts/build-flavours.js` there');
  }
  return { script, addon: found };
}

/** The commit of a checkout (+dirty), for the table header ('' when it is not a git checkout). */
function describeCheckout(dir: string): string {
  const r = spawnSync('git', ['-C', dir, 'log', '-1', '--format=%h'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return '';
  const dirty = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', timeout: 10_000 });
  return r.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() ? '+dirty' : '');
}

function setup(o: BenchOptions): Setup {
  const addon = locateAddon();
  const build = readBuildInfo(addon);
  if (!addon || !fs.existsSync(addon)) throw new UsageError('mpi4js bench: mpi4js is not built (no addon found): run `npm rebuild mpi4js`');
  const flavour = build?.flavour ?? 'unknown';
  const script = path.join(PACKAGE_ROOT, 'bench', 'bench.mjs');
  const jsPlan = (np: number, program: 'bench' | 'mean' | 'futures', args: string[]): RunPlan => {
    // futures: static mode (rank 0 runs the script, the other ranks are its pool's workers).
    if (program === 'futures') {
      return planRun({ np, launcherArgs: [], script: path.join(PACKAGE_ROOT, 'bench', 'futures.mjs'), scriptArgs: args, launcher: null, dryRun: false, futures: true });
    }
    const file = program === 'bench' ? script : path.join(PACKAGE_ROOT, 'examples', 'mean.mjs');
    return planRun({ np, launcherArgs: [], script: file, scriptArgs: args, launcher: null, dryRun: false });
  };
  /** The same launch with `node script` replaced by `exe`. */
  const replaced = (np: number, exe: string[], args: string[]): RunPlan => {
    const plan = jsPlan(np, 'bench', []);
    const at = plan.args.indexOf(process.execPath);
    return { ...plan, args: [...plan.args.slice(0, at), ...exe, ...args] };
  };
  const contenders: Contender[] = [];

  // C: compiled with the wrapper of the MPI mpi4js was built with.
  const wrapper = process.env.MPICC || build?.wrapper || which('mpicc');
  let cBench = '';
  let cMean = '';
  let cDetail = '';
  if (!wrapper) cDetail = 'no mpicc found';
  else {
    try {
      cBench = compileC(wrapper, path.join(PACKAGE_ROOT, 'bench', 'bench.c'));
      cMean = compileC(wrapper, path.join(PACKAGE_ROOT, 'bench', 'mean.c'), ['-lm']);
      cDetail = `${wrapper} -O2 (cached in ${path.dirname(cBench)})`;
    } catch (e) {
      cDetail = (e as Error).message.split('\n')[0]!;
    }
  }
  contenders.push({
    id: 'c', available: cBench !== '', detail: cDetail,
    command: (np, program, args) => replaced(np, [program === 'bench' ? cBench : cMean], args),
  });

  contenders.push({ id: 'mpi4js', available: true, detail: `${process.version}, ${path.relative(process.cwd(), addon) || addon}`, command: jsPlan });

  if (o.baseline !== null) {
    const base = baselinePaths(o.baseline, addon, flavour);
    const rev = describeCheckout(o.baseline);
    contenders.push({
      id: 'base', available: true, detail: `${o.baseline}${rev ? ` at ${rev}` : ''}, ${path.relative(o.baseline, base.addon)}`,
      command: (np, program, args) => {
        const file = program === 'bench' ? base.script : path.join(o.baseline!, 'examples', 'mean.mjs');
        const plan = planRun({ np, launcherArgs: [], script: file, scriptArgs: args, launcher: null, dryRun: false });
        return { ...plan, env: { ...plan.env, MPI4JS_ADDON: base.addon } };
      },
    });
  }

  // mpi4py: only when it runs on the same MPI (Debian's python3-mpi4py is built for Open MPI).
  const py = findMpi4py();
  let pyDetail: string;
  let pyOk = false;
  let python = '';
  if ('reason' in py) pyDetail = py.reason;
  else {
    const [version, ...lib] = py.library.split('\n');
    const pyFlavour = libraryFlavour(lib.join('\n'));
    python = py.python;
    if (pyFlavour !== flavour) pyDetail = `unavailable: ${python}'s mpi4py ${version} is built against ${pyFlavour === 'openmpi' ? 'Open MPI' : pyFlavour === 'mpich' ? 'MPICH' : 'another MPI'}, mpi4js against ${build?.name ?? flavour}`;
    else {
      pyOk = true;
      pyDetail = `mpi4py ${version} (${python})`;
    }
  }
  contenders.push({
    id: 'mpi4py', available: pyOk, detail: pyDetail,
    command: (np, program, args) => program === 'futures'
      ? replaced(np, [python, '-m', 'mpi4py.futures', path.join(PACKAGE_ROOT, 'bench', 'futures_mpi4py.py')], args)
      : replaced(np, [python, path.join(PACKAGE_ROOT, 'bench', program === 'bench' ? 'bench_mpi4py.py' : 'mean_mpi4py.py')], args),
  });
  for (const c of contenders) {
    if (c.id !== 'base' && !o.contenders.includes(c.id) && c.available) {
      c.available = false;
      c.detail = 'not selected (--contenders)';
    }
  }
  return { flavour, name: build?.name ?? flavour, version: build?.version ?? '', launcher: build?.launcher ?? '', contenders };
}

interface RunOutput {
  samples: Sample[];
  stdout: string;
  wallMs: number;
}

function launch(plan: RunPlan, timeoutS: number): RunOutput {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(plan.command, plan.args, {
    env: { ...process.env, ...plan.env }, encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 * 1024 * 1024,
    killSignal: 'SIGKILL',
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    throw new Error(`${[plan.command, ...plan.args].join(' ')}: ${why}\n${(r.stderr ?? '').slice(-2000)}`);
  }
  const samples: Sample[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{"bench"') && !line.startsWith('{"bench": ')) continue;
    samples.push(JSON.parse(line) as Sample);
  }
  return { samples, stdout: r.stdout, wallMs };
}

// ---- running a benchmark ----------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Process counts of `mean`, and the args of each program. */
const MEAN_TIME = /^Time:\s*([\d.eE+-]+)\s*s/m;

function runBench(name: BenchName, o: BenchOptions, s: Setup, log: (line: string) => void): BenchResult {
  const avail = s.contenders.filter((c) => c.available);
  const rowsByCase = new Map<string, BenchRow>();
  const row = (c: string, bytes: number): BenchRow => {
    let r = rowsByCase.get(c);
    if (!r) rowsByCase.set(c, (r = { case: c, bytes, median: {}, samples: {}, ratio: {} }));
    return r;
  };
  const loadBefore = os.loadavg().map((x) => +x.toFixed(2));
  const scale = o.quick ? 0.01 : 1;
  const maxbytes = o.maxbytes ?? (o.quick ? 65536 : 4 * 1024 * 1024);
  const notes: string[] = [];
  let unit: BenchResult['unit'] = 'us';
  let measure = name === 'ringtest' ? 'µs per hop' : name.startsWith('pingpong') || name === 'cold' ? 'µs one-way (half round trip)' : 'µs per call';
  let helloShown = false;

  for (let round = 0; round < o.rounds; round++) {
    // Rotate the order each round so that no contender always runs first or last.
    const order = avail.map((_, i) => avail[(i + round) % avail.length]!);
    for (const c of order) {
      if (name === 'futures') {
        // A pool has no C contender; one static-mode job per worker count.
        if (c.id !== 'mpi4js' && c.id !== 'mpi4py') continue;
        measure = 'µs per task through map (wall time / tasks), µs per submit round trip; static mode';
        for (const workers of [1, 2, 4]) {
          const out = launch(c.command(workers + 1, 'futures', [String(scale), '0', String(o.batches)]), o.timeoutS);
          for (const sm of out.samples) (row(sm.case, sm.bytes).samples[c.id] ??= []).push(sm.us);
        }
        continue;
      }
      if (name === 'mean') {
        unit = 's';
        measure = 's in the timed region (Scatterv + local sums + Reduce)';
        for (const np of o.ranks) {
          const args = c.id === 'mpi4js' || c.id === 'base' ? ['--n', String(o.size)] : [String(o.size)];
          const out = launch(c.command(np, 'mean', args), o.timeoutS);
          const m = MEAN_TIME.exec(out.stdout);
          if (!m) throw new Error(`mean (${c.id}, ${np} ranks): no 'Time:' line in\n${out.stdout}`);
          const r = row(`${np} rank${np > 1 ? 's' : ''}`, np);
          (r.samples[c.id] ??= []).push(Number(m[1]));
        }
        continue;
      }
      const args = [name, String(scale), String(maxbytes), String(o.batches)];
      const out = launch(c.command(o.np, 'bench', args), o.timeoutS);
      if (name === 'helloworld') {
        unit = 'ms';
        measure = 'ms to launch the job and greet from every rank (wall clock)';
        if (!helloShown && c.id === 'mpi4js') {
          log(out.stdout.split('\n').filter((l) => l.startsWith('Hello')).join('\n'));
          helloShown = true;
        }
        const r = row(`${o.np} processes`, 0);
        (r.samples[c.id] ??= []).push(out.wallMs);
        continue;
      }
      for (const sm of out.samples) {
        const r = row(sm.case, sm.bytes);
        if ('heapKiB' in sm) {
          const { bench: _b, case: _c, bytes: _y, us: _u, iters: _i, ...extra } = sm;
          if (c.id === 'base') r.extraBase = extra;
          else r.extra = extra;
          continue;
        }
        (r.samples[c.id] ??= []).push(sm.us);
      }
    }
  }

  const rows = [...rowsByCase.values()].filter((r) => o.cases === null || o.cases.includes(r.case));
  if (o.cases !== null && rows.length === 0) {
    throw new UsageError(`mpi4js bench ${name}: no case matches --cases ${o.cases.join(',')} (cases: ${[...rowsByCase.keys()].join(', ')})`);
  }
  for (const r of rows) {
    for (const id of ALL_CONTENDERS) if (r.samples[id]?.length) r.median[id] = median(r.samples[id]!);
    const js = r.median.mpi4js;
    if (js !== undefined && r.median.c) r.ratio.c = js / r.median.c;
    if (js !== undefined && r.median.mpi4py) r.ratio.mpi4py = js / r.median.mpi4py;
    if (js !== undefined && r.median.base) r.ratio.base = js / r.median.base;
  }
  if (name === 'pingpong-object') {
    const obj = rowsByCase.get('object with Float64Array')?.median.mpi4js;
    const send = rowsByCase.get('Send Float64Array')?.median.mpi4js;
    if (obj && send) notes.push(`mpi4js object holding the Float64Array / upper-case Send of the same array: ${(obj / send).toFixed(2)}x`);
  }
  for (const r of rows) {
    for (const [who, e] of [['mpi4js', r.extra], ['mpi4js@base', r.extraBase]] as const) {
      if (!e) continue;
      notes.push(`${who} ${r.case} (Send + Recv of 8 bytes): JS heap ${String(e.heapKiB)} KiB during the loop, ` +
        `${String(e.heapAfterGcKiB)} KiB after a full GC, RSS ${String(e.rssKiB)} KiB, ${String(e.minorGcs)} minor / ${String(e.majorGcs)} major GCs`);
    }
  }
  const result: BenchResult = {
    bench: name, unit, measure,
    date: new Date().toISOString(),
    machine: {
      os: `${os.type()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '',
      loadBefore, loadAfter: os.loadavg().map((x) => +x.toFixed(2)),
    },
    mpi: { flavour: s.flavour, name: s.name, version: s.version, launcher: s.launcher },
    node: process.version,
    np: name === 'mean' ? o.ranks : name === 'futures' ? [2, 3, 5] : o.np,
    rounds: o.rounds,
    contenders: Object.fromEntries(s.contenders.map((c) => [c.id, { available: c.available, detail: c.detail }])) as BenchResult['contenders'],
    rows: rows.filter((r) => Object.keys(r.median).length > 0),
    notes,
  };
  return result;
}

// ---- output -----------------------------------------------------------------------------

function fmt(v: number | undefined, unit: string): string {
  if (v === undefined) return '-';
  if (unit === 's') return v.toFixed(3);
  if (unit === 'ms') return v.toFixed(0);
  return v >= 1000 ? v.toFixed(0) : v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3);
}

function mbps(bytes: number, us: number | undefined): string {
  return us === undefined || bytes === 0 ? '-' : (bytes / us).toFixed(0);
}

/** The result as a plain-text table. */
export function formatResult(r: BenchResult): string {
  const ids = ALL_CONTENDERS.filter((id) => r.rows.some((row) => row.median[id] !== undefined));
  const bandwidth = r.bench === 'pingpong' || r.bench === 'ringtest' || r.bench === 'bcast' || r.bench === 'rma';
  const head = ['case', ...ids.map((id) => `${LABEL[id]} ${r.unit === 'us' ? 'µs' : r.unit}`)];
  if (ids.includes('c')) head.push('mpi4js/C');
  if (ids.includes('mpi4py')) head.push('mpi4js/mpi4py');
  if (ids.includes('base')) head.push('mpi4js/base');
  if (bandwidth) head.push('mpi4js MB/s', ...(ids.includes('c') ? ['C MB/s'] : []));
  const lines: string[][] = [head];
  for (const row of r.rows) {
    const cells = [row.case, ...ids.map((id) => fmt(row.median[id], r.unit))];
    if (ids.includes('c')) cells.push(row.ratio.c === undefined ? '-' : `${row.ratio.c.toFixed(2)}x`);
    if (ids.includes('mpi4py')) cells.push(row.ratio.mpi4py === undefined ? '-' : `${row.ratio.mpi4py.toFixed(2)}x`);
    if (ids.includes('base')) cells.push(row.ratio.base === undefined ? '-' : `${row.ratio.base.toFixed(3)}x`);
    if (bandwidth) cells.push(mbps(row.bytes, row.median.mpi4js), ...(ids.includes('c') ? [mbps(row.bytes, row.median.c)] : []));
    lines.push(cells);
  }
  const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const text = lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
  const np = Array.isArray(r.np) ? `${r.np.join(', ')} processes` : `${r.np} processes`;
  const header = [
    `mpi4js bench ${r.bench} — ${r.mpi.name} ${r.mpi.version}, ${np}, Node ${r.node}, median of ${r.rounds} round${r.rounds > 1 ? 's' : ''}`,
    `${r.measure}; load average ${r.machine.loadBefore[0]} before, ${r.machine.loadAfter[0]} after (${r.machine.cpus} CPUs)`,
  ];
  const foot = ALL_CONTENDERS.filter((id) => r.contenders[id] && (!r.contenders[id].available || id === 'base'))
    .map((id) => `${LABEL[id]}: ${r.contenders[id]!.detail}`);
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [...header, '', text[0]!, rule, ...text.slice(1), ...(r.notes.length || foot.length ? [''] : []),
    ...r.notes, ...foot].join('\n') + '\n';
}

/** With `--baseline` and several benchmarks: one table of every row, mpi4js@base against mpi4js. */
export function formatBaselineSummary(results: BenchResult[]): string {
  const lines: string[][] = [['benchmark', 'case', 'unit', 'mpi4js@base', 'mpi4js', 'mpi4js/base']];
  for (const r of results) {
    for (const row of r.rows) {
      if (row.ratio.base === undefined) continue;
      lines.push([r.bench, row.case, r.unit === 'us' ? 'µs' : r.unit, fmt(row.median.base, r.unit), fmt(row.median.mpi4js, r.unit), `${row.ratio.base.toFixed(3)}x`]);
    }
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const text = lines.map((l) => l.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
  const worst = Math.max(...results.flatMap((r) => r.rows.map((row) => row.ratio.base ?? 0)));
  return [`mpi4js against mpi4js@base (${results[0]?.contenders.base?.detail ?? ''}), median of ${results[0]?.rounds ?? 0} round${results[0]?.rounds === 1 ? '' : 's'}`, '',
    text[0]!, widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1), '',
    `worst ratio mpi4js/base: ${worst.toFixed(3)}x`].join('\n') + '\n';
}

function outFile(requested: string, name: string, ext: string, many: boolean): string {
  if (requested === '') return `mpi4js-bench-${name}.${ext}`;
  if (!many) return requested;
  const e = path.extname(requested);
  return `${requested.slice(0, requested.length - e.length)}-${name}${e || `.${ext}`}`;
}

/** Runs `mpi4js bench ...`; resolves to the exit code. */
export async function bench(argv: readonly string[]): Promise<number> {
  const o = parseBenchArgs(argv);
  const s = setup(o);
  const log = (line: string): void => {
    if (line) process.stdout.write(line + '\n');
  };
  const many = o.names.length > 1;
  const results: BenchResult[] = [];
  for (const name of o.names) {
    const r = runBench(name, o, s, log);
    results.push(r);
    process.stdout.write(formatResult(r) + (many ? '\n' : ''));
    if (o.json !== null) {
      const f = outFile(o.json, name, 'json', many);
      fs.writeFileSync(f, JSON.stringify(r, null, 2) + '\n');
      process.stdout.write(`wrote ${f}\n`);
    }
    if (o.svg !== null) {
      const f = outFile(o.svg, name, 'svg', many);
      fs.writeFileSync(f, renderSvg(r));
      process.stdout.write(`wrote ${f}\n`);
    }
  }
  if (many && o.baseline !== null) process.stdout.write(formatBaselineSummary(results));
  await Promise.resolve();
  return 0;
}
