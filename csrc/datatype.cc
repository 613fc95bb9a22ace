// Datatypes: predefined table (fixed ids, same order as PREDEFINED_TYPES in the constants) and
// the cached size/extent every buffer check needs.
#include <climits>
#include <string>

#include "arrays.h"
#include "message.h"

namespace mpi4js {

HandleTable<DatatypeEntry> g_types("datatype", MPI_ERR_TYPE);

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
  if (e.handle == MPI_DATATYPE_NULL) ThrowError(info.Env(), "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
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
  if (e.predefined) ThrowError(info.Env(), "mpi4js: cannot free a predefined datatype", MPI_ERR_TYPE);
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

// ---- derived datatypes, pack/unpack ------------------------------------------------------
namespace {

DatatypeEntry OldType(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  DatatypeEntry e = g_types.Arg(info, i);
  if (e.handle == MPI_DATATYPE_NULL) ThrowError(info.Env(), "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
  return e;
}

MPI_Comm PackComm(const Napi::CallbackInfo& info, size_t i) {
  CommEntry c = g_comms.Arg(info, i);
  if (c.handle == MPI_COMM_NULL) ThrowError(info.Env(), "mpi4js: operation on COMM_NULL", MPI_ERR_COMM);
  return c.handle;
}

Napi::Value NewType(Napi::Env env, MPI_Datatype t) { return Napi::Number::New(env, AddDatatype(env, t, false, false)); }

void SameLength(Napi::Env env, size_t a, size_t b, const char* what) {
  if (a != b) ThrowRange(env, std::string("native: ") + what + " must have the same length");
}

// typeContiguous(count, oldtype)
Napi::Value TypeContiguous(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count");
  DatatypeEntry old = OldType(info, 1);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_contiguous(count, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeVector(count, blocklength, stride, oldtype)
Napi::Value TypeVector(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count"), bl = ArgInt(info, 1, "blocklength"), stride = ArgInt(info, 2, "stride");
  DatatypeEntry old = OldType(info, 3);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_vector(count, bl, stride, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeHvector(count, blocklength, byteStride, oldtype)
Napi::Value TypeHvector(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count"), bl = ArgInt(info, 1, "blocklength");
  MPI_Aint stride = ArgAint(info, 2, "stride");
  DatatypeEntry old = OldType(info, 3);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_hvector(count, bl, stride, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeIndexed(blocklengths, displacements, oldtype)
Napi::Value TypeIndexed(const Napi::CallbackInfo& info) {
  std::vector<int> bl = ArgIntList(info, 0, "blocklengths"), disp = ArgIntList(info, 1, "displacements");
  SameLength(info.Env(), bl.size(), disp.size(), "blocklengths and displacements");
  DatatypeEntry old = OldType(info, 2);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_indexed(static_cast<int>(bl.size()), IntPtr(bl), IntPtr(disp), old.handle, &out));
  return NewType(info.Env(), out);
}

// typeIndexedBlock(blocklength, displacements, oldtype)
Napi::Value TypeIndexedBlock(const Napi::CallbackInfo& info) {
  int bl = ArgInt(info, 0, "blocklength");
  std::vector<int> disp = ArgIntList(info, 1, "displacements");
  DatatypeEntry old = OldType(info, 2);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_indexed_block(static_cast<int>(disp.size()), bl, IntPtr(disp), old.handle, &out));
  return NewType(info.Env(), out);
}

// typeHindexed(blocklengths, byteDisplacements, oldtype)
Napi::Value TypeHindexed(const Napi::CallbackInfo& info) {
  std::vector<int> bl = ArgIntList(info, 0, "blocklengths");
  std::vector<MPI_Aint> disp = ArgAintList(info, 1, "displacements");
  SameLength(info.Env(), bl.size(), disp.size(), "blocklengths and displacements");
  DatatypeEntry old = OldType(info, 2);
  static MPI_Aint none[1] = {0};
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_hindexed(static_cast<int>(bl.size()), IntPtr(bl), disp.empty() ? none : disp.data(),
                                              old.handle, &out));
  return NewType(info.Env(), out);
}

// typeHindexedBlock(blocklength, byteDisplacements, oldtype)
Napi::Value TypeHindexedBlock(const Napi::CallbackInfo& info) {
  int bl = ArgInt(info, 0, "blocklength");
  std::vector<MPI_Aint> disp = ArgAintList(info, 1, "displacements");
  DatatypeEntry old = OldType(info, 2);
  static MPI_Aint none[1] = {0};
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_hindexed_block(static_cast<int>(disp.size()), bl, disp.empty() ? none : disp.data(),
                                                    old.handle, &out));
  return NewType(info.Env(), out);
}

// typeSubarray(sizes, subsizes, starts, order, oldtype)
Napi::Value TypeSubarray(const Napi::CallbackInfo& info) {
  std::vector<int> sizes = ArgIntList(info, 0, "sizes"), sub = ArgIntList(info, 1, "subsizes"),
                   starts = ArgIntList(info, 2, "starts");
  SameLength(info.Env(), sizes.size(), sub.size(), "sizes and subsizes");
  SameLength(info.Env(), sizes.size(), starts.size(), "sizes and starts");
  if (sizes.empty()) ThrowRange(info.Env(), "native: sizes must not be empty");
  int order = ArgInt(info, 3, "order");
  DatatypeEntry old = OldType(info, 4);
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_subarray(static_cast<int>(sizes.size()), sizes.data(), sub.data(), starts.data(),
                                              order, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeStruct(blocklengths, byteDisplacements, typeIds)
Napi::Value TypeStruct(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  std::vector<int> bl = ArgIntList(info, 0, "blocklengths");
  std::vector<MPI_Aint> disp = ArgAintList(info, 1, "displacements");
  std::vector<int> ids = ArgIntList(info, 2, "datatypes");
  SameLength(env, bl.size(), disp.size(), "blocklengths and displacements");
  SameLength(env, bl.size(), ids.size(), "blocklengths and datatypes");
  std::vector<MPI_Datatype> types;
  for (int id : ids) {
    DatatypeEntry e = g_types.Get(env, id);
    if (e.handle == MPI_DATATYPE_NULL) ThrowError(env, "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
    types.push_back(e.handle);
  }
  static MPI_Aint none[1] = {0};
  static MPI_Datatype nonet[1] = {MPI_BYTE};
  MPI_Datatype out;
  CHKERR(env, MPI_Type_create_struct(static_cast<int>(bl.size()), IntPtr(bl), disp.empty() ? none : disp.data(),
                                     types.empty() ? nonet : types.data(), &out));
  return NewType(env, out);
}

// typeResized(oldtype, lb, extent)
Napi::Value TypeResized(const Napi::CallbackInfo& info) {
  DatatypeEntry old = OldType(info, 0);
  MPI_Aint lb = ArgAint(info, 1, "lb"), extent = ArgAint(info, 2, "extent");
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_resized(old.handle, lb, extent, &out));
  return NewType(info.Env(), out);
}

// typePack(inbuf, inoff, incount, type, outbuf, position, comm) -> new position
Napi::Value TypePack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Buffer in;
  in.Parse(info, 0, "Pack (inbuf)");
  Span out = GetSpan(env, info[4], "Pack (outbuf)");
  int position = ArgInt(info, 5, "position");
  MPI_Comm comm = PackComm(info, 6);
  int outsize = out.length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(out.length);
  if (position < 0 || position > outsize) ThrowRange(env, "Pack: position is outside the output buffer");
  // Some libraries do not check the room left: never let MPI write past the end.
  int need = 0;
  CHKERR(env, MPI_Pack_size(in.count, in.type, comm, &need));
  if (static_cast<int64_t>(position) + need > outsize) ThrowRange(env, "Pack: outbuf is too small");
  static char empty[16];
  CHKERR(env, MPI_Pack(in.ptr, in.count, in.type, out.data ? out.data : empty, outsize, &position, comm));
  return Napi::Number::New(env, position);
}

// typeUnpack(inbuf, position, outbuf, outoff, outcount, type, comm) -> new position
Napi::Value TypeUnpack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Span in = GetSpan(env, info[0], "Unpack (inbuf)");
  int position = ArgInt(info, 1, "position");
  Buffer out;
  out.Parse(info, 2, "Unpack (outbuf)");
  MPI_Comm comm = PackComm(info, 6);
  int insize = in.length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(in.length);
  if (position < 0 || position > insize) ThrowRange(env, "Unpack: position is outside the input buffer");
  if (static_cast<int64_t>(position) + static_cast<int64_t>(out.dt.size) * out.count > insize)
    ThrowRange(env, "Unpack: inbuf holds too few bytes");
  static char empty[16];
  CHKERR(env, MPI_Unpack(in.data ? in.data : empty, insize, &position, out.ptr, out.count, out.type, comm));
  return Napi::Number::New(env, position);
}

// typePackSize(count, type, comm) -> bytes
Napi::Value TypePackSize(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count");
  DatatypeEntry t = OldType(info, 1);
  MPI_Comm comm = PackComm(info, 2);
  int size = 0;
  CHKERR(info.Env(), MPI_Pack_size(count, t.handle, comm, &size));
  return Napi::Number::New(info.Env(), size);
}

}  // namespace

void InitDatatype(Napi::Env env, Napi::Object exports) {
  MPI4JS_FN(exports, env, "typeInfo", TypeInfo);
  MPI4JS_FN(exports, env, "typeGetName", TypeGetName);
  MPI4JS_FN(exports, env, "typeDup", TypeDup);
  MPI4JS_FN(exports, env, "typeCommit", TypeCommit);
  MPI4JS_FN(exports, env, "typeFree", TypeFree);
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("typeContiguous", TypeContiguous);
  FN("typeVector", TypeVector);
  FN("typeHvector", TypeHvector);
  FN("typeIndexed", TypeIndexed);
  FN("typeIndexedBlock", TypeIndexedBlock);
  FN("typeHindexed", TypeHindexed);
  FN("typeHindexedBlock", TypeHindexedBlock);
  FN("typeSubarray", TypeSubarray);
  FN("typeStruct", TypeStruct);
  FN("typeResized", TypeResized);
  FN("typePack", TypePack);
  FN("typeUnpack", TypeUnpack);
  FN("typePackSize", TypePackSize);
#undef FN
}

}  // namespace mpi4js
