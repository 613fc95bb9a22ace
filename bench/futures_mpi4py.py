# The mpi4py contender of `mpi4js bench futures`: the protocol of bench/futures.mjs with
# mpi4py.futures in static mode (rank 0 runs this, the other ranks are the pool's workers).
#   mpiexec -n 3 python3 -m mpi4py.futures bench/futures_mpi4py.py [scale] [maxbytes] [batches]
import json
import sys
import time

from mpi4py.futures import MPIPoolExecutor


def noop(x):
    return x


def main():
    scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    batches = max(1, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    n = max(100, round(10000 * scale))
    r = max(20, round(2000 * scale))
    with MPIPoolExecutor() as pool:
        pool.bootup()
        w = getattr(pool, "num_workers", None) or pool._pool.size
        name = "%d worker%s" % (w, "s" if w > 1 else "")

        def emit(case, us):
            print(json.dumps({"bench": "futures", "case": "%s, %s" % (case, name), "bytes": w, "us": us, "iters": n}), flush=True)

        list(pool.map(noop, range(500)))
        for chunksize in (1, 100):
            best = float("inf")
            for _ in range(batches):
                t0 = time.perf_counter()
                got = sum(1 for _ in pool.map(noop, range(n), chunksize=chunksize))
                assert got == n
                best = min(best, (time.perf_counter() - t0) * 1e6 / n)
            emit("map chunksize %d (µs/task)" % chunksize, best)
        best = float("inf")
        for _ in range(batches):
            t0 = time.perf_counter()
            for i in range(r):
                pool.submit(noop, i).result()
            best = min(best, (time.perf_counter() - t0) * 1e6 / r)
        emit("submit round trip (µs)", best)


if __name__ == "__main__":
    main()
