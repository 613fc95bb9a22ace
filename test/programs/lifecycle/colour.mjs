// Prints values Node's console colours on a terminal (numbers, booleans), and whether stdout is one.
import { MPI } from 'mpi4js';

console.log('rank', MPI.COMM_WORLD.Get_rank(), { n: 1, ok: true });
console.log('stdout is a tty:', process.stdout.isTTY === true);
