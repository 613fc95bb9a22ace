#!/usr/bin/env node
'use strict';
// `npm run prebuild`: the prebuilt addons shipped in the tarball, one per MPI ABI, for this platform:
//   prebuilds/<platform>-<arch>/openmpi/mpi4js.node   Open MPI ABI (libmpi.so.40: Open MPI 3.0 .. 5.x)
//   prebuilds/<platform>-<arch>/mpich/mpi4js.node     MPICH ABI (libmpi.so.12: MPICH, Intel MPI, MVAPICH, Cray)
// Each is built from the same sources with only PATH changed (the flavour shims of scripts/flavours.js),
// against the oldest release we support (it then runs on newer ones of the same ABI), and linked for
// shipping (scripts/probe-mpi.js prebuildLibs). lib/loader.js picks one at load time.
// `node scripts/prebuild.js [openmpi|mpich ...]` builds only those.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, flavours, flavourDir, flavourEnv } = require('./flavours.js');

const PLATFORM = `${process.platform}-${process.arch}`;

function build(abi) {
  const stage = path.join(flavourDir(abi), 'prebuild-stage');
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  for (const name of ['binding.gyp', 'csrc', 'scripts', 'node_modules', 'package.json']) {
    fs.symlinkSync(path.join(root, name), path.join(stage, name));
  }
  const env = { ...flavourEnv(abi), MPI4JS_PREBUILD_ABI: abi };
  const t0 = Date.now();
  const r = spawnSync('nice', ['-n', '10', process.execPath, path.join(root, 'scripts', 'install.js'), '--build-from-source'],
    { cwd: stage, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr + `mpi4js: the ${abi} prebuild failed\n`);
    return false;
  }
  const out = path.join(root, 'prebuilds', PLATFORM, abi);
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(stage, 'build', 'Release', 'mpi4js.node'), path.join(out, 'mpi4js.node'));
  // The build record without this machine's paths: flavour and version for `mpi4js info` and the mismatch warning.
  const rec = JSON.parse(fs.readFileSync(path.join(stage, 'build', 'Release', 'mpi4js-build.json'), 'utf8'));
  const record = { flavour: rec.flavour, name: rec.name, version: rec.version, prebuild: true, abi, platform: PLATFORM,
    method: `prebuilt against ${rec.name} ${rec.version}`, wrapper: null, launcher: null, cflags: [], libs: [],
    builtAt: rec.builtAt, node: rec.node };
  fs.writeFileSync(path.join(out, 'mpi4js-build.json'), JSON.stringify(record, null, 2) + '\n');
  fs.rmSync(stage, { recursive: true, force: true });
  process.stdout.write(`mpi4js: prebuilt ${path.relative(root, path.join(out, 'mpi4js.node'))} against ${rec.name} ${rec.version} ` +
    `(${Math.round((Date.now() - t0) / 1000)} s)\n`);
  return true;
}

const wanted = process.argv.slice(2);
const list = wanted.length > 0 ? wanted : flavours();
if (list.length === 0) {
  process.stderr.write('mpi4js: no MPI flavour found to prebuild for (mpicc.openmpi / mpicc.mpich on PATH, or $MPI4JS_FLAVOURS)\n');
  process.exit(1);
}
let ok = true;
for (const abi of list) ok = build(abi) && ok;
process.exit(ok ? 0 : 1);
