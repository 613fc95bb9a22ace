/**
 * `MPI.pickle`: serialization of lower-case (object) messages. The default is Node's `v8`
 * serializer (structured clone: objects, arrays, strings, numbers, BigInt, Map, Set, Date, RegExp,
 * typed arrays, cycles). Every rank must use the same serializer.
 */
import * as v8 from 'node:v8';

export interface Serializer {
  dumps(obj: unknown): Uint8Array;
  loads(buf: Uint8Array): unknown;
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

const BUILTINS: Record<string, Serializer> = {
  v8: {
    dumps: guarded('dumps', (obj) => v8.serialize(obj)),
    loads: guarded('loads', (buf: Uint8Array) => v8.deserialize(buf)),
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

  /** @internal Serializes and checks that the result is bytes. */
  dumpsChecked(method: string, obj: unknown): Uint8Array {
    const b = this.impl.dumps(obj);
    if (!(b instanceof Uint8Array)) throw new TypeError(`${method}: MPI.pickle.dumps must return a Uint8Array`);
    return b;
  }
}

export const pickle = new Pickle();
