// Receive memory of large object messages, recycled. An object message is received into memory
// of its own (its typed arrays become views of it, uncopied), and faulting fresh pages in costs
// more than receiving into them: 2-25 ms for 8 MiB on the 2-core test VM against ~1 ms for the
// upper-case Recv of 8 MiB into mapped memory. So from kPoolMin on, the memory is a private
// anonymous mapping prefaulted in one call (MADV_POPULATE_WRITE), and once JavaScript no longer
// references it, it goes back to a per-process pool with its pages still in, for the next message.
//
// When is the memory free? Node runs the finalizer of an external ArrayBuffer on the JS thread
// only when the event loop turns (it is posted as an immediate), never inside a synchronous loop
// of receives, while V8 collects the dead buffers during such a loop (in a ping-pong of 8 MiB
// objects, a scavenge for "external memory pressure" every few messages). So each lent mapping also holds a
// weak reference to its ArrayBuffer: a reference that reads empty means the ArrayBuffer, and so
// every view of it, is gone, and the mapping is taken back at the next large receive of that
// environment. The finalizer takes it back otherwise. Only views keep such memory alive (Node
// never transfers an external ArrayBuffer to another thread: postMessage and structuredClone copy
// it), and a request that uses a buffer keeps its JavaScript object, so nothing still in use is
// handed out. Worker threads have an environment each; the pool is shared, under one mutex.
//
// V8 counts an external ArrayBuffer's bytes as external memory itself (process.memoryUsage()
// .external grows by its size), so they are not reported again (AdjustExternalMemory did, twice).
//
// The pool is capped (kMaxEntries mappings, kMaxBytes) and drops mappings idle for kIdleSeconds
// at its next use; a mapping is reused only for a message of at least 4/5 of its size.
#include "msgpool.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mpi4js {

namespace {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

constexpr size_t kMaxEntries = 16;
constexpr size_t kMaxBytes = size_t(64) << 20;
constexpr double kIdleSeconds = 5.0;
constexpr size_t kPage = 4096;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// A mapping: len bytes at p (page multiple); idle_since is when it last came back to the pool.
struct Mapping {
  void* p = nullptr;
  size_t len = 0;
  double idle_since = 0;
};

// A mapping lent to one ArrayBuffer of env. mapping.p is null once the mapping went back to the
// pool (through the weak reference); the lease itself lives until the finalizer has run.
struct Lease {
  Mapping mapping;
  napi_env env;
  napi_ref weak;
  std::thread::id thread;
};

struct Stats {
  double fresh = 0, reused = 0, reclaimed = 0, finalized = 0, released = 0, offThread = 0;
};

std::mutex g_mu;
std::vector<Mapping> g_free;
size_t g_free_bytes = 0;
std::unordered_map<napi_env, std::vector<Lease*>> g_leases;
Stats g_stats;

// Rounds a message size up to a size class: 8 classes per power of two (at most 1/8 unused).
size_t SizeClass(size_t n) {
  size_t step = kPage;
  while (step * 16 <= n) step *= 2;
  return (n + step - 1) / step * step;
}

// With g_mu held: drops mappings idle too long, then the oldest beyond the caps, into `out`.
void TrimLocked(std::vector<Mapping>& out) {
  double now = Now();
  for (size_t i = 0; i < g_free.size();) {
    bool idle = now - g_free[i].idle_since > kIdleSeconds;
    bool over = g_free.size() > kMaxEntries || g_free_bytes > kMaxBytes;
    if (!idle && !over) {
      i++;
      continue;
    }
    g_free_bytes -= g_free[i].len;
    out.push_back(g_free[i]);
    g_free.erase(g_free.begin() + static_cast<std::ptrdiff_t>(i));  // oldest first: g_free is in return order
    g_stats.released++;
  }
}

void Unmap(const std::vector<Mapping>& ms) {
#if defined(__linux__)
  for (const Mapping& m : ms) munmap(m.p, m.len);
#endif
}

// With g_mu held: a mapping goes back to the pool.
void GiveLocked(Mapping m, std::vector<Mapping>& out) {
  m.idle_since = Now();
  g_free.push_back(m);
  g_free_bytes += m.len;
  TrimLocked(out);
}

// With g_mu held: removes a lease from its environment's list.
void ForgetLocked(Lease* lease) {
  auto it = g_leases.find(lease->env);
  if (it == g_leases.end()) return;
  auto& v = it->second;
  v.erase(std::remove(v.begin(), v.end(), lease), v.end());
}

// Takes back the mappings of env whose ArrayBuffers the GC has collected. JS thread of env.
void Reclaim(napi_env env) {
  std::vector<Mapping> out;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    auto it = g_leases.find(env);
    if (it == g_leases.end()) return;
    auto& v = it->second;
    for (size_t i = 0; i < v.size();) {
      Lease* lease = v[i];
      napi_value ab = nullptr;
      if (napi_get_reference_value(env, lease->weak, &ab) != napi_ok || ab != nullptr) {
        i++;
        continue;
      }
      napi_delete_reference(env, lease->weak);
      lease->weak = nullptr;
      GiveLocked(lease->mapping, out);
      lease->mapping = Mapping{};
      g_stats.reclaimed++;
      v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  Unmap(out);
}

// The ArrayBuffer is gone: its mapping goes back to the pool unless the weak reference did that.
void Finalize(napi_env env, void* /*data*/, void* hint) {
  Lease* lease = static_cast<Lease*>(hint);
  std::vector<Mapping> out;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    if (lease->thread != std::this_thread::get_id()) g_stats.offThread++;
    if (lease->mapping.p) {
      GiveLocked(lease->mapping, out);
      g_stats.finalized++;
      ForgetLocked(lease);
    }
    if (lease->weak) napi_delete_reference(env, lease->weak);
  }
  delete lease;
  Unmap(out);
}

// The environment is going away (after its ArrayBuffers' finalizers, which Node runs first): its
// references go with it; a lease still out (no finalizer) keeps its mapping, leaked, not reused.
void ForgetEnv(void* arg) {
  napi_env env = static_cast<napi_env>(arg);
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_leases.find(env);
  if (it == g_leases.end()) return;
  for (Lease* lease : it->second) {
    napi_delete_reference(env, lease->weak);
    lease->weak = nullptr;
    lease->mapping = Mapping{};
  }
  g_leases.erase(it);
}

// A mapping of at least n bytes: the smallest pooled one that fits (and is not more than 5/4 of
// what is needed; of equal ones the last returned, likelier still in cache), else a fresh one of
// n's size class with n's pages prefaulted.
Mapping Take(size_t n) {
  size_t need = (n + kPage - 1) / kPage * kPage;
  std::vector<Mapping> out;
  Mapping m;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    TrimLocked(out);
    size_t best = g_free.size();
    for (size_t i = 0; i < g_free.size(); i++) {
      size_t len = g_free[i].len;
      if (len >= need && len <= need + need / 4 && (best == g_free.size() || len <= g_free[best].len)) best = i;
    }
    if (best < g_free.size()) {
      m = g_free[best];
      g_free_bytes -= m.len;
      g_free.erase(g_free.begin() + static_cast<std::ptrdiff_t>(best));
      g_stats.reused++;
    }
  }
  Unmap(out);
  if (m.p) return m;
#if defined(__linux__)
  size_t len = SizeClass(need);
  void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return Mapping{};
  madvise(p, need, MADV_POPULATE_WRITE);  // Linux 5.14+; elsewhere pages fault in as they are written
  std::lock_guard<std::mutex> lock(g_mu);
  g_stats.fresh++;
  return Mapping{p, len, 0};
#else
  return Mapping{};
#endif
}

Napi::Value MessagePoolStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  std::lock_guard<std::mutex> lock(g_mu);
  size_t lent = 0;
  for (const auto& kv : g_leases) lent += kv.second.size();
  o.Set("pooled", static_cast<double>(g_free.size()));
  o.Set("pooledBytes", static_cast<double>(g_free_bytes));
  o.Set("lent", static_cast<double>(lent));
  o.Set("fresh", g_stats.fresh);
  o.Set("reused", g_stats.reused);
  o.Set("reclaimed", g_stats.reclaimed);
  o.Set("finalized", g_stats.finalized);
  o.Set("released", g_stats.released);
  o.Set("offThread", g_stats.offThread);
  return o;
}

}  // namespace

Napi::ArrayBuffer PooledMessageBuffer(Napi::Env env, size_t n) {
  {
    // The cleanup hook is added before this environment's first pooled ArrayBuffer, so it runs
    // after the finalizers (Node runs cleanup hooks last in, first out).
    std::lock_guard<std::mutex> lock(g_mu);
    if (g_leases.find(env) == g_leases.end()) {
      napi_add_env_cleanup_hook(env, ForgetEnv, env);
      g_leases.emplace(env, std::vector<Lease*>());
    }
  }
  Reclaim(env);
  Mapping m = Take(n);
  if (!m.p) return Napi::ArrayBuffer();
  Lease* lease = new Lease{m, env, nullptr, std::this_thread::get_id()};
  napi_value ab;
  if (napi_create_external_arraybuffer(env, m.p, n, Finalize, lease, &ab) != napi_ok) {
    std::vector<Mapping> out;
    {
      std::lock_guard<std::mutex> lock(g_mu);
      GiveLocked(m, out);
    }
    Unmap(out);
    delete lease;
    return Napi::ArrayBuffer();
  }
  napi_create_reference(env, ab, 0, &lease->weak);
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_leases[env].push_back(lease);
  }
  return Napi::ArrayBuffer(env, ab);
}

void InitMsgPool(Napi::Env env, Napi::Object exports) {
  exports.Set("messagePoolStats", Napi::Function::New(env, MessagePoolStats, "messagePoolStats"));
}

}  // namespace mpi4js
