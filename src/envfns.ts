/** The MPI namespace's environment functions of issue #17: user error classes, addresses, MPI memory. */
import { native } from './native';
import { argRangeError, argTypeError, checkCount, checkErrorCode, checkInt, usageError, userErrorCodes } from './errors';

const zeroBlocks = new WeakSet<ArrayBuffer>();
const freedZeroBlocks = new WeakSet<ArrayBuffer>();
import { isArrayBuffer, isSharedArrayBuffer } from './kinds';

/** An address or displacement argument (`MPI_Aint`): a safe integer or a bigint. */
function aint(method: string, arg: string, v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw argTypeError(method, arg, 'an integer or a bigint (an address)', v);
  return BigInt(v);
}

/** An address or difference: a number while exact, else a bigint (as `MPI.Get_address` returns). */
function aintResult(v: bigint): number | bigint {
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export const ENV_FUNCTIONS = {
  /** A new error class for the application's errors (`MPI_Add_error_class`). */
  Add_error_class(): number {
    const c = native.addErrorClass();
    userErrorCodes.add(c);
    return c;
  },
  /** A new error code in `errorclass` (`MPI_Add_error_code`). */
  Add_error_code(errorclass: number): number {
    const cls = checkInt('MPI.Add_error_code', 'errorclass', errorclass);
    // MPICH accepts a negative class and returns it as the code; Open MPI refuses: refused on both.
    if (cls < 0) throw argRangeError('MPI.Add_error_code', 'errorclass', `must be an error class (>= 0), got ${cls}`);
    const code = native.addErrorCode(cls);
    userErrorCodes.add(code);
    return code;
  },
  /** Sets the message of a user error code or class (`MPI_Add_error_string`); `MPI.Get_error_string` returns it. */
  Add_error_string(errorcode: number, string: string): void {
    const M = 'MPI.Add_error_string';
    const code = checkErrorCode(M, errorcode);
    if (typeof string !== 'string') throw argTypeError(M, 'string', 'a string', string);
    if (Buffer.byteLength(string) >= (native.constants.MAX_ERROR_STRING as number)) {
      throw argRangeError(M, 'string', `must be shorter than MPI.MAX_ERROR_STRING (${native.constants.MAX_ERROR_STRING as number}) bytes`);
    }
    native.addErrorString(code, string);
  },
  /** Removes a user error class (`MPI_Remove_error_class`, MPI-4.1; an `MPI.Exception` of class `ERR_UNSUPPORTED_OPERATION` before). */
  Remove_error_class(errorclass: number): void {
    native.removeError(0, checkInt('MPI.Remove_error_class', 'errorclass', errorclass));
  },
  /** Removes a user error code (`MPI_Remove_error_code`, MPI-4.1). */
  Remove_error_code(errorcode: number): void {
    native.removeError(1, checkInt('MPI.Remove_error_code', 'errorcode', errorcode));
  },
  /** Removes the message of a user error code (`MPI_Remove_error_string`, MPI-4.1). */
  Remove_error_string(errorcode: number): void {
    native.removeError(2, checkInt('MPI.Remove_error_string', 'errorcode', errorcode));
  },
  /**
   * The address of the first byte of `location` (`MPI_Get_address`): differences of addresses in
   * one ArrayBuffer are the byte displacements of `Datatype.Create_struct`, and a dynamic window's
   * targets are these addresses. A number (a bigint only beyond 2^53-1, which no 64-bit platform's
   * user addresses reach).
   */
  Get_address(location: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): number | bigint {
    const M = 'MPI.Get_address';
    if (ArrayBuffer.isView(location) || isArrayBuffer(location)) return native.getAddress(location, 0);
    if (isSharedArrayBuffer(location)) return native.getAddress(new Uint8Array(location), 0);
    throw argTypeError(M, 'location', 'a TypedArray, DataView, Buffer, ArrayBuffer or SharedArrayBuffer', location);
  },
  /** `base + disp` as an address (`MPI_Aint_add`). */
  Aint_add(base: number | bigint, disp: number | bigint): number | bigint {
    const M = 'MPI.Aint_add';
    return aintResult(aint(M, 'base', base) + aint(M, 'disp', disp));
  },
  /** `addr1 - addr2` in bytes (`MPI_Aint_diff`). */
  Aint_diff(addr1: number | bigint, addr2: number | bigint): number | bigint {
    const M = 'MPI.Aint_diff';
    return aintResult(aint(M, 'addr1', addr1) - aint(M, 'addr2', addr2));
  },
  /**
   * `size` bytes of memory from MPI (`MPI_Alloc_mem`, e.g. registered for RDMA), as an ArrayBuffer;
   * `MPI.Free_mem` frees it and detaches the ArrayBuffer (byteLength 0; its views read nothing).
   */
  Alloc_mem(size: number, info?: null): ArrayBuffer {
    const M = 'MPI.Alloc_mem';
    if (info !== undefined && info !== null) throw argTypeError(M, 'info', 'MPI.INFO_NULL (null) until MPI.Info is available', info);
    const n = checkCount(M, 'size', size);
    if (n > 0) return native.allocMem(n);
    // Zero bytes: an ArrayBuffer with no memory behind it, which the addon cannot tell apart; tracked here.
    const empty = new ArrayBuffer(0);
    zeroBlocks.add(empty);
    return empty;
  },
  /** Frees memory from `MPI.Alloc_mem` (`MPI_Free_mem`) and detaches its ArrayBuffer. */
  Free_mem(mem: ArrayBuffer): void {
    const M = 'MPI.Free_mem';
    if (!isArrayBuffer(mem)) throw argTypeError(M, 'mem', 'an ArrayBuffer from MPI.Alloc_mem', mem);
    if (zeroBlocks.delete(mem)) {
      freedZeroBlocks.add(mem);
      return;
    }
    if (freedZeroBlocks.has(mem)) throw usageError('ERR_ARG', 'Free_mem: the memory is already freed');
    native.freeMem(mem);
  },
};
