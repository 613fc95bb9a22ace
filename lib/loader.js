'use strict';
// Finds and loads the mpi4js addon (src/native.ts, scripts/install.js, `mpi4js info/run`). Plain CommonJS
// with no dependencies, so the install script can use it before anything is compiled. Order:
//   1. $MPI4JS_ADDON: that file.
//   2. build/Release/mpi4js.node: a source build (against the MPI loaded when it was built) wins.
//   3. prebuilds/<platform>-<arch>/<abi>/mpi4js.node for the MPI ABI of this environment: $MPI4JS_MPIABI
//      (openmpi|mpich), else the launcher that started this process, else the MPI library the dynamic
//      loader finds first (LD_LIBRARY_PATH, the lib folders of the mpiexec on PATH, the system folders),
//      told apart by its symbols, as mpi4py does: ompi_mpi_comm_world is Open MPI's ABI, anything else
//      exporting MPI_Get_version is the MPICH ABI. That library is loaded first (RTLD_GLOBAL), so the
//      MPICH-ABI prebuild, which names no libmpi, binds to it whether it is called libmpi.so.12
//      (MPICH, Intel MPI) or libmpich.so.12 (Debian/Ubuntu).
// node-gyp-build cannot do step 3: it ignores custom tags, so two variants of one platform tie.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ABIS = ['openmpi', 'mpich'];
const ABI_NAMES = { openmpi: 'Open MPI ABI (libmpi.so.40)', mpich: 'MPICH ABI (libmpi.so.12: MPICH, Intel MPI, MVAPICH, Cray)' };
/** Library names tried in each folder, the development link first (what `-lmpi` of the loaded MPI would take). */
const LIB_NAMES = ['libmpi.so', 'libmpi.so.40', 'libmpi.so.12', 'libmpich.so.12', 'libmpi_cray.so.12'];
const RTLD_NODELETE = 0x1000; // glibc and musl; not in os.constants.dlopen

/** The defined dynamic symbols of an ELF64 little-endian file among `wanted` (null if not such a file). */
function elfDefines(file, wanted) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const read = (pos, len) => {
      const b = Buffer.alloc(len);
      fs.readSync(fd, b, 0, len, pos);
      return b;
    };
    const eh = read(0, 64);
    if (eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) return null;
    const shoff = Number(eh.readBigUInt64LE(0x28));
    const shentsize = eh.readUInt16LE(0x3a);
    const shnum = eh.readUInt16LE(0x3c);
    if (!shoff || !shnum) return null;
    const sh = read(shoff, shentsize * shnum);
    const section = (i) => ({ type: sh.readUInt32LE(i * shentsize + 4), offset: Number(sh.readBigUInt64LE(i * shentsize + 0x18)),
      size: Number(sh.readBigUInt64LE(i * shentsize + 0x20)), link: sh.readUInt32LE(i * shentsize + 0x28) });
    for (let i = 0; i < shnum; i++) {
      const s = section(i);
      if (s.type !== 11) continue; // SHT_DYNSYM
      const strtab = section(s.link);
      const strs = read(strtab.offset, strtab.size);
      const syms = read(s.offset, s.size);
      const want = new Set(wanted);
      const found = new Set();
      for (let off = 24; off + 24 <= syms.length; off += 24) {
        if (syms.readUInt16LE(off + 6) === 0) continue; // undefined here
        const nameOff = syms.readUInt32LE(off);
        const end = strs.indexOf(0, nameOff);
        const name = strs.toString('latin1', nameOff, end);
        if (want.has(name)) found.add(name);
      }
      return found;
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The MPI ABI of a library file, by its symbols: 'openmpi', 'mpich', or null (not an MPI library we can serve). */
function classify(file) {
  const defs = elfDefines(file, ['MPI_Get_version', 'ompi_mpi_comm_world', 'MPI_Abi_get_version']);
  if (!defs || !defs.has('MPI_Get_version')) return null;
  if (defs.has('ompi_mpi_comm_world')) return 'openmpi';
  if (defs.has('MPI_Abi_get_version')) return null; // the MPI-5 standard ABI library (libmpi_abi): no prebuild yet
  return 'mpich';
}

function which(name, env) {
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch { /* not here */ }
  }
  return null;
}

const MULTIARCH = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', ppc64: 'powerpc64le-linux-gnu' }[process.arch];

/** The lib folders of an installation prefix (Debian's multiarch folder for /usr). */
function libDirsOf(prefix) {
  const dirs = [path.join(prefix, 'lib'), path.join(prefix, 'lib64')];
  if (MULTIARCH) dirs.push(path.join(prefix, 'lib', MULTIARCH));
  return dirs;
}

/** The folders the dynamic loader searches by default: /etc/ld.so.conf(.d) and the trusted ones. */
function systemDirs() {
  const dirs = [];
  const conf = (file) => {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean)) {
      if (line.startsWith('include ')) {
        const pattern = line.slice(8).trim();
        const dir = path.dirname(pattern);
        const suffix = path.basename(pattern).replace(/^\*/, '');
        try {
          for (const f of fs.readdirSync(dir).sort()) if (f.endsWith(suffix)) conf(path.join(dir, f));
        } catch { /* none */ }
      } else if (line.startsWith('/')) dirs.push(line);
    }
  };
  conf('/etc/ld.so.conf');
  if (MULTIARCH) dirs.push(`/lib/${MULTIARCH}`, `/usr/lib/${MULTIARCH}`);
  dirs.push('/lib64', '/usr/lib64', '/lib', '/usr/lib');
  return dirs;
}

/** The MPI ABI of the launcher that started this process, from the variables it sets. */
function launcherAbi(env) {
  if (env.OMPI_COMM_WORLD_SIZE) return { abi: 'openmpi', why: "started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE)" };
  if (env.PMI_SIZE && !env.SLURM_STEP_NUM_TASKS) return { abi: 'mpich', why: "started by MPICH's mpiexec (PMI_SIZE)" };
  return null;
}

/** The flavour a launcher binary belongs to, by the name it resolves to (Open MPI: orterun/prterun; MPICH: hydra). */
function launcherFlavour(file) {
  let real;
  try {
    real = fs.realpathSync(file);
  } catch {
    return null;
  }
  const base = path.basename(real);
  if (/orterun|prterun|prte|openmpi/.test(base)) return 'openmpi';
  if (/hydra|mpich/.test(base)) return 'mpich';
  return null;
}

/**
 * The MPI ABI of this environment and the library file to bind to: { abi, library, why } or { abi: null, why }.
 * `looked` collects every place looked at, for the message when nothing is found.
 */
function detect(env = process.env, looked = []) {
  const forced = env.MPI4JS_MPIABI;
  if (forced && !ABIS.includes(forced)) {
    return { abi: null, error: `MPI4JS_MPIABI=${forced} is not one of ${ABIS.join(', ')}`, why: `MPI4JS_MPIABI=${forced}` };
  }
  const launched = forced ? null : launcherAbi(env);
  const launcherOnPath = which('mpiexec', env) || which('mpirun', env);
  const pathFlavour = launcherOnPath ? launcherFlavour(launcherOnPath) : null;
  const groups = [
    ['LD_LIBRARY_PATH', (env.LD_LIBRARY_PATH || '').split(':').filter(Boolean)],
    [`the MPI on PATH (${launcherOnPath || 'no mpiexec on PATH'})`, launcherOnPath ? libDirsOf(path.dirname(path.dirname(fs.realpathSync(launcherOnPath)))) : []],
    ['the system library folders', systemDirs()],
  ];
  // The ABI wanted before any library is looked at; a folder holding both (Debian) is decided by the mpiexec on PATH.
  const want = forced || (launched && launched.abi) || null;
  const seen = new Set();
  let first = null;
  for (const [label, dirs] of groups) {
    for (const dir of dirs) {
      const inDir = {};
      for (const name of LIB_NAMES) {
        const file = path.join(dir, name);
        if (seen.has(file) || !fs.existsSync(file)) continue;
        seen.add(file);
        const abi = classify(file);
        looked.push(`${file}: ${abi ? ABI_NAMES[abi] : 'not an MPI library of a supported ABI'}`);
        if (abi && !inDir[abi]) inDir[abi] = file;
      }
      const found = Object.keys(inDir);
      if (found.length === 0) continue;
      const pick = want ? (inDir[want] ? want : null)
        : found.length === 1 ? found[0] : (pathFlavour && inDir[pathFlavour] ? pathFlavour : found[0]);
      if (pick) {
        const why = forced ? `MPI4JS_MPIABI=${forced}` : launched ? launched.why : `${inDir[pick]}, found first along ${label}`;
        return { abi: pick, library: inDir[pick], why };
      }
      if (!first) first = { abi: found[0], library: inDir[found[0]] };
    }
    if (label === 'LD_LIBRARY_PATH' && dirs.length === 0) looked.push('LD_LIBRARY_PATH: unset');
  }
  if (want) {
    return { abi: want, library: null, why: forced ? `MPI4JS_MPIABI=${forced}` : launched.why,
      error: `no ${ABI_NAMES[want]} library was found${first ? ` (only ${first.library})` : ''}` };
  }
  return { abi: null, why: 'no MPI library was found' };
}

function prebuildFile(root, abi) {
  return path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, abi, 'mpi4js.node');
}

/** The addon `load` would take, without loading anything: { file, kind, abi, why } or null. */
function resolve(root, env = process.env) {
  if (env.MPI4JS_ADDON) return { file: path.resolve(env.MPI4JS_ADDON), kind: 'override', abi: null, why: 'MPI4JS_ADDON' };
  const source = path.join(root, 'build', 'Release', 'mpi4js.node');
  if (fs.existsSync(source) && !env.MPI4JS_PREBUILD_ONLY) return { file: source, kind: 'source', abi: null, why: 'the source build' };
  const d = detect(env);
  if (d.abi && d.library && fs.existsSync(prebuildFile(root, d.abi))) {
    return { file: prebuildFile(root, d.abi), kind: 'prebuild', abi: d.abi, library: d.library, why: d.why };
  }
  return null;
}

/** The package manager that installed the package at `root` (its fix for blocked install scripts differs). */
function packageManager(root, env = process.env) {
  const p = root.split(path.sep).join('/');
  if (p.includes('/node_modules/.pnpm/')) return 'pnpm';
  if (p.includes('/.yarn/unplugged/') || fs.existsSync(path.join(root, '..', '.yarn-state.yml'))) return 'yarn';
  const agent = env.npm_config_user_agent || '';
  if (/^pnpm\//.test(agent)) return 'pnpm';
  if (/^yarn\//.test(agent)) return 'yarn';
  return 'npm';
}

const BUILD_FIX = {
  npm: ['the install script was skipped (--ignore-scripts) or failed: `npm rebuild mpi4js` builds it'],
  pnpm: ['pnpm does not run dependencies\' install scripts until approved: `pnpm approve-builds`',
    '(select mpi4js; it records the approval in pnpm-workspace.yaml and runs the build)'],
  yarn: ['let yarn run mpi4js\'s install script: add "dependenciesMeta": { "mpi4js": { "built": true } } to package.json,',
    'then `yarn install` (or `yarn rebuild mpi4js`)'],
};

/** The one message shown when no addon can be loaded: what was tried, the MPI to load, the package manager's fix. */
function notLoadedMessage(root, tried, looked, env = process.env) {
  const pm = packageManager(root, env);
  const platform = `${process.platform}-${process.arch}`;
  const shipped = ABIS.filter((abi) => fs.existsSync(prebuildFile(root, abi)));
  return [
    `mpi4js: no native addon could be loaded (${platform}, Node ${process.version}).`,
    ...tried.map((t) => `  - ${t}`),
    ...(looked.length > 0 ? ['  MPI libraries looked at:', ...looked.slice(0, 12).map((l) => `    ${l}`)] : []),
    'Fix:',
    '  1. Load your MPI first: on a cluster `module load openmpi` (or mpich, intel-mpi, cray-mpich-abi ...);',
    '     on Debian/Ubuntu `apt-get install openmpi-bin libopenmpi-dev` (or `mpich libmpich-dev`).',
    ...(shipped.length > 0
      ? [`     The prebuilt addons (${shipped.join(', ')}) need only that; $MPI4JS_MPIABI=openmpi|mpich chooses one.`]
      : [`     There is no prebuilt addon for ${platform}: it is built from source (a C++17 compiler, python3, make, mpicc).`]),
    `  2. If it still does not load, build it against that MPI (${pm}): ${BUILD_FIX[pm][0]}`,
    ...BUILD_FIX[pm].slice(1).map((l) => `     ${l}`),
  ].join('\n');
}

/** An error whose whole report is its message: printed without a stack by the CLI and by Node. */
function notLoadedError(message) {
  const err = new Error(message);
  Object.defineProperty(err, 'code', { value: 'MPI4JS_NO_ADDON' }); // not enumerable: Node would print it
  err.stack = message;
  return err;
}

function dlopen(file, flags) {
  const m = { exports: {} };
  process.dlopen(m, file, flags);
  return m.exports;
}

/** Loads `library` into the global symbol scope for the rest of the process (Node reports "did not self-register": expected). */
function preload(library) {
  const { RTLD_NOW, RTLD_GLOBAL } = os.constants.dlopen;
  try {
    dlopen(library, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  } catch (e) {
    if (!/self-register/.test(String(e && e.message))) throw e;
  }
}

/** Loads the addon: { addon, file, kind, abi, why }; throws one clear error (code MPI4JS_NO_ADDON) when none loads. */
function load(root, env = process.env) {
  if (env.MPI4JS_ADDON) {
    const file = path.resolve(env.MPI4JS_ADDON);
    return { addon: require(file), file, kind: 'override', abi: null, why: 'MPI4JS_ADDON' };
  }
  const tried = [];
  const source = path.join(root, 'build', 'Release', 'mpi4js.node');
  if (fs.existsSync(source) && !env.MPI4JS_PREBUILD_ONLY) {
    try {
      return { addon: require(source), file: source, kind: 'source', abi: null, why: 'the source build' };
    } catch (e) {
      tried.push(`${source}: ${String(e.message).split('\n')[0]}`);
    }
  } else tried.push(`${path.join('build', 'Release', 'mpi4js.node')}: not built`);
  const looked = [];
  const d = detect(env, looked);
  const file = d.abi ? prebuildFile(root, d.abi) : null;
  if (d.error) tried.push(`prebuilt addon: ${d.error} (${d.why})`);
  else if (!d.abi) tried.push(`prebuilt addon: ${d.why} (for either ABI)`);
  else if (!fs.existsSync(file)) tried.push(`prebuilt addon for the ${ABI_NAMES[d.abi]}: none for ${process.platform}-${process.arch}`);
  else {
    try {
      preload(d.library);
      // RTLD_NOW: a symbol the library lacks (an MPI older than the one built against) fails here, not mid-run.
      const addon = dlopen(file, os.constants.dlopen.RTLD_NOW);
      return { addon, file, kind: 'prebuild', abi: d.abi, library: d.library, why: d.why };
    } catch (e) {
      tried.push(`${file} (${ABI_NAMES[d.abi]}, chosen because ${d.why}): ${String(e.message).split('\n')[0]}`);
    }
  }
  throw notLoadedError(notLoadedMessage(root, tried, looked, env));
}

module.exports = { load, resolve, detect, classify, packageManager, notLoadedMessage, which, ABIS };
