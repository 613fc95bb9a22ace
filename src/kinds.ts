/**
 * What kind of memory a value is, by its internal slots rather than by constructor identity: a
 * typed array or ArrayBuffer of another realm (`vm.runInNewContext`, a subclass, an object whose
 * `constructor` was changed) is recognised as what it is.
 */
import * as util from 'node:util';

/**
 * `%TypedArray%.prototype[Symbol.toStringTag]`: the kind of a typed array (`'Float64Array'`) read
 * from its internal slot, undefined for anything else (DataView included). Unlike the constructor
 * it is right for subclasses, for arrays of another realm (`vm.runInNewContext`) and for objects
 * whose `constructor` or `Symbol.toStringTag` was changed; V8 reduces the call to a constant.
 */
const kindGetter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)!
  .get as (this: unknown) => string | undefined;

/** The kind of a typed array (`'Float64Array'`, also for a subclass or another realm's array), or undefined. */
export function typedArrayKind(v: unknown): string | undefined {
  return kindGetter.call(v);
}

/** An ArrayBuffer, also of another realm (`instanceof` first: the common case costs nothing more). */
export function isArrayBuffer(v: unknown): v is ArrayBuffer {
  return v instanceof ArrayBuffer || util.types.isArrayBuffer(v);
}

/** A SharedArrayBuffer, also of another realm. */
export function isSharedArrayBuffer(v: unknown): v is SharedArrayBuffer {
  return (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer) || util.types.isSharedArrayBuffer(v);
}
