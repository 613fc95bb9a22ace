// Tasks of the futures tests (test/programs/futures*.mjs): run on the workers.
export function square(x) {
  return x * x;
}
export function add(a, b) {
  return a + b;
}
export async function later(x, ms) {
  await new Promise((r) => setTimeout(r, ms));
  return x;
}
/** Busy for `ms` (a worker that computes, not one that waits). */
export function spin(x, ms) {
  const t = Date.now() + ms;
  while (Date.now() < t);
  return x;
}
export class CustomError extends Error {
  constructor(m) {
    super(m);
    this.name = 'CustomError';
  }
}
export function fail(kind, msg) {
  if (kind === 'range') throw new RangeError(msg);
  if (kind === 'custom') throw new CustomError(msg);
  throw new TypeError(msg);
}
export function whoami() {
  return { pid: process.pid, env: process.env.MPI4JS_FUTURES_TEST ?? null };
}
/** Dies mid-task, as a crashed worker does. */
export function die() {
  process.kill(process.pid, 'SIGKILL');
  return new Promise(() => {});
}
export const notAFunction = 42;
export default function (x) {
  return `default:${x}`;
}
/** Whether the task runs on a worker that serves over a communicator (mpi4py's get_comm_workers). */
export async function commWorkers() {
  const { get_comm_workers } = await import('mpi4js/futures');
  const c = get_comm_workers();
  return c === null ? null : c.Get_size();
}
