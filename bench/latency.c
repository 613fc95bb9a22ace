/* 8-byte blocking ping-pong between ranks 0 and 1: the C baseline for bench/latency.mjs.
 * Usage: mpiexec -n 2 ./latency [iterations] [rounds]   prints the median one-way latency (us). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int iters = argc > 1 ? atoi(argv[1]) : 100000, rounds = argc > 2 ? atoi(argv[2]) : 7;
  double buf[1] = {0}, t[64];
  for (int r = -1; r < rounds; r++) { /* round -1 warms up */
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int i = 0; i < iters; i++) {
      if (rank == 0) {
        MPI_Send(buf, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD);
        MPI_Recv(buf, 1, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else if (rank == 1) {
        MPI_Recv(buf, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(buf, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
      }
    }
    if (r >= 0) t[r] = (MPI_Wtime() - t0) / iters / 2 * 1e6;
  }
  qsort(t, rounds, sizeof(double), cmp);
  if (rank == 0) printf("C 8-byte ping-pong: %.3f us one-way (median of %d rounds x %d)\n", t[rounds / 2], rounds, iters);
  MPI_Finalize();
  return 0;
}
