// Status: the bytes of an MPI_Status live in a JS Uint8Array owned by MPI.Status, so receives
// fill it with no allocation; source/tag/error are read in JS at the offsets exported here.
#include <cstddef>
#include <cstring>
#include <string>

#include "handles.h"

namespace mpi4js {

StatusArg::StatusArg(const Napi::CallbackInfo& info, size_t i) : StatusArg(info.Env(), info[i]) {}

StatusArg::StatusArg(Napi::Env env, napi_value value) {
  Napi::Value v(env, value);
  if (v.IsUndefined() || v.IsNull()) return;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    ThrowType(env, "native: status must be a Uint8Array");
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  if (a.ByteLength() < sizeof(MPI_Status)) ThrowRange(env, "native: status buffer is too small");
  target_ = a.Data();
  std::memcpy(&status_, target_, sizeof(MPI_Status));
}

StatusArg::~StatusArg() {
  if (target_) std::memcpy(target_, &status_, sizeof(MPI_Status));
}

namespace {
// getCount(status, datatype, elements?) -> count or UNDEFINED
Napi::Value StatusGetCount(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  StatusArg st(info, 0);
  if (st.get() == MPI_STATUS_IGNORE) ThrowType(info.Env(), "native: status is required");
  DatatypeEntry t = g_types.Arg(info, 1);
  bool elements = info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value();
  MPI_Count count = 0;
  if (elements) {
    CHKERR(info.Env(), MPI_Get_elements_x(st.get(), t.handle, &count));
  } else if (t.size == 0) {
    count = 0;
  } else {
    // MPI_Get_count has no _x form before MPI-4; derive it from the element bytes.
    MPI_Count bytes = 0;
    CHKERR(info.Env(), MPI_Get_elements_x(st.get(), MPI_BYTE, &bytes));
    count = (bytes == MPI_UNDEFINED || bytes % t.size) ? MPI_UNDEFINED : bytes / t.size;
  }
  return Napi::Number::New(info.Env(), static_cast<double>(count));
}

Napi::Value StatusIsCancelled(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  StatusArg st(info, 0);
  if (st.get() == MPI_STATUS_IGNORE) ThrowType(info.Env(), "native: status is required");
  int flag = 0;
  CHKERR(info.Env(), MPI_Test_cancelled(st.get(), &flag));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value StatusSetElements(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  StatusArg st(info, 0);
  if (st.get() == MPI_STATUS_IGNORE) ThrowType(info.Env(), "native: status is required");
  DatatypeEntry t = g_types.Arg(info, 1);
  int64_t count = ArgCount(info, 2, "count");
  CHKERR(info.Env(), MPI_Status_set_elements_x(st.get(), t.handle, static_cast<MPI_Count>(count)));
  return info.Env().Undefined();
}
}  // namespace

void InitStatus(Napi::Env env, Napi::Object exports) {
  MPI4JS_FN(exports, env, "statusGetCount", StatusGetCount);
  MPI4JS_FN(exports, env, "statusIsCancelled", StatusIsCancelled);
  MPI4JS_FN(exports, env, "statusSetElements", StatusSetElements);
  Napi::Object layout = Napi::Object::New(env);
  layout.Set("size", Napi::Number::New(env, sizeof(MPI_Status)));
  layout.Set("source", Napi::Number::New(env, offsetof(MPI_Status, MPI_SOURCE)));
  layout.Set("tag", Napi::Number::New(env, offsetof(MPI_Status, MPI_TAG)));
  layout.Set("error", Napi::Number::New(env, offsetof(MPI_Status, MPI_ERROR)));
  exports.Set("statusLayout", layout);
}

}  // namespace mpi4js
