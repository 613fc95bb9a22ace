/**
 * Test-side harness: runs programs under the real launcher of each MPI flavour built by
 * scripts/build-flavours.js (PATH shim = `module load`, MPI4JS_ADDON = that flavour's addon),
 * and collects the MPI4JS-TEST lines of every rank.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { root, flavours: listFlavours, flavourDir, flavourEnv } = require('../scripts/flavours.js') as {
  root: string;
  flavours(): string[];
  flavourDir(f: string): string;
  flavourEnv(f: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};

export const ROOT = root;
export const SIZES = [1, 2, 3, 4, 5];
/** Flavours with a built addon (MPI4JS_FLAVOURS narrows the list). */
export { flavourDir };
export const FLAVOURS: string[] = listFlavours().filter((f) => fs.existsSync(path.join(flavourDir(f), 'mpi4js.node')));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface RunOptions {
  args?: string[];
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  launcherArgs?: string[];
  /** Run without a launcher (a singleton `node script`). */
  singleton?: boolean;
  /** A command the launcher runs under (e.g. setpriv to drop root). */
  wrapper?: string[];
  /** Use this flavour's addon but another flavour's launcher (mismatch tests). */
  launcherFlavour?: string;
  nodeArgs?: string[];
  /** Do not retry a job that timed out or died of a signal (tests that expect exactly that). */
  noRetry?: boolean;
}

/** The environment a rank of `flavour` gets. */
export function envFor(flavour: string, extra: Record<string, string | undefined> = {}, launcherFlavour = flavour): NodeJS.ProcessEnv {
  const env = flavourEnv(launcherFlavour, process.env);
  env.MPI4JS_ADDON = path.join(flavourDir(flavour), 'mpi4js.node');
  if (flavour === 'openmpi' && launcherFlavour !== 'openmpi') {
    const { PATH: _path, ...ompi } = flavourEnv('openmpi', { PATH: '' });
    Object.assign(env, ompi);
  }
  delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Runs `node script` on n ranks with the flavour's own `mpiexec` (or as a singleton).
 * A job that hangs past its time limit or dies of a signal (the rare MPICH 4.0 + UCX startup crash
 * inside V8, see docs/DEVELOPING.md) is run once more, and the retry is printed with its reason,
 * so an intermittent fault is visible in the log without failing the run; a real bug fails twice.
 */
export async function mpirun(flavour: string, n: number, script: string, opts: RunOptions = {}): Promise<RunResult> {
  const first = await mpirunOnce(flavour, n, script, opts);
  const reason = first.timedOut ? 'timed out' : first.signal ? `signal ${first.signal}` : /Caught signal \d+/.exec(first.stderr)?.[0];
  if (!reason || opts.noRetry) return first;
  const firstLine = first.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  process.stderr.write(`[harness] RETRY ${flavour} -n ${n} ${script} ${(opts.args ?? []).join(' ')}: ${reason} | ${firstLine.slice(0, 200)}\n`);
  // The retry starts from empty per-rank report files (runSuite).
  const reports = opts.env?.MPI4JS_TEST_REPORT;
  if (reports) for (const f of fs.readdirSync(reports)) fs.rmSync(path.join(reports, f), { force: true });
  return mpirunOnce(flavour, n, script, opts);
}

function mpirunOnce(flavour: string, n: number, script: string, opts: RunOptions): Promise<RunResult> {
  const env = envFor(flavour, opts.env, opts.launcherFlavour ?? flavour);
  const file = path.isAbsolute(script) ? script : path.join(ROOT, script);
  const nodeCmd = [process.execPath, ...(opts.nodeArgs ?? []), file, ...(opts.args ?? [])];
  const cmd = [...(opts.wrapper ?? []), ...(opts.singleton ? nodeCmd : ['mpiexec', '-n', String(n), ...(opts.launcherArgs ?? []), ...nodeCmd])];
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch { /* gone */ }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, timedOut });
    });
  });
}

export interface TestLine {
  name: string;
  rank: number;
  size: number;
  ok: boolean;
  error?: string;
}

export interface SuiteReport {
  result: RunResult;
  tests: TestLine[];
  summaries: { rank: number; size: number; passed: number; failed: number }[];
}

function parseLines(stdout: string, kind: string): unknown[] {
  const out: unknown[] = [];
  for (const line of stdout.split('\n')) {
    const i = line.indexOf(`${kind} `);
    if (i >= 0) out.push(JSON.parse(line.slice(i + kind.length + 1)));
  }
  return out;
}

/** Runs a suite program (test/programs/*.mjs using lib/suite.mjs) and parses what every rank printed. */
export async function runSuite(flavour: string, n: number, program: string, opts: RunOptions = {}): Promise<SuiteReport> {
  // Each rank also appends its lines to a file of its own: stdout lines of different ranks can
  // interleave mid-line when the launcher forwards them in chunks.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-report-'));
  try {
    const result = await mpirun(flavour, n, program, { ...opts, env: { ...opts.env, MPI4JS_TEST_REPORT: dir } });
    const text = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    return {
      result,
      tests: parseLines(text, 'MPI4JS-TEST') as TestLine[],
      summaries: parseLines(text, 'MPI4JS-SUITE') as SuiteReport['summaries'],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Asserts that every rank ran the suite at the right size and every test passed. */
export function expectSuitePassed(report: SuiteReport, n: number): void {
  const failures = report.tests.filter((t) => !t.ok).map((t) => `rank ${t.rank}: ${t.name}\n${t.error}`);
  const context = `exit ${report.result.code}${report.result.timedOut ? ' (timed out)' : ''}\n${failures.join('\n')}\n--- stderr ---\n${report.result.stderr.slice(-4000)}`;
  expect(failures, context).toEqual([]);
  expect(report.summaries.length, `ranks that finished the suite\n${context}`).toBe(n);
  expect(new Set(report.summaries.map((s) => s.rank)).size, context).toBe(n);
  for (const s of report.summaries) expect(s.size, 'COMM_WORLD size (a singleton run reports 1)').toBe(n);
  expect(report.tests.length, 'tests that ran').toBeGreaterThan(0);
  expect(report.result.code, context).toBe(0);
}

/** One vitest test per flavour × size for a suite program. */
export function describeSuite(program: string,
  opts: { sizes?: number[]; timeoutMs?: number; env?: Record<string, string>; nodeArgs?: string[] } = {}): void {
  const sizes = opts.sizes ?? SIZES;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  describe.each(FLAVOURS)(`${path.basename(program)} on %s`, (flavour) => {
    it.each(sizes)(`%i rank(s)`, async (n) => {
      const report = await runSuite(flavour, n, program, { timeoutMs, env: opts.env, nodeArgs: opts.nodeArgs });
      expectSuitePassed(report, n);
    }, timeoutMs + 10_000);
  });
}
