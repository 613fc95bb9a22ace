/**
 * The one place errors are made: MPI error codes become `MPI.Exception` (built here, handed to
 * the addon once), wrong JavaScript arguments become TypeError / RangeError naming the method
 * and the argument.
 */
import { native } from './native';

/**
 * An error returned by the MPI library (mpi4py's `MPI.Exception`), also exported as `MPIError`.
 * Wrong JavaScript arguments are `TypeError`/`RangeError` instead, thrown before MPI is called.
 *
 * @example
 * ```ts
 * try {
 *   comm.Send(buf, comm.size);          // no such rank
 * } catch (e) {
 *   if (e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_RANK) console.error(e.message);
 *   else throw e;
 * }
 * ```
 */
export class MPIException extends Error {
  /** The MPI error class (`MPI.ERR_*`). */
  readonly error_class: number;
  /** The MPI error code returned by the failing call. */
  readonly error_code: number;

  /**
   * @param code an MPI error code
   * @param cls its error class (default: `MPI_Error_class(code)`)
   * @param message the message (default: `MPI_Error_string(code)`)
   */
  constructor(code: number, cls?: number, message?: string) {
    const c = cls ?? native.errorClass(checkErrorCode('MPI.Exception', code));
    const m = message ?? native.errorString(checkErrorCode('MPI.Exception', code));
    super(m);
    this.name = 'MPIException';
    this.error_code = code;
    this.error_class = c;
  }

  /** The error class (`MPI_Error_class`). */
  Get_error_class(): number {
    return this.error_class;
  }

  /** The error code. */
  Get_error_code(): number {
    return this.error_code;
  }

  /** The library's message for the code (`MPI_Error_string`). */
  Get_error_string(): string {
    return native.errorString(checkErrorCode('Exception.Get_error_string', this.error_code));
  }

  /** Same as `Get_error_string()` (`MPI_Error_string`). */
  get error_string(): string {
    return this.Get_error_string();
  }
}

/** @internal The error classes and codes `MPI.Add_error_class`/`Add_error_code` made in this process. */
export const userErrorCodes = new Set<number>();

/**
 * An error code MPI can look up: MPICH 4.0 dereferences NULL for a dynamic code (bit 30, the codes of
 * `Add_error_code`) that was never added once any was, and reads garbage for negative ones; Open MPI
 * refuses both. Refused here on both: negative codes, and dynamic-range codes not added.
 */
export function checkErrorCode(method: string, code: unknown): number {
  const c = checkInt(method, 'errorcode', code);
  if (c < 0) throw argRangeError(method, 'errorcode', `must be a non-negative error code, got ${c}`);
  if ((c & 0x40000000) !== 0 && !userErrorCodes.has(c)) {
    throw usageError('ERR_ARG', `${method}: ${c} is not an error code or class of this process`);
  }
  return c;
}

native.setErrorFactory((code, cls, message) => new MPIException(code, cls, message));

/** The MPI error class of a misuse of each kind of object (use of a NULL or freed handle). */
const KIND_CLASS: Record<string, string> = {
  Comm: 'ERR_COMM', Datatype: 'ERR_TYPE', Op: 'ERR_OP', Group: 'ERR_GROUP', Request: 'ERR_REQUEST', Message: 'ERR_REQUEST',
  Win: 'ERR_WIN',
  Info: 'ERR_INFO', Errhandler: 'ERR_ARG', File: 'ERR_FILE',
};

/**
 * A misuse that MPI would report with an error class (a NULL or freed handle, a predefined object
 * freed, a call after `MPI.Finalize()`): an `MPI.Exception` with our message, as in mpi4py.
 * `kind` is an object kind (`Comm`, `Datatype`, …) or an `ERR_*` class name.
 */
export function usageError(kind: string, message: string): MPIException {
  const cls = native.constants[KIND_CLASS[kind] ?? kind] as number | undefined ?? (native.constants.ERR_OTHER as number);
  return new MPIException(cls, cls, message);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  if (typeof v === 'string') return `a string`;
  return `${typeof v} ${String(v)}`;
}

/** `Comm.Send: argument 'dest' must be an integer, got string` */
export function argTypeError(method: string, arg: string, expected: string, got: unknown): TypeError {
  return new TypeError(`${method}: argument '${arg}' must be ${expected}, got ${describe(got)}`);
}

export function argRangeError(method: string, arg: string, message: string): RangeError {
  return new RangeError(`${method}: argument '${arg}' ${message}`);
}

/** Validates an int32 argument (rank, tag, color, key, code). */
export function checkInt(method: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw argTypeError(method, arg, 'an integer', v);
  if (v < -2147483648 || v > 2147483647) throw argRangeError(method, arg, `is out of range: ${v}`);
  return v;
}

/** Validates a count (non-negative safe integer). */
export function checkCount(method: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw argTypeError(method, arg, 'a non-negative integer', v);
  if (v < 0 || v > Number.MAX_SAFE_INTEGER) throw argRangeError(method, arg, `must be a non-negative integer, got ${v}`);
  return v;
}
