/**
 * Facade objects keep their addon id in a symbol-keyed slot (never a user-visible property).
 * Ids > 0 are live objects; 0 is the kind's NULL object; -1 is a freed object.
 */
import { usageError } from './errors';
export const HANDLE: unique symbol = Symbol('mpi4js.handle');
export const FREED = -1;
/** A communicator whose `Idup` request has not completed: MPI must not see it yet (src/Comm.ts). */
export const PENDING = -2;

export interface Handled {
  [HANDLE]: number;
}

/**
 * The kind of each facade class, on its prototype. `liveHandle` checks it before reading the id,
 * so an object of another kind (a Group as `this` of a Comm method) is a TypeError instead of its
 * id being looked up as a communicator's (ids of different kinds overlap).
 */
export const KIND: unique symbol = Symbol('mpi4js.kind');

export function setKind(cls: { prototype: object }, kind: string): void {
  Object.defineProperty(cls.prototype, KIND, { value: kind });
}

/** The live id of `obj`, or a clear error naming the method (wrong `this`, NULL or freed object). */
export function liveHandle(obj: unknown, kind: string, method: string, allowNull = false): number {
  const o = obj as (Handled & { [KIND]?: string }) | null | undefined;
  const h = o?.[HANDLE];
  if (typeof h === 'number' && (h > 0 || (allowNull && h === 0)) && o![KIND] === kind) return h;
  const where = method.includes('.') ? method : `${kind}.${method}`;
  if (typeof h !== 'number' || o![KIND] !== kind) {
    throw new TypeError(`${where}: called on ${obj === null || typeof obj !== 'object' ? String(obj) : (o![KIND] ?? 'an object')} that is not a ${kind}`);
  }
  if (h === 0) throw usageError(kind, `${where}: the ${kind} is MPI.${kind.toUpperCase()}_NULL`);
  if (h === FREED) throw usageError(kind, `${where}: the ${kind} has been freed`);
  if (h === PENDING) throw usageError(kind, `${where}: the ${kind} is not usable until its Idup request completes`);
  throw new TypeError(`${where}: called on ${obj === null || typeof obj !== 'object' ? String(obj) : 'an object'} that is not a ${kind}`);
}
