// Requests: bookkeeping and completion (start, wait/test, one or many), cancel, free, the attached
// Bsend buffer, the progress timer, and the clean-up of pending requests before finalize. The calls
// that start an operation live with their kind (p2p.cc, collective.cc, topo.cc).
// One MPI call per function; the TypeScript layer keeps the buffers of a pending request alive.
#include "args.h"
#include "request.h"

#include <cstdlib>
#include <cstring>
#include <unordered_map>
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
  std::call_once(g_null_once, [] { g_requests.AddFixed(0, RequestEntry{MPI_REQUEST_NULL, false, false, false, nullptr, nullptr, false}); });
}

}  // namespace

HandleId AddRequest(napi_env env, MPI_Request req, bool persistent, bool collective, Hold hold, bool rma) {
  EnsureNull();
  if (req == MPI_REQUEST_NULL) return 0;
  return g_requests.Add(RequestEntry{req, persistent, collective, false, env, std::move(hold), rma});
}

namespace {

// The Bsend buffer is native memory, so nothing the user does to a JS buffer can pull it from MPI.
void* g_bsend_buffer = nullptr;
int g_bsend_size = 0;

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }


HandleId IdArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  EnsureNull();
  return ReadId(info.Env(), info[i], "request");
}

// Removes an id and releases what its request held (pinned memory, owned native memory).
void Drop(HandleId id) {
  g_requests.Update(id, RequestEntry{MPI_REQUEST_NULL, false, false, false, nullptr, nullptr, false});
  g_requests.Remove(id);
}

// After MPI completed or freed a request it is MPI_REQUEST_NULL: drop its id (never the NULL id 0).
// A persistent request stays, inactive once completed (`done`), and keeps its memory pinned until
// it is freed: every Start reuses the buffer it was made with.
void Sync(HandleId id, MPI_Request r, bool done) {
  if (id == 0) return;
  if (r == MPI_REQUEST_NULL) {
    Drop(id);
    return;
  }
  if (!done) return;
  RequestEntry e;
  if (!g_requests.Find(id, &e) || !e.persistent || !e.active) return;
  e.active = false;
  g_requests.Update(id, e);
}

// MPI forbids cancelling or freeing a nonblocking collective (a persistent one may be freed while
// inactive); mpi4js refuses it for request-based RMA too (the window's epoch bookkeeping and the
// pins need its completion).
void RefuseCollective(Napi::Env env, const RequestEntry& e, const char* what, bool freeing = false) {
  if (e.collective && e.persistent && freeing) {
    if (!e.active) return;
    ThrowError(env, std::string("mpi4js: ") + what + " of an active persistent collective request is not allowed by MPI; complete it with Wait/Test",
               MPI_ERR_REQUEST);
  }
  if (e.collective)
    ThrowError(env, std::string("mpi4js: ") + what + " of a " +
                        (e.rma ? "request-based RMA (Rput, Rget, Raccumulate, Rget_accumulate) request is not supported"
                               : "nonblocking collective request is not allowed by MPI") +
                        "; complete it with Wait/Test");
}

// ---- one request -----------------------------------------------------------------------------

// Starting an active persistent request again is erroneous in MPI (MPICH hangs): refused.
void Activate(Napi::Env env, HandleId id, RequestEntry& e, const char* what) {
  if (!e.persistent) ThrowError(env, std::string("mpi4js: ") + what + " needs a persistent request", MPI_ERR_REQUEST);
  if (e.active) ThrowError(env, std::string("mpi4js: ") + what + ": the request is already active (complete it first)", MPI_ERR_REQUEST);
  e.active = true;
  // A partitioned send starts a round with no partition ready.
  if (e.part) e.part->ready.assign(e.part->ready.size(), 0);
  g_requests.Update(id, e);
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  Activate(info.Env(), id, e, "Start");
  int ierr = MPI_Start(&e.handle);
  if (ierr != MPI_SUCCESS) {
    e.active = false;
    g_requests.Update(id, e);
    ThrowMpiError(info.Env(), ierr);
  }
  return info.Env().Undefined();
}

// wait(id, status?)
Napi::Value Wait(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int ierr = threads::Wait(info.Env(), &r, st.get());
  Sync(id, r, true);
  RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return info.Env().Undefined();
}

// test(id, status?) -> completed
Napi::Value Test(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int flag = 0;
  int ierr = MPI_Test(&r, &flag, st.get());
  Sync(id, r, flag != 0);
  if (flag) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// testFor(id, status?, budgetUs) -> µs it took to complete (0: at the first MPI_Test), -1 if it did
// not complete within `budgetUs` µs. MPI_Test repeated (at least once): the promise engine's short
// spin, so a reply microseconds away is caught without a trip through the event loop, in one
// crossing into C++ rather than a JS loop of `test` calls.
Napi::Value TestFor(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
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
  Sync(id, r, flag != 0);
  if (flag) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), flag ? took : -1);
}

// getStatus(id, status?) -> completed, without completing (MPI_Request_get_status)
Napi::Value GetStatus(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  MPI_Request r = g_requests.Get(info.Env(), id).handle;
  StatusArg st(info, 1);
  int flag = 0;
  CHKERR(info.Env(), MPI_Request_get_status(r, &flag, st.get()));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  RefuseCollective(info.Env(), e, "Cancel");
  MPI_Request r = e.handle;
  CHKERR(info.Env(), MPI_Cancel(&r));
  return info.Env().Undefined();
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  HandleId id = IdArg(info, 0);
  RequestEntry e = g_requests.Get(info.Env(), id);
  if (id == 0) ThrowError(info.Env(), "mpi4js: cannot free MPI.REQUEST_NULL");
  RefuseCollective(info.Env(), e, "Free", true);
  // MPI-4 forbids freeing an active partitioned request (its partitions may still be marked ready).
  if (e.part && e.active)
    ThrowError(info.Env(), "mpi4js: Free of an active partitioned request is not allowed by MPI; complete it with Wait/Test", MPI_ERR_REQUEST);
  MPI_Request r = e.handle;
  CHKERR(info.Env(), MPI_Request_free(&r));
  Sync(id, r, true);
  return info.Env().Undefined();
}

// ---- many requests ---------------------------------------------------------------------------

// The ids of a multi-request call: a Float64Array and a count. A request listed twice is passed
// to MPI once (MPI forbids duplicates: Open MPI frees it twice, MPICH asserts); the later entries
// share the first one's outcome. After the call, ids of requests that MPI set to MPI_REQUEST_NULL
// are removed from the table and zeroed in the array, so the caller sees which Request objects
// became null.
class IdList {
 public:
  IdList(const Napi::CallbackInfo& info, size_t i) {
    Napi::Env env = info.Env();
    RequireMpi(env);
    EnsureNull();
    Napi::Value v = info[i];
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
      ThrowType(env, "native: requests must be a Float64Array");
    Napi::Float64Array a = v.As<Napi::Float64Array>();
    int64_t n = ArgCount(info, i + 1, "count");
    if (static_cast<size_t>(n) > a.ElementLength()) ThrowRange(env, "native: count exceeds the id array");
    if (n > INT32_MAX) ThrowRange(env, "native: too many requests");
    ids_ = a.Data();
    size_t m = static_cast<size_t>(n);
    reqs.resize(m);
    statuses.resize(m);
    first.assign(m, -1);
    std::unordered_map<double, int> seen;
    for (size_t k = 0; k < m; k++) {
      HandleId id = ReadId(env, Napi::Number::New(env, ids_[k]), "request");
      reqs[k] = g_requests.Get(env, id).handle;
      if (id == 0) continue;
      auto [it, fresh] = seen.emplace(ids_[k], static_cast<int>(k));
      if (!fresh) {
        first[k] = it->second;
        reqs[k] = MPI_REQUEST_NULL;
      }
    }
  }
  int count() const { return static_cast<int>(reqs.size()); }
  HandleId IdAt(size_t k) const { return static_cast<HandleId>(ids_[k]); }
  // `done[k]`: whether request k completed in this call (null when all did). `perEntry`: the
  // statuses are per entry (Waitall/Testall), so a repeated entry gets its first one's status.
  void Sync(const std::vector<char>* done = nullptr, bool perEntry = false) {
    for (size_t k = 0; k < reqs.size(); k++) {
      if (first[k] >= 0) continue;
      HandleId id = static_cast<HandleId>(ids_[k]);
      ::mpi4js::Sync(id, reqs[k], done ? (*done)[k] != 0 : true);
      if (id != 0 && reqs[k] == MPI_REQUEST_NULL) ids_[k] = 0;
    }
    for (size_t k = 0; k < reqs.size(); k++) {
      if (first[k] < 0) continue;
      ids_[k] = ids_[first[k]];
      if (perEntry) statuses[k] = statuses[first[k]];
    }
  }
  std::vector<MPI_Request> reqs;
  std::vector<MPI_Status> statuses;
  // For a request listed again: the index of its first entry, else -1.
  std::vector<int> first;

 private:
  double* ids_ = nullptr;
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
            bool completed, const std::vector<char>* done, bool perEntry) {
  l.Sync(done, perEntry);
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

// startall(ids, n): every request persistent, inactive, and listed once (MPI forbids starting
// one twice; MPICH hangs on it).
Napi::Value Startall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IdList l(info, 0);
  for (size_t k = 0; k < l.first.size(); k++)
    if (l.first[k] >= 0)
      ThrowError(env, "mpi4js: Startall: requests[" + std::to_string(k) + "] is requests[" + std::to_string(l.first[k]) +
                          "] again; a request can be started once", MPI_ERR_REQUEST);
  std::vector<HandleId> ids(l.reqs.size());
  std::vector<RequestEntry> entries(l.reqs.size());
  for (size_t k = 0; k < ids.size(); k++) {
    ids[k] = l.IdAt(k);
    entries[k] = g_requests.Get(env, ids[k]);
    if (!entries[k].persistent || entries[k].active)
      ThrowError(env, "mpi4js: Startall: requests[" + std::to_string(k) +
                          (entries[k].persistent ? "] is already active (complete it first)" : "] is not persistent"),
                 MPI_ERR_REQUEST);
  }
  for (size_t k = 0; k < ids.size(); k++) {
    entries[k].active = true;
    if (entries[k].part) entries[k].part->ready.assign(entries[k].part->ready.size(), 0);
    g_requests.Update(ids[k], entries[k]);
  }
  int ierr = MPI_Startall(l.count(), l.reqs.data());
  if (ierr != MPI_SUCCESS) {
    for (size_t k = 0; k < ids.size(); k++) {
      entries[k].active = false;
      g_requests.Update(ids[k], entries[k]);
    }
    ThrowMpiError(env, ierr);
  }
  return env.Undefined();
}

// waitall(ids, n, statuses?); testall(...) -> all completed
template <bool Wait>
Napi::Value All(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  InitStatuses(l);
  int flag = 1;
  int ierr = Wait ? threads::Waitall(info.Env(), l.count(), l.reqs.data(), l.statuses.data())
                  : MPI_Testall(l.count(), l.reqs.data(), &flag, l.statuses.data());
  std::vector<char> done(Wait ? 0 : l.reqs.size(), flag ? 1 : 0);
  Finish(info, l, 2, ierr, nullptr, l.count(), flag != 0, Wait ? nullptr : &done, true);
  if (Wait) return info.Env().Undefined();
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// waitany(ids, n, status?) -> index, or MPI_UNDEFINED when no request was active; testany(...) ->
// the same, or -2 when none completed
template <bool Wait>
Napi::Value Any(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  StatusArg st(info, 2);
  int index = MPI_UNDEFINED, flag = 1;
  int ierr = Wait ? threads::Waitany(info.Env(), l.count(), l.reqs.data(), &index, st.get())
                  : MPI_Testany(l.count(), l.reqs.data(), &index, &flag, st.get());
  std::vector<char> done(l.reqs.size(), 0);
  if (flag && index >= 0 && index < l.count()) done[static_cast<size_t>(index)] = 1;
  l.Sync(&done);
  if (flag && index != MPI_UNDEFINED) RethrowOpError(info.Env());
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), flag ? index : -2);
}

// waitsome(ids, n, indices: Int32Array(n), statuses?) -> outcount (MPI_UNDEFINED: none active).
// Statuses are written for the completed ones, in the order of `indices`.
template <bool Wait>
Napi::Value Some(const Napi::CallbackInfo& info) {
  IdList l(info, 0);
  Napi::Value iv = info[2];
  if (!iv.IsTypedArray() || iv.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    ThrowType(info.Env(), "native: indices must be an Int32Array");
  Napi::Int32Array idx = iv.As<Napi::Int32Array>();
  if (idx.ElementLength() < l.reqs.size()) ThrowRange(info.Env(), "native: indices array is too small");
  InitStatuses(l);
  int outcount = MPI_UNDEFINED;
  std::vector<int> which(l.reqs.size());
  int ierr = Wait ? threads::Waitsome(info.Env(), l.count(), l.reqs.data(), &outcount, which.data(), l.statuses.data())
                  : MPI_Testsome(l.count(), l.reqs.data(), &outcount, which.data(), l.statuses.data());
  int n = outcount == MPI_UNDEFINED ? 0 : outcount;
  std::vector<char> done(l.reqs.size(), 0);
  for (int k = 0; k < n; k++) {
    idx.Data()[k] = which[k];
    done[static_cast<size_t>(which[k])] = 1;
  }
  // MPI fills statuses[0..outcount) in completion order.
  std::vector<int> order(static_cast<size_t>(n));
  for (int k = 0; k < n; k++) order[k] = k;
  // noThrow (the promise engine): errors of completed requests stay in their statuses' MPI_ERROR.
  bool noThrow = info[4].IsBoolean() && info[4].As<Napi::Boolean>().Value();
  int cls = MPI_SUCCESS;
  if (ierr != MPI_SUCCESS) MPI_Error_class(ierr, &cls);
  Finish(info, l, 3, noThrow && cls == MPI_ERR_IN_STATUS ? MPI_SUCCESS : ierr, order.data(), n, n > 0, &done, false);
  return Num(info.Env(), outcount);
}

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

// A request nobody will complete: its environment ended (a worker that exited with requests
// pending), or MPI is about to be finalized. Completes it if it is done, else cancels it (a
// collective cannot be cancelled: it gets a chance to finish). Returns whether it was still
// pending. Unless `finalizing`, a request that MPI may still use stays in the table with its
// memory pinned (env cleared), for finalize to end; at finalize MPI stops using memory anyway.
bool Abandon(HandleId id, const RequestEntry& e, bool finalizing) {
  MPI_Request r = e.handle;
  int flag = 0;
  MPI_Status st;
  bool pending = false;
  if (e.persistent && !e.active) {
    flag = 1;
  } else {
    MPI_Test(&r, &flag, &st);
    pending = !flag;
    if (!flag && !e.collective) MPI_Cancel(&r);
    for (int k = 0; k < 1000 && !flag; k++) MPI_Test(&r, &flag, &st);
  }
  if (flag || finalizing) {
    // A completed (inactive) persistent collective may be freed; a pending collective may not.
    if (r != MPI_REQUEST_NULL && (!e.collective || (e.persistent && flag))) MPI_Request_free(&r);
    Drop(id);
  } else {
    RequestEntry orphan = e;
    orphan.env = nullptr;
    g_requests.Update(id, orphan);
  }
  return pending;
}

// The live requests of `env` (nullptr: all), collected first: Drop takes the table's lock.
std::vector<std::pair<HandleId, RequestEntry>> LiveRequests(napi_env env) {
  std::vector<std::pair<HandleId, RequestEntry>> live;
  g_requests.ForEachLive([&](HandleId id, const RequestEntry& e) {
    if (id != 0 && e.handle != MPI_REQUEST_NULL && (env == nullptr || e.env == env)) live.emplace_back(id, e);
  });
  return live;
}

// cleanupRequests() -> how many requests were still pending. Before MPI_Finalize at exit: a
// pending request is cancelled and, if it still does not complete promptly, freed, so finalize
// never waits for an operation the program abandoned.
Napi::Value CleanupRequests(const Napi::CallbackInfo& info) {
  if (!g_initialized.load() || g_finalized.load()) return Num(info.Env(), 0);
  int pending = 0;
  for (auto& [id, e] : LiveRequests(nullptr)) pending += Abandon(id, e, true) ? 1 : 0;
  return Num(info.Env(), pending);
}

// An environment ends (a worker thread exits or is terminated): its JavaScript can no longer
// complete its requests, so they are ended here; their memory stays pinned while MPI may use it.
void OnEnvEnd(void* arg) {
  if (!g_initialized.load() || g_finalized.load()) return;
  for (auto& [id, e] : LiveRequests(static_cast<napi_env>(arg))) Abandon(id, e, false);
}

// ---- generalized requests (MPI_Grequest_start) ----------------------------------------------
// MPI calls the callbacks inside MPI_Wait/MPI_Test/MPI_Cancel/MPI_Request_free, which mpi4js makes
// on the thread of the JavaScript that made the request: they call its JavaScript functions there.
// Those are wrappers (src/Request.ts) that never throw and return an MPI error code; a C++ exception
// (a JS error all the same) must not cross MPI's C frames, so each callback catches everything.
struct GrequestState {
  napi_env env;
  Napi::FunctionReference query, free, cancel;
};

int GrequestQuery(void* extra, MPI_Status* status) {
  auto* g = static_cast<GrequestState*>(extra);
  try {
    Napi::Env env(g->env);
    Napi::HandleScope scope(env);
    Napi::Uint8Array bytes = Napi::Uint8Array::New(env, sizeof(MPI_Status));
    std::memcpy(bytes.Data(), status, sizeof(MPI_Status));
    Napi::Value r = g->query.Call({bytes});
    std::memcpy(status, bytes.Data(), sizeof(MPI_Status));
    return r.IsNumber() ? r.As<Napi::Number>().Int32Value() : MPI_ERR_OTHER;
  } catch (...) {
    return MPI_ERR_OTHER;
  }
}

int GrequestFree(void* extra) {
  auto* g = static_cast<GrequestState*>(extra);
  int ierr = MPI_ERR_OTHER;
  try {
    Napi::HandleScope scope(Napi::Env(g->env));
    Napi::Value r = g->free.Call({});
    ierr = r.IsNumber() ? r.As<Napi::Number>().Int32Value() : MPI_ERR_OTHER;
  } catch (...) {
  }
  delete g;  // MPI calls free_fn last, once
  return ierr;
}

int GrequestCancel(void* extra, int complete) {
  auto* g = static_cast<GrequestState*>(extra);
  try {
    Napi::Env env(g->env);
    Napi::HandleScope scope(env);
    Napi::Value r = g->cancel.Call({Napi::Boolean::New(env, complete != 0)});
    return r.IsNumber() ? r.As<Napi::Number>().Int32Value() : MPI_ERR_OTHER;
  } catch (...) {
    return MPI_ERR_OTHER;
  }
}

// grequestStart(query(statusBytes) -> code, free() -> code, cancel(complete) -> code) -> request id
Napi::Value GrequestStart(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  for (size_t i = 0; i < 3; i++)
    if (!info[i].IsFunction()) ThrowType(env, "native: grequestStart takes three functions");
  auto* g = new GrequestState{env, Napi::Persistent(info[0].As<Napi::Function>()), Napi::Persistent(info[1].As<Napi::Function>()),
                              Napi::Persistent(info[2].As<Napi::Function>())};
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = MPI_Grequest_start(GrequestQuery, GrequestFree, GrequestCancel, g, &q);
  if (ierr != MPI_SUCCESS) {
    delete g;
    ThrowMpiError(env, ierr);
  }
  return Num(env, static_cast<double>(AddRequest(env, q, false, false, nullptr)));
}

// grequestComplete(id): MPI_Grequest_complete; the request stays until a Wait/Test completes it.
Napi::Value GrequestComplete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  RequestEntry e = g_requests.Get(env, ReadId(env, info[0], "request"));
  CHKERR(env, MPI_Grequest_complete(e.handle));
  return env.Undefined();
}

}  // namespace

void InitRequest(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("requestStart", Start);
  FN("requestWait", Wait);
  FN("requestTest", Test);
  FN("requestTestFor", TestFor);
  FN("requestGetStatus", GetStatus);
  FN("requestCancel", Cancel);
  FN("requestFree", Free);
  FN("requestStartall", Startall);
  // Both forms of each multi-request completion: wait (blocks) and test.
  FN("requestWaitall", All<true>);
  FN("requestTestall", All<false>);
  FN("requestWaitany", Any<true>);
  FN("requestTestany", Any<false>);
  FN("requestWaitsome", Some<true>);
  FN("requestTestsome", Some<false>);
  FN("bufferAttach", BufferAttach);
  FN("bufferDetach", BufferDetach);
  FN("statusSetCancelled", StatusSetCancelled);
  FN("grequestStart", GrequestStart);
  FN("grequestComplete", GrequestComplete);
  FN("cleanupRequests", CleanupRequests);
  FN("wakeStart", WakeStart);
  FN("wakeArm", WakeArm);
  FN("wakeDisarm", WakeDisarm);
#undef FN
  exports.Set("statusSize", Num(env, sizeof(MPI_Status)));
  napi_add_env_cleanup_hook(env, OnEnvEnd, static_cast<napi_env>(env));
}

}  // namespace mpi4js
