/**
 * Loads the C++ addon and declares the typed interface of the raw layer: one MPI call per
 * function, handles as integer ids into the addon's tables, no defaults and no policy.
 * `MPI4JS_ADDON` may name a specific build (the test runner builds one per MPI flavour).
 */
import * as path from 'node:path';

/** A buffer the raw layer accepts: memory of a view or an ArrayBuffer (SharedArrayBuffers arrive wrapped). */
export type RawBuffer = ArrayBufferView | ArrayBuffer | null;
/** A buffer of a collective: memory, `true` for MPI_IN_PLACE, or null where it is ignored. */
export type CollBuffer = RawBuffer | boolean;
/** Bytes of an MPI_Status owned by a JS `Status`. */
export type StatusBytes = Uint8Array | undefined;

/** The pool of receive mappings: what it holds now, and what it has done since the process began. */
export interface MessagePoolStats {
  /** Mappings in the pool, and their bytes. */
  pooled: number;
  pooledBytes: number;
  /** Mappings lent to ArrayBuffers that have not been taken back yet. */
  lent: number;
  /** Receives served by a new mapping / by a pooled one. */
  fresh: number;
  reused: number;
  /** Mappings taken back because the GC collected their ArrayBuffer / by its finalizer. */
  reclaimed: number;
  finalized: number;
  /** Mappings unmapped (over the caps, or idle). */
  released: number;
  /** Finalizers that ran on another thread than the one that made the ArrayBuffer. */
  offThread: number;
}

export interface NativeConstants {
  [name: string]: number | string | Record<string, number>;
  datatypes: Record<string, number>;
  ops: Record<string, number>;
  flavour: string;
}

export interface Native {
  constants: NativeConstants;
  statusLayout: { size: number; source: number; tag: number; error: number };
  setErrorFactory(factory: (code: number, cls: number, message: string) => Error): void;
  errorString(code: number): string;
  errorClass(code: number): number;

  init(required: number): number;
  initialized(): boolean;
  finalized(): boolean;
  finalize(): void;
  queryThread(): number;
  isThreadMain(): boolean;
  abort(code: number): never;
  wtime(): number;
  wtick(): number;
  processorName(): string;
  version(): [number, number];
  libraryVersion(): string;
  tagUb(): number;
  pcontrol(level: number): void;
  /** Before MPI_Finalize: worker threads may start no MPI call, their blocking receives/probes/waits are cancelled;
   *  waits up to `ms` for their calls to end. -> [calls still inside, blocking calls cancelled so far]. */
  quiesce(ms: number): [inside: number, cancelled: number];

  commRank(comm: number): number;
  commSize(comm: number): number;
  commRemoteSize(comm: number): number;
  commTestInter(comm: number): boolean;
  commDup(comm: number): number;
  commDupWithInfo(comm: number, info: number): number;
  commIdup(comm: number): [number, number];
  commIdupWithInfo(comm: number, info: number): [number, number];
  commSplit(comm: number, color: number, key: number): number;
  commSplitType(comm: number, type: number, key: number, info?: number): number;
  commFree(comm: number): void;
  commCompare(a: number, b: number): number;
  commAbort(comm: number, code: number): void;
  commGetName(comm: number): string;
  commSetName(comm: number, name: string): void;
  barrier(comm: number): void;
  send(mode: number, comm: number, buf: RawBuffer, offset: number, count: number, type: number, dest: number, tag: number): void;
  sendParts(mode: number, comm: number, parts: ArrayBufferView[], dest: number, tag: number): void;
  recv(comm: number, buf: RawBuffer, offset: number, count: number, type: number, source: number, tag: number, status: StatusBytes): void;
  /**
   * The scratch forms of the hot calls (csrc/args.h `Scratch`): the caller writes the scalar
   * arguments of the form without the suffix at their positions into {@link S} (this thread's
   * `scratch`) and passes only the buffers (and status) in order. The addon checks every value as in
   * the plain form.
   */
  sendScratch(buf: RawBuffer): void;
  recvScratch(buf: RawBuffer, status: StatusBytes): void;
  sendrecvScratch(sbuf: RawBuffer, rbuf: RawBuffer, status: StatusBytes): void;
  isendrecvScratch(sbuf: RawBuffer, rbuf: RawBuffer): number;
  isendScratch(buf: RawBuffer): number;
  irecvScratch(buf: RawBuffer): number;
  allreduceScratch(sbuf: CollBuffer, rbuf: CollBuffer): void;
  /** The memory of the scratch forms' numbers (one per thread). */
  scratch: ArrayBuffer;
  sendrecv(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number, dest: number, sendtag: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number, source: number, recvtag: number, status: StatusBytes): void;
  sendrecvReplace(comm: number, buf: RawBuffer, off: number, count: number, type: number, dest: number, sendtag: number,
    source: number, recvtag: number, status: StatusBytes): void;
  isendrecv(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number, dest: number, sendtag: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number, source: number, recvtag: number): number;
  isendrecvReplace(comm: number, buf: RawBuffer, off: number, count: number, type: number, dest: number, sendtag: number,
    source: number, recvtag: number): number;
  imrecv(message: number, buf: RawBuffer, off: number, count: number, type: number): number;
  probe(comm: number, source: number, tag: number, status: StatusBytes): void;
  iprobe(comm: number, source: number, tag: number, status: StatusBytes): boolean;
  mprobe(comm: number, source: number, tag: number, status: StatusBytes): number;
  improbe(comm: number, source: number, tag: number, status: StatusBytes): number;
  mrecv(message: number, buf: RawBuffer, off: number, count: number, type: number, status: StatusBytes): void;
  /** A message of at most `scratch.byteLength` bytes lands in `scratch` (its byte count is returned). */
  recvBytes(comm: number, source: number, tag: number, status: StatusBytes, scratch?: Uint8Array): number | Uint8Array;
  /** Memory for a received object message (from 2 MiB on a prefaulted mapping, recycled: csrc/msgpool.cc). */
  messageBuffer(bytes: number): ArrayBuffer;
  /** Counters of the pool of receive mappings (csrc/msgpool.cc), for tests and benchmarks. */
  messagePoolStats(): MessagePoolStats;
  sendrecvBytes(comm: number, sendbytes: Uint8Array, dest: number, sendtag: number, source: number, recvtag: number, status: StatusBytes,
    scratch?: Uint8Array): number | Uint8Array;

  isend(mode: number, comm: number, buf: RawBuffer, offset: number, count: number, type: number, dest: number, tag: number): number;
  irecv(comm: number, buf: RawBuffer, offset: number, count: number, type: number, source: number, tag: number): number;
  sendInit(mode: number, comm: number, buf: RawBuffer, offset: number, count: number, type: number, dest: number, tag: number): number;
  recvInit(comm: number, buf: RawBuffer, offset: number, count: number, type: number, source: number, tag: number): number;
  // partitioned communication (MPI-4; `partitioned` false: every call is an MPI.Exception ERR_UNSUPPORTED_OPERATION)
  partitioned: boolean;
  psendInit(comm: number, buf: RawBuffer, offset: number, partcount: number, type: number, partitions: number, dest: number, tag: number, info: number | null): number;
  precvInit(comm: number, buf: RawBuffer, offset: number, partcount: number, type: number, partitions: number, source: number, tag: number, info: number | null): number;
  pready(request: number, partitions: Int32Array, count: number): void;
  parrived(request: number, partition: number): boolean;
  ibarrier(comm: number): number;
  requestStart(request: number): void;
  requestWait(request: number, status: StatusBytes): void;
  requestTest(request: number, status: StatusBytes): boolean;
  /** MPI_Test repeated for up to `budgetUs` µs (at least once): µs it took to complete (0: at once), -1 if not complete. */
  requestTestFor(request: number, status: StatusBytes, budgetUs: number): number;
  requestGetStatus(request: number, status: StatusBytes): boolean;
  requestCancel(request: number): void;
  requestFree(request: number): void;
  grequestStart(query: (status: Uint8Array) => number, free: () => number, cancel: (completed: boolean) => number): number;
  grequestComplete(request: number): void;
  sessionInit(info: number, errhandler: number): number;
  sessionFinalize(session: number): void;
  sessionGetNumPsets(session: number, info: number): number;
  sessionGetNthPset(session: number, info: number, n: number): string;
  sessionGetInfo(session: number): number;
  sessionGetPsetInfo(session: number, pset_name: string): number;
  sessionGetErrhandler(session: number): number;
  sessionSetErrhandler(session: number, errhandler: number): void;
  sessionCallErrhandler(session: number, errorcode: number): void;
  groupFromSessionPset(session: number, pset_name: string): number;
  requestStartall(ids: Float64Array, n: number): void;
  requestWaitall(ids: Float64Array, n: number, statuses: Uint8Array | undefined): void;
  requestTestall(ids: Float64Array, n: number, statuses: Uint8Array | undefined): boolean;
  requestWaitany(ids: Float64Array, n: number, status: StatusBytes): number;
  requestTestany(ids: Float64Array, n: number, status: StatusBytes): number;
  requestWaitsome(ids: Float64Array, n: number, indices: Int32Array, statuses: Uint8Array | undefined): number;
  requestTestsome(ids: Float64Array, n: number, indices: Int32Array, statuses: Uint8Array | undefined, noThrow?: boolean): number;
  bufferAttach(size: number): void;
  bufferDetach(): number;
  statusSetCancelled(status: Uint8Array, flag: boolean): void;
  cleanupRequests(): number;
  /** Starts this environment's progress timer (csrc/waker.h) calling `fn`; false if unavailable or already started. */
  wakeStart(fn: () => void): boolean;
  /** Calls the timer's function once, `us` µs from now (replaces an earlier deadline); false without a timer. */
  wakeArm(us: number): boolean;
  /** Disarms the progress timer. */
  wakeDisarm(): void;
  statusSize: number;
  // collectives (collective.cc): a buffer is memory, `true` (MPI_IN_PLACE) or null (ignored here)
  bcast(comm: number, buf: CollBuffer, off: number, count: number, type: number, root: number): void;
  scatter(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): void;
  gather(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): void;
  allgather(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number): void;
  alltoall(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number): void;
  scatterv(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): void;
  gatherv(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, root: number): void;
  allgatherv(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): void;
  alltoallv(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): void;
  alltoallw(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array): void;
  reduce(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, root: number): void;
  allreduce(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): void;
  scan(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): void;
  exscan(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): void;
  reduceScatterBlock(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): void;
  reduceScatter(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, rcounts: Int32Array, type: number, op: number): void;
  // nonblocking collectives (MPI_I*): same arguments, the request id is returned
  ibcast(comm: number, buf: CollBuffer, off: number, count: number, type: number, root: number): number;
  iscatter(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): number;
  igather(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): number;
  iallgather(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number): number;
  ialltoall(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number): number;
  iscatterv(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number): number;
  igatherv(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, root: number): number;
  iallgatherv(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): number;
  ialltoallv(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): number;
  ialltoallw(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array): number;
  ireduce(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, root: number): number;
  iallreduce(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): number;
  iscan(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): number;
  iexscan(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): number;
  ireduceScatterBlock(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number): number;
  ireduceScatter(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, rcounts: Int32Array, type: number, op: number): number;
  // persistent collectives (MPI_<Op>_init, or Open MPI 4's MPIX_<Op>_init): the nonblocking form's arguments, then
  // the info id; the id of an inactive persistent request is returned
  persistentCollectives: boolean;
  /** The persistent collectives refused for this library (MPI name, e.g. `Gather`, to the reason: a library bug). */
  persistentRefused: Record<string, string>;
  barrierInit(comm: number, info: number | null): number;
  bcastInit(comm: number, buf: CollBuffer, off: number, count: number, type: number, root: number, info: number | null): number;
  scatterInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number, info: number | null): number;
  gatherInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number, info: number | null): number;
  allgatherInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, info: number | null): number;
  alltoallInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number, rbuf: CollBuffer, roff: number, rcount: number, rtype: number, info: number | null): number;
  scattervInit(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcount: number, rtype: number, root: number, info: number | null): number;
  gathervInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, root: number, info: number | null): number;
  allgathervInit(comm: number, sbuf: CollBuffer, soff: number, scount: number, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, info: number | null): number;
  alltoallvInit(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, info: number | null): number;
  alltoallwInit(comm: number, sbuf: CollBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: CollBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array, info: number | null): number;
  reduceInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, root: number, info: number | null): number;
  allreduceInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, info: number | null): number;
  scanInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, info: number | null): number;
  exscanInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, info: number | null): number;
  reduceScatterBlockInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, count: number, type: number, op: number, info: number | null): number;
  reduceScatterInit(comm: number, sbuf: CollBuffer, soff: number, rbuf: CollBuffer, roff: number, rcounts: Int32Array, type: number, op: number, info: number | null): number;

  // user-defined reduction ops (op.cc)
  opCreate(fn: (invec: ArrayBuffer, inoutvec: ArrayBuffer, len: number, type: number) => void, commute: boolean): number;
  opFree(op: number): void;
  opCommutative(op: number): boolean;

  typeInfo(type: number): [size: number, lb: number, extent: number, trueLb: number, trueExtent: number, predefined: boolean, committed: boolean];
  typeGetName(type: number): string;
  typeDup(type: number): number;
  typeCommit(type: number): void;
  typeFree(type: number): void;

  // derived datatypes, pack (datatype.cc)
  typeContiguous(count: number, oldtype: number): number;
  typeVector(count: number, blocklength: number, stride: number, oldtype: number): number;
  typeHvector(count: number, blocklength: number, stride: number, oldtype: number): number;
  typeIndexed(blocklengths: number[], displacements: number[], oldtype: number): number;
  typeIndexedBlock(blocklength: number, displacements: number[], oldtype: number): number;
  typeHindexed(blocklengths: number[], displacements: number[], oldtype: number): number;
  typeHindexedBlock(blocklength: number, displacements: number[], oldtype: number): number;
  typeSubarray(sizes: number[], subsizes: number[], starts: number[], order: number, oldtype: number): number;
  typeStruct(blocklengths: number[], displacements: number[], types: number[]): number;
  typeResized(oldtype: number, lb: number, extent: number): number;
  typePack(inbuf: RawBuffer, inoff: number, incount: number, type: number, outbuf: RawBuffer, position: number, comm: number): number;
  typeUnpack(inbuf: RawBuffer, position: number, outbuf: RawBuffer, outoff: number, outcount: number, type: number, comm: number): number;
  typePackSize(count: number, type: number, comm: number): number;

  // groups and group-made communicators (group.cc)
  groupConstants: { GROUP_NULL: number; GROUP_EMPTY: number };
  commGroup(comm: number): number;
  commRemoteGroup(comm: number): number;
  groupSize(group: number): number;
  groupRank(group: number): number;
  groupIncl(group: number, ranks: number[]): number;
  groupExcl(group: number, ranks: number[]): number;
  groupRangeIncl(group: number, flatRanges: number[]): number;
  groupRangeExcl(group: number, flatRanges: number[]): number;
  groupSetOp(kind: 0 | 1 | 2, a: number, b: number): number;
  groupTranslateRanks(a: number, ranks: number[], b: number): number[];
  groupCompare(a: number, b: number): number;
  groupFree(group: number): void;
  commCreate(comm: number, group: number): number;
  commCreateGroup(comm: number, group: number, tag: number): number;
  intercommCreate(local: number, localLeader: number, peer: number, remoteLeader: number, tag: number): number;
  intercommMerge(intercomm: number, high: boolean): number;

  // one-sided communication (win.cc)
  winConstants: Record<'WIN_BASE' | 'WIN_SIZE' | 'WIN_DISP_UNIT' | 'WIN_CREATE_FLAVOR' | 'WIN_MODEL' | 'WIN_FLAVOR_CREATE' |
    'WIN_FLAVOR_ALLOCATE' | 'WIN_FLAVOR_DYNAMIC' | 'WIN_FLAVOR_SHARED' | 'WIN_SEPARATE' | 'WIN_UNIFIED' | 'MODE_NOCHECK' |
    'MODE_NOSTORE' | 'MODE_NOPUT' | 'MODE_NOPRECEDE' | 'MODE_NOSUCCEED' | 'LOCK_EXCLUSIVE' | 'LOCK_SHARED' | 'WIN_NULL', number>;
  winCreate(memory: RawBuffer, dispUnit: number, info: number, comm: number): number;
  winAllocate(size: number, dispUnit: number, info: number, comm: number, shared: boolean): number;
  winCreateDynamic(info: number, comm: number): number;
  winAttach(win: number, memory: RawBuffer): void;
  winDetach(win: number, memory: RawBuffer): void;
  winFree(win: number): void;
  winMemory(win: number): ArrayBuffer;
  winSharedQuery(win: number, rank: number): [ArrayBuffer, number];
  winGetAttr(win: number, keyval: number): number | null;
  winGetGroup(win: number): number;
  winSetInfo(win: number, info: number): void;
  winGetInfo(win: number): number;
  winGetErrhandler(win: number): number;
  winSetErrhandler(win: number, errhandler: number): void;
  winCallErrhandler(win: number, errorcode: number): void;
  winGetName(win: number): string;
  winSetName(win: number, name: string): void;
  winPut(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number, ttype: number): void;
  winGet(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number, ttype: number): void;
  winRput(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number, ttype: number): number;
  winRget(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number, ttype: number): number;
  winAccumulate(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number,
    ttype: number, op: number): void;
  winRaccumulate(win: number, buf: RawBuffer, off: number, count: number, type: number, rank: number, disp: number, tcount: number,
    ttype: number, op: number): number;
  winGetAccumulate(win: number, obuf: RawBuffer, ooff: number, ocount: number, otype: number, rbuf: RawBuffer, roff: number,
    rcount: number, rtype: number, rank: number, disp: number, tcount: number, ttype: number, op: number): void;
  winRgetAccumulate(win: number, obuf: RawBuffer, ooff: number, ocount: number, otype: number, rbuf: RawBuffer, roff: number,
    rcount: number, rtype: number, rank: number, disp: number, tcount: number, ttype: number, op: number): number;
  winFetchAndOp(win: number, obuf: RawBuffer, ooff: number, rbuf: RawBuffer, roff: number, type: number, rank: number, disp: number, op: number): void;
  winCompareAndSwap(win: number, obuf: RawBuffer, ooff: number, cbuf: RawBuffer, coff: number, rbuf: RawBuffer, roff: number,
    type: number, rank: number, disp: number): void;
  winFence(win: number, assertion: number): void;
  winStart(win: number, group: number, assertion: number): void;
  winComplete(win: number): void;
  winPost(win: number, group: number, assertion: number): void;
  winWait(win: number): void;
  winTest(win: number): boolean;
  winLock(win: number, lockType: number, rank: number, assertion: number): void;
  winUnlock(win: number, rank: number): void;
  winLockAll(win: number, assertion: number): void;
  winUnlockAll(win: number): void;
  winFlush(win: number, rank: number): void;
  /** The scratch forms of the hot RMA calls (S[i] holds argument i of the form above). */
  winPutScratch(buf: RawBuffer): void;
  winGetScratch(buf: RawBuffer): void;
  winFetchAndOpScratch(obuf: RawBuffer | null, rbuf: RawBuffer): void;
  winFlushScratch(): void;
  winFlushAll(win: number): void;
  winFlushLocal(win: number, rank: number): void;
  winFlushLocalAll(win: number): void;
  winSync(win: number): void;

  // topologies and neighbourhood collectives (topo.cc)
  topoConstants: { CART: number; GRAPH: number; DIST_GRAPH: number };
  dimsCreate(nnodes: number, dims: number[]): number[];
  cartCreate(comm: number, dims: number[], periods: number[], reorder: boolean): number;
  topoTest(comm: number): number;
  cartdimGet(comm: number): number;
  cartGet(comm: number): [dims: number[], periods: boolean[], coords: number[]];
  cartRank(comm: number, coords: number[]): number;
  cartCoords(comm: number, rank: number): number[];
  cartShift(comm: number, direction: number, disp: number): [number, number];
  cartSub(comm: number, remain: number[]): number;
  graphCreate(comm: number, index: number[], edges: number[], reorder: boolean): number;
  graphGet(comm: number): [index: number[], edges: number[]];
  graphNeighbors(comm: number, rank: number): number[];
  distGraphCreateAdjacent(comm: number, sources: number[], sourceweights: number[] | null, destinations: number[],
    destweights: number[] | null, reorder: boolean, info?: number): number;
  distGraphCreate(comm: number, sources: number[], degrees: number[], destinations: number[], weights: number[] | null, reorder: boolean,
    info?: number): number;
  distGraphNeighbors(comm: number): [sources: number[], sourceweights: number[] | null, destinations: number[], destweights: number[] | null];
  neighborCounts(comm: number): [indegree: number, outdegree: number];
  neighborAllgather(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number): void;
  neighborAlltoall(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number): void;
  neighborAllgatherv(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): void;
  neighborAlltoallv(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): void;
  /** Displacements in bytes, one datatype id per neighbour. */
  neighborAlltoallw(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array): void;
  // nonblocking forms (MPI_Ineighbor_*): same arguments, the request id is returned
  ineighborAllgather(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number): number;
  ineighborAlltoall(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number): number;
  ineighborAllgatherv(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): number;
  ineighborAlltoallv(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number): number;
  ineighborAlltoallw(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array): number;
  // persistent forms (MPI_Neighbor_<op>_init): the nonblocking arguments, then the info id
  neighborAllgatherInit(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number, info: number | null): number;
  neighborAlltoallInit(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcount: number, rtype: number, info: number | null): number;
  neighborAllgathervInit(comm: number, sbuf: RawBuffer, soff: number, scount: number, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, info: number | null): number;
  neighborAlltoallvInit(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stype: number,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtype: number, info: number | null): number;
  neighborAlltoallwInit(comm: number, sbuf: RawBuffer, soff: number, scounts: Int32Array, sdispls: Int32Array, stypes: Float64Array,
    rbuf: RawBuffer, roff: number, rcounts: Int32Array, rdispls: Int32Array, rtypes: Float64Array, info: number | null): number;

  // info objects (csrc/info.cc): ids 0/1 are INFO_NULL/INFO_ENV; an info argument may be null (INFO_NULL)
  infoConstants: { INFO_NULL: number; INFO_ENV: number; MAX_INFO_KEY: number; MAX_INFO_VAL: number };
  infoCreate(): number;
  infoCreateEnv(): number;
  infoDup(info: number): number;
  infoFree(info: number): void;
  infoSet(info: number, key: string, value: string): void;
  infoGet(info: number, key: string): string | null;
  infoDelete(info: number, key: string): void;
  infoGetNkeys(info: number): number;
  infoGetNthkey(info: number, n: number): string;
  commSetInfo(comm: number, info: number | null): void;
  commGetInfo(comm: number): number;
  // error handlers (csrc/errhandler.cc): ERRORS_ABORT only where the library has it
  errhandlerConstants: { ERRHANDLER_NULL: number; ERRORS_RETURN: number; ERRORS_ARE_FATAL: number; ERRORS_ABORT?: number };
  errhandlerFree(errhandler: number): void;
  commGetErrhandler(comm: number): number;
  commSetErrhandler(comm: number, errhandler: number): void;
  commCallErrhandler(comm: number, errorcode: number): void;

  // dynamic processes (dynamic.cc); Info arguments are MPI_INFO_NULL for now
  dynamicConstants: { MAX_PORT_NAME: number };
  commSpawn(comm: number, command: string, args: string[], maxprocs: number, root: number, errcodes: Int32Array | undefined, info: number): number;
  commSpawnMultiple(comm: number, commands: string[], args: string[][], maxprocs: number[], root: number, errcodes: Int32Array | undefined, infos: number[]): number;
  commGetParent(): number;
  commDisconnect(comm: number): void;
  openPort(info: number): string;
  closePort(port: string): void;
  commAcceptConnect(port: string, comm: number, root: number, accept: boolean, info: number): number;
  publishName(service: string, port: string, publish: boolean, info: number): void;
  lookupName(service: string, info: number): string;
  commJoin(fd: number): number;
  /** keyval: 0 TAG_UB, 1 UNIVERSE_SIZE, 2 APPNUM, 3 HOST, 4 IO, 5 WTIME_IS_GLOBAL; null when not set. */
  commGetIntAttr(comm: number, keyval: number): number | null;
  // files (csrc/file.cc); offsets and sizes are non-negative safe integers (Seek's and a view's disp may be negative)
  fileConstants: Record<'FILE_NULL' | 'MODE_RDONLY' | 'MODE_WRONLY' | 'MODE_RDWR' | 'MODE_CREATE' | 'MODE_EXCL' | 'MODE_APPEND' |
    'MODE_DELETE_ON_CLOSE' | 'MODE_UNIQUE_OPEN' | 'MODE_SEQUENTIAL' | 'SEEK_SET' | 'SEEK_CUR' | 'SEEK_END' | 'MAX_DATAREP_STRING', number>;
  fileOpen(comm: number, filename: string, amode: number, info: number): number;
  fileClose(fh: number): void;
  fileDelete(filename: string, info: number): void;
  fileSetSize(fh: number, size: number): void;
  filePreallocate(fh: number, size: number): void;
  fileGetSize(fh: number): number;
  fileGetAmode(fh: number): number;
  fileGetGroup(fh: number): number;
  fileSetInfo(fh: number, info: number): void;
  fileGetInfo(fh: number): number;
  fileSetView(fh: number, disp: number, etype: number, filetype: number, datarep: string, info: number): void;
  fileGetView(fh: number): [disp: number, etype: number, filetype: number, datarep: string];
  fileSync(fh: number): void;
  fileSetAtomicity(fh: number, flag: boolean): void;
  fileGetAtomicity(fh: number): boolean;
  fileGetByteOffset(fh: number, offset: number): number;
  fileGetTypeExtent(fh: number, type: number): number;
  fileSeek(fh: number, offset: number, whence: number): void;
  fileSeekShared(fh: number, offset: number, whence: number): void;
  fileGetPosition(fh: number): number;
  fileGetPositionShared(fh: number): number;
  fileGetErrhandler(fh: number): number;
  fileSetErrhandler(fh: number, errhandler: number): void;
  fileCallErrhandler(fh: number, errorcode: number): void;
  // data access: (fh, [offset,] buf, byte offset, count, type, status) blocking; no status -> request id (I*) or
  // nothing (*_begin, whose memory stays pinned until *_end(fh, buf, byte offset, count, type, status))
  fileReadAt(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileReadAtAll(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteAt(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteAtAll(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileIreadAt(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIreadAtAll(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIwriteAt(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIwriteAtAll(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileRead(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileReadAll(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWrite(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteAll(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileIread(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIreadAll(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIwrite(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIwriteAll(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileReadShared(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteShared(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileIreadShared(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileIwriteShared(fh: number, buf: RawBuffer, off: number, count: number, type: number): number;
  fileReadOrdered(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteOrdered(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileReadAtAllBegin(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileWriteAtAllBegin(fh: number, offset: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileReadAllBegin(fh: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileWriteAllBegin(fh: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileReadOrderedBegin(fh: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileWriteOrderedBegin(fh: number, buf: RawBuffer, off: number, count: number, type: number): void;
  fileReadAtAllEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteAtAllEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileReadAllEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteAllEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileReadOrderedEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;
  fileWriteOrderedEnd(fh: number, buf: RawBuffer, off: number, count: number, type: number, status?: StatusBytes): void;

  statusGetCount(status: Uint8Array, type: number, elements?: boolean): number;
  statusIsCancelled(status: Uint8Array): boolean;
  statusSetElements(status: Uint8Array, type: number, count: number): void;

  // issue #17: the rest of mpi4py's MPI module
  typeSetName(type: number, name: string): void;
  typeDarray(size: number, rank: number, gsizes: number[], distribs: number[], dargs: number[], psizes: number[], order: number, type: number): number;
  /** `[nints, naddrs, ntypes, combiner]`. */
  typeEnvelope(type: number): [number, number, number, number];
  /** `[ints, addrs, type ids]`; derived types among the ids are new (the caller frees them). */
  typeContents(type: number): [number[], number[], number[]];
  typeMatchSize(typeclass: number, size: number): number;
  /** kind: 0 integer, 1 real, 2 complex. */
  typeF90(kind: number, p: number, r: number): number;
  typePackExternalSize(datarep: string, count: number, type: number): number;
  typePackExternal(datarep: string, inbuf: RawBuffer, inoff: number, count: number, type: number, outbuf: RawBuffer, position: number): number;
  typeUnpackExternal(datarep: string, inbuf: RawBuffer, position: number, outbuf: RawBuffer, outoff: number, count: number, type: number): number;
  opReduceLocal(inbuf: RawBuffer, inoff: number, inoutbuf: RawBuffer, inoutoff: number, count: number, type: number, op: number): void;
  cartMap(comm: number, dims: number[], periods: number[]): number;
  graphMap(comm: number, index: number[], edges: number[]): number;
  addErrorClass(): number;
  addErrorCode(errorclass: number): number;
  addErrorString(errorcode: number, string: string): void;
  /** which: 0 class, 1 code, 2 string (MPI-4.1; an MPI.Exception before). */
  removeError(which: number, value: number): void;
  getAddress(location: RawBuffer, offset: number): number | bigint;
  allocMem(size: number): ArrayBuffer;
  freeMem(mem: ArrayBuffer): void;
  /** COMBINER_*, TYPECLASS_*, KEYVAL_INVALID, MAX_* and the newer ERR_* the library defines. */
  readonly apiConstants: Record<string, number>;
  commCreateFromGroup(group: number, stringtag: string): number;
  intercommCreateFromGroups(localGroup: number, localLeader: number, remoteGroup: number, remoteLeader: number, stringtag: string): number;
}

/**
 * UCX (under MPICH's ch4:ucx, and Open MPI's pml/ucx) installs "bistro" memory hooks during
 * MPI_Init and then tests them with `sbrk(+page); sbrk(-page)`. Node runs threads that allocate
 * while MPI_Init runs; when one of them grows the heap between the two calls, UCX's second call
 * cuts the page it just got, and a later use of that memory dies of SIGSEGV inside V8 (measured:
 * 2 of 80 three-rank MPICH jobs; 0 of 80 with the hooks off; `reloc` mode hangs Node). UCX reads
 * this setting when its library loads, so it is set before the addon is loaded. A value the user
 * set wins (on InfiniBand, UCX's registration cache needs the hooks: see docs/HPC.md).
 */
function disableUcxMemoryHooks(): void {
  if (process.env.UCX_MEM_MMAP_HOOK_MODE === undefined) process.env.UCX_MEM_MMAP_HOOK_MODE = 'none';
}

/** The package folder (dist/cjs/ is two levels below it). */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/**
 * `MPI4JS_ADDON`, else the source build, else the prebuilt addon for the MPI ABI of this environment
 * (lib/loader.js: `MPI4JS_MPIABI`, the launcher, or the MPI library found first, by its symbols).
 * When none loads, the error's message is the whole report (what to load, the package manager's fix).
 */
function loadAddon(): { native: Native; addonPath: string } {
  disableUcxMemoryHooks();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require(path.join(PACKAGE_ROOT, 'lib', 'loader.js')) as { load(root: string): { addon: Native; file: string } };
  const got = loader.load(PACKAGE_ROOT);
  return { native: got.addon, addonPath: got.file };
}

const loaded = loadAddon();
export const native: Native = loaded.native;
/** The scalar arguments of the scratch forms (`native.sendScratch` …), written just before the call. */
export const S = new Float64Array(native.scratch);
/** The path of the loaded addon; its folder holds mpi4js-build.json (what it was built with). */
export const addonPath: string = loaded.addonPath;
