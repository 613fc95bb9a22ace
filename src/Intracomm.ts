/** `MPI.Intracomm`: communicators of one group; splitting, group-made communicators, topologies, and the blocking collectives, both cases. */
import { native } from './native';
import { Comm, commHandle, withOptions } from './Comm';
import { argRangeError, argTypeError, checkInt } from './errors';
import { HANDLE, liveHandle } from './handle';
import { DATATYPES } from './Datatype';
import type { BufSpec, CollSpec } from './bufspec';
import { OPS, Op, applyOp } from './Op';
import * as coll from './collective';
import type { Request } from './Request';
import { pickle } from './pickle';
import { bcastObject, gatherObjects } from './objcoll';
import { concat, dumpsOrError, errorText } from './msgpickle';
import { groupArg } from './Group';
import { checkBoolList, checkIntList, sameLength } from './lists';
import type { Intercomm } from './Intercomm';
import type { Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';
import * as dynamic from './dynamic';

const BYTE = DATATYPES.BYTE[HANDLE];
const DOUBLE = DATATYPES.DOUBLE[HANDLE];
const SUM = OPS.SUM;

const header = new Float64Array(1);

export type { CollSpec, VSpec, WSpec } from './bufspec';
/** A reduction op: an `MPI.Op` (lower-case reductions also take a function `(a, b) => c` of their values). */
export type OpLike<T = any> = Op | ((a: T, b: T) => T); // eslint-disable-line @typescript-eslint/no-explicit-any

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Validates a root argument (an int, a rank of the communicator) for the object collectives: the rule of the buffer ones (collective.ts). */
export function rootArg(comm: Comm, method: string, root: unknown): number {
  return coll.rootedShapeOf(comm, method, root).root;
}

function opArg(method: string, op: unknown): Op | ((a: unknown, b: unknown) => unknown) {
  if (op instanceof Op) {
    liveHandle(op, 'Op', method);
    return op;
  }
  if (typeof op === 'function') return op as (a: unknown, b: unknown) => unknown;
  throw argTypeError(method, 'op', 'an MPI.Op or a function (a, b) => c', op);
}

function fold(method: string, op: unknown, items: unknown[], end: number): unknown {
  let acc = items[0];
  for (let i = 1; i < end; i++) acc = applyOp(method, op, acc, items[i]);
  return acc;
}

/**
 * @internal Classes defined in modules that import this one (they extend Intracomm or return
 * it); each registers itself here when loaded, so the factories below avoid an import cycle.
 */
export const commClasses: {
  Intercomm?: new (id: number) => Intercomm;
  Cartcomm?: new (id: number) => Cartcomm;
  Graphcomm?: new (id: number) => Graphcomm;
  Distgraphcomm?: new (id: number) => Distgraphcomm;
} = {};

function reorderArg(method: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw argTypeError(method, 'reorder', 'a boolean', v);
  return v;
}

function weightsArg(method: string, arg: string, v: unknown, length: number): number[] | null {
  if (v === null || v === undefined) return null;
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

  /** Splits into sub-communicators by color, ordered by key (`MPI_Comm_split`, collective). `MPI.UNDEFINED` gives `MPI.COMM_NULL`. */
  Split(color?: number, key?: number): Intracomm;
  Split(options: { color?: number; key?: number }): Intracomm;
  Split(color: unknown = 0, key: unknown = 0): Intracomm {
    if (typeof color !== 'number' || typeof key !== 'number') [color, key] = withOptions('Comm.Split', [color, key], ['color', 'key'], [0, 0]);
    const id = native.commSplit(commHandle(this, 'Split'), checkInt('Comm.Split', 'color', color), checkInt('Comm.Split', 'key', key));
    return commFromId(id, Intracomm);
  }

  /** Splits by type, e.g. `MPI.COMM_TYPE_SHARED` for the ranks of one node (`MPI_Comm_split_type`). */
  Split_type(split_type: number, key?: number): Intracomm;
  Split_type(split_type: number, options: { key?: number }): Intracomm;
  Split_type(split_type: number, key: unknown = 0): Intracomm {
    if (typeof key !== 'number') [key] = withOptions('Comm.Split_type', [key], ['key'], [0]);
    const id = native.commSplitType(commHandle(this, 'Split_type'), checkInt('Comm.Split_type', 'split_type', split_type), checkInt('Comm.Split_type', 'key', key));
    return commFromId(id, Intracomm);
  }

  /**
   * A communicator of the processes in `group` (`MPI_Comm_create`, collective over this
   * communicator); `MPI.COMM_NULL` on processes outside the group.
   */
  Create(group: import('./Group').Group): Intracomm {
    const M = 'Comm.Create';
    return commFromId(native.commCreate(commHandle(this, 'Create'), groupArg(M, 'group', group)), Intracomm);
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
  Create_cart(dims: number[], periods?: boolean[] | null, reorder?: boolean): Cartcomm;
  Create_cart(dims: number[], options: { periods?: boolean[] | null; reorder?: boolean }): Cartcomm;
  Create_cart(dims: number[], periods: unknown = null, reorder: unknown = false): Cartcomm {
    const M = 'Comm.Create_cart';
    if (isPlainObject(periods)) [periods, reorder] = withOptions(M, [periods, reorder], ['periods', 'reorder'], [null, false]);
    const h = commHandle(this, 'Create_cart');
    const d = checkIntList(M, 'dims', dims, 1);
    const p = periods === null || periods === undefined ? d.map(() => 0) : checkBoolList(M, 'periods', periods, d.length);
    // MPI multiplies the dims in int: [65536, 65536, 2] wrapped to 0 and every process got COMM_NULL.
    let grid = 1;
    for (const x of d) grid *= x;
    if (grid > this.Get_size()) throw argRangeError(M, 'dims', `makes a grid of ${grid} processes, more than the ${this.Get_size()} of the communicator`);
    return commFromId(native.cartCreate(h, d, p, reorderArg(M, reorder)), commClasses.Cartcomm!);
  }

  /** A graph topology from `index` and `edges` in MPI's layout (`MPI_Graph_create`, collective). */
  Create_graph(index: number[], edges: number[], reorder = false): Graphcomm {
    const M = 'Comm.Create_graph';
    const h = commHandle(this, 'Create_graph');
    const ix = checkIntList(M, 'index', index, 0);
    const e = checkIntList(M, 'edges', edges, 0);
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
  Create_dist_graph_adjacent(sources: number[], destinations: number[], sourceweights: number[] | null = null,
    destweights: number[] | null = null, info: unknown = null, reorder = false): Distgraphcomm {
    const M = 'Comm.Create_dist_graph_adjacent';
    void info;
    const h = commHandle(this, 'Create_dist_graph_adjacent');
    const s = checkProcs(M, 'sources', sources, this.Get_size());
    const d = checkProcs(M, 'destinations', destinations, this.Get_size());
    const sw = weightsArg(M, 'sourceweights', sourceweights, s.length);
    const dw = weightsArg(M, 'destweights', destweights, d.length);
    if ((sw === null) !== (dw === null)) throw new TypeError(`${M}: give both 'sourceweights' and 'destweights' or neither`);
    return new commClasses.Distgraphcomm!(native.distGraphCreateAdjacent(h, s, sw, d, dw, reorderArg(M, reorder)));
  }

  /**
   * A distributed graph from any edges this process knows (`MPI_Dist_graph_create`, collective):
   * `sources[i]` has `degrees[i]` edges to the next entries of `destinations`.
   */
  Create_dist_graph(sources: number[], degrees: number[], destinations: number[], weights: number[] | null = null,
    info: unknown = null, reorder = false): Distgraphcomm {
    const M = 'Comm.Create_dist_graph';
    void info;
    const h = commHandle(this, 'Create_dist_graph');
    const s = checkProcs(M, 'sources', sources, this.Get_size());
    const deg = checkIntList(M, 'degrees', degrees, 0);
    sameLength(M, 'sources', s.length, 'degrees', deg.length);
    const d = checkProcs(M, 'destinations', destinations, this.Get_size());
    const total = deg.reduce((a, b) => a + b, 0);
    if (d.length !== total) throw argRangeError(M, 'destinations', `must have sum(degrees) = ${total} entries, got ${d.length}`);
    const w = weightsArg(M, 'weights', weights, d.length);
    return new commClasses.Distgraphcomm!(native.distGraphCreate(h, s, deg, d, w, reorderArg(M, reorder)));
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

  // ---- collectives, objects ----------------------------------------------------------------

  /** Broadcasts a value from the root (`MPI_Bcast` of a 256-byte slot holding a number or small `MPI.pickle` bytes; a second `MPI_Bcast` for larger bytes); returns it on every process. */
  bcast<T = unknown>(obj: T, root?: number): T;
  bcast<T = unknown>(obj: T, options: { root?: number }): T;
  bcast(obj: unknown, root: unknown = 0): unknown {
    const M = 'Comm.bcast';
    if (typeof root !== 'number') [root] = opts(M, [root], ['root'], [0]);
    const h = commHandle(this, 'bcast');
    return bcastObject(this, h, M, obj, rootArg(this, M, root));
  }

  /**
   * Scatters the root's array of `size` values, item i to process i (`MPI_Scatter` of sizes +
   * `MPI_Scatterv` of the `MPI.pickle` bytes). `sendobj` is ignored off the root. A wrong
   * `sendobj` on the root is an error on every process.
   */
  scatter<T = unknown>(sendobj: T[] | null, root?: number): T;
  scatter<T = unknown>(sendobj: T[] | null, options: { root?: number }): T;
  scatter(sendobj: unknown, root: unknown = 0): unknown {
    const M = 'Comm.scatter';
    if (typeof root !== 'number') [root] = opts(M, [root], ['root'], [0]);
    const h = commHandle(this, 'scatter');
    const r = rootArg(this, M, root);
    const n = this.Get_size();
    const isRoot = this.Get_rank() === r;
    const sizes = new Float64Array(isRoot ? n : 0);
    const counts = new Int32Array(n);
    const displs = new Int32Array(n);
    let send: Uint8Array | null = null;
    let err: unknown = null;
    if (isRoot) {
      try {
        if (!Array.isArray(sendobj)) throw argTypeError(M, 'sendobj', `an array of ${n} items on the root`, sendobj);
        if (sendobj.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per process), got ${sendobj.length}`);
        send = concat(sendobj.map((o) => dumpsOrError(M, o)), counts, displs);
        for (let i = 0; i < n; i++) sizes[i] = counts[i]!;
      } catch (e) {
        err = e;
        send = encoder.encode(errorText(e));
        sizes.fill(-(send.byteLength + 1));
        counts.fill(send.byteLength);
        displs.fill(0);
      }
    }
    native.scatter(h, isRoot ? sizes : null, 0, 1, DOUBLE, header, 0, 1, DOUBLE, r);
    const hv = header[0]!;
    const len = hv < 0 ? -hv - 1 : hv;
    const recv = new Uint8Array(len);
    native.scatterv(h, send, 0, counts, displs, BYTE, recv, 0, len, BYTE, r);
    if (hv < 0) {
      if (isRoot) throw err;
      throw new Error(`${M}: the root (rank ${r}) failed: ${decoder.decode(recv)}`);
    }
    return pickle.loadsAt(recv, 0, recv.byteLength);
  }

  /** Gathers a value from every process to the root (`MPI_Gather` of sizes + `MPI_Gatherv` of bytes): an array on the root, null elsewhere. */
  gather<T = unknown>(sendobj: T, root?: number): T[] | null;
  gather<T = unknown>(sendobj: T, options: { root?: number }): T[] | null;
  gather(sendobj: unknown, root: unknown = 0): unknown[] | null {
    const M = 'Comm.gather';
    if (typeof root !== 'number') [root] = opts(M, [root], ['root'], [0]);
    const h = commHandle(this, 'gather');
    return gatherObjects(this, h, M, sendobj, rootArg(this, M, root), false);
  }

  /** Gathers a value from every process to every process (`MPI_Allgather` of slots holding numbers or small `MPI.pickle` bytes; `MPI_Allgatherv` of larger bytes). */
  allgather<T = unknown>(sendobj: T): T[] {
    return gatherObjects(this, commHandle(this, 'allgather'), 'Comm.allgather', sendobj, 0, true) as T[];
  }

  /** Sends item j of `sendobj` (an array of `size` values) to process j; returns the items received (`MPI_Alltoall` + `MPI_Alltoallv`). */
  alltoall<T = unknown>(sendobj: T[]): T[] {
    const M = 'Comm.alltoall';
    const h = commHandle(this, 'alltoall');
    const n = this.Get_size();
    const sc = new Int32Array(n);
    const sd = new Int32Array(n);
    const sizes = new Float64Array(n);
    const rsizes = new Float64Array(n);
    let send: Uint8Array = new Uint8Array(0);
    let err: unknown = null;
    try {
      if (!Array.isArray(sendobj)) throw argTypeError(M, 'sendobj', `an array of ${n} items`, sendobj);
      if (sendobj.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per process), got ${sendobj.length}`);
      send = concat(sendobj.map((o) => dumpsOrError(M, o)), sc, sd);
      for (let i = 0; i < n; i++) sizes[i] = sc[i]!;
    } catch (e) {
      err = e;
      sizes.fill(-1);
    }
    native.alltoall(h, sizes, 0, 1, DOUBLE, rsizes, 0, 1, DOUBLE);
    const failed = rsizes.findIndex((v) => v < 0);
    if (failed >= 0) {
      if (err !== null) throw err;
      throw new Error(`${M}: rank ${failed} failed: its 'sendobj' was invalid or could not be serialized`);
    }
    const rc = new Int32Array(n);
    const rd = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      rc[i] = rsizes[i]!;
      rd[i] = total;
      total += rc[i]!;
    }
    const recv = new Uint8Array(total);
    native.alltoallv(h, send, 0, sc, sd, BYTE, recv, 0, rc, rd, BYTE);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = pickle.loadsAt(recv, rd[i]!, rc[i]!) as T;
    return out;
  }

  /** Reduces values to the root with `op` (gather + rank-ordered fold on the root): the result on the root, null elsewhere. */
  reduce<T = unknown>(sendobj: T, op?: OpLike<T>, root?: number): T | null;
  reduce<T = unknown>(sendobj: T, options: { op?: OpLike<T>; root?: number }): T | null;
  reduce(sendobj: unknown, op: unknown = SUM, root: unknown = 0): unknown {
    const M = 'Comm.reduce';
    if (!(op instanceof Op || typeof op === 'function') || typeof root !== 'number') [op, root] = opts(M, [op, root], ['op', 'root'], [SUM, 0]);
    const h = commHandle(this, 'reduce');
    const f = opArg(M, op);
    const items = gatherObjects(this, h, M, sendobj, rootArg(this, M, root), false);
    return items === null ? null : fold(M, f, items, items.length);
  }

  /** Reduces values with `op` and returns the result on every process (the transport of `allgather` + rank-ordered fold). */
  allreduce<T = unknown>(sendobj: T, op?: OpLike<T>): T;
  allreduce<T = unknown>(sendobj: T, options: { op?: OpLike<T> }): T;
  allreduce(sendobj: unknown, op: unknown = SUM): unknown {
    const M = 'Comm.allreduce';
    if (!(op instanceof Op || typeof op === 'function')) [op] = opts(M, [op], ['op'], [SUM]);
    const f = opArg(M, op);
    const items = gatherObjects(this, commHandle(this, 'allreduce'), M, sendobj, 0, true)!;
    return fold(M, f, items, items.length);
  }

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

/** `MPI.COMM_NULL`: the null communicator (`=== MPI.COMM_NULL` works). */
export const COMM_NULL = new Comm(native.constants.COMM_NULL as number);

/**
 * Wraps a communicator id from the addon; MPI_COMM_NULL becomes the COMM_NULL singleton. Typed as
 * the class asked for, as mpi4py types its null results (`Split` → `Intracomm`): test `=== MPI.COMM_NULL`.
 */
export function commFromId<T extends Comm>(id: number, cls: new (id: number) => T): T {
  return id === (native.constants.COMM_NULL as number) ? (COMM_NULL as T) : new cls(id);
}
