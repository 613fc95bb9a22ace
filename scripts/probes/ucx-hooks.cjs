// Stress for the UCX memory-hook fault (docs/DEVELOPING.md, "Known intermittent faults"):
// MPI_Init, then a large compile and many allocations while Node's threads are busy.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const { MPI } = require(root);
const comm = MPI.COMM_WORLD;
const ts = require(path.join(root, 'node_modules', 'typescript'));
const out = ts.transpileModule('const x: number = 1; export default x;', {}).outputText;
const keep = [];
for (let i = 0; i < 200; i++) {
  keep.push(new Float64Array(1 << 16));
  keep.push('x'.repeat(i * 1000));
}
comm.Barrier();
if (comm.rank === 0) console.log('ok', out.length, keep.length);
