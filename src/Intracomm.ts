/** `MPI.Intracomm`: communicators of one group; splitting, group-made communicators, topologies, and the blocking collectives, both cases. */
import { native } from './native';
import { Comm, COMM_NULL, commClasses, commFromId, commHandle, withOptions } from './Comm';
import { argRangeError, argTypeError, checkInt } from './errors';
import type { BufSpec, CollSpec } from './bufspec';
import { OPS, Op } from './Op';
import * as coll from './collective';
import type { Request } from './Request';
import { gatherObjects } from './objcoll';
import { fold, opArg, type OpLike } from './objcomm';
import type { Prequest } from './Prequest';
import { groupArg } from './Group';
import { withInfo, type InfoArg } from './Info';
import { checkBoolList, checkIntList, sameLength } from './lists';
import type { Intercomm } from './Intercomm';
import type { Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';
import * as dynamic from './dynamic';

const SUM = OPS.SUM;
const UNDEFINED = native.constants.UNDEFINED as number;

export type { CollSpec, VSpec, WSpec } from './bufspec';
export type { OpLike } from './objcomm';

function reorderArg(method: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw argTypeError(method, 'reorder', 'a boolean', v);
  return v;
}

/** `MPI.UNWEIGHTED`: the weights argument of an unweighted distributed graph (as null). */
export const UNWEIGHTED: unique symbol = Symbol.for('mpi4js.UNWEIGHTED') as never;
/** `MPI.WEIGHTS_EMPTY`: the weights of a process with no edges on that side (as []). */
export const WEIGHTS_EMPTY: unique symbol = Symbol.for('mpi4js.WEIGHTS_EMPTY') as never;
/** The weights argument of the distributed-graph constructors: a list, `MPI.UNWEIGHTED` or `MPI.WEIGHTS_EMPTY`. */
export type Weights = number[] | typeof UNWEIGHTED | typeof WEIGHTS_EMPTY | null;

/**
 * mpi4py's extension of MPI_Graph_create: `index` may be the standard adjacency form with a
 * leading 0 (`[0, d0, d0 + d1, …]`, nnodes + 1 entries ending at the edge count); MPI's form drops it.
 */
function graphIndex(ix: number[], nedges: number): number[] {
  return ix.length > 1 && ix[0] === 0 && ix[ix.length - 1] === nedges ? ix.slice(1) : ix;
}

function weightsArg(method: string, arg: string, v: unknown, length: number): number[] | null {
  if (v === null || v === undefined || v === UNWEIGHTED) return null;
  if (v === WEIGHTS_EMPTY) {
    if (length !== 0) throw argRangeError(method, arg, `is MPI.WEIGHTS_EMPTY but the process has ${length} edge(s) on that side`);
    return [];
  }
  const w = checkIntList(method, arg, v, 0);
  if (w.length !== length) throw argRangeError(method, arg, `must have ${length} entries, got ${w.length}`);
  return w;
}

/** An intracommunicator (`MPI.COMM_WORLD`, `MPI.COMM_SELF` and what they split into). */
export class Intracomm extends Comm {
  // ---- dynamic processes (src/dynamic.ts) ----------------------------------------------------

  /**
   * Starts `maxprocs` processes of `command` (`MPI_Comm_spawn`, collective; the arguments matter at
   * `root`); returns the intercommunicator to them (their `MPI.Comm.Get_parent()`). `errcodes`, an
   * array, is filled with one error code per process.
   *
   * @example
   * ```ts
   * const children = MPI.COMM_SELF.Spawn(process.execPath, ['child.mjs'], 4);
   * ```
   */
  Spawn(command: string, args?: string[] | null, maxprocs?: number, info?: unknown, root?: number, errcodes?: number[] | null): Intercomm;
  Spawn(command: string, options: { args?: string[] | null; maxprocs?: number; info?: unknown; root?: number; errcodes?: number[] | null }): Intercomm;
  Spawn(...values: unknown[]): Intercomm {
    return dynamic.spawn(this, commHandle(this, 'Spawn'), values);
  }

  /** Starts several commands in one job (`MPI_Comm_spawn_multiple`, collective): one argument list and count per command. */
  Spawn_multiple(command: string[], args?: string[][] | null, maxprocs?: number[] | number | null, info?: unknown, root?: number,
    errcodes?: number[] | null): Intercomm;
  Spawn_multiple(command: string[], options: { args?: string[][] | null; maxprocs?: number[] | number | null; info?: unknown; root?: number;
    errcodes?: number[] | null }): Intercomm;
  Spawn_multiple(...values: unknown[]): Intercomm {
    return dynamic.spawnMultiple(this, commHandle(this, 'Spawn_multiple'), values);
  }

  /** Waits for a `Connect` to `port_name` (`MPI_Comm_accept`, collective); returns the intercommunicator. */
  Accept(port_name: string, info?: unknown, root?: number): Intercomm;
  Accept(port_name: string, options: { info?: unknown; root?: number }): Intercomm;
  Accept(...values: unknown[]): Intercomm {
    return dynamic.acceptConnect(this, commHandle(this, 'Accept'), true, values);
  }

  /** Connects to the processes that `Accept` on `port_name` (`MPI_Comm_connect`, collective). */
  Connect(port_name: string, info?: unknown, root?: number): Intercomm;
  Connect(port_name: string, options: { info?: unknown; root?: number }): Intercomm;
  Connect(...values: unknown[]): Intercomm {
    return dynamic.acceptConnect(this, commHandle(this, 'Connect'), false, values);
  }

  /**
   * A communicator of the processes in `group`, collective over them only and without a parent
   * communicator (`MPI_Comm_create_from_group`, MPI-4.0: an `MPI.Exception` of class
   * `ERR_UNSUPPORTED_OPERATION` on older libraries). `stringtag` tells concurrent calls apart.
   */
  static Create_from_group(group: import('./Group').Group, stringtag = 'org.mpi4py', info: null = null): Intracomm {
    const M = 'Intracomm.Create_from_group';
    if (typeof stringtag !== 'string') throw argTypeError(M, 'stringtag', 'a string', stringtag);
    if (info !== undefined && info !== null) throw argTypeError(M, 'info', 'MPI.INFO_NULL (null) until MPI.Info is available', info);
    return commFromId(native.commCreateFromGroup(groupArg(M, 'group', group), stringtag), Intracomm);
  }

  /**
   * A communicator of the processes in `group`, collective over the group only
   * (`MPI_Comm_create_group`); `MPI.COMM_NULL` outside it.
   */
  Create_group(group: import('./Group').Group, tag = 0): Intracomm {
    const M = 'Comm.Create_group';
    return commFromId(native.commCreateGroup(commHandle(this, 'Create_group'), groupArg(M, 'group', group), checkInt(M, 'tag', tag)), Intracomm);
  }

  /**
   * An intercommunicator between this communicator and a disjoint one (`MPI_Intercomm_create`):
   * the leaders talk over `peer_comm` (significant only at `local_leader`).
   */
  Create_intercomm(local_leader: number, peer_comm: Comm | null, remote_leader: number, tag = 0): Intercomm {
    const M = 'Comm.Create_intercomm';
    const h = commHandle(this, 'Create_intercomm');
    const lead = checkInt(M, 'local_leader', local_leader);
    let peer = 0;
    if (peer_comm !== null && peer_comm !== undefined) {
      if (!(peer_comm instanceof Comm)) throw argTypeError(M, 'peer_comm', 'an MPI.Comm', peer_comm);
      peer = liveOrNull(peer_comm, M);
    }
    const id = native.intercommCreate(h, lead, peer, checkInt(M, 'remote_leader', remote_leader), checkInt(M, 'tag', tag));
    return new commClasses.Intercomm!(id);
  }

  /**
   * A Cartesian topology (`MPI_Cart_create`, collective): `dims` processes per dimension,
   * `periods` (default all false) wrap-around per dimension. Processes beyond the grid get `MPI.COMM_NULL`.
   */
  Create_cart(dims: number[], periods?: boolean | boolean[] | null, reorder?: boolean): Cartcomm;
  Create_cart(dims: number[], options: { periods?: boolean | boolean[] | null; reorder?: boolean }): Cartcomm;
  Create_cart(dims: number[], periods: unknown = null, reorder: unknown = false): Cartcomm {
    const M = 'Comm.Create_cart';
    if (isPlainObject(periods)) [periods, reorder] = withOptions(M, [periods, reorder], ['periods', 'reorder'], [null, false]);
    const h = commHandle(this, 'Create_cart');
    const d = checkIntList(M, 'dims', dims, 1);
    const p = periods === null || periods === undefined ? d.map(() => 0)
      : typeof periods === 'boolean' ? d.map(() => (periods ? 1 : 0)) : checkBoolList(M, 'periods', periods, d.length);
    // MPI multiplies the dims in int: [65536, 65536, 2] wrapped to 0 and every process got COMM_NULL.
    let grid = 1;
    for (const x of d) grid *= x;
    if (grid > this.Get_size()) throw argRangeError(M, 'dims', `makes a grid of ${grid} processes, more than the ${this.Get_size()} of the communicator`);
    return commFromId(native.cartCreate(h, d, p, reorderArg(M, reorder)), commClasses.Cartcomm!);
  }

  /**
   * This process's rank in an optimal placement on a Cartesian grid (`MPI_Cart_map`): the rank
   * `Create_cart(dims, periods, true)` would give it, or `MPI.UNDEFINED` if it is outside the grid.
   */
  Cart_map(dims: number[], periods?: boolean | boolean[] | null): number {
    const M = 'Comm.Cart_map';
    const h = commHandle(this, 'Cart_map');
    const d = checkIntList(M, 'dims', dims, 1);
    const p = periods === null || periods === undefined ? d.map(() => 0)
      : typeof periods === 'boolean' ? d.map(() => (periods ? 1 : 0)) : checkBoolList(M, 'periods', periods, d.length);
    let grid = 1;
    for (const x of d) grid *= x;
    if (grid > this.Get_size()) throw argRangeError(M, 'dims', `makes a grid of ${grid} processes, more than the ${this.Get_size()} of the communicator`);
    // Open MPI 4.1 returns the caller's rank even outside the grid; MPI says MPI_UNDEFINED there.
    const r = native.cartMap(h, d, p);
    return r >= grid ? UNDEFINED : r;
  }

  /** This process's rank in an optimal placement on a graph (`MPI_Graph_map`), or `MPI.UNDEFINED`. */
  Graph_map(index: number[], edges: number[]): number {
    const M = 'Comm.Graph_map';
    const h = commHandle(this, 'Graph_map');
    const e = checkIntList(M, 'edges', edges, 0);
    const ix = graphIndex(checkIntList(M, 'index', index, 0), e.length);
    for (let i = 1; i < ix.length; i++) if (ix[i]! < ix[i - 1]!) throw argRangeError(M, 'index', 'must be non-decreasing');
    if (ix.length > 0 && ix[ix.length - 1]! !== e.length) {
      throw argRangeError(M, 'edges', `must have index[nnodes-1] = ${ix[ix.length - 1]} entries, got ${e.length}`);
    }
    if (ix.length > this.Get_size()) throw argRangeError(M, 'index', `has ${ix.length} nodes, more than the ${this.Get_size()} processes`);
    e.forEach((x, i) => {
      if (x >= ix.length) throw argRangeError(M, `edges[${i}]`, `names node ${x}, outside the graph of ${ix.length} nodes`);
    });
    // No nodes: no process is placed (Open MPI refuses nnodes 0, MPICH answers MPI_UNDEFINED).
    if (ix.length === 0) return UNDEFINED;
    // As Cart_map: Open MPI 4.1 places every process, even beyond the graph's nodes.
    const r = native.graphMap(h, ix, e);
    return r >= ix.length ? UNDEFINED : r;
  }

  /** A graph topology from `index` and `edges` in MPI's layout (`MPI_Graph_create`, collective). */
  Create_graph(index: number[], edges: number[], reorder = false): Graphcomm {
    const M = 'Comm.Create_graph';
    const h = commHandle(this, 'Create_graph');
    const e = checkIntList(M, 'edges', edges, 0);
    const ix = graphIndex(checkIntList(M, 'index', index, 0), e.length);
    for (let i = 1; i < ix.length; i++) if (ix[i]! < ix[i - 1]!) throw argRangeError(M, 'index', 'must be non-decreasing');
    if (ix.length > 0 && ix[ix.length - 1]! !== e.length) {
      throw argRangeError(M, 'edges', `must have index[nnodes-1] = ${ix[ix.length - 1]} entries, got ${e.length}`);
    }
    if (ix.length > this.Get_size()) throw argRangeError(M, 'index', `has ${ix.length} nodes, more than the ${this.Get_size()} processes`);
    e.forEach((x, i) => {
      if (x >= ix.length) throw argRangeError(M, `edges[${i}]`, `names node ${x}, outside the graph of ${ix.length} nodes`);
    });
    return commFromId(native.graphCreate(h, ix, e, reorderArg(M, reorder)), commClasses.Graphcomm!);
  }

  /**
   * A distributed graph from this process's in- and out-neighbours (`MPI_Dist_graph_create_adjacent`,
   * collective); weights `null` means unweighted.
   */
  Create_dist_graph_adjacent(sources: number[] | null, destinations: number[] | null, sourceweights: Weights = null,
    destweights: Weights = null, info: InfoArg = null, reorder = false): Distgraphcomm {
    const M = 'Comm.Create_dist_graph_adjacent';
    const h = commHandle(this, 'Create_dist_graph_adjacent');
    // As mpi4py: null sources or destinations are no neighbours on that side.
    const s = checkProcs(M, 'sources', sources ?? [], this.Get_size());
    const d = checkProcs(M, 'destinations', destinations ?? [], this.Get_size());
    const sw = weightsArg(M, 'sourceweights', sourceweights, s.length);
    const dw = weightsArg(M, 'destweights', destweights, d.length);
    if ((sw === null) !== (dw === null)) throw new TypeError(`${M}: give both 'sourceweights' and 'destweights' or neither`);
    const r = reorderArg(M, reorder);
    return new commClasses.Distgraphcomm!(withInfo(M, info, (i) => native.distGraphCreateAdjacent(h, s, sw, d, dw, r, i)));
  }

  /**
   * A distributed graph from any edges this process knows (`MPI_Dist_graph_create`, collective):
   * `sources[i]` has `degrees[i]` edges to the next entries of `destinations`.
   */
  Create_dist_graph(sources: number[], degrees: number[], destinations: number[], weights: Weights = null,
    info: InfoArg = null, reorder = false): Distgraphcomm {
    const M = 'Comm.Create_dist_graph';
    const h = commHandle(this, 'Create_dist_graph');
    const s = checkProcs(M, 'sources', sources, this.Get_size());
    const deg = checkIntList(M, 'degrees', degrees, 0);
    sameLength(M, 'sources', s.length, 'degrees', deg.length);
    const d = checkProcs(M, 'destinations', destinations, this.Get_size());
    const total = deg.reduce((a, b) => a + b, 0);
    if (d.length !== total) throw argRangeError(M, 'destinations', `must have sum(degrees) = ${total} entries, got ${d.length}`);
    const w = weightsArg(M, 'weights', weights, d.length);
    const r = reorderArg(M, reorder);
    return new commClasses.Distgraphcomm!(withInfo(M, info, (i) => native.distGraphCreate(h, s, deg, d, w, r, i)));
  }

  // ---- collectives, buffers (collective.ts) ------------------------------------------------
  // The other upper-case collectives are methods of Comm (as in mpi4py); prefix reductions are
  // defined on intracommunicators only.

  /** Inclusive prefix reduction (`MPI_Scan`); `sendbuf` may be `MPI.IN_PLACE`. */
  Scan(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): void;
  Scan(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): void;
  Scan(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = SUM): void {
    coll.reduction(this, 'Intracomm.Scan', 'scan', sendbuf, recvbuf, op, false);
  }

  /** Exclusive prefix reduction (`MPI_Exscan`); `recvbuf` is left unchanged on rank 0; `sendbuf` may be `MPI.IN_PLACE`. */
  Exscan(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): void;
  Exscan(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): void;
  Exscan(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = SUM): void {
    coll.reduction(this, 'Intracomm.Exscan', 'exscan', sendbuf, recvbuf, op, false);
  }

  /** Nonblocking inclusive prefix reduction (`MPI_Iscan`); `sendbuf` may be `MPI.IN_PLACE`. */
  Iscan(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): Request;
  Iscan(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): Request;
  Iscan(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = SUM): Request {
    return coll.reduction(this, 'Intracomm.Iscan', 'scan', sendbuf, recvbuf, op, true)!;
  }

  /** Nonblocking exclusive prefix reduction (`MPI_Iexscan`); `recvbuf` is left unchanged on rank 0. */
  Iexscan(sendbuf: CollSpec, recvbuf: BufSpec, op?: Op): Request;
  Iexscan(sendbuf: CollSpec, recvbuf: BufSpec, options: { op?: Op }): Request;
  Iexscan(sendbuf: CollSpec, recvbuf: BufSpec, op: unknown = SUM): Request {
    return coll.reduction(this, 'Intracomm.Iexscan', 'exscan', sendbuf, recvbuf, op, true)!;
  }

  /** Persistent inclusive prefix reduction (`MPI_Scan_init`); predefined ops only. */
  Scan_init(sendbuf: CollSpec, recvbuf: BufSpec, op: Op | { op?: Op } = SUM, info: InfoArg = null): Prequest {
    return coll.persistent('Intracomm.Scan_init', info, (p) => coll.reduction(this, 'Intracomm.Scan_init', 'scan', sendbuf, recvbuf, op, p));
  }

  /** Persistent exclusive prefix reduction (`MPI_Exscan_init`); predefined ops only. */
  Exscan_init(sendbuf: CollSpec, recvbuf: BufSpec, op: Op | { op?: Op } = SUM, info: InfoArg = null): Prequest {
    return coll.persistent('Intracomm.Exscan_init', info, (p) => coll.reduction(this, 'Intracomm.Exscan_init', 'exscan', sendbuf, recvbuf, op, p));
  }

  // ---- collectives, objects ----------------------------------------------------------------

  /** Inclusive prefix reduction of values: process i gets `v0 op … op vi`. */
  scan<T = unknown>(sendobj: T, op?: OpLike<T>): T;
  scan<T = unknown>(sendobj: T, options: { op?: OpLike<T> }): T;
  scan(sendobj: unknown, op: unknown = SUM): unknown {
    const M = 'Comm.scan';
    if (!(op instanceof Op || typeof op === 'function')) [op] = opts(M, [op], ['op'], [SUM]);
    const f = opArg(M, op);
    const items = gatherObjects(this, commHandle(this, 'scan'), M, sendobj, 0, true)!;
    return fold(M, f, items, this.Get_rank() + 1);
  }

  /** Exclusive prefix reduction of values: process i gets `v0 op … op v(i-1)`; undefined on rank 0 (mpi4py's None). */
  exscan<T = unknown>(sendobj: T, op?: OpLike<T>): T | undefined;
  exscan<T = unknown>(sendobj: T, options: { op?: OpLike<T> }): T | undefined;
  exscan(sendobj: unknown, op: unknown = SUM): unknown {
    const M = 'Comm.exscan';
    if (!(op instanceof Op || typeof op === 'function')) [op] = opts(M, [op], ['op'], [SUM]);
    const f = opArg(M, op);
    const items = gatherObjects(this, commHandle(this, 'exscan'), M, sendobj, 0, true)!;
    const rank = this.Get_rank();
    return rank === 0 ? undefined : fold(M, f, items, rank);
  }
}

/** `Split` and `Create` are methods of Comm (as in mpi4py); on an Intracomm they return one. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Intracomm {
  /** Splits into sub-communicators by color, ordered by key (`MPI_Comm_split`, collective); `MPI.UNDEFINED` gives `MPI.COMM_NULL`. */
  Split(color?: number, key?: number): Intracomm;
  Split(options: { color?: number; key?: number }): Intracomm;
  /** A communicator of the processes in `group` (`MPI_Comm_create`, collective); `MPI.COMM_NULL` outside it. */
  Create(group: import('./Group').Group): Intracomm;
}

/** Options of the collectives (mpi4py's keyword names). */
export interface CollOptions {
  root?: number;
  op?: OpLike;
  recvcounts?: ArrayLike<number> | null;
}

function opts(method: string, values: unknown[], names: string[], defaults: unknown[]): unknown[] {
  return withOptions(method, values, names, defaults);
}

/** Ranks of a distributed graph: processes of the communicator. */
function checkProcs(method: string, arg: string, v: unknown, size: number): number[] {
  const list = checkIntList(method, arg, v, 0);
  list.forEach((r, i) => {
    if (r >= size) throw argRangeError(method, `${arg}[${i}]`, `is not a rank of the communicator (size ${size}): ${r}`);
  });
  return list;
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function liveOrNull(comm: Comm, method: string): number {
  return comm === COMM_NULL ? 0 : commHandle(comm, method);
}

export { COMM_NULL, commClasses, commFromId } from './Comm';

commClasses.Intracomm = Intracomm;
