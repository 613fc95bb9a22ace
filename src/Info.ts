/** `MPI.Info`: key/value hints for communicators, windows and files (`MPI_Info`), with mpi4py's mapping helpers. */
import { native } from './native';
import { FREED, HANDLE, KIND, liveHandle, setKind } from './handle';
import { argTypeError, checkInt, usageError } from './errors';

const K = native.infoConstants;

function infoHandle(info: unknown, method: string): number {
  return liveHandle(info, 'Info', method);
}

function checkKey(method: string, key: unknown, arg = 'key'): string {
  if (typeof key !== 'string') throw argTypeError(method, arg, 'a string', key);
  return key;
}

/** What `Info.Create` and `update` accept: another Info, a plain object, or `[key, value]` pairs. */
export type InfoItems = Info | Record<string, string> | Iterable<readonly [string, string]>;

/** An info argument: an `MPI.Info`, a plain object `{ key: 'value' }` (a temporary info), or null/undefined (`INFO_NULL`). */
export type InfoArg = Info | Record<string, string> | null | undefined;

/** The `[key, value]` pairs of `items` (checked: keys and values are strings). */
function pairsOf(method: string, arg: string, items: unknown): [string, string][] {
  if (items instanceof Info) return items.items();
  let pairs: [unknown, unknown][];
  // Memory is not a list of pairs (and a detached view's iterator would throw V8's own TypeError).
  if (ArrayBuffer.isView(items)) throw argTypeError(method, arg, 'an MPI.Info, a plain object of strings or [key, value] pairs', items);
  if (items !== null && typeof items === 'object' && typeof (items as Iterable<unknown>)[Symbol.iterator] === 'function') {
    pairs = [];
    for (const p of items as Iterable<unknown>) {
      if (!Array.isArray(p) || p.length !== 2) throw argTypeError(method, `${arg}[${pairs.length}]`, 'a [key, value] pair', p);
      pairs.push([p[0], p[1]]);
    }
  } else if (items !== null && typeof items === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(items))) {
    pairs = Object.entries(items as object);
  } else {
    throw argTypeError(method, arg, 'an MPI.Info, a plain object of strings or [key, value] pairs', items);
  }
  return pairs.map(([k, v]) => {
    if (typeof k !== 'string') throw argTypeError(method, `${arg} key`, 'a string', k);
    if (typeof v !== 'string') throw argTypeError(method, `${arg}['${k}']`, 'a string', v);
    return [k, v];
  });
}

/** A set of `(key, value)` string pairs (`MPI_Info`). Free what `Create`, `Dup` and `Get_info` return. */
export class Info {
  /** @internal */
  [HANDLE]: number;

  /** @internal */
  constructor(id: number) {
    this[HANDLE] = id;
  }

  /**
   * A new info (`MPI_Info_create`), filled from `items` (an Info, a plain object or `[key, value]` pairs).
   *
   * @example
   * ```ts
   * const info = MPI.Info.Create({ cb_nodes: '2' });
   * try { fh.Set_info(info); } finally { info.Free(); }
   * ```
   */
  static Create(items: InfoItems | null = null): Info {
    const pairs = items === null || items === undefined ? [] : pairsOf('Info.Create', 'items', items);
    const info = new Info(native.infoCreate());
    try {
      for (const [k, v] of pairs) native.infoSet(info[HANDLE], k, v);
    } catch (e) {
      native.infoFree(info[HANDLE]);
      throw e;
    }
    return info;
  }

  /** A new info holding the execution environment's keys (`MPI_Info_create_env`; a copy of `INFO_ENV` before MPI-4). */
  static Create_env(): Info {
    return new Info(native.infoCreateEnv());
  }

  /** Frees the info (`MPI_Info_free`); later use is an error. */
  Free(): void {
    native.infoFree(infoHandle(this, 'Free'));
    this[HANDLE] = FREED;
  }

  /** A new info with the same pairs (`MPI_Info_dup`). */
  Dup(): Info {
    return new Info(native.infoDup(infoHandle(this, 'Dup')));
  }

  /** The value of `key`, or `null` when it is not set (`MPI_Info_get_valuelen`, `MPI_Info_get`). */
  Get(key: string): string | null {
    const h = infoHandle(this, 'Get');
    return native.infoGet(h, checkKey('Info.Get', key));
  }

  /** Sets `key` to `value` (`MPI_Info_set`). */
  Set(key: string, value: string): void {
    const h = infoHandle(this, 'Set');
    native.infoSet(h, checkKey('Info.Set', key), checkKey('Info.Set', value, 'value'));
  }

  /** Deletes `key` (`MPI_Info_delete`); a key that is not set is an `MPI.Exception` (`ERR_INFO_NOKEY`). */
  Delete(key: string): void {
    const h = infoHandle(this, 'Delete');
    native.infoDelete(h, checkKey('Info.Delete', key));
  }

  /** Number of keys (`MPI_Info_get_nkeys`). */
  Get_nkeys(): number {
    return native.infoGetNkeys(infoHandle(this, 'Get_nkeys'));
  }

  /** The `n`th key, `0 <= n < Get_nkeys()` (`MPI_Info_get_nthkey`). */
  Get_nthkey(n: number): string {
    const h = infoHandle(this, 'Get_nthkey');
    return native.infoGetNthkey(h, checkInt('Info.Get_nthkey', 'n', n));
  }

  // ---- mpi4py's mapping interface (over the calls above) ------------------------------------

  /** Number of keys (mpi4py's `len(info)`; `INFO_NULL` has none). */
  get length(): number {
    return this[HANDLE] === 0 ? 0 : this.Get_nkeys();
  }

  /** The value of `key`, or `defaultValue` when it is not set. */
  get<D = null>(key: string, defaultValue: D = null as D): string | D {
    if (this[HANDLE] === 0) return defaultValue;
    const v = this.Get(key);
    return v === null ? defaultValue : v;
  }

  /** The keys, in MPI's order. */
  keys(): string[] {
    const n = this.length;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.Get_nthkey(i));
    return out;
  }

  /** The values, in the order of `keys()`. */
  values(): string[] {
    return this.keys().map((k) => this.Get(k)!);
  }

  /** The `[key, value]` pairs. */
  items(): [string, string][] {
    return this.keys().map((k) => [k, this.Get(k)!]);
  }

  /** Whether `key` is set. */
  has(key: string): boolean {
    return this[HANDLE] !== 0 && this.Get(key) !== null;
  }

  /** Sets every pair of `other` (an Info, a plain object or pairs), then of `kwds`. */
  update(other: InfoItems | null = null, kwds: Record<string, string> = {}): void {
    const h = infoHandle(this, 'update');
    const pairs = [...(other === null ? [] : pairsOf('Info.update', 'other', other)), ...pairsOf('Info.update', 'kwds', kwds)];
    for (const [k, v] of pairs) native.infoSet(h, k, v);
  }

  /** Removes `key` and returns its value; `defaultValue` (or an `MPI.Exception` `ERR_INFO_NOKEY` without one) when it is not set. */
  pop(key: string, ...defaultValue: [string | null] | []): string | null {
    const v = this.Get(key);
    if (v !== null) {
      this.Delete(key);
      return v;
    }
    if (defaultValue.length > 0) return defaultValue[0]!;
    throw usageError('ERR_INFO_NOKEY', `Info.pop: key '${key}' is not set`);
  }

  /** Removes and returns the last `[key, value]` pair (an `MPI.Exception` `ERR_INFO_NOKEY` when empty). */
  popitem(): [string, string] {
    const n = this.Get_nkeys();
    if (n === 0) throw usageError('ERR_INFO_NOKEY', 'Info.popitem: the info is empty');
    const k = this.Get_nthkey(n - 1);
    const v = this.Get(k)!;
    this.Delete(k);
    return [k, v];
  }

  /** A new info with the same pairs (same as `Dup`). */
  copy(): Info {
    return this.Dup();
  }

  /** Deletes every key. */
  clear(): void {
    for (const k of this.keys()) this.Delete(k);
  }

  /** The pairs as a plain object. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.items());
  }

  /** Iterates over the keys (as mpi4py's `for key in info`). */
  [Symbol.iterator](): IterableIterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}
setKind(Info, 'Info');

/** The null info (`MPI_INFO_NULL`): no hints. */
export const INFO_NULL = new Info(K.INFO_NULL);
/** The info of the execution environment (`MPI_INFO_ENV`): `command`, `maxprocs`, `host`, … as the library sets them. */
export const INFO_ENV = new Info(K.INFO_ENV);

let empty = -1;
/** The id of an empty info, for calls where MPI refuses MPI_INFO_NULL (made once, never freed). */
export function emptyInfo(): number {
  if (empty < 0) empty = native.infoCreate();
  return empty;
}

/** Wraps an info id that MPI returned (the caller owns it). */
export function infoFromId(id: number): Info {
  return id === K.INFO_NULL ? INFO_NULL : new Info(id);
}

/**
 * Runs `fn` with the id of an info argument: null/undefined is INFO_NULL, an `MPI.Info` its own id,
 * a plain object a temporary info freed after the call (also when it throws).
 */
export function withInfo<T>(method: string, info: InfoArg, fn: (handle: number) => T): T {
  if (info === null || info === undefined) return fn(K.INFO_NULL);
  if ((info as { [KIND]?: string })[KIND] === 'Info') {
    const h = (info as Info)[HANDLE];
    if (h === FREED) throw usageError('Info', `${method}: argument 'info' has been freed`);
    return fn(h);
  }
  const pairs = pairsOf(method, 'info', info);
  const h = native.infoCreate();
  try {
    for (const [k, v] of pairs) native.infoSet(h, k, v);
    return fn(h);
  } finally {
    native.infoFree(h);
  }
}
