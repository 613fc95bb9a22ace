/**
 * `MPI.File`: parallel I/O (MPI-IO) on one file shared by the processes of a communicator (SPEC §7).
 * Every data-access method goes through `access` below, one call of the addon's table per form.
 */
import { fileURLToPath } from 'node:url';
import { native, type RawBuffer, type StatusBytes } from './native';
import { FREED, HANDLE, KIND, setKind } from './handle';
import { argTypeError, checkCount, checkInt, usageError } from './errors';
import { Msg, parseBuffer, type BufSpec } from './bufspec';
import { Datatype, DATATYPES, checkDatatype } from './Datatype';
import { statusBytes, type Status } from './Status';
import { Request } from './Request';
import { groupFromId, type Group } from './Group';
import { infoFromId, withInfo, type Info, type InfoArg } from './Info';
import { Errhandler, errhandlerArg, errhandlerFromId } from './Errhandler';
import { commHandle, type Comm } from './Comm';

const K = native.fileConstants;
const msgF = new Msg();

/** Predefined datatypes by id (Get_view answers with ids). */
const PREDEFINED_TYPES = new Map<number, Datatype>(Object.values(DATATYPES).map((t) => [t[HANDLE], t]));

/** The live id of a file, or an MPI.Exception (`ERR_FILE`) naming the method for FILE_NULL and closed files. */
function fileHandle(f: unknown, method: string, allowNull = false): number {
  const o = f as { [HANDLE]?: unknown; [KIND]?: string } | null | undefined;
  const h = o?.[HANDLE];
  const M = method.includes('.') ? method : `File.${method}`;
  if (typeof h !== 'number' || o![KIND] !== 'File') {
    throw new TypeError(`${M}: called on ${f === null || typeof f !== 'object' ? String(f) : (o![KIND] ?? 'an object')} that is not a File`);
  }
  if (h > 0 || (allowNull && h === 0)) return h;
  if (h === FREED) throw usageError('File', `${M}: the File has been closed`);
  throw usageError('File', `${M}: the File is MPI.FILE_NULL`);
}

/** A file name: a string path, or a `URL` of scheme `file:`. */
function fileName(method: string, filename: unknown): string {
  if (typeof filename === 'string') return filename;
  if (filename instanceof URL) {
    if (filename.protocol !== 'file:') throw argTypeError(method, 'filename', 'a path or a file: URL', filename.href);
    return fileURLToPath(filename);
  }
  throw argTypeError(method, 'filename', 'a string path or a file: URL', filename);
}

/** A signed file offset (Seek, Get_byte_offset, a view's displacement). */
function checkOffset(method: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw argTypeError(method, arg, 'a safe integer', v);
  return v;
}

type AtFn = (fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes) => unknown;
type PtrFn = (fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes) => unknown;

/** How a data-access call completes: here (with a status), as a Request, or at the matching `_end`. */
const enum Form { Blocking, Request, Begin }

/**
 * The one data-access path: checks the file, the offset (`at`), the buffer specification (SPEC §2)
 * and the status, then makes the addon call of the form.
 */
function access(file: File, name: string, form: Form, fn: AtFn | PtrFn, at: boolean, offset: unknown, buf: unknown, status?: unknown): unknown {
  const M = `File.${name}`;
  const h = fileHandle(file, name);
  const o = at ? checkCount(M, 'offset', offset) : 0;
  const st = form === Form.Blocking ? statusBytes(M, status) : undefined;
  const m = parseBuffer(M, 'buf', buf, msgF);
  const b = m.buf;
  const r = at ? (fn as AtFn)(h, o, b, m.offset, m.count, m.tid, st) : (fn as PtrFn)(h, b, m.offset, m.count, m.tid, st);
  if (form === Form.Request) {
    const req = new Request(r as number, b);
    if (file.requests.size >= 64) pruneRequests(file);
    file.requests.add(req);
    return req;
  }
  if (form === Form.Begin) file.pending = { name: name.replace(/_begin$/, ''), buf: b };
  return undefined;
}

/** Drops the file's nonblocking accesses that have completed. */
function pruneRequests(file: File): void {
  for (const r of file.requests) if (!(r[HANDLE] > 0)) file.requests.delete(r);
}

/** `*_end(buf, status)`: completes the split collective begun with the same buffer. */
function accessEnd(file: File, name: string, fn: PtrFn, buf: unknown, status: unknown): void {
  const M = `File.${name}`;
  const h = fileHandle(file, name);
  const st = statusBytes(M, status);
  const begun = name.replace(/_end$/, '');
  if (file.pending?.name !== begun) throw usageError('ERR_OTHER', `${M}: no ${begun}_begin is pending on this file`);
  const m = parseBuffer(M, 'buf', buf, msgF);
  fn(h, m.buf, m.offset, m.count, m.tid, st);
  file.pending = null;
}

/**
 * A file opened by every process of a communicator (`MPI_File`). Errors are returned (MPI's default
 * for files) and thrown as `MPI.Exception` with the library's error class (`ERR_NO_SUCH_FILE`, …).
 *
 * @example
 * ```ts
 * const fh = MPI.File.Open(comm, 'out.bin', MPI.MODE_WRONLY | MPI.MODE_CREATE);
 * const mine = new Float64Array(n).fill(comm.rank);
 * fh.Write_at_all(comm.rank * mine.byteLength, mine);   // each rank its block, collectively
 * fh.Close();
 * ```
 */
export class File {
  /** @internal */
  [HANDLE]: number;
  /** @internal The split collective begun and not ended (its memory, kept alive until `_end`). */
  pending: { name: string; buf: RawBuffer } | null = null;
  /** @internal Nonblocking accesses started on this file, until seen complete (Close refuses to run before). */
  requests = new Set<Request>();

  /** @internal */
  constructor(id: number) {
    this[HANDLE] = id;
  }

  // ---- opening, closing, deleting ---------------------------------------------------------------

  /**
   * Opens a file on every process of `comm` (`MPI_File_open`, collective).
   *
   * @param filename a path, or a `URL` of scheme `file:`
   * @param amode `MPI.MODE_*` flags or'ed together (one of RDONLY, WRONLY, RDWR)
   * @param info an `MPI.Info` or a plain object of hints (`{ cb_nodes: '2' }`)
   */
  static Open(comm: Comm, filename: string | URL, amode: number = K.MODE_RDONLY, info: InfoArg = null): File {
    const M = 'File.Open';
    const c = commHandle(comm, M);
    const name = fileName(M, filename);
    const mode = checkInt(M, 'amode', amode);
    return new File(withInfo(M, info, (i) => native.fileOpen(c, name, mode, i)));
  }

  /** Closes the file (`MPI_File_close`, collective); later use is an `MPI.Exception` (`ERR_FILE`). */
  Close(): void {
    const h = fileHandle(this, 'Close');
    // MPI forbids closing a file with accesses pending (Open MPI then crashes completing them).
    pruneRequests(this);
    if (this.requests.size > 0) {
      throw usageError('ERR_PENDING', `File.Close: ${this.requests.size} nonblocking access(es) on this file are not complete (wait for them first)`);
    }
    if (this.pending) throw usageError('ERR_PENDING', `File.Close: ${this.pending.name}_begin is pending (call ${this.pending.name}_end first)`);
    native.fileClose(h);
    this[HANDLE] = FREED;
    this.pending = null;
    this.requests.clear();
  }

  /** Deletes a file that no process has open (`MPI_File_delete`); a missing file is `ERR_NO_SUCH_FILE`. */
  static Delete(filename: string | URL, info: InfoArg = null): void {
    const name = fileName('File.Delete', filename);
    withInfo('File.Delete', info, (i) => native.fileDelete(name, i));
  }

  // ---- size, mode, group, hints -----------------------------------------------------------------

  /** Truncates or extends the file to `size` bytes (`MPI_File_set_size`, collective). */
  Set_size(size: number): void {
    const h = fileHandle(this, 'Set_size');
    native.fileSetSize(h, checkCount('File.Set_size', 'size', size));
  }

  /** Reserves `size` bytes of storage (`MPI_File_preallocate`, collective). */
  Preallocate(size: number): void {
    const h = fileHandle(this, 'Preallocate');
    native.filePreallocate(h, checkCount('File.Preallocate', 'size', size));
  }

  /** Size of the file in bytes (`MPI_File_get_size`). */
  Get_size(): number {
    return native.fileGetSize(fileHandle(this, 'Get_size'));
  }

  /** Same as `Get_size()`. */
  get size(): number {
    return this.Get_size();
  }

  /** The access mode the file was opened with (`MPI_File_get_amode`). */
  Get_amode(): number {
    return native.fileGetAmode(fileHandle(this, 'Get_amode'));
  }

  /** Same as `Get_amode()`. */
  get amode(): number {
    return this.Get_amode();
  }

  /** The group of processes that opened the file (`MPI_File_get_group`); free it. */
  Get_group(): Group {
    return groupFromId(native.fileGetGroup(fileHandle(this, 'Get_group')));
  }

  /** Same as `Get_group()`. */
  get group(): Group {
    return this.Get_group();
  }

  /** Number of processes that opened the file. */
  get group_size(): number {
    const g = this.Get_group();
    try {
      return g.Get_size();
    } finally {
      g.Free();
    }
  }

  /** This process's rank in the group of the file. */
  get group_rank(): number {
    const g = this.Get_group();
    try {
      return g.Get_rank();
    } finally {
      g.Free();
    }
  }

  /** Sets hints (`MPI_File_set_info`, collective); an `MPI.Info` or a plain object. */
  Set_info(info: InfoArg): void {
    const h = fileHandle(this, 'Set_info');
    withInfo('File.Set_info', info, (i) => native.fileSetInfo(h, i));
  }

  /** The hints in use (`MPI_File_get_info`): a new `MPI.Info` to free. */
  Get_info(): Info {
    return infoFromId(native.fileGetInfo(fileHandle(this, 'Get_info')));
  }

  /** Same as `Get_info()`. */
  get info(): Info {
    return this.Get_info();
  }

  // ---- views --------------------------------------------------------------------------------------

  /**
   * Sets this process's view of the file (`MPI_File_set_view`, collective): from byte `disp` on,
   * the file is a sequence of `filetype`s (default: `etype`), and offsets count `etype`s.
   *
   * @example
   * ```ts
   * // rank r sees every size-th double, starting at its own
   * const ft = MPI.DOUBLE.Create_vector(n, 1, comm.size).Create_resized(0, 8 * comm.size).Commit();
   * fh.Set_view(8 * comm.rank, MPI.DOUBLE, ft);
   * ```
   */
  Set_view(disp = 0, etype: Datatype = DATATYPES.BYTE, filetype: Datatype | null = null, datarep = 'native', info: InfoArg = null): void {
    const M = 'File.Set_view';
    const h = fileHandle(this, 'Set_view');
    const d = checkOffset(M, 'disp', disp);
    const e = checkDatatype(M, 'etype', etype).layoutId(M);
    const f = filetype === null ? e : checkDatatype(M, 'filetype', filetype).layoutId(M);
    if (typeof datarep !== 'string') throw argTypeError(M, 'datarep', 'a string', datarep);
    withInfo(M, info, (i) => native.fileSetView(h, d, e, f, datarep, i));
  }

  /** `[disp, etype, filetype, datarep]` of the view (`MPI_File_get_view`); derived datatypes returned are new (free them). */
  Get_view(): [disp: number, etype: Datatype, filetype: Datatype, datarep: string] {
    const [disp, e, f, rep] = native.fileGetView(fileHandle(this, 'Get_view'));
    const type = (id: number): Datatype => PREDEFINED_TYPES.get(id) ?? new Datatype(id);
    return [disp, type(e), type(f), rep];
  }

  /** Byte position in the file of view offset `offset` (`MPI_File_get_byte_offset`). */
  Get_byte_offset(offset: number): number {
    const h = fileHandle(this, 'Get_byte_offset');
    return native.fileGetByteOffset(h, checkOffset('File.Get_byte_offset', 'offset', offset));
  }

  /** Extent of `datatype` in the file's data representation (`MPI_File_get_type_extent`). */
  Get_type_extent(datatype: Datatype): number {
    const h = fileHandle(this, 'Get_type_extent');
    return native.fileGetTypeExtent(h, checkDatatype('File.Get_type_extent', 'datatype', datatype).layoutId('File.Get_type_extent'));
  }

  // ---- consistency ----------------------------------------------------------------------------------

  /** Sets atomic mode (`MPI_File_set_atomicity`, collective). */
  Set_atomicity(flag: boolean): void {
    const h = fileHandle(this, 'Set_atomicity');
    if (typeof flag !== 'boolean') throw argTypeError('File.Set_atomicity', 'flag', 'a boolean', flag);
    native.fileSetAtomicity(h, flag);
  }

  /** Whether atomic mode is on (`MPI_File_get_atomicity`). */
  Get_atomicity(): boolean {
    return native.fileGetAtomicity(fileHandle(this, 'Get_atomicity'));
  }

  /** Same as `Get_atomicity()`. */
  get atomicity(): boolean {
    return this.Get_atomicity();
  }

  /** Flushes writes to storage and makes them visible to the other processes (`MPI_File_sync`, collective). */
  Sync(): void {
    native.fileSync(fileHandle(this, 'Sync'));
  }

  // ---- explicit offsets ---------------------------------------------------------------------------
  // `offset` counts etypes of the view (bytes under the default view).

  /** Reads at `offset` (`MPI_File_read_at`); `status.Get_count()` is what was read. */
  Read_at(offset: number, buf: BufSpec, status?: Status | null): void {
    access(this, 'Read_at', Form.Blocking, native.fileReadAt, true, offset, buf, status);
  }
  /** Collective `Read_at` (`MPI_File_read_at_all`). */
  Read_at_all(offset: number, buf: BufSpec, status?: Status | null): void {
    access(this, 'Read_at_all', Form.Blocking, native.fileReadAtAll, true, offset, buf, status);
  }
  /** Writes at `offset` (`MPI_File_write_at`). */
  Write_at(offset: number, buf: BufSpec, status?: Status | null): void {
    access(this, 'Write_at', Form.Blocking, native.fileWriteAt, true, offset, buf, status);
  }
  /** Collective `Write_at` (`MPI_File_write_at_all`). */
  Write_at_all(offset: number, buf: BufSpec, status?: Status | null): void {
    access(this, 'Write_at_all', Form.Blocking, native.fileWriteAtAll, true, offset, buf, status);
  }
  /** Nonblocking `Read_at` (`MPI_File_iread_at`); the Request keeps `buf` alive. */
  Iread_at(offset: number, buf: BufSpec): Request {
    return access(this, 'Iread_at', Form.Request, native.fileIreadAt, true, offset, buf) as Request;
  }
  /** Nonblocking collective `Read_at` (`MPI_File_iread_at_all`). */
  Iread_at_all(offset: number, buf: BufSpec): Request {
    return access(this, 'Iread_at_all', Form.Request, native.fileIreadAtAll, true, offset, buf) as Request;
  }
  /** Nonblocking `Write_at` (`MPI_File_iwrite_at`); the Request keeps `buf` alive. */
  Iwrite_at(offset: number, buf: BufSpec): Request {
    return access(this, 'Iwrite_at', Form.Request, native.fileIwriteAt, true, offset, buf) as Request;
  }
  /** Nonblocking collective `Write_at` (`MPI_File_iwrite_at_all`). */
  Iwrite_at_all(offset: number, buf: BufSpec): Request {
    return access(this, 'Iwrite_at_all', Form.Request, native.fileIwriteAtAll, true, offset, buf) as Request;
  }

  // ---- individual file pointer ------------------------------------------------------------------

  /** Reads at the individual file pointer and advances it (`MPI_File_read`). */
  Read(buf: BufSpec, status?: Status | null): void {
    access(this, 'Read', Form.Blocking, native.fileRead, false, 0, buf, status);
  }
  /** Collective `Read` (`MPI_File_read_all`). */
  Read_all(buf: BufSpec, status?: Status | null): void {
    access(this, 'Read_all', Form.Blocking, native.fileReadAll, false, 0, buf, status);
  }
  /** Writes at the individual file pointer and advances it (`MPI_File_write`). */
  Write(buf: BufSpec, status?: Status | null): void {
    access(this, 'Write', Form.Blocking, native.fileWrite, false, 0, buf, status);
  }
  /** Collective `Write` (`MPI_File_write_all`). */
  Write_all(buf: BufSpec, status?: Status | null): void {
    access(this, 'Write_all', Form.Blocking, native.fileWriteAll, false, 0, buf, status);
  }
  /** Nonblocking `Read` (`MPI_File_iread`). */
  Iread(buf: BufSpec): Request {
    return access(this, 'Iread', Form.Request, native.fileIread, false, 0, buf) as Request;
  }
  /** Nonblocking collective `Read` (`MPI_File_iread_all`). */
  Iread_all(buf: BufSpec): Request {
    return access(this, 'Iread_all', Form.Request, native.fileIreadAll, false, 0, buf) as Request;
  }
  /** Nonblocking `Write` (`MPI_File_iwrite`). */
  Iwrite(buf: BufSpec): Request {
    return access(this, 'Iwrite', Form.Request, native.fileIwrite, false, 0, buf) as Request;
  }
  /** Nonblocking collective `Write` (`MPI_File_iwrite_all`). */
  Iwrite_all(buf: BufSpec): Request {
    return access(this, 'Iwrite_all', Form.Request, native.fileIwriteAll, false, 0, buf) as Request;
  }

  /** Moves the individual file pointer (`MPI_File_seek`); `whence` is `MPI.SEEK_SET`, `SEEK_CUR` or `SEEK_END`. */
  Seek(offset: number, whence: number = K.SEEK_SET): void {
    const h = fileHandle(this, 'Seek');
    native.fileSeek(h, checkOffset('File.Seek', 'offset', offset), checkInt('File.Seek', 'whence', whence));
  }

  /** The individual file pointer, in etypes of the view (`MPI_File_get_position`). */
  Get_position(): number {
    return native.fileGetPosition(fileHandle(this, 'Get_position'));
  }

  // ---- shared file pointer -------------------------------------------------------------------------

  /** Reads at the shared file pointer (`MPI_File_read_shared`). */
  Read_shared(buf: BufSpec, status?: Status | null): void {
    access(this, 'Read_shared', Form.Blocking, native.fileReadShared, false, 0, buf, status);
  }
  /** Writes at the shared file pointer (`MPI_File_write_shared`). */
  Write_shared(buf: BufSpec, status?: Status | null): void {
    access(this, 'Write_shared', Form.Blocking, native.fileWriteShared, false, 0, buf, status);
  }
  /** Nonblocking `Read_shared` (`MPI_File_iread_shared`). */
  Iread_shared(buf: BufSpec): Request {
    return access(this, 'Iread_shared', Form.Request, native.fileIreadShared, false, 0, buf) as Request;
  }
  /** Nonblocking `Write_shared` (`MPI_File_iwrite_shared`). */
  Iwrite_shared(buf: BufSpec): Request {
    return access(this, 'Iwrite_shared', Form.Request, native.fileIwriteShared, false, 0, buf) as Request;
  }
  /** Collective read at the shared pointer in rank order (`MPI_File_read_ordered`). */
  Read_ordered(buf: BufSpec, status?: Status | null): void {
    access(this, 'Read_ordered', Form.Blocking, native.fileReadOrdered, false, 0, buf, status);
  }
  /** Collective write at the shared pointer in rank order (`MPI_File_write_ordered`). */
  Write_ordered(buf: BufSpec, status?: Status | null): void {
    access(this, 'Write_ordered', Form.Blocking, native.fileWriteOrdered, false, 0, buf, status);
  }

  /** Moves the shared file pointer (`MPI_File_seek_shared`, collective). */
  Seek_shared(offset: number, whence: number = K.SEEK_SET): void {
    const h = fileHandle(this, 'Seek_shared');
    native.fileSeekShared(h, checkOffset('File.Seek_shared', 'offset', offset), checkInt('File.Seek_shared', 'whence', whence));
  }

  /** The shared file pointer, in etypes of the view (`MPI_File_get_position_shared`). */
  Get_position_shared(): number {
    return native.fileGetPositionShared(fileHandle(this, 'Get_position_shared'));
  }

  // ---- split collectives: `_begin` starts, `_end` (same buffer) completes ---------------------------

  /** Begins a split collective `Read_at_all` (`MPI_File_read_at_all_begin`); `buf` stays alive until `_end`. */
  Read_at_all_begin(offset: number, buf: BufSpec): void {
    access(this, 'Read_at_all_begin', Form.Begin, native.fileReadAtAllBegin, true, offset, buf);
  }
  /** Completes `Read_at_all_begin` (`MPI_File_read_at_all_end`). */
  Read_at_all_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Read_at_all_end', native.fileReadAtAllEnd, buf, status);
  }
  /** Begins a split collective `Write_at_all` (`MPI_File_write_at_all_begin`). */
  Write_at_all_begin(offset: number, buf: BufSpec): void {
    access(this, 'Write_at_all_begin', Form.Begin, native.fileWriteAtAllBegin, true, offset, buf);
  }
  /** Completes `Write_at_all_begin` (`MPI_File_write_at_all_end`). */
  Write_at_all_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Write_at_all_end', native.fileWriteAtAllEnd, buf, status);
  }
  /** Begins a split collective `Read_all` (`MPI_File_read_all_begin`). */
  Read_all_begin(buf: BufSpec): void {
    access(this, 'Read_all_begin', Form.Begin, native.fileReadAllBegin, false, 0, buf);
  }
  /** Completes `Read_all_begin` (`MPI_File_read_all_end`). */
  Read_all_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Read_all_end', native.fileReadAllEnd, buf, status);
  }
  /** Begins a split collective `Write_all` (`MPI_File_write_all_begin`). */
  Write_all_begin(buf: BufSpec): void {
    access(this, 'Write_all_begin', Form.Begin, native.fileWriteAllBegin, false, 0, buf);
  }
  /** Completes `Write_all_begin` (`MPI_File_write_all_end`). */
  Write_all_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Write_all_end', native.fileWriteAllEnd, buf, status);
  }
  /** Begins a split collective `Read_ordered` (`MPI_File_read_ordered_begin`). */
  Read_ordered_begin(buf: BufSpec): void {
    access(this, 'Read_ordered_begin', Form.Begin, native.fileReadOrderedBegin, false, 0, buf);
  }
  /** Completes `Read_ordered_begin` (`MPI_File_read_ordered_end`). */
  Read_ordered_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Read_ordered_end', native.fileReadOrderedEnd, buf, status);
  }
  /** Begins a split collective `Write_ordered` (`MPI_File_write_ordered_begin`). */
  Write_ordered_begin(buf: BufSpec): void {
    access(this, 'Write_ordered_begin', Form.Begin, native.fileWriteOrderedBegin, false, 0, buf);
  }
  /** Completes `Write_ordered_begin` (`MPI_File_write_ordered_end`). */
  Write_ordered_end(buf: BufSpec, status?: Status | null): void {
    accessEnd(this, 'Write_ordered_end', native.fileWriteOrderedEnd, buf, status);
  }

  // ---- error handling ------------------------------------------------------------------------------

  /** The file's error handler (`MPI_File_get_errhandler`); on `MPI.FILE_NULL`, the default for files being opened. */
  Get_errhandler(): Errhandler {
    return errhandlerFromId(native.fileGetErrhandler(fileHandle(this, 'Get_errhandler', true)));
  }

  /** Sets the file's error handler (`MPI_File_set_errhandler`); files default to `MPI.ERRORS_RETURN`. */
  Set_errhandler(errhandler: Errhandler): void {
    const h = fileHandle(this, 'Set_errhandler', true);
    native.fileSetErrhandler(h, errhandlerArg('File.Set_errhandler', errhandler));
  }

  /** Invokes the file's error handler with an error code (`MPI_File_call_errhandler`). */
  Call_errhandler(errorcode: number): void {
    const h = fileHandle(this, 'Call_errhandler', true);
    native.fileCallErrhandler(h, checkInt('File.Call_errhandler', 'errorcode', errorcode));
  }
}
setKind(File, 'File');

/** The null file (`MPI_FILE_NULL`); its error handler is the one files get when opened. */
export const FILE_NULL = new File(K.FILE_NULL);

/** The access modes and seek origins (`MPI.MODE_*`, `MPI.SEEK_*`). */
export const FILE_CONSTANTS = {
  MODE_RDONLY: K.MODE_RDONLY,
  MODE_WRONLY: K.MODE_WRONLY,
  MODE_RDWR: K.MODE_RDWR,
  MODE_CREATE: K.MODE_CREATE,
  MODE_EXCL: K.MODE_EXCL,
  MODE_APPEND: K.MODE_APPEND,
  MODE_DELETE_ON_CLOSE: K.MODE_DELETE_ON_CLOSE,
  MODE_UNIQUE_OPEN: K.MODE_UNIQUE_OPEN,
  MODE_SEQUENTIAL: K.MODE_SEQUENTIAL,
  SEEK_SET: K.SEEK_SET,
  SEEK_CUR: K.SEEK_CUR,
  SEEK_END: K.SEEK_END,
  MAX_DATAREP_STRING: K.MAX_DATAREP_STRING,
} as const;
