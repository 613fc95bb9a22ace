#include "errors.h"
#include "args.h"

#include <string>

namespace mpi4js {

std::atomic<bool> g_initialized{false};
std::atomic<bool> g_finalized{false};

namespace {
struct ErrorState {
  Napi::FunctionReference factory;
};

ErrorState* State(Napi::Env env) {
  auto* s = env.GetInstanceData<ErrorState>();
  if (!s) {
    s = new ErrorState();
    env.SetInstanceData(s);
  }
  return s;
}

Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) ThrowType(info.Env(), "setErrorFactory: factory must be a function");
  State(info.Env())->factory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

// Open MPI 4.1 aborts the process when MPI_Error_string/MPI_Error_class are called before
// MPI_Init or after MPI_Finalize (MPI-4.0 allows both): answer without MPI then.
bool MpiUsable() { return g_initialized.load() && !g_finalized.load(); }

std::string Describe(int code, int* cls) {
  *cls = MPI_ERR_UNKNOWN;
  if (!MpiUsable()) return "MPI error code " + std::to_string(code) + " (MPI is not initialized or is finalized)";
  char msg[MPI_MAX_ERROR_STRING + 1] = {0};
  int len = 0;
  if (MPI_Error_class(code, cls) != MPI_SUCCESS) *cls = MPI_ERR_UNKNOWN;
  if (MPI_Error_string(code, msg, &len) != MPI_SUCCESS) return "unknown error code";
  return std::string(msg, static_cast<size_t>(len));
}

Napi::Value ErrorString(const Napi::CallbackInfo& info) {
  int cls;
  return Napi::String::New(info.Env(), Describe(ArgInt(info, 0, "errorcode"), &cls));
}

Napi::Value ErrorClass(const Napi::CallbackInfo& info) {
  int cls;
  Describe(ArgInt(info, 0, "errorcode"), &cls);
  return Napi::Number::New(info.Env(), cls);
}
}  // namespace

void ThrowMpiError(Napi::Env env, int ierr) {
  int cls;
  std::string msg = Describe(ierr, &cls);
  auto* s = State(env);
  if (!s->factory.IsEmpty()) {
    Napi::Value err = s->factory.Call({Napi::Number::New(env, ierr), Napi::Number::New(env, cls), Napi::String::New(env, msg)});
    throw Napi::Error(env, err);
  }
  throw Napi::Error::New(env, "MPI error: " + msg);
}

void ThrowType(Napi::Env env, const std::string& msg) { throw Napi::TypeError::New(env, msg); }
void ThrowRange(Napi::Env env, const std::string& msg) { throw Napi::RangeError::New(env, msg); }
void ThrowError(Napi::Env env, const std::string& msg, int cls) {
  auto* s = State(env);
  if (s->factory.IsEmpty()) throw Napi::Error::New(env, msg);
  Napi::Value err = s->factory.Call({Napi::Number::New(env, cls), Napi::Number::New(env, cls), Napi::String::New(env, msg)});
  throw Napi::Error(env, err);
}

void RequireMpi(Napi::Env env) {
  if (g_finalized.load(std::memory_order_relaxed)) ThrowError(env, "mpi4js: MPI is finalized (MPI.Finalize() was called)");
  if (!g_initialized.load(std::memory_order_relaxed)) ThrowError(env, "mpi4js: MPI is not initialized (call MPI.Init())");
}

int32_t ArgInt(const Napi::CallbackInfo& info, size_t i, const char* name) { return ReadInt(info.Env(), info[i], name); }

int64_t ArgCount(const Napi::CallbackInfo& info, size_t i, const char* name) { return ReadCount(info.Env(), info[i], name); }

double ArgDouble(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowType(info.Env(), std::string("native: ") + name + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsBoolean()) ThrowType(info.Env(), std::string("native: ") + name + " must be a boolean");
  return v.As<Napi::Boolean>().Value();
}

void InitErrors(Napi::Env env, Napi::Object exports) {
  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  exports.Set("errorString", Napi::Function::New(env, ErrorString, "errorString"));
  exports.Set("errorClass", Napi::Function::New(env, ErrorClass, "errorClass"));
}

}  // namespace mpi4js
