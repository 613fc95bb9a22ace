// Requests: nonblocking and persistent point-to-point, completion (wait/test, one or many), cancel,
// free, the attached Bsend buffer, Ibarrier, and the clean-up of pending requests before finalize.
// One MPI call per function; the TypeScript layer keeps the buffers of a pending request alive.
#include "request.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "message.h"
#include "waker.h"

namespace mpi4js {

HandleTable<RequestEntry> g_requests("request", MPI_ERR_REQUEST);

namespace {

// Id 0 is MPI_REQUEST_NULL: registered before any request can take slot 0.
std::once_flag g_null_once;
void EnsureNull() {
  std::call_once(g_null_once, [] { g_requests.AddFixed(0, RequestEntry{MPI_REQUEST_NULL, false, false, nullptr}); });
}

}  // namespace

int32_t AddRequest(MPI_Request req, bool persistent, bool collective, std::shared_ptr<void> owned) {
  EnsureNull();
  if (req == MPI_REQUEST_NULL) return 0;
  return g_requests.Add(RequestEntry{req, persistent, collective, std::move(owned)});
}

namespace {

// The Bsend buffer is native memory, so nothing the user does to a JS buffer can pull it from MPI.
void* g_bsend_buffer = nullptr;
int g_bsend_size = 0;

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

MPI_Comm CommArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  CommEntry e = g_comms.Arg(info, i);
  if (e.handle == MPI_COMM_NULL) ThrowError(info.Env(), "mpi4js: operation on COMM_NULL");
  return e.handle;
}

int32_t IdArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  EnsureNull();
  return ArgInt(info, i, "request");
}

// Removes an id and releases the native memory its request owned.
void Drop(int32_t id) {
  g_requests.Update(id, RequestEntry{MPI_REQUEST_NULL, false, false, nullptr});
  g_requests.Remove(id);
}

// After MPI completed or freed a request it is MPI_REQUEST_NULL: drop its id (never the NULL id 0).
void Sync(int32_t id, MPI_Request r) {
  if (id != 0 && r == MPI_REQUEST_NULL) Drop(id);
}

// MPI forbids cancelling or freeing a nonblocking collective.
void RefuseCollective(Napi::Env env, const RequestEntry& e, const char* what) {
  if (e.collective)
    ThrowError(env, std::string("mpi4js: ") + what + " of a nonblocking collective request is not allowed by MPI; complete it with Wait/Test");
}

// ---- starting operations --------------------------------------------------------------------

// isend(mode, comm, buf, off, count, type, dest, tag) -> id; mode 0 standard, 1 synchronous,
// 2 buffered, 3 ready.
Napi::Value Isend(const Napi::CallbackInfo& info) {
  int mode = ArgInt(info, 0, "mode");
  MPI_Comm comm = CommArg(info, 1);
  EnsureNull();
  Buffer b;
  b.Parse(info, 2, "isend");
  int dest = ArgInt(info, 6, "dest"), tag = ArgInt(info, 7, "tag");
  MPI_Request r = MPI_REQUEST_NULL;
  int ierr;
  switch (mode) {
    case 1: ierr = MPI_Issend(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    case 2: ierr = MPI_Ibsend(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    case 3: ierr = MPI_Irsend(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    default: ierr = MPI_Isend(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
  }
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), AddRequest(r, false));
}

// irecv(comm, buf, off, count, type, source, tag) -> id
Napi::Value Irecv(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommArg(info, 0);
  EnsureNull();
  Buffer b;
  b.Parse(info, 1, "irecv");
  int source = ArgInt(info, 5, "source"), tag = ArgInt(info, 6, "tag");
  MPI_Request r = MPI_REQUEST_NULL;
  CHKERR(info.Env(), MPI_Irecv(b.ptr, b.count, b.type, source, tag, comm, &r));
  return Num(info.Env(), AddRequest(r, false));
}

// sendInit(mode, comm, buf, off, count, type, dest, tag) -> id of an inactive persistent request
Napi::Value SendInit(const Napi::CallbackInfo& info) {
  int mode = ArgInt(info, 0, "mode");
  MPI_Comm comm = CommArg(info, 1);
  EnsureNull();
  Buffer b;
  b.Parse(info, 2, "send_init");
  int dest = ArgInt(info, 6, "dest"), tag = ArgInt(info, 7, "tag");
  MPI_Request r = MPI_REQUEST_NULL;
  int ierr;
  switch (mode) {
    case 1: ierr = MPI_Ssend_init(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    case 2: ierr = MPI_Bsend_init(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    case 3: ierr = MPI_Rsend_init(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
    default: ierr = MPI_Send_init(b.ptr, b.count, b.type, dest, tag, comm, &r); break;
  }
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), AddRequest(r, true));
}

// recvInit(comm, buf, off, count, type, source, tag) -> id
Napi::Value RecvInit(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommArg(info, 0);
  EnsureNull();
  Buffer b;
  b.Parse(info, 1, "recv_init");
  int source = ArgInt(info, 5, "source"), tag = ArgInt(info, 6, "tag");
  MPI_Request r = MPI_REQUEST_NULL;
  CHKERR(info.Env(), MPI_Recv_init(b.ptr, b.count, b.type, source, tag, comm, &r));
  return Num(info.Env(), AddRequest(r, true));
}

// ibarrier(comm) -> id
Napi::Value Ibarrier(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommArg(info, 0);
  EnsureNull();
  MPI_Request r = MPI_REQUEST_NULL;
  CHKERR(info.Env(), MPI_Ibarrier(comm, &r));
  return Num(info.Env(), AddRequest(r, false, true));
}

// ---- one request -----------------------------------------------------------------------------

Napi::Value Start(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  if (!e.persistent) ThrowError(info.Env(), "mpi4js: Start needs a persistent request");
  CHKERR(info.Env(), MPI_Start(&e.handle));
  return info.Env().Undefined();
}

// wait(id, status?)
Napi::Value Wait(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int ierr = threads::Wait(info.Env(), &r, st.get());
  Sync(id, r);
  RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return info.Env().Undefined();
}

// test(id, status?) -> completed
Napi::Value Test(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int flag = 0;
  int ierr = MPI_Test(&r, &flag, st.get());
  Sync(id, r);
  if (flag) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// testFor(id, status?, budgetUs) -> µs it took to complete (0: at the first MPI_Test), -1 if it did
// not complete within `budgetUs` µs. MPI_Test repeated (at least once): the promise engine's short
// spin, so a reply microseconds away is caught without a trip through the event loop, in one
// crossing into C++ rather than a JS loop of `test` calls.
Napi::Value TestFor(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  double budget = ArgDouble(info, 2, "budgetUs");
  if (!(budget >= 0)) budget = 0;
  if (budget > 1e6) budget = 1e6;
  int flag = 0;
  int ierr = MPI_Test(&r, &flag, st.get());
  double took = 0;
  if (!flag && ierr == MPI_SUCCESS && budget > 0) {
    auto t0 = waker::Clock::now();
    auto until = t0 + std::chrono::nanoseconds(static_cast<int64_t>(budget * 1000));
    auto now = t0;
    while (!flag && ierr == MPI_SUCCESS && now < until) {
      ierr = MPI_Test(&r, &flag, st.get());
      now = waker::Clock::now();
    }
    took = std::chrono::duration<double, std::micro>(now - t0).count();
  }
  Sync(id, r);
  if (flag) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), flag ? took : -1);
}

// getStatus(id, status?) -> completed, without completing (MPI_Request_get_status)
Napi::Value GetStatus(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int flag = 0;
  CHKERR(info.Env(), MPI_Request_get_status(r, &flag, st.get()));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  RefuseCollective(info.Env(), e, "Cancel");
  MPI_Request r = e.handle;
  CHKERR(info.Env(), MPI_Cancel(&r));
  return info.Env().Undefined();
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  int32_t id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  if (id == 0) ThrowError(info.Env(), "mpi4js: cannot free MPI.REQUEST_NULL");
  RefuseCollective(info.Env(), e, "Free");
  MPI_Request r = e.handle;
  CHKERR(info.Env(), MPI_Request_free(&r));
  Sync(id, r);
  return info.Env().Undefined();
}

// ---- many requests ---------------------------------------------------------------------------

// The ids of a multi-request call: an Int32Array and a count. After the call, ids of requests
// that MPI set to MPI_REQUEST_NULL are removed from the table and zeroed in the array, so the
// caller sees which Request objects became null.
class IdList {
 public:
  IdList(const Napi::CallbackInfo& info, size_t i) {
    Napi::Env env = info.Env();
    RequireMpi(env);
    EnsureNull();
    Napi::Value v = info[i];
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
      ThrowType(env, "native: requests must be an Int32Array");
    Napi::Int32Array a = v.As<Napi::Int32Array>();
    int64_t n = ArgCount(info, i + 1, "count");
    if (static_cast<size_t>(n) > a.ElementLength()) ThrowRange(env, "native: count exceeds the id array");
    if (n > INT32_MAX) ThrowRange(env, "native: too many requests");
    ids_ = a.Data();
    reqs.resize(static_cast<size_t>(n));
    statuses.resize(static_cast<size_t>(n));
    for (size_t k = 0; k < reqs.size(); k++) reqs[k] = g_requests.Get(env, ids_[k]).handle;
  }
  int count() const { return static_cast<int>(reqs.size()); }
  void Sync() {
    for (size_t k = 0; k < reqs.size(); k++) {
      if (ids_[k] != 0 && reqs[k] == MPI_REQUEST_NULL) {
        Drop(ids_[k]);
        ids_[k] = 0;
      }
    }
  }
  std::vector<MPI_Request> reqs;
  std::vector<MPI_Status> statuses;

 private:
  int32_t* ids_ = nullptr;
};

// Statuses out: a Uint8Array of n * sizeof(MPI_Status) bytes, or undefined.
void CopyStatuses(const Napi::CallbackInfo& info, size_t i, const MPI_Status* st, size_t n) {
  Napi::Value v = info[i];
  if (v.IsUndefined() || v.IsNull() || n == 0) return;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    ThrowType(info.Env(), "native: statuses must be a Uint8Array");
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  if (a.ByteLength() < n * sizeof(MPI_Status)) ThrowRange(info.Env(), "native: statuses buffer is too small");
  std::memcpy(a.Data(), st, n * sizeof(MPI_Status));
}

// MPI_ERR_IN_STATUS: report the first real error of a completed request.
[[noreturn]] void ThrowMulti(Napi::Env env, int ierr, const MPI_Status* st, const int* which, int n) {
  int cls = MPI_ERR_OTHER;
  MPI_Error_class(ierr, &cls);
  if (cls == MPI_ERR_IN_STATUS) {
    for (int k = 0; k < n; k++) {
      int e = st[which ? which[k] : k].MPI_ERROR;
      if (e != MPI_SUCCESS && e != MPI_ERR_PENDING) ThrowMpiError(env, e);
    }
  }
  ThrowMpiError(env, ierr);
}

// Completes the statuses a multi-call skipped (MPI leaves them untouched when it succeeds).
// `completed`: whether the call completed a request (then a user-op error is reported now).
void Finish(const Napi::CallbackInfo& info, IdList& l, size_t statusArg, int ierr, const int* which, int n,
            bool completed) {
  l.Sync();
  CopyStatuses(info, statusArg, l.statuses.data(), l.statuses.size());
  if (completed) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMulti(info.Env(), ierr, l.statuses.data(), which, n);
}

void InitStatuses(IdList& l) {
  for (auto& s : l.statuses) {
    std::memset(&s, 0, sizeof s);
    s.MPI_SOURCE = MPI_ANY_SOURCE;
    s.MPI_TAG = MPI_ANY_TAG;
    s.MPI_ERROR = MPI_SUCCESS;
  }
}

// startall(ids, n)
Napi::Value Startall(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  CHKERR(info.Env(), MPI_Startall(l.count(), l.reqs.data()));
  return info.Env().Undefined();
}

// waitall(ids, n, statuses?)
Napi::Value Waitall(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  InitStatuses(l);
  int ierr = threads::Waitall(info.Env(), l.count(), l.reqs.data(), l.statuses.data());
  Finish(info, l, 2, ierr, nullptr, l.count(), true);
  return info.Env().Undefined();
}

// testall(ids, n, statuses?) -> all completed
Napi::Value Testall(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  InitStatuses(l);
  int flag = 0;
  int ierr = MPI_Testall(l.count(), l.reqs.data(), &flag, l.statuses.data());
  Finish(info, l, 2, ierr, nullptr, l.count(), flag != 0);
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// waitany(ids, n, status?) -> index, or MPI_UNDEFINED when no request was active
Napi::Value Waitany(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  StatusArg st(info, 2);
  int index = MPI_UNDEFINED;
  int ierr = threads::Waitany(info.Env(), l.count(), l.reqs.data(), &index, st.get());
  l.Sync();
  if (index != MPI_UNDEFINED) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), index);
}

// testany(ids, n, status?) -> index; MPI_UNDEFINED when no request was active; -2 when none completed
Napi::Value Testany(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  StatusArg st(info, 2);
  int index = MPI_UNDEFINED, flag = 0;
  int ierr = MPI_Testany(l.count(), l.reqs.data(), &index, &flag, st.get());
  l.Sync();
  if (flag && index != MPI_UNDEFINED) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), flag ? index : -2);
}

// waitsome(ids, n, indices: Int32Array(n), statuses?) -> outcount (MPI_UNDEFINED: none active).
// Statuses are written for the completed ones, in the order of `indices`.
Napi::Value SomeCall(const Napi::CallbackInfo& info, bool wait) {
  IdList l(info, 0);
  Napi::Value iv = info[2];
  if (!iv.IsTypedArray() || iv.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    ThrowType(info.Env(), "native: indices must be an Int32Array");
  Napi::Int32Array idx = iv.As<Napi::Int32Array>();
  if (idx.ElementLength() < l.reqs.size()) ThrowRange(info.Env(), "native: indices array is too small");
  InitStatuses(l);
  int outcount = MPI_UNDEFINED;
  std::vector<int> which(l.reqs.size());
  int ierr = wait ? threads::Waitsome(info.Env(), l.count(), l.reqs.data(), &outcount, which.data(), l.statuses.data())
                  : MPI_Testsome(l.count(), l.reqs.data(), &outcount, which.data(), l.statuses.data());
  int n = outcount == MPI_UNDEFINED ? 0 : outcount;
  for (int k = 0; k < n; k++) idx.Data()[k] = which[k];
  // MPI fills statuses[0..outcount) in completion order.
  std::vector<int> order(static_cast<size_t>(n));
  for (int k = 0; k < n; k++) order[k] = k;
  // noThrow (the promise engine): errors of completed requests stay in their statuses' MPI_ERROR.
  bool noThrow = info[4].IsBoolean() && info[4].As<Napi::Boolean>().Value();
  int cls = MPI_SUCCESS;
  if (ierr != MPI_SUCCESS) MPI_Error_class(ierr, &cls);
  Finish(info, l, 3, noThrow && cls == MPI_ERR_IN_STATUS ? MPI_SUCCESS : ierr, order.data(), n, n > 0);
  return Num(info.Env(), outcount);
}
Napi::Value Waitsome(const Napi::CallbackInfo& info) { return SomeCall(info, true); }
Napi::Value Testsome(const Napi::CallbackInfo& info) { return SomeCall(info, false); }

// ---- the progress timer (csrc/waker.h) -------------------------------------------------------

// wakeStart(fn) -> whether this environment now has a progress timer calling `fn`.
Napi::Value WakeStart(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) ThrowType(info.Env(), "native: fn must be a function");
  return Napi::Boolean::New(info.Env(), waker::Start(info.Env(), info[0]));
}

// wakeArm(us) -> false if the environment has no timer. Calls the function once, `us` µs from now.
Napi::Value WakeArm(const Napi::CallbackInfo& info) {
  double us = ArgDouble(info, 0, "us");
  if (!(us >= 0)) us = 0;
  if (us > 1e8) us = 1e8;
  return Napi::Boolean::New(info.Env(), waker::Arm(info.Env(), us));
}

// wakeDisarm()
Napi::Value WakeDisarm(const Napi::CallbackInfo& info) {
  waker::Disarm(info.Env());
  return info.Env().Undefined();
}

// ---- Bsend buffer, status helpers, exit ------------------------------------------------------

// bufferAttach(size): attaches `size` bytes of native memory (MPI_Buffer_attach).
Napi::Value BufferAttach(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int64_t size = ArgCount(info, 0, "size");
  if (size > INT32_MAX) ThrowRange(info.Env(), "native: buffer size must fit in an int");
  if (g_bsend_buffer) ThrowError(info.Env(), "mpi4js: a buffer is already attached (call MPI.Detach_buffer() first)");
  void* p = std::malloc(size ? static_cast<size_t>(size) : 1);
  if (!p) ThrowRange(info.Env(), "native: cannot allocate the send buffer");
  int ierr = MPI_Buffer_attach(p, static_cast<int>(size));
  if (ierr != MPI_SUCCESS) {
    std::free(p);
    ThrowMpiError(info.Env(), ierr);
  }
  g_bsend_buffer = p;
  g_bsend_size = static_cast<int>(size);
  return info.Env().Undefined();
}

// bufferDetach() -> size of the detached buffer, or -1 when none was attached (MPI_Buffer_detach
// waits until the buffered messages are delivered).
Napi::Value BufferDetach(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  if (!g_bsend_buffer) return Num(info.Env(), -1);
  void* p = nullptr;
  int size = 0;
  CHKERR(info.Env(), MPI_Buffer_detach(&p, &size));
  std::free(g_bsend_buffer);
  g_bsend_buffer = nullptr;
  g_bsend_size = 0;
  return Num(info.Env(), size);
}

// statusSetCancelled(status, flag) (MPI_Status_set_cancelled)
Napi::Value StatusSetCancelled(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  StatusArg st(info, 0);
  if (st.get() == MPI_STATUS_IGNORE) ThrowType(info.Env(), "native: status is required");
  bool flag = ArgBool(info, 1, "flag");
  CHKERR(info.Env(), MPI_Status_set_cancelled(st.get(), flag ? 1 : 0));
  return info.Env().Undefined();
}

// cleanupRequests() -> how many requests were still pending. Before MPI_Finalize at exit: a
// pending request is cancelled and, if it still does not complete promptly, freed, so finalize
// never waits for an operation the program abandoned.
Napi::Value CleanupRequests(const Napi::CallbackInfo& info) {
  if (!g_initialized.load() || g_finalized.load()) return Num(info.Env(), 0);
  std::vector<std::pair<int32_t, RequestEntry>> live;
  g_requests.ForEachLive([&](int32_t id, const RequestEntry& e) {
    if (id != 0 && e.handle != MPI_REQUEST_NULL) live.emplace_back(id, e);
  });
  int pending = 0;
  for (auto& [id, e] : live) {
    MPI_Request r = e.handle;
    int flag = 0;
    MPI_Status st;
    if (e.collective) {
      // MPI forbids cancelling or freeing a collective: give it a chance to finish, then forget it.
      for (int k = 0; k < 1000 && !flag; k++) MPI_Test(&r, &flag, &st);
      if (!flag) pending++;
    } else if (e.persistent) {
      // An inactive persistent request reports flag = true with an empty status.
      MPI_Request_get_status(r, &flag, &st);
      if (!flag) {
        pending++;
        MPI_Cancel(&r);
        for (int k = 0; k < 1000 && !flag; k++) MPI_Test(&r, &flag, &st);
      }
      MPI_Request_free(&r);
    } else {
      MPI_Test(&r, &flag, &st);
      if (!flag) {
        pending++;
        MPI_Cancel(&r);
        for (int k = 0; k < 1000 && !flag; k++) MPI_Test(&r, &flag, &st);
        if (!flag) MPI_Request_free(&r);
      }
    }
    Drop(id);
  }
  return Num(info.Env(), pending);
}

}  // namespace

void InitRequest(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("isend", Isend);
  FN("irecv", Irecv);
  FN("sendInit", SendInit);
  FN("recvInit", RecvInit);
  FN("ibarrier", Ibarrier);
  FN("requestStart", Start);
  FN("requestWait", Wait);
  FN("requestTest", Test);
  FN("requestTestFor", TestFor);
  FN("requestGetStatus", GetStatus);
  FN("requestCancel", Cancel);
  FN("requestFree", Free);
  FN("requestStartall", Startall);
  FN("requestWaitall", Waitall);
  FN("requestTestall", Testall);
  FN("requestWaitany", Waitany);
  FN("requestTestany", Testany);
  FN("requestWaitsome", Waitsome);
  FN("requestTestsome", Testsome);
  FN("bufferAttach", BufferAttach);
  FN("bufferDetach", BufferDetach);
  FN("statusSetCancelled", StatusSetCancelled);
  FN("cleanupRequests", CleanupRequests);
  FN("wakeStart", WakeStart);
  FN("wakeArm", WakeArm);
  FN("wakeDisarm", WakeDisarm);
#undef FN
  exports.Set("statusSize", Num(env, sizeof(MPI_Status)));
}

}  // namespace mpi4js
