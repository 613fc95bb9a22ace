/**
 * `MPI.pickle`: serialization of lower-case (object) messages. Every rank must use the same
 * serializer. Built-ins, chosen by measurement (docs/PERFORMANCE.md, bench/serializers.mjs):
 *
 * - `cbor` (default): cbor-x in structured-clone mode, with extensions so that every SPEC §2 type
 *   round-trips exactly: objects, arrays, strings, numbers (all encoded as float64, which keeps
 *   -0), undefined, BigInt, Map, Set, Date, RegExp, every typed-array kind, DataView, Buffer,
 *   ArrayBuffer, shared references and cycles. Received typed arrays are views of the message
 *   memory where aligned (cbor-x), not copies.
 * - `v8`: Node's `v8` serializer (the same types, plus sparse arrays and boxed primitives).
 * - `json`: JSON text (plain data only; see the docs for what it loses).
 *
 * Out of band (the analogue of pickle protocol 5): with `cbor` or `v8`, a blocking `send` of
 * an object holding typed arrays of OOB_MIN bytes or more serializes the object without them and
 * sends the arrays' memory in the same MPI message, uncopied (`dumpsParts` + native `sendParts`).
 * The receiver gets one contiguous message, a *frame*:
 *
 *   0x00 0 0 0 | u32 n | u32 payloadLength | u32 0 | n x f64 byte lengths | payload | pad to 8 |
 *   part 0 | pad to 8 | part 1 | ...
 *
 * and `loads` makes each array a view of the received memory (no copy). A serialized message
 * never starts with 0x00 (v8 output starts with 0xFF; cbor output with the header of a value
 * that is not the integer 0, since numbers are floats), so a frame is told apart by its first byte.
 *
 * Packed numbers: with `cbor`, a value that is a plain array of at least PACKED_MIN numbers is
 * written as doubles, not as CBOR items (8 bytes each either way; encoding and decoding cost a
 * copy instead of one CBOR item per number):
 *
 *   0x01 0 0 0 | u32 n | n x f64 (host byte order)
 *
 * cbor output starting with 0x01 is the one-byte integer 1, which `alwaysUseFloat` never writes.
 */
import * as util from 'node:util';
import * as v8 from 'node:v8';
import { Encoder, addExtension } from 'cbor-x';
import { typedArrayKind } from './kinds';

export interface Serializer {
  dumps(obj: unknown): Uint8Array;
  loads(buf: Uint8Array): unknown;
}

/** Typed arrays this large (bytes) travel out of band. */
export const OOB_MIN = 64 * 1024;
const HOST_INLINE = 1;
const HOST_OOB = 2;
const VIEWS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView, Buffer] as const;
type ViewCtor = (typeof VIEWS)[number];
const VIEW_INDEX = new Map<string | undefined, number>(VIEWS.map((c, i) => [c === Buffer ? 'Buffer' : c.name, i]));

/** The index in VIEWS of a view's kind (not its constructor: arrays of another realm keep their kind). */
function viewIndex(view: ArrayBufferView): number {
  const kind = typedArrayKind(view);
  if (kind === undefined) return VIEW_INDEX.get('DataView')!;
  if (kind === 'Uint8Array' && Buffer.isBuffer(view)) return VIEW_INDEX.get('Buffer')!;
  return VIEW_INDEX.get(kind) ?? 1;
}

function makeView(ctor: ViewCtor, buffer: ArrayBufferLike, offset: number, bytes: number): ArrayBufferView {
  if (ctor === Buffer) return Buffer.from(buffer, offset, bytes);
  if (ctor === DataView) return new DataView(buffer, offset, bytes);
  const c = ctor as unknown as { new (b: ArrayBufferLike, o: number, n: number): ArrayBufferView; BYTES_PER_ELEMENT: number };
  return new c(buffer, offset, bytes / c.BYTES_PER_ELEMENT);
}

/**
 * v8's serializer with typed arrays as host objects: small ones inline, large ones collected in
 * `parts` (the payload of a frame; a message with nothing out of band is builtin `v8.serialize`).
 */
class PartsSerializer extends v8.DefaultSerializer {
  parts: ArrayBufferView[] = [];
  _writeHostObject(view: ArrayBufferView): void {
    const index = viewIndex(view);
    if (view.byteLength >= OOB_MIN) {
      this.writeUint32(HOST_OOB);
      this.writeUint32(index);
      this.writeUint32(this.parts.length);
      this.parts.push(view);
      return;
    }
    this.writeUint32(HOST_INLINE);
    this.writeUint32(index);
    this.writeUint32(view.byteLength);
    this.writeRawBytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
}

class PartsDeserializer extends v8.DefaultDeserializer {
  constructor(buf: Uint8Array, private readonly parts: Part[]) {
    super(buf);
  }
  _readHostObject(): ArrayBufferView {
    const kind = this.readUint32();
    const ctor = VIEWS[this.readUint32()] ?? Uint8Array;
    if (kind === HOST_OOB) {
      const p = this.parts[this.readUint32()];
      if (!p) throw new Error('MPI.pickle.loads: corrupt frame (missing out-of-band part)');
      return makeView(ctor, p.buffer, p.offset, p.bytes);
    }
    const bytes = this.readUint32();
    const copy = new Uint8Array(bytes);
    copy.set(this.readRawBytes(bytes));
    return makeView(ctor, copy.buffer, 0, bytes);
  }
}

function serialize(obj: unknown): PartsSerializer {
  const ser = new PartsSerializer();
  ser.writeHeader();
  ser.writeValue(obj);
  return ser;
}

/**
 * Whether `root` may hold a typed array of OOB_MIN bytes or more: a walk that gives up (true)
 * after LOOK_MAX objects, so that small messages take the builtin `v8.serialize` (about twice as
 * fast as the JS subclass) and only large or deep ones pay for the exact answer.
 */
const LOOK_MAX = 256;
function mayHoldLargeView(root: unknown): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const stack: object[] = [root];
  let budget = LOOK_MAX;
  const push = (v: unknown): void => {
    if (typeof v === 'object' && v !== null) stack.push(v);
  };
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (--budget < 0) return true;
    if (ArrayBuffer.isView(v)) {
      if (v.byteLength >= OOB_MIN) return true;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) push(v[i]);
    } else if (v instanceof Map) {
      for (const [k, x] of v) {
        push(k);
        push(x);
      }
    } else if (v instanceof Set) {
      for (const x of v) push(x);
    } else {
      for (const k in v) push((v as Record<string, unknown>)[k]);
    }
  }
  return false;
}

const pad8 = (n: number): number => (n + 7) & ~7;

interface Part {
  buffer: ArrayBufferLike;
  offset: number;
  bytes: number;
}

/** A frame's first part (header + payload) followed by the out-of-band arrays. */
function frameParts(payload: Uint8Array, parts: ArrayBufferView[]): ArrayBufferView[] {
  const n = parts.length;
  const head = new Uint8Array(pad8(16 + 8 * n + payload.byteLength));
  const dv = new DataView(head.buffer);
  dv.setUint32(4, n, true);
  dv.setUint32(8, payload.byteLength, true);
  for (let i = 0; i < n; i++) dv.setFloat64(16 + 8 * i, parts[i]!.byteLength, true);
  head.set(payload, 16 + 8 * n);
  return [head, ...parts];
}

/** The parts of a frame in one buffer, as the receiver gets them (for the paths that send one buffer). */
export function concatParts(parts: ArrayBufferView[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += pad8(p.byteLength);
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += pad8(p.byteLength);
  }
  return out;
}

/** Splits a received frame into its payload and (views of) its out-of-band parts. */
function readFrame(buf: Uint8Array): [Uint8Array, Part[]] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = dv.getUint32(4, true);
  const payload = dv.getUint32(8, true);
  let at = 16 + 8 * n;
  const body = buf.subarray(at, at + payload);
  at = pad8(at + payload);
  const parts: Part[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = dv.getFloat64(16 + 8 * i, true);
    if (at + bytes > buf.byteLength) throw new Error('MPI.pickle.loads: corrupt frame (truncated)');
    parts.push({ buffer: buf.buffer, offset: buf.byteOffset + at, bytes });
    at = pad8(at + bytes);
  }
  return [body, parts];
}

const isFrame = (buf: Uint8Array, offset = 0, length = buf.byteLength): boolean => length >= 16 && buf[offset] === 0;

// ---- packed numbers (see the top of the file) --------------------------------------------------
const PACKED_MIN = 16;
const PACKED = 1;
/** Packed arrays are cut from a slab, as cbor-x cuts its output from its buffer: no ArrayBuffer per message. */
const SLAB_BYTES = 256 * 1024;
let slab = new ArrayBuffer(0);
let slabAt = 0;

/** A plain, dense array of at least PACKED_MIN numbers. */
function isNumberArray(obj: unknown): obj is number[] {
  if (!Array.isArray(obj) || obj.length < PACKED_MIN || Object.getPrototypeOf(obj) !== Array.prototype) return false;
  for (let i = 0; i < obj.length; i++) if (typeof obj[i] !== 'number') return false; // a hole reads as undefined
  return true;
}

function packNumbers(arr: number[]): Uint8Array {
  const n = arr.length;
  const bytes = 8 + 8 * n;
  if (bytes > 2147483647) throw new RangeError('MPI.pickle.dumps: the array is too long');
  let mem: ArrayBuffer;
  let at = 0;
  if (bytes > SLAB_BYTES / 4) {
    mem = new ArrayBuffer(bytes);
  } else {
    if (slabAt + bytes > slab.byteLength) {
      slab = new ArrayBuffer(SLAB_BYTES);
      slabAt = 0;
    }
    mem = slab;
    at = slabAt;
    slabAt += bytes;
  }
  const head = new Uint32Array(mem, at, 2);
  head[0] = PACKED;
  head[1] = n;
  new Float64Array(mem, at + 8, n).set(arr);
  return new Uint8Array(mem, at, bytes);
}

const isPacked = (buf: Uint8Array, offset: number, length: number): boolean => length >= 8 && buf[offset] === PACKED;

/** The array of a packed message (a new array: it shares nothing with `buf`). */
function unpackNumbers(buf: Uint8Array, offset: number, length: number): number[] {
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, length);
  const n = dv.getUint32(4, true);
  if (length !== 8 + 8 * n || dv.getUint32(0, true) !== PACKED) throw new TypeError('MPI.pickle.loads: corrupt packed numbers');
  const at = buf.byteOffset + offset + 8;
  const out = new Array<number>(n);
  if (at % 8 === 0) {
    const f = new Float64Array(buf.buffer, at, n);
    for (let i = 0; i < n; i++) out[i] = f[i]!;
  } else {
    for (let i = 0; i < n; i++) out[i] = dv.getFloat64(8 + 8 * i, true);
  }
  return out;
}

/** Bytes of a builtin v8 message or of a frame (see above). */
function loadsV8(buf: Uint8Array): unknown {
  if (!isFrame(buf)) return v8.deserialize(buf);
  const [body, parts] = readFrame(buf);
  const des = new PartsDeserializer(body, parts);
  des.readHeader();
  return des.readValue();
}

// ---- cbor (cbor-x) ----------------------------------------------------------------------------
// cbor-x's extensions are process-wide; the tags below are private to mpi4js messages. Numbers
// are all float64 (`alwaysUseFloat`: cbor-x writes -0 as the integer 0 otherwise); records off
// (every message stands alone, and they are slower for one-off objects).
const TAG_OOB = 27_400;
const TAG_DATAVIEW = 27_401;
const TAG_ARRAYBUFFER = 27_402;

/** Out-of-band arrays of the message being encoded (null: none travel out of band) or decoded. */
let oobOut: ArrayBufferView[] | null = null;
let oobIn: Part[] = [];

/** `x instanceof LargeView`: a typed array or DataView that travels out of band now. */
class LargeView {
  static [Symbol.hasInstance](x: unknown): boolean {
    return oobOut !== null && ArrayBuffer.isView(x) && x.byteLength >= OOB_MIN;
  }
}

const TypedArray = Object.getPrototypeOf(Uint8Array) as abstract new () => ArrayBufferView;

/**
 * `x instanceof ForeignMemory`: a typed array, DataView or ArrayBuffer of another realm
 * (`vm.runInNewContext`). cbor-x recognises memory by `instanceof` and would send such an array
 * as a plain array of numbers (a DataView or ArrayBuffer as an empty object).
 */
class ForeignMemory {
  static [Symbol.hasInstance](x: unknown): boolean {
    if (typeof x !== 'object' || x === null) return false;
    if (ArrayBuffer.isView(x)) return !(x instanceof TypedArray) && !((x as object) instanceof DataView);
    return !(x instanceof ArrayBuffer) && util.types.isArrayBuffer(x);
  }
}

/** The same memory as a view of this realm, of the same kind (a foreign ArrayBuffer as bytes). */
function ownRealm(x: ArrayBufferView | ArrayBuffer): ArrayBufferView {
  if (!ArrayBuffer.isView(x)) return new Uint8Array(x);
  const kind = typedArrayKind(x);
  return makeView(VIEWS[VIEW_INDEX.get(kind ?? 'DataView') ?? 1]!, x.buffer, x.byteOffset, x.byteLength);
}

let cbor: Encoder | null = null;
let cborCopying: Encoder | null = null;
function cborCodec(): Encoder {
  if (cbor) return cbor;
  addExtension<ArrayBuffer, Uint8Array>({
    Class: ArrayBuffer, tag: TAG_ARRAYBUFFER,
    encode: (ab, encode) => encode(new Uint8Array(ab)),
    decode: (u8) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer,
  });
  addExtension<DataView, Uint8Array>({
    Class: DataView, tag: TAG_DATAVIEW,
    encode: (dv, encode) => encode(new Uint8Array(dv.buffer, dv.byteOffset, dv.byteLength)),
    decode: (u8) => new DataView(u8.buffer, u8.byteOffset, u8.byteLength),
  });
  // No tag of its own: the view is written as cbor-x writes one of this realm (an ArrayBuffer with ours above).
  addExtension({
    Class: ForeignMemory, getTag: (x: unknown) => (ArrayBuffer.isView(x) ? undefined : TAG_ARRAYBUFFER),
    encode: (x: ArrayBufferView | ArrayBuffer, encode: (v: unknown) => Uint8Array) => encode(ownRealm(x)),
  } as unknown as Parameters<typeof addExtension>[0]);
  addExtension<ArrayBufferView, [number, number]>({ // added last, so looked at first
    Class: LargeView as unknown as new () => ArrayBufferView, tag: TAG_OOB,
    encode: (view, encode) => encode([viewIndex(view), oobOut!.push(view) - 1]),
    decode: ([kind, i]) => {
      const p = oobIn[i];
      if (!p) throw new Error('MPI.pickle.loads: corrupt frame (missing out-of-band part)');
      return makeView(VIEWS[kind] ?? Uint8Array, p.buffer, p.offset, p.bytes);
    },
  });
  cbor = new Encoder({ structuredClone: true, alwaysUseFloat: true, useRecords: false });
  cborCopying = new Encoder({ structuredClone: true, alwaysUseFloat: true, useRecords: false, copyBuffers: true });
  return cbor;
}

/** cbor-x's decoder that copies byte strings and typed arrays out of its input (for `SCRATCH`). */
function cborCopyingCodec(): Encoder {
  cborCodec();
  return cborCopying!;
}

/** A Buffer view of the same memory: cbor-x gives byte strings the class of its input. */
const asBuffer = (u8: Uint8Array): Buffer => (Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength));

function loadsCbor(buf: Uint8Array): unknown {
  const codec = cborCodec();
  if (isPacked(buf, 0, buf.byteLength)) return unpackNumbers(buf, 0, buf.byteLength);
  if (!isFrame(buf)) return codec.decode(asBuffer(buf));
  const [body, parts] = readFrame(buf);
  oobIn = parts;
  try {
    return codec.decode(asBuffer(body));
  } finally {
    oobIn = [];
  }
}

/** cbor-x's encode, with v8's wording for what cannot be sent (functions, symbols). */
function encodeCbor(obj: unknown): Uint8Array {
  if (isNumberArray(obj)) return packNumbers(obj);
  const codec = cborCodec();
  try {
    return codec.encode(obj);
  } catch (e) {
    throw new Error(`MPI.pickle (cbor): a value could not be cloned (${(e as Error).message})`, { cause: e });
  }
}

function dumpsPartsCbor(obj: unknown): ArrayBufferView[] {
  const parts: ArrayBufferView[] = [];
  oobOut = parts;
  let payload: Uint8Array;
  try {
    payload = encodeCbor(obj);
  } finally {
    oobOut = null;
  }
  return parts.length === 0 ? [payload] : frameParts(payload, parts);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A value a built-in serializer cannot encode, or bytes it cannot decode: a TypeError (Python's pickle raises one too). */
function guarded<A extends unknown[], R>(what: string, fn: (...a: A) => R): (...a: A) => R {
  return (...a) => {
    try {
      return fn(...a);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) throw e;
      throw new TypeError(`MPI.pickle.${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
}

const serializeParts = guarded('dumps', (obj: unknown) => serialize(obj));
const v8Dumps = guarded('dumps', (obj: unknown) => v8.serialize(obj));
const cborParts = guarded('dumps', (obj: unknown) => dumpsPartsCbor(obj));

const BUILTINS: Record<string, Serializer> = {
  cbor: {
    dumps: guarded('dumps', encodeCbor),
    loads: guarded('loads', loadsCbor),
  },
  v8: {
    dumps: guarded('dumps', (obj) => v8.serialize(obj)),
    loads: guarded('loads', loadsV8),
  },
  json: {
    dumps: guarded('dumps', (obj) => (obj === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(obj)))),
    loads: guarded('loads', (buf: Uint8Array) => (buf.byteLength === 0 ? undefined : JSON.parse(decoder.decode(buf)))),
  },
};

/**
 * @internal Receive memory of small object messages (`recv`, `sendrecv`, the object collectives),
 * reused from message to message: allocating an ArrayBuffer costs more than receiving a small
 * message, and `loadsFrom` copies whatever a decoded value would otherwise share with it.
 */
export const SCRATCH: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
// At offset 0 the memory itself is decoded up to `length` (cbor-x then reuses the DataView it
// caches on it); elsewhere a view of the bytes.
const loadsCopyingCbor = guarded('loads', (mem: Uint8Array, offset: number, length: number) =>
  offset === 0 ? (cborCopyingCodec() as unknown as { decode(b: Buffer, end: number): unknown }).decode(asBuffer(mem), length) : cborCopyingCodec().decode(asBuffer(mem.subarray(offset, offset + length))));

/** The serializer of object messages (mpi4py's `MPI.pickle`). */
export class Pickle implements Serializer {
  private impl: Serializer = BUILTINS.cbor!;
  private current = 'cbor';

  /** Serializes an object to bytes. */
  dumps(obj: unknown): Uint8Array {
    return this.impl.dumps(obj);
  }

  /** Deserializes bytes made by `dumps`. */
  loads(buf: Uint8Array): unknown {
    return this.impl.loads(buf);
  }

  /**
   * @internal Deserializes `length` bytes at `offset` of memory that is reused afterwards
   * (`SCRATCH`): the value shares no memory with it (cbor decodes with copies; the other
   * serializers get a copy of the bytes).
   */
  loadsFrom(mem: Uint8Array, offset: number, length: number): unknown {
    if (length === 0) return null; // an empty message (e.g. a zero-length Send) is mpi4py's None
    if (this.current === 'cbor' && isPacked(mem, offset, length)) return unpackNumbers(mem, offset, length);
    if (this.current === 'cbor' && !isFrame(mem, offset, length)) return loadsCopyingCbor(mem, offset, length);
    return this.impl.loads(mem.slice(offset, offset + length)); // a frame, or another serializer
  }

  /**
   * @internal Deserializes `length` bytes at `offset` of received memory: out of `SCRATCH` with
   * copies (`loadsFrom`: it is reused), out of memory of its own as `loads` does (views into it).
   * Zero bytes are `null` whatever the serializer (mpi4py's None).
   */
  loadsAt(mem: Uint8Array, offset: number, length: number): unknown {
    if (mem === SCRATCH || length === 0) return this.loadsFrom(mem, offset, length);
    return this.loads(offset === 0 && length === mem.byteLength ? mem : mem.subarray(offset, offset + length));
  }

  /** @internal True when numbers round-trip exactly through the serializer (`cbor`, `v8`): object collectives may then move them as raw doubles. */
  get exactNumbers(): boolean {
    return this.current === 'cbor' || this.current === 'v8';
  }

  /** The name of the serializer in use (`cbor`, `v8`, `json`, or `custom`). */
  get name(): string {
    return this.current;
  }

  /** Chooses the serializer: a built-in name (`'cbor'`, the default; `'v8'`; `'json'`) or `{ dumps, loads }`. */
  use(serializer: string | Serializer): void {
    if (typeof serializer === 'string') {
      const b = Object.hasOwn(BUILTINS, serializer) ? BUILTINS[serializer] : undefined;
      if (!b) throw new RangeError(`MPI.pickle.use: argument 'serializer' must be one of ${Object.keys(BUILTINS).join(', ')} or { dumps, loads }, got '${serializer}'`);
      this.impl = b;
      this.current = serializer;
      return;
    }
    if (serializer === null || typeof serializer !== 'object' || typeof serializer.dumps !== 'function' || typeof serializer.loads !== 'function') {
      throw new TypeError("MPI.pickle.use: argument 'serializer' must be a name or an object with dumps(obj) and loads(buf)");
    }
    this.impl = { dumps: serializer.dumps.bind(serializer), loads: serializer.loads.bind(serializer) };
    this.current = 'custom';
  }

  /**
   * @internal Serializes for a message that may carry large typed arrays out of band: the parts
   * of one MPI message (a frame header + payload, then the arrays), or a single part when nothing
   * travels out of band (or the serializer is neither cbor nor v8).
   */
  dumpsParts(method: string, obj: unknown): ArrayBufferView[] {
    if (this.current === 'cbor') return cborParts(obj);
    if (this.current !== 'v8') return [this.dumpsChecked(method, obj)];
    if (!mayHoldLargeView(obj)) return [v8Dumps(obj)];
    const ser = serializeParts(obj);
    const payload = ser.releaseBuffer();
    return ser.parts.length === 0 ? [payload] : frameParts(payload, ser.parts);
  }

  /** @internal Serializes and checks that the result is bytes. */
  dumpsChecked(method: string, obj: unknown): Uint8Array {
    const b = this.impl.dumps(obj);
    if (!(b instanceof Uint8Array)) throw new TypeError(`${method}: MPI.pickle.dumps must return a Uint8Array`);
    return b;
  }
}

export const pickle = new Pickle();
