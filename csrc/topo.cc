// Process topologies: Cartesian, graph and distributed graph communicators, and the
// neighbourhood collectives over them. One MPI call per function; policy lives in TypeScript.
#include <climits>
#include <memory>
#include <string>

#include "args.h"
#include "arrays.h"
#include "request.h"

namespace mpi4js {

namespace {


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
  MPI_Comm comm = Args(info).Comm(0);
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
  CHKERR(info.Env(), MPI_Topo_test(Args(info).Comm(0), &status));
  return Num(info.Env(), status);
}

Napi::Value CartdimGet(const Napi::CallbackInfo& info) {
  int n;
  CHKERR(info.Env(), MPI_Cartdim_get(Args(info).Comm(0), &n));
  return Num(info.Env(), n);
}

// cartGet(comm) -> [dims, periods (booleans), coords]
Napi::Value CartGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
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
  MPI_Comm comm = Args(info).Comm(0);
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
  MPI_Comm comm = Args(info).Comm(0);
  int rank = ArgInt(info, 1, "rank");
  int n;
  CHKERR(env, MPI_Cartdim_get(comm, &n));
  std::vector<int> coords(n + 1);
  CHKERR(env, MPI_Cart_coords(comm, rank, n, coords.data()));
  return ToJsArray(env, coords.data(), n);
}

// cartShift(comm, direction, disp) -> [source, dest]
Napi::Value CartShift(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int direction = ArgInt(info, 1, "direction"), disp = ArgInt(info, 2, "disp");
  int sd[2];
  CHKERR(info.Env(), MPI_Cart_shift(comm, direction, disp, &sd[0], &sd[1]));
  return ToJsArray(info.Env(), sd, 2);
}

// cartSub(comm, remainDims (0/1))
Napi::Value CartSub(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
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
  MPI_Comm comm = Args(info).Comm(0);
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
  MPI_Comm comm = Args(info).Comm(0);
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
  MPI_Comm comm = Args(info).Comm(0);
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

// distGraphCreateAdjacent(comm, sources, sourceweights|null, destinations, destweights|null, reorder, info)
Napi::Value DistGraphCreateAdjacent(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
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
                                             static_cast<int>(dst.size()), IntPtr(dst), dwp, Args(info).Info(6),
                                             reorder ? 1 : 0, &out));
  return Num(env, AddComm(env, out));
}

// distGraphCreate(comm, sources, degrees, destinations, weights|null, reorder, info)
Napi::Value DistGraphCreate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
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
                                    Args(info).Info(6), reorder ? 1 : 0, &out));
  return Num(env, AddComm(env, out));
}

// distGraphNeighbors(comm) -> [sources, sourceweights|null, destinations, destweights|null]
Napi::Value DistGraphNeighbors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
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
  NeighborCounts(info.Env(), Args(info).Comm(0), &in, &out);
  int both[2] = {in, out};
  return ToJsArray(info.Env(), both, 2);
}

// Every neighbourhood collective is one template body for its three forms (request.h Form):
// MPI_Neighbor_<op>, MPI_Ineighbor_<op> and MPI_Neighbor_<op>_init, the last two returning a request
// id (Started); the request owns the native arrays MPI reads until it completes or is freed. Buffers are read by args.h's
// collective readers, with one block per neighbour.
struct Neighbours {
  explicit Neighbours(const Args& a) : comm(a.Comm(0)) { NeighborCounts(a.env(), comm, &in, &out); }
  MPI_Comm comm;
  int in = 0, out = 0;
};

// neighborAllgather / neighborAlltoall(comm, sbuf, soff, scount, stype, rbuf, roff, rcountPerNeighbour, rtype):
// ToAll sends one block per out-neighbour.
template <Form F, bool ToAll>
Napi::Value NeighborPlain(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  Neighbours nb(k.a);
  Buffer s, r;
  k.a.Plain(1, s, ToAll ? "Neighbor_alltoall (sendbuf)" : "Neighbor_allgather (sendbuf)", k.Coll(ToAll ? nb.out : 1, true, false));
  k.a.Plain(5, r, ToAll ? "Neighbor_alltoall (recvbuf)" : "Neighbor_allgather (recvbuf)", k.Coll(nb.in, true, false));
  return k.Done(k.Run(ToAll ? MPI_Neighbor_alltoall : MPI_Neighbor_allgather, ToAll ? MPI_Ineighbor_alltoall : MPI_Ineighbor_allgather,
                      ToAll ? MPI4JS_PCOLL(Neighbor_alltoall) : MPI4JS_PCOLL(Neighbor_allgather), s.ptr, s.count, s.type,
                      r.ptr, r.count, r.type, nb.comm));
}

// neighborAllgatherv(comm, sbuf, soff, scount, stype, rbuf, roff, rcounts, rdispls, rtype)
template <Form F>
Napi::Value NeighborAllgatherv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  Neighbours nb(k.a);
  Buffer s;
  VBuffer r;
  k.a.Plain(1, s, "Neighbor_allgatherv (sendbuf)", k.Coll(1, true, false));
  k.a.Vector(5, r, nb.in, "Neighbor_allgatherv (recvbuf)", k.Coll(1, true, false));
  int ierr = k.Run(MPI_Neighbor_allgatherv, MPI_Ineighbor_allgatherv, MPI4JS_PCOLL(Neighbor_allgatherv), s.ptr, s.count, s.type, r.ptr, r.counts, r.displs, r.type, nb.comm);
  return k.Done(ierr);
}

// neighborAlltoallv(comm, sbuf, soff, scounts, sdispls, stype, rbuf, roff, rcounts, rdispls, rtype)
template <Form F>
Napi::Value NeighborAlltoallv(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  Neighbours nb(k.a);
  VBuffer s, r;
  k.a.Vector(1, s, nb.out, "Neighbor_alltoallv (sendbuf)", k.Coll(1, true, false));
  k.a.Vector(6, r, nb.in, "Neighbor_alltoallv (recvbuf)", k.Coll(1, true, false));
  int ierr = k.Run(MPI_Neighbor_alltoallv, MPI_Ineighbor_alltoallv, MPI4JS_PCOLL(Neighbor_alltoallv), s.ptr, s.counts, s.displs, s.type, r.ptr, r.counts, r.displs, r.type, nb.comm);
  return k.Done(ierr);
}

// neighborAlltoallw(comm, sbuf, soff, scounts, sdispls (bytes), stypes, rbuf, roff, rcounts, rdispls, rtypes)
template <Form F>
Napi::Value NeighborAlltoallw(const Napi::CallbackInfo& info) {
  Call<F> k(info);
  Neighbours nb(k.a);
  auto sr = std::make_shared<std::pair<WBuffer, WBuffer>>();
  WBuffer& s = sr->first;
  WBuffer& r = sr->second;
  k.a.W(1, s, nb.out, "Neighbor_alltoallw (sendbuf)", k.Coll(1, true, false));
  k.a.W(6, r, nb.in, "Neighbor_alltoallw (recvbuf)", k.Coll(1, true, false));
  const MPI_Aint* sd = s.AintDispls(nb.out);
  const MPI_Aint* rd = r.AintDispls(nb.in);
  int ierr = k.Run(MPI_Neighbor_alltoallw, MPI_Ineighbor_alltoallw, MPI4JS_PCOLL(Neighbor_alltoallw), s.ptr, s.counts, sd, s.Types(), r.ptr, r.counts, rd, r.Types(), nb.comm);
  if (k.hold) k.hold->owned = sr;
  return k.Done(ierr);
}

}  // namespace

// ---- process mapping (issue #17) ------------------------------------------------------------
namespace {

// cartMap(comm, dims, periods) -> this process's rank in the grid, or MPI_UNDEFINED
Napi::Value CartMap(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  std::vector<int> dims = ArgIntList(info, 1, "dims"), periods = ArgIntList(info, 2, "periods");
  if (dims.size() != periods.size()) ThrowRange(info.Env(), "native: dims and periods must have the same length");
  int size;
  CHKERR(info.Env(), MPI_Comm_size(comm, &size));
  if (DimsProduct(dims, size) < 0) ThrowRange(info.Env(), "native: the grid of dims is negative or larger than the communicator");
  int rank;
  CHKERR(info.Env(), MPI_Cart_map(comm, static_cast<int>(dims.size()), IntPtr(dims), IntPtr(periods), &rank));
  return Num(info.Env(), rank);
}

// graphMap(comm, index, edges) -> this process's rank in the graph, or MPI_UNDEFINED
Napi::Value GraphMap(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  std::vector<int> index = ArgIntList(info, 1, "index"), edges = ArgIntList(info, 2, "edges");
  if (!index.empty() && (index.back() < 0 || static_cast<size_t>(index.back()) > edges.size()))
    ThrowRange(info.Env(), "native: index and edges do not agree");
  int size;
  CHKERR(info.Env(), MPI_Comm_size(comm, &size));
  if (static_cast<int>(index.size()) > size) ThrowRange(info.Env(), "native: more graph nodes than processes");
  for (size_t k = 0; k < index.size(); k++)
    if (index[k] < 0 || (k > 0 && index[k] < index[k - 1])) ThrowRange(info.Env(), "native: index must be non-decreasing");
  for (int e : edges)
    if (e < 0 || e >= static_cast<int>(index.size())) ThrowRange(info.Env(), "native: edge to a node outside the graph");
  int rank;
  CHKERR(info.Env(), MPI_Graph_map(comm, static_cast<int>(index.size()), IntPtr(index), IntPtr(edges), &rank));
  return Num(info.Env(), rank);
}

}  // namespace

void InitTopo(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("dimsCreate", DimsCreate);
  FN("cartMap", CartMap);
  FN("graphMap", GraphMap);
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
  // The three forms: "neighborAllgather" (MPI_Neighbor_allgather), "ineighborAllgather" (-> request
  // id), "neighborAllgatherInit" (MPI_Neighbor_allgather_init -> persistent request id).
#define FN3(name, fn) MPI4JS_EXPORT_FORMS(exports, env, name, fn)
#define FN3OF(name, fn, kind) MPI4JS_EXPORT_FORMS_OF(exports, env, name, fn, kind)
  FN3OF("neighborAllgather", NeighborPlain, false);
  FN3OF("neighborAlltoall", NeighborPlain, true);
  FN3("neighborAllgatherv", NeighborAllgatherv);
  FN3("neighborAlltoallv", NeighborAlltoallv);
  FN3("neighborAlltoallw", NeighborAlltoallw);
#undef FN3
#undef FN3OF
  Napi::Object k = Napi::Object::New(env);
  k.Set("CART", Napi::Number::New(env, MPI_CART));
  k.Set("GRAPH", Napi::Number::New(env, MPI_GRAPH));
  k.Set("DIST_GRAPH", Napi::Number::New(env, MPI_DIST_GRAPH));
  exports.Set("topoConstants", k);
}

}  // namespace mpi4js
