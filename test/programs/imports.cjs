// The CommonJS entry: require('mpi4js').MPI and .default are the MPI namespace.
const mpi4js = require('mpi4js');
const { MPI } = require('mpi4js');
console.log(JSON.stringify({ default: mpi4js.default === MPI, named: MPI.COMM_WORLD.Get_size() >= 1, errors: mpi4js.MPIError === MPI.Exception }));
