// The hot path of upper-case point to point: plain Node-API on a stack array of arguments — no
// CallbackInfo copy (node-addon-api heap-allocates argv beyond 6 arguments and reads them twice),
// one Node-API call per argument, no allocation, no copy. The checks are those of ArgInt, ArgCount
// and Buffer::Parse; a C++ exception becomes the pending JS exception at the boundary (RawCall).
#pragma once
#include <string>

#include "message.h"

namespace mpi4js {

template <size_t N>
class RawArgs {
 public:
  RawArgs(napi_env env, napi_callback_info cbi) : env_(env) {
    size_t argc = N;
    napi_get_cb_info(env, cbi, &argc, v_, nullptr, nullptr);  // missing arguments read as undefined
  }
  Napi::Env env() const { return Napi::Env(env_); }
  napi_value operator[](size_t i) const { return v_[i]; }

  int32_t Int(size_t i, const char* name) const {
    double d;
    if (napi_get_value_double(env_, v_[i], &d) != napi_ok) ThrowType(env(), std::string("native: ") + name + " must be a number");
    if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != static_cast<double>(static_cast<int32_t>(d)))
      ThrowRange(env(), std::string("native: ") + name + " must be a 32-bit integer");
    return static_cast<int32_t>(d);
  }

  int64_t Int64(size_t i, const char* name, double lo) const {
    double d;
    if (napi_get_value_double(env_, v_[i], &d) != napi_ok) ThrowType(env(), std::string("native: ") + name + " must be a number");
    if (!(d >= lo && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
      ThrowRange(env(), std::string("native: ") + name + " must be an integer in range");
    return static_cast<int64_t>(d);
  }

  MPI_Comm Comm(size_t i) const { return ReadComm(env_, v_[i]); }

  // (buffer, byte offset, count, datatype id) at i .. i+3, as Buffer::Parse.
  // Blocking calls only: nothing is pinned (no JavaScript runs while MPI holds the memory).
  void Buf(size_t i, Buffer& b, const char* what) const {
    int64_t offset = Int64(i + 1, "byte offset", -9007199254740991.0);
    int64_t count = Int64(i + 2, "count", 0);
    DatatypeEntry t = g_types.Arg(env_, v_[i + 3]);
    b.SetSpan(env(), GetSpanFast(env_, v_[i], what), offset, count, t, what);
  }

 private:
  napi_env env_;
  napi_value v_[N];
};

// Runs a raw callback body; a thrown Napi::Error (TypeError, RangeError, MPI.Exception) is rethrown in JS.
template <typename F>
napi_value RawCall(napi_env env, F&& body) {
  try {
    return body();
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

}  // namespace mpi4js
