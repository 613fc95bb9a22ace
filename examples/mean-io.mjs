// The parallel mean with MPI-IO: the n x n matrix of doubles lives in one file; each rank reads only
// its own rows with the collective Read_at_all (in chunks of at most --chunk rows, so the matrix may
// be larger than any one rank's memory) instead of receiving them from rank 0 with Scatterv as in
// examples/mean.mjs. Without --file, the ranks first write a matrix together (Write_at_all) into a
// temporary file, deleted at the end.
//
//   mpiexec -n 4 node examples/mean-io.mjs [--n 5000] [--chunk 256] [--file matrix.f64]
import { MPI } from 'mpi4js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const comm = MPI.COMM_WORLD;
const size = comm.Get_size();
const rank = comm.Get_rank();
const opt = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const n = Number(opt('n', 5000));
const chunk = Number(opt('chunk', 256));
const given = opt('file', null);

// Rows per process: the first n % size processes get one more.
const rowsOf = (r) => Math.floor(n / size) + (r < n % size ? 1 : 0);
const firstRow = (r) => r * Math.floor(n / size) + Math.min(r, n % size);
const myRows = rowsOf(rank), myFirst = firstRow(rank);
const rowBytes = 8 * n;
// Every rank makes the same number of collective calls: the largest number of chunks of any rank.
const rounds = Math.ceil(rowsOf(0) / chunk);

/** A deterministic value for element k (so any number of ranks writes the same file). */
const value = (k) => ((Math.imul(k ^ 0x9e3779b9, 0x85ebca6b) >>> 0) % 1000003) / 1000003;

let file = given;
if (file === null) {
  // A temporary matrix, written collectively: each rank its rows, a chunk at a time.
  const dir = comm.bcast(rank === 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'mean-io-')) : null, 0);
  file = path.join(dir, 'matrix.f64');
  const fh = MPI.File.Open(comm, file, MPI.MODE_WRONLY | MPI.MODE_CREATE);
  const buf = new Float64Array(Math.min(chunk, Math.max(myRows, 1)) * n);
  for (let k = 0; k < rounds; k++) {
    const r0 = Math.min(k * chunk, myRows), r1 = Math.min(r0 + chunk, myRows);
    for (let i = 0; i < (r1 - r0) * n; i++) buf[i] = value((myFirst + r0) * n + i);
    fh.Write_at_all((myFirst + r0) * rowBytes, [buf, (r1 - r0) * n, MPI.DOUBLE]);
  }
  fh.Close();
}

comm.Barrier();
const t0 = MPI.Wtime();
const fh = MPI.File.Open(comm, file, MPI.MODE_RDONLY);
if (fh.Get_size() < n * rowBytes) throw new Error(`mean-io: ${file} holds ${fh.Get_size()} bytes, less than ${n}x${n} doubles`);
const local = new Float64Array(Math.min(chunk, Math.max(myRows, 1)) * n);
let s = 0;
for (let k = 0; k < rounds; k++) {
  const r0 = Math.min(k * chunk, myRows), r1 = Math.min(r0 + chunk, myRows);
  fh.Read_at_all((myFirst + r0) * rowBytes, [local, (r1 - r0) * n, MPI.DOUBLE]);
  for (let i = 0; i < (r1 - r0) * n; i++) s += local[i];
}
fh.Close();
const total = rank === 0 ? new Float64Array(1) : null;
comm.Reduce(Float64Array.of(s), total, MPI.SUM, 0);
const t1 = MPI.Wtime();

if (rank === 0) {
  const mean = total[0] / (n * n);
  // The serial check reads the file again on one process, a row block at a time.
  const fd = fs.openSync(file, 'r');
  const rows = new Float64Array(chunk * n);
  let serial = 0;
  for (let r = 0; r < n; r += chunk) {
    const m = Math.min(chunk, n - r);
    fs.readSync(fd, new Uint8Array(rows.buffer, 0, m * rowBytes), 0, m * rowBytes, r * rowBytes);
    for (let i = 0; i < m * n; i++) serial += rows[i];
  }
  fs.closeSync(fd);
  serial /= n * n;
  console.log(`Mean: ${mean}`);
  console.log(`Serial mean: ${serial}`);
  console.log(`Read ${((n * rowBytes) / 2 ** 20).toFixed(1)} MiB on ${size} rank(s) in ${(t1 - t0).toFixed(4)} s`);
  if (Math.abs(mean - serial) > 1e-9) throw new Error('the parallel mean differs from the serial mean');
  console.log('OK: parallel mean matches the serial mean');
}
if (given === null) {
  comm.Barrier();
  if (rank === 0) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
