// API fuzzer (issue 5): calls every method mpi4js exports — found by walking the MPI namespace,
// its classes (prototype methods, accessors, statics, constructors) and its objects, never a
// hand-written list — with random and adversarial arguments and `this` values.
//
//   node test/programs/fuzz.mjs [--seed N] [--calls N] [--after-finalize N] [--hang-ms N]
//   mpiexec -n 3 node test/programs/fuzz.mjs --calls 5000      (every rank fuzzes, seed + rank)
//
// Pass: the process never dies of a signal or a C++ abort, every failure is a TypeError,
// RangeError or MPI.Exception (or the adversarial argument's own exception, FuzzBomb), a normal
// call after each fuzzed call still works, and nothing hangs (a watchdog thread reports the call
// that blocked and kills the process). Prints `MPI4JS-FUZZ {json}` with the seed, the calls tried
// and the distinct error messages seen; exits 1 on any failure.
//
// Hangs are avoided per call: communicators are COMM_SELF and its derivatives (COMM_WORLD is a
// `this` only for local methods when it has several ranks), blocking sends get a pre-posted
// wildcard receive, blocking receives and probes get pre-posted synchronous sends (valid pickles,
// tags 0 and FUZZ_TAG) and draw their integers from a pool whose only valid tags are those, and
// every communicator's queue is drained and every request the call returned is completed or
// cancelled before the next call. Internal names (leading `_`), Comm.Abort and MPI.Finalize are
// not fuzzed in the main phase; MPI.Finalize opens the last phase (every method after Finalize).
import { MPI } from 'mpi4js';
import { Worker } from 'node:worker_threads';
import { writeSync } from 'node:fs';

// ---- options, PRNG ---------------------------------------------------------------------------
function option(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const world = MPI.COMM_WORLD;
const wrank = world.Get_rank();
const wsize = world.Get_size();
const baseSeed = option('seed', Date.now() % 1_000_000_007);
const seed = (baseSeed + wrank) >>> 0;
const CALLS = option('calls', 3000);
const AFTER_FINALIZE = option('after-finalize', Math.min(2000, Math.ceil(CALLS / 5)));
const HANG_MS = option('hang-ms', 20_000);

let prngState = seed || 1;
function rnd() {
  // mulberry32
  prngState = (prngState + 0x6d2b79f5) >>> 0;
  let t = prngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => rnd() < p;

// ---- watchdog: a thread that reports the call that blocked the main thread -----------------
const beat = new Int32Array(new SharedArrayBuffer(8));
const lastCall = new Uint8Array(new SharedArrayBuffer(512));
const encoder = new TextEncoder();
const TRACE = process.env.FUZZ_TRACE === '1';
// Replays a subset of one seed's calls (FUZZ_ONLY=3,17,40-52) to find which of them leads to a fault.
const ONLY = process.env.FUZZ_ONLY ? new Set(process.env.FUZZ_ONLY.split(',').flatMap((r) => {
  const [a, b = a] = r.split('-').map(Number);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
})) : null;
function heartbeat(what) {
  if (TRACE) writeSync(2, `${what}\n`);
  lastCall.fill(0);
  encoder.encodeInto(what.slice(0, 500), lastCall);
  Atomics.add(beat, 0, 1);
}
const watchdog = new Worker(`
  const { workerData: { beat, lastCall, ms, rank, seed } } = require('node:worker_threads');
  const fs = require('node:fs');
  let seen = -1, since = Date.now();
  setInterval(() => {
    const b = Atomics.load(beat, 0);
    if (b !== seen) { seen = b; since = Date.now(); return; }
    if (Atomics.load(beat, 1) === 1 || Date.now() - since < ms) return;
    const n = lastCall.indexOf(0);
    const what = new TextDecoder().decode(lastCall.slice(0, n < 0 ? lastCall.length : n));
    fs.writeSync(2, '[rank ' + rank + '] FUZZ HANG (seed ' + seed + '): no progress for ' + ms + ' ms in ' + what + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, 250);
`, { eval: true, workerData: { beat, lastCall, ms: HANG_MS, rank: wrank, seed: baseSeed } });
watchdog.unref();

// ---- adversarial values ------------------------------------------------------------------------
class FuzzBomb extends Error {}
const bomb = () => { throw new FuzzBomb('bomb'); };
const hostile = new Proxy({}, { get: bomb, has: bomb, ownKeys: bomb, getPrototypeOf: bomb, getOwnPropertyDescriptor: bomb });
const hostileArray = new Proxy([1, 2, 3], { get: (t, k) => (k === 'length' ? 1e9 : bomb()) });
const badPrimitive = { valueOf: bomb, toString: bomb, [Symbol.toPrimitive]: bomb };
const FUZZ_TAG = 77;

function detachedBuffer(n) {
  const ab = new ArrayBuffer(n);
  const view = new Float64Array(ab);
  structuredClone(ab, { transfer: [ab] });
  return [ab, view];
}

function lyingView() {
  const u = new Uint8Array(4);
  Object.defineProperty(u, 'length', { get: () => 1 << 30 });
  Object.defineProperty(u, 'byteLength', { get: () => 1 << 30 });
  return u;
}

function makeBuffers(small) {
  const [detached, detachedView] = detachedBuffer(64);
  const sab = new SharedArrayBuffer(64);
  const big = small ? 256 : 1 << 20;
  const bufs = [
    new Uint8Array(0), new Uint8Array(1), new Uint8Array(7), new Int8Array(16), new Uint16Array(5), new Int32Array(16),
    new Uint32Array(3), new Float32Array(9), new Float64Array(3), new Float64Array(64), new BigInt64Array(4),
    new BigUint64Array(2), new Uint8ClampedArray(10), Buffer.alloc(33), new DataView(new ArrayBuffer(24), 4, 12),
    new ArrayBuffer(0), new ArrayBuffer(40), sab, new SharedArrayBuffer(0), new Int32Array(sab, 8, 4),
    new Uint8Array(new ArrayBuffer(100), 99, 1), new Uint8Array(new ArrayBuffer(100), 100, 0), new Uint8Array(big),
    new Float64Array(big >> 3), detached, detachedView, lyingView(), new ArrayBuffer(16, { maxByteLength: 64 }),
  ];
  return bufs;
}

// Objects the fuzzer owns, rebuilt every REBUILD calls (fuzzed calls may free or change them).
let pool;
const REBUILD = 150;
const created = []; // objects fuzzed calls returned, freed after the call

function tryDo(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function buildPool() {
  const self = MPI.COMM_SELF;
  const selfDup = self.Dup();
  const freedComm = self.Dup();
  freedComm.Free();
  const cart = tryDo(() => self.Create_cart([1], [true]));
  const graph = tryDo(() => self.Create_graph([1], [0]));
  const dgraph = tryDo(() => self.Create_dist_graph_adjacent([0], [0]));
  const split = tryDo(() => self.Split(0, 0));
  const contig = MPI.DOUBLE.Create_contiguous(2).Commit();
  const uncommitted = MPI.INT.Create_vector(2, 1, 3);
  const freedType = MPI.INT.Create_contiguous(3).Commit();
  freedType.Free();
  const negExtent = tryDo(() => MPI.INT.Create_resized(-8, -4).Commit());
  const zeroExtent = tryDo(() => MPI.INT.Create_resized(0, 0).Commit());
  const sub = tryDo(() => MPI.DOUBLE.Create_subarray([4, 4], [2, 2], [1, 1]).Commit());
  const struct = tryDo(() => MPI.Datatype.Create_struct([1, 2], [0, 8], [MPI.INT, MPI.DOUBLE]).Commit());
  const hvec = tryDo(() => MPI.BYTE.Create_hvector(3, 2, 5).Commit());
  const userOp = MPI.Op.Create((a, b) => { for (let i = 0; i < b.length; i++) b[i] += a[i]; }, true);
  const throwingOp = MPI.Op.Create(() => { throw new FuzzBomb('op'); }, false);
  const freedOp = MPI.Op.Create(() => {}, true);
  freedOp.Free();
  const selfGroup = self.Get_group();
  const worldGroup = world.Get_group();
  const freedGroup = self.Get_group();
  freedGroup.Free();
  const doneReq = self.Isend(new Uint8Array(1), MPI.PROC_NULL, 0);
  const procNullRecv = self.Irecv(new Uint8Array(8), MPI.PROC_NULL, 0);
  const freedReq = self.Isend(new Uint8Array(1), MPI.PROC_NULL, 0);
  tryDo(() => freedReq.Free());
  const waited = self.Irecv(new Uint8Array(1), MPI.PROC_NULL);
  waited.Wait();
  const preq = self.Recv_init(new Uint8Array(8), MPI.PROC_NULL, 1);
  const psend = self.Send_init(new Uint8Array(8), MPI.PROC_NULL, 1);
  const objReq = self.irecv(MPI.PROC_NULL);
  const status = new MPI.Status();
  const comms = [self, selfDup, freedComm, MPI.COMM_NULL, cart, graph, dgraph, split].filter(Boolean);
  if (wsize === 1) comms.push(world);
  pool = {
    comms,
    localComms: [...comms, world],
    owned: [selfDup, cart, graph, dgraph, split, contig, uncommitted, negExtent, zeroExtent, sub, struct, hvec, userOp, throwingOp, selfGroup, worldGroup, preq, psend].filter(Boolean),
    types: [...Object.values(MPI).filter((v) => v instanceof MPI.Datatype), contig, uncommitted, freedType, negExtent, zeroExtent, sub, struct, hvec].filter(Boolean),
    ops: [...Object.values(MPI).filter((v) => v instanceof MPI.Op), userOp, throwingOp, freedOp],
    groups: [selfGroup, worldGroup, freedGroup, MPI.GROUP_NULL, MPI.GROUP_EMPTY],
    requests: [doneReq, procNullRecv, freedReq, waited, preq, psend, objReq, MPI.REQUEST_NULL],
    statuses: [status, new MPI.Status()],
    messages: [MPI.MESSAGE_NULL, MPI.MESSAGE_NO_PROC],
    buffers: makeBuffers(false),
    small: makeBuffers(true),
  };
  pool.byteBuffers = pool.buffers.filter(isBytes);
  pool.byteSmall = pool.small.filter(isBytes);
  pool.byteTypes = pool.types.filter((t) => tryDo(() => t.Get_size()) === 1);
}

function isBytes(b) {
  return b instanceof Uint8Array || b instanceof Int8Array || b instanceof DataView || b instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer);
}

function bufferPool(ctx) {
  if (ctx.bytesOnly) return ctx.small ? pool.byteSmall : pool.byteBuffers;
  return ctx.small ? pool.small : pool.buffers;
}

function typePool(ctx) {
  return ctx.bytesOnly ? pool.byteTypes : pool.types;
}

function freePool() {
  for (const o of pool.owned) tryDo(() => o.Free());
  for (const r of pool.requests) tryDo(() => r.Wait());
}

// Integers: valid and invalid ranks, tags, counts, roots; `safe` keeps only the tags that have a
// pre-posted message (0, FUZZ_TAG) among the valid ones, for calls that could block.
const SAFE_INTS = [0, -1, -2, -3, -32766, MPI.ANY_SOURCE, MPI.ANY_TAG, MPI.PROC_NULL, MPI.ROOT, MPI.UNDEFINED, FUZZ_TAG,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e300, -1e300, -0, 0.5, -1.5, 1e-300,
  NaN, Infinity, -Infinity, MPI.TAG_UB + 1, Number.MAX_VALUE];
const INTS = [...SAFE_INTS, 1, 2, 3, 4, 7, 8, 16, 100, 1000, 65536, MPI.TAG_UB, wsize, wsize - 1];

function randomInt(safe) {
  if (!safe && chance(0.2)) return int(40) - 8;
  return pick(safe ? SAFE_INTS : INTS);
}

function randomSpec(ctx) {
  const buf = pick(bufferPool(ctx));
  const dt = pick(typePool(ctx));
  switch (int(7)) {
    case 0: return [buf, dt];
    case 1: return [buf, randomInt(ctx.safe), dt];
    case 2: return [buf, [randomInt(ctx.safe), randomInt(ctx.safe)], dt];
    case 3: return [buf, [int(4), int(4)], pick([dt, MPI.BYTE])];
    case 4: return [buf, [randomInt(ctx.safe), 0, int(3)], [[0, 1, 2], [int(9) - 2, 0, 1]], dt];
    case 5: return [buf, randomIntArray(ctx), randomIntArray(ctx), dt];
    default: return [buf, int(3), dt, int(3)];
  }
}

function randomIntArray(ctx) {
  const n = pick([0, 1, 1, 2, 3, 5, wsize]);
  const a = Array.from({ length: n }, () => (chance(0.7) ? int(4) : randomInt(ctx.safe)));
  return chance(0.15) ? Int32Array.from(a.map((x) => (Number.isFinite(x) ? x | 0 : 0))) : a;
}

function randomObject(ctx) {
  switch (int(12)) {
    case 0: return { a: 1, b: [1, 2, 3], s: 'x' };
    case 1: return new Map([[1, new Set([2])]]);
    case 2: return 12345678901234567890n;
    case 3: return 'x'.repeat(int(ctx.small ? 50 : 5000));
    case 4: { const c = { n: 1 }; c.self = c; return c; }
    case 5: return [new Float64Array(3), new Date(0), /re/g];
    case 6: return Symbol('s');
    case 7: return () => 1;
    case 8: return new WeakMap();
    case 9: return pick(bufferPool({ ...ctx, small: true }));
    default: return undefined;
  }
}

function randomOptions(ctx) {
  const keys = ['source', 'tag', 'dest', 'sendtag', 'recvtag', 'root', 'op', 'buf', 'status', 'obj', 'sendobj', 'comm', 'key', 'color', 'high', 'commute'];
  const o = {};
  const n = int(4);
  for (let i = 0; i < n; i++) o[pick(keys)] = randomValue(ctx, 1);
  return o;
}

function randomValue(ctx, depth = 0) {
  const r = int(100);
  if (r < 22) return randomInt(ctx.safe);
  if (r < 34) return pick(bufferPool(ctx));
  if (r < 44) return randomSpec(ctx);
  if (r < 50) return pick(typePool(ctx));
  if (r < 55) return pick(pool.comms);
  if (r < 59) return pick(pool.ops);
  if (r < 62) return pick(pool.groups);
  if (r < 66) return pick(pool.requests);
  if (r < 69) return pick(pool.statuses);
  if (r < 70) return pick(pool.messages);
  if (r < 72) return MPI.IN_PLACE;
  if (r < 75) return randomIntArray(ctx);
  if (r < 78) return depth < 2 ? Array.from({ length: int(4) }, () => randomValue(ctx, depth + 1)) : [];
  if (r < 80) return depth < 2 ? randomOptions(ctx) : {};
  if (r < 84) return randomObject(ctx);
  if (r < 86) return pick([bomb, (a, b) => { if (b) b[0] = 1; }, () => 'garbage', function () { return this; }]);
  if (r < 88) return pick([hostile, hostileArray, badPrimitive]);
  if (r < 90) return pick(pool.requests.filter((q) => q instanceof MPI.Prequest).concat([MPI.REQUEST_NULL]));
  return pick([null, undefined, true, false, '', 'abc', '0', 'v8', 'json', 0n, -1n, 2n ** 70n, Symbol.iterator, {}, [], [[]],
    Object.create(MPI.Comm.prototype), Object.create(MPI.Datatype.prototype), Object.create(MPI.Request.prototype),
    new Array(3), [1.5], [NaN], [-1], Array(100000).fill(0)]);
}

// ---- the targets: everything reachable from the MPI namespace -------------------------------
const SKIP = new Set(['Abort', 'Finalize']);
const targets = [];

function isClass(v) {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

function enumerate() {
  const seenFns = new Set();
  const seenProtos = new Set([Object.prototype, Function.prototype, Array.prototype, Error.prototype, Promise.prototype]);
  const add = (owner, name, kind, fn, home) => {
    if (name.startsWith('_') || SKIP.has(name) || seenFns.has(fn)) return;
    seenFns.add(fn);
    targets.push({ owner, name, kind, fn, home });
  };
  const walkProto = (proto, ownerName, home) => {
    for (let p = proto; p && !seenProtos.has(p); p = Object.getPrototypeOf(p)) {
      seenProtos.add(p);
      const owner = p.constructor?.name ?? ownerName;
      for (const name of Object.getOwnPropertyNames(p)) {
        if (name === 'constructor') continue;
        const d = Object.getOwnPropertyDescriptor(p, name);
        if (typeof d.value === 'function') add(owner, name, 'method', d.value, p);
        if (d.get) add(owner, name, 'get', d.get, p);
        if (d.set) add(owner, name, 'set', d.set, p);
      }
    }
  };
  for (const key of Object.keys(MPI)) {
    const d = Object.getOwnPropertyDescriptor(MPI, key);
    if (d.get) add('MPI', key, 'get', d.get, null);
    const v = d.get ? tryDo(() => MPI[key]) : d.value;
    if (isClass(v)) {
      if (!seenFns.has(v)) {
        seenFns.add(v);
        targets.push({ owner: 'MPI', name: key, kind: 'construct', fn: v, home: null });
      }
      for (const name of Object.getOwnPropertyNames(v)) {
        const sd = Object.getOwnPropertyDescriptor(v, name);
        if (typeof sd.value === 'function' && !['length', 'name', 'prototype'].includes(name)) add(key, name, 'static', sd.value, v);
        if (sd.get) add(key, name, 'get', sd.get, v);
      }
      walkProto(v.prototype, key, v.prototype);
    } else if (typeof v === 'function') {
      add('MPI', key, 'function', v, MPI);
    } else if (v && typeof v === 'object') {
      walkProto(Object.getPrototypeOf(v), key, Object.getPrototypeOf(v));
      for (const name of Object.getOwnPropertyNames(v)) {
        const od = Object.getOwnPropertyDescriptor(v, name);
        if (typeof od.value === 'function') add(key, name, 'method', od.value, v);
      }
    }
  }
}

// ---- per-call strategies that keep a blocking call from blocking -------------------------------
const SEND_BLOCKING = new Set(['Send', 'Ssend', 'Rsend', 'Bsend', 'send', 'ssend']);
const RECV_BLOCKING = new Set(['Recv', 'Probe', 'Mprobe', 'recv', 'probe', 'mprobe']);
const SENDRECV = new Set(['Sendrecv', 'Sendrecv_replace', 'sendrecv']);
const TALKERS = new Set(['Create_intercomm']);
const IS_MPICH = /MPICH/i.test(MPI.Get_library_version());
const RECEIVES = /recv|Recv|gather|Gather|scatter|Scatter|lltoall|educe|Scan|scan|Neighbor|neighbor|Bcast|bcast|Start/;

function isComm(x) {
  return x instanceof MPI.Comm;
}

function liveSelfComm(x) {
  try {
    return isComm(x) && x !== MPI.COMM_NULL && x.Get_size() === 1 ? x : null;
  } catch {
    return null;
  }
}

// Local methods of a communicator (nothing sent): the only ones called on a multi-rank COMM_WORLD.
const LOCAL = /^(Get_|Set_|Is_|is_|rank$|size$|name$|group$|topology$|Compare$|Free$|Iprobe$|iprobe$|Improbe$|improbe$|degrees|indegree|outdegree|inoutedges|inedges|outedges|neighbours|dims|periods|coords|topo|index|edges|nnodes|nedges|nneighbors|neighbors|remote_)/;

function prepare(t, ctx) {
  const comm = liveSelfComm(ctx.self);
  const pre = { sends: [], recv: null, comm };
  if (!comm) return pre;
  if (SEND_BLOCKING.has(t.name)) {
    pre.recv = comm.Irecv(new Uint8Array(2 << 20), MPI.ANY_SOURCE, MPI.ANY_TAG);
  } else if (RECV_BLOCKING.has(t.name) || SENDRECV.has(t.name)) {
    for (const tag of [0, FUZZ_TAG]) pre.sends.push(comm.Issend(MPI.pickle.dumps({ tag, data: [1, 2, 3] }), 0, tag));
  }
  return pre;
}

// Drains every message queued on `comm` (to self) and completes what `prepare` posted.
function drain(comm) {
  if (!comm) return;
  const st = new MPI.Status();
  for (let guard = 0; guard < 1000 && comm.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG, st); guard++) {
    comm.Recv(new Uint8Array(Math.max(1, st.Get_count(MPI.BYTE))), st.source, st.tag);
  }
}

function settle(pre) {
  if (!pre.comm) return;
  drain(pre.comm);
  if (pre.recv && !pre.recv.Test()) {
    pre.recv.Cancel();
    pre.recv.Wait();
  }
  for (const s of pre.sends) s.Wait();
}

// Completes, cancels or frees what a fuzzed call returned, so nothing pending outlives the call.
function release(v) {
  if (v === null || typeof v !== 'object') return;
  if (v instanceof MPI.Request) {
    created.push(v);
    return;
  }
  if (v instanceof MPI.Message) {
    if (v !== MPI.MESSAGE_NULL && v !== MPI.MESSAGE_NO_PROC) v.Recv(new Uint8Array(4 << 20)); // completes the matched send
    return;
  }
  if (v === MPI.COMM_SELF || v === MPI.COMM_WORLD || v === MPI.COMM_NULL) return;
  if ((v instanceof MPI.Comm || v instanceof MPI.Group || v instanceof MPI.Op) && !pool.owned.includes(v)) tryDo(() => v.Free());
  if (v instanceof MPI.Datatype && !pool.types.includes(v)) tryDo(() => v.Free());
  if (typeof v.then === 'function' && !(v instanceof MPI.Request)) {
    track(v, current);
  }
}

function finishRequests() {
  for (const r of created.splice(0)) {
    try {
      if (r.Test()) continue;
    } catch (e) {
      classify(e, 'Test of a request the call returned');
      continue;
    }
    for (const c of pool.comms) drain(liveSelfComm(c));
    try {
      if (!r.Test()) {
        r.Cancel();
        r.Wait();
      }
    } catch (e) {
      classify(e, 'completing a request the call returned');
    }
  }
}

// ---- classification ------------------------------------------------------------------------
const messages = new Map();
const failures = [];
let calls = 0;
let current = '';

function allowed(e) {
  return e instanceof TypeError || e instanceof RangeError || e instanceof MPI.Exception || e instanceof FuzzBomb;
}

function classify(e, where = current) {
  const msg = String(e?.message ?? e).replace(/\d+/g, 'N').slice(0, 200);
  const key = `${e?.constructor?.name}: ${msg}`;
  messages.set(key, (messages.get(key) ?? 0) + 1);
  if (!allowed(e) && failures.length < 50) {
    failures.push({ where, error: `${e?.constructor?.name}: ${String(e?.message ?? e)}`, stack: String(e?.stack ?? '').split('\n').slice(1, 4).join(' | ') });
  }
}

process.on('unhandledRejection', (e) => classify(e, `unhandled rejection after ${current}`));
process.on('uncaughtException', (e) => classify(e, `uncaught exception after ${current}`));
const pending = [];

// Every promise a call returned must settle (the requests behind it are completed or cancelled).
function track(thenable, where) {
  const entry = { where, settled: false };
  entry.promise = Promise.resolve(thenable).then(() => {}, (e) => classify(e, `promise of ${where}`)).finally(() => { entry.settled = true; });
  pending.push(entry);
}

async function settlePromises(ms) {
  const timer = new Promise((r) => setTimeout(r, ms));
  await Promise.race([Promise.all(pending.map((p) => p.promise)), timer]);
  const stuck = pending.filter((p) => !p.settled);
  for (const p of stuck.slice(0, 5)) failures.push({ where: `promise never settled: ${p.where}`, error: `${stuck.length} unsettled promise(s)` });
  pending.length = 0;
}

function describe(v, depth = 0) {
  if (v === null) return 'null';
  const t = typeof v;
  if (t === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (t === 'bigint') return `${v}n`;
  if (t === 'string') return JSON.stringify(v.slice(0, 20));
  if (t === 'symbol' || t === 'undefined' || t === 'boolean') return String(v);
  if (t === 'function') return `fn ${v.name || 'anon'}`;
  if (v === hostile) return 'hostile';
  if (v === hostileArray) return 'hostileArray';
  if (v === MPI.IN_PLACE) return 'IN_PLACE';
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${tryDo(() => v.byteLength)}B)`;
  if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer)) return `${v.constructor.name}(${v.byteLength})`;
  if (Array.isArray(v)) return depth > 1 ? `[${v.length}]` : `[${v.slice(0, 5).map((x) => describe(x, depth + 1)).join(', ')}${v.length > 5 ? ', …' : ''}]`;
  if (v instanceof MPI.Datatype) return `Datatype(${tryDo(() => v.name) ?? '?'})`;
  if (v instanceof MPI.Comm) return `${v.constructor.name}(${tryDo(() => `${v.Get_name()}, size ${v.Get_size()}`) ?? 'freed or null'})`;
  return tryDo(() => v.constructor?.name) ?? 'object';
}

// Request.race([]) never settles, as Promise.race([]) (JavaScript's rule, not a fault).
function foreverPending(t, args) {
  return t.name === 'race' && Array.isArray(args[0]) && args[0].length === 0;
}

// ---- one fuzzed call ---------------------------------------------------------------------------
function chooseThis(t, ctx) {
  if (t.kind === 'construct') return undefined;
  if (!chance(0.85)) return randomValue(ctx);
  if (t.kind === 'static' || t.kind === 'function' || t.home === MPI) return t.home;
  const home = t.home;
  const cls = home && Object.prototype.hasOwnProperty.call(home, 'constructor') ? home.constructor : null;
  if (typeof cls === 'function') {
    const candidates = [...pool.localComms, ...pool.types, ...pool.ops, ...pool.groups, ...pool.requests, ...pool.statuses, ...pool.messages]
      .filter((x) => x instanceof cls)
      .filter((x) => !(x === world && wsize > 1 && !LOCAL.test(t.name)));
    if (candidates.length) return pick(candidates);
    if (MPI.pickle instanceof cls) return MPI.pickle;
    return tryDo(() => new cls(2, 2, 'fuzz')); // a facade over id 2 (COMM_SELF for communicators), never COMM_WORLD
  }
  return home;
}

function fuzzOne(t) {
  const ctx = {
    safe: RECV_BLOCKING.has(t.name) || SENDRECV.has(t.name) || TALKERS.has(t.name),
    small: SENDRECV.has(t.name),
    // MPICH 4.0 aborts (yaksa assertion) when a message is not a whole number of the receive
    // datatype's elements: on MPICH, calls that receive use element size 1 (docs/RELIABILITY.md).
    bytesOnly: IS_MPICH && RECEIVES.test(t.name),
  };
  ctx.self = chooseThis(t, ctx);
  if (ctx.self === world && wsize > 1 && !LOCAL.test(t.name)) ctx.self = MPI.COMM_SELF;
  const n = int(Math.max(t.fn.length, 2) + 3);
  const args = Array.from({ length: n }, () => randomValue(ctx));
  if (wsize > 1 && TALKERS.has(t.name)) for (let i = 0; i < args.length; i++) if (args[i] === world) args[i] = MPI.COMM_SELF;
  current = `#${calls} ${t.owner}.${t.name} [${t.kind}] this=${describe(ctx.self)} args=(${args.map((a) => describe(a)).join(', ')})`;
  heartbeat(current);
  calls++;
  if (ONLY && !ONLY.has(calls - 1)) return;
  let pre = { sends: [], recv: null, comm: null };
  try {
    pre = prepare(t, ctx);
  } catch (e) {
    classify(e, `prepare ${current}`);
  }
  try {
    let result;
    if (t.kind === 'construct') result = new t.fn(...args);
    else result = Reflect.apply(t.fn, ctx.self, args);
    heartbeat(`release of ${current}`);
    if (!foreverPending(t, args)) release(result);
  } catch (e) {
    classify(e);
  }
  heartbeat(`settle of ${current}`);
  if (t.name === 'use' && MPI.pickle.name !== 'v8') MPI.pickle.use('v8');
  try {
    settle(pre);
    finishRequests();
  } catch (e) {
    classify(e, `settle after ${current}`);
  }
}

// A normal call after a fuzzed one must work: point to point on itself, a reduction, a Dup/Free.
function sanity(full) {
  const self = MPI.COMM_SELF;
  if (self.Get_rank() !== 0 || self.Get_size() !== 1) throw new Error('COMM_SELF broken');
  if (!full) return;
  const out = new Float64Array([1, 2, 3]);
  const back = new Float64Array(3);
  self.Sendrecv(out, 0, 5, back, 0, 5);
  if (back.join() !== '1,2,3') throw new Error(`Sendrecv on COMM_SELF gave ${back.join()}`);
  const sum = new Int32Array(1);
  self.Allreduce(new Int32Array([7]), sum, MPI.SUM);
  if (sum[0] !== 7) throw new Error('Allreduce on COMM_SELF broken');
  const d = self.Dup();
  if (d.sendrecv({ x: 1 }, 0, 3, 0, 3).x !== 1) throw new Error('sendrecv of an object broken');
  d.Free();
  if (self.Iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG)) throw new Error('COMM_SELF has an unexpected message queued');
}

function checkSanity(full) {
  heartbeat(`sanity after ${current}`);
  try {
    sanity(full);
  } catch (e) {
    if (failures.length < 50) failures.push({ where: `normal call after ${current}`, error: `${e?.constructor?.name}: ${e?.message}`, stack: String(e?.stack ?? '').split('\n').slice(1, 4).join(' | ') });
  }
}

async function main() {
  enumerate();
  buildPool();
  const t0 = Date.now();
  for (let i = 0; i < CALLS; i++) {
    if (i > 0 && i % REBUILD === 0) {
      heartbeat('rebuilding the pool');
      freePool();
      buildPool();
      await new Promise((r) => setImmediate(r)); // lets awaited requests' polling run
    }
    fuzzOne(pick(targets));
    checkSanity(i % 25 === 0);
  }
  heartbeat('settling promises');
  freePool();
  await settlePromises(3000);
  checkSanity(true);
  // COMM_WORLD still works on every rank.
  heartbeat('world check');
  const total = world.allreduce(1);
  if (total !== wsize) failures.push({ where: 'COMM_WORLD allreduce after fuzzing', error: `got ${total}` });
  const mainMs = Date.now() - t0;

  // Last phase: MPI.Finalize, then every method again.
  heartbeat('MPI.Finalize');
  world.Barrier();
  MPI.Finalize();
  const finalized = MPI.Is_finalized();
  let afterCalls = 0;
  for (let i = 0; i < AFTER_FINALIZE; i++) {
    const t = i < targets.length ? targets[i] : pick(targets);
    afterCalls++;
    fuzzOneAfterFinalize(t);
  }
  await settlePromises(1000);
  Atomics.store(beat, 1, 1);
  const report = {
    rank: wrank, size: wsize, seed: baseSeed, calls, afterFinalize: afterCalls, targets: targets.length,
    distinctErrors: messages.size, failures: failures.length, ms: mainMs, finalized,
  };
  process.stdout.write(`MPI4JS-FUZZ ${JSON.stringify(report)}\n`);
  if (process.argv.includes('--errors')) {
    for (const [k, v] of [...messages].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${v}\t${k}\n`);
  }
  for (const f of failures) writeSync(2, `[rank ${wrank}] FUZZ FAILURE (seed ${baseSeed}): ${f.where}\n    ${f.error}\n    ${f.stack ?? ''}\n`);
  process.exitCode = failures.length ? 1 : 0;
}

function fuzzOneAfterFinalize(t) {
  const ctx = { safe: true, small: true };
  ctx.self = chooseThis(t, ctx);
  const args = Array.from({ length: int(Math.max(t.fn.length, 1) + 2) }, () => randomValue(ctx));
  current = `after Finalize: ${t.owner}.${t.name} [${t.kind}] this=${describe(ctx.self)} args=(${args.map((a) => describe(a)).join(', ')})`;
  heartbeat(current);
  calls++;
  try {
    const r = t.kind === 'construct' ? new t.fn(...args) : Reflect.apply(t.fn, ctx.self, args);
    if (r && typeof r.then === 'function' && !foreverPending(t, args)) track(r, current);
  } catch (e) {
    classify(e);
  }
}

await main();
