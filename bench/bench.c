/* The C contender of `mpi4js bench`: the same protocols as bench/bench.mjs and
 * bench/bench_mpi4py.py, written against the MPI C API. `mpi4js bench` compiles it with the
 * loaded mpicc (cached) and runs it side by side with the other contenders.
 *   mpicc -O2 -o bench-c bench/bench.c && mpiexec -n 2 ./bench-c pingpong [scale] [maxbytes] [batches]
 * Rank 0 prints one JSON line per case: {"bench", "case", "bytes", "iters", "us"} where us is
 * the median over the timed batches of the time per operation (one-way for ping-pongs). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rank, size;
static double scale = 1.0;
static long maxbytes = 4L << 20;
static int batches = 3;

static const long SIZES[] = {0, 1, 8, 64, 512, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304};
#define NSIZES (sizeof(SIZES) / sizeof(SIZES[0]))

/* Iterations of a case: base for small messages, about 32 MiB of traffic for large ones. */
static long iterations(long base, long bytes) {
  long n = base;
  long cap = (32L << 20) / (bytes > 0 ? bytes : 1);
  if (cap < 4) cap = 4;
  if (cap < n) n = cap;
  n = (long)(n * scale + 0.5);
  return n < 2 ? 2 : n;
}

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

typedef void (*body_fn)(long iters, void* ctx);

/* A discarded pass, then `batches` timed passes; the median time per iteration in us. */
static double measure(body_fn body, long iters, void* ctx, double per) {
  double t[64];
  MPI_Barrier(MPI_COMM_WORLD);
  body(iters, ctx);
  for (int b = 0; b < batches; b++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    body(iters, ctx);
    t[b] = (MPI_Wtime() - t0) / (double)iters / per * 1e6;
  }
  qsort(t, batches, sizeof(double), cmp);
  double us = t[batches / 2];
  MPI_Bcast(&us, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return us;
}

static void report(const char* bench, const char* name, long bytes, long iters, double us) {
  if (rank == 0) {
    printf("{\"bench\":\"%s\",\"case\":\"%s\",\"bytes\":%ld,\"iters\":%ld,\"us\":%.4f}\n", bench, name, bytes, iters, us);
    fflush(stdout);
  }
}

struct msg {
  char* buf;
  int count;
};

static void pingpong_body(long iters, void* ctx) {
  struct msg* m = ctx;
  for (long i = 0; i < iters; i++) {
    if (rank == 0) {
      MPI_Send(m->buf, m->count, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(m->buf, m->count, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
      MPI_Recv(m->buf, m->count, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(m->buf, m->count, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
}

static void pingpong_wait_body(long iters, void* ctx) {
  struct msg* m = ctx;
  MPI_Request r;
  for (long i = 0; i < iters; i++) {
    if (rank == 0) {
      MPI_Irecv(m->buf + 8, m->count, MPI_BYTE, 1, 0, MPI_COMM_WORLD, &r);
      MPI_Send(m->buf, m->count, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      MPI_Wait(&r, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
      MPI_Irecv(m->buf + 8, m->count, MPI_BYTE, 0, 0, MPI_COMM_WORLD, &r);
      MPI_Wait(&r, MPI_STATUS_IGNORE);
      MPI_Send(m->buf, m->count, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
}

static void size_name(long bytes, char* out) {
  if (bytes >= (1L << 20)) sprintf(out, "%ld MiB", bytes >> 20);
  else if (bytes >= 1024) sprintf(out, "%ld KiB", bytes >> 10);
  else sprintf(out, "%ld B", bytes);
}

static void pingpong(void) {
  char* buf = calloc(1, (size_t)maxbytes + 16);
  for (size_t s = 0; s < NSIZES; s++) {
    if (SIZES[s] > maxbytes) break;
    struct msg m = {buf, (int)SIZES[s]};
    long iters = iterations(5000, SIZES[s]);
    char name[32];
    size_name(SIZES[s], name);
    report("pingpong", name, SIZES[s], iters, measure(pingpong_body, iters, &m, 2.0));
  }
  free(buf);
}

static void pingpong_await(void) {
  char buf[32] = {0};
  struct msg m = {buf, 8};
  long iters = iterations(5000, 8);
  report("pingpong-await", "8 B", 8, iters, measure(pingpong_wait_body, iters, &m, 2.0));
}

/* --cold: the first 1000 round trips of 8 bytes, no warm-up, timed once. */
static void cold(void) {
  char buf[32] = {0};
  struct msg m = {buf, 8};
  long iters = iterations(1000, 0);
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  pingpong_body(iters, &m);
  double us = (MPI_Wtime() - t0) / (double)iters / 2.0 * 1e6;
  MPI_Bcast(&us, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  report("cold", "8 B", 8, iters, us);
}

/* The upper-case reference of pingpong-object: the 8 MiB array sent as a buffer. */
static void pingpong_object(void) {
  long bytes = 8L << 20;
  if (maxbytes < (4L << 20)) bytes = 8L * 1024;
  char* buf = calloc(1, (size_t)bytes);
  struct msg m = {buf, (int)bytes};
  long iters = iterations(5000, bytes);
  report("pingpong-object", "Send Float64Array", bytes, iters, measure(pingpong_body, iters, &m, 2.0));
  free(buf);
}

struct vec {
  double* in;
  double* out;
  int count;
};

static void allreduce_body(long iters, void* ctx) {
  struct vec* v = ctx;
  for (long i = 0; i < iters; i++) MPI_Allreduce(v->in, v->out, v->count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

static void bcast_body(long iters, void* ctx) {
  struct msg* m = ctx;
  for (long i = 0; i < iters; i++) MPI_Bcast(m->buf, m->count, MPI_BYTE, 0, MPI_COMM_WORLD);
}

static const long COLL_DOUBLES[] = {1, 128, 16384, 1048576};

static void allreduce(void) {
  for (int s = 0; s < 4; s++) {
    long n = COLL_DOUBLES[s];
    if (n * 8 > maxbytes * 2) break;
    struct vec v = {calloc(n, 8), calloc(n, 8), (int)n};
    long iters = iterations(2000, n * 8);
    char name[32];
    sprintf(name, "%ld doubles", n);
    if (n == 1048576) strcpy(name, "1 Mi doubles");
    report("allreduce", name, n * 8, iters, measure(allreduce_body, iters, &v, 1.0));
    free(v.in);
    free(v.out);
  }
}

static void bcast(void) {
  static const long B[] = {8, 1024, 65536, 1048576};
  char* buf = calloc(1, 1 << 20);
  for (int s = 0; s < 4; s++) {
    if (B[s] > maxbytes) break;
    struct msg m = {buf, (int)B[s]};
    long iters = iterations(2000, B[s]);
    char name[32];
    size_name(B[s], name);
    report("bcast", name, B[s], iters, measure(bcast_body, iters, &m, 1.0));
  }
  free(buf);
}

/* One trip of a message around the ring 0 -> 1 -> ... -> size-1 -> 0; time per hop. */
static void ring_body(long iters, void* ctx) {
  struct msg* m = ctx;
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  for (long i = 0; i < iters; i++) {
    if (size == 1) {
      MPI_Sendrecv(m->buf, m->count, MPI_BYTE, 0, 0, m->buf, m->count, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 0) {
      MPI_Send(m->buf, m->count, MPI_BYTE, next, 0, MPI_COMM_WORLD);
      MPI_Recv(m->buf, m->count, MPI_BYTE, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Recv(m->buf, m->count, MPI_BYTE, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(m->buf, m->count, MPI_BYTE, next, 0, MPI_COMM_WORLD);
    }
  }
}

static void ringtest(void) {
  static const long B[] = {1, 1024, 65536, 1048576};
  char* buf = calloc(1, 1 << 20);
  for (int s = 0; s < 4; s++) {
    if (B[s] > maxbytes) break;
    struct msg m = {buf, (int)B[s]};
    long iters = iterations(2000, B[s]);
    char name[32];
    size_name(B[s], name);
    report("ringtest", name, B[s], iters, measure(ring_body, iters, &m, (double)size));
  }
  free(buf);
}

/* ---- io: collective write and read of one shared file (Write_at_all / Read_at_all) ---------- */
struct io {
  MPI_File fh;
  char* buf;
  int count;
  int write;
};

static void io_body(long iters, void* ctx) {
  struct io* c = ctx;
  for (long i = 0; i < iters; i++) {
    if (c->write) MPI_File_write_at_all(c->fh, 0, c->buf, c->count, MPI_BYTE, MPI_STATUS_IGNORE);
    else MPI_File_read_at_all(c->fh, 0, c->buf, c->count, MPI_BYTE, MPI_STATUS_IGNORE);
  }
}

/* Bytes of the file (64 MiB x scale, a multiple of size x 8) and of one block of the strided view
 * (64 KiB, halved until each rank has at least 4 blocks). The same rule as bench.mjs. */
static void io_sizes(long* total, long* block) {
  long per = (long)((64L << 20) * scale) / size / 8 * 8;
  if (per < 8) per = 8;
  long b = 65536;
  while (b * 4 > per && b > 8) b /= 2;
  per = per / b * b;
  *total = per * size;
  *block = b;
}

static void io(void) {
  long total, block;
  io_sizes(&total, &block);
  long per = total / size;
  const char* tmp = getenv("TMPDIR");
  int id = rank == 0 ? (int)getpid() : 0;
  MPI_Bcast(&id, 1, MPI_INT, 0, MPI_COMM_WORLD);
  char name[4096];
  snprintf(name, sizeof name, "%s/mpi4js-bench-io-c-%d.bin", tmp && *tmp ? tmp : "/tmp", id);
  struct io c;
  c.buf = malloc(per);
  memset(c.buf, rank + 1, per);
  c.count = (int)per;
  MPI_File_open(MPI_COMM_WORLD, name, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &c.fh);
  for (int strided = 0; strided < 2; strided++) {
    MPI_Datatype ft = MPI_BYTE;
    if (strided) {
      MPI_Datatype v;
      MPI_Type_vector((int)(per / block), (int)block, (int)(block * size), MPI_BYTE, &v);
      MPI_Type_create_resized(v, 0, (MPI_Aint)total, &ft);
      MPI_Type_free(&v);
      MPI_Type_commit(&ft);
      MPI_File_set_view(c.fh, (MPI_Offset)rank * block, MPI_BYTE, ft, "native", MPI_INFO_NULL);
    } else {
      MPI_File_set_view(c.fh, (MPI_Offset)rank * per, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL);
    }
    for (c.write = 1; c.write >= 0; c.write--) {
      char label[64];
      snprintf(label, sizeof label, "%s_at_all %s", c.write ? "Write" : "Read", strided ? "strided" : "contiguous");
      report("io", label, total, 1, measure(io_body, 1, &c, 1.0));
    }
    if (strided) MPI_Type_free(&ft);
  }
  MPI_File_close(&c.fh);
  if (rank == 0) MPI_File_delete(name, MPI_INFO_NULL);
  free(c.buf);
}

/* Every rank says hello, in rank order (a token passed along). */
static void helloworld(void) {
  char name[MPI_MAX_PROCESSOR_NAME];
  int len, token = 0;
  MPI_Get_processor_name(name, &len);
  if (rank > 0) MPI_Recv(&token, 1, MPI_INT, rank - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  printf("Hello, World! I am process %d of %d on %s.\n", rank, size, name);
  fflush(stdout);
  if (rank + 1 < size) MPI_Send(&token, 1, MPI_INT, rank + 1, 0, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
}

/* One-sided, passive target (rank 0 -> rank 1, one Lock_all epoch): Put + Flush and Get + Flush
 * at 8 B and 1 MiB, and Fetch_and_op + Flush of one int64 (us per operation). */
static MPI_Win rma_win;
struct rma_case {
  int op; /* 0 Put, 1 Get, 2 Fetch_and_op */
  char* buf;
  int count;
};
static void rma_body(long iters, void* ctx) {
  struct rma_case* c = ctx;
  if (rank != 0) return;
  long long one = 1, res = 0;
  for (long i = 0; i < iters; i++) {
    if (c->op == 0) MPI_Put(c->buf, c->count, MPI_BYTE, 1, 0, c->count, MPI_BYTE, rma_win);
    else if (c->op == 1) MPI_Get(c->buf, c->count, MPI_BYTE, 1, 0, c->count, MPI_BYTE, rma_win);
    else MPI_Fetch_and_op(&one, &res, MPI_INT64_T, 1, 0, MPI_SUM, rma_win);
    MPI_Win_flush(1, rma_win);
  }
}
static void rma(void) {
  long big = maxbytes < 1048576 ? maxbytes : 1048576;
  void* base;
  MPI_Win_allocate(rank == 1 ? big : 0, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &rma_win);
  MPI_Win_lock_all(0, rma_win);
  char* buf = calloc(1, big > 8 ? big : 8);
  const long bytes[4] = {8, 8, big, big};
  for (int k = 0; k < 4; k++) {
    struct rma_case c = {k % 2, buf, (int)bytes[k]};
    char sz[32], name[64];
    size_name(bytes[k], sz);
    snprintf(name, sizeof name, "%s + Flush %s", k % 2 ? "Get" : "Put", sz);
    long iters = iterations(20000, bytes[k]);
    report("rma", name, bytes[k], iters, measure(rma_body, iters, &c, 1.0));
  }
  struct rma_case f = {2, buf, 8};
  long iters = iterations(20000, 8);
  report("rma", "Fetch_and_op + Flush 8 B", 8, iters, measure(rma_body, iters, &f, 1.0));
  MPI_Win_unlock_all(rma_win);
  MPI_Win_free(&rma_win);
  free(buf);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const char* bench = argc > 1 ? argv[1] : "pingpong";
  if (argc > 2) scale = atof(argv[2]);
  if (argc > 3) maxbytes = atol(argv[3]);
  if (argc > 4) batches = atoi(argv[4]);
  if (batches < 1) batches = 1;
  if (batches > 64) batches = 64;
  int needs2 = strcmp(bench, "helloworld") && strcmp(bench, "ringtest") && strcmp(bench, "allreduce") && strcmp(bench, "bcast") &&
               strcmp(bench, "io");
  if (needs2 && size < 2) {
    if (rank == 0) fprintf(stderr, "bench-c: %s needs at least 2 processes\n", bench);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  if (!strcmp(bench, "pingpong")) pingpong();
  else if (!strcmp(bench, "cold")) cold();
  else if (!strcmp(bench, "pingpong-await")) pingpong_await();
  else if (!strcmp(bench, "pingpong-object")) pingpong_object();
  else if (!strcmp(bench, "allreduce")) allreduce();
  else if (!strcmp(bench, "bcast")) bcast();
  else if (!strcmp(bench, "ringtest")) ringtest();
  else if (!strcmp(bench, "helloworld")) helloworld();
  else if (!strcmp(bench, "rma")) rma();
  else if (!strcmp(bench, "io")) io();
  else {
    if (rank == 0) fprintf(stderr, "bench-c: unknown benchmark %s\n", bench);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  MPI_Finalize();
  return 0;
}
