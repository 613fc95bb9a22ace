// Reads a raw N×N field written by `examples/heat2d.mjs --raw FILE` on any number of ranks (each
// reads only its block of rows with the collective Read_at_all) and renders it as a PNG on rank 0.
//
//   mpiexec -n 3 node examples/heat2d-read.mjs field.f64 [out=heat2d.png]
import { MPI } from 'mpi4js';
import { readRaw, writePng } from './heat2d/jacobi.mjs';

const [file, out = 'heat2d.png'] = process.argv.slice(2);
if (!file) throw new Error('usage: heat2d-read.mjs FILE [out.png]');
const comm = MPI.COMM_WORLD;
const { field, N } = readRaw(comm, file);
if (comm.Get_rank() === 0) {
  let sum = 0;
  for (const v of field) sum += v;
  console.log(`heat2d-read: ${N}x${N} from ${file} on ${comm.Get_size()} rank(s), sum ${sum.toFixed(9)}`);
  await writePng(out, field, N);
  console.log(`heat2d-read: wrote ${out}`);
}
