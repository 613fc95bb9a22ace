// Files (MPI_File, MPI-IO): open/close/delete, sizes, views, positions, and every data-access form
// from one template: explicit offset (`_at`) or file pointer (individual or shared), blocking,
// nonblocking (`I*`: the buffer stays pinned in the request's holdings) and split collective
// (`*_begin`/`*_end`: the buffer stays pinned in the file's entry until `_end`). Files default to
// MPI_ERRORS_RETURN in MPI itself, so every failure comes back through CHKERR as an MPI.Exception.
#include <cmath>
#include <mutex>
#include <string>

#include "args.h"
#include "request.h"

namespace mpi4js {

namespace {

struct FileEntry {
  MPI_File handle;
  bool predefined;
  // The buffer of a pending split collective (one at a time per file, MPI-4 §14.4.5).
  Hold split;
};

HandleTable<FileEntry> g_files("file", MPI_ERR_FILE);
enum : int32_t { kFileNull = 0 };
std::once_flag g_file_predefined_once;

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// A live file id; FILE_NULL only where `allowNull` (the error-handler calls, as in MPI).
MPI_File FileArg(napi_env env, napi_value v, bool allowNull = false) {
  Napi::Env e(env);
  RequireMpi(e);
  FileEntry f = g_files.Arg(env, v);
  if (f.handle == MPI_FILE_NULL && !allowNull) ThrowError(e, "mpi4js: operation on FILE_NULL", MPI_ERR_FILE);
  return f.handle;
}
MPI_File FileArg(const Napi::CallbackInfo& info, size_t i) { return FileArg(info.Env(), info[i]); }

std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsString()) ThrowType(info.Env(), std::string("native: ") + name + " must be a string");
  std::string s = info[i].As<Napi::String>().Utf8Value();
  if (s.find('\0') != std::string::npos) ThrowType(info.Env(), std::string("native: ") + name + " contains a NUL character");
  return s;
}

// A signed file offset (Seek's may be negative): an integer within +-(2^53-1).
MPI_Offset SignedOffset(const Napi::CallbackInfo& info, size_t i, const char* name) {
  double d = ArgDouble(info, i, name);
  if (!(std::fabs(d) <= 9007199254740991.0) || d != std::trunc(d)) ThrowRange(info.Env(), std::string("native: ") + name + " must be a safe integer");
  return static_cast<MPI_Offset>(d);
}

// The id of a datatype MPI returned (File_get_view): a predefined one keeps its fixed id, a derived
// one is a new id the caller frees.
HandleId TypeId(Napi::Env env, MPI_Datatype t) {
  int ni, na, nd, combiner;
  CHKERR(env, MPI_Type_get_envelope(t, &ni, &na, &nd, &combiner));
  if (combiner == MPI_COMBINER_NAMED) {
    DatatypeEntry e;
    for (HandleId id = 0; g_types.Find(id, &e) && e.predefined; id++)
      if (e.handle == t) return id;
    return AddDatatype(env, t, true, true);
  }
  CHKERR(env, MPI_Type_commit(&t));
  return AddDatatype(env, t, false, true);
}

// fileOpen(comm, filename, amode, info) -> file id
Napi::Value FileOpen(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_Comm comm = a.Comm(0);
  std::string name = StringArg(info, 1, "filename");
  int amode = a.Int(2, "amode");
  MPI_Info in = a.Info(3);
  MPI_File fh;
  CHKERR(info.Env(), MPI_File_open(comm, name.c_str(), amode, in, &fh));
  return Num(info.Env(), static_cast<double>(g_files.Add(FileEntry{fh, false, nullptr})));
}

// fileClose(fh): MPI_File_close (collective); the id is dropped, with any split-collective pins.
Napi::Value FileClose(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  HandleId id = ReadId(info.Env(), info[0], "file");
  FileEntry f = g_files.Get(info.Env(), id);
  if (f.handle == MPI_FILE_NULL) ThrowError(info.Env(), "mpi4js: operation on FILE_NULL", MPI_ERR_FILE);
  if (f.predefined) ThrowError(info.Env(), "mpi4js: cannot close a predefined file", MPI_ERR_FILE);
  MPI_File fh = f.handle;
  CHKERR(info.Env(), MPI_File_close(&fh));
  g_files.Update(id, FileEntry{MPI_FILE_NULL, false, nullptr});  // releases split-collective pins now
  g_files.Remove(id);
  return info.Env().Undefined();
}

// fileDelete(filename, info)
Napi::Value FileDelete(const Napi::CallbackInfo& info) {
  RequireMpi(info.Env());
  std::string name = StringArg(info, 0, "filename");
  CHKERR(info.Env(), MPI_File_delete(name.c_str(), Args(info).Info(1)));
  return info.Env().Undefined();
}

// fileSetSize(fh, size) / filePreallocate(fh, size)
template <int (*Fn)(MPI_File, MPI_Offset)>
Napi::Value FileSized(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_File fh = FileArg(info, 0);
  CHKERR(info.Env(), Fn(fh, a.Offset(1, "native: size")));
  return info.Env().Undefined();
}

Napi::Value FileGetSize(const Napi::CallbackInfo& info) {
  MPI_Offset size;
  CHKERR(info.Env(), MPI_File_get_size(FileArg(info, 0), &size));
  return Num(info.Env(), static_cast<double>(size));
}

Napi::Value FileGetAmode(const Napi::CallbackInfo& info) {
  int amode;
  CHKERR(info.Env(), MPI_File_get_amode(FileArg(info, 0), &amode));
  return Num(info.Env(), amode);
}

Napi::Value FileGetGroup(const Napi::CallbackInfo& info) {
  MPI_Group g;
  CHKERR(info.Env(), MPI_File_get_group(FileArg(info, 0), &g));
  return Num(info.Env(), static_cast<double>(g_groups.Add(GroupEntry{g, false})));
}

Napi::Value FileSetInfo(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_File fh = FileArg(info, 0);
  CHKERR(info.Env(), MPI_File_set_info(fh, a.Info(1)));
  return info.Env().Undefined();
}

Napi::Value FileGetInfo(const Napi::CallbackInfo& info) {
  MPI_Info out;
  CHKERR(info.Env(), MPI_File_get_info(FileArg(info, 0), &out));
  return Num(info.Env(), static_cast<double>(AddInfo(out)));
}

// fileSetView(fh, disp, etype, filetype, datarep, info) (collective)
Napi::Value FileSetView(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_File fh = FileArg(info, 0);
  MPI_Offset disp = SignedOffset(info, 1, "disp");
  DatatypeEntry etype = a.Type(2), filetype = a.Type(3);
  if (!etype.committed || !filetype.committed) ThrowError(info.Env(), "mpi4js: the datatype is not committed (call Commit())", MPI_ERR_TYPE);
  std::string datarep = StringArg(info, 4, "datarep");
  CHKERR(info.Env(), MPI_File_set_view(fh, disp, etype.handle, filetype.handle, datarep.c_str(), a.Info(5)));
  return info.Env().Undefined();
}

// fileGetView(fh) -> [disp, etype id, filetype id, datarep]
Napi::Value FileGetView(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_File fh = FileArg(info, 0);
  MPI_Offset disp;
  MPI_Datatype etype, filetype;
  char datarep[MPI_MAX_DATAREP_STRING + 1] = {0};
  CHKERR(env, MPI_File_get_view(fh, &disp, &etype, &filetype, datarep));
  Napi::Array out = Napi::Array::New(env, 4);
  out.Set(0u, Num(env, static_cast<double>(disp)));
  out.Set(1u, Num(env, static_cast<double>(TypeId(env, etype))));
  out.Set(2u, Num(env, static_cast<double>(TypeId(env, filetype))));
  out.Set(3u, Napi::String::New(env, datarep));
  return out;
}

Napi::Value FileSync(const Napi::CallbackInfo& info) {
  CHKERR(info.Env(), MPI_File_sync(FileArg(info, 0)));
  return info.Env().Undefined();
}

Napi::Value FileSetAtomicity(const Napi::CallbackInfo& info) {
  MPI_File fh = FileArg(info, 0);
  CHKERR(info.Env(), MPI_File_set_atomicity(fh, ArgBool(info, 1, "flag") ? 1 : 0));
  return info.Env().Undefined();
}

Napi::Value FileGetAtomicity(const Napi::CallbackInfo& info) {
  int flag;
  CHKERR(info.Env(), MPI_File_get_atomicity(FileArg(info, 0), &flag));
  return Napi::Boolean::New(info.Env(), flag != 0);
}

// fileGetByteOffset(fh, offset in etypes) -> absolute byte position
Napi::Value FileGetByteOffset(const Napi::CallbackInfo& info) {
  MPI_File fh = FileArg(info, 0);
  MPI_Offset disp;
  CHKERR(info.Env(), MPI_File_get_byte_offset(fh, SignedOffset(info, 1, "offset"), &disp));
  return Num(info.Env(), static_cast<double>(disp));
}

Napi::Value FileGetTypeExtent(const Napi::CallbackInfo& info) {
  Args a(info);
  MPI_File fh = FileArg(info, 0);
  MPI_Aint extent;
  CHKERR(info.Env(), MPI_File_get_type_extent(fh, a.Type(1).handle, &extent));
  return Num(info.Env(), static_cast<double>(extent));
}

// fileSeek(fh, offset, whence) / fileSeekShared
template <int (*Fn)(MPI_File, MPI_Offset, int)>
Napi::Value FileSeekOf(const Napi::CallbackInfo& info) {
  MPI_File fh = FileArg(info, 0);
  MPI_Offset off = SignedOffset(info, 1, "offset");
  CHKERR(info.Env(), Fn(fh, off, ArgInt(info, 2, "whence")));
  return info.Env().Undefined();
}

// fileGetPosition(fh) / fileGetPositionShared -> offset in etypes
template <int (*Fn)(MPI_File, MPI_Offset*)>
Napi::Value FilePositionOf(const Napi::CallbackInfo& info) {
  MPI_Offset off;
  CHKERR(info.Env(), Fn(FileArg(info, 0), &off));
  return Num(info.Env(), static_cast<double>(off));
}

// ---- data access: one template for every form --------------------------------------------------
// Arguments: (fh, [offset,] buf, byte offset, count, datatype, status) for the blocking forms,
// without status for the nonblocking (-> request id) and the split `_begin` forms. `Fn` is the MPI
// function; `At`: it takes an explicit offset; `Mode`: blocking, nonblocking or split begin.
enum class Mode { kBlocking, kNonblocking, kBegin };

// The method's name for the buffer's errors ("File.Iwrite_at (buf)"): the table below registers each
// form with it as the function's data.
const char* BufWhat(const Napi::CallbackInfo& info) {
  return info.Data() ? static_cast<const char*>(info.Data()) : "File (buf)";
}

template <auto Fn, bool At, Mode M>
Napi::Value Access(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a(info);
  RequireMpi(env);
  HandleId id = ReadId(env, a[0], "file");
  FileEntry f = g_files.Get(env, id);
  if (f.handle == MPI_FILE_NULL) ThrowError(env, "mpi4js: operation on FILE_NULL", MPI_ERR_FILE);
  size_t i = 1;
  MPI_Offset off = 0;
  if constexpr (At) off = a.Offset(i++, "native: offset");
  Hold hold = M == Mode::kBlocking ? nullptr : std::make_shared<Holdings>();
  Buffer b;
  a.Plain(i, b, BufWhat(info), P2P(PinsOf(hold)));
  int ierr;
  if constexpr (M == Mode::kBlocking) {
    StatusArg st(info, i + 4);
    if constexpr (At) ierr = Fn(f.handle, off, b.ptr, b.count, b.type, st.get());
    else ierr = Fn(f.handle, b.ptr, b.count, b.type, st.get());
    CHKERR(env, ierr);
    return env.Undefined();
  } else if constexpr (M == Mode::kNonblocking) {
    MPI_Request q = MPI_REQUEST_NULL;
    if constexpr (At) ierr = Fn(f.handle, off, b.ptr, b.count, b.type, &q);
    else ierr = Fn(f.handle, b.ptr, b.count, b.type, &q);
    return Started<true>(env, ierr, q, hold);
  } else {
    if (f.split) ThrowError(env, "mpi4js: a split collective is already pending on this file (call its _end first)", MPI_ERR_OTHER);
    if constexpr (At) ierr = Fn(f.handle, off, b.ptr, b.count, b.type);
    else ierr = Fn(f.handle, b.ptr, b.count, b.type);
    CHKERR(env, ierr);
    f.split = hold;  // the memory stays pinned until `_end`
    g_files.Update(id, f);
    return env.Undefined();
  }
}

// `*_end(fh, buf, byte offset, count, datatype, status)`: the buffer of the `_begin`.
template <auto Fn>
Napi::Value AccessEnd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Args a(info);
  RequireMpi(env);
  HandleId id = ReadId(env, a[0], "file");
  FileEntry f = g_files.Get(env, id);
  if (f.handle == MPI_FILE_NULL) ThrowError(env, "mpi4js: operation on FILE_NULL", MPI_ERR_FILE);
  Buffer b;
  a.Plain(1, b, BufWhat(info), P2P());
  StatusArg st(info, 5);
  CHKERR(env, Fn(f.handle, b.ptr, st.get()));
  f.split = nullptr;
  g_files.Update(id, f);
  return env.Undefined();
}

// ---- error handlers -------------------------------------------------------------------------

Napi::Value FileGetErrhandler(const Napi::CallbackInfo& info) {
  MPI_Errhandler out;
  CHKERR(info.Env(), MPI_File_get_errhandler(FileArg(info.Env(), info[0], true), &out));
  return Num(info.Env(), static_cast<double>(AddErrhandler(out)));
}

Napi::Value FileSetErrhandler(const Napi::CallbackInfo& info) {
  MPI_File fh = FileArg(info.Env(), info[0], true);
  CHKERR(info.Env(), MPI_File_set_errhandler(fh, ReadErrhandler(info.Env(), info[1])));
  return info.Env().Undefined();
}

Napi::Value FileCallErrhandler(const Napi::CallbackInfo& info) {
  MPI_File fh = FileArg(info.Env(), info[0], true);
  CHKERR(info.Env(), MPI_File_call_errhandler(fh, ArgInt(info, 1, "errorcode")));
  return info.Env().Undefined();
}

}  // namespace

void InitFile(Napi::Env env, Napi::Object exports) {
  std::call_once(g_file_predefined_once, [] { g_files.AddFixed(kFileNull, FileEntry{MPI_FILE_NULL, true, nullptr}); });
#define FN(name, fn) MPI4JS_FN(exports, env, name, fn)
  FN("fileOpen", FileOpen);
  FN("fileClose", FileClose);
  FN("fileDelete", FileDelete);
  FN("fileSetSize", FileSized<MPI_File_set_size>);
  FN("filePreallocate", FileSized<MPI_File_preallocate>);
  FN("fileGetSize", FileGetSize);
  FN("fileGetAmode", FileGetAmode);
  FN("fileGetGroup", FileGetGroup);
  FN("fileSetInfo", FileSetInfo);
  FN("fileGetInfo", FileGetInfo);
  FN("fileSetView", FileSetView);
  FN("fileGetView", FileGetView);
  FN("fileSync", FileSync);
  FN("fileSetAtomicity", FileSetAtomicity);
  FN("fileGetAtomicity", FileGetAtomicity);
  FN("fileGetByteOffset", FileGetByteOffset);
  FN("fileGetTypeExtent", FileGetTypeExtent);
  FN("fileSeek", FileSeekOf<MPI_File_seek>);
  FN("fileSeekShared", FileSeekOf<MPI_File_seek_shared>);
  FN("fileGetPosition", FilePositionOf<MPI_File_get_position>);
  FN("fileGetPositionShared", FilePositionOf<MPI_File_get_position_shared>);
  FN("fileGetErrhandler", FileGetErrhandler);
  FN("fileSetErrhandler", FileSetErrhandler);
  FN("fileCallErrhandler", FileCallErrhandler);
  // The data-access table: name, method (the buffer's errors name it), MPI function, explicit offset, mode.
#define IO(name, method, fn) \
  (exports).Set(name, Napi::Function::New(env, ::mpi4js::Gated<fn>, name, const_cast<char*>("File." method " (buf)")))
#define B Mode::kBlocking
#define NB Mode::kNonblocking
#define BEGIN Mode::kBegin
  IO("fileReadAt", "Read_at", (Access<MPI_File_read_at, true, B>));
  IO("fileReadAtAll", "Read_at_all", (Access<MPI_File_read_at_all, true, B>));
  IO("fileWriteAt", "Write_at", (Access<MPI_File_write_at, true, B>));
  IO("fileWriteAtAll", "Write_at_all", (Access<MPI_File_write_at_all, true, B>));
  IO("fileIreadAt", "Iread_at", (Access<MPI_File_iread_at, true, NB>));
  IO("fileIreadAtAll", "Iread_at_all", (Access<MPI_File_iread_at_all, true, NB>));
  IO("fileIwriteAt", "Iwrite_at", (Access<MPI_File_iwrite_at, true, NB>));
  IO("fileIwriteAtAll", "Iwrite_at_all", (Access<MPI_File_iwrite_at_all, true, NB>));
  IO("fileRead", "Read", (Access<MPI_File_read, false, B>));
  IO("fileReadAll", "Read_all", (Access<MPI_File_read_all, false, B>));
  IO("fileWrite", "Write", (Access<MPI_File_write, false, B>));
  IO("fileWriteAll", "Write_all", (Access<MPI_File_write_all, false, B>));
  IO("fileIread", "Iread", (Access<MPI_File_iread, false, NB>));
  IO("fileIreadAll", "Iread_all", (Access<MPI_File_iread_all, false, NB>));
  IO("fileIwrite", "Iwrite", (Access<MPI_File_iwrite, false, NB>));
  IO("fileIwriteAll", "Iwrite_all", (Access<MPI_File_iwrite_all, false, NB>));
  IO("fileReadShared", "Read_shared", (Access<MPI_File_read_shared, false, B>));
  IO("fileWriteShared", "Write_shared", (Access<MPI_File_write_shared, false, B>));
  IO("fileIreadShared", "Iread_shared", (Access<MPI_File_iread_shared, false, NB>));
  IO("fileIwriteShared", "Iwrite_shared", (Access<MPI_File_iwrite_shared, false, NB>));
  IO("fileReadOrdered", "Read_ordered", (Access<MPI_File_read_ordered, false, B>));
  IO("fileWriteOrdered", "Write_ordered", (Access<MPI_File_write_ordered, false, B>));
  IO("fileReadAtAllBegin", "Read_at_all_begin", (Access<MPI_File_read_at_all_begin, true, BEGIN>));
  IO("fileWriteAtAllBegin", "Write_at_all_begin", (Access<MPI_File_write_at_all_begin, true, BEGIN>));
  IO("fileReadAllBegin", "Read_all_begin", (Access<MPI_File_read_all_begin, false, BEGIN>));
  IO("fileWriteAllBegin", "Write_all_begin", (Access<MPI_File_write_all_begin, false, BEGIN>));
  IO("fileReadOrderedBegin", "Read_ordered_begin", (Access<MPI_File_read_ordered_begin, false, BEGIN>));
  IO("fileWriteOrderedBegin", "Write_ordered_begin", (Access<MPI_File_write_ordered_begin, false, BEGIN>));
  IO("fileReadAtAllEnd", "Read_at_all_end", AccessEnd<MPI_File_read_at_all_end>);
  IO("fileWriteAtAllEnd", "Write_at_all_end", AccessEnd<MPI_File_write_at_all_end>);
  IO("fileReadAllEnd", "Read_all_end", AccessEnd<MPI_File_read_all_end>);
  IO("fileWriteAllEnd", "Write_all_end", AccessEnd<MPI_File_write_all_end>);
  IO("fileReadOrderedEnd", "Read_ordered_end", AccessEnd<MPI_File_read_ordered_end>);
  IO("fileWriteOrderedEnd", "Write_ordered_end", AccessEnd<MPI_File_write_ordered_end>);
#undef B
#undef NB
#undef BEGIN
#undef IO
#undef FN
  Napi::Object k = Napi::Object::New(env);
  k.Set("FILE_NULL", Num(env, kFileNull));
#define K(name) k.Set(#name, Num(env, MPI_##name))
  K(MODE_RDONLY); K(MODE_WRONLY); K(MODE_RDWR); K(MODE_CREATE); K(MODE_EXCL); K(MODE_APPEND);
  K(MODE_DELETE_ON_CLOSE); K(MODE_UNIQUE_OPEN); K(MODE_SEQUENTIAL); K(SEEK_SET); K(SEEK_CUR); K(SEEK_END);
  K(MAX_DATAREP_STRING);
#undef K
  exports.Set("fileConstants", k);
}

}  // namespace mpi4js
