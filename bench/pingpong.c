/* 8-byte ping-pong between ranks 0 and 1: half round-trip latency in microseconds (median of
 * several timed runs), the C baseline of bench/pingpong-await.mjs.
 *   mpicc -O2 -o pingpong bench/pingpong.c && mpiexec -n 2 ./pingpong [iters] [runs]
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double run(int rank, int iters) {
  double buf = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  for (int i = 0; i < iters; i++) {
    if (rank == 0) {
      MPI_Send(&buf, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(&buf, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
      MPI_Recv(&buf, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(&buf, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
    }
  }
  return (MPI_Wtime() - t0) / iters / 2 * 1e6;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int iters = argc > 1 ? atoi(argv[1]) : 10000;
  int runs = argc > 2 ? atoi(argv[2]) : 7;
  if (size < 2) {
    if (rank == 0) printf("run on 2 ranks\n");
    MPI_Finalize();
    return 0;
  }
  run(rank, iters / 10); /* warm-up */
  double* t = malloc(sizeof(double) * runs);
  for (int r = 0; r < runs; r++) t[r] = run(rank, iters);
  qsort(t, runs, sizeof(double), cmp);
  if (rank == 0) printf("{\"bench\":\"c-blocking\",\"halfRttUs\":%.2f,\"min\":%.2f,\"max\":%.2f}\n", t[runs / 2], t[0], t[runs - 1]);
  free(t);
  MPI_Finalize();
  return 0;
}
