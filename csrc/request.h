// Requests: JS holds ids into g_requests. A completed nonblocking request's id is removed (MPI set
// it to MPI_REQUEST_NULL); a persistent request keeps its id (inactive) until it is freed.
#pragma once
#include <memory>

#include "args.h"
#include "handles.h"
#include "pin.h"

namespace mpi4js {

// What a pending operation holds until MPI is done with it: the backing stores of its buffers
// (pin.h) and native memory MPI reads (e.g. Alltoallw's datatype arrays). Released when the
// request's id is removed (completion, free, or the clean-up of its environment or at finalize).
struct Holdings {
  PinSet pins;
  std::shared_ptr<void> owned;
};
using Hold = std::shared_ptr<Holdings>;

// A pending operation's holdings when NB, else none (a blocking call runs no JavaScript).
template <bool NB>
Hold NewHold() {
  return NB ? std::make_shared<Holdings>() : nullptr;
}
inline PinSet* PinsOf(const Hold& h) { return h ? &h->pins : nullptr; }

struct RequestEntry {
  MPI_Request handle;
  bool persistent;
  // A nonblocking collective: MPI forbids MPI_Cancel and MPI_Request_free on it.
  bool collective;
  // A persistent request that was started and not completed yet.
  bool active;
  // The environment (main thread or worker) that made it: its teardown cancels it.
  napi_env env;
  Hold hold;
  // A request-based RMA operation (Rput, ...): refused like a collective, with its own message.
  bool rma = false;
};

extern HandleTable<RequestEntry> g_requests;

// Registers a request made by MPI and returns its id (MPI_REQUEST_NULL -> 0, `hold` released).
HandleId AddRequest(napi_env env, MPI_Request req, bool persistent, bool collective, Hold hold, bool rma = false);

// The end of a native function with a blocking and a nonblocking (MPI_I*) form: throws on an
// MPI error; the nonblocking form returns the id of a collective request owning `hold`.
template <bool NB>
Napi::Value Started(Napi::Env env, int ierr, MPI_Request req, Hold hold = nullptr) {
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  if (!NB) return env.Undefined();
  return Napi::Number::New(env, static_cast<double>(AddRequest(env, req, false, true, std::move(hold))));
}

// MPI_<Allgather|Alltoall> and their neighbourhood and nonblocking forms: one signature.
using AllFn = int (*)(const void*, int, MPI_Datatype, void*, int, MPI_Datatype, MPI_Comm);
using IAllFn = int (*)(const void*, int, MPI_Datatype, void*, int, MPI_Datatype, MPI_Comm, MPI_Request*);

// The frame of every collective body (collective.cc, topo.cc), in both forms: its arguments, the
// holdings of the nonblocking form and its request; Done ends it (Started).
template <bool NB>
struct Call {
  explicit Call(const Napi::CallbackInfo& info) : a(info) {}
  // The scratch form (args.h): `args` is Args::Of<S>(info, objects).
  Call(const Napi::CallbackInfo&, const Args& args) : a(args) {}
  // A buffer holding `blocks` blocks of count elements, which MPI touches here when `needed`.
  Use Coll(int blocks, bool needed, bool inPlaceOk) const { return mpi4js::Coll(blocks, needed, inPlaceOk, PinsOf(hold)); }
  Napi::Value Done(int ierr) { return Started<NB>(a.env(), ierr, q, hold); }
  Args a;
  Hold hold = NewHold<NB>();
  MPI_Request q = MPI_REQUEST_NULL;
};

// Exports both forms of a template body `fn<NB>`: `name` (blocking) and `iname` (request id).
#define MPI4JS_EXPORT_BOTH(exports, env, name, iname, fn)            \
  do {                                                              \
    MPI4JS_FN(exports, env, name, fn<false>);                       \
    MPI4JS_FN(exports, env, iname, fn<true>);                       \
  } while (0)
// Same for a body shared by same-shape collectives, `fn<NB, kind>`.
#define MPI4JS_EXPORT_BOTH_OF(exports, env, name, iname, fn, kind)   \
  do {                                                              \
    MPI4JS_FN(exports, env, name, (fn<false, kind>));               \
    MPI4JS_FN(exports, env, iname, (fn<true, kind>));               \
  } while (0)

}  // namespace mpi4js
