// Info objects (MPI_Info): key/value hints passed to communicator, window and file calls.
// One MPI call per function; the TypeScript layer (Info.ts) holds the policy (plain objects as
// temporary infos, mapping helpers). Ids 0 and 1 are the predefined INFO_NULL and INFO_ENV.
#include <mutex>
#include <string>
#include <vector>

#include "args.h"

namespace mpi4js {

HandleTable<InfoEntry> g_infos("info", MPI_ERR_INFO);

namespace {

enum : int32_t { kInfoNull = 0, kInfoEnv = 1 };
std::once_flag g_info_predefined_once;

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// A live, non-NULL info (the object of an Info method).
MPI_Info InfoOf(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  InfoEntry e = g_infos.Arg(info, i);
  if (e.handle == MPI_INFO_NULL) ThrowError(info.Env(), "mpi4js: operation on INFO_NULL", MPI_ERR_INFO);
  return e.handle;
}

// A key or value string; MPI bounds its length (the library's own check gives the error class).
std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsString()) ThrowType(info.Env(), std::string("native: ") + name + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

Napi::Value InfoCreate(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  MPI_Info out;
  CHKERR(info.Env(), MPI_Info_create(&out));
  return Num(info.Env(), AddInfo(out));
}

// infoCreateEnv(): MPI_Info_create_env (MPI-4) without arguments; Open MPI 4.1 lacks it, and there
// a copy of MPI_INFO_ENV is the same object.
Napi::Value InfoCreateEnv(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  MPI_Info out;
#if MPI_VERSION >= 4
  CHKERR(info.Env(), MPI_Info_create_env(0, nullptr, &out));
#else
  CHKERR(info.Env(), MPI_Info_dup(MPI_INFO_ENV, &out));
#endif
  return Num(info.Env(), AddInfo(out));
}

Napi::Value InfoDup(const Napi::CallbackInfo& info) {
  MPI_Info in = InfoOf(info, 0);
  MPI_Info out;
  CHKERR(info.Env(), MPI_Info_dup(in, &out));
  return Num(info.Env(), AddInfo(out));
}

Napi::Value InfoFree(const Napi::CallbackInfo& info) {
  g_infos.Free(info.Env(), info[0], MPI_Info_free);
  return info.Env().Undefined();
}

Napi::Value InfoSet(const Napi::CallbackInfo& info) {
  MPI_Info h = InfoOf(info, 0);
  std::string key = StringArg(info, 1, "key"), value = StringArg(info, 2, "value");
  CHKERR(info.Env(), MPI_Info_set(h, key.c_str(), value.c_str()));
  return info.Env().Undefined();
}

// infoGet(info, key) -> the value, or null when the key is not set.
Napi::Value InfoGet(const Napi::CallbackInfo& info) {
  MPI_Info h = InfoOf(info, 0);
  std::string key = StringArg(info, 1, "key");
  int len = 0, flag = 0;
  CHKERR(info.Env(), MPI_Info_get_valuelen(h, key.c_str(), &len, &flag));
  if (!flag) return info.Env().Null();
  std::vector<char> value(static_cast<size_t>(len) + 1, 0);
  CHKERR(info.Env(), MPI_Info_get(h, key.c_str(), len, value.data(), &flag));
  if (!flag) return info.Env().Null();
  return Napi::String::New(info.Env(), value.data());
}

Napi::Value InfoDelete(const Napi::CallbackInfo& info) {
  MPI_Info h = InfoOf(info, 0);
  std::string key = StringArg(info, 1, "key");
  CHKERR(info.Env(), MPI_Info_delete(h, key.c_str()));
  return info.Env().Undefined();
}

Napi::Value InfoGetNkeys(const Napi::CallbackInfo& info) {
  int n;
  CHKERR(info.Env(), MPI_Info_get_nkeys(InfoOf(info, 0), &n));
  return Num(info.Env(), n);
}

Napi::Value InfoGetNthkey(const Napi::CallbackInfo& info) {
  MPI_Info h = InfoOf(info, 0);
  int n = ArgInt(info, 1, "n"), nkeys;
  // Libraries differ on an out-of-range n (some read past their list): check here.
  CHKERR(info.Env(), MPI_Info_get_nkeys(h, &nkeys));
  if (n < 0 || n >= nkeys) ThrowError(info.Env(), "mpi4js: key index " + std::to_string(n) + " is not below the " + std::to_string(nkeys) + " keys", MPI_ERR_ARG);
  char key[MPI_MAX_INFO_KEY + 1] = {0};
  CHKERR(info.Env(), MPI_Info_get_nthkey(h, n, key));
  return Napi::String::New(info.Env(), key);
}

}  // namespace

HandleId AddInfo(MPI_Info info) {
  if (info == MPI_INFO_NULL) return kInfoNull;
  return g_infos.Add(InfoEntry{info, false});
}

MPI_Info ReadInfo(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && (t == napi_undefined || t == napi_null)) return MPI_INFO_NULL;
  Napi::Env e(env);
  RequireMpi(e);
  InfoEntry entry;
  if (!g_infos.Find(ReadId(env, v, "info"), &entry)) ThrowError(e, "mpi4js: argument 'info' is an invalid or freed Info", MPI_ERR_INFO);
  return entry.handle;
}

MPI_Info Args::Info(size_t i) const { return ReadInfo(env_, v_[i]); }

void InitInfo(Napi::Env env, Napi::Object exports) {
  // The predefined handles are link-time constants of both libraries: no MPI call is needed.
  std::call_once(g_info_predefined_once, [] {
    g_infos.AddFixed(kInfoNull, InfoEntry{MPI_INFO_NULL, true});
    g_infos.AddFixed(kInfoEnv, InfoEntry{MPI_INFO_ENV, true});
  });
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("infoCreate", InfoCreate);
  FN("infoCreateEnv", InfoCreateEnv);
  FN("infoDup", InfoDup);
  FN("infoFree", InfoFree);
  FN("infoSet", InfoSet);
  FN("infoGet", InfoGet);
  FN("infoDelete", InfoDelete);
  FN("infoGetNkeys", InfoGetNkeys);
  FN("infoGetNthkey", InfoGetNthkey);
#undef FN
  Napi::Object k = Napi::Object::New(env);
  k.Set("INFO_NULL", Num(env, kInfoNull));
  k.Set("INFO_ENV", Num(env, kInfoEnv));
  k.Set("MAX_INFO_KEY", Num(env, MPI_MAX_INFO_KEY));
  k.Set("MAX_INFO_VAL", Num(env, MPI_MAX_INFO_VAL));
  exports.Set("infoConstants", k);
}

}  // namespace mpi4js
