/** The published types: typical mpi4py-style usage compiles under strict TypeScript, misuse does not. */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './harness';

it('test/types/usage.ts type-checks against dist/ (strict)', () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  let out = '';
  try {
    execFileSync(tsc, ['-p', path.join(ROOT, 'test', 'types', 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe('');
}, 240_000);
