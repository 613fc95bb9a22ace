// Memory and the checks that turn (buffer, byte offset, count, datatype) into a checked pointer.
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
// Uint8Array by the TS layer), typed arrays first with one Node-API call. null/undefined gives an
// empty span. Detached buffers throw. `pins`: a pending operation's pin set, which then holds the
// memory's backing store (pin.h).
Span GetSpan(Napi::Env env, napi_value value, const char* what, PinSet* pins = nullptr);

// How one buffer is used on this process.
struct Use {
  int blocks = 1;          // it holds blocks x count elements (a rooted collective's per-process blocks)
  bool needed = true;      // MPI touches it here (else null/undefined is fine and nothing is checked)
  bool inPlaceOk = false;  // MPI.IN_PLACE allowed
  PinSet* pins = nullptr;  // a pending operation's pin set (request.h), or none (blocking)
  bool collective = false; // counts must fit an int; a needed buffer must be given
};
// Point-to-point, pack/unpack: counts beyond INT_MAX become a derived datatype.
inline Use P2P(PinSet* pins = nullptr) { return Use{1, true, false, pins, false}; }
// Collectives and neighbourhood collectives (per process of the group or per neighbour).
inline Use Coll(int blocks, bool needed, bool inPlaceOk, PinSet* pins) { return Use{blocks, needed, inPlaceOk, pins, true}; }

// A plain buffer argument resolved for one MPI call (args.h reads it). Counts beyond INT_MAX
// (point-to-point) are carried by a derived datatype built here (freed by the destructor) so every
// MPI library gets an int count.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  // `buf` (memory, true for MPI_IN_PLACE, null/undefined when ignored), `count` x u.blocks elements
  // of dt from byte `offset`, checked to lie inside the memory.
  void Bind(Napi::Env env, napi_value buf, int64_t offset, int64_t count, const DatatypeEntry& dt, const char* what,
            const Use& u);
  // Same, for memory already resolved.
  void BindSpan(Napi::Env env, const Span& span, int64_t offset, int64_t count, const DatatypeEntry& dt,
                const char* what, const Use& u);

  void* ptr = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
  DatatypeEntry dt{};
  Span span;
  bool inPlace = false;

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

// Checks that every block k < n (counts[k] elements of dt at element displacement displs[k], or
// at byte displacement displs[k] when byteDispls) lies inside the span. Negative counts are errors.
void CheckBlocks(Napi::Env env, const Span& span, int64_t offset, const int* counts, const int* displs, int n,
                 const DatatypeEntry& dt, bool byteDispls, const char* what);

// Largest byte displacement, bound, extent or size a datatype may have (2^53-1: JavaScript
// numbers stay exact, no buffer is larger); derived-type constructors refuse anything beyond.
constexpr int64_t kMaxTypeSpan = 9007199254740991;
// Whether every size and bound of dt is within kMaxTypeSpan (and its true extent is not negative).
bool WithinSpan(const DatatypeEntry& dt);

// Bytes [first, last) that `count` elements of `dt` touch, relative to the start address; false
// when they cannot be addressed (too many, or a datatype whose bounds are not trustworthy).
bool AccessRange(const DatatypeEntry& dt, int64_t count, int64_t* first, int64_t* last);

}  // namespace mpi4js
