/** The buffer of buffered-mode sends (`MPI.Attach_buffer`/`MPI.Detach_buffer`, module functions as in mpi4py). */
import { native } from './native';
import { argTypeError } from './errors';

let attached: unknown = null;

/** Attaches a buffer for buffered sends (`MPI_Buffer_attach`); MPI uses native memory of its size. */
export function Attach_buffer(buf: ArrayBufferView | ArrayBuffer | SharedArrayBuffer | number): void {
  const M = 'MPI.Attach_buffer';
  let size: number;
  if (typeof buf === 'number') size = buf;
  else if (ArrayBuffer.isView(buf) || buf instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && buf instanceof SharedArrayBuffer)) size = buf.byteLength;
  else throw argTypeError(M, 'buf', 'a TypedArray, Buffer, ArrayBuffer or a size in bytes', buf);
  if (!Number.isInteger(size) || size < 0 || size > 2147483647) throw new RangeError(`${M}: argument 'buf' size must be 0..2^31-1 bytes, got ${size}`);
  native.bufferAttach(size);
  attached = buf;
}

/** Detaches the buffer (`MPI_Buffer_detach`, waits for buffered messages); returns what was attached. */
export function Detach_buffer(): unknown {
  const n = native.bufferDetach();
  const b = attached;
  attached = null;
  return n < 0 ? null : b;
}

/**
 * Waits until the buffered messages have been transmitted, keeping the buffer attached
 * (`MPI_Buffer_flush`, MPI-4.1; here `MPI_Buffer_detach` + `MPI_Buffer_attach` of the same size,
 * which is what it means). Nothing attached: nothing to wait for.
 */
export function Flush_buffer(): void {
  const b = attached;
  const n = native.bufferDetach();
  attached = null;
  if (n >= 0) {
    native.bufferAttach(n);
    attached = b;
  }
}
