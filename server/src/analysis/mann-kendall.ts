import { DomainError } from '../core/errors.js';
import type { SimilarityPair } from '../domain/vocabulary.js';
import type { TrendRecord } from '../domain/records.js';
import { normalSf } from './special.js';

/**
 * Mann-Kendall trend test (docs/paper-digest.md 5.2: trend of RE-AN / RE-AI similarity over layers), as in
 * pymannkendall.original_test: S = sum_{i<j} sign(x_j - x_i); Var(S) = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18
 * over tie groups of size t; z = (S - sign(S)) / sqrt(Var) (continuity correction); two-sided p = 2 (1 - Phi(|z|));
 * Kendall's tau = S / (n(n-1)/2).
 * NaN propagates (rank.ts; SciPy's kendalltau of a series with NaN is NaN): a series with a NaN has S, Var(S), z,
 * p and tau NaN and direction 'undefined', never z = 0, p = 1, "no trend" (pymannkendall drops NaN instead, which
 * would silently test fewer layers).
 */
export interface MannKendall {
  readonly s: number;
  readonly varS: number;
  readonly z: number;
  readonly p: number;
  readonly tau: number;
  readonly direction: 'increasing' | 'decreasing' | 'none' | 'undefined';
}

export function mannKendall(x: ArrayLike<number>, alpha = 0.05): MannKendall {
  const n = x.length;
  if (n < 3) throw new DomainError('BAD_USER_INPUT', `Mann-Kendall needs at least 3 values, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (x[i]! !== x[i]!) return { s: NaN, varS: NaN, z: NaN, p: NaN, tau: NaN, direction: 'undefined' };
  }
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[j]! - x[i]!);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(x[i]!, (counts.get(x[i]!) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0;
  const p = Math.min(1, 2 * normalSf(Math.abs(z)));
  const tau = s / ((n * (n - 1)) / 2);
  const direction = p < alpha ? (z > 0 ? 'increasing' : 'decreasing') : 'none';
  return { s, varS, z, p, tau, direction };
}

/**
 * The TrendRecord of one pair over named layers (the caller passes layers 1..8, output excluded, as the paper).
 * A layer with an undefined (NaN) similarity makes the trend undefined: refused, naming the layers, since a
 * TrendRecord has no undefined direction and "none" would claim there is no trend.
 */
export function trendRecord(pair: SimilarityPair, layers: readonly string[], values: ArrayLike<number>): TrendRecord {
  if (layers.length !== values.length) {
    throw new DomainError('SHAPE_MISMATCH', `${layers.length} layers but ${values.length} values`);
  }
  const mk = mannKendall(values);
  if (mk.direction === 'undefined') {
    const bad = layers.filter((_, i) => values[i]! !== values[i]!);
    throw new DomainError('BAD_DATA',
      `the ${pair} trend over layers ${layers.join(', ')} is undefined: the similarity of ${bad.join(', ')} is NaN (an undefined RDM entry: a constant or NaN pattern)`);
  }
  return { pair, layers, s: mk.s, z: mk.z, tau: mk.tau, p: mk.p, direction: mk.direction };
}
