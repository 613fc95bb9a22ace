// Collectives and reductions, blocking and nonblocking (MPI_I*: same parsing, the request id is
// returned): one MPI call per function, no defaults (bufspec.ts, Intracomm.ts and nbcoll.ts build
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

#include "arrays.h"
#include "message.h"
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

CommInfo CommArgInfo(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  CommInfo c{ReadComm(env, info[i]), false, 0, 0};
  int flag = 0;
  CHKERR(env, MPI_Comm_test_inter(c.handle, &flag));
  c.inter = flag != 0;
  CHKERR(env, MPI_Comm_rank(c.handle, &c.rank));
  if (c.inter)
    CHKERR(env, MPI_Comm_remote_size(c.handle, &c.n));
  else
    CHKERR(env, MPI_Comm_size(c.handle, &c.n));
  return c;
}

// Whether this process supplies the root-side buffers of a rooted collective.
bool IsRoot(const CommInfo& c, int root) { return c.inter ? root == MPI_ROOT : root == c.rank; }

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

int64_t ByteOffset(const Napi::CallbackInfo& info, size_t i, const char* what) {
  Napi::Value off = info[i];
  if (!off.IsNumber()) ThrowType(info.Env(), std::string(what) + ": byte offset must be a number");
  double d = off.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
    ThrowRange(info.Env(), std::string(what) + ": byte offset must be a non-negative integer");
  return static_cast<int64_t>(d);
}

DatatypeEntry TypeArgOf(const Napi::CallbackInfo& info, size_t i) {
  DatatypeEntry t = g_types.Arg(info, i);
  if (t.handle == MPI_DATATYPE_NULL) ThrowError(info.Env(), "mpi4js: operation on DATATYPE_NULL");
  return t;
}

// A contiguous buffer argument (buf, off, count, type) holding `blocks` blocks of count elements.
// needed: whether MPI will touch it on this process; inPlaceOk: whether MPI_IN_PLACE is allowed.
struct Plain {
  void* ptr = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  bool inPlace = false;
};

Plain PlainArg(const Napi::CallbackInfo& info, size_t i, int blocks, bool needed, bool inPlaceOk, const char* what,
               PinSet* pins) {
  Napi::Env env = info.Env();
  Plain p;
  int64_t off = ByteOffset(info, i + 1, what);
  p.count = IntCount(env, ArgCount(info, i + 2, "count"), what);
  DatatypeEntry t = TypeArgOf(info, i + 3);
  p.type = t.handle;
  if (IsInPlaceArg(info[i])) {
    if (!inPlaceOk) ThrowType(env, std::string(what) + ": MPI.IN_PLACE is not allowed here");
    p.ptr = MPI_IN_PLACE;
    p.inPlace = true;
    return p;
  }
  if (!needed) {
    Span empty;
    p.ptr = CheckedRange(env, empty, 0, 0, t, what);
    if (!IsIgnoredArg(info[i])) {
      Span s = GetSpan(env, info[i], what, pins);
      p.ptr = CheckedRange(env, s, off, 0, t, what);
    }
    return p;
  }
  if (IsIgnoredArg(info[i])) ThrowType(env, std::string(what) + ": a buffer is required on this process");
  Span s = GetSpan(env, info[i], what, pins);
  p.ptr = CheckedRange(env, s, off, static_cast<int64_t>(p.count) * blocks, t, what);
  return p;
}

// A v-variant buffer argument (buf, off, counts, displs, type).
struct Vec {
  void* ptr = nullptr;
  const int* counts = nullptr;
  const int* displs = nullptr;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  bool inPlace = false;
};

Vec VecArg(const Napi::CallbackInfo& info, size_t i, int n, bool needed, bool inPlaceOk, const char* what, PinSet* pins) {
  Napi::Env env = info.Env();
  Vec v;
  int64_t off = ByteOffset(info, i + 1, what);
  DatatypeEntry t = TypeArgOf(info, i + 4);
  v.type = t.handle;
  if (IsInPlaceArg(info[i])) {
    if (!inPlaceOk) ThrowType(env, std::string(what) + ": MPI.IN_PLACE is not allowed here");
    v.ptr = MPI_IN_PLACE;
    v.inPlace = true;
    return v;
  }
  static const int zeros[1] = {0};
  if (!needed && IsIgnoredArg(info[i])) {
    Span empty;
    v.ptr = CheckedRange(env, empty, 0, 0, t, what);
    v.counts = v.displs = zeros;
    return v;
  }
  if (IsIgnoredArg(info[i])) ThrowType(env, std::string(what) + ": a buffer is required on this process");
  v.counts = ArgInts(info, i + 2, n, "counts");
  v.displs = ArgInts(info, i + 3, n, "displs");
  Span s = GetSpan(env, info[i], what, pins);
  CheckBlocks(env, s, off, v.counts, v.displs, n, t, false, what);
  v.ptr = CheckedRange(env, s, off, 0, t, what);
  return v;
}

// Every collective is one template body for both forms: NB = false calls MPI_<Op>, NB = true
// calls MPI_I<op> and returns the request id (the TS layer keeps the buffers and the counts arrays
// alive until it completes; `hold` pins its buffers and owns native memory MPI reads until then).
template <bool NB>
Napi::Value Done(Napi::Env env, int ierr, MPI_Request req, Hold hold) {
  return Started<NB>(env, ierr, req, std::move(hold));
}

// The end of a reduction: a user-defined op's failure in the blocking form is thrown here; the
// request of the nonblocking form owns the call's context (scratch and function) until it completes.
template <bool NB>
Napi::Value Done(Napi::Env env, int ierr, MPI_Request req, Hold hold, const OpUse& op) {
  if (!NB) FinishOpCall(env, op);
  if (NB && ierr == MPI_SUCCESS) ArmCombine(op);
  if (hold) hold->owned = op.call;
  return Started<NB>(env, ierr, req, std::move(hold));
}

// bcast(comm, buf, off, count, type, root)
template <bool NB>
Napi::Value Bcast(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 5, "root");
  bool needed = !c.inter || root >= 0 || root == MPI_ROOT;
  Plain b = PlainArg(info, 1, 1, needed, false, "Bcast (buf)", PinsOf(hold));
  b.count = ProcNullCount(c, root, b.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ibcast(b.ptr, b.count, b.type, root, c.handle, &q) : MPI_Bcast(b.ptr, b.count, b.type, root, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// scatter(comm, sbuf, soff, scount, stype, rbuf, roff, rcount, rtype, root)
template <bool NB>
Napi::Value Scatter(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 9, "root");
  bool isRoot = IsRoot(c, root);
  bool recv = c.inter ? root >= 0 : true;
  Plain s = PlainArg(info, 1, c.n, isRoot, false, "Scatter (sendbuf)", PinsOf(hold));
  Plain r = PlainArg(info, 5, 1, recv, isRoot && !c.inter, "Scatter (recvbuf)", PinsOf(hold));
  s.count = ProcNullCount(c, root, s.count);
  r.count = ProcNullCount(c, root, r.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Iscatter(s.ptr, s.count, s.type, r.ptr, r.count, r.type, root, c.handle, &q)
                : MPI_Scatter(s.ptr, s.count, s.type, r.ptr, r.count, r.type, root, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// gather(comm, sbuf, soff, scount, stype, rbuf, roff, rcount, rtype, root)
template <bool NB>
Napi::Value Gather(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 9, "root");
  bool isRoot = IsRoot(c, root);
  bool send = c.inter ? root >= 0 : true;
  Plain s = PlainArg(info, 1, 1, send, isRoot && !c.inter, "Gather (sendbuf)", PinsOf(hold));
  Plain r = PlainArg(info, 5, c.n, isRoot, false, "Gather (recvbuf)", PinsOf(hold));
  s.count = ProcNullCount(c, root, s.count);
  r.count = ProcNullCount(c, root, r.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Igather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, root, c.handle, &q)
                : MPI_Gather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, root, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// allgather(comm, sbuf, soff, scount, stype, rbuf, roff, rcount, rtype)
template <bool NB>
Napi::Value Allgather(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  Plain s = PlainArg(info, 1, 1, true, !c.inter, "Allgather (sendbuf)", PinsOf(hold));
  Plain r = PlainArg(info, 5, c.n, true, false, "Allgather (recvbuf)", PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Iallgather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, c.handle, &q)
                : MPI_Allgather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// alltoall(comm, sbuf, soff, scount, stype, rbuf, roff, rcount, rtype)
template <bool NB>
Napi::Value Alltoall(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  Plain s = PlainArg(info, 1, c.n, true, !c.inter, "Alltoall (sendbuf)", PinsOf(hold));
  Plain r = PlainArg(info, 5, c.n, true, false, "Alltoall (recvbuf)", PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ialltoall(s.ptr, s.count, s.type, r.ptr, r.count, r.type, c.handle, &q)
                : MPI_Alltoall(s.ptr, s.count, s.type, r.ptr, r.count, r.type, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// scatterv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcount, rtype, root)
template <bool NB>
Napi::Value Scatterv(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 10, "root");
  bool isRoot = IsRoot(c, root);
  bool recv = c.inter ? root >= 0 : true;
  Vec s = VecArg(info, 1, c.n, isRoot, false, "Scatterv (sendbuf)", PinsOf(hold));
  Plain r = PlainArg(info, 6, 1, recv, isRoot && !c.inter, "Scatterv (recvbuf)", PinsOf(hold));
  r.count = ProcNullCount(c, root, r.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Iscatterv(s.ptr, s.counts, s.displs, s.type, r.ptr, r.count, r.type, root, c.handle, &q)
                : MPI_Scatterv(s.ptr, s.counts, s.displs, s.type, r.ptr, r.count, r.type, root, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// gatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype, root)
template <bool NB>
Napi::Value Gatherv(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 10, "root");
  bool isRoot = IsRoot(c, root);
  bool send = c.inter ? root >= 0 : true;
  Plain s = PlainArg(info, 1, 1, send, isRoot && !c.inter, "Gatherv (sendbuf)", PinsOf(hold));
  Vec r = VecArg(info, 5, c.n, isRoot, false, "Gatherv (recvbuf)", PinsOf(hold));
  s.count = ProcNullCount(c, root, s.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Igatherv(s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, root, c.handle, &q)
                : MPI_Gatherv(s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, root, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// allgatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype)
template <bool NB>
Napi::Value Allgatherv(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  Plain s = PlainArg(info, 1, 1, true, !c.inter, "Allgatherv (sendbuf)", PinsOf(hold));
  Vec r = VecArg(info, 5, c.n, true, false, "Allgatherv (recvbuf)", PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Iallgatherv(s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, c.handle, &q)
                : MPI_Allgatherv(s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// alltoallv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcounts, rdispls, rtype)
template <bool NB>
Napi::Value Alltoallv(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  Vec s = VecArg(info, 1, c.n, true, !c.inter, "Alltoallv (sendbuf)", PinsOf(hold));
  Vec r = VecArg(info, 6, c.n, true, false, "Alltoallv (recvbuf)", PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ialltoallv(s.ptr, s.counts, s.displs, s.type, r.ptr, r.counts, r.displs, r.type, c.handle, &q)
                : MPI_Alltoallv(s.ptr, s.counts, s.displs, s.type, r.ptr, r.counts, r.displs, r.type, c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// One side of Alltoallw: (buf, off, counts, byte displs, type ids).
struct WSide {
  void* ptr = nullptr;
  const int* counts = nullptr;
  const int* displs = nullptr;
  std::vector<MPI_Datatype> types;
};

void WArg(const Napi::CallbackInfo& info, size_t i, int n, bool inPlaceOk, const char* what, WSide* w, PinSet* pins) {
  Napi::Env env = info.Env();
  int64_t off = ByteOffset(info, i + 1, what);
  if (IsInPlaceArg(info[i])) {
    if (!inPlaceOk) ThrowType(env, std::string(what) + ": MPI.IN_PLACE is not allowed here");
    w->ptr = MPI_IN_PLACE;
    return;
  }
  w->counts = ArgInts(info, i + 2, n, "counts");
  w->displs = ArgInts(info, i + 3, n, "displs");
  std::vector<HandleId> ids = ArgIdList(info, i + 4, "datatypes");
  if (ids.size() < static_cast<size_t>(n)) ThrowRange(env, std::string(what) + ": datatypes needs one id per process");
  Span s = GetSpan(env, info[i], what, pins);
  w->types.resize(static_cast<size_t>(n));
  for (int k = 0; k < n; k++) {
    DatatypeEntry t = g_types.Get(env, ids[k]);
    if (t.handle == MPI_DATATYPE_NULL && w->counts[k] > 0) ThrowError(env, "mpi4js: operation on DATATYPE_NULL");
    w->types[static_cast<size_t>(k)] = t.handle == MPI_DATATYPE_NULL ? MPI_BYTE : t.handle;
    CheckBlocks(env, s, off, w->counts + k, w->displs + k, 1, t, true, what);
  }
  DatatypeEntry byte = g_types.Get(env, kTypeByte);
  w->ptr = CheckedRange(env, s, off, 0, byte, what);
}

// alltoallw(comm, sbuf, soff, scounts, sdispls, stypes, rbuf, roff, rcounts, rdispls, rtypes)
// The per-process datatype arrays are owned by the request until it completes.
template <bool NB>
Napi::Value Alltoallw(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  auto sides = std::make_shared<std::pair<WSide, WSide>>();
  WSide& s = sides->first;
  WSide& r = sides->second;
  WArg(info, 1, c.n, !c.inter, "Alltoallw (sendbuf)", &s, PinsOf(hold));
  WArg(info, 6, c.n, false, "Alltoallw (recvbuf)", &r, PinsOf(hold));
  if (hold) hold->owned = sides;
  MPI_Datatype* st = s.types.empty() ? nullptr : s.types.data();
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ialltoallw(s.ptr, s.counts, s.displs, st, r.ptr, r.counts, r.displs, r.types.data(), c.handle, &q)
                : MPI_Alltoallw(s.ptr, s.counts, s.displs, st, r.ptr, r.counts, r.displs, r.types.data(), c.handle);
  return Done<NB>(info.Env(), ierr, q, hold);
}

// Reductions: (sbuf, soff, rbuf, roff, count, type, op).
struct Red {
  void* send = nullptr;
  void* recv = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  DatatypeEntry t{};
  int sendBlocks = 0;
  napi_value recvValue = nullptr;
  OpUse op;
  // The operands this process contributes (in place: the receive buffer's).
  void* Data() const { return send == MPI_IN_PLACE ? recv : send; }
};

// sendBlocks/recvBlocks: how many blocks of count each side holds (0 = ignored on this process).
// nb: a nonblocking reduction (a user-defined op moves the operands instead, op.h).
Red RedArgs(const Napi::CallbackInfo& info, size_t i, int sendBlocks, int recvBlocks, bool inPlaceOk, const char* what,
            bool nb, PinSet* pins) {
  Napi::Env env = info.Env();
  Red r;
  int64_t soff = ByteOffset(info, i + 1, what);
  int64_t roff = ByteOffset(info, i + 3, what);
  r.count = IntCount(env, ArgCount(info, i + 4, "count"), what);
  DatatypeEntry t = TypeArgOf(info, i + 5);
  r.type = t.handle;
  r.t = t;
  r.sendBlocks = sendBlocks;
  r.recvValue = info[i + 2];
  Span empty;
  if (IsInPlaceArg(info[i])) {
    if (!inPlaceOk) ThrowType(env, std::string(what) + ": MPI.IN_PLACE is not allowed here");
    r.send = MPI_IN_PLACE;
  } else if (sendBlocks == 0 && IsIgnoredArg(info[i])) {
    r.send = CheckedRange(env, empty, 0, 0, t, what);
  } else {
    if (IsIgnoredArg(info[i])) ThrowType(env, std::string(what) + ": a send buffer is required on this process");
    r.send = CheckedRange(env, GetSpan(env, info[i], what, pins), soff, static_cast<int64_t>(r.count) * sendBlocks, t, what);
  }
  if (recvBlocks == 0 && IsIgnoredArg(info[i + 2])) {
    r.recv = CheckedRange(env, empty, 0, 0, t, what);
  } else {
    if (IsIgnoredArg(info[i + 2]) || IsInPlaceArg(info[i + 2]))
      ThrowType(env, std::string(what) + ": a receive buffer is required on this process");
    // In place, the receive buffer is also the send buffer: it must hold what would be sent.
    int blocks = r.send == MPI_IN_PLACE ? (sendBlocks > recvBlocks ? sendBlocks : recvBlocks) : recvBlocks;
    r.recv = CheckedRange(env, GetSpan(env, info[i + 2], what, pins), roff, static_cast<int64_t>(r.count) * blocks, t, what);
  }
  r.op = OpArg(info, i + 6, i + 5, nb);
  return r;
}

// Nonblocking reductions with a user-defined op (op.h): MPI moves the operands into the call's
// scratch, one block per process in rank order, with the gather-like collective that fits; the
// completion combines the blocks on the completing thread. Blocking ones and predefined ops go to MPI.

// reduce(comm, sbuf, soff, rbuf, roff, count, type, op, root)
template <bool NB>
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int root = ArgInt(info, 8, "root");
  bool isRoot = IsRoot(c, root);
  bool send = c.inter ? root >= 0 : true;
  Red r = RedArgs(info, 1, send ? 1 : 0, isRoot ? 1 : 0, isRoot && !c.inter, "Reduce", NB, PinsOf(hold));
  r.count = ProcNullCount(c, root, r.count);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (NB && r.op.user()) {
    void* blocks = isRoot ? PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, c.n, r.recvValue, r.recv)
                          : r.recv;
    ierr = MPI_Igather(send ? r.Data() : r.send, r.count, r.type, blocks, r.count, r.type, root, c.handle, &q);
  } else {
    ierr = NB ? MPI_Ireduce(r.send, r.recv, r.count, r.type, r.op.handle, root, c.handle, &q)
              : MPI_Reduce(r.send, r.recv, r.count, r.type, r.op.handle, root, c.handle);
  }
  return Done<NB>(info.Env(), ierr, q, hold, r.op);
}

// allreduce(comm, sbuf, soff, rbuf, roff, count, type, op)
template <bool NB>
Napi::Value Allreduce(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  Red r = RedArgs(info, 1, 1, 1, !c.inter, "Allreduce", NB, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (NB && r.op.user()) {
    char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, c.n, r.recvValue, r.recv);
    ierr = MPI_Iallgather(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &q);
  } else {
    ierr = NB ? MPI_Iallreduce(r.send, r.recv, r.count, r.type, r.op.handle, c.handle, &q)
              : MPI_Allreduce(r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  }
  return Done<NB>(info.Env(), ierr, q, hold, r.op);
}

// scan(comm, sbuf, soff, rbuf, roff, count, type, op) and exscan (Exclusive): blocks [0, rank] or
// [0, rank).
template <bool NB, bool Exclusive>
Napi::Value ScanAny(const Napi::CallbackInfo& info) {
  const char* what = Exclusive ? "Exscan" : "Scan";
  CommInfo c = CommArgInfo(info, 0);
  if (c.inter) ThrowError(info.Env(), std::string(what) + ": not defined on an intercommunicator");
  Hold hold = NewHold<NB>();
  Red r = RedArgs(info, 1, 1, 1, true, what, NB, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (NB && r.op.user()) {
    int to = Exclusive ? c.rank : c.rank + 1;
    char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, r.count, 0, r.count, 0, to, r.recvValue, r.recv);
    ierr = MPI_Iallgather(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &q);
  } else if (Exclusive) {
    ierr = NB ? MPI_Iexscan(r.send, r.recv, r.count, r.type, r.op.handle, c.handle, &q)
              : MPI_Exscan(r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  } else {
    ierr = NB ? MPI_Iscan(r.send, r.recv, r.count, r.type, r.op.handle, c.handle, &q)
              : MPI_Scan(r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  }
  return Done<NB>(info.Env(), ierr, q, hold, r.op);
}
template <bool NB>
Napi::Value Scan(const Napi::CallbackInfo& info) {
  return ScanAny<NB, false>(info);
}
template <bool NB>
Napi::Value Exscan(const Napi::CallbackInfo& info) {
  return ScanAny<NB, true>(info);
}

// reduceScatterBlock(comm, sbuf, soff, rbuf, roff, rcount, type, op): sendbuf holds one block per
// process of the LOCAL group, also on an intercommunicator (MPI: count = n x recvcount, n the size
// of the group; the other group's recvcount makes the same count).
template <bool NB>
Napi::Value ReduceScatterBlock(const Napi::CallbackInfo& info) {
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int sz = 0;
  CHKERR(info.Env(), MPI_Comm_size(c.handle, &sz));
  Red r = RedArgs(info, 1, sz, 1, !c.inter, "Reduce_scatter_block", NB, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (NB && r.op.user() && !c.inter) {
    // Process j's block j of every vector arrives as block j.
    char* blocks = PrepareCombine(info.Env(), r.op, r.t, sz, r.count, 0, r.count, 0, sz, r.recvValue, r.recv);
    ierr = MPI_Ialltoall(r.Data(), r.count, r.type, blocks, r.count, r.type, c.handle, &q);
  } else if (NB && r.op.user()) {
    // Every process of the other group sends its whole vector (both groups' vectors have one length).
    int len = IntCount(info.Env(), static_cast<int64_t>(r.sendBlocks) * r.count, "Reduce_scatter_block");
    char* blocks = PrepareCombine(info.Env(), r.op, r.t, c.n, len, static_cast<int64_t>(c.rank) * r.count, r.count, 0,
                                  c.n, r.recvValue, r.recv);
    ierr = MPI_Iallgather(r.send, len, r.type, blocks, len, r.type, c.handle, &q);
  } else {
    ierr = NB ? MPI_Ireduce_scatter_block(r.send, r.recv, r.count, r.type, r.op.handle, c.handle, &q)
              : MPI_Reduce_scatter_block(r.send, r.recv, r.count, r.type, r.op.handle, c.handle);
  }
  return Done<NB>(info.Env(), ierr, q, hold, r.op);
}

// reduceScatter(comm, sbuf, soff, rbuf, roff, rcounts, type, op)
template <bool NB>
Napi::Value ReduceScatter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CommInfo c = CommArgInfo(info, 0);
  Hold hold = NewHold<NB>();
  int sz = 0;
  CHKERR(env, MPI_Comm_size(c.handle, &sz));
  const int* counts = ArgInts(info, 5, sz, "recvcounts");
  int64_t total = 0;
  for (int k = 0; k < sz; k++) {
    if (counts[k] < 0) ThrowRange(env, "Reduce_scatter: recvcounts[" + std::to_string(k) + "] is negative");
    total += counts[k];
  }
  int64_t mine = counts[c.rank];  // also on an intercommunicator: recvcounts are the local group's
  const char* what = "Reduce_scatter";
  int64_t soff = ByteOffset(info, 2, what), roff = ByteOffset(info, 4, what);
  DatatypeEntry t = TypeArgOf(info, 6);
  void* send;
  if (IsInPlaceArg(info[1])) {
    if (c.inter) ThrowType(env, "Reduce_scatter: MPI.IN_PLACE is not allowed here");
    send = MPI_IN_PLACE;
  } else {
    send = CheckedRange(env, GetSpan(env, info[1], what, PinsOf(hold)), soff, total, t, what);
  }
  if (IsIgnoredArg(info[3]) || IsInPlaceArg(info[3])) ThrowType(env, "Reduce_scatter: a receive buffer is required");
  void* recv = CheckedRange(env, GetSpan(env, info[3], what, PinsOf(hold)), roff, send == MPI_IN_PLACE ? total : mine, t, what);
  OpUse op = OpArg(info, 7, 6, NB);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (NB && op.user()) {
    int len = IntCount(env, total, what);
    int64_t first = 0;
    for (int k = 0; k < c.rank; k++) first += counts[k];
    int count = counts[c.rank];
    if (!c.inter) {
      // Process j's segment of every vector arrives as block j.
      std::vector<int>& a = op.call->ints;
      a.resize(3 * static_cast<size_t>(sz));
      int* sdispls = a.data();
      int* rcounts = sdispls + sz;
      int* rdispls = rcounts + sz;
      int64_t at = 0;
      for (int k = 0; k < sz; k++) {
        sdispls[k] = static_cast<int>(at);
        at += counts[k];
        rcounts[k] = count;
        rdispls[k] = IntCount(env, static_cast<int64_t>(k) * count, what);
      }
      char* blocks = PrepareCombine(env, op, t, sz, count, 0, count, 0, sz, info[3], recv);
      ierr = MPI_Ialltoallv(send == MPI_IN_PLACE ? recv : send, counts, sdispls, t.handle, blocks, rcounts, rdispls,
                            t.handle, c.handle, &q);
    } else {
      // Every process of the other group sends its whole vector (of this group's total length).
      char* blocks = PrepareCombine(env, op, t, c.n, len, first, count, 0, c.n, info[3], recv);
      ierr = MPI_Iallgather(send, len, t.handle, blocks, len, t.handle, c.handle, &q);
    }
  } else {
    ierr = NB ? MPI_Ireduce_scatter(send, recv, counts, t.handle, op.handle, c.handle, &q)
              : MPI_Reduce_scatter(send, recv, counts, t.handle, op.handle, c.handle);
  }
  return Done<NB>(env, ierr, q, hold, op);
}

}  // namespace

void InitCollective(Napi::Env env, Napi::Object exports) {
  // Both forms of every collective: "bcast" (MPI_Bcast) and "ibcast" (MPI_Ibcast -> request id).
#define FN2(name, iname, fn) MPI4JS_EXPORT_BOTH(exports, env, name, iname, fn)
  FN2("bcast", "ibcast", Bcast);
  FN2("scatter", "iscatter", Scatter);
  FN2("gather", "igather", Gather);
  FN2("allgather", "iallgather", Allgather);
  FN2("alltoall", "ialltoall", Alltoall);
  FN2("scatterv", "iscatterv", Scatterv);
  FN2("gatherv", "igatherv", Gatherv);
  FN2("allgatherv", "iallgatherv", Allgatherv);
  FN2("alltoallv", "ialltoallv", Alltoallv);
  FN2("alltoallw", "ialltoallw", Alltoallw);
  FN2("reduce", "ireduce", Reduce);
  FN2("allreduce", "iallreduce", Allreduce);
  FN2("scan", "iscan", Scan);
  FN2("exscan", "iexscan", Exscan);
  FN2("reduceScatterBlock", "ireduceScatterBlock", ReduceScatterBlock);
  FN2("reduceScatter", "ireduceScatter", ReduceScatter);
#undef FN2
}

}  // namespace mpi4js
