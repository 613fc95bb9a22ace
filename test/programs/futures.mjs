// mpi4js/futures in spawn mode (MPIPoolExecutor spawning FUT_WORKERS workers from a 1-rank job) and in
// static mode (`node --import mpi4js/futures/server`: rank 0 runs this, the other ranks are workers).
// Only rank 0 runs the tests in static mode; test/mpi/futures.test.ts reads its report.
import { MPI, assert, test, throwsLike, run } from './lib/suite.mjs';
import { MPIPoolExecutor, BrokenExecutor, CancelledError, wait, as_completed, collect as collectAll, compose, FIRST_COMPLETED, FIRST_EXCEPTION, TimeoutError } from 'mpi4js/futures';

const T = './lib/futures-tasks.mjs';
const STATIC = process.env.FUT_MODE === 'static';
const WORKERS = STATIC ? Math.max(1, MPI.COMM_WORLD.Get_size() - 1) : Number(process.env.FUT_WORKERS ?? 2);
const NO_DYNAMIC = !STATIC && /ch4:ucx/.test(MPI.Get_library_version()) && /MPICH Version:\s*4\.0/.test(MPI.Get_library_version());
const opts = { maxWorkers: WORKERS, base: import.meta.url, env: { MPI4JS_FUTURES_TEST: 'yes' } };
const range = (n) => Array.from({ length: n }, (_, i) => i);

async function collect(it) {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
}

async function rejects(p, cls, re) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

if (NO_DYNAMIC) {
  // MPICH's ch4:ucx has no MPI_Comm_spawn: the pool says so with an MPI.Exception, in bootup and in submit.
  test('spawn mode where spawning cannot work: MPI.Exception', async () => {
    const pool = new MPIPoolExecutor(opts);
    await rejects(pool.submit(`${T}#square`, 2), MPI.Exception, /spawn/i);
    await rejects(pool.bootup(), MPI.Exception, /spawn/i);
    await pool.shutdown();
  });
} else {
  let pool;
  test('bootup and num_workers', async () => {
    pool = new MPIPoolExecutor(opts);
    assert.equal(await pool.bootup(), pool);
    assert.equal(pool.num_workers, STATIC && MPI.COMM_WORLD.Get_size() === 1 ? 1 : WORKERS);
  });

  test('submit: results equal a serial run (sync and async tasks, default export)', async () => {
    const xs = range(23);
    assert.deepEqual(await Promise.all(xs.map((x) => pool.submit(`${T}#square`, x))), xs.map((x) => x * x));
    assert.equal(await pool.submit(`${T}#add`, 'a', 'b'), 'ab');
    assert.equal(await pool.submit(`${T}#later`, { k: [1, 2] }, 5).then((v) => v.k[1]), 2);
    assert.equal(await pool.submit(T, 3), 'default:3');
    assert.deepEqual(await pool.submit(`${T}#add`, new Float64Array([1, 2]), 0).then((v) => typeof v), 'string');
  });

  test('map: input order for every chunksize; starmap', async () => {
    const xs = range(41);
    for (const chunksize of [1, 3, 7, 100]) {
      assert.deepEqual(await collect(pool.map(`${T}#square`, xs, { chunksize })), xs.map((x) => x * x), `chunksize ${chunksize}`);
    }
    // Uneven delays: still in input order.
    const delays = xs.map((x) => (x * 7) % 5);
    assert.deepEqual(await collect(pool.starmap(`${T}#later`, xs.map((x) => [x, delays[x]]), { chunksize: 2 })), xs);
    assert.deepEqual(await collect(pool.starmap(`${T}#add`, xs.map((x) => [x, 1]))), xs.map((x) => x + 1));
    assert.deepEqual(await collect(pool.map(`${T}#square`, [])), []);
    assert.deepEqual(await collect(pool.map(`${T}#square`, new Set([2, 3]).values())), [4, 9]);
  });

  test('map unordered: the same results, in completion order', async () => {
    const xs = range(12);
    const got = await collect(pool.map(`${T}#square`, xs, { unordered: true, chunksize: 5 }));
    assert.deepEqual([...got].sort((a, b) => a - b), xs.map((x) => x * x));
    if (WORKERS >= 2) {
      // The first item is slow: with two workers it cannot come first.
      const order = await collect(pool.starmap(`${T}#spin`, [[0, 400], [1, 0], [2, 0]], { unordered: true }));
      assert.notEqual(order[0], 0, String(order));
      assert.deepEqual([...order].sort(), [0, 1, 2]);
    }
  });

  test('a task that throws rejects with the remote class, message and stack', async () => {
    await rejects(pool.submit(`${T}#fail`, 'range', 'out of range!'), RangeError, /^out of range!$/);
    try {
      await pool.submit(`${T}#fail`, 'custom', 'custom!');
      assert.fail('no error');
    } catch (e) {
      assert.equal(e.name, 'CustomError');
      assert.equal(e.message, 'custom!');
      assert.match(e.stack, /futures-tasks\.mjs/);
      if (WORKERS > 1 || !STATIC) assert.match(e.stack, /worker \d+/);
    }
    await assert.rejects(collect(pool.map(`${T}#fail`, ['type'])), TypeError);
    // The pool is still usable.
    assert.equal(await pool.submit(`${T}#square`, 9), 81);
  });

  test('a bad task name: a clear error naming the module and the export', async () => {
    await rejects(pool.submit(`${T}#nope`), TypeError, /futures-tasks\.mjs#nope.*no exported function 'nope'/);
    await rejects(pool.submit(`${T}#notAFunction`), TypeError, /no exported function 'notAFunction'/);
    await rejects(pool.submit('./lib/no-such-module.mjs#f'), Error, /no-such-module\.mjs#f.*cannot import/);
    await rejects(pool.submit(42), TypeError, /MPIPoolExecutor.submit: argument 'task'/);
    await rejects(pool.submit(`${T}#`), TypeError, /names no export/);
    throwsLike(() => pool.map(`${T}#square`, [1], { chunksize: 0 }), RangeError, /chunksize/);
    throwsLike(() => pool.map(`${T}#square`, 5), TypeError, /iterable/);
    throwsLike(() => pool.starmap(`${T}#add`, [1]), TypeError, /item 0/);
    assert.equal(await pool.submit(`${T}#square`, 3), 9);
  });

  test('nested use from async functions; concurrent maps', async () => {
    const sumOfSquares = async (xs) => (await collect(pool.map(`${T}#square`, xs, { chunksize: 2 }))).reduce((a, b) => a + b, 0);
    const [a, b] = await Promise.all([sumOfSquares(range(10)), (async () => sumOfSquares(await pool.submit(`${T}#later`, [1, 2, 3], 1)))()]);
    assert.equal(a, 285);
    assert.equal(b, 14);
  });

  test('spawn options: the workers get the environment', async () => {
    const who = await pool.submit(`${T}#whoami`);
    assert.equal(who.env, STATIC ? null : 'yes');
    const local = STATIC && MPI.COMM_WORLD.Get_size() === 1;
    if (!local) assert.notEqual(who.pid, process.pid);
    const n = await pool.submit(`${T}#commWorkers`);
    assert.equal(n, local ? null : STATIC ? MPI.COMM_WORLD.Get_size() : WORKERS);
  });

  test('wait, as_completed, collect, compose over the pool\'s promises', async () => {
    const never = new Promise(() => {});
    const fast = pool.submit(`${T}#square`, 4);
    const first = await wait([never, fast], { return_when: FIRST_COMPLETED });
    assert.deepEqual([first.done, first.not_done], [[fast], [never]], 'FIRST_COMPLETED');
    const bad = pool.submit(`${T}#fail`, 'range', 'boom');
    const failed = await wait([never, bad], { return_when: FIRST_EXCEPTION });
    assert.deepEqual([failed.done, failed.not_done], [[bad], [never]], 'FIRST_EXCEPTION');
    const short = await wait([never, fast], { timeout: 0.05 });
    assert.deepEqual([short.done, short.not_done], [[fast], [never]], 'timeout');
    const all = await wait([fast, bad, 7]);
    assert.deepEqual([all.done.length, all.not_done.length], [3, 0], 'ALL_COMPLETED');
    // b settles after a by construction; as_completed yields in settling order.
    const a = pool.submit(`${T}#add`, 'a', '');
    const b = a.then(() => new Promise((r) => setTimeout(r, 50))).then(() => 'b');
    const order = [];
    for await (const p of as_completed([b, a])) order.push(await p);
    assert.deepEqual(order, ['a', 'b']);
    await assert.rejects((async () => { for await (const p of as_completed([fast, never], 0.05)) await p; })(), TimeoutError);
    assert.deepEqual(await collectAll(range(5).map((x) => pool.submit(`${T}#square`, x))), [0, 1, 4, 9, 16]);
    assert.equal(await compose(pool.submit(`${T}#square`, 3), (v) => v + 1), 10);
    assert.equal(await compose(pool.submit(`${T}#fail`, 'range', 'x'), null, (e) => `caught ${e.constructor.name} ${e.message}`), 'caught RangeError x');
    throwsLike(() => compose(fast, 3), TypeError, /futures\.compose: argument 'resulthook'/);
    await assert.rejects(wait(3), /futures\.wait: argument 'fs'/);
    await assert.rejects(wait([], { timeout: -1 }), /futures\.wait: argument 'timeout'/);
    await assert.rejects(wait([], { return_when: 'SOMETIMES' }), /return_when/);
  });

  test('shutdown({ cancelFutures: true }) cancels the tasks not started', async () => {
    const n = 6 * WORKERS + 6;
    const ps = range(n).map((x) => pool.submit(`${T}#spin`, x, 30));
    const all = Promise.allSettled(ps);
    await pool.shutdown({ cancelFutures: true });
    const settled = await all;
    const done = settled.filter((s) => s.status === 'fulfilled');
    const cancelled = settled.filter((s) => s.status === 'rejected' && s.reason instanceof CancelledError);
    assert.equal(done.length + cancelled.length, n);
    assert.ok(cancelled.length >= 1, `cancelled ${cancelled.length} of ${n}`);
    done.forEach((s) => assert.ok(Number.isInteger(s.value)));
    await assert.rejects(pool.submit(`${T}#square`, 1), /after shutdown/);
  });

  test('a second pool after the first was shut down; Symbol.asyncDispose', async () => {
    const p2 = new MPIPoolExecutor(opts);
    assert.deepEqual(await collect(p2.map(`${T}#square`, [1, 2, 3])), [1, 4, 9]);
    await p2[Symbol.asyncDispose]();
    await assert.rejects(p2.submit(`${T}#square`, 1), /after shutdown/);
    const p3 = new MPIPoolExecutor(opts);
    assert.equal(await p3.submit(`${T}#add`, 2, 3), 5);
    await p3.shutdown({ wait: false });
    await p3.shutdown();
  });

  test('misuse of the constructor', () => {
    throwsLike(() => new MPIPoolExecutor({ maxWorkers: 0 }), RangeError, /maxWorkers/);
    throwsLike(() => new MPIPoolExecutor({ nodeArgs: 'x' }), TypeError, /nodeArgs/);
    throwsLike(() => new MPIPoolExecutor({ base: 3 }), TypeError, /base/);
    assert.ok(BrokenExecutor.prototype instanceof Error);
  });
}

await run();
