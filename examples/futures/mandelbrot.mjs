// The Mandelbrot set with a pool of MPI workers (the classic mpi4py.futures demo): each image row is
// one task of pool.map, the rows come back in order and are written as a PNG.
//
//   npx mpi4js run -n 5 --futures examples/futures/mandelbrot.mjs [width=480] [height=320] [out=mandelbrot.png]
//   mpirun -n 1 node examples/futures/mandelbrot.mjs          (spawns the workers: Open MPI)
import { MPIPoolExecutor, get_comm_workers } from 'mpi4js/futures';
import * as fs from 'node:fs';

const W = Number(process.argv[2] ?? 480);
const H = Number(process.argv[3] ?? 320);
const out = process.argv[4] ?? 'mandelbrot.png';
const MAXIT = 255;

/** The escape counts of row y (a task: run on a worker, by name). */
export function row(y, w = W, h = H, maxit = MAXIT) {
  const counts = new Uint8Array(w);
  const ci = -1.0 + (2.0 * y) / h;
  for (let x = 0; x < w; x++) {
    const cr = -2.0 + (3.0 * x) / w;
    let zr = 0, zi = 0, n = 0;
    while (n < maxit && zr * zr + zi * zi <= 4) {
      const t = zr * zr - zi * zi + cr;
      zi = 2 * zr * zi + ci;
      zr = t;
      n++;
    }
    counts[x] = n;
  }
  return counts;
}

// A worker imports this file for its task: get_comm_workers() is set there (mpi4py's `if __name__ == '__main__'`).
if (get_comm_workers() === null) {
  const t0 = performance.now();
  const pool = new MPIPoolExecutor();
  const image = new Uint8Array(W * H);
  let y = 0;
  for await (const counts of pool.map(`${import.meta.url}#row`, Array.from({ length: H }, (_, k) => k), { chunksize: 8 })) {
    image.set(counts, y++ * W);
  }
  const workers = pool.num_workers;
  await pool.shutdown();
  let inside = 0;
  for (const c of image) if (c === MAXIT) inside++;
  console.log(`mandelbrot: ${W}x${H} on ${workers} worker(s) in ${((performance.now() - t0) / 1000).toFixed(2)} s; ${inside} points inside`);
  await writePng(out, image);
}

async function writePng(file, image) {
  let mod;
  try {
    mod = await import('pngjs');
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    console.log(`mandelbrot: not writing ${file}: the PNG encoder 'pngjs' is not installed (npm install pngjs)`);
    return;
  }
  const { PNG } = mod.default ?? mod;
  const png = new PNG({ width: W, height: H });
  for (let k = 0; k < W * H; k++) {
    const c = image[k] === MAXIT ? 0 : 255 - image[k];
    png.data.set([c, (c * 3) & 255, 255 - c, 255], 4 * k);
  }
  fs.writeFileSync(file, PNG.sync.write(png));
  console.log(`mandelbrot: wrote ${file}`);
}
