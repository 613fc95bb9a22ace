// MPICommExecutor(comm, root): a pool over the ranks of a communicator, inside an ordinary job.
import { MPI, assert, test, run } from './lib/suite.mjs';
import { MPICommExecutor, get_comm_workers } from 'mpi4js/futures';

const world = MPI.COMM_WORLD;
const T = './lib/futures-tasks.mjs';

async function collect(it) {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
}

for (const root of [0, 'last']) {
  test(`MPICommExecutor(COMM_WORLD, ${root}): root gets the executor, the others serve`, async () => {
    const r = root === 'last' ? world.size - 1 : root;
    const ex = new MPICommExecutor(world, r, { base: import.meta.url });
    const pool = await ex.enter();
    if (world.rank === r) {
      assert.equal(pool, ex);
      assert.equal(pool.num_workers, Math.max(1, world.size - 1));
      const xs = Array.from({ length: 17 }, (_, i) => i);
      assert.deepEqual(await collect(pool.map(`${T}#square`, xs, { chunksize: 4 })), xs.map((x) => x * x));
      const who = await pool.submit(`${T}#whoami`);
      if (world.size > 1) assert.notEqual(who.pid, process.pid);
      await ex.exit();
      await assert.rejects(pool.submit(`${T}#square`, 1), /after shutdown/);
    } else {
      assert.equal(pool, null);
      assert.equal(get_comm_workers(), null); // set only while serving
    }
    world.Barrier();
  });
}

test('MPICommExecutor on a split communicator; asyncDispose; twice in one program', async () => {
  const half = world.Split(world.rank % 2, world.rank);
  for (let k = 0; k < 2; k++) {
    const ex = new MPICommExecutor(half, 0, { base: import.meta.url });
    const pool = await ex.enter();
    if (pool) assert.equal(await pool.submit(`${T}#add`, k, half.size), k + half.size);
    await ex[Symbol.asyncDispose]();
  }
  half.Free();
});

await run();
