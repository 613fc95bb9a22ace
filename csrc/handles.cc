// Id readers and the tables not owned by a file of their own.
#include "handles.h"

namespace mpi4js {

HandleTable<GroupEntry> g_groups("group", MPI_ERR_GROUP);

HandleId ReadId(napi_env env, napi_value v, const char* kind) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) ThrowType(Napi::Env(env), std::string("native: ") + kind + " handle must be a number");
  return IdOf(d);
}

MPI_Comm ReadComm(napi_env env, napi_value v) { return CommOf(env, ReadId(env, v, "communicator")).handle; }

CommEntry CommOf(napi_env env, HandleId id) {
  Napi::Env e(env);
  RequireMpi(e);
  CommEntry c = g_comms.Get(e, id);
  if (c.handle == MPI_COMM_NULL) ThrowError(e, "mpi4js: operation on COMM_NULL", MPI_ERR_COMM);
  return c;
}

CommEntry WithShape(Napi::Env env, CommEntry c) {
  if (c.handle == MPI_COMM_NULL) return c;
  int flag = 0;
  CHKERR(env, MPI_Comm_test_inter(c.handle, &flag));
  c.inter = flag != 0;
  CHKERR(env, MPI_Comm_rank(c.handle, &c.rank));
  if (c.inter)
    CHKERR(env, MPI_Comm_remote_size(c.handle, &c.n));
  else
    CHKERR(env, MPI_Comm_size(c.handle, &c.n));
  return c;
}

}  // namespace mpi4js
