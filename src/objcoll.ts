/**
 * The byte transport of the lower-case (object) collectives of an intracommunicator.
 *
 * Every process's value first travels in a fixed *slot* of `slotBytes(size)` bytes,
 *
 *   i32 kind | i32 length | payload (the `MPI.pickle` bytes, or a float64 for KIND_NUMBER)
 *
 * so a small value costs one collective (`MPI_Bcast` or `MPI_Allgather` of the slots), where a
 * size exchange followed by the data costs two. Values whose bytes do not fit in the slot follow
 * in a second collective (`MPI_Bcast`, `MPI_Allgatherv`) that every process knows to make, since
 * every process has read every length. Numbers travel as raw doubles when the serializer keeps
 * them exactly (cbor, v8), without serializing. A process that fails to serialize its value sends
 * KIND_FAILED (with the error text for a broadcast root) and every process raises an error,
 * instead of a hang. Received bytes land in `SCRATCH` when they fit (no allocation) and are
 * decoded out of it with copies (`pickle.loadsFrom`); larger ones in fresh memory. What object
 * messages and collectives share (serializing, receive memory, error text): msgpickle.ts.
 *
 * The rooted gather keeps two collectives (`MPI_Gather` of sizes, `MPI_Gatherv` of the bytes):
 * only the root reads the slots, so the others could not know whether a second step follows.
 */
import { native } from './native';
import { HANDLE } from './handle';
import { DATATYPES } from './Datatype';
import { SCRATCH, pickle } from './pickle';
import { concat, dumpsOrError, errorText, freshMemory, receiveMemory } from './msgpickle';

// Used by the object collectives of Intracomm.ts too.

const BYTE = DATATYPES.BYTE[HANDLE];
const DOUBLE = DATATYPES.DOUBLE[HANDLE];

const KIND_BYTES = 0;
const KIND_NUMBER = 1;
const KIND_FAILED = 2;
const HEAD = 8;
/** The slot of a broadcast, and the largest slot of a gather (smaller ones on large communicators). */
const SLOT_MAX = 256;

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Memory holding slots, with the views that read their heads. */
class SlotMemory {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  constructor(readonly u8: Uint8Array) {
    this.i32 = new Int32Array(u8.buffer, u8.byteOffset, u8.byteLength >> 2);
    this.f64 = new Float64Array(u8.buffer, u8.byteOffset, u8.byteLength >> 3);
  }
  kind(at: number): number {
    return this.i32[at >> 2]!;
  }
  length(at: number): number {
    return this.i32[(at >> 2) + 1]!;
  }
  number(at: number): number {
    return this.f64[(at >> 3) + 1]!;
  }
  head(at: number, kind: number, length: number): void {
    this.i32[at >> 2] = kind;
    this.i32[(at >> 2) + 1] = length;
  }
}

const SCRATCH_SLOTS = new SlotMemory(SCRATCH);

/** SCRATCH when `bytes` fit in it, else fresh memory. */
function slotMemory(bytes: number): SlotMemory {
  return bytes <= SCRATCH.byteLength ? SCRATCH_SLOTS : new SlotMemory(new Uint8Array(bytes));
}

/** Slot size for a communicator of `size` processes: 256 bytes up to 64 processes, then less (at least a head and a double). */
function slotBytes(size: number): number {
  return Math.max(16, Math.min(SLOT_MAX, Math.floor(16384 / size / 8) * 8));
}

/** What `pack` left: the bytes that did not fit the slot (or the error text), and the error. */
let packed: Uint8Array | null = null;
let packError: unknown = null;

/** Writes `obj` into the slot at `at`; sets `packed` and `packError`. */
function pack(M: string, obj: unknown, mem: SlotMemory, at: number, slot: number): void {
  packed = null;
  packError = null;
  if (typeof obj === 'number' && pickle.exactNumbers) {
    mem.head(at, KIND_NUMBER, 8);
    mem.f64[(at >> 3) + 1] = obj;
    return;
  }
  let kind = KIND_BYTES;
  try {
    packed = dumpsOrError(M, obj);
  } catch (e) {
    packError = e;
    packed = encoder.encode(errorText(e));
    kind = KIND_FAILED;
  }
  mem.head(at, kind, packed.byteLength);
  if (packed.byteLength <= slot - HEAD) mem.u8.set(packed, at + HEAD);
}

/** Broadcasts a value from the root; returns it on every process. */
export function bcastObject(comm: { Get_rank(): number }, h: number, M: string, obj: unknown, root: number): unknown {
  const isRoot = comm.Get_rank() === root;
  const mem = SCRATCH_SLOTS;
  let mine: Uint8Array | null = null;
  let err: unknown = null;
  if (isRoot) {
    pack(M, obj, mem, 0, SLOT_MAX);
    mine = packed;
    err = packError;
    packed = null;
  }
  native.bcast(h, mem.u8, 0, SLOT_MAX, BYTE, root);
  const kind = mem.kind(0);
  const len = mem.length(0);
  let src = mem.u8;
  let off = HEAD;
  if (kind !== KIND_NUMBER && len > SLOT_MAX - HEAD) {
    src = isRoot ? mine! : receiveMemory(len);
    off = 0;
    native.bcast(h, src, 0, len, BYTE, root);
  }
  if (kind === KIND_FAILED) {
    if (isRoot) throw err;
    throw new Error(`${M}: the root (rank ${root}) failed: ${decoder.decode(src.subarray(off, off + len))}`);
  }
  if (isRoot) return obj;
  if (kind === KIND_NUMBER) return mem.number(0);
  return pickle.loadsAt(src, off, len);
}

/** The values of every process (`all`) or at the root (null elsewhere), in rank order. */
export function gatherObjects(comm: { Get_rank(): number; Get_size(): number }, h: number, M: string, obj: unknown, root: number, all: boolean): unknown[] | null {
  return all ? allgatherObjects(comm.Get_size(), h, M, obj) : gatherToRoot(comm, h, M, obj, root);
}

function allgatherObjects(size: number, h: number, M: string, obj: unknown): unknown[] {
  const slot = slotBytes(size);
  const mem = slotMemory(slot * (size + 1));
  pack(M, obj, mem, 0, slot);
  const mine = packed;
  const err = packError;
  packed = null;
  native.allgather(h, mem.u8, 0, slot, BYTE, mem.u8, slot, slot, BYTE);
  let over = 0;
  for (let i = 0; i < size; i++) {
    const at = slot * (i + 1);
    const kind = mem.kind(at);
    if (kind === KIND_FAILED) {
      if (err !== null) throw err;
      throw new Error(`${M}: rank ${i} failed to serialize its object`);
    }
    if (kind === KIND_BYTES && mem.length(at) > slot - HEAD) over += mem.length(at);
  }
  if (over > 2147483647) throw new RangeError(`${M}: the serialized objects exceed 2^31-1 bytes in total`);
  // The bytes that did not fit their slot: a second collective, only when some process has them.
  let rest: Uint8Array | null = null;
  let restAt = 0;
  let displs: Int32Array | null = null;
  if (over > 0) {
    const counts = new Int32Array(size);
    displs = new Int32Array(size);
    let total = 0;
    for (let i = 0; i < size; i++) {
      const at = slot * (i + 1);
      counts[i] = mem.kind(at) === KIND_BYTES && mem.length(at) > slot - HEAD ? mem.length(at) : 0;
      displs[i] = total;
      total += counts[i]!;
    }
    restAt = slot * (size + 1);
    rest = mem.u8 === SCRATCH && restAt + total <= SCRATCH.byteLength ? SCRATCH : freshMemory(total);
    if (rest !== SCRATCH) restAt = 0;
    const mineOver = mine !== null && mine.byteLength > slot - HEAD;
    native.allgatherv(h, mineOver ? mine : EMPTY, 0, mineOver ? mine.byteLength : 0, BYTE, rest, restAt, counts, displs, BYTE);
  }
  const out = new Array<unknown>(size);
  for (let i = 0; i < size; i++) {
    const at = slot * (i + 1);
    const len = mem.length(at);
    if (mem.kind(at) === KIND_NUMBER) out[i] = mem.number(at);
    else if (len <= slot - HEAD) out[i] = pickle.loadsFrom(mem.u8, at + HEAD, len);
    else out[i] = pickle.loadsAt(rest!, restAt + displs![i]!, len);
  }
  return out;
}

const header = new Float64Array(1);

function gatherToRoot(comm: { Get_rank(): number; Get_size(): number }, h: number, M: string, obj: unknown, root: number): unknown[] | null {
  const size = comm.Get_size();
  const isRoot = comm.Get_rank() === root;
  let bytes: Uint8Array | null = null;
  let err: unknown = null;
  try {
    bytes = dumpsOrError(M, obj);
    header[0] = bytes.byteLength;
  } catch (e) {
    err = e;
    header[0] = -1;
  }
  const sizes = new Float64Array(isRoot ? size : 0);
  native.gather(h, header, 0, 1, DOUBLE, isRoot ? sizes : null, 0, 1, DOUBLE, root);
  const counts = new Int32Array(size);
  const displs = new Int32Array(size);
  let total = 0;
  for (let i = 0; i < sizes.length; i++) {
    counts[i] = Math.max(0, sizes[i]!);
    displs[i] = total;
    total += counts[i]!;
  }
  if (total > 2147483647) throw new RangeError(`${M}: the serialized objects exceed 2^31-1 bytes in total`);
  const recv = isRoot ? receiveMemory(total) : null;
  native.gatherv(h, bytes ?? EMPTY, 0, err === null ? bytes!.byteLength : 0, BYTE, recv, 0, counts, displs, BYTE, root);
  if (err !== null) throw err;
  if (!isRoot) return null;
  const failed = sizes.findIndex((v) => v < 0);
  if (failed >= 0) throw new Error(`${M}: rank ${failed} failed to serialize its object`);
  const out = new Array<unknown>(size);
  for (let i = 0; i < size; i++) {
    out[i] = pickle.loadsAt(recv!, displs[i]!, counts[i]!);
  }
  return out;
}
