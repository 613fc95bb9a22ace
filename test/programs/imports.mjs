// The ESM entry: the default import, the named imports and require() give the one MPI object.
import MPI, { MPI as Named, MPIError, MPIException } from 'mpi4js';
import { createRequire } from 'node:module';

const cjs = createRequire(import.meta.url)('mpi4js');
const checks = {
  default: MPI.COMM_WORLD.Get_size() >= 1,
  named: Named === MPI,
  require: cjs.MPI === MPI && cjs.default === MPI,
  errors: MPIError === MPIException && MPIException === MPI.Exception,
};
console.log(JSON.stringify(checks));
