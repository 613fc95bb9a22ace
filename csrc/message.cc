#include "args.h"

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

void PinSet::Add(napi_env env, napi_value arraybuffer, const char* what, const void* data, size_t length) {
  if (deferring_ && data && deferred_ < 3) {
    noted_[deferred_++] = Noted{arraybuffer, what, data, length};
    return;
  }
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

namespace {
thread_local Scratch* t_scratch = nullptr;
void DropScratch(void* arg) {
  auto* s = static_cast<Scratch*>(arg);
  if (t_scratch == s) t_scratch = nullptr;
  delete s;  // the reference goes with the environment
}
}  // namespace

Scratch* ScratchOf(napi_env env) {
  if (t_scratch) return t_scratch;
  auto* s = new Scratch();
  napi_value ab;
  void* data = nullptr;
  if (napi_create_arraybuffer(env, Scratch::kSize * sizeof(double), &data, &ab) != napi_ok) ThrowError(Napi::Env(env), "mpi4js: cannot create the argument scratch");
  s->values = static_cast<double*>(data);
  s->pin.Add(env, ab, "scratch");
  napi_create_reference(env, ab, 1, &s->buffer);
  napi_add_env_cleanup_hook(env, DropScratch, s);
  t_scratch = s;
  return s;
}

// A typed array's memory in `span` (false when `value` is not a typed array): one Node-API call.
static bool TypedSpan(napi_env env, napi_value value, const char* what, PinSet* pins, Span* span) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_value ab = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, pins ? &ab : nullptr, nullptr) != napi_ok) return false;
  // A detached typed array reads as no data: the rare path looks why.
  if (!data || pins) {
    if (!ab) napi_get_typedarray_info(env, value, &type, &length, &data, &ab, nullptr);
    if (IsDetached(env, ab)) ThrowType(Napi::Env(env), std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, ab, what, data, length * ElementSize(type));
  }
  span->data = static_cast<char*>(data);
  span->length = data ? length * ElementSize(type) : 0;
  return true;
}

Span GetSpan(Napi::Env env, napi_value value, const char* what, PinSet* pins) {
  Span span;
  if (TypedSpan(env, value, what, pins, &span)) return span;
  size_t length = 0;
  void* data = nullptr;
  napi_value ab = nullptr;
  napi_valuetype vt;
  napi_typeof(env, value, &vt);
  if (vt == napi_undefined || vt == napi_null) return span;
  bool is = false;
  napi_is_dataview(env, value, &is);
  if (is) {
    size_t offset = 0;
    napi_get_dataview_info(env, value, &length, &data, &ab, &offset);
    if (IsDetached(env, ab)) ThrowType(env, std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, ab, what, data, length);
    span.data = static_cast<char*>(data);
    span.length = length;
    return span;
  }
  napi_is_arraybuffer(env, value, &is);
  if (is) {
    if (IsDetached(env, value)) ThrowType(env, std::string(what) + ": buffer is detached");
    if (pins) pins->Add(env, value, what);
    napi_get_arraybuffer_info(env, value, &data, &length);
    span.data = static_cast<char*>(data);
    span.length = length;
    return span;
  }
  ThrowType(env, std::string(what) + ": buffer must be a TypedArray, DataView or ArrayBuffer");
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

namespace {

// MPI reads nothing for zero counts; a valid non-null address keeps every library happy.
char g_empty[16];

[[noreturn]] void TooSmall(Napi::Env env, const char* what, const std::string& block, int64_t first, int64_t last,
                           size_t length) {
  ThrowRange(env, std::string(what) + ": buffer too small: " + block + " need(s) bytes [" + std::to_string(first) +
                      ", " + std::to_string(last) + "), the buffer has " + std::to_string(length));
}

// `count` elements of t from byte `offset` lie inside the span.
void CheckRange(Napi::Env env, const Span& span, int64_t offset, int64_t count, const DatatypeEntry& t, const char* what) {
  if (count > 0 && !t.committed) ThrowType(env, std::string(what) + ": datatype is not committed (call Commit())");
  int64_t first = 0, last = 0;
  if (!AccessRange(t, count, &first, &last)) ThrowRange(env, std::string(what) + ": count is too large");
  if (count > 0 && t.size > 0 && (offset + first < 0 || offset + last > static_cast<int64_t>(span.length)))
    TooSmall(env, what, std::to_string(count) + " element(s) from byte offset " + std::to_string(offset), offset + first,
             offset + last, span.length);
}

// The memory at `offset` (clamped: with nothing to touch, an offset past the end is not used).
char* At(const Span& span, int64_t offset) {
  if (!span.data) return g_empty;
  return span.data + (offset <= static_cast<int64_t>(span.length) ? offset : 0);
}

// JS `true` (MPI_IN_PLACE) and null/undefined (ignored); anything else is memory.
enum class Kind { Memory, InPlace, Ignored };
Kind KindOf(napi_env env, napi_value v) {
  napi_valuetype vt;
  napi_typeof(env, v, &vt);
  if (vt == napi_undefined || vt == napi_null) return Kind::Ignored;
  bool b = false;
  if (vt == napi_boolean && napi_get_value_bool(env, v, &b) == napi_ok && b) return Kind::InPlace;
  return Kind::Memory;
}

// The in-place and ignored rules shared by the plain, vector and w readers, for a value that is not
// a typed array (those are memory: the common case costs one call, in TypedSpan).
Kind Classify(napi_env env, napi_value buf, const char* what, const Use& u) {
  Kind k = KindOf(env, buf);
  if (k == Kind::InPlace && !u.inPlaceOk) ThrowType(Napi::Env(env), std::string(what) + ": MPI.IN_PLACE is not allowed here");
  if (k == Kind::Ignored && u.needed && u.collective)
    ThrowType(Napi::Env(env), std::string(what) + ": a buffer is required on this process");
  // Point-to-point: null/undefined is empty memory (the range check refuses a count).
  if (k == Kind::Ignored && !u.collective) return Kind::Memory;
  return k;
}

// The memory of `buf` after the rules above: Memory (span set), InPlace or Ignored.
Kind Resolve(napi_env env, napi_value buf, const char* what, const Use& u, Span* span) {
  if (TypedSpan(env, buf, what, u.pins, span)) return Kind::Memory;
  Kind k = Classify(env, buf, what, u);
  if (k == Kind::Memory) *span = GetSpan(Napi::Env(env), buf, what, u.pins);
  return k;
}

}  // namespace

void BadInt(napi_env env, bool number, const char* name) {
  if (!number) ThrowType(Napi::Env(env), std::string("native: ") + name + " must be a number");
  ThrowRange(Napi::Env(env), std::string("native: ") + name + " must be a 32-bit integer");
}

void BadCount(napi_env env, bool number, const char* name) {
  if (!number) ThrowType(Napi::Env(env), std::string("native: ") + name + " must be a number");
  ThrowRange(Napi::Env(env), std::string("native: ") + name + " must be a non-negative integer");
}

void BadOffset(napi_env env, bool number, const char* what) {
  if (!number) ThrowType(Napi::Env(env), std::string(what) + ": byte offset must be a number");
  ThrowRange(Napi::Env(env), std::string(what) + ": byte offset must be a non-negative integer");
}

void Buffer::Bind(Napi::Env env, napi_value buf, int64_t offset, int64_t count, const DatatypeEntry& t,
                  const char* what, const Use& u) {
  if (u.collective && count > INT_MAX)
    ThrowRange(env, std::string(what) + ": count beyond 2^31-1 is not supported by collectives");
  Span s;
  Kind k = Resolve(env, buf, what, u, &s);
  if (k == Kind::InPlace) {
    dt = t;
    ptr = MPI_IN_PLACE;
    inPlace = true;
    this->count = static_cast<int>(count);
    type = t.handle;
    return;
  }
  // Where MPI ignores it (or it was not passed), only its memory kind was checked.
  if (k == Kind::Ignored || !u.needed)
    BindSpan(env, s, offset, count, t, what, Use{0, false, false, nullptr, true});
  else
    BindSpan(env, s, offset, count, t, what, u);
}

void Buffer::BindSpan(Napi::Env env, const Span& s, int64_t offset, int64_t count, const DatatypeEntry& t,
                      const char* what, const Use& u) {
  dt = t;
  span = s;
  CheckRange(env, span, offset, count * u.blocks, t, what);
  ptr = At(span, offset);
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

void CheckBlocks(Napi::Env env, const Span& span, int64_t offset, const int* counts, const int* displs, int n,
                 const DatatypeEntry& t, bool byteDispls, const char* what) {
  for (int i = 0; i < n; i++) {
    if (counts[i] < 0) ThrowRange(env, std::string(what) + ": counts[" + std::to_string(i) + "] is negative");
    if (counts[i] == 0 || t.size == 0) continue;
    if (!t.committed) ThrowType(env, std::string(what) + ": datatype is not committed (call Commit())");
    int64_t first = 0, last = 0;
    if (!AccessRange(t, counts[i], &first, &last)) ThrowRange(env, std::string(what) + ": count is too large");
    int64_t base = offset + (byteDispls ? static_cast<int64_t>(displs[i]) : static_cast<int64_t>(displs[i]) * t.extent);
    if (base + first < 0 || base + last > static_cast<int64_t>(span.length))
      TooSmall(env, what, "block " + std::to_string(i) + " (" + std::to_string(counts[i]) + " element(s) at displacement " +
                              std::to_string(displs[i]) + ")", base + first, base + last, span.length);
  }
}

DatatypeEntry Args::Type(size_t i) const {
  DatatypeEntry t = g_types.Get(env(), Id(i, "datatype"));
  if (t.handle == MPI_DATATYPE_NULL) ThrowError(env(), "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
  return t;
}

const int* Args::Ints(size_t i, int n, const char* name) const {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env_, v_[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_int32_array)
    ThrowType(env(), std::string("native: ") + name + " must be an Int32Array");
  if (length < static_cast<size_t>(n))
    ThrowRange(env(), std::string("native: ") + name + " has " + std::to_string(length) + " entries, " +
                          std::to_string(n) + " are needed (one per process or neighbour)");
  static const int none[1] = {0};
  return data ? static_cast<const int*>(data) : none;
}

void Args::Vector(size_t i, VBuffer& v, int n, const char* what, const Use& u) const {
  int64_t off = Offset(i + 1, what);
  DatatypeEntry t = Type(i + 4);
  v.type = t.handle;
  static const int zeros[1] = {0};
  Span s;
  Kind k = Resolve(env_, v_[i], what, u, &s);
  if (k == Kind::InPlace) {
    v.ptr = MPI_IN_PLACE;
    v.inPlace = true;
    return;
  }
  if (k == Kind::Ignored) {
    v.ptr = g_empty;
    v.counts = v.displs = zeros;
    return;
  }
  v.counts = Ints(i + 2, n, "counts");
  v.displs = Ints(i + 3, n, "displs");
  CheckBlocks(env(), s, off, v.counts, v.displs, n, t, false, what);
  v.ptr = At(s, off);
}

void Args::W(size_t i, WBuffer& w, int n, const char* what, const Use& u) const {
  Napi::Env e = env();
  int64_t off = Offset(i + 1, what);
  Use any = u;
  any.collective = false;  // null/undefined is empty memory: the counts say what is touched
  Span s;
  if (Resolve(env_, v_[i], what, any, &s) == Kind::InPlace) {
    w.ptr = MPI_IN_PLACE;
    return;
  }
  w.counts = Ints(i + 2, n, "counts");
  w.displs = Ints(i + 3, n, "displs");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env_, v_[i + 4], &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array)
    ThrowType(e, "native: datatypes must be a Float64Array");
  if (length < static_cast<size_t>(n)) ThrowRange(e, std::string(what) + ": datatypes needs one id per process or neighbour");
  const double* ids = static_cast<const double*>(data);
  w.types.resize(static_cast<size_t>(n));
  for (int k = 0; k < n; k++) {
    DatatypeEntry t = g_types.Get(e, IdOf(ids[k]));
    if (t.handle == MPI_DATATYPE_NULL && w.counts[k] > 0) ThrowError(e, "mpi4js: operation on DATATYPE_NULL", MPI_ERR_TYPE);
    w.types[static_cast<size_t>(k)] = t.handle == MPI_DATATYPE_NULL ? MPI_BYTE : t.handle;
    CheckBlocks(e, s, off, w.counts + k, w.displs + k, 1, t, true, what);
  }
  w.ptr = At(s, off);
}

const MPI_Aint* WBuffer::AintDispls(int n) {
  aintDispls.resize(static_cast<size_t>(n) + 1);
  for (int k = 0; k < n && displs; k++) aintDispls[static_cast<size_t>(k)] = displs[k];
  return aintDispls.data();
}

Buffer::~Buffer() {
  if (large_ != MPI_DATATYPE_NULL) MPI_Type_free(&large_);
}

}  // namespace mpi4js
