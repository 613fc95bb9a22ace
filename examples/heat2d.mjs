// 2-D heat diffusion (Jacobi) on an N×N grid over a Cartesian process grid; writes a PNG on rank 0.
//
//   mpiexec -n 4 node examples/heat2d.mjs [N=256] [maxIter=20000] [tol=1e-6] [out=heat2d.png] [checkEvery=10] [--raw field.f64]
//   npx mpi4js run -n 4 examples/heat2d.mjs 1024 500 0 heat.png
//
// The result equals a serial run bitwise on any number of ranks (see examples/heat2d/jacobi.mjs).
// `--raw FILE` also writes the field with MPI-IO, every rank its block in one collective call, to a
// raw file of N×N doubles that is the same whatever the number of ranks; examples/heat2d-read.mjs
// reads it back on any number of ranks and renders the PNG.
import { MPI } from 'mpi4js';
import { solveParallel, writePng } from './heat2d/jacobi.mjs';

const argv = process.argv.slice(2);
const at = argv.indexOf('--raw');
const raw = at >= 0 ? argv.splice(at, 2)[1] : null;
const [N = 256, maxIter = 20000, tol = 1e-6] = argv.slice(0, 3).map(Number);
const out = argv[3] ?? 'heat2d.png';
const checkEvery = Number(argv[4] ?? 10);
const comm = MPI.COMM_WORLD;
const res = solveParallel(comm, { N, maxIter, tol, checkEvery, raw });
if (comm.Get_rank() === 0) {
  console.log(`heat2d: ${N}x${N} on ${comm.Get_size()} rank(s) as ${res.dims.join('x')}: ` +
    `${res.iterations} iterations, residual ${res.residual.toExponential(3)}, ${res.seconds.toFixed(3)} s`);
  if (raw !== null) console.log(`heat2d: wrote the raw field ${raw} (${N}x${N} doubles) with Write_at_all`);
  if (out !== '-') {
    await writePng(out, res.field, N);
    console.log(`heat2d: wrote ${out}`);
  }
}
