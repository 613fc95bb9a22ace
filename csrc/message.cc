#include "message.h"

#include <climits>
#include <cstring>
#include <string>

namespace mpi4js {

namespace {
size_t ElementSize(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array:
    case napi_uint8_array:
    case napi_uint8_clamped_array:
      return 1;
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    default:
      return 8;
  }
}

bool IsDetached(napi_env env, napi_value arraybuffer) {
  bool detached = false;
  if (napi_is_detached_arraybuffer(env, arraybuffer, &detached) != napi_ok) return false;
  return detached;
}
}  // namespace

void PinSet::Add(napi_env env, napi_value arraybuffer, const char* what) {
  v8::Local<v8::Value> v;
  static_assert(sizeof(v) == sizeof(arraybuffer), "napi_value is a v8::Local");
  std::memcpy(static_cast<void*>(&v), &arraybuffer, sizeof(arraybuffer));
  if (v->IsSharedArrayBuffer()) {
    stores_.push_back(v.As<v8::SharedArrayBuffer>()->GetBackingStore());
    return;
  }
  if (!v->IsArrayBuffer()) ThrowType(Napi::Env(env), std::string(what) + ": buffer memory is not an ArrayBuffer");
  std::shared_ptr<v8::BackingStore> store = v.As<v8::ArrayBuffer>()->GetBackingStore();
  if (store->IsResizableByUserJavaScript())
    ThrowType(Napi::Env(env), std::string(what) + ": a resizable ArrayBuffer cannot be used by a nonblocking or persistent "
                                                  "operation (resize() could take its memory away while MPI uses it); use a "
                                                  "fixed-length ArrayBuffer or a SharedArrayBuffer");
  stores_.push_back(std::move(store));
}

Span GetSpan(Napi::Env env, napi_value value, const char* what, PinSet* pins) {
  Span span;
  napi_valuetype vt;
  napi_typeof(env, value, &vt);
  if (vt == napi_undefined || vt == napi_null) return span;
  bool is = false;
  napi_is_typedarray(env, value, &is);
  if (is) {
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    napi_value ab;
    size_t offset = 0;
    napi_get_typedarray_info(env, value, &type, &length, &data, &ab, &offset);
    if (IsDetached(env, ab)) ThrowType(env, std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, ab, what);
    span.data = static_cast<char*>(data);
    span.length = length * ElementSize(type);
    return span;
  }
  napi_is_dataview(env, value, &is);
  if (is) {
    size_t length = 0;
    void* data = nullptr;
    napi_value ab;
    size_t offset = 0;
    napi_get_dataview_info(env, value, &length, &data, &ab, &offset);
    if (IsDetached(env, ab)) ThrowType(env, std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, ab, what);
    span.data = static_cast<char*>(data);
    span.length = length;
    return span;
  }
  napi_is_arraybuffer(env, value, &is);
  if (is) {
    if (IsDetached(env, value)) ThrowType(env, std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, value, what);
    void* data = nullptr;
    size_t length = 0;
    napi_get_arraybuffer_info(env, value, &data, &length);
    span.data = static_cast<char*>(data);
    span.length = length;
    return span;
  }
  ThrowType(env, std::string(what) + ": buffer must be a TypedArray, DataView or ArrayBuffer");
}

Span GetSpanFast(napi_env env, napi_value value, const char* what) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) == napi_ok) {
    Span span;
    span.data = static_cast<char*>(data);
    span.length = data ? length * ElementSize(type) : 0;
    return span;
  }
  return GetSpan(Napi::Env(env), value, what);
}

bool WithinSpan(const DatatypeEntry& dt) {
  auto in = [](__int128 v) { return v >= -kMaxTypeSpan && v <= kMaxTypeSpan; };
  if (dt.size < 0 || dt.size > kMaxTypeSpan || !in(dt.lb) || !in(dt.extent) || !in(static_cast<__int128>(dt.lb) + dt.extent))
    return false;
  // The true bounds of a type without data are whatever the library leaves there; nothing reads them.
  return dt.size == 0 || (in(dt.true_lb) && dt.true_extent >= 0 && dt.true_extent <= kMaxTypeSpan &&
                          in(static_cast<__int128>(dt.true_lb) + dt.true_extent));
}

bool AccessRange(const DatatypeEntry& dt, int64_t count, int64_t* first, int64_t* last) {
  *first = *last = 0;
  // Never trust a wrapped extent (the constructors refuse them; this is the net under every use).
  if (!WithinSpan(dt)) return false;
  if (count == 0) return true;
  // Nothing is touched, but counts beyond INT_MAX still become a type whose displacements are count x extent.
  if (dt.size == 0) return static_cast<__int128>(count) * (dt.extent < 0 ? -dt.extent : dt.extent) <= kMaxTypeSpan;
  // Element k occupies [k*extent + true_lb, k*extent + true_lb + true_extent).
  __int128 lo = static_cast<__int128>(dt.true_lb) + (dt.extent < 0 ? static_cast<__int128>(count - 1) * dt.extent : 0);
  __int128 hi = static_cast<__int128>(dt.true_lb) + dt.true_extent +
                (dt.extent > 0 ? static_cast<__int128>(count - 1) * dt.extent : 0);
  if (lo < INT64_MIN || hi > INT64_MAX) return false;
  *first = static_cast<int64_t>(lo);
  *last = static_cast<int64_t>(hi);
  return true;
}

void Buffer::Parse(const Napi::CallbackInfo& info, size_t i, const char* what, PinSet* pins) {
  Napi::Env env = info.Env();
  Napi::Value off = info[i + 1];
  if (!off.IsNumber()) ThrowType(env, std::string(what) + ": byte offset must be a number");
  double d = off.As<Napi::Number>().DoubleValue();
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
    ThrowRange(env, std::string(what) + ": byte offset must be an integer");
  int64_t count = ArgCount(info, i + 2, "count");
  DatatypeEntry t = g_types.Arg(info, i + 3);
  Set(env, info[i], static_cast<int64_t>(d), count, t, what, pins);
}

void Buffer::Set(Napi::Env env, napi_value buf, int64_t byteOffset, int64_t count, const DatatypeEntry& t,
                 const char* what, PinSet* pins) {
  SetSpan(env, GetSpan(env, buf, what, pins), byteOffset, count, t, what);
}

void Buffer::SetSpan(Napi::Env env, const Span& s, int64_t byteOffset, int64_t count, const DatatypeEntry& t,
                     const char* what) {
  dt = t;
  span = s;
  if (count > 0 && !t.committed) ThrowType(env, std::string(what) + ": datatype is not committed (call Commit())");
  int64_t first = 0, last = 0;
  if (!AccessRange(t, count, &first, &last)) ThrowRange(env, std::string(what) + ": count is too large");
  if (count > 0 && t.size > 0) {
    if (byteOffset + first < 0 || byteOffset + last > static_cast<int64_t>(span.length)) {
      ThrowRange(env, std::string(what) + ": buffer too small: " + std::to_string(count) +
                          " element(s) from byte offset " + std::to_string(byteOffset) + " need bytes [" +
                          std::to_string(byteOffset + first) + ", " + std::to_string(byteOffset + last) +
                          "), the buffer has " + std::to_string(span.length));
    }
  }
  // MPI reads nothing for zero counts; a valid non-null address keeps every library happy.
  static char empty[16];
  ptr = span.data ? span.data + byteOffset : empty;
  type = t.handle;
  if (count <= INT_MAX) {
    this->count = static_cast<int>(count);
    return;
  }
  // count = q * B + r elements: one struct of {q blocks of B elements, r elements}; the type
  // signature is count elements of dt, so it matches the peer whatever its decomposition.
  const int64_t B = INT_MAX / 2;
  int64_t q = count / B, r = count % B;
  MPI_Datatype block;
  CHKERR(env, MPI_Type_contiguous(static_cast<int>(B), t.handle, &block));
  int lens[2] = {static_cast<int>(q), static_cast<int>(r)};
  MPI_Aint displs[2] = {0, static_cast<MPI_Aint>(q * B * t.extent)};
  MPI_Datatype types[2] = {block, t.handle};
  int ierr = MPI_Type_create_struct(r ? 2 : 1, lens, displs, types, &large_);
  MPI_Type_free(&block);
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  CHKERR(env, MPI_Type_commit(&large_));
  type = large_;
  this->count = 1;
}

bool IsInPlaceArg(const Napi::Value& v) { return v.IsBoolean() && v.As<Napi::Boolean>().Value(); }
bool IsIgnoredArg(const Napi::Value& v) { return v.IsNull() || v.IsUndefined(); }

char* CheckedRange(Napi::Env env, const Span& span, int64_t byteOffset, int64_t count, const DatatypeEntry& t,
                   const char* what) {
  static char empty[16];
  if (count < 0) ThrowRange(env, std::string(what) + ": negative count");
  if (count > 0 && !t.committed) ThrowType(env, std::string(what) + ": datatype is not committed (call Commit())");
  int64_t first = 0, last = 0;
  if (!AccessRange(t, count, &first, &last)) ThrowRange(env, std::string(what) + ": count is too large");
  if (count > 0 && t.size > 0 &&
      (byteOffset + first < 0 || byteOffset + last > static_cast<int64_t>(span.length))) {
    ThrowRange(env, std::string(what) + ": buffer too small: " + std::to_string(count) + " element(s) from byte offset " +
                        std::to_string(byteOffset) + " need bytes [" + std::to_string(byteOffset + first) + ", " +
                        std::to_string(byteOffset + last) + "), the buffer has " + std::to_string(span.length));
  }
  if (byteOffset < 0 || byteOffset > static_cast<int64_t>(span.length)) byteOffset = 0;
  return span.data ? span.data + byteOffset : empty;
}

void CheckBlocks(Napi::Env env, const Span& span, int64_t byteOffset, const int* counts, const int* displs, int n,
                 const DatatypeEntry& t, bool byteDispls, const char* what) {
  for (int i = 0; i < n; i++) {
    if (counts[i] < 0) ThrowRange(env, std::string(what) + ": counts[" + std::to_string(i) + "] is negative");
    if (counts[i] == 0 || t.size == 0) continue;
    if (!t.committed) ThrowType(env, std::string(what) + ": datatype is not committed (call Commit())");
    int64_t first = 0, last = 0;
    if (!AccessRange(t, counts[i], &first, &last)) ThrowRange(env, std::string(what) + ": count is too large");
    int64_t base = byteOffset + (byteDispls ? static_cast<int64_t>(displs[i]) : static_cast<int64_t>(displs[i]) * t.extent);
    if (base + first < 0 || base + last > static_cast<int64_t>(span.length)) {
      ThrowRange(env, std::string(what) + ": block " + std::to_string(i) + " (" + std::to_string(counts[i]) +
                          " element(s) at displacement " + std::to_string(displs[i]) + ") needs bytes [" +
                          std::to_string(base + first) + ", " + std::to_string(base + last) + "), the buffer has " +
                          std::to_string(span.length));
    }
  }
}

const int* ArgInts(const Napi::CallbackInfo& info, size_t i, int n, const char* what) {
  Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    ThrowType(info.Env(), std::string("native: ") + what + " must be an Int32Array");
  Napi::Int32Array a = v.As<Napi::Int32Array>();
  if (a.ElementLength() < static_cast<size_t>(n))
    ThrowRange(info.Env(), std::string("native: ") + what + " has " + std::to_string(a.ElementLength()) +
                               " entries, the communicator needs " + std::to_string(n));
  return a.Data();
}

Buffer::~Buffer() {
  if (large_ != MPI_DATATYPE_NULL) MPI_Type_free(&large_);
}

}  // namespace mpi4js
