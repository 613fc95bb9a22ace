// Reduction operations: predefined table (fixed ids, order of PREDEFINED_OPS).
#include "handles.h"

namespace mpi4js {

HandleTable<OpEntry> g_ops("op");

namespace {
struct Predefined {
  const char* name;
  MPI_Op handle;
};
const Predefined kPredefined[] = {
    {"OP_NULL", MPI_OP_NULL}, {"SUM", MPI_SUM}, {"PROD", MPI_PROD}, {"MAX", MPI_MAX}, {"MIN", MPI_MIN},
    {"LAND", MPI_LAND}, {"LOR", MPI_LOR}, {"LXOR", MPI_LXOR}, {"BAND", MPI_BAND}, {"BOR", MPI_BOR},
    {"BXOR", MPI_BXOR}, {"MAXLOC", MPI_MAXLOC}, {"MINLOC", MPI_MINLOC}, {"REPLACE", MPI_REPLACE},
    {"NO_OP", MPI_NO_OP},
};
constexpr int kNumPredefined = sizeof(kPredefined) / sizeof(kPredefined[0]);
}  // namespace

void RegisterPredefinedOps() {
  for (int i = 0; i < kNumPredefined; i++) g_ops.AddFixed(i, OpEntry{kPredefined[i].handle, true});
}

Napi::Object PredefinedOpIds(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  for (int i = 0; i < kNumPredefined; i++) o.Set(kPredefined[i].name, Napi::Number::New(env, i));
  return o;
}

void InitOp(Napi::Env, Napi::Object) {}

}  // namespace mpi4js
