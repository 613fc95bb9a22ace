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

// nonblocking collectives and neighbourhood v/w forms
const counts = [1, 1];
const reqs: MPI.Request[] = [
  comm.Ibcast(buf, 0),
  comm.Ibcast(buf, { root: 0 }),
  comm.Iscatter(rank === 0 ? buf : null, new Float64Array(1), 0),
  comm.Iscatterv(rank === 0 ? [buf, counts, MPI.DOUBLE] : null, new Float64Array(1), { root: 0 }),
  comm.Igather(buf, rank === 0 ? new Float64Array(10 * size) : null, 0),
  comm.Igatherv(buf, [new Float64Array(20), counts, [0, 10], MPI.DOUBLE], 0),
  comm.Iallgather(MPI.IN_PLACE, buf),
  comm.Iallgatherv(buf, [new Float64Array(20), [counts, [0, 10]], MPI.DOUBLE]),
  comm.Ialltoall(buf, new Float64Array(10)),
  comm.Ialltoallv(buf, [new Float64Array(10), counts, MPI.DOUBLE]),
  comm.Ialltoallw([buf, counts, [0, 8], [MPI.DOUBLE, MPI.DOUBLE]], [new Float64Array(2), counts, [0, 8], MPI.DOUBLE]),
  comm.Ireduce(buf, rank === 0 ? new Float64Array(10) : null, MPI.SUM, 0),
  comm.Ireduce(buf, null, { op: MPI.MAX, root: 1 }),
  comm.Iallreduce(MPI.IN_PLACE, buf, MPI.SUM),
  comm.Iscan(buf, new Float64Array(10)),
  comm.Iexscan(buf, new Float64Array(10), { op: MPI.PROD }),
  comm.Ireduce_scatter_block(buf, new Float64Array(5)),
  comm.Ireduce_scatter(buf, new Float64Array(5), [5, 5], MPI.SUM),
];
MPI.Request.Waitall(reqs);
const cart = comm.Create_cart([size], [true]) as MPI.Cartcomm;
const nreqs: MPI.Request[] = [
  cart.Ineighbor_allgather(buf, new Float64Array(20)),
  cart.Ineighbor_allgatherv(buf, [new Float64Array(20), counts, MPI.DOUBLE]),
  cart.Ineighbor_alltoall(buf, new Float64Array(10)),
  cart.Ineighbor_alltoallv([buf, counts], [new Float64Array(2), counts]),
  cart.Ineighbor_alltoallw([buf, counts, [0, 8], MPI.DOUBLE], [new Float64Array(2), counts, [0, 8], MPI.DOUBLE]),
];
cart.Neighbor_allgatherv(buf, [new Float64Array(20), counts, MPI.DOUBLE]);
cart.Neighbor_alltoallv([buf, counts], [new Float64Array(2), counts]);
cart.Neighbor_alltoallw([buf, counts, [0, 8], MPI.DOUBLE], [new Float64Array(2), counts, [0, 8], MPI.DOUBLE]);
void Promise.all([MPI.Request.all(nreqs), comm.Iallreduce(buf, new Float64Array(10)).then((s: MPI.Status) => s.Get_source())]);
// @ts-expect-error Ireduce_scatter needs recvcounts
comm.Ireduce_scatter(buf, new Float64Array(5));
// @ts-expect-error Ibcast returns a Request, not void
const nothing: void = comm.Ibcast(buf);
void nothing;

// @ts-expect-error dest must be a number
comm.Send(buf, '1');
// @ts-expect-error a plain array is not a buffer
comm.Send([1, 2, 3], 1);
// @ts-expect-error status must be an MPI.Status
comm.Recv(buf, 0, 0, {});
// @ts-expect-error unknown method
comm.Sned(buf, 1);

// Intercommunicator collectives: roots are MPI.ROOT / MPI.PROC_NULL / a remote rank; unused buffers may be null.
const local = comm.Split(comm.rank % 2) as MPI.Intracomm;
const inter: MPI.Intercomm = local.Create_intercomm(0, comm, 1, 5);
inter.Bcast(comm.rank === 0 ? buf : null, MPI.ROOT);
inter.Gather(null, new Float64Array(4), MPI.ROOT);
inter.Reduce(buf, null, MPI.SUM, 0);
inter.Allreduce(buf, new Float64Array(10));
const interReq: MPI.Request = inter.Iallreduce(buf, new Float64Array(10));
void interReq;
// @ts-expect-error an intercommunicator Bcast needs its root
inter.Bcast(buf);
