// The receive memory of large object messages: prefaulted mappings, recycled (msgpool.cc).
#pragma once

#include "mpi4js.h"

namespace mpi4js {

// Messages from this size on are received into pooled mappings; smaller ones into plain
// ArrayBuffers (faulting in a few pages costs little).
constexpr size_t kPoolMin = size_t(2) << 20;

// An ArrayBuffer of n >= kPoolMin bytes over a mapping that is already faulted in: one from the
// pool when one fits, else a fresh prefaulted one. Empty (IsEmpty()) when no mapping could be made.
Napi::ArrayBuffer PooledMessageBuffer(Napi::Env env, size_t n);

// Registers messagePoolStats() (counters for tests and benchmarks).
void InitMsgPool(Napi::Env env, Napi::Object exports);

}  // namespace mpi4js
