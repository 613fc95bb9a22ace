/** `MPI.Message`: a message matched by `Mprobe`/`Improbe`, received exactly once. */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { Msg, parseBuffer, type BufSpec } from './bufspec';
import { Status, statusBytes } from './Status';
import * as objmsg from './msgpickle';
import { argTypeError } from './errors';
import { Request } from './Request';
import type { Comm } from './Comm';

const NO_PROC = -2;

/** The communicator argument of the class methods (a Comm: imported as a type only, checked by its kind). */
function checkComm(method: string, comm: unknown): Comm {
  if (comm === null || typeof comm !== 'object' || typeof (comm as Comm).Mprobe !== 'function') throw argTypeError(method, 'comm', 'an MPI.Comm', comm);
  return comm as Comm;
}
const scratch = new Msg();

/** A matched message (`MPI_Message`). */
export class Message {
  /** @internal */
  [HANDLE]: number;
  /** @internal Byte count, known for messages matched by the lower-case mprobe. */
  readonly byteCount: number;

  /** @internal */
  constructor(id: number, byteCount = 0) {
    this[HANDLE] = id;
    this.byteCount = byteCount;
  }

  private take(method: string): number {
    const h = this[HANDLE];
    if (h === NO_PROC) return NO_PROC;
    const id = liveHandle(this, 'Message', method);
    this[HANDLE] = FREED;
    return id;
  }

  /** Matched probe (`MPI_Mprobe`): the Message of a matching message, as `comm.Mprobe(source, tag, status)`. */
  static Probe(comm: Comm, source?: number, tag?: number, status?: Status): Message {
    return checkComm('Message.Probe', comm).Mprobe(source, tag, status);
  }

  /** Nonblocking matched probe (`MPI_Improbe`): a Message or null, as `comm.Improbe(source, tag, status)`. */
  static Iprobe(comm: Comm, source?: number, tag?: number, status?: Status): Message | null {
    return checkComm('Message.Iprobe', comm).Improbe(source, tag, status);
  }

  /** Matched probe for an object message (`MPI_Mprobe`), as `comm.mprobe(source, tag, status)`; receive with `message.recv()`. */
  static probe(comm: Comm, source?: number, tag?: number, status?: Status): Message {
    return checkComm('Message.probe', comm).mprobe(source, tag, status);
  }

  /** Nonblocking matched probe for an object message (`MPI_Improbe`): a Message or null. */
  static iprobe(comm: Comm, source?: number, tag?: number, status?: Status): Message | null {
    return checkComm('Message.iprobe', comm).improbe(source, tag, status);
  }

  /** Receives the matched message into a buffer (`MPI_Mrecv`). */
  Recv(buf: BufSpec, status?: Status): void {
    const st = statusBytes('Message.Recv', status);
    const m = parseBuffer('Message.Recv', 'buf', buf, scratch);
    native.mrecv(this.take('Recv'), m.buf, m.offset, m.count, m.tid, st);
  }

  /**
   * Starts receiving the matched message into a buffer (`MPI_Imrecv`); the buffer is pinned until
   * the request completes (`Wait`, `Test` or `await`).
   */
  Irecv(buf: BufSpec): Request {
    const m = parseBuffer('Message.Irecv', 'buf', buf, scratch);
    const b = m.buf;
    return new Request(native.imrecv(this.take('Irecv'), b, m.offset, m.count, m.tid), b);
  }

  /**
   * Starts receiving the matched object message (`MPI_Imrecv`): a Request whose `wait()`, `test()`
   * or `await` gives the object (`MPI.pickle.loads`), as `comm.irecv()`.
   */
  irecv<T = unknown>(): Request<T> {
    return objmsg.imrecv(this.take('irecv'), this.byteCount) as Request<T>;
  }

  /** Receives the matched object message (`MPI_Mrecv` + `MPI.pickle.loads`). */
  recv<T = unknown>(status?: Status): T;
  recv(status?: Status): unknown {
    const st = statusBytes('Message.recv', status);
    return objmsg.mrecv(this.take('recv'), this.byteCount, st);
  }
}
setKind(Message, 'Message');

/** `MPI.MESSAGE_NULL` and `MPI.MESSAGE_NO_PROC`. */
export const MESSAGE_NULL = new Message(0);
export const MESSAGE_NO_PROC = new Message(NO_PROC);

/** @internal Wraps an id from the addon (-1: nothing matched, -2: MESSAGE_NO_PROC). */
export function messageFromId(id: number, byteCount = 0): Message {
  if (id === -1) return MESSAGE_NULL;
  if (id === NO_PROC) return MESSAGE_NO_PROC;
  return new Message(id, byteCount);
}
