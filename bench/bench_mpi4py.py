# The mpi4py contender of `mpi4js bench`: the same protocols as bench/bench.c and
# bench/bench.mjs. Uses the standard library's array module for numeric buffers (Debian's
# python3-mpi4py has no NumPy beside it). Rank 0 prints one JSON line per case.
#   mpiexec -n 2 python3 bench/bench_mpi4py.py pingpong [scale] [maxbytes] [batches]
import json
import sys
from array import array

from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, size = comm.Get_rank(), comm.Get_size()
bench = sys.argv[1] if len(sys.argv) > 1 else "pingpong"
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
maxbytes = int(sys.argv[3]) if len(sys.argv) > 3 else 4 << 20
batches = min(64, max(1, int(sys.argv[4]) if len(sys.argv) > 4 else 3))

SIZES = [0, 1, 8, 64, 512, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304]


def iterations(base, nbytes):
    cap = max(4, (32 << 20) // max(nbytes, 1))
    return max(2, int(min(base, cap) * scale + 0.5))


def measure(body, iters, per):
    comm.Barrier()
    body(iters)
    t = []
    for _ in range(batches):
        comm.Barrier()
        t0 = MPI.Wtime()
        body(iters)
        t.append((MPI.Wtime() - t0) / iters / per * 1e6)
    t.sort()
    return comm.bcast(t[len(t) // 2], root=0)


def report(name, nbytes, iters, us):
    if rank == 0:
        print(json.dumps({"bench": bench, "case": name, "bytes": nbytes, "iters": iters, "us": round(us, 4)}), flush=True)


def size_name(n):
    if n >= 1 << 20:
        return f"{n >> 20} MiB"
    if n >= 1024:
        return f"{n >> 10} KiB"
    return f"{n} B"


def pingpong_buffer(buf):
    def body(iters):
        for _ in range(iters):
            if rank == 0:
                comm.Send(buf, 1, 0)
                comm.Recv(buf, 1, 0)
            elif rank == 1:
                comm.Recv(buf, 0, 0)
                comm.Send(buf, 0, 0)
    return body


def pingpong_object(obj):
    def body(iters):
        for _ in range(iters):
            if rank == 0:
                comm.send(obj, 1, 0)
                comm.recv(source=1, tag=0)
            elif rank == 1:
                comm.send(comm.recv(source=0, tag=0), 0, 0)
    return body


def pingpong():
    buf = bytearray(maxbytes)
    mem = memoryview(buf)
    for n in SIZES:
        if n > maxbytes:
            break
        iters = iterations(5000, n)
        report(size_name(n), n, iters, measure(pingpong_buffer([mem[:n], MPI.BYTE]), iters, 2))


def pingpong_await():
    sbuf, rbuf = bytearray(8), bytearray(8)

    def body(iters):
        for _ in range(iters):
            if rank == 0:
                r = comm.Irecv(rbuf, 1, 0)
                comm.Send(sbuf, 1, 0)
                r.Wait()
            elif rank == 1:
                comm.Irecv(rbuf, 0, 0).Wait()
                comm.Send(sbuf, 0, 0)
    iters = iterations(5000, 8)
    report("8 B", 8, iters, measure(body, iters, 2))


def pingpong_objects():
    big = 1 << 20 if maxbytes >= 4 << 20 else 1024
    cases = [
        ("small object", {"a": 7, "b": 3.14}, 5000),
        ("1000-number array", [i * 0.5 for i in range(1000)], 2000),
        ("nested object", {"name": "mesh", "id": 42, "tags": ["a", "b", "c"], "box": {"lo": [0, 0, 0], "hi": [1, 1, 1]},
                           "parts": [{"id": i, "w": i / 10, "ok": i % 2 == 0} for i in range(10)]}, 2000),
        ("object with Float64Array", {"step": 1, "data": array("d", bytes(8 * big))}, 5000),
    ]
    for name, obj, base in cases:
        n = 8 * big if name == "object with Float64Array" else 0
        iters = iterations(base, n)
        report(name, n, iters, measure(pingpong_object(obj), iters, 2))
    arr = array("d", bytes(8 * big))
    iters = iterations(5000, 8 * big)
    report("Send Float64Array", 8 * big, iters, measure(pingpong_buffer(arr), iters, 2))


def allreduce():
    iters = iterations(2000, 8)

    def scalar(k):
        for _ in range(k):
            comm.allreduce(1.5, op=MPI.SUM)
    report("object scalar", 8, iters, measure(scalar, iters, 1))
    for n in [1, 128, 16384, 1048576]:
        if n * 8 > maxbytes * 2:
            break
        a, b = array("d", bytes(8 * n)), array("d", bytes(8 * n))
        iters = iterations(2000, 8 * n)

        def body(k, a=a, b=b):
            for _ in range(k):
                comm.Allreduce(a, b, op=MPI.SUM)
        report("1 Mi doubles" if n == 1048576 else f"{n} doubles", 8 * n, iters, measure(body, iters, 1))


def bcast():
    iters = iterations(2000, 8)
    obj = {"a": 7, "b": 3.14}

    def objects(k):
        for _ in range(k):
            comm.bcast(obj if rank == 0 else None, root=0)
    report("small object", 0, iters, measure(objects, iters, 1))
    buf = bytearray(1 << 20)
    mem = memoryview(buf)
    for n in [8, 1024, 65536, 1048576]:
        if n > maxbytes:
            break
        view = [mem[:n], MPI.BYTE]
        iters = iterations(2000, n)

        def body(k, view=view):
            for _ in range(k):
                comm.Bcast(view, root=0)
        report(size_name(n), n, iters, measure(body, iters, 1))


def ringtest():
    nxt, prev = (rank + 1) % size, (rank + size - 1) % size
    mem = memoryview(bytearray(1 << 20))
    for n in [1, 1024, 65536, 1048576]:
        if n > maxbytes:
            break
        m = [mem[:n], MPI.BYTE]

        def body(k, m=m):
            for _ in range(k):
                if size == 1:
                    comm.Sendrecv(m, 0, 0, m, 0, 0)
                elif rank == 0:
                    comm.Send(m, nxt, 0)
                    comm.Recv(m, prev, 0)
                else:
                    comm.Recv(m, prev, 0)
                    comm.Send(m, nxt, 0)
        iters = iterations(2000, n)
        report(size_name(n), n, iters, measure(body, iters, size))


def helloworld():
    token = array("i", [0])
    if rank > 0:
        comm.Recv(token, rank - 1, 0)
    print(f"Hello, World! I am process {rank} of {size} on {MPI.Get_processor_name()}.", flush=True)
    if rank + 1 < size:
        comm.Send(token, rank + 1, 0)
    comm.Barrier()


def cold():
    """The first messages without warm-up: 1000 round trips of the small object, then of 8 bytes."""
    iters = iterations(1000, 0)
    for name, body in (("small object", pingpong_object({"a": 7, "b": 3.14})), ("8 B", pingpong_buffer(bytearray(8)))):
        comm.Barrier()
        t0 = MPI.Wtime()
        body(iters)
        report(name, 8 if name == "8 B" else 0, iters, comm.bcast((MPI.Wtime() - t0) / iters / 2 * 1e6, root=0))


def rma():
    big = min(1 << 20, maxbytes)
    win = MPI.Win.Allocate(big if rank == 1 else 0, 1, comm=comm)
    win.Lock_all()
    for op, nbytes in (("Put", 8), ("Get", 8), ("Put", big), ("Get", big)):
        buf = bytearray(nbytes)

        def body(iters, op=op, buf=buf):
            if rank != 0:
                return
            f = win.Put if op == "Put" else win.Get
            for _ in range(iters):
                f(buf, 1, 0)
                win.Flush(1)
        iters = iterations(20000, nbytes)
        report(f"{op} + Flush {size_name(nbytes)}", nbytes, iters, measure(body, iters, 1))
    one, res = array("q", [1]), array("q", [0])

    def fop(iters):
        if rank != 0:
            return
        for _ in range(iters):
            win.Fetch_and_op(one, res, 1, 0, MPI.SUM)
            win.Flush(1)
    iters = iterations(20000, 8)
    report("Fetch_and_op + Flush 8 B", 8, iters, measure(fop, iters, 1))
    win.Unlock_all()
    win.Free()


def io():
    # The protocol of bench.c's io(): 64 MiB x scale, contiguous then a strided view of 64 KiB blocks.
    import os
    import tempfile
    per = max(8, int((64 << 20) * scale) // size // 8 * 8)
    block = 65536
    while block * 4 > per and block > 8:
        block //= 2
    per = per // block * block
    total = per * size
    ident = comm.bcast(os.getpid(), root=0)
    name = os.path.join(os.environ.get("TMPDIR") or tempfile.gettempdir(), f"mpi4js-bench-io-py-{ident}.bin")
    buf = bytearray([rank + 1]) * per
    fh = MPI.File.Open(comm, name, MPI.MODE_RDWR | MPI.MODE_CREATE)
    for strided in (False, True):
        ft = None
        if strided:
            v = MPI.BYTE.Create_vector(per // block, block, block * size)
            ft = v.Create_resized(0, total).Commit()
            v.Free()
            fh.Set_view(rank * block, MPI.BYTE, ft)
        else:
            fh.Set_view(rank * per, MPI.BYTE, MPI.BYTE)
        kind = "strided" if strided else "contiguous"
        report(f"Write_at_all {kind}", total, 1, measure(lambda k: [fh.Write_at_all(0, buf) for _ in range(k)], 1, 1))
        report(f"Read_at_all {kind}", total, 1, measure(lambda k: [fh.Read_at_all(0, buf) for _ in range(k)], 1, 1))
        if ft is not None:
            ft.Free()
    fh.Close()
    if rank == 0:
        MPI.File.Delete(name)


BENCHES = {"pingpong": pingpong, "pingpong-await": pingpong_await, "pingpong-object": pingpong_objects,
           "allreduce": allreduce, "bcast": bcast, "ringtest": ringtest, "helloworld": helloworld, "rma": rma, "io": io, "cold": cold}
if bench not in BENCHES:
    raise SystemExit(f"bench_mpi4py.py: unknown benchmark {bench}")
if size < 2 and (bench.startswith("pingpong") or bench in ("rma", "cold")):
    raise SystemExit(f"bench_mpi4py.py: {bench} needs at least 2 processes")
BENCHES[bench]()
