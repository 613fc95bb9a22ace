#!/usr/bin/env node
'use strict';
// `npm install` / `npm rebuild mpi4js`: use the prebuilt addon when one loads against the MPI of this
// environment (lib/loader.js); otherwise probe the loaded MPI, check the compiler, build the addon with
// node-gyp (all cores), and record what it was built with for `mpi4js info` and `mpi4js run`.
// `--build-from-source` (npm install --build-from-source, or MPI4JS_BUILD_FROM_SOURCE=1) always builds.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { probeMpi, notFoundMessage } = require('./probe-mpi.js');

// npm runs install scripts in the package folder; build-flavours and prebuild run it in a staging folder.
const root = process.cwd();
const args = process.argv.slice(2).filter((a) => a !== '--build-from-source');
const fromSource = process.argv.includes('--build-from-source') || process.env.npm_config_build_from_source === 'true' ||
  process.env.MPI4JS_BUILD_FROM_SOURCE === '1';
// npm removes a package whose install failed, so `npm rebuild` would have nothing to rebuild: say what works.
const AGAIN = 'then run your install command again (e.g. `npm install mpi4js`; pnpm/yarn: `pnpm install` / `yarn install`)';

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return path.join(dir, name);
    } catch { /* not here */ }
  }
  return null;
}

if (!fromSource && !process.env.MPI4JS_ADDON && fs.existsSync(path.join(root, 'prebuilds'))) {
  const { load } = require('../lib/loader.js');
  try {
    const got = load(root, { ...process.env, MPI4JS_PREBUILD_ONLY: '1' });
    // A source build from before (another MPI module) would win over the prebuild at load time: this rebuild replaces it.
    fs.rmSync(path.join(root, 'build'), { recursive: true, force: true });
    process.stdout.write(`mpi4js: using the prebuilt addon ${path.relative(root, got.file)} (${got.why}); ` +
      '`npm rebuild mpi4js --build-from-source` builds it against your MPI instead\n');
    process.exit(0);
  } catch (e) {
    process.stdout.write(`mpi4js: no prebuilt addon loads here, building from source:\n${String(e.message).split('\nFix:')[0]}\n`);
  }
}

const info = probeMpi();
if (!info.found) fail(notFoundMessage(info));
process.stdout.write(`mpi4js: building against ${info.name} ${info.version} (${info.method})\n`);

// Name a missing tool now rather than in the middle of node-gyp's output.
const cxx = process.env.CXX ? process.env.CXX.split(/\s+/)[0] : ['c++', 'g++', 'clang++'].find(which);
const missing = [];
if (!cxx || !(cxx.includes(path.sep) ? fs.existsSync(cxx) : which(cxx))) missing.push(`a C++17 compiler (${process.env.CXX ? `CXX=${process.env.CXX} not found` : 'no c++, g++ or clang++ on PATH'})`);
if (!which('make')) missing.push('make');
if (!process.env.npm_config_python && !process.env.PYTHON && !which('python3') && !which('python')) missing.push('python3 (node-gyp needs it)');
if (missing.length > 0) {
  fail([`mpi4js: cannot build the addon from source: missing ${missing.join(', ')}.`,
    `No prebuilt addon matched this machine (${process.platform}-${process.arch}), so it must be compiled against your MPI.`,
    'Fix: install the build tools (Debian/Ubuntu: `apt-get install g++ make python3`; RHEL/Rocky: `dnf install gcc-c++ make python3`;',
    'on a cluster: `module load gcc`), or load an MPI for which a prebuilt addon exists (Open MPI or an MPICH-ABI MPI), ' + AGAIN + '.'].join('\n'));
}

// npm runs lifecycle scripts with npm_config_node_gyp set to its bundled node-gyp; run by hand,
// use the project's own node-gyp or the one npm ships with.
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp,
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((c) => c && fs.existsSync(c));
}
const gyp = findNodeGyp();
if (!gyp) fail(`mpi4js: node-gyp was not found: \`npm install -g node-gyp\`, ${AGAIN}.`);
// Build against the running Node's own headers when they are installed (no download needed).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = !process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
  ? [`--nodedir=${prefix}`] : [];
// The C++ files compile in parallel (node-gyp's make -j); a -j given by the caller wins.
const jobs = args.some((a) => a === '-j' || a.startsWith('--jobs')) ? [] : ['-j', 'max'];
const r = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedir, ...jobs, ...args], { cwd: root, stdio: 'inherit', env: process.env });
if (r.status !== 0) {
  fail([`mpi4js: the addon failed to build against ${info.name} ${info.version} (${info.method}).`,
    'Check that the compiler and this MPI belong together (a C++17 compiler; the MPI\'s development package: mpi.h),',
    `or load another MPI / set MPICC=/path/to/mpicc, ${AGAIN}.`].join('\n'));
}
const out = path.join(root, 'build', 'Release');
const { rawLibs, ...record } = info;
fs.writeFileSync(path.join(out, 'mpi4js-build.json'),
  JSON.stringify({ ...record, builtAt: new Date().toISOString(), node: process.version }, null, 2) + '\n');
