// Requests: JS holds ids into g_requests. A completed nonblocking request's id is removed (MPI set
// it to MPI_REQUEST_NULL); a persistent request keeps its id (inactive) until it is freed.
#pragma once
#include "handles.h"

namespace mpi4js {

struct RequestEntry {
  MPI_Request handle;
  bool persistent;
};

extern HandleTable<RequestEntry> g_requests;

// Registers a request made by MPI and returns its id (MPI_REQUEST_NULL -> 0).
int32_t AddRequest(MPI_Request req, bool persistent);

}  // namespace mpi4js
