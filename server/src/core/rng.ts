/**
 * Seeded pseudo-random numbers. xoshiro128** seeded through splitmix32: fast, 2^128 period, and the same stream on
 * every platform (pure 32-bit integer arithmetic). Every stochastic computation in the project takes a seed and
 * records it in its provenance.
 */
export class Rng {
  /**
   * s0..s3 as int32 lanes of a typed array: the same 32-bit words as unsigned numbers would be, but stored unboxed
   * (uint32 fields above 2^30 are heap numbers in V8, which made every draw allocate; measured 78 -> 8 ns per int()).
   */
  private readonly s = new Int32Array(4);
  private spareNormal: number | undefined;

  constructor(seed: number | string) {
    let x = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = this.s;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = next();
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!, s1 = s[1]!;
    let s2 = s[2]!, s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ t;
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box-Muller, the spare value is kept). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /**
   * k distinct indices from 0..n-1 without replacement, in increasing order: a partial Fisher-Yates, then the drawn
   * set read off flags in index order (the same array as sorting the k draws, in O(n) instead of O(k log k); the
   * encoding draws take a million samples per layer).
   */
  sample(n: number, k: number): Int32Array {
    if (k > n || k < 0) throw new RangeError(`cannot draw ${k} of ${n} without replacement`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    const flags = new Uint8Array(n);
    for (let i = 0; i < k; i++) flags[p[i]!] = 1;
    const out = new Int32Array(k);
    let t = 0;
    for (let u = 0; u < n; u++) {
      // branch-free: an undrawn index is overwritten by the next drawn one (past the last, a typed-array no-op)
      out[t] = u;
      t += flags[u]!;
    }
    return out;
  }

  /** An independent child stream, e.g. one per worker or per draw block. */
  fork(label: string | number): Rng {
    return new Rng((this.nextUint32() ^ hashString(String(label))) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a 32-bit hash of a string, to turn text seeds into numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
