// The ONE place that turns (buffer, byte offset, count, datatype) into a checked pointer.
// The TypeScript layer (bufspec.ts) validates first and gives friendly messages; this is the
// safety net that keeps memory safe whatever reaches the raw layer.
#pragma once
#include "handles.h"

namespace mpi4js {

struct Span {
  char* data = nullptr;
  size_t length = 0;
};

// Memory of a TypedArray, DataView or ArrayBuffer (SharedArrayBuffers arrive wrapped in a
// Uint8Array by the TS layer). null/undefined gives an empty span. Detached buffers throw.
Span GetSpan(Napi::Env env, napi_value value, const char* what);

// A buffer argument resolved for one MPI call. Counts beyond INT_MAX are carried by a derived
// datatype built here (freed by the destructor) so every MPI library gets an int count.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  // info[i]: buffer, info[i+1]: byte offset, info[i+2]: count, info[i+3]: datatype id.
  void Parse(const Napi::CallbackInfo& info, size_t i, const char* what);
  // Same, from explicit values (used by the v-variant helpers).
  void Set(Napi::Env env, napi_value buf, int64_t byteOffset, int64_t count, const DatatypeEntry& dt,
           const char* what);

  void* ptr = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  DatatypeEntry dt{};
  Span span;

 private:
  MPI_Datatype large_ = MPI_DATATYPE_NULL;
};

// Bytes [first, last) that `count` elements of `dt` touch, relative to the start address.
bool AccessRange(const DatatypeEntry& dt, int64_t count, int64_t* first, int64_t* last);

}  // namespace mpi4js
