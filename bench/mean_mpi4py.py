# The parallel mean with mpi4py, the same steps as examples/mean.mjs: an n x n matrix of doubles
# on rank 0, Scatterv of row blocks, local sums, Reduce, timed with MPI.Wtime. Uses the standard
# library's array module (this machine's Debian python3-mpi4py has no NumPy beside it).
#   mpiexec -n 4 /usr/bin/python3 bench/mean_mpi4py.py [n]
import random
import sys
from array import array

from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
counts = [(n // size + (1 if i < n % size else 0)) * n for i in range(size)]

matrix = array('d', (random.random() for _ in range(n * n))) if rank == 0 else None

comm.Barrier()
t0 = MPI.Wtime()
local = array('d', bytes(8 * counts[rank]))
comm.Scatterv([matrix, counts, MPI.DOUBLE] if rank == 0 else None, local, root=0)
s = array('d', [sum(local)])
total = array('d', [0.0]) if rank == 0 else None
comm.Reduce(s, total, op=MPI.SUM, root=0)
t1 = MPI.Wtime()

if rank == 0:
    mean = total[0] / (n * n)
    serial = sum(matrix) / (n * n)
    print(f"Mean: {mean}")
    print(f"Serial mean: {serial}")
    print(f"Time: {t1 - t0:.4f} s")
    assert abs(mean - serial) < 1e-9
