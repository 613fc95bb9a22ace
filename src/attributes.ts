/**
 * Attribute caching on communicators, datatypes and windows (`Create_keyval`, `Set_attr`, `Get_attr`,
 * `Delete_attr`, `Free_keyval`), with mpi4py's semantics. The values are JavaScript values, so they
 * live on the JavaScript side: one table per object, copied by `Dup`/`Clone` through the keyval's
 * `copy_fn` and released through its `delete_fn` by `Delete_attr`, `Set_attr` over a value and `Free`,
 * as MPI would call the callbacks. Each MPI object has exactly one JavaScript object (the classes make
 * one per new handle), so the table of the object is the table of the MPI object.
 */
import { native } from './native';
import { argTypeError, checkInt, usageError } from './errors';

const KEYVAL_INVALID = native.apiConstants.KEYVAL_INVALID as number;

/**
 * `copy_fn(oldobj, keyval, value)` returns the value for the duplicate (`undefined`: not copied);
 * `true` copies the value as it is, `null`/`undefined` never copies (mpi4py's `copy_fn=None`).
 */
export type CopyFn<O> = ((oldobj: O, keyval: number, value: unknown) => unknown) | boolean | null;
/** `delete_fn(obj, keyval, value)`: called when the value is deleted, replaced or its object freed. */
export type DeleteFn<O> = ((obj: O, keyval: number, value: unknown) => void) | null;

interface Keyval {
  kind: string;
  copy: CopyFn<object>;
  del: DeleteFn<object>;
  freed: boolean;
}

// User keyvals count down from here: far from every predefined keyval of either library.
let nextKeyval = 0x3f000000;
const keyvals = new Map<number, Keyval>();
const tables = new WeakMap<object, Map<number, unknown>>();

/** `MPI_<Kind>_create_keyval`. */
export function createKeyval(kind: string, copy_fn: unknown, delete_fn: unknown): number {
  const M = `${kind}.Create_keyval`;
  if (copy_fn !== undefined && copy_fn !== null && typeof copy_fn !== 'boolean' && typeof copy_fn !== 'function') {
    throw argTypeError(M, 'copy_fn', 'a function (obj, keyval, value) => newValue, true, or null', copy_fn);
  }
  if (delete_fn !== undefined && delete_fn !== null && typeof delete_fn !== 'function') {
    throw argTypeError(M, 'delete_fn', 'a function (obj, keyval, value) => void, or null', delete_fn);
  }
  const k = nextKeyval--;
  keyvals.set(k, { kind, copy: (copy_fn ?? null) as CopyFn<object>, del: (delete_fn ?? null) as DeleteFn<object>, freed: false });
  return k;
}

function keyvalArg(kind: string, method: string, keyval: unknown): [number, Keyval] {
  const k = checkInt(`${kind}.${method}`, 'keyval', keyval);
  const kv = keyvals.get(k);
  if (kv === undefined || kv.kind !== kind) throw usageError('ERR_KEYVAL', `${kind}.${method}: ${k} is not a keyval of ${kind} attributes`);
  return [k, kv];
}

/** `MPI_<Kind>_free_keyval`: attributes already set keep it until they are deleted. */
export function freeKeyval(kind: string, keyval: unknown): number {
  const [k, kv] = keyvalArg(kind, 'Free_keyval', keyval);
  if (kv.freed) throw usageError('ERR_KEYVAL', `${kind}.Free_keyval: keyval ${k} is already freed`);
  kv.freed = true;
  return KEYVAL_INVALID;
}

function table(obj: object): Map<number, unknown> {
  let t = tables.get(obj);
  if (t === undefined) tables.set(obj, (t = new Map()));
  return t;
}

/** `MPI_<Kind>_set_attr`: a value already set is deleted first (its `delete_fn` runs). */
export function setAttr(kind: string, obj: object, keyval: unknown, value: unknown): void {
  const [k, kv] = keyvalArg(kind, 'Set_attr', keyval);
  if (kv.freed) throw usageError('ERR_KEYVAL', `${kind}.Set_attr: keyval ${k} is freed`);
  const t = table(obj);
  if (t.has(k)) deleteOne(obj, k, kv, t.get(k));
  t.set(k, value);
}

/** `MPI_<Kind>_get_attr`: the value, or null when none is set (mpi4py's `None`). */
export function getAttr(kind: string, obj: object, keyval: unknown): unknown {
  const [k] = keyvalArg(kind, 'Get_attr', keyval);
  const t = tables.get(obj);
  return t !== undefined && t.has(k) ? t.get(k) : null;
}

/** `MPI_<Kind>_delete_attr`. */
export function deleteAttr(kind: string, obj: object, keyval: unknown): void {
  const [k, kv] = keyvalArg(kind, 'Delete_attr', keyval);
  const t = tables.get(obj);
  if (t === undefined || !t.has(k)) throw usageError('ERR_KEYVAL', `${kind}.Delete_attr: no attribute is set for keyval ${k}`);
  const v = t.get(k);
  t.delete(k);
  deleteOne(obj, k, kv, v);
}

function deleteOne(obj: object, k: number, kv: Keyval, value: unknown): void {
  if (kv.del !== null) kv.del(obj, k, value);
}

/** After `Dup`/`Clone`: the attributes whose keyval copies them, through `copy_fn`. */
export function copyAttrs(from: object, to: object): void {
  const t = tables.get(from);
  if (t === undefined) return;
  for (const [k, v] of t) {
    const kv = keyvals.get(k)!;
    if (kv.copy === null || kv.copy === false) continue;
    const nv = kv.copy === true ? v : kv.copy(from, k, v);
    if (nv !== undefined) table(to).set(k, nv);
  }
}

/** `copyAttrs(from, to)`, returning `to`. */
export function copied<T extends object>(from: object, to: T): T {
  copyAttrs(from, to);
  return to;
}

/** Before `Free`: every attribute is deleted (its `delete_fn` runs). */
export function freeAttrs(obj: object): void {
  const t = tables.get(obj);
  if (t === undefined) return;
  tables.delete(obj);
  for (const [k, v] of t) deleteOne(obj, k, keyvals.get(k)!, v);
}
