// `npx mpi4js info` and `npx mpi4js run` (SPEC §9), driven as a user would: the bin script, each
// flavour's environment (PATH shim = `module load`), real launchers.
import { describe, expect, it } from 'vitest';
import { FLAVOURS, mpirun, type RunResult } from '../harness';

const BIN = 'bin/mpi4js.js';
const OTHER: Record<string, string> = { openmpi: 'mpich', mpich: 'openmpi' };
const LIBRARY: Record<string, RegExp> = { openmpi: /Open MPI v\d/, mpich: /MPICH Version:\s*\d/ };

/** `node bin/mpi4js.js ...args` with the flavour's environment, without a launcher. */
function cli(flavour: string, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return mpirun(flavour, 1, BIN, { singleton: true, args, timeoutMs });
}

function context(r: RunResult): string {
  return `exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n--- stdout ---\n${r.stdout.slice(-3000)}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
}

interface InfoJson {
  mpi4js: { version: string };
  node: { version: string };
  build: { flavour: string; name: string; version: string; wrapper: string; launcher: string; cflags: string[]; libs: string[] };
  runtime: { library: string; flavour: string; threadLevel: string; rank: number; size: number; hosts: Record<string, number> };
  launcher: { name: string; flavour: string; size: number } | null;
  warnings: string[];
}

function parseInfo(r: RunResult): InfoJson[] {
  const text = r.stdout.trim();
  // Several JSON documents when every rank prints (a mismatch makes each one a rank 0).
  return text.split(/\n(?=\{)/).map((doc) => JSON.parse(doc) as InfoJson);
}

describe('mpi4js CLI', () => {
  it('prints usage and rejects unknown commands', async () => {
    const flavour = FLAVOURS[0]!;
    const help = await cli(flavour, ['help']);
    expect(help.code, context(help)).toBe(0);
    expect(help.stdout).toMatch(/mpi4js <command>/);
    const bad = await cli(flavour, ['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'frobnicate'/);
    const noScript = await cli(flavour, ['run', '-n', '2']);
    expect(noScript.code).toBe(2);
    expect(noScript.stderr).toMatch(/no script given/);
    const missing = await cli(flavour, ['run', '-n', '2', 'no/such/file.mjs']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/script not found/);
  });
});

describe.each(FLAVOURS)('mpi4js info on %s', (flavour) => {
  it('singleton, text', async () => {
    const r = await cli(flavour, ['info']);
    expect(r.code, context(r)).toBe(0);
    expect(r.stdout).toMatch(/^mpi4js \d+\.\d+\.\d+/);
    expect(r.stdout).toContain(`Node.js ${process.version}`);
    expect(r.stdout).toMatch(new RegExp(`Built with: +${flavour === 'openmpi' ? 'Open MPI' : 'MPICH'} \\d`));
    expect(r.stdout).toMatch(/wrapper: +\S*mpicc/);
    expect(r.stdout).toMatch(/Runs with: /);
    expect(r.stdout).toMatch(LIBRARY[flavour]!);
    expect(r.stdout).toMatch(/threads: +MPI_THREAD_\w+ provided/);
    expect(r.stdout).toMatch(/Launcher: +none \(singleton/);
    expect(r.stdout).not.toMatch(/warning/);
  });

  it('singleton, --json', async () => {
    const r = await cli(flavour, ['info', '--json']);
    expect(r.code, context(r)).toBe(0);
    const [info] = parseInfo(r);
    expect(info!.build.flavour).toBe(flavour);
    expect(info!.build.wrapper).toMatch(/mpicc$/);
    expect(info!.build.launcher).toMatch(/mpiexec$/);
    expect(info!.build.cflags.length).toBeGreaterThan(0);
    expect(info!.runtime.flavour).toBe(flavour);
    expect(info!.runtime.library).toMatch(LIBRARY[flavour]!);
    expect(info!.runtime.threadLevel).toBe('MPI_THREAD_MULTIPLE');
    expect([info!.runtime.rank, info!.runtime.size]).toEqual([0, 1]);
    expect(info!.node.version).toBe(process.version);
    expect(info!.launcher).toBeNull();
    expect(info!.warnings).toEqual([]);
  });

  it('under mpiexec -n 3: rank 0 prints once for all', async () => {
    const r = await mpirun(flavour, 3, BIN, { args: ['info', '--json'] });
    expect(r.code, context(r)).toBe(0);
    const docs = parseInfo(r);
    expect(docs.length, context(r)).toBe(1);
    expect(docs[0]!.runtime.size).toBe(3);
    expect(Object.values(docs[0]!.runtime.hosts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(docs[0]!.launcher).toMatchObject({ flavour, size: 3 });
    expect(docs[0]!.warnings).toEqual([]);
    const text = await mpirun(flavour, 2, BIN, { args: ['info'] });
    expect(text.code, context(text)).toBe(0);
    expect(text.stdout.match(/^Built with:/gm)?.length, context(text)).toBe(1);
    expect(text.stdout).toMatch(/processes: +2 /);
  });

  it.runIf(FLAVOURS.includes(OTHER[flavour]!))("launched by the other MPI's mpiexec: the mismatch warning", async () => {
    const r = await mpirun(flavour, 2, BIN, { args: ['info', '--json'], launcherFlavour: OTHER[flavour]! });
    expect(r.code, context(r)).toBe(0);
    const docs = parseInfo(r);
    expect(docs.length, context(r)).toBe(2);
    for (const info of docs) {
      expect(info.runtime.size).toBe(1);
      expect(info.launcher).toMatchObject({ flavour: OTHER[flavour], size: 2 });
      expect(info.warnings.join('\n')).toMatch(/rank 0 of 1, but .* started 2 processes/);
      expect(info.warnings.join('\n')).toMatch(/npm rebuild mpi4js/);
    }
    expect(r.stderr).toMatch(/mpi4js: warning: this process is rank 0 of 1/);
  });
});

describe.each(FLAVOURS)('mpi4js run on %s', (flavour) => {
  it.each([1, 2, 3])('examples/hello.mjs on %i rank(s)', async (n) => {
    const r = await cli(flavour, ['run', '-n', String(n), 'examples/hello.mjs']);
    expect(r.code, context(r)).toBe(0);
    const lines = r.stdout.match(/^Hello world from process \d+ of \d+/gm) ?? [];
    expect(lines.length, context(r)).toBe(n);
    expect(new Set(lines).size).toBe(n);
    for (const l of lines) expect(l).toMatch(new RegExp(` of ${n}$`));
  });

  it.each([1, 2, 3])('a TypeScript program on %i rank(s), with arguments', async (n) => {
    const r = await cli(flavour, ['run', '-n', String(n), 'test/programs/hello.mts', 'one', 'two words']);
    expect(r.code, context(r)).toBe(0);
    const greetings = (r.stdout.match(/^TS-HELLO .*$/gm) ?? []).map((l) => l.slice('TS-HELLO '.length));
    expect(greetings.length, context(r)).toBe(n);
    const ranks = greetings.map((g) => JSON.parse(g.slice(0, g.indexOf(' args='))) as { rank: number; size: number });
    expect(ranks.map((g) => g.rank).sort()).toEqual([...Array(n).keys()]);
    for (const g of ranks) expect(g.size).toBe(n);
    for (const g of greetings) expect(g).toContain('args=["one","two words"]');
  });

  it("exits with the launcher's code, and --dry-run names the flavour's launcher", async () => {
    const failed = await cli(flavour, ['run', '-n', '2', 'test/programs/exit-code.mjs', '3', '1']);
    expect(failed.code, context(failed)).toBe(3);
    const ok = await cli(flavour, ['run', '-n', '2', 'test/programs/exit-code.mjs', '0']);
    expect(ok.code, context(ok)).toBe(0);
    const dry = await cli(flavour, ['run', '--dry-run', '-n', '4', 'test/programs/hello.mts']);
    expect(dry.code, context(dry)).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`build-flavours/${flavour}/bin/mpiexec -n 4 `));
    // Node's own type stripping where this Node has it (22.6+), else the tsx loader (Node 20).
    expect(dry.stdout).toMatch(/(--import file:\/\/\S*tsx\S*|--disable-warning=ExperimentalWarning) \S*test\/programs\/hello\.mts/);
  });
});
