// Small readers for integer lists passed from JavaScript (ranks, dims, counts, displacements).
// The TypeScript layer validates first; these keep the raw layer safe whatever reaches it.
#pragma once
#include <string>
#include <vector>

#include "handles.h"

namespace mpi4js {

// A JS Array of integers in [lo, hi] -> std::vector<T>.
template <typename T>
std::vector<T> ArgNumberList(const Napi::CallbackInfo& info, size_t i, const char* name, double lo, double hi,
                             const char* holds) {
  Napi::Env env = info.Env();
  Napi::Value v = info[i];
  if (!v.IsArray()) ThrowType(env, std::string("native: ") + name + " must be an array of integers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<T> out;
  uint32_t n = a.Length();
  out.reserve(n);
  for (uint32_t k = 0; k < n; k++) {
    Napi::Value e = a.Get(k);
    if (!e.IsNumber()) ThrowType(env, std::string("native: ") + name + " must be an array of integers");
    double d = e.As<Napi::Number>().DoubleValue();
    if (!(d >= lo && d <= hi) || d != static_cast<double>(static_cast<int64_t>(d)))
      ThrowRange(env, std::string("native: ") + name + " must hold " + holds);
    out.push_back(static_cast<T>(d));
  }
  return out;
}

// A JS Array of 32-bit integers or an Int32Array -> std::vector<int>.
inline std::vector<int> ArgIntList(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    Napi::Int32Array a = v.As<Napi::Int32Array>();
    return std::vector<int>(a.Data(), a.Data() + a.ElementLength());
  }
  return ArgNumberList<int>(info, i, name, -2147483648.0, 2147483647.0, "32-bit integers");
}

// A JS Array of safe integers (byte displacements) -> std::vector<MPI_Aint>.
inline std::vector<MPI_Aint> ArgAintList(const Napi::CallbackInfo& info, size_t i, const char* name) {
  return ArgNumberList<MPI_Aint>(info, i, name, -9007199254740991.0, 9007199254740991.0, "safe integers");
}

// Handle ids (datatypes of Create_struct, Alltoallw): a JS Array of numbers or a Float64Array.
// An id that is not an integer in range reads as -1 (an invalid handle of its kind).
inline std::vector<HandleId> ArgIdList(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Env env = info.Env();
  Napi::Value v = info[i];
  std::vector<HandleId> out;
  if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_float64_array) {
    Napi::Float64Array a = v.As<Napi::Float64Array>();
    out.reserve(a.ElementLength());
    for (size_t k = 0; k < a.ElementLength(); k++) out.push_back(ReadId(env, Napi::Number::New(env, a[k]), name));
    return out;
  }
  if (!v.IsArray()) ThrowType(env, std::string("native: ") + name + " must be an array of handle ids");
  Napi::Array a = v.As<Napi::Array>();
  uint32_t n = a.Length();
  out.reserve(n);
  for (uint32_t k = 0; k < n; k++) out.push_back(ReadId(env, a.Get(k), name));
  return out;
}

inline MPI_Aint ArgAint(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowType(info.Env(), std::string("native: ") + name + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
    ThrowRange(info.Env(), std::string("native: ") + name + " must be a safe integer");
  return static_cast<MPI_Aint>(d);
}

inline Napi::Array ToJsArray(Napi::Env env, const int* data, size_t n) {
  Napi::Array a = Napi::Array::New(env, n);
  for (size_t k = 0; k < n; k++) a.Set(static_cast<uint32_t>(k), Napi::Number::New(env, data[k]));
  return a;
}

// A (non-null) pointer for MPI even when the list is empty.
inline int* IntPtr(std::vector<int>& v) {
  static int empty[1] = {0};
  return v.empty() ? empty : v.data();
}

}  // namespace mpi4js
