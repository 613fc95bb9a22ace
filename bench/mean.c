/* The parallel mean in C, the same steps as examples/mean.mjs: an n x n matrix of doubles on
 * rank 0, Scatterv of row blocks, local sums, MPI_Reduce, timed with MPI_Wtime.
 *   mpicc -O2 -o bench/mean bench/mean.c && mpiexec -n 4 bench/mean [n] */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  long n = argc > 1 ? atol(argv[1]) : 5000;
  int *counts = malloc(sizeof(int) * size), *displs = malloc(sizeof(int) * size);
  int off = 0;
  for (int i = 0; i < size; i++) {
    counts[i] = (int)((n / size + (i < n % size ? 1 : 0)) * n);
    displs[i] = off;
    off += counts[i];
  }
  double *matrix = NULL;
  if (rank == 0) {
    matrix = malloc(sizeof(double) * n * n);
    srand(12345);
    for (long i = 0; i < n * n; i++) matrix[i] = (double)rand() / RAND_MAX;
  }
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = MPI_Wtime();
  double *local = malloc(sizeof(double) * (counts[rank] ? counts[rank] : 1));
  MPI_Scatterv(matrix, counts, displs, MPI_DOUBLE, local, counts[rank], MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double s = 0, total = 0;
  for (int i = 0; i < counts[rank]; i++) s += local[i];
  MPI_Reduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  double t1 = MPI_Wtime();
  int bad = 0;
  if (rank == 0) {
    double serial = 0;
    for (long i = 0; i < n * n; i++) serial += matrix[i];
    serial /= (double)(n * n);
    printf("Mean: %.15f\nSerial mean: %.15f\nTime: %.4f s\n", total / (double)(n * n), serial, t1 - t0);
    bad = fabs(total / (double)(n * n) - serial) > 1e-9;
  }
  MPI_Finalize();
  return bad;
}
