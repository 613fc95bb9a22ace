// A read-only file opened for writing is an MPI.Exception of class ERR_ACCESS (or ERR_READ_ONLY) on
// every rank, never a crash. Root may write any file, so test/mpi/file-access.test.ts runs this as an
// unprivileged user (file.mjs checks it in place when the suites themselves run unprivileged).
import MPI from 'mpi4js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const comm = MPI.COMM_WORLD;
const dir = comm.bcast(comm.rank === 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-ro-')) : null, 0);
const name = path.join(dir, 'readonly.bin');
try {
  if (comm.rank === 0) {
    fs.writeFileSync(name, 'abcd');
    fs.chmodSync(name, 0o444);
  }
  comm.Barrier();
  let outcome;
  try {
    MPI.File.Open(comm, name, MPI.MODE_WRONLY).Close();
    outcome = 'opened';
  } catch (e) {
    const names = Object.keys(MPI).filter((k) => k.startsWith('ERR_') && MPI[k] === e.error_class);
    outcome = e instanceof MPI.Exception ? names.join('|') : `${e.constructor.name}: ${e.message}`;
  }
  console.log(`READONLY rank ${comm.rank} uid ${process.getuid()}: ${outcome}`);
  comm.Barrier();
} finally {
  if (comm.rank === 0) fs.rmSync(dir, { recursive: true, force: true });
}
