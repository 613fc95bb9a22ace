// Requests: JS holds ids into g_requests. A completed nonblocking request's id is removed (MPI set
// it to MPI_REQUEST_NULL); a persistent request keeps its id (inactive) until it is freed.
#pragma once
#include <memory>

#include "handles.h"

namespace mpi4js {

struct RequestEntry {
  MPI_Request handle;
  bool persistent;
  // A nonblocking collective: MPI forbids MPI_Cancel and MPI_Request_free on it.
  bool collective;
  // Native memory MPI reads until completion (e.g. Alltoallw's datatype arrays), released when
  // the request's id is removed.
  std::shared_ptr<void> owned;
};

extern HandleTable<RequestEntry> g_requests;

// Registers a request made by MPI and returns its id (MPI_REQUEST_NULL -> 0, `owned` released).
int32_t AddRequest(MPI_Request req, bool persistent, bool collective = false, std::shared_ptr<void> owned = nullptr);

// The end of a native function with a blocking and a nonblocking (MPI_I*) form: throws on an
// MPI error; the nonblocking form returns the id of a collective request owning `owned`.
template <bool NB>
Napi::Value Started(Napi::Env env, int ierr, MPI_Request req, std::shared_ptr<void> owned = nullptr) {
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  if (!NB) return env.Undefined();
  return Napi::Number::New(env, AddRequest(req, false, true, std::move(owned)));
}

// Exports both forms of a template body `fn<NB>`: `name` (blocking) and `iname` (request id).
#define MPI4JS_EXPORT_BOTH(exports, env, name, iname, fn)            \
  do {                                                              \
    MPI4JS_FN(exports, env, name, fn<false>);                       \
    MPI4JS_FN(exports, env, iname, fn<true>);                       \
  } while (0)

}  // namespace mpi4js
