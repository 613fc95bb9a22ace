// Dynamic processes: spawning Node children (Spawn, Spawn_multiple, Get_parent, Disconnect), ports
// (Open_port, Accept/Connect), the name service, attributes, misuse. Children run lib/dynamic-child.mjs.
import { MPI, assert, test, throwsLike, run } from './lib/suite.mjs';
import { fileURLToPath } from 'node:url';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CHILD = fileURLToPath(new URL('./lib/dynamic-child.mjs', import.meta.url));
const world = MPI.COMM_WORLD;
const NODE = process.execPath;
// MPICH's ch4:ucx device (Debian's MPICH 4.0) has no dynamic processes: Spawn and Open_port fail
// with an MPI.Exception there (docs/FUTURES.md); every other library here spawns.
const NO_DYNAMIC = /ch4:ucx/.test(MPI.Get_library_version()) && /MPICH Version:\s*4\.0/.test(MPI.Get_library_version());

/** A test of dynamic processes; where the library has none, the first call must be an MPI.Exception. */
function dtest(name, fn) {
  test(name, () => {
    if (!NO_DYNAMIC) return fn();
    throwsLike(() => (name.startsWith('Open_port') || name.startsWith('Publish') ? MPI.Open_port() : MPI.COMM_SELF.Spawn(NODE, [CHILD, 'die'], 1)),
      MPI.Exception, /not supported|spawn/i);
  });
}

test('Get_parent is MPI.COMM_NULL in a process that was not spawned', () => {
  assert.equal(MPI.Comm.Get_parent(), MPI.COMM_NULL);
});

test('UNIVERSE_SIZE and APPNUM are integers or null', () => {
  for (const k of [MPI.UNIVERSE_SIZE, MPI.APPNUM, MPI.WTIME_IS_GLOBAL]) {
    const v = world.Get_attr(k);
    assert.ok(v === null || Number.isInteger(v), `attribute ${k}: ${v}`);
  }
  const u = world.Get_attr(MPI.UNIVERSE_SIZE);
  if (u !== null) assert.ok(u >= 1, `UNIVERSE_SIZE ${u}`); // the slots of the allocation: fewer than the ranks when oversubscribed
  throwsLike(() => world.Get_attr(12345), MPI.Exception, /Comm.Get_attr/);
});

function talk(children, nkids, argv) {
  assert.ok(children instanceof MPI.Intercomm);
  assert.equal(children.Get_remote_size(), nkids);
  assert.equal(children.Get_size(), world.size);
  const root = world.rank === 0 ? MPI.ROOT : MPI.PROC_NULL;
  children.bcast(world.rank === 0 ? 'token-42' : null, root);
  const infos = children.gather(null, root);
  if (world.rank === 0) {
    assert.equal(infos.length, nkids);
    infos.forEach((x, i) => {
      assert.equal(x.rank, i);
      assert.equal(x.size, nkids);
      assert.equal(x.remote, world.size);
      assert.equal(x.inter, true);
      assert.equal(x.token, 'token-42');
      assert.deepEqual(x.argv, argv(i));
    });
  } else {
    assert.equal(infos, null);
  }
  children.Bcast(new Int32Array([100]), root);
  if (world.rank === 0) {
    const got = [];
    for (let i = 0; i < nkids; i++) got.push(children.recv({ source: i, tag: 7 }));
    assert.deepEqual(got, Array.from({ length: nkids }, (_, i) => 100 + i));
  }
  return infos;
}

dtest('Spawn: a parent/child intercommunicator (collective over COMM_WORLD), error codes, Disconnect', () => {
  const errcodes = [];
  const children = world.Spawn(NODE, [CHILD, 'talk', 'x y'], 2, {}, 0, errcodes);
  if (world.rank === 0) assert.deepEqual(errcodes, [MPI.SUCCESS, MPI.SUCCESS]);
  talk(children, 2, () => ['x y']);
  children.Disconnect();
  throwsLike(() => children.Get_size(), MPI.Exception, /freed/);
});

dtest('Spawn from COMM_SELF on every process, options object', () => {
  const children = MPI.COMM_SELF.Spawn(NODE, { args: [CHILD, 'talk', String(world.rank)], maxprocs: 1, errcodes: MPI.ERRCODES_IGNORE });
  assert.equal(children.Get_remote_size(), 1);
  children.bcast('token-42', MPI.ROOT);
  const infos = children.gather(null, MPI.ROOT);
  assert.equal(infos[0].size, 1);
  assert.deepEqual(infos[0].argv, [String(world.rank)]);
  children.Bcast(new Int32Array([5]), MPI.ROOT);
  assert.equal(children.recv({ source: 0, tag: 7 }), 5);
  children.Disconnect();
});

dtest('Spawn_multiple: two commands in one child job, APPNUM per command', () => {
  const errcodes = [];
  const children = world.Spawn_multiple([NODE, NODE], [[CHILD, 'talk', 'a'], [CHILD, 'talk', 'b']], [1, 2], null, 0, errcodes);
  if (world.rank === 0) assert.deepEqual(errcodes, [0, 0, 0]);
  const infos = talk(children, 3, (i) => [i === 0 ? 'a' : 'b']);
  if (world.rank === 0) {
    // MPI_APPNUM is the command's index (when the library sets it).
    const appnums = infos.map((x) => x.appnum);
    assert.ok(appnums.every((a) => a === null) || String(appnums) === '0,1,1', String(appnums));
  }
  children.Disconnect();
});

dtest('Spawn and Spawn_multiple pass their Info: wdir from a plain object and from an MPI.Info', () => {
  // A fresh folder per process, known at the root: the children report the folder they started in.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mpi4js-wdir-')));
  try {
    const kids = MPI.COMM_SELF.Spawn(NODE, [CHILD, 'cwd'], 1, { wdir: dir }, 0);
    assert.equal(kids.recv({ source: 0, tag: 8 }), dir);
    kids.Disconnect();
    const info = MPI.Info.Create({ wdir: dir });
    const multi = MPI.COMM_SELF.Spawn_multiple([NODE, NODE], [[CHILD, 'cwd'], [CHILD, 'cwd']], [1, 1], [info, {}], 0);
    assert.equal(multi.recv({ source: 0, tag: 8 }), dir);
    assert.notEqual(multi.recv({ source: 1, tag: 8 }), dir);
    multi.Disconnect();
    info.Free();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

dtest('Open_port, Accept/Connect through a port name', () => {
  const port = world.rank === 0 ? MPI.Open_port() : null;
  assert.ok(world.rank !== 0 || (typeof port === 'string' && port.length > 0 && port.length < MPI.MAX_PORT_NAME));
  const name = world.bcast(port, 0);
  const children = world.Spawn(NODE, [CHILD, 'connect', name], 2, undefined, 0);
  const client = world.Accept(port, undefined, 0);
  assert.equal(client.Get_remote_size(), 2);
  const root = world.rank === 0 ? MPI.ROOT : MPI.PROC_NULL;
  client.bcast(21, root);
  const got = client.gather(null, root);
  if (world.rank === 0) assert.deepEqual(got, [42, 43]);
  client.Disconnect();
  children.Disconnect();
  if (world.rank === 0) MPI.Close_port(port);
});

dtest('Publish_name / Lookup_name / Unpublish_name (or an MPI.Exception where no name service runs)', () => {
  if (world.rank !== 0) return;
  const port = MPI.Open_port();
  const service = `mpi4js-test-${process.pid}`;
  let published = false;
  try {
    MPI.Publish_name(service, port);
    published = true;
  } catch (e) {
    assert.ok(e instanceof MPI.Exception, String(e));
  }
  if (published) {
    assert.equal(MPI.Lookup_name(service), port);
    MPI.Unpublish_name(service, port);
    throwsLike(() => MPI.Lookup_name(service), MPI.Exception);
  }
  MPI.Close_port(port);
});

test('object collectives and Split on an intercommunicator (between the halves of COMM_WORLD)', () => {
  if (world.size < 2) return;
  const low = world.rank < world.size / 2 ? 0 : 1;
  const half = world.Split(low, world.rank);
  const inter = half.Create_intercomm(0, world, low === 0 ? Math.ceil(world.size / 2) : 0, 5);
  const remote = inter.Get_remote_size();
  // group 0's rank 0 is the root of a bcast and a scatter to group 1, then group 1 gathers back to it.
  const rootArg = low === 0 ? (half.rank === 0 ? MPI.ROOT : MPI.PROC_NULL) : 0;
  const b = inter.bcast(low === 0 ? { hello: [1, 2] } : null, rootArg);
  if (low === 1) assert.deepEqual(b, { hello: [1, 2] });
  const s = inter.scatter(low === 0 && half.rank === 0 ? Array.from({ length: remote }, (_, i) => `item${i}`) : null, rootArg);
  if (low === 1) assert.equal(s, `item${half.rank}`);
  const g = inter.gather(low === 1 ? half.rank * 10 : null, low === 1 ? 0 : rootArg);
  if (low === 0 && half.rank === 0) assert.deepEqual(g, Array.from({ length: remote }, (_, i) => i * 10));
  else assert.equal(g, null);
  const all = inter.allgather(`${low}:${half.rank}`);
  assert.deepEqual(all, Array.from({ length: remote }, (_, i) => `${1 - low}:${i}`));
  throwsLike(() => inter.bcast(1, remote + 5), RangeError, /Comm\.bcast: argument 'root'/);
  // A color with processes in one group only gives MPI.COMM_NULL there.
  const sub = inter.Split(half.rank % 2, 0);
  if (half.rank === 0) assert.ok(sub instanceof MPI.Intercomm && sub.Get_remote_size() === Math.ceil(remote / 2), `${sub.Get_remote_size()}`);
  if (sub !== MPI.COMM_NULL) sub.Free();
  inter.Free();
  half.Free();
});

// Join: ranks 0 and 1 connect a TCP socket (Node's, nonblocking: the addon makes it blocking for the join).
dtest('Comm.Join: an intercommunicator over a connected socket (ranks 0 and 1)', async () => {
  let sock = null;
  if (world.rank === 0 && world.size > 1) {
    const server = net.createServer();
    const conn = new Promise((r) => server.once('connection', r));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    world.bcast(server.address().port, 0);
    sock = await conn;
    server.close();
  } else if (world.rank === 1) {
    const port = world.bcast(null, 0);
    sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
  } else {
    world.bcast(null, 0);
  }
  if (!sock) return;
  sock.pause();
  const inter = MPI.Comm.Join(sock._handle.fd);
  assert.ok(inter instanceof MPI.Intercomm);
  assert.equal(inter.Get_remote_size(), 1);
  const got = inter.sendrecv(`from ${world.rank}`, { dest: 0, source: 0 });
  assert.equal(got, `from ${1 - world.rank}`);
  inter.Disconnect();
  sock.destroy();
});

test('misuse: arguments are named', () => {
  throwsLike(() => MPI.COMM_SELF.Spawn(42), TypeError, /Intracomm.Spawn: argument 'command'/);
  throwsLike(() => MPI.COMM_SELF.Spawn(NODE, 'x'), TypeError, /Intracomm.Spawn: argument 'args'/);
  throwsLike(() => MPI.COMM_SELF.Spawn(NODE, [], 0), RangeError, /Intracomm.Spawn: argument 'maxprocs'/);
  throwsLike(() => MPI.COMM_SELF.Spawn(NODE, [1]), TypeError, /argument 'args\[0\]'/);
  throwsLike(() => MPI.COMM_SELF.Spawn(NODE, [], 1, 'info'), TypeError, /argument 'info'/);
  throwsLike(() => MPI.COMM_SELF.Spawn_multiple([NODE], [[]], [1, 2]), TypeError, /Intracomm.Spawn_multiple: argument 'maxprocs'/);
  throwsLike(() => MPI.COMM_SELF.Accept(3), TypeError, /Intracomm.Accept: argument 'port_name'/);
  throwsLike(() => MPI.Close_port(null), TypeError, /MPI.Close_port: argument 'port_name'/);
  throwsLike(() => MPI.Lookup_name(1), TypeError, /MPI.Lookup_name: argument 'service_name'/);
  throwsLike(() => MPI.Comm.Join(-1), RangeError, /Comm.Join: argument 'fd'/);
  throwsLike(() => MPI.COMM_NULL.Disconnect(), MPI.Exception, /COMM_NULL/);
  throwsLike(() => MPI.COMM_WORLD.Disconnect.call({}), TypeError, /Disconnect/);
});

await run();
