// User-defined reduction operations: one context per reduction call (op.cc).
//
// Blocking: MPI calls the JavaScript function through an MPI_Op bound to a trampoline slot that
// this call holds while it runs (on the calling thread); an exception (or a call from another thread,
// where JavaScript cannot run) fails this call only (FinishOpCall).
// Nonblocking: MPI never gets the op. It would call the function from whichever thread drives its
// progress (a worker's reduction from the main thread's Iprobe loop), where it cannot run, and other
// ranks would receive the unreduced partial result. MPI only moves the operands into the call's
// scratch with a gather-like collective (PrepareCombine, collective.cc), and the completion
// (RethrowOpError, after Wait/Test/...) combines them in rank order on the completing thread.
// The context holds the function, so op.Free() cannot pull it from a pending request.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "args.h"
#include "handles.h"

namespace mpi4js {

// A JavaScript reference that native objects hold and any thread may drop: it is deleted on its
// environment's thread (later, on that thread's next user-op call, when dropped elsewhere), and
// forgotten once that environment has ended (its references went with it).
class JsRef {
 public:
  JsRef() = default;
  JsRef(napi_env env, napi_value v);
  JsRef(const JsRef&) = delete;
  JsRef& operator=(const JsRef&) = delete;
  JsRef(JsRef&& o) noexcept;
  JsRef& operator=(JsRef&& o) noexcept;
  ~JsRef() { Reset(); }
  explicit operator bool() const { return ref_ != nullptr; }
  // Whether this thread may use it: its environment is this thread's and has not ended.
  bool Here() const;
  napi_env env() const { return env_; }
  napi_value Value() const;
  void Reset();

 private:
  napi_ref ref_ = nullptr;
  napi_env env_ = nullptr;
  uint64_t serial_ = 0;
};

// The JavaScript function of a user-defined op (shared by the op and its pending calls).
struct UserFn {
  JsRef fn;
  bool commute = false;
};

// The combine step of a nonblocking reduction: `blocks` blocks of operands in scratch (block i at
// base + i × blockBytes), of which elements [segment, segment + count) of blocks [from, to) are
// combined in rank order and stored in the receive buffer.
struct Combine {
  Combine() = default;
  Combine(const Combine&) = delete;
  Combine& operator=(const Combine&) = delete;
  ~Combine();
  std::unique_ptr<char[]> storage;
  char* base = nullptr;
  DatatypeEntry dt{};     // a duplicate of a derived datatype: the user may free theirs meanwhile
  bool ownsType = false;
  int64_t blockBytes = 0;
  int64_t segBytes = 0;
  int count = 0, from = 0, to = 0;
  // The receive buffer: checked again at completion (JavaScript may have detached it meanwhile).
  JsRef recvRef;
  char* recvData = nullptr;
  size_t recvLength = 0;
  void* recv = nullptr;
};

// One reduction call with a user-defined op.
class OpCall {
 public:
  OpCall() = default;
  OpCall(const OpCall&) = delete;
  OpCall& operator=(const OpCall&) = delete;
  ~OpCall();
  // Records the first failure of this call (any thread).
  void Fail(JsRef error, const std::string& message);

  std::shared_ptr<UserFn> fn;
  double typeId = -1;                       // the call's datatype id, as JavaScript knows it
  MPI_Datatype type = MPI_DATATYPE_NULL;
  int slot = -1;                            // blocking: the trampoline slot of `handle`
  MPI_Op handle = MPI_OP_NULL;              // blocking: the slot's op, which names this call
  std::atomic<bool> failed{false};
  std::mutex mu;                            // guards error and message
  JsRef error;                              // the exception the function threw
  std::string message;                      // or why it could not run
  std::unique_ptr<Combine> combine;         // nonblocking
  std::vector<int> ints;                    // nonblocking: count/displacement arrays of the exchange
  bool armed = false;                       // nonblocking: the exchange started (combine at completion)
};

// The op argument of one reduction: a predefined op's handle, or a user-defined op's call context
// (handle: the op of the slot a blocking call holds; MPI_OP_NULL for a nonblocking one, which moves the
// operands instead). `typeArg`: the call's datatype argument.
struct OpUse {
  MPI_Op handle = MPI_OP_NULL;
  std::shared_ptr<OpCall> call;
  bool user() const { return call != nullptr; }
};
OpUse OpArg(const Args& a, size_t i, size_t typeArg, bool nb);
inline OpUse OpArg(const Napi::CallbackInfo& info, size_t i, size_t typeArg, bool nb) { return OpArg(Args(info), i, typeArg, nb); }

// After a blocking reduction returned: throws what its user-defined op threw, or why it failed.
void FinishOpCall(Napi::Env env, const OpUse& op);

// A nonblocking reduction with a user-defined op: scratch for `blocks` blocks of `blockCount`
// elements of `t` (block i at i × blockCount × extent, where gather-like collectives put process i's
// block); returns block 0's origin for the exchange. At completion, elements [segment, segment + count)
// of blocks [from, to) are combined in rank order into `recv` (of the JavaScript buffer `recvValue`).
char* PrepareCombine(Napi::Env env, const OpUse& op, const DatatypeEntry& t, int blocks, int64_t blockCount,
                     int64_t segment, int count, int from, int to, napi_value recvValue, void* recv);

// The exchange started: the request that owns `op.call` combines at completion.
void ArmCombine(const OpUse& op);

}  // namespace mpi4js
