// Environment functions of the MPI namespace: user error classes/codes/strings, addresses, memory
// from MPI_Alloc_mem (an ArrayBuffer over it, detached when freed), and the constants they use.
#include <mutex>
#include <string>
#include <unordered_set>

#include "errors.h"
#include "message.h"
#include "mpi4js.h"
#include "threads.h"

namespace mpi4js {
namespace {

Napi::Value AddErrorClass(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int cls;
  CHKERR(info.Env(), MPI_Add_error_class(&cls));
  return Napi::Number::New(info.Env(), cls);
}

Napi::Value AddErrorCode(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int cls = ArgInt(info, 0, "errorclass"), code;
  CHKERR(info.Env(), MPI_Add_error_code(cls, &code));
  return Napi::Number::New(info.Env(), code);
}

Napi::Value AddErrorString(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int code = ArgInt(info, 0, "errorcode");
  if (!info[1].IsString()) ThrowType(info.Env(), "native: string must be a string");
  std::string s = info[1].As<Napi::String>().Utf8Value();
  if (s.size() >= MPI_MAX_ERROR_STRING) ThrowRange(info.Env(), "native: the error string is too long");
  CHKERR(info.Env(), MPI_Add_error_string(code, s.c_str()));
  return info.Env().Undefined();
}

// MPI_Remove_error_* are MPI-4.1: an MPI.Exception of class MPI_ERR_UNSUPPORTED_OPERATION before.
Napi::Value RemoveError(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int which = ArgInt(info, 0, "which"), v = ArgInt(info, 1, "value");
#if MPI_VERSION > 4 || (MPI_VERSION == 4 && MPI_SUBVERSION >= 1)
  int ierr = which == 0 ? MPI_Remove_error_class(v) : which == 1 ? MPI_Remove_error_code(v) : MPI_Remove_error_string(v);
  CHKERR(info.Env(), ierr);
  return info.Env().Undefined();
#else
  (void)which;
  (void)v;
  ThrowError(info.Env(), "MPI_Remove_error_class/code/string are MPI-4.1; this MPI library does not have them",
             MPI_ERR_UNSUPPORTED_OPERATION);
#endif
}

// getAddress(buf, byteOffset) -> the absolute address (MPI_Get_address) of that byte: number | bigint.
Napi::Value GetAddress(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Span s = GetSpan(env, info[0], "Get_address (location)");
  int64_t off = ArgCount(info, 1, "offset");
  if (static_cast<uint64_t>(off) > s.length) ThrowRange(env, "native: offset is past the end of the buffer");
  static char empty[1];
  MPI_Aint a;
  CHKERR(env, MPI_Get_address(s.data ? s.data + off : empty, &a));
  // A number while exact (every 64-bit platform's user addresses), else a bigint.
  if (a >= 0 && a <= 9007199254740991) return Napi::Number::New(env, static_cast<double>(a));
  return Napi::BigInt::New(env, static_cast<int64_t>(a));
}

// The blocks MPI_Alloc_mem gave out and not yet freed: Free_mem frees only these, once.
std::mutex g_memMu;
std::unordered_set<void*> g_mem;

void FinalizeMem(Napi::Env, void* data) {
  std::lock_guard<std::mutex> lock(g_memMu);
  // Garbage collected without Free_mem: freed here while MPI is usable, else left to the process.
  if (g_mem.erase(data) && g_initialized.load() && !g_finalized.load()) MPI_Free_mem(data);
}

// allocMem(size) -> an ArrayBuffer over MPI_Alloc_mem memory.
Napi::Value AllocMem(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  int64_t size = ArgCount(info, 0, "size");
  void* p = nullptr;
  CHKERR(env, MPI_Alloc_mem(static_cast<MPI_Aint>(size > 0 ? size : 1), MPI_INFO_NULL, &p));
  {
    std::lock_guard<std::mutex> lock(g_memMu);
    g_mem.insert(p);
  }
  return Napi::ArrayBuffer::New(env, p, static_cast<size_t>(size), FinalizeMem);
}

// freeMem(arraybuffer): detaches it and frees its memory (MPI_Free_mem).
Napi::Value FreeMem(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  if (!info[0].IsArrayBuffer()) ThrowType(env, "native: mem must be an ArrayBuffer from allocMem");
  Napi::ArrayBuffer ab = info[0].As<Napi::ArrayBuffer>();
  if (ab.IsDetached()) ThrowError(env, "Free_mem: the memory is already freed", MPI_ERR_ARG);
  void* p = ab.Data();
  {
    std::lock_guard<std::mutex> lock(g_memMu);
    if (!g_mem.erase(p)) ThrowError(env, "Free_mem: the memory was not allocated by MPI.Alloc_mem", MPI_ERR_ARG);
  }
  ab.Detach();
  CHKERR(env, MPI_Free_mem(p));
  return env.Undefined();
}

Napi::Object ApiConstants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
#define K(name) c.Set(#name, Napi::Number::New(env, MPI_##name))
  K(COMBINER_NAMED); K(COMBINER_DUP); K(COMBINER_CONTIGUOUS); K(COMBINER_VECTOR); K(COMBINER_HVECTOR);
  K(COMBINER_INDEXED); K(COMBINER_HINDEXED); K(COMBINER_INDEXED_BLOCK); K(COMBINER_HINDEXED_BLOCK);
  K(COMBINER_STRUCT); K(COMBINER_SUBARRAY); K(COMBINER_DARRAY); K(COMBINER_RESIZED);
  K(COMBINER_F90_INTEGER); K(COMBINER_F90_REAL); K(COMBINER_F90_COMPLEX);
  K(TYPECLASS_INTEGER); K(TYPECLASS_REAL); K(TYPECLASS_COMPLEX);
  K(KEYVAL_INVALID); K(LASTUSEDCODE); K(MAX_INFO_KEY); K(MAX_INFO_VAL); K(MAX_PORT_NAME);
  K(MAX_DATAREP_STRING); K(MAX_LIBRARY_VERSION_STRING);
#undef K
  // Error classes newer than MPI-3.1: only where the library defines them.
#ifdef MPI_ERR_SESSION
  c.Set("ERR_SESSION", Napi::Number::New(env, MPI_ERR_SESSION));
#endif
#ifdef MPI_ERR_PROC_ABORTED
  c.Set("ERR_PROC_ABORTED", Napi::Number::New(env, MPI_ERR_PROC_ABORTED));
#endif
#ifdef MPI_ERR_VALUE_TOO_LARGE
  c.Set("ERR_VALUE_TOO_LARGE", Napi::Number::New(env, MPI_ERR_VALUE_TOO_LARGE));
#endif
#ifdef MPI_ERR_RMA_RANGE
  c.Set("ERR_RMA_RANGE", Napi::Number::New(env, MPI_ERR_RMA_RANGE));
#endif
#ifdef MPI_ERR_RMA_ATTACH
  c.Set("ERR_RMA_ATTACH", Napi::Number::New(env, MPI_ERR_RMA_ATTACH));
#endif
#ifdef MPI_ERR_RMA_SHARED
  c.Set("ERR_RMA_SHARED", Napi::Number::New(env, MPI_ERR_RMA_SHARED));
#endif
#ifdef MPI_ERR_RMA_FLAVOR
  c.Set("ERR_RMA_FLAVOR", Napi::Number::New(env, MPI_ERR_RMA_FLAVOR));
#endif
  return c;
}

}  // namespace

void InitEnvFns(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("addErrorClass", AddErrorClass);
  FN("addErrorCode", AddErrorCode);
  FN("addErrorString", AddErrorString);
  FN("removeError", RemoveError);
  FN("getAddress", GetAddress);
  FN("allocMem", AllocMem);
  FN("freeMem", FreeMem);
#undef FN
  exports.Set("apiConstants", ApiConstants(env));
}

}  // namespace mpi4js
