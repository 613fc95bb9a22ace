// Deterministic test data: any rank can regenerate any rank's data from a seed.

export const isBig = (K) => K === BigInt64Array || K === BigUint64Array;

/** A small PRNG (mulberry32) in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values of kind K in [0, max) for (rank, seed): small enough that sums stay exact in every kind at 5 ranks. */
export function data(K, n, rank, seed, max = 20) {
  const r = rng(seed * 7919 + rank * 104729 + 1);
  const a = new K(n);
  for (let i = 0; i < n; i++) {
    const v = Math.floor(r() * max);
    a[i] = isBig(K) ? BigInt(v) : v;
  }
  return a;
}
