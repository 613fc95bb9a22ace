// Collectives and reductions, blocking and nonblocking (MPI_I*: same parsing, the request id is
// returned): one MPI call per function, no defaults (bufspec.ts and collective.ts build
// the arguments). Every pointer comes from message.cc's checks; a buffer a
// rank needs but did not pass is an error, never a write to nowhere.
//
// Raw conventions: a buffer argument is (buf, byteOffset, ...); buf `true` is MPI_IN_PLACE,
// null/undefined an ignored argument. Counts/displacements of v-variants are Int32Arrays with one
// entry per process of the (remote, for intercommunicators) group.
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "op.h"
#include "request.h"

namespace mpi4js {

namespace {

struct CommInfo {
  MPI_Comm handle;
  bool inter;
  int rank;
  int n;  // processes addressed by per-process blocks: size, or remote size for intercomms
};

// The shape was read once when the communicator was registered (handles.h WithShape).
CommInfo ReadCommInfo(const Args& a, size_t i) {
  CommEntry e = a.CommEntryAt(i);
  return CommInfo{e.handle, e.inter, e.rank, e.n};
}

// Whether this process supplies the root-side buffers of a rooted collective.
bool IsRoot(const CommInfo& c, int root) { return c.inter ? root == MPI_ROOT : root == c.rank; }
// Whether this process supplies the non-root side (on an intercommunicator, the other group's processes).
bool IsLeaf(const CommInfo& c, int root) { return c.inter ? root >= 0 : true; }

// MPI ignores the arguments of an MPI_PROC_NULL root's group on an intercommunicator, but Open MPI
// 4.1's libnbc skips a zero-count MPI_Ibcast there without advancing its collective tag, so every
// later nonblocking collective on the communicator hangs: such ignored counts are passed as 1.
int ProcNullCount(const CommInfo& c, int root, int count) {
  return c.inter && root == MPI_PROC_NULL && count == 0 ? 1 : count;
}

int32_t IntCount(Napi::Env env, int64_t v, const char* what) {
  if (v > INT_MAX) ThrowRange(env, std::string(what) + ": count beyond 2^31-1 is not supported by collectives");
  return static_cast<int32_t>(v);
}

// Every collective is one template body for its three forms (request.h Form, Call::Run):
// MPI_<Op>, MPI_I<op> returning the request id, and MPI_<Op>_init returning an inactive persistent
// request's id (the TS layer keeps the buffers and the counts arrays alive until it completes, or
// is freed; the Call's `hold` pins its buffers and owns native memory MPI reads).

// The end of a reduction: a user-defined op's failure in the blocking form is thrown here; the
// request of the nonblocking form owns the call's context (scratch and function) until it completes.
template <Form F>
Napi::Value DoneOp(Call<F>& k, int ierr, const OpUse& op) {
  if (F == Form::kBlocking) FinishOpCall(k.a.env(), op);
  if (F == Form::kNonblocking && ierr == MPI_SUCCESS) ArmCombine(op);
  if (k.hold) k.hold->owned = op.call;
  return k.Done(ierr);
}

// barrier(comm)
template <Form F>
Napi::Value Barrier(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  MPI_Comm comm = k.a.Comm(0);
  return k.Done(k.Run(MPI_Barrier, MPI_Ibarrier, MPI4JS_PCOLL(Barrier), comm));
}

// bcast(comm, buf, off, count, type, root)
template <Form F>
Napi::Value Bcast(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  int root = k.a.Int(5, "root");
  bool needed = !c.inter || root >= 0 || root == MPI_ROOT;
  Buffer b;
  k.a.Plain(1, b, "Bcast (buf)", k.Coll(1, needed, false));
  b.count = ProcNullCount(c, root, b.count);
  return k.Done(k.Run(MPI_Bcast, MPI_Ibcast, MPI4JS_PCOLL(Bcast), b.ptr, b.count, b.type, root, c.handle));
}

// The rooted and unrooted gather-like collectives: (comm, sbuf, soff, scount, stype, rbuf, roff,
// rcount, rtype[, root]); `Scatter`: the root's side is the send buffer, else the receive buffer.
template <Form F, bool Scatter>
Napi::Value Rooted(const Napi::CallbackInfo& info) {
  const char* sw = Scatter ? "Scatter (sendbuf)" : "Gather (sendbuf)";
  const char* rw = Scatter ? "Scatter (recvbuf)" : "Gather (recvbuf)";
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  int root = k.a.Int(9, "root");
  bool isRoot = IsRoot(c, root), leaf = IsLeaf(c, root);
  Buffer s, r;
  k.a.Plain(1, s, sw, k.Coll(Scatter ? c.n : 1, Scatter ? isRoot : leaf, !Scatter && isRoot && !c.inter));
  k.a.Plain(5, r, rw, k.Coll(Scatter ? 1 : c.n, Scatter ? leaf : isRoot, Scatter && isRoot && !c.inter));
  s.count = ProcNullCount(c, root, s.count);
  r.count = ProcNullCount(c, root, r.count);
  return k.Done(k.Run(Scatter ? MPI_Scatter : MPI_Gather, Scatter ? MPI_Iscatter : MPI_Igather,
                      Scatter ? MPI4JS_PCOLL_SCATTER : MPI4JS_PCOLL_GATHER, s.ptr, s.count, s.type, r.ptr, r.count,
                      r.type, root, c.handle));
}

// allgather / alltoall(comm, sbuf, soff, scount, stype, rbuf, roff, rcount, rtype): ToAll sends one
// block per process.
template <Form F, bool ToAll>
Napi::Value AllPlain(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  Buffer s, r;
  k.a.Plain(1, s, ToAll ? "Alltoall (sendbuf)" : "Allgather (sendbuf)", k.Coll(ToAll ? c.n : 1, true, !c.inter));
  k.a.Plain(5, r, ToAll ? "Alltoall (recvbuf)" : "Allgather (recvbuf)", k.Coll(c.n, true, false));
  return k.Done(k.Run(ToAll ? MPI_Alltoall : MPI_Allgather, ToAll ? MPI_Ialltoall : MPI_Iallgather,
                      ToAll ? MPI4JS_PCOLL(Alltoall) : MPI4JS_PCOLL_ALLGATHER, s.ptr, s.count, s.type, r.ptr, r.count,
                      r.type, c.handle));
}

// scatterv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcount, rtype, root)
template <Form F>
Napi::Value Scatterv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  int root = k.a.Int(10, "root");
  bool isRoot = IsRoot(c, root);
  VBuffer s;
  Buffer r;
  k.a.Vector(1, s, c.n, "Scatterv (sendbuf)", k.Coll(1, isRoot, false));
  k.a.Plain(6, r, "Scatterv (recvbuf)", k.Coll(1, IsLeaf(c, root), isRoot && !c.inter));
  r.count = ProcNullCount(c, root, r.count);
  return k.Done(k.Run(MPI_Scatterv, MPI_Iscatterv, MPI4JS_PCOLL(Scatterv), s.ptr, s.counts, s.displs, s.type, r.ptr, r.count, r.type, root, c.handle));
}

// gatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype, root)
template <Form F>
Napi::Value Gatherv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  int root = k.a.Int(10, "root");
  bool isRoot = IsRoot(c, root);
  Buffer s;
  VBuffer r;
  k.a.Plain(1, s, "Gatherv (sendbuf)", k.Coll(1, IsLeaf(c, root), isRoot && !c.inter));
  k.a.Vector(5, r, c.n, "Gatherv (recvbuf)", k.Coll(1, isRoot, false));
  s.count = ProcNullCount(c, root, s.count);
  return k.Done(k.Run(MPI_Gatherv, MPI_Igatherv, MPI4JS_PCOLL(Gatherv), s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, root, c.handle));
}

// allgatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype)
template <Form F>
Napi::Value Allgatherv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  Buffer s;
  VBuffer r;
  k.a.Plain(1, s, "Allgatherv (sendbuf)", k.Coll(1, true, !c.inter));
  k.a.Vector(5, r, c.n, "Allgatherv (recvbuf)", k.Coll(1, true, false));
  return k.Done(k.Run(MPI_Allgatherv, MPI_Iallgatherv, MPI4JS_PCOLL(Allgatherv), s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, c.handle));
}

// alltoallv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcounts, rdispls, rtype)
template <Form F>
Napi::Value Alltoallv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  VBuffer s, r;
  k.a.Vector(1, s, c.n, "Alltoallv (sendbuf)", k.Coll(1, true, !c.inter));
  k.a.Vector(6, r, c.n, "Alltoallv (recvbuf)", k.Coll(1, true, false));
  return k.Done(k.Run(MPI_Alltoallv, MPI_Ialltoallv, MPI4JS_PCOLL(Alltoallv), s.ptr, s.counts, s.displs, s.type, r.ptr, r.counts, r.displs, r.type, c.handle));
}

// alltoallw(comm, sbuf, soff, scounts, sdispls, stypes, rbuf, roff, rcounts, rdispls, rtypes)
// The per-process datatype arrays are owned by the request until it completes.
template <Form F>
Napi::Value Alltoallw(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  CommInfo c = ReadCommInfo(k.a, 0);
  auto sides = std::make_shared<std::pair<WBuffer, WBuffer>>();
  WBuffer& s = sides->first;
  WBuffer& r = sides->second;
  k.a.W(1, s, c.n, "Alltoallw (sendbuf)", k.Coll(1, true, !c.inter));
  k.a.W(6, r, c.n, "Alltoallw (recvbuf)", k.Coll(1, true, false));
  if (k.hold) k.hold->owned = sides;
  return k.Done(k.Run(MPI_Alltoallw, MPI_Ialltoallw, MPI4JS_PCOLL(Alltoallw), s.ptr, s.counts, s.displs, s.Types(), r.ptr, r.counts, r.displs, r.Types(), c.handle));
}

// ---- reductions: (comm, sbuf, soff, rbuf, roff, count, type, op[, root]) -------------------------

// Who holds what on this process: blocks of count elements on each side (0: ignored here).
struct Shape {
  int root = 0;
  int sendBlocks = 1;
  int recvBlocks = 1;
  bool inPlaceOk = false;
};

// A persistent reduction's user-defined op would have to combine at every completion of the same
// request (op.h moves the operands once per call): refused, as an MPI.Exception of class MPI_ERR_OP.
template <Form F>
void RefusePersistentUserOp(Napi::Env env, const OpUse& op, const char* what) {
  if (F == Form::kPersistent && op.user())
    ThrowError(env, std::string(what) + "_init: a user-defined MPI.Op is not supported by persistent reductions", MPI_ERR_OP);
}

struct Red {
  void* send = nullptr;
  void* recv = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  DatatypeEntry t{};
  napi_value recvValue = nullptr;
  OpUse op;
  // The operands this process contributes (in place: the receive buffer's).
  void* Data() const { return send == MPI_IN_PLACE ? recv : send; }
};

// nb: a nonblocking or persistent reduction (a user-defined op moves the operands instead, op.h).
void ReadRed(const Napi::CallbackInfo& info, const Args& a, const Shape& sh, const char* what, bool nb, PinSet* pins,
             Red* r) {
  int64_t soff = a.Offset(2, what), roff = a.Offset(4, what);
  r->count = IntCount(a.env(), a.Count(5, "count"), what);
  r->t = a.Type(6);
  r->type = r->t.handle;
  r->recvValue = a[3];
  Buffer s, v;
  s.Bind(a.env(), a[1], soff, r->count, r->t, what, Coll(sh.sendBlocks ? sh.sendBlocks : 1, sh.sendBlocks > 0, sh.inPlaceOk, pins));
  r->send = s.ptr;
  // In place, the receive buffer is also the send buffer: it must hold what would be sent.
  int blocks = s.inPlace ? (sh.sendBlocks > sh.recvBlocks ? sh.sendBlocks : sh.recvBlocks) : sh.recvBlocks;
  v.Bind(a.env(), a[3], roff, r->count, r->t, what, Coll(blocks ? blocks : 1, blocks > 0, false, pins));
  r->recv = v.ptr;
  r->op = OpArg(a, 7, 6, nb);
}

// The body of every reduction: `shape` says who holds what, `start` makes the MPI call (MPI_<Op>,
// MPI_I<op>, or for a nonblocking user-defined op the gather-like collective that moves the
// operands into the call's scratch, one block per process in rank order; the completion combines
// them on the completing thread, op.h).
// S: the scratch form (args.h), which takes (sendbuf, recvbuf). `start` gets the Call (its Run).
template <Form F, bool S = false, typename ShapeFn, typename StartFn>
Napi::Value Reduction(const Napi::CallbackInfo& info, const char* what, ShapeFn shape, StartFn start) {
  Call<F> k(info, Args::Of<S>(info, 1u << 1 | 1u << 3));
  CommInfo c = ReadCommInfo(k.a, 0);
  Shape sh = shape(k.a, c);
  Red r;
  ReadRed(info, k.a, sh, what, k.kRequest, PinsOf(k.hold), &r);
  RefusePersistentUserOp<F>(k.a.env(), r.op, what);
  return DoneOp(k, start(c, sh, r, k), r.op);
}

Shape Unrooted(const Args&, const CommInfo& c) { return Shape{0, 1, 1, !c.inter}; }

// reduce(..., root)
template <Form F>
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  auto shape = [](const Args& a, const CommInfo& c) {
    int root = a.Int(8, "root");
    bool isRoot = IsRoot(c, root);
    return Shape{root, IsLeaf(c, root) ? 1 : 0, isRoot ? 1 : 0, isRoot && !c.inter};
  };
  return Reduction<F>(info, "Reduce", shape, [&](const CommInfo& c, const Shape& sh, Red& r, Call<F>& k) {
    r.count = ProcNullCount(c, sh.root, r.count);
    if (F == Form::kNonblocking && r.op.user()) {
      void* blocks = sh.recvBlocks ? PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, c.n, r.recvValue, r.recv)
                                   : r.recv;
      return MPI_Igather(sh.sendBlocks ? r.Data() : r.send, r.count, r.type, blocks, r.count, r.type, sh.root, c.handle, &k.q);
    }
    return k.Run(MPI_Reduce, MPI_Ireduce, MPI4JS_PCOLL(Reduce), r.send, r.recv, r.count, r.type, r.op.handle, sh.root, c.handle);
  });
}

// allreduce(...)
template <Form F, bool S = false>
Napi::Value Allreduce(const Napi::CallbackInfo& info) {
  return Reduction<F, S>(info, "Allreduce", Unrooted, [&](const CommInfo& c, const Shape&, Red& r, Call<F>& k) {
    if (F == Form::kNonblocking && r.op.user()) {
      char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, c.n, r.recvValue, r.recv);
      return MPI_Iallgather(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &k.q);
    }
    return k.Run(MPI_Allreduce, MPI_Iallreduce, MPI4JS_PCOLL(Allreduce), r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  });
}

// scan(...) and exscan (Exclusive): blocks [0, rank] or [0, rank).
template <Form F, bool Exclusive>
Napi::Value ScanAny(const Napi::CallbackInfo& info) {
  const char* what = Exclusive ? "Exscan" : "Scan";
  auto shape = [what](const Args& a, const CommInfo& c) {
    if (c.inter) ThrowError(a.env(), std::string(what) + ": not defined on an intercommunicator");
    return Shape{0, 1, 1, true};
  };
  return Reduction<F>(info, what, shape, [&](const CommInfo& c, const Shape&, Red& r, Call<F>& k) {
    if (F == Form::kNonblocking && r.op.user()) {
      int to = Exclusive ? c.rank : c.rank + 1;
      char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, to, r.recvValue, r.recv);
      return MPI_Iallgather(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &k.q);
    }
    return k.Run(Exclusive ? MPI_Exscan : MPI_Scan, Exclusive ? MPI_Iexscan : MPI_Iscan,
                 Exclusive ? MPI4JS_PCOLL(Exscan) : MPI4JS_PCOLL(Scan), r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  });
}

// reduceScatterBlock(comm, sbuf, soff, rbuf, roff, rcount, type, op): sendbuf holds one block per
// process of the LOCAL group, also on an intercommunicator (MPI: count = n x recvcount, n the size
// of the group; the other group's recvcount makes the same count).
template <Form F>
Napi::Value ReduceScatterBlock(const Napi::CallbackInfo& info) {
  const char* what = "Reduce_scatter_block";
  auto shape = [](const Args& a, const CommInfo& c) {
    int sz = 0;
    CHKERR(a.env(), MPI_Comm_size(c.handle, &sz));
    return Shape{0, sz, 1, !c.inter};
  };
  return Reduction<F>(info, what, shape, [&](const CommInfo& c, const Shape& sh, Red& r, Call<F>& k) {
    int sz = sh.sendBlocks;
    if (F == Form::kNonblocking && r.op.user() && !c.inter) {
      // Process j's block j of every vector arrives as block j.
      char* blocks = PrepareCombine(info.Env(), r.op, r.t, sz, r.count, 0, r.count, 0, sz, r.recvValue, r.recv);
      return MPI_Ialltoall(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &k.q);
    }
    if (F == Form::kNonblocking && r.op.user()) {
      // Every process of the other group sends its whole vector (both groups' vectors have one length).
      int len = IntCount(info.Env(), static_cast<int64_t>(sz) * r.count, what);
      char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, len, static_cast<int64_t>(c.rank) * r.count, r.count, 0,
                                    c.n, r.recvValue, r.recv);
      return MPI_Iallgather(r.send, len, r.type, blocks, len, r.type, c.handle, &k.q);
    }
    return k.Run(MPI_Reduce_scatter_block, MPI_Ireduce_scatter_block, MPI4JS_PCOLL(Reduce_scatter_block), r.send, r.recv,
                 r.count, r.type, r.op.handle, c.handle);
  });
}

// reduceScatter(comm, sbuf, soff, rbuf, roff, rcounts, type, op)
template <Form F>
Napi::Value ReduceScatter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* what = "Reduce_scatter";
  Call<F> k(info);
  const Args& a = k.a;
  CommInfo c = ReadCommInfo(a, 0);
  int sz = 0;
  CHKERR(env, MPI_Comm_size(c.handle, &sz));
  int64_t soff = a.Offset(2, what), roff = a.Offset(4, what);
  const int* counts = a.Ints(5, sz, "recvcounts");
  int64_t total = 0;
  for (int k = 0; k < sz; k++) {
    if (counts[k] < 0) ThrowRange(env, "Reduce_scatter: recvcounts[" + std::to_string(k) + "] is negative");
    total += counts[k];
  }
  int64_t mine = counts[c.rank];  // also on an intercommunicator: recvcounts are the local group's
  DatatypeEntry t = a.Type(6);
  Buffer sb, rb;
  sb.Bind(env, a[1], soff, total, t, what, k.Coll(1, true, !c.inter));
  rb.Bind(env, a[3], roff, sb.inPlace ? total : mine, t, what, k.Coll(1, true, false));
  void* send = sb.ptr;
  void* recv = rb.ptr;
  OpUse op = OpArg(info, 7, 6, k.kRequest);
  RefusePersistentUserOp<F>(env, op, what);
  int ierr;
  if (F == Form::kNonblocking && op.user()) {
    int len = IntCount(env, total, what);
    int64_t first = 0;
    for (int k = 0; k < c.rank; k++) first += counts[k];
    int count = counts[c.rank];
    if (!c.inter) {
      // Process j's segment of every vector arrives as block j.
      std::vector<int>& v = op.call->ints;
      v.resize(3 * static_cast<size_t>(sz));
      int* sdispls = v.data();
      int* rcounts = sdispls + sz;
      int* rdispls = rcounts + sz;
      int64_t at = 0;
      for (int k = 0; k < sz; k++) {
        sdispls[k] = static_cast<int>(at);
        at += counts[k];
        rcounts[k] = count;
        rdispls[k] = IntCount(env, static_cast<int64_t>(k) * count, what);
      }
      char* blocks = PrepareCombine(env, op, t, sz, count, 0, count, 0, sz, a[3], recv);
      ierr = MPI_Ialltoallv(send == MPI_IN_PLACE ? recv : send, counts, sdispls, t.handle, blocks, rcounts, rdispls,
                            t.handle, c.handle, &k.q);
    } else {
      // Every process of the other group sends its whole vector (of this group's total length).
      char* blocks = PrepareCombine(env, op, t, c.n, len, first, count, 0, c.n, a[3], recv);
      ierr = MPI_Iallgather(send, len, t.handle, blocks, len, t.handle, c.handle, &k.q);
    }
  } else {
    ierr = k.Run(MPI_Reduce_scatter, MPI_Ireduce_scatter, MPI4JS_PCOLL(Reduce_scatter), send, recv, counts, t.handle,
                 op.handle, c.handle);
  }
  return DoneOp(k, ierr, op);
}

}  // namespace

// ---- local reduction (issue #17) ------------------------------------------------------------
namespace {

// opReduceLocal(inbuf, inoff, inoutbuf, inoutoff, count, type, op): inoutbuf = inbuf op inoutbuf.
Napi::Value OpReduceLocal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Args a(info);
  int64_t ioff = a.Offset(1, "Reduce_local (inbuf)"), ooff = a.Offset(3, "Reduce_local (inoutbuf)");
  int64_t count = a.Count(4, "count");
  DatatypeEntry t = a.Type(5);
  Buffer in, io;
  in.Bind(env, a[0], ioff, count, t, "Reduce_local (inbuf)", P2P());
  io.Bind(env, a[2], ooff, count, t, "Reduce_local (inoutbuf)", P2P());
  OpUse op = OpArg(info, 6, 5, false);
  int ierr = MPI_Reduce_local(in.ptr, io.ptr, in.count, in.type, op.handle);
  FinishOpCall(env, op);
  CHKERR(env, ierr);
  return env.Undefined();
}

}  // namespace

void InitCollective(Napi::Env env, Napi::Object exports) {
  MPI4JS_FN(exports, env, "opReduceLocal", OpReduceLocal);
  // The three forms of every collective: "bcast" (MPI_Bcast), "ibcast" (MPI_Ibcast -> request id)
  // and "bcastInit" (MPI_Bcast_init -> persistent request id).
#define FN3(name, fn) MPI4JS_EXPORT_FORMS(exports, env, name, fn)
#define FN3OF(name, fn, kind) MPI4JS_EXPORT_FORMS_OF(exports, env, name, fn, kind)
  exports.Set("persistentCollectives", Napi::Boolean::New(env, MPI4JS_HAVE_PCOLL != 0));
  // The persistent collectives refused for this library (request.h): MPI name -> why.
  Napi::Object refused = Napi::Object::New(env);
#ifdef MPI4JS_PCOLL_REFUSED_GATHER
  refused.Set("Gather", MPI4JS_PCOLL_REFUSED_GATHER);
#endif
#ifdef MPI4JS_PCOLL_REFUSED_ALLGATHER
  refused.Set("Allgather", MPI4JS_PCOLL_REFUSED_ALLGATHER);
#endif
#ifdef MPI4JS_PCOLL_REFUSED_SCATTER
  refused.Set("Scatter", MPI4JS_PCOLL_REFUSED_SCATTER);
#endif
  exports.Set("persistentRefused", refused);
  FN3("barrier", Barrier);
  FN3("bcast", Bcast);
  FN3OF("scatter", Rooted, true);
  FN3OF("gather", Rooted, false);
  FN3OF("allgather", AllPlain, false);
  FN3OF("alltoall", AllPlain, true);
  FN3("scatterv", Scatterv);
  FN3("gatherv", Gatherv);
  FN3("allgatherv", Allgatherv);
  FN3("alltoallv", Alltoallv);
  FN3("alltoallw", Alltoallw);
  FN3("reduce", Reduce);
  FN3("allreduce", Allreduce);
  exports.Set("allreduceScratch", Napi::Function::New(env, Gated<Allreduce<Form::kBlocking, true>>, "allreduceScratch", ScratchOf(env)));
  FN3OF("scan", ScanAny, false);
  FN3OF("exscan", ScanAny, true);
  FN3("reduceScatterBlock", ReduceScatterBlock);
  FN3("reduceScatter", ReduceScatter);
#undef FN3
#undef FN3OF
}

}  // namespace mpi4js
