// Groups: set algebra and rank translation checked against a JavaScript model of ordered sets.
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** The members of `g` as ranks of `base`, in g's order. */
function members(g, base) {
  return MPI.Group.Translate_ranks(g, range(g.Get_size()), base);
}

// MPI's orders: union = g1 then g2's others; intersection and difference keep g1's order.
const model = {
  union: (a, b) => [...a, ...b.filter((x) => !a.includes(x))],
  intersection: (a, b) => a.filter((x) => b.includes(x)),
  difference: (a, b) => a.filter((x) => !b.includes(x)),
};

testComms('Get_group matches the communicator', (comm) => {
  const g = comm.Get_group();
  assert.equal(g.Get_size(), comm.Get_size());
  assert.equal(g.size, comm.size);
  assert.equal(g.Get_rank(), comm.Get_rank());
  assert.equal(g.rank, comm.rank);
  const g2 = comm.group;
  assert.equal(g.Compare(g2), MPI.IDENT);
  assert.equal(MPI.Group.Compare(g, g2), MPI.IDENT);
  assert.deepEqual(members(g, g2), range(comm.size));
  g.Free();
  g2.Free();
});

testComms('Incl, Excl, Range_incl, Range_excl', (comm) => {
  const g = comm.Get_group();
  const n = g.size, r = comm.rank;
  const rev = g.Incl(range(n).reverse());
  assert.equal(rev.size, n);
  assert.equal(rev.rank, n - 1 - r);
  assert.equal(rev.Compare(g), n > 1 ? MPI.SIMILAR : MPI.IDENT);
  assert.deepEqual(members(rev, g), range(n).reverse());
  const ex = g.Excl([0]);
  assert.equal(ex.size, n - 1);
  assert.equal(ex.rank, r === 0 ? MPI.UNDEFINED : r - 1);
  const evens = g.Range_incl([[0, n - 1, 2]]);
  const odds = g.Range_excl([[0, n - 1, 2]]);
  assert.deepEqual(members(evens, g), range(n).filter((x) => x % 2 === 0));
  assert.deepEqual(members(odds, g), range(n).filter((x) => x % 2 === 1));
  assert.equal(evens.rank, r % 2 === 0 ? r / 2 : MPI.UNDEFINED);
  const empty = g.Incl([]);
  assert.equal(empty.size, 0);
  assert.equal(empty.rank, MPI.UNDEFINED);
  assert.equal(MPI.GROUP_EMPTY.size, 0);
  assert.equal(empty.Compare(MPI.GROUP_EMPTY), MPI.IDENT);
  for (const x of [rev, ex, evens, odds, empty, g]) x.Free();
});

testComms('Union, Intersection, Difference against the model', (comm) => {
  const g = comm.Get_group();
  const n = g.size;
  const sets = [range(n), range(n).reverse(), range(n).filter((x) => x % 2 === 0), range(n).filter((x) => x % 3 !== 1), [], [n - 1]];
  const groups = sets.map((s) => g.Incl(s));
  for (let i = 0; i < sets.length; i++) {
    for (let j = 0; j < sets.length; j++) {
      for (const op of ['union', 'intersection', 'difference']) {
        const M = op[0].toUpperCase() + op.slice(1);
        const viaStatic = MPI.Group[M](groups[i], groups[j]);
        const viaMethod = groups[i][M](groups[j]);
        const want = model[op](sets[i], sets[j]);
        assert.deepEqual(members(viaStatic, g), want, `${M}(${sets[i]}, ${sets[j]})`);
        assert.deepEqual(members(viaMethod, g), want);
        assert.equal(viaStatic.rank, want.indexOf(comm.rank) < 0 ? MPI.UNDEFINED : want.indexOf(comm.rank));
        viaStatic.Free();
        viaMethod.Free();
      }
    }
  }
  for (const x of groups) x.Free();
  g.Free();
});

testComms('Translate_ranks to a group without the rank gives UNDEFINED', (comm) => {
  const g = comm.Get_group();
  const n = g.size;
  const ex = g.Excl([n - 1]);
  assert.deepEqual(g.Translate_ranks(range(n), ex), range(n).map((x) => (x === n - 1 ? MPI.UNDEFINED : x)));
  ex.Free();
  g.Free();
});

testComms('group errors: bad ranks, wrong types, freed and null groups', (comm) => {
  const g = comm.Get_group();
  const n = g.size;
  throwsLike(() => g.Incl([n]), RangeError, /Group\.Incl: argument 'ranks\[0\]'/);
  throwsLike(() => g.Incl([0, 0]), RangeError, /twice/);
  throwsLike(() => g.Excl([0, 0]), RangeError, /twice/);
  throwsLike(() => g.Range_incl([[0, n, 1]]), RangeError, /Range_incl.*outside/);
  if (n > 1) throwsLike(() => g.Range_incl([[1, 0, 1]]), RangeError, /empty/);
  throwsLike(() => g.Range_excl([[0, n - 1, 1], [n - 1, n - 1, 1]]), RangeError, /twice/);
  throwsLike(() => g.Incl('0'), TypeError, /Group\.Incl: argument 'ranks'/);
  throwsLike(() => g.Incl([0.5]), TypeError, /ranks\[0\]/);
  throwsLike(() => g.Range_incl([[0, 1]].map(() => [0, 0, 0])), RangeError, /stride 0/);
  throwsLike(() => g.Union({}), TypeError, /Group\.Union: argument 'group'/);
  throwsLike(() => MPI.Group.Translate_ranks(g, [n], g), RangeError, /Translate_ranks/);
  throwsLike(() => MPI.GROUP_NULL.Get_size(), Error, /GROUP_NULL/);
  g.Free();
  throwsLike(() => g.Get_size(), Error, /freed/);
  throwsLike(() => g.Free(), Error, /freed/);
  MPI.GROUP_EMPTY.Free(); // predefined: stays valid
  assert.equal(MPI.GROUP_EMPTY.size, 0);
});

test('GROUP_NULL and GROUP_EMPTY are singletons', () => {
  assert.ok(MPI.GROUP_NULL instanceof MPI.Group);
  const g = MPI.COMM_WORLD.Get_group();
  const e = g.Excl(range(g.size));
  assert.equal(e.size, 0);
  e.Free();
  g.Free();
});

await run();
