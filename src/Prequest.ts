/** `MPI.Prequest`: persistent requests (`MPI_Send_init`/`MPI_Recv_init`, `MPI_Start`). */
import { native } from './native';
import { HANDLE } from './handle';
import { Status } from './Status';
import { argTypeError } from './errors';
import { Request, checkRequests, idsOf, requestHandle } from './Request';
import { pendingRecvs, progressPendingRecvs } from './progress';

/** A persistent request (`MPI_Send_init`/`MPI_Recv_init`): `Start()` it, complete it, repeat. */
export class Prequest extends Request<Status> {
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

  /** Frees the persistent request (`MPI_Request_free`). */
  override Free(): void {
    super.Free();
  }
}
