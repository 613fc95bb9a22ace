// The ONE place that turns (buffer, byte offset, count, datatype) into a checked pointer.
// The TypeScript layer (bufspec.ts) validates first and gives friendly messages; this is the
// safety net that keeps memory safe whatever reaches the raw layer.
#pragma once
#include "handles.h"
#include "pin.h"

namespace mpi4js {

struct Span {
  char* data = nullptr;
  size_t length = 0;
};

// Memory of a TypedArray, DataView or ArrayBuffer (SharedArrayBuffers arrive wrapped in a
// Uint8Array by the TS layer). null/undefined gives an empty span. Detached buffers throw.
// `pins`: a pending operation's pin set, which then holds the memory's backing store (pin.h).
Span GetSpan(Napi::Env env, napi_value value, const char* what, PinSet* pins = nullptr);
// Same, typed arrays first with one Node-API call (a detached typed array reads as length 0); pins
// nothing (the blocking hot path).
Span GetSpanFast(napi_env env, napi_value value, const char* what);

// A buffer argument resolved for one MPI call. Counts beyond INT_MAX are carried by a derived
// datatype built here (freed by the destructor) so every MPI library gets an int count.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  // info[i]: buffer, info[i+1]: byte offset, info[i+2]: count, info[i+3]: datatype id.
  void Parse(const Napi::CallbackInfo& info, size_t i, const char* what, PinSet* pins = nullptr);
  // Same, from explicit values (used by the v-variant helpers).
  void Set(Napi::Env env, napi_value buf, int64_t byteOffset, int64_t count, const DatatypeEntry& dt,
           const char* what, PinSet* pins = nullptr);
  // Same, for memory already resolved.
  void SetSpan(Napi::Env env, const Span& span, int64_t byteOffset, int64_t count, const DatatypeEntry& dt,
               const char* what);

  void* ptr = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  DatatypeEntry dt{};
  Span span;

 private:
  MPI_Datatype large_ = MPI_DATATYPE_NULL;
};

// ---- send modes: one table for the blocking, nonblocking and persistent forms ----------------
// mode 0 standard, 1 synchronous, 2 buffered, 3 ready (the TS layer's MODE_* constants).
using SendFn = int (*)(const void*, int, MPI_Datatype, int, int, MPI_Comm);
using IsendFn = int (*)(const void*, int, MPI_Datatype, int, int, MPI_Comm, MPI_Request*);
inline SendFn SendOf(int mode) {
  static const SendFn fns[4] = {MPI_Send, MPI_Ssend, MPI_Bsend, MPI_Rsend};
  return fns[mode & 3];
}
inline IsendFn IsendOf(int mode) {
  static const IsendFn fns[4] = {MPI_Isend, MPI_Issend, MPI_Ibsend, MPI_Irsend};
  return fns[mode & 3];
}
inline IsendFn SendInitOf(int mode) {
  static const IsendFn fns[4] = {MPI_Send_init, MPI_Ssend_init, MPI_Bsend_init, MPI_Rsend_init};
  return fns[mode & 3];
}

// ---- collectives (additive) -------------------------------------------------------------
// JS `true` stands for MPI_IN_PLACE in the raw layer; null/undefined for an ignored argument.
bool IsInPlaceArg(const Napi::Value& v);
bool IsIgnoredArg(const Napi::Value& v);

// Checked pointer to `count` elements of dt from byteOffset of span (count may be the total of
// several equal blocks, e.g. size x count of a Scatter root). Throws RangeError when outside.
char* CheckedRange(Napi::Env env, const Span& span, int64_t byteOffset, int64_t count, const DatatypeEntry& dt,
                   const char* what);

// v-variants: every block i (counts[i] elements of dt at element displacement displs[i], or at byte
// displacement displs[i] when byteDispls) lies inside the buffer. Negative counts are errors.
void CheckBlocks(Napi::Env env, const Span& span, int64_t byteOffset, const int* counts, const int* displs, int n,
                 const DatatypeEntry& dt, bool byteDispls, const char* what);

// An Int32Array argument of at least n elements (counts, displacements, datatype ids).
const int* ArgInts(const Napi::CallbackInfo& info, size_t i, int n, const char* what);

// Largest byte displacement, bound, extent or size a datatype may have (2^53-1: JavaScript
// numbers stay exact, no buffer is larger); derived-type constructors refuse anything beyond.
constexpr int64_t kMaxTypeSpan = 9007199254740991;
// Whether every size and bound of dt is within kMaxTypeSpan (and its true extent is not negative).
bool WithinSpan(const DatatypeEntry& dt);

// Bytes [first, last) that `count` elements of `dt` touch, relative to the start address; false
// when they cannot be addressed (too many, or a datatype whose bounds are not trustworthy).
bool AccessRange(const DatatypeEntry& dt, int64_t count, int64_t* first, int64_t* last);

}  // namespace mpi4js
