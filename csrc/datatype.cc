// Datatypes: predefined table (fixed ids, same order as PREDEFINED_TYPES in the constants) and
// the cached size/extent every buffer check needs.
#include <climits>
#include <functional>
#include <string>

#include "args.h"
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
    // mpi4py's complex types beyond C99's float/double (appended: ids are indexes).
    {"C_COMPLEX", MPI_C_COMPLEX}, {"C_LONG_DOUBLE_COMPLEX", MPI_C_LONG_DOUBLE_COMPLEX},
};
constexpr int kNumPredefined = sizeof(kPredefined) / sizeof(kPredefined[0]);

// A datatype argument (args.h's reader: DATATYPE_NULL refused), with MPI usable.
DatatypeEntry TypeArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  return Args(info).Type(i);
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
  HandleId id = ReadId(info.Env(), info[0], "datatype");
  DatatypeEntry e = TypeArg(info, 0);
  if (e.predefined || e.committed) return info.Env().Undefined();
  CHKERR(info.Env(), MPI_Type_commit(&e.handle));
  e.committed = true;
  g_types.Update(id, e);
  return info.Env().Undefined();
}

Napi::Value TypeFree(const Napi::CallbackInfo& info) {
  g_types.Free(info.Env(), info[0], MPI_Type_free);
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

HandleId AddDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed) {
  DatatypeEntry e = DescribeDatatype(env, type, predefined, committed);
  // What MPI reports must be exact JavaScript numbers (the constructors refuse arguments that overflow).
  if (!predefined && !WithinSpan(e)) {
    MPI_Type_free(&type);
    ThrowRange(env, "native: the datatype's size or extent exceeds 2^53-1 bytes");
  }
  return g_types.Add(e);
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


Napi::Value NewType(Napi::Env env, MPI_Datatype t) { return Napi::Number::New(env, AddDatatype(env, t, false, false)); }

void SameLength(Napi::Env env, size_t a, size_t b, const char* what) {
  if (a != b) ThrowRange(env, std::string("native: ") + what + " must have the same length");
}

// ---- exact bounds of a new datatype ------------------------------------------------------
// MPI computes extents in MPI_Aint and wraps silently (hvector(4097, 1, 2^52) of BYTE reports
// extent 1 and size 4097, and a send then reads far outside the buffer). Each constructor first
// computes the bounds the new type would have, in 128 bits from its arguments and the (already
// checked) bounds of its old types, and refuses a type whose byte displacements, bounds, extents
// or size leave the safe-integer range: no buffer is that large and JavaScript numbers stay exact.
class TypeBounds {
 public:
  explicit TypeBounds(const char* what) : what_(what) {}

  // `bl` copies of `old` from byte displacement `disp` on.
  void Block(const DatatypeEntry& old, __int128 disp, __int128 bl) {
    Check(disp);
    if (bl <= 0) return;
    __int128 span = (bl - 1) * static_cast<__int128>(old.extent);
    Check(span);
    __int128 lo = disp + (span < 0 ? span : 0), hi = disp + (span > 0 ? span : 0);
    Take(&lb_, &ub_, &any_, lo + old.lb, hi + old.lb + old.extent);
    if (old.size > 0) Take(&tlb_, &tub_, &anyData_, lo + old.true_lb, hi + old.true_lb + old.true_extent);
  }
  // Explicit bounds (a resized type).
  void Bounds(__int128 lb, __int128 ub) { Take(&lb_, &ub_, &any_, lb, ub); }
  void TrueBounds(const DatatypeEntry& old) {
    if (old.size > 0) Take(&tlb_, &tub_, &anyData_, old.true_lb, static_cast<__int128>(old.true_lb) + old.true_extent);
  }
  void Size(__int128 bytes) {
    size_ += bytes;
    Check(size_);
  }
  // Throws a RangeError unless every value is a safe integer.
  void Verify(Napi::Env env) const {
    bool ok = ok_;
    for (__int128 v : {lb_, ub_, ub_ - lb_, tlb_, tub_, tub_ - tlb_}) ok = ok && v >= -kMaxSpan && v <= kMaxSpan;
    if (!ok)
      ThrowRange(env, std::string("native: ") + what_ + ": the datatype's displacements, extent or size exceed 2^53-1 bytes");
  }

 private:
  static constexpr __int128 kMaxSpan = kMaxTypeSpan;
  void Check(__int128 v) { ok_ = ok_ && v >= -kMaxSpan && v <= kMaxSpan; }
  static void Take(__int128* lo, __int128* hi, bool* any, __int128 a, __int128 b) {
    if (!*any || a < *lo) *lo = a;
    if (!*any || b > *hi) *hi = b;
    *any = true;
  }
  const char* what_;
  bool ok_ = true, any_ = false, anyData_ = false;
  __int128 lb_ = 0, ub_ = 0, tlb_ = 0, tub_ = 0, size_ = 0;
};

// count blocks of bl elements, block starts `stride` bytes apart: the first and last blocks bound it.
TypeBounds VectorBounds(const char* what, const DatatypeEntry& old, int count, int bl, __int128 stride) {
  TypeBounds b(what);
  if (count > 0) {
    b.Block(old, 0, bl);
    b.Block(old, stride * (count - 1), bl);
  }
  b.Size(static_cast<__int128>(count) * bl * old.size);
  return b;
}

// typeContiguous(count, oldtype)
Napi::Value TypeContiguous(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count");
  DatatypeEntry old = TypeArg(info, 1);
  TypeBounds b("Create_contiguous");
  b.Block(old, 0, count);
  b.Size(static_cast<__int128>(count) * old.size);
  b.Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_contiguous(count, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeVector(count, blocklength, stride, oldtype)
Napi::Value TypeVector(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count"), bl = ArgInt(info, 1, "blocklength"), stride = ArgInt(info, 2, "stride");
  DatatypeEntry old = TypeArg(info, 3);
  VectorBounds("Create_vector", old, count, bl, static_cast<__int128>(stride) * old.extent).Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_vector(count, bl, stride, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeHvector(count, blocklength, byteStride, oldtype)
Napi::Value TypeHvector(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count"), bl = ArgInt(info, 1, "blocklength");
  MPI_Aint stride = ArgAint(info, 2, "stride");
  DatatypeEntry old = TypeArg(info, 3);
  VectorBounds("Create_hvector", old, count, bl, stride).Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_hvector(count, bl, stride, old.handle, &out));
  return NewType(info.Env(), out);
}

// typeIndexed(blocklengths, displacements, oldtype)
Napi::Value TypeIndexed(const Napi::CallbackInfo& info) {
  std::vector<int> bl = ArgIntList(info, 0, "blocklengths"), disp = ArgIntList(info, 1, "displacements");
  SameLength(info.Env(), bl.size(), disp.size(), "blocklengths and displacements");
  DatatypeEntry old = TypeArg(info, 2);
  TypeBounds b("Create_indexed");
  for (size_t k = 0; k < bl.size(); k++) {
    b.Block(old, static_cast<__int128>(disp[k]) * old.extent, bl[k]);
    b.Size(static_cast<__int128>(bl[k]) * old.size);
  }
  b.Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_indexed(static_cast<int>(bl.size()), IntPtr(bl), IntPtr(disp), old.handle, &out));
  return NewType(info.Env(), out);
}

// typeIndexedBlock(blocklength, displacements, oldtype)
Napi::Value TypeIndexedBlock(const Napi::CallbackInfo& info) {
  int bl = ArgInt(info, 0, "blocklength");
  std::vector<int> disp = ArgIntList(info, 1, "displacements");
  DatatypeEntry old = TypeArg(info, 2);
  TypeBounds b("Create_indexed_block");
  for (int d : disp) {
    b.Block(old, static_cast<__int128>(d) * old.extent, bl);
    b.Size(static_cast<__int128>(bl) * old.size);
  }
  b.Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_indexed_block(static_cast<int>(disp.size()), bl, IntPtr(disp), old.handle, &out));
  return NewType(info.Env(), out);
}

// typeHindexed(blocklengths, byteDisplacements, oldtype)
Napi::Value TypeHindexed(const Napi::CallbackInfo& info) {
  std::vector<int> bl = ArgIntList(info, 0, "blocklengths");
  std::vector<MPI_Aint> disp = ArgAintList(info, 1, "displacements");
  SameLength(info.Env(), bl.size(), disp.size(), "blocklengths and displacements");
  DatatypeEntry old = TypeArg(info, 2);
  TypeBounds b("Create_hindexed");
  for (size_t k = 0; k < bl.size(); k++) {
    b.Block(old, disp[k], bl[k]);
    b.Size(static_cast<__int128>(bl[k]) * old.size);
  }
  b.Verify(info.Env());
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
  DatatypeEntry old = TypeArg(info, 2);
  TypeBounds b("Create_hindexed_block");
  for (MPI_Aint d : disp) {
    b.Block(old, d, bl);
    b.Size(static_cast<__int128>(bl) * old.size);
  }
  b.Verify(info.Env());
  static MPI_Aint none[1] = {0};
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_hindexed_block(static_cast<int>(disp.size()), bl, disp.empty() ? none : disp.data(),
                                                    old.handle, &out));
  return NewType(info.Env(), out);
}

// typeSubarray(sizes, subsizes, starts, order, oldtype)
// typeDarray(size, rank, gsizes, distribs, dargs, psizes, order, old) (issue #17): the TS layer checks
// the distribution; here the bounds, as for a subarray (the type spans the whole global array).
Napi::Value TypeDarray(const Napi::CallbackInfo& info) {
  int size = ArgInt(info, 0, "size"), rank = ArgInt(info, 1, "rank");
  std::vector<int> gsizes = ArgIntList(info, 2, "gsizes"), distribs = ArgIntList(info, 3, "distribs"),
                   dargs = ArgIntList(info, 4, "dargs"), psizes = ArgIntList(info, 5, "psizes");
  SameLength(info.Env(), gsizes.size(), distribs.size(), "gsizes and distribs");
  SameLength(info.Env(), gsizes.size(), dargs.size(), "gsizes and dargs");
  SameLength(info.Env(), gsizes.size(), psizes.size(), "gsizes and psizes");
  if (gsizes.empty()) ThrowRange(info.Env(), "native: gsizes must not be empty");
  if (size < 1 || rank < 0 || rank >= size) ThrowRange(info.Env(), "native: rank must be in [0, size)");
  int order = ArgInt(info, 6, "order");
  DatatypeEntry old = TypeArg(info, 7);
  TypeBounds b("Create_darray");
  __int128 elements = 1;
  for (int g : gsizes) {
    if (g < 1) ThrowRange(info.Env(), "native: gsizes must be positive");
    elements *= g;
    if (elements > kMaxTypeSpan) elements = kMaxTypeSpan + 1;
  }
  b.Block(old, 0, elements);
  b.Bounds(0, elements * old.extent);
  b.Size(elements * old.size);
  b.Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_darray(size, rank, static_cast<int>(gsizes.size()), gsizes.data(), distribs.data(),
                                            dargs.data(), psizes.data(), order, old.handle, &out));
  return NewType(info.Env(), out);
}

Napi::Value TypeSubarray(const Napi::CallbackInfo& info) {
  std::vector<int> sizes = ArgIntList(info, 0, "sizes"), sub = ArgIntList(info, 1, "subsizes"),
                   starts = ArgIntList(info, 2, "starts");
  SameLength(info.Env(), sizes.size(), sub.size(), "sizes and subsizes");
  SameLength(info.Env(), sizes.size(), starts.size(), "sizes and starts");
  if (sizes.empty()) ThrowRange(info.Env(), "native: sizes must not be empty");
  int order = ArgInt(info, 3, "order");
  DatatypeEntry old = TypeArg(info, 4);
  // The type spans the whole array (MPI resizes it to prod(sizes) elements): bound that, and the data.
  TypeBounds b("Create_subarray");
  __int128 elements = 1, picked = 1;
  for (size_t k = 0; k < sizes.size(); k++) {
    elements *= sizes[k] > 0 ? sizes[k] : 0;
    picked *= sub[k] > 0 ? sub[k] : 0;
    if (elements > kMaxTypeSpan) elements = kMaxTypeSpan + 1;  // refused below; no 128-bit overflow
    if (picked > kMaxTypeSpan) picked = kMaxTypeSpan + 1;
  }
  b.Block(old, 0, elements);
  b.Bounds(0, elements * old.extent);
  b.Size(picked * old.size);
  b.Verify(info.Env());
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
  std::vector<HandleId> ids = ArgIdList(info, 2, "datatypes");
  SameLength(env, bl.size(), disp.size(), "blocklengths and displacements");
  SameLength(env, bl.size(), ids.size(), "blocklengths and datatypes");
  std::vector<MPI_Datatype> types;
  TypeBounds b("Create_struct");
  for (size_t k = 0; k < ids.size(); k++) {
    DatatypeEntry e = g_types.Get(env, ids[k]);
    if (e.handle == MPI_DATATYPE_NULL) ThrowError(env, "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
    types.push_back(e.handle);
    b.Block(e, disp[k], bl[k]);
    b.Size(static_cast<__int128>(bl[k]) * e.size);
  }
  b.Verify(env);
  static MPI_Aint none[1] = {0};
  static MPI_Datatype nonet[1] = {MPI_BYTE};
  MPI_Datatype out;
  CHKERR(env, MPI_Type_create_struct(static_cast<int>(bl.size()), IntPtr(bl), disp.empty() ? none : disp.data(),
                                     types.empty() ? nonet : types.data(), &out));
  return NewType(env, out);
}

// typeResized(oldtype, lb, extent)
Napi::Value TypeResized(const Napi::CallbackInfo& info) {
  DatatypeEntry old = TypeArg(info, 0);
  MPI_Aint lb = ArgAint(info, 1, "lb"), extent = ArgAint(info, 2, "extent");
  TypeBounds b("Create_resized");
  b.Bounds(lb, static_cast<__int128>(lb) + extent);
  b.TrueBounds(old);
  b.Size(old.size);
  b.Verify(info.Env());
  MPI_Datatype out;
  CHKERR(info.Env(), MPI_Type_create_resized(old.handle, lb, extent, &out));
  return NewType(info.Env(), out);
}

// Whether the memory the elements of `b` touch meets the `bytes` bytes at `p` (MPI libraries copy
// with memcpy: MPICH aborts on overlapping ranges, others would read what they already wrote).
bool Overlap(const Buffer& b, const char* p, int64_t bytes) {
  int64_t first = 0, last = 0;
  if (bytes <= 0 || b.count == 0 || b.dt.size == 0) return false;
  const char* lo = b.span.data;
  const char* hi = b.span.data + b.span.length;  // a count beyond INT_MAX (b.type is then a struct): all of it
  if (b.type == b.dt.handle) {
    if (!AccessRange(b.dt, b.count, &first, &last)) return true;
    lo = static_cast<const char*>(b.ptr) + first;
    hi = static_cast<const char*>(b.ptr) + last;
  }
  return std::less<const char*>()(p, hi) && std::less<const char*>()(lo, p + bytes);
}

// typePack... rely on int sizes (MPI_Pack_size): `count` elements of `t` must pack into 2^31-1 bytes
// (with room for the per-message header some libraries add).
void RefuseHugePack(Napi::Env env, int64_t count, const DatatypeEntry& t, const char* what) {
  if (count < 0) ThrowRange(env, std::string(what) + ": count must be non-negative");
  if (static_cast<__int128>(count) * t.size > INT_MAX - 4096)
    ThrowRange(env, std::string(what) + ": the packed size exceeds 2^31-1 bytes");
}

// typePack(inbuf, inoff, incount, type, outbuf, position, comm) -> new position
Napi::Value TypePack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  Buffer in;
  Args(info).Plain(0, in, "Pack (inbuf)", P2P());
  Span out = GetSpan(env, info[4], "Pack (outbuf)");
  int position = ArgInt(info, 5, "position");
  MPI_Comm comm = Args(info).Comm(6);
  int outsize = out.length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(out.length);
  if (position < 0 || position > outsize) ThrowRange(env, "Pack: position is outside the output buffer");
  // Some libraries do not check the room left: never let MPI write past the end.
  RefuseHugePack(env, in.type == in.dt.handle ? in.count : INT64_MAX / 2, in.dt, "Pack");
  int need = 0;
  CHKERR(env, MPI_Pack_size(in.count, in.type, comm, &need));
  if (static_cast<int64_t>(position) + need > outsize) ThrowRange(env, "Pack: outbuf is too small");
  if (out.data && Overlap(in, out.data + position, need)) ThrowRange(env, "Pack: inbuf and outbuf overlap in memory");
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
  Args(info).Plain(2, out, "Unpack (outbuf)", P2P());
  MPI_Comm comm = Args(info).Comm(6);
  RefuseHugePack(env, out.type == out.dt.handle ? out.count : INT64_MAX / 2, out.dt, "Unpack");
  int insize = in.length > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(in.length);
  if (position < 0 || position > insize) ThrowRange(env, "Unpack: position is outside the input buffer");
  if (static_cast<int64_t>(position) + static_cast<int64_t>(out.dt.size) * out.count > insize)
    ThrowRange(env, "Unpack: inbuf holds too few bytes");
  if (in.data && Overlap(out, in.data + position, static_cast<int64_t>(out.dt.size) * out.count))
    ThrowRange(env, "Unpack: inbuf and outbuf overlap in memory");
  static char empty[16];
  CHKERR(env, MPI_Unpack(in.data ? in.data : empty, insize, &position, out.ptr, out.count, out.type, comm));
  return Napi::Number::New(env, position);
}

// typePackSize(count, type, comm) -> bytes. MPI answers in an int: a larger packed size is refused
// before MPI sees it (Open MPI 4.1 overflows and crashes on it).
Napi::Value TypePackSize(const Napi::CallbackInfo& info) {
  int count = ArgInt(info, 0, "count");
  DatatypeEntry t = TypeArg(info, 1);
  MPI_Comm comm = Args(info).Comm(2);
  RefuseHugePack(info.Env(), count, t, "Pack_size");
  int size = 0;
  CHKERR(info.Env(), MPI_Pack_size(count, t.handle, comm, &size));
  return Napi::Number::New(info.Env(), size);
}

}  // namespace

// ---- naming, decoding, matching, external32 (issue #17) ---------------------------------
namespace {

// The id of a datatype MPI handed back: a predefined one's fixed id, else a new entry (named types
// such as the f90 ones cannot be freed; derived ones from Get_contents are the caller's to free).
Napi::Value IdOf(Napi::Env env, MPI_Datatype t) {
  for (int i = 1; i < kNumPredefined; i++)
    if (kPredefined[i].handle == t) return Napi::Number::New(env, i);
  int ni, na, nd, combiner;
  CHKERR(env, MPI_Type_get_envelope(t, &ni, &na, &nd, &combiner));
  // The f90 types are predefined too (MPI-4.1 §4.1.11: they must not be freed).
  bool named = combiner == MPI_COMBINER_NAMED || combiner == MPI_COMBINER_F90_INTEGER || combiner == MPI_COMBINER_F90_REAL ||
               combiner == MPI_COMBINER_F90_COMPLEX;
  return Napi::Number::New(env, AddDatatype(env, t, named, named));
}

Napi::Value TypeSetName(const Napi::CallbackInfo& info) {
  DatatypeEntry e = TypeArg(info, 0);
  if (!info[1].IsString()) ThrowType(info.Env(), "native: name must be a string");
  std::string name = info[1].As<Napi::String>().Utf8Value();
  if (name.size() >= MPI_MAX_OBJECT_NAME) ThrowRange(info.Env(), "native: name is too long");
  CHKERR(info.Env(), MPI_Type_set_name(e.handle, name.c_str()));
  return info.Env().Undefined();
}

// typeEnvelope(type) -> [nints, naddrs, ntypes, combiner]
Napi::Value TypeEnvelope(const Napi::CallbackInfo& info) {
  DatatypeEntry e = TypeArg(info, 0);
  int v[4];
  CHKERR(info.Env(), MPI_Type_get_envelope(e.handle, &v[0], &v[1], &v[2], &v[3]));
  return ToJsArray(info.Env(), v, 4);
}

// typeContents(type) -> [ints, addrs, type ids] (MPI_Type_get_contents; refused for named types).
Napi::Value TypeContents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  DatatypeEntry e = TypeArg(info, 0);
  int ni, na, nd, combiner;
  CHKERR(env, MPI_Type_get_envelope(e.handle, &ni, &na, &nd, &combiner));
  if (combiner == MPI_COMBINER_NAMED) ThrowError(env, "Get_contents: a named (predefined) datatype has no contents", MPI_ERR_TYPE);
  std::vector<int> ints(static_cast<size_t>(ni) + 1);
  std::vector<MPI_Aint> addrs(static_cast<size_t>(na) + 1);
  std::vector<MPI_Datatype> types(static_cast<size_t>(nd) + 1);
  CHKERR(env, MPI_Type_get_contents(e.handle, ni, na, nd, ints.data(), addrs.data(), types.data()));
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, ToJsArray(env, ints.data(), static_cast<size_t>(ni)));
  Napi::Array a = Napi::Array::New(env, static_cast<size_t>(na));
  for (int k = 0; k < na; k++) a.Set(static_cast<uint32_t>(k), Napi::Number::New(env, static_cast<double>(addrs[k])));
  out.Set(1u, a);
  Napi::Array t = Napi::Array::New(env, static_cast<size_t>(nd));
  for (int k = 0; k < nd; k++) t.Set(static_cast<uint32_t>(k), IdOf(env, types[k]));
  out.Set(2u, t);
  return out;
}

// typeMatchSize(typeclass, size) -> id
Napi::Value TypeMatchSize(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int cls = ArgInt(info, 0, "typeclass"), size = ArgInt(info, 1, "size");
  MPI_Datatype t;
  CHKERR(info.Env(), MPI_Type_match_size(cls, size, &t));
  return IdOf(info.Env(), t);
}

// typeF90(kind 0 integer / 1 real / 2 complex, p, r) -> id
Napi::Value TypeF90(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int kind = ArgInt(info, 0, "kind"), p = ArgInt(info, 1, "p"), r = ArgInt(info, 2, "r");
  MPI_Datatype t;
  int ierr = kind == 0 ? MPI_Type_create_f90_integer(r, &t) : kind == 1 ? MPI_Type_create_f90_real(p, r, &t)
                                                                        : MPI_Type_create_f90_complex(p, r, &t);
  CHKERR(info.Env(), ierr);
  return IdOf(info.Env(), t);
}

std::string Datarep(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsString()) ThrowType(info.Env(), "native: datarep must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// typePackExternalSize(datarep, count, type) -> bytes
Napi::Value TypePackExternalSize(const Napi::CallbackInfo& info) {
  std::string rep = Datarep(info, 0);
  int count = ArgInt(info, 1, "count");
  DatatypeEntry t = TypeArg(info, 2);
  RefuseHugePack(info.Env(), count, t, "Pack_external_size");
  MPI_Aint size = 0;
  CHKERR(info.Env(), MPI_Pack_external_size(rep.c_str(), count, t.handle, &size));
  return Napi::Number::New(info.Env(), static_cast<double>(size));
}

// typePackExternal(datarep, inbuf, inoff, count, type, outbuf, position) -> new position
Napi::Value TypePackExternal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  std::string rep = Datarep(info, 0);
  Buffer in;
  Args(info).Plain(1, in, "Pack_external (inbuf)", P2P());
  Span out = GetSpan(env, info[5], "Pack_external (outbuf)");
  int64_t pos = ArgCount(info, 6, "position");
  if (static_cast<uint64_t>(pos) > out.length) ThrowRange(env, "Pack_external: position is outside the output buffer");
  RefuseHugePack(env, in.type == in.dt.handle ? in.count : INT64_MAX / 2, in.dt, "Pack_external");
  MPI_Aint need = 0;
  CHKERR(env, MPI_Pack_external_size(rep.c_str(), in.count, in.type, &need));
  if (static_cast<uint64_t>(pos) + static_cast<uint64_t>(need) > out.length) ThrowRange(env, "Pack_external: outbuf is too small");
  if (out.data && Overlap(in, out.data + pos, need)) ThrowRange(env, "Pack_external: inbuf and outbuf overlap in memory");
  static char empty[16];
  MPI_Aint position = static_cast<MPI_Aint>(pos);
  CHKERR(env, MPI_Pack_external(rep.c_str(), in.ptr, in.count, in.type, out.data ? out.data : empty,
                                static_cast<MPI_Aint>(out.length), &position));
  return Napi::Number::New(env, static_cast<double>(position));
}

// typeUnpackExternal(datarep, inbuf, position, outbuf, outoff, count, type) -> new position
Napi::Value TypeUnpackExternal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  std::string rep = Datarep(info, 0);
  Span in = GetSpan(env, info[1], "Unpack_external (inbuf)");
  int64_t pos = ArgCount(info, 2, "position");
  Buffer out;
  Args(info).Plain(3, out, "Unpack_external (outbuf)", P2P());
  if (static_cast<uint64_t>(pos) > in.length) ThrowRange(env, "Unpack_external: position is outside the input buffer");
  RefuseHugePack(env, out.type == out.dt.handle ? out.count : INT64_MAX / 2, out.dt, "Unpack_external");
  MPI_Aint need = 0;
  CHKERR(env, MPI_Pack_external_size(rep.c_str(), out.count, out.type, &need));
  if (static_cast<uint64_t>(pos) + static_cast<uint64_t>(need) > in.length) ThrowRange(env, "Unpack_external: inbuf holds too few bytes");
  if (in.data && Overlap(out, in.data + pos, need)) ThrowRange(env, "Unpack_external: inbuf and outbuf overlap in memory");
  static char empty[16];
  MPI_Aint position = static_cast<MPI_Aint>(pos);
  CHKERR(env, MPI_Unpack_external(rep.c_str(), in.data ? in.data : empty, static_cast<MPI_Aint>(in.length), &position,
                                  out.ptr, out.count, out.type));
  return Napi::Number::New(env, static_cast<double>(position));
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
  FN("typeSetName", TypeSetName);
  FN("typeDarray", TypeDarray);
  FN("typeEnvelope", TypeEnvelope);
  FN("typeContents", TypeContents);
  FN("typeMatchSize", TypeMatchSize);
  FN("typeF90", TypeF90);
  FN("typePackExternalSize", TypePackExternalSize);
  FN("typePackExternal", TypePackExternal);
  FN("typeUnpackExternal", TypeUnpackExternal);
#undef FN
}

}  // namespace mpi4js
