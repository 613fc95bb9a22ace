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
import type { Prequest } from './Prequest';
import { pickle } from './pickle';
import { bcastObject, gatherObjects } from './objcoll';
import { concat, dumpsOrError, errorText } from './msgpickle';
import { groupArg } from './Group';
import { withInfo, type InfoArg } from './Info';
import { checkBoolList, checkIntList, sameLength } from './lists';
import type { Intercomm } from './Intercomm';
import type { Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';
import * as dynamic from './dynamic';

const BYTE = DATATYPES.BYTE[HANDLE];
const DOUBLE = DATATYPES.DOUBLE[HANDLE];
const SUM = OPS.SUM;
const UNDEFINED = native.constants.UNDEFINED as number;

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

/** `MPI.UNWEIGHTED`: the weights argument of an unweighted distributed graph (as null). */
export const UNWEIGHTED: unique symbol = Symbol.for('mpi4js.UNWEIGHTED') as never;
/** `MPI.WEIGHTS_EMPTY`: the weights of a process with no edges on that side (as []). */
export const WEIGHTS_EMPTY: unique symbol = Symbol.for('mpi4js.WEIGHTS_EMPTY') as never;
/** The weights argument of the distributed-graph constructors: a list, `MPI.UNWEIGHTED` or `MPI.WEIGHTS_EMPTY`. */
export type Weights = number[] | typeof UNWEIGHTED | typeof WEIGHTS_EMPTY | null;

/** As mpi4py takes any sequence: the items of an iterable that is not an array (a Set, a generator); strings stay values. */
function iterableItems(v: unknown): unknown {
  if (Array.isArray(v) || v === null || typeof v !== 'object' || typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function') return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as Iterable<unknown>);
  return Array.from(v as Iterable<unknown>);
}

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

  /** Splits into sub-communicators by color, ordered by key (`MPI_Comm_split`, collective). `MPI.UNDEFINED` gives `MPI.COMM_NULL`. */
  Split(color?: number, key?: number): Intracomm;
  Split(options: { color?: number; key?: number }): Intracomm;
  Split(color: unknown = 0, key: unknown = 0): Intracomm {
    if (typeof color !== 'number' || typeof key !== 'number') [color, key] = withOptions('Comm.Split', [color, key], ['color', 'key'], [0, 0]);
    const id = native.commSplit(commHandle(this, 'Split'), checkInt('Comm.Split', 'color', color), checkInt('Comm.Split', 'key', key));
    return commFromId(id, Intracomm);
  }

  /**
   * Splits by type, e.g. `MPI.COMM_TYPE_SHARED` for the ranks of one node (`MPI_Comm_split_type`);
   * `info` is an `MPI.Info` or a plain object of hints.
   */
  Split_type(split_type: number, key?: number, info?: InfoArg): Intracomm;
  Split_type(split_type: number, options: { key?: number; info?: InfoArg }): Intracomm;
  Split_type(split_type: number, key: unknown = 0, info: unknown = null): Intracomm {
    if (typeof key !== 'number') [key, info] = withOptions('Comm.Split_type', [key, info], ['key', 'info'], [0, null]);
    const h = commHandle(this, 'Split_type');
    const type = checkInt('Comm.Split_type', 'split_type', split_type), k = checkInt('Comm.Split_type', 'key', key);
    const id = withInfo('Comm.Split_type', info as InfoArg, (i) => native.commSplitType(h, type, k, i));
    return commFromId(id, Intracomm);
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
  scatter<T = unknown>(sendobj: Iterable<T> | null, root?: number): T;
  scatter<T = unknown>(sendobj: Iterable<T> | null, options: { root?: number }): T;
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
        sendobj = iterableItems(sendobj);
        if (!Array.isArray(sendobj)) throw argTypeError(M, 'sendobj', `an array (or iterable) of ${n} items on the root`, sendobj);
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
  alltoall<T = unknown>(sendobj: Iterable<T>): T[] {
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
      const items = iterableItems(sendobj);
      if (!Array.isArray(items)) throw argTypeError(M, 'sendobj', `an array (or iterable) of ${n} items`, sendobj);
      if (items.length !== n) throw argRangeError(M, 'sendobj', `must have ${n} items (one per process), got ${items.length}`);
      send = concat(items.map((o) => dumpsOrError(M, o)), sc, sd);
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
