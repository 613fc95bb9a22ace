'use strict';
// The MPI flavours installed side by side (Debian: mpicc.openmpi, mpicc.mpich), and a folder of
// symlinks per flavour that simulates `module load`: mpicc, mpiexec, mpirun first on PATH.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const KNOWN = ['openmpi', 'mpich'];
const TOOLS = ['mpicc', 'mpicxx', 'mpiexec', 'mpirun'];

function which(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const f = path.join(dir, name);
    if (dir && fs.existsSync(f)) return f;
  }
  return null;
}

/** Flavours to build and test: $MPI4JS_FLAVOURS (comma list) or every suffixed mpicc on PATH. */
function flavours() {
  if (process.env.MPI4JS_FLAVOURS) return process.env.MPI4JS_FLAVOURS.split(',').map((s) => s.trim()).filter(Boolean);
  return KNOWN.filter((f) => which(`mpicc.${f}`));
}

function flavourDir(flavour) {
  return path.join(root, 'build-flavours', flavour);
}

/** Creates build/flavours/<flavour>/bin with mpicc -> mpicc.<flavour> etc.; returns the folder. */
function shimDir(flavour) {
  const bin = path.join(flavourDir(flavour), 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const tool of TOOLS) {
    const target = which(`${tool}.${flavour}`);
    if (!target) continue;
    const link = path.join(bin, tool);
    try { fs.unlinkSync(link); } catch { /* new */ }
    fs.symlinkSync(fs.realpathSync(target), link);
  }
  // MPICH's hydra looks for hydra_pmi_proxy beside the name it was started as.
  const proxy = which('hydra_pmi_proxy');
  if (flavour === 'mpich' && proxy) {
    const link = path.join(bin, 'hydra_pmi_proxy');
    try { fs.unlinkSync(link); } catch { /* new */ }
    fs.symlinkSync(fs.realpathSync(proxy), link);
  }
  return bin;
}

/** Environment of a shell that has "loaded" this flavour. */
function flavourEnv(flavour, base = process.env) {
  const env = { ...base, PATH: `${shimDir(flavour)}${path.delimiter}${base.PATH}` };
  delete env.MPICC;
  delete env.MPI_HOME;
  delete env.MPI_DIR;
  if (flavour === 'openmpi') {
    Object.assign(env, {
      OMPI_ALLOW_RUN_AS_ROOT: '1',
      OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
      OMPI_MCA_rmaps_base_oversubscribe: '1',
      OMPI_MCA_mpi_yield_when_idle: '1',
    });
  }
  return env;
}

module.exports = { root, flavours, flavourDir, shimDir, flavourEnv };
