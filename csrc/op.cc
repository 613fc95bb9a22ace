// Reduction operations: predefined table (fixed ids, order of PREDEFINED_OPS) and user-defined
// operations (MPI_Op_create) whose function is JavaScript.
#include <array>
#include <string>
#include <thread>
#include <utility>

#include "handles.h"

namespace mpi4js {

HandleTable<OpEntry> g_ops("op", MPI_ERR_OP);

namespace {
struct Predefined {
  const char* name;
  MPI_Op handle;
};
const Predefined kPredefined[] = {
    {"OP_NULL", MPI_OP_NULL}, {"SUM", MPI_SUM}, {"PROD", MPI_PROD}, {"MAX", MPI_MAX}, {"MIN", MPI_MIN},
    {"LAND", MPI_LAND}, {"LOR", MPI_LOR}, {"LXOR", MPI_LXOR}, {"BAND", MPI_BAND}, {"BOR", MPI_BOR},
    {"BXOR", MPI_BXOR}, {"MAXLOC", MPI_MAXLOC}, {"MINLOC", MPI_MINLOC}, {"REPLACE", MPI_REPLACE},
    {"NO_OP", MPI_NO_OP},
};
constexpr int kNumPredefined = sizeof(kPredefined) / sizeof(kPredefined[0]);
}  // namespace

void RegisterPredefinedOps() {
  for (int i = 0; i < kNumPredefined; i++) g_ops.AddFixed(i, OpEntry{kPredefined[i].handle, true});
}

Napi::Object PredefinedOpIds(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  for (int i = 0; i < kNumPredefined; i++) o.Set(kPredefined[i].name, Napi::Number::New(env, i));
  return o;
}

// ---- user-defined operations ----------------------------------------------------------------
// MPI's user function gets no context argument, so each live user op owns one slot of a fixed
// table of C trampolines (Tramp<N>). A trampoline calls the JS function (made by Op.ts) with
// external ArrayBuffers over MPI's invec/inoutvec, detached right after so JS can never keep a
// dangling view. A JS exception is caught (it must not unwind through MPI), remembered per
// thread, later calls of the same reduction are skipped, and the collective rethrows it once
// MPI has returned (RethrowOpError) — for a nonblocking one, the completion call (request.cc).
namespace {
constexpr int kMaxUserOps = 256;

struct UserOp {
  Napi::FunctionReference* fn = nullptr;
  napi_env env = nullptr;
  std::thread::id thread;
  MPI_Op handle = MPI_OP_NULL;
};
UserOp g_user[kMaxUserOps];
std::mutex g_user_mu;

thread_local bool tl_failed = false;
thread_local Napi::Reference<Napi::Value>* tl_error = nullptr;
thread_local std::string tl_message;

int32_t TypeIdOf(MPI_Datatype dt) {
  int32_t found = -1;
  g_types.ForEachLive([&](int32_t id, const DatatypeEntry& e) {
    if (found < 0 && e.handle == dt) found = id;
  });
  return found;
}

void Dispatch(int slot, void* in, void* inout, int* len, MPI_Datatype* dt) {
  if (tl_failed) return;
  UserOp& u = g_user[slot];
  if (u.fn == nullptr || u.env == nullptr) return;
  if (std::this_thread::get_id() != u.thread) {
    tl_failed = true;
    tl_message = "mpi4js: a user-defined MPI.Op was called by MPI outside the JavaScript thread that created it";
    return;
  }
  Napi::Env env(u.env);
  Napi::HandleScope scope(env);
  MPI_Aint lb = 0, extent = 0;
  MPI_Type_get_extent(*dt, &lb, &extent);
  size_t bytes = *len > 0 && extent > 0 ? static_cast<size_t>(*len) * static_cast<size_t>(extent) : 0;
  Napi::ArrayBuffer a, b;
  try {
    a = Napi::ArrayBuffer::New(env, in, bytes);
    b = Napi::ArrayBuffer::New(env, inout, bytes);
    u.fn->Call({a, b, Napi::Number::New(env, *len), Napi::Number::New(env, TypeIdOf(*dt))});
  } catch (const Napi::Error& e) {
    tl_failed = true;
    tl_error = new Napi::Reference<Napi::Value>(Napi::Reference<Napi::Value>::New(e.Value(), 1));
  }
  try {
    if (!a.IsEmpty()) a.Detach();
    if (!b.IsEmpty()) b.Detach();
  } catch (const Napi::Error&) {
  }
}

template <int N>
void Tramp(void* in, void* inout, int* len, MPI_Datatype* dt) {
  Dispatch(N, in, inout, len, dt);
}

template <int... I>
constexpr std::array<MPI_User_function*, sizeof...(I)> MakeTrampolines(std::integer_sequence<int, I...>) {
  return {{&Tramp<I>...}};
}
const std::array<MPI_User_function*, kMaxUserOps> kTrampolines =
    MakeTrampolines(std::make_integer_sequence<int, kMaxUserOps>{});

// opCreate(fn(inAB, inoutAB, len, typeId), commute) -> op id
Napi::Value OpCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  if (!info[0].IsFunction()) ThrowType(env, "native: op function must be a function");
  bool commute = ArgBool(info, 1, "commute");
  int slot = -1;
  {
    std::lock_guard<std::mutex> lock(g_user_mu);
    for (int i = 0; i < kMaxUserOps; i++)
      if (g_user[i].fn == nullptr) {
        slot = i;
        g_user[i].fn = new Napi::FunctionReference(Napi::Persistent(info[0].As<Napi::Function>()));
        break;
      }
  }
  if (slot < 0) ThrowRange(env, "MPI.Op.Create: too many live user-defined operations (free some with op.Free())");
  MPI_Op op;
  int ierr = MPI_Op_create(kTrampolines[static_cast<size_t>(slot)], commute ? 1 : 0, &op);
  if (ierr != MPI_SUCCESS) {
    std::lock_guard<std::mutex> lock(g_user_mu);
    delete g_user[slot].fn;
    g_user[slot].fn = nullptr;
    ThrowMpiError(env, ierr);
  }
  g_user[slot].env = env;
  g_user[slot].thread = std::this_thread::get_id();
  g_user[slot].handle = op;
  return Napi::Number::New(env, g_ops.Add(OpEntry{op, false}));
}

Napi::Value OpFree(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  int32_t id = ArgInt(info, 0, "op");
  OpEntry e = g_ops.Get(env, id);
  if (e.predefined) ThrowError(env, "mpi4js: cannot free a predefined operation", MPI_ERR_OP);
  MPI_Op h = e.handle;
  CHKERR(env, MPI_Op_free(&h));
  g_ops.Remove(id);
  std::lock_guard<std::mutex> lock(g_user_mu);
  for (auto& u : g_user)
    if (u.fn != nullptr && u.handle == e.handle) {
      delete u.fn;
      u = UserOp{};
    }
  return env.Undefined();
}

Napi::Value OpCommutative(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  OpEntry e = g_ops.Arg(info, 0);
  if (e.handle == MPI_OP_NULL) ThrowError(info.Env(), "mpi4js: operation on OP_NULL", MPI_ERR_OP);
  int flag = 0;
  CHKERR(info.Env(), MPI_Op_commutative(e.handle, &flag));
  return Napi::Boolean::New(info.Env(), flag != 0);
}
}  // namespace

MPI_Op OpArg(const Napi::CallbackInfo& info, size_t i, bool begin) {
  OpEntry e = g_ops.Arg(info, i);
  if (e.handle == MPI_OP_NULL) ThrowError(info.Env(), "mpi4js: operation on OP_NULL", MPI_ERR_OP);
  if (begin) BeginOpCall();
  return e.handle;
}

void BeginOpCall() {
  tl_failed = false;
  tl_message.clear();
  delete tl_error;
  tl_error = nullptr;
}

void RethrowOpError(Napi::Env env) {
  if (!tl_failed) return;
  tl_failed = false;
  if (tl_error != nullptr) {
    Napi::Value v = tl_error->Value();
    delete tl_error;
    tl_error = nullptr;
    throw Napi::Error(env, v);
  }
  ThrowError(env, tl_message);
}

void InitOp(Napi::Env env, Napi::Object exports) {
  MPI4JS_FN(exports, env, "opCreate", OpCreate);
  MPI4JS_FN(exports, env, "opFree", OpFree);
  MPI4JS_FN(exports, env, "opCommutative", OpCommutative);
}

}  // namespace mpi4js
