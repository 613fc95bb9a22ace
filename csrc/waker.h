// The progress timer of the promise engine (src/progress.ts): a one-shot timer with microsecond
// resolution that calls a JS function on the main thread. libuv's timers count milliseconds, and a
// 1 ms floor between polls made a rank whose peer paused for a few hundred microseconds (a GC
// scavenge, a descheduled process) answer a millisecond late, and the peer then the same: the
// awaited ping-pong locked into millisecond steps (docs/ASYNC.md). One helper thread per Node
// environment sleeps until the deadline and wakes the event loop through a thread-safe function;
// it never calls MPI, so it works at every MPI thread level. Included by request.cc only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "mpi4js.h"

namespace mpi4js {
namespace waker {

using Clock = std::chrono::steady_clock;

struct Waker {
  napi_env env = nullptr;
  napi_threadsafe_function tsfn = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  Clock::time_point due;
  bool armed = false;
  bool quit = false;
  std::thread thread;
};

// One waker per environment (the main thread and each worker), found by its napi_env.
inline std::mutex g_mu;
inline std::unordered_map<napi_env, Waker*> g_wakers;

inline Waker* Find(napi_env env) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_wakers.find(env);
  return it == g_wakers.end() ? nullptr : it->second;
}

inline void Run(Waker* w) {
#if defined(__linux__)
  prctl(PR_SET_TIMERSLACK, 1000UL);  // ns; the default 50 µs slack would dominate short delays
#endif
  std::unique_lock<std::mutex> lock(w->mu);
  while (!w->quit) {
    if (!w->armed) {
      w->cv.wait(lock);
      continue;
    }
    w->cv.wait_until(lock, w->due);
    if (w->quit || !w->armed || Clock::now() < w->due) continue;
    w->armed = false;
    lock.unlock();
    // Nonblocking with a queue of one: a call already queued wakes the loop just as well.
    napi_call_threadsafe_function(w->tsfn, nullptr, napi_tsfn_nonblocking);
    lock.lock();
  }
}

// On the main thread: the callback runs in a callback scope, so promises it settles run their
// reactions (microtasks) before the event loop goes on.
inline void CallJs(napi_env env, napi_value fn, void*, void*) {
  if (env == nullptr || fn == nullptr) return;
  napi_value recv, result;  // napi_make_callback needs an object as `this`
  if (napi_get_global(env, &recv) != napi_ok) return;
  napi_make_callback(env, nullptr, recv, fn, 0, nullptr, &result);
}

// Environment teardown: stop and join the thread before the thread-safe function goes away
// (cleanup hooks run in reverse order of registration: this one before Node's own for the tsfn).
inline void Stop(void* data) {
  auto* w = static_cast<Waker*>(data);
  {
    std::lock_guard<std::mutex> lock(w->mu);
    w->quit = true;
  }
  w->cv.notify_one();
  if (w->thread.joinable()) w->thread.join();
  napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_wakers.erase(w->env);
  }
  delete w;
}

// Creates this environment's waker, calling `fn` when it fires. False if it already has one.
inline bool Start(napi_env env, napi_value fn) {
  if (Find(env) != nullptr) return false;
  auto* w = new Waker();
  w->env = env;
  napi_value name;
  napi_status s = napi_create_string_utf8(env, "mpi4js.progress", NAPI_AUTO_LENGTH, &name);
  if (s == napi_ok) s = napi_create_threadsafe_function(env, fn, nullptr, name, 1, 1, nullptr, nullptr, nullptr, CallJs, &w->tsfn);
  // Unreferenced while disarmed: an idle waker never keeps the process alive.
  if (s == napi_ok) s = napi_unref_threadsafe_function(env, w->tsfn);
  if (s != napi_ok) {
    if (w->tsfn != nullptr) napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
    delete w;
    return false;
  }
  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_wakers[env] = w;
  }
  try {
    w->thread = std::thread(Run, w);
  } catch (const std::exception&) {  // no thread: the engine keeps using libuv timers
    {
      std::lock_guard<std::mutex> lock(g_mu);
      g_wakers.erase(env);
    }
    napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
    delete w;
    return false;
  }
  napi_add_env_cleanup_hook(env, Stop, w);
  return true;
}

// Fires once, `us` microseconds from now (replacing an earlier deadline); keeps the loop alive until then.
inline bool Arm(napi_env env, double us) {
  Waker* w = Find(env);
  if (w == nullptr) return false;
  {
    std::lock_guard<std::mutex> lock(w->mu);
    w->due = Clock::now() + std::chrono::microseconds(static_cast<int64_t>(us));
    w->armed = true;
  }
  w->cv.notify_one();
  napi_ref_threadsafe_function(env, w->tsfn);
  return true;
}

// Disarms (a call already queued still runs) and lets the process exit.
inline void Disarm(napi_env env) {
  Waker* w = Find(env);
  if (w == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(w->mu);
    w->armed = false;
  }
  napi_unref_threadsafe_function(env, w->tsfn);
}

}  // namespace waker
}  // namespace mpi4js
