/* Open MPI 4.1 (OMPIO): a nonblocking collective read that reaches past the end of the file never
 * completes: MPI_File_iread_all / MPI_File_iread_at_all, and the split collectives built on them
 * (MPI_File_read_all_begin/_end, read_at_all_begin/_end, read_ordered_begin/_end), on an empty file.
 * MPICH 4.0 (ROMIO) and Open MPI with `--mca io romio321` return (ROMIO reports the requested count).
 *   mpicc ompio-iread-all-eof.c -o eof && timeout 10 mpirun -n 1 ./eof /tmp/eof.bin; echo $?   (124: hang)
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_File fh;
  MPI_File_open(MPI_COMM_WORLD, argc > 1 ? argv[1] : "eof.bin", MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE,
                MPI_INFO_NULL, &fh);
  char buf[16];
  MPI_Request req;
  MPI_Status st;
  int count = -1;
  MPI_File_iread_at_all(fh, 0, buf, 16, MPI_BYTE, &req);  /* the file is empty */
  MPI_Wait(&req, &st);                                     /* never returns on Open MPI 4.1 (OMPIO) */
  MPI_Get_count(&st, MPI_BYTE, &count);
  printf("iread_at_all past the end: %d bytes\n", count);
  MPI_File_close(&fh);
  MPI_Finalize();
  return 0;
}
