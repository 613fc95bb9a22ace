/**
 * Process topologies (SPEC §3): `Topocomm` (neighbourhood collectives) and its Cartesian, graph
 * and distributed-graph communicators, made by `Create_cart`, `Create_graph` and
 * `Create_dist_graph(_adjacent)` of an Intracomm.
 */
import { native } from './native';
import { commHandle } from './Comm';
import { Intracomm, commClasses } from './Intracomm';
import type { BufSpec, VSpec, WSpec } from './bufspec';
import type { Request } from './Request';
import type { Prequest } from './Prequest';
import type { InfoArg } from './Info';
import * as coll from './collective';
import { DATATYPES } from './Datatype';
import { HANDLE } from './handle';
import { pickle } from './pickle';
import { argRangeError, argTypeError, checkInt } from './errors';
import { checkBoolList, checkIntList } from './lists';

const T = native.topoConstants;

/** A communicator with a process topology: neighbourhood collectives over its neighbours. */
export class Topocomm extends Intracomm {
  /** `[indegree, outdegree]`: how many processes this one receives from and sends to in neighbourhood collectives. */
  get degrees(): [number, number] {
    return native.neighborCounts(commHandle(this, 'degrees'));
  }

  /** Number of in-neighbours. */
  get indegree(): number {
    return this.degrees[0];
  }

  /** Number of out-neighbours. */
  get outdegree(): number {
    return this.degrees[1];
  }

  /** `[inedges, outedges]`: the ranks of the in- and out-neighbours, in neighbourhood-collective order. */
  get inoutedges(): [number[], number[]] {
    return this.neighbours('inoutedges');
  }

  /** The in-neighbours (`MPI.PROC_NULL` for a missing Cartesian neighbour). */
  get inedges(): number[] {
    return this.neighbours('inedges')[0];
  }

  /** The out-neighbours. */
  get outedges(): number[] {
    return this.neighbours('outedges')[1];
  }

  /** @internal In- and out-neighbours in the order MPI's neighbourhood collectives use. */
  neighbours(method: string): [number[], number[]] {
    const h = commHandle(this, method);
    const kind = native.topoTest(h);
    if (kind === T.CART) {
      const n = native.cartdimGet(h);
      const list: number[] = [];
      for (let d = 0; d < n; d++) list.push(...native.cartShift(h, d, 1));
      return [list, list.slice()];
    }
    if (kind === T.GRAPH) {
      const nb = native.graphNeighbors(h, this.Get_rank());
      return [nb, nb.slice()];
    }
    const [src, , dst] = native.distGraphNeighbors(h);
    return [src, dst];
  }

  /** Gathers one block from every in-neighbour (`MPI_Neighbor_allgather`): `recvbuf` holds indegree blocks. */
  Neighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): void {
    coll.neighborAllgather(this, 'Topocomm.Neighbor_allgather', sendbuf, recvbuf, false, false);
  }

  /** Nonblocking `Neighbor_allgather` (`MPI_Ineighbor_allgather`). */
  Ineighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return coll.neighborAllgather(this, 'Topocomm.Ineighbor_allgather', sendbuf, recvbuf, false, true)!;
  }

  /** Persistent `Neighbor_allgather` (`MPI_Neighbor_allgather_init`). */
  Neighbor_allgather_init(sendbuf: BufSpec, recvbuf: BufSpec, info: InfoArg = null): Prequest {
    const M = 'Topocomm.Neighbor_allgather_init';
    return coll.persistent(M, info, (p) => coll.neighborAllgather(this, M, sendbuf, recvbuf, false, p));
  }

  /** Persistent `Neighbor_allgatherv` (`MPI_Neighbor_allgatherv_init`). */
  Neighbor_allgatherv_init(sendbuf: BufSpec, recvbuf: VSpec, info: InfoArg = null): Prequest {
    const M = 'Topocomm.Neighbor_allgatherv_init';
    return coll.persistent(M, info, (p) => coll.neighborAllgather(this, M, sendbuf, recvbuf, true, p));
  }

  /** Persistent `Neighbor_alltoall` (`MPI_Neighbor_alltoall_init`). */
  Neighbor_alltoall_init(sendbuf: BufSpec, recvbuf: BufSpec, info: InfoArg = null): Prequest {
    const M = 'Topocomm.Neighbor_alltoall_init';
    return coll.persistent(M, info, (p) => coll.neighborAlltoall(this, M, sendbuf, recvbuf, '', p));
  }

  /** Persistent `Neighbor_alltoallv` (`MPI_Neighbor_alltoallv_init`). */
  Neighbor_alltoallv_init(sendbuf: VSpec, recvbuf: VSpec, info: InfoArg = null): Prequest {
    const M = 'Topocomm.Neighbor_alltoallv_init';
    return coll.persistent(M, info, (p) => coll.neighborAlltoall(this, M, sendbuf, recvbuf, 'v', p));
  }

  /** Persistent `Neighbor_alltoallw` (`MPI_Neighbor_alltoallw_init`): displacements in bytes. */
  Neighbor_alltoallw_init(sendbuf: WSpec, recvbuf: WSpec, info: InfoArg = null): Prequest {
    const M = 'Topocomm.Neighbor_alltoallw_init';
    return coll.persistent(M, info, (p) => coll.neighborAlltoall(this, M, sendbuf, recvbuf, 'w', p));
  }

  /** Sends block i to out-neighbour i and receives block j from in-neighbour j (`MPI_Neighbor_alltoall`). */
  Neighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): void {
    coll.neighborAlltoall(this, 'Topocomm.Neighbor_alltoall', sendbuf, recvbuf, '', false);
  }

  /** Nonblocking `Neighbor_alltoall` (`MPI_Ineighbor_alltoall`). */
  Ineighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return coll.neighborAlltoall(this, 'Topocomm.Ineighbor_alltoall', sendbuf, recvbuf, '', true)!;
  }

  /**
   * Gathers a block of varying size from every in-neighbour (`MPI_Neighbor_allgatherv`): `recvbuf`
   * is a v-variant spec with one count (and displacement) per in-neighbour.
   */
  Neighbor_allgatherv(sendbuf: BufSpec, recvbuf: VSpec): void {
    coll.neighborAllgather(this, 'Topocomm.Neighbor_allgatherv', sendbuf, recvbuf, true, false);
  }

  /** Nonblocking `Neighbor_allgatherv` (`MPI_Ineighbor_allgatherv`). */
  Ineighbor_allgatherv(sendbuf: BufSpec, recvbuf: VSpec): Request {
    return coll.neighborAllgather(this, 'Topocomm.Ineighbor_allgatherv', sendbuf, recvbuf, true, true)!;
  }

  /**
   * All-to-all over the neighbours with blocks of varying size (`MPI_Neighbor_alltoallv`):
   * v-variant specs with one count per out-neighbour (`sendbuf`) and per in-neighbour (`recvbuf`).
   */
  Neighbor_alltoallv(sendbuf: VSpec, recvbuf: VSpec): void {
    coll.neighborAlltoall(this, 'Topocomm.Neighbor_alltoallv', sendbuf, recvbuf, 'v', false);
  }

  /** Nonblocking `Neighbor_alltoallv` (`MPI_Ineighbor_alltoallv`). */
  Ineighbor_alltoallv(sendbuf: VSpec, recvbuf: VSpec): Request {
    return coll.neighborAlltoall(this, 'Topocomm.Ineighbor_alltoallv', sendbuf, recvbuf, 'v', true)!;
  }

  /**
   * All-to-all over the neighbours with a datatype per block (`MPI_Neighbor_alltoallw`): each
   * buffer is `[buf, counts, displs, datatypes]` with displacements in bytes, one entry per neighbour.
   */
  Neighbor_alltoallw(sendbuf: WSpec, recvbuf: WSpec): void {
    coll.neighborAlltoall(this, 'Topocomm.Neighbor_alltoallw', sendbuf, recvbuf, 'w', false);
  }

  /** Nonblocking `Neighbor_alltoallw` (`MPI_Ineighbor_alltoallw`). */
  Ineighbor_alltoallw(sendbuf: WSpec, recvbuf: WSpec): Request {
    return coll.neighborAlltoall(this, 'Topocomm.Ineighbor_alltoallw', sendbuf, recvbuf, 'w', true)!;
  }

  /**
   * Object form of `Neighbor_allgather`: returns the values of the in-neighbours, in order
   * (`undefined` for a missing Cartesian neighbour). Sizes travel first
   * (`MPI_Neighbor_allgather`), then the bytes (`MPI_Neighbor_allgatherv`).
   */
  neighbor_allgather<T = unknown>(this: Cartcomm, sendobj: T): (T | undefined)[];
  neighbor_allgather<T = unknown>(sendobj: T): T[];
  neighbor_allgather(sendobj: unknown): unknown[] {
    const M = 'Topocomm.neighbor_allgather';
    const h = commHandle(this, 'neighbor_allgather');
    const [indeg] = native.neighborCounts(h);
    const bytes = pickle.dumpsChecked(M, sendobj);
    const sizes = new Int32Array(indeg).fill(-1);
    const mine = new Int32Array([bytes.byteLength]);
    native.neighborAllgather(h, mine, 0, 1, INT32, sizes, 0, 1, INT32);
    const { counts, displs, total } = layout(sizes);
    const recv = new Uint8Array(total);
    native.neighborAllgatherv(h, bytes, 0, bytes.byteLength, BYTE, recv, 0, counts, displs, BYTE);
    return unpickleBlocks(recv, sizes, displs);
  }

  /**
   * Object form of `Neighbor_alltoall`: `sendobjs[i]` goes to out-neighbour i; returns one value
   * per in-neighbour (`undefined` for a missing Cartesian neighbour). Sizes travel first
   * (`MPI_Neighbor_alltoall`), then the bytes (`MPI_Neighbor_alltoallv`).
   */
  neighbor_alltoall<T = unknown>(this: Cartcomm, sendobjs: T[]): (T | undefined)[];
  neighbor_alltoall<T = unknown>(sendobjs: T[]): T[];
  neighbor_alltoall(sendobjs: unknown[]): unknown[] {
    const M = 'Topocomm.neighbor_alltoall';
    const h = commHandle(this, 'neighbor_alltoall');
    const [indeg, outdeg] = native.neighborCounts(h);
    if (!Array.isArray(sendobjs)) throw argTypeError(M, 'sendobjs', `an array of ${outdeg} value(s)`, sendobjs);
    if (sendobjs.length !== outdeg) throw argRangeError(M, 'sendobjs', `must have one value per out-neighbour (${outdeg}), got ${sendobjs.length}`);
    const parts = sendobjs.map((o) => pickle.dumpsChecked(M, o));
    const ssizes = Int32Array.from(parts, (p) => p.byteLength);
    const s = layout(ssizes);
    const send = new Uint8Array(s.total);
    parts.forEach((p, i) => send.set(p, s.displs[i]!));
    const rsizes = new Int32Array(indeg).fill(-1);
    native.neighborAlltoall(h, ssizes, 0, 1, INT32, rsizes, 0, 1, INT32);
    const r = layout(rsizes);
    const recv = new Uint8Array(r.total);
    native.neighborAlltoallv(h, send, 0, s.counts, s.displs, BYTE, recv, 0, r.counts, r.displs, BYTE);
    return unpickleBlocks(recv, rsizes, r.displs);
  }
}

const INT32 = DATATYPES.INT32_T[HANDLE];
const BYTE = DATATYPES.BYTE[HANDLE];

/** Counts/displacements of byte blocks; a size of -1 (no neighbour: nothing was received) is an empty block. */
function layout(sizes: Int32Array): { counts: Int32Array; displs: Int32Array; total: number } {
  const counts = new Int32Array(sizes.length);
  const displs = new Int32Array(sizes.length);
  let total = 0;
  for (let i = 0; i < sizes.length; i++) {
    const n = Math.max(0, sizes[i]!);
    counts[i] = n;
    displs[i] = total;
    total += n;
  }
  if (total > 2147483647) throw new RangeError('Topocomm: neighbourhood message exceeds 2 GiB');
  return { counts, displs, total };
}

function unpickleBlocks(recv: Uint8Array, sizes: Int32Array, displs: Int32Array): unknown[] {
  const out = new Array<unknown>(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    out[i] = sizes[i]! < 0 ? undefined : pickle.loadsAt(recv, displs[i]!, sizes[i]!);
  }
  return out;
}

/** A Cartesian topology (`Comm.Create_cart`). */
export class Cartcomm extends Topocomm {
  /** Number of dimensions (`MPI_Cartdim_get`). */
  Get_dim(): number {
    return native.cartdimGet(commHandle(this, 'Get_dim'));
  }

  /** Same as `Get_dim()`. */
  get dim(): number {
    return this.Get_dim();
  }

  /** Same as `Get_dim()`. */
  get ndim(): number {
    return this.Get_dim();
  }

  /** `[dims, periods, coords]` of this process (`MPI_Cart_get`). */
  Get_topo(): [number[], boolean[], number[]] {
    return native.cartGet(commHandle(this, 'Get_topo'));
  }

  /** Same as `Get_topo()`. */
  get topo(): [number[], boolean[], number[]] {
    return this.Get_topo();
  }

  /** Processes per dimension. */
  get dims(): number[] {
    return this.Get_topo()[0];
  }

  /** Whether each dimension wraps around. */
  get periods(): boolean[] {
    return this.Get_topo()[1];
  }

  /** This process's coordinates. */
  get coords(): number[] {
    return this.Get_topo()[2];
  }

  /** The rank at `coords` (`MPI_Cart_rank`); periodic dimensions wrap, others must be in range. */
  Get_cart_rank(coords: number[]): number {
    const M = 'Cartcomm.Get_cart_rank';
    const h = commHandle(this, 'Get_cart_rank');
    const c = checkIntList(M, 'coords', coords);
    const [dims, periods] = native.cartGet(h);
    if (c.length !== dims.length) throw argRangeError(M, 'coords', `must have ${dims.length} entries, got ${c.length}`);
    c.forEach((x, i) => {
      if (!periods[i] && (x < 0 || x >= dims[i]!)) throw argRangeError(M, `coords[${i}]`, `is out of range [0, ${dims[i]}): ${x}`);
    });
    return native.cartRank(h, c);
  }

  /** The coordinates of `rank` (`MPI_Cart_coords`). */
  Get_coords(rank: number): number[] {
    const M = 'Cartcomm.Get_coords';
    const h = commHandle(this, 'Get_coords');
    const r = checkInt(M, 'rank', rank);
    if (r < 0 || r >= this.Get_size()) throw argRangeError(M, 'rank', `is out of range [0, ${this.Get_size()}): ${r}`);
    return native.cartCoords(h, r);
  }

  /** `[source, dest]` of a shift by `disp` along `direction` (`MPI_Cart_shift`); `MPI.PROC_NULL` off a non-periodic edge. */
  Shift(direction: number, disp: number): [number, number] {
    const M = 'Cartcomm.Shift';
    const h = commHandle(this, 'Shift');
    const d = checkInt(M, 'direction', direction);
    const n = native.cartdimGet(h);
    if (d < 0 || d >= n) throw argRangeError(M, 'direction', `is out of range [0, ${n}): ${d}`);
    return native.cartShift(h, d, checkInt(M, 'disp', disp));
  }

  /** The sub-grid keeping the dimensions where `remain_dims` is true (`MPI_Cart_sub`, collective). */
  Sub(remain_dims: boolean[]): Cartcomm {
    const M = 'Cartcomm.Sub';
    const h = commHandle(this, 'Sub');
    const r = checkBoolList(M, 'remain_dims', remain_dims, native.cartdimGet(h));
    return new Cartcomm(native.cartSub(h, r));
  }
}

/** A graph topology (`Comm.Create_graph`). */
export class Graphcomm extends Topocomm {
  /** `[nnodes, nedges]` (`MPI_Graphdims_get`). */
  Get_dims(): [number, number] {
    const [index, edges] = native.graphGet(commHandle(this, 'Get_dims'));
    return [index.length, edges.length];
  }

  /** Same as `Get_dims()`. */
  get dims(): [number, number] {
    return this.Get_dims();
  }

  /** Number of nodes. */
  get nnodes(): number {
    return this.Get_dims()[0];
  }

  /** Number of edges. */
  get nedges(): number {
    return this.Get_dims()[1];
  }

  /** `[index, edges]` (`MPI_Graph_get`). */
  Get_topo(): [number[], number[]] {
    return native.graphGet(commHandle(this, 'Get_topo'));
  }

  /** Same as `Get_topo()`. */
  get topo(): [number[], number[]] {
    return this.Get_topo();
  }

  /** The index array. */
  get index(): number[] {
    return this.Get_topo()[0];
  }

  /** The edges array. */
  get edges(): number[] {
    return this.Get_topo()[1];
  }

  /** Number of neighbours of `rank` (`MPI_Graph_neighbors_count`). */
  Get_neighbors_count(rank: number): number {
    return this.Get_neighbors(rank).length;
  }

  /** Neighbours of `rank` (`MPI_Graph_neighbors`). */
  Get_neighbors(rank: number): number[] {
    const M = 'Graphcomm.Get_neighbors';
    const h = commHandle(this, 'Get_neighbors');
    const r = checkInt(M, 'rank', rank);
    if (r < 0 || r >= this.Get_size()) throw argRangeError(M, 'rank', `is out of range [0, ${this.Get_size()}): ${r}`);
    return native.graphNeighbors(h, r);
  }

  /** Number of neighbours of this process. */
  get nneighbors(): number {
    return this.neighbors.length;
  }

  /** Neighbours of this process. */
  get neighbors(): number[] {
    return this.Get_neighbors(this.Get_rank());
  }
}

/** A distributed graph topology (`Comm.Create_dist_graph(_adjacent)`). */
export class Distgraphcomm extends Topocomm {
  /** `[indegree, outdegree, weighted]` (`MPI_Dist_graph_neighbors_count`). */
  Get_dist_neighbors_count(): [number, number, boolean] {
    const [s, sw, d] = native.distGraphNeighbors(commHandle(this, 'Get_dist_neighbors_count'));
    return [s.length, d.length, sw !== null];
  }

  /** `[sources, destinations, weights]` with weights `[sourceweights, destweights]` or null (`MPI_Dist_graph_neighbors`). */
  Get_dist_neighbors(): [number[], number[], [number[], number[]] | null] {
    const [s, sw, d, dw] = native.distGraphNeighbors(commHandle(this, 'Get_dist_neighbors'));
    return [s, d, sw !== null && dw !== null ? [sw, dw] : null];
  }
}

commClasses.Cartcomm = Cartcomm;
commClasses.Graphcomm = Graphcomm;
commClasses.Distgraphcomm = Distgraphcomm;

/**
 * Fills the zeros of `dims` with a balanced factorization of `nnodes` (`MPI_Dims_create`);
 * `dims` may be the number of dimensions.
 */
export function Compute_dims(nnodes: number, dims: number | number[]): number[] {
  const M = 'MPI.Compute_dims';
  const n = checkInt(M, 'nnodes', nnodes);
  if (n < 1) throw argRangeError(M, 'nnodes', `must be positive, got ${n}`);
  let d: number[];
  if (typeof dims === 'number') {
    const k = checkInt(M, 'dims', dims);
    // An array of k zeros is allocated: a huge k would take gigabytes and minutes.
    if (k < 1 || k > 65536) throw argRangeError(M, 'dims', `must be a number of dimensions from 1 to 65536, got ${k}`);
    d = new Array<number>(k).fill(0);
  } else {
    d = checkIntList(M, 'dims', dims, 0);
    let fixed = 1;
    for (const x of d) if (x > 0) fixed *= x;
    if (n % fixed !== 0) throw argRangeError(M, 'dims', `has fixed entries whose product ${fixed} does not divide nnodes ${n}`);
  }
  return native.dimsCreate(n, d);
}

