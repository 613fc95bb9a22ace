// Communicators: creation, comparison, naming, freeing. One MPI call per function; no defaults here.
// Point-to-point lives in p2p.cc, collectives in collective.cc, topologies in topo.cc.
#include <climits>
#include <string>
#include <vector>

#include "args.h"
#include "request.h"

namespace mpi4js {

HandleTable<CommEntry> g_comms("communicator", MPI_ERR_COMM);

HandleId AddComm(Napi::Env env, MPI_Comm comm) {
  if (comm == MPI_COMM_NULL) return kCommNull;
  CHKERR(env, MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN));
  return g_comms.Add(WithShape(env, CommEntry{comm, false}));
}

namespace {


Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

Napi::Value CommRank(const Napi::CallbackInfo& info) {
  int r;
  CHKERR(info.Env(), MPI_Comm_rank(Args(info).Comm(0), &r));
  return Num(info.Env(), r);
}

Napi::Value CommSize(const Napi::CallbackInfo& info) {
  int s;
  CHKERR(info.Env(), MPI_Comm_size(Args(info).Comm(0), &s));
  return Num(info.Env(), s);
}

Napi::Value CommRemoteSize(const Napi::CallbackInfo& info) {
  int s;
  CHKERR(info.Env(), MPI_Comm_remote_size(Args(info).Comm(0), &s));
  return Num(info.Env(), s);
}

Napi::Value CommTestInter(const Napi::CallbackInfo& info) {
  int flag;
  CHKERR(info.Env(), MPI_Comm_test_inter(Args(info).Comm(0), &flag));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value CommDup(const Napi::CallbackInfo& info) {
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_dup(Args(info).Comm(0), &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

Napi::Value CommDupWithInfo(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_dup_with_info(a.Comm(0), a.Info(1), &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

Napi::Value CommSplit(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int color = ArgInt(info, 1, "color"), key = ArgInt(info, 2, "key");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_split(comm, color, key, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

Napi::Value CommSplitType(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int type = ArgInt(info, 1, "split_type"), key = ArgInt(info, 2, "key");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_split_type(comm, type, key, Args(info).Info(3), &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

Napi::Value CommFree(const Napi::CallbackInfo& info) {
  g_comms.Free(info.Env(), info[0], MPI_Comm_free);
  return info.Env().Undefined();
}

Napi::Value CommCompare(const Napi::CallbackInfo& info) {
  MPI_Comm a = Args(info).Comm(0), b = Args(info).Comm(1);
  int result;
  CHKERR(info.Env(), MPI_Comm_compare(a, b, &result));
  return Num(info.Env(), result);
}

Napi::Value CommAbort(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int code = ArgInt(info, 1, "errorcode");
  CHKERR(info.Env(), MPI_Abort(comm, code));
  return info.Env().Undefined();
}

Napi::Value CommGetName(const Napi::CallbackInfo& info) {
  char name[MPI_MAX_OBJECT_NAME + 1] = {0};
  int len = 0;
  CHKERR(info.Env(), MPI_Comm_get_name(Args(info).Comm(0), name, &len));
  return Napi::String::New(info.Env(), name, static_cast<size_t>(len));
}

Napi::Value CommSetName(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  if (!info[1].IsString()) ThrowType(info.Env(), "native: name must be a string");
  std::string name = info[1].As<Napi::String>().Utf8Value();
  if (name.size() >= MPI_MAX_OBJECT_NAME) ThrowRange(info.Env(), "native: name is too long");
  CHKERR(info.Env(), MPI_Comm_set_name(comm, name.c_str()));
  return info.Env().Undefined();
}

// commSetInfo(comm, info) / commGetInfo(comm) -> a new info id (the caller frees it).
Napi::Value CommSetInfo(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  CHKERR(info.Env(), MPI_Comm_set_info(comm, a.Info(1)));
  return info.Env().Undefined();
}

Napi::Value CommGetInfo(const Napi::CallbackInfo& info) {
  MPI_Info out;
  CHKERR(info.Env(), MPI_Comm_get_info(Args(info).Comm(0), &out));
  return Num(info.Env(), AddInfo(out));
}

// commIdup(comm) / commIdupWithInfo(comm, info) -> [comm id, request id] (MPI_Comm_idup,
// MPI_Comm_idup_with_info: MPI-4.0). The new communicator must not be used before the request
// completes, so nothing here touches it: its entry takes the parent's shape (a duplicate has the
// same groups) and MPI copies the parent's error handler (MPI_ERRORS_RETURN unless the user chose another).
template <bool WithInfo>
Napi::Value CommIdup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a(info);
  CommEntry e = a.CommEntryAt(0);
  MPI_Comm out = MPI_COMM_NULL;
  MPI_Request req = MPI_REQUEST_NULL;
  if (WithInfo) {
#if MPI_VERSION >= 4
    CHKERR(env, MPI_Comm_idup_with_info(e.handle, a.Info(1), &out, &req));
#else
    ThrowError(env, "MPI_Comm_idup_with_info is MPI-4.0; this MPI library does not have it", MPI_ERR_UNSUPPORTED_OPERATION);
#endif
  } else {
    CHKERR(env, MPI_Comm_idup(e.handle, &out, &req));
  }
  e.handle = out;
  e.predefined = false;
  Napi::Array r = Napi::Array::New(env, 2);
  r.Set(0u, Num(env, static_cast<double>(g_comms.Add(e))));
  r.Set(1u, Num(env, static_cast<double>(AddRequest(env, req, false, true, nullptr))));
  return r;
}

}  // namespace

void InitComm(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("commRank", CommRank);
  FN("commSize", CommSize);
  FN("commRemoteSize", CommRemoteSize);
  FN("commTestInter", CommTestInter);
  FN("commDup", CommDup);
  FN("commDupWithInfo", CommDupWithInfo);
  FN("commIdup", CommIdup<false>);
  FN("commIdupWithInfo", CommIdup<true>);
  FN("commSplit", CommSplit);
  FN("commSplitType", CommSplitType);
  FN("commFree", CommFree);
  FN("commCompare", CommCompare);
  FN("commAbort", CommAbort);
  FN("commGetName", CommGetName);
  FN("commSetName", CommSetName);
  FN("commSetInfo", CommSetInfo);
  FN("commGetInfo", CommGetInfo);
#undef FN
}

}  // namespace mpi4js
