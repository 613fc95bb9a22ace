/**
 * `MPI.Session` (MPI-4.0): the sessions model, beside the world model mpi4js starts on import.
 * On an MPI-3 library (Open MPI 4.1) `Session.Init` is an `MPI.Exception` of class
 * `ERR_UNSUPPORTED_OPERATION`.
 */
import { native } from './native';
import { FREED, HANDLE, liveHandle, setKind } from './handle';
import { argTypeError, checkInt } from './errors';
import { withInfo, infoFromId, type Info, type InfoArg } from './Info';
import { ERRORS_RETURN, Errhandler, errhandlerArg, errhandlerFromId } from './Errhandler';
import { Group, groupFromId } from './Group';

function sessionHandle(s: unknown, method: string): number {
  return liveHandle(s, 'Session', method);
}

function psetArg(method: string, name: unknown): string {
  if (typeof name !== 'string') throw argTypeError(method, 'pset_name', 'a string', name);
  return name;
}

/** An MPI session (`MPI_Session`). */
export class Session {
  /** @internal */
  [HANDLE]: number;

  /** `new MPI.Session()` is `MPI.SESSION_NULL`; sessions come from `Session.Init`. */
  constructor(id = 0) {
    this[HANDLE] = id;
  }

  /**
   * Starts a session (`MPI_Session_init`): `info` an `MPI.Info` or a plain object of hints,
   * `errhandler` the session's error handler (default `MPI.ERRORS_RETURN`: errors are `MPI.Exception`).
   */
  static Init(info: InfoArg = null, errhandler: Errhandler | null = null): Session {
    const M = 'Session.Init';
    const e = errhandler === null || errhandler === undefined ? ERRORS_RETURN[HANDLE] : errhandlerArg(M, errhandler);
    return new Session(withInfo(M, info, (i) => native.sessionInit(i, e)));
  }

  /** Ends the session (`MPI_Session_finalize`); later use is an error. */
  Finalize(): void {
    native.sessionFinalize(sessionHandle(this, 'Finalize'));
    this[HANDLE] = FREED;
  }

  /** The number of process sets (`MPI_Session_get_num_psets`). */
  Get_num_psets(info: InfoArg = null): number {
    const h = sessionHandle(this, 'Get_num_psets');
    return withInfo('Session.Get_num_psets', info, (i) => native.sessionGetNumPsets(h, i));
  }

  /** The name of process set `n` (`MPI_Session_get_nth_pset`), e.g. `mpi://WORLD`. */
  Get_nth_pset(n: number, info: InfoArg = null): string {
    const M = 'Session.Get_nth_pset';
    const h = sessionHandle(this, 'Get_nth_pset');
    const k = checkInt(M, 'n', n);
    return withInfo(M, info, (i) => native.sessionGetNthPset(h, i, k));
  }

  /** The session's hints (`MPI_Session_get_info`): a new `MPI.Info` to free. */
  Get_info(): Info {
    return infoFromId(native.sessionGetInfo(sessionHandle(this, 'Get_info')));
  }

  /** Same as `Get_info()`. */
  get info(): Info {
    return this.Get_info();
  }

  /** The hints of a process set (`MPI_Session_get_pset_info`), e.g. its `mpi_size`: a new `MPI.Info` to free. */
  Get_pset_info(pset_name: string): Info {
    const h = sessionHandle(this, 'Get_pset_info');
    return infoFromId(native.sessionGetPsetInfo(h, psetArg('Session.Get_pset_info', pset_name)));
  }

  /** The session's error handler (`MPI_Session_get_errhandler`). */
  Get_errhandler(): Errhandler {
    return errhandlerFromId(native.sessionGetErrhandler(sessionHandle(this, 'Get_errhandler')));
  }

  /** Sets the session's error handler (`MPI_Session_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    const h = sessionHandle(this, 'Set_errhandler');
    native.sessionSetErrhandler(h, errhandlerArg('Session.Set_errhandler', errhandler));
  }

  /** Invokes the session's error handler with an error code (`MPI_Session_call_errhandler`). */
  Call_errhandler(errorcode: number): void {
    const h = sessionHandle(this, 'Call_errhandler');
    native.sessionCallErrhandler(h, checkInt('Session.Call_errhandler', 'errorcode', errorcode));
  }

  /** The group of a process set (`MPI_Group_from_session_pset`); `MPI.Intracomm.Create_from_group` makes a communicator of it. */
  Create_group(pset_name: string): Group {
    const h = sessionHandle(this, 'Create_group');
    return groupFromId(native.groupFromSessionPset(h, psetArg('Session.Create_group', pset_name)));
  }
}
setKind(Session, 'Session');

/** `MPI.SESSION_NULL`. */
export const SESSION_NULL = new Session(0);
