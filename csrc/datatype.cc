// Datatypes: predefined table (fixed ids, same order as PREDEFINED_TYPES in the constants) and
// the cached size/extent every buffer check needs.
#include <string>

#include "message.h"

namespace mpi4js {

HandleTable<DatatypeEntry> g_types("datatype");

namespace {
struct Predefined {
  const char* name;
  MPI_Datatype handle;
};

// Id = index. DATATYPE_NULL is id 0 (the null of every kind), BYTE is kTypeByte.
const Predefined kPredefined[] = {
    {"DATATYPE_NULL", MPI_DATATYPE_NULL}, {"BYTE", MPI_BYTE}, {"CHAR", MPI_CHAR}, {"SIGNED_CHAR", MPI_SIGNED_CHAR},
    {"UNSIGNED_CHAR", MPI_UNSIGNED_CHAR}, {"WCHAR", MPI_WCHAR}, {"SHORT", MPI_SHORT},
    {"UNSIGNED_SHORT", MPI_UNSIGNED_SHORT}, {"INT", MPI_INT}, {"UNSIGNED", MPI_UNSIGNED},
    {"LONG", MPI_LONG}, {"UNSIGNED_LONG", MPI_UNSIGNED_LONG}, {"LONG_LONG", MPI_LONG_LONG},
    {"UNSIGNED_LONG_LONG", MPI_UNSIGNED_LONG_LONG}, {"FLOAT", MPI_FLOAT}, {"DOUBLE", MPI_DOUBLE},
    {"LONG_DOUBLE", MPI_LONG_DOUBLE}, {"C_BOOL", MPI_C_BOOL}, {"INT8_T", MPI_INT8_T},
    {"INT16_T", MPI_INT16_T}, {"INT32_T", MPI_INT32_T}, {"INT64_T", MPI_INT64_T},
    {"UINT8_T", MPI_UINT8_T}, {"UINT16_T", MPI_UINT16_T}, {"UINT32_T", MPI_UINT32_T},
    {"UINT64_T", MPI_UINT64_T}, {"AINT", MPI_AINT}, {"OFFSET", MPI_OFFSET}, {"COUNT", MPI_COUNT},
    {"C_FLOAT_COMPLEX", MPI_C_FLOAT_COMPLEX}, {"C_DOUBLE_COMPLEX", MPI_C_DOUBLE_COMPLEX},
    {"FLOAT_INT", MPI_FLOAT_INT}, {"DOUBLE_INT", MPI_DOUBLE_INT}, {"LONG_INT", MPI_LONG_INT},
    {"TWOINT", MPI_2INT}, {"SHORT_INT", MPI_SHORT_INT}, {"LONG_DOUBLE_INT", MPI_LONG_DOUBLE_INT},
    {"PACKED", MPI_PACKED},
};
constexpr int kNumPredefined = sizeof(kPredefined) / sizeof(kPredefined[0]);

DatatypeEntry TypeArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  DatatypeEntry e = g_types.Arg(info, i);
  if (e.handle == MPI_DATATYPE_NULL) ThrowError(info.Env(), "mpi4js: operation on DATATYPE_NULL");
  return e;
}

Napi::Value TypeInfo(const Napi::CallbackInfo& info) {
  DatatypeEntry e = TypeArg(info, 0);
  Napi::Env env = info.Env();
  Napi::Array a = Napi::Array::New(env, 7);
  a.Set(0u, Napi::Number::New(env, static_cast<double>(e.size)));
  a.Set(1u, Napi::Number::New(env, static_cast<double>(e.lb)));
  a.Set(2u, Napi::Number::New(env, static_cast<double>(e.extent)));
  a.Set(3u, Napi::Number::New(env, static_cast<double>(e.true_lb)));
  a.Set(4u, Napi::Number::New(env, static_cast<double>(e.true_extent)));
  a.Set(5u, Napi::Boolean::New(env, e.predefined));
  a.Set(6u, Napi::Boolean::New(env, e.committed));
  return a;
}

Napi::Value TypeGetName(const Napi::CallbackInfo& info) {
  DatatypeEntry e = TypeArg(info, 0);
  char name[MPI_MAX_OBJECT_NAME + 1] = {0};
  int len = 0;
  CHKERR(info.Env(), MPI_Type_get_name(e.handle, name, &len));
  return Napi::String::New(info.Env(), name, static_cast<size_t>(len));
}

Napi::Value TypeDup(const Napi::CallbackInfo& info) {
  DatatypeEntry e = TypeArg(info, 0);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_dup(e.handle, &out));
  return Napi::Number::New(info.Env(), AddDatatype(info.Env(), out, false, e.committed));
}

Napi::Value TypeCommit(const Napi::CallbackInfo& info) {
  int32_t id = ArgInt(info, 0, "datatype");
  DatatypeEntry e = TypeArg(info, 0);
  if (e.predefined || e.committed) return info.Env().Undefined();
  CHKERR(info.Env(), MPI_Type_commit(&e.handle));
  e.committed = true;
  g_types.Update(id, e);
  return info.Env().Undefined();
}

Napi::Value TypeFree(const Napi::CallbackInfo& info) {
  int32_t id = ArgInt(info, 0, "datatype");
  DatatypeEntry e = TypeArg(info, 0);
  if (e.predefined) ThrowError(info.Env(), "mpi4js: cannot free a predefined datatype");
  CHKERR(info.Env(), MPI_Type_free(&e.handle));
  g_types.Remove(id);
  return info.Env().Undefined();
}
}  // namespace

DatatypeEntry DescribeDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed) {
  DatatypeEntry e{type, 0, 0, 0, 0, 0, predefined, committed};
  if (type == MPI_DATATYPE_NULL) return e;
  CHKERR(env, MPI_Type_size_x(type, &e.size));
  MPI_Count lb, extent, tlb, textent;
  CHKERR(env, MPI_Type_get_extent_x(type, &lb, &extent));
  CHKERR(env, MPI_Type_get_true_extent_x(type, &tlb, &textent));
  e.lb = static_cast<MPI_Aint>(lb);
  e.extent = static_cast<MPI_Aint>(extent);
  e.true_lb = static_cast<MPI_Aint>(tlb);
  e.true_extent = static_cast<MPI_Aint>(textent);
  return e;
}

int32_t AddDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed) {
  return g_types.Add(DescribeDatatype(env, type, predefined, committed));
}

// Called once MPI is initialized (sizes need a live MPI).
void RegisterPredefinedDatatypes(Napi::Env env) {
  for (int i = 0; i < kNumPredefined; i++)
    g_types.AddFixed(i, DescribeDatatype(env, kPredefined[i].handle, true, true));
}

Napi::Object PredefinedDatatypeIds(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  for (int i = 0; i < kNumPredefined; i++) o.Set(kPredefined[i].name, Napi::Number::New(env, i));
  return o;
}

void InitDatatype(Napi::Env env, Napi::Object exports) {
  exports.Set("typeInfo", Napi::Function::New(env, TypeInfo, "typeInfo"));
  exports.Set("typeGetName", Napi::Function::New(env, TypeGetName, "typeGetName"));
  exports.Set("typeDup", Napi::Function::New(env, TypeDup, "typeDup"));
  exports.Set("typeCommit", Napi::Function::New(env, TypeCommit, "typeCommit"));
  exports.Set("typeFree", Napi::Function::New(env, TypeFree, "typeFree"));
}

}  // namespace mpi4js
