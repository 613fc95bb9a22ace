// MPI4JS_THREAD_LEVEL picks the level asked of MPI_Init_thread.
import { MPI } from 'mpi4js';

const names = ['THREAD_SINGLE', 'THREAD_FUNNELED', 'THREAD_SERIALIZED', 'THREAD_MULTIPLE'];
const provided = MPI.Query_thread();
console.log(`provided ${names.find((n) => MPI[n] === provided)} main=${MPI.Is_thread_main()}`);
