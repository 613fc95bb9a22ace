// The build paths of SPEC §1 / issue 2: both flavours from the same checkout by changing only PATH,
// the CMake build (`npm run build:cmake`) producing a working addon, and the one clear failure
// when no MPI can be found.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envFor, FLAVOURS, mpirun, ROOT } from '../harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { flavourDir } = require('../../scripts/flavours.js') as { flavourDir(f: string): string };

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after timeoutMs), collecting its output. */
function sh(cmd: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<Proc> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch { /* gone */ }
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(dir, name);
    if (dir && fs.existsSync(f)) return f;
  }
  return null;
}

/**
 * The environment of a machine without MPI: PATH holds only node (no mpicc, no mpiexec, no
 * pkg-config, not even /usr/bin), and MPICC / MPI_HOME / MPI_DIR are unset.
 */
function noMpiEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-nompi-'));
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bin, ...extra };
  return env;
}

describe('building from the same checkout', () => {
  it.runIf(FLAVOURS.length >= 2)('both flavours build by changing only PATH (build-flavours.js)', () => {
    const records = FLAVOURS.map((f) => {
      const rec = JSON.parse(fs.readFileSync(path.join(flavourDir(f), 'mpi4js-build.json'), 'utf8')) as {
        flavour: string; wrapper: string; tried: string[]; launcher: string;
      };
      return { f, rec, hash: fs.readFileSync(path.join(flavourDir(f), 'source.hash'), 'utf8') };
    });
    expect(new Set(records.map((r) => r.rec.flavour)).size).toBe(FLAVOURS.length);
    expect(new Set(records.map((r) => r.hash)).size, 'every flavour was built from the same sources').toBe(1);
    for (const { f, rec } of records) {
      expect(rec.flavour).toBe(f);
      // Found through the PATH shim (the simulated `module load`), not through $MPICC.
      expect(rec.wrapper).toBe(path.join(flavourDir(f), 'bin', 'mpicc'));
      expect(rec.tried).toContain('$MPICC: unset');
      expect(rec.launcher).toBe(path.join(flavourDir(f), 'bin', 'mpiexec'));
    }
  });

  it('binding.gyp and CMakeLists.txt build the same sources (every csrc/*.cc)', () => {
    const gyp = JSON.parse(fs.readFileSync(path.join(ROOT, 'binding.gyp'), 'utf8')) as { targets: { sources: string[] }[] };
    const listed = [...gyp.targets[0]!.sources].sort();
    const onDisk = fs.readdirSync(path.join(ROOT, 'csrc')).filter((f) => f.endsWith('.cc')).map((f) => `csrc/${f}`).sort();
    expect(listed).toEqual(onDisk);
    expect(fs.readFileSync(path.join(ROOT, 'CMakeLists.txt'), 'utf8')).toMatch(/file\(GLOB MPI4JS_SOURCES[^)]*csrc\/\*\.cc/);
  });
});

describe('no MPI on the machine', () => {
  const clearMessage = (text: string): void => {
    expect(text).toMatch(/^mpi4js: no MPI library was found, so the addon cannot be built\./m);
    expect(text.match(/no MPI library was found/g)?.length, 'one message, once').toBe(1);
    expect(text).toMatch(/Looked for:/);
    expect(text).toMatch(/\$MPICC: unset/);
    expect(text).toMatch(/mpicc on PATH: not found/);
    expect(text).toMatch(/\$MPI_HOME: unset/);
    expect(text).toMatch(/pkg-config ompi-c: not found/);
    expect(text).toMatch(/module load OpenMPI/);
    expect(text).toMatch(/apt-get install libopenmpi-dev/);
    // npm removes a package whose install failed, so the advice is to install again, not `npm rebuild`.
    expect(text).toMatch(/MPICC=\/path\/to\/mpicc npm install mpi4js/);
  };

  it('probe-mpi.js --check exits 1 with one clear message', async () => {
    const r = await sh(process.execPath, [path.join(ROOT, 'scripts', 'probe-mpi.js'), '--check'], { env: noMpiEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    clearMessage(r.stderr);
  });

  it('the install script (npm install / npm rebuild) fails the same way, before compiling anything', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-nompi-pkg-'));
    const r = await sh(process.execPath, [path.join(ROOT, 'scripts', 'install.js')], { env: noMpiEnv(), cwd });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    clearMessage(r.stderr);
    expect(fs.existsSync(path.join(cwd, 'build')), 'nothing was built').toBe(false);
  });

  it('a wrong $MPICC is named in the message', async () => {
    const r = await sh(process.execPath, [path.join(ROOT, 'scripts', 'probe-mpi.js'), '--check'],
      { env: noMpiEnv({ MPICC: '/opt/nowhere/bin/mpicc' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MPICC=\/opt\/nowhere\/bin\/mpicc: not a working MPI compiler wrapper/);
  });
});

const cmake = which('cmake');
const CMAKE_OUT = path.join(ROOT, 'build-cmake');

describe('CMake build (npm run build:cmake)', () => {
  const flavour = FLAVOURS[0]!;
  it.runIf(cmake !== null && FLAVOURS.length > 0)(`builds a working addon against ${flavour ?? 'the loaded MPI'}`, async () => {
    const env = envFor(flavour);
    delete env.MPI4JS_ADDON;
    env.CMAKE_BUILD_PARALLEL_LEVEL ??= String(os.availableParallelism());
    const npm = path.join(path.dirname(process.execPath), 'npm');
    const build = await sh(fs.existsSync(npm) ? npm : 'npm', ['run', 'build:cmake'], { env, timeoutMs: 600_000 });
    const log = `${build.stdout.slice(-4000)}\n${build.stderr.slice(-4000)}`;
    expect(build.code, log).toBe(0);
    const addon = path.join(CMAKE_OUT, 'Release', 'mpi4js.node');
    expect(fs.existsSync(addon), log).toBe(true);
    const rec = JSON.parse(fs.readFileSync(path.join(CMAKE_OUT, 'Release', 'mpi4js-build.json'), 'utf8')) as { flavour: string; builder: string };
    expect(rec).toMatchObject({ flavour, builder: 'cmake-js' });

    const hello = await mpirun(flavour, 2, 'examples/hello.mjs', { env: { MPI4JS_ADDON: addon } });
    expect(hello.code, hello.stderr).toBe(0);
    const lines = hello.stdout.match(/^Hello world from process \d of 2/gm) ?? [];
    expect(new Set(lines).size, hello.stdout + hello.stderr).toBe(2);
  }, 660_000);
});
