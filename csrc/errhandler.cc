// Error handlers (MPI_Errhandler): the predefined ones, and getting, setting and calling a
// communicator's. mpi4js sets MPI_ERRORS_RETURN on every communicator it makes, so errors come back
// as MPI.Exception; a user may choose MPI_ERRORS_ARE_FATAL (or MPI_ERRORS_ABORT) instead.
// Ids 0..3 are ERRHANDLER_NULL, ERRORS_RETURN, ERRORS_ARE_FATAL and ERRORS_ABORT (MPI-4; Open MPI
// 4.1 lacks it, and then id 3 is not registered).
#include <mutex>
#include <string>

#include "args.h"

// MPICH 4.0 defines MPI_ERRORS_ABORT but asserts (aborts the process) in MPI_Comm_set_errhandler on
// it (comm_set_errhandler.c:53, "< MPIR_ERRHANDLER_N_BUILTIN"): offered only where it works.
#if defined(MPI_ERRORS_ABORT) && !(defined(MPICH_NUMVERSION) && MPICH_NUMVERSION < 40100000)
#define MPI4JS_HAS_ERRORS_ABORT 1
#endif

namespace mpi4js {

HandleTable<ErrhandlerEntry> g_errhandlers("errhandler", MPI_ERR_ARG);

namespace {

enum : int32_t { kErrhNull = 0, kErrorsReturn = 1, kErrorsAreFatal = 2, kErrorsAbort = 3 };
std::once_flag g_errh_predefined_once;

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

void RegisterPredefined() {
  g_errhandlers.AddFixed(kErrhNull, ErrhandlerEntry{MPI_ERRHANDLER_NULL, true});
  g_errhandlers.AddFixed(kErrorsReturn, ErrhandlerEntry{MPI_ERRORS_RETURN, true});
  g_errhandlers.AddFixed(kErrorsAreFatal, ErrhandlerEntry{MPI_ERRORS_ARE_FATAL, true});
#ifdef MPI4JS_HAS_ERRORS_ABORT
  g_errhandlers.AddFixed(kErrorsAbort, ErrhandlerEntry{MPI_ERRORS_ABORT, true});
#endif
}

Napi::Value ErrhandlerFree(const Napi::CallbackInfo& info) {
  g_errhandlers.Free(info.Env(), info[0], MPI_Errhandler_free);
  return info.Env().Undefined();
}

Napi::Value CommGetErrhandler(const Napi::CallbackInfo& info) {
  MPI_Errhandler out;
  CHKERR(info.Env(), MPI_Comm_get_errhandler(Args(info).Comm(0), &out));
  return Num(info.Env(), AddErrhandler(out));
}

Napi::Value CommSetErrhandler(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  CHKERR(info.Env(), MPI_Comm_set_errhandler(comm, ReadErrhandler(info.Env(), a[1])));
  return info.Env().Undefined();
}

Napi::Value CommCallErrhandler(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  CHKERR(info.Env(), MPI_Comm_call_errhandler(comm, a.Int(1, "errorcode")));
  return info.Env().Undefined();
}

}  // namespace

HandleId AddErrhandler(MPI_Errhandler e) {
  // MPI_*_get_errhandler returns a reference that MPI-4 lets us free; a predefined one is kept
  // under its fixed id (Open MPI 4.1 refuses to free predefined handlers).
  if (e == MPI_ERRHANDLER_NULL) return kErrhNull;
  if (e == MPI_ERRORS_RETURN) return kErrorsReturn;
  if (e == MPI_ERRORS_ARE_FATAL) return kErrorsAreFatal;
#ifdef MPI4JS_HAS_ERRORS_ABORT
  if (e == MPI_ERRORS_ABORT) return kErrorsAbort;
#endif
  return g_errhandlers.Add(ErrhandlerEntry{e, false});
}

MPI_Errhandler ReadErrhandler(napi_env env, napi_value v) {
  Napi::Env e(env);
  RequireMpi(e);
  ErrhandlerEntry entry = g_errhandlers.Arg(env, v);
  if (entry.handle == MPI_ERRHANDLER_NULL) ThrowError(e, "mpi4js: argument 'errhandler' is ERRHANDLER_NULL", MPI_ERR_ARG);
  return entry.handle;
}

void InitErrhandler(Napi::Env env, Napi::Object exports) {
  std::call_once(g_errh_predefined_once, RegisterPredefined);
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("errhandlerFree", ErrhandlerFree);
  FN("commGetErrhandler", CommGetErrhandler);
  FN("commSetErrhandler", CommSetErrhandler);
  FN("commCallErrhandler", CommCallErrhandler);
#undef FN
  Napi::Object k = Napi::Object::New(env);
  k.Set("ERRHANDLER_NULL", Num(env, kErrhNull));
  k.Set("ERRORS_RETURN", Num(env, kErrorsReturn));
  k.Set("ERRORS_ARE_FATAL", Num(env, kErrorsAreFatal));
#ifdef MPI4JS_HAS_ERRORS_ABORT
  k.Set("ERRORS_ABORT", Num(env, kErrorsAbort));
#endif
  exports.Set("errhandlerConstants", k);
}

}  // namespace mpi4js
