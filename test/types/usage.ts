// Compiled with `tsc --noEmit` by test/types.test.ts: the public types accept SPEC's forms and
// reject misuse (each @ts-expect-error must be an error, or tsc fails).
import { MPI, MPIError } from 'mpi4js';

const comm: MPI.Intracomm = MPI.COMM_WORLD;
const rank: number = comm.Get_rank();
const size: number = comm.size;
const buf = new Float64Array(10);
comm.Send(buf, (rank + 1) % size);
comm.Send(buf, (rank + 1) % size, 7);
comm.Send([buf, MPI.DOUBLE], 1, 7);
comm.Send([buf, 5, MPI.DOUBLE], 1);
comm.Send([buf, [5, 2], MPI.DOUBLE], 1);
comm.Send(buf, { dest: 1, tag: 3 });
comm.Send(new BigInt64Array(2), 1);
comm.Send(new SharedArrayBuffer(8), 1);
const st: MPI.Status = new MPI.Status();
comm.Recv(buf, MPI.ANY_SOURCE, MPI.ANY_TAG, st);
comm.Recv(buf, { source: 0, tag: 1, status: st });
const n: number = st.Get_count(MPI.DOUBLE);
comm.send({ a: 1 }, 1, 11);
const obj: unknown = comm.recv({ source: 0, tag: 11 });
const flag: boolean = comm.Iprobe();
const msg: MPI.Message | null = comm.Improbe(0, 1);
const dup: MPI.Intracomm = comm.Dup();
const e: MPIError | null = null;
void [n, obj, flag, msg, dup, e];

// @ts-expect-error dest must be a number
comm.Send(buf, '1');
// @ts-expect-error a plain array is not a buffer
comm.Send([1, 2, 3], 1);
// @ts-expect-error status must be an MPI.Status
comm.Recv(buf, 0, 0, {});
// @ts-expect-error unknown method
comm.Sned(buf, 1);
