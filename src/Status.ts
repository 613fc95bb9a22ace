/** `MPI.Status`: the MPI_Status bytes live in a Uint8Array that receives fill in place. */
import { native } from './native';
import { Datatype, DATATYPES, checkDatatype } from './Datatype';
import { argTypeError, checkCount, checkInt } from './errors';

const L = native.statusLayout;
const C = native.constants;

/** @internal The bytes of a new status: MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_SUCCESS, zero count. */
export const EMPTY = new Uint8Array(Math.ceil(L.size / 8) * 8);
{
  const ints = new Int32Array(EMPTY.buffer);
  ints[L.source >> 2] = C.ANY_SOURCE as number;
  ints[L.tag >> 2] = C.ANY_TAG as number;
  ints[L.error >> 2] = C.SUCCESS as number;
}

/** The status of a receive or probe (`MPI_Status`). */
export class Status {
  /** @internal The bytes of the MPI_Status (passed to the addon). */
  readonly bytes: Uint8Array;
  private view: Int32Array | null = null;

  /** A new status (source `ANY_SOURCE`, tag `ANY_TAG`, no error, count 0), or a copy of `status` (mpi4py's `Status(status)`). */
  constructor(status?: Status | null) {
    // A small typed array lives on the JS heap until its `.buffer` is asked for, which costs
    // ~0.6 µs (an ArrayBuffer's backing store): an awaited request makes a Status per completion.
    this.bytes = new Uint8Array(EMPTY.length);
    if (status === undefined || status === null) this.bytes.set(EMPTY);
    else if (status instanceof Status) this.bytes.set(status.bytes);
    else throw argTypeError('Status', 'status', 'an MPI.Status to copy', status);
  }

  private get ints(): Int32Array {
    if (this.view === null) this.view = new Int32Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >> 2);
    return this.view;
  }

  /** Source of the message (`status.MPI_SOURCE`). */
  get source(): number {
    return this.ints[L.source >> 2]!;
  }
  set source(v: number) {
    this.ints[L.source >> 2] = checkInt('Status.source', 'value', v);
  }

  /** Tag of the message (`status.MPI_TAG`). */
  get tag(): number {
    return this.ints[L.tag >> 2]!;
  }
  set tag(v: number) {
    this.ints[L.tag >> 2] = checkInt('Status.tag', 'value', v);
  }

  /** Error code (`status.MPI_ERROR`). */
  get error(): number {
    return this.ints[L.error >> 2]!;
  }
  set error(v: number) {
    this.ints[L.error >> 2] = checkInt('Status.error', 'value', v);
  }

  /** Source rank of the message (`status.MPI_SOURCE`); the rank matched by `MPI.ANY_SOURCE`. */
  Get_source(): number { return this.source; }
  /** Sets `status.MPI_SOURCE`. */
  Set_source(v: number): void { this.source = v; }
  /** Tag of the message (`status.MPI_TAG`); the tag matched by `MPI.ANY_TAG`. */
  Get_tag(): number { return this.tag; }
  /** Sets `status.MPI_TAG`. */
  Set_tag(v: number): void { this.tag = v; }
  /** Error code of the operation (`status.MPI_ERROR`); set by the multiple-completion calls. */
  Get_error(): number { return this.error; }
  /** Sets `status.MPI_ERROR`. */
  Set_error(v: number): void { this.error = v; }

  /**
   * Number of received elements of `datatype` (`MPI_Get_count`); `MPI.UNDEFINED` if not whole.
   *
   * @param datatype the element type to count in (default `MPI.BYTE`: the message's size in bytes)
   * @example
   * ```ts
   * const st = new MPI.Status();
   * comm.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
   * const buf = new Float64Array(st.Get_count(MPI.DOUBLE));   // size the buffer, then receive
   * comm.Recv(buf, st.source, st.tag);
   * ```
   */
  Get_count(datatype: Datatype = DATATYPES.BYTE): number {
    return native.statusGetCount(this.bytes, checkDatatype('Status.Get_count', 'datatype', datatype).layoutId('Status.Get_count'));
  }

  /**
   * Number of received basic elements (`MPI_Get_elements_x`): with a derived `datatype`, counts
   * the primitive elements inside it, so a partly filled element is still counted.
   */
  Get_elements(datatype: Datatype): number {
    return native.statusGetCount(this.bytes, checkDatatype('Status.Get_elements', 'datatype', datatype).layoutId('Status.Get_elements'), true);
  }

  /** Sets the element count (`MPI_Status_set_elements_x`). */
  Set_elements(datatype: Datatype, count: number): void {
    native.statusSetElements(this.bytes, checkDatatype('Status.Set_elements', 'datatype', datatype).layoutId('Status.Set_elements'),
      checkCount('Status.Set_elements', 'count', count));
  }

  /** Whether the operation was cancelled (`MPI_Test_cancelled`). */
  Is_cancelled(): boolean {
    return native.statusIsCancelled(this.bytes);
  }

  /** Marks the operation cancelled or not (`MPI_Status_set_cancelled`). */
  Set_cancelled(flag: boolean): void {
    if (typeof flag !== 'boolean') throw argTypeError('Status.Set_cancelled', 'flag', 'a boolean', flag);
    native.statusSetCancelled(this.bytes, flag);
  }

  /** The message's size in bytes (`Get_count(MPI.BYTE)`); setting it is `Set_elements(MPI.BYTE, n)`. */
  get count(): number {
    return this.Get_count();
  }
  set count(n: number) {
    native.statusSetElements(this.bytes, DATATYPES.BYTE.layoutId('Status.count'), checkCount('Status.count', 'value', n));
  }

  /** Whether the operation was cancelled; setting it is `Set_cancelled`. */
  get cancelled(): boolean {
    return this.Is_cancelled();
  }
  set cancelled(flag: boolean) {
    if (typeof flag !== 'boolean') throw argTypeError('Status.cancelled', 'value', 'a boolean', flag);
    native.statusSetCancelled(this.bytes, flag);
  }
}

/** Validates an optional status argument and returns its bytes for the addon. */
export function statusBytes(method: string, status: unknown): Uint8Array | undefined {
  if (status === undefined || status === null) return undefined;
  if (!(status instanceof Status)) throw argTypeError(method, 'status', 'an MPI.Status', status);
  return status.bytes;
}
