// The call-cost probe of docs/PERFORMANCE.md ("Where the time of a small call goes", issue 20):
// CPU nanoseconds per call of one process (no launcher; sends go to MPI_PROC_NULL), median of
// `reps` runs of `n` calls each, after a warm-up run. C's MPI_Send is a small program compiled
// with the mpicc of PATH (skipped when there is none).
//   PATH=build-flavours/openmpi/bin:$PATH MPI4JS_ADDON=build-flavours/openmpi/mpi4js.node node scripts/probe-calls.mjs [n] [reps]
import * as path from 'node:path';
// MPI4JS_PROBE_ROOT: another checkout's dist (a before/after of a change); its 'mpi4js' is this one's.
const root = process.env.MPI4JS_PROBE_ROOT ?? new URL('..', import.meta.url).pathname;
const { native, S } = await import(path.join(root, 'dist/cjs/native.js'));
const { HANDLE } = await import(path.join(root, 'dist/cjs/handle.js'));
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
const { MPI } = await import(path.join(root, 'dist/cjs/index.js'));

const n = Number(process.argv[2] ?? 2_000_000);
const reps = Number(process.argv[3] ?? 7);

function cpuNs(body) {
  body(Math.min(n, 200_000));
  const t = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    body(n);
    const c = process.cpuUsage(c0);
    t.push(((c.user + c.system) * 1000) / n);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}
async function cpuNsAsync(body, calls) {
  await body(10_000);
  const t = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    await body(calls);
    const c = process.cpuUsage(c0);
    t.push(((c.user + c.system) * 1000) / calls);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

function cSend() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-probe-'));
  fs.writeFileSync(path.join(dir, 'p.c'), `#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec * 1e9 + t.tv_nsec; }
static int cmp(const void* a, const void* b) { double x = *(const double*)a, y = *(const double*)b; return x < y ? -1 : x > y; }
int main(int argc, char** argv) {
  long n = atol(argv[1]); int reps = atoi(argv[2]); double buf[1], t[64];
  MPI_Init(&argc, &argv);
  for (long i = 0; i < n; i++) MPI_Send(buf, 1, MPI_DOUBLE, MPI_PROC_NULL, 0, MPI_COMM_WORLD);
  for (int r = 0; r < reps; r++) {
    double t0 = cpu();
    for (long i = 0; i < n; i++) MPI_Send(buf, 1, MPI_DOUBLE, MPI_PROC_NULL, 0, MPI_COMM_WORLD);
    t[r] = (cpu() - t0) / n;
  }
  qsort(t, reps, sizeof(double), cmp);
  printf("%.2f\\n", t[reps / 2]);
  MPI_Finalize();
  return 0;
}
`);
  const cc = spawnSync('mpicc', ['-O2', '-o', path.join(dir, 'p'), path.join(dir, 'p.c')], { encoding: 'utf8' });
  if (cc.status !== 0) return NaN;
  const r = spawnSync(path.join(dir, 'p'), [String(n), String(Math.min(reps, 64))], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return r.status === 0 ? Number(r.stdout.trim()) : NaN;
}

const comm = MPI.COMM_WORLD;
const h = comm[HANDLE];
const P = MPI.PROC_NULL;
const buf = new Float64Array(1);
const tid = MPI.DOUBLE[HANDLE];
const rows = [];
rows.push(['C MPI_Send to PROC_NULL', cSend()]);
rows.push(['Node-API call, no arguments (native.wtime)', cpuNs((k) => { for (let i = 0; i < k; i++) native.wtime(); })]);
rows.push(['native.send, 8 arguments (the plain form)', cpuNs((k) => { for (let i = 0; i < k; i++) native.send(0, h, buf, 0, 1, tid, P, 0); })]);
if (native.sendScratch) rows.push(['native.sendScratch: 7 numbers in the scratch + buf', cpuNs((k) => {
  for (let i = 0; i < k; i++) {
    S[0] = 0; S[1] = h; S[3] = 0; S[4] = 1; S[5] = tid; S[6] = P; S[7] = 0;
    native.sendScratch(buf);
  }
})]);
rows.push(['comm.Send to PROC_NULL', cpuNs((k) => { for (let i = 0; i < k; i++) comm.Send(buf, P, 0); })]);
rows.push(['comm.Recv from PROC_NULL', cpuNs((k) => { for (let i = 0; i < k; i++) comm.Recv(buf, P, 0); })]);
const b2 = new Float64Array(1);
rows.push(['COMM_SELF.Allreduce of 1 double', cpuNs((k) => { for (let i = 0; i < k; i++) MPI.COMM_SELF.Allreduce(buf, b2, MPI.SUM); })]);
const resolved = Promise.resolve(1);
const thenable = { then(f) { f(1); } };
const m = Math.max(10_000, n >> 3);
rows.push(['await an already-resolved promise', await cpuNsAsync(async (k) => { for (let i = 0; i < k; i++) await resolved; }, m)]);
rows.push(['await a thenable object', await cpuNsAsync(async (k) => { for (let i = 0; i < k; i++) await thenable; }, m)]);
rows.push(['await comm.Irecv from PROC_NULL', await cpuNsAsync(async (k) => { for (let i = 0; i < k; i++) await comm.Irecv(buf, P, 0); }, m)]);

console.log(`probe-calls — ${MPI.Get_library_version().split('\n')[0].trim()}, Node ${process.version}, CPU ns per call, median of ${reps} x ${n}`);
console.log('| call shape | ns per call |\n|---|---|');
for (const [name, ns] of rows) console.log(`| ${name} | ${Number.isNaN(ns) ? '-' : ns.toFixed(1)} |`);
