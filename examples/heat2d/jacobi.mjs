// 2-D steady heat (Laplace) by Jacobi iteration on an N×N grid with fixed edge temperatures.
// The parallel solver decomposes the grid over a Cartesian process topology (Compute_dims +
// Create_cart), exchanges halo rows (contiguous) and halo columns (a Create_vector column type)
// with Sendrecv, checks convergence with a global max-reduction, and gathers the field to rank 0
// with Create_subarray types. Every grid point is updated by the same arithmetic in the same
// order as in the serial solver, so the result is bitwise the same on any number of ranks.
import { MPI } from 'mpi4js';

/** Temperature of the fixed edge cell at global (i, j), i or j in {-1, N}: hot top, warm left, cold elsewhere. */
export function edgeValue(i, j, N) {
  if (i < 0) return 1.0;
  if (j < 0) return 0.5 * (1 - (i + 0.5) / N);
  return 0.0;
}

/** One Jacobi sweep over rows 1..lx, columns 1..ly of a (lx+2)×(ly+2) block; returns max |change|. */
function sweep(u, unew, lx, ly) {
  const W = ly + 2;
  let diff = 0;
  for (let i = 1; i <= lx; i++) {
    const row = i * W;
    for (let j = 1; j <= ly; j++) {
      const k = row + j;
      const v = 0.25 * (u[k - W] + u[k + W] + u[k - 1] + u[k + 1]);
      const d = Math.abs(v - u[k]);
      if (d > diff) diff = d;
      unew[k] = v;
    }
  }
  return diff;
}

/** A (lx+2)×(ly+2) block of the grid starting at global (i0, j0), zero inside, edge values in the halo on the grid border. */
function makeBlock(N, i0, j0, lx, ly) {
  const W = ly + 2;
  const u = new Float64Array((lx + 2) * W);
  for (let i = -1; i <= lx; i++) {
    for (let j = -1; j <= ly; j++) {
      const gi = i0 + i, gj = j0 + j;
      if (gi < 0 || gi >= N || gj < 0 || gj >= N) u[(i + 1) * W + (j + 1)] = edgeValue(gi, gj, N);
    }
  }
  return u;
}

/** The serial solver: returns { field (N*N, row-major), iterations, residual }. */
export function solveSerial({ N, maxIter, tol = 0, checkEvery = 1 }) {
  let u = makeBlock(N, 0, 0, N, N);
  let unew = u.slice();
  let it = 0, residual = Infinity;
  while (it < maxIter) {
    const diff = sweep(u, unew, N, N);
    [u, unew] = [unew, u];
    it++;
    if (it % checkEvery === 0 || it === maxIter) {
      residual = diff;
      if (residual <= tol) break;
    }
  }
  const field = new Float64Array(N * N);
  for (let i = 0; i < N; i++) field.set(u.subarray((i + 1) * (N + 2) + 1, (i + 1) * (N + 2) + 1 + N), i * N);
  return { field, iterations: it, residual };
}

/** Balanced split of n points into p parts: [start, length] of part k. */
function split(n, p, k) {
  const q = Math.floor(n / p), r = n % p;
  return [k * q + Math.min(k, r), q + (k < r ? 1 : 0)];
}

/** Max of x over the communicator: comm.Allreduce with MPI.MAX where collectives exist, else a Sendrecv ring. */
function globalMax(comm, x) {
  const send = new Float64Array([x]);
  const recv = new Float64Array(1);
  if (typeof comm.Allreduce === 'function' && MPI.MAX !== undefined) {
    comm.Allreduce(send, recv, MPI.MAX);
    return recv[0];
  }
  const size = comm.Get_size(), rank = comm.Get_rank();
  const right = (rank + 1) % size, left = (rank + size - 1) % size;
  for (let step = 1; step < size; step++) {
    comm.Sendrecv(send, right, 99, recv, left, 99);
    if (recv[0] > send[0]) send[0] = recv[0];
  }
  return send[0];
}

/**
 * The parallel solver on `comm`. Returns { field (rank 0 only, else null), iterations, residual,
 * dims, seconds } — seconds of the iteration loop, without setup and gather. With `raw`, every
 * rank also writes its block into the file `raw` (N×N doubles, row-major, no header) with one
 * collective Write_at_all through a subarray view: the file is the same whatever the number of ranks.
 */
export function solveParallel(comm, { N, maxIter, tol = 0, checkEvery = 1, raw = null }) {
  const size = comm.Get_size();
  const dims = MPI.Compute_dims(size, 2);
  if (dims[0] > N || dims[1] > N) throw new RangeError(`heat2d: grid ${N}x${N} is too small for ${dims[0]}x${dims[1]} ranks`);
  const cart = comm.Create_cart(dims, [false, false], false);
  const [cx, cy] = cart.coords;
  const [i0, lx] = split(N, dims[0], cx);
  const [j0, ly] = split(N, dims[1], cy);
  const W = ly + 2;
  let u = makeBlock(N, i0, j0, lx, ly);
  let unew = u.slice();

  // One halo column: lx doubles W apart; resized to one double so displacements count doubles.
  const vector = MPI.DOUBLE.Create_vector(lx, 1, W);
  const column = vector.Create_resized(0, 8).Commit();
  vector.Free();
  const [up, down] = cart.Shift(0, 1);
  const [left, right] = cart.Shift(1, 1);

  const exchange = (a) => {
    // rows: last interior row -> down, top halo <- up; first interior row -> up, bottom halo <- down
    cart.Sendrecv([a, [ly, lx * W + 1], MPI.DOUBLE], down, 1, [a, [ly, 1], MPI.DOUBLE], up, 1);
    cart.Sendrecv([a, [ly, W + 1], MPI.DOUBLE], up, 2, [a, [ly, (lx + 1) * W + 1], MPI.DOUBLE], down, 2);
    // columns: last interior column -> right, left halo <- left; first interior column -> left, right halo <- right
    cart.Sendrecv([a, [1, W + ly], column], right, 3, [a, [1, W], column], left, 3);
    cart.Sendrecv([a, [1, W + 1], column], left, 4, [a, [1, W + ly + 1], column], right, 4);
  };

  const t0 = MPI.Wtime();
  let it = 0, residual = Infinity;
  while (it < maxIter) {
    exchange(u);
    const diff = sweep(u, unew, lx, ly);
    [u, unew] = [unew, u];
    it++;
    if (it % checkEvery === 0 || it === maxIter) {
      residual = globalMax(cart, diff);
      if (residual <= tol) break;
    }
  }
  const seconds = MPI.Wtime() - t0;

  // Gather: each rank sends its interior (a subarray of its block); rank 0 receives each block
  // straight into its place in the global field (a subarray of N×N).
  const interior = MPI.DOUBLE.Create_subarray([lx + 2, W], [lx, ly], [1, 1]).Commit();
  if (raw !== null) writeRaw(cart, raw, N, [i0, j0, lx, ly], u, interior);
  let field = null;
  if (cart.Get_rank() === 0) {
    field = new Float64Array(N * N);
    for (let r = 0; r < size; r++) {
      const [rx, ry] = cart.Get_coords(r);
      const [ri0, rlx] = split(N, dims[0], rx);
      const [rj0, rly] = split(N, dims[1], ry);
      const place = MPI.DOUBLE.Create_subarray([N, N], [rlx, rly], [ri0, rj0]).Commit();
      if (r === 0) cart.Sendrecv([u, 1, interior], 0, 7, [field, 1, place], 0, 7);
      else cart.Recv([field, 1, place], r, 7);
      place.Free();
    }
  } else {
    cart.Send([u, 1, interior], 0, 7);
  }
  interior.Free();
  column.Free();
  cart.Free();
  return { field, iterations: it, residual, dims, seconds };
}

/** Writes this rank's interior into its place of the N×N file (the view hides the rest of the file). */
function writeRaw(comm, file, N, [i0, j0, lx, ly], u, interior) {
  const fh = MPI.File.Open(comm, file, MPI.MODE_WRONLY | MPI.MODE_CREATE);
  fh.Set_size(8 * N * N);  // an older, longer file is cut to size
  const place = MPI.DOUBLE.Create_subarray([N, N], [lx, ly], [i0, j0]).Commit();
  fh.Set_view(0, MPI.DOUBLE, place);
  fh.Write_at_all(0, [u, 1, interior]);
  fh.Close();
  place.Free();
}

/**
 * Reads an N×N raw field written by `solveParallel({ raw })` on any number of ranks: each rank reads
 * only its block of rows (Read_at_all), and rank 0 gathers them. Returns { field (rank 0, else null), N }.
 */
export function readRaw(comm, file) {
  const size = comm.Get_size(), rank = comm.Get_rank();
  const fh = MPI.File.Open(comm, file, MPI.MODE_RDONLY);
  const N = Math.round(Math.sqrt(fh.Get_size() / 8));
  if (8 * N * N !== fh.Get_size()) throw new Error(`heat2d: ${file} (${fh.Get_size()} bytes) is not an N×N field of doubles`);
  const counts = Array.from({ length: size }, (_, k) => split(N, size, k)[1] * N);
  const displs = Array.from({ length: size }, (_, k) => split(N, size, k)[0] * N);
  const mine = new Float64Array(counts[rank]);
  fh.Read_at_all(8 * displs[rank], mine);
  fh.Close();
  const field = rank === 0 ? new Float64Array(N * N) : null;
  comm.Gatherv(mine, rank === 0 ? [field, counts, displs, MPI.DOUBLE] : null, 0);
  return { field, N };
}

/** A colour for t in [0, 1]: black → red → yellow → white. */
function heatColour(t) {
  const x = Math.min(1, Math.max(0, t)) * 3;
  return [Math.min(1, x), Math.min(1, Math.max(0, x - 1)), Math.min(1, Math.max(0, x - 2))].map((c) => Math.round(c * 255));
}

/** Writes the N×N field as a PNG (pngjs). */
export async function writePng(file, field, N) {
  let mod;
  try {
    mod = await import('pngjs');
  } catch (e) {
    // pngjs is a devDependency of mpi4js, not a dependency: users of the example install it.
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(`heat2d: writing ${file} needs the PNG encoder 'pngjs': npm install pngjs (or omit the output file)`);
  }
  const { PNG } = mod.default ?? mod;
  const png = new PNG({ width: N, height: N });
  for (let k = 0; k < N * N; k++) {
    const [r, g, b] = heatColour(field[k]);
    png.data[4 * k] = r;
    png.data[4 * k + 1] = g;
    png.data[4 * k + 2] = b;
    png.data[4 * k + 3] = 255;
  }
  const fs = await import('node:fs');
  fs.writeFileSync(file, PNG.sync.write(png));
}
