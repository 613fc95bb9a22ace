/** `MPI.Intracomm`: communicators of one group; splitting, group-made communicators, topologies (collectives extend this class). */
import { native } from './native';
import { Comm, commHandle, withOptions } from './Comm';
import { argRangeError, argTypeError, checkInt } from './errors';
import { groupArg } from './Group';
import { checkBoolList, checkIntList, sameLength } from './lists';
import type { Intercomm } from './Intercomm';
import type { Cartcomm, Graphcomm, Distgraphcomm } from './Topocomm';

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
  /** Splits into sub-communicators by color, ordered by key (`MPI_Comm_split`, collective). `MPI.UNDEFINED` gives `MPI.COMM_NULL`. */
  Split(color?: number, key?: number): Intracomm | Comm;
  Split(options: { color?: number; key?: number }): Intracomm | Comm;
  Split(color: unknown = 0, key: unknown = 0): Intracomm | Comm {
    if (typeof color !== 'number' || typeof key !== 'number') [color, key] = withOptions('Comm.Split', [color, key], ['color', 'key'], [0, 0]);
    const id = native.commSplit(commHandle(this, 'Split'), checkInt('Comm.Split', 'color', color), checkInt('Comm.Split', 'key', key));
    return commFromId(id, Intracomm);
  }

  /** Splits by type, e.g. `MPI.COMM_TYPE_SHARED` for the ranks of one node (`MPI_Comm_split_type`). */
  Split_type(split_type: number, key?: number): Intracomm | Comm;
  Split_type(split_type: number, options: { key?: number }): Intracomm | Comm;
  Split_type(split_type: number, key: unknown = 0): Intracomm | Comm {
    if (typeof key !== 'number') [key] = withOptions('Comm.Split_type', [key], ['key'], [0]);
    const id = native.commSplitType(commHandle(this, 'Split_type'), checkInt('Comm.Split_type', 'split_type', split_type), checkInt('Comm.Split_type', 'key', key));
    return commFromId(id, Intracomm);
  }

  /**
   * A communicator of the processes in `group` (`MPI_Comm_create`, collective over this
   * communicator); `MPI.COMM_NULL` on processes outside the group.
   */
  Create(group: import('./Group').Group): Intracomm | Comm {
    const M = 'Comm.Create';
    return commFromId(native.commCreate(commHandle(this, 'Create'), groupArg(M, 'group', group)), Intracomm);
  }

  /**
   * A communicator of the processes in `group`, collective over the group only
   * (`MPI_Comm_create_group`); `MPI.COMM_NULL` outside it.
   */
  Create_group(group: import('./Group').Group, tag = 0): Intracomm | Comm {
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
  Create_cart(dims: number[], periods?: boolean[] | null, reorder?: boolean): Cartcomm | Comm;
  Create_cart(dims: number[], options: { periods?: boolean[] | null; reorder?: boolean }): Cartcomm | Comm;
  Create_cart(dims: number[], periods: unknown = null, reorder: unknown = false): Cartcomm | Comm {
    const M = 'Comm.Create_cart';
    if (isPlainObject(periods)) [periods, reorder] = withOptions(M, [periods, reorder], ['periods', 'reorder'], [null, false]);
    const h = commHandle(this, 'Create_cart');
    const d = checkIntList(M, 'dims', dims, 1);
    const p = periods === null || periods === undefined ? d.map(() => 0) : checkBoolList(M, 'periods', periods, d.length);
    return commFromId(native.cartCreate(h, d, p, reorderArg(M, reorder)), commClasses.Cartcomm!);
  }

  /** A graph topology from `index` and `edges` in MPI's layout (`MPI_Graph_create`, collective). */
  Create_graph(index: number[], edges: number[], reorder = false): Graphcomm | Comm {
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

/** Wraps a communicator id from the addon; MPI_COMM_NULL becomes the COMM_NULL singleton. */
export function commFromId<T extends Comm>(id: number, cls: new (id: number) => T): T | Comm {
  return id === (native.constants.COMM_NULL as number) ? COMM_NULL : new cls(id);
}
