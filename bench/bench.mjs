// The mpi4js contender of `mpi4js bench`: the same protocols as bench/bench.c and
// bench/bench_mpi4py.py. Every case runs untimed first (at least ~10 000 iterations: warms the JIT), then `batches` timed
// passes; rank 0 prints one JSON line per case with the median time per operation in µs
// (one-way for ping-pongs, per hop for the ring).
//   mpiexec -n 2 node bench/bench.mjs pingpong [scale] [maxbytes] [batches]
import { MPI } from 'mpi4js';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();
const size = comm.Get_size();
const bench = process.argv[2] ?? 'pingpong';
const scale = Number(process.argv[3] ?? 1);
const maxbytes = Number(process.argv[4] ?? 4 * 1024 * 1024);
const batches = Math.min(64, Math.max(1, Number(process.argv[5] ?? 3)));

const SIZES = [0, 1, 8, 64, 512, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];

/** Iterations of a case: base for small messages, about 32 MiB of traffic for large ones. */
function iterations(base, bytes) {
  const cap = Math.max(4, Math.floor((32 * 1024 * 1024) / Math.max(bytes, 1)));
  return Math.max(2, Math.round(Math.min(base, cap) * scale));
}

function median(t) {
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const shared = new Float64Array(1);
function agree(us) {
  shared[0] = us;
  comm.Bcast(shared, 0);
  return shared[0];
}

/**
 * Warm-up passes (discarded: at least ~10 000 iterations, so the JIT has optimised the calls
 * before timing starts, at most 10 passes), then `batches` timed passes: the median µs per
 * iteration / per.
 */
async function measure(body, iters, per) {
  const warm = Math.min(10, Math.ceil(10_000 / iters));
  for (let w = 0; w < warm; w++) {
    comm.Barrier();
    await body(iters);
  }
  const t = [];
  for (let b = 0; b < batches; b++) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    await body(iters);
    t.push(((MPI.Wtime() - t0) / iters / per) * 1e6);
  }
  return agree(median(t));
}

function report(name, bytes, iters, us, extra = {}) {
  if (rank === 0) console.log(JSON.stringify({ bench, case: name, bytes, iters, us: +us.toFixed(4), ...extra }));
}

function sizeName(bytes) {
  if (bytes >= 1048576) return `${bytes / 1048576} MiB`;
  if (bytes >= 1024) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

function pingpongBuffer(buf) {
  return (iters) => {
    for (let i = 0; i < iters; i++) {
      if (rank === 0) {
        comm.Send(buf, 1, 0);
        comm.Recv(buf, 1, 0);
      } else if (rank === 1) {
        comm.Recv(buf, 0, 0);
        comm.Send(buf, 0, 0);
      }
    }
  };
}

function pingpongObject(obj) {
  return (iters) => {
    for (let i = 0; i < iters; i++) {
      if (rank === 0) {
        comm.send(obj, 1, 0);
        comm.recv(1, 0);
      } else if (rank === 1) {
        comm.send(comm.recv(0, 0), 0, 0);
      }
    }
  };
}

/** JS heap and RSS around 10^6 upper-case calls (Send + Recv of 8 bytes), and the GCs they caused. */
async function allocation(calls) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let minor = 0;
  let major = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) minor++;
      else major++;
    }
  });
  const body = pingpongBuffer(new Float64Array(1));
  body(1000);
  gc();
  await new Promise((r) => setTimeout(r, 10));
  obs.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage();
  comm.Barrier();
  body(calls / 2);
  comm.Barrier();
  const after = process.memoryUsage();
  await new Promise((r) => setTimeout(r, 10));
  obs.disconnect();
  gc();
  const settled = process.memoryUsage();
  report(`heap over ${calls} calls`, 8, calls / 2, 0, {
    heapKiB: Math.round((after.heapUsed - before.heapUsed) / 1024),
    heapAfterGcKiB: Math.round((settled.heapUsed - before.heapUsed) / 1024),
    rssKiB: Math.round((settled.rss - before.rss) / 1024),
    minorGcs: minor,
    majorGcs: major,
  });
}

async function pingpong() {
  const buf = new Uint8Array(maxbytes);
  for (const bytes of SIZES) {
    if (bytes > maxbytes) break;
    const iters = iterations(5000, bytes);
    report(sizeName(bytes), bytes, iters, await measure(pingpongBuffer(buf.subarray(0, bytes)), iters, 2));
  }
  await allocation(scale >= 1 ? 1_000_000 : 10_000);
}

async function pingpongAwait() {
  const sbuf = new Uint8Array(8);
  const rbuf = new Uint8Array(8);
  const body = async (iters) => {
    for (let i = 0; i < iters; i++) {
      if (rank === 0) {
        const r = comm.Irecv(rbuf, 1, 0);
        comm.Send(sbuf, 1, 0);
        await r;
      } else if (rank === 1) {
        await comm.Irecv(rbuf, 0, 0);
        comm.Send(sbuf, 0, 0);
      }
    }
  };
  const iters = iterations(5000, 8);
  report('8 B', 8, iters, await measure(body, iters, 2));
}

async function pingpongObjects() {
  const big = maxbytes >= 4 * 1024 * 1024 ? 1024 * 1024 : 1024;
  const cases = [
    ['small object', { a: 7, b: 3.14 }, 5000],
    ['1000-number array', Array.from({ length: 1000 }, (_, i) => i * 0.5), 2000],
    ['nested object', { name: 'mesh', id: 42, tags: ['a', 'b', 'c'], box: { lo: [0, 0, 0], hi: [1, 1, 1] },
      parts: Array.from({ length: 10 }, (_, i) => ({ id: i, w: i / 10, ok: i % 2 === 0 })) }, 2000],
    ['object with Float64Array', { step: 1, data: new Float64Array(big) }, 5000],
  ];
  for (const [name, obj, base] of cases) {
    const bytes = name === 'object with Float64Array' ? big * 8 : 0;
    const iters = iterations(base, bytes);
    report(name, bytes, iters, await measure(pingpongObject(obj), iters, 2));
  }
  const arr = new Float64Array(big);
  const iters = iterations(5000, big * 8);
  report('Send Float64Array', big * 8, iters, await measure(pingpongBuffer(arr), iters, 2));
}

const COLL_DOUBLES = [1, 128, 16384, 1048576];

async function allreduce() {
  let iters = iterations(2000, 8);
  report('object scalar', 8, iters, await measure((n) => {
    for (let i = 0; i < n; i++) comm.allreduce(1.5, MPI.SUM);
  }, iters, 1));
  for (const n of COLL_DOUBLES) {
    if (n * 8 > maxbytes * 2) break;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    iters = iterations(2000, n * 8);
    report(n === 1048576 ? '1 Mi doubles' : `${n} doubles`, n * 8, iters, await measure((k) => {
      for (let i = 0; i < k; i++) comm.Allreduce(a, b, MPI.SUM);
    }, iters, 1));
  }
}

async function bcast() {
  let iters = iterations(2000, 8);
  const obj = { a: 7, b: 3.14 };
  report('small object', 0, iters, await measure((n) => {
    for (let i = 0; i < n; i++) comm.bcast(rank === 0 ? obj : null, 0);
  }, iters, 1));
  const buf = new Uint8Array(1048576);
  for (const bytes of [8, 1024, 65536, 1048576]) {
    if (bytes > maxbytes) break;
    const view = buf.subarray(0, bytes);
    iters = iterations(2000, bytes);
    report(sizeName(bytes), bytes, iters, await measure((n) => {
      for (let i = 0; i < n; i++) comm.Bcast(view, 0);
    }, iters, 1));
  }
}

async function ringtest() {
  const next = (rank + 1) % size;
  const prev = (rank + size - 1) % size;
  const buf = new Uint8Array(1048576);
  for (const bytes of [1, 1024, 65536, 1048576]) {
    if (bytes > maxbytes) break;
    const m = buf.subarray(0, bytes);
    const iters = iterations(2000, bytes);
    report(sizeName(bytes), bytes, iters, await measure((n) => {
      for (let i = 0; i < n; i++) {
        if (size === 1) {
          comm.Sendrecv(m, 0, 0, m, 0, 0);
        } else if (rank === 0) {
          comm.Send(m, next, 0);
          comm.Recv(m, prev, 0);
        } else {
          comm.Recv(m, prev, 0);
          comm.Send(m, next, 0);
        }
      }
    }, iters, size));
  }
}

/** Bytes of the file (64 MiB x scale, a multiple of size x 8) and of one block of the strided view (as bench.c). */
function ioSizes() {
  let per = Math.max(8, Math.floor(Math.floor((64 * 1048576 * scale) / size) / 8) * 8);
  let block = 65536;
  while (block * 4 > per && block > 8) block /= 2;
  per = Math.floor(per / block) * block;
  return [per * size, block];
}

/** One discarded pass, then `batches` timed passes of one collective call (as bench.c's measure with 1 iteration). */
function measureOnce(body) {
  comm.Barrier();
  body();
  const t = [];
  for (let b = 0; b < batches; b++) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    body();
    t.push((MPI.Wtime() - t0) * 1e6);
  }
  return agree(median(t));
}

async function io() {
  const [total, block] = ioSizes();
  const per = total / size;
  const { tmpdir } = await import('node:os');
  const id = comm.bcast(process.pid, 0);
  const name = `${process.env.TMPDIR || tmpdir()}/mpi4js-bench-io-js-${id}.bin`;
  const buf = new Uint8Array(per).fill(rank + 1);
  const fh = MPI.File.Open(comm, name, MPI.MODE_RDWR | MPI.MODE_CREATE);
  for (const strided of [false, true]) {
    let ft = null;
    if (strided) {
      const v = MPI.BYTE.Create_vector(per / block, block, block * size);
      ft = v.Create_resized(0, total).Commit();
      v.Free();
      fh.Set_view(rank * block, MPI.BYTE, ft);
    } else {
      fh.Set_view(rank * per, MPI.BYTE, MPI.BYTE);
    }
    const kind = strided ? 'strided' : 'contiguous';
    report(`Write_at_all ${kind}`, total, 1, measureOnce(() => fh.Write_at_all(0, buf)));
    report(`Read_at_all ${kind}`, total, 1, measureOnce(() => fh.Read_at_all(0, buf)));
    ft?.Free();
  }
  fh.Close();
  if (rank === 0) MPI.File.Delete(name);
}

function helloworld() {
  const token = new Int32Array(1);
  if (rank > 0) comm.Recv(token, rank - 1, 0);
  console.log(`Hello, World! I am process ${rank} of ${size} on ${MPI.Get_processor_name()}.`);
  if (rank + 1 < size) comm.Send(token, rank + 1, 0);
  comm.Barrier();
}

/**
 * One-sided, passive target (rank 0 → rank 1, one Lock_all epoch): Put + Flush and Get + Flush at
 * 8 B and 1 MiB, and Fetch_and_op + Flush of one int64 (µs per operation).
 */
async function rma() {
  const big = Math.min(1048576, maxbytes);
  const win = MPI.Win.Allocate(rank === 1 ? big : 0, 1, null, comm);
  win.Lock_all();
  for (const [op, bytes] of [['Put', 8], ['Get', 8], ['Put', big], ['Get', big]]) {
    const buf = new Uint8Array(bytes);
    const body = (iters) => {
      if (rank !== 0) return;
      if (op === 'Put') for (let i = 0; i < iters; i++) { win.Put(buf, 1, 0); win.Flush(1); }
      else for (let i = 0; i < iters; i++) { win.Get(buf, 1, 0); win.Flush(1); }
    };
    const iters = iterations(20000, bytes);
    report(`${op} + Flush ${sizeName(bytes)}`, bytes, iters, await measure(body, iters, 1));
  }
  const one = new BigInt64Array([1n]);
  const res = new BigInt64Array(1);
  const fop = (iters) => {
    if (rank !== 0) return;
    for (let i = 0; i < iters; i++) { win.Fetch_and_op(one, res, 1, 0, MPI.SUM); win.Flush(1); }
  };
  const iters = iterations(20000, 8);
  report('Fetch_and_op + Flush 8 B', 8, iters, await measure(fop, iters, 1));
  win.Unlock_all();
  win.Free();
}

/**
 * `--cold`: the first messages of a program, without warm-up (the JIT has not optimised anything):
 * 1000 round trips of the small object, then 1000 of an 8-byte upper-case message, each timed once.
 */
async function cold() {
  const iters = iterations(1000, 0);
  for (const [name, body] of [['small object', pingpongObject({ a: 7, b: 3.14 })], ['8 B', pingpongBuffer(new Uint8Array(8))]]) {
    comm.Barrier();
    const t0 = MPI.Wtime();
    body(iters);
    report(name, name === '8 B' ? 8 : 0, iters, agree(((MPI.Wtime() - t0) / iters / 2) * 1e6));
  }
}

const BENCHES = {
  cold,
  pingpong,
  'pingpong-await': pingpongAwait,
  'pingpong-object': pingpongObjects,
  allreduce,
  bcast,
  ringtest,
  helloworld,
  rma,
  io,
};
const run = BENCHES[bench];
if (!run) throw new Error(`bench.mjs: unknown benchmark ${bench}`);
if (size < 2 && (bench.startsWith('pingpong') || bench === 'rma' || bench === 'cold')) throw new Error(`bench.mjs: ${bench} needs at least 2 processes`);
await run();
