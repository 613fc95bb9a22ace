// Handle tables: JavaScript never holds an MPI handle, only a small integer id into a table of
// its kind. A wrong, stale or forged id is a JS error, never a crash or a type confusion, and
// the same code works for Open MPI (pointer handles) and MPICH (int handles).
// Tables are process-wide (MPI is one per process, shared by worker threads); ids carry a
// generation so a recycled slot is not mistaken for the object that was freed.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "errors.h"

namespace mpi4js {

template <typename Entry>
class HandleTable {
 public:
  static constexpr int32_t kIndexBits = 22;  // 4 Mi live handles per kind
  static constexpr int32_t kIndexMask = (1 << kIndexBits) - 1;
  static constexpr int32_t kChunk = 1024;
  static constexpr int32_t kMaxChunks = (1 << kIndexBits) / kChunk;

  HandleTable(const char* kind, int errorClass) : kind_(kind), errorClass_(errorClass) {
    for (auto& c : chunks_) c.store(nullptr, std::memory_order_relaxed);
  }

  // Returns the new id (>= 0).
  int32_t Add(const Entry& e) {
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
    uint32_t gen = (s.gen.load(std::memory_order_relaxed) + 1) & 0x1ff;
    s.gen.store(gen | kLive, std::memory_order_release);
    return static_cast<int32_t>((gen << kIndexBits) | static_cast<uint32_t>(index));
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
  Entry Get(Napi::Env env, int32_t id) const {
    const Slot* s = Find(id);
    if (!s) ThrowError(env, std::string("mpi4js: invalid or freed ") + kind_ + " handle", errorClass_);
    return s->entry;
  }

  // Lookup from a JS argument.
  Entry Arg(const Napi::CallbackInfo& info, size_t i) const {
    Napi::Value v = info[i];
    if (!v.IsNumber()) ThrowType(info.Env(), std::string("native: ") + kind_ + " handle must be a number");
    return Get(info.Env(), v.As<Napi::Number>().Int32Value());
  }

  bool Update(int32_t id, const Entry& e) {
    Slot* s = const_cast<Slot*>(Find(id));
    if (!s) return false;
    s->entry = e;
    return true;
  }

  bool Remove(int32_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot* s = const_cast<Slot*>(Find(id));
    if (!s) return false;
    s->gen.store(s->gen.load(std::memory_order_relaxed) & ~kLive, std::memory_order_release);
    free_.push_back(id & kIndexMask);
    return true;
  }

  template <typename F>
  void ForEachLive(F fn) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int32_t i = 0; i < next_; i++) {
      Slot& s = SlotAt(i);
      uint32_t g = s.gen.load(std::memory_order_acquire);
      if (g & kLive) fn(static_cast<int32_t>(((g & 0x1ff) << kIndexBits) | static_cast<uint32_t>(i)), s.entry);
    }
  }

 private:
  static constexpr uint32_t kLive = 0x80000000u;
  struct Slot {
    Entry entry{};
    std::atomic<uint32_t> gen{0};
  };

  Slot& SlotAt(int32_t index) const {
    return chunks_[index / kChunk].load(std::memory_order_acquire)[index % kChunk];
  }

  const Slot* Find(int32_t id) const {
    if (id < 0) return nullptr;
    int32_t index = id & kIndexMask;
    uint32_t gen = static_cast<uint32_t>(id) >> kIndexBits;
    if (index / kChunk >= kMaxChunks) return nullptr;
    Slot* chunk = chunks_[index / kChunk].load(std::memory_order_acquire);
    if (!chunk) return nullptr;
    const Slot& s = chunk[index % kChunk];
    uint32_t g = s.gen.load(std::memory_order_acquire);
    if (!(g & kLive) || (g & 0x1ff) != gen) return nullptr;
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

// Fixed ids of predefined handles, shared with JS through the constants object.
enum : int32_t { kCommNull = 0, kCommWorld = 1, kCommSelf = 2 };
enum : int32_t { kTypeNull = 0, kTypeByte = 1 };

// Registers a communicator created by MPI (sets MPI_ERRORS_RETURN); MPI_COMM_NULL -> kCommNull.
int32_t AddComm(Napi::Env env, MPI_Comm comm);
// Registers a datatype and caches its size and extents.
int32_t AddDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed);
DatatypeEntry DescribeDatatype(Napi::Env env, MPI_Datatype type, bool predefined, bool committed);

}  // namespace mpi4js
