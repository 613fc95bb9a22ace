/** `MPI.Errhandler`: what MPI does when a call on a communicator, window or file fails (`MPI_Errhandler`). */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { argTypeError } from './errors';

const K = native.errhandlerConstants;

/**
 * An error handler. mpi4js gives every communicator `MPI.ERRORS_RETURN`, so a failing call throws an
 * `MPI.Exception`; `MPI.ERRORS_ARE_FATAL` (or `MPI.ERRORS_ABORT`) makes MPI end the job instead.
 * Files default to `ERRORS_RETURN` in MPI itself.
 */
export class Errhandler {
  /** @internal */
  [HANDLE]: number;

  /** @internal */
  constructor(id: number) {
    this[HANDLE] = id;
  }

  /** Frees the handler (`MPI_Errhandler_free`); the predefined ones cannot be freed. */
  Free(): void {
    native.errhandlerFree(liveHandle(this, 'Errhandler', 'Free'));
    this[HANDLE] = FREED;
  }
}
setKind(Errhandler, 'Errhandler');

/** The null handler (`MPI_ERRHANDLER_NULL`). */
export const ERRHANDLER_NULL = new Errhandler(K.ERRHANDLER_NULL);
/** Errors are returned, and mpi4js throws them as `MPI.Exception` (`MPI_ERRORS_RETURN`; the default). */
export const ERRORS_RETURN = new Errhandler(K.ERRORS_RETURN);
/** Errors end the job (`MPI_ERRORS_ARE_FATAL`). */
export const ERRORS_ARE_FATAL = new Errhandler(K.ERRORS_ARE_FATAL);
/**
 * Errors abort the processes of the communicator, window or file (`MPI_ERRORS_ABORT`, MPI-4); `undefined`
 * where the library does not have it (Open MPI 4.1).
 */
export const ERRORS_ABORT: Errhandler | undefined = K.ERRORS_ABORT === undefined ? undefined : new Errhandler(K.ERRORS_ABORT);

const PREDEFINED = new Map<number, Errhandler>([ERRHANDLER_NULL, ERRORS_RETURN, ERRORS_ARE_FATAL, ERRORS_ABORT]
  .filter((e): e is Errhandler => e !== undefined).map((e) => [e[HANDLE], e]));

/** The handler of an id MPI returned: the predefined objects themselves, so `=== MPI.ERRORS_RETURN` works. */
export function errhandlerFromId(id: number): Errhandler {
  return PREDEFINED.get(id) ?? new Errhandler(id);
}

/** The live id of an errhandler argument (a TypeError naming the method when it is not one). */
export function errhandlerArg(method: string, e: unknown): number {
  if (!(e instanceof Errhandler)) throw argTypeError(method, 'errhandler', 'an MPI.Errhandler', e);
  return liveHandle(e, 'Errhandler', method);
}
