/**
 * The `mpi4js` command (SPEC §9), installed as `npx mpi4js`:
 *
 *   mpi4js info [--json]                        what mpi4js was built with and runs with
 *   mpi4js run -n N [launcher options] app.ts   start N ranks with the matching launcher
 *   mpi4js bench <name> [--json] [--svg]        benchmarks against C and mpi4py
 *
 * Each subcommand is loaded only when used: `run` must not initialize MPI in the launching process.
 */
import { packageVersion } from './paths';

const USAGE = `usage: mpi4js <command> [options]
commands:
  info [--json]                                  the MPI mpi4js was built with and runs with, thread level,
                                                 launcher, and the build/launch mismatch warning
  run -n N [launcher options] script [args]      run script.{js,mjs,cjs,ts} on N processes with the launcher
                                                 of the MPI mpi4js was built with (srun inside Slurm)
  bench <name|all> [--json [f]] [--svg [f]]      benchmarks side by side with C and mpi4py: helloworld, ringtest,
                                                 pingpong, pingpong-object, pingpong-await, allreduce, bcast, mean
                                                 (mpi4js bench --help for the options)
  help                                           this text (also: mpi4js run --help)
  version                                        the mpi4js version
`;

/** Runs the command line `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'info': {
      const { info } = await import('./info');
      return info(rest);
    }
    case 'run': {
      const { run, RUN_USAGE } = await import('./run');
      if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h') {
        process.stdout.write(RUN_USAGE + '\n');
        return rest.length === 0 ? 2 : 0;
      }
      return run(rest);
    }
    case 'bench': {
      const { bench, BENCH_USAGE } = await import('./bench');
      if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h') {
        process.stdout.write(BENCH_USAGE + '\n');
        return rest.length === 0 ? 2 : 0;
      }
      return bench(rest);
    }
    case 'version':
    case '--version':
    case '-v':
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`mpi4js: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

/** Entry point of bin/mpi4js.js: runs `main` and sets the exit code (usage errors print one line, exit 2). */
export function cli(argv: readonly string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    async (err: unknown) => {
      const { UsageError } = await import('./run');
      if (err instanceof UsageError) {
        process.stderr.write(err.message + '\n');
        process.exitCode = 2;
        return;
      }
      throw err;
    },
  );
}
