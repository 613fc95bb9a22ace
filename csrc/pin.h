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
  // Holds the store of `arraybuffer` (an ArrayBuffer or SharedArrayBuffer value). A resizable
  // ArrayBuffer is a TypeError naming `what`.
  void Add(napi_env env, napi_value arraybuffer, const char* what);
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
  void Clear() { stores_.clear(); }

 private:
  std::vector<std::shared_ptr<v8::BackingStore>> stores_;
};

}  // namespace mpi4js
