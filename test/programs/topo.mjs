// Topologies: Compute_dims, Cartesian grids of 1-3 dimensions (periodic and not) with Shift
// checked against Get_cart_rank, Sub, graph and distributed graph, neighbourhood collectives.
import { createRequire } from 'node:module';
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';

const require = createRequire(import.meta.url);
const { native } = require('../../dist/cjs/native.js');
const { HANDLE } = require('../../dist/cjs/handle.js');

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
  throwsLike(() => comm.Create_cart([comm.size + 1]), RangeError, /Create_cart: argument 'dims' makes a grid of \d+ processes, more than the \d+/);
  throwsLike(() => comm.Create_cart([1], null, 'yes'), TypeError, /reorder/);
  throwsLike(() => comm.Create_cart([0]), RangeError, /dims\[0\]/);
  throwsLike(() => comm.Create_graph([1], [5]), RangeError, /edges\[0\]/);
  throwsLike(() => comm.Create_dist_graph_adjacent([comm.size], [0]), RangeError, /sources\[0\]/);
});

// MPI multiplies dims in int: the product of [65536, 65536, 2] wrapped to 0, and Create_cart gave every
// process MPI.COMM_NULL instead of an error.
testComms('grids whose process count overflows int are refused in both layers, not COMM_NULL', (comm) => {
  throwsLike(() => comm.Create_cart([65536, 65536, 2]), RangeError, /^Comm\.Create_cart: argument 'dims' makes a grid of 8589934592 processes/);
  throwsLike(() => comm.Create_cart([65536, 65536, 65536, 65536], { periods: [true, true, true, true] }), RangeError, /Create_cart: argument 'dims'/);
  throwsLike(() => MPI.Compute_dims(comm.size, [65536, 65536, 0]), RangeError, /^MPI\.Compute_dims: argument 'dims'/);
  // the raw layer: products in 64 bits, checked before MPI sees them
  const h = comm[HANDLE];
  throwsLike(() => native.cartCreate(h, [65536, 65536, 2], [0, 0, 0], false), RangeError, /^native: the grid of dims has more processes/);
  throwsLike(() => native.cartCreate(h, [-1], [0], false), RangeError, /^native: dims must not be negative/);
  throwsLike(() => native.dimsCreate(4, [65536, 65536, 0]), RangeError, /^native: the fixed entries of dims do not divide nnodes/);
  throwsLike(() => native.dimsCreate(4, [-2, 0]), RangeError, /^native: dims must not be negative/);
  throwsLike(() => native.dimsCreate(0, [0]), RangeError, /^native: nnodes must be positive/);
  // a grid of the whole communicator still works
  const cart = comm.Create_cart([comm.size, 1, 1]);
  assert.equal(cart.Get_topo()[0].length, 3);
  cart.Free();
});

// Cartesian neighbour order: per dimension, the negative then the positive direction. A block sent
// to out-neighbour i arrives at in-index i ^ 1; when both directions of a dimension are one process
// (periodic sizes 1 and 2) the two blocks may match either way, so only their sender is checked.
function checkCartBlock(cart, j, block, want, sender, msg) {
  const [s, d] = cart.Shift(j >> 1, 1);
  if (s !== d) assert.deepEqual(block, want, msg);
  else for (const v of block) assert.equal(Math.floor(v / 100), sender, msg);
}

testComms('neighbourhood v/w and nonblocking forms on a periodic Cartesian grid', async (comm) => {
  const cart = comm.Create_cart(MPI.Compute_dims(comm.size, 2), [true, true]);
  const rank = cart.rank;
  const [inedges, outedges] = cart.inoutedges;
  const vcount = (r) => (r % 3) + 1;
  const mine = Int32Array.from({ length: vcount(rank) }, (_, k) => rank * 100 + k);
  // Ineighbor_allgather and (I)Neighbor_allgatherv: block j from in-neighbour j, displacements with gaps
  const ag = new Int32Array(4);
  const agv = new Int32Array(16).fill(-1);
  const agv2 = new Int32Array(16).fill(-1);
  const counts = inedges.map(vcount);
  const displs = [0, 4, 8, 12];
  const r1 = cart.Ineighbor_allgather(Int32Array.of(rank), ag);
  const r2 = cart.Ineighbor_allgatherv(mine, [agv, counts, displs, MPI.INT32_T]);
  cart.Neighbor_allgatherv(mine, [agv2, [counts, displs]]);
  // Ineighbor_alltoall, (I)Neighbor_alltoallv: to out-neighbour i, vcount(rank) values rank*100 + i*10 + k
  const send = Int32Array.from({ length: 4 }, (_, i) => rank * 100 + i * 10);
  const at = new Int32Array(4);
  const r3 = cart.Ineighbor_alltoall(send, at);
  const sv = new Int32Array(16);
  for (let i = 0; i < 4; i++) for (let k = 0; k < vcount(rank); k++) sv[4 * i + k] = rank * 100 + i * 10 + k;
  const scounts = outedges.map(() => vcount(rank));
  const atv = new Int32Array(16).fill(-1);
  const atv2 = new Int32Array(16).fill(-1);
  const r4 = cart.Ineighbor_alltoallv([sv, scounts, displs, MPI.INT32_T], [atv, counts, displs, MPI.INT32_T]);
  cart.Neighbor_alltoallv([sv, [scounts, displs]], [atv2, [counts, displs]]);
  // (I)Neighbor_alltoallw: one double per neighbour at byte displacements 16 i (gaps), a type per block
  const sw = new Float64Array(8);
  for (let i = 0; i < 4; i++) sw[2 * i] = rank * 100 + i * 10;
  const w = () => [new Float64Array(8).fill(-1), [1, 1, 1, 1], [0, 16, 32, 48], [MPI.DOUBLE, MPI.DOUBLE, MPI.DOUBLE, MPI.DOUBLE]];
  const aw = w();
  const aw2 = w();
  const r5 = cart.Ineighbor_alltoallw([sw, [1, 1, 1, 1], [0, 16, 32, 48], MPI.DOUBLE], aw);
  cart.Neighbor_alltoallw([sw, [1, 1, 1, 1], [0, 16, 32, 48], MPI.DOUBLE], aw2);
  await MPI.Request.all([r5, r3, r1]);
  MPI.Request.Waitall([r4, r2]);
  for (let j = 0; j < 4; j++) {
    const src = inedges[j];
    assert.equal(ag[j], src, 'Ineighbor_allgather');
    const want = Array.from({ length: vcount(src) }, (_, k) => src * 100 + k);
    for (const b of [agv, agv2]) assert.deepEqual(Array.from(b.subarray(4 * j, 4 * j + vcount(src))), want, 'Neighbor_allgatherv');
    assert.equal(agv[4 * j + vcount(src)], -1, 'allgatherv gap untouched');
    checkCartBlock(cart, j, [at[j]], [src * 100 + (j ^ 1) * 10], src, 'Ineighbor_alltoall');
    const wv = Array.from({ length: vcount(src) }, (_, k) => src * 100 + (j ^ 1) * 10 + k);
    for (const b of [atv, atv2]) checkCartBlock(cart, j, Array.from(b.subarray(4 * j, 4 * j + vcount(src))), wv, src, 'Neighbor_alltoallv');
    for (const b of [aw[0], aw2[0]]) {
      checkCartBlock(cart, j, [b[2 * j]], [src * 100 + (j ^ 1) * 10], src, 'Neighbor_alltoallw');
      assert.equal(b[2 * j + 1], -1, 'alltoallw gap untouched');
    }
  }
  throwsLike(() => cart.Neighbor_allgatherv(mine, [agv, [1, 1], MPI.INT32_T]), RangeError, /Topocomm\.Neighbor_allgatherv: argument 'recvbuf counts' must have 4 entries/);
  throwsLike(() => cart.Ineighbor_alltoallv([sv, [1, 1, 1, 1]], [new Int32Array(2), [1, 1, 1, 1]]), RangeError, /Topocomm\.Ineighbor_alltoallv: argument 'recvbuf' is too small/);
  throwsLike(() => cart.Neighbor_alltoallw([sw, [1], [0], MPI.DOUBLE], aw), RangeError, /Topocomm\.Neighbor_alltoallw: argument 'sendbuf counts' must have 4/);
  throwsLike(() => cart.Ineighbor_allgather(Int32Array.of(1), new Int32Array(3)), RangeError, /Topocomm\.Ineighbor_allgather: argument 'recvbuf'/);
  cart.Free();
});

testComms('neighbourhood v/w and nonblocking forms on a distributed graph (a chain: the ends have one neighbour)', async (comm) => {
  const n = comm.size, r = comm.rank;
  const sources = r > 0 ? [r - 1] : [];
  const dests = r < n - 1 ? [r + 1] : [];
  const dg = comm.Create_dist_graph_adjacent(sources, dests);
  // to the right neighbour: r + 1 doubles; from the left: r doubles
  const send = Float64Array.from({ length: r + 1 }, (_, k) => r * 100 + k);
  const recv = new Float64Array(Math.max(r, 1)).fill(-1);
  const recv2 = new Float64Array(Math.max(r, 1)).fill(-1);
  const sc = dests.map(() => r + 1);
  const rc = sources.map(() => r);
  const reqs = [dg.Ineighbor_alltoallv([send, sc], [recv, rc])];
  const ag = new Float64Array(sources.length);
  reqs.push(dg.Ineighbor_allgather(Float64Array.of(r), ag));
  const agv = new Float64Array(Math.max(r, 1)).fill(-1);
  reqs.push(dg.Ineighbor_allgatherv(Float64Array.from({ length: r + 1 }, (_, k) => r * 100 + k).subarray(0, r + 1), [agv, rc]));
  dg.Neighbor_alltoallv([send, sc], [recv2, rc]);
  MPI.Request.Waitall(reqs.reverse());
  if (r > 0) {
    const want = Array.from({ length: r }, (_, k) => (r - 1) * 100 + k);
    assert.deepEqual(Array.from(recv), want, 'Ineighbor_alltoallv');
    assert.deepEqual(Array.from(recv2), want, 'Neighbor_alltoallv');
    assert.deepEqual(Array.from(ag), [r - 1], 'Ineighbor_allgather');
  } else {
    assert.deepEqual(Array.from(recv), [-1], 'nothing received at the chain start');
  }
  // allgatherv: my left neighbour sends r doubles (its r - 1 + 1)
  if (r > 0) assert.deepEqual(Array.from(agv), Array.from({ length: r }, (_, k) => (r - 1) * 100 + k), 'Ineighbor_allgatherv');
  dg.Free();
  // (I)Neighbor_alltoallw on a ring (MPICH 4.0 delivers nothing on the chain above: see DEVELOPING.md):
  // the doubles follow an int32 header in one ArrayBuffer, at byte displacement 8 of the view
  const ring = comm.Create_dist_graph_adjacent([(r + n - 1) % n], [(r + 1) % n]);
  const wsend = new ArrayBuffer(8 + 16);
  new Int32Array(wsend, 0, 1)[0] = r;
  new Float64Array(wsend, 8).set([r, r + 0.5]);
  const spec = (buf) => [buf, [2], [8], [MPI.DOUBLE]];
  const wrecv = new ArrayBuffer(24);
  const wrecv2 = new ArrayBuffer(24);
  const req = ring.Ineighbor_alltoallw(spec(wsend), spec(wrecv));
  ring.Neighbor_alltoallw(spec(wsend), spec(wrecv2));
  await req;
  const left = (r + n - 1) % n;
  for (const b of [wrecv, wrecv2]) {
    assert.deepEqual(Array.from(new Float64Array(b, 8)), [left, left + 0.5], 'Neighbor_alltoallw');
    assert.equal(new Int32Array(b, 0, 1)[0], 0, 'the header is untouched');
  }
  ring.Free();
});

// A 1-process topology is its own neighbour: Open MPI 4.1 hung (Neighbor_allgatherv) or wrote the
// whole block past a smaller receive block (Neighbor_alltoallv: SIGSEGV) when the sizes differed.
test('1-process topologies: the blocks a process sends itself must match the ones it receives', async () => {
  const self = MPI.COMM_SELF;
  const cart = self.Create_cart([1], [true]);
  const dg = self.Create_dist_graph_adjacent([0], [0]);
  const big = new Int32Array(32768).fill(7);
  const refused = (f, method) => throwsLike(f, RangeError, new RegExp(`Topocomm\\.${method}: block 0 of 'sendbuf' has \\d+ byte\\(s\\) but block 0 of 'recvbuf' has \\d+; this process is its own neighbour`));
  for (const comm of [cart, dg]) {
    const n = comm === cart ? 2 : 1;
    refused(() => comm.Neighbor_alltoallv(big, new Uint8Array(0)), 'Neighbor_alltoallv');
    refused(() => comm.Ineighbor_alltoallv([big, Array(n).fill(4), MPI.INT], [new Int32Array(8 * n), Array(n).fill(3), MPI.INT]), 'Ineighbor_alltoallv');
    refused(() => comm.Neighbor_allgatherv(big, [new Int32Array(n), Array(n).fill(1), MPI.INT]), 'Neighbor_allgatherv');
    refused(() => comm.Ineighbor_allgatherv(new Int32Array(2), [new Int32Array(2 * n), Array(n).fill(1), MPI.INT]), 'Ineighbor_allgatherv');
    const w = (bytes) => [new ArrayBuffer(8 * n), Array(n).fill(bytes), Array.from({ length: n }, (_, i) => 8 * i), MPI.BYTE];
    refused(() => comm.Neighbor_alltoallw(w(8), w(4)), 'Neighbor_alltoallw');
    // Matching blocks still go through, each to the block of the same index.
    const got = new Int32Array(2 * n);
    comm.Neighbor_alltoallv([Int32Array.from({ length: 2 * n }, (_, i) => i + 1), Array(n).fill(2), MPI.INT], [got, Array(n).fill(2), MPI.INT]);
    assert.deepEqual(Array.from(got).sort(), Array.from({ length: 2 * n }, (_, i) => i + 1), 'Neighbor_alltoallv to itself');
    const all = new Int32Array(n);
    await comm.Ineighbor_allgatherv(new Int32Array([5]), [all, Array(n).fill(1), MPI.INT]);
    assert.deepEqual(Array.from(all), Array(n).fill(5), 'Ineighbor_allgatherv to itself');
  }
  // A non-periodic dimension's neighbours are MPI.PROC_NULL: nothing to match there.
  const line = self.Create_cart([1], [false]);
  line.Neighbor_alltoallv([new Int32Array(4), [4, 0], MPI.INT], [new Int32Array(2), [1, 1], MPI.INT]);
  for (const c of [cart, dg, line]) c.Free();
});

await run();
