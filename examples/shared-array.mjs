// One array per node instead of one per rank: the ranks of a node split off with
// Split_type(COMM_TYPE_SHARED), allocate one shared Float64Array through Win.Allocate_shared (rank 0
// of the node holds all of it), each fills its slice, and after a Barrier every rank reads the whole
// array directly, with no message. Prints a checksum per rank and the memory saved.
//   mpiexec -n 4 node examples/shared-array.mjs [elements]
import { MPI } from 'mpi4js';

const n = Number(process.argv[2] ?? 1_000_000);
const node = MPI.COMM_WORLD.Split_type(MPI.COMM_TYPE_SHARED);
const { rank, size } = node;

// Rank 0 of the node allocates the whole array; the others allocate nothing and map rank 0's.
const win = MPI.Win.Allocate_shared(rank === 0 ? n * 8 : 0, 8, null, node);
const [memory] = win.Shared_query(0);
const table = new Float64Array(memory);

// A passive epoch on the whole node (no lock is ever contended: MODE_NOCHECK); Sync + Barrier +
// Sync is the memory barrier between one rank's stores and the others' loads.
win.Lock_all(MPI.MODE_NOCHECK);
// Each rank fills its slice.
const lo = Math.floor((rank * n) / size);
const hi = Math.floor(((rank + 1) * n) / size);
for (let i = lo; i < hi; i++) table[i] = Math.sqrt(i);
win.Sync();
node.Barrier();
win.Sync();

// Every rank reads all of it.
let checksum = 0;
for (let i = 0; i < n; i++) checksum += table[i];
let expected = 0;
for (let i = 0; i < n; i++) expected += Math.sqrt(i);
const ok = checksum === expected;
const world = MPI.COMM_WORLD.rank;
console.log(`shared-array: rank ${world} (node rank ${rank} of ${size}) checksum ${checksum.toFixed(3)} ${ok ? 'ok' : 'WRONG'}`);
node.Barrier();
win.Unlock_all();
if (rank === 0) {
  const saved = (size - 1) * n * 8;
  console.log(`shared-array: ${n} doubles shared by ${size} rank(s) of this node: ${saved} bytes saved against one copy per rank`);
}
win.Free(); // `table` is detached now: it cannot read freed memory
node.Free();
if (!ok) process.exitCode = 1;
