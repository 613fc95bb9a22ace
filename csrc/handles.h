// Handle tables: JavaScript never holds an MPI handle, only a small integer id into a table of
// its kind. A wrong, stale or forged id is a JS error, never a crash or a type confusion, and
// the same code works for Open MPI (pointer handles) and MPICH (int handles).
// Tables are process-wide (MPI is one per process, shared by worker threads); ids carry a
// generation so a recycled slot is not mistaken for the object that was freed. An id is an
// integer below 2^52 (exact in a JS number): 21 bits of slot, 31 bits of generation, so a slot
// is reused two billion times before an id repeats — never in a real program. Ids below 2^30
// (the first 512 generations) stay small integers in V8.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"

namespace mpi4js {

using HandleId = int64_t;

// The JS number of an id argument: a non-number is a TypeError, anything but an integer in the id
// range reads as -1 (no live handle), so forged ids are "invalid handle" errors of their kind.
HandleId ReadId(napi_env env, napi_value v, const char* kind);
// The same rule for an id already read as a double (a Float64Array of ids).
inline HandleId IdOf(double d) {
  if (!(d >= 0 && d < 4503599627370496.0) || d != static_cast<double>(static_cast<HandleId>(d))) return -1;
  return static_cast<HandleId>(d);
}

template <typename Entry>
class HandleTable {
 public:
  static constexpr int32_t kIndexBits = 21;  // 2 Mi live handles per kind
  static constexpr int32_t kIndexMask = (1 << kIndexBits) - 1;
  static constexpr uint32_t kGenMask = 0x7fffffffu;
  static constexpr int32_t kChunk = 1024;
  static constexpr int32_t kMaxChunks = (1 << kIndexBits) / kChunk;

  HandleTable(const char* kind, int errorClass) : kind_(kind), errorClass_(errorClass) {
    for (auto& c : chunks_) c.store(nullptr, std::memory_order_relaxed);
  }

  // Returns the new id (>= 0).
  HandleId Add(const Entry& e) {
    std::lock_guard<std::mutex> lock(mu_);
    int32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      index = next_++;
      if (index >= (1 << kIndexBits)) throw std::runtime_error(std::string("too many live ") + kind_ + " handles");
      Slot* chunk = chunks_[index / kChunk].load(std::memory_order_acquire);
      if (!chunk) chunks_[index / kChunk].store(new Slot[kChunk], std::memory_order_release);
    }
    Slot& s = SlotAt(index);
    s.entry = e;
    uint32_t gen = (s.gen.load(std::memory_order_relaxed) + 1) & kGenMask;
    s.gen.store(gen | kLive, std::memory_order_release);
    return MakeId(gen, index);
  }

  // Adds at a fixed id with generation 0 (predefined handles, registered first and in order).
  void AddFixed(int32_t index, const Entry& e) {
    std::lock_guard<std::mutex> lock(mu_);
    while (next_ <= index) {
      Slot* chunk = chunks_[next_ / kChunk].load(std::memory_order_acquire);
      if (!chunk) chunks_[next_ / kChunk].store(new Slot[kChunk], std::memory_order_release);
      next_++;
    }
    Slot& s = SlotAt(index);
    s.entry = e;
    s.gen.store(kLive, std::memory_order_release);
  }

  // Looks an id up; throws a JS error naming the kind when the id is not live.
  Entry Get(Napi::Env env, HandleId id) const {
    const Slot* s = Find(id);
    if (!s) ThrowError(env, std::string("mpi4js: invalid or freed ") + kind_ + " handle", errorClass_);
    return s->entry;
  }

  // Looks an id up without throwing: false when it is not live.
  bool Find(HandleId id, Entry* out) const {
    const Slot* s = Find(id);
    if (!s) return false;
    *out = s->entry;
    return true;
  }

  // Lookup from a JS argument.
  Entry Arg(const Napi::CallbackInfo& info, size_t i) const { return Get(info.Env(), ReadId(info.Env(), info[i], kind_)); }
  Entry Arg(napi_env env, napi_value v) const { return Get(Napi::Env(env), ReadId(env, v, kind_)); }

  // Frees the handle of an id argument with MPI's `free` (a predefined one is refused) and drops the id.
  template <typename H>
  void Free(Napi::Env env, napi_value v, int (*free)(H*)) {
    RequireMpi(env);
    HandleId id = ReadId(env, v, kind_);
    Entry e = Get(env, id);
    if (e.predefined) ThrowError(env, std::string("mpi4js: cannot free a predefined ") + kind_, errorClass_);
    H h = e.handle;
    CHKERR(env, free(&h));
    Remove(id);
  }

  bool Update(HandleId id, const Entry& e) {
    Slot* s = const_cast<Slot*>(Find(id));
    if (!s) return false;
    s->entry = e;
    return true;
  }

  bool Remove(HandleId id) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot* s = const_cast<Slot*>(Find(id));
    if (!s) return false;
    s->gen.store(s->gen.load(std::memory_order_relaxed) & ~kLive, std::memory_order_release);
    free_.push_back(static_cast<int32_t>(id & kIndexMask));
    return true;
  }

  template <typename F>
  void ForEachLive(F fn) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int32_t i = 0; i < next_; i++) {
      Slot& s = SlotAt(i);
      uint32_t g = s.gen.load(std::memory_order_acquire);
      if (g & kLive) fn(MakeId(g & kGenMask, i), s.entry);
    }
  }

 private:
  static constexpr uint32_t kLive = 0x80000000u;
  struct Slot {
    Entry entry{};
    std::atomic<uint32_t> gen{0};
  };

  static HandleId MakeId(uint32_t gen, int32_t index) {
    return (static_cast<HandleId>(gen) << kIndexBits) | static_cast<HandleId>(index);
  }

  Slot& SlotAt(int32_t index) const {
    return chunks_[index / kChunk].load(std::memory_order_acquire)[index % kChunk];
  }

  const Slot* Find(HandleId id) const {
    if (id < 0 || (id >> kIndexBits) > kGenMask) return nullptr;
    int32_t index = static_cast<int32_t>(id & kIndexMask);
    uint32_t gen = static_cast<uint32_t>(id >> kIndexBits);
    if (index / kChunk >= kMaxChunks) return nullptr;
    Slot* chunk = chunks_[index / kChunk].load(std::memory_order_acquire);
    if (!chunk) return nullptr;
    const Slot& s = chunk[index % kChunk];
    uint32_t g = s.gen.load(std::memory_order_acquire);
    if (!(g & kLive) || (g & kGenMask) != gen) return nullptr;
    return &s;
  }

  const char* kind_;
  int errorClass_;
  std::mutex mu_;
  std::vector<int32_t> free_;
  int32_t next_ = 0;
  std::atomic<Slot*> chunks_[kMaxChunks];
};

struct CommEntry {
  MPI_Comm handle;
  bool predefined;
  // Its shape, read once when registered (collectives need it on every call; it never changes).
  bool inter = false;
  int rank = 0;
  int n = 0;  // processes addressed by per-process blocks: size, or remote size for intercomms
};

struct DatatypeEntry {
  MPI_Datatype handle;
  MPI_Count size;
  MPI_Aint lb, extent, true_lb, true_extent;
  bool predefined;
  bool committed;
};

struct OpEntry {
  MPI_Op handle;
  bool predefined;
};

struct MessageEntry {
  MPI_Message handle;
};

struct GroupEntry {
  MPI_Group handle;
  bool predefined;
};

extern HandleTable<CommEntry> g_comms;
extern HandleTable<DatatypeEntry> g_types;
extern HandleTable<OpEntry> g_ops;
extern HandleTable<MessageEntry> g_messages;
extern HandleTable<GroupEntry> g_groups;

// Info objects (info.cc): ids 0 and 1 are INFO_NULL and INFO_ENV.
struct InfoEntry {
  MPI_Info handle;
  bool predefined;
};
extern HandleTable<InfoEntry> g_infos;
// Registers an info made by MPI (MPI_INFO_NULL -> the INFO_NULL id).
HandleId AddInfo(MPI_Info info);
// An info argument: undefined/null or the INFO_NULL id is MPI_INFO_NULL; a freed or forged id is an
// MPI.Exception of class MPI_ERR_INFO naming the argument.
MPI_Info ReadInfo(napi_env env, napi_value v);

// Error handlers (errhandler.cc): ids 0..3 are ERRHANDLER_NULL, ERRORS_RETURN, ERRORS_ARE_FATAL, ERRORS_ABORT.
struct ErrhandlerEntry {
  MPI_Errhandler handle;
  bool predefined;
};
extern HandleTable<ErrhandlerEntry> g_errhandlers;
// Registers a handler MPI returned (a predefined one -> its fixed id).
HandleId AddErrhandler(MPI_Errhandler e);
// A live, non-NULL handler id argument (else an MPI.Exception of class MPI_ERR_ARG).
MPI_Errhandler ReadErrhandler(napi_env env, napi_value v);

// Fixed ids of predefined handles, shared with JS through the constants object.
enum : int32_t { kCommNull = 0, kCommWorld = 1, kCommSelf = 2 };
enum : int32_t { kTypeNull = 0, kTypeByte = 1 };

// The one communicator reader: MPI usable, a live id, not COMM_NULL (all MPI_ERR_COMM).
MPI_Comm ReadComm(napi_env env, napi_value v);
// The same rule for an id already read (IdOf), with the entry.
CommEntry CommOf(napi_env env, HandleId id);
// `c` with its shape filled in (MPI_Comm_test_inter, rank, size / remote size).
CommEntry WithShape(Napi::Env env, CommEntry c);

// Registers a communicator created by MPI (sets MPI_ERRORS_RETURN); MPI_COMM_NULL -> kCommNull.
HandleId AddComm(Napi::Env env, MPI_Comm comm);
// Registers a datatype and caches its size and extents.
HandleId AddDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed);
DatatypeEntry DescribeDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed);

}  // namespace mpi4js
