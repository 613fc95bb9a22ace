#!/usr/bin/env node
'use strict';
// `npm run coverage:api`: how much of mpi4py 4.1's MPI module the built package (dist) exports.
// Reads the names file ($MPI4PY_NAMES, ../shared/mpi4py-4.1-names.txt, or the copy kept in docs/ for a clean clone),
// loads dist with MPI4JS_INITIALIZE=0 (the addon is loaded, MPI is not initialized) and looks each name
// up on the live objects: `Class.name` on MPI.Class (its prototype chain or the class itself),
// `MPI.name` on the namespace. Counted: class methods, properties and module functions; constants are
// reported on their own line. Out of scope (their own issues): Win, File, dynamic processes, futures.
// Left out on purpose: OMITTED below, one reason each.
//   node scripts/api-coverage.js            the table and the missing names
//   node scripts/api-coverage.js --json     one JSON object (used by test/api-coverage.test.ts)
//   node scripts/api-coverage.js --markdown the table for docs/API-COVERAGE.md
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Names with their own issues: not counted (the "Done when" of issue #17). */
const OUT_OF_SCOPE = [
  [/^Win\./, 'MPI.Win: its own issue (one-sided communication)'],
  [/^File\./, 'MPI.File: its own issue (MPI-IO)'],
  [/^MPI\.Register_datarep$/, 'MPI-IO data representations: with MPI.File'],
  [/^util\.sync\./, 'mpi4py.util.sync is built on MPI.Win: with the Win issue'],
  [/^(futures\.|util\.pool\.)/, 'mpi4py.futures (and util.pool, built on it): its own issue'],
  [/^(Intracomm\.(Spawn|Spawn_multiple|Accept|Connect)|Comm\.(Get_parent|Disconnect|Join)|MPI\.(Open_port|Close_port|Publish_name|Unpublish_name|Lookup_name))$/,
    'dynamic process management: its own issue'],
];

/** Names mpi4js leaves out on purpose (not counted; listed in docs/API-COVERAGE.md with the reason). */
const OMITTED = {
  'Datatype.handle': 'JavaScript holds ids, never MPI handles (docs/DEVELOPING.md); no handle interop',
  'Status.handle': 'no handle interop (see Datatype.handle)',
  'Request.handle': 'no handle interop (see Datatype.handle)',
  'Message.handle': 'no handle interop (see Datatype.handle)',
  'Op.handle': 'no handle interop (see Datatype.handle)',
  'Group.handle': 'no handle interop (see Datatype.handle)',
  'Info.handle': 'no handle interop (see Datatype.handle)',
  'Errhandler.handle': 'no handle interop (see Datatype.handle)',
  'Session.handle': 'no handle interop (see Datatype.handle)',
  'Comm.handle': 'no handle interop (see Datatype.handle)',
  'Datatype.typestr': 'a NumPy array-interface string; JavaScript buffers are typed arrays (MPI.Datatype has their kind)',
  'Datatype.typechar': 'a Python struct/buffer format character; no meaning for typed arrays',
  'buffer.allocate': 'mpi4py.MPI.buffer wraps raw memory for Python; JavaScript has ArrayBuffer and typed arrays (MPI.Alloc_mem returns one)',
  'buffer.frombuffer': 'see buffer.allocate',
  'buffer.fromaddress': 'see buffer.allocate: JavaScript cannot make memory from an address',
  'buffer.cast': 'see buffer.allocate: new Float64Array(buf.buffer) is the cast',
  'buffer.tobytes': 'see buffer.allocate: Uint8Array.prototype.slice',
  'buffer.toreadonly': 'see buffer.allocate: JavaScript typed arrays cannot be made read-only',
  'buffer.release': 'see buffer.allocate: MPI.Free_mem detaches',
  'buffer.address': 'see buffer.allocate: MPI.Get_address',
  'buffer.obj': 'see buffer.allocate',
  'buffer.nbytes': 'see buffer.allocate: byteLength',
  'buffer.readonly': 'see buffer.allocate',
  'buffer.format': 'see buffer.allocate',
  'buffer.itemsize': 'see buffer.allocate: BYTES_PER_ELEMENT',
  'Pickle.dumps_oob': 'MPI.pickle.dumpsParts is the out-of-band form; large typed arrays already travel out of band, uncopied',
  'Pickle.loads_oob': 'see Pickle.dumps_oob: MPI.pickle.loadsAt',
  'Pickle.PROTOCOL': 'a Python pickle protocol number; MPI.pickle selects a serializer (cbor by default) instead',
  'Pickle.THRESHOLD': 'see Pickle.PROTOCOL: the out-of-band threshold is fixed by the serializer',
  'util.pkl5.Comm': 'pickle-5 out-of-band messages of any size: mpi4js object messages already are (no 2 GiB limit, typed arrays out of band)',
  'MPI.get_vendor': 'a Python helper; MPI.Get_library_version() names the library',
  'MPI.Get_abi_version': 'MPI-5 ABI queries: no installed library implements them; mpi4js picks the ABI at load (docs/INSTALL.md)',
  'MPI.Get_abi_info': 'see MPI.Get_abi_version',
  'MPI.Get_abi_fortran_info': 'see MPI.Get_abi_version',
};

function namesFile() {
  const candidates = [process.env.MPI4PY_NAMES, path.join(root, '..', 'shared', 'mpi4py-4.1-names.txt'), path.join(root, 'docs', 'mpi4py-4.1-names.txt')];
  for (const f of candidates) if (f && fs.existsSync(f)) return f;
  throw new Error(`api-coverage: no names file (tried ${candidates.filter(Boolean).join(', ')})`);
}

/** Parsed names: { cls, member, kind: 'method'|'property'|'constant', full }. */
function readNames(file) {
  const out = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)(?: \((property|constant)\))?$/.exec(line);
    if (!m) throw new Error(`api-coverage: cannot read the line ${JSON.stringify(line)}`);
    const full = m[1];
    const dot = full.lastIndexOf('.');
    out.push({ cls: full.slice(0, dot), member: full.slice(dot + 1), kind: m[2] ?? 'method', full });
  }
  return out;
}

function chooseAddon() {
  if (process.env.MPI4JS_ADDON) return;
  for (const f of ['openmpi', 'mpich']) {
    const p = path.join(root, 'build-flavours', f, 'mpi4js.node');
    if (fs.existsSync(p)) {
      process.env.MPI4JS_ADDON = p;
      return;
    }
  }
}

/** The live object mpi4py's class `cls` maps to (undefined: mpi4js has no such object). */
function targetOf(MPI, cls) {
  if (cls === 'MPI') return MPI;
  if (cls === 'Pickle') return MPI.pickle;
  if (cls === 'util.sync') {
    try {
      return require(path.join(root, 'dist', 'cjs', 'sync.js'));
    } catch {
      return undefined;
    }
  }
  // Instance fields (MPI.Exception's error_code) live on an instance, not on the prototype.
  if (cls === 'Exception') return [MPI.Exception, new MPI.Exception(MPI.ERR_OTHER, MPI.ERR_OTHER, 'coverage')];
  return MPI[cls];
}

function has(target, member) {
  if (Array.isArray(target)) return target.some((t) => has(t, member));
  if (target === undefined || target === null) return false;
  if (member in Object(target)) return true;
  return typeof target === 'function' && target.prototype !== undefined && member in target.prototype;
}

function measure() {
  chooseAddon();
  process.env.MPI4JS_INITIALIZE = '0';
  const dist = path.join(root, 'dist', 'cjs', 'index.js');
  if (!fs.existsSync(dist)) throw new Error('api-coverage: no dist; run `npm run build:ts` first');
  const { MPI } = require(dist);
  const file = namesFile();
  const classes = new Map();
  const constants = { have: 0, total: 0, missing: [] };
  const outOfScope = new Map();
  const omitted = [];
  for (const n of readNames(file)) {
    const scope = OUT_OF_SCOPE.find(([re]) => re.test(n.full));
    if (scope) {
      outOfScope.set(scope[1], (outOfScope.get(scope[1]) ?? 0) + 1);
      continue;
    }
    if (OMITTED[n.full]) {
      omitted.push({ name: n.full, reason: OMITTED[n.full], present: has(targetOf(MPI, n.cls), n.member) });
      continue;
    }
    const present = has(targetOf(MPI, n.cls), n.member);
    if (n.kind === 'constant') {
      constants.total++;
      if (present) constants.have++;
      else constants.missing.push(n.member);
      continue;
    }
    if (!classes.has(n.cls)) classes.set(n.cls, { cls: n.cls, have: 0, total: 0, missing: [] });
    const c = classes.get(n.cls);
    c.total++;
    if (present) c.have++;
    else c.missing.push(n.kind === 'property' ? `${n.member} (property)` : n.member);
  }
  const rows = [...classes.values()];
  const have = rows.reduce((s, r) => s + r.have, 0);
  const total = rows.reduce((s, r) => s + r.total, 0);
  return {
    namesFile: path.relative(root, file),
    have,
    total,
    percent: Math.round((1000 * have) / total) / 10,
    classes: rows,
    constants,
    outOfScope: [...outOfScope].map(([reason, count]) => ({ reason, count })),
    omitted,
  };
}

const pct = (h, t) => (t ? `${((100 * h) / t).toFixed(1)} %` : '-');

function text(r) {
  const lines = [`mpi4py 4.1 MPI module: ${r.have} of ${r.total} class methods, properties and module functions (${pct(r.have, r.total)})`];
  lines.push(`constants: ${r.constants.have} of ${r.constants.total} (${pct(r.constants.have, r.constants.total)})`, '');
  const w = Math.max(...r.classes.map((c) => c.cls.length));
  for (const c of r.classes) {
    lines.push(`${c.cls.padEnd(w)}  ${String(c.have).padStart(3)}/${String(c.total).padEnd(3)} ${pct(c.have, c.total).padStart(7)}${c.missing.length ? `  missing: ${c.missing.join(', ')}` : ''}`);
  }
  if (r.constants.missing.length) lines.push('', `missing constants: ${r.constants.missing.join(', ')}`);
  lines.push('', `not counted: ${r.outOfScope.map((o) => `${o.count} (${o.reason})`).join('; ')}; ${r.omitted.length} left out on purpose (docs/API-COVERAGE.md)`);
  return lines.join('\n');
}

function markdown(r) {
  const lines = ['| Class | Have | Of | Coverage | Missing |', '| --- | ---: | ---: | ---: | --- |'];
  for (const c of r.classes) lines.push(`| ${c.cls} | ${c.have} | ${c.total} | ${pct(c.have, c.total)} | ${c.missing.map((m) => `\`${m}\``).join(', ')} |`);
  lines.push(`| **all** | **${r.have}** | **${r.total}** | **${pct(r.have, r.total)}** | |`);
  lines.push(`| constants | ${r.constants.have} | ${r.constants.total} | ${pct(r.constants.have, r.constants.total)} | ${r.constants.missing.map((m) => `\`${m}\``).join(', ')} |`);
  lines.push('', 'Left out on purpose (not counted):', '', '| Name | Reason |', '| --- | --- |');
  for (const o of r.omitted) lines.push(`| \`${o.name}\` | ${o.reason} |`);
  lines.push('', 'Not counted, their own issues:', '');
  for (const o of r.outOfScope) lines.push(`- ${o.count} names: ${o.reason}`);
  return lines.join('\n');
}

if (require.main === module) {
  const r = measure();
  const arg = process.argv[2];
  process.stdout.write(`${arg === '--json' ? JSON.stringify(r) : arg === '--markdown' ? markdown(r) : text(r)}\n`);
}

module.exports = { measure, OMITTED, OUT_OF_SCOPE };
