#!/usr/bin/env node
'use strict';
// Reliability runs of issue 5 that are too slow or too heavy for `npm test` (figures in
// docs/RELIABILITY.md). Every command runs each installed MPI flavour (MPI4JS_FLAVOURS narrows).
//
//   node scripts/reliability.js build:asan        debug addon with -fsanitize=address,undefined → build-asan/<flavour>/
//   node scripts/reliability.js asan [programs…]  every suite program of test/programs (1–3 ranks) and the
//                                                fuzzer (with worker threads) on the ASan addon
//   node scripts/reliability.js valgrind          memcheck on a short 2-rank run; addon frames only
//   node scripts/reliability.js soak              10^6 Isend/Irecv pairs, 10^5 Dup/Free, 10^5 objects: RSS/heap
//   node scripts/reliability.js fuzz [--seed N] [--calls N] [--workers N]   the API fuzzer, 1 and 3 ranks
//   node scripts/reliability.js big               one message > 2 GiB between 2 ranks; a > 2 GiB block per rank through MPI.File (1 and 2 ranks)
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root, flavours, flavourDir, flavourEnv } = require('./flavours.js');

const LIST = flavours().filter((f) => fs.existsSync(path.join(flavourDir(f), 'mpi4js.node')));
const asanDir = (f) => path.join(root, 'build-asan', f);

function env(flavour, addon, extra = {}) {
  const e = flavourEnv(flavour);
  e.MPI4JS_ADDON = addon ?? path.join(flavourDir(flavour), 'mpi4js.node');
  delete e.NODE_OPTIONS;
  return Object.assign(e, extra);
}

function run(cmd, args, e, timeoutMs = 600_000) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, env: e, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  return { code: r.status, signal: r.signal, out: r.stdout ?? '', err: r.stderr ?? '', ms: Date.now() - t0 };
}

function mpiexec(flavour, n, script, args, e, timeoutMs, nodeArgs = []) {
  return run('mpiexec', ['-n', String(n), process.execPath, ...nodeArgs, script, ...args], e, timeoutMs);
}

// The multi-rank suites (test/programs/*.mjs that use lib/suite.mjs), not the fuzzer, soak or demos.
function suitePrograms() {
  const dir = path.join(root, 'test', 'programs');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.mjs') && /from '\.\/lib\/suite\.mjs'/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
    .map((f) => f.slice(0, -4)).sort();
}

function gccFile(name) {
  return spawnSync('gcc', [`-print-file-name=${name}`], { encoding: 'utf8' }).stdout.trim();
}

// ---- sanitizers ------------------------------------------------------------------------------
function buildAsan() {
  const napiInclude = path.resolve(root, require('node-addon-api').include_dir);
  const nodeInclude = path.join(path.dirname(path.dirname(process.execPath)), 'include', 'node');
  const sources = fs.readdirSync(path.join(root, 'csrc')).filter((f) => f.endsWith('.cc')).map((f) => `csrc/${f}`);
  let ok = true;
  for (const f of LIST) {
    const e = env(f);
    const probe = (flag) => spawnSync(process.execPath, ['scripts/probe-mpi.js', flag], { cwd: root, env: e, encoding: 'utf8' }).stdout.trim().split(/\s+/).filter(Boolean);
    fs.mkdirSync(asanDir(f), { recursive: true });
    const out = path.join(asanDir(f), 'mpi4js.node');
    // -fno-sanitize=vptr: the addon holds V8's shared_ptr<BackingStore> (csrc/pin.h), whose control
    // block V8 made without RTTI, so UBSan's dynamic-type check would report every copy of it.
    const args = ['-shared', '-fPIC', '-g', '-O1', '-fno-omit-frame-pointer', '-fsanitize=address,undefined', '-fno-sanitize=vptr', '-std=c++17', '-fexceptions',
      '-DNAPI_VERSION=8', '-DNODE_ADDON_API_DISABLE_DEPRECATED', '-DNAPI_CPP_EXCEPTIONS', '-DOMPI_SKIP_MPICXX=1', '-DMPICH_SKIP_MPICXX=1',
      `-I${napiInclude}`, `-I${nodeInclude}`, ...probe('--cflags'), ...sources, '-o', out, ...probe('--libs'), '-ldl'];
    process.stdout.write(`mpi4js: building the ${f} addon with ASan+UBSan → ${path.relative(root, out)}\n`);
    const r = spawnSync('g++', args, { cwd: root, stdio: 'inherit', env: e });
    if (r.status !== 0) ok = false;
    else fs.copyFileSync(path.join(flavourDir(f), 'mpi4js-build.json'), path.join(asanDir(f), 'mpi4js-build.json'));
  }
  return ok;
}

// The addon is the only instrumented object: libasan must come first (LD_PRELOAD), leaks are not
// checked (Node and MPI keep memory until exit on purpose), UBSan prints a stack and goes on.
function asanEnv(f) {
  return env(f, path.join(asanDir(f), 'mpi4js.node'), {
    LD_PRELOAD: [gccFile('libasan.so'), gccFile('libubsan.so')].join(' '),
    ASAN_OPTIONS: 'detect_leaks=0:abort_on_error=0:halt_on_error=1:detect_odr_violation=0:allow_user_segv_handler=1:detect_stack_use_after_return=0',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=0',
  });
}

const SANITIZER_REPORT = /ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|SUMMARY: (Address|Undefined)/;

function asan(programs) {
  const list = programs.length ? programs : suitePrograms();
  let bad = 0;
  for (const f of LIST) {
    if (!fs.existsSync(path.join(asanDir(f), 'mpi4js.node'))) {
      process.stderr.write(`mpi4js: no ASan addon for ${f}: run \`npm run build:asan\` first\n`);
      return false;
    }
    for (const p of list) {
      for (const n of [1, 2, 3]) {
        const r = mpiexec(f, n, `test/programs/${p}.mjs`, [], asanEnv(f), 300_000, ['--expose-gc']);
        const summary = /MPI4JS-SUITE/.test(r.out) ? r.out.split('\n').filter((l) => l.includes('MPI4JS-SUITE')).map((l) => JSON.parse(l.slice(l.indexOf('{')))) : [];
        const passed = summary.reduce((a, s) => a + s.passed, 0);
        const failed = summary.reduce((a, s) => a + s.failed, 0);
        const reports = (r.err.match(new RegExp(SANITIZER_REPORT.source, 'g')) ?? []).length;
        const clean = r.code === 0 && reports === 0 && summary.length === n && failed === 0;
        if (!clean) bad++;
        process.stdout.write(`asan ${f} -n ${n} ${p}: ${clean ? 'clean' : 'FAIL'} (${passed} passed, ${failed} failed, ${reports} sanitizer reports, exit ${r.code}, ${r.ms} ms)\n`);
        if (!clean) process.stdout.write(r.err.split('\n').filter((l) => SANITIZER_REPORT.test(l) || /^\s+#\d/.test(l)).slice(0, 40).join('\n') + '\n' + r.err.slice(-2000) + '\n');
      }
    }
    // The fuzzer on the ASan addon: memory errors the checks in the binding would otherwise hide.
    const r = mpiexec(f, 2, 'test/programs/fuzz.mjs', ['--seed', '7', '--calls', '1500', '--workers', '2'], asanEnv(f), 300_000);
    const reports = (r.err.match(new RegExp(SANITIZER_REPORT.source, 'g')) ?? []).length;
    const clean = r.code === 0 && reports === 0;
    if (!clean) bad++;
    process.stdout.write(`asan ${f} -n 2 fuzz --workers 2: ${clean ? 'clean' : 'FAIL'} (${reports} sanitizer reports, exit ${r.code}, ${r.ms} ms)\n`);
    if (!clean) process.stdout.write(r.err.slice(-3000) + '\n');
  }
  return bad === 0;
}

// ---- valgrind ------------------------------------------------------------------------------
function valgrind() {
  const supp = path.join(root, 'scripts', 'valgrind.supp');
  let bad = 0;
  for (const f of LIST) {
    const log = path.join(root, 'build-flavours', `valgrind-${f}.%p.log`);
    for (const old of fs.readdirSync(path.join(root, 'build-flavours')).filter((x) => x.startsWith(`valgrind-${f}.`))) fs.rmSync(path.join(root, 'build-flavours', old));
    const t0 = Date.now();
    const r = run('mpiexec', ['-n', '2', 'valgrind', '--tool=memcheck', '--error-limit=no', '--leak-check=no', '--track-origins=no',
      `--suppressions=${supp}`, `--log-file=${log}`, process.execPath, '--jitless', 'test/programs/p2p.mjs'], env(f, undefined, { UCX_MEM_MMAP_HOOK_MODE: 'none' }), 900_000);
    const logs = fs.readdirSync(path.join(root, 'build-flavours')).filter((x) => x.startsWith(`valgrind-${f}.`));
    let total = 0;
    let addon = 0;
    const samples = [];
    for (const l of logs) {
      const text = fs.readFileSync(path.join(root, 'build-flavours', l), 'utf8');
      // One error = a block from "== Invalid…/Conditional…/Syscall…" up to the blank "==pid== " line.
      const blocks = text.split(/\n==\d+== \n/).filter((b) => /==\d+== (Invalid|Conditional|Syscall|Use of uninitialised|Mismatched|Source and destination)/.test(b));
      total += blocks.length;
      for (const b of blocks) {
        if (/mpi4js\.node/.test(b)) {
          addon++;
          if (samples.length < 3) samples.push(b.slice(0, 1500));
        }
      }
    }
    const suites = (r.out.match(/MPI4JS-SUITE .*"failed":0/g) ?? []).length;
    if (addon > 0 || suites !== 2) bad++;
    process.stdout.write(`valgrind ${f} -n 2 p2p: ${suites}/2 ranks passed, ${total} unsuppressed error(s) in MPI/UCX/V8, ${addon} with an addon frame (${Date.now() - t0} ms)\n`);
    for (const s of samples) process.stdout.write(s + '\n');
  }
  return bad === 0;
}

// ---- soak, fuzz, big message -----------------------------------------------------------------
function passthrough(script, ranks, args, timeoutMs) {
  let ok = true;
  for (const f of LIST) {
    for (const n of ranks) {
      const r = mpiexec(f, n, script, args, env(f), timeoutMs);
      process.stdout.write(`== ${f} -n ${n} ${path.basename(script)} (exit ${r.code}${r.signal ? `, ${r.signal}` : ''}, ${r.ms} ms)\n${r.out}`);
      if (r.code !== 0) {
        ok = false;
        process.stdout.write(r.err.slice(-3000) + '\n');
      }
    }
  }
  return ok;
}

const [cmd, ...rest] = process.argv.slice(2);
const commands = {
  'build:asan': () => buildAsan(),
  asan: () => asan(rest),
  valgrind: () => valgrind(),
  soak: () => passthrough('test/programs/soak.mjs', [2], rest, 1_800_000),
  fuzz: () => passthrough('test/programs/fuzz.mjs', [1, 3], rest.length ? rest : ['--calls', '20000', '--workers', '2'], 1_800_000),
  big: () => {
    const message = passthrough('test/programs/integrity.mjs', [2], ['--big', ...rest], 600_000);
    const file = passthrough('test/programs/file.mjs', [1, 2], ['--big'], 600_000);
    return message && file;
  },
};
if (!commands[cmd]) {
  process.stderr.write(`usage: node scripts/reliability.js ${Object.keys(commands).join('|')} [args]\n`);
  process.exit(2);
}
process.exit(commands[cmd]() ? 0 : 1);
