// Groups, and the communicators made from groups: Comm_group, Comm_create(_group), intercomms.
// One MPI call per function; the TypeScript layer (Group.ts, Comm.ts) holds the policy.
#include <mutex>
#include <string>

#include "args.h"
#include "arrays.h"
#include "handles.h"

namespace mpi4js {

namespace {

enum : int32_t { kGroupNull = 0, kGroupEmpty = 1 };
std::once_flag g_group_predefined_once;

// MPI_GROUP_EMPTY is one predefined handle; every other group is a new entry.
HandleId AddGroup(MPI_Group g) {
  if (g == MPI_GROUP_NULL) return kGroupNull;
  if (g == MPI_GROUP_EMPTY) return kGroupEmpty;
  return g_groups.Add(GroupEntry{g, false});
}

MPI_Group GroupArg(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  GroupEntry e = g_groups.Arg(info, i);
  if (e.handle == MPI_GROUP_NULL) ThrowError(info.Env(), "mpi4js: operation on GROUP_NULL", MPI_ERR_GROUP);
  return e.handle;
}


// MPICH 4.0 asserts (aborts the process) in MPI_Intercomm_merge on an intracommunicator.
MPI_Comm IntercommOf(const Napi::CallbackInfo& info, size_t i) {
  MPI_Comm comm = Args(info).Comm(i);
  int inter = 0;
  CHKERR(info.Env(), MPI_Comm_test_inter(comm, &inter));
  if (!inter) ThrowError(info.Env(), "mpi4js: the communicator is not an intercommunicator", MPI_ERR_COMM);
  return comm;
}

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// Libraries do not all validate rank lists (some crash on an out-of-range rank): check here.
void CheckRanks(Napi::Env env, MPI_Group g, const std::vector<int>& ranks, bool distinct, bool allowProcNull) {
  int size;
  CHKERR(env, MPI_Group_size(g, &size));
  std::vector<char> seen(static_cast<size_t>(size), 0);
  for (int r : ranks) {
    if (allowProcNull && r == MPI_PROC_NULL) continue;
    if (r < 0 || r >= size) ThrowRange(env, "native: rank " + std::to_string(r) + " is not in the group");
    if (distinct && seen[r]++) ThrowRange(env, "native: rank " + std::to_string(r) + " is listed twice");
  }
}

// Expands [first, last, stride] triplets into ranks (validated like CheckRanks).
std::vector<int> ExpandRanges(Napi::Env env, MPI_Group g, const std::vector<int>& flat) {
  int size;
  CHKERR(env, MPI_Group_size(g, &size));
  std::vector<int> out;
  for (size_t k = 0; k + 2 < flat.size(); k += 3) {
    int first = flat[k], last = flat[k + 1], stride = flat[k + 2];
    if (stride == 0) ThrowRange(env, "native: range stride is 0");
    if (first < 0 || first >= size || last < 0 || last >= size) ThrowRange(env, "native: range is outside the group");
    if (stride > 0) {
      for (int64_t r = first; r <= last; r += stride) out.push_back(static_cast<int>(r));
    } else {
      for (int64_t r = first; r >= last; r += stride) out.push_back(static_cast<int>(r));
    }
  }
  CheckRanks(env, g, out, true, false);
  return out;
}

Napi::Value CommGroup(const Napi::CallbackInfo& info) {
  MPI_Group g;
  CHKERR(info.Env(), MPI_Comm_group(Args(info).Comm(0), &g));
  return Num(info.Env(), AddGroup(g));
}

Napi::Value CommRemoteGroup(const Napi::CallbackInfo& info) {
  MPI_Group g;
  CHKERR(info.Env(), MPI_Comm_remote_group(Args(info).Comm(0), &g));
  return Num(info.Env(), AddGroup(g));
}

Napi::Value GroupSize(const Napi::CallbackInfo& info) {
  int s;
  CHKERR(info.Env(), MPI_Group_size(GroupArg(info, 0), &s));
  return Num(info.Env(), s);
}

Napi::Value GroupRank(const Napi::CallbackInfo& info) {
  int r;
  CHKERR(info.Env(), MPI_Group_rank(GroupArg(info, 0), &r));
  return Num(info.Env(), r);
}

// groupIncl(group, ranks) / groupExcl(group, ranks)
Napi::Value GroupInclExcl(const Napi::CallbackInfo& info, bool incl) {
  MPI_Group g = GroupArg(info, 0);
  std::vector<int> ranks = ArgIntList(info, 1, "ranks");
  CheckRanks(info.Env(), g, ranks, true, false);
  MPI_Group out;
  int n = static_cast<int>(ranks.size());
  CHKERR(info.Env(), incl ? MPI_Group_incl(g, n, IntPtr(ranks), &out) : MPI_Group_excl(g, n, IntPtr(ranks), &out));
  return Num(info.Env(), AddGroup(out));
}
Napi::Value GroupIncl(const Napi::CallbackInfo& info) { return GroupInclExcl(info, true); }
Napi::Value GroupExcl(const Napi::CallbackInfo& info) { return GroupInclExcl(info, false); }

// groupRangeIncl(group, flat [first, last, stride, ...]) / groupRangeExcl
Napi::Value GroupRange(const Napi::CallbackInfo& info, bool incl) {
  MPI_Group g = GroupArg(info, 0);
  std::vector<int> flat = ArgIntList(info, 1, "ranges");
  if (flat.size() % 3 != 0) ThrowRange(info.Env(), "native: ranges must be triplets");
  ExpandRanges(info.Env(), g, flat);
  int n = static_cast<int>(flat.size() / 3);
  int(*ranges)[3] = n ? reinterpret_cast<int(*)[3]>(flat.data()) : nullptr;
  static int none[1][3] = {{0, 0, 1}};
  if (!ranges) ranges = none;
  MPI_Group out;
  CHKERR(info.Env(), incl ? MPI_Group_range_incl(g, n, ranges, &out) : MPI_Group_range_excl(g, n, ranges, &out));
  return Num(info.Env(), AddGroup(out));
}
Napi::Value GroupRangeIncl(const Napi::CallbackInfo& info) { return GroupRange(info, true); }
Napi::Value GroupRangeExcl(const Napi::CallbackInfo& info) { return GroupRange(info, false); }

// groupSetOp(kind, a, b): 0 union, 1 intersection, 2 difference
Napi::Value GroupSetOp(const Napi::CallbackInfo& info) {
  int kind = ArgInt(info, 0, "kind");
  MPI_Group a = GroupArg(info, 1), b = GroupArg(info, 2);
  MPI_Group out;
  int ierr;
  switch (kind) {
    case 0: ierr = MPI_Group_union(a, b, &out); break;
    case 1: ierr = MPI_Group_intersection(a, b, &out); break;
    case 2: ierr = MPI_Group_difference(a, b, &out); break;
    default: ThrowRange(info.Env(), "native: unknown group operation");
  }
  if (ierr != MPI_SUCCESS) ThrowMpiError(info.Env(), ierr);
  return Num(info.Env(), AddGroup(out));
}

// groupTranslateRanks(g1, ranks, g2) -> ranks in g2 (MPI_UNDEFINED where absent)
Napi::Value GroupTranslateRanks(const Napi::CallbackInfo& info) {
  MPI_Group a = GroupArg(info, 0);
  std::vector<int> ranks = ArgIntList(info, 1, "ranks");
  MPI_Group b = GroupArg(info, 2);
  CheckRanks(info.Env(), a, ranks, false, true);
  std::vector<int> out(ranks.size() + 1);
  CHKERR(info.Env(), MPI_Group_translate_ranks(a, static_cast<int>(ranks.size()), IntPtr(ranks), b, out.data()));
  return ToJsArray(info.Env(), out.data(), ranks.size());
}

Napi::Value GroupCompare(const Napi::CallbackInfo& info) {
  MPI_Group a = GroupArg(info, 0), b = GroupArg(info, 1);
  int result;
  CHKERR(info.Env(), MPI_Group_compare(a, b, &result));
  return Num(info.Env(), result);
}

Napi::Value GroupFree(const Napi::CallbackInfo& info) {
  g_groups.Free(info.Env(), info[0], MPI_Group_free);
  return info.Env().Undefined();
}

// commCreate(comm, group) -> comm id (COMM_NULL for processes outside the group)
Napi::Value CommCreate(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  MPI_Group g = GroupArg(info, 1);
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_create(comm, g, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// commCreateGroup(comm, group, tag)
Napi::Value CommCreateGroup(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  MPI_Group g = GroupArg(info, 1);
  int tag = ArgInt(info, 2, "tag");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_create_group(comm, g, tag, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// intercommCreate(local, localLeader, peer | 0, remoteLeader, tag); peer matters only at the leader.
Napi::Value IntercommCreate(const Napi::CallbackInfo& info) {
  MPI_Comm local = Args(info).Comm(0);
  int localLeader = ArgInt(info, 1, "local_leader");
  RequireMpi(info.Env());
  CommEntry peer = g_comms.Arg(info, 2);
  int remoteLeader = ArgInt(info, 3, "remote_leader"), tag = ArgInt(info, 4, "tag");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Intercomm_create(local, localLeader, peer.handle, remoteLeader, tag, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// intercommMerge(intercomm, high)
Napi::Value IntercommMerge(const Napi::CallbackInfo& info) {
  MPI_Comm comm = IntercommOf(info, 0);
  bool high = ArgBool(info, 1, "high");
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Intercomm_merge(comm, high ? 1 : 0, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

}  // namespace

// ---- MPI-4 communicators from groups (issue #17) -------------------------------------------
namespace {

std::string StringTag(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsString()) ThrowType(info.Env(), "native: stringtag must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// commCreateFromGroup(group, stringtag) -> comm id (MPI_Comm_create_from_group, MPI-4.0)
Napi::Value CommCreateFromGroup(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  MPI_Group g = GroupArg(info, 0);
  std::string tag = StringTag(info, 1);
#if MPI_VERSION >= 4
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Comm_create_from_group(g, tag.c_str(), MPI_INFO_NULL, MPI_ERRORS_RETURN, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
#else
  (void)g;
  ThrowError(info.Env(), "MPI_Comm_create_from_group is MPI-4.0; this MPI library does not have it", MPI_ERR_UNSUPPORTED_OPERATION);
#endif
}

// intercommCreateFromGroups(localGroup, localLeader, remoteGroup, remoteLeader, stringtag) -> comm id
Napi::Value IntercommCreateFromGroups(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  MPI_Group lg = GroupArg(info, 0);
  int ll = ArgInt(info, 1, "local_leader");
  MPI_Group rg = GroupArg(info, 2);
  int rl = ArgInt(info, 3, "remote_leader");
  std::string tag = StringTag(info, 4);
#if MPI_VERSION >= 4
  MPI_Comm out;
  CHKERR(info.Env(), MPI_Intercomm_create_from_groups(lg, ll, rg, rl, tag.c_str(), MPI_INFO_NULL, MPI_ERRORS_RETURN, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
#else
  (void)lg;
  (void)ll;
  (void)rg;
  (void)rl;
  ThrowError(info.Env(), "MPI_Intercomm_create_from_groups is MPI-4.0; this MPI library does not have it",
             MPI_ERR_UNSUPPORTED_OPERATION);
#endif
}

}  // namespace

void InitGroup(Napi::Env env, Napi::Object exports) {
  // The two predefined groups are link-time constants: registrable before MPI_Init.
  std::call_once(g_group_predefined_once, [] {
    g_groups.AddFixed(kGroupNull, GroupEntry{MPI_GROUP_NULL, true});
    g_groups.AddFixed(kGroupEmpty, GroupEntry{MPI_GROUP_EMPTY, true});
  });
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("commGroup", CommGroup);
  FN("commRemoteGroup", CommRemoteGroup);
  FN("groupSize", GroupSize);
  FN("groupRank", GroupRank);
  FN("groupIncl", GroupIncl);
  FN("groupExcl", GroupExcl);
  FN("groupRangeIncl", GroupRangeIncl);
  FN("groupRangeExcl", GroupRangeExcl);
  FN("groupSetOp", GroupSetOp);
  FN("groupTranslateRanks", GroupTranslateRanks);
  FN("groupCompare", GroupCompare);
  FN("groupFree", GroupFree);
  FN("commCreate", CommCreate);
  FN("commCreateGroup", CommCreateGroup);
  FN("intercommCreate", IntercommCreate);
  FN("intercommMerge", IntercommMerge);
  FN("commCreateFromGroup", CommCreateFromGroup);
  FN("intercommCreateFromGroups", IntercommCreateFromGroups);
#undef FN
  Napi::Object k = Napi::Object::New(env);
  k.Set("GROUP_NULL", Napi::Number::New(env, kGroupNull));
  k.Set("GROUP_EMPTY", Napi::Number::New(env, kGroupEmpty));
  exports.Set("groupConstants", k);
}

}  // namespace mpi4js
