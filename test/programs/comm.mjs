// Communicator management: Split, Create, Create_group, Compare, Dup, names, intercommunicators.
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

testComms('Split with one color keeps rank and size', (comm) => {
  const sub = comm.Split(0, 0);
  assert.ok(sub instanceof MPI.Intracomm);
  assert.equal(sub.rank, comm.rank);
  assert.equal(sub.size, comm.size);
  assert.equal(comm.Compare(sub), comm.size === 1 && comm.Compare(MPI.COMM_SELF) !== MPI.UNEQUAL ? MPI.CONGRUENT : MPI.CONGRUENT);
  sub.Free();
});

testComms('Split(color = rank) gives size 1; UNDEFINED gives COMM_NULL', (comm) => {
  const one = comm.Split(comm.rank, 0);
  assert.equal(one.size, 1);
  assert.equal(one.rank, 0);
  one.Free();
  const none = comm.Split({ color: comm.rank === 0 ? MPI.UNDEFINED : 1 });
  if (comm.rank === 0) assert.equal(none, MPI.COMM_NULL);
  else {
    assert.equal(none.size, comm.size - 1);
    none.Free();
  }
  const rev = comm.Split(0, comm.size - comm.rank);
  assert.equal(rev.rank, comm.size - 1 - comm.rank);
  rev.Free();
});

testComms('Create(group) and Create_group(group, tag)', (comm) => {
  const g = comm.Get_group();
  const all = comm.Create(g);
  assert.equal(all.size, comm.size);
  assert.equal(all.rank, comm.rank);
  assert.equal(comm.Compare(all), MPI.CONGRUENT);
  all.Free();
  const evens = g.Range_incl([[0, comm.size - 1, 2]]);
  const c = comm.Create(evens);
  if (comm.rank % 2 === 0) {
    assert.equal(c.size, evens.size);
    assert.equal(c.rank, comm.rank / 2);
    c.Free();
  } else assert.equal(c, MPI.COMM_NULL);
  if (comm.rank % 2 === 0) {
    const cg = comm.Create_group(evens, 7);
    assert.equal(cg.size, evens.size);
    const cgg = cg.Get_group();
    assert.equal(cgg.Compare(evens), MPI.IDENT);
    cgg.Free();
    cg.Free();
  }
  evens.Free();
  g.Free();
});

testComms('Dup is congruent; names; Is_inter; no topology', (comm) => {
  const d = comm.Dup();
  assert.equal(d.Compare(comm), MPI.CONGRUENT);
  assert.equal(d.Is_inter(), false);
  assert.equal(d.Get_topology(), MPI.UNDEFINED);
  d.Set_name('mine');
  assert.equal(d.name, 'mine');
  d.Free();
  throwsLike(() => d.Get_size(), Error, /freed/);
});

testComms('Split_type(COMM_TYPE_SHARED)', (comm) => {
  const node = comm.Split_type(MPI.COMM_TYPE_SHARED);
  assert.ok(node.size >= 1 && node.size <= comm.size);
  node.Free();
});

testComms('intercommunicator: Create_intercomm, remote size/group, p2p, Merge', (comm) => {
  const size = comm.size, rank = comm.rank;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  // leaders: rank 0 (color 0) and rank 1 (color 1) of comm
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 17);
  assert.ok(inter instanceof MPI.Intercomm);
  assert.equal(inter.Is_inter(), true);
  const nlow = Math.ceil(size / 2), nhigh = Math.floor(size / 2);
  assert.equal(inter.size, color === 0 ? nlow : nhigh);
  assert.equal(inter.remote_size, color === 0 ? nhigh : nlow);
  const rg = inter.Get_remote_group();
  assert.equal(rg.size, inter.remote_size);
  const wg = comm.Get_group();
  // remote rank k is comm rank 2k + (1 - color)
  assert.deepEqual(rg.Translate_ranks(null, wg), Array.from({ length: rg.size }, (_, k) => 2 * k + 1 - color));
  rg.Free();
  wg.Free();
  // local rank 0 of each side swaps a value with remote rank 0
  if (inter.rank === 0) {
    const got = inter.sendrecv({ color }, 0, 3, 0, 3);
    assert.deepEqual(got, { color: 1 - color });
    const buf = new Int32Array(1);
    inter.Sendrecv(new Int32Array([color + 10]), 0, 4, buf, 0, 4);
    assert.equal(buf[0], 11 - color);
  }
  const merged = inter.Merge(color === 1);
  assert.ok(merged instanceof MPI.Intracomm);
  assert.equal(merged.size, size);
  assert.equal(merged.rank, color === 0 ? local.rank : nlow + local.rank);
  merged.Free();
  inter.Free();
  local.Free();
});

testComms('intercommunicator collectives (blocking): MPI.ROOT / MPI.PROC_NULL roots, blocks address the remote group', (comm) => {
  const size = comm.size, rank = comm.rank;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 19);
  const me = inter.rank, n = inter.size, rn = inter.remote_size;
  // group 0's local rank 0 is the root of each rooted collective
  const rootArg = color === 0 ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;
  const b = new Float64Array(3).fill(color === 0 && me === 0 ? 42 : -1);
  inter.Bcast(color === 0 && me !== 0 ? null : b, rootArg);
  if (color === 1) assert.deepEqual([...b], [42, 42, 42]);
  // Gather: the root gets one block from each process of group 1
  const g = color === 0 && me === 0 ? new Int32Array(rn) : null;
  inter.Gather(color === 1 ? Int32Array.of(100 + me) : null, g, rootArg);
  if (g) assert.deepEqual([...g], Array.from({ length: rn }, (_, k) => 100 + k));
  // Scatter: the root hands block k to process k of group 1
  const sc = color === 1 ? new Int32Array(1) : null;
  inter.Scatter(color === 0 && me === 0 ? Int32Array.from({ length: rn }, (_, k) => 7 * k) : null, sc, rootArg);
  if (sc) assert.equal(sc[0], 7 * me);
  // Reduce: the root gets the sum over group 1
  const red = color === 0 && me === 0 ? new Float64Array(1) : null;
  inter.Reduce(color === 1 ? Float64Array.of(me + 1) : null, red, MPI.SUM, rootArg);
  if (red) assert.equal(red[0], (rn * (rn + 1)) / 2);
  // Allreduce: each group gets the reduction over the other group
  const ar = new Float64Array(1);
  inter.Allreduce(Float64Array.of(color * 10 + me), ar, MPI.SUM);
  const other = Array.from({ length: rn }, (_, k) => (1 - color) * 10 + k).reduce((a, c) => a + c, 0);
  assert.equal(ar[0], other);
  // Allgather and Alltoall: one block per remote process
  const ag = new Int32Array(rn);
  inter.Allgather(Int32Array.of(color * 100 + me), ag);
  assert.deepEqual([...ag], Array.from({ length: rn }, (_, k) => (1 - color) * 100 + k));
  const at = new Int32Array(rn);
  inter.Alltoall(Int32Array.from({ length: rn }, (_, k) => color * 1000 + me * 10 + k), at);
  assert.deepEqual([...at], Array.from({ length: rn }, (_, k) => (1 - color) * 1000 + k * 10 + me));
  assert.equal(n, color === 0 ? Math.ceil(size / 2) : Math.floor(size / 2));
  throwsLike(() => inter.Bcast(b, rn + 5), RangeError, /Comm\.Bcast: argument 'root'/);
  inter.Free();
  local.Free();
});

// The collectives are methods of Comm (as in mpi4py): an Intercomm has the v/w-variants and
// Reduce_scatter by inheritance, built by the same code as on an Intracomm (src/collective.ts).
testComms('intercommunicator v/w-variants and Reduce_scatter (inherited from Comm); Scan only on Intracomm', (comm) => {
  const size = comm.size, rank = comm.rank;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 29);
  const me = inter.rank, n = inter.size, rn = inter.remote_size;
  const rootArg = color === 0 ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;
  const tri = (k) => (k * (k + 1)) / 2; // displacement of block k when block j has j + 1 elements
  const remoteCounts = Array.from({ length: rn }, (_, k) => k + 1);
  // Scatterv: block k (k + 1 elements) to process k of group 1
  const sv = color === 1 ? new Int32Array(me + 1) : null;
  const sendv = Int32Array.from({ length: tri(rn) }, (_, j) => 5 * j);
  inter.Scatterv(color === 0 && me === 0 ? [sendv, remoteCounts, MPI.INT32_T] : null, sv, rootArg);
  if (sv) assert.deepEqual([...sv], Array.from({ length: me + 1 }, (_, j) => 5 * (tri(me) + j)));
  // Gatherv: process k of group 1 sends k + 1 elements
  const gv = color === 0 && me === 0 ? new Int32Array(tri(rn)) : null;
  inter.Gatherv(color === 1 ? new Int32Array(me + 1).fill(100 + me) : null, gv ? [gv, remoteCounts, MPI.INT32_T] : null, rootArg);
  if (gv) assert.deepEqual([...gv], remoteCounts.flatMap((c, k) => new Array(c).fill(100 + k)));
  // Allgatherv: k + 1 elements from each remote process k
  const agv = new Int32Array(tri(rn));
  inter.Allgatherv(new Int32Array(me + 1).fill(color * 100 + me), [agv, remoteCounts, MPI.INT32_T]);
  assert.deepEqual([...agv], remoteCounts.flatMap((c, k) => new Array(c).fill((1 - color) * 100 + k)));
  // Alltoallv and Alltoallw: two elements to each remote process
  const two = new Array(rn).fill(2);
  const atv = new Int32Array(2 * rn);
  inter.Alltoallv([Int32Array.from({ length: 2 * rn }, (_, j) => color * 1000 + me * 10 + (j >> 1)), two, MPI.INT32_T], [atv, two, MPI.INT32_T]);
  assert.deepEqual([...atv], Array.from({ length: 2 * rn }, (_, j) => (1 - color) * 1000 + (j >> 1) * 10 + me));
  const atw = new Int32Array(2 * rn);
  const bytes = Array.from({ length: rn }, (_, k) => 8 * k);
  inter.Alltoallw([Int32Array.from({ length: 2 * rn }, (_, j) => color * 1000 + me * 10 + (j >> 1)), two, bytes, MPI.INT32_T],
    [atw, two, bytes, MPI.INT32_T]);
  assert.deepEqual([...atw], [...atv]);
  // Reduce_scatter: both groups' vectors have n × rn elements; local process i gets rn of the other group's sum
  const vec = (c, r) => Float64Array.from({ length: n * rn }, (_, j) => c * 1000 + r * 100 + j);
  const rs = new Float64Array(rn);
  inter.Reduce_scatter(vec(color, me), rs, new Array(n).fill(rn), MPI.SUM);
  const want = Array.from({ length: rn }, (_, k) => {
    let sum = 0;
    for (let q = 0; q < rn; q++) sum += (1 - color) * 1000 + q * 100 + me * rn + k;
    return sum;
  });
  assert.deepEqual([...rs], want);
  throwsLike(() => inter.Reduce_scatter(vec(color, me), rs), TypeError, /^Comm\.Reduce_scatter: argument 'recvcounts' is required/);
  // MPI defines prefix reductions on intracommunicators only
  assert.equal(inter.Scan, undefined);
  assert.equal(inter.Iexscan, undefined);
  assert.equal(typeof local.Scan, 'function');
  inter.Free();
  local.Free();
});

// MPI: on an intercommunicator each process's sendbuf holds n × recvcount elements, n the size of its
// own group (group A's vectors reduce and scatter among group B, so both have the same length). The
// blocks were counted per remote process: with groups of different sizes one side threw a RangeError
// and the other blocked forever.
testComms('intercommunicator Reduce_scatter_block with groups of different sizes: one block per local process', (comm) => {
  const size = comm.size, rank = comm.rank;
  if (size < 2) return;
  const color = rank < 1 ? 0 : 1; // groups of 1 and size - 1
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 23);
  const n = inter.size, rn = inter.remote_size, me = inter.rank;
  const len = 2 * n * rn; // the same in both groups
  const rc = len / n;
  const vector = (c, r) => Float64Array.from({ length: len }, (_, j) => c * 1000 + r * 100 + j);
  // my block of the reduction of the other group's vectors
  const want = Array.from({ length: rc }, (_, k) => {
    let s = 0;
    for (let q = 0; q < rn; q++) s += vector(1 - color, q)[me * rc + k];
    return s;
  });
  let got = new Float64Array(rc);
  inter.Reduce_scatter_block(vector(color, me), got, MPI.SUM);
  assert.deepEqual([...got], want);
  got = new Float64Array(rc);
  inter.Reduce_scatter_block([vector(color, me), rc, MPI.DOUBLE], got, MPI.SUM);
  assert.deepEqual([...got], want);
  got = new Float64Array(rc);
  inter.Ireduce_scatter_block(vector(color, me), got, MPI.SUM).Wait();
  assert.deepEqual([...got], want);
  // recvbuf holds recvcount = len / n elements, the local group's share
  throwsLike(() => inter.Reduce_scatter_block(vector(color, me), new Float64Array(rc - 1), MPI.SUM), RangeError,
    /^Comm\.Reduce_scatter_block: argument 'recvbuf' is too small/);
  inter.Free();
  local.Free();
});

// mpi4py 4.1 defines Create, Split, Split_type and the object collectives on Comm, so they work on
// intercommunicators too (one implementation, src/objcomm.ts); before, alltoall/reduce/allreduce and
// Split_type were missing on an Intercomm.
testComms('Comm methods on both kinds: object collectives, Split, Split_type and Create on an intercommunicator', (comm) => {
  for (const m of ['Create', 'Split', 'Split_type', 'bcast', 'gather', 'scatter', 'allgather', 'alltoall', 'reduce', 'allreduce']) {
    assert.equal(typeof MPI.Comm.prototype[m], 'function', m);
    assert.equal(MPI.Intracomm.prototype[m], MPI.Comm.prototype[m], m);
    assert.equal(MPI.Intercomm.prototype[m], MPI.Comm.prototype[m], m);
  }
  const size = comm.size, rank = comm.rank;
  if (size < 2) return;
  const color = rank % 2;
  const local = comm.Split(color, rank);
  const inter = local.Create_intercomm(0, comm, color === 0 ? 1 : 0, 31);
  const me = inter.rank, rn = inter.remote_size;
  const remote = (f) => Array.from({ length: rn }, (_, k) => f(k));
  const rootArg = color === 0 ? (me === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;
  const isRoot = color === 0 && me === 0;
  // bcast / scatter from group 0's rank 0 to group 1; gather and reduce back to it
  const b = inter.bcast(isRoot ? { v: [1, 2] } : null, rootArg);
  assert.deepEqual(b, color === 1 || isRoot ? { v: [1, 2] } : null);
  const s = inter.scatter(isRoot ? new Set(remote((k) => `s${k}`)) : null, { root: rootArg });
  assert.equal(s, color === 1 ? `s${me}` : null);
  const g = inter.gather(color === 1 ? { r: me } : null, rootArg);
  assert.deepEqual(g, isRoot ? remote((k) => ({ r: k })) : null);
  const red = inter.reduce(color === 1 ? me + 1 : null, MPI.SUM, rootArg);
  assert.equal(red, isRoot ? (rn * (rn + 1)) / 2 : null);
  const redf = inter.reduce(color === 1 ? [me] : null, { op: (a, c) => a.concat(c), root: rootArg });
  assert.deepEqual(redf, isRoot ? remote((k) => k) : null);
  // allgather / allreduce / alltoall: each group gets the other group's values
  assert.deepEqual(inter.allgather(`${color}:${me}`), remote((k) => `${1 - color}:${k}`));
  assert.equal(inter.allreduce(color * 100 + me), remote((k) => (1 - color) * 100 + k).reduce((a, c) => a + c, 0));
  assert.equal(inter.allreduce(me, MPI.MAX), rn - 1);
  assert.deepEqual(inter.alltoall(remote((k) => [color, me, k])), remote((k) => [1 - color, k, me]));
  // one process's wrong argument is an error on every process of both groups, not a hang
  assert.throws(() => inter.alltoall(isRoot ? [] : remote((k) => k)),
    isRoot ? /^RangeError: Comm\.alltoall: argument 'sendobj' must have/ : /^Error: Comm\.alltoall: (rank 0 of the other group|a process of this group) failed/);
  assert.equal(inter.allreduce(1), rn);
  throwsLike(() => inter.bcast(1, rn + 5), RangeError, /^Comm\.bcast: argument 'root'/);
  throwsLike(() => inter.reduce(1, 'x', rootArg), TypeError, /^Comm\.reduce: argument 'op'/);
  // Split and Create keep the kind; Split_type is refused on an intercommunicator (Open MPI 4.1 crashed)
  const sub = inter.Split(0, me);
  assert.ok(sub instanceof MPI.Intercomm);
  assert.equal(sub.remote_size, rn);
  assert.equal(sub.allreduce(1), rn);
  sub.Free();
  const lg = inter.Get_group();
  const made = inter.Create(lg);
  assert.ok(made instanceof MPI.Intercomm);
  assert.equal(made.remote_size, rn);
  made.Free();
  lg.Free();
  assert.throws(() => inter.Split_type(MPI.COMM_TYPE_SHARED, { key: me }),
    (e) => e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_COMM && /^Comm\.Split_type: not supported on an intercommunicator/.test(e.message));
  inter.Free();
  local.Free();
});

test('management argument errors', () => {
  const comm = MPI.COMM_WORLD;
  throwsLike(() => comm.Create({}), TypeError, /Comm\.Create: argument 'group'/);
  throwsLike(() => comm.Split('a'), TypeError, /Comm\.Split/);
  throwsLike(() => comm.Create_intercomm('0', comm, 0), TypeError, /local_leader/);
  throwsLike(() => comm.Create_intercomm(0, 'peer', 0), TypeError, /peer_comm/);
  throwsLike(() => MPI.COMM_NULL.Get_group(), Error, /COMM_NULL/);
  const g = comm.Get_group();
  g.Free();
  throwsLike(() => comm.Create(g), Error, /freed/);
});

await run();
