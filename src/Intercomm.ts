/** `MPI.Intercomm`: a communicator between two disjoint groups (SPEC §3). */
import { native } from './native';
import { Comm, commHandle } from './Comm';
import { Intracomm, commClasses, commFromId } from './Intracomm';
import { Group, groupArg, groupFromId } from './Group';
import { argTypeError } from './errors';
import * as nb from './nbcoll';
import { OPS, Op } from './Op';
import type { BufSpec, CollSpec, VSpec, WSpec } from './bufspec';

/** An intercommunicator (`Comm.Create_intercomm`); point-to-point ranks name processes of the remote group. */
export class Intercomm extends Comm {
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

  // ---- blocking collectives with intercommunicator semantics ----------------------------------
  // Blocks address the remote group; in the root's group the root passes MPI.ROOT and the others
  // MPI.PROC_NULL, the other group passes the root's rank (in the remote group). Same buffer
  // specifications as on an Intracomm; the arguments a process does not use may be null.

  /** Broadcast from the root of one group to every process of the other (`MPI_Bcast`). */
  Bcast(buf: BufSpec | null, root: number): void {
    nb.ibcast(this, buf, root, true);
  }

  /** The root scatters `remote size` equal blocks, one to each process of the other group (`MPI_Scatter`). */
  Scatter(sendbuf: CollSpec | null, recvbuf: CollSpec | null, root: number): void {
    nb.iscatter(this, sendbuf, recvbuf, root, false, true);
  }

  /** Scatter of varying blocks (`MPI_Scatterv`). */
  Scatterv(sendbuf: VSpec | null, recvbuf: CollSpec | null, root: number): void {
    nb.iscatter(this, sendbuf, recvbuf, root, true, true);
  }

  /** The root gathers one block from each process of the other group (`MPI_Gather`). */
  Gather(sendbuf: CollSpec | null, recvbuf: CollSpec | null, root: number): void {
    nb.igather(this, sendbuf, recvbuf, root, false, true);
  }

  /** Gather of varying blocks (`MPI_Gatherv`). */
  Gatherv(sendbuf: CollSpec | null, recvbuf: VSpec | null, root: number): void {
    nb.igather(this, sendbuf, recvbuf, root, true, true);
  }

  /** Every process gets one block from each process of the other group (`MPI_Allgather`). */
  Allgather(sendbuf: CollSpec, recvbuf: BufSpec): void {
    nb.iallgather(this, sendbuf, recvbuf, false, true);
  }

  /** Allgather of varying blocks (`MPI_Allgatherv`). */
  Allgatherv(sendbuf: CollSpec, recvbuf: VSpec): void {
    nb.iallgather(this, sendbuf, recvbuf, true, true);
  }

  /** Block j of `sendbuf` goes to process j of the other group (`MPI_Alltoall`). */
  Alltoall(sendbuf: CollSpec, recvbuf: BufSpec): void {
    nb.ialltoall(this, sendbuf, recvbuf, true);
  }

  /** Alltoall of varying blocks (`MPI_Alltoallv`). */
  Alltoallv(sendbuf: VSpec, recvbuf: VSpec): void {
    nb.ialltoallv(this, sendbuf, recvbuf, true);
  }

  /** Alltoall with per-process datatypes and byte displacements (`MPI_Alltoallw`). */
  Alltoallw(sendbuf: WSpec, recvbuf: WSpec): void {
    nb.ialltoallw(this, sendbuf, recvbuf, true);
  }

  /** Reduces the other group's `sendbuf`s to the root (`MPI_Reduce`). */
  Reduce(sendbuf: CollSpec | null, recvbuf: CollSpec | null, op: Op, root: number): void {
    nb.ireduce(this, sendbuf, recvbuf, op, root, true);
  }

  /** Each group gets the reduction of the other group's `sendbuf`s (`MPI_Allreduce`). */
  Allreduce(sendbuf: CollSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    nb.ireduction(this, 'Iallreduce', sendbuf, recvbuf, op, true);
  }

  /**
   * Reduction of the other group's `sendbuf`s, scattered in equal blocks (`MPI_Reduce_scatter_block`):
   * `sendbuf` holds one block per process of the local group, and both groups' `sendbuf`s have the
   * same number of elements.
   */
  Reduce_scatter_block(sendbuf: CollSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    nb.ireduction(this, 'Ireduce_scatter_block', sendbuf, recvbuf, op, true);
  }

  /** Reduction of the other group's `sendbuf`s, `recvcounts[i]` elements to local process i (`MPI_Reduce_scatter`). */
  Reduce_scatter(sendbuf: CollSpec, recvbuf: BufSpec, recvcounts: ArrayLike<number>, op: Op = OPS.SUM): void {
    nb.ireduceScatter(this, sendbuf, recvbuf, recvcounts, op, true);
  }

  /** An intercommunicator of the processes of `group` (a subgroup of the local group) (`MPI_Comm_create`, collective). */
  Create(group: Group): Intercomm {
    return commFromId(native.commCreate(commHandle(this, 'Create'), groupArg('Intercomm.Create', 'group', group)), Intercomm);
  }
}

commClasses.Intercomm = Intercomm;
