// 2-D heat diffusion (Jacobi) on an N×N grid over a Cartesian process grid; writes a PNG on rank 0.
//
//   mpiexec -n 4 node examples/heat2d.mjs [N=256] [maxIter=20000] [tol=1e-6] [out=heat2d.png] [checkEvery=10]
//   npx mpi4js run -n 4 examples/heat2d.mjs 1024 500 0 heat.png
//
// The result equals a serial run bitwise on any number of ranks (see examples/heat2d/jacobi.mjs).
import { MPI } from 'mpi4js';
import { solveParallel, writePng } from './heat2d/jacobi.mjs';

const [N = 256, maxIter = 20000, tol = 1e-6] = process.argv.slice(2, 5).map(Number);
const out = process.argv[5] ?? 'heat2d.png';
const checkEvery = Number(process.argv[6] ?? 10);
const comm = MPI.COMM_WORLD;
const res = solveParallel(comm, { N, maxIter, tol, checkEvery });
if (comm.Get_rank() === 0) {
  console.log(`heat2d: ${N}x${N} on ${comm.Get_size()} rank(s) as ${res.dims.join('x')}: ` +
    `${res.iterations} iterations, residual ${res.residual.toExponential(3)}, ${res.seconds.toFixed(3)} s`);
  if (out !== '-') {
    await writePng(out, res.field, N);
    console.log(`heat2d: wrote ${out}`);
  }
}
