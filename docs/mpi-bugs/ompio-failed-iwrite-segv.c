/* Open MPI 4.1 (OMPIO): a nonblocking file access that fails (here a write past the largest file
 * the file system allows: EFBIG) crashes MPI_Wait/MPI_Test with SIGSEGV in
 * ompi_errhandler_request_invoke (the request carries no file to find the error handler on).
 * The blocking MPI_File_write_at prints the error and returns MPI_SUCCESS. MPICH 4.0 returns an error.
 *   mpicc ompio-failed-iwrite-segv.c -o segv && mpirun -n 1 ./segv /tmp/segv.bin; echo $?   (139: SIGSEGV)
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_File fh;
  MPI_File_open(MPI_COMM_SELF, argc > 1 ? argv[1] : "segv.bin", MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE,
                MPI_INFO_NULL, &fh);
  char buf[16] = {0};
  MPI_Status st;
  MPI_Request req;
  int err = MPI_File_write_at(fh, (MPI_Offset)1 << 53, buf, 16, MPI_BYTE, &st);
  printf("write_at at 2^53: error %d\n", err);
  MPI_File_iwrite_at(fh, (MPI_Offset)1 << 53, buf, 16, MPI_BYTE, &req);
  err = MPI_Wait(&req, &st);  /* SIGSEGV on Open MPI 4.1 */
  printf("iwrite_at at 2^53: error %d\n", err);
  MPI_File_close(&fh);
  MPI_Finalize();
  return 0;
}
