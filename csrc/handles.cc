// Id readers and the tables not owned by a file of their own.
#include "handles.h"

namespace mpi4js {

HandleTable<GroupEntry> g_groups("group", MPI_ERR_GROUP);

HandleId ReadId(napi_env env, napi_value v, const char* kind) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) ThrowType(Napi::Env(env), std::string("native: ") + kind + " handle must be a number");
  return IdOf(d);
}

MPI_Comm ReadComm(napi_env env, napi_value v) {
  Napi::Env e(env);
  RequireMpi(e);
  CommEntry c = g_comms.Arg(env, v);
  if (c.handle == MPI_COMM_NULL) ThrowError(e, "mpi4js: operation on COMM_NULL", MPI_ERR_COMM);
  return c.handle;
}

}  // namespace mpi4js
