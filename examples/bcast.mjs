// Broadcasting a JavaScript object (mpi4py tutorial: comm.bcast(data, root=0)), then a typed array (comm.Bcast).
import { MPI } from 'mpi4js';

const comm = MPI.COMM_WORLD;
const rank = comm.Get_rank();

let data = null;
if (rank === 0) data = { key1: [7, 2.72, 'complex: 2+3j'], key2: ['abc', 'xyz'] };
data = comm.bcast(data, 0);
console.log(`rank ${rank}: data = ${JSON.stringify(data)}`);

// Broadcasting a typed array: no serialization, the memory moves.
const buf = new Float64Array(10);
if (rank === 0) for (let i = 0; i < 10; i++) buf[i] = i;
comm.Bcast(buf, 0);
for (let i = 0; i < 10; i++) if (buf[i] !== i) throw new Error(`rank ${rank}: wrong value at ${i}`);
console.log(`rank ${rank}: Bcast ok [${Array.from(buf).join(', ')}]`);
