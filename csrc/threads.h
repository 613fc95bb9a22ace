// Worker threads and the lifecycle (issue 14): which thread initialized MPI, the rules of the
// thread level MPI provided, the MPI calls worker threads are inside (so MPI_Finalize never runs
// under one), and blocking calls a worker can leave (worker.terminate(), MPI_Finalize at exit).
//
// Every exported function that calls MPI is registered through Gated<> (MPI4JS_FN): with
// MPI_THREAD_MULTIPLE and no worker thread the gate costs one relaxed atomic load; otherwise
// Enter() refuses what the level does not allow (an MPI.Exception) and counts a worker's call.
// Process-wide state is here; per-environment state is thread_local (one Node environment per
// thread: the main thread and each worker).
#pragma once
#include <atomic>
#include <cstdint>
#include <thread>

#include "mpi4js.h"

namespace mpi4js {
namespace threads {

// Why a call takes the gate's slow path (bits of g_gate).
enum : unsigned {
  kOneThread = 1,   // MPI_THREAD_SINGLE or FUNNELED: only the main thread may call MPI
  kSerialized = 2,  // MPI_THREAD_SERIALIZED: one thread at a time
  kWorkers = 4,     // a thread other than the main one loaded mpi4js: its calls are counted
  kStopping = 8,    // MPI_Finalize waits for the workers' calls to end; workers may start none
};
inline std::atomic<unsigned> g_gate{0};

// Whether this thread's blocking calls poll (a thread other than the one that initialized MPI).
inline thread_local bool t_polls = false;

// Thrown (C++ only) when the calling worker's environment is being torn down (worker.terminate()).
// Node-API can throw nothing then, and V8 may run the caller's next statements before it ends the
// thread: the gate returns kTerminatedValue instead, on which src/native.ts throws in JavaScript.
struct Terminated {};
constexpr double kTerminatedValue = -1.5;  // no native function returns a non-integer number

// After MPI_Init_thread (`here`: by this call) or on joining the MPI of the process.
void OnInit(int provided, bool here);
// Whether the calling thread is the one that initialized MPI (MPI_Is_thread_main).
bool IsMain();
// The gate's slow path: throws the MPI.Exception of a call the level does not allow, counts a
// worker's call; returns what Leave undoes.
unsigned Enter(napi_env env);
void Leave(unsigned taken);
// MPI_Finalize is coming: workers may start no MPI call, and their blocking calls are cancelled.
// Waits up to `ms` for the workers' calls to end; returns how many are still inside.
int Quiesce(int ms);
// Finalize did not happen after all.
void Resume();

class Scope {
 public:
  explicit Scope(napi_env env) {
    if (g_gate.load(std::memory_order_relaxed) != 0) taken_ = Enter(env);
  }
  ~Scope() {
    if (taken_) Leave(taken_);
  }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  unsigned taken_ = 0;
};

// Why a polling call must end now: 0 (it need not), kStop (MPI is being finalized) or kGone (the
// environment is being torn down).
enum : int { kStop = 1, kGone = 2 };
int Interrupted(napi_env env);
// Throws for `why`: an MPI.Exception (kStop) or Terminated (kGone).
[[noreturn]] void Raise(napi_env env, int why);

// The blocking wait of a worker thread: `test(&done)` (an MPI_Test-like call returning an error
// code) until it is done or fails, checking between polls whether the call must end; then
// `cancel()` undoes what the caller started, and Raise throws. MPI's own blocking calls poll too.
template <class Test, class Cancel>
int Poll(napi_env env, Test&& test, Cancel&& cancel) {
  for (unsigned k = 1;; k++) {
    int done = 0;
    int ierr = test(&done);
    if (ierr != MPI_SUCCESS || done) return ierr;
    if ((k & 31) == 0) {
      if (int why = Interrupted(env)) {
        cancel();
        Raise(env, why);
      }
    }
    if (k > 4096) std::this_thread::yield();  // after a millisecond or so, let other threads run
  }
}

inline void Nothing() {}

// A receive this call started and must not leave behind: cancelled, then completed (MPI guarantees
// that MPI_Wait on a cancelled request returns).
inline void CancelOwn(MPI_Request* r) {
  if (*r == MPI_REQUEST_NULL) return;
  MPI_Cancel(r);
  MPI_Wait(r, MPI_STATUS_IGNORE);
}

// The blocking calls of a worker: MPI's own call on any other thread, and from MPI_PROC_NULL
// (returns at once; MPICH's MPI_Test leaves the status of an MPI_Irecv from it unset).
inline int Recv(napi_env env, void* buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status* st) {
  if (!t_polls || source == MPI_PROC_NULL) return MPI_Recv(buf, count, type, source, tag, comm, st);
  MPI_Request r = MPI_REQUEST_NULL;
  int ierr = MPI_Irecv(buf, count, type, source, tag, comm, &r);
  if (ierr != MPI_SUCCESS) return ierr;
  return Poll(env, [&](int* done) { return MPI_Test(&r, done, st); }, [&] { CancelOwn(&r); });
}

inline int Probe(napi_env env, int source, int tag, MPI_Comm comm, MPI_Status* st) {
  if (!t_polls || source == MPI_PROC_NULL) return MPI_Probe(source, tag, comm, st);
  return Poll(env, [&](int* done) { return MPI_Iprobe(source, tag, comm, done, st); }, Nothing);
}

inline int Mprobe(napi_env env, int source, int tag, MPI_Comm comm, MPI_Message* m, MPI_Status* st) {
  if (!t_polls || source == MPI_PROC_NULL) return MPI_Mprobe(source, tag, comm, m, st);
  return Poll(env, [&](int* done) { return MPI_Improbe(source, tag, comm, done, m, st); }, Nothing);
}

// Waits on the caller's requests: left pending when the call ends early (the environment's
// clean-up, or the clean-up before MPI_Finalize, deals with them).
inline int Wait(napi_env env, MPI_Request* r, MPI_Status* st) {
  if (!t_polls) return MPI_Wait(r, st);
  return Poll(env, [&](int* done) { return MPI_Test(r, done, st); }, Nothing);
}

inline int Waitall(napi_env env, int n, MPI_Request* rs, MPI_Status* sts) {
  if (!t_polls) return MPI_Waitall(n, rs, sts);
  return Poll(env, [&](int* done) { return MPI_Testall(n, rs, done, sts); }, Nothing);
}

inline int Waitany(napi_env env, int n, MPI_Request* rs, int* index, MPI_Status* st) {
  if (!t_polls) return MPI_Waitany(n, rs, index, st);
  return Poll(env, [&](int* done) { return MPI_Testany(n, rs, index, done, st); }, Nothing);
}

inline int Waitsome(napi_env env, int n, MPI_Request* rs, int* outcount, int* indices, MPI_Status* sts) {
  if (!t_polls) return MPI_Waitsome(n, rs, outcount, indices, sts);
  return Poll(env, [&](int* done) {
    int ierr = MPI_Testsome(n, rs, outcount, indices, sts);
    *done = *outcount != 0;  // MPI_UNDEFINED: no active request
    return ierr;
  }, Nothing);
}

}  // namespace threads

// The gate around an exported function (see above).
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value Gated(const Napi::CallbackInfo& info) {
  try {
    threads::Scope scope(info.Env());
    return F(info);
  } catch (const threads::Terminated&) {
    return Napi::Number::New(info.Env(), threads::kTerminatedValue);
  }
}

template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value GatedRaw(napi_env env, napi_callback_info cbi) {
  try {
    threads::Scope scope(env);
    return F(env, cbi);
  } catch (const threads::Terminated&) {
    napi_value v = nullptr;
    napi_create_double(env, threads::kTerminatedValue, &v);
    return v;
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

}  // namespace mpi4js

#define MPI4JS_FN(exports, env, name, fn) (exports).Set(name, Napi::Function::New(env, ::mpi4js::Gated<fn>, name))
