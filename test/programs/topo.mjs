// Topologies: Compute_dims, Cartesian grids of 1-3 dimensions (periodic and not) with Shift
// checked against Get_cart_rank, Sub, graph and distributed graph, neighbourhood collectives.
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const prod = (a) => a.reduce((x, y) => x * y, 1);

test('Compute_dims: balanced, non-increasing, keeps fixed entries', () => {
  for (let n = 1; n <= 12; n++) {
    for (let nd = 1; nd <= 3; nd++) {
      const d = MPI.Compute_dims(n, nd);
      assert.equal(d.length, nd);
      assert.equal(prod(d), n);
      for (let i = 1; i < nd; i++) assert.ok(d[i - 1] >= d[i], `${d}`);
      assert.deepEqual(MPI.Compute_dims(n, new Array(nd).fill(0)), d);
    }
    assert.deepEqual(MPI.Compute_dims(n, [0, 1]), [n, 1]);
  }
  assert.deepEqual(MPI.Compute_dims(12, [0, 3, 0]), [2, 3, 2]);
  assert.deepEqual(MPI.Compute_dims(6, 2), [3, 2]);
  throwsLike(() => MPI.Compute_dims(6, [4, 0]), RangeError, /Compute_dims: argument 'dims'/);
  throwsLike(() => MPI.Compute_dims('6', 2), TypeError, /nnodes/);
  throwsLike(() => MPI.Compute_dims(0, 2), RangeError, /nnodes/);
});

function expectedNeighbour(coords, dims, periods, d, disp) {
  const c = coords.slice();
  c[d] += disp;
  if (c[d] < 0 || c[d] >= dims[d]) {
    if (!periods[d]) return null;
    c[d] = ((c[d] % dims[d]) + dims[d]) % dims[d];
  }
  return c;
}

testComms('Cartesian grids 1-3 dims, periodic and not: coords, Shift, Get_cart_rank, Sub', (comm) => {
  for (let nd = 1; nd <= 3; nd++) {
    for (const periodic of [false, true]) {
      const dims = MPI.Compute_dims(comm.size, nd);
      const periods = dims.map((_, i) => periodic && i % 2 === 0);
      const cart = comm.Create_cart(dims, periods);
      assert.ok(cart instanceof MPI.Cartcomm);
      assert.equal(cart.Get_topology(), MPI.CART);
      assert.equal(cart.ndim, nd);
      assert.deepEqual(cart.dims, dims);
      assert.deepEqual(cart.periods, periods);
      assert.deepEqual(cart.coords, cart.Get_coords(cart.rank));
      for (let r = 0; r < cart.size; r++) assert.equal(cart.Get_cart_rank(cart.Get_coords(r)), r);
      const coords = cart.coords;
      for (let d = 0; d < nd; d++) {
        for (const disp of [1, -1]) {
          const [src, dst] = cart.Shift(d, disp);
          const up = expectedNeighbour(coords, dims, periods, d, disp);
          const down = expectedNeighbour(coords, dims, periods, d, -disp);
          assert.equal(dst, up === null ? MPI.PROC_NULL : cart.Get_cart_rank(up), `Shift(${d}, ${disp}) dest`);
          assert.equal(src, down === null ? MPI.PROC_NULL : cart.Get_cart_rank(down), `Shift(${d}, ${disp}) source`);
        }
      }
      const remain = dims.map((_, i) => i === 0);
      const sub = cart.Sub(remain);
      assert.ok(sub instanceof MPI.Cartcomm);
      assert.deepEqual(sub.dims, [dims[0]]);
      assert.deepEqual(sub.coords, [coords[0]]);
      sub.Free();
      const dup = cart.Dup();
      assert.ok(dup instanceof MPI.Cartcomm);
      assert.deepEqual(dup.dims, dims);
      dup.Free();
      cart.Free();
    }
  }
});

testComms('Create_cart smaller than the communicator gives COMM_NULL beyond the grid', (comm) => {
  const cart = comm.Create_cart([1], { periods: [true], reorder: false });
  if (comm.rank === 0) {
    assert.equal(cart.size, 1);
    cart.Free();
  } else assert.equal(cart, MPI.COMM_NULL);
});

testComms('Cartesian neighbourhood collectives, buffers and objects', (comm) => {
  const dims = MPI.Compute_dims(comm.size, 2);
  const cart = comm.Create_cart(dims, [true, false]);
  const [inedges] = cart.inoutedges;
  assert.equal(cart.indegree, 4);
  const got = new Int32Array(4).fill(-7);
  cart.Neighbor_allgather(new Int32Array([cart.rank]), got);
  assert.deepEqual(Array.from(got), inedges.map((r) => (r === MPI.PROC_NULL ? -7 : r)));
  const objs = cart.neighbor_allgather({ r: cart.rank });
  assert.deepEqual(objs, inedges.map((r) => (r === MPI.PROC_NULL ? undefined : { r })));
  // alltoall along the non-periodic dimension only (unambiguous): block i goes to out-neighbour i
  const send = Int32Array.from({ length: 4 }, (_, i) => cart.rank * 10 + i);
  const recv = new Int32Array(4).fill(-1);
  cart.Neighbor_alltoall(send, recv);
  const all = cart.neighbor_alltoall(Array.from(send, (v) => `v${v}`));
  const [s1, d1] = cart.Shift(1, 1);
  if (s1 !== MPI.PROC_NULL && s1 !== d1) {
    assert.equal(recv[2], s1 * 10 + 3);
    assert.equal(all[2], `v${s1 * 10 + 3}`);
  }
  if (d1 !== MPI.PROC_NULL && s1 !== d1) {
    assert.equal(recv[3], d1 * 10 + 2);
    assert.equal(all[3], `v${d1 * 10 + 2}`);
  }
  throwsLike(() => cart.Neighbor_allgather(new Int32Array([1]), new Int32Array(3)), RangeError, /Neighbor_allgather: argument 'recvbuf'/);
  throwsLike(() => cart.neighbor_alltoall([1]), RangeError, /neighbor_alltoall/);
  cart.Free();
});

testComms('graph topology: ring', (comm) => {
  const n = comm.size;
  const index = [], edges = [];
  for (let i = 0; i < n; i++) {
    edges.push((i + n - 1) % n, (i + 1) % n);
    index.push(edges.length);
  }
  const g = comm.Create_graph(index, edges);
  assert.ok(g instanceof MPI.Graphcomm);
  assert.equal(g.Get_topology(), MPI.GRAPH);
  assert.deepEqual(g.Get_dims(), [n, 2 * n]);
  assert.deepEqual(g.Get_topo(), [index, edges]);
  const nb = [(g.rank + n - 1) % n, (g.rank + 1) % n];
  assert.deepEqual(g.neighbors, nb);
  assert.equal(g.Get_neighbors_count(g.rank), 2);
  assert.deepEqual(g.neighbor_allgather(g.rank), nb);
  const got = new Float64Array(2);
  g.Neighbor_allgather(new Float64Array([g.rank + 0.5]), got);
  assert.deepEqual(Array.from(got), nb.map((r) => r + 0.5));
  g.Free();
  throwsLike(() => comm.Create_graph([3], [0]), RangeError, /Create_graph: argument 'edges'/);
});

testComms('distributed graph: adjacent ring with weights, and Create_dist_graph', (comm) => {
  const n = comm.size, r = comm.rank;
  const left = (r + n - 1) % n, right = (r + 1) % n;
  const dg = comm.Create_dist_graph_adjacent([left], [right], [1], [2]);
  assert.ok(dg instanceof MPI.Distgraphcomm);
  assert.equal(dg.Get_topology(), MPI.DIST_GRAPH);
  assert.deepEqual(dg.Get_dist_neighbors_count(), [1, 1, true]);
  assert.deepEqual(dg.Get_dist_neighbors(), [[left], [right], [[1], [2]]]);
  assert.deepEqual(dg.neighbor_allgather(`from ${r}`), [`from ${left}`]);
  assert.deepEqual(dg.neighbor_alltoall([[r]]), [[left]]);
  const got = new Int32Array(1);
  dg.Neighbor_alltoall(new Int32Array([r]), got);
  assert.equal(got[0], left);
  dg.Free();
  const dg2 = comm.Create_dist_graph([r], [1], [right]);
  assert.deepEqual(dg2.Get_dist_neighbors_count(), [1, 1, false]);
  assert.deepEqual(dg2.Get_dist_neighbors(), [[left], [right], null]);
  dg2.Free();
  throwsLike(() => comm.Create_dist_graph_adjacent([left], [right], [1]), TypeError, /sourceweights.*destweights/);
  throwsLike(() => comm.Create_dist_graph([r], [2], [right]), RangeError, /destinations/);
});

testComms('topology argument errors', (comm) => {
  const cart = comm.Create_cart([comm.size], [false]);
  throwsLike(() => cart.Shift(1, 1), RangeError, /Cartcomm\.Shift: argument 'direction'/);
  throwsLike(() => cart.Shift('0', 1), TypeError, /direction/);
  throwsLike(() => cart.Get_cart_rank([comm.size]), RangeError, /coords\[0\]/);
  throwsLike(() => cart.Get_cart_rank([0, 0]), RangeError, /coords/);
  throwsLike(() => cart.Get_coords(-1), RangeError, /rank/);
  throwsLike(() => cart.Sub([true, false]), RangeError, /remain_dims/);
  cart.Free();
  throwsLike(() => comm.Create_cart('2'), TypeError, /Create_cart: argument 'dims'/);
  throwsLike(() => comm.Create_cart([2], ['x']), TypeError, /periods\[0\]/);
  throwsLike(() => comm.Create_cart([comm.size + 1]), MPI.Exception);
  throwsLike(() => comm.Create_cart([1], null, 'yes'), TypeError, /reorder/);
  throwsLike(() => comm.Create_cart([0]), RangeError, /dims\[0\]/);
  throwsLike(() => comm.Create_graph([1], [5]), RangeError, /edges\[0\]/);
  throwsLike(() => comm.Create_dist_graph_adjacent([comm.size], [0]), RangeError, /sources\[0\]/);
});

await run();
