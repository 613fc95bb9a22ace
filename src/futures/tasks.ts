/**
 * Tasks of `mpi4js/futures`: functions cannot travel between processes, so a task is named by its
 * module and export, `'./tasks.mjs#simulate'`. The manager resolves the module to an absolute URL
 * (against the pool's `base`, else the main script's folder); the worker imports it (once) and
 * calls the export. Errors travel as plain records and are rebuilt with their class, message and stack.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A task: `'module#export'` (no `#`: the default export), a `file:` URL, or a URL object. */
export type TaskName = string | URL;

/** A task resolved by the manager: the module's URL (or bare specifier) and the export's name. */
export interface ResolvedTask {
  url: string;
  name: string;
}

/** The folder relative task modules are resolved against when the pool has no `base`: the main script's. */
function mainBase(): string {
  const main = process.argv[1];
  return pathToFileURL(main ? path.dirname(path.resolve(main)) + path.sep : process.cwd() + path.sep).href;
}

/** Resolves a task name on the manager (`method` names the caller in errors). */
export function resolveTask(method: string, task: unknown, base: string | undefined): ResolvedTask {
  let spec: string;
  if (task instanceof URL) spec = task.href;
  else if (typeof task === 'string' && task.length > 0) spec = task;
  else throw new TypeError(`${method}: argument 'task' must be a string 'module#export' or a URL, got ${task === null ? 'null' : typeof task}`);
  const hash = spec.lastIndexOf('#');
  const mod = hash >= 0 ? spec.slice(0, hash) : spec;
  const name = hash >= 0 ? spec.slice(hash + 1) : 'default';
  if (mod === '') throw new TypeError(`${method}: argument 'task' names no module: '${spec}'`);
  if (name === '') throw new TypeError(`${method}: argument 'task' names no export after '#': '${spec}'`);
  let url: string;
  if (mod.startsWith('./') || mod.startsWith('../')) url = new URL(mod, base ?? mainBase()).href;
  else if (path.isAbsolute(mod)) url = pathToFileURL(mod).href;
  else url = mod; // file:, node:, data: URLs and bare package names are imported as they are
  return { url, name };
}

// `import()` as written: tsc would turn it into require() in the CommonJS build.
const importModule = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, unknown>>;
const modules = new Map<string, Promise<Record<string, unknown>>>();

/** The function of a task on the worker; errors name the module and the export. */
export async function loadTask(url: string, name: string): Promise<(...args: unknown[]) => unknown> {
  let p = modules.get(url);
  if (!p) {
    p = importModule(url);
    modules.set(url, p);
  }
  let mod: Record<string, unknown>;
  try {
    mod = await p;
  } catch (e) {
    modules.delete(url);
    const err = new Error(`mpi4js.futures: task '${url}#${name}': cannot import the module: ${e instanceof Error ? e.message : String(e)}`);
    (err as { cause?: unknown }).cause = e;
    throw err;
  }
  const fn = mod[name];
  if (typeof fn !== 'function') {
    const exported = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw new TypeError(`mpi4js.futures: task '${url}#${name}': the module has no exported function '${name}'` +
      ` (its functions: ${exported.length ? exported.join(', ') : 'none'})`);
  }
  return fn as (...args: unknown[]) => unknown;
}

/** An error as it travels back to the manager. */
export interface ErrorRecord {
  name: string;
  message: string;
  stack?: string;
  code?: unknown;
}

export function errorRecord(e: unknown): ErrorRecord {
  if (e instanceof Error) {
    const r: ErrorRecord = { name: e.name, message: e.message };
    if (typeof e.stack === 'string') r.stack = e.stack;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') r.code = code;
    return r;
  }
  return { name: 'Error', message: `a task threw a non-Error value: ${String(e)}` };
}

const BUILTIN: Record<string, ErrorConstructor> = {
  Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
};

/** The manager's copy of a worker's error: the same class where it is a built-in one (else an Error with its name). */
export function rebuildError(r: ErrorRecord, where: string): Error {
  const Ctor = BUILTIN[r.name] ?? Error;
  const e = new Ctor(r.message);
  if (!(r.name in BUILTIN)) Object.defineProperty(e, 'name', { value: r.name, configurable: true, writable: true });
  e.stack = `${r.stack ?? `${r.name}: ${r.message}`}\n    at <${where}>`;
  if (r.code !== undefined) (e as { code?: unknown }).code = r.code;
  return e;
}
