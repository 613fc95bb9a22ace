/**
 * `MPI.pickle`: serialization of lower-case (object) messages. The default is Node's `v8`
 * serializer (structured clone: objects, arrays, strings, numbers, BigInt, Map, Set, Date, RegExp,
 * typed arrays, cycles), chosen by measurement (docs/PERFORMANCE.md). Every rank must use the
 * same serializer.
 *
 * Out of band (the analogue of pickle protocol 5): with the v8 serializer, a blocking `send` of
 * an object holding typed arrays of OOB_MIN bytes or more serializes the object without them and
 * sends the arrays' memory in the same MPI message, uncopied (`dumpsParts` + native `sendParts`).
 * The receiver gets one contiguous message, a *frame*:
 *
 *   0x00 0 0 0 | u32 n | u32 payloadLength | u32 0 | n x f64 byte lengths | payload | pad to 8 |
 *   part 0 | pad to 8 | part 1 | ...
 *
 * and `loads` makes each array a view of the received memory (no copy). v8 output always starts
 * with 0xFF, so a frame is told apart by its first byte.
 */
import * as v8 from 'node:v8';

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
const VIEW_INDEX = new Map<unknown, number>(VIEWS.map((c, i) => [c, i]));

function viewIndex(view: ArrayBufferView): number {
  const i = VIEW_INDEX.get(view.constructor);
  if (i !== undefined) return i;
  for (let i = 0; i < VIEWS.length; i++) if (view instanceof VIEWS[i]!) return i;
  return 1;
}

function makeView(ctor: ViewCtor, buffer: ArrayBufferLike, offset: number, bytes: number): ArrayBufferView {
  if (ctor === Buffer) return Buffer.from(buffer, offset, bytes);
  if (ctor === DataView) return new DataView(buffer, offset, bytes);
  const c = ctor as unknown as { new (b: ArrayBufferLike, o: number, n: number): ArrayBufferView; BYTES_PER_ELEMENT: number };
  return new c(buffer, offset, bytes / c.BYTES_PER_ELEMENT);
}

/** v8's serializer with typed arrays as host objects: small ones inline, large ones collected in `parts`. */
class PartsSerializer extends v8.DefaultSerializer {
  parts: ArrayBufferView[] = [];
  constructor(private readonly oob: boolean) {
    super();
  }
  _writeHostObject(view: ArrayBufferView): void {
    const index = viewIndex(view);
    if (this.oob && view.byteLength >= OOB_MIN) {
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
  constructor(buf: Uint8Array, private readonly parts: { buffer: ArrayBufferLike; offset: number; bytes: number }[]) {
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

function serialize(obj: unknown, oob: boolean): PartsSerializer {
  const ser = new PartsSerializer(oob);
  ser.writeHeader();
  ser.writeValue(obj);
  return ser;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** Bytes of a v8 message or of a frame (see above). */
function loadsV8(buf: Uint8Array): unknown {
  if (buf.byteLength === 0 || buf[0] !== 0) {
    const des = new PartsDeserializer(buf, []);
    des.readHeader();
    return des.readValue();
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = dv.getUint32(4, true);
  const payload = dv.getUint32(8, true);
  let at = 16 + 8 * n;
  const body = buf.subarray(at, at + payload);
  at = pad8(at + payload);
  const parts: { buffer: ArrayBufferLike; offset: number; bytes: number }[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = dv.getFloat64(16 + 8 * i, true);
    if (at + bytes > buf.byteLength) throw new Error('MPI.pickle.loads: corrupt frame (truncated)');
    parts.push({ buffer: buf.buffer, offset: buf.byteOffset + at, bytes });
    at = pad8(at + bytes);
  }
  const des = new PartsDeserializer(body, parts);
  des.readHeader();
  return des.readValue();
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A value a built-in serializer cannot encode, or bytes it cannot decode: a TypeError (Python's pickle raises one too). */
function guarded<A, R>(what: string, fn: (a: A) => R): (a: A) => R {
  return (a) => {
    try {
      return fn(a);
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) throw e;
      throw new TypeError(`MPI.pickle.${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
}

const serializeParts = guarded('dumps', (obj: unknown) => serialize(obj, true));

const BUILTINS: Record<string, Serializer> = {
  v8: {
    dumps: guarded('dumps', (obj) => serialize(obj, false).releaseBuffer()),
    loads: guarded('loads', loadsV8),
  },
  json: {
    dumps: guarded('dumps', (obj) => (obj === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(obj)))),
    loads: guarded('loads', (buf: Uint8Array) => (buf.byteLength === 0 ? undefined : JSON.parse(decoder.decode(buf)))),
  },
};

/** The serializer of object messages (mpi4py's `MPI.pickle`). */
export class Pickle implements Serializer {
  private impl: Serializer = BUILTINS.v8!;
  private current = 'v8';

  /** Serializes an object to bytes. */
  dumps(obj: unknown): Uint8Array {
    return this.impl.dumps(obj);
  }

  /** Deserializes bytes made by `dumps`. */
  loads(buf: Uint8Array): unknown {
    return this.impl.loads(buf);
  }

  /** The name of the serializer in use (`v8`, `json`, or `custom`). */
  get name(): string {
    return this.current;
  }

  /** Chooses the serializer: a built-in name (`'v8'`, `'json'`) or `{ dumps, loads }`. */
  use(serializer: string | Serializer): void {
    if (typeof serializer === 'string') {
      const b = BUILTINS[serializer];
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
   * travels out of band (or the serializer is not v8).
   */
  dumpsParts(method: string, obj: unknown): ArrayBufferView[] {
    if (this.current !== 'v8') return [this.dumpsChecked(method, obj)];
    const ser = serializeParts(obj);
    const payload = ser.releaseBuffer();
    const n = ser.parts.length;
    if (n === 0) return [payload];
    const head = new Uint8Array(pad8(16 + 8 * n + payload.byteLength));
    const dv = new DataView(head.buffer);
    dv.setUint32(4, n, true);
    dv.setUint32(8, payload.byteLength, true);
    for (let i = 0; i < n; i++) dv.setFloat64(16 + 8 * i, ser.parts[i]!.byteLength, true);
    head.set(payload, 16 + 8 * n);
    return [head, ...ser.parts];
  }

  /** @internal Serializes and checks that the result is bytes. */
  dumpsChecked(method: string, obj: unknown): Uint8Array {
    const b = this.impl.dumps(obj);
    if (!(b instanceof Uint8Array)) throw new TypeError(`${method}: MPI.pickle.dumps must return a Uint8Array`);
    return b;
  }
}

export const pickle = new Pickle();
