// Shared declarations of the raw layer: one MPI call per native function, no policy.
// Policy (defaults, overloads, buffer specifications) lives in the TypeScript layer.
#pragma once

#ifndef OMPI_SKIP_MPICXX
#define OMPI_SKIP_MPICXX 1
#endif
#ifndef MPICH_SKIP_MPICXX
#define MPICH_SKIP_MPICXX 1
#endif
#include <mpi.h>
// An error raised while a worker's environment is being torn down (worker.terminate()) cannot
// reach JavaScript: drop it rather than abort the process (node-addon-api would call terminate()).
#ifndef NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#define NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
#endif
#include <napi.h>

#include <atomic>
#include <cstdint>

namespace mpi4js {

// Lifecycle flags, process-wide (MPI is one per process, shared by worker threads).
extern std::atomic<bool> g_initialized;
extern std::atomic<bool> g_finalized;

// Each file registers its functions on the exports object.
void InitErrors(Napi::Env env, Napi::Object exports);
void InitComm(Napi::Env env, Napi::Object exports);
void InitP2P(Napi::Env env, Napi::Object exports);
void InitDatatype(Napi::Env env, Napi::Object exports);
void InitStatus(Napi::Env env, Napi::Object exports);
void InitOp(Napi::Env env, Napi::Object exports);
void InitGroup(Napi::Env env, Napi::Object exports);
void InitRequest(Napi::Env env, Napi::Object exports);
void InitTopo(Napi::Env env, Napi::Object exports);
void InitCollective(Napi::Env env, Napi::Object exports);
// One-sided communication (win.cc); before MPI_Finalize the windows' handed-out memory is detached.
void InitWin(Napi::Env env, Napi::Object exports);
void DetachWindowMemory(napi_env env);
void InitInfo(Napi::Env env, Napi::Object exports);
void InitSession(Napi::Env env, Napi::Object exports);
void InitErrhandler(Napi::Env env, Napi::Object exports);
void InitEnvFns(Napi::Env env, Napi::Object exports);  // csrc/env.cc
void InitDynamic(Napi::Env env, Napi::Object exports);
void InitFile(Napi::Env env, Napi::Object exports);
namespace threads {
void InitThreads(Napi::Env env, Napi::Object exports);
}

// The end of every completion call (Wait/Test/... once a request completed): finishes the
// nonblocking reductions with a user-defined op that it completed on this thread (their combine
// step, op.h) and throws the first failure (what the op threw, or an MPI.Exception saying why).
void RethrowOpError(Napi::Env env);

// Throws a JS error unless MPI is usable (initialized and not finalized).
void RequireMpi(Napi::Env env);

// Argument readers: a wrong JS type is a TypeError, never a crash.
int32_t ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name);
int64_t ArgCount(const Napi::CallbackInfo& info, size_t i, const char* name);
double ArgDouble(const Napi::CallbackInfo& info, size_t i, const char* name);
bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name);

// Status: the caller passes a Uint8Array of at least sizeof(MPI_Status) bytes, or undefined.
class StatusArg {
 public:
  StatusArg(const Napi::CallbackInfo& info, size_t i);
  StatusArg(Napi::Env env, napi_value v);
  ~StatusArg();
  MPI_Status* get() { return target_ ? &status_ : MPI_STATUS_IGNORE; }

 private:
  MPI_Status status_;
  void* target_ = nullptr;
};

}  // namespace mpi4js

// The gate every exported MPI function is registered through (MPI4JS_FN).
#include "threads.h"
