// The one error path: an MPI return code becomes a thrown JS MPI.Exception; bad arguments
// become TypeError / RangeError. The exception class is defined in JavaScript and handed
// to C++ once (setErrorFactory), as better-sqlite3 does.
#pragma once
#include "mpi4js.h"

namespace mpi4js {

// Builds an MPI.Exception through the JS factory and throws it (C++ exception -> JS).
[[noreturn]] void ThrowMpiError(Napi::Env env, int ierr);
[[noreturn]] void ThrowType(Napi::Env env, const std::string& msg);
[[noreturn]] void ThrowRange(Napi::Env env, const std::string& msg);
// A usage error that MPI itself would report (operation on a NULL or freed handle, a predefined
// handle freed, the wrong kind of communicator, MPI not initialized or finalized): an
// MPI.Exception of class `cls` with our message, so every such failure has one JS type.
[[noreturn]] void ThrowError(Napi::Env env, const std::string& msg, int cls = MPI_ERR_OTHER);

}  // namespace mpi4js

#define CHKERR(env, call)                                 \
  do {                                                    \
    int ierr_ = (call);                                   \
    if (ierr_ != MPI_SUCCESS) ::mpi4js::ThrowMpiError((env), ierr_); \
  } while (0)
