// Module init, lifecycle (init / finalize / abort), environment queries and constants.
#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "args.h"
#include "handles.h"
#include "msgpool.h"

namespace mpi4js {

void RegisterPredefinedDatatypes(Napi::Env env);
void RegisterPredefinedOps();
Napi::Object PredefinedDatatypeIds(Napi::Env env);
Napi::Object PredefinedOpIds(Napi::Env env);

namespace {

std::once_flag g_predefined_once;

// Node loads addons RTLD_LOCAL; Open MPI's plugins (dlopen'ed by libmpi) need libmpi's symbols
// in the global scope, so re-open the already loaded library RTLD_GLOBAL.
void PromoteLibmpiToGlobal() {
  Dl_info dl;
  if (dladdr(reinterpret_cast<void*>(&MPI_Init), &dl) && dl.dli_fname) {
    void* h = dlopen(dl.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    (void)h;  // kept open for the life of the process on purpose
  }
}

// Predefined handles are registered once per process, after MPI is initialized.
void AfterInit(Napi::Env env) {
  g_initialized.store(true);
  std::call_once(g_predefined_once, [&] {
    g_comms.AddFixed(kCommNull, CommEntry{MPI_COMM_NULL, true});
    g_comms.AddFixed(kCommWorld, WithShape(env, CommEntry{MPI_COMM_WORLD, true}));
    g_comms.AddFixed(kCommSelf, WithShape(env, CommEntry{MPI_COMM_SELF, true}));
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    RegisterPredefinedDatatypes(env);
    RegisterPredefinedOps();
  });
}

#if defined(OPEN_MPI) && OPEN_MPI && OMPI_MAJOR_VERSION == 4
// Open MPI 4.1's RGET protocol (btl self; btl vader single copy) ignores truncation: a receive smaller
// than its message gets the whole message written past its end (docs/RELIABILITY.md). Messages take
// the send protocol instead, unless the user set these MCA parameters.
void AvoidTruncatingRget() {
  setenv("OMPI_MCA_btl_self_flags", "send,inplace", 0);
  setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 0);
  // Without those RDMA paths osc/rdma is still chosen for Win.Create and fails (MPI_ERR_WIN), and
  // osc/pt2pt refuses MPI_THREAD_MULTIPLE: windows take osc/sm (shared) or osc/ucx (docs/RELIABILITY.md).
  setenv("OMPI_MCA_osc", "sm,ucx,pt2pt", 0);
}
#else
void AvoidTruncatingRget() {}
#endif

// init(requiredLevel) -> provided level. Joins an MPI that is already initialized (worker
// threads, or a host program that initialized it) instead of initializing twice.
Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int required = ArgInt(info, 0, "required");
  int flag = 0;
  MPI_Finalized(&flag);
  if (flag) ThrowError(env, "mpi4js: MPI is finalized and cannot be initialized again");
  MPI_Initialized(&flag);
  int provided = MPI_THREAD_SINGLE;
  if (!flag) {
    AvoidTruncatingRget();
    int ierr = MPI_Init_thread(nullptr, nullptr, required, &provided);
    if (ierr != MPI_SUCCESS) ThrowError(env, "mpi4js: MPI_Init_thread failed");
  } else {
    MPI_Query_thread(&provided);
  }
  AfterInit(env);
  threads::OnInit(provided, !flag);
  return Napi::Number::New(env, provided);
}

Napi::Value Initialized(const Napi::CallbackInfo& info) {
  int flag = 0;
  MPI_Initialized(&flag);
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value Finalized(const Napi::CallbackInfo& info) {
  int flag = 0;
  MPI_Finalized(&flag);
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// How long MPI.Finalize() waits for the workers' MPI calls to end (blocking receives, probes and
// waits are cancelled at once; sends and collectives cannot be).
constexpr int kFinalizeWaitMs = 2000;

// Finalize from the thread that initialized MPI, with no other thread inside an MPI call: MPI-4
// §11.6 (another thread's call under MPI_Finalize crashed MPICH).
Napi::Value Finalize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireMpi(env);
  if (!threads::IsMain())
    ThrowError(env, "MPI.Finalize: called from a worker thread; only the thread that initialized MPI (the main thread) may "
                    "finalize it, after the other threads' MPI calls have completed");
  int inside = threads::Quiesce(kFinalizeWaitMs);
  if (inside > 0) {
    threads::Resume();
    ThrowError(env, "MPI.Finalize: " + std::to_string(inside) + " call(s) of worker threads are still inside MPI (a send or a "
                    "collective, which cannot be cancelled); finalize after the other threads' MPI calls have completed");
  }
  DetachWindowMemory(env);  // MPI may free the windows' memory
  g_finalized.store(true);
  CHKERR(env, MPI_Finalize());
  return env.Undefined();
}

Napi::Value QueryThread(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int provided;
  CHKERR(info.Env(), MPI_Query_thread(&provided));
  return Napi::Number::New(info.Env(), provided);
}

Napi::Value IsThreadMain(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int flag;
  CHKERR(info.Env(), MPI_Is_thread_main(&flag));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// abort(code): ends the whole job. Used by the lifecycle when a rank dies; works in any state.
Napi::Value Abort(const Napi::CallbackInfo& info) {
  int code = ArgInt(info, 0, "errorcode");
  int init = 0, fin = 0;
  MPI_Initialized(&init);
  MPI_Finalized(&fin);
  if (init && !fin) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

// MPICH aborts the process on MPI_Wtime/MPI_Wtick before MPI_Init or after MPI_Finalize.
Napi::Value Wtime(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  return Napi::Number::New(info.Env(), MPI_Wtime());
}
Napi::Value Wtick(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  return Napi::Number::New(info.Env(), MPI_Wtick());
}

Napi::Value ProcessorName(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  char name[MPI_MAX_PROCESSOR_NAME + 1] = {0};
  int len = 0;
  CHKERR(info.Env(), MPI_Get_processor_name(name, &len));
  return Napi::String::New(info.Env(), name, static_cast<size_t>(len));
}

Napi::Value Version(const Napi::CallbackInfo& info) {
  int major = 0, minor = 0;
  MPI_Get_version(&major, &minor);
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, Napi::Number::New(info.Env(), major));
  a.Set(1u, Napi::Number::New(info.Env(), minor));
  return a;
}

Napi::Value LibraryVersion(const Napi::CallbackInfo& info) {
  char v[MPI_MAX_LIBRARY_VERSION_STRING + 1] = {0};
  int len = 0;
  MPI_Get_library_version(v, &len);
  while (len > 0 && (v[len - 1] == '\n' || v[len - 1] == ' ' || v[len - 1] == '\0')) len--;
  return Napi::String::New(info.Env(), v, static_cast<size_t>(len));
}

Napi::Value TagUb(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int* value = nullptr;
  int flag = 0;
  CHKERR(info.Env(), MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &value, &flag));
  return Napi::Number::New(info.Env(), flag && value ? *value : 32767);
}

Napi::Value Pcontrol(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());  // Open MPI aborts on MPI_Pcontrol after MPI_Finalize
  int level = ArgInt(info, 0, "level");
  CHKERR(info.Env(), MPI_Pcontrol(level));
  return info.Env().Undefined();
}

Napi::Object Constants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
#define K(name) c.Set(#name, Napi::Number::New(env, MPI_##name))
  K(ANY_SOURCE); K(ANY_TAG); K(PROC_NULL); K(ROOT); K(UNDEFINED);
  K(THREAD_SINGLE); K(THREAD_FUNNELED); K(THREAD_SERIALIZED); K(THREAD_MULTIPLE);
  K(IDENT); K(CONGRUENT); K(SIMILAR); K(UNEQUAL);
  K(COMM_TYPE_SHARED); K(MAX_PROCESSOR_NAME); K(MAX_ERROR_STRING); K(MAX_OBJECT_NAME);
  K(BSEND_OVERHEAD); K(VERSION); K(SUBVERSION); K(ORDER_C); K(ORDER_FORTRAN);
  K(DISTRIBUTE_BLOCK); K(DISTRIBUTE_CYCLIC); K(DISTRIBUTE_NONE); K(DISTRIBUTE_DFLT_DARG);
  K(SUCCESS); K(ERR_BUFFER); K(ERR_COUNT); K(ERR_TYPE); K(ERR_TAG); K(ERR_COMM); K(ERR_RANK);
  K(ERR_REQUEST); K(ERR_ROOT); K(ERR_GROUP); K(ERR_OP); K(ERR_TOPOLOGY); K(ERR_DIMS); K(ERR_ARG);
  K(ERR_UNKNOWN); K(ERR_TRUNCATE); K(ERR_OTHER); K(ERR_INTERN); K(ERR_IN_STATUS); K(ERR_PENDING);
  K(ERR_ACCESS); K(ERR_AMODE); K(ERR_ASSERT); K(ERR_BAD_FILE); K(ERR_BASE); K(ERR_CONVERSION);
  K(ERR_DISP); K(ERR_DUP_DATAREP); K(ERR_FILE_EXISTS); K(ERR_FILE_IN_USE); K(ERR_FILE);
  K(ERR_INFO_KEY); K(ERR_INFO_NOKEY); K(ERR_INFO_VALUE); K(ERR_INFO); K(ERR_IO); K(ERR_KEYVAL);
  K(ERR_LOCKTYPE); K(ERR_NAME); K(ERR_NO_MEM); K(ERR_NOT_SAME); K(ERR_NO_SPACE); K(ERR_NO_SUCH_FILE);
  K(ERR_PORT); K(ERR_QUOTA); K(ERR_READ_ONLY); K(ERR_RMA_CONFLICT); K(ERR_RMA_SYNC); K(ERR_SERVICE);
  K(ERR_SIZE); K(ERR_SPAWN); K(ERR_UNSUPPORTED_DATAREP); K(ERR_UNSUPPORTED_OPERATION); K(ERR_WIN);
  K(ERR_LASTCODE);
#undef K
  c.Set("COMM_NULL", Napi::Number::New(env, kCommNull));
  c.Set("COMM_WORLD", Napi::Number::New(env, kCommWorld));
  c.Set("COMM_SELF", Napi::Number::New(env, kCommSelf));
  c.Set("datatypes", PredefinedDatatypeIds(env));
  c.Set("ops", PredefinedOpIds(env));
#if defined(OPEN_MPI) && OPEN_MPI
  c.Set("flavour", Napi::String::New(env, "openmpi"));
#elif defined(MPICH_VERSION)
  c.Set("flavour", Napi::String::New(env, "mpich"));
#else
  c.Set("flavour", Napi::String::New(env, "unknown"));
#endif
  return c;
}

}  // namespace

Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  PromoteLibmpiToGlobal();
  InitErrors(env, exports);
  InitComm(env, exports);
  InitP2P(env, exports);
  InitDatatype(env, exports);
  InitStatus(env, exports);
  InitOp(env, exports);
  InitRequest(env, exports);
  InitGroup(env, exports);
  InitTopo(env, exports);
  InitCollective(env, exports);
  InitWin(env, exports);
  InitInfo(env, exports);
  InitErrhandler(env, exports);
  InitEnvFns(env, exports);
  InitDynamic(env, exports);
  InitFile(env, exports);
  InitSession(env, exports);
  InitMsgPool(env, exports);
  threads::InitThreads(env, exports);
  // Callable from any thread (MPI allows these, and Finalize checks for itself); the rest is gated.
#define ANY(name, fn) exports.Set(name, Napi::Function::New(env, fn, name))
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  ANY("init", Init);
  ANY("initialized", Initialized);
  ANY("finalized", Finalized);
  ANY("finalize", Finalize);
  ANY("queryThread", QueryThread);
  ANY("isThreadMain", IsThreadMain);
  ANY("abort", Abort);
  FN("wtime", Wtime);
  FN("wtick", Wtick);
  FN("processorName", ProcessorName);
  ANY("version", Version);
  ANY("libraryVersion", LibraryVersion);
  FN("tagUb", TagUb);
  FN("pcontrol", Pcontrol);
#undef FN
#undef ANY
  exports.Set("constants", Constants(env));
  napi_value scratch;
  napi_get_reference_value(env, ScratchOf(env)->buffer, &scratch);
  exports.Set("scratch", Napi::Value(env, scratch));
  return exports;
}

}  // namespace mpi4js

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return mpi4js::InitAddon(env, exports); }
NODE_API_MODULE(mpi4js, InitModule)
