/** The published types: typical mpi4py-style usage compiles under strict TypeScript, misuse does not. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FLAVOURS, ROOT, mpirun } from './harness';

/** tsc's errors for a project ('' when it type-checks); asynchronous, so vitest's worker stays responsive. */
async function tscErrors(project: string): Promise<string> {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  try {
    await promisify(execFile)(tsc, ['-p', path.join(ROOT, project)], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

it('test/types/usage.ts type-checks against dist/ (strict)', async () => {
  expect(await tscErrors('test/types/tsconfig.json')).toBe('');
}, 240_000);

// attw's "Masquerading as CJS": ESM consumers need ESM types (dist/esm/index.d.mts).
it.each(['node16', 'nodenext', 'bundler'])('default and named imports type-check under %s resolution', async (mode) => {
  expect(await tscErrors(`test/types/esm/tsconfig.${mode}.json`)).toBe('');
}, 240_000);

describe.each(FLAVOURS)('the entry points at run time on %s', (flavour) => {
  it.each(['imports.mjs', 'imports.cjs'])('%s: default, named and require() give the one MPI', async (file) => {
    const r = await mpirun(flavour, 1, `test/programs/${file}`, { singleton: true, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const checks = JSON.parse(r.stdout.trim()) as Record<string, boolean>;
    for (const [k, v] of Object.entries(checks)) expect(v, k).toBe(true);
  }, 70_000);
});
