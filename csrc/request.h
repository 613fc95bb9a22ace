// Requests: JS holds ids into g_requests. A completed nonblocking request's id is removed (MPI set
// it to MPI_REQUEST_NULL); a persistent request keeps its id (inactive) until it is freed.
#pragma once
#include <memory>
#include <type_traits>
#include <vector>

#include "args.h"
#include "handles.h"
#include "pin.h"

// Open MPI 4's extensions (the pcollreq extension has MPIX_<Op>_init).
#if defined(OPEN_MPI) && defined(__has_include)
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>
#endif
#endif

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

// The partitions of a partitioned request; `ready`: the send partitions marked ready in this round.
struct Partitions {
  bool send = false;
  int count = 0;
  std::vector<char> ready;
};

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
  // A partitioned request (MPI_Psend_init/MPI_Precv_init, p2p.cc): its partitions, checked natively.
  std::shared_ptr<Partitions> part;
};

extern HandleTable<RequestEntry> g_requests;

// Registers a request made by MPI and returns its id (MPI_REQUEST_NULL -> 0, `hold` released).
HandleId AddRequest(napi_env env, MPI_Request req, bool persistent, bool collective, Hold hold, bool rma = false);

// The end of a native function with a blocking and a nonblocking (MPI_I*) form: throws on an
// MPI error; the nonblocking form returns the id of a collective request owning `hold`.
// `persistent`: an inactive persistent collective request (MPI_<Op>_init), started by Start/Startall.
template <bool NB>
Napi::Value Started(Napi::Env env, int ierr, MPI_Request req, Hold hold = nullptr, bool persistent = false) {
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  if (!NB) return env.Undefined();
  return Napi::Number::New(env, static_cast<double>(AddRequest(env, req, persistent, true, std::move(hold))));
}

// MPI_<Allgather|Alltoall> and their neighbourhood and nonblocking forms: one signature.
using AllFn = int (*)(const void*, int, MPI_Datatype, void*, int, MPI_Datatype, MPI_Comm);
using IAllFn = int (*)(const void*, int, MPI_Datatype, void*, int, MPI_Datatype, MPI_Comm, MPI_Request*);

// The three forms of every collective body (collective.cc, topo.cc), one table entry each:
// MPI_<Op>, MPI_I<op> (request id) and MPI_<Op>_init (id of an inactive persistent request).
enum class Form { kBlocking, kNonblocking, kPersistent };

// MPI_<Op>_init of the library: MPI-4's, Open MPI 4's pcollreq extension (mpi-ext.h, MPIX_), or
// none (nullptr: the persistent form is an MPI.Exception of class MPI_ERR_UNSUPPORTED_OPERATION).
#if MPI_VERSION >= 4
#define MPI4JS_PCOLL(name) MPI_##name##_init
#define MPI4JS_HAVE_PCOLL 1
#elif defined(OMPI_HAVE_MPI_EXT_PCOLLREQ)
#define MPI4JS_PCOLL(name) MPIX_##name##_init
#define MPI4JS_HAVE_PCOLL 1
#else
#define MPI4JS_PCOLL(name) nullptr
#define MPI4JS_HAVE_PCOLL 0
#endif

// MPI_<Op>_init of a library that gives wrong results or hangs when the request is started again:
// refused (nullptr) rather than wrong, and listed in the addon's `persistentRefused` with the reason.
// MPICH (4.0.2 here) builds them from its nonblocking schedules: Gather_init never copies the root's
// own block and re-sends the first round's data (pmodels/mpich#7078, fixed in 4.3), Allgather_init's
// recursive doubling sends an undefined count (#6423, fixed in 4.3), Scatter_init's binomial tree does
// not reset its state between rounds and hangs at 3+ processes (#7550, open).
#if defined(MPICH_NUMVERSION) && MPICH_NUMVERSION < 40300000
#define MPI4JS_PCOLL_GATHER nullptr
#define MPI4JS_PCOLL_ALLGATHER nullptr
#define MPI4JS_PCOLL_REFUSED_GATHER "MPICH before 4.3 gives wrong results (pmodels/mpich#7078)"
#define MPI4JS_PCOLL_REFUSED_ALLGATHER "MPICH before 4.3 gives wrong results (pmodels/mpich#6423)"
#else
#define MPI4JS_PCOLL_GATHER MPI4JS_PCOLL(Gather)
#define MPI4JS_PCOLL_ALLGATHER MPI4JS_PCOLL(Allgather)
#endif
#if defined(MPICH_NUMVERSION)
#define MPI4JS_PCOLL_SCATTER nullptr
#define MPI4JS_PCOLL_REFUSED_SCATTER "MPICH hangs when it is started again at 3 or more processes (pmodels/mpich#7550)"
#else
#define MPI4JS_PCOLL_SCATTER MPI4JS_PCOLL(Scatter)
#endif

// The frame of every collective body, in its three forms: its arguments, the holdings of a form
// that returns a request (the buffers stay pinned until it completes, or for a persistent request
// until it is freed) and its request; Run makes the form's MPI call, Done ends it (Started).
template <Form F>
struct Call {
  static constexpr bool kRequest = F != Form::kBlocking;
  // The persistent form takes the info id as its last raw argument (Args::Info).
  explicit Call(const Napi::CallbackInfo& info) : a(info) { ReadInfo(info); }
  // The scratch form (args.h): `args` is Args::Of<S>(info, objects).
  Call(const Napi::CallbackInfo& info, const Args& args) : a(args) { ReadInfo(info); }
  // A buffer holding `blocks` blocks of count elements, which MPI touches here when `needed`.
  Use Coll(int blocks, bool needed, bool inPlaceOk) const { return mpi4js::Coll(blocks, needed, inPlaceOk, PinsOf(hold)); }
  // The call of this form: blocking(args...), nonblocking(args..., &q) or persistent(args..., info, &q),
  // `args` ending with the communicator as in every MPI collective.
  template <typename B, typename I, typename P, typename... A>
  int Run(B blocking, I nonblocking, P persistent, A... args) {
    if constexpr (F == Form::kBlocking) {
      return blocking(args...);
    } else if constexpr (F == Form::kNonblocking) {
      return nonblocking(args..., &q);
    } else if constexpr (std::is_same_v<P, std::nullptr_t>) {
      ThrowError(a.env(), "mpi4js: persistent collectives are not supported by this MPI library", MPI_ERR_UNSUPPORTED_OPERATION);
    } else {
      if (persistent == nullptr) ThrowError(a.env(), "mpi4js: this persistent collective is refused for this MPI library (see MPI4JS_PCOLL_REFUSED_*)", MPI_ERR_UNSUPPORTED_OPERATION);
      return persistent(args..., mpiInfo, &q);
    }
  }
  Napi::Value Done(int ierr) { return Started<kRequest>(a.env(), ierr, q, hold, F == Form::kPersistent); }
  Args a;
  Hold hold = NewHold<kRequest>();
  MPI_Request q = MPI_REQUEST_NULL;
  MPI_Info mpiInfo = MPI_INFO_NULL;

 private:
  void ReadInfo(const Napi::CallbackInfo& info) {
    if constexpr (F == Form::kPersistent) {
      size_t n = info.Length();
      if (n == 0 || n > Args::kMax) ThrowType(a.env(), "native: a persistent collective takes its info id last");
      mpiInfo = a.Info(n - 1);
    }
  }
};

// Exports the three forms of a template body `fn<F>`: `name` (blocking), "i" `name` (request id)
// and `name` "Init" (persistent request id).
#define MPI4JS_EXPORT_FORMS(exports, env, name, fn)                          \
  do {                                                                      \
    MPI4JS_FN(exports, env, name, fn<::mpi4js::Form::kBlocking>);           \
    MPI4JS_FN(exports, env, "i" name, fn<::mpi4js::Form::kNonblocking>);    \
    MPI4JS_FN(exports, env, name "Init", fn<::mpi4js::Form::kPersistent>);  \
  } while (0)
// Same for a body shared by same-shape collectives, `fn<F, kind>`.
#define MPI4JS_EXPORT_FORMS_OF(exports, env, name, fn, kind)                         \
  do {                                                                              \
    MPI4JS_FN(exports, env, name, (fn<::mpi4js::Form::kBlocking, kind>));           \
    MPI4JS_FN(exports, env, "i" name, (fn<::mpi4js::Form::kNonblocking, kind>));    \
    MPI4JS_FN(exports, env, name "Init", (fn<::mpi4js::Form::kPersistent, kind>));  \
  } while (0)

}  // namespace mpi4js
