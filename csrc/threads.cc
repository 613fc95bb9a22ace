// Worker threads and the lifecycle: see threads.h.
#include "threads.h"

#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <chrono>
#include <string>

#include "errors.h"

namespace mpi4js {
namespace threads {

namespace {

std::atomic<bool> g_main_known{false};
std::thread::id g_main_id;  // written before g_main_known
std::atomic<int> g_level{MPI_THREAD_MULTIPLE};
// Calls of threads other than the main one in progress, and the owner of the SERIALIZED turn.
std::atomic<int> g_calls{0};
std::atomic<uintptr_t> g_owner{0};
// Blocking calls of workers cancelled because MPI was being finalized.
std::atomic<int> g_cancelled{0};

thread_local int t_role = 0;  // 0 unknown, 1 the main thread, 2 another thread
thread_local unsigned t_depth = 0;  // nesting of this thread's SERIALIZED turn (a user op's callback)

// The process's first thread (Node's main thread); with no way to tell, assume another thread.
bool ProcessMainThread() {
#if defined(__linux__)
  return syscall(SYS_gettid) == getpid();
#else
  return false;
#endif
}

const char* LevelName(int level) {
  switch (level) {
    case MPI_THREAD_SINGLE: return "MPI_THREAD_SINGLE (MPI4JS_THREAD_LEVEL=single)";
    case MPI_THREAD_FUNNELED: return "MPI_THREAD_FUNNELED (MPI4JS_THREAD_LEVEL=funneled)";
    case MPI_THREAD_SERIALIZED: return "MPI_THREAD_SERIALIZED (MPI4JS_THREAD_LEVEL=serialized)";
    default: return "MPI_THREAD_MULTIPLE";
  }
}

}  // namespace

void OnLoad() {
  if (!ProcessMainThread()) g_gate.fetch_or(kWorkers);
}

void OnInit(int provided, bool here) {
  if (here) {
    g_main_id = std::this_thread::get_id();
    g_main_known.store(true, std::memory_order_release);
    g_level.store(provided);
    if (provided == MPI_THREAD_SINGLE || provided == MPI_THREAD_FUNNELED) g_gate.fetch_or(kOneThread);
    if (provided == MPI_THREAD_SERIALIZED) g_gate.fetch_or(kSerialized);
  } else if (!g_main_known.load(std::memory_order_acquire)) {
    // Initialized by the host program: its level, and every thread is counted.
    g_level.store(provided);
    if (provided == MPI_THREAD_SINGLE || provided == MPI_THREAD_FUNNELED) g_gate.fetch_or(kOneThread);
    if (provided == MPI_THREAD_SERIALIZED) g_gate.fetch_or(kSerialized);
    g_gate.fetch_or(kWorkers);
  }
  IsMain();
}

bool IsMain() {
  if (t_role != 0) return t_role == 1;
  int role;
  if (g_main_known.load(std::memory_order_acquire)) {
    role = std::this_thread::get_id() == g_main_id ? 1 : 2;
  } else if (g_initialized.load() && !g_finalized.load()) {
    int flag = 0;
    MPI_Is_thread_main(&flag);
    role = flag ? 1 : 2;
  } else {
    return true;  // MPI is not initialized: the call is refused for that (RequireMpi)
  }
  t_role = role;
  t_polls = role == 2;
  return role == 1;
}

unsigned Enter(napi_env env) {
  unsigned gate = g_gate.load(std::memory_order_acquire);
  bool main = IsMain();
  if ((gate & kOneThread) && !main)
    ThrowError(env, std::string("mpi4js: MPI provides ") + LevelName(g_level.load()) +
                        ": only the main thread (the one that initialized MPI) may make MPI calls; "
                        "set MPI4JS_THREAD_LEVEL=multiple to use MPI from worker threads");
  unsigned taken = 0;
  if (!main) {
    g_calls.fetch_add(1);
    if (g_gate.load() & kStopping) {
      g_calls.fetch_sub(1);
      ThrowError(env, g_finalized.load() ? "mpi4js: MPI is finalized (MPI.Finalize() was called)"
                                         : "mpi4js: MPI is being finalized by the main thread: worker threads can make no more MPI calls");
    }
    taken |= kWorkers;
  }
  if (gate & kSerialized) {
    if (t_depth == 0) {
      uintptr_t none = 0;
      if (!g_owner.compare_exchange_strong(none, reinterpret_cast<uintptr_t>(&t_depth))) {
        if (taken & kWorkers) g_calls.fetch_sub(1);
        ThrowError(env, std::string("mpi4js: MPI provides ") + LevelName(MPI_THREAD_SERIALIZED) +
                            " and another thread is inside an MPI call: threads must take turns; "
                            "set MPI4JS_THREAD_LEVEL=multiple for concurrent calls");
      }
    }
    t_depth++;
    taken |= kSerialized;
  }
  return taken;
}

void Leave(unsigned taken) {
  if ((taken & kSerialized) && --t_depth == 0) g_owner.store(0, std::memory_order_release);
  if (taken & kWorkers) g_calls.fetch_sub(1);
}

int Quiesce(int ms) {
  g_gate.fetch_or(kStopping);
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (g_calls.load() > 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return g_calls.load();
}

void Resume() { g_gate.fetch_and(~static_cast<unsigned>(kStopping)); }

int Interrupted(napi_env env) {
  if (g_gate.load(std::memory_order_relaxed) & kStopping) return kStop;
  // Node refuses to run JavaScript in an environment that is stopping (worker.terminate() sets
  // that at once, from the parent thread): a call that needs to run JS fails then.
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return kGone;
  napi_value u;
  bool same;
  bool gone = napi_get_undefined(env, &u) != napi_ok || napi_strict_equals(env, u, u, &same) != napi_ok;
  napi_close_handle_scope(env, scope);
  return gone ? kGone : 0;
}

void Raise(napi_env env, int why) {
  if (why == kGone) throw Terminated{};
  g_cancelled.fetch_add(1);
  ThrowError(env, "mpi4js: MPI is being finalized by the main thread: this worker thread's blocking call was cancelled");
}

namespace {

// quiesce(ms) -> [calls of worker threads still inside MPI, blocking calls it cancelled]. Before
// MPI_Finalize at exit (src/lifecycle.ts).
Napi::Value QuiesceFn(const Napi::CallbackInfo& info) {
  int ms = ArgInt(info, 0, "ms");
  if (!IsMain()) ThrowError(info.Env(), "mpi4js: only the main thread may prepare MPI_Finalize");
  int before = g_cancelled.load();
  int inside = Quiesce(ms < 0 ? 0 : ms);
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, Napi::Number::New(info.Env(), inside));
  a.Set(1u, Napi::Number::New(info.Env(), g_cancelled.load() - before));
  return a;
}

}  // namespace

void InitThreads(Napi::Env env, Napi::Object exports) {
  OnLoad();
  exports.Set("quiesce", Napi::Function::New(env, QuiesceFn, "quiesce"));
}

}  // namespace threads
}  // namespace mpi4js
