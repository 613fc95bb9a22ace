/**
 * Object (lower-case) messages, the analogue of mpi4py's msgpickle.pxi: a value travels as the
 * bytes of `MPI.pickle` (pickle.ts, the serializer) in one MPI message of `MPI.BYTE`. `Comm`'s
 * lower-case point-to-point methods, `Message.recv` and the object collectives (objcoll.ts,
 * Intracomm.ts) call the operations below.
 *
 * - Send: `send`/`ssend` serialize and `MPI_Send`/`MPI_Ssend`; large typed arrays travel out of
 *   band, uncopied, in the same message (`dumpsParts` + native `sendParts`); `isend`/`issend`:
 *   `MPI_Isend`/`MPI_Issend`, the Request keeping the bytes.
 * - Receive of unknown size: `recv`/`sendrecv` probe and receive in one native call (matched probe
 *   `MPI_Mprobe` + `MPI_Mrecv`); a matched `Message` is received with `MPI_Mrecv`; the lower-case
 *   `irecv` posts nothing: it is completed by a matched probe when tested (`ObjRecvRequest`).
 * - Small messages land in the reused `SCRATCH` and are decoded out of it with copies
 *   (`pickle.loadsAt`); larger ones in memory of their own (`native.messageBuffer`).
 */
import { native } from './native';
import { FREED, HANDLE, liveHandle } from './handle';
import { EMPTY as EMPTY_STATUS, Status, statusBytes } from './Status';
import { SCRATCH, concatParts, pickle } from './pickle';
import { DATATYPES } from './Datatype';
import { checkInt } from './errors';
import { isOptions, withOptions } from './options';
import { OBJ_PENDING, Request, requestHandle } from './Request';
import { pendingRecvs, progressPendingRecvs } from './progress';

const C = native.constants;
const ANY_SOURCE = C.ANY_SOURCE as number;
const ANY_TAG = C.ANY_TAG as number;
const PROC_NULL = C.PROC_NULL as number;
const BYTE = DATATYPES.BYTE[HANDLE];
/** The send modes of `native.send`/`native.isend`/`native.sendInit` (csrc/message.h `SendOf`); `sendParts` takes standard and synchronous. */
export const MODE_STANDARD = 0;
export const MODE_SYNCHRONOUS = 1;
export const MODE_BUFFERED = 2;
export const MODE_READY = 3;
/** The id of `MPI.MESSAGE_NO_PROC`: the addon returns it (Message.ts wraps it; a literal there, read at load). */
export const MESSAGE_NO_PROC = -2;

function rank(method: string, arg: string, v: unknown): number {
  return checkInt(method, arg, v);
}

// ---- what object messages and the object collectives share ------------------------------------

/** The text of an error that crosses to the other processes. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** `MPI.pickle` bytes of a value, at most 2^31-1 of them (an MPI count). */
export function dumpsOrError(M: string, obj: unknown): Uint8Array {
  const b = pickle.dumpsChecked(M, obj);
  if (b.byteLength > 2147483647) throw new RangeError(`${M}: a serialized object exceeds 2^31-1 bytes`);
  return b;
}

/** Concatenates pieces, filling their counts and displacements. */
export function concat(pieces: Uint8Array[], counts: Int32Array, displs: Int32Array): Uint8Array {
  let total = 0;
  for (let i = 0; i < pieces.length; i++) {
    counts[i] = pieces[i]!.byteLength;
    displs[i] = total;
    total += pieces[i]!.byteLength;
  }
  if (total > 2147483647) throw new RangeError('the serialized objects exceed 2^31-1 bytes in total');
  const out = new Uint8Array(total);
  for (let i = 0; i < pieces.length; i++) out.set(pieces[i]!, displs[i]!);
  return out;
}

/** Fresh memory for received bytes (prefaulted and pooled by the addon when large). */
export function freshMemory(bytes: number): Uint8Array {
  return new Uint8Array(native.messageBuffer(bytes));
}

/** Memory for `bytes` received bytes: `SCRATCH` when they fit (decoded out of it with copies), else fresh memory. */
export function receiveMemory(bytes: number): Uint8Array {
  return bytes <= SCRATCH.byteLength ? SCRATCH : freshMemory(bytes);
}

// ---- point to point ------------------------------------------------------------------------

/** `comm.send`/`ssend` (`MPI.pickle.dumps` + `MPI_Send`/`MPI_Ssend`; `mode` as `native.send`). */
export function send(comm: unknown, mode: number, method: string, obj: unknown, dest: unknown, tag: unknown): void {
  if (typeof dest !== 'number' || typeof tag !== 'number') {
    [dest, tag] = withOptions(method, [dest, tag], ['dest', 'tag'], [undefined, 0]);
  }
  const h = liveHandle(comm, 'Comm', method);
  const d = rank(method, 'dest', dest);
  const t = rank(method, 'tag', tag);
  const parts = pickle.dumpsParts(method, obj);
  // Pending irecvs are matched probes: keep them progressing while this send waits for its match.
  if (parts.length > 1 && pendingRecvs.length === 0 && mode <= MODE_SYNCHRONOUS) {
    native.sendParts(mode, h, parts, d, t); // large typed arrays out of band, uncopied
    return;
  }
  const bytes = parts.length === 1 ? parts[0]! : concatParts(parts);
  if (pendingRecvs.length > 0) new Request<undefined>(native.isend(mode, h, bytes, 0, bytes.byteLength, BYTE, d, t), bytes, true).Wait();
  else native.send(mode, h, bytes, 0, bytes.byteLength, BYTE, d, t);
}

/** `comm.isend`/`issend` (`MPI.pickle.dumps` + `MPI_Isend`/`MPI_Issend`): the Request keeps the bytes. */
export function isend(comm: unknown, mode: number, method: string, obj: unknown, dest: unknown, tag: unknown): Request<undefined> {
  if (typeof dest !== 'number' || typeof tag !== 'number') {
    [dest, tag] = withOptions(method, [dest, tag], ['dest', 'tag'], [undefined, 0]);
  }
  const h = liveHandle(comm, 'Comm', method);
  const d = rank(method, 'dest', dest);
  const t = rank(method, 'tag', tag);
  const bytes = pickle.dumpsChecked(method, obj);
  return new Request<undefined>(native.isend(mode, h, bytes, 0, bytes.byteLength, BYTE, d, t), bytes, true);
}

/** The value of an object message received by `recvBytes`/`sendrecvBytes`: a byte count in `SCRATCH`, or its own memory. */
function loadsReceived(got: number | Uint8Array): unknown {
  return typeof got === 'number' ? pickle.loadsAt(SCRATCH, 0, got) : pickle.loadsAt(got, 0, got.byteLength);
}

/** `comm.recv` (`MPI_Mprobe` + `MPI_Mrecv` in one native call, + `MPI.pickle.loads`); undefined from `MPI.PROC_NULL`. */
export function recv(h: number, source: number, tag: number, st: Uint8Array | undefined): unknown {
  const got = native.recvBytes(h, source, tag, st, SCRATCH);
  return source === PROC_NULL ? undefined : loadsReceived(got);
}

/** `comm.sendrecv` (`MPI_Isend` + matched probe + `MPI_Mrecv`). */
export function sendrecv(comm: unknown, sendobj: unknown, dest: unknown, sendtag: unknown, source: unknown, recvtag: unknown, status: unknown): unknown {
  const M = 'Comm.sendrecv';
  if (typeof dest !== 'number' || typeof sendtag !== 'number' || typeof source !== 'number' || typeof recvtag !== 'number' || isOptions(status)) {
    [dest, sendtag, source, recvtag, status] = withOptions(M, [dest, sendtag, source, recvtag, status],
      ['dest', 'sendtag', 'source', 'recvtag', 'status'], [undefined, 0, ANY_SOURCE, ANY_TAG, undefined]);
  }
  const h = liveHandle(comm, 'Comm', M);
  const d = rank(M, 'dest', dest), stag = rank(M, 'sendtag', sendtag);
  const s = rank(M, 'source', source), rtag = rank(M, 'recvtag', recvtag);
  const st = statusBytes(M, status);
  const bytes = pickle.dumpsChecked(M, sendobj);
  const got = native.sendrecvBytes(h, bytes, d, stag, s, rtag, st, SCRATCH);
  return s === PROC_NULL ? undefined : loadsReceived(got);
}

/** `message.recv` (`MPI_Mrecv` of `n` bytes + `MPI.pickle.loads`); undefined for `MPI.MESSAGE_NO_PROC`. */
export function mrecv(id: number, n: number, st: Uint8Array | undefined): unknown {
  const bytes = receiveMemory(n);
  native.mrecv(id, bytes, 0, n, BYTE, st);
  return id === MESSAGE_NO_PROC ? undefined : pickle.loadsAt(bytes, 0, n);
}

/**
 * `message.irecv` (`MPI_Imrecv` of `n` bytes into fresh memory, pinned until completion): a
 * lower-case Request whose object is decoded once, when it is first read after completion
 * (`wait()`, `test()`, `await`), so a decoding error reaches that caller; undefined for `MPI.MESSAGE_NO_PROC`.
 */
export function imrecv(id: number, n: number): Request<unknown> {
  const bytes = freshMemory(n);
  const req = new Request<unknown>(native.imrecv(id, bytes, 0, n, BYTE), bytes, true);
  let state = id === MESSAGE_NO_PROC ? 1 : 0; // 0: not decoded, 1: decoded
  let value: unknown;
  Object.defineProperty(req, '_value', {
    get(): unknown {
      if (state === 0 && req[HANDLE] === 0) {
        state = 1;
        value = pickle.loadsAt(bytes, 0, n);
      }
      return value;
    },
    set(v: unknown) {
      value = v;
    },
  });
  return req;
}

/** `comm.irecv`: an `ObjRecvRequest` (nothing is posted until a message matches). */
export function irecv(comm: unknown, source: unknown, tag: unknown): Request<unknown> {
  if (typeof source !== 'number' || typeof tag !== 'number') {
    [source, tag] = withOptions('Comm.irecv', [source, tag], ['source', 'tag'], [ANY_SOURCE, ANY_TAG]);
  }
  const h = liveHandle(comm, 'Comm', 'Comm.irecv');
  return new ObjRecvRequest(h, rank('Comm.irecv', 'source', source), rank('Comm.irecv', 'tag', tag));
}

// ---- lower-case irecv: a matched probe when the request is tested ---------------------------
//
// One bookkeeping for every completion path. An irecv is *pending* (in `objRecvs`) until it takes
// its one message; it is then *matched* and holds the result (the object, or the error of
// receiving or decoding it) whichever call matched it: its own test, another irecv's, the
// progress of a blocking call or the promise engine. Only a completion call (`_poll`) *reports*
// it, once: [HANDLE] becomes 0, so Waitany/Testany/Waitsome skip it as they skip a completed
// native request; `wait()`/`test()`/`await` still give its object.

/** The pending irecvs (progress.ts keeps them, so that every wait progresses them). */
const objRecvs = pendingRecvs as ObjRecvRequest[];
const peek = new Status();

function matches(r: ObjRecvRequest, source: number, tag: number): boolean {
  return (r.source === ANY_SOURCE || r.source === source) && (r.tag === ANY_TAG || r.tag === tag);
}

/**
 * `comm.irecv()`: an object of unknown size. No receive is posted; testing it peeks
 * (`MPI_Iprobe`) and, when a message is there, receives it with a matched probe
 * (`MPI_Improbe` + `MPI_Mrecv`). An earlier pending irecv that matches the same message gets
 * it first, so irecvs complete in MPI's matching order.
 */
export class ObjRecvRequest extends Request<unknown> {
  /** @internal */
  readonly comm: number;
  /** @internal */
  readonly source: number;
  /** @internal */
  readonly tag: number;
  /** Status of the matched message (or of the cancel); null while pending. */
  private done: Uint8Array | null = null;
  /** Why the matched message gave no object, until that is reported. */
  private failure: { error: unknown } | null = null;

  /** @internal */
  constructor(comm: number, source: number, tag: number) {
    // Active even from PROC_NULL (as MPI_Irecv): it completes at once, and is reported once.
    super(OBJ_PENDING, null, true);
    this._native = false;
    this.comm = comm;
    this.source = source;
    this.tag = tag;
    if (source === PROC_NULL) this.done = emptyStatus(PROC_NULL);
    else objRecvs.push(this);
  }

  private finish(st: Uint8Array): void {
    this.done = st;
    const i = objRecvs.indexOf(this);
    if (i >= 0) objRecvs.splice(i, 1);
  }

  /** Receives the message (source, tag) that an Iprobe just saw. */
  private take(source: number, tag: number): void {
    const st = new Status();
    const id = native.improbe(this.comm, source, tag, st.bytes);
    if (id === -1) return;
    // The message is this request's now: a failure to receive or decode it completes it too.
    try {
      this._value = mrecv(id, st.Get_count(), st.bytes);
    } catch (e) {
      this.failure = { error: e };
    }
    this.finish(st.bytes);
  }

  /** @internal Progress without reporting: takes this irecv's message if it is there. True once matched. */
  _match(): boolean {
    while (this.done === null) {
      if (!native.iprobe(this.comm, this.source, this.tag, peek.bytes)) return false;
      const s = peek.source;
      const t = peek.tag;
      let first: ObjRecvRequest = this;
      for (const r of objRecvs) {
        if (r === this) break;
        if (r.comm === this.comm && matches(r, s, t)) {
          first = r;
          break;
        }
      }
      first.take(s, t);
      if (first === this) break;
    }
    return this.done !== null;
  }

  /** @internal Completion: reports the matched message once (its error is thrown then); a reported request is null. */
  override _poll(st: Uint8Array | undefined): boolean {
    if (this[HANDLE] === 0) {
      // Reported already: a later Wait(status) still gets the message's status (examples/taskfarm.mjs).
      if (st) st.set((this.done ?? EMPTY_STATUS).subarray(0, st.byteLength));
      return true;
    }
    if (!this._match()) return false;
    this[HANDLE] = 0;
    if (st) st.set(this.done!.subarray(0, st.byteLength));
    const f = this.failure;
    if (f !== null) {
      this.failure = null;
      throw f.error;
    }
    return true;
  }

  /** @internal */
  override _isComplete(): boolean {
    return this[HANDLE] === 0 || this._match();
  }

  /** @internal */
  override _failed(): boolean {
    return this._match() && this.failure !== null;
  }

  /** @internal Matched probes until a message is there or `us` µs have passed. */
  override _testFor(st: Uint8Array | undefined, us: number): number {
    const t0 = performance.now();
    for (;;) {
      const took = (performance.now() - t0) * 1000;
      if (this._poll(st)) return took;
      if (took >= us) return -1;
    }
  }

  /** @internal */
  override _block(st: Uint8Array | undefined): void {
    while (!this._poll(st)) {
      if (objRecvs.length === 1) native.probe(this.comm, this.source, this.tag, undefined);
      else progressPendingRecvs();
    }
  }

  /** Nothing is posted until a message matches: cancelling always succeeds while pending. */
  override Cancel(): void {
    requestHandle(this, 'Cancel');
    if (this.done !== null) return;
    const st = emptyStatus(ANY_SOURCE);
    native.statusSetCancelled(st, true);
    this.finish(st);
  }

  /** Whether a message has been received (it may receive it now: a matched probe), without completing the request. */
  override Get_status(status?: Status): boolean {
    const st = statusBytes('Request.Get_status', status);
    requestHandle(this, 'Get_status');
    if (this[HANDLE] === 0) {
      // Reported already: a later Wait(status) still gets the message's status (examples/taskfarm.mjs).
      if (st) st.set((this.done ?? EMPTY_STATUS).subarray(0, st.byteLength));
      return true;
    }
    if (!this._match()) return false;
    if (st) st.set(this.done!.subarray(0, st.byteLength));
    return true;
  }

  override Free(): void {
    requestHandle(this, 'Free');
    if (this.done === null) this.finish(emptyStatus(ANY_SOURCE));
    this.failure = null;
    this[HANDLE] = FREED;
  }
}

function emptyStatus(source: number): Uint8Array {
  const s = new Status();
  s.source = source;
  return s.bytes;
}

