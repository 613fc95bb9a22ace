// Sessions (MPI-4.0): MPI_Session_init/finalize, process sets, groups from them. An MPI-3 library
// (Open MPI 4.1) has none: each function is then an MPI.Exception of class
// MPI_ERR_UNSUPPORTED_OPERATION, decided at compile time.
#include <string>

#include "args.h"

namespace mpi4js {

namespace {

#if MPI_VERSION >= 4

struct SessionEntry {
  MPI_Session handle;
  bool predefined = false;
};
// Id 0 is MPI.SESSION_NULL (never in the table: reading it is the MPI_ERR_SESSION error).
HandleTable<SessionEntry> g_sessions("session", MPI_ERR_SESSION);

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

MPI_Session SessionArg(const Napi::CallbackInfo& info, size_t i) {
  return g_sessions.Get(info.Env(), ReadId(info.Env(), info[i], "session")).handle;
}

std::string PsetName(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsString()) ThrowType(info.Env(), "native: pset_name must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// sessionInit(info, errhandler) -> session id
Napi::Value SessionInit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Info hints = ReadInfo(env, info[0]);
  MPI_Errhandler e = ReadErrhandler(env, info[1]);
  MPI_Session s = MPI_SESSION_NULL;
  CHKERR(env, MPI_Session_init(hints, e, &s));
  return Num(env, static_cast<double>(g_sessions.Add(SessionEntry{s})));
}

Napi::Value SessionFinalize(const Napi::CallbackInfo& info) {
  g_sessions.Free(info.Env(), info[0], MPI_Session_finalize);
  return info.Env().Undefined();
}

// sessionGetNumPsets(session, info) -> count
Napi::Value SessionGetNumPsets(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  int n = 0;
  CHKERR(info.Env(), MPI_Session_get_num_psets(s, ReadInfo(info.Env(), info[1]), &n));
  return Num(info.Env(), n);
}

// sessionGetNthPset(session, info, n) -> name (a first call with length 0 asks for the length)
Napi::Value SessionGetNthPset(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Session s = SessionArg(info, 0);
  MPI_Info hints = ReadInfo(env, info[1]);
  int n = ArgInt(info, 2, "n");
  int len = 0;
  CHKERR(env, MPI_Session_get_nth_pset(s, hints, n, &len, nullptr));
  std::string name(static_cast<size_t>(len > 0 ? len : 1), '\0');
  CHKERR(env, MPI_Session_get_nth_pset(s, hints, n, &len, name.data()));
  return Napi::String::New(env, name.c_str());
}

Napi::Value SessionGetInfo(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  MPI_Info out = MPI_INFO_NULL;
  CHKERR(info.Env(), MPI_Session_get_info(s, &out));
  return Num(info.Env(), static_cast<double>(AddInfo(out)));
}

// sessionGetPsetInfo(session, name) -> info id
Napi::Value SessionGetPsetInfo(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  std::string name = PsetName(info, 1);
  MPI_Info out = MPI_INFO_NULL;
  CHKERR(info.Env(), MPI_Session_get_pset_info(s, name.c_str(), &out));
  return Num(info.Env(), static_cast<double>(AddInfo(out)));
}

// groupFromSessionPset(session, name) -> group id
Napi::Value GroupFromSessionPset(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  std::string name = PsetName(info, 1);
  MPI_Group g = MPI_GROUP_NULL;
  CHKERR(info.Env(), MPI_Group_from_session_pset(s, name.c_str(), &g));
  return Num(info.Env(), static_cast<double>(g_groups.Add(GroupEntry{g, false})));
}

Napi::Value SessionGetErrhandler(const Napi::CallbackInfo& info) {
  MPI_Errhandler out;
  CHKERR(info.Env(), MPI_Session_get_errhandler(SessionArg(info, 0), &out));
  return Num(info.Env(), static_cast<double>(AddErrhandler(out)));
}

Napi::Value SessionSetErrhandler(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  CHKERR(info.Env(), MPI_Session_set_errhandler(s, ReadErrhandler(info.Env(), info[1])));
  return info.Env().Undefined();
}

Napi::Value SessionCallErrhandler(const Napi::CallbackInfo& info) {
  MPI_Session s = SessionArg(info, 0);
  CHKERR(info.Env(), MPI_Session_call_errhandler(s, ArgInt(info, 1, "errorcode")));
  return info.Env().Undefined();
}

#else

[[noreturn]] Napi::Value Unsupported(const Napi::CallbackInfo& info) {
  ThrowError(info.Env(), "MPI sessions are MPI-4.0; this MPI library does not have them", MPI_ERR_UNSUPPORTED_OPERATION);
}
#define SessionInit Unsupported
#define SessionFinalize Unsupported
#define SessionGetNumPsets Unsupported
#define SessionGetNthPset Unsupported
#define SessionGetInfo Unsupported
#define SessionGetPsetInfo Unsupported
#define GroupFromSessionPset Unsupported
#define SessionGetErrhandler Unsupported
#define SessionSetErrhandler Unsupported
#define SessionCallErrhandler Unsupported

#endif

}  // namespace

void InitSession(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("sessionInit", SessionInit);
  FN("sessionFinalize", SessionFinalize);
  FN("sessionGetNumPsets", SessionGetNumPsets);
  FN("sessionGetNthPset", SessionGetNthPset);
  FN("sessionGetInfo", SessionGetInfo);
  FN("sessionGetPsetInfo", SessionGetPsetInfo);
  FN("groupFromSessionPset", GroupFromSessionPset);
  FN("sessionGetErrhandler", SessionGetErrhandler);
  FN("sessionSetErrhandler", SessionSetErrhandler);
  FN("sessionCallErrhandler", SessionCallErrhandler);
#undef FN
}

}  // namespace mpi4js
