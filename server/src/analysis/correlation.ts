import { DomainError } from '../core/errors.js';
import { rankAverageTies } from './rank.js';

/**
 * Correlations and similarities between two equal-length vectors. All return NaN when a side is constant (zero
 * variance) or holds a NaN, like NumPy/SciPy with nan_policy='propagate' (rank.ts states the rule); callers that
 * must not see NaN check for it.
 */

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new DomainError('SHAPE_MISMATCH', `vectors of different lengths: ${a.length} vs ${b.length}`);
  }
  if (a.length < 2) throw new DomainError('SHAPE_MISMATCH', `need at least 2 values, got ${a.length}`);
}

/** Pearson correlation of `[n]` and `[n]` (two-pass, centred, in float64). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  const den = Math.sqrt(saa * sbb);
  if (den === 0) return NaN;
  return clamp1(sab / den);
}

/** Spearman correlation: Pearson of average-tie ranks (scipy.stats.spearmanr). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  return pearson(rankAverageTies(a), rankAverageTies(b));
}

/** Cosine similarity a.b / (|a| |b|). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  const den = Math.sqrt(aa * bb);
  if (den === 0) return NaN;
  return clamp1(ab / den);
}

/**
 * Kendall's tau-a: (concordant - discordant) / (n(n-1)/2), pairs tied on either side count as neither; no tie
 * correction (rsatoolbox `tau_a`). O(n^2): RDM vectors have 780 entries for 40 stimuli (~3e5 pairs).
 */
export function kendallTauA(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    for (let j = i + 1; j < n; j++) {
      s += Math.sign(a[j]! - ai) * Math.sign(b[j]! - bi);
    }
  }
  return s / ((n * (n - 1)) / 2);
}

function clamp1(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
