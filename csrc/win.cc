// One-sided communication: windows (MPI_Win), their memory, RMA operations and synchronization.
// One MPI call per function; the TypeScript layer (src/Win.ts) holds the policy.
//
// Memory safety. A window keeps, natively, everything MPI may touch after a call returns:
// - Win.Create / Attach: the backing store of the user's buffer, for the life of the window (a
//   detached buffer too: see below), so a transfer or detach of the JS buffer cannot free memory MPI exposes.
// - Put/Get/Accumulate/... (no request): the origin and result buffers, per target rank, until the
//   epoch that completes them ends (Fence, Complete, Unlock(_all)); a flush (Flush(_all),
//   Flush_local(_all)) releases all but the last few, so an origin reused op after op is pinned once.
//   Rput/... put their pins into the request's holdings instead (request.h).
// - Memory MPI owns (Allocate, Allocate_shared, Shared_query) is handed to JS as external
//   ArrayBuffers only by the environment that made the window, one per address, and they are
//   detached (length 0) when the window is freed or MPI is finalized, before MPI frees the memory.
// The target of an operation is checked against the target's window size and displacement unit,
// gathered when the window is made. On a dynamic window the target is an address that neither MPI
// library checks (a wrong one is a SIGSEGV at the target): each process publishes the regions
// attached to it in a directory (Directory below) that an origin reads before an operation, and
// detached memory stays held until Free (an origin that checked before the Detach may still write it).
#include <algorithm>
#include <climits>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "args.h"
#include "request.h"

namespace mpi4js {

namespace {

struct Handout {
  void* base;
  size_t length;
  napi_ref ref;  // weak
};

// A dynamic window's directory: a small window of its own (MPI_Win_allocate, every process in a
// Lock_all epoch for the window's life) whose int64 slots at each process are [seq, n, base0,
// len0, base1, len1, ...], the regions attached there. The owner rewrites it under a sequence lock
// (seq odd while it writes); an origin reads seq with an atomic fetch and re-reads the regions
// only when seq changed since it last looked (one round trip per operation otherwise).
struct Directory {
  static constexpr int kMaxRegions = 64;
  static constexpr int kSlots = 2 + 2 * kMaxRegions;
  MPI_Win win = MPI_WIN_NULL;
  int rank = 0;  // this process's rank in the window's group
  struct Seen {
    int64_t seq = -1;
    std::vector<int64_t> regions;  // base, len pairs
  };
  std::vector<Seen> seen;    // per target rank
  std::vector<PinSet> retired;  // detached memory, held until Free
};

struct WinState {
  std::mutex mu;
  napi_env env = nullptr;  // the environment that made the window (hands out its memory)
  int flavor = 0;
  std::vector<int64_t> sizes, units;  // per rank of the window's group (empty: dynamic)
  PinSet base;                         // Win.Create's buffer
  std::map<char*, std::pair<size_t, PinSet>> attached;  // Attach'ed buffers by address: length, store
  Directory dir;                                      // dynamic windows only
  std::vector<PinSet> epoch;  // buffers of pending operations, by target rank (Flush keeps the last few)
  std::vector<Handout> handouts;
  // The epochs this process has open (Open MPI's osc/ucx does not check them; MPICH does).
  bool fence = false, pscw = false, lockAll = false;
  std::vector<char> locked;  // by rank: Lock'ed
  int nLocked = 0;
};

struct WinEntry {
  MPI_Win handle;
  std::shared_ptr<WinState> state;
  bool predefined;
};

HandleTable<WinEntry> g_wins("window", MPI_ERR_WIN);

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// Frees a dynamic window's directory (collective, as the window's MPI_Win_free is).
int FreeDirectory(WinState& st) {
  if (st.dir.win == MPI_WIN_NULL) return MPI_SUCCESS;
  MPI_Win_unlock_all(st.dir.win);
  return MPI_Win_free(&st.dir.win);
}

WinEntry WinArg(const Args& a, size_t i) {
  RequireMpi(a.env());
  WinEntry e = g_wins.Get(a.env(), a.Id(i, "window"));
  if (e.handle == MPI_WIN_NULL) ThrowError(a.env(), "mpi4js: operation on WIN_NULL", MPI_ERR_WIN);
  return e;
}

// Detaches the ArrayBuffers handed out in `env` (others' environments are gone or not ours) and
// drops every reference. With st.mu held.
void DetachHandouts(napi_env env, WinState& st) {
  for (Handout& h : st.handouts) {
    if (st.env == env) {
      napi_value ab = nullptr;
      if (napi_get_reference_value(env, h.ref, &ab) == napi_ok && ab) napi_detach_arraybuffer(env, ab);
      napi_delete_reference(env, h.ref);
    }
  }
  st.handouts.clear();
}

std::mutex g_envs_mu;
std::vector<napi_env> g_envs;  // the environments with a clean-up hook (ForgetEnv)

// The states of the live windows. Lock order: a window's mutex is never taken under the table's
// lock, nor the table's under a window's (ForgetEnv under the table lock waited for a worker's
// Win.Free, which held the window's mutex and then waited for the table: a deadlock).
std::vector<std::shared_ptr<WinState>> LiveStates() {
  std::vector<std::shared_ptr<WinState>> out;
  g_wins.ForEachLive([&out](HandleId, const WinEntry& e) {
    if (e.state) out.push_back(e.state);
  });
  return out;
}

// An environment ends (a worker exits): its ArrayBuffers and references are gone with it.
void ForgetEnv(void* arg) {
  napi_env env = static_cast<napi_env>(arg);
  for (auto& st : LiveStates()) {
    std::lock_guard<std::mutex> lock(st->mu);
    if (st->env != env) continue;
    for (Handout& h : st->handouts) napi_delete_reference(env, h.ref);
    st->handouts.clear();
    st->env = nullptr;
  }
  // A later environment at the same address needs its own hook.
  std::lock_guard<std::mutex> lock(g_envs_mu);
  g_envs.erase(std::remove(g_envs.begin(), g_envs.end(), env), g_envs.end());
}

// Registers a new window: errors come back as codes, sizes and displacement units of every rank
// are gathered (not for dynamic windows), the environment gets its clean-up hook.
Napi::Value AddWin(Napi::Env env, MPI_Win win, MPI_Comm comm, int64_t size, int unit, bool dynamic,
                   std::shared_ptr<WinState> st) {
  int ierr = MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
  int n = 0;
  if (ierr == MPI_SUCCESS) ierr = MPI_Comm_size(comm, &n);
  if (ierr == MPI_SUCCESS) {
    st->epoch.resize(n);
    st->locked.assign(n, 0);
  }
  if (ierr == MPI_SUCCESS && dynamic) {
    // Every directory is initialized before any origin reads one.
    st->sizes.assign(n, 0);
    st->units.assign(n, 1);
    st->dir.seen.resize(n);
    ierr = MPI_Barrier(comm);
  } else if (ierr == MPI_SUCCESS) {
    std::vector<int64_t> mine{size, unit}, all(2 * static_cast<size_t>(n));
    ierr = MPI_Allgather(mine.data(), 2, MPI_INT64_T, all.data(), 2, MPI_INT64_T, comm);
    st->sizes.resize(n);
    st->units.resize(n);
    for (int r = 0; r < n; r++) {
      st->sizes[r] = all[2 * r];
      st->units[r] = all[2 * r + 1];
    }
  }
  if (ierr != MPI_SUCCESS) {
    MPI_Win_free(&win);
    FreeDirectory(*st);
    ThrowMpiError(env, ierr);
  }
  int flag = 0;
  int* flavor = nullptr;
  MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &flavor, &flag);
  st->flavor = flag && flavor ? *flavor : 0;
  st->env = env;
  {
    std::lock_guard<std::mutex> lock(g_envs_mu);
    napi_env e = env;
    bool known = false;
    for (napi_env k : g_envs) known = known || k == e;
    if (!known) {
      g_envs.push_back(e);
      napi_add_env_cleanup_hook(env, ForgetEnv, e);
    }
  }
  return Num(env, static_cast<double>(g_wins.Add(WinEntry{win, std::move(st), false})));
}

int DispUnit(const Args& a, size_t i) {
  int u = a.Int(i, "disp_unit");
  if (u <= 0) ThrowRange(a.env(), "Win: argument 'disp_unit' must be positive");
  return u;
}

// winCreate(memory, dispUnit, info, comm) -> id: the memory's backing store is held by the window.
Napi::Value WinCreate(const Napi::CallbackInfo& info) {
  Args a(info);
  auto st = std::make_shared<WinState>();
  Span s = GetSpan(a.env(), a[0], "Win.Create: argument 'memory'", &st->base);
  int unit = DispUnit(a, 1);
  MPI_Info inf = a.Info(2);
  MPI_Comm comm = a.Comm(3);
  MPI_Win win;
  CHKERR(a.env(), MPI_Win_create(s.length ? s.data : nullptr, static_cast<MPI_Aint>(s.length), unit, inf, comm, &win));
  return AddWin(a.env(), win, comm, static_cast<int64_t>(s.length), unit, false, std::move(st));
}

// winAllocate(size, dispUnit, info, comm, shared) -> id: MPI_Win_allocate(_shared).
Napi::Value WinAllocate(const Napi::CallbackInfo& info) {
  Args a(info);
  int64_t size = a.Count(0, "size");
  int unit = DispUnit(a, 1);
  MPI_Info inf = a.Info(2);
  MPI_Comm comm = a.Comm(3);
  bool shared = info[4].ToBoolean();
  void* base = nullptr;
  MPI_Win win;
  CHKERR(a.env(), shared ? MPI_Win_allocate_shared(size, unit, inf, comm, &base, &win)
                         : MPI_Win_allocate(size, unit, inf, comm, &base, &win));
  return AddWin(a.env(), win, comm, size, unit, false, std::make_shared<WinState>());
}

// winCreateDynamic(info, comm) -> id: the window and its directory.
Napi::Value WinCreateDynamic(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Info inf = a.Info(0);
  MPI_Comm comm = a.Comm(1);
  auto st = std::make_shared<WinState>();
  Directory& d = st->dir;
  int64_t* slots = nullptr;
  CHKERR(a.env(), MPI_Comm_rank(comm, &d.rank));
  CHKERR(a.env(), MPI_Win_allocate(Directory::kSlots * sizeof(int64_t), sizeof(int64_t), MPI_INFO_NULL, comm, &slots, &d.win));
  std::fill(slots, slots + Directory::kSlots, 0);
  int ierr = MPI_Win_set_errhandler(d.win, MPI_ERRORS_RETURN);
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_lock_all(MPI_MODE_NOCHECK, d.win);
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_sync(d.win);
  MPI_Win win;
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_create_dynamic(inf, comm, &win);
  if (ierr != MPI_SUCCESS) {
    FreeDirectory(*st);
    ThrowMpiError(a.env(), ierr);
  }
  return AddWin(a.env(), win, comm, 0, 1, true, std::move(st));
}

// Rewrites this process's directory from st.attached (with st.mu held): seq odd, regions, seq even.
int Publish(WinState& st) {
  Directory& d = st.dir;
  std::vector<int64_t> table{static_cast<int64_t>(st.attached.size())};
  for (auto& kv : st.attached) {
    table.push_back(static_cast<int64_t>(reinterpret_cast<uintptr_t>(kv.first)));
    table.push_back(static_cast<int64_t>(kv.second.first));
  }
  int64_t one = 1, old = 0;
  int ierr = MPI_Fetch_and_op(&one, &old, MPI_INT64_T, d.rank, 0, MPI_SUM, d.win);
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(d.rank, d.win);
  if (ierr == MPI_SUCCESS)
    ierr = MPI_Put(table.data(), static_cast<int>(table.size()), MPI_INT64_T, d.rank, 1, static_cast<int>(table.size()),
                   MPI_INT64_T, d.win);
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(d.rank, d.win);
  if (ierr == MPI_SUCCESS) ierr = MPI_Fetch_and_op(&one, &old, MPI_INT64_T, d.rank, 0, MPI_SUM, d.win);
  if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(d.rank, d.win);
  return ierr;
}

#if defined(OPEN_MPI) && OPEN_MPI && OMPI_MAJOR_VERSION == 4
// Open MPI 4.1's osc/ucx (the component mpi4js selects, csrc/addon.cc) corrupts its region table
// once two buffers are attached: the next operation is a SIGSEGV in ucp_ep_rkey_unpack (C too;
// ompi#6987, fixed in Open MPI 5). One buffer at a time works.
constexpr size_t kMaxAttached = 1;
constexpr const char* kWhyMax = "Open MPI 4.1's osc/ucx fails with more than one, docs/RELIABILITY.md";
#else
constexpr size_t kMaxAttached = Directory::kMaxRegions;
constexpr const char* kWhyMax = "mpi4js's limit";
#endif

// winAttach(win, memory) / winDetach(win, memory): the window holds an attached buffer's store;
// a detached one stays held until Free.
Napi::Value WinAttach(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  PinSet pins;
  Span s = GetSpan(a.env(), a[1], "Win.Attach: argument 'memory'", &pins);
  if (s.length == 0) ThrowRange(a.env(), "Win.Attach: argument 'memory' is empty");
  WinState& st = *e.state;
  std::lock_guard<std::mutex> lock(st.mu);
  if (st.flavor != MPI_WIN_FLAVOR_DYNAMIC) ThrowError(a.env(), "Win.Attach: the window was not made by Create_dynamic", MPI_ERR_WIN);
  if (st.attached.count(s.data)) ThrowError(a.env(), "Win.Attach: argument 'memory' is already attached", MPI_ERR_ARG);
  if (st.attached.size() >= kMaxAttached)
    ThrowError(a.env(), "Win.Attach: " + std::to_string(kMaxAttached) + " buffer(s) are attached already (" + kWhyMax + ")",
               MPI_ERR_ARG);
  CHKERR(a.env(), MPI_Win_attach(e.handle, s.data, static_cast<MPI_Aint>(s.length)));
  st.attached.emplace(s.data, std::make_pair(s.length, std::move(pins)));
  CHKERR(a.env(), Publish(st));
  return a.env().Undefined();
}

Napi::Value WinDetach(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  Span s = GetSpan(a.env(), a[1], "Win.Detach: argument 'memory'");
  WinState& st = *e.state;
  std::lock_guard<std::mutex> lock(st.mu);
  auto it = st.attached.find(s.data);
  if (it == st.attached.end()) ThrowError(a.env(), "Win.Detach: argument 'memory' is not attached", MPI_ERR_ARG);
  // Unpublished first: an origin that reads the directory from now on refuses the region.
  std::pair<size_t, PinSet> held = std::move(it->second);
  st.attached.erase(it);
  st.dir.retired.push_back(std::move(held.second));
  CHKERR(a.env(), Publish(st));
  CHKERR(a.env(), MPI_Win_detach(e.handle, s.data));
  return a.env().Undefined();
}

// winFree(win): MPI_Win_free, then the handed-out memory is detached and the pins released. No
// lock is held across MPI_Win_free (a collective: other ranks may be late).
Napi::Value WinFree(const Napi::CallbackInfo& info) {
  Args a(info);
  HandleId id = ReadId(a.env(), a[0], "window");
  WinEntry e = WinArg(a, 0);
  WinState& st = *e.state;
  {
    std::lock_guard<std::mutex> lock(st.mu);
    if (st.env && st.env != static_cast<napi_env>(a.env()) && !st.handouts.empty())
      ThrowError(a.env(), "Win.Free: the window's memory was handed out to another thread; free it there", MPI_ERR_WIN);
    // MPI forbids freeing a window in a passive-target epoch (Open MPI 4.1's osc/ucx then hangs in MPI_Win_free).
    if (st.lockAll || st.nLocked > 0)
      ThrowError(a.env(), "Win.Free: a passive-target epoch (Lock/Lock_all) is open: call Unlock/Unlock_all first", MPI_ERR_RMA_SYNC);
  }
  MPI_Win h = e.handle;
  CHKERR(a.env(), MPI_Win_free(&h));
  g_wins.Remove(id);
  int ierr = FreeDirectory(st);
  std::lock_guard<std::mutex> lock(st.mu);
  DetachHandouts(a.env(), st);
  st.epoch.clear();
  st.attached.clear();
  st.dir.retired.clear();
  st.base = PinSet();
  if (ierr != MPI_SUCCESS) ThrowMpiError(a.env(), ierr);
  return a.env().Undefined();
}

// The ArrayBuffer over [base, base+length) that this window hands out (one per address).
napi_value HandOut(Napi::Env env, WinState& st, void* base, size_t length, const char* what) {
  if (st.env != static_cast<napi_env>(env))
    ThrowError(env, std::string(what) + ": the window's memory is handed out only on the thread that made the window", MPI_ERR_WIN);
  napi_value ab = nullptr;
  if (length == 0 || !base) {
    void* data;
    napi_create_arraybuffer(env, 0, &data, &ab);
    return ab;
  }
  for (Handout& h : st.handouts) {
    if (h.base != base) continue;
    if (napi_get_reference_value(env, h.ref, &ab) == napi_ok && ab && h.length == length) return ab;
    napi_delete_reference(env, h.ref);  // collected (or another length): a new one replaces it
    h.ref = nullptr;
  }
  st.handouts.erase(std::remove_if(st.handouts.begin(), st.handouts.end(), [](const Handout& h) { return !h.ref; }),
                    st.handouts.end());
  if (napi_create_external_arraybuffer(env, base, length, nullptr, nullptr, &ab) != napi_ok)
    ThrowError(env, std::string(what) + ": cannot make an ArrayBuffer over the window's memory");
  napi_ref ref;
  napi_create_reference(env, ab, 0, &ref);
  st.handouts.push_back(Handout{base, length, ref});
  return ab;
}

// winMemory(win) -> ArrayBuffer over the local memory MPI allocated (Allocate, Allocate_shared).
Napi::Value WinMemory(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  void* base = nullptr;
  MPI_Aint* size = nullptr;
  int flag = 0, flag2 = 0;
  CHKERR(a.env(), MPI_Win_get_attr(e.handle, MPI_WIN_BASE, &base, &flag));
  CHKERR(a.env(), MPI_Win_get_attr(e.handle, MPI_WIN_SIZE, &size, &flag2));
  std::lock_guard<std::mutex> lock(e.state->mu);
  if (e.state->flavor != MPI_WIN_FLAVOR_ALLOCATE && e.state->flavor != MPI_WIN_FLAVOR_SHARED)
    ThrowError(a.env(), "Win.tomemory: only a window made by Allocate or Allocate_shared has memory of MPI's", MPI_ERR_WIN);
  return Napi::Value(a.env(), HandOut(a.env(), *e.state, base, flag2 && size ? static_cast<size_t>(*size) : 0, "Win.tomemory"));
}

// winSharedQuery(win, rank) -> [ArrayBuffer, dispUnit].
Napi::Value WinSharedQuery(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  int rank = a.Int(1, "rank");
  if (e.state->flavor != MPI_WIN_FLAVOR_SHARED)
    ThrowError(a.env(), "Win.Shared_query: the window was not made by Allocate_shared", MPI_ERR_WIN);
  int n = static_cast<int>(e.state->sizes.size());
  if (rank != MPI_PROC_NULL && (rank < 0 || rank >= n))
    ThrowRange(a.env(), "Win.Shared_query: argument 'rank' is not a rank of the window's group (size " + std::to_string(n) +
                            "): " + std::to_string(rank));
  MPI_Aint size = 0;
  int unit = 1;
  void* base = nullptr;
  CHKERR(a.env(), MPI_Win_shared_query(e.handle, rank, &size, &unit, &base));
  std::lock_guard<std::mutex> lock(e.state->mu);
  Napi::Array out = Napi::Array::New(a.env(), 2);
  out.Set(0u, Napi::Value(a.env(), HandOut(a.env(), *e.state, base, static_cast<size_t>(size), "Win.Shared_query")));
  out.Set(1u, Num(a.env(), unit));
  return out;
}

// winGetAttr(win, keyval) -> number | null (WIN_BASE is the address).
Napi::Value WinGetAttr(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  int key = a.Int(1, "keyval");
  void* v = nullptr;
  int flag = 0;
  if (key != MPI_WIN_BASE && key != MPI_WIN_SIZE && key != MPI_WIN_DISP_UNIT && key != MPI_WIN_CREATE_FLAVOR &&
      key != MPI_WIN_MODEL)
    ThrowError(a.env(), "Win.Get_attr: argument 'keyval' is not a predefined window attribute", MPI_ERR_KEYVAL);
  CHKERR(a.env(), MPI_Win_get_attr(e.handle, key, &v, &flag));
  if (!flag) return a.env().Null();
  if (key == MPI_WIN_BASE) return Num(a.env(), static_cast<double>(reinterpret_cast<uintptr_t>(v)));
  if (key == MPI_WIN_SIZE) return Num(a.env(), static_cast<double>(*static_cast<MPI_Aint*>(v)));
  return Num(a.env(), *static_cast<int*>(v));
}

Napi::Value WinGetGroup(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  MPI_Group g;
  CHKERR(a.env(), MPI_Win_get_group(e.handle, &g));
  if (g == MPI_GROUP_EMPTY) return Num(a.env(), 1);
  return Num(a.env(), static_cast<double>(g_groups.Add(GroupEntry{g, false})));
}

// winSetInfo(win, info) / winGetInfo(win) -> id of a new info (the caller frees it).
Napi::Value WinSetInfo(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  CHKERR(a.env(), MPI_Win_set_info(e.handle, a.Info(1)));
  return a.env().Undefined();
}

Napi::Value WinGetInfo(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  MPI_Info out;
  CHKERR(a.env(), MPI_Win_get_info(e.handle, &out));
  return Num(a.env(), static_cast<double>(AddInfo(out)));
}

// winGetErrhandler(win) -> id / winSetErrhandler(win, errhandler) / winCallErrhandler(win, code).
Napi::Value WinGetErrhandler(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  MPI_Errhandler out;
  CHKERR(a.env(), MPI_Win_get_errhandler(e.handle, &out));
  return Num(a.env(), static_cast<double>(AddErrhandler(out)));
}

Napi::Value WinSetErrhandler(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  CHKERR(a.env(), MPI_Win_set_errhandler(e.handle, ReadErrhandler(a.env(), a[1])));
  return a.env().Undefined();
}

Napi::Value WinCallErrhandler(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  CHKERR(a.env(), MPI_Win_call_errhandler(e.handle, a.Int(1, "errorcode")));
  return a.env().Undefined();
}

Napi::Value WinGetName(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  char name[MPI_MAX_OBJECT_NAME + 1] = {0};
  int len = 0;
  CHKERR(a.env(), MPI_Win_get_name(e.handle, name, &len));
  return Napi::String::New(a.env(), name, static_cast<size_t>(len));
}

Napi::Value WinSetName(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  if (!info[1].IsString()) ThrowType(a.env(), "Win.Set_name: argument 'name' must be a string");
  std::string name = info[1].As<Napi::String>().Utf8Value();
  if (name.size() >= MPI_MAX_OBJECT_NAME) ThrowRange(a.env(), "Win.Set_name: argument 'name' is too long");
  CHKERR(a.env(), MPI_Win_set_name(e.handle, name.c_str()));
  return a.env().Undefined();
}

// ---- RMA operations ----------------------------------------------------------------------

// The target of an operation: rank, displacement (in the target's disp_unit), count, datatype.
struct Target {
  int rank;
  MPI_Aint disp;
  int count;
  MPI_Datatype type;
};

// The regions attached at `rank` (base, len pairs) as its directory says now (with st.mu held):
// re-read only when its sequence number moved. 0 or an MPI error code.
int Regions(WinState& st, int rank, const std::vector<int64_t>** out) {
  Directory& d = st.dir;
  Directory::Seen& seen = d.seen[rank];
  *out = &seen.regions;
  int64_t none = 0, seq = 0, seq2 = 0;
  for (int tries = 0;; tries++) {
    int ierr = MPI_Fetch_and_op(&none, &seq, MPI_INT64_T, rank, 0, MPI_NO_OP, d.win);
    if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(rank, d.win);
    if (ierr != MPI_SUCCESS) return ierr;
    if (seq == seen.seq) return MPI_SUCCESS;
    if (seq % 2 == 0) {
      int64_t table[Directory::kSlots - 1];
      ierr = MPI_Get(table, Directory::kSlots - 1, MPI_INT64_T, rank, 1, Directory::kSlots - 1, MPI_INT64_T, d.win);
      if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(rank, d.win);
      if (ierr == MPI_SUCCESS) ierr = MPI_Fetch_and_op(&none, &seq2, MPI_INT64_T, rank, 0, MPI_NO_OP, d.win);
      if (ierr == MPI_SUCCESS) ierr = MPI_Win_flush(rank, d.win);
      if (ierr != MPI_SUCCESS) return ierr;
      int64_t n = table[0];
      if (seq2 == seq && n >= 0 && n <= Directory::kMaxRegions) {
        seen.regions.assign(table + 1, table + 1 + 2 * n);
        seen.seq = seq;
        return MPI_SUCCESS;
      }
    }
    if (tries > 1000) return MPI_ERR_OTHER;  // the owner never finished a rewrite (it cannot stop halfway)
    std::this_thread::yield();
  }
}

// On a dynamic window: the bytes [lo, hi) (absolute addresses) lie inside one region attached at `rank`.
void CheckAttached(Napi::Env env, const WinEntry& e, const char* method, int rank, __int128 lo, __int128 hi) {
  WinState& st = *e.state;
  std::lock_guard<std::mutex> lock(st.mu);
  bool inside = false;
  if (rank == st.dir.rank) {
    for (auto& kv : st.attached) {
      __int128 base = static_cast<__int128>(reinterpret_cast<uintptr_t>(kv.first));
      inside = inside || (lo >= base && hi <= base + static_cast<__int128>(kv.second.first));
    }
  } else {
    const std::vector<int64_t>* regions;
    CHKERR(env, Regions(st, rank, &regions));
    for (size_t k = 0; k + 1 < regions->size(); k += 2)
      inside = inside || (lo >= (*regions)[k] && hi <= static_cast<__int128>((*regions)[k]) + (*regions)[k + 1]);
  }
  if (!inside)
    ThrowRange(env, std::string(method) + ": argument 'target': the " + std::to_string(static_cast<int64_t>(hi - lo)) +
                        " byte(s) at address " + std::to_string(static_cast<int64_t>(lo)) +
                        " are not inside memory attached to the window at rank " + std::to_string(rank) +
                        " (an address is MPI.Get_address of an attached buffer, plus bytes)");
}

// Checks that `count` elements of dt at displacement disp lie inside the target's window (on a
// dynamic window: inside memory attached at the target).
void CheckTarget(Napi::Env env, const WinEntry& e, const char* method, int rank, int64_t disp, int64_t count,
                 const DatatypeEntry& dt) {
  if (rank == MPI_PROC_NULL) return;
  const WinState& st = *e.state;
  int n = static_cast<int>(st.sizes.size());
  if (rank < 0 || rank >= n)
    ThrowError(env, std::string(method) + ": argument 'target_rank' is not a rank of the window's group (size " +
                        std::to_string(n) + "): " + std::to_string(rank), MPI_ERR_RANK);
  int64_t first, last;
  bool ok = AccessRange(dt, count, &first, &last);
  __int128 at = static_cast<__int128>(disp) * st.units[rank];
  if (ok && st.flavor == MPI_WIN_FLAVOR_DYNAMIC) {
    if (last > first) CheckAttached(env, e, method, rank, at + first, at + last);
    return;
  }
  if (!ok || at + first < 0 || at + last > st.sizes[rank])
    ThrowRange(env, std::string(method) + ": argument 'target': " + std::to_string(count) + " element(s) at displacement " +
                        std::to_string(disp) + " (disp_unit " + std::to_string(st.units[rank]) +
                        ") reach past the window of rank " + std::to_string(rank) + " (" +
                        std::to_string(st.sizes[rank]) + " bytes)");
}

// Reads (rank, disp, count, type) at i..i+3 and checks the access against the target's window.
Target ReadTarget(const Args& a, size_t i, const WinEntry& e, const char* method) {
  Target t;
  t.rank = a.Int(i, "target_rank");
  int64_t disp = a.Count(i + 1, "target_disp");
  int64_t count = a.Count(i + 2, "target count");
  DatatypeEntry dt = a.Type(i + 3);
  if (!dt.committed) ThrowType(a.env(), std::string(method) + ": argument 'target': the datatype is not committed");
  if (count > INT_MAX) ThrowRange(a.env(), std::string(method) + ": argument 'target': count beyond 2^31-1");
  CheckTarget(a.env(), e, method, t.rank, disp, count, dt);
  t.disp = static_cast<MPI_Aint>(disp);
  t.count = static_cast<int>(count);
  t.type = dt.handle;
  return t;
}

// Every rank, for RequireEpoch and Completed (not -1: MPICH's MPI_PROC_NULL).
constexpr int kAllRanks = INT_MIN;

// An RMA operation (passive: a request-based one, or a flush) needs an open access epoch to `rank`
// (any rank: kAllRanks): else an MPI.Exception of class MPI_ERR_RMA_SYNC, as MPICH reports it.
// `origins`: the deferred pins of the operation's buffers, pinned for the epoch to `rank` under the
// same lock (one lock per operation).
void RequireEpoch(Napi::Env env, const WinEntry& e, int rank, bool passive, const char* method, PinSet* origins = nullptr) {
  if (rank == MPI_PROC_NULL) return;
  WinState& st = *e.state;
  std::lock_guard<std::mutex> lock(st.mu);
  bool mine = rank >= 0 && rank < static_cast<int>(st.locked.size());
  bool open = st.lockAll || (rank == kAllRanks ? st.nLocked > 0 : mine && st.locked[rank]) || (!passive && (st.fence || st.pscw));
  if (!open)
    ThrowError(env, std::string(method) + ": no " + (passive ? "passive-target (Lock/Lock_all) " : "") + "access epoch to " +
                        (rank == kAllRanks ? std::string("any rank") : "rank " + std::to_string(rank)) +
                        " is open (call " + (passive ? "Lock or Lock_all" : "Fence, Start, Lock or Lock_all") + " first)",
               MPI_ERR_RMA_SYNC);
  if (origins && mine) origins->ResolveInto(env, st.epoch[rank]);
}

// A predefined op (MPI forbids user-defined ops in RMA).
MPI_Op RmaOp(const Args& a, size_t i, const char* method) {
  OpEntry op = g_ops.Get(a.env(), a.Id(i, "op"));
  if (!op.predefined || op.handle == MPI_OP_NULL)
    ThrowError(a.env(), std::string(method) + ": argument 'op' must be a predefined operation (MPI allows no user-defined op in RMA)",
               MPI_ERR_OP);
  return op.handle;
}

// Where an operation's buffers are pinned: the request's holdings (R forms) or the window's epoch
// pins of the target rank (until the epoch ends; a flush keeps the last few, so an origin reused op
// after op is pinned once, csrc/pin.h Defer).
// The pins of the operation under way: one set per thread, emptied after each call (it keeps its
// capacity, so an operation allocates nothing).
PinSet& FramePins() {
  thread_local PinSet pins;
  return pins;
}

struct RmaFrame {
  RmaFrame(const Args& args, bool request) : a(args), e(WinArg(a, 0)), scratch(FramePins()) {
    if (request) hold = NewHold<true>();
    scratch.Defer(!request);
  }
  ~RmaFrame() { scratch.Clear(); }
  PinSet* Pins() { return hold ? &hold->pins : &scratch; }
  // Before the MPI call: an access epoch to `rank` is open, and the buffers are pinned for it.
  void Epoch(int rank, const char* method) { RequireEpoch(a.env(), e, rank, hold != nullptr, method, hold ? nullptr : &scratch); }
  // After the MPI call: the request id (R forms).
  napi_value Done(int ierr, MPI_Request q) {
    if (ierr != MPI_SUCCESS) ThrowMpiError(a.env(), ierr);
    if (hold) return Num(a.env(), static_cast<double>(AddRequest(a.env(), q, false, true, std::move(hold), true)));
    return a.env().Undefined();
  }
  Args a;
  WinEntry e;
  Hold hold;
  PinSet& scratch;
};

// winPut / winGet / winRput / winRget (win, buf, off, count, type, rank, disp, tcount, ttype).
template <bool IsPut, bool R, bool S = false>
napi_value PutGet(napi_env env, napi_callback_info cbi) {
  const char* method = IsPut ? (R ? "Win.Rput" : "Win.Put") : (R ? "Win.Rget" : "Win.Get");
  const char* what = IsPut ? (R ? "Win.Rput (origin)" : "Win.Put (origin)") : (R ? "Win.Rget (origin)" : "Win.Get (origin)");
  RmaFrame f(Args::Of<S>(env, cbi, 1u << 1), R);
  Buffer o;
  f.a.Plain(1, o, what, P2P(f.Pins()));
  Target t = ReadTarget(f.a, 5, f.e, method);
  f.Epoch(t.rank, method);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr;
  if (IsPut)
    ierr = R ? MPI_Rput(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, f.e.handle, &q)
             : MPI_Put(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, f.e.handle);
  else
    ierr = R ? MPI_Rget(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, f.e.handle, &q)
             : MPI_Get(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, f.e.handle);
  return f.Done(ierr, q);
}

// The scratch forms (csrc/args.h Scratch) of the hot ones: only the origin is an argument.
template <bool S>
napi_value Put(napi_env env, napi_callback_info cbi) { return PutGet<true, false, S>(env, cbi); }
template <bool S>
napi_value Get(napi_env env, napi_callback_info cbi) { return PutGet<false, false, S>(env, cbi); }

// winAccumulate / winRaccumulate (win, buf, off, count, type, rank, disp, tcount, ttype, op).
template <bool R>
napi_value Accumulate(napi_env env, napi_callback_info cbi) {
  const char* method = R ? "Win.Raccumulate" : "Win.Accumulate";
  RmaFrame f(Args(env, cbi), R);
  Buffer o;
  f.a.Plain(1, o, R ? "Win.Raccumulate (origin)" : "Win.Accumulate (origin)", P2P(f.Pins()));
  Target t = ReadTarget(f.a, 5, f.e, method);
  MPI_Op op = RmaOp(f.a, 9, method);
  f.Epoch(t.rank, method);
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = R ? MPI_Raccumulate(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, op, f.e.handle, &q)
               : MPI_Accumulate(o.ptr, o.count, o.type, t.rank, t.disp, t.count, t.type, op, f.e.handle);
  return f.Done(ierr, q);
}

// winGetAccumulate / winRgetAccumulate (win, obuf, ooff, ocount, otype, rbuf, roff, rcount, rtype,
// rank, disp, tcount, ttype, op); the origin is ignored (may be null) with NO_OP.
template <bool R>
napi_value GetAccumulate(napi_env env, napi_callback_info cbi) {
  const char* method = R ? "Win.Rget_accumulate" : "Win.Get_accumulate";
  RmaFrame f(Args(env, cbi), R);
  MPI_Op op = RmaOp(f.a, 13, method);
  Buffer o, r;
  Use ou = P2P(f.Pins());
  ou.needed = op != MPI_NO_OP;
  f.a.Plain(1, o, R ? "Win.Rget_accumulate (origin)" : "Win.Get_accumulate (origin)", ou);
  f.a.Plain(5, r, R ? "Win.Rget_accumulate (result)" : "Win.Get_accumulate (result)", P2P(f.Pins()));
  Target t = ReadTarget(f.a, 9, f.e, method);
  f.Epoch(t.rank, method);
  bool noOrigin = op == MPI_NO_OP;
  const void* optr = noOrigin ? r.ptr : o.ptr;
  int ocount = noOrigin ? 0 : o.count;
  MPI_Datatype otype = noOrigin ? r.type : o.type;
  MPI_Request q = MPI_REQUEST_NULL;
  int ierr = R ? MPI_Rget_accumulate(optr, ocount, otype, r.ptr, r.count, r.type, t.rank, t.disp, t.count, t.type, op,
                                     f.e.handle, &q)
               : MPI_Get_accumulate(optr, ocount, otype, r.ptr, r.count, r.type, t.rank, t.disp, t.count, t.type, op,
                                    f.e.handle);
  return f.Done(ierr, q);
}

// winFetchAndOp(win, obuf, ooff, rbuf, roff, type, rank, disp, op): one element of `type`; the
// origin is ignored (may be null) with NO_OP. Scratch form: the two buffers are the arguments.
template <bool S>
napi_value FetchAndOp(napi_env env, napi_callback_info cbi) {
  const char* method = "Win.Fetch_and_op";
  RmaFrame f(Args::Of<S>(env, cbi, 1u << 1 | 1u << 3), false);
  Args& a = f.a;
  MPI_Op op = RmaOp(a, 8, method);
  DatatypeEntry dt = a.Type(5);
  Buffer o, r;
  Use ou = P2P(f.Pins());
  ou.needed = op != MPI_NO_OP;
  o.Bind(a.env(), a[1], a.Offset(2, "Win.Fetch_and_op (origin)"), 1, dt, "Win.Fetch_and_op (origin)", ou);
  r.Bind(a.env(), a[3], a.Offset(4, "Win.Fetch_and_op (result)"), 1, dt, "Win.Fetch_and_op (result)", P2P(f.Pins()));
  int rank = a.Int(6, "target_rank");
  int64_t disp = a.Count(7, "target_disp");
  CheckTarget(a.env(), f.e, method, rank, disp, 1, dt);
  f.Epoch(rank, method);
  int ierr = MPI_Fetch_and_op(op == MPI_NO_OP ? r.ptr : o.ptr, r.ptr, dt.handle, rank, static_cast<MPI_Aint>(disp), op,
                              f.e.handle);
  return f.Done(ierr, MPI_REQUEST_NULL);
}

// winCompareAndSwap(win, obuf, ooff, cbuf, coff, rbuf, roff, type, rank, disp): one element.
napi_value CompareAndSwap(napi_env env, napi_callback_info cbi) {
  const char* method = "Win.Compare_and_swap";
  RmaFrame f(Args(env, cbi), false);
  Args& a = f.a;
  DatatypeEntry dt = a.Type(7);
  Buffer o, c, r;
  o.Bind(a.env(), a[1], a.Offset(2, "Win.Compare_and_swap (origin)"), 1, dt, "Win.Compare_and_swap (origin)", P2P(f.Pins()));
  c.Bind(a.env(), a[3], a.Offset(4, "Win.Compare_and_swap (compare)"), 1, dt, "Win.Compare_and_swap (compare)", P2P(f.Pins()));
  r.Bind(a.env(), a[5], a.Offset(6, "Win.Compare_and_swap (result)"), 1, dt, "Win.Compare_and_swap (result)", P2P(f.Pins()));
  int rank = a.Int(8, "target_rank");
  int64_t disp = a.Count(9, "target_disp");
  CheckTarget(a.env(), f.e, method, rank, disp, 1, dt);
  f.Epoch(rank, method);
  int ierr = MPI_Compare_and_swap(o.ptr, c.ptr, r.ptr, dt.handle, rank, static_cast<MPI_Aint>(disp), f.e.handle);
  return f.Done(ierr, MPI_REQUEST_NULL);
}

// ---- synchronization ----------------------------------------------------------------------

// After a sync call that completed the operations to `rank` (or kAllRanks): the epoch ended
// (Fence, Complete, Unlock, Unlock_all) releases their pins; a flush keeps the few stores added
// last (an origin reused op after op is not pinned again), released when the epoch ends.
constexpr size_t kKeptAfterFlush = 4;
void Completed(const WinEntry& e, int rank, bool ended) {
  // Released after the lock; `drop` keeps its capacity (no allocation per flush).
  thread_local PinSet drop;
  {
    WinState& st = *e.state;
    std::lock_guard<std::mutex> lock(st.mu);
    int n = static_cast<int>(st.epoch.size());
    for (int r = rank == kAllRanks ? 0 : rank; r >= 0 && r < n && (rank == kAllRanks || r == rank); r++) {
      if (ended) drop.Absorb(st.epoch[r]);
      else st.epoch[r].MoveExceptLast(kKeptAfterFlush, drop);
    }
  }
  drop.Clear();
}

MPI_Group GroupOf(const Args& a, size_t i) {
  GroupEntry g = g_groups.Arg(a.env(), a[i]);
  if (g.handle == MPI_GROUP_NULL) ThrowError(a.env(), "mpi4js: operation on GROUP_NULL", MPI_ERR_GROUP);
  return g.handle;
}

// kind: 0 Fence(assert), 1 Start(group, assert), 2 Complete, 3 Post(group, assert), 4 Wait,
// 5 Lock(type, rank, assert), 6 Unlock(rank), 7 Lock_all(assert), 8 Unlock_all, 9 Flush(rank),
// 10 Flush_all, 11 Flush_local(rank), 12 Flush_local_all, 13 Sync.
template <int Kind, bool S = false>
napi_value Sync(napi_env napiEnv, napi_callback_info cbi) {
  static const char* const kNames[] = {"Win.Fence", "Win.Start", "Win.Complete", "Win.Post", "Win.Wait", "Win.Lock",
                                       "Win.Unlock", "Win.Lock_all", "Win.Unlock_all", "Win.Flush", "Win.Flush_all",
                                       "Win.Flush_local", "Win.Flush_local_all", "Win.Sync"};
  Args a = Args::Of<S>(napiEnv, cbi, 0);
  WinEntry e = WinArg(a, 0);
  MPI_Win w = e.handle;
  Napi::Env env = a.env();
  WinState& st = *e.state;
  int rank = kAllRanks;
  switch (Kind) {
    case 0: {
      int assertion = a.Int(1, "assertion");
      CHKERR(env, MPI_Win_fence(assertion, w));
      std::lock_guard<std::mutex> lock(st.mu);
      st.fence = !(assertion & MPI_MODE_NOSUCCEED);
      break;
    }
    case 1: {
      MPI_Group g = GroupOf(a, 1);
      CHKERR(env, MPI_Win_start(g, a.Int(2, "assertion"), w));
      std::lock_guard<std::mutex> lock(st.mu);
      st.pscw = true;
      return env.Undefined();
    }
    case 2: {
      CHKERR(env, MPI_Win_complete(w));
      std::lock_guard<std::mutex> lock(st.mu);
      st.pscw = false;
      break;
    }
    case 3: {
      MPI_Group g = GroupOf(a, 1);
      CHKERR(env, MPI_Win_post(g, a.Int(2, "assertion"), w));
      return env.Undefined();
    }
    case 4: CHKERR(env, MPI_Win_wait(w)); return env.Undefined();
    case 5: {
      int type = a.Int(1, "lock_type");
      rank = a.Int(2, "rank");
      int assertion = a.Int(3, "assertion");
      CHKERR(env, MPI_Win_lock(type, rank, assertion, w));
      std::lock_guard<std::mutex> lock(st.mu);
      if (rank >= 0 && rank < static_cast<int>(st.locked.size()) && !st.locked[rank]) {
        st.locked[rank] = 1;
        st.nLocked++;
      }
      return env.Undefined();
    }
    case 6: {
      rank = a.Int(1, "rank");
      CHKERR(env, MPI_Win_unlock(rank, w));
      std::lock_guard<std::mutex> lock(st.mu);
      if (rank >= 0 && rank < static_cast<int>(st.locked.size()) && st.locked[rank]) {
        st.locked[rank] = 0;
        st.nLocked--;
      }
      break;
    }
    case 7: {
      int assertion = a.Int(1, "assertion");
      CHKERR(env, MPI_Win_lock_all(assertion, w));
      std::lock_guard<std::mutex> lock(st.mu);
      st.lockAll = true;
      return env.Undefined();
    }
    case 8: {
      CHKERR(env, MPI_Win_unlock_all(w));
      std::lock_guard<std::mutex> lock(st.mu);
      st.lockAll = false;
      break;
    }
    case 9: rank = a.Int(1, "rank"); RequireEpoch(env, e, rank, true, kNames[Kind]); CHKERR(env, MPI_Win_flush(rank, w)); break;
    case 10: RequireEpoch(env, e, kAllRanks, true, kNames[Kind]); CHKERR(env, MPI_Win_flush_all(w)); break;
    case 11: rank = a.Int(1, "rank"); RequireEpoch(env, e, rank, true, kNames[Kind]); CHKERR(env, MPI_Win_flush_local(rank, w)); break;
    case 12: RequireEpoch(env, e, kAllRanks, true, kNames[Kind]); CHKERR(env, MPI_Win_flush_local_all(w)); break;
    case 13: CHKERR(env, MPI_Win_sync(w)); return env.Undefined();
  }
  Completed(e, rank, Kind == 0 || Kind == 2 || Kind == 6 || Kind == 8);
  return env.Undefined();
}

// winTest(win) -> bool (MPI_Win_test).
Napi::Value WinTest(const Napi::CallbackInfo& info) {
  Args a(info);
  WinEntry e = WinArg(a, 0);
  int flag = 0;
  CHKERR(a.env(), MPI_Win_test(e.handle, &flag));
  return Napi::Boolean::New(a.env(), flag != 0);
}

}  // namespace

// Before MPI_Finalize: the memory MPI owns may go with it, so every ArrayBuffer handed out for a
// window in this environment is detached (the windows themselves are the user's to free).
void DetachWindowMemory(napi_env env) {
  for (auto& st : LiveStates()) {
    std::lock_guard<std::mutex> lock(st->mu);
    DetachHandouts(env, *st);
  }
}

Napi::Object WinConstants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
#define K(name) c.Set(#name, Napi::Number::New(env, MPI_##name))
  K(WIN_BASE); K(WIN_SIZE); K(WIN_DISP_UNIT); K(WIN_CREATE_FLAVOR); K(WIN_MODEL);
  K(WIN_FLAVOR_CREATE); K(WIN_FLAVOR_ALLOCATE); K(WIN_FLAVOR_DYNAMIC); K(WIN_FLAVOR_SHARED);
  K(WIN_SEPARATE); K(WIN_UNIFIED); K(MODE_NOCHECK); K(MODE_NOSTORE); K(MODE_NOPUT); K(MODE_NOPRECEDE);
  K(MODE_NOSUCCEED); K(LOCK_EXCLUSIVE); K(LOCK_SHARED);
#undef K
  c.Set("WIN_NULL", Napi::Number::New(env, 0));
  return c;
}

void InitWin(Napi::Env env, Napi::Object exports) {
  static std::once_flag once;
  std::call_once(once, [] { g_wins.AddFixed(0, WinEntry{MPI_WIN_NULL, nullptr, true}); });
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("winCreate", WinCreate);
  FN("winAllocate", WinAllocate);
  FN("winCreateDynamic", WinCreateDynamic);
  FN("winAttach", WinAttach);
  FN("winDetach", WinDetach);
  FN("winFree", WinFree);
  FN("winMemory", WinMemory);
  FN("winSharedQuery", WinSharedQuery);
  FN("winGetAttr", WinGetAttr);
  FN("winGetGroup", WinGetGroup);
  FN("winSetInfo", WinSetInfo);
  FN("winGetInfo", WinGetInfo);
  FN("winGetErrhandler", WinGetErrhandler);
  FN("winSetErrhandler", WinSetErrhandler);
  FN("winCallErrhandler", WinCallErrhandler);
  FN("winGetName", WinGetName);
  FN("winSetName", WinSetName);
#define RAW(name, fn) MPI4JS_RAW(exports, env, name, fn)
  MPI4JS_RAW_SCRATCH(exports, env, "winPut", Put);
  MPI4JS_RAW_SCRATCH(exports, env, "winGet", Get);
  RAW("winRput", (PutGet<true, true>));
  RAW("winRget", (PutGet<false, true>));
  RAW("winAccumulate", Accumulate<false>);
  RAW("winRaccumulate", Accumulate<true>);
  RAW("winGetAccumulate", GetAccumulate<false>);
  RAW("winRgetAccumulate", GetAccumulate<true>);
  MPI4JS_RAW_SCRATCH(exports, env, "winFetchAndOp", FetchAndOp);
  RAW("winCompareAndSwap", CompareAndSwap);
  RAW("winFence", Sync<0>);
  RAW("winStart", Sync<1>);
  RAW("winComplete", Sync<2>);
  RAW("winPost", Sync<3>);
  RAW("winWait", Sync<4>);
  RAW("winLock", Sync<5>);
  RAW("winUnlock", Sync<6>);
  RAW("winLockAll", Sync<7>);
  RAW("winUnlockAll", Sync<8>);
  RAW("winFlush", Sync<9>);
  exports.Set("winFlushScratch", RawFunction(env, "winFlushScratch", GatedRaw<Sync<9, true>>, ScratchOf(env)));
  RAW("winFlushAll", Sync<10>);
  RAW("winFlushLocal", Sync<11>);
  RAW("winFlushLocalAll", Sync<12>);
  RAW("winSync", Sync<13>);
  FN("winTest", WinTest);
#undef FN
#undef RAW
  exports.Set("winConstants", WinConstants(env));
}

}  // namespace mpi4js
