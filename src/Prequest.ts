/**
 * `MPI.Prequest`: persistent requests (`MPI_Send_init`/`MPI_Recv_init`, the persistent collectives
 * `MPI_<Op>_init`, partitioned `MPI_Psend_init`/`MPI_Precv_init`; `MPI_Start`). The memory of a
 * persistent request stays pinned by the addon until `Free()`, whatever JavaScript does with it.
 */
import { native } from './native';
import { HANDLE } from './handle';
import { Status } from './Status';
import { argRangeError, argTypeError, checkInt } from './errors';
import { Request, checkRequests, idsOf, requestHandle } from './Request';
import { pendingRecvs, progressPendingRecvs } from './progress';

const one = new Int32Array(1);

/** A persistent request (`MPI_Send_init`/`MPI_Recv_init`): `Start()` it, complete it, repeat. */
export class Prequest extends Request<Status> {
  /** @internal Partitioned requests: the number of partitions (0: not partitioned). */
  readonly _partitions: number;
  /** @internal Partitioned requests: a send (Pready) or a receive (Parrived). */
  readonly _psend: boolean;

  /** @internal */
  constructor(id: number = 0, keep: unknown = null, partitions = 0, psend = false) {
    super(id, keep);
    this._partitions = partitions;
    this._psend = psend;
  }

  /** @internal A persistent request stays on MPI's table (inactive) after completion. */
  override _completeFrom(_id: number): void {}

  /** @internal */
  override _poll(st: Uint8Array | undefined): boolean {
    return native.requestTest(this[HANDLE], st);
  }

  /** @internal */
  override _testFor(st: Uint8Array | undefined, us: number): number {
    return native.requestTestFor(this[HANDLE], st, us);
  }

  /** @internal */
  override _block(st: Uint8Array | undefined): void {
    if (pendingRecvs.length > 0) {
      while (!this._poll(st)) progressPendingRecvs();
      return;
    }
    native.requestWait(this[HANDLE], st);
  }

  /** Starts the operation (`MPI_Start`). */
  Start(): void {
    native.requestStart(requestHandle(this, 'Start'));
    this._promise = null;
    this._status = null;
  }

  /** Starts every persistent request (`MPI_Startall`). */
  static Startall(requests: Prequest[]): void {
    const M = 'Prequest.Startall';
    checkRequests(M, requests);
    for (let i = 0; i < requests.length; i++) {
      if (!(requests[i] instanceof Prequest)) throw argTypeError(M, `requests[${i}]`, 'an MPI.Prequest', requests[i]);
    }
    native.requestStartall(idsOf(requests), requests.length);
    for (const r of requests) {
      r._promise = null;
      r._status = null;
    }
  }

  /** A partition index of this partitioned request, checked (RangeError naming `method` and `arg`). */
  private _partition(method: string, arg: string, v: unknown): number {
    const p = checkInt(method, arg, v);
    if (this._partitions > 0 && (p < 0 || p >= this._partitions)) {
      throw argRangeError(method, arg, `must be a partition index in [0, ${this._partitions}), got ${p}`);
    }
    return p;
  }

  /** Marks a partition of a started partitioned send ready to be sent (`MPI_Pready`). */
  Pready(partition: number): void {
    const M = 'Prequest.Pready';
    const id = requestHandle(this, 'Pready');
    one[0] = this._partition(M, 'partition', partition);
    native.pready(id, one, 1);
  }

  /** Marks partitions `lo..hi` (inclusive) ready (`MPI_Pready_range`). */
  Pready_range(partitionLow: number, partitionHigh: number): void {
    const M = 'Prequest.Pready_range';
    const id = requestHandle(this, 'Pready_range');
    const lo = this._partition(M, 'partition_low', partitionLow);
    const hi = this._partition(M, 'partition_high', partitionHigh);
    if (hi < lo) throw argRangeError(M, 'partition_high', `must not be below partition_low (${lo}), got ${hi}`);
    const list = new Int32Array(hi - lo + 1);
    for (let k = 0; k < list.length; k++) list[k] = lo + k;
    native.pready(id, list, list.length);
  }

  /** Marks the listed partitions ready (`MPI_Pready_list`). */
  Pready_list(partitions: ArrayLike<number>): void {
    const M = 'Prequest.Pready_list';
    const id = requestHandle(this, 'Pready_list');
    if (partitions === null || typeof partitions !== 'object' || typeof (partitions as ArrayLike<number>).length !== 'number') {
      throw argTypeError(M, 'partitions', 'an array of partition indices', partitions);
    }
    const list = new Int32Array(partitions.length);
    for (let k = 0; k < list.length; k++) list[k] = this._partition(M, `partitions[${k}]`, partitions[k]);
    native.pready(id, list, list.length);
  }

  /** Whether a partition of a started partitioned receive has arrived (`MPI_Parrived`). */
  Parrived(partition: number): boolean {
    const id = requestHandle(this, 'Parrived');
    return native.parrived(id, this._partition('Prequest.Parrived', 'partition', partition));
  }

  /** Frees the persistent request (`MPI_Request_free`). */
  override Free(): void {
    super.Free();
  }
}
