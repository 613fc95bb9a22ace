/**
 * Where things are, found without loading the addon (so `mpi4js run` never touches MPI):
 * the package root, its version, the addon that `import 'mpi4js'` would load and the
 * build record (mpi4js-build.json) written next to it by scripts/install.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildInfo } from '../lifecycle';

/** The mpi4js package folder (dist/cjs/cli/ is three levels below it). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The version in mpi4js's package.json. */
export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The addon file `import 'mpi4js'` loads (lib/loader.js's choice, without loading it); null if none would load. */
export function locateAddon(env: NodeJS.ProcessEnv = process.env): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require(path.join(PACKAGE_ROOT, 'lib', 'loader.js')) as { resolve(root: string, env: NodeJS.ProcessEnv): { file: string } | null };
  return loader.resolve(PACKAGE_ROOT, env)?.file ?? null;
}

/** The build record next to an addon, or null when there is none. */
export function readBuildInfo(addon: string | null): BuildInfo | null {
  if (!addon) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(path.dirname(addon), 'mpi4js-build.json'), 'utf8')) as BuildInfo;
  } catch {
    return null;
  }
}

/** The first executable called `name` on PATH. */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const loader = require(path.join(PACKAGE_ROOT, 'lib', 'loader.js')) as { which(name: string, env: NodeJS.ProcessEnv): string | null };
  return loader.which(name, env);
}
