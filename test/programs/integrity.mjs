// Data integrity under random traffic (issue 5): every rank derives the same plan from one seed —
// messages between random pairs, random sizes from 0 B to several MiB, random tags, typed arrays
// and objects — posts its sends nonblocking, then receives with wildcards (Probe(ANY_SOURCE,
// ANY_TAG) → Recv of exactly the probed size) and checks each message against the plan: source,
// tag, size and a checksum of its content (MPI keeps the order per source and tag).
//
//   mpiexec -n 4 node test/programs/integrity.mjs [--seed N] [--messages N] [--max-mib N]
//   mpiexec -n 2 node test/programs/integrity.mjs --big [--big-bytes N]   one message > 2 GiB
import { MPI } from 'mpi4js';

function option(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const comm = MPI.COMM_WORLD;
const rank = comm.rank;
const size = comm.size;

function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fills a byte array with the stream of `seed` (fast: 32-bit words, then the tail).
function fill(bytes, seed) {
  let x = (seed * 2654435761) >>> 0 || 1;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    words[i] = x;
  }
  for (let i = words.length * 4; i < bytes.byteLength; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

// FNV-1a over 32-bit words (and the tail bytes): a checksum of the content.
function checksum(bytes) {
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice(); // a deserialized view may be unaligned
  let h = 0x811c9dc5;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 16777619);
  for (let i = words.length * 4; i < bytes.byteLength; i++) h = Math.imul(h ^ bytes[i], 16777619);
  return h >>> 0;
}

function randomTraffic() {
  const seed = option('seed', 12345);
  const count = option('messages', 200);
  const maxBytes = option('max-mib', 4) * 1024 * 1024;
  const rnd = prng(seed);
  // The plan is the same on every rank: [src, dst, tag, bytes, kind, seed].
  const plan = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const bytes = r < 0.1 ? 0 : r < 0.5 ? Math.floor(rnd() * 256) : r < 0.85 ? Math.floor(rnd() * 65536) : Math.floor(rnd() * maxBytes);
    const kind = rnd() < 0.8 ? 'bytes' : 'object';
    plan.push({ src: Math.floor(rnd() * size), dst: Math.floor(rnd() * size), tag: Math.floor(rnd() * 50), bytes, kind, seed: i + 1 });
  }
  const t0 = performance.now();
  // Content is aligned to 8 bytes in a fresh buffer so the Float64 view of objects is exact.
  const sends = [];
  for (const m of plan.filter((p) => p.src === rank)) {
    const data = fill(new Uint8Array(m.bytes), m.seed);
    if (m.kind === 'bytes') sends.push(comm.Isend(data, m.dst, m.tag));
    else sends.push(comm.isend({ seed: m.seed, data, note: 'x'.repeat(m.seed % 7) }, m.dst, m.tag));
  }
  const expected = plan.filter((p) => p.dst === rank);
  const pending = new Map(); // "src/tag" -> queue of plan entries in send order
  for (const m of expected) {
    const k = `${m.src}/${m.tag}`;
    if (!pending.has(k)) pending.set(k, []);
    pending.get(k).push(m);
  }
  let bytesIn = 0;
  const st = new MPI.Status();
  for (let n = 0; n < expected.length; n++) {
    comm.Probe(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
    const queue = pending.get(`${st.source}/${st.tag}`);
    if (!queue || queue.length === 0) throw new Error(`unexpected message from ${st.source} tag ${st.tag}`);
    const m = queue.shift();
    let got;
    if (m.kind === 'bytes') {
      const count = st.Get_count(MPI.BYTE);
      if (count !== m.bytes) throw new Error(`message ${m.seed} from ${m.src}: ${count} bytes, expected ${m.bytes}`);
      got = new Uint8Array(count);
      comm.Recv(got, st.source, st.tag);
    } else {
      const obj = comm.recv(st.source, st.tag);
      if (obj.seed !== m.seed || obj.note !== 'x'.repeat(m.seed % 7)) throw new Error(`object ${m.seed}: wrong fields ${JSON.stringify({ seed: obj.seed, note: obj.note })}`);
      got = obj.data;
      if (!(got instanceof Uint8Array) || got.byteLength !== m.bytes) throw new Error(`object ${m.seed}: data of ${got?.byteLength} bytes, expected ${m.bytes}`);
    }
    const want = checksum(fill(new Uint8Array(m.bytes), m.seed));
    if (checksum(got) !== want) throw new Error(`message ${m.seed} (${m.kind}, ${m.bytes} B) from ${m.src} tag ${m.tag}: checksum mismatch`);
    bytesIn += m.bytes;
  }
  MPI.Request.Waitall(sends);
  const totals = comm.allreduce([expected.length, bytesIn]);
  const ms = performance.now() - t0;
  if (rank === 0) console.log(`integrity ok: ${totals[0]} messages, ${(totals[1] / 1048576).toFixed(1)} MiB on ${size} rank(s) in ${ms.toFixed(0)} ms (seed ${seed})`);
}

// One message larger than 2 GiB (more than 2^31 - 1 elements) from rank 0 to rank 1.
function bigMessage() {
  const bytes = option('big-bytes', 2 ** 31 + 4099);
  const t0 = performance.now();
  if (rank === 0) {
    // 1 MiB of the stream, repeated with the block number stamped in: each block is distinct.
    const data = new Uint8Array(bytes);
    const block = fill(new Uint8Array(1 << 20), 7);
    const stamp = new DataView(data.buffer);
    for (let off = 0, k = 0; off < bytes; off += block.byteLength, k++) {
      data.set(block.subarray(0, Math.min(block.byteLength, bytes - off)), off);
      if (off + 4 <= bytes) stamp.setUint32(off, k);
    }
    const sum = checksum(data);
    const t1 = performance.now();
    comm.Send(data, 1, 5);
    comm.send(sum, 1, 6);
    console.log(`big send: ${bytes} bytes, fill ${(t1 - t0).toFixed(0)} ms, send ${(performance.now() - t1).toFixed(0)} ms`);
  } else if (rank === 1) {
    const got = new Uint8Array(bytes);
    got[bytes - 1] = 0xee;
    const t1 = performance.now();
    const st = new MPI.Status();
    comm.Recv(got, 0, 5, st);
    const t2 = performance.now();
    const sum = comm.recv(0, 6);
    if (st.Get_count(MPI.BYTE) !== bytes && st.Get_count(MPI.BYTE) !== MPI.UNDEFINED) throw new Error(`count ${st.Get_count(MPI.BYTE)}`);
    if (checksum(got) !== sum) throw new Error('big message: checksum mismatch');
    console.log(`big message ok: ${bytes} bytes (${(bytes / 2 ** 30).toFixed(2)} GiB) intact, receive ${(t2 - t1).toFixed(0)} ms`);
  }
  comm.Barrier();
}

if (process.argv.includes('--big')) bigMessage();
else randomTraffic();
