/**
 * Dynamic processes (MPI-2 chapter 11): `Intracomm.Spawn`/`Spawn_multiple`/`Accept`/`Connect`,
 * `Comm.Get_parent`/`Disconnect`/`Join`, the port and name functions of `MPI`, and the integer
 * attributes (`comm.Get_attr(MPI.UNIVERSE_SIZE)`). Info arguments are an `MPI.Info`, a plain object
 * of strings (a temporary Info for the call) or undefined/`MPI.INFO_NULL` (`withInfo`, Info.ts).
 *
 * Spawning needs a launcher that can start processes: `mpirun`/`mpiexec` of Open MPI and MPICH
 * (hydra) can; under `srun` (PMI2/PMIx without a spawn service) and singletons of some builds it
 * cannot, and the call fails with an `MPI.Exception` (docs/FUTURES.md). An MPICH singleton (a
 * process started without `mpiexec`) waits forever inside `MPI_Comm_spawn`, so it is refused first.
 */
import { native } from './native';
import { FREED, HANDLE } from './handle';
import { argRangeError, argTypeError, checkInt, usageError } from './errors';
import { detectLauncher } from './lifecycle';
import { isOptions, withOptions } from './options';
import { withInfo, type InfoArg } from './Info';
import type { Comm } from './Comm';
import type { Intercomm } from './Intercomm';
import type { Intracomm } from './Intracomm';

/** `MPI.ERRCODES_IGNORE`: pass it (or nothing) as `errcodes` when the per-process error codes are not wanted. */
export const ERRCODES_IGNORE: null = null;

/** Predefined integer attributes: the keyval constants of `MPI` (`MPI.UNIVERSE_SIZE`, …) → the addon's index. */
export const ATTR_KEYVALS = { UNIVERSE_SIZE: 1, APPNUM: 2, HOST: 3, IO: 4, WTIME_IS_GLOBAL: 5 } as const;

/** @internal Set by Intercomm.ts when it loads (Comm.ts imports this module: no import cycle). */
export const wrapInter: { fn?: (id: number) => Intercomm } = {};

function inter(id: number): Intercomm {
  return wrapInter.fn!(id);
}

/** A plain-object `info` followed by more positional arguments is the info, not the options object. */
class InfoBox {
  constructor(readonly info: unknown) {}
}
function options(M: string, values: unknown[], names: string[], defaults: unknown[]): unknown[] {
  const i = names.indexOf('info');
  const boxed = values.length > i + 1 && isOptions(values[i]);
  if (boxed) values[i] = new InfoBox(values[i]);
  const out = withOptions(M, values, names, defaults);
  if (out[i] instanceof InfoBox) out[i] = (out[i] as InfoBox).info;
  return out;
}

/** `fn` with the Info handles of `infos` (each as `withInfo`: plain objects become temporary Infos, freed after). */
function withInfos<T>(method: string, infos: unknown[], fn: (handles: number[]) => T, acc: number[] = []): T {
  if (acc.length === infos.length) return fn(acc);
  return withInfo(method, infos[acc.length] as InfoArg, (h) => withInfos(method, infos, fn, [...acc, h]));
}

function stringArg(method: string, arg: string, v: unknown): string {
  if (typeof v !== 'string') throw argTypeError(method, arg, 'a string', v);
  if (v.includes('\0')) throw argRangeError(method, arg, 'must not contain a NUL character');
  return v;
}

function stringList(method: string, arg: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw argTypeError(method, arg, 'an array of strings', v);
  return v.map((s, i) => stringArg(method, `${arg}[${i}]`, s));
}

function errcodesOut(method: string, v: unknown): number[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw argTypeError(method, 'errcodes', 'an array (filled with one error code per process) or MPI.ERRCODES_IGNORE', v);
  return v as number[];
}

function fill(out: number[] | null, codes: Int32Array | undefined): void {
  if (!out || !codes) return;
  out.length = 0;
  for (const c of codes) out.push(c);
}

/** Refuses a spawn that MPICH would never return from: a singleton has no process manager to ask. */
function checkCanSpawn(method: string): void {
  if (native.constants.flavour === 'mpich' && detectLauncher() === null) {
    throw usageError('ERR_SPAWN', `${method}: this process was started without mpiexec (an MPICH singleton), ` +
      'and MPICH cannot spawn from a singleton (MPI_Comm_spawn would wait forever): start the program with mpiexec -n 1');
  }
}

/** `Intracomm.Spawn` (`MPI_Comm_spawn`). */
export function spawn(comm: Intracomm, h: number, values: unknown[]): Intercomm {
  const M = 'Intracomm.Spawn';
  checkCanSpawn(M);
  const [command, args, maxprocs, info, root, errcodes] = options(M, values, ['command', 'args', 'maxprocs', 'info', 'root', 'errcodes'],
    [undefined, null, 1, undefined, 0, null]);
  const r = checkInt(M, 'root', root);
  const isRoot = r === comm.Get_rank();
  // Command, arguments and count matter at the root only (MPI ignores them elsewhere).
  const cmd = isRoot ? stringArg(M, 'command', command) : typeof command === 'string' ? command : '';
  const argv = isRoot ? stringList(M, 'args', args) : [];
  const n = checkInt(M, 'maxprocs', maxprocs);
  if (isRoot && n < 1) throw argRangeError(M, 'maxprocs', `must be at least 1, got ${n}`);
  const out = errcodesOut(M, errcodes);
  // The codes are the root's (maxprocs is significant there only).
  const codes = out && isRoot ? new Int32Array(n) : undefined;
  const id = withInfo(M, info as InfoArg, (i) => native.commSpawn(h, cmd, argv, isRoot ? n : 0, r, codes, i));
  fill(out, codes);
  return inter(id);
}

/** `Intracomm.Spawn_multiple` (`MPI_Comm_spawn_multiple`). */
export function spawnMultiple(comm: Intracomm, h: number, values: unknown[]): Intercomm {
  const M = 'Intracomm.Spawn_multiple';
  checkCanSpawn(M);
  const [command, args, maxprocs, info, root, errcodes] = options(M, values, ['command', 'args', 'maxprocs', 'info', 'root', 'errcodes'],
    [undefined, null, null, undefined, 0, null]);
  const r = checkInt(M, 'root', root);
  const isRoot = r === comm.Get_rank();
  let cmds: string[] = [];
  let argvs: string[][] = [];
  let counts: number[] = [];
  if (isRoot) {
    cmds = stringList(M, 'command', command);
    if (cmds.length === 0) throw argRangeError(M, 'command', 'must name at least one command');
    if (args === null || args === undefined) argvs = cmds.map(() => []);
    else if (!Array.isArray(args) || args.length !== cmds.length) throw argTypeError(M, 'args', `an array of ${cmds.length} arrays of strings`, args);
    else argvs = args.map((a, i) => stringList(M, `args[${i}]`, a));
    if (maxprocs === null || maxprocs === undefined) counts = cmds.map(() => 1);
    else if (typeof maxprocs === 'number') counts = cmds.map(() => maxprocs);
    else if (!Array.isArray(maxprocs) || maxprocs.length !== cmds.length) throw argTypeError(M, 'maxprocs', `an array of ${cmds.length} integers`, maxprocs);
    else counts = maxprocs.map((m, i) => checkInt(M, `maxprocs[${i}]`, m));
    counts.forEach((m, i) => {
      if (m < 1) throw argRangeError(M, `maxprocs[${i}]`, `must be at least 1, got ${m}`);
    });
  }
  // One Info per command (mpi4py), or one for all; significant at the root only.
  const infos = !isRoot ? [] : Array.isArray(info) ? info : cmds.map(() => info);
  if (isRoot && infos.length !== cmds.length) throw argTypeError(M, 'info', `an MPI.Info, a plain object or an array of ${cmds.length} of them`, info);
  const out = errcodesOut(M, errcodes);
  // Off the root the counts are unknown: MPI fills no error codes there beyond what it spawned.
  const total = isRoot ? counts.reduce((a, b) => a + b, 0) : 0;
  const codes = out ? new Int32Array(total) : undefined;
  const id = withInfos(M, infos, (is) => native.commSpawnMultiple(h, cmds, argvs, counts, r, isRoot ? codes : undefined, is));
  if (isRoot) fill(out, codes);
  return inter(id);
}

let parent: Intercomm | undefined;

/** `Comm.Get_parent` (`MPI_Comm_get_parent`): the same object while it is live; `MPI.COMM_NULL` when not spawned. */
export function getParent(): Intercomm {
  const id = native.commGetParent();
  if (parent && parent[HANDLE] === id) return parent;
  const p = inter(id);
  if (p[HANDLE] > 0) parent = p;
  return p;
}

/** `Comm.Disconnect` (`MPI_Comm_disconnect`): waits for pending communication, then frees. */
export function disconnect(comm: Comm, h: number): void {
  native.commDisconnect(h);
  comm[HANDLE] = FREED;
}

/** `Intracomm.Accept`/`Connect` (`MPI_Comm_accept`/`MPI_Comm_connect`). */
export function acceptConnect(comm: Intracomm, h: number, accept: boolean, values: unknown[]): Intercomm {
  const M = accept ? 'Intracomm.Accept' : 'Intracomm.Connect';
  const [port, info, root] = options(M, values, ['port_name', 'info', 'root'], [undefined, undefined, 0]);
  const r = checkInt(M, 'root', root);
  const p = r === comm.Get_rank() ? stringArg(M, 'port_name', port) : typeof port === 'string' ? port : '';
  return inter(withInfo(M, info as InfoArg, (i) => native.commAcceptConnect(p, h, r, accept, i)));
}

/** `Comm.Join` (`MPI_Comm_join`): an intercommunicator with the process at the other end of a connected socket. */
export function join(fd: unknown): Intercomm {
  const f = checkInt('Comm.Join', 'fd', fd);
  if (f < 0) throw argRangeError('Comm.Join', 'fd', `must be a file descriptor (>= 0), got ${f}`);
  return inter(native.commJoin(f));
}

/** Whether `keyval` is one of the predefined integer attributes of `ATTR_KEYVALS`. */
export function isPredefinedAttr(keyval: unknown): boolean {
  return (Object.values(ATTR_KEYVALS) as unknown[]).includes(keyval);
}

/** `comm.Get_attr(keyval)` for the predefined integer attributes; `null` when not set. */
export function getAttr(h: number, keyval: unknown): number | null {
  const k = checkInt('Comm.Get_attr', 'keyval', keyval);
  if (!(Object.values(ATTR_KEYVALS) as number[]).includes(k)) throw argRangeError('Comm.Get_attr', 'keyval', `is not a predefined attribute (MPI.UNIVERSE_SIZE, MPI.APPNUM, MPI.HOST, MPI.IO, MPI.WTIME_IS_GLOBAL): ${k}`);
  return native.commGetIntAttr(h, k);
}

/** The module functions of `MPI`. */
export const portFunctions = {
  /** Opens a port for `Accept` (`MPI_Open_port`); returns its name. */
  Open_port(info?: unknown): string {
    return withInfo('MPI.Open_port', info as InfoArg, (i) => native.openPort(i));
  },
  /** Closes a port (`MPI_Close_port`). */
  Close_port(port_name: string): void {
    native.closePort(stringArg('MPI.Close_port', 'port_name', port_name));
  },
  /** Publishes a port under a service name (`MPI_Publish_name`). */
  Publish_name(service_name: string, port_name: string, info?: unknown): void {
    // mpi4py 4 takes (service_name, port_name, info); an Info in the middle (MPI-2 order) is accepted too.
    if (typeof port_name !== 'string' && typeof info === 'string') [port_name, info] = [info, port_name];
    const M = 'MPI.Publish_name';
    const [sv, pt] = [stringArg(M, 'service_name', service_name), stringArg(M, 'port_name', port_name)];
    withInfo(M, info as InfoArg, (i) => native.publishName(sv, pt, true, i));
  },
  /** Withdraws a published service name (`MPI_Unpublish_name`). */
  Unpublish_name(service_name: string, port_name: string, info?: unknown): void {
    if (typeof port_name !== 'string' && typeof info === 'string') [port_name, info] = [info, port_name];
    const M = 'MPI.Unpublish_name';
    const [sv, pt] = [stringArg(M, 'service_name', service_name), stringArg(M, 'port_name', port_name)];
    withInfo(M, info as InfoArg, (i) => native.publishName(sv, pt, false, i));
  },
  /** The port published under a service name (`MPI_Lookup_name`); an `MPI.Exception` (`MPI.ERR_NAME`) when none is. */
  Lookup_name(service_name: string, info?: unknown): string {
    const sv = stringArg('MPI.Lookup_name', 'service_name', service_name);
    return withInfo('MPI.Lookup_name', info as InfoArg, (i) => native.lookupName(sv, i));
  },
};
