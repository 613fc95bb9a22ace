#!/usr/bin/env node
'use strict';
// `npm install` / `npm rebuild mpi4js`: probe the loaded MPI (one clear failure when there is none),
// build the addon with node-gyp, and record what it was built with for `mpi4js info` and `mpi4js run`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { probeMpi, notFoundMessage } = require('./probe-mpi.js');

// npm runs install scripts in the package folder; build-flavours runs it in a staging folder.
const root = process.cwd();
const info = probeMpi();
if (!info.found) {
  process.stderr.write(notFoundMessage(info) + '\n');
  process.exit(1);
}
process.stdout.write(`mpi4js: building against ${info.name} ${info.version} (${info.method})\n`);

// npm runs lifecycle scripts with npm_config_node_gyp set to its bundled node-gyp; run by hand,
// use the project's own node-gyp or the one npm ships with.
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp,
    path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((c) => c && fs.existsSync(c));
}
const gyp = findNodeGyp();
if (!gyp) {
  process.stderr.write('mpi4js: node-gyp was not found (install it with `npm install -g node-gyp`).\n');
  process.exit(1);
}
// Build against the running Node's own headers when they are installed (no download needed).
const prefix = path.resolve(path.dirname(process.execPath), '..');
const nodedir = !process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
  ? [`--nodedir=${prefix}`] : [];
const r = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedir, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: process.env });
if (r.status !== 0) {
  process.stderr.write(`mpi4js: the addon failed to build against ${info.name} ${info.version} (${info.method}).\n`);
  process.exit(r.status || 1);
}
const out = path.join(root, 'build', 'Release');
fs.writeFileSync(path.join(out, 'mpi4js-build.json'),
  JSON.stringify({ ...info, builtAt: new Date().toISOString(), node: process.version }, null, 2) + '\n');
