// The heat2d example: the parallel solver equals the serial one bitwise, and writes a PNG.
import { MPI, assert, test, run } from './lib/suite.mjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { solveParallel, solveSerial, writePng } from '../../examples/heat2d/jacobi.mjs';

for (const [N, maxIter, tol, checkEvery] of [[13, 60, 0, 1], [22, 2000, 1e-3, 7]]) {
  test(`heat2d ${N}x${N}: parallel equals serial bitwise (tol ${tol})`, () => {
    const comm = MPI.COMM_WORLD;
    const par = solveParallel(comm, { N, maxIter, tol, checkEvery });
    if (comm.rank !== 0) {
      assert.equal(par.field, null);
      return;
    }
    const ser = solveSerial({ N, maxIter, tol, checkEvery });
    assert.equal(par.iterations, ser.iterations);
    assert.equal(par.residual, ser.residual);
    assert.equal(Buffer.compare(Buffer.from(par.field.buffer), Buffer.from(ser.field.buffer)), 0, 'fields differ');
    if (tol > 0) assert.ok(par.iterations < maxIter);
  });
}

test('heat2d writes a PNG on rank 0', async () => {
  const comm = MPI.COMM_WORLD;
  const N = 16;
  const par = solveParallel(comm, { N, maxIter: 50 });
  if (comm.rank !== 0) return;
  const file = path.join(os.tmpdir(), `heat2d-test-${process.pid}.png`);
  await writePng(file, par.field, N);
  const bytes = fs.readFileSync(file);
  fs.unlinkSync(file);
  assert.deepEqual(Array.from(bytes.subarray(1, 4)), [0x50, 0x4e, 0x47]);
  assert.equal(bytes.readUInt32BE(16), N);
});

await run();
