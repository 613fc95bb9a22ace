/** What the published tarball holds (issue 19 item 4/5): attw, publint, README links, source maps, TypeDoc. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './harness';

it('npm run check:package reports no problems', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-package.js')], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
  const out = `${r.stdout}${r.stderr}`;
  expect(out).toContain('check:package: no problems');
  expect(r.status, out).toBe(0);
}, 300_000);
