// Info objects and error handlers: Info checked against a JavaScript Map of its pairs; info
// arguments (MPI.Info, plain objects, null) passed on; error handlers set, read back and called.
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const isClass = (cls) => (e) => e instanceof MPI.Exception && e.Get_error_class() === MPI[cls];

/** The pairs of `info` in MPI's order, through the MPI calls only. */
function pairs(info) {
  const out = [];
  for (let i = 0; i < info.Get_nkeys(); i++) {
    const k = info.Get_nthkey(i);
    out.push([k, info.Get(k)]);
  }
  return out;
}

function sameAsModel(info, model) {
  assert.equal(info.Get_nkeys(), model.size);
  assert.deepEqual(new Map(pairs(info)), model);
  for (const [k, v] of model) assert.equal(info.Get(k), v);
}

test('Info: Set, Get, Delete, Get_nkeys, Get_nthkey against a model', () => {
  const info = MPI.Info.Create();
  const model = new Map();
  sameAsModel(info, model);
  const steps = [['set', 'alpha', '1'], ['set', 'beta', 'two words'], ['set', 'alpha', 'replaced'], ['set', 'gamma', 'g'],
    ['delete', 'beta'], ['set', 'delta', 'x'.repeat(200)], ['delete', 'alpha'], ['set', 'beta', 'back']];
  for (const [op, k, v] of steps) {
    if (op === 'set') {
      info.Set(k, v);
      model.set(k, v);
    } else {
      info.Delete(k);
      model.delete(k);
    }
    sameAsModel(info, model);
  }
  assert.equal(info.Get('missing'), null);
  assert.throws(() => info.Delete('missing'), isClass('ERR_INFO_NOKEY'));
  throwsLike(() => info.Get_nthkey(model.size), MPI.Exception, /key index/);
  throwsLike(() => info.Get_nthkey(-1), MPI.Exception, /key index/);
  throwsLike(() => info.Set('k', 3), TypeError, /Info\.Set: argument 'value' must be a string/);
  throwsLike(() => info.Get(1), TypeError, /Info\.Get: argument 'key' must be a string/);
  assert.throws(() => info.Set('k'.repeat(MPI.MAX_INFO_KEY + 10), 'v'), (e) => e instanceof MPI.Exception);
  info.Free();
});

test('Info: Create from an object, pairs or an Info; Dup is independent; mapping helpers', () => {
  const a = MPI.Info.Create({ x: '1', y: '2' });
  const b = MPI.Info.Create([['y', '2'], ['x', '1']]);
  const c = MPI.Info.Create(a);
  for (const i of [a, b, c]) assert.deepEqual(i.toObject(), { x: '1', y: '2' });
  const d = a.Dup();
  d.Set('z', '3');
  assert.equal(a.Get('z'), null);
  assert.equal(d.Get('z'), '3');
  assert.equal(d.length, 3);
  assert.deepEqual(d.keys().sort(), ['x', 'y', 'z']);
  assert.deepEqual(d.values().sort(), ['1', '2', '3']);
  assert.deepEqual([...d].sort(), ['x', 'y', 'z']);
  assert.equal(d.get('nope', 'dflt'), 'dflt');
  assert.equal(d.get('x'), '1');
  assert.equal(d.has('x'), true);
  assert.equal(d.pop('x'), '1');
  assert.equal(d.has('x'), false);
  assert.equal(d.pop('x', 'gone'), 'gone');
  assert.throws(() => d.pop('x'), isClass('ERR_INFO_NOKEY'));
  d.update({ u: 'v' }, { w: 'q' });
  assert.equal(d.Get('u'), 'v');
  assert.equal(d.Get('w'), 'q');
  const [k, v] = d.popitem();
  assert.equal(d.Get(k), null);
  assert.equal(typeof v, 'string');
  d.clear();
  assert.equal(d.Get_nkeys(), 0);
  assert.throws(() => d.popitem(), isClass('ERR_INFO_NOKEY'));
  const e = d.copy();
  assert.equal(e.Get_nkeys(), 0);
  throwsLike(() => MPI.Info.Create({ x: 1 }), TypeError, /Info\.Create: argument 'items\['x'\]' must be a string/);
  throwsLike(() => MPI.Info.Create(42), TypeError, /Info\.Create: argument 'items'/);
  for (const i of [a, b, c, d, e]) i.Free();
});

test('Info: INFO_NULL, INFO_ENV, Create_env, freed infos', () => {
  assert.equal(MPI.INFO_NULL.length, 0);
  assert.equal(MPI.INFO_NULL.get('x', 'd'), 'd');
  assert.throws(() => MPI.INFO_NULL.Get('x'), (e) => isClass('ERR_INFO')(e) && /Info\.Get: the Info is MPI\.INFO_NULL/.test(e.message));
  assert.throws(() => MPI.INFO_NULL.Free(), isClass('ERR_INFO'));
  assert.throws(() => MPI.INFO_ENV.Free(), isClass('ERR_INFO'));
  assert.ok(MPI.INFO_ENV.Get_nkeys() >= 0);
  const env = MPI.Info.Create_env();
  assert.ok(env.Get_nkeys() >= 0);
  for (const [, v] of pairs(env)) assert.equal(typeof v, 'string');
  env.Free();
  const f = MPI.Info.Create({ a: 'b' });
  f.Free();
  for (const call of [() => f.Get('a'), () => f.Set('a', 'b'), () => f.Free(), () => f.Dup(), () => f.Get_nkeys()]) {
    assert.throws(call, (e) => isClass('ERR_INFO')(e) && /has been freed/.test(e.message));
  }
  throwsLike(() => MPI.Info.prototype.Get.call(MPI.COMM_WORLD, 'x'), TypeError, /Info\.Get: called on Comm that is not a Info/);
});

testComms('Comm.Set_info / Get_info with an Info, a plain object and null', (comm) => {
  const dup = comm.Dup();
  dup.Set_info({ mpi_assert_no_any_tag: 'true' });
  const got = dup.Get_info();
  assert.ok(got instanceof MPI.Info);
  for (const [, v] of pairs(got)) assert.equal(typeof v, 'string');
  got.Free();
  const info = MPI.Info.Create({ mpi_assert_no_any_source: 'false' });
  dup.Set_info(info);
  dup.Set_info(null);
  dup.Set_info(MPI.INFO_NULL);
  const i2 = dup.info;
  i2.Free();
  info.Free();
  assert.throws(() => dup.Set_info(info), (e) => isClass('ERR_INFO')(e) && /Comm\.Set_info: argument 'info' has been freed/.test(e.message));
  throwsLike(() => dup.Set_info(7), TypeError, /Comm\.Set_info: argument 'info' must be an MPI\.Info/);
  throwsLike(() => dup.Set_info({ k: 1 }), TypeError, /Comm\.Set_info: argument 'info\['k'\]' must be a string/);
  dup.Free();
});

// On COMM_WORLD only: on a duplicate of COMM_WORLD at 5 ranks Open MPI 4.1 hangs in this sequence, in
// MPI_Dist_graph_create, after the Set_info test (narrowed in docs/RELIABILITY.md, not yet understood).
test('info arguments are passed on: Split_type, Create_dist_graph(_adjacent)', (comm) => {
  const info = MPI.Info.Create({ hint: 'x' });
  for (const arg of [undefined, null, MPI.INFO_NULL, info, { hint: 'y' }]) {
    const s = comm.Split_type(MPI.COMM_TYPE_SHARED, comm.rank, arg);
    assert.ok(s.size >= 1);
    s.Free();
  }
  const s2 = comm.Split_type(MPI.COMM_TYPE_SHARED, { key: 0, info: { hint: 'z' } });
  s2.Free();
  const right = (comm.rank + 1) % comm.size, left = (comm.rank - 1 + comm.size) % comm.size;
  const g = comm.Create_dist_graph_adjacent([left], [right], null, null, { hint: 'a' });
  assert.deepEqual(g.Get_dist_neighbors_count(), [1, 1, false]);
  g.Free();
  const g2 = comm.Create_dist_graph([comm.rank], [1], [right], null, info);
  g2.Free();
  info.Free();
  assert.throws(() => comm.Split_type(MPI.COMM_TYPE_SHARED, 0, info), (e) => isClass('ERR_INFO')(e) && /Comm\.Split_type: argument 'info'/.test(e.message));
  throwsLike(() => comm.Create_dist_graph([comm.rank], [1], [right], null, 'hint'), TypeError, /Comm\.Create_dist_graph: argument 'info'/);
});

testComms('Errhandler: default ERRORS_RETURN, Set/Get round trip, errors still MPI.Exception', (comm) => {
  const dup = comm.Dup();
  for (const c of [comm, dup]) assert.equal(c.Get_errhandler(), MPI.ERRORS_RETURN);
  const handlers = [MPI.ERRORS_ARE_FATAL, ...(MPI.ERRORS_ABORT ? [MPI.ERRORS_ABORT] : []), MPI.ERRORS_RETURN];
  for (const e of handlers) {
    dup.Set_errhandler(e);
    assert.equal(dup.Get_errhandler(), e);
  }
  assert.throws(() => dup.Send(new Int32Array(1), dup.size), isClass('ERR_RANK'));
  dup.Call_errhandler(MPI.SUCCESS);
  dup.Free();
});

test('Errhandler: constants per library, misuse', () => {
  assert.ok(MPI.ERRORS_RETURN instanceof MPI.Errhandler);
  assert.ok(MPI.ERRORS_ARE_FATAL instanceof MPI.Errhandler);
  // MPI_ERRORS_ABORT is MPI-4: Open MPI 4.1 lacks it, MPICH 4.0 aborts on setting it (not offered there).
  assert.ok(MPI.ERRORS_ABORT === undefined || MPI.ERRORS_ABORT instanceof MPI.Errhandler);
  assert.throws(() => MPI.ERRORS_RETURN.Free(), (e) => e instanceof MPI.Exception);
  assert.throws(() => MPI.COMM_WORLD.Set_errhandler(MPI.ERRHANDLER_NULL), (e) => e instanceof MPI.Exception && /ERRHANDLER_NULL/.test(e.message));
  throwsLike(() => MPI.COMM_WORLD.Set_errhandler('fatal'), TypeError, /Comm\.Set_errhandler: argument 'errhandler' must be an MPI\.Errhandler/);
  throwsLike(() => MPI.COMM_WORLD.Call_errhandler(1.5), TypeError, /Comm\.Call_errhandler: argument 'errorcode'/);
  assert.equal(MPI.COMM_WORLD.Get_errhandler(), MPI.ERRORS_RETURN);
});

await run();
