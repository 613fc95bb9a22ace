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
const cart = comm.Create_cart([size], [true]);
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
const local = comm.Split(comm.rank % 2);
const inter: MPI.Intercomm = local.Create_intercomm(0, comm, 1, 5);
inter.Bcast(comm.rank === 0 ? buf : null, MPI.ROOT);
inter.Gather(null, new Float64Array(4), MPI.ROOT);
inter.Reduce(buf, null, MPI.SUM, 0);
inter.Allreduce(buf, new Float64Array(10));
const interReq: MPI.Request = inter.Iallreduce(buf, new Float64Array(10));
void interReq;
// @ts-expect-error an intercommunicator Bcast needs its root
inter.Bcast(buf);
inter.Alltoallv([buf, [10]], [new Float64Array(10), [10]]); // every collective is a Comm method
// @ts-expect-error Scan is an Intracomm method (MPI defines prefix reductions on intracommunicators only)
inter.Scan(buf, new Float64Array(10));

// ---- precise types, no casts: each `same<A, B>(true)` compiles only if A is exactly B -----------
/** True when A and B are the same type (neither wider nor narrower). */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function same<A, B>(ok: Same<A, B>): void {
  void ok;
}

// Communicator constructors return their class (MPI.COMM_NULL stands for a null one: test with ===).
const split = comm.Split(rank % 2, rank);
same<typeof split, MPI.Intracomm>(true);
same<ReturnType<typeof comm.Split_type>, MPI.Intracomm>(true);
same<ReturnType<typeof comm.Dup>, MPI.Intracomm>(true);
const wgroup: MPI.Group = comm.Get_group();
const created = comm.Create(wgroup);
same<typeof created, MPI.Intracomm>(true);
const createdGroup = comm.Create_group(wgroup, 3);
same<typeof createdGroup, MPI.Intracomm>(true);
if (split !== MPI.COMM_NULL) split.Barrier();
const cart2 = comm.Create_cart([size], { periods: [false] });
same<typeof cart2, MPI.Cartcomm>(true);
same<ReturnType<typeof cart2.Dup>, MPI.Cartcomm>(true);
same<ReturnType<typeof cart2.Sub>, MPI.Cartcomm>(true);
const graph = comm.Create_graph([1], [0]);
same<typeof graph, MPI.Graphcomm>(true);
const dgraph = comm.Create_dist_graph_adjacent([rank], [rank]);
same<typeof dgraph, MPI.Distgraphcomm>(true);
const dgraph2 = comm.Create_dist_graph([rank], [1], [rank]);
same<typeof dgraph2, MPI.Distgraphcomm>(true);
const merged = inter.Merge(true);
same<typeof merged, MPI.Intracomm>(true);
const interSub = inter.Create(inter.Get_group());
same<typeof interSub, MPI.Intercomm>(true);
// @ts-expect-error a Cartesian communicator is not a graph one
const notGraph: MPI.Graphcomm = comm.Create_cart([size]);
// @ts-expect-error Split gives an intracommunicator
const notInter: MPI.Intercomm = comm.Split(0);
void [notGraph, notInter];

// Object messages: the receiver names the type; object collectives infer it from the values.
interface Particle { id: number; pos: [number, number] }
const particle: Particle = { id: rank, pos: [0, 1] };
const got = comm.recv<Particle>(0, 11);
same<typeof got, Particle>(true);
same<ReturnType<typeof comm.recv>, unknown>(true);
const gotOpts = comm.recv<Particle>({ source: 0, tag: 11, status: st });
same<typeof gotOpts, Particle>(true);
const swapped = comm.sendrecv(particle, (rank + 1) % size, 0, (rank + size - 1) % size);
same<typeof swapped, Particle>(true);
const pending = comm.irecv<Particle>(0, 11);
same<typeof pending, MPI.Request<Particle>>(true);
const waited = pending.wait();
same<typeof waited, Particle>(true);
const tested = comm.irecv<Particle>({ source: 0 }).test();
same<typeof tested, [boolean, Particle | undefined]>(true);
void (async (): Promise<void> => {
  const awaited = await comm.irecv<Particle>(0, 11);
  same<typeof awaited, Particle>(true);
})();
const matched: MPI.Message = comm.mprobe(0, 11);
const fromMessage = matched.recv<Particle>();
same<typeof fromMessage, Particle>(true);
// @ts-expect-error recv<T> gives a T, not another type
const wrongRecv: string = comm.recv<number>(0);
void wrongRecv;

const bcasted = comm.bcast(particle, 0);
same<typeof bcasted, Particle>(true);
const bcastOpts = comm.bcast(rank === 0 ? particle : null, { root: 0 });
same<typeof bcastOpts, Particle | null>(true);
const scattered = comm.scatter(rank === 0 ? [particle] : null, 0);
same<typeof scattered, Particle>(true);
const gathered = comm.gather(particle, 0);
same<typeof gathered, Particle[] | null>(true);
const allgathered = comm.allgather(particle);
same<typeof allgathered, Particle[]>(true);
const exchanged = comm.alltoall([particle]);
same<typeof exchanged, Particle[]>(true);
const reduced = comm.reduce(rank, MPI.SUM, 0);
same<typeof reduced, number | null>(true);
const allreduced = comm.allreduce(particle, (a, b) => ({ id: a.id + b.id, pos: b.pos }));
same<typeof allreduced, Particle>(true);
const scanned = comm.scan(rank, { op: (a, b) => a + b });
same<typeof scanned, number>(true);
const exscanned = comm.exscan(rank, MPI.MAX);
same<typeof exscanned, number | undefined>(true);
// @ts-expect-error gather gives null off the root
const notNull: Particle[] = comm.gather(particle, 0);
// @ts-expect-error a function op takes two of the reduced values
comm.allreduce(rank, (a: string, b: string) => a + b);
void notNull;

// Neighbourhood object collectives: a Cartesian neighbour may be missing (undefined), a graph one not.
const cartNbrs = cart.neighbor_allgather(particle);
same<typeof cartNbrs, (Particle | undefined)[]>(true);
const cartAll = cart.neighbor_alltoall([particle, particle]);
same<typeof cartAll, (Particle | undefined)[]>(true);
const graphNbrs = graph.neighbor_allgather(particle);
same<typeof graphNbrs, Particle[]>(true);
const dgraphAll = dgraph.neighbor_alltoall([rank]);
same<typeof dgraphAll, number[]>(true);
// @ts-expect-error a Cartesian neighbour may be missing
const allThere: Particle[] = cart.neighbor_allgather(particle);
void allThere;

// Lower-case waits over many requests give each request's object (undefined for a Status request).
const objReqs = [comm.irecv<Particle>(0), comm.irecv<Particle>(1)];
const objs = MPI.Request.waitall(objReqs);
same<typeof objs, Particle[]>(true);
const mixed = MPI.Request.waitall([comm.irecv<Particle>(0), comm.isend(particle, 1), comm.Isend(buf, 1)]);
same<typeof mixed, (Particle | undefined)[]>(true);
const testedAll = MPI.Request.testall(objReqs);
same<typeof testedAll, [boolean, Particle[] | null]>(true);
const any = MPI.Request.waitany(objReqs);
same<typeof any, [number, Particle | undefined]>(true);
void (async (): Promise<void> => {
  const both = await MPI.Request.all([comm.irecv<Particle>(0), comm.Irecv(buf, 1)]);
  same<typeof both, [Particle, MPI.Status]>(true);
  const many = await MPI.Request.all(objReqs);
  same<typeof many, Particle[]>(true);
  const first = await MPI.Request.race(objReqs);
  same<typeof first, Particle>(true);
})();
// @ts-expect-error waitall of object receives gives their objects
const notStrings: string[] = MPI.Request.waitall(objReqs);
void notStrings;

// Issue #17's long tail: Split/Create keep the kind; Idup is [newcomm, request]; generalized requests; sessions.
same<ReturnType<typeof inter.Split>, MPI.Intercomm>(true);
same<ReturnType<typeof comm.Create>, MPI.Intracomm>(true);
const [idup, idupReq]: [MPI.Intracomm, MPI.Request] = comm.Idup();
const isr: MPI.Request = comm.Isendrecv(buf, 0, 0, new Float64Array(10), 0, 0);
const greq: MPI.Grequest = MPI.Grequest.Start((st: MPI.Status, n: number) => { st.tag = n; }, null, null, 5);
const session: MPI.Session = MPI.Session.Init();
const interAll: number = inter.allreduce(1);
void [idup, idupReq, isr, greq, session, interAll];
