/** `MPI.Intercomm`: a communicator between two disjoint groups (SPEC §3). */
import { native } from './native';
import { Comm, commHandle } from './Comm';
import { Intracomm, commClasses, commFromId } from './Intracomm';
import { Group, groupArg, groupFromId } from './Group';
import { argTypeError } from './errors';

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

  /** An intercommunicator of the processes of `group` (a subgroup of the local group) (`MPI_Comm_create`, collective). */
  Create(group: Group): Intercomm | Comm {
    return commFromId(native.commCreate(commHandle(this, 'Create'), groupArg('Intercomm.Create', 'group', group)), Intercomm);
  }
}

commClasses.Intercomm = Intercomm;
