/**
 * Facade objects keep their addon id in a symbol-keyed slot (never a user-visible property).
 * Ids > 0 are live objects; 0 is the kind's NULL object; -1 is a freed object.
 */
import { usageError } from './errors';
export const HANDLE: unique symbol = Symbol('mpi4js.handle');
export const FREED = -1;

export interface Handled {
  [HANDLE]: number;
}

/** The live id of `obj`, or a clear error naming the method (wrong `this`, NULL or freed object). */
export function liveHandle(obj: unknown, kind: string, method: string, allowNull = false): number {
  const h = (obj as Handled | null | undefined)?.[HANDLE];
  if (typeof h === 'number' && (h > 0 || (allowNull && h === 0))) return h;
  const where = method.includes('.') ? method : `${kind}.${method}`;
  if (h === 0) throw usageError(kind, `${where}: the ${kind} is MPI.${kind.toUpperCase()}_NULL`);
  if (h === FREED) throw usageError(kind, `${where}: the ${kind} has been freed`);
  throw new TypeError(`${where}: called on ${obj === null || typeof obj !== 'object' ? String(obj) : 'an object'} that is not a ${kind}`);
}
