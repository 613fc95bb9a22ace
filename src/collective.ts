/**
 * The collective builder (mpi4py's `for_bcast`, `for_gather`, … of msgbuffer.pxi): every upper-case
 * collective — blocking, nonblocking and persistent (MPI-4 `MPI_<Op>_init`), intra- and intercommunicator,
 * neighbourhood ones too — is one call here. A builder resolves the shape of the call on this process (`shapeOf`: intra/inter, the
 * processes the blocks address; `rootedShapeOf`: root or leaf), applies the root / `MPI.IN_PLACE` / v-variant /
 * intercommunicator rules once, fills the records (bufspec.ts), then calls the blocking native
 * function of its form (`Form`: blocking, nonblocking, persistent); all three take the same arguments, the
 * persistent one the info id last.
 *
 * Records: plain ones are module-level and reused (the addon copies their fields into the call, so a
 * small blocking collective allocates nothing). v- and w-variants reuse records when blocking and get
 * fresh ones when nonblocking, because MPI reads their counts/displacements arrays until completion.
 * A nonblocking call returns a Request that keeps every JS object MPI reads or writes (`keepOf`); a
 * persistent call a Prequest that keeps them (and the addon their memory, pinned) until it is freed.
 *
 * Intercommunicators follow MPI: blocks address the remote group; the root passes `MPI.ROOT`, the
 * other processes of its group `MPI.PROC_NULL`, the remote group the root's rank.
 */
import { native, S } from './native';
import { HANDLE, liveHandle } from './handle';
import { withOptions } from './options';
import { argRangeError, checkInt } from './errors';
import { Request } from './Request';
import { Prequest } from './Prequest';
import { usageError } from './errors';
import { withInfo, type InfoArg } from './Info';
import { OPS, Op, checkOp } from './Op';
import {
  CollMsg, IN_PLACE, VMsg, buildReduction, checkBlockMatch, checkDisjoint, checkPair, checkReduceScatter, checkSelfBlock, checkSelfBlocks, fillRecvcounts,
  parseCollBuffer, parseReduceScatter, parseVBuffer, parseWBuffer, reductionType,
} from './bufspec';
import { DATATYPES } from './Datatype';
import type { Comm } from './Comm';

const ROOT = native.constants.ROOT as number;
const PROC_NULL = native.constants.PROC_NULL as number;
const INT32 = DATATYPES.INT32_T[HANDLE];
const SUM = OPS.SUM;

// Blocking calls are synchronous and the addon copies plain records' fields: one record per position.
const sMsg = new CollMsg();
const rMsg = new CollMsg();
const sVec = new VMsg();
const rVec = new VMsg();
const myCount = new Int32Array(1);

/** What a communicator's collectives need and never changes while it lives (cached on the object). */
interface CommInfo {
  h: number;
  inter: boolean;
  rank: number;
  size: number;
  /** Processes addressed by per-process blocks: the size, or the remote size of an intercommunicator. */
  n: number;
  /** Topologies: in- and out-degree (-1 until asked). */
  indeg: number;
  outdeg: number;
  /** 1-process topologies: the neighbour blocks whose neighbour is this process (computed when asked). */
  selfBlocks?: Int32Array;
}
const INFO: unique symbol = Symbol('mpi4js.commInfo');
type WithInfo = { [INFO]?: CommInfo };

/** The shape of one rooted collective call on this process (valid until the next call of a builder). */
export interface Shape extends CommInfo {
  /** Rooted collectives: this process supplies the root-side buffers. */
  isRoot: boolean;
  /** Rooted collectives: this process supplies the non-root-side buffers. */
  isLeaf: boolean;
  root: number;
}
const shape: Shape = { h: 0, inter: false, rank: 0, size: 0, n: 0, indeg: -1, outdeg: -1, isRoot: false, isLeaf: true, root: 0 };

function infoOf(comm: Comm, h: number): CommInfo {
  let info = (comm as WithInfo)[INFO];
  if (info === undefined || info.h !== h) {
    const inter = native.commTestInter(h);
    const size = native.commSize(h);
    info = { h, inter, rank: native.commRank(h), size, n: inter ? native.commRemoteSize(h) : size, indeg: -1, outdeg: -1 };
    (comm as WithInfo)[INFO] = info;
  }
  return info;
}

/**
 * Resolves the shape of a call of `method` (`Comm.Bcast`, named in errors) on `comm`: its live handle,
 * intra/inter, its size and the processes blocks address (the cached record itself: read only).
 */
export function shapeOf(comm: Comm, method: string): Readonly<CommInfo> {
  return infoOf(comm, liveHandle(comm, 'Comm', method));
}

/**
 * The shape of a rooted call: also whether this process is the root and whether it is a leaf, by
 * MPI's rules (intracommunicator: a rank; intercommunicator: `MPI.ROOT`, `MPI.PROC_NULL` or a rank of
 * the remote group).
 */
export function rootedShapeOf(comm: Comm, method: string, root: unknown): Shape {
  const info = shapeOf(comm, method);
  const r = checkInt(method, 'root', root);
  const c = shape;
  c.h = info.h;
  c.inter = info.inter;
  c.rank = info.rank;
  c.size = info.size;
  c.n = info.n;
  if (c.inter) {
    if (r !== ROOT && r !== PROC_NULL && (r < 0 || r >= c.n)) {
      throw argRangeError(method, 'root', `must be MPI.ROOT, MPI.PROC_NULL or a rank of the remote group (size ${c.n}), got ${r}`);
    }
    c.isRoot = r === ROOT;
    c.isLeaf = r >= 0;
  } else {
    if (r < 0 || r >= c.n) throw argRangeError(method, 'root', `is out of range: ${r} (the communicator has ${c.n} process(es))`);
    c.isRoot = r === c.rank;
    c.isLeaf = true;
  }
  c.root = r;
  return c;
}

/** The shape of a neighbourhood collective: with the in- and out-degree of the topology (cached). */
function topoShapeOf(comm: Comm, method: string): Readonly<CommInfo> {
  const info = infoOf(comm, liveHandle(comm, 'Comm', method));
  if (info.indeg < 0) [info.indeg, info.outdeg] = native.neighborCounts(info.h);
  return info;
}

const NO_BLOCKS = new Int32Array(0);

/**
 * The neighbour blocks of a 1-process topology whose neighbour is this process: all of them but a
 * non-periodic Cartesian dimension's two (MPI.PROC_NULL); none on larger communicators.
 */
function selfBlocks(c: CommInfo): Int32Array {
  if (c.size !== 1) return NO_BLOCKS;
  if (c.selfBlocks === undefined) {
    const periods = native.topoTest(c.h) === native.topoConstants.CART ? native.cartGet(c.h)[1] : null;
    const ks: number[] = [];
    for (let k = 0; k < Math.min(c.indeg, c.outdeg); k++) if (periods === null || periods[k >> 1]) ks.push(k);
    c.selfBlocks = Int32Array.from(ks);
  }
  return c.selfBlocks;
}

/** The objects MPI uses until completion: memory, the counts arrays of v-variants, and `extra`. */
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

/**
 * The persistent form of a collective (`MPI_<Op>_init`), with the id of its info (`persistent` resolves
 * the `info` argument around the call with withInfo, src/Info.ts).
 */
export class Persistent {
  constructor(readonly info: number) {}
}

/** The form of a call: `false` blocking, `true` nonblocking, a `Persistent` record persistent. */
export type Form = boolean | Persistent;

/**
 * Runs the persistent form of a collective `method` with its `info` (an MPI.Info, a plain object or
 * null). A library without persistent collectives (decided when the addon was built) refuses it
 * with an MPI.Exception of class ERR_UNSUPPORTED_OPERATION.
 */
export function persistent(method: string, info: unknown, fn: (form: Persistent) => Request | undefined): Prequest {
  if (!native.persistentCollectives) {
    throw usageError('ERR_UNSUPPORTED_OPERATION', `${method}: persistent collectives are not supported by this MPI library`);
  }
  // `Comm.Gather_init` -> `Gather`: a library whose MPI_Gather_init is known to be wrong refuses it.
  const why = native.persistentRefused[method.slice(method.indexOf('.') + 1, -'_init'.length)];
  if (why !== undefined) throw usageError('ERR_UNSUPPORTED_OPERATION', `${method}: refused with this MPI library: ${why}`);
  return withInfo(method, info as InfoArg, (i) => fn(new Persistent(i))) as Prequest;
}

/** The native function of the form; every form takes the persistent one's arguments (the others ignore the info id). */
function pick<P>(form: Form, blocking: unknown, nonblocking: unknown, persist: P): P {
  return (form === false ? blocking : form === true ? nonblocking : persist) as P;
}

/** The info id of the form's call (null: none). */
function mpiInfoOf(form: Form): number | null {
  return typeof form === 'boolean' ? null : form.info;
}

/** The v/w record of a position: reused when blocking, fresh when MPI reads it after the call returns. */
function vRecord(nb: Form, scratch: VMsg): VMsg {
  return nb !== false ? new VMsg() : scratch;
}

/** The root argument, or the `root` of an options object (mpi4py's keyword). */
function rootOpt(method: string, root: unknown): unknown {
  return typeof root === 'number' ? root : withOptions(method, [root], ['root'], [0])[0];
}

/** The op argument, or the `op` of an options object. */
function opOpt(method: string, op: unknown): unknown {
  return op instanceof Op ? op : withOptions(method, [op], ['op'], [SUM])[0];
}

/** A nonblocking call's Request or a persistent call's Prequest, which keeps `keep`; the blocking call's undefined. */
function started(nb: Form, id: number | void, a: CollMsg, b: CollMsg | null, extra: unknown = null): Request | undefined {
  if (nb === false) return undefined;
  return nb === true ? new Request(id as number, keepOf(a, b, extra)) : new Prequest(id as number, keepOf(a, b, extra));
}

/** `MPI_Barrier` and its forms (the persistent one: `MPI_Barrier_init`). */
export function barrier(comm: Comm, method: string, nb: Form): Request | undefined {
  const c = shapeOf(comm, method);
  const id = pick(nb, native.barrier, native.ibarrier, native.barrierInit)(c.h, mpiInfoOf(nb));
  if (nb === false) return undefined;
  return nb === true ? new Request(id) : new Prequest(id);
}

/** `MPI_(I)bcast`: `buf` is sent by the root, received elsewhere; ignored (may be null) in the root's group but the root. */
export function bcast(comm: Comm, method: string, buf: unknown, root: unknown, nb: Form): Request | undefined {
  const c = rootedShapeOf(comm, method, rootOpt(method, root));
  const m = parseCollBuffer(method, 'buf', buf, sMsg, 1, !c.inter || c.root !== PROC_NULL, false);
  const f = pick(nb, native.bcast, native.ibcast, native.bcastInit);
  return started(nb, f(c.h, m.raw, m.offset, m.count, m.tid, c.root, mpiInfoOf(nb)), m, null);
}

/** `MPI_(I)scatter(v)`: the root's `sendbuf` holds n blocks (`v`: a v-spec), the leaves receive one; the root of an intracommunicator may receive `MPI.IN_PLACE`. */
export function scatter(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, root: unknown, v: boolean, nb: Form): Request | undefined {
  const c = rootedShapeOf(comm, method, rootOpt(method, root));
  const d = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, 1, c.isLeaf, c.isRoot && !c.inter);
  if (v) {
    const s = parseVBuffer(method, 'sendbuf', sendbuf, vRecord(nb, sVec), c.n, c.isRoot, false);
    if (!c.inter) checkPair(method, s, d, c.rank);
    const f = pick(nb, native.scatterv, native.iscatterv, native.scattervInit);
    return started(nb, f(c.h, s.raw, s.offset, s.counts, s.displs, s.tid, d.raw, d.offset, d.count, d.tid, c.root, mpiInfoOf(nb)), s, d);
  }
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, c.n, c.isRoot, false);
  checkBlockMatch(method, s, d);
  const f = pick(nb, native.scatter, native.iscatter, native.scatterInit);
  return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, c.root, mpiInfoOf(nb)), s, d);
}

/** `MPI_(I)gather(v)`: the leaves send one block, the root's `recvbuf` holds n (`v`: a v-spec); the root of an intracommunicator may send `MPI.IN_PLACE`. */
export function gather(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, root: unknown, v: boolean, nb: Form): Request | undefined {
  const c = rootedShapeOf(comm, method, rootOpt(method, root));
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, 1, c.isLeaf, c.isRoot && !c.inter);
  if (v) {
    const d = parseVBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.n, c.isRoot, false);
    if (!c.inter) checkPair(method, s, d, c.rank);
    const f = pick(nb, native.gatherv, native.igatherv, native.gathervInit);
    return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid, c.root, mpiInfoOf(nb)), s, d);
  }
  const d = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, c.n, c.isRoot, false);
  checkBlockMatch(method, s, d);
  const f = pick(nb, native.gather, native.igather, native.gatherInit);
  return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, c.root, mpiInfoOf(nb)), s, d);
}

/** `MPI_(I)allgather(v)`: one block from each of the n processes into every `recvbuf`; `MPI.IN_PLACE` on an intracommunicator. */
export function allgather(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, v: boolean, nb: Form): Request | undefined {
  const c = shapeOf(comm, method);
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, 1, true, !c.inter);
  if (v) {
    const d = parseVBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.n, true, false);
    if (!c.inter) checkPair(method, s, d, c.rank);
    const f = pick(nb, native.allgatherv, native.iallgatherv, native.allgathervInit);
    return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid, mpiInfoOf(nb)), s, d);
  }
  const d = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, c.n, true, false);
  checkBlockMatch(method, s, d);
  const f = pick(nb, native.allgather, native.iallgather, native.allgatherInit);
  return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, mpiInfoOf(nb)), s, d);
}

/** `MPI_(I)alltoall(v|w)` (`kind` '', 'v' or 'w'): block j of `sendbuf` to process j; `MPI.IN_PLACE` on an intracommunicator. */
export function alltoall(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, kind: '' | 'v' | 'w', nb: Form): Request | undefined {
  const c = shapeOf(comm, method);
  if (kind === 'w') {
    const s = parseWBuffer(method, 'sendbuf', sendbuf, vRecord(nb, sVec), c.n, !c.inter);
    const d = parseWBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.n, false);
    const f = pick(nb, native.alltoallw, native.ialltoallw, native.alltoallwInit);
    return started(nb, f(c.h, s.raw, s.offset, s.counts, s.displs, s.types, d.raw, d.offset, d.counts, d.displs, d.types, mpiInfoOf(nb)), s, d);
  }
  if (kind === 'v') {
    const s = parseVBuffer(method, 'sendbuf', sendbuf, vRecord(nb, sVec), c.n, true, !c.inter);
    const d = parseVBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.n, true, false);
    if (!c.inter) checkPair(method, s, d, c.rank);
    const f = pick(nb, native.alltoallv, native.ialltoallv, native.alltoallvInit);
    return started(nb, f(c.h, s.raw, s.offset, s.counts, s.displs, s.tid, d.raw, d.offset, d.counts, d.displs, d.tid, mpiInfoOf(nb)), s, d);
  }
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, c.n, true, !c.inter);
  const d = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, c.n, true, false);
  checkBlockMatch(method, s, d);
  const f = pick(nb, native.alltoall, native.ialltoall, native.alltoallInit);
  return started(nb, f(c.h, s.raw, s.offset, s.count, s.tid, d.raw, d.offset, d.count, d.tid, mpiInfoOf(nb)), s, d);
}

/**
 * `MPI_(I)reduce`: every leaf sends, the root receives (`recvbuf` ignored elsewhere; the root of an
 * intracommunicator may send `MPI.IN_PLACE`). On an intercommunicator the root's group sends nothing.
 */
export function reduce(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, op: unknown, root: unknown, nb: Form): Request | undefined {
  if (!(op instanceof Op) || typeof root !== 'number') [op, root] = withOptions(method, [op, root], ['op', 'root'], [SUM, 0]);
  const c = rootedShapeOf(comm, method, root);
  let count: number;
  let ref: CollMsg;
  if (c.inter && !c.isLeaf) {
    // The root's group: only the root receives, nobody sends.
    parseCollBuffer(method, 'sendbuf', null, sMsg, 1, false, false);
    ref = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, 1, c.isRoot, false);
    reductionType(ref);
    count = ref.count;
  } else {
    count = buildReduction(method, sendbuf, recvbuf, sMsg, rMsg, 1, c.isRoot, c.isRoot && !c.inter);
    ref = sMsg;
  }
  const o = checkOp(method, op, ref.raw === null ? null : ref.type);
  const f = pick(nb, native.reduce, native.ireduce, native.reduceInit);
  return started(nb, f(c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, count, ref.tid, o, c.root, mpiInfoOf(nb)), sMsg, rMsg, op);
}

/** The unrooted reductions of one shape (`sendbuf`, `recvbuf`, count, datatype, op). */
export type Reduction = 'allreduce' | 'scan' | 'exscan' | 'reduce_scatter_block';

const REDUCTIONS = {
  allreduce: [native.allreduce, native.iallreduce, native.allreduceInit],
  scan: [native.scan, native.iscan, native.scanInit],
  exscan: [native.exscan, native.iexscan, native.exscanInit],
  reduce_scatter_block: [native.reduceScatterBlock, native.ireduceScatterBlock, native.reduceScatterBlockInit],
} as const;

/**
 * `MPI_(I)allreduce`, `(I)scan`, `(I)exscan`, `(I)reduce_scatter_block`: `sendbuf` may be `MPI.IN_PLACE`
 * on an intracommunicator. Reduce_scatter_block: `sendbuf` holds one block per process of the local
 * group, also on an intercommunicator (the other group's vector has the same count).
 */
export function reduction(comm: Comm, method: string, kind: Reduction, sendbuf: unknown, recvbuf: unknown, op: unknown, nb: Form): Request | undefined {
  op = opOpt(method, op);
  const c = shapeOf(comm, method);
  const blocks = kind === 'reduce_scatter_block' ? c.size : 1;
  const count = buildReduction(method, sendbuf, recvbuf, sMsg, rMsg, blocks, true, !c.inter);
  const o = checkOp(method, op, sMsg.type);
  if (kind === 'allreduce' && nb === false) {
    // The scratch form (src/native.ts): numbers at their positions in native.allreduce's signature.
    S[0] = c.h; S[2] = sMsg.offset; S[4] = rMsg.offset; S[5] = count; S[6] = sMsg.tid; S[7] = o;
    native.allreduceScratch(sMsg.raw, rMsg.raw);
    return undefined;
  }
  const [b, i, p] = REDUCTIONS[kind];
  return started(nb, pick(nb, b, i, p)(c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, count, sMsg.tid, o, mpiInfoOf(nb)), sMsg, rMsg, op);
}

function isCountsOption(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * `MPI_(I)reduce_scatter`: `recvcounts[i]` elements to local process i. The blocking form on an
 * intracommunicator may leave `recvcounts` out: each process's count is then the length of its
 * `recvbuf`, gathered with `MPI_Allgather`.
 */
export function reduceScatter(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, recvcounts: unknown, op: unknown,
  nb: Form): Request | undefined {
  if (!(op instanceof Op) || isCountsOption(recvcounts)) [recvcounts, op] = withOptions(method, [recvcounts, op], ['recvcounts', 'op'], [null, SUM]);
  const c = shapeOf(comm, method);
  const given = recvcounts !== null && recvcounts !== undefined;
  // Gathering the counts would make a nonblocking call block; on an intercommunicator it would gather the other group's.
  if (!given && (nb !== false || c.inter)) throw new TypeError(`${method}: argument 'recvcounts' is required`);
  if (!given && sendbuf === IN_PLACE) throw new TypeError(`${method}: argument 'recvcounts' is required when 'sendbuf' is MPI.IN_PLACE`);
  const t = parseReduceScatter(method, sendbuf, recvbuf, sMsg, rMsg);
  const counts = nb !== false ? new Int32Array(c.size) : (rVec.resize(c.size), rVec.counts);
  if (given) {
    fillRecvcounts(method, recvcounts, c.size, counts);
  } else {
    myCount[0] = rMsg.count;
    native.allgather(c.h, myCount, 0, 1, INT32, counts, 0, 1, INT32);
  }
  checkReduceScatter(method, sMsg, rMsg, counts, c.inter ? -1 : c.rank);
  const o = checkOp(method, op, t.type);
  const f = pick(nb, native.reduceScatter, native.ireduceScatter, native.reduceScatterInit);
  return started(nb, f(c.h, sMsg.raw, sMsg.offset, rMsg.raw, rMsg.offset, counts, t.tid, o, mpiInfoOf(nb)), sMsg, rMsg, [counts, op]);
}

// ---- neighbourhood collectives (Topocomm) ---------------------------------------------------
// Blocks address the in-neighbours (receive) and out-neighbours (send); no root, no MPI.IN_PLACE.
// A plain buffer's count, automatic or explicit, is the whole buffer: it is divided by the degree.

/** Element count per neighbour block of a buffer holding `blocks` equal blocks. */
function perBlock(method: string, arg: string, m: CollMsg, blocks: number): number {
  if (blocks === 0) return 0;
  if (m.count % blocks !== 0) {
    throw argRangeError(method, arg, `holds ${m.count} element(s), not a multiple of the ${blocks} neighbour(s)`);
  }
  return m.count / blocks;
}

/** `MPI_(I)neighbor_allgather(v)`: `sendbuf` to every out-neighbour, one block (`v`: a v-spec) from each in-neighbour. */
export function neighborAllgather(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, v: boolean, nb: Form): Request | undefined {
  const c = topoShapeOf(comm, method);
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, 1, true, false);
  if (v) {
    const r = parseVBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.indeg, true, false);
    checkSelfBlocks(method, s, r, selfBlocks(c), false);
    checkDisjoint(method, s, r);
    const f = pick(nb, native.neighborAllgatherv, native.ineighborAllgatherv, native.neighborAllgathervInit);
    return started(nb, f(c.h, s.buf, s.offset, s.count, s.tid, r.buf, r.offset, r.counts, r.displs, r.tid, mpiInfoOf(nb)), s, r);
  }
  const r = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, 1, true, false);
  const rc = perBlock(method, 'recvbuf', r, c.indeg);
  if (c.indeg > 0 && c.size === 1) checkSelfBlock(method, s, s.count, r, rc);
  checkDisjoint(method, s, r);
  const f = pick(nb, native.neighborAllgather, native.ineighborAllgather, native.neighborAllgatherInit);
  return started(nb, f(c.h, s.buf, s.offset, s.count, s.tid, r.buf, r.offset, rc, r.tid, mpiInfoOf(nb)), s, r);
}

/** `MPI_(I)neighbor_alltoall(v|w)` (`kind` '', 'v' or 'w'): block i to out-neighbour i, block j from in-neighbour j. */
export function neighborAlltoall(comm: Comm, method: string, sendbuf: unknown, recvbuf: unknown, kind: '' | 'v' | 'w', nb: Form): Request | undefined {
  const c = topoShapeOf(comm, method);
  if (kind === 'w') {
    const s = parseWBuffer(method, 'sendbuf', sendbuf, vRecord(nb, sVec), c.outdeg, false);
    const r = parseWBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.indeg, false);
    checkSelfBlocks(method, s, r, selfBlocks(c), true);
    const f = pick(nb, native.neighborAlltoallw, native.ineighborAlltoallw, native.neighborAlltoallwInit);
    return started(nb, f(c.h, s.buf, s.offset, s.counts, s.displs, s.types, r.buf, r.offset, r.counts, r.displs, r.types, mpiInfoOf(nb)), s, r);
  }
  if (kind === 'v') {
    const s = parseVBuffer(method, 'sendbuf', sendbuf, vRecord(nb, sVec), c.outdeg, true, false);
    const r = parseVBuffer(method, 'recvbuf', recvbuf, vRecord(nb, rVec), c.indeg, true, false);
    checkSelfBlocks(method, s, r, selfBlocks(c), false);
    checkDisjoint(method, s, r);
    const f = pick(nb, native.neighborAlltoallv, native.ineighborAlltoallv, native.neighborAlltoallvInit);
    return started(nb, f(c.h, s.buf, s.offset, s.counts, s.displs, s.tid, r.buf, r.offset, r.counts, r.displs, r.tid, mpiInfoOf(nb)), s, r);
  }
  const s = parseCollBuffer(method, 'sendbuf', sendbuf, sMsg, 1, true, false);
  const sc = perBlock(method, 'sendbuf', s, c.outdeg);
  const r = parseCollBuffer(method, 'recvbuf', recvbuf, rMsg, 1, true, false);
  const rc = perBlock(method, 'recvbuf', r, c.indeg);
  if (c.size === 1 && c.indeg > 0 && c.outdeg > 0) checkSelfBlock(method, s, sc, r, rc);
  checkDisjoint(method, s, r);
  const f = pick(nb, native.neighborAlltoall, native.ineighborAlltoall, native.neighborAlltoallInit);
  return started(nb, f(c.h, s.buf, s.offset, sc, s.tid, r.buf, r.offset, rc, r.tid, mpiInfoOf(nb)), s, r);
}
