// Exits with the code given as argument on the rank given as second argument (default: every rank).
import { MPI } from 'mpi4js';

const code = Number(process.argv[2] ?? 0);
const only = process.argv[3] === undefined ? null : Number(process.argv[3]);
if (only === null || MPI.COMM_WORLD.Get_rank() === only) process.exitCode = code;
