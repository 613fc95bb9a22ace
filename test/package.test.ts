/** What the published tarball holds (issue 19 item 4/5): attw, publint, README links, source maps, TypeDoc. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from './harness';

it('npm run check:package reports no problems', async () => {
  let out: string;
  try {
    const r = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'check-package.js')], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    out = `${r.stdout}${r.stderr}`;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    out = `${x.stdout ?? ''}${x.stderr ?? String(e)}`;
  }
  expect(out).toContain('check:package: no problems');
}, 300_000);
