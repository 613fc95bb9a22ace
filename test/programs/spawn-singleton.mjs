// A program started without a launcher (a singleton) spawns one copy of itself. Open MPI's singleton
// can (it starts its own runtime); MPICH's would wait forever in MPI_Comm_spawn, so mpi4js refuses
// the call first with an MPI.Exception of class ERR_SPAWN. Either way the program ends.
import MPI from 'mpi4js';
import { fileURLToPath } from 'node:url';

const parent = MPI.Comm.Get_parent();
if (parent !== MPI.COMM_NULL) {
  parent.send('child here', 0, 7);
  parent.Disconnect();
} else {
  try {
    const child = MPI.COMM_SELF.Spawn(process.execPath, [fileURLToPath(import.meta.url)], 1);
    console.log(`SPAWNED ${child.Get_remote_size()} ${child.recv(0, 7)}`);
    child.Disconnect();
  } catch (e) {
    const spawnClass = e instanceof MPI.Exception && e.Get_error_class() === MPI.ERR_SPAWN;
    console.log(`REFUSED ${spawnClass} ${e.message}`);
  }
}
