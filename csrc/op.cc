// Reduction operations: predefined table (fixed ids, order of PREDEFINED_OPS) and user-defined
// operations (MPI_Op_create) whose function is JavaScript.
#include "op.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "message.h"

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
// See op.h. The user's op keeps an MPI_Op of its own only for MPI_Op_commutative and MPI_Op_free:
// every reduction gets a call context from OpArg, and MPI never receives the op's own handle.
namespace {

// ---- environments: where a JsRef may be used and deleted -------------------------------------
// A napi_env address can be reused by a later worker, so environments are known by a serial.
struct EnvState {
  napi_env env;
  std::vector<napi_ref> deferred;  // references dropped on other threads, deleted on this one
};
std::mutex g_env_mu;
uint64_t g_env_serial = 0;
std::map<uint64_t, EnvState> g_envs;
std::atomic<size_t> g_deferred{0};
thread_local uint64_t tl_env = 0;  // this thread's environment (0: none, or it has ended)

// Deletes the references other threads dropped for this thread's environment.
void DrainDeferred() {
  if (g_deferred.load(std::memory_order_relaxed) == 0 || tl_env == 0) return;
  std::vector<napi_ref> refs;
  napi_env env = nullptr;
  {
    std::lock_guard<std::mutex> lock(g_env_mu);
    auto it = g_envs.find(tl_env);
    if (it == g_envs.end()) return;
    refs.swap(it->second.deferred);
    env = it->second.env;
  }
  g_deferred.fetch_sub(refs.size());
  for (napi_ref r : refs) napi_delete_reference(env, r);
}

}  // namespace

JsRef::JsRef(napi_env env, napi_value v) : env_(env), serial_(tl_env) {
  if (napi_create_reference(env, v, 1, &ref_) != napi_ok) ref_ = nullptr;
}

JsRef::JsRef(JsRef&& o) noexcept : ref_(o.ref_), env_(o.env_), serial_(o.serial_) { o.ref_ = nullptr; }

JsRef& JsRef::operator=(JsRef&& o) noexcept {
  if (this != &o) {
    Reset();
    ref_ = o.ref_;
    env_ = o.env_;
    serial_ = o.serial_;
    o.ref_ = nullptr;
  }
  return *this;
}

bool JsRef::Here() const { return ref_ != nullptr && serial_ != 0 && serial_ == tl_env; }

napi_value JsRef::Value() const {
  napi_value v = nullptr;
  napi_get_reference_value(env_, ref_, &v);
  return v;
}

void JsRef::Reset() {
  if (ref_ == nullptr) return;
  if (Here()) {
    napi_delete_reference(env_, ref_);
  } else {
    std::lock_guard<std::mutex> lock(g_env_mu);
    auto it = g_envs.find(serial_);
    if (it != g_envs.end()) {
      it->second.deferred.push_back(ref_);
      g_deferred.fetch_add(1);
    }
  }
  ref_ = nullptr;
}

namespace {

// ---- the call contexts of blocking reductions: trampoline slots ------------------------------
// MPI's user function gets no context argument, so a blocking call's MPI_Op is bound to one of a
// fixed table of C trampolines (Tramp<N>) whose slot names the call. A slot's MPI_Ops (commutative
// or not) are made on first use and kept: a slot serves one call at a time.
constexpr int kMaxUserOps = 256;
std::mutex g_slot_mu;
std::weak_ptr<OpCall> g_slots[kMaxUserOps];
bool g_slot_used[kMaxUserOps];
MPI_Op g_slot_ops[kMaxUserOps][2];
bool g_slot_made[kMaxUserOps][2];

// The functions of live user-defined ops, by the op's own MPI_Op.
std::mutex g_user_mu;
std::map<MPI_Op, std::shared_ptr<UserFn>> g_user;

// What MPI gets as the function of a user op's own MPI_Op: never called (OpArg gives each call a slot op).
void Unused(void*, void*, int*, MPI_Datatype*) {}

// Completed nonblocking reductions whose combine step runs at the end of the completion call.
struct Completed {
  std::shared_ptr<UserFn> fn;
  std::unique_ptr<Combine> combine;
  double typeId;
};
thread_local std::vector<Completed> tl_completed;

HandleId TypeIdOf(MPI_Datatype dt) {
  HandleId found = -1;
  g_types.ForEachLive([&](HandleId id, const DatatypeEntry& e) {
    if (found < 0 && e.handle == dt) found = id;
  });
  return found;
}

DatatypeEntry LayoutOf(MPI_Datatype t) {
  DatatypeEntry d{};
  d.handle = t;
  MPI_Count size = 0;
  MPI_Type_size_x(t, &size);
  d.size = size;
  MPI_Type_get_extent(t, &d.lb, &d.extent);
  MPI_Type_get_true_extent(t, &d.true_lb, &d.true_extent);
  d.committed = true;
  return d;
}

// Calls fn(invec, inoutvec, len, typeId) on this thread (fn.Here()) with external ArrayBuffers over
// exactly the bytes `len` elements of `dt` occupy from each pointer ([first, last) of AccessRange:
// from the first element's true lower bound), detached right after so JS can never keep a dangling
// view; never for zero elements. False when the function threw (`err`) or could not be called (`msg`).
bool CallFn(const JsRef& fn, void* in, void* inout, int len, const DatatypeEntry& dt, double typeId, JsRef* err,
            std::string* msg) {
  if (len == 0) return true;  // Open MPI's algorithms call the op on empty segments: nothing to combine
  Napi::Env env(fn.env());
  Napi::HandleScope scope(env);
  int64_t first = 0, last = 0;
  if (len < 0 || !AccessRange(dt, len, &first, &last)) {
    *msg = "mpi4js: MPI handed a user-defined MPI.Op more elements than can be addressed";
    return false;
  }
  size_t bytes = static_cast<size_t>(last - first);
  Napi::ArrayBuffer a, b;
  bool ok = true;
  try {
    a = bytes ? Napi::ArrayBuffer::New(env, static_cast<char*>(in) + first, bytes) : Napi::ArrayBuffer::New(env, 0);
    b = bytes ? Napi::ArrayBuffer::New(env, static_cast<char*>(inout) + first, bytes) : Napi::ArrayBuffer::New(env, 0);
    Napi::Value f(env, fn.Value());
    f.As<Napi::Function>().Call({a, b, Napi::Number::New(env, len), Napi::Number::New(env, typeId)});
  } catch (const Napi::Error& e) {
    ok = false;
    *err = JsRef(env, e.Value());
  } catch (...) {
    ok = false;
    *msg = "mpi4js: the function of a user-defined MPI.Op could not be called";
  }
  try {
    if (!a.IsEmpty()) a.Detach();
    if (!b.IsEmpty()) b.Detach();
  } catch (...) {
  }
  return ok;
}

// A blocking call's op, as MPI calls it. Nothing may unwind through MPI.
void Dispatch(int slot, void* in, void* inout, int* len, MPI_Datatype* dt) {
  std::shared_ptr<OpCall> call;
  {
    std::lock_guard<std::mutex> lock(g_slot_mu);
    call = g_slots[slot].lock();
  }
  if (!call || call->failed.load()) return;
  try {
    if (!call->fn->fn.Here()) {
      call->Fail(JsRef(), "mpi4js: MPI called a user-defined MPI.Op on a thread other than the one that started the "
                          "reduction (JavaScript runs only on its own thread); the reduction was not done");
      return;
    }
    double typeId = *dt == call->type ? call->typeId : static_cast<double>(TypeIdOf(*dt));
    JsRef err;
    std::string msg;
    if (!CallFn(call->fn->fn, in, inout, *len, LayoutOf(*dt), typeId, &err, &msg)) call->Fail(std::move(err), msg);
  } catch (...) {
    call->Fail(JsRef(), "mpi4js: a user-defined MPI.Op failed");
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

// Copies `count` elements of dt (its typemap's bytes only, as MPI stores a result) from src to dst.
bool CopyElements(const char* src, char* dst, int count, const DatatypeEntry& dt) {
  if (count <= 0 || dt.size == 0) return true;
  if (dt.true_lb == 0 && dt.size == dt.extent && dt.true_extent == dt.extent) {
    std::memcpy(dst, src, static_cast<size_t>(count) * static_cast<size_t>(dt.extent));
    return true;
  }
  int64_t chunk = dt.size > 0 ? (64 << 20) / dt.size : count;
  if (chunk < 1) chunk = 1;
  for (int64_t j = 0; j < count; j += chunk) {
    int n = static_cast<int>(count - j < chunk ? count - j : chunk);
    int psize = 0;
    if (MPI_Pack_size(n, dt.handle, MPI_COMM_SELF, &psize) != MPI_SUCCESS) return false;
    std::vector<char> packed(static_cast<size_t>(psize) + 1);
    int pos = 0;
    const char* s = src + j * dt.extent;
    if (MPI_Pack(const_cast<char*>(s), n, dt.handle, packed.data(), psize, &pos, MPI_COMM_SELF) != MPI_SUCCESS) return false;
    int at = 0;
    if (MPI_Unpack(packed.data(), psize, &at, dst + j * dt.extent, n, dt.handle, MPI_COMM_SELF) != MPI_SUCCESS) return false;
  }
  return true;
}

// The combine step of a completed nonblocking reduction, on the completing thread: blocks
// [from, to) in rank order (MPI's: inoutvec = invec op inoutvec, invec from the lower rank) into the
// last one, then the result into the receive buffer. False with `err`/`msg` when it failed.
bool RunCombine(Napi::Env env, Completed& c, JsRef* err, std::string* msg) {
  Combine& k = *c.combine;
  if (k.to <= k.from) return true;
  if (!c.fn->fn.Here() || !k.recvRef.Here()) {
    *msg = "mpi4js: a nonblocking reduction with a user-defined MPI.Op was completed on a thread other than the one "
           "that started it; its result was not computed";
    return false;
  }
  char* acc = k.base + (k.to - 1) * k.blockBytes + k.segBytes;
  for (int i = k.to - 2; i >= k.from; i--) {
    if (!CallFn(c.fn->fn, k.base + i * k.blockBytes + k.segBytes, acc, k.count, k.dt, c.typeId, err, msg)) return false;
  }
  // JavaScript ran since the call: its receive buffer must still be the memory it was given.
  Span s;
  try {
    s = GetSpan(env, k.recvRef.Value(), "reduction");
  } catch (const Napi::Error&) {
    s = Span{};
  }
  if (s.data != k.recvData || s.length != k.recvLength) {
    *msg = "mpi4js: the receive buffer of a nonblocking reduction was detached, transferred or resized before it "
           "completed; the result was not stored";
    return false;
  }
  if (!CopyElements(acc, static_cast<char*>(k.recv), k.count, k.dt)) {
    *msg = "mpi4js: the result of a nonblocking reduction could not be stored";
    return false;
  }
  return true;
}

// opCreate(fn(inAB, inoutAB, len, typeId), commute) -> op id
Napi::Value OpCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  if (!info[0].IsFunction()) ThrowType(env, "native: op function must be a function");
  bool commute = ArgBool(info, 1, "commute");
  DrainDeferred();
  auto fn = std::make_shared<UserFn>();
  fn->fn = JsRef(env, info[0]);
  fn->commute = commute;
  MPI_Op op;
  CHKERR(env, MPI_Op_create(&Unused, commute ? 1 : 0, &op));
  {
    std::lock_guard<std::mutex> lock(g_user_mu);
    g_user[op] = fn;
  }
  return Napi::Number::New(env, static_cast<double>(g_ops.Add(OpEntry{op, false})));
}

Napi::Value OpFree(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  HandleId id = ReadId(env, info[0], "op");
  OpEntry e = g_ops.Get(env, id);
  if (e.predefined) ThrowError(env, "mpi4js: cannot free a predefined operation", MPI_ERR_OP);
  MPI_Op h = e.handle;
  CHKERR(env, MPI_Op_free(&h));
  g_ops.Remove(id);
  std::shared_ptr<UserFn> fn;  // released after the lock (pending calls keep their own share)
  std::lock_guard<std::mutex> lock(g_user_mu);
  auto it = g_user.find(e.handle);
  if (it != g_user.end()) {
    fn = std::move(it->second);
    g_user.erase(it);
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

// An environment ends (a worker exits): its references are deleted while it still can, and from
// now on forgotten wherever they are dropped.
void EndEnv(void* arg) {
  uint64_t serial = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(arg));
  if (tl_env == serial) tl_completed.clear();
  DrainDeferred();
  {
    std::lock_guard<std::mutex> lock(g_env_mu);
    auto it = g_envs.find(serial);
    if (it != g_envs.end()) {
      g_deferred.fetch_sub(it->second.deferred.size());
      for (napi_ref r : it->second.deferred) napi_delete_reference(it->second.env, r);
      g_envs.erase(it);
    }
  }
  if (tl_env == serial) tl_env = 0;
}
}  // namespace

void OpCall::Fail(JsRef err, const std::string& msg) {
  std::lock_guard<std::mutex> lock(mu);
  if (failed.load()) return;
  error = std::move(err);
  message = msg;
  failed.store(true);
}

OpCall::~OpCall() {
  if (slot >= 0) {
    std::lock_guard<std::mutex> lock(g_slot_mu);
    g_slots[slot].reset();
    g_slot_used[slot] = false;
  }
  // The request that owned this call was dropped (it completed): combine in the completion call.
  if (armed && combine) {
    try {
      tl_completed.push_back(Completed{std::move(fn), std::move(combine), typeId});
    } catch (...) {
    }
  }
}

Combine::~Combine() {
  if (ownsType && !g_finalized.load()) MPI_Type_free(&dt.handle);
}

OpUse OpArg(const Args& a, size_t i, size_t typeArg, bool nb) {
  Napi::Env env = a.env();
  OpEntry e = g_ops.Get(env, a.Id(i, "op"));
  if (e.handle == MPI_OP_NULL) ThrowError(env, "mpi4js: operation on OP_NULL", MPI_ERR_OP);
  OpUse u;
  u.handle = e.handle;
  if (e.predefined) return u;
  DrainDeferred();
  std::shared_ptr<UserFn> fn;
  {
    std::lock_guard<std::mutex> lock(g_user_mu);
    auto it = g_user.find(e.handle);
    if (it != g_user.end()) fn = it->second;
  }
  if (!fn) ThrowError(env, "mpi4js: invalid or freed op handle", MPI_ERR_OP);
  if (!fn->fn.Here()) ThrowError(env, "mpi4js: a user-defined MPI.Op can only be used on the thread that created it", MPI_ERR_OP);
  auto call = std::make_shared<OpCall>();
  call->fn = fn;
  HandleId typeId = a.Id(typeArg, "datatype");
  DatatypeEntry t = g_types.Get(env, typeId);
  call->type = t.handle;
  call->typeId = static_cast<double>(typeId);
  u.call = call;
  if (nb) {
    u.handle = MPI_OP_NULL;
    return u;
  }
  int commute = fn->commute ? 1 : 0;
  int ierr = MPI_SUCCESS;
  {
    std::lock_guard<std::mutex> lock(g_slot_mu);
    for (int s = 0; s < kMaxUserOps && call->slot < 0; s++) {
      if (g_slot_used[s]) continue;
      if (!g_slot_made[s][commute]) {
        ierr = MPI_Op_create(kTrampolines[static_cast<size_t>(s)], commute, &g_slot_ops[s][commute]);
        if (ierr != MPI_SUCCESS) break;
        g_slot_made[s][commute] = true;
      }
      g_slot_used[s] = true;
      g_slots[s] = call;
      call->slot = s;
      call->handle = g_slot_ops[s][commute];
    }
  }
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  if (call->slot < 0) {
    ThrowRange(env, "MPI.Op: more than " + std::to_string(kMaxUserOps) +
                        " reductions with user-defined operations in progress at once");
  }
  u.handle = call->handle;
  return u;
}

void FinishOpCall(Napi::Env env, const OpUse& op) {
  if (!op.call || !op.call->failed.load()) return;
  OpCall& c = *op.call;
  std::string msg;
  napi_value v = nullptr;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    if (c.error.Here()) v = c.error.Value();
    msg = c.message;
  }
  if (v != nullptr) throw Napi::Error(env, Napi::Value(env, v));
  ThrowError(env, msg.empty() ? "mpi4js: a user-defined MPI.Op failed" : msg, MPI_ERR_OP);
}

char* PrepareCombine(Napi::Env env, const OpUse& op, const DatatypeEntry& t, int blocks, int64_t blockCount,
                     int64_t segment, int count, int from, int to, napi_value recvValue, void* recv) {
  auto k = std::make_unique<Combine>();
  int64_t first = 0, last = 0;
  if (blocks < 0 || blockCount < 0 || (blockCount > 0 && blocks > INT64_MAX / blockCount) ||
      !AccessRange(t, static_cast<int64_t>(blocks) * blockCount, &first, &last)) {
    ThrowRange(env, "mpi4js: the operands of this reduction cannot be addressed");
  }
  size_t bytes = static_cast<size_t>(last - first);
  try {
    k->storage.reset(new char[bytes ? bytes : 1]);
  } catch (const std::bad_alloc&) {
    ThrowRange(env, "mpi4js: cannot allocate " + std::to_string(bytes) +
                        " bytes for the operands of a nonblocking reduction with a user-defined MPI.Op");
  }
  k->base = k->storage.get() - first;
  k->dt = t;
  if (!t.predefined) {
    CHKERR(env, MPI_Type_dup(t.handle, &k->dt.handle));
    k->ownsType = true;
  }
  k->blockBytes = blockCount * t.extent;
  k->segBytes = segment * t.extent;
  k->count = count;
  k->from = from;
  k->to = to;
  if (to > from) {
    Span s = GetSpan(env, recvValue, "reduction");
    k->recvRef = JsRef(env, recvValue);
    k->recvData = s.data;
    k->recvLength = s.length;
    k->recv = recv;
  }
  char* base = k->base;
  op.call->combine = std::move(k);
  return base;
}

void ArmCombine(const OpUse& op) {
  if (op.call && op.call->combine) op.call->armed = true;
}

// The end of a completion call (Wait/Test/...): combines the nonblocking reductions it completed,
// then throws the first failure. A call made inside a user function starts with its own list.
void RethrowOpError(Napi::Env env) {
  DrainDeferred();
  if (tl_completed.empty()) return;
  std::vector<Completed> done;
  done.swap(tl_completed);
  JsRef err;
  std::string msg;
  bool failed = false;
  for (auto& c : done) {
    JsRef e;
    std::string m;
    if (!RunCombine(env, c, &e, &m) && !failed) {
      failed = true;
      err = std::move(e);
      msg = m;
    }
  }
  done.clear();
  if (!failed) return;
  if (err.Here()) throw Napi::Error(env, Napi::Value(env, err.Value()));
  ThrowError(env, msg.empty() ? "mpi4js: a user-defined MPI.Op failed" : msg, MPI_ERR_OP);
}

void InitOp(Napi::Env env, Napi::Object exports) {
  uint64_t serial;
  {
    std::lock_guard<std::mutex> lock(g_env_mu);
    serial = ++g_env_serial;
    g_envs[serial] = EnvState{env, {}};
  }
  tl_env = serial;
  napi_add_env_cleanup_hook(env, EndEnv, reinterpret_cast<void*>(static_cast<uintptr_t>(serial)));
  MPI4JS_FN(exports, env, "opCreate", OpCreate);
  MPI4JS_FN(exports, env, "opFree", OpFree);
  MPI4JS_FN(exports, env, "opCommutative", OpCommutative);
}

}  // namespace mpi4js
