// The ONE argument layer of the raw functions: every native function that takes a communicator, a
// byte offset, a datatype or a buffer reads it here, under one rule each, so the same misuse is the
// same error everywhere. Built on plain Node-API: the arguments are fetched once into a stack array
// (no CallbackInfo copy, no allocation), so the blocking point-to-point hot path uses it as is; the
// functions registered with a Napi::CallbackInfo construct it from `info`.
//
// Buffers: (buf, byte offset, count, datatype) -> Buffer (plain, message.h); (buf, off, counts,
// displs, datatype) -> VBuffer (one block per process or neighbour, element displacements);
// (buf, off, counts, byte displs, datatype ids) -> WBuffer. Counts and displacements are
// Int32Arrays, datatype ids a Float64Array. JS `true` is MPI_IN_PLACE, null/undefined an ignored
// buffer (where MPI ignores it on this process).
#pragma once
#include <string>
#include <vector>

#include "message.h"

namespace mpi4js {

// The scalar rules (also behind ArgInt/ArgCount of mpi4js.h): a non-number is a TypeError naming
// the argument, a number out of range a RangeError.
// The errors of the readers below (out of line: the success path is inlined into every caller).
[[noreturn]] void BadInt(napi_env env, bool number, const char* name);
[[noreturn]] void BadCount(napi_env env, bool number, const char* name);
[[noreturn]] void BadOffset(napi_env env, bool number, const char* what);

// A non-negative safe integer: true and *out, or false (number: whether v was a number at all).
// Each rule reads a JS value (napi_value) or a number the caller wrote into the scratch (double).
inline bool SafeCountOf(double d, int64_t* out) {
  if (!(d >= 0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d))) return false;
  *out = static_cast<int64_t>(d);
  return true;
}
inline bool SafeCount(napi_env env, napi_value v, int64_t* out, bool* number) {
  double d;
  *number = napi_get_value_double(env, v, &d) == napi_ok;
  return *number && SafeCountOf(d, out);
}
inline int32_t IntOf(napi_env env, bool number, double d, const char* name) {
  if (number && d >= -2147483648.0 && d <= 2147483647.0 && d == static_cast<double>(static_cast<int32_t>(d)))
    return static_cast<int32_t>(d);
  BadInt(env, number, name);
}
inline int32_t ReadInt(napi_env env, napi_value v, const char* name) {
  double d;
  bool number = napi_get_value_double(env, v, &d) == napi_ok;
  return IntOf(env, number, d, name);
}
// A non-negative safe integer (counts, sizes).
inline int64_t ReadCount(napi_env env, napi_value v, const char* name) {
  int64_t n;
  bool number;
  if (SafeCount(env, v, &n, &number)) return n;
  BadCount(env, number, name);
}
inline int64_t CountOf(napi_env env, double d, const char* name) {
  int64_t n;
  if (SafeCountOf(d, &n)) return n;
  BadCount(env, true, name);
}
// The ONE byte-offset rule: a non-negative safe integer; `what` names the method and argument.
inline int64_t ReadOffset(napi_env env, napi_value v, const char* what) {
  int64_t n;
  bool number;
  if (SafeCount(env, v, &n, &number)) return n;
  BadOffset(env, number, what);
}
inline int64_t OffsetOf(napi_env env, double d, const char* what) {
  int64_t n;
  if (SafeCountOf(d, &n)) return n;
  BadOffset(env, true, what);
}

// The scratch calling convention of the hot calls (one per environment, i.e. per thread: a worker
// has its own). JavaScript writes a call's scalar arguments (numbers, ids) at their positions into
// `values` (a Float64Array over the same memory, src/native.ts) and passes only the non-scalar ones
// (buffers, status) as arguments: a Node-API call with 8 arguments costs ~5x one with none.
// The same readers check every value; the memory is pinned, so a transfer cannot move it.
struct Scratch {
  static constexpr size_t kSize = 32;
  double* values = nullptr;
  PinSet pin;
  napi_ref buffer = nullptr;  // the ArrayBuffer (exported as `scratch`)
};
// The scratch of `env`, made on first use (one environment per thread: kept per thread, dropped
// when the environment ends).
Scratch* ScratchOf(napi_env env);

// A v-variant buffer: counts[k] elements of `type` at element displacement displs[k], k < n.
struct VBuffer {
  void* ptr = nullptr;
  const int* counts = nullptr;
  const int* displs = nullptr;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  bool inPlace = false;
};

// A w-variant buffer: counts[k] elements of types[k] at byte displacement displs[k].
struct WBuffer {
  void* ptr = nullptr;
  const int* counts = nullptr;
  const int* displs = nullptr;
  std::vector<MPI_Datatype> types;
  std::vector<MPI_Aint> aintDispls;  // the neighbourhood form takes MPI_Aint displacements
  MPI_Datatype* Types() { return types.empty() ? nullptr : types.data(); }
  const MPI_Aint* AintDispls(int n);
};

class Args {
 public:
  static constexpr size_t kMax = 16;  // the longest raw signature (sendrecv) has 14 arguments

  // Missing arguments read as undefined.
  Args(napi_env env, napi_callback_info cbi) : env_(env) {
    size_t argc = kMax;
    napi_get_cb_info(env, cbi, &argc, v_, nullptr, nullptr);
  }
  explicit Args(const Napi::CallbackInfo& info) : Args(info.Env(), static_cast<napi_callback_info>(info)) {}
  // The scratch form (Scratch above): the function was created with the environment's Scratch as
  // its data; bit i of `objects` set means position i is a JS value, passed as the next argument
  // (in order); every other position is a number in the scratch.
  Args(napi_env env, napi_callback_info cbi, uint32_t objects) : Args(env, cbi, objects, nullptr) {}
  // (node-addon-api keeps the function's data as info.Data().)
  Args(const Napi::CallbackInfo& info, uint32_t objects)
      : Args(info.Env(), static_cast<napi_callback_info>(info), objects, static_cast<Scratch*>(info.Data())) {}
  // Either form: a body templated on S (scratch) is registered twice (MPI4JS_FN_SCRATCH).
  template <bool S>
  static Args Of(napi_env env, napi_callback_info cbi, uint32_t objects) {
    return S ? Args(env, cbi, objects) : Args(env, cbi);
  }
  template <bool S>
  static Args Of(const Napi::CallbackInfo& info, uint32_t objects) {
    return S ? Args(info, objects) : Args(info);
  }

  Napi::Env env() const { return Napi::Env(env_); }
  napi_value operator[](size_t i) const { return v_[i]; }

  int32_t Int(size_t i, const char* name) const { return s_ ? IntOf(env_, true, s_[i], name) : ReadInt(env_, v_[i], name); }
  int64_t Count(size_t i, const char* name) const { return s_ ? CountOf(env_, s_[i], name) : ReadCount(env_, v_[i], name); }
  int64_t Offset(size_t i, const char* what) const { return s_ ? OffsetOf(env_, s_[i], what) : ReadOffset(env_, v_[i], what); }
  // A handle id of `kind` (handles.h ReadId/IdOf): -1 when it cannot be one.
  HandleId Id(size_t i, const char* kind) const { return s_ ? IdOf(s_[i]) : ReadId(env_, v_[i], kind); }
  // The one communicator reader: MPI usable, a live id, not COMM_NULL (all MPI_ERR_COMM).
  MPI_Comm Comm(size_t i) const { return CommEntryAt(i).handle; }
  // The same, with the communicator's shape (rank, size or remote size, inter), cached at creation.
  CommEntry CommEntryAt(size_t i) const { return CommOf(env_, Id(i, "communicator")); }
  // A live datatype id; DATATYPE_NULL is an MPI.Exception of class MPI_ERR_TYPE.
  DatatypeEntry Type(size_t i) const;
  // An info id (info.cc): undefined/null/INFO_NULL -> MPI_INFO_NULL; freed -> MPI.Exception ERR_INFO.
  MPI_Info Info(size_t i) const;
  // An Int32Array of at least n entries (counts, displacements).
  const int* Ints(size_t i, int n, const char* name) const;

  // (buf, off, count, type) at i .. i+3.
  void Plain(size_t i, Buffer& b, const char* what, const Use& u) const {
    int64_t off = Offset(i + 1, what);
    int64_t count = Count(i + 2, "count");
    b.Bind(env(), v_[i], off, count, Type(i + 3), what, u);
  }
  // (buf, off, counts, displs, type) at i .. i+4, n blocks (u.blocks is not used).
  void Vector(size_t i, VBuffer& v, int n, const char* what, const Use& u) const;
  // (buf, off, counts, byte displs, type ids) at i .. i+4, n blocks.
  void W(size_t i, WBuffer& w, int n, const char* what, const Use& u) const;

 private:
  Args(napi_env env, napi_callback_info cbi, uint32_t objects, Scratch* scratch) : env_(env) {
    napi_value given[kMax];
    size_t argc = kMax;
    void* data = nullptr;
    napi_get_cb_info(env, cbi, &argc, given, nullptr, scratch ? nullptr : &data);
    s_ = (scratch ? scratch : static_cast<Scratch*>(data))->values;
    for (size_t i = 0, k = 0; i < kMax; i++) v_[i] = objects >> i & 1 ? given[k++] : nullptr;
  }

  napi_env env_;
  napi_value v_[kMax];
  const double* s_ = nullptr;  // the scratch form's numbers
};

// Registers a body templated on <bool S> twice: `name` reads its arguments, `name`Scratch is the
// scratch form (Args::Of<S>), created with the environment's Scratch as its data.
#define MPI4JS_FN_SCRATCH(exports, env, name, fn)                                                           \
  do {                                                                                                      \
    MPI4JS_FN(exports, env, name, fn<false>);                                                               \
    (exports).Set(name "Scratch", Napi::Function::New(env, ::mpi4js::Gated<fn<true>>, name "Scratch", ::mpi4js::ScratchOf(env))); \
  } while (0)

// A function over a plain Node-API callback (the hot calls: no Napi::CallbackInfo to build).
inline Napi::Value RawFunction(Napi::Env env, const char* name, napi_callback cb, void* data = nullptr) {
  napi_value fn;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, data, &fn) != napi_ok) ThrowError(env, "mpi4js: cannot create a function");
  return Napi::Value(env, fn);
}
#define MPI4JS_RAW(exports, env, name, fn) (exports).Set(name, ::mpi4js::RawFunction(env, name, ::mpi4js::GatedRaw<fn>))
// The same for bodies over plain Node-API callbacks (napi_value F<S>(napi_env, napi_callback_info)).
#define MPI4JS_RAW_SCRATCH(exports, env, name, fn)                                                          \
  do {                                                                                                      \
    MPI4JS_RAW(exports, env, name, fn<false>);                                                              \
    (exports).Set(name "Scratch", ::mpi4js::RawFunction(env, name "Scratch", ::mpi4js::GatedRaw<fn<true>>, ::mpi4js::ScratchOf(env))); \
  } while (0)

}  // namespace mpi4js
