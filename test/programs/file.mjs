// MPI.File (MPI-IO): every access form writes and reads a real file in a temporary folder; the file's
// bytes (read back with node:fs) are compared byte for byte with a serial model. The folder is made by
// rank 0, shared by bcast and removed whatever the tests did: by rank 0 at exit, and by a detached
// reaper process once rank 0 is gone (the launcher kills rank 0 without running its handlers when
// another rank fails or times out).
import { MPI, assert, testComms, test, throwsLike, run } from './lib/suite.mjs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';

const world = MPI.COMM_WORLD;
const wrank = world.rank;
const dir = world.bcast(wrank === 0 ? fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-file-')) : null, 0);
if (wrank === 0) {
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', remove);
  const reaper = `const [pid, dir] = process.argv.slice(1);
    setInterval(() => { try { process.kill(Number(pid), 0); } catch { require('node:fs').rmSync(dir, { recursive: true, force: true }); process.exit(0); } }, 200);`;
  spawn(process.execPath, ['-e', reaper, String(process.pid), dir], { detached: true, stdio: 'ignore' }).unref();
  // A launcher's timeout sends SIGTERM, on which Node would exit without 'exit' handlers.
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(128 + os.constants.signals[sig]));
}

const isClass = (...classes) => (e) => e instanceof MPI.Exception && classes.map((c) => MPI[c]).includes(e.Get_error_class());

let serial = 0;
/** A fresh file name, the same on every process of `comm` (per process on a one-process communicator). */
function fresh(comm, what) {
  serial++;
  return path.join(dir, `${what}-${serial}${comm.size === 1 ? `-r${wrank}` : ''}.bin`);
}

/** Bytes that depend on the rank, the position and a salt. */
function pattern(r, n, salt = 0) {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = (r * 31 + i * 7 + salt * 13 + 1) & 255;
  return a;
}

/** The serial model of rank-ordered blocks: block r of n bytes at r * n. */
function blocks(size, n, salt = 0) {
  const out = new Uint8Array(size * n);
  for (let r = 0; r < size; r++) out.set(pattern(r, n, salt), r * n);
  return out;
}

/** Closes `fh` and compares the file with `model` byte for byte (every process reads it). */
function closeAndCompare(comm, fh, name, model) {
  fh.Close();
  comm.Barrier();
  assert.deepEqual(new Uint8Array(fs.readFileSync(name)), model);
}

const RW = MPI.MODE_RDWR | MPI.MODE_CREATE;

testComms('Write_at / Write_at_all / Read_at / Read_at_all against the model; Status.Get_count', (comm) => {
  const n = 37, r = comm.rank, size = comm.size;
  for (const [write, read] of [['Write_at', 'Read_at'], ['Write_at_all', 'Read_at_all']]) {
    const name = fresh(comm, write);
    const fh = MPI.File.Open(comm, name, RW);
    const st = new MPI.Status();
    fh[write](r * n, pattern(r, n), st);
    assert.equal(st.Get_count(MPI.BYTE), n);
    fh.Sync();
    comm.Barrier();
    fh.Sync();
    const other = (r + 1) % size;
    const got = new Uint8Array(n);
    fh[read](other * n, got, st);
    assert.deepEqual(got, pattern(other, n));
    assert.equal(st.Get_count(MPI.BYTE), n);
    // Past the end: nothing is read. (ROMIO's and OMPIO's collective reads report the whole request
    // as read there, at more than one process: only the independent count is checked.)
    fh[read](size * n + 5, got, st);
    if (read === 'Read_at') assert.equal(st.Get_count(MPI.BYTE), 0);
    assert.equal(fh.Get_size(), size * n);
    closeAndCompare(comm, fh, name, blocks(size, n));
  }
});

testComms('typed buffers and [buf, count, type] specifications; offsets count etypes of the view', (comm) => {
  const r = comm.rank, size = comm.size, n = 5;
  const name = fresh(comm, 'typed');
  const fh = MPI.File.Open(comm, name, RW);
  fh.Set_view(0, MPI.DOUBLE);
  const mine = Float64Array.from({ length: n }, (_, i) => r * 100 + i + 0.5);
  fh.Write_at_all(r * n, [mine, n, MPI.DOUBLE]);
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  const all = new Float64Array(size * n);
  const st = new MPI.Status();
  fh.Read_at_all(0, all, st);
  assert.equal(st.Get_count(MPI.DOUBLE), size * n);
  for (let q = 0; q < size; q++) for (let i = 0; i < n; i++) assert.equal(all[q * n + i], q * 100 + i + 0.5);
  assert.equal(fh.Get_byte_offset(3), 24);
  assert.equal(fh.Get_type_extent(MPI.INT), 4);
  const model = new Uint8Array(all.buffer.slice(0));
  closeAndCompare(comm, fh, name, model);
});

testComms('individual file pointer: Seek, Write, Write_all, Read, Read_all, Get_position', (comm) => {
  const n = 16, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'pointer');
  const fh = MPI.File.Open(comm, name, RW);
  // Two rounds: independent then collective, each rank its block of each round.
  fh.Seek(r * n);
  fh.Write(pattern(r, n, 1));
  assert.equal(fh.Get_position(), r * n + n);
  fh.Seek(size * n + r * n, MPI.SEEK_SET);
  fh.Write_all(pattern(r, n, 2));
  fh.Seek(-n, MPI.SEEK_CUR);
  assert.equal(fh.Get_position(), size * n + r * n);
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  const got = new Uint8Array(n);
  fh.Seek(r * n);
  fh.Read(got);
  assert.deepEqual(got, pattern(r, n, 1));
  fh.Seek(size * n + r * n);
  fh.Read_all(got);
  assert.deepEqual(got, pattern(r, n, 2));
  fh.Seek(-n, MPI.SEEK_END);
  assert.equal(fh.Get_position(), 2 * size * n - n);
  const model = new Uint8Array(2 * size * n);
  model.set(blocks(size, n, 1), 0);
  model.set(blocks(size, n, 2), size * n);
  closeAndCompare(comm, fh, name, model);
});

testComms('nonblocking Iwrite*/Iread* awaited, their buffers kept alive', async (comm) => {
  const n = 24, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'nonblocking');
  const fh = MPI.File.Open(comm, name, RW);
  const forms = [['Iwrite_at', 'Iread_at', true], ['Iwrite_at_all', 'Iread_at_all', true], ['Iwrite', 'Iread', false], ['Iwrite_all', 'Iread_all', false]];
  for (const [k, [w]] of forms.entries()) {
    const at = (k * size + r) * n;
    const req = forms[k][2] ? fh[w](at, pattern(r, n, k)) : (fh.Seek(at), fh[w](pattern(r, n, k)));
    assert.ok(req instanceof MPI.Request);
    globalThis.gc?.();
    const st = await req;
    assert.equal(st.Get_count(MPI.BYTE), n);
  }
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  for (const [k, [, rd, at]] of forms.entries()) {
    const got = new Uint8Array(n);
    const other = (r + 1) % size;
    const off = (k * size + other) * n;
    const req = at ? fh[rd](off, got) : (fh.Seek(off), fh[rd](got));
    const st = await req;
    assert.equal(st.Get_count(MPI.BYTE), n);
    assert.deepEqual(got, pattern(other, n, k));
  }
  const model = new Uint8Array(forms.length * size * n);
  for (let k = 0; k < forms.length; k++) model.set(blocks(size, n, k), k * size * n);
  closeAndCompare(comm, fh, name, model);
});

testComms('split collectives: *_begin / *_end', (comm) => {
  const n = 10, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'split');
  const fh = MPI.File.Open(comm, name, RW);
  const a = pattern(r, n, 3);
  fh.Write_at_all_begin(r * n, a);
  throwsLike(() => fh.Write_at_all_begin(r * n, a), MPI.Exception, /already pending|_begin/);
  fh.Write_at_all_end(a);
  fh.Seek(size * n + r * n);
  const b = pattern(r, n, 4);
  fh.Write_all_begin(b);
  fh.Write_all_end(b);
  throwsLike(() => fh.Write_all_end(b), MPI.Exception, /File\.Write_all_end: no Write_all_begin is pending/);
  const c = pattern(r, n, 5);
  fh.Seek_shared(2 * size * n);
  fh.Write_ordered_begin(c);
  fh.Write_ordered_end(c);
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  const got = new Uint8Array(n);
  const st = new MPI.Status();
  fh.Read_at_all_begin(r * n, got);
  fh.Read_at_all_end(got, st);
  assert.deepEqual(got, pattern(r, n, 3));
  fh.Seek(size * n + r * n);
  fh.Read_all_begin(got);
  fh.Read_all_end(got);
  assert.deepEqual(got, pattern(r, n, 4));
  fh.Seek_shared(2 * size * n);
  fh.Read_ordered_begin(got);
  fh.Read_ordered_end(got);
  assert.deepEqual(got, pattern(r, n, 5));
  const model = new Uint8Array(3 * size * n);
  for (let k = 0; k < 3; k++) model.set(blocks(size, n, 3 + k), k * size * n);
  closeAndCompare(comm, fh, name, model);
});

testComms('Close refuses while a nonblocking access or a split collective is pending (MPI forbids it)', async (comm) => {
  const r = comm.rank;
  const name = fresh(comm, 'pending');
  const fh = MPI.File.Open(comm, name, RW);
  const req = fh.Iwrite_at(r, new Uint8Array([r + 1]));
  // (Open MPI 4.1 crashed completing the request after such a Close.)
  assert.throws(() => fh.Close(), (e) => isClass('ERR_PENDING')(e) && /File\.Close: 1 nonblocking access\(es\) on this file are not complete/.test(e.message));
  await req;
  const buf = new Uint8Array(1);
  fh.Write_at_all_begin(comm.size + r, buf);
  assert.throws(() => fh.Close(), (e) => isClass('ERR_PENDING')(e) && /File\.Close: Write_at_all_begin is pending/.test(e.message));
  fh.Write_at_all_end(buf);
  const model = new Uint8Array(2 * comm.size);
  for (let q = 0; q < comm.size; q++) model[q] = q + 1;
  closeAndCompare(comm, fh, name, model);
});

testComms('shared file pointer: _ordered in rank order, _shared each block once', async (comm) => {
  const n = 12, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'shared');
  const fh = MPI.File.Open(comm, name, RW);
  fh.Write_ordered(pattern(r, n, 6));
  comm.Barrier();
  assert.equal(fh.Get_position_shared(), size * n);
  comm.Barrier();
  fh.Write_shared(pattern(r, n, 7));
  await fh.Iwrite_shared(pattern(r, n, 8));
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  // The shared pointer is read once every rank is done moving it: ROMIO's collective shared-pointer
  // calls (Seek_shared, *_ordered) return on a rank before the others have, so a rank that reads it
  // without a barrier may see the next call's move (docs/RELIABILITY.md).
  assert.equal(fh.Get_position_shared(), 3 * size * n);
  comm.Barrier();
  fh.Seek_shared(0);
  comm.Barrier();
  assert.equal(fh.Get_position_shared(), 0);
  comm.Barrier();
  const got = new Uint8Array(n);
  fh.Read_ordered(got);
  assert.deepEqual(got, pattern(r, n, 6));
  comm.Barrier();
  assert.equal(fh.Get_position_shared(), size * n);
  comm.Barrier();
  fh.Close();
  comm.Barrier();
  const bytes = new Uint8Array(fs.readFileSync(name));
  assert.equal(bytes.length, 3 * size * n);
  assert.deepEqual(bytes.subarray(0, size * n), blocks(size, n, 6));
  // Write_shared/Iwrite_shared: some order of the 2 * size blocks, each exactly once.
  const seen = [];
  for (let k = 0; k < 2 * size; k++) seen.push(Buffer.from(bytes.subarray((size + k) * n, (size + k + 1) * n)).toString('hex'));
  const want = [];
  for (let q = 0; q < size; q++) for (const s of [7, 8]) want.push(Buffer.from(pattern(q, n, s)).toString('hex'));
  assert.deepEqual(seen.sort(), want.sort());
  // Read_shared: the ranks together read every block once.
  const fr = MPI.File.Open(comm, name, MPI.MODE_RDONLY);
  const mine = new Uint8Array(n);
  fr.Read_shared(mine);
  const all = comm.allgather(Buffer.from(mine).toString('hex'));
  assert.deepEqual(all.sort(), Array.from({ length: size }, (_, k) => Buffer.from(bytes.subarray(k * n, (k + 1) * n)).toString('hex')).sort());
  const req = fr.Iread_shared(mine);
  await req;
  fr.Close();
});

testComms('views: a vector filetype interleaves the ranks; Get_view', (comm) => {
  const n = 6, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'vector');
  const fh = MPI.File.Open(comm, name, RW);
  const vec = MPI.INT.Create_vector(n, 1, size);
  const ft = vec.Create_resized(0, 4 * size).Commit();
  vec.Free();
  fh.Set_view(4 * r, MPI.INT, ft);
  const [disp, etype, filetype, rep] = fh.Get_view();
  assert.equal(disp, 4 * r);
  assert.equal(etype, MPI.INT);
  assert.equal(rep, 'native');
  assert.equal(filetype.Get_extent()[1], 4 * size);
  filetype.Free();
  const mine = Int32Array.from({ length: n }, (_, i) => r * 1000 + i);
  fh.Write_all(mine);
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  const back = new Int32Array(n);
  fh.Read_at_all(0, back);
  assert.deepEqual(back, mine);
  const model = new Int32Array(n * size);
  for (let q = 0; q < size; q++) for (let i = 0; i < n; i++) model[i * size + q] = q * 1000 + i;
  ft.Free();
  closeAndCompare(comm, fh, name, new Uint8Array(model.buffer));
});

testComms('views: a subarray filetype writes each rank its columns of a 2-D array', (comm) => {
  const rows = 4, cols = 3, r = comm.rank, size = comm.size;
  const name = fresh(comm, 'subarray');
  const fh = MPI.File.Open(comm, name, RW);
  const ft = MPI.DOUBLE.Create_subarray([rows, cols * size], [rows, cols], [0, cols * r]).Commit();
  fh.Set_view(0, MPI.DOUBLE, ft);
  const mine = Float64Array.from({ length: rows * cols }, (_, k) => r + k / 100);
  fh.Write_at_all(0, mine);
  fh.Sync();
  comm.Barrier();
  fh.Sync();
  const back = new Float64Array(rows * cols);
  fh.Read_at_all(0, back);
  assert.deepEqual(back, mine);
  fh.Set_view(0, MPI.BYTE, null, 'native', { cb_buffer_size: '1048576' });
  assert.equal(fh.Get_size(), 8 * rows * cols * size);
  const model = new Float64Array(rows * cols * size);
  for (let q = 0; q < size; q++) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) model[i * cols * size + q * cols + j] = q + (i * cols + j) / 100;
  ft.Free();
  closeAndCompare(comm, fh, name, new Uint8Array(model.buffer));
});

testComms('modes, sizes, group, info, atomicity, URL names, Delete', (comm) => {
  const name = fresh(comm, 'modes');
  // Preallocate needs read access on Open MPI (OMPIO reads what it extends).
  const fh = MPI.File.Open(comm, pathToFileURL(name), MPI.MODE_RDWR | MPI.MODE_CREATE | MPI.MODE_EXCL, { access_style: 'read_mostly' });
  assert.equal(fh.Get_amode(), MPI.MODE_RDWR | MPI.MODE_CREATE | MPI.MODE_EXCL);
  assert.equal(fh.amode, fh.Get_amode());
  // Set_size is collective but need not synchronize: a barrier keeps a fast rank from resizing again.
  fh.Set_size(1000);
  comm.Barrier();
  assert.equal(fh.Get_size(), 1000);
  comm.Barrier();
  fh.Set_size(10);
  comm.Barrier();
  assert.equal(fh.size, 10);
  comm.Barrier();
  fh.Preallocate(100);
  comm.Barrier();
  assert.ok(fh.Get_size() >= 100);
  const g = fh.Get_group();
  const cg = comm.Get_group();
  assert.equal(g.Compare(cg), MPI.IDENT);
  g.Free();
  cg.Free();
  assert.equal(fh.group_size, comm.size);
  assert.equal(fh.group_rank, comm.rank);
  fh.Set_atomicity(true);
  assert.equal(fh.Get_atomicity(), true);
  fh.Set_atomicity(false);
  assert.equal(fh.atomicity, false);
  fh.Set_info({ cb_nodes: '1' });
  const info = fh.Get_info();
  assert.ok(info instanceof MPI.Info);
  info.Free();
  fh.Close();
  comm.Barrier();
  assert.ok(fs.existsSync(name));
  comm.Barrier();
  if (comm.rank === 0) MPI.File.Delete(name);
  comm.Barrier();
  assert.ok(!fs.existsSync(name));
  // MODE_DELETE_ON_CLOSE: gone after Close.
  const tmp = fresh(comm, 'doc');
  const f2 = MPI.File.Open(comm, tmp, MPI.MODE_RDWR | MPI.MODE_CREATE | MPI.MODE_DELETE_ON_CLOSE);
  f2.Write_at_all(comm.rank, new Uint8Array([comm.rank]));
  f2.Close();
  comm.Barrier();
  assert.ok(!fs.existsSync(tmp));
  // MODE_APPEND: the file pointers start at the end.
  const app = fresh(comm, 'append');
  if (comm.rank === 0) fs.writeFileSync(app, Buffer.alloc(7, 1));
  comm.Barrier();
  const f3 = MPI.File.Open(comm, app, MPI.MODE_WRONLY | MPI.MODE_APPEND);
  assert.equal(f3.Get_position(), 7);
  assert.equal(f3.Get_position_shared(), 7);
  comm.Barrier();  // ROMIO's Write_ordered moves the shared pointer before every rank has entered it
  f3.Write_ordered(new Uint8Array([comm.rank + 10]));
  f3.Close();
  comm.Barrier();
  assert.deepEqual([...fs.readFileSync(app)], [...Array(7).fill(1), ...Array.from({ length: comm.size }, (_, q) => q + 10)]);
});

testComms('errors are MPI.Exception with the library class, never a crash', (comm) => {
  const missing = path.join(dir, `missing-${comm.size === 1 ? wrank : 'all'}.bin`);
  assert.throws(() => MPI.File.Open(comm, missing, MPI.MODE_RDONLY), isClass('ERR_NO_SUCH_FILE', 'ERR_IO'));
  const name = fresh(comm, 'errors');
  const fh = MPI.File.Open(comm, name, RW);
  fh.Write_at_all(0, new Uint8Array(4));
  fh.Close();
  comm.Barrier();
  // A read-only file opened for writing (root writes anyway: checked for other users only).
  if (process.getuid?.() !== 0) {
    if (comm.rank === 0) fs.chmodSync(name, 0o444);
    comm.Barrier();
    assert.throws(() => MPI.File.Open(comm, name, MPI.MODE_WRONLY), isClass('ERR_ACCESS', 'ERR_READ_ONLY', 'ERR_IO'));
    comm.Barrier();
    if (comm.rank === 0) fs.chmodSync(name, 0o644);
    comm.Barrier();
  }
  assert.throws(() => MPI.File.Open(comm, name, RW | MPI.MODE_EXCL), isClass('ERR_FILE_EXISTS', 'ERR_IO', 'ERR_ACCESS'));
  const ro = MPI.File.Open(comm, name, MPI.MODE_RDONLY);
  assert.throws(() => ro.Write_at(0, new Uint8Array(1)), isClass('ERR_READ_ONLY', 'ERR_ACCESS', 'ERR_AMODE', 'ERR_IO'));
  const st = new MPI.Status();
  ro.Read_at(100, new Uint8Array(4), st);
  assert.equal(st.Get_count(MPI.BYTE), 0);
  assert.throws(() => MPI.File.Open(comm, name, MPI.MODE_RDONLY | MPI.MODE_RDWR), isClass('ERR_AMODE'));
  ro.Close();
  for (const call of [() => ro.Read_at(0, new Uint8Array(1)), () => ro.Get_size(), () => ro.Close(), () => ro.Iwrite_at(0, new Uint8Array(1))]) {
    assert.throws(call, (e) => isClass('ERR_FILE')(e) && /has been closed/.test(e.message));
  }
  assert.throws(() => MPI.FILE_NULL.Get_size(), (e) => isClass('ERR_FILE')(e) && /FILE_NULL/.test(e.message));
  if (comm.rank === 0) assert.throws(() => MPI.File.Delete(missing), isClass('ERR_NO_SUCH_FILE', 'ERR_IO'));
  comm.Barrier();
});

testComms('error handlers on files; misuse is TypeError/RangeError naming the argument', (comm) => {
  assert.equal(MPI.FILE_NULL.Get_errhandler(), MPI.ERRORS_RETURN);
  const name = fresh(comm, 'misuse');
  const fh = MPI.File.Open(comm, name, RW);
  assert.equal(fh.Get_errhandler(), MPI.ERRORS_RETURN);
  fh.Set_errhandler(MPI.ERRORS_ARE_FATAL);
  assert.equal(fh.Get_errhandler(), MPI.ERRORS_ARE_FATAL);
  fh.Set_errhandler(MPI.ERRORS_RETURN);
  fh.Call_errhandler(MPI.SUCCESS);
  throwsLike(() => fh.Set_errhandler(null), TypeError, /File\.Set_errhandler: argument 'errhandler'/);
  throwsLike(() => fh.Read_at(-1, new Uint8Array(1)), RangeError, /File\.Read_at: argument 'offset'/);
  throwsLike(() => fh.Write_at(0, 'text'), TypeError, /File\.Write_at: argument 'buf'/);
  throwsLike(() => fh.Read(new Uint8Array(1), 'status'), TypeError, /File\.Read: argument 'status'/);
  throwsLike(() => fh.Seek(0.5), TypeError, /File\.Seek: argument 'offset'/);
  throwsLike(() => fh.Set_view(0, 'int'), TypeError, /File\.Set_view: argument 'etype'/);
  throwsLike(() => MPI.File.Open(comm, 42), TypeError, /File\.Open: argument 'filename'/);
  throwsLike(() => MPI.File.Open(comm, new URL('http://x/y')), TypeError, /File\.Open: argument 'filename'/);
  throwsLike(() => MPI.File.Open(comm, name, RW, 'hints'), TypeError, /File\.Open: argument 'info'/);
  throwsLike(() => MPI.File.prototype.Get_size.call(comm), TypeError, /File\.Get_size: called on Comm that is not a File/);
  const ft = MPI.INT.Create_contiguous(2);
  throwsLike(() => fh.Set_view(0, MPI.INT, ft), MPI.Exception, /not committed/);
  ft.Free();
  fh.Close();
});

test('MPI names: modes and seek constants are distinct integers', () => {
  const modes = ['MODE_RDONLY', 'MODE_WRONLY', 'MODE_RDWR', 'MODE_CREATE', 'MODE_EXCL', 'MODE_APPEND', 'MODE_DELETE_ON_CLOSE', 'MODE_UNIQUE_OPEN', 'MODE_SEQUENTIAL'];
  for (const m of modes) assert.equal(typeof MPI[m], 'number', m);
  assert.equal(new Set(modes.map((m) => MPI[m])).size, modes.length);
  assert.equal(new Set([MPI.SEEK_SET, MPI.SEEK_CUR, MPI.SEEK_END]).size, 3);
});

// > 2 GiB (opt-in, the big-message switch: `--big`, run by `npm run test:big` and by
// test/mpi/integrity.test.ts with MPI4JS_TEST_BIG=1): each rank writes and reads back one block of
// 2^31 + 4099 bytes, a count beyond INT_MAX (the argument layer's large-count datatype). Each 1 MiB
// chunk is a fixed pattern stamped with its rank and chunk number, so a misplaced or lost chunk shows
// in the sampled check.
const BIG = process.argv.includes('--big');
if (BIG) {
  test('a file larger than 2 GiB: Write_at_all / Read_at_all / Write_at / Read_at of 2^31 + 4099 bytes per rank, sampled', () => {
    const comm = world, r = comm.rank, size = comm.size;
    const B = 2 ** 31 + 4099, CHUNK = 1 << 20;
    const base = pattern(0, CHUNK, 9);
    const stamp = (buf, q, salt) => {
      for (let k = 0, off = 0; off < B; k++, off += CHUNK) {
        buf.set(off + CHUNK <= B ? base : base.subarray(0, B - off), off);
        if (off + 8 > B) continue;
        new DataView(buf.buffer, off, 4).setUint32(0, (q << 16) ^ k ^ salt, true);
        buf[off + 4] = salt;
      }
    };
    const check = (buf, q, salt, what) => {
      const want = (i) => {
        const k = Math.floor(i / CHUNK), j = i % CHUNK;
        if (j < 4) return (((q << 16) ^ k ^ salt) >>> (8 * j)) & 255;
        return j === 4 ? salt : base[j];
      };
      const at = [0, 1, 4, 5, 2 ** 30 - 1, 2 ** 30, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, B - 2, B - 1];
      for (let i = 0; i < B; i += 65521) at.push(i);
      for (let k = 0; k * CHUNK < B; k++) at.push(k * CHUNK, k * CHUNK + 3, k * CHUNK + 4);
      for (const i of at) if (buf[i] !== want(i)) assert.fail(`${what}: byte ${i} of rank ${q}'s block is ${buf[i]}, expected ${want(i)}`);
    };
    const name = fresh(comm, 'big');
    const buf = new Uint8Array(B);
    const st = new MPI.Status();
    for (const [write, read, salt] of [['Write_at_all', 'Read_at_all', 1], ['Write_at', 'Read_at', 2]]) {
      const fh = MPI.File.Open(comm, name, RW);
      stamp(buf, r, salt);
      fh[write](r * B, buf, st);
      assert.equal(st.Get_count(MPI.BYTE), B, `${write}: Status.Get_count`);
      fh.Sync();
      comm.Barrier();
      fh.Sync();
      assert.equal(fh.Get_size(), size * B);
      buf.fill(0);
      const other = (r + 1) % size;
      fh[read](other * B, buf, st);
      assert.equal(st.Get_count(MPI.BYTE), B, `${read}: Status.Get_count`);
      check(buf, other, salt, read);
      fh.Close();
      comm.Barrier();
    }
    // The bytes on disk (node:fs, rank 0's block's tail and the next block's head).
    if (r === 0) {
      const fd = fs.openSync(name, 'r');
      const probe = Buffer.alloc(16);
      fs.readSync(fd, probe, 0, 16, B - 8);
      fs.closeSync(fd);
      assert.deepEqual([...probe.subarray(0, 8)], [...base.subarray((B - 8) % CHUNK, (B - 8) % CHUNK + 8)]);
      if (size > 1) assert.equal(new DataView(probe.buffer, probe.byteOffset + 8, 4).getUint32(0, true), ((1 << 16) ^ 0 ^ 2) >>> 0);
    }
    comm.Barrier();
    if (r === 0) fs.rmSync(name, { force: true });  // (the folder goes at exit, also after a failure)
  });
}

await run(BIG ? { only: /larger than 2 GiB/ } : undefined);
