/**
 * Nonblocking collectives (`Comm.Ibcast` … `Comm.Iexscan`): the same buffer specifications and
 * builders as the blocking ones (bufspec.ts), then the addon's `i*` call, which returns a request
 * id. The `Request` keeps every JS object MPI reads or writes until it completes: the buffers'
 * memory and the counts/displacements/datatype arrays that MPI points into (v- and w-variants get
 * fresh records per call for that reason; plain records are reused, their fields are copied).
 *
 * Intercommunicators follow MPI: blocks address the remote group; the root passes `MPI.ROOT`, the
 * other processes of its group `MPI.PROC_NULL`, the remote group the root's rank.
 */
import { native } from './native';
import { liveHandle } from './handle';
import { withOptions } from './options';
import { argRangeError, checkInt } from './errors';
import { Request } from './Request';
import { OPS, Op, checkOp } from './Op';
import {
  CollMsg, VMsg, buildReduction, checkBlockMatch, checkReduceScatter, fillRecvcounts, parseCollBuffer,
  checkPair, parseReduceScatter, parseVBuffer, parseWBuffer, reductionType,
} from './bufspec';
import type { Comm } from './Comm';

const ROOT = native.constants.ROOT as number;
const PROC_NULL = native.constants.PROC_NULL as number;
const SUM = OPS.SUM;

// Plain records: every field the addon needs is copied into the call, so they are reused.
const sMsg = new CollMsg();
const rMsg = new CollMsg();

/** The shape of one collective call on this process. */
interface Shape {
  h: number;
  inter: boolean;
  /** Processes addressed by per-process blocks: the size, or the remote size of an intercommunicator. */
  n: number;
  rank: number;
  /** Rooted collectives: this process supplies the root-side buffers. */
  isRoot: boolean;
  /** Rooted collectives: this process supplies the non-root-side buffers. */
  isLeaf: boolean;
  root: number;
}
const shape: Shape = { h: 0, inter: false, n: 0, rank: 0, isRoot: false, isLeaf: true, root: 0 };

/** Fills `shape` for a call of `method` (`Comm.Ibcast`); `root` undefined: not a rooted collective. */
function shapeOf(comm: Comm, method: string, root?: unknown): Shape {
  const h = liveHandle(comm, 'Comm', method.slice(5));
  shape.h = h;
  shape.inter = native.commTestInter(h);
  shape.rank = native.commRank(h);
  shape.n = shape.inter ? native.commRemoteSize(h) : native.commSize(h);
  if (root === undefined) return shape;
  const r = checkInt(method, 'root', root);
  if (shape.inter) {
    if (r !== ROOT && r !== PROC_NULL && (r < 0 || r >= shape.n)) {
      throw argRangeError(method, 'root', `must be MPI.ROOT, MPI.PROC_NULL or a rank of the remote group (size ${shape.n}), got ${r}`);
    }
    shape.isRoot = r === ROOT;
    shape.isLeaf = r >= 0;
  } else {
    if (r < 0 || r >= shape.n) throw argRangeError(method, 'root', `is out of range: ${r} (the communicator has ${shape.n} process(es))`);
    shape.isRoot = r === shape.rank;
    shape.isLeaf = true;
  }
  shape.root = r;
  return shape;
}

/** The objects MPI uses until completion: memory, and the counts arrays of v-variants. */
function keepOf(a: CollMsg, b: CollMsg | null, extra: unknown = null): unknown[] {
  const keep: unknown[] = [];
  for (const m of [a, b]) {
    if (m === null) continue;
    if (m.buf !== null) keep.push(m.buf);
    if (m instanceof VMsg) keep.push(m.counts, m.displs, m.types);
  }
  if (extra !== null) keep.push(extra);
  return keep;
}

/** `Comm.Ibcast`, or `Comm.Bcast` for the blocking form of the same shape. */
function named(blocking: boolean, kind: string): string {
  return `Comm.${blocking ? kind.charAt(1).toUpperCase() + kind.slice(2) : kind}`;
}

/**
 * Starts the nonblocking call (a Request that keeps `keep` alive), or makes the blocking one: both
 * natives take the same arguments (the blocking form returns nothing).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function start<A extends any[]>(nonblocking: boolean, icall: (...a: A) => number, call: (...a: A) => void, keep: unknown, ...args: A): Request | undefined {
  if (!nonblocking) {
    call(...args);
    return undefined;
  }
  return new Request(icall(...args), keep);
}

function rootOpt(method: string, root: unknown): unknown {
  return typeof root === 'number' ? root : withOptions(method, [root], ['root'], [0])[0];
}

function opOpt(method: string, op: unknown): unknown {
  return op instanceof Op ? op : withOptions(method, [op], ['op'], [SUM])[0];
}

export function ibcast(comm: Comm, buf: unknown, root: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ibcast');
  const c = shapeOf(comm, M, rootOpt(M, root));
  const m = parseCollBuffer(M, 'buf', buf, sMsg, 1, !c.inter || c.root !== PROC_NULL, false);
  return start(!blocking, native.ibcast, native.bcast, keepOf(m, null), c.h, m.raw, m.offset, m.count, m.tid, c.root);
}

export function iscatter(comm: Comm, sendbuf: unknown, recvbuf: unknown, root: unknown, v: boolean, blocking = false): Request | undefined {
  const M = named(blocking, v ? 'Iscatterv' : 'Iscatter');
  const c = shapeOf(comm, M, rootOpt(M, root));
  const d = parseCollBuffer(M, 'recvbuf', recvbuf, rMsg, 1, c.isLeaf, c.isRoot && !c.inter);
  if (v) {
    const s = parseVBuffer(M, 'sendbuf', sendbuf, new VMsg(), c.n, c.isRoot, false);
    if (!c.inter) checkPair(M, s, d, c.rank);
    return start(!blocking, native.iscatterv, native.scatterv, keepOf(s, d), c.h, s.raw, s.offset, s.counts, s.displs, s.tid, d.raw, d.offset, d.count, d.tid, c.root);
  }
  const s = parseCollBuffer(M, 'sendbuf', sendbuf, sMsg, c.n, c.isRoot, false);
  checkBlockMatch(M, s, d);
  return start(!blocking, native.iscatter, native.scatter, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, c.root);
}

export function igather(comm: Comm, sendbuf: unknown, recvbuf: unknown, root: unknown, v: boolean, blocking = false): Request | undefined {
  const M = named(blocking, v ? 'Igatherv' : 'Igather');
  const c = shapeOf(comm, M, rootOpt(M, root));
  const s = parseCollBuffer(M, 'sendbuf', sendbuf, sMsg, 1, c.isLeaf, c.isRoot && !c.inter);
  if (v) {
    const d = parseVBuffer(M, 'recvbuf', recvbuf, new VMsg(), c.n, c.isRoot, false);
    if (!c.inter) checkPair(M, s, d, c.rank);
    return start(!blocking, native.igatherv, native.gatherv, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid, c.root);
  }
  const d = parseCollBuffer(M, 'recvbuf', recvbuf, rMsg, c.n, c.isRoot, false);
  checkBlockMatch(M, s, d);
  return start(!blocking, native.igather, native.gather, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, c.root);
}

export function iallgather(comm: Comm, sendbuf: unknown, recvbuf: unknown, v: boolean, blocking = false): Request | undefined {
  const M = named(blocking, v ? 'Iallgatherv' : 'Iallgather');
  const c = shapeOf(comm, M);
  const s = parseCollBuffer(M, 'sendbuf', sendbuf, sMsg, 1, true, !c.inter);
  if (v) {
    const d = parseVBuffer(M, 'recvbuf', recvbuf, new VMsg(), c.n, true, false);
  if (!c.inter) checkPair(M, s, d, c.rank);
    if (!c.inter) checkPair(M, s, d, c.rank);
    return start(!blocking, native.iallgatherv, native.allgatherv, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid);
  }
  const d = parseCollBuffer(M, 'recvbuf', recvbuf, rMsg, c.n, true, false);
  checkBlockMatch(M, s, d);
  return start(!blocking, native.iallgather, native.allgather, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid);
}

export function ialltoall(comm: Comm, sendbuf: unknown, recvbuf: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ialltoall');
  const c = shapeOf(comm, M);
  const s = parseCollBuffer(M, 'sendbuf', sendbuf, sMsg, c.n, true, !c.inter);
  const d = parseCollBuffer(M, 'recvbuf', recvbuf, rMsg, c.n, true, false);
  checkBlockMatch(M, s, d);
  return start(!blocking, native.ialltoall, native.alltoall, keepOf(s, d), c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid);
}

export function ialltoallv(comm: Comm, sendbuf: unknown, recvbuf: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ialltoallv');
  const c = shapeOf(comm, M);
  const s = parseVBuffer(M, 'sendbuf', sendbuf, new VMsg(), c.n, true, !c.inter);
  const d = parseVBuffer(M, 'recvbuf', recvbuf, new VMsg(), c.n, true, false);
  if (!c.inter) checkPair(M, s, d, c.rank);
  return start(!blocking, native.ialltoallv, native.alltoallv, keepOf(s, d), c.h, s.raw, s.offset, s.counts, s.displs, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid);
}

export function ialltoallw(comm: Comm, sendbuf: unknown, recvbuf: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ialltoallw');
  const c = shapeOf(comm, M);
  const s = parseWBuffer(M, 'sendbuf', sendbuf, new VMsg(), c.n, !c.inter);
  const d = parseWBuffer(M, 'recvbuf', recvbuf, new VMsg(), c.n, false);
  return start(!blocking, native.ialltoallw, native.alltoallw, keepOf(s, d), c.h, s.raw, s.offset, s.counts, s.displs, s.types, d.raw, d.offset, d.counts, d.displs, d.types);
}

export function ireduce(comm: Comm, sendbuf: unknown, recvbuf: unknown, op: unknown, root: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ireduce');
  if (!(op instanceof Op) || typeof root !== 'number') [op, root] = withOptions(M, [op, root], ['op', 'root'], [SUM, 0]);
  const c = shapeOf(comm, M, root);
  let count: number;
  let ref: CollMsg;
  if (c.inter && !c.isLeaf) {
    // The root's group: only the root receives, nobody sends.
    parseCollBuffer(M, 'sendbuf', null, sMsg, 1, false, false);
    ref = parseCollBuffer(M, 'recvbuf', recvbuf, rMsg, 1, c.isRoot, false);
    reductionType(ref);
    count = ref.count;
  } else {
    count = buildReduction(M, sendbuf, recvbuf, sMsg, rMsg, 1, c.isRoot, c.isRoot && !c.inter);
    ref = sMsg;
  }
  const o = checkOp(M, op, ref.raw === null ? null : ref.type);
  return start(!blocking, native.ireduce, native.reduce, keepOf(sMsg, rMsg, op), c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, count, ref.tid, o, c.root);
}

/** Iallreduce, Iscan, Iexscan and Ireduce_scatter_block: one reduction shape, `blocks` per-process blocks in `sendbuf`. */
export function ireduction(comm: Comm, kind: 'Iallreduce' | 'Iscan' | 'Iexscan' | 'Ireduce_scatter_block', sendbuf: unknown,
  recvbuf: unknown, op: unknown, blocking = false): Request | undefined {
  const M = named(blocking, kind);
  op = opOpt(M, op);
  const c = shapeOf(comm, M);
  // Reduce_scatter_block: one block per process of the local group, also on an intercommunicator
  // (MPI: count = n × recvcount, n the size of the group; the other group's vector has the same count).
  const blocks = kind !== 'Ireduce_scatter_block' ? 1 : c.inter ? native.commSize(c.h) : c.n;
  const count = buildReduction(M, sendbuf, recvbuf, sMsg, rMsg, blocks, true, !c.inter);
  const o = checkOp(M, op, sMsg.type);
  const [fi, fb] = kind === 'Iallreduce' ? [native.iallreduce, native.allreduce] : kind === 'Iscan' ? [native.iscan, native.scan]
    : kind === 'Iexscan' ? [native.iexscan, native.exscan] : [native.ireduceScatterBlock, native.reduceScatterBlock];
  return start(!blocking, fi, fb, keepOf(sMsg, rMsg, op), c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, count, sMsg.tid, o);
}

export function ireduceScatter(comm: Comm, sendbuf: unknown, recvbuf: unknown, recvcounts: unknown, op: unknown, blocking = false): Request | undefined {
  const M = named(blocking, 'Ireduce_scatter');
  if (!(op instanceof Op) || (recvcounts !== null && typeof recvcounts === 'object' && !Array.isArray(recvcounts) && !ArrayBuffer.isView(recvcounts))) {
    [recvcounts, op] = withOptions(M, [recvcounts, op], ['recvcounts', 'op'], [null, SUM]);
  }
  const c = shapeOf(comm, M);
  const t = parseReduceScatter(M, sendbuf, recvbuf, sMsg, rMsg);
  // Gathering the counts (as the blocking form may) would make this call block.
  if (recvcounts === null || recvcounts === undefined) throw new TypeError(`${M}: argument 'recvcounts' is required`);
  const counts = new Int32Array(native.commSize(c.h));
  fillRecvcounts(M, recvcounts, counts.length, counts);
  checkReduceScatter(M, sMsg, rMsg, counts, c.inter ? -1 : c.rank);
  const o = checkOp(M, op, t.type);
  return start(!blocking, native.ireduceScatter, native.reduceScatter, keepOf(sMsg, rMsg, [counts, op]), c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, counts, t.tid, o);
}
