// Process topologies: Cartesian, graph and distributed graph communicators, and the
// neighbourhood collectives over them. One MPI call per function; policy lives in TypeScript.
#include <climits>
#include <memory>
#include <string>

#include "arrays.h"
#include "message.h"
#include "request.h"

namespace mpi4js {

namespace {

MPI_Comm CommOf(const Napi::CallbackInfo& info, size_t i) { return ReadComm(info.Env(), info[i]); }

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// Product of the positive entries of dims, or -1 once it exceeds limit (MPI multiplies in int:
// [65536, 65536, 2] wraps to 0). Negative entries are reported as -2.
int64_t DimsProduct(const std::vector<int>& dims, int64_t limit) {
  int64_t p = 1;
  for (int d : dims) {
    if (d < 0) return -2;
    if (d == 0) continue;
    p *= d;
    if (p > limit) return -1;
  }
  return p;
}

// dimsCreate(nnodes, dims) -> dims with the zeros filled in
Napi::Value DimsCreate(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int nnodes = ArgInt(info, 0, "nnodes");
  std::vector<int> dims = ArgIntList(info, 1, "dims");
  if (nnodes < 1) ThrowRange(info.Env(), "native: nnodes must be positive");
  int64_t fixed = DimsProduct(dims, nnodes);
  if (fixed == -2) ThrowRange(info.Env(), "native: dims must not be negative");
  if (fixed < 0 || nnodes % fixed != 0) ThrowRange(info.Env(), "native: the fixed entries of dims do not divide nnodes");
  CHKERR(info.Env(), MPI_Dims_create(nnodes, static_cast<int>(dims.size()), IntPtr(dims)));
  return ToJsArray(info.Env(), dims.data(), dims.size());
}

// cartCreate(comm, dims, periods (0/1), reorder)
Napi::Value CartCreate(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> dims = ArgIntList(info, 1, "dims"), periods = ArgIntList(info, 2, "periods");
  if (dims.size() != periods.size()) ThrowRange(info.Env(), "native: dims and periods must have the same length");
  bool reorder = ArgBool(info, 3, "reorder");
  int size;
  CHKERR(info.Env(), MPI_Comm_size(comm, &size));
  bool empty = false;
  for (int d : dims) empty = empty || d == 0;
  int64_t grid = DimsProduct(dims, size);
  if (grid == -2) ThrowRange(info.Env(), "native: dims must not be negative");
  if (grid == -1 && !empty) ThrowRange(info.Env(), "native: the grid of dims has more processes than the communicator");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Cart_create(comm, static_cast<int>(dims.size()), IntPtr(dims), IntPtr(periods), reorder ? 1 : 0, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

Napi::Value TopoTest(const Napi::CallbackInfo& info) {
  int status;
  CHKERR(info.Env(), MPI_Topo_test(CommOf(info, 0), &status));
  return Num(info.Env(), status);
}

Napi::Value CartdimGet(const Napi::CallbackInfo& info) {
  int n;
  CHKERR(info.Env(), MPI_Cartdim_get(CommOf(info, 0), &n));
  return Num(info.Env(), n);
}

// cartGet(comm) -> [dims, periods (booleans), coords]
Napi::Value CartGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int n;
  CHKERR(env, MPI_Cartdim_get(comm, &n));
  std::vector<int> dims(n + 1), periods(n + 1), coords(n + 1);
  CHKERR(env, MPI_Cart_get(comm, n, dims.data(), periods.data(), coords.data()));
  Napi::Array p = Napi::Array::New(env, n);
  for (int k = 0; k < n; k++) p.Set(static_cast<uint32_t>(k), Napi::Boolean::New(env, periods[k] != 0));
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, ToJsArray(env, dims.data(), n));
  out.Set(1u, p);
  out.Set(2u, ToJsArray(env, coords.data(), n));
  return out;
}

// cartRank(comm, coords) -> rank
Napi::Value CartRank(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> coords = ArgIntList(info, 1, "coords");
  int n;
  CHKERR(env, MPI_Cartdim_get(comm, &n));
  if (static_cast<int>(coords.size()) != n) ThrowRange(env, "native: coords must have one entry per dimension");
  int rank;
  CHKERR(env, MPI_Cart_rank(comm, IntPtr(coords), &rank));
  return Num(env, rank);
}

// cartCoords(comm, rank) -> coords
Napi::Value CartCoords(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int rank = ArgInt(info, 1, "rank");
  int n;
  CHKERR(env, MPI_Cartdim_get(comm, &n));
  std::vector<int> coords(n + 1);
  CHKERR(env, MPI_Cart_coords(comm, rank, n, coords.data()));
  return ToJsArray(env, coords.data(), n);
}

// cartShift(comm, direction, disp) -> [source, dest]
Napi::Value CartShift(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommOf(info, 0);
  int direction = ArgInt(info, 1, "direction"), disp = ArgInt(info, 2, "disp");
  int sd[2];
  CHKERR(info.Env(), MPI_Cart_shift(comm, direction, disp, &sd[0], &sd[1]));
  return ToJsArray(info.Env(), sd, 2);
}

// cartSub(comm, remainDims (0/1))
Napi::Value CartSub(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> remain = ArgIntList(info, 1, "remain_dims");
  int n;
  CHKERR(env, MPI_Cartdim_get(comm, &n));
  if (static_cast<int>(remain.size()) != n) ThrowRange(env, "native: remain_dims must have one entry per dimension");
  MPI_Comm out;
  CHKERR(env, MPI_Cart_sub(comm, IntPtr(remain), &out));
  return Num(env, AddComm(env, out));
}

// graphCreate(comm, index, edges, reorder)
Napi::Value GraphCreate(const Napi::CallbackInfo& info) {
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> index = ArgIntList(info, 1, "index"), edges = ArgIntList(info, 2, "edges");
  bool reorder = ArgBool(info, 3, "reorder");
  // MPI reads index[nnodes-1] edges: the lists must agree before MPI sees them.
  if (!index.empty() && (index.back() < 0 || static_cast<size_t>(index.back()) > edges.size()))
    ThrowRange(info.Env(), "native: index and edges do not agree");
  int size;
  CHKERR(info.Env(), MPI_Comm_size(comm, &size));
  if (static_cast<int>(index.size()) > size) ThrowRange(info.Env(), "native: more graph nodes than processes");
  for (size_t k = 0; k < index.size(); k++)
    if (index[k] < 0 || (k > 0 && index[k] < index[k - 1])) ThrowRange(info.Env(), "native: index must be non-decreasing");
  for (int e : edges)
    if (e < 0 || e >= static_cast<int>(index.size())) ThrowRange(info.Env(), "native: edge to a node outside the graph");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Graph_create(comm, static_cast<int>(index.size()), IntPtr(index), IntPtr(edges), reorder ? 1 : 0, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// graphGet(comm) -> [index, edges]
Napi::Value GraphGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int nnodes, nedges;
  CHKERR(env, MPI_Graphdims_get(comm, &nnodes, &nedges));
  std::vector<int> index(nnodes + 1), edges(nedges + 1);
  CHKERR(env, MPI_Graph_get(comm, nnodes, nedges, index.data(), edges.data()));
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, ToJsArray(env, index.data(), nnodes));
  out.Set(1u, ToJsArray(env, edges.data(), nedges));
  return out;
}

// graphNeighbors(comm, rank) -> neighbours
Napi::Value GraphNeighbors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int rank = ArgInt(info, 1, "rank");
  int n;
  CHKERR(env, MPI_Graph_neighbors_count(comm, rank, &n));
  std::vector<int> nb(n + 1);
  CHKERR(env, MPI_Graph_neighbors(comm, rank, n, nb.data()));
  return ToJsArray(env, nb.data(), n);
}

// Every rank of a (dist) graph must be a process of the communicator.
void CheckProcs(Napi::Env env, MPI_Comm comm, const std::vector<int>& ranks, const char* what) {
  int size;
  CHKERR(env, MPI_Comm_size(comm, &size));
  for (int r : ranks)
    if (r < 0 || r >= size) ThrowRange(env, std::string("native: ") + what + " holds rank " + std::to_string(r) + ", not in the communicator");
}

// Weights: null/undefined -> MPI_UNWEIGHTED; an empty list -> MPI_WEIGHTS_EMPTY.
int* Weights(const Napi::CallbackInfo& info, size_t i, std::vector<int>& store, const char* name) {
  if (info[i].IsNull() || info[i].IsUndefined()) return MPI_UNWEIGHTED;
  store = ArgIntList(info, i, name);
  return store.empty() ? MPI_WEIGHTS_EMPTY : store.data();
}

// distGraphCreateAdjacent(comm, sources, sourceweights|null, destinations, destweights|null, reorder)
Napi::Value DistGraphCreateAdjacent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> src = ArgIntList(info, 1, "sources"), sw;
  int* swp = Weights(info, 2, sw, "sourceweights");
  std::vector<int> dst = ArgIntList(info, 3, "destinations"), dw;
  int* dwp = Weights(info, 4, dw, "destweights");
  if (swp != MPI_UNWEIGHTED && swp != MPI_WEIGHTS_EMPTY && sw.size() != src.size())
    ThrowRange(env, "native: sourceweights must have one entry per source");
  if (dwp != MPI_UNWEIGHTED && dwp != MPI_WEIGHTS_EMPTY && dw.size() != dst.size())
    ThrowRange(env, "native: destweights must have one entry per destination");
  if ((swp == MPI_WEIGHTS_EMPTY && !src.empty()) || (dwp == MPI_WEIGHTS_EMPTY && !dst.empty()))
    ThrowRange(env, "native: weights must have one entry per neighbour");
  bool reorder = ArgBool(info, 5, "reorder");
  CheckProcs(env, comm, src, "sources");
  CheckProcs(env, comm, dst, "destinations");
  MPI_Comm out;
  CHKERR(env, MPI_Dist_graph_create_adjacent(comm, static_cast<int>(src.size()), IntPtr(src), swp,
                                             static_cast<int>(dst.size()), IntPtr(dst), dwp, MPI_INFO_NULL,
                                             reorder ? 1 : 0, &out));
  return Num(env, AddComm(env, out));
}

// distGraphCreate(comm, sources, degrees, destinations, weights|null, reorder)
Napi::Value DistGraphCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  std::vector<int> src = ArgIntList(info, 1, "sources"), deg = ArgIntList(info, 2, "degrees");
  std::vector<int> dst = ArgIntList(info, 3, "destinations"), w;
  int* wp = Weights(info, 4, w, "weights");
  if (src.size() != deg.size()) ThrowRange(env, "native: sources and degrees must have the same length");
  size_t total = 0;
  for (int d : deg) {
    if (d < 0) ThrowRange(env, "native: degrees must be non-negative");
    total += static_cast<size_t>(d);
  }
  if (total != dst.size()) ThrowRange(env, "native: destinations must hold sum(degrees) entries");
  if (wp != MPI_UNWEIGHTED && wp != MPI_WEIGHTS_EMPTY && w.size() != dst.size())
    ThrowRange(env, "native: weights must have one entry per destination");
  if (wp == MPI_WEIGHTS_EMPTY && !dst.empty()) ThrowRange(env, "native: weights must have one entry per destination");
  bool reorder = ArgBool(info, 5, "reorder");
  CheckProcs(env, comm, src, "sources");
  CheckProcs(env, comm, dst, "destinations");
  MPI_Comm out;
  CHKERR(env, MPI_Dist_graph_create(comm, static_cast<int>(src.size()), IntPtr(src), IntPtr(deg), IntPtr(dst), wp,
                                    MPI_INFO_NULL, reorder ? 1 : 0, &out));
  return Num(env, AddComm(env, out));
}

// distGraphNeighbors(comm) -> [sources, sourceweights|null, destinations, destweights|null]
Napi::Value DistGraphNeighbors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int indeg, outdeg, weighted;
  CHKERR(env, MPI_Dist_graph_neighbors_count(comm, &indeg, &outdeg, &weighted));
  std::vector<int> src(indeg + 1), sw(indeg + 1), dst(outdeg + 1), dw(outdeg + 1);
  CHKERR(env, MPI_Dist_graph_neighbors(comm, indeg, src.data(), weighted ? sw.data() : MPI_UNWEIGHTED, outdeg,
                                       dst.data(), weighted ? dw.data() : MPI_UNWEIGHTED));
  Napi::Array out = Napi::Array::New(env, 4);
  out.Set(0u, ToJsArray(env, src.data(), indeg));
  out.Set(1u, weighted ? ToJsArray(env, sw.data(), indeg) : env.Null());
  out.Set(2u, ToJsArray(env, dst.data(), outdeg));
  out.Set(3u, weighted ? ToJsArray(env, dw.data(), outdeg) : env.Null());
  return out;
}

// Number of in- and out-neighbours of this process in any topology.
void NeighborCounts(Napi::Env env, MPI_Comm comm, int* indeg, int* outdeg) {
  int topo;
  CHKERR(env, MPI_Topo_test(comm, &topo));
  if (topo == MPI_CART) {
    int n;
    CHKERR(env, MPI_Cartdim_get(comm, &n));
    *indeg = *outdeg = 2 * n;
  } else if (topo == MPI_GRAPH) {
    int rank, n;
    CHKERR(env, MPI_Comm_rank(comm, &rank));
    CHKERR(env, MPI_Graph_neighbors_count(comm, rank, &n));
    *indeg = *outdeg = n;
  } else if (topo == MPI_DIST_GRAPH) {
    int weighted;
    CHKERR(env, MPI_Dist_graph_neighbors_count(comm, indeg, outdeg, &weighted));
  } else {
    ThrowMpiError(env, MPI_ERR_TOPOLOGY);
  }
}

// neighborCounts(comm) -> [indegree, outdegree]
Napi::Value NeighborCountsJs(const Napi::CallbackInfo& info) {
  int in, out;
  NeighborCounts(info.Env(), CommOf(info, 0), &in, &out);
  int both[2] = {in, out};
  return ToJsArray(info.Env(), both, 2);
}

// One side of a regular neighbourhood collective: `blocks` blocks of `count` elements each.
struct Blocks {
  void* ptr = nullptr;
  int count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
};

void ParseBlocks(const Napi::CallbackInfo& info, size_t i, int blocks, const char* what, Blocks* out, PinSet* pins) {
  Napi::Env env = info.Env();
  int64_t count = ArgCount(info, i + 2, "count");
  if (count > INT_MAX) ThrowRange(env, std::string(what) + ": count per neighbour is too large");
  Napi::Value off = info[i + 1];
  if (!off.IsNumber()) ThrowType(env, std::string(what) + ": byte offset must be a number");
  double d = off.As<Napi::Number>().DoubleValue();
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
    ThrowRange(env, std::string(what) + ": byte offset must be an integer");
  int64_t byteOffset = static_cast<int64_t>(d);
  DatatypeEntry t = g_types.Arg(info, i + 3);
  Buffer check;
  check.Set(env, info[i], byteOffset, count * blocks, t, what, pins);
  out->ptr = check.ptr;
  out->count = static_cast<int>(count);
  out->type = t.handle;
}

// One side of a v-variant: counts and displacements (elements) per neighbour, each block checked.
struct VBlocks {
  void* ptr = nullptr;
  std::vector<int> counts, displs;
  MPI_Datatype type = MPI_DATATYPE_NULL;
};

void ParseVBlocks(const Napi::CallbackInfo& info, size_t i, int blocks, const char* what, VBlocks* out, PinSet* pins) {
  Napi::Env env = info.Env();
  Napi::Value off = info[i + 1];
  if (!off.IsNumber()) ThrowType(env, std::string(what) + ": byte offset must be a number");
  double d = off.As<Napi::Number>().DoubleValue();
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != static_cast<double>(static_cast<int64_t>(d)))
    ThrowRange(env, std::string(what) + ": byte offset must be an integer");
  int64_t byteOffset = static_cast<int64_t>(d);
  out->counts = ArgIntList(info, i + 2, "counts");
  out->displs = ArgIntList(info, i + 3, "displs");
  if (static_cast<int>(out->counts.size()) != blocks || static_cast<int>(out->displs.size()) != blocks)
    ThrowRange(env, std::string(what) + ": counts and displacements need one entry per neighbour (" +
                        std::to_string(blocks) + ")");
  DatatypeEntry t = g_types.Arg(info, i + 4);
  Buffer whole;
  whole.Set(env, info[i], 0, 0, t, what, pins);
  for (int k = 0; k < blocks; k++) {
    if (out->counts[k] < 0) ThrowRange(env, std::string(what) + ": counts must be non-negative");
    Buffer check;
    check.Set(env, info[i], byteOffset + static_cast<int64_t>(out->displs[k]) * t.extent, out->counts[k], t, what);
  }
  static char empty[16];
  out->ptr = whole.span.data ? whole.span.data + byteOffset : empty;
  out->type = t.handle;
}

// One side of Neighbor_alltoallw: counts, byte displacements and a datatype per neighbour.
struct WBlocks {
  void* ptr = nullptr;
  std::vector<int> counts;
  std::vector<MPI_Aint> displs;
  std::vector<MPI_Datatype> types;
};

// (buf, off, counts: Int32Array, byte displs: Int32Array, type ids: Int32Array) for `blocks` neighbours.
void ParseWBlocks(const Napi::CallbackInfo& info, size_t i, int blocks, const char* what, WBlocks* out, PinSet* pins) {
  Napi::Env env = info.Env();
  std::vector<int> counts = ArgIntList(info, i + 2, "counts"), displs = ArgIntList(info, i + 3, "displs");
  std::vector<HandleId> ids = ArgIdList(info, i + 4, "datatypes");
  if (static_cast<int>(counts.size()) != blocks || static_cast<int>(displs.size()) != blocks ||
      static_cast<int>(ids.size()) != blocks)
    ThrowRange(env, std::string(what) + ": counts, displacements and datatypes need one entry per neighbour (" +
                        std::to_string(blocks) + ")");
  Napi::Value off = info[i + 1];
  if (!off.IsNumber()) ThrowType(env, std::string(what) + ": byte offset must be a number");
  int64_t byteOffset = static_cast<int64_t>(off.As<Napi::Number>().DoubleValue());
  if (byteOffset < 0) ThrowRange(env, std::string(what) + ": byte offset must be non-negative");
  DatatypeEntry byte = g_types.Get(env, kTypeByte);
  Buffer whole;
  whole.Set(env, info[i], byteOffset, 0, byte, what, pins);
  for (int k = 0; k < blocks; k++) {
    DatatypeEntry t = g_types.Get(env, ids[k]);
    if (t.handle == MPI_DATATYPE_NULL && counts[k] > 0) ThrowError(env, "mpi4js: operation on DATATYPE_NULL");
    if (counts[k] < 0) ThrowRange(env, std::string(what) + ": counts must be non-negative");
    Buffer check;
    if (t.handle != MPI_DATATYPE_NULL) check.Set(env, info[i], byteOffset + displs[k], counts[k], t, what);
    out->types.push_back(t.handle == MPI_DATATYPE_NULL ? MPI_BYTE : t.handle);
    out->displs.push_back(displs[k]);
  }
  out->counts = std::move(counts);
  out->ptr = whole.ptr;
}

// Every neighbourhood collective is one template body for both forms: NB = false calls
// MPI_Neighbor_<op>, NB = true MPI_Ineighbor_<op> and returns the request id (Started); the
// request owns the native arrays MPI reads until it completes.

// neighborAllgather(comm, sbuf, soff, scount, stype, rbuf, roff, rcountPerNeighbour, rtype)
template <bool NB>
Napi::Value NeighborAllgather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int in, out;
  NeighborCounts(env, comm, &in, &out);
  Hold hold = NewHold<NB>();
  Blocks s, r;
  ParseBlocks(info, 1, 1, "Neighbor_allgather (sendbuf)", &s, PinsOf(hold));
  ParseBlocks(info, 5, in, "Neighbor_allgather (recvbuf)", &r, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ineighbor_allgather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, comm, &q)
                : MPI_Neighbor_allgather(s.ptr, s.count, s.type, r.ptr, r.count, r.type, comm);
  return Started<NB>(env, ierr, q, hold);
}

// neighborAlltoall(comm, sbuf, soff, scountPerNeighbour, stype, rbuf, roff, rcountPerNeighbour, rtype)
template <bool NB>
Napi::Value NeighborAlltoall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int in, out;
  NeighborCounts(env, comm, &in, &out);
  Hold hold = NewHold<NB>();
  Blocks s, r;
  ParseBlocks(info, 1, out, "Neighbor_alltoall (sendbuf)", &s, PinsOf(hold));
  ParseBlocks(info, 5, in, "Neighbor_alltoall (recvbuf)", &r, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ineighbor_alltoall(s.ptr, s.count, s.type, r.ptr, r.count, r.type, comm, &q)
                : MPI_Neighbor_alltoall(s.ptr, s.count, s.type, r.ptr, r.count, r.type, comm);
  return Started<NB>(env, ierr, q, hold);
}

// neighborAllgatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype)
template <bool NB>
Napi::Value NeighborAllgatherv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int in, out;
  NeighborCounts(env, comm, &in, &out);
  Hold hold = NewHold<NB>();
  Blocks s;
  auto r = std::make_shared<VBlocks>();
  ParseBlocks(info, 1, 1, "Neighbor_allgatherv (sendbuf)", &s, PinsOf(hold));
  ParseVBlocks(info, 5, in, "Neighbor_allgatherv (recvbuf)", r.get(), PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ineighbor_allgatherv(s.ptr, s.count, s.type, r->ptr, IntPtr(r->counts), IntPtr(r->displs),
                                           r->type, comm, &q)
                : MPI_Neighbor_allgatherv(s.ptr, s.count, s.type, r->ptr, IntPtr(r->counts), IntPtr(r->displs),
                                          r->type, comm);
  if (hold) hold->owned = r;
  return Started<NB>(env, ierr, q, hold);
}

// neighborAlltoallv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcounts, rdispls, rtype)
template <bool NB>
Napi::Value NeighborAlltoallv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int in, out;
  NeighborCounts(env, comm, &in, &out);
  Hold hold = NewHold<NB>();
  auto sr = std::make_shared<std::pair<VBlocks, VBlocks>>();
  VBlocks& s = sr->first;
  VBlocks& r = sr->second;
  ParseVBlocks(info, 1, out, "Neighbor_alltoallv (sendbuf)", &s, PinsOf(hold));
  ParseVBlocks(info, 6, in, "Neighbor_alltoallv (recvbuf)", &r, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ineighbor_alltoallv(s.ptr, IntPtr(s.counts), IntPtr(s.displs), s.type, r.ptr, IntPtr(r.counts),
                                          IntPtr(r.displs), r.type, comm, &q)
                : MPI_Neighbor_alltoallv(s.ptr, IntPtr(s.counts), IntPtr(s.displs), s.type, r.ptr, IntPtr(r.counts),
                                         IntPtr(r.displs), r.type, comm);
  if (hold) hold->owned = sr;
  return Started<NB>(env, ierr, q, hold);
}

// neighborAlltoallw(comm, sbuf, soff, scounts, sdispls (bytes), stypes, rbuf, roff, rcounts, rdispls, rtypes)
template <bool NB>
Napi::Value NeighborAlltoallw(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(info, 0);
  int in, out;
  NeighborCounts(env, comm, &in, &out);
  Hold hold = NewHold<NB>();
  auto sr = std::make_shared<std::pair<WBlocks, WBlocks>>();
  WBlocks& s = sr->first;
  WBlocks& r = sr->second;
  ParseWBlocks(info, 1, out, "Neighbor_alltoallw (sendbuf)", &s, PinsOf(hold));
  ParseWBlocks(info, 6, in, "Neighbor_alltoallw (recvbuf)", &r, PinsOf(hold));
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = NB ? MPI_Ineighbor_alltoallw(s.ptr, IntPtr(s.counts), s.displs.data(), s.types.data(), r.ptr,
                                          IntPtr(r.counts), r.displs.data(), r.types.data(), comm, &q)
                : MPI_Neighbor_alltoallw(s.ptr, IntPtr(s.counts), s.displs.data(), s.types.data(), r.ptr,
                                         IntPtr(r.counts), r.displs.data(), r.types.data(), comm);
  if (hold) hold->owned = sr;
  return Started<NB>(env, ierr, q, hold);
}

}  // namespace

void InitTopo(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("dimsCreate", DimsCreate);
  FN("cartCreate", CartCreate);
  FN("topoTest", TopoTest);
  FN("cartdimGet", CartdimGet);
  FN("cartGet", CartGet);
  FN("cartRank", CartRank);
  FN("cartCoords", CartCoords);
  FN("cartShift", CartShift);
  FN("cartSub", CartSub);
  FN("graphCreate", GraphCreate);
  FN("graphGet", GraphGet);
  FN("graphNeighbors", GraphNeighbors);
  FN("distGraphCreateAdjacent", DistGraphCreateAdjacent);
  FN("distGraphCreate", DistGraphCreate);
  FN("distGraphNeighbors", DistGraphNeighbors);
  FN("neighborCounts", NeighborCountsJs);
#undef FN
  // Both forms: "neighborAllgather" (MPI_Neighbor_allgather), "ineighborAllgather" (-> request id).
#define FN2(name, iname, fn) MPI4JS_EXPORT_BOTH(exports, env, name, iname, fn)
  FN2("neighborAllgather", "ineighborAllgather", NeighborAllgather);
  FN2("neighborAlltoall", "ineighborAlltoall", NeighborAlltoall);
  FN2("neighborAllgatherv", "ineighborAllgatherv", NeighborAllgatherv);
  FN2("neighborAlltoallv", "ineighborAlltoallv", NeighborAlltoallv);
  FN2("neighborAlltoallw", "ineighborAlltoallw", NeighborAlltoallw);
#undef FN2
  Napi::Object k = Napi::Object::New(env);
  k.Set("CART", Napi::Number::New(env, MPI_CART));
  k.Set("GRAPH", Napi::Number::New(env, MPI_GRAPH));
  k.Set("DIST_GRAPH", Napi::Number::New(env, MPI_DIST_GRAPH));
  exports.Set("topoConstants", k);
}

}  // namespace mpi4js
