// One-sided communication (MPI.Win): every operation and synchronization mode checked against a
// model of the windows' contents, shared windows, memory safety (pins, detached handouts), misuse.
import { Worker } from 'node:worker_threads';
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const range = (n) => Array.from({ length: n }, (_, i) => i);
const N = 4; // elements per rank's block

/** Every rank's window contents after each rank r wrote `block(r)` at block r of rank (r+1)%size. */
function ringModel(size, rank, block) {
  const m = new Array(N * size).fill(-1);
  const from = (rank - 1 + size) % size;
  block(from).forEach((v, i) => { m[from * N + i] = v; });
  return m;
}
const blockOf = (r) => range(N).map((i) => 100 * r + i);

function allocated(comm, n, type = Float64Array) {
  const win = MPI.Win.Allocate(n * type.BYTES_PER_ELEMENT, type.BYTES_PER_ELEMENT, null, comm);
  const mem = new type(win.tomemory());
  return [win, mem];
}

testComms('Create, Allocate, Allocate_shared, Create_dynamic: attributes, group, name, Free', (comm) => {
  const buf = new Float64Array(8);
  const wins = [
    [MPI.Win.Create(buf, 8, null, comm), MPI.WIN_FLAVOR_CREATE, 64, 8],
    [MPI.Win.Allocate(24, 4, null, comm), MPI.WIN_FLAVOR_ALLOCATE, 24, 4],
    [MPI.Win.Allocate_shared(16, 1, null, comm.Split_type(MPI.COMM_TYPE_SHARED)), MPI.WIN_FLAVOR_SHARED, 16, 1],
    [MPI.Win.Create_dynamic(null, comm), MPI.WIN_FLAVOR_DYNAMIC, 0, 1],
  ];
  for (const [win, flavor, size, unit] of wins) {
    assert.equal(win.flavor, flavor);
    assert.equal(win.Get_attr(MPI.WIN_CREATE_FLAVOR), flavor);
    assert.equal(win.Get_attr(MPI.WIN_SIZE), size);
    assert.equal(win.Get_attr(MPI.WIN_DISP_UNIT), unit);
    assert.ok([MPI.WIN_UNIFIED, MPI.WIN_SEPARATE].includes(win.model));
    assert.equal(typeof win.Get_attr(MPI.WIN_BASE), 'number');
    assert.deepEqual(win.attrs.slice(1), [size, unit]);
    const g = win.Get_group();
    assert.equal(g.size, flavor === MPI.WIN_FLAVOR_SHARED ? g.size : comm.size);
    assert.equal(win.group_rank, g.rank);
    g.Free();
    win.Set_name('my window');
    assert.equal(win.Get_name(), 'my window');
    assert.equal(win.name, 'my window');
    win.Free();
    throwsLike(() => win.Fence(), MPI.Exception, /Win\.Fence: the Win has been freed/);
  }
  assert.equal(wins[0][0].Get_attr === MPI.Win.prototype.Get_attr, true);
  throwsLike(() => MPI.WIN_NULL.Fence(), MPI.Exception, /WIN_NULL/);
  assert.equal(MPI.Win.Create(buf, undefined, null, comm).tomemory(), buf);
});

testComms('Put and Get under Fence against the model (ring)', (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, N * size);
  mem.fill(-1);
  win.Fence();
  const right = (rank + 1) % size;
  win.Put(new Float64Array(blockOf(rank)), right, rank * N);
  win.Fence();
  assert.deepEqual(Array.from(mem), ringModel(size, rank, blockOf));
  // Get back what this rank put, and a block with an explicit [disp, count, datatype] target.
  const got = new Float64Array(N);
  const two = new Float64Array(2);
  win.Get(got, right, [rank * N, N, MPI.DOUBLE]);
  win.Get([two, 2, MPI.DOUBLE], right, [rank * N + 1, 2]);
  win.Fence(MPI.MODE_NOSUCCEED);
  assert.deepEqual(Array.from(got), blockOf(rank));
  assert.deepEqual(Array.from(two), blockOf(rank).slice(1, 3));
  win.Free();
});

testComms('Accumulate (SUM, MAX, REPLACE, NO_OP) and Get_accumulate under Fence against the model', (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, 4, Int32Array);
  mem.set([0, -5, 7, 9]);
  win.Fence(MPI.MODE_NOPRECEDE);
  // Every rank: +rank+1 into element 0 of rank 0; max(rank) into element 1; element 2 replaced by rank 0 only.
  win.Accumulate(new Int32Array([rank + 1]), 0, 0, MPI.SUM);
  win.Accumulate(new Int32Array([rank]), 0, [1, 1, MPI.INT32_T], MPI.MAX);
  if (rank === 0) win.Accumulate(new Int32Array([42]), 0, 2, MPI.REPLACE);
  throwsLike(() => win.Accumulate(new Int32Array([1234]), 0, 3, MPI.NO_OP), TypeError, /Win\.Accumulate: argument 'op'/);
  win.Fence();
  if (rank === 0) assert.deepEqual(Array.from(mem), [(size * (size + 1)) / 2, size - 1, 42, 9]);
  comm.Barrier(); // rank 0 read its window before the next epoch's operations reach it
  // Get_accumulate: each fetches element 3 of rank 0 and adds 1; the fetched values are 9..9+size-1 once each.
  const res = new Int32Array(1);
  win.Get_accumulate(new Int32Array([1]), res, 0, 3, MPI.SUM);
  win.Fence();
  const all = comm.allgather(res[0]).sort((a, b) => a - b);
  assert.deepEqual(all, range(size).map((i) => 9 + i));
  // NO_OP with no origin is an atomic read.
  const read = new Int32Array(4);
  win.Get_accumulate(null, read, 0, null, MPI.NO_OP);
  win.Fence(MPI.MODE_NOSUCCEED);
  assert.equal(read[3], 9 + size);
  win.Free();
});

testComms('Fetch_and_op and Compare_and_swap under Lock (exclusive and shared)', (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, 2, Int32Array);
  mem.fill(0);
  comm.Barrier();
  const K = 5;
  const fetched = [];
  const one = new Int32Array([1]);
  const res = new Int32Array(1);
  for (let k = 0; k < K; k++) {
    win.Lock(0, MPI.LOCK_EXCLUSIVE);
    win.Fetch_and_op(one, res, 0, 0, MPI.SUM);
    win.Unlock(0);
    fetched.push(res[0]);
  }
  // Compare_and_swap: whoever finds 0 in element 1 takes it; exactly one rank wins.
  const old = new Int32Array(1);
  win.Lock(0, MPI.LOCK_SHARED);
  win.Compare_and_swap(new Int32Array([rank + 1]), new Int32Array([0]), old, 0, 1);
  win.Unlock(0);
  comm.Barrier();
  const all = comm.allgather(fetched).flat().sort((a, b) => a - b);
  assert.deepEqual(all, range(K * size));
  const winners = comm.allgather(old[0] === 0 ? rank : -1).filter((x) => x >= 0);
  assert.equal(winners.length, 1);
  // NO_OP with no origin reads atomically.
  win.Lock(0, MPI.LOCK_SHARED);
  const cur = new Int32Array(1);
  win.Fetch_and_op(null, cur, 0, 1, MPI.NO_OP);
  win.Unlock(0);
  assert.equal(cur[0], winners[0] + 1);
  comm.Barrier();
  if (rank === 0) assert.deepEqual(Array.from(mem), [K * size, winners[0] + 1]);
  win.Free();
});

testComms('Post/Start/Complete/Wait (and Test) against the model', (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, N * size);
  mem.fill(-1);
  const g = comm.Get_group();
  const left = g.Incl([(rank - 1 + size) % size]);
  const right = g.Incl([(rank + 1) % size]);
  comm.Barrier();
  win.Post(left);
  win.Start(right);
  win.Put(new Float64Array(blockOf(rank)), (rank + 1) % size, rank * N);
  win.Complete();
  if (rank % 2) win.Wait();
  else while (!win.Test()) { /* poll */ }
  assert.deepEqual(Array.from(mem), ringModel(size, rank, blockOf));
  for (const x of [g, left, right]) x.Free();
  win.Free();
});

testComms('Lock_all with Flush, Flush_local, Flush_all, Flush_local_all, Sync against the model', (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, N * size);
  win.Lock(rank, MPI.LOCK_EXCLUSIVE);
  mem.fill(-1);
  win.Unlock(rank);
  comm.Barrier();
  const right = (rank + 1) % size;
  win.Lock_all();
  win.Put(new Float64Array(blockOf(rank).slice(0, 2)), right, rank * N);
  win.Flush(right);
  win.Put(new Float64Array(blockOf(rank).slice(2)), right, [rank * N + 2, 2, MPI.DOUBLE]);
  win.Flush_local(right);
  win.Flush_all();
  win.Flush_local_all();
  win.Sync();
  comm.Barrier();
  win.Sync();
  assert.deepEqual(Array.from(mem), ringModel(size, rank, blockOf));
  const got = new Float64Array(N);
  win.Get(got, right, rank * N);
  win.Flush(right);
  assert.deepEqual(Array.from(got), blockOf(rank));
  win.Unlock_all();
  comm.Barrier();
  win.Free();
});

testComms('Rput, Rget, Raccumulate, Rget_accumulate: awaited requests under Lock_all', async (comm) => {
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, N * size + 1);
  mem.fill(0);
  comm.Barrier();
  const right = (rank + 1) % size;
  win.Lock_all();
  await win.Rput(new Float64Array(blockOf(rank)), right, rank * N);
  win.Flush(right);
  const got = new Float64Array(N);
  await win.Rget(got, right, rank * N);
  assert.deepEqual(Array.from(got), blockOf(rank));
  await win.Raccumulate(new Float64Array([1]), 0, N * size, MPI.SUM);
  const old = new Float64Array(1);
  const q = win.Rget_accumulate(new Float64Array([0]), old, 0, N * size, MPI.SUM);
  // Refused with their own message (not a collective's); the request still completes.
  throwsLike(() => q.Cancel(), MPI.Exception, /Cancel of a request-based RMA .*request is not supported/);
  throwsLike(() => q.Free(), MPI.Exception, /Free of a request-based RMA .*request is not supported/);
  q.Wait();
  win.Unlock_all();
  comm.Barrier();
  if (rank === 0) assert.equal(mem[N * size], size);
  assert.deepEqual(Array.from(mem.subarray(0, N * size)), ringModel(size, rank, blockOf).map((x) => (x === -1 ? 0 : x)));
  comm.Barrier();
  win.Free();
});

testComms('Allocate_shared: every rank reads and writes the others\' segments with no message', (comm) => {
  const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
  const { size, rank } = node;
  const win = MPI.Win.Allocate_shared(N * 8, 8, null, node);
  const mine = new Float64Array(win.tomemory());
  win.Fence();
  mine.set(blockOf(rank));
  win.Fence();
  for (let r = 0; r < size; r++) {
    const [ab, unit] = win.Shared_query(r);
    assert.equal(unit, 8);
    assert.deepEqual(Array.from(new Float64Array(ab)), blockOf(r));
  }
  // The segment of this rank from Shared_query is the same memory as tomemory().
  assert.equal(win.Shared_query(rank)[0], win.tomemory());
  win.Fence();
  if (rank === 0) new Float64Array(win.Shared_query(size - 1)[0])[0] = -7;
  win.Fence();
  if (rank === size - 1) assert.equal(mine[0], -7);
  win.Free();
  node.Free();
});

test('stale views after Free (and Shared_query buffers) are detached', () => {
  const comm = MPI.COMM_WORLD;
  const [win, mem] = allocated(comm, 16);
  const ab = win.tomemory();
  assert.equal(mem.length, 16);
  win.Free();
  assert.equal(ab.byteLength, 0);
  assert.equal(mem.length, 0);
  assert.equal(mem[0], undefined);
  const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
  const sw = MPI.Win.Allocate_shared(64, 1, null, node);
  const views = range(node.size).map((r) => new Uint8Array(sw.Shared_query(r)[0]));
  sw.Free();
  node.Free();
  assert.ok(views.every((v) => v.length === 0));
  throwsLike(() => sw.tomemory(), MPI.Exception, /freed/);
});

test('an origin buffer transferred away before the epoch ends still delivers its data (pinned)', () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, N * size);
  mem.fill(-1);
  win.Fence();
  let origin = new Float64Array(blockOf(rank));
  win.Put(origin, (rank + 1) % size, rank * N);
  const moved = structuredClone(origin.buffer, { transfer: [origin.buffer] });
  assert.equal(origin.length, 0);
  origin = null;
  globalThis.gc?.();
  win.Fence();
  assert.deepEqual(Array.from(mem), ringModel(size, rank, blockOf));
  assert.deepEqual(Array.from(new Float64Array(moved)), blockOf(rank));
  // The same for each origin form (ArrayBuffer, DataView, typed array), with the moved memory let go
  // and the heap churned: only the pin keeps it where MPI reads it. Puts under Lock_all with flushes
  // (a flush keeps the last few origins pinned, the others are released).
  mem.fill(-1);
  comm.Barrier();
  win.Lock_all();
  const forms = [(ab) => ab, (ab) => new DataView(ab), (ab) => new Float64Array(ab)];
  for (let k = 0; k < 6; k++) {
    const ab = new Float64Array(blockOf(rank).map((v) => v + k)).buffer;
    win.Put([forms[k % 3](ab), N, MPI.DOUBLE], (rank + 1) % size, rank * N);
    structuredClone(ab, { transfer: [ab] });
    globalThis.gc?.();
    for (let j = 0; j < 50; j++) new Float64Array(N).fill(-7);
    win.Flush((rank + 1) % size);
  }
  win.Unlock_all();
  comm.Barrier();
  assert.deepEqual(Array.from(mem), ringModel(size, rank, (r) => blockOf(r).map((v) => v + 5)));
  win.Free();
});

test('a Create window whose ArrayBuffer is transferred keeps its memory: puts land where the new owner reads', () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  let mem = new Float64Array(N * size).fill(-1);
  const win = MPI.Win.Create(mem, 8, null, comm);
  const moved = new Float64Array(structuredClone(mem.buffer, { transfer: [mem.buffer] }));
  assert.equal(mem.length, 0);
  mem = null;
  globalThis.gc?.();
  win.Fence();
  win.Put(new Float64Array(blockOf(rank)), (rank + 1) % size, rank * N);
  win.Fence();
  assert.deepEqual(Array.from(moved), ringModel(size, rank, blockOf));
  win.Free();
});

test('Create on a SharedArrayBuffer: a worker thread reads what the other ranks put', async () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  const sab = new SharedArrayBuffer(N * size * 8);
  const win = MPI.Win.Create(sab, 8, null, comm);
  // The window holds the memory whatever JavaScript does with its buffer.
  win.Fence();
  win.Put(new Float64Array(blockOf(rank)), (rank + 1) % size, rank * N);
  win.Fence();
  const seen = await new Promise((resolve, reject) => {
    const w = new Worker('const { parentPort, workerData } = require("node:worker_threads"); parentPort.postMessage(Array.from(new Float64Array(workerData)));',
      { eval: true, workerData: sab });
    w.once('message', resolve);
    w.once('error', reject);
  });
  assert.deepEqual(seen, ringModel(size, rank, blockOf).map((x) => (x === -1 ? 0 : x)));
  win.Free();
});

test('worker threads: a worker makes, uses and frees windows; its Win.Free while another worker ends does not deadlock', async () => {
  const comm = MPI.COMM_WORLD;
  const { rank, size } = comm;
  const url = new URL('./lib/win-worker.mjs', import.meta.url);
  const start = (role) => new Worker(url, { workerData: { role, rank, size } });
  const message = (w, want) => new Promise((resolve, reject) => {
    w.on('message', (m) => { if (want === undefined || m === want) resolve(m); });
    w.once('error', reject);
  });
  const user = start('use');
  assert.deepEqual(await message(user), range(5).map((it) => ((rank - 1 + size) % size) + it));
  await user.terminate();
  // Rank 0's worker waits in MPI_Win_free for the other ranks while another worker ends: the
  // ending environment's clean-up took the window table's lock, then the window's, which the
  // Free held while it waited for the table's (a deadlock before the fix).
  const freer = start('free-late');
  const freed = message(freer, 'freed');
  await message(freer, 'freeing');
  if (rank === 0 && size > 1) {
    await new Promise((r) => setTimeout(r, 100));
    const ending = start('exit');
    const ended = new Promise((resolve) => ending.once('exit', resolve));
    await message(ending, 'made');
    await ended;
  }
  await freed;
  await freer.terminate();
});

test('misuse: target past the window, short origin, user op, detached buffers, freed window, bad arguments', () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  const [win, mem] = allocated(comm, 4);
  win.Fence();
  const right = (rank + 1) % size;
  throwsLike(() => win.Put(new Float64Array(2), right, 3), RangeError, /Win\.Put: argument 'target'.*past the window/);
  throwsLike(() => win.Get(new Float64Array(5), right), RangeError, /Win\.Get: argument 'target'/);
  throwsLike(() => win.Put(new Float64Array(1), right, [0, 5, MPI.DOUBLE]), RangeError, /Win\.Put: argument 'target'/);
  throwsLike(() => win.Put([new Float64Array(2), 3, MPI.DOUBLE], right, 0), RangeError, /Win\.Put: argument 'origin'/);
  throwsLike(() => win.Put(new Float64Array(1), size + 3, 0), MPI.Exception, /target_rank/);
  throwsLike(() => win.Put(new Float64Array(1), right, -1), RangeError, /Win\.Put: argument 'target'/);
  throwsLike(() => win.Put(new Float64Array(1), right, 'x'), TypeError, /Win\.Put: argument 'target'/);
  throwsLike(() => win.Put('abc', right, 0), TypeError, /Win\.Put: argument 'origin'/);
  throwsLike(() => win.Accumulate(new Float64Array(1), right, 0, MPI.Op.Create((a, b) => b)), MPI.Exception, /Win\.Accumulate: argument 'op'/);
  throwsLike(() => win.Fetch_and_op(new Float64Array(1), new Int32Array(1), right, 0), TypeError, /same datatype/);
  throwsLike(() => win.Fetch_and_op(new Float64Array(1), new Float64Array(1), right, 4), RangeError, /Win\.Fetch_and_op: argument 'target'/);
  throwsLike(() => win.Compare_and_swap(new Float64Array(0), new Float64Array(1), new Float64Array(1), right, 0), RangeError, /origin/);
  throwsLike(() => win.Lock(0, 12345), RangeError, /lock_type/);
  throwsLike(() => win.Start('group'), TypeError, /Win\.Start: argument 'group'/);
  const dead = new Float64Array(1);
  structuredClone(dead.buffer, { transfer: [dead.buffer] });
  throwsLike(() => win.Put(dead, right, 0), TypeError, /Win\.Put: argument 'origin'.*detached/);
  throwsLike(() => MPI.Win.Create(dead, 8, null, comm), TypeError, /Win\.Create: argument 'memory'.*detached/);
  throwsLike(() => MPI.Win.Create('abc', 8, null, comm), TypeError, /Win\.Create: argument 'memory'/);
  throwsLike(() => MPI.Win.Allocate(-1, 1, null, comm), RangeError, /Win\.Allocate: argument 'size'/);
  throwsLike(() => MPI.Win.Allocate(8, 0, null, comm), RangeError, /disp_unit/);
  throwsLike(() => MPI.Win.Allocate(8, 1, null, MPI.COMM_NULL), MPI.Exception, /COMM_NULL/);
  throwsLike(() => win.Shared_query(0), MPI.Exception, /Allocate_shared/);
  throwsLike(() => MPI.Win.Create(new ArrayBuffer(8, { maxByteLength: 16 }), 1, null, comm), TypeError, /resizable/);
  throwsLike(() => MPI.Win.prototype.Fence.call(comm), TypeError, /not a Win/);
  win.Fence();
  mem.fill(0);
  win.Free();
  throwsLike(() => win.Put(new Float64Array(1), right, 0), MPI.Exception, /Win\.Put: the Win has been freed/);
  throwsLike(() => win.Free(), MPI.Exception, /freed/);
});

test('an operation outside an epoch is an MPI.Exception (ERR_RMA_SYNC), never a crash', () => {
  const comm = MPI.COMM_WORLD;
  const [win] = allocated(comm, 4);
  const right = (comm.rank + 1) % comm.size;
  const sync = (fn, re) => {
    throwsLike(fn, MPI.Exception, re);
    try { fn(); } catch (e) { assert.equal(e.error_class, MPI.ERR_RMA_SYNC, e.message); }
  };
  sync(() => win.Put(new Float64Array(1), right, 0), /Win\.Put: no access epoch to rank/);
  sync(() => win.Get(new Float64Array(1), right, 0), /Win\.Get: no access epoch/);
  sync(() => win.Fetch_and_op(new Float64Array(1), new Float64Array(1), right, 0), /Win\.Fetch_and_op: no access epoch/);
  sync(() => win.Flush(right), /Win\.Flush: no passive-target/);
  sync(() => win.Flush_all(), /Win\.Flush_all: no passive-target/);
  sync(() => win.Unlock(right));
  sync(() => win.Unlock_all());
  sync(() => win.Complete());
  // Request-based operations need a passive-target epoch, a fence epoch is not enough.
  win.Fence();
  sync(() => win.Rput(new Float64Array(1), right, 0), /Win\.Rput: no passive-target/);
  win.Put(new Float64Array(1), right, 0);
  win.Fence(MPI.MODE_NOSUCCEED);
  sync(() => win.Put(new Float64Array(1), right, 0), /no access epoch/);
  // A lock opens an epoch to its rank only.
  win.Lock(right, MPI.LOCK_SHARED);
  win.Put(new Float64Array(1), right, 0);
  const other = (right + 1) % comm.size;
  if (other !== right) sync(() => win.Put(new Float64Array(1), other, 0), new RegExp(`no access epoch to rank ${other}`));
  win.Unlock(right);
  comm.Barrier();
  win.Free();
});

testComms('Create_dynamic: Put, Get, Accumulate, Fetch_and_op, Compare_and_swap at addresses of attached memory, against the model', (comm) => {
  const { size, rank } = comm;
  const right = (rank + 1) % size;
  const left = (rank - 1 + size) % size;
  const win = MPI.Win.Create_dynamic(null, comm);
  // One attached buffer per rank (Open MPI 4.1 takes one at a time): a block per rank, two int64 counters.
  const buf = new ArrayBuffer(N * size * 8 + 16);
  const mem = new Float64Array(buf, 0, N * size).fill(-1);
  const ctr = new BigInt64Array(buf, N * size * 8, 2);
  win.Attach(buf);
  // Every rank sends its addresses to the others (mpi4py's way: the addresses travel as messages).
  const addrs = comm.allgather([MPI.Get_address(mem), MPI.Get_address(ctr)]);
  const [memAt, ctrAt] = addrs[right];
  win.Lock_all();
  win.Put(new Float64Array(blockOf(rank)), right, MPI.Aint_add(memAt, rank * N * 8));
  win.Flush(right);
  win.Accumulate(new Float64Array([0.5, 0.5]), right, [MPI.Aint_add(memAt, rank * N * 8), 2, MPI.DOUBLE], MPI.SUM);
  win.Fetch_and_op(new BigInt64Array([BigInt(rank + 1)]), new BigInt64Array(1), right, BigInt(ctrAt), MPI.SUM);
  const res = new BigInt64Array(1);
  win.Compare_and_swap(new BigInt64Array([7n]), new BigInt64Array([0n]), res, right, MPI.Aint_add(ctrAt, 8));
  win.Flush_all();
  win.Unlock_all();
  comm.Barrier();
  const model = ringModel(size, rank, blockOf);
  model[left * N] += 0.5;
  model[left * N + 1] += 0.5;
  assert.deepEqual(Array.from(mem), model);
  assert.deepEqual(Array.from(ctr), [BigInt(left + 1), 7n]);
  assert.equal(res[0], 0n);
  // Get reads another rank's attached memory (all writes are done: the Barrier above).
  const got = new Float64Array(N);
  const [leftMem] = addrs[left];
  win.Lock(left, MPI.LOCK_SHARED);
  win.Get(got, left, leftMem + ((left - 1 + size) % size) * N * 8);
  win.Unlock(left);
  const expect = blockOf((left - 1 + size) % size);
  expect[0] += 0.5;
  expect[1] += 0.5;
  assert.deepEqual(Array.from(got), expect);
  comm.Barrier();
  win.Detach(buf);
  win.Free();
});

test('Create_dynamic: addresses outside attached memory, detached memory, transferred buffers: errors, never a crash', () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  const right = (rank + 1) % size;
  const win = MPI.Win.Create_dynamic(null, comm);
  const a = new Float64Array(8);
  win.Attach(a);
  throwsLike(() => win.Attach(a), MPI.Exception, /Win\.Attach: argument 'memory' is already attached/);
  throwsLike(() => win.Attach(new Float64Array(0)), RangeError, /empty/);
  throwsLike(() => win.tomemory(), MPI.Exception, /Allocate/);
  const plain = MPI.Win.Allocate(8, 1, null, MPI.COMM_SELF);
  throwsLike(() => plain.Attach(new Uint8Array(8)), MPI.Exception, /Win\.Attach: the window was not made by Create_dynamic/);
  plain.Free();
  const at = comm.allgather(MPI.Get_address(a))[right];
  win.Lock_all();
  win.Put(new Float64Array(1), MPI.PROC_NULL, 0);
  for (const [addr, what] of [[0, 'null'], [8, 'low'], [at + 64, 'just past'], [at + 60, 'straddles the end'], [2 ** 40, 'far']]) {
    throwsLike(() => win.Put(new Float64Array([1]), right, addr), RangeError,
      new RegExp(`Win\\.Put: argument 'target'.*not inside memory attached to the window at rank ${right}`), what);
  }
  throwsLike(() => win.Get(new Float64Array(9), right, at), RangeError, /Win\.Get: argument 'target'/);
  throwsLike(() => win.Fetch_and_op(new Float64Array(1), new Float64Array(1), right, at - 8), RangeError, /Win\.Fetch_and_op: argument 'target'/);
  throwsLike(() => win.Put(new Float64Array(1), right, -1n), RangeError, /Win\.Put: argument 'target'/);
  throwsLike(() => win.Put(new Float64Array(1), right, 2n ** 60n), RangeError, /Win\.Put: argument 'target'/);
  win.Put(new Float64Array([rank]), right, at + 56);
  win.Flush(right);
  comm.Barrier();
  // A transferred attached buffer keeps its memory: the next put lands where the new owner reads.
  const moved = new Float64Array(structuredClone(a.buffer, { transfer: [a.buffer] }));
  assert.equal(a.length, 0);
  comm.Barrier();
  win.Put(new Float64Array([rank + 0.5]), right, at);
  win.Flush(right);
  comm.Barrier();
  const left = (rank - 1 + size) % size;
  assert.equal(moved[7], left);
  assert.equal(moved[0], left + 0.5);
  // Detached memory is refused to origins that look after the Detach.
  win.Detach(moved);
  throwsLike(() => win.Detach(moved), MPI.Exception, /not attached/);
  comm.Barrier();
  throwsLike(() => win.Put(new Float64Array([1]), right, at), RangeError, /not inside memory attached/);
  win.Unlock_all();
  win.Free();
  throwsLike(() => win.Put(new Float64Array(1), right, at), MPI.Exception, /Win\.Put: the Win has been freed/);
});

test('Create_dynamic: several attached buffers (one on Open MPI 4.1); past the limit an error', () => {
  const comm = MPI.COMM_WORLD;
  const { size, rank } = comm;
  const right = (rank + 1) % size;
  const openmpi4 = /Open MPI v4\./.test(MPI.Get_library_version());
  const limit = openmpi4 ? 1 : 64;
  const win = MPI.Win.Create_dynamic(null, comm);
  const bufs = range(limit).map((k) => new Float64Array([k, -1]));
  for (const b of bufs) win.Attach(b);
  throwsLike(() => win.Attach(new Uint8Array(8)), MPI.Exception, new RegExp(`Win\\.Attach: ${limit} buffer\\(s\\) are attached already`));
  // Each rank writes its rank into the second element of every buffer of the right neighbour.
  const addrs = comm.allgather(bufs.map((b) => MPI.Get_address(b)))[right];
  win.Lock_all();
  for (const at of addrs) win.Put(new Float64Array([rank]), right, at + 8);
  win.Unlock_all();
  comm.Barrier();
  assert.deepEqual(bufs.map((b) => Array.from(b)), range(limit).map((k) => [k, (rank - 1 + size) % size]));
  for (const b of bufs) win.Detach(b);
  win.Free();
});

test('Win attributes: Create_keyval, Set_attr, Get_attr, Delete_attr, Free_keyval; predefined ones still work', () => {
  const win = MPI.Win.Allocate(16, 8, null, MPI.COMM_WORLD);
  const log = [];
  const k = MPI.Win.Create_keyval(null, (w, key, v) => log.push([w === win, key, v]));
  assert.equal(win.Get_attr(k), null);
  win.Set_attr(k, { n: 1 });
  assert.deepEqual(win.Get_attr(k), { n: 1 });
  win.Set_attr(k, 'two');
  assert.deepEqual(log, [[true, k, { n: 1 }]]);
  win.Delete_attr(k);
  assert.deepEqual(log.at(-1), [true, k, 'two']);
  assert.equal(win.Get_attr(k), null);
  throwsLike(() => win.Delete_attr(k), MPI.Exception, /Win\.Delete_attr/);
  assert.equal(win.Get_attr(MPI.WIN_SIZE), 16);
  assert.equal(win.Get_attr(MPI.WIN_DISP_UNIT), 8);
  assert.equal(win.Get_attr(MPI.WIN_CREATE_FLAVOR), MPI.WIN_FLAVOR_ALLOCATE);
  const ck = MPI.Comm.Create_keyval();
  throwsLike(() => win.Set_attr(ck, 1), MPI.Exception, /Win\.Set_attr: .* is not a keyval of Win attributes/);
  throwsLike(() => win.Get_attr('x'), TypeError, /Win\.Get_attr: argument 'keyval'/);
  win.Set_attr(k, 3);
  assert.equal(MPI.Win.Free_keyval(k), MPI.KEYVAL_INVALID);
  throwsLike(() => win.Set_attr(k, 4), MPI.Exception, /freed/);
  win.Free();
  assert.deepEqual(log.at(-1), [true, k, 3]);
  throwsLike(() => win.Get_attr(MPI.WIN_SIZE), MPI.Exception, /Win\.Get_attr: the Win has been freed/);
  MPI.Comm.Free_keyval(ck);
});

test('info: plain objects and MPI.Info at creation, Set_info / Get_info', () => {
  const comm = MPI.COMM_WORLD;
  const win = MPI.Win.Allocate(8, 1, { accumulate_ordering: 'none' }, comm);
  const got = win.Get_info();
  assert.ok(got instanceof MPI.Info);
  got.Free();
  win.Set_info({ mpi4js_hint: 'ignored' });
  win.Free();
  const info = MPI.Info.Create();
  info.Set('no_locks', 'false');
  const w2 = MPI.Win.Create(new Uint8Array(8), 1, info, comm);
  info.Free();
  w2.Free();
  MPI.Win.Create_dynamic(MPI.INFO_NULL, comm).Free();
  throwsLike(() => MPI.Win.Allocate(8, 1, 42, comm), TypeError, /Win\.Allocate: argument 'info'/);
});

test('error handlers: ERRORS_RETURN by default, Set_errhandler, Call_errhandler', () => {
  const win = MPI.Win.Allocate(8, 1, null, MPI.COMM_WORLD);
  assert.equal(win.Get_errhandler(), MPI.ERRORS_RETURN);
  win.Set_errhandler(MPI.ERRORS_ARE_FATAL);
  assert.equal(win.Get_errhandler(), MPI.ERRORS_ARE_FATAL);
  win.Set_errhandler(MPI.ERRORS_RETURN);
  win.Call_errhandler(MPI.SUCCESS);
  throwsLike(() => win.Call_errhandler(1.5), TypeError, /Win\.Call_errhandler: argument 'errorcode'/);
  throwsLike(() => win.Set_errhandler('x'), TypeError, /Win\.Set_errhandler: argument 'errhandler'/);
  throwsLike(() => win.Set_errhandler(MPI.ERRHANDLER_NULL), MPI.Exception);
  win.Free();
  throwsLike(() => win.Get_errhandler(), MPI.Exception, /freed/);
});

test('constants', () => {
  for (const k of ['WIN_BASE', 'WIN_SIZE', 'WIN_DISP_UNIT', 'WIN_CREATE_FLAVOR', 'WIN_FLAVOR', 'WIN_MODEL', 'WIN_FLAVOR_CREATE',
    'WIN_FLAVOR_ALLOCATE', 'WIN_FLAVOR_DYNAMIC', 'WIN_FLAVOR_SHARED', 'WIN_SEPARATE', 'WIN_UNIFIED', 'MODE_NOCHECK', 'MODE_NOSTORE',
    'MODE_NOPUT', 'MODE_NOPRECEDE', 'MODE_NOSUCCEED', 'LOCK_EXCLUSIVE', 'LOCK_SHARED']) {
    assert.equal(typeof MPI[k], 'number', k);
  }
  assert.notEqual(MPI.LOCK_EXCLUSIVE, MPI.LOCK_SHARED);
  assert.ok(MPI.WIN_NULL instanceof MPI.Win);
  assert.equal(MPI.REPLACE instanceof MPI.Op, true);
  assert.equal(MPI.NO_OP instanceof MPI.Op, true);
});

await run();
