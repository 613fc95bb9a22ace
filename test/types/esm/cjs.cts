// CommonJS consumers: require('mpi4js') has the MPI namespace as `.MPI` and as `.default`.
import mpi4js = require('mpi4js');

const comm: mpi4js.MPI.Intracomm = mpi4js.MPI.COMM_WORLD;
const also: mpi4js.MPI.Intracomm = mpi4js.default.COMM_WORLD;
const e: mpi4js.MPIError | null = null;
void [comm, also, e];

// mpi4js/futures from CommonJS.
import futures = require('mpi4js/futures');
const pool: futures.MPIPoolExecutor = new futures.MPIPoolExecutor({ maxWorkers: 1 });
void pool.shutdown({ cancelFutures: true });
