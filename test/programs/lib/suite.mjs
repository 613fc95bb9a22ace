// Rank side of the multi-rank test harness. A program registers tests, then `run()` executes
// them on every rank and prints one `MPI4JS-TEST {json}` line per test and communicator, and a
// `MPI4JS-SUITE {json}` summary; test/harness.ts collects them from every rank.
//
//   testComms('Send/Recv ring', (comm) => { ... })   runs on COMM_WORLD, COMM_SELF and duplicates
//   test('deferred init', () => { ... })             runs once
//
// Bodies must work for any communicator size (dest = (rank + 1) % size).
import { MPI } from 'mpi4js';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export { assert, MPI };

const tests = [];

/** A test run once, with COMM_WORLD. */
export function test(name, fn) {
  tests.push({ name, fn, comms: false });
}

/** A test run on COMM_WORLD, COMM_SELF and a duplicate of each ("any communicator"). */
export function testComms(name, fn) {
  tests.push({ name, fn, comms: true });
}

/** Asserts that `fn` throws an error of class `cls` whose message matches `re`. */
export function throwsLike(fn, cls, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

// The harness also asks for a report file per process (MPI4JS_TEST_REPORT = a folder): a launcher
// forwards the ranks' stdout in chunks, and lines of different ranks can interleave mid-line.
const reportDir = process.env.MPI4JS_TEST_REPORT;

function emit(kind, obj) {
  const line = `${kind} ${JSON.stringify(obj)}\n`;
  process.stdout.write(line);
  if (reportDir) fs.appendFileSync(path.join(reportDir, `${process.pid}.jsonl`), line);
}

/** Runs every registered test (or those whose name matches `only`); exits non-zero if any failed on this rank. */
export async function run({ only } = {}) {
  const world = MPI.COMM_WORLD;
  const rank = world.Get_rank();
  const size = world.Get_size();
  let comms = null;
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !only.test(t.name)) continue;
    if (t.comms && comms === null) {
      comms = [['WORLD', world], ['SELF', MPI.COMM_SELF], ['WORLD.Dup', world.Dup()], ['SELF.Dup', MPI.COMM_SELF.Dup()]];
    }
    for (const [cname, comm] of t.comms ? comms : [['WORLD', world]]) {
      const name = t.comms ? `${t.name} [${cname}]` : t.name;
      try {
        await t.fn(comm);
        passed++;
        emit('MPI4JS-TEST', { name, rank, size, ok: true });
      } catch (e) {
        failed++;
        emit('MPI4JS-TEST', { name, rank, size, ok: false, error: String(e?.stack ?? e).slice(0, 2000) });
      }
    }
  }
  if (comms) for (const [cname, c] of comms) if (cname.endsWith('.Dup')) c.Free();
  emit('MPI4JS-SUITE', { rank, size, passed, failed });
  if (failed) process.exitCode = 1;
}
