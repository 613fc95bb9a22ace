// A process spawned by test/programs/dynamic.mjs: what it does is named by argv[2].
import { MPI } from 'mpi4js';

const world = MPI.COMM_WORLD;
const parent = MPI.Comm.Get_parent();
const mode = process.argv[2];

if (mode === 'talk') {
  // Get_parent is stable, an Intercomm whose remote group is the parents'.
  if (MPI.Comm.Get_parent() !== parent) throw new Error('Get_parent returned another object');
  const info = { size: world.size, rank: world.rank, remote: parent.Get_remote_size(), inter: parent.Is_inter(),
    appnum: world.Get_attr(MPI.APPNUM), argv: process.argv.slice(3) };
  const token = parent.bcast(null, 0);                  // from the parents' root
  parent.gather({ ...info, token }, 0);             // to the parents' root
  const buf = new Int32Array(1);
  parent.Bcast(buf, 0);
  parent.send(buf[0] + world.rank, 0, 7);               // point to point to parent rank 0
  parent.Disconnect();
} else if (mode === 'connect') {
  const port = process.argv[3];
  const server = world.Connect(port, undefined, 0);
  const v = server.bcast(null, 0);
  server.gather(v * 2 + world.rank, 0);
  server.Disconnect();
  parent.Disconnect();
} else if (mode === 'cwd') {
  // The folder it was started in (the parents' `wdir` info key).
  parent.send(process.cwd(), 0, 8);
  parent.Disconnect();
} else if (mode === 'die') {
  parent.Disconnect();
}
