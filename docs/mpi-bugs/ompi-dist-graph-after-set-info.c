/* Open MPI 4.1: MPI_Comm_set_info(dup, an empty info) on a duplicate of MPI_COMM_WORLD (both freed),
 * then Split_type x5, Dist_graph_create_adjacent and Dist_graph_create on MPI_COMM_WORLD: at 5 ranks
 * MPI_Dist_graph_create never returns on some ranks. MPICH 4.0 completes.
 *   mpicc ompi-dist-graph-after-set-info.c -o dg && timeout 20 mpirun -n 5 ./dg; echo $?   (124: hang)
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size, one = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm d, s, g;
  int eh = argc < 3 || strcmp(argv[2], "noeh") != 0;  /* as mpi4js: every communicator returns errors */
  if (eh) MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_dup(MPI_COMM_WORLD, &d);
  if (eh) MPI_Comm_set_errhandler(d, MPI_ERRORS_RETURN);
  if (argc < 2 || strcmp(argv[1], "noset") != 0) {
    MPI_Info empty;
    MPI_Info_create(&empty);
    MPI_Comm_set_info(d, empty);
    MPI_Info_free(&empty);
  }
  MPI_Comm_free(&d);
  for (int i = 0; i < 5; i++) {
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &s);
    if (eh) MPI_Comm_set_errhandler(s, MPI_ERRORS_RETURN);
    MPI_Comm_free(&s);
  }
  int left = (rank + size - 1) % size, right = (rank + 1) % size;
  MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 1, &left, MPI_UNWEIGHTED, 1, &right, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g);
  if (eh) MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
  MPI_Comm_free(&g);
  MPI_Dist_graph_create(MPI_COMM_WORLD, 1, &rank, &one, &right, MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &g);
  if (eh) MPI_Comm_set_errhandler(g, MPI_ERRORS_RETURN);
  MPI_Comm_free(&g);
  printf("[%d] done\n", rank);
  MPI_Finalize();
  return 0;
}
