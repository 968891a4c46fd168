// A small seeded pseudo-random generator (mulberry32) and the helpers the plan draws with. The same seed
// gives the same world on every machine; nothing here reads the clock or Math.random.

/** mulberry32: 32-bit state, good enough for demo data and fully reproducible. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string hashed to 32 bits (FNV-1a), to derive independent streams from one seed: `rng(seed, 'people')`. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A random stream with helpers. Each part of the plan takes its own stream so that adding to one part never reshuffles another. */
export function rng(seed, stream = '') {
  const next = mulberry32((seed ^ hash32(stream)) >>> 0);
  const r = {
    next,
    /** An integer in [lo, hi], both included. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    /** Picks by weight: `weighted([['a', 3], ['b', 1]])`. */
    weighted: (pairs) => {
      const total = pairs.reduce((n, [, w]) => n + w, 0);
      let x = next() * total;
      for (const [value, w] of pairs) {
        x -= w;
        if (x < 0) return value;
      }
      return pairs[pairs.length - 1][0];
    },
    /** A shuffled copy (Fisher-Yates). */
    shuffle: (xs) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** `n` distinct elements, in random order. */
    sample: (xs, n) => r.shuffle(xs).slice(0, n),
  };
  return r;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), so that they add up exactly. */
export function apportion(total, weights) {
  const sum = weights.reduce((n, w) => n + w, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((n, x) => n + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length][1]]++;
  return out;
}
