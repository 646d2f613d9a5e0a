import { DomainError } from '../core/errors.js';
import type { FloatArray, Matrix } from '../core/matrix.js';
import { pick } from '../core/registry.js';
import { cosineSimilarity, kendallTauA, pearson, spearman } from './correlation.js';
import { gram, upperTriangle } from './gram.js';
import { rankAverageTies } from './rank.js';

/**
 * RDM methods and RDM comparisons (docs/numerics.md tables). An RDM here is its vector form: the upper triangle without
 * diagonal, row-major (SciPy pdist order), n(n-1)/2 entries for n stimuli. Correlation-type RDMs are one Gram
 * product of centred, unit-norm rows (ranked first for Spearman); distances are direct pairwise sums, which cost
 * the same n(n-1)/2 * p and keep full precision.
 *
 * NaN rule (issue 12 item 18): NaN propagates, as in SciPy's pdist and spearmanr. Every pair involving a pattern
 * that holds a NaN (or a constant pattern, for the correlation methods) is NaN, in every method; a comparison of
 * RDM vectors holding a NaN is NaN, in every comparison.
 */

export const RDM_METHOD_NAMES = [
  'one_minus_spearman',
  'one_minus_pearson',
  'euclidean',
  'squared_euclidean_per_channel',
  'cosine',
] as const;
export type RdmMethod = (typeof RDM_METHOD_NAMES)[number];
/** The paper's dissimilarity (its CCN precursor states it; the RDM colour bar spans 0..2). */
export const DEFAULT_RDM_METHOD: RdmMethod = 'one_minus_spearman';

/** `[n x p]` patterns -> `[n(n-1)/2]` dissimilarities. */
export type RdmFn = (patterns: Matrix) => Float64Array;

export const RDM_METHODS = {
  one_minus_spearman: (m) => oneMinus(gramTriangle(normaliseRows(rankRows(m), m.rows, m.cols, true), m.rows, m.cols)),
  one_minus_pearson: (m) => oneMinus(gramTriangle(normaliseRows(copyRows(m), m.rows, m.cols, true), m.rows, m.cols)),
  cosine: (m) => oneMinus(gramTriangle(normaliseRows(copyRows(m), m.rows, m.cols, false), m.rows, m.cols)),
  euclidean: (m) => pairwiseSquared(m).map(Math.sqrt),
  squared_euclidean_per_channel: (m) => pairwiseSquared(m).map((d) => d / m.cols),
} satisfies Record<RdmMethod, RdmFn>;

/** RDM vector of `patterns [stimuli x features]` by a named method; unknown names are refused with the valid list. */
export function rdmVector(patterns: Matrix, method: RdmMethod | string = DEFAULT_RDM_METHOD): Float64Array {
  const fn = pick(RDM_METHODS, method, 'RDM method');
  if (patterns.rows < 2) throw new DomainError('SHAPE_MISMATCH', `an RDM needs at least 2 stimuli, got ${patterns.rows}`);
  if (patterns.cols < 1) throw new DomainError('SHAPE_MISMATCH', 'an RDM needs at least 1 feature');
  return fn(patterns);
}

export const COMPARISON_METHOD_NAMES = ['spearman', 'pearson', 'kendall_tau_a', 'cosine'] as const;
export type ComparisonMethod = (typeof COMPARISON_METHOD_NAMES)[number];
/** The paper's RDM comparison (docs/paper-digest.md section 5). */
export const DEFAULT_COMPARISON: ComparisonMethod = 'spearman';

export type ComparisonFn = (a: ArrayLike<number>, b: ArrayLike<number>) => number;

export const COMPARISON_METHODS = {
  spearman,
  pearson,
  kendall_tau_a: kendallTauA,
  cosine: cosineSimilarity,
} satisfies Record<ComparisonMethod, ComparisonFn>;

/** Compares two RDM vectors of equal length (same stimulus order: the labelled `Rdm` checks ids); NaN in, NaN out. */
export function compareRdms(a: ArrayLike<number>, b: ArrayLike<number>, method: ComparisonMethod | string = DEFAULT_COMPARISON): number {
  const fn = pick(COMPARISON_METHODS, method, 'RDM comparison');
  if (a.length !== b.length) {
    throw new DomainError('SHAPE_MISMATCH', `RDM vectors of different lengths: ${a.length} vs ${b.length}`);
  }
  return fn(a, b);
}

// ---- row transforms (each returns a fresh Float64Array [n x p]) ----

function copyRows(m: Matrix): Float64Array {
  return Float64Array.from(m.data as FloatArray);
}

/** Each row replaced by its average-tie ranks over features (all NaN for a row holding a NaN, rank.ts). */
export function rankRows(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) out.set(rankAverageTies(m.data.subarray(i * m.cols, (i + 1) * m.cols)), i * m.cols);
  return out;
}

/** In place: centre each row (if `centre`) and scale it to unit L2 norm; a zero row becomes NaN (undefined r). */
export function normaliseRows(x: Float64Array, n: number, p: number, centre: boolean): Float64Array {
  for (let i = 0; i < n; i++) {
    const b = i * p;
    let mean = 0;
    if (centre) {
      for (let k = 0; k < p; k++) mean += x[b + k]!;
      mean /= p;
    }
    let ss = 0;
    for (let k = 0; k < p; k++) {
      const d = x[b + k]! - mean;
      x[b + k] = d;
      ss += d * d;
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : NaN;
    for (let k = 0; k < p; k++) x[b + k] = x[b + k]! * inv;
  }
  return x;
}

function gramTriangle(x: Float64Array, n: number, p: number): Float64Array {
  return upperTriangle(gram(x, n, p), n);
}

function oneMinus(v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = 1 - v[i]!;
  return v;
}

/** Squared L2 distances between rows, pdist order. */
function pairwiseSquared(m: Matrix): Float64Array {
  const { rows: n, cols: p, data } = m;
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const bi = i * p;
    for (let j = i + 1; j < n; j++) {
      const bj = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) {
        const d = data[bi + k]! - data[bj + k]!;
        s += d * d;
      }
      out[t++] = s;
    }
  }
  return out;
}
