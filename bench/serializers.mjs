// Serializers for lower-case (object) messages, measured in one process (no MPI): dumps + loads,
// ns per object (median of timed batches after a warm-up), and whether each keeps every value
// type of SPEC §2 exactly. Contenders: MPI.pickle's built-ins as `send` runs them (`dumpsParts`,
// so large typed arrays go out of band, then `loads` of the frame the receiver gets), node:v8
// builtin, JSON, cbor-x and msgpackr (structured-clone mode, when installed).
//   npx tsc -p tsconfig.json && node bench/serializers.mjs [--quick] [--json file]
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as v8 from 'node:v8';

const require = createRequire(import.meta.url);
const { Pickle, concatParts } = require('../dist/cjs/pickle.js');
const quick = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const optional = (name) => {
  try {
    return require(name);
  } catch {
    return null;
  }
};

function pickleContender(name) {
  const p = new Pickle();
  try {
    p.use(name);
  } catch {
    return null;
  }
  // loads gets what the receiver gets: the parts in one buffer (MPI makes it; not timed here)
  return { name: `MPI.pickle '${name}'`, dumps: (o) => p.dumpsParts('bench', o), wire: (parts) => (parts.length === 1 ? parts[0] : concatParts(parts)), loads: (b) => p.loads(b) };
}

const contenders = [pickleContender('cbor'), pickleContender('v8'), pickleContender('json'),
  { name: 'node:v8 builtin', dumps: v8.serialize, loads: v8.deserialize },
  { name: 'JSON', dumps: (o) => JSON.stringify(o), loads: (s) => JSON.parse(s) }];
const cbor = optional('cbor-x');
if (cbor) {
  const e = new cbor.Encoder({ structuredClone: true });
  contenders.push({ name: 'cbor-x structuredClone', dumps: (o) => e.encode(o), loads: (b) => e.decode(b) });
}
const msgpackr = optional('msgpackr');
if (msgpackr) {
  const p = new msgpackr.Packr({ structuredClone: true });
  contenders.push({ name: 'msgpackr structuredClone', dumps: (o) => p.pack(o), loads: (b) => p.unpack(b) });
}
const live = contenders.filter(Boolean);

const big = new Float64Array(1 << 20).map((_, i) => i * 0.25); // 8 MiB
const CASES = [
  ['{a: 7, b: 3.14}', { a: 7, b: 3.14 }],
  ['number 1.5', 1.5],
  ['1000-number array', Array.from({ length: 1000 }, (_, i) => i * 0.5)],
  ['nested object', { name: 'mesh', id: 42, tags: ['a', 'b', 'c'], box: { lo: [0, 0, 0], hi: [1, 1, 1] },
    parts: Array.from({ length: 10 }, (_, i) => ({ id: i, w: i / 10, ok: i % 2 === 0, label: `part ${i}` })) }],
  ['Map, Set, Date, BigInt, RegExp, typed arrays', { m: new Map([[1, 'one'], ['two', 2]]), s: new Set([1, 2, 3]),
    d: new Date(1700000000000), n: 12345678901234567890n, r: /ab+c/gi, f: Float64Array.of(1.5, 2.5), i: Int32Array.of(1, 2, 3) }],
  ['object with 8 MiB Float64Array', { step: 1, data: big }],
];

// Exact round trip of every SPEC §2 type (test/programs/p2p.mjs VALUES()).
const cyclic = { name: 'cycle' };
cyclic.self = cyclic;
const shared = [1, 2];
const EXACT = {
  'NaN, -0, ±Infinity': [[NaN, -0, Infinity, -Infinity], (g) => Object.is(g[0], NaN) && Object.is(g[1], -0) && g[2] === Infinity && g[3] === -Infinity],
  'undefined in arrays/objects': [[1, undefined, { u: undefined }], (g) => g.length === 3 && g[1] === undefined && 'u' in g[2]],
  'BigInt (small and huge)': [[1n, -2n, 2n ** 200n], (g) => g[0] === 1n && g[1] === -2n && g[2] === 2n ** 200n],
  'Map, Set, Date, RegExp': [[new Map([[{ k: 1 }, 'x']]), new Set(['a']), new Date(5), /x/g], (g) => g[0] instanceof Map && isDeepStrictEqual(g[0], new Map([[{ k: 1 }, 'x']])) && g[1] instanceof Set && g[2] instanceof Date && +g[2] === 5 && g[3] instanceof RegExp && g[3].flags === 'g'],
  'every typed-array kind': [[Int8Array.of(-1), Uint8ClampedArray.of(2), Uint16Array.of(3), Float32Array.of(1.5), new BigInt64Array([-1n]), new BigUint64Array([1n]), Uint8Array.of(4)],
    (g) => isDeepStrictEqual(g, [Int8Array.of(-1), Uint8ClampedArray.of(2), Uint16Array.of(3), Float32Array.of(1.5), new BigInt64Array([-1n]), new BigUint64Array([1n]), Uint8Array.of(4)])],
  'DataView, Buffer, ArrayBuffer': [[new DataView(new ArrayBuffer(8), 2, 4), Buffer.from('hi'), new ArrayBuffer(3)],
    (g) => g[0] instanceof DataView && g[0].byteLength === 4 && Buffer.isBuffer(g[1]) && g[1].toString() === 'hi' && g[2] instanceof ArrayBuffer && g[2].byteLength === 3],
  'shared references and cycles': [{ cyclic, x: shared, y: shared }, (g) => g.cyclic.self === g.cyclic && g.x === g.y],
};

function keeps(c) {
  const lost = [];
  for (const [what, [value, ok]] of Object.entries(EXACT)) {
    try {
      if (!ok(c.loads((c.wire ?? ((b) => b))(c.dumps(value))))) lost.push(what);
    } catch {
      lost.push(what);
    }
  }
  return lost;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function nsPer(fn, arg) { // median ns per call over timed batches of ~20 ms
  let n = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(arg);
    const dt = Number(process.hrtime.bigint() - t0);
    if (dt > (quick ? 2e6 : 2e7)) break;
    n *= 2;
  }
  const runs = [];
  for (let r = 0; r < (quick ? 3 : 7); r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(arg);
    runs.push(Number(process.hrtime.bigint() - t0) / n);
  }
  return median(runs);
}

function dumpsLoads(c, obj) {
  let bytes;
  try {
    bytes = (c.wire ?? ((b) => b))(c.dumps(obj));
    c.loads(bytes);
  } catch {
    return null; // the serializer refuses this value
  }
  return nsPer(c.dumps, obj) + nsPer(c.loads, bytes);
}

const results = {};
const fmt = (ns) => (ns === null ? 'fails' : ns >= 1e6 ? `${(ns / 1e6).toPrecision(3)} ms` : `${Math.round(ns).toLocaleString('en-US').replace(/,/g, ' ')}`);
console.log(`serializers: dumps + loads, ns per object; node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
const header = ['object', ...live.map((c) => c.name)];
const rows = [];
for (const [name, obj] of CASES) {
  const row = [name];
  for (const c of live) {
    const ns = dumpsLoads(c, obj);
    (results[c.name] ??= {})[name] = ns;
    row.push(fmt(ns));
  }
  rows.push(row);
}
const lostRow = ['loses (of SPEC §2)'];
for (const c of live) {
  const lost = keeps(c);
  results[c.name].loses = lost;
  lostRow.push(lost.length ? lost.join('; ') : 'nothing');
}
rows.push(lostRow);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1] ?? 'serializers.json', JSON.stringify(results, null, 1));
