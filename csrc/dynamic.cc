// Dynamic processes: spawning (MPI_Comm_spawn, _multiple), the parent, ports (open, close, accept,
// connect), the name service, MPI_Comm_join and MPI_Comm_disconnect; the environment attributes
// MPI_UNIVERSE_SIZE and MPI_APPNUM. One MPI call per function; an Info argument is an Info id
// (undefined: MPI_INFO_NULL; the TypeScript layer turns plain objects into a temporary Info).
#include <fcntl.h>

#include <string>
#include <vector>

#include "args.h"
#include "arrays.h"

namespace mpi4js {

namespace {

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// A JS string (a command, an argument, a port or service name); NUL bytes cannot reach C.
std::string ReadString(napi_env env, napi_value v, const char* name, size_t max = 0) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t != napi_string) ThrowType(Napi::Env(env), std::string("native: ") + name + " must be a string");
  size_t len = 0;
  napi_get_value_string_utf8(env, v, nullptr, 0, &len);
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, v, s.data(), len + 1, &len);
  if (s.find('\0') != std::string::npos) ThrowType(Napi::Env(env), std::string("native: ") + name + " contains a NUL character");
  if (max && s.size() >= max) ThrowRange(Napi::Env(env), std::string("native: ") + name + " is too long");
  return s;
}

// A JS Array of strings -> vector (argv of a spawned command).
std::vector<std::string> ReadStrings(napi_env env, napi_value v, const char* name) {
  bool isArray = false;
  napi_is_array(env, v, &isArray);
  if (!isArray) ThrowType(Napi::Env(env), std::string("native: ") + name + " must be an array of strings");
  uint32_t n = 0;
  napi_get_array_length(env, v, &n);
  std::vector<std::string> out;
  for (uint32_t k = 0; k < n; k++) {
    napi_value e;
    napi_get_element(env, v, k, &e);
    out.push_back(ReadString(env, e, name));
  }
  return out;
}

// argv in MPI's form: NULL-terminated, pointing into `args`.
std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> p;
  for (auto& s : args) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

// The error codes out: an Int32Array of at least n entries, or undefined (MPI_ERRCODES_IGNORE).
// Off the root the count is not known here (maxprocs is significant at the root only): ignored there.
int* Errcodes(const Args& a, size_t i, int n, MPI_Comm comm, int root) {
  int rank = 0;
  CHKERR(a.env(), MPI_Comm_rank(comm, &rank));
  if (rank != root) return MPI_ERRCODES_IGNORE;
  napi_valuetype t;
  napi_typeof(a.env(), a[i], &t);
  if (t == napi_undefined || t == napi_null) return MPI_ERRCODES_IGNORE;
  return const_cast<int*>(a.Ints(i, n, "errcodes"));
}

// (comm, command, argv, maxprocs, root, errcodes, info) -> intercommunicator id. The command, argv and
// maxprocs are read on every process (the TypeScript layer passes placeholders off the root).
Napi::Value CommSpawn(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  std::string command = ReadString(a.env(), a[1], "command");
  std::vector<std::string> args = ReadStrings(a.env(), a[2], "args");
  int maxprocs = a.Int(3, "maxprocs");
  int root = a.Int(4, "root");
  if (maxprocs < 0) ThrowRange(info.Env(), "native: maxprocs must be >= 0");
  int* errcodes = Errcodes(a, 5, maxprocs, comm, root);
  std::vector<char*> argv = Argv(args);
  MPI_Comm out = MPI_COMM_NULL;
  CHKERR(info.Env(), MPI_Comm_spawn(command.c_str(), argv.data(), maxprocs, a.Info(6), root, comm, &out, errcodes));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// (comm, commands[], argvs[][], maxprocs[], root, errcodes, infos[] (ids; absent: all MPI_INFO_NULL)) -> intercommunicator id.
Napi::Value CommSpawnMultiple(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  std::vector<std::string> commands = ReadStrings(a.env(), a[1], "command");
  int count = static_cast<int>(commands.size());
  bool isArray = false;
  napi_is_array(a.env(), a[2], &isArray);
  if (!isArray) ThrowType(info.Env(), "native: args must be an array of arrays of strings");
  std::vector<std::vector<std::string>> args;
  for (int k = 0; k < count; k++) args.push_back(ReadStrings(a.env(), info[2].As<Napi::Array>().Get(static_cast<uint32_t>(k)), "args"));
  std::vector<int> maxprocs = ArgIntList(info, 3, "maxprocs");
  if (static_cast<int>(maxprocs.size()) != count) ThrowRange(info.Env(), "native: maxprocs must have one entry per command");
  int total = 0;
  for (int m : maxprocs) {
    if (m < 0) ThrowRange(info.Env(), "native: maxprocs must be >= 0");
    total += m;
  }
  int root = a.Int(4, "root");
  int* errcodes = Errcodes(a, 5, total, comm, root);
  std::vector<std::vector<char*>> argvs;
  std::vector<char**> argvp;
  std::vector<char*> cmdp;
  std::vector<MPI_Info> infos(static_cast<size_t>(count), MPI_INFO_NULL);
  bool infoArray = false;
  if (info.Length() > 6) napi_is_array(a.env(), a[6], &infoArray);
  if (infoArray) {
    Napi::Array ia = info[6].As<Napi::Array>();
    if (static_cast<int>(ia.Length()) != count) ThrowRange(info.Env(), "native: info must have one entry per command");
    for (int k = 0; k < count; k++) infos[static_cast<size_t>(k)] = ReadInfo(a.env(), ia.Get(static_cast<uint32_t>(k)));
  }
  for (int k = 0; k < count; k++) argvs.push_back(Argv(args[k]));
  for (int k = 0; k < count; k++) {
    argvp.push_back(argvs[k].data());
    cmdp.push_back(commands[k].data());
  }
  MPI_Comm out = MPI_COMM_NULL;
  CHKERR(info.Env(), MPI_Comm_spawn_multiple(count, cmdp.data(), argvp.data(), maxprocs.data(), infos.data(), root, comm,
                                             &out, errcodes));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// The parent intercommunicator keeps one id, as mpi4py returns the same object (COMM_NULL when
// not spawned, or once it was disconnected).
HandleId g_parentId = -1;

Napi::Value CommGetParent(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  MPI_Comm parent = MPI_COMM_NULL;
  CHKERR(info.Env(), MPI_Comm_get_parent(&parent));
  if (parent == MPI_COMM_NULL) return Num(info.Env(), kCommNull);
  CommEntry e;
  if (g_parentId >= 0 && g_comms.Find(g_parentId, &e) && e.handle == parent) return Num(info.Env(), static_cast<double>(g_parentId));
  CHKERR(info.Env(), MPI_Comm_set_errhandler(parent, MPI_ERRORS_RETURN));
  // The parent is MPI's own handle (freed by MPI_Comm_disconnect or at finalize): not predefined.
  g_parentId = g_comms.Add(WithShape(info.Env(), CommEntry{parent, false}));
  return Num(info.Env(), static_cast<double>(g_parentId));
}

Napi::Value CommDisconnect(const Napi::CallbackInfo& info) {
  g_comms.Free(info.Env(), info[0], MPI_Comm_disconnect);
  return info.Env().Undefined();
}

Napi::Value OpenPort(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  char port[MPI_MAX_PORT_NAME + 1] = {0};
  CHKERR(info.Env(), MPI_Open_port(ReadInfo(info.Env(), info[0]), port));
  return Napi::String::New(info.Env(), port);
}

Napi::Value ClosePort(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  std::string port = ReadString(info.Env(), info[0], "port_name", MPI_MAX_PORT_NAME);
  CHKERR(info.Env(), MPI_Close_port(port.c_str()));
  return info.Env().Undefined();
}

// (port, comm, root, accept, info) -> intercommunicator id; the port is read only at the root.
Napi::Value CommAcceptConnect(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(1);
  int root = a.Int(2, "root");
  bool accept = info[3].ToBoolean().Value();
  int rank = 0;
  CHKERR(info.Env(), MPI_Comm_rank(comm, &rank));
  std::string port = rank == root ? ReadString(a.env(), a[0], "port_name", MPI_MAX_PORT_NAME) : std::string();
  MPI_Info inf = a.Info(4);
  MPI_Comm out = MPI_COMM_NULL;
  if (accept)
    CHKERR(info.Env(), MPI_Comm_accept(port.c_str(), inf, root, comm, &out));
  else
    CHKERR(info.Env(), MPI_Comm_connect(port.c_str(), inf, root, comm, &out));
  return Num(info.Env(), AddComm(info.Env(), out));
}

// (service, port, publish, info): MPI_Publish_name / MPI_Unpublish_name.
Napi::Value PublishName(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  std::string service = ReadString(info.Env(), info[0], "service_name");
  std::string port = ReadString(info.Env(), info[1], "port_name", MPI_MAX_PORT_NAME);
  MPI_Info inf = ReadInfo(info.Env(), info[3]);
  if (info[2].ToBoolean().Value())
    CHKERR(info.Env(), MPI_Publish_name(service.c_str(), inf, port.c_str()));
  else
    CHKERR(info.Env(), MPI_Unpublish_name(service.c_str(), inf, port.c_str()));
  return info.Env().Undefined();
}

Napi::Value LookupName(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  std::string service = ReadString(info.Env(), info[0], "service_name");
  char port[MPI_MAX_PORT_NAME + 1] = {0};
  CHKERR(info.Env(), MPI_Lookup_name(service.c_str(), ReadInfo(info.Env(), info[1]), port));
  return Napi::String::New(info.Env(), port);
}

Napi::Value CommJoin(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  int fd = ArgInt(info, 0, "fd");
  if (fd < 0) ThrowRange(info.Env(), "native: fd must be >= 0");
  // MPI reads the socket with blocking calls; Node's sockets are nonblocking (EAGAIN would fail the join).
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) ThrowRange(info.Env(), "native: fd is not an open file descriptor");
  if (flags & O_NONBLOCK) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  MPI_Comm out = MPI_COMM_NULL;
  int ierr = MPI_Comm_join(fd, &out);
  if (flags & O_NONBLOCK) fcntl(fd, F_SETFL, flags);
  CHKERR(info.Env(), ierr);
  return Num(info.Env(), AddComm(info.Env(), out));
}

// (comm, keyval) -> the integer value of a predefined attribute, or null when it is not set.
// Keyvals: 0 MPI_TAG_UB, 1 MPI_UNIVERSE_SIZE, 2 MPI_APPNUM, 3 MPI_HOST, 4 MPI_IO, 5 MPI_WTIME_IS_GLOBAL.
Napi::Value CommGetIntAttr(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  static const int keyvals[] = {MPI_TAG_UB, MPI_UNIVERSE_SIZE, MPI_APPNUM, MPI_HOST, MPI_IO, MPI_WTIME_IS_GLOBAL};
  int k = a.Int(1, "keyval");
  if (k < 0 || k >= static_cast<int>(sizeof keyvals / sizeof keyvals[0])) ThrowRange(info.Env(), "native: keyval is not a predefined attribute");
  int* value = nullptr;
  int flag = 0;
  CHKERR(info.Env(), MPI_Comm_get_attr(comm, keyvals[k], &value, &flag));
  if (!flag || !value) return info.Env().Null();
  return Num(info.Env(), *value);
}

}  // namespace

void InitDynamic(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("commSpawn", CommSpawn);
  FN("commSpawnMultiple", CommSpawnMultiple);
  FN("commGetParent", CommGetParent);
  FN("commDisconnect", CommDisconnect);
  FN("openPort", OpenPort);
  FN("closePort", ClosePort);
  FN("commAcceptConnect", CommAcceptConnect);
  FN("publishName", PublishName);
  FN("lookupName", LookupName);
  FN("commJoin", CommJoin);
  FN("commGetIntAttr", CommGetIntAttr);
#undef FN
  Napi::Object k = Napi::Object::New(env);
  k.Set("MAX_PORT_NAME", Napi::Number::New(env, MPI_MAX_PORT_NAME));
  exports.Set("dynamicConstants", k);
}

}  // namespace mpi4js
