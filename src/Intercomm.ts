/** `MPI.Intercomm`: a communicator between two disjoint groups (SPEC §3). */
import { native } from './native';
import { Comm, commClasses, commFromId, commHandle } from './Comm';
import { Intracomm } from './Intracomm';
import { Group, groupArg, groupFromId } from './Group';
import { argTypeError, checkInt } from './errors';
import type { Op } from './Op';
import { wrapInter } from './dynamic';
import type { BufSpec, CollSpec, VSpec } from './bufspec';

/** An intercommunicator (`Comm.Create_intercomm`); point-to-point ranks name processes of the remote group. */
export class Intercomm extends Comm {
  /**
   * An intercommunicator between two groups, without a parent communicator
   * (`MPI_Intercomm_create_from_groups`, MPI-4.0: an `MPI.Exception` of class `ERR_UNSUPPORTED_OPERATION`
   * on older libraries); the leaders are ranks in their own group.
   */
  static Create_from_groups(local_group: Group, local_leader: number, remote_group: Group, remote_leader: number,
    stringtag = 'org.mpi4py', info: null = null): Intercomm {
    const M = 'Intercomm.Create_from_groups';
    const lg = groupArg(M, 'local_group', local_group);
    const rg = groupArg(M, 'remote_group', remote_group);
    const ll = checkInt(M, 'local_leader', local_leader);
    const rl = checkInt(M, 'remote_leader', remote_leader);
    if (typeof stringtag !== 'string') throw argTypeError(M, 'stringtag', 'a string', stringtag);
    if (info !== undefined && info !== null) throw argTypeError(M, 'info', 'MPI.INFO_NULL (null) until MPI.Info is available', info);
    return commFromId(native.intercommCreateFromGroups(lg, ll, rg, rl, stringtag), Intercomm);
  }

  /** Size of the remote group (`MPI_Comm_remote_size`). */
  Get_remote_size(): number {
    return native.commRemoteSize(commHandle(this, 'Get_remote_size'));
  }

  /** Same as `Get_remote_size()`. */
  get remote_size(): number {
    return this.Get_remote_size();
  }

  /** The remote group (`MPI_Comm_remote_group`). Free it when done. */
  Get_remote_group(): Group {
    return groupFromId(native.commRemoteGroup(commHandle(this, 'Get_remote_group')));
  }

  /** Same as `Get_remote_group()`. */
  get remote_group(): Group {
    return this.Get_remote_group();
  }

  /**
   * One intracommunicator of both groups (`MPI_Intercomm_merge`, collective): the group that
   * passes `high = true` is ordered after the other.
   */
  Merge(high = false): Intracomm {
    if (typeof high !== 'boolean') throw argTypeError('Intercomm.Merge', 'high', 'a boolean', high);
    return new Intracomm(native.intercommMerge(commHandle(this, 'Merge'), high));
  }
}

/**
 * The collectives are methods of Comm (as in mpi4py), so an Intercomm has every form without a copy.
 * These declarations only narrow the types of the rooted ones: on an intercommunicator the root is
 * required (`MPI.ROOT` at the root, `MPI.PROC_NULL` in the rest of its group, the root's rank in the
 * other group), and a buffer a process does not use may be null.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Intercomm {
  /** Splits both groups by color, ordered by key (`MPI_Comm_split` on an intercommunicator, collective): an Intercomm, or `MPI.COMM_NULL` for `MPI.UNDEFINED`. */
  Split(color?: number, key?: number): Intercomm;
  Split(options: { color?: number; key?: number }): Intercomm;
  /** An intercommunicator of the processes of `group` (a subgroup of the local group) (`MPI_Comm_create`, collective). */
  Create(group: Group): Intercomm;
  /** Broadcast from the root of one group to every process of the other (`MPI_Bcast`). */
  Bcast(buf: BufSpec | null, root: number): void;
  Bcast(buf: BufSpec | null, options: { root: number }): void;
  /** The root scatters `remote size` equal blocks, one to each process of the other group (`MPI_Scatter`). */
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, root: number): void;
  Scatter(sendbuf: CollSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** Scatter of varying blocks (`MPI_Scatterv`). */
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, root: number): void;
  Scatterv(sendbuf: VSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** The root gathers one block from each process of the other group (`MPI_Gather`). */
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, root: number): void;
  Gather(sendbuf: CollSpec, recvbuf: CollSpec, options: { root: number }): void;
  /** Gather of varying blocks (`MPI_Gatherv`). */
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, root: number): void;
  Gatherv(sendbuf: CollSpec, recvbuf: VSpec, options: { root: number }): void;
  /** Reduces the other group's `sendbuf`s to the root (`MPI_Reduce`). */
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, op: Op, root: number): void;
  Reduce(sendbuf: CollSpec, recvbuf: CollSpec, options: { op?: Op; root: number }): void;
  /** Reduction of the other group's `sendbuf`s, `recvcounts[i]` elements to local process i (`MPI_Reduce_scatter`). */
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: ArrayLike<number>, op?: Op): void;
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, options: { recvcounts: ArrayLike<number>; op?: Op }): void;
}

commClasses.Intercomm = Intercomm;
wrapInter.fn = (id) => commFromId(id, Intercomm);
