#!/usr/bin/env node
'use strict';
// `npm run check:package`: what a user of the published tarball gets is sound —
//   - attw --pack: the types resolve right for require and import under node10/node16/bundler;
//   - publint --strict: package.json's entry points and fields;
//   - every relative link and image of README.md is a file the tarball ships;
//   - every source map's sources are files the tarball ships;
//   - typedoc (typedoc.json): the API reference builds with zero warnings.
// Needs `npm run build:ts` first (dist/). Prints one line per check; exits non-zero on a problem.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let failed = 0;
const report = (ok, what, detail = '') => {
  if (!ok) failed++;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `\n${detail.trimEnd()}` : ''}\n`);
};

/** A devDependency's command: node_modules/.bin first, then PATH. */
function tool(name) {
  const local = path.join(root, 'node_modules', '.bin', name);
  return fs.existsSync(local) ? local : name;
}

function run(name, args) {
  const r = spawnSync(tool(name), args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  if (r.error) return { ok: false, out: `${name}: ${r.error.message} (npm install, it is a devDependency)` };
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

if (!fs.existsSync(path.join(root, 'dist', 'esm', 'index.d.mts'))) {
  report(false, 'dist/ is built', 'run `npm run build:ts` first');
  process.exit(1);
}

// The file list of the tarball, as npm would pack it.
const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
const files = new Set(JSON.parse(pack.stdout)[0].files.map((f) => f.path));

// README links: [text](target) and ![alt](target); absolute URLs and #anchors are fine as they are.
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
const broken = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
  .map((m) => m[1])
  .filter((t) => !/^(https?:|mailto:|#)/.test(t))
  .filter((t) => !files.has(path.posix.normalize(t.split('#')[0])));
report(broken.length === 0, 'README.md links resolve in the tarball or are absolute URLs', broken.map((t) => `  not in the tarball: ${t}`).join('\n'));

// Source maps: each names sources the tarball ships.
const maps = [...files].filter((f) => f.endsWith('.map'));
const orphans = [];
for (const m of maps) {
  const { sources = [] } = JSON.parse(fs.readFileSync(path.join(root, m), 'utf8'));
  for (const s of sources) {
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(m), s));
    if (!files.has(rel)) orphans.push(`  ${m} -> ${rel}`);
  }
}
report(orphans.length === 0, `${maps.length} source maps point to shipped sources`, orphans.slice(0, 10).join('\n'));

const attw = run('attw', ['--pack', '.', '--format', 'table-flipped']);
report(attw.ok, 'attw --pack: types resolve for require and import', attw.ok ? '' : attw.out);
const publint = run('publint', ['--strict']);
report(publint.ok && !/Warnings:|Errors:/.test(publint.out), 'publint --strict', publint.ok ? '' : publint.out);

const out = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mpi4js-docs-'));
const typedoc = run('typedoc', ['--out', out, '--treatWarningsAsErrors']);
fs.rmSync(out, { recursive: true, force: true });
report(typedoc.ok && !/\[warning\]|\[error\]/.test(typedoc.out), 'typedoc: the API reference with zero warnings', typedoc.ok ? '' : typedoc.out);

process.stdout.write(`check:package: ${failed === 0 ? 'no problems' : `${failed} problem(s)`}\n`);
process.exit(failed === 0 ? 0 : 1);
