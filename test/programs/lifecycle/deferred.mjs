// MPI4JS_INITIALIZE=0: nothing is initialized until MPI.Init(); use after Finalize is an error.
import { MPI } from 'mpi4js';
import assert from 'node:assert/strict';

assert.equal(MPI.Is_initialized(), false);
assert.throws(() => MPI.COMM_WORLD.Get_rank(), /not initialized/);
MPI.Init();
assert.equal(MPI.Is_initialized(), true);
assert.throws(() => MPI.Init(), /already initialized/);
const rank = MPI.COMM_WORLD.Get_rank();
const size = MPI.COMM_WORLD.Get_size();
const got = MPI.COMM_WORLD.sendrecv(rank, (rank + 1) % size, 0, (rank + size - 1) % size, 0);
assert.equal(got, (rank + size - 1) % size);
MPI.COMM_WORLD.Barrier();
MPI.Finalize();
assert.equal(MPI.Is_finalized(), true);
assert.throws(() => MPI.COMM_WORLD.Get_size(), /finalized/);
assert.throws(() => MPI.COMM_WORLD.Send(new Float64Array(1), 0), /finalized/);
assert.throws(() => MPI.Finalize(), /finalized/);
assert.throws(() => MPI.Init(), /finalized/);
console.log(`deferred ok ${rank} ${size}`);
