// Pinning: a pending operation holds the backing store of every buffer it uses, natively, until
// MPI is done with it. A JavaScript reference to a view keeps the view, not its memory: the
// ArrayBuffer can be transferred (postMessage, structuredClone, ab.transfer()) or detached, and a
// worker's buffers go with its isolate. V8's BackingStore is reference-counted, so holding it keeps
// the memory where MPI reads or writes it whatever JavaScript does (after a transfer the bytes land
// in the memory the new owner sees). A resizable ArrayBuffer can release its pages on resize(0)
// while the store lives, so pending operations refuse it (a growable SharedArrayBuffer only grows).
//
// Node-API has no access to the backing store; v8::ArrayBuffer::GetBackingStore is part of V8's
// stable public API, exported by every Node version we support (20, 22, 24; all use libstdc++),
// and a napi_value is a v8::Local<v8::Value> (Node's own js_native_api_v8.h converts them so).
#pragma once
#include <memory>
#include <vector>

#include <v8.h>

#include "errors.h"

namespace mpi4js {

class PinSet {
 public:
  // Holds the store of `arraybuffer` (an ArrayBuffer or SharedArrayBuffer value) whose bytes
  // [data, data + length) the operation uses (data null: unknown). A resizable ArrayBuffer is a
  // TypeError naming `what`. A deferring set only notes the buffer (see Defer).
  void Add(napi_env env, napi_value arraybuffer, const char* what, const void* data = nullptr, size_t length = 0);
  bool empty() const { return stores_.empty(); }
  // Moves the stores of `from` here, but not one of the last few held already (an RMA origin reused
  // op after op is pinned once per epoch); `from` is left empty with its capacity.
  void Absorb(PinSet& from) {
    for (auto& s : from.stores_) {
      bool held = false;
      for (size_t k = stores_.size(), n = 0; k > 0 && n < 4 && !held; k--, n++) held = stores_[k - 1] == s;
      if (!held) stores_.push_back(std::move(s));
    }
    from.stores_.clear();
  }
  void Swap(PinSet& other) { stores_.swap(other.stores_); }
  void Clear() {
    stores_.clear();
    deferred_ = 0;
  }

  // Deferred pinning (RMA origins, csrc/win.cc): while on, Add notes the buffers (at most three; the
  // napi_values live as long as the native call), and ResolveInto pins them into the epoch's set,
  // under the window's lock, unless that set holds their memory already: an origin reused op after
  // op costs no V8 call.
  void Defer(bool on) { deferring_ = on; }
  // (Stores pinned at once, where the memory was not known at Add, move there too.)
  void ResolveInto(napi_env env, PinSet& into) {
    for (int k = 0; k < deferred_; k++) {
      const Noted& d = noted_[k];
      if (!into.Covers(d.data, d.length)) into.Add(env, d.arraybuffer, d.what);
    }
    deferred_ = 0;
    if (!stores_.empty()) into.Absorb(*this);
  }
  // Whether one of the last few stores held contains [data, data + length).
  bool Covers(const void* data, size_t length) const {
    const char* p = static_cast<const char*>(data);
    for (size_t k = stores_.size(), n = 0; k > 0 && n < 8; k--, n++) {
      const char* b = static_cast<const char*>(stores_[k - 1]->Data());
      if (b && p >= b && p + length <= b + stores_[k - 1]->ByteLength()) return true;
    }
    return false;
  }
  // Moves all but the `n` stores added last to `to`.
  void MoveExceptLast(size_t n, PinSet& to) {
    if (stores_.size() <= n) return;
    size_t cut = stores_.size() - n;
    for (size_t k = 0; k < cut; k++) to.stores_.push_back(std::move(stores_[k]));
    stores_.erase(stores_.begin(), stores_.begin() + static_cast<std::ptrdiff_t>(cut));
  }

 private:
  struct Noted {
    napi_value arraybuffer;
    const char* what;
    const void* data;
    size_t length;
  };
  std::vector<std::shared_ptr<v8::BackingStore>> stores_;
  Noted noted_[3];
  int deferred_ = 0;
  bool deferring_ = false;
};

}  // namespace mpi4js
