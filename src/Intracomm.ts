/** `MPI.Intracomm`: communicators of one group; splitting (collectives extend this class). */
import { native } from './native';
import { Comm, commHandle, withOptions } from './Comm';
import { checkInt } from './errors';

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
}

/** `MPI.COMM_NULL`: the null communicator (`=== MPI.COMM_NULL` works). */
export const COMM_NULL = new Comm(native.constants.COMM_NULL as number);

/** Wraps a communicator id from the addon; MPI_COMM_NULL becomes the COMM_NULL singleton. */
export function commFromId<T extends Comm>(id: number, cls: new (id: number) => T): T | Comm {
  return id === (native.constants.COMM_NULL as number) ? COMM_NULL : new cls(id);
}
