#!/usr/bin/env node
'use strict';
// Finds the MPI that the shell has loaded, the one probe every build path uses
// (node-gyp via binding.gyp, cmake-js via CMakeLists.txt, `mpi4js info`, the test runner).
//
// Order (SPEC §1): $MPICC, `mpicc` on PATH, $MPI_HOME / $MPI_DIR, pkg-config (ompi-c, mpich).
//
//   node scripts/probe-mpi.js --json      everything, as JSON
//   node scripts/probe-mpi.js --cflags    compile flags (for binding.gyp)
//   node scripts/probe-mpi.js --libs      link flags, with an rpath for non-system prefixes
//   node scripts/probe-mpi.js --check     exit 1 with one clear message when no MPI is found
//   node scripts/probe-mpi.js --record F  write the build record (JSON) to file F (CMake's post-build step)

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const SYSTEM_LIB_DIRS = new Set(['/usr/lib', '/usr/lib64', '/lib', '/lib64',
  '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/local/lib']);

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000 }).trim();
  } catch {
    return null;
  }
}

// The executable `name` on PATH (the loader's search, shared).
const which = (name) => require('../lib/loader.js').which(name, process.env);

/** Splits a flag string the way a shell would for the simple flags wrappers print. */
function splitFlags(s) {
  return (s.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) || []).map((t) => t.replace(/^["']|["']$/g, ''));
}

/** Keeps only the flags a C++ addon needs from a wrapper's full command line. */
function sortFlags(tokens) {
  const cflags = [];
  const libs = [];
  for (const t of tokens) {
    if (t.startsWith('-I') || t.startsWith('-D') || t === '-pthread') cflags.push(t);
    if (t.startsWith('-L') || t.startsWith('-l') || t.startsWith('-Wl,') || t === '-pthread') libs.push(t);
  }
  return { cflags, libs };
}

function fromWrapper(wrapper) {
  const compile = run(wrapper, ['-showme:compile']);
  const link = run(wrapper, ['-showme:link']);
  if (compile !== null && link !== null) {
    return { ...sortFlags([...splitFlags(compile), ...splitFlags(link)]), method: `${wrapper} -showme:compile/-showme:link` };
  }
  const show = run(wrapper, ['-show']);
  if (show !== null && show.length > 0) {
    return { ...sortFlags(splitFlags(show).slice(1)), method: `${wrapper} -show` };
  }
  return null;
}

function fromPrefix(prefix) {
  const wrapper = path.join(prefix, 'bin', 'mpicc');
  if (fs.existsSync(wrapper)) {
    const r = fromWrapper(wrapper);
    if (r) return { ...r, wrapper };
  }
  const inc = path.join(prefix, 'include');
  if (!fs.existsSync(path.join(inc, 'mpi.h'))) return null;
  for (const libdir of ['lib', 'lib64']) {
    const dir = path.join(prefix, libdir);
    for (const lib of ['mpi', 'mpich']) {
      if (fs.existsSync(path.join(dir, `lib${lib}.so`)) || fs.existsSync(path.join(dir, `lib${lib}.dylib`))) {
        return { cflags: [`-I${inc}`], libs: [`-L${dir}`, `-l${lib}`], method: `prefix ${prefix}` };
      }
    }
  }
  return null;
}

function fromPkgConfig(pkg) {
  const cflags = run('pkg-config', ['--cflags', pkg]);
  const libs = run('pkg-config', ['--libs', pkg]);
  if (cflags === null || libs === null) return null;
  return { ...sortFlags([...splitFlags(cflags), ...splitFlags(libs)]), method: `pkg-config ${pkg}` };
}

/** Reads flavour and version from the mpi.h the flags point at. */
function readHeader(cflags) {
  const dirs = cflags.filter((f) => f.startsWith('-I')).map((f) => f.slice(2));
  dirs.push('/usr/include', '/usr/local/include');
  for (const dir of dirs) {
    const file = path.join(dir, 'mpi.h');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const num = (name) => {
      const m = text.match(new RegExp(`#define\\s+${name}\\s+(\\d+)`));
      return m ? Number(m[1]) : null;
    };
    if (/OMPI_MAJOR_VERSION/.test(text)) {
      return { flavour: 'openmpi', name: 'Open MPI', header: file,
        version: `${num('OMPI_MAJOR_VERSION')}.${num('OMPI_MINOR_VERSION')}.${num('OMPI_RELEASE_VERSION')}` };
    }
    const mpich = text.match(/#define\s+MPICH_VERSION\s+"([^"]+)"/);
    if (mpich) {
      let name = 'MPICH';
      if (/I_MPI_VERSION|Intel/.test(text)) name = 'Intel MPI';
      else if (/MVAPICH/.test(text)) name = 'MVAPICH';
      return { flavour: 'mpich', name, header: file, version: mpich[1] };
    }
    return { flavour: 'unknown', name: 'MPI', header: file, version: `${num('MPI_VERSION')}.${num('MPI_SUBVERSION')}` };
  }
  return null;
}

/** The launcher that belongs with a wrapper: mpicc.mpich -> mpiexec.mpich, /opt/x/bin/mpicc -> /opt/x/bin/mpiexec. */
function findLauncher(wrapper) {
  if (!wrapper) return which('mpiexec') || which('mpirun');
  const dir = path.dirname(wrapper);
  const base = path.basename(wrapper);
  const suffix = base.startsWith('mpicc') ? base.slice('mpicc'.length) : '';
  for (const name of [`mpiexec${suffix}`, `mpirun${suffix}`, 'mpiexec', 'mpirun']) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/**
 * Link flags of a prebuilt addon (`MPI4JS_PREBUILD_ABI`, set by scripts/prebuild.js): no rpath to the
 * build machine's MPI, and libstdc++ linked in so the binary does not need this machine's compiler runtime.
 * The MPICH-ABI build names no libmpi at all: MPICH, Intel MPI and Cray call it libmpi.so.12 but
 * Debian/Ubuntu libmpich.so.12, so lib/loader.js loads the library it found first (RTLD_GLOBAL).
 */
function prebuildLibs(abi, libs) {
  const runtime = ['-static-libstdc++', '-static-libgcc', '-Wl,--exclude-libs,ALL', '-pthread'];
  if (abi === 'mpich') return runtime;
  return [...libs.filter((f) => f.startsWith('-L') || f.startsWith('-l')), ...runtime];
}

function withRpath(libs) {
  const rpaths = libs.filter((f) => f.startsWith('-L')).map((f) => f.slice(2))
    .filter((d) => !SYSTEM_LIB_DIRS.has(path.resolve(d)))
    .map((d) => `-Wl,-rpath,${d}`);
  return [...libs, ...rpaths];
}

function probeMpi() {
  const tried = [];
  const attempt = (label, fn) => {
    const r = fn();
    tried.push(`${label}: ${r ? 'found' : 'not found'}`);
    return r;
  };
  let found = null;
  let wrapper = null;
  if (process.env.MPICC) {
    // An explicit MPICC is the user's choice: when it does not work, say so instead of building against another MPI.
    wrapper = process.env.MPICC.includes(path.sep) ? process.env.MPICC : which(process.env.MPICC);
    found = wrapper && attempt(`MPICC=${process.env.MPICC}`, () => fromWrapper(wrapper));
    if (!found) {
      tried.push(`MPICC=${process.env.MPICC}: not a working MPI compiler wrapper (${wrapper ? 'neither -showme:compile nor -show answered' : 'no such executable'})`);
      return { found: false, tried, badMpicc: process.env.MPICC };
    }
  } else tried.push('$MPICC: unset');
  if (!found) {
    wrapper = which('mpicc');
    found = wrapper ? attempt(`mpicc on PATH (${wrapper})`, () => fromWrapper(wrapper)) : null;
    if (!wrapper) tried.push('mpicc on PATH: not found');
  }
  for (const v of ['MPI_HOME', 'MPI_DIR']) {
    if (found) break;
    if (process.env[v]) {
      found = attempt(`$${v}=${process.env[v]}`, () => fromPrefix(process.env[v]));
      if (found) wrapper = found.wrapper || null;
    } else tried.push(`$${v}: unset`);
  }
  for (const pkg of ['ompi-c', 'mpich']) {
    if (found) break;
    found = attempt(`pkg-config ${pkg}`, () => fromPkgConfig(pkg));
    if (found) wrapper = null;
  }
  if (!found) return { found: false, tried };
  const header = readHeader(found.cflags) || { flavour: 'unknown', name: 'MPI', version: 'unknown', header: null };
  return {
    found: true,
    tried,
    method: found.method,
    wrapper: wrapper || null,
    flavour: header.flavour,
    name: header.name,
    version: header.version,
    header: header.header,
    launcher: findLauncher(wrapper),
    cflags: found.cflags,
    libs: withRpath(found.libs),
    rawLibs: found.libs,
  };
}

function notFoundMessage(info) {
  if (info.badMpicc) {
    return [
      `mpi4js: MPICC=${info.badMpicc} is set, but it is not a working MPI compiler wrapper, so the addon was not built.`,
      ...info.tried.map((t) => `  - ${t}`),
      'Fix: point MPICC at the mpicc of your MPI (e.g. `MPICC=$(command -v mpicc)`), or unset MPICC to use the mpicc first on PATH,',
      'then install again.',
    ].join('\n');
  }
  return [
    'mpi4js: no MPI library was found, so the addon cannot be built.',
    'Looked for:',
    ...info.tried.map((t) => `  - ${t}`),
    'Fix one of:',
    '  - on a cluster: load an MPI module first, e.g. `module load OpenMPI` or `module load MPICH`, then `npm install mpi4js` again',
    '  - on Debian/Ubuntu: `apt-get install libopenmpi-dev openmpi-bin` (or `libmpich-dev mpich`)',
    '  - point at a compiler wrapper: `MPICC=/path/to/mpicc npm install mpi4js` (or set MPI_HOME to the MPI prefix)',
    '(npm removes a package whose install failed; `npm rebuild mpi4js` is for one that is installed.)',
  ].join('\n');
}

module.exports = { probeMpi, notFoundMessage };

if (require.main === module) {
  const info = probeMpi();
  const arg = process.argv[2] || '--json';
  if (!info.found) {
    if (arg === '--json') process.stdout.write(JSON.stringify(info, null, 2) + '\n');
    else process.stderr.write(notFoundMessage(info) + '\n');
    process.exit(1);
  }
  if (arg === '--record') {
    // `--record FILE [builder]`: the build record next to an addon (CMakeLists.txt's post-build step).
    fs.writeFileSync(process.argv[3], JSON.stringify({ ...info, builtAt: new Date().toISOString(), node: process.version,
      builder: process.argv[4] || 'node-gyp' }, null, 2) + '\n');
  } else if (arg === '--cflags') process.stdout.write(info.cflags.join(' ') + '\n');
  else if (arg === '--libs' && process.env.MPI4JS_PREBUILD_ABI) process.stdout.write(prebuildLibs(process.env.MPI4JS_PREBUILD_ABI, info.rawLibs).join(' ') + '\n');
  else if (arg === '--libs') process.stdout.write(info.libs.join(' ') + '\n');
  else if (arg === '--check') process.stdout.write(`mpi4js: building against ${info.name} ${info.version} (${info.method})\n`);
  else process.stdout.write(JSON.stringify(info, null, 2) + '\n');
}
