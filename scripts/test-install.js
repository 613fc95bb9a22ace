#!/usr/bin/env node
'use strict';
// `npm run test:install`: installs the packed tarball as a user would and runs it under each MPI.
//   - the compiler, make, pkg-config and every MPI wrapper hidden from PATH (a cluster login node):
//     npm / pnpm 10 / yarn 4 install, then hello + point-to-point at 2 ranks under Open MPI's mpirun
//     and MPICH's mpiexec, and `mpi4js info --json` asserting the prebuild of that MPI's ABI was picked;
//   - a tarball without prebuilds whose install script is blocked (pnpm, yarn, npm --ignore-scripts):
//     `import 'mpi4js'` and `mpi4js info` print one message naming that package manager's fix;
//   - with the compiler: an install that uses the prebuild, an explicit broken MPICC, a missing compiler;
//   - --source: `npm install --build-from-source` and `npm rebuild mpi4js` build from source (minutes).
// Options: --pm npm,pnpm,yarn  --node 20,22,24  --source  --table FILE (the matrix as Markdown).
// Default (CI): npm, pnpm and yarn on the Node running this script. Ends with `install: N passed, M failed`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { nodeBinDir, packageManagersBinDir, stageSource } = require('./ci-tools.js');

const root = path.resolve(__dirname, '..');
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const PMS = opt('pm', 'npm,pnpm,yarn').split(',');
const NODES = opt('node', process.versions.node.split('.')[0]).split(',');
const SOURCE = process.argv.includes('--source');
const TABLE = opt('table', null);
const FLAVOURS = ['openmpi', 'mpich'];
const PLATFORM = `${process.platform}-${process.arch}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-install-'));
const rows = [];
let passed = 0;
let failed = 0;

function record(ok, what, detail) {
  if (ok) passed++;
  else failed++;
  rows.push({ ok, what, detail });
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${detail}\n`);
}

function run(cmd, args, { cwd, env, timeout = 600_000 }) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`, ms: Date.now() - t0 };
}

/** /usr/bin and friends without compilers, build tools, pkg-config, MPI wrappers/launchers and Node tools. */
function hiddenToolsDir() {
  const dir = path.join(work, 'tools');
  fs.mkdirSync(dir);
  const HIDE = /^(cc|c\+\+|cpp|c89|c99|gcc|g\+\+|clang|clang\+\+|make|gmake|cmake|ninja|pkg-config|pkgconf|node|nodejs|npm|npx|corepack|pnpm|pnpx|yarn|yarnpkg)$|^(gcc|g\+\+|cpp|c\+\+|clang)-|-linux-gnu-|pkg-config$|^(mpi|orte|ompi|opal|hydra|prte|oshcc|shmem)/;
  for (const src of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    let names = [];
    try {
      names = fs.readdirSync(src);
    } catch { /* absent */ }
    for (const n of names) {
      if (HIDE.test(n) || fs.existsSync(path.join(dir, n))) continue;
      fs.symlinkSync(path.join(src, n), path.join(dir, n));
    }
  }
  return dir;
}

/** A `module load` of one MPI without its compiler wrapper: mpiexec and mpirun only. */
function launcherDir(flavour) {
  const dir = path.join(work, `launch-${flavour}`);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(dir);
  const real = (n) => {
    for (const d of (process.env.PATH || '').split(':')) if (d && fs.existsSync(path.join(d, n))) return fs.realpathSync(path.join(d, n));
    return null;
  };
  for (const t of ['mpiexec', 'mpirun']) {
    const target = real(`${t}.${flavour}`);
    if (target && !fs.existsSync(path.join(dir, t))) fs.symlinkSync(target, path.join(dir, t));
  }
  if (flavour === 'mpich' && real('hydra_pmi_proxy')) fs.symlinkSync(real('hydra_pmi_proxy'), path.join(dir, 'hydra_pmi_proxy'));
  return dir;
}

/** The environment of a user shell: no npm_* from the `npm run` that started us, nothing of mpi4js's test setup. */
function baseEnv(pathDirs, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|MPI4JS_|OMPI_|PMI|MPICC|MPI_HOME|MPI_DIR|INIT_CWD|NODE_OPTIONS|VITEST)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, PATH: pathDirs.join(':'), NO_COLOR: '1', ...extra };
}

const OMPI_ENV = { OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1', OMPI_MCA_rmaps_base_oversubscribe: '1' };

const HELLO = `import { MPI } from 'mpi4js';
const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank(), size = comm.Get_size();
const next = (rank + 1) % size, prev = (rank + size - 1) % size;
const buf = new Float64Array([rank, rank * 2]);
const got = new Float64Array(2);
comm.Sendrecv(buf, next, 1, got, prev, 1);
const obj = comm.sendrecv({ from: rank }, next, 2, prev, 2);
const ok = got[0] === prev && got[1] === prev * 2 && obj.from === prev;
console.log(\`HELLO \${rank}/\${size} p2p=\${ok ? 'ok' : 'BAD'} \${MPI.Get_library_version().split('\\n')[0].split(',')[0]}\`);
`;
const HELLO_TS = `import { MPI } from 'mpi4js';
const size: number = MPI.COMM_WORLD.Get_size();
console.log(\`TS-HELLO \${MPI.COMM_WORLD.Get_rank()}/\${size}\`);
`;

/** A bin folder with only Node `major` and npm (the system's npm-cli.js, which runs on the node first on PATH). */
function nodeDir(major) {
  const dir = path.join(work, `node${major}`);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(nodeBinDir(major), 'node'), path.join(dir, 'node'));
  for (const t of ['npm', 'npx']) {
    const found = (process.env.PATH || '').split(':').map((d) => path.join(d, t)).find((f) => fs.existsSync(f));
    if (found) fs.symlinkSync(fs.realpathSync(found), path.join(dir, t));
  }
  return dir;
}

function makeProject(name, pm, tarball) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module',
    dependencies: { mpi4js: `file:${tarball}` } }, null, 2));
  fs.writeFileSync(path.join(dir, 'hello.mjs'), HELLO);
  fs.writeFileSync(path.join(dir, 'hello.ts'), HELLO_TS);
  if (pm === 'yarn') {
    const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim() || 'https://registry.npmjs.org';
    // The registry reached here lacks @cbor-extract/*@2.2.3 for other platforms, which yarn resolves for its lockfile.
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    pkg.resolutions = { 'cbor-extract': '2.2.2' };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    fs.writeFileSync(path.join(dir, '.yarnrc.yml'), `nodeLinker: node-modules\nnpmRegistryServer: "${registry.replace(/\/$/, '')}"\nenableTelemetry: false\n`);
  }
  return dir;
}

const INSTALL = {
  npm: (extra = []) => ['npm', ['install', '--no-audit', '--no-fund', ...extra]],
  pnpm: (extra = []) => ['pnpm', ['install', '--no-frozen-lockfile', '--reporter=append-only', ...extra]],
  yarn: (extra = []) => ['yarn', ['install', '--no-immutable', ...extra]],
};

function lastLines(s, n = 3) {
  return s.trim().split('\n').filter(Boolean).slice(-n).join(' | ').replace(/\s+/g, ' ').slice(0, 300);
}

/** Runs hello at 2 ranks and `mpi4js info --json` under `flavour`; checks the prebuild of that ABI was picked. */
function runUnder(label, dir, pathDirs, flavour, ts) {
  const env = baseEnv([launcherDir(flavour), ...pathDirs], flavour === 'openmpi' ? OMPI_ENV : {});
  const launcher = flavour === 'openmpi' ? 'mpirun' : 'mpiexec';
  const h = run(launcher, ['-n', '2', 'node', 'hello.mjs'], { cwd: dir, env, timeout: 120_000 });
  const lines = h.out.split('\n').filter((l) => l.startsWith('HELLO'));
  const lib = flavour === 'openmpi' ? /Open MPI v4\.1/ : /MPICH Version:\s+4\.0/;
  const i = run('node', ['node_modules/mpi4js/bin/mpi4js.js', 'info', '--json'], { cwd: dir, env, timeout: 120_000 });
  let info = null;
  try {
    info = JSON.parse(i.out.slice(i.out.indexOf('{'), i.out.lastIndexOf('}') + 1));
  } catch { /* reported below */ }
  const picked = info ? path.relative(fs.realpathSync(path.join(dir, 'node_modules', 'mpi4js')), fs.realpathSync(info.build.addon)) : '?';
  const want = path.join('prebuilds', PLATFORM, flavour, 'mpi4js.node');
  const ok = h.code === 0 && lines.length === 2 && lines.every((l) => l.includes('p2p=ok') && lib.test(l)) && picked === want &&
    info.runtime.flavour === flavour;
  record(ok, `${label} ${flavour}`, ok ? `2 ranks p2p ok, ${lines[0].replace(/^HELLO \d\/2 p2p=ok /, '')}, picked ${picked}`
    : `hello rc=${h.code} ${lastLines(h.out, 4)}; info picked ${picked}: ${lastLines(i.out, 2)}`);
  if (ts) {
    const t = run('node', ['node_modules/mpi4js/bin/mpi4js.js', 'run', '-n', '2', 'hello.ts'], { cwd: dir, env, timeout: 120_000 });
    const tl = t.out.split('\n').filter((l) => l.startsWith('TS-HELLO'));
    record(t.code === 0 && tl.length === 2, `${label} ${flavour} mpi4js run hello.ts`, t.code === 0 && tl.length === 2 ? tl.join(', ') : lastLines(t.out));
  }
}

function main() {
  const tools = hiddenToolsDir();
  const pmBin = PMS.some((p) => p !== 'npm') ? packageManagersBinDir() : null;
  // The tarball, packed from a private copy of the checkout: `npm pack` runs `prepare` (the TypeScript
  // build) and the prebuilds are built there, not in this checkout, whose dist/ other suites may be running.
  const src = stageSource(path.join(work, 'src'));
  for (const f of FLAVOURS) {
    const have = path.join(root, 'prebuilds', PLATFORM, f);
    if (fs.existsSync(path.join(have, 'mpi4js.node'))) {
      fs.cpSync(have, path.join(src, 'prebuilds', PLATFORM, f), { recursive: true });
      continue;
    }
    const b = run(process.execPath, [path.join(src, 'scripts', 'prebuild.js'), f], { cwd: src, env: process.env, timeout: 1_200_000 });
    if (b.code !== 0) return record(false, `prebuild ${f}`, lastLines(b.out, 6));
  }
  const p = run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: src, env: baseEnv([path.dirname(process.execPath), process.env.PATH]) });
  const tarball = path.join(work, p.out.trim().split('\n').pop());
  if (p.code !== 0 || !fs.existsSync(tarball)) return record(false, 'npm pack', lastLines(p.out, 5));
  const listing = run('tar', ['tzf', tarball], {}).out;
  const shipped = FLAVOURS.filter((f) => listing.includes(`package/prebuilds/${PLATFORM}/${f}/mpi4js.node`));
  record(shipped.length === 2, 'npm pack', `${path.basename(tarball)} (${Math.round(fs.statSync(tarball).size / 1024)} KiB) ships prebuilds: ${shipped.join(', ')}`);
  // The same package without prebuilds: what a platform without a prebuild gets.
  const bare = path.join(work, 'bare');
  fs.mkdirSync(bare);
  run('tar', ['xzf', tarball, '-C', bare], {});
  fs.rmSync(path.join(bare, 'package', 'prebuilds'), { recursive: true, force: true });
  const bareTarball = path.join(work, 'mpi4js-noprebuilds.tgz');
  run('tar', ['czf', bareTarball, '-C', bare, 'package'], {});

  // 1. No compiler, no mpicc, no MPI on PATH at install: every package manager, every Node.
  for (const node of NODES) {
    const nodeBin = nodeDir(node);
    for (const pm of PMS) {
      const label = `${pm} / Node ${node} / no compiler`;
      const dir = makeProject(`${pm}-${node}`, pm, tarball);
      const pathDirs = [nodeBin, ...(pmBin ? [pmBin] : []), tools];
      const [cmd, args] = INSTALL[pm]();
      const inst = run(cmd, args, { cwd: dir, env: baseEnv(pathDirs) });
      const said = (inst.out.match(/mpi4js: using the prebuilt addon[^\n]*|Ignored build scripts[^\n]*|mpi4js@[^\n]*must be built[^\n]*/) ?? [`(${pm} printed nothing about mpi4js's script)`])[0];
      record(inst.code === 0, `${label}: install`, inst.code === 0 ? `${Math.round(inst.ms / 1000)} s; ${said.slice(0, 160)}` : lastLines(inst.out, 6));
      if (inst.code !== 0) continue;
      for (const f of FLAVOURS) runUnder(label, dir, pathDirs, f, Number(node) >= 22 && f === 'mpich');
      if (pm === PMS[0] && node === NODES[0]) {
        // MPI4JS_MPIABI beats the MPI on PATH (MPICH's mpiexec here, Open MPI's libmpi.so the system default).
        const env = baseEnv([launcherDir('mpich'), ...pathDirs], { MPI4JS_MPIABI: 'openmpi' });
        const i = run('node', ['node_modules/mpi4js/bin/mpi4js.js', 'info', '--json'], { cwd: dir, env, timeout: 120_000 });
        const m = /"addon": "([^"]+)"/.exec(i.out);
        const ok = i.code === 0 && m !== null && m[1].endsWith(path.join('prebuilds', PLATFORM, 'openmpi', 'mpi4js.node'));
        record(ok, `${label} MPI4JS_MPIABI=openmpi with MPICH on PATH`, ok ? `picked ${m[1].slice(m[1].indexOf('prebuilds'))}` : lastLines(i.out, 4));
      }
    }
  }

  // 2. Blocked install script, no prebuild for the platform: one message with the package manager's fix.
  const node = NODES[0];
  const nodeBin = nodeDir(node);
  const blocked = { npm: ['--ignore-scripts'], pnpm: [], yarn: [] };
  const fixOf = { npm: 'npm rebuild mpi4js', pnpm: 'pnpm approve-builds', yarn: 'dependenciesMeta' };
  for (const pm of PMS) {
    const label = `${pm} / Node ${node} / no prebuild, script ${pm === 'npm' ? 'ignored' : 'blocked'}`;
    const dir = makeProject(`${pm}-bare`, pm, bareTarball);
    const pathDirs = [nodeBin, ...(pmBin ? [pmBin] : []), tools];
    const [cmd, args] = INSTALL[pm](blocked[pm]);
    const inst = run(cmd, args, { cwd: dir, env: baseEnv(pathDirs) });
    if (inst.code !== 0) {
      // yarn runs the script: with no compiler and no prebuild, the install fails with install.js's message.
      const named = /mpi4js: (cannot build|no MPI library)/.test(inst.out);
      record(named, `${label}: install`, `exit ${inst.code}: ${lastLines(inst.out.split('\n').filter((l) => /mpi4js/.test(l)).join('\n'), 2)}`);
      continue;
    }
    const env = baseEnv([launcherDir('mpich'), ...pathDirs]);
    const imp = run('node', ['-e', "import('mpi4js').then(() => console.log('LOADED'))"], { cwd: dir, env, timeout: 60_000 });
    const info = run('node', ['node_modules/mpi4js/bin/mpi4js.js', 'info'], { cwd: dir, env, timeout: 60_000 });
    for (const [what, r] of [['import', imp], ['mpi4js info', info]]) {
      const ok = r.code !== 0 && r.out.includes(fixOf[pm]) && r.out.includes('module load') && !/\n\s+at /.test(r.out) &&
        (r.out.match(/no native addon could be loaded/g) ?? []).length === 1;
      record(ok, `${label}: ${what}`, ok ? `exit ${r.code}, names \`${fixOf[pm]}\` and \`module load\`, no stack` : lastLines(r.out, 8));
    }
  }

  // 3. With the compiler and mpicc on PATH (npm): the prebuild is used; a broken MPICC and a missing compiler are named.
  const fullPath = [nodeBin, process.env.PATH];
  {
    const dir = makeProject('npm-compiler', 'npm', tarball);
    const env = baseEnv([launcherDir('openmpi'), path.join(root, 'build-flavours', 'openmpi', 'bin'), ...fullPath]);
    const inst = run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env });
    const used = /mpi4js: using the prebuilt addon/.test(inst.out) && !fs.existsSync(path.join(dir, 'node_modules', 'mpi4js', 'build'));
    record(inst.code === 0 && used, `npm / Node ${node} / compiler + mpicc: install`, inst.code === 0 ? lastLines(inst.out.split('\n').filter((l) => l.startsWith('mpi4js')).join('\n'), 1) : lastLines(inst.out, 5));
  }
  {
    const dir = makeProject('npm-badmpicc', 'npm', bareTarball);
    const inst = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env: baseEnv(fullPath, { MPICC: '/opt/nowhere/bin/mpicc' }) });
    const ok = inst.code !== 0 && /MPICC=\/opt\/nowhere\/bin\/mpicc is set, but it is not a working MPI compiler wrapper/.test(inst.out) && !/gyp ERR/.test(inst.out);
    record(ok, `npm / Node ${node} / no prebuild, MPICC broken: install`, ok ? `exit ${inst.code}: names MPICC=/opt/nowhere/bin/mpicc, node-gyp not started` : lastLines(inst.out, 6));
  }
  {
    const dir = makeProject('npm-nocxx', 'npm', bareTarball);
    const shim = path.join(root, 'build-flavours', 'openmpi', 'bin'); // mpicc (Open MPI's wrapper answers -showme without a compiler)
    require('./flavours.js').shimDir('openmpi');
    const inst = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env: baseEnv([nodeBin, shim, tools]) });
    const ok = inst.code !== 0 && /missing a C\+\+17 compiler/.test(inst.out) && !/gyp ERR/.test(inst.out);
    record(ok, `npm / Node ${node} / no prebuild, mpicc but no compiler: install`, ok ? `exit ${inst.code}: ${(inst.out.match(/mpi4js: cannot build[^\n]*/) ?? [''])[0]}` : lastLines(inst.out, 6));
  }
  if (SOURCE) {
    const dir = makeProject('npm-source', 'npm', tarball);
    const env = baseEnv([path.join(root, 'build-flavours', 'mpich', 'bin'), ...fullPath]);
    require('./flavours.js').shimDir('mpich');
    const inst = run('npm', ['install', '--no-audit', '--no-fund', '--build-from-source'], { cwd: dir, env, timeout: 1_200_000 });
    const built = fs.existsSync(path.join(dir, 'node_modules', 'mpi4js', 'build', 'Release', 'mpi4js.node'));
    record(inst.code === 0 && built, `npm / Node ${node} / --build-from-source (MPICH): install`, `exit ${inst.code} in ${Math.round(inst.ms / 1000)} s, build/Release ${built ? 'built' : 'missing'}`);
    const ig = makeProject('npm-rebuild', 'npm', bareTarball);
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: ig, env });
    const rb = run('npm', ['rebuild', 'mpi4js'], { cwd: ig, env, timeout: 1_200_000 });
    const rebuilt = fs.existsSync(path.join(ig, 'node_modules', 'mpi4js', 'build', 'Release', 'mpi4js.node'));
    record(rb.code === 0 && rebuilt, `npm / Node ${node} / --ignore-scripts then \`npm rebuild mpi4js\``, `exit ${rb.code} in ${Math.round(rb.ms / 1000)} s, build/Release ${rebuilt ? 'built' : 'missing'}`);
  }
  return undefined;
}

const t0 = Date.now();
try {
  main();
} finally {
  if (TABLE) {
    fs.writeFileSync(TABLE, ['| result | case | what it printed |', '| --- | --- | --- |',
      ...rows.map((r) => `| ${r.ok ? 'ok' : 'FAIL'} | ${r.what} | ${r.detail.replace(/\|/g, '\\|')} |`)].join('\n') + '\n');
  }
  if (!process.env.MPI4JS_KEEP_INSTALL_TEST) fs.rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
}
process.stdout.write(`install (${Math.round((Date.now() - t0) / 1000)} s): ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
