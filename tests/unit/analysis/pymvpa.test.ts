import { describe, expect, it } from 'vitest';
import { matrix } from '../../../server/src/core/matrix.js';
import { compareRdms, rdmVector } from '../../../server/src/analysis/rdm.js';
import { rankAverageTies } from '../../../server/src/analysis/rank.js';

// docs/numerics.md: PyMVPA's test fixture, recomputed with SciPy.
const X = matrix(6, 5, Float64Array.from([
  0.22366105, 0.51562476, 0.62623543, 0.28081652, 0.56513533,
  0.22077129, 0.63013374, 0.19641318, 0.38466208, 0.60788347,
  0.64273055, 0.60455658, 0.71368501, 0.36652763, 0.51720253,
  0.40148338, 0.34188668, 0.09174233, 0.33906488, 0.17804584,
  0.60728718, 0.6110304, 0.84817742, 0.33830628, 0.7123945,
  0.32113428, 0.16916899, 0.53471886, 0.93321617, 0.22531679,
]));
const t = Array.from({ length: 15 }, (_, i) => i);
const tied = [0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0];

describe('docs/numerics.md PyMVPA reference values', () => {
  it('one_minus_pearson and squared_euclidean_per_channel vectors', () => {
    const p = rdmVector(X, 'one_minus_pearson');
    const want = [0.68382214, 0.5875501, 1.84650012, 0.2469216, 1.37086172, 1.38317445, 0.91516166, 1.14818119, 1.43923944,
      1.32817654, 0.15964283, 1.56333546, 1.72973437, 0.98865619, 1.57273479];
    want.forEach((w, i) => expect(p[i]).toBeCloseTo(w, 7));
    const e = rdmVector(X, 'squared_euclidean_per_channel');
    const wantE = [0.04209583, 0.0401639, 0.10014394, 0.04610397, 0.13580197, 0.09096517, 0.06270774, 0.1175255, 0.15685616,
      0.12595797, 0.01165654, 0.14626972, 0.19450333, 0.11755318, 0.19330875];
    wantE.forEach((w, i) => expect(e[i]).toBeCloseTo(w, 7));
  });
  it('comparisons against the target and the tied model', () => {
    const p = rdmVector(X, 'one_minus_pearson');
    expect(compareRdms(p, t, 'pearson')).toBeCloseTo(0.30956920104253222, 12);
    expect(compareRdms(rdmVector(X, 'euclidean'), t, 'pearson')).toBeCloseTo(0.53882710751962437, 12);
    expect(compareRdms(p, t, 'spearman')).toBeCloseTo(0.33571428571428574, 12);
    expect(compareRdms(p, t, 'cosine')).toBeCloseTo(0.8436018854939272, 12);
    expect(compareRdms(p, t, 'kendall_tau_a')).toBeCloseTo(0.2571428571428572, 12);
    expect(compareRdms(p, tied, 'kendall_tau_a')).toBeCloseTo(-0.0380952380952381, 12);
    expect(compareRdms(p, tied, 'spearman')).toBeCloseTo(-0.0629940788348712, 12);
    expect(compareRdms(p, tied, 'pearson')).toBeCloseTo(-0.0433399439864897, 12);
    expect(compareRdms(p, tied, 'cosine')).toBeCloseTo(0.696610795676116, 12);
  });
  it('ranks like scipy rankdata', () => {
    expect(Array.from(rankAverageTies([3, 1, 3, 2, 3]))).toEqual([4, 1, 4, 2, 4]);
  });
  it('refuses unknown methods with the valid list', () => {
    expect(() => rdmVector(X, 'nope')).toThrow(/valid: one_minus_spearman/);
    expect(() => compareRdms(t, t, 'nope')).toThrow(/valid: spearman/);
  });
});

describe('argsort (radix path for long arrays)', () => {
  it('is a stable sort of float32 and float64 values with ties, negatives and zeros', async () => {
    const { argsort } = await import('../../../server/src/analysis/rank.js');
    const { Rng } = await import('../../../server/src/core/rng.js');
    const rng = new Rng(5);
    for (const [Ctor, len] of [[Float32Array, 10000], [Float64Array, 10000], [Float64Array, 300]] as const) {
      const x = Ctor.from({ length: len }, () => (rng.uniform() < 0.3 ? 0 : Math.round(rng.normal() * 50) / 7));
      const got = Array.from(argsort(x));
      const want = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
      expect(got).toEqual(want);
    }
  });
});
