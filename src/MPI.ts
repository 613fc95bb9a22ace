/** The `MPI` namespace object: mpi4py's module-level names, classes and constants. */
import { native } from './native';
import { Comm } from './Comm';
import { Intracomm, COMM_NULL } from './Intracomm';
import { Datatype, DATATYPES } from './Datatype';
import { Status } from './Status';
import { Message, MESSAGE_NULL, MESSAGE_NO_PROC } from './Message';
import { MPIException, checkErrorCode, checkInt, usageError } from './errors';
import { pickle } from './pickle';
import { Request, REQUEST_NULL } from './Request';
import { Prequest } from './Prequest';
import { Grequest } from './Grequest';
import { Session, SESSION_NULL } from './Session';
import { Attach_buffer, Detach_buffer, Flush_buffer } from './bsend';
import { IN_PLACE, type InPlace } from './bufspec';
import { Op, OPS } from './Op';
import { initialize, requestedThreadLevel, threadLevel } from './lifecycle';
import { Group, GROUP_NULL, GROUP_EMPTY } from './Group';
import { Intercomm } from './Intercomm';
import { Topocomm, Cartcomm, Graphcomm, Distgraphcomm, Compute_dims } from './Topocomm';
import { Win, WIN_NULL } from './Win';
import { Info, INFO_NULL, INFO_ENV } from './Info';
import { File, FILE_NULL, FILE_CONSTANTS } from './File';
import { Errhandler, ERRHANDLER_NULL, ERRORS_RETURN, ERRORS_ARE_FATAL, ERRORS_ABORT } from './Errhandler';
import { ENV_FUNCTIONS } from './envfns';
import { DATATYPE_ALIASES } from './Datatype';
import { UNWEIGHTED, WEIGHTS_EMPTY } from './Intracomm';
import { ATTR_KEYVALS, ERRCODES_IGNORE, portFunctions } from './dynamic';

const C = native.constants;
const num = (name: string): number => C[name] as number;

const ERROR_CLASSES = Object.fromEntries(
  Object.keys(C).filter((k) => k.startsWith('ERR_') || k === 'SUCCESS').map((k) => [k, num(k)]),
) as Record<`ERR_${string}` | 'SUCCESS', number>;

function Init(): void {
  Init_thread(requestedThreadLevel());
}

function Init_thread(required: number = num('THREAD_MULTIPLE')): number {
  checkInt('MPI.Init_thread', 'required', required);
  if (native.finalized()) throw usageError('ERR_OTHER', 'MPI.Init_thread: MPI is finalized and cannot be initialized again');
  if (native.initialized()) throw usageError('ERR_OTHER', 'MPI.Init_thread: MPI is already initialized');
  return initialize(required);
}

export const MPI = {
  ...ERROR_CLASSES,
  ...DATATYPES,
  ...OPS,
  // issue #17: datatype aliases, combiners/type classes/newer error classes, environment functions
  ...DATATYPE_ALIASES,
  ...(native.apiConstants as Readonly<Record<string, number>>),
  ...ENV_FUNCTIONS,
  UNWEIGHTED,
  WEIGHTS_EMPTY,
  ...FILE_CONSTANTS,

  // classes
  Comm,
  Intracomm,
  Datatype,
  Status,
  Message,
  Request,
  Prequest,
  Grequest,
  Session,
  Op,
  Exception: MPIException,
  pickle,

  // groups, intercommunicators, topologies
  Group,
  Intercomm,
  Topocomm,
  Cartcomm,
  Graphcomm,
  Distgraphcomm,
  GROUP_NULL,
  GROUP_EMPTY,
  CART: native.topoConstants.CART,
  GRAPH: native.topoConstants.GRAPH,
  DIST_GRAPH: native.topoConstants.DIST_GRAPH,
  ORDER_C: num('ORDER_C'),
  ORDER_FORTRAN: num('ORDER_FORTRAN'),
  ORDER_F: num('ORDER_FORTRAN'),
  DISTRIBUTE_BLOCK: num('DISTRIBUTE_BLOCK'),
  DISTRIBUTE_CYCLIC: num('DISTRIBUTE_CYCLIC'),
  DISTRIBUTE_NONE: num('DISTRIBUTE_NONE'),
  DISTRIBUTE_DFLT_DARG: num('DISTRIBUTE_DFLT_DARG'),
  /**
   * Balanced process grid: fills the zeros of `dims` (or `dims` zeros) so the product is `nnodes` (`MPI_Dims_create`).
   *
   * @example
   * ```ts
   * MPI.Compute_dims(12, 2);          // [4, 3]
   * MPI.Compute_dims(12, [0, 2]);     // [6, 2]
   * const cart = comm.Create_cart(MPI.Compute_dims(comm.size, 2), { periods: [true, true] });
   * ```
   */
  Compute_dims,

  // one-sided communication
  Win,
  WIN_NULL,
  ...(({ WIN_NULL: _, ...k }) => k)(native.winConstants),
  WIN_FLAVOR: native.winConstants.WIN_CREATE_FLAVOR,

  // info objects
  Info,
  INFO_NULL,
  INFO_ENV,
  MAX_INFO_KEY: native.infoConstants.MAX_INFO_KEY,
  MAX_INFO_VAL: native.infoConstants.MAX_INFO_VAL,

  // parallel I/O
  File,
  FILE_NULL,

  // error handlers
  Errhandler,
  ERRHANDLER_NULL,
  ERRORS_RETURN,
  ERRORS_ARE_FATAL,
  ERRORS_ABORT,

  // communicators and messages
  COMM_WORLD: new Intracomm(num('COMM_WORLD')),
  COMM_SELF: new Intracomm(num('COMM_SELF')),
  COMM_NULL,
  MESSAGE_NULL,
  SESSION_NULL,
  MESSAGE_NO_PROC,
  REQUEST_NULL,

  // buffered sends
  /**
   * Attaches a buffer for `Bsend`/`Ibsend` (`MPI_Buffer_attach`).
   *
   * @example
   * ```ts
   * MPI.Attach_buffer(new Uint8Array(MPI.DOUBLE.Pack_size(n, comm) + MPI.BSEND_OVERHEAD));
   * comm.Bsend(new Float64Array(n), dest);
   * MPI.Detach_buffer();      // waits until the buffered messages have left
   * ```
   */
  Attach_buffer,
  /** Detaches the Bsend buffer (`MPI_Buffer_detach`); returns it. */
  Detach_buffer,
  /** Waits until the buffered messages have left; the buffer stays attached (`MPI_Buffer_flush`). */
  Flush_buffer,
  /** Alias of `Attach_buffer`. */
  Buffer_attach: Attach_buffer,
  /** Alias of `Detach_buffer`. */
  Buffer_detach: Detach_buffer,

  // constants
  ANY_SOURCE: num('ANY_SOURCE'),
  ANY_TAG: num('ANY_TAG'),
  PROC_NULL: num('PROC_NULL'),
  ROOT: num('ROOT'),
  UNDEFINED: num('UNDEFINED'),
  /** The in-place marker of the collectives (`MPI_IN_PLACE`); typed as its own symbol so collectives accept it. */
  IN_PLACE: IN_PLACE as InPlace,
  THREAD_SINGLE: num('THREAD_SINGLE'),
  THREAD_FUNNELED: num('THREAD_FUNNELED'),
  THREAD_SERIALIZED: num('THREAD_SERIALIZED'),
  THREAD_MULTIPLE: num('THREAD_MULTIPLE'),
  IDENT: num('IDENT'),
  CONGRUENT: num('CONGRUENT'),
  SIMILAR: num('SIMILAR'),
  UNEQUAL: num('UNEQUAL'),
  COMM_TYPE_SHARED: num('COMM_TYPE_SHARED'),
  MAX_PROCESSOR_NAME: num('MAX_PROCESSOR_NAME'),
  MAX_ERROR_STRING: num('MAX_ERROR_STRING'),
  MAX_OBJECT_NAME: num('MAX_OBJECT_NAME'),
  BSEND_OVERHEAD: num('BSEND_OVERHEAD'),
  VERSION: num('VERSION'),
  SUBVERSION: num('SUBVERSION'),

  /** Largest usable tag (`MPI_TAG_UB` attribute of COMM_WORLD); needs MPI initialized. */
  get TAG_UB(): number {
    return native.tagUb();
  },

  // dynamic processes (src/dynamic.ts): ports, names, the attributes of Comm.Get_attr
  ...portFunctions,
  ERRCODES_IGNORE,
  MAX_PORT_NAME: native.dynamicConstants.MAX_PORT_NAME,
  /** Keyvals of `comm.Get_attr` (`MPI_UNIVERSE_SIZE`, `MPI_APPNUM`, …); `MPI.TAG_UB` is the value itself (a getter). */
  UNIVERSE_SIZE: ATTR_KEYVALS.UNIVERSE_SIZE,
  APPNUM: ATTR_KEYVALS.APPNUM,
  HOST: ATTR_KEYVALS.HOST,
  IO: ATTR_KEYVALS.IO,
  WTIME_IS_GLOBAL: ATTR_KEYVALS.WTIME_IS_GLOBAL,

  // lifecycle
  /** Initializes MPI when MPI4JS_INITIALIZE=0 deferred it (`MPI_Init_thread` at MPI4JS_THREAD_LEVEL). */
  Init,
  /**
   * Initializes MPI with a thread level (`MPI_Init_thread`); returns the provided level.
   * Only after `MPI4JS_INITIALIZE=0`: by default importing mpi4js initializes MPI.
   *
   * @param required `MPI.THREAD_SINGLE`, `THREAD_FUNNELED`, `THREAD_SERIALIZED` or `THREAD_MULTIPLE` (the default)
   * @returns the level MPI provides, which may be lower than `required`
   */
  Init_thread,
  /**
   * Finalizes MPI (`MPI_Finalize`); later MPI calls are errors. Only the thread that initialized MPI
   * may call it (else an MPI.Exception); worker threads' blocking receives, probes and waits are
   * cancelled first, and it throws if a worker stays inside another MPI call (a send, a collective).
   */
  Finalize(): void {
    native.finalize();
  },
  /** `MPI_Initialized`. */
  Is_initialized(): boolean {
    return native.initialized();
  },
  /** `MPI_Finalized`. */
  Is_finalized(): boolean {
    return native.finalized();
  },
  /** The provided thread level (`MPI_Query_thread`). */
  Query_thread(): number {
    return native.queryThread();
  },
  /** Whether this is the thread that initialized MPI (`MPI_Is_thread_main`). */
  Is_thread_main(): boolean {
    return native.isThreadMain();
  },

  // environment
  /** Wall-clock seconds (`MPI_Wtime`). */
  Wtime(): number {
    return native.wtime();
  },
  /** Resolution of `Wtime` (`MPI_Wtick`). */
  Wtick(): number {
    return native.wtick();
  },
  /** `MPI_Get_processor_name`. */
  Get_processor_name(): string {
    return native.processorName();
  },
  /** `[major, minor]` of the MPI standard (`MPI_Get_version`). */
  Get_version(): [number, number] {
    return native.version();
  },
  /** The library's version string (`MPI_Get_library_version`). */
  Get_library_version(): string {
    return native.libraryVersion();
  },
  /** `MPI_Pcontrol`. */
  Pcontrol(level: number): void {
    native.pcontrol(checkInt('MPI.Pcontrol', 'level', level));
  },
  /** The error class of an error code (`MPI_Error_class`). */
  Get_error_class(errorcode: number): number {
    return native.errorClass(checkErrorCode('MPI.Get_error_class', errorcode));
  },
  /** The message of an error code (`MPI_Error_string`). */
  Get_error_string(errorcode: number): string {
    return native.errorString(checkErrorCode('MPI.Get_error_string', errorcode));
  },
  /** @internal The thread level provided at initialization (-1 before). */
  get threadLevel(): number {
    return threadLevel();
  },
};

/** Types of the MPI namespace, so `MPI.Comm`, `MPI.Status`, … also work as type names. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace MPI {
  type Comm = import('./Comm').Comm;
  type Intracomm = import('./Intracomm').Intracomm;
  type Datatype = import('./Datatype').Datatype;
  type Status = import('./Status').Status;
  type Message = import('./Message').Message;
  type Request<T = import('./Status').Status> = import('./Request').Request<T>;
  type Prequest = import('./Prequest').Prequest;
  type Grequest = import('./Grequest').Grequest;
  type Session = import('./Session').Session;
  type Exception = import('./errors').MPIException;
  type BufSpec = import('./bufspec').BufSpec;
  type Group = import('./Group').Group;
  type Intercomm = import('./Intercomm').Intercomm;
  type Topocomm = import('./Topocomm').Topocomm;
  type Cartcomm = import('./Topocomm').Cartcomm;
  type Graphcomm = import('./Topocomm').Graphcomm;
  type Distgraphcomm = import('./Topocomm').Distgraphcomm;
  type Op = import('./Op').Op;
  type Win = import('./Win').Win;
  type Info = import('./Info').Info;
  type Errhandler = import('./Errhandler').Errhandler;
  type File = import('./File').File;
}
