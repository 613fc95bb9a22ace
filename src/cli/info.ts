/**
 * `mpi4js info [--json]` (SPEC §9): what mpi4js was built with, what it runs with, the thread
 * level, the launcher this process was started by, and the build/launch mismatch warning
 * (SPEC §1). Works as a singleton and under any launcher; with several ranks, rank 0 prints
 * once for all (the hosts of every rank are collected with point-to-point messages).
 */
import * as path from 'node:path';
import { PACKAGE_ROOT, packageVersion } from './paths';

/** Everything `mpi4js info` reports; `--json` prints exactly this object. */
export interface Info {
  mpi4js: { version: string; path: string };
  node: { version: string; execPath: string; platform: string; arch: string };
  build: {
    addon: string;
    flavour: string | null;
    name: string | null;
    version: string | null;
    wrapper: string | null;
    launcher: string | null;
    method: string | null;
    cflags: string[];
    libs: string[];
    builtAt: string | null;
  };
  runtime: {
    library: string;
    flavour: string;
    standard: string;
    threadLevel: string;
    requestedThreadLevel: string;
    rank: number;
    size: number;
    hosts: Record<string, number>;
  };
  launcher: { name: string; flavour: string; size: number } | null;
  warnings: string[];
}

/** The flavour a library version string belongs to (`MPI_Get_library_version`). */
export function libraryFlavour(library: string): string {
  if (/Open MPI/i.test(library)) return 'openmpi';
  if (/MPICH|Intel\(R\) MPI|MVAPICH|CRAY MPICH/i.test(library)) return 'mpich';
  return 'unknown';
}

/** Collects the report; collective over COMM_WORLD (every rank must call it). */
export async function collectInfo(): Promise<Info> {
  // Importing mpi4js initializes MPI (and prints the mismatch warning to stderr, as any program would).
  const { MPI } = await import('../index');
  const lifecycle = await import('../lifecycle');
  const { addonPath } = await import('../native');
  const b = lifecycle.buildInfo() as ReturnType<typeof lifecycle.buildInfo> & { builtAt?: string };

  const levelName = (level: number): string => {
    const names = ['THREAD_SINGLE', 'THREAD_FUNNELED', 'THREAD_SERIALIZED', 'THREAD_MULTIPLE'] as const;
    const name = names.find((n) => MPI[n] === level);
    return name ? `MPI_${name}` : String(level);
  };

  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const me = MPI.Get_processor_name();
  const hosts: Record<string, number> = { [me]: 1 };
  if (size > 1) {
    const TAG = 4242;
    if (rank === 0) {
      for (let r = 1; r < size; r++) {
        const h = comm.recv(r, TAG) as string;
        hosts[h] = (hosts[h] ?? 0) + 1;
      }
    } else {
      comm.send(me, 0, TAG);
    }
  }

  const library = MPI.Get_library_version().trim();
  const runFlavour = libraryFlavour(library);
  const launcher = lifecycle.detectLauncher();
  const warnings: string[] = [];
  if (launcher && launcher.size > 1 && size === 1) warnings.push(lifecycle.mismatchWarning(launcher));
  if (b.flavour && runFlavour !== 'unknown' && b.flavour !== 'unknown' && b.flavour !== runFlavour) {
    warnings.push(`mpi4js: warning: the addon was built with ${b.name ?? b.flavour} but the library loaded at run time is ${library.split('\n')[0]}; ` +
      'load the module of the MPI you built with, or `npm rebuild mpi4js` with the right module loaded.');
  }
  const [major, minor] = MPI.Get_version();
  let requested: string;
  try {
    requested = levelName(lifecycle.requestedThreadLevel());
  } catch {
    requested = process.env.MPI4JS_THREAD_LEVEL ?? '';
  }

  return {
    mpi4js: { version: packageVersion(), path: PACKAGE_ROOT },
    node: { version: process.version, execPath: process.execPath, platform: process.platform, arch: process.arch },
    build: {
      addon: addonPath,
      flavour: b.flavour ?? null,
      name: b.name ?? null,
      version: b.version ?? null,
      wrapper: b.wrapper ?? null,
      launcher: b.launcher ?? null,
      method: b.method ?? null,
      cflags: b.cflags ?? [],
      libs: b.libs ?? [],
      builtAt: b.builtAt ?? null,
    },
    runtime: {
      library,
      flavour: runFlavour,
      standard: `${major}.${minor}`,
      threadLevel: levelName(MPI.Query_thread()),
      requestedThreadLevel: requested,
      rank,
      size,
      hosts,
    },
    launcher,
    warnings,
  };
}

/** The human-readable report. */
export function formatInfo(info: Info): string {
  const b = info.build;
  const r = info.runtime;
  const lines = [
    `mpi4js ${info.mpi4js.version} (${info.mpi4js.path})`,
    `Node.js ${info.node.version} (${info.node.execPath}, ${info.node.platform}-${info.node.arch})`,
    '',
    `Built with:   ${b.name ?? b.flavour ?? 'unknown MPI (no mpi4js-build.json next to the addon)'}${b.version ? ` ${b.version}` : ''}${b.flavour ? ` [${b.flavour}]` : ''}`,
    `  addon:      ${b.addon}`,
    `  wrapper:    ${b.wrapper ?? '-'}`,
    `  found by:   ${b.method ?? '-'}`,
    `  launcher:   ${b.launcher ?? '-'}`,
    `  cflags:     ${b.cflags.join(' ') || '-'}`,
    `  libs:       ${b.libs.join(' ') || '-'}`,
    ...(b.builtAt ? [`  built at:   ${b.builtAt}`] : []),
    '',
    `Runs with:    ${r.library.split('\n')[0]!.replace(/\s+/g, ' ').trim()} [${r.flavour}]`,
    `  standard:   MPI ${r.standard}`,
    `  threads:    ${r.threadLevel} provided (${r.requestedThreadLevel} requested)`,
    `  processes:  ${r.size} (${Object.entries(r.hosts).map(([h, n]) => `${h} x${n}`).join(', ')})`,
    '',
    `Launcher:     ${info.launcher ? `${info.launcher.name} (${info.launcher.size} processes)` : `none (singleton: ${path.basename(info.node.execPath)} started directly)`}`,
  ];
  if (info.warnings.length > 0) lines.push('', ...info.warnings);
  return lines.join('\n') + '\n';
}

/** Runs `mpi4js info [--json]`; returns the exit code. */
export async function info(argv: readonly string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`mpi4js info: unknown argument '${unknown[0]}'\nusage: mpi4js info [--json]\n`);
    return 2;
  }
  let report: Info;
  try {
    report = await collectInfo();
  } catch (err) {
    // No addon loads: lib/loader.js's message is the whole report (what to load first, the package manager's fix).
    if ((err as { code?: string }).code !== 'MPI4JS_NO_ADDON') throw err;
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  // With several ranks, rank 0 speaks for all; under a mismatch every rank is a rank 0 and prints.
  if (report.runtime.rank !== 0) return 0;
  process.stdout.write(argv.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatInfo(report));
  return 0;
}
