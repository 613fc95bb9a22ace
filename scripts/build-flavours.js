#!/usr/bin/env node
'use strict';
// Builds the addon once per installed MPI flavour into build/flavours/<flavour>/, each from the
// same checkout with only PATH changed (the `module load` a cluster user does). A staging folder
// of symlinks gives node-gyp its own build/ per flavour. Skipped when nothing changed.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { root, flavours, flavourDir, flavourEnv } = require('./flavours.js');

function sourceHash() {
  const h = crypto.createHash('sha256');
  const files = ['binding.gyp', 'scripts/probe-mpi.js', 'scripts/install.js',
    ...fs.readdirSync(path.join(root, 'csrc')).sort().map((f) => `csrc/${f}`)];
  for (const f of files) h.update(f).update(fs.readFileSync(path.join(root, f)));
  return h.digest('hex');
}

function buildFlavour(flavour, hash) {
  const dir = flavourDir(flavour);
  const out = path.join(dir, 'mpi4js.node');
  const stamp = path.join(dir, 'source.hash');
  if (fs.existsSync(out) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) {
    process.stdout.write(`mpi4js: ${flavour} addon is up to date\n`);
    return true;
  }
  const stage = path.join(dir, 'stage');
  fs.mkdirSync(stage, { recursive: true });
  for (const name of ['binding.gyp', 'csrc', 'scripts', 'node_modules', 'package.json']) {
    const link = path.join(stage, name);
    try { fs.rmSync(link, { force: true }); } catch { /* absent */ }
    fs.symlinkSync(path.join(root, name), link);
  }
  const env = flavourEnv(flavour);
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'install.js'), '-j', '2'], { cwd: stage, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.stderr.write(`mpi4js: building the ${flavour} addon failed\n`);
    return false;
  }
  fs.copyFileSync(path.join(stage, 'build', 'Release', 'mpi4js.node'), out);
  fs.copyFileSync(path.join(stage, 'build', 'Release', 'mpi4js-build.json'), path.join(dir, 'mpi4js-build.json'));
  fs.writeFileSync(stamp, hash);
  process.stdout.write(`mpi4js: built the ${flavour} addon (${path.relative(root, out)})\n`);
  return true;
}

function main() {
  const list = flavours();
  if (list.length === 0) {
    process.stderr.write('mpi4js: no MPI flavour found (looked for mpicc.openmpi and mpicc.mpich on PATH, or $MPI4JS_FLAVOURS)\n');
    process.exit(1);
  }
  const hash = sourceHash();
  let ok = true;
  for (const f of list) ok = buildFlavour(f, hash) && ok;
  process.exit(ok ? 0 : 1);
}

if (require.main === module) main();
