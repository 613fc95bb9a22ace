// The pool of receive mappings (csrc/msgpool.cc), run with --expose-gc: large object messages
// arrive intact while the memory of earlier ones is recycled, and memory that is still referenced
// (a kept object's typed array) is never handed to a later message. A worker thread shares the
// pool. Counters come from the addon's messagePoolStats(); no timing is checked.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MPI, assert, test, testComms, run } from './lib/suite.mjs';

assert.equal(typeof globalThis.gc, 'function', 'run with --expose-gc');
const native = createRequire(import.meta.url)(process.env.MPI4JS_ADDON);

const DOUBLES = 5 * 65536; // 2.5 MiB: above the pool's 2 MiB threshold
const MESSAGES = 24;

function filled(seed) {
  const a = new Float64Array(DOUBLES);
  for (let i = 0; i < DOUBLES; i += 4099) a[i] = seed + i;
  a[DOUBLES - 1] = -seed;
  return a;
}

function check(a, seed, what) {
  assert.equal(a.length, DOUBLES, `${what}: length`);
  for (let i = 0; i < DOUBLES; i += 4099) if (a[i] !== seed + i) assert.fail(`${what}: element ${i} is ${a[i]}, not ${seed + i}`);
  assert.equal(a[DOUBLES - 1], -seed, `${what}: last element`);
}

testComms('large object messages reuse receive memory, never memory still referenced', async (comm) => {
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const dest = (rank + 1) % size;
  const source = (rank + size - 1) % size;
  const before = native.messagePoolStats();
  const kept = [];
  for (let i = 0; i < MESSAGES; i++) {
    // Blocking send (out of band) between distinct ranks in a safe order; isend to oneself.
    const obj = { i, from: rank, data: filled(rank * 1e6 + i * 1e3) };
    let got;
    if (dest === rank) {
      const req = comm.isend(obj, dest, i);
      got = comm.recv(source, i);
      req.wait();
    } else if (rank % 2 === 0) {
      comm.send(obj, dest, i);
      got = comm.recv(source, i);
    } else {
      got = comm.recv(source, i);
      comm.send(obj, dest, i);
    }
    assert.equal(got.i, i);
    assert.equal(got.from, source);
    check(got.data, source * 1e6 + i * 1e3, `message ${i}`);
    if (i % 4 === 0) kept.push(got); // stays referenced while later messages arrive
    if (i % 3 === 2) globalThis.gc();
  }
  for (const k of kept) check(k.data, source * 1e6 + k.i * 1e3, `kept message ${k.i}`);
  const after = native.messagePoolStats();
  assert.ok(after.reused > before.reused, `pooled memory was reused (${JSON.stringify(after)})`);
  assert.ok(after.pooled <= 16 && after.pooledBytes <= 64 * 1048576, `the pool stays within its caps (${JSON.stringify(after)})`);
});

test('a worker thread shares the pool; its memory comes back when it ends', async () => {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const native = require(process.env.MPI4JS_ADDON);
    const kept = [];
    for (let i = 0; i < 12; i++) {
      const a = new Float64Array(native.messageBuffer(3 << 20));
      a[0] = i; a[a.length - 1] = -i;
      if (i % 3 === 0) kept.push(a);
      if (i % 4 === 3) globalThis.gc();
    }
    const ok = kept.every((a, j) => a[0] === j * 3 && a[a.length - 1] === -j * 3);
    parentPort.postMessage({ ok, stats: native.messagePoolStats() });`;
  const worker = new Worker(code, { eval: true }); // --expose-gc is process-wide
  const [reply] = await Promise.all([
    new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); }),
    new Promise((resolve) => worker.once('exit', resolve)),
  ]);
  assert.ok(reply.ok, 'buffers kept by the worker were not reused');
  // The worker's buffers went back to the shared pool (finalizers at its exit); the main thread can take them.
  const mine = [];
  for (let i = 0; i < 4; i++) {
    const a = new Uint8Array(native.messageBuffer(3 << 20));
    a.fill(i + 1);
    mine.push(a);
  }
  assert.ok(mine.every((a, i) => a[0] === i + 1 && a[a.length - 1] === i + 1));
  assert.equal(native.messagePoolStats().offThread, 0, 'finalizers run on the thread that made the buffer');
});

await run();
