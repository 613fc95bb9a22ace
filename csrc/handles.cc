// Tables not owned by a file of their own yet.
#include "handles.h"

namespace mpi4js {
HandleTable<GroupEntry> g_groups("group", MPI_ERR_GROUP);
}  // namespace mpi4js
