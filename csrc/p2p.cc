// Point-to-point: blocking, nonblocking and persistent sends and receives, probes and matched
// messages, and the byte messages of the object layer. One MPI call per function; the buffers are
// read by args.h (the blocking Send/Recv are raw Node-API callbacks: the hot path, no allocation).
#include <climits>
#include <string>
#include <vector>

#include "args.h"
#include "msgpool.h"
#include "request.h"

namespace mpi4js {

HandleTable<MessageEntry> g_messages("message", MPI_ERR_REQUEST);

namespace {

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// send(mode, comm, buf, byteOffset, count, datatype, dest, tag); mode 0 standard, 1 synchronous,
// 2 buffered, 3 ready. Hot path: raw Node-API (args.h).
// The scratch form (S, args.h) takes only buf.
template <bool S>
napi_value Send(napi_env env, napi_callback_info cbi) {
  Args a = Args::Of<S>(env, cbi, 1u << 2);
  int mode = a.Int(0, "mode");
  MPI_Comm comm = a.Comm(1);
  Buffer b;
  a.Plain(2, b, "send", P2P());
  int dest = a.Int(6, "dest"), tag = a.Int(7, "tag");
  CHKERR(a.env(), SendOf(mode)(b.ptr, b.count, b.type, dest, tag, comm));
  return nullptr;
}

// sendParts(mode, comm, parts: ArrayBufferView[], dest, tag): one message made of several memory
// blocks, each padded to 8 bytes, with no copy (an hindexed type over absolute addresses at
// MPI_BOTTOM). The receiver gets them back to back: an object's large typed arrays out of band.
Napi::Value SendParts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int mode = ArgInt(info, 0, "mode");
  MPI_Comm comm = Args(info).Comm(1);
  if (!info[2].IsArray()) ThrowType(env, "native: parts must be an array");
  Napi::Array parts = info[2].As<Napi::Array>();
  int dest = ArgInt(info, 3, "dest"), tag = ArgInt(info, 4, "tag");
  static const char zeros[8] = {0};
  std::vector<int> lens;
  std::vector<MPI_Aint> addrs;
  for (uint32_t i = 0; i < parts.Length(); i++) {
    Span span = GetSpan(env, parts.Get(i), "sendParts");
    if (span.length > static_cast<size_t>(INT_MAX)) ThrowRange(env, "native: a part of more than 2 GiB");
    MPI_Aint a;
    MPI_Get_address(span.data ? span.data : zeros, &a);
    lens.push_back(static_cast<int>(span.length));
    addrs.push_back(a);
    if (span.length % 8) {
      MPI_Get_address(zeros, &a);
      lens.push_back(static_cast<int>(8 - span.length % 8));
      addrs.push_back(a);
    }
  }
  MPI_Datatype type;
  CHKERR(env, MPI_Type_create_hindexed(static_cast<int>(lens.size()), lens.data(), addrs.data(), MPI_BYTE, &type));
  int ierr = MPI_Type_commit(&type);
  if (ierr == MPI_SUCCESS) {
    ierr = SendOf(mode == 1 ? 1 : 0)(MPI_BOTTOM, 1, type, dest, tag, comm);
  }
  MPI_Type_free(&type);
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  return env.Undefined();
}

// recv(comm, buf, byteOffset, count, datatype, source, tag, status?). Hot path: raw Node-API.
// The scratch form takes (buf, status?).
template <bool S>
napi_value Recv(napi_env env, napi_callback_info cbi) {
  Args a = Args::Of<S>(env, cbi, 1u << 1 | 1u << 7);
  MPI_Comm comm = a.Comm(0);
  Buffer b;
  a.Plain(1, b, "recv", P2P());
  int source = a.Int(5, "source"), tag = a.Int(6, "tag");
  napi_valuetype vt;
  napi_typeof(env, a[7], &vt);
  if (vt == napi_undefined || vt == napi_null) {
    CHKERR(a.env(), threads::Recv(env, b.ptr, b.count, b.type, source, tag, comm, MPI_STATUS_IGNORE));
    return nullptr;
  }
  StatusArg st(a.env(), a[7]);
  CHKERR(a.env(), threads::Recv(env, b.ptr, b.count, b.type, source, tag, comm, st.get()));
  return nullptr;
}

// sendrecv(comm, sbuf, soff, scount, stype, dest, sendtag, rbuf, roff, rcount, rtype, source, recvtag, status?)
// The scratch form takes (sbuf, rbuf, status?).
template <bool S>
Napi::Value Sendrecv(const Napi::CallbackInfo& info) {
  Args a = Args::Of<S>(info, 1u << 1 | 1u << 7 | 1u << 13);
  MPI_Comm comm = a.Comm(0);
  Buffer s, r;
  a.Plain(1, s, "sendrecv (sendbuf)", P2P());
  int dest = a.Int(5, "dest"), sendtag = a.Int(6, "sendtag");
  a.Plain(7, r, "sendrecv (recvbuf)", P2P());
  int source = a.Int(11, "source"), recvtag = a.Int(12, "recvtag");
  StatusArg st(a.env(), a[13]);
  CHKERR(info.Env(), MPI_Sendrecv(s.ptr, s.count, s.type, dest, sendtag, r.ptr, r.count, r.type, source, recvtag,
                                  comm, st.get()));
  return info.Env().Undefined();
}

// sendrecvReplace(comm, buf, off, count, type, dest, sendtag, source, recvtag, status?)
Napi::Value SendrecvReplace(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  Buffer b;
  a.Plain(1, b, "sendrecv_replace", P2P());
  int dest = ArgInt(info, 5, "dest"), sendtag = ArgInt(info, 6, "sendtag");
  int source = ArgInt(info, 7, "source"), recvtag = ArgInt(info, 8, "recvtag");
  StatusArg st(info, 9);
  CHKERR(info.Env(), MPI_Sendrecv_replace(b.ptr, b.count, b.type, dest, sendtag, source, recvtag, comm, st.get()));
  return info.Env().Undefined();
}

// isendrecv(comm, sbuf, soff, scount, stype, dest, sendtag, rbuf, roff, rcount, rtype, source, recvtag)
// -> request id (MPI_Isendrecv, MPI-4.0: an MPI.Exception of class MPI_ERR_UNSUPPORTED_OPERATION
// before). The request pins both buffers until it completes. The scratch form takes (sbuf, rbuf).
template <bool S>
Napi::Value Isendrecv(const Napi::CallbackInfo& info) {
  Args a = Args::Of<S>(info, 1u << 1 | 1u << 7);
  MPI_Comm comm = a.Comm(0);
  Hold hold = NewHold<true>();
  Buffer s, r;
  a.Plain(1, s, "Comm.Isendrecv (sendbuf)", P2P(PinsOf(hold)));
  int dest = a.Int(5, "dest"), sendtag = a.Int(6, "sendtag");
  a.Plain(7, r, "Comm.Isendrecv (recvbuf)", P2P(PinsOf(hold)));
  int source = a.Int(11, "source"), recvtag = a.Int(12, "recvtag");
#if MPI_VERSION >= 4
  MPI_Request q = MPI_REQUEST_NULL;
  CHKERR(a.env(), MPI_Isendrecv(s.ptr, s.count, s.type, dest, sendtag, r.ptr, r.count, r.type, source, recvtag, comm, &q));
  return Num(a.env(), static_cast<double>(AddRequest(a.env(), q, false, false, std::move(hold))));
#else
  (void)comm, (void)dest, (void)sendtag, (void)source, (void)recvtag;
  ThrowError(a.env(), "MPI_Isendrecv is MPI-4.0; this MPI library does not have it", MPI_ERR_UNSUPPORTED_OPERATION);
#endif
}

// isendrecvReplace(comm, buf, off, count, type, dest, sendtag, source, recvtag) -> request id
// (MPI_Isendrecv_replace, MPI-4.0 as above); the request pins the buffer until it completes.
Napi::Value IsendrecvReplace(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  Hold hold = NewHold<true>();
  Buffer b;
  a.Plain(1, b, "Comm.Isendrecv_replace (buf)", P2P(PinsOf(hold)));
  int dest = a.Int(5, "dest"), sendtag = a.Int(6, "sendtag");
  int source = a.Int(7, "source"), recvtag = a.Int(8, "recvtag");
#if MPI_VERSION >= 4
  MPI_Request q = MPI_REQUEST_NULL;
  CHKERR(a.env(), MPI_Isendrecv_replace(b.ptr, b.count, b.type, dest, sendtag, source, recvtag, comm, &q));
  return Num(a.env(), static_cast<double>(AddRequest(a.env(), q, false, false, std::move(hold))));
#else
  (void)comm, (void)dest, (void)sendtag, (void)source, (void)recvtag;
  ThrowError(a.env(), "MPI_Isendrecv_replace is MPI-4.0; this MPI library does not have it", MPI_ERR_UNSUPPORTED_OPERATION);
#endif
}

// probe(comm, source, tag, status?)
Napi::Value Probe(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int source = ArgInt(info, 1, "source"), tag = ArgInt(info, 2, "tag");
  StatusArg st(info, 3);
  CHKERR(info.Env(), threads::Probe(info.Env(), source, tag, comm, st.get()));
  return info.Env().Undefined();
}

Napi::Value Iprobe(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int source = ArgInt(info, 1, "source"), tag = ArgInt(info, 2, "tag");
  StatusArg st(info, 3);
  int flag = 0;
  CHKERR(info.Env(), MPI_Iprobe(source, tag, comm, &flag, st.get()));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

Napi::Value AddMessage(Napi::Env env, MPI_Message m) {
  if (m == MPI_MESSAGE_NULL) return Num(env, -1);
  if (m == MPI_MESSAGE_NO_PROC) return Num(env, -2);
  return Num(env, g_messages.Add(MessageEntry{m}));
}

// mprobe(comm, source, tag, status?) -> message id (-2: MESSAGE_NO_PROC)
Napi::Value Mprobe(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int source = ArgInt(info, 1, "source"), tag = ArgInt(info, 2, "tag");
  StatusArg st(info, 3);
  MPI_Message m;
  CHKERR(info.Env(), threads::Mprobe(info.Env(), source, tag, comm, &m, st.get()));
  return AddMessage(info.Env(), m);
}

// improbe(comm, source, tag, status?) -> message id, or -1 when nothing matched
Napi::Value Improbe(const Napi::CallbackInfo& info) {
  MPI_Comm comm = Args(info).Comm(0);
  int source = ArgInt(info, 1, "source"), tag = ArgInt(info, 2, "tag");
  StatusArg st(info, 3);
  MPI_Message m = MPI_MESSAGE_NULL;
  int flag = 0;
  CHKERR(info.Env(), MPI_Improbe(source, tag, comm, &flag, &m, st.get()));
  if (!flag) return Num(info.Env(), -1);
  return AddMessage(info.Env(), m);
}

MPI_Message TakeMessage(const Napi::CallbackInfo& info, size_t i) {
  RequireMpi(info.Env());
  if (info[i].IsNumber() && info[i].As<Napi::Number>().DoubleValue() == -2) return MPI_MESSAGE_NO_PROC;
  HandleId id = ReadId(info.Env(), info[i], "message");
  MessageEntry e = g_messages.Get(info.Env(), id);
  g_messages.Remove(id);
  return e.handle;
}

// mrecv(message, buf, off, count, type, status?)
Napi::Value Mrecv(const Napi::CallbackInfo& info) {
  Buffer b;
  Args(info).Plain(1, b, "mrecv", P2P());
  MPI_Message m = TakeMessage(info, 0);
  StatusArg st(info, 5);
  CHKERR(info.Env(), MPI_Mrecv(b.ptr, b.count, b.type, &m, st.get()));
  return info.Env().Undefined();
}

// imrecv(message, buf, off, count, type) -> request id (MPI_Imrecv); the request pins the buffer
// until it completes. The message is taken (freed) only once the buffer is accepted.
Napi::Value Imrecv(const Napi::CallbackInfo& info) {
  Hold hold = NewHold<true>();
  Buffer b;
  Args(info).Plain(1, b, "Message.Irecv (buf)", P2P(PinsOf(hold)));
  MPI_Message m = TakeMessage(info, 0);
  MPI_Request q = MPI_REQUEST_NULL;
  CHKERR(info.Env(), MPI_Imrecv(b.ptr, b.count, b.type, &m, &q));
  return Num(info.Env(), static_cast<double>(AddRequest(info.Env(), q, false, false, std::move(hold))));
}

// The memory of a received object message, its own for every message (the object's typed arrays
// become views of it): from kPoolMin on a prefaulted mapping, recycled (msgpool.cc).
Napi::ArrayBuffer NewMessageBuffer(Napi::Env env, size_t n) {
  if (n >= kPoolMin) {
    Napi::ArrayBuffer ab = PooledMessageBuffer(env, n);
    if (!ab.IsEmpty()) return ab;
  }
  return Napi::ArrayBuffer::New(env, n);
}

// messageBuffer(n) -> ArrayBuffer: memory for a received object message (see above).
Napi::Value MessageBuffer(const Napi::CallbackInfo& info) {
  int64_t n = ArgCount(info, 0, "size");  // the one count rule (args.h)
  return NewMessageBuffer(info.Env(), static_cast<size_t>(n));
}

// The memory a matched object message of `count` bytes is received into: `scratch` (a reusable
// Uint8Array of the caller's; undefined for none) when it is large enough, else fresh memory.
// Allocating an ArrayBuffer costs about 1.2 us on the test VM (an Mprobe + Mrecv of a small
// message about 0.3 us), and the caller decodes small messages out of the scratch with copies.
struct MessageMemory {
  Napi::ArrayBuffer fresh;  // empty when the scratch is used
  Buffer b;
  MessageMemory(Napi::Env env, Napi::Value scratch, MPI_Count count, const char* what) {
    DatatypeEntry byte = g_types.Get(env, kTypeByte);
    if (!scratch.IsUndefined()) {
      Span sp = GetSpan(env, scratch, what);
      if (static_cast<MPI_Count>(sp.length) >= count) {
        b.BindSpan(env, sp, 0, count, byte, what, P2P());
        return;
      }
    }
    fresh = NewMessageBuffer(env, static_cast<size_t>(count));
    b.Bind(env, fresh, 0, count, byte, what, P2P());
  }
  // The byte count (in the scratch), or a Uint8Array over the fresh memory.
  Napi::Value Result(Napi::Env env) const {
    if (fresh.IsEmpty()) return Napi::Number::New(env, static_cast<double>(b.count));
    return Napi::Uint8Array::New(env, static_cast<size_t>(b.count), fresh, 0);
  }
};

// Receives a byte message of unknown size: matched probe, count, receive into the scratch or
// fresh memory. recvBytes(comm, source, tag, status?, scratch?) -> byte count | Uint8Array.
// Thread-safe (MPI_Mprobe).
Napi::Value RecvBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
  int source = ArgInt(info, 1, "source"), tag = ArgInt(info, 2, "tag");
  StatusArg st(info, 3);
  MPI_Message m;
  MPI_Status probed;
  CHKERR(env, threads::Mprobe(env, source, tag, comm, &m, &probed));
  MPI_Count count = 0;
  CHKERR(env, MPI_Get_elements_x(&probed, MPI_BYTE, &count));
  MessageMemory mem(env, info[4], count, "recv");
  CHKERR(env, MPI_Mrecv(mem.b.ptr, mem.b.count, mem.b.type, &m, st.get()));
  return mem.Result(env);
}

// Object sendrecv of unknown receive size: nonblocking send, matched probe, receive, wait.
// sendrecvBytes(comm, sendbytes, dest, sendtag, source, recvtag, status?, scratch?) -> byte count | Uint8Array
Napi::Value SendrecvBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = Args(info).Comm(0);
  DatatypeEntry byte = g_types.Get(env, kTypeByte);
  Span out = GetSpan(env, info[1], "sendrecv");
  Buffer s;
  s.BindSpan(env, out, 0, static_cast<int64_t>(out.length), byte, "sendrecv", P2P());
  int dest = ArgInt(info, 2, "dest"), sendtag = ArgInt(info, 3, "sendtag");
  int source = ArgInt(info, 4, "source"), recvtag = ArgInt(info, 5, "recvtag");
  StatusArg st(info, 6);
  MPI_Request req;
  CHKERR(env, MPI_Isend(s.ptr, s.count, s.type, dest, sendtag, comm, &req));
  MPI_Message m;
  MPI_Status probed;
  int ierr = MPI_Mprobe(source, recvtag, comm, &m, &probed);
  if (ierr != MPI_SUCCESS) {
    MPI_Cancel(&req);
    MPI_Request_free(&req);
    ThrowMpiError(env, ierr);
  }
  MPI_Count count = 0;
  MPI_Get_elements_x(&probed, MPI_BYTE, &count);
  MessageMemory mem(env, info[7], count, "sendrecv");
  ierr = MPI_Mrecv(mem.b.ptr, mem.b.count, mem.b.type, &m, st.get());
  int werr = MPI_Wait(&req, MPI_STATUS_IGNORE);
  if (ierr != MPI_SUCCESS) ThrowMpiError(env, ierr);
  if (werr != MPI_SUCCESS) ThrowMpiError(env, werr);
  return mem.Result(env);
}

// isend(mode, comm, buf, off, count, type, dest, tag), irecv(comm, buf, off, count, type, source,
// tag) -> request id; sendInit / recvInit (Persistent) -> id of an inactive persistent request. The
// request pins the buffer's memory (pin.h) until it is freed or completes.
// The scratch form (S) takes only buf.
template <bool Send, bool Persistent, bool S = false>
Napi::Value StartP2P(const Napi::CallbackInfo& info) {
  const char* what = Send ? (Persistent ? "Comm.Send_init (buf)" : "Comm.Isend (buf)")
                          : (Persistent ? "Comm.Recv_init (buf)" : "Comm.Irecv (buf)");
  const size_t i = Send ? 1 : 0;  // a send's mode comes first
  Args a = Args::Of<S>(info, 1u << (i + 1));
  int mode = Send ? a.Int(0, "mode") : 0;
  if (mode < 0 || mode > 3) ThrowRange(a.env(), "native: mode must be 0..3");
  MPI_Comm comm = a.Comm(i);
  Hold hold = NewHold<true>();
  Buffer b;
  a.Plain(i + 1, b, what, P2P(PinsOf(hold)));
  int peer = a.Int(i + 5, Send ? "dest" : "source"), tag = a.Int(i + 6, "tag");
  MPI_Request r = MPI_REQUEST_NULL;
  CHKERR(a.env(), Send ? (Persistent ? SendInitOf(mode) : IsendOf(mode))(b.ptr, b.count, b.type, peer, tag, comm, &r)
                       : (Persistent ? MPI_Recv_init : MPI_Irecv)(b.ptr, b.count, b.type, peer, tag, comm, &r));
  return Num(a.env(), static_cast<double>(AddRequest(a.env(), r, Persistent, false, std::move(hold))));
}

template <bool S>
Napi::Value Isend(const Napi::CallbackInfo& info) { return StartP2P<true, false, S>(info); }
template <bool S>
Napi::Value Irecv(const Napi::CallbackInfo& info) { return StartP2P<false, false, S>(info); }

// ---- partitioned communication (MPI-4) ----------------------------------------------------
// psendInit / precvInit(comm, buf, off, partcount, type, partitions, peer, tag, info) -> id of an
// inactive persistent request over `partitions` blocks of `partcount` elements; the request pins the
// buffer until it is freed. The partition checks are native too (MPI does not check them: an index
// out of range is memory MPI writes, a partition marked ready twice a round that never completes).
// Open MPI 4.1 is MPI-3.1 without partitioned communication: MPI_ERR_UNSUPPORTED_OPERATION.
#if MPI_VERSION >= 4
#define MPI4JS_HAVE_PART 1
#else
#define MPI4JS_HAVE_PART 0
#endif

[[noreturn]] void NoPartitioned(Napi::Env env, const char* what) {
  ThrowError(env, std::string("mpi4js: ") + what + ": partitioned communication is not supported by this MPI library",
             MPI_ERR_UNSUPPORTED_OPERATION);
}

template <bool Send>
Napi::Value PartitionedInit(const Napi::CallbackInfo& info) {
  const char* what = Send ? "Comm.Psend_init (buf)" : "Comm.Precv_init (buf)";
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  int partitions = a.Int(5, "partitions");
  if (partitions < 1) ThrowRange(a.env(), std::string(what) + ": partitions must be at least 1");
  Hold hold = NewHold<true>();
  Buffer b;
  a.Plain(1, b, what, Coll(partitions, true, false, PinsOf(hold)));
  int peer = a.Int(6, Send ? "dest" : "source"), tag = a.Int(7, "tag");
  MPI_Info mi = a.Info(8);
#if MPI4JS_HAVE_PART
  MPI_Request r = MPI_REQUEST_NULL;
  CHKERR(a.env(), Send ? MPI_Psend_init(b.ptr, partitions, b.count, b.type, peer, tag, comm, mi, &r)
                       : MPI_Precv_init(b.ptr, partitions, b.count, b.type, peer, tag, comm, mi, &r));
  HandleId id = AddRequest(a.env(), r, true, false, std::move(hold));
  RequestEntry e = g_requests.Get(a.env(), id);
  e.part = std::make_shared<Partitions>();
  e.part->send = Send;
  e.part->count = partitions;
  e.part->ready.assign(Send ? static_cast<size_t>(partitions) : 0, 0);
  g_requests.Update(id, e);
  return Num(a.env(), static_cast<double>(id));
#else
  (void)comm, (void)peer, (void)tag, (void)mi;
  NoPartitioned(a.env(), Send ? "Comm.Psend_init" : "Comm.Precv_init");
#endif
}

// The partitioned request of `id` for `what`: a started (active) send (Pready) or receive (Parrived).
RequestEntry PartitionedOf(Napi::Env env, HandleId id, bool send, const char* what) {
  RequestEntry e = g_requests.Get(env, id);
  if (!e.part || e.part->send != send)
    ThrowError(env, std::string("mpi4js: ") + what + " needs a partitioned " + (send ? "send (Psend_init)" : "receive (Precv_init)") +
                        " request", MPI_ERR_REQUEST);
  if (!e.active) ThrowError(env, std::string("mpi4js: ") + what + ": the request is not active (Start it first)", MPI_ERR_REQUEST);
  return e;
}

int PartitionOf(Napi::Env env, const RequestEntry& e, double p, const char* what, const char* arg) {
  if (!(p >= 0 && p < e.part->count) || p != static_cast<double>(static_cast<int>(p)))
    ThrowRange(env, std::string(what) + ": argument '" + arg + "' must be a partition index in [0, " + std::to_string(e.part->count) +
                        "), got " + std::to_string(p));
  return static_cast<int>(p);
}

// pready(id, partitions: Int32Array, n): MPI_Pready_list of n partitions, each once per round.
Napi::Value Pready(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a(info);
  const char* what = "Prequest.Pready";
  HandleId id = a.Id(0, "request");
  int64_t n = a.Count(2, "count");
  if (n > INT_MAX) ThrowRange(env, "native: too many partitions");
  const int* list = a.Ints(1, static_cast<int>(n), "partitions");
  RequestEntry e = PartitionedOf(env, id, true, what);
  std::vector<char> seen(e.part->ready);
  for (int64_t k = 0; k < n; k++) {
    int p = PartitionOf(env, e, list[k], what, "partition");
    if (seen[static_cast<size_t>(p)])
      ThrowError(env, std::string("mpi4js: ") + what + ": partition " + std::to_string(p) + " is already ready in this round",
                 MPI_ERR_REQUEST);
    seen[static_cast<size_t>(p)] = 1;
  }
#if MPI4JS_HAVE_PART
  CHKERR(env, MPI_Pready_list(static_cast<int>(n), const_cast<int*>(list), e.handle));
  e.part->ready.swap(seen);
  return env.Undefined();
#else
  NoPartitioned(env, what);
#endif
}

// parrived(id, partition) -> whether the partition has arrived (MPI_Parrived).
Napi::Value Parrived(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a(info);
  const char* what = "Prequest.Parrived";
  HandleId id = a.Id(0, "request");
  RequestEntry e = PartitionedOf(env, id, false, what);
  int p = PartitionOf(env, e, a.Int(1, "partition"), what, "partition");
#if MPI4JS_HAVE_PART
  int flag = 0;
  CHKERR(env, MPI_Parrived(e.handle, p, &flag));
  return Napi::Boolean::New(env, flag != 0);
#else
  (void)p;
  NoPartitioned(env, what);
#endif
}

}  // namespace

void InitP2P(Napi::Env env, Napi::Object exports) {
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
#define RAW(name, fn) MPI4JS_RAW(exports, env, name, fn)
  RAW("send", Send<false>);
  RAW("recv", Recv<false>);
  exports.Set("sendScratch", RawFunction(env, "sendScratch", GatedRaw<Send<true>>, ScratchOf(env)));
  exports.Set("recvScratch", RawFunction(env, "recvScratch", GatedRaw<Recv<true>>, ScratchOf(env)));
  MPI4JS_FN_SCRATCH(exports, env, "sendrecv", Sendrecv);
  MPI4JS_FN_SCRATCH(exports, env, "isend", Isend);
  MPI4JS_FN_SCRATCH(exports, env, "irecv", Irecv);
  FN("sendrecvReplace", SendrecvReplace);
  MPI4JS_FN_SCRATCH(exports, env, "isendrecv", Isendrecv);
  FN("isendrecvReplace", IsendrecvReplace);
  FN("imrecv", Imrecv);
  FN("probe", Probe);
  FN("iprobe", Iprobe);
  FN("mprobe", Mprobe);
  FN("improbe", Improbe);
  FN("mrecv", Mrecv);
  FN("recvBytes", RecvBytes);
  FN("messageBuffer", MessageBuffer);
  FN("sendParts", SendParts);
  FN("sendrecvBytes", SendrecvBytes);
  FN("sendInit", (StartP2P<true, true>));
  FN("recvInit", (StartP2P<false, true>));
  FN("psendInit", PartitionedInit<true>);
  FN("precvInit", PartitionedInit<false>);
  FN("pready", Pready);
  FN("parrived", Parrived);
  exports.Set("partitioned", Napi::Boolean::New(env, MPI4JS_HAVE_PART != 0));
#undef FN
#undef RAW
}

}  // namespace mpi4js
