import { describe, expect, it } from 'vitest';
import { matrix } from '../../../server/src/core/matrix.js';
import { COMPARISON_METHOD_NAMES, compareRdms, RDM_METHOD_NAMES, rdmVector } from '../../../server/src/analysis/rdm.js';
import { mannKendall, trendRecord } from '../../../server/src/analysis/mann-kendall.js';
import { trendsOverLayers } from '../../../server/src/analysis/layer-trends.js';
import { fullRdms, prepareProblem, runDraws } from '../../../server/src/analysis/similarity-draws.js';
import { interval95, pGreaterEqual, summariseNull } from '../../../server/src/analysis/percentile.js';
import type { SimilarityRecord } from '../../../server/src/study/model.js';
import { createGram } from '../../../server/src/analysis/kernels/gram-wasm.js';
import { expectNanAware, fixtureWithNaN } from './fixtures.js';

// make_edge_fixtures.py (issue 12, item 18). The rule: NaN propagates, like SciPy's nan_policy='propagate'.
interface NanFix {
  rdm: { n: number; p: number; x: number[]; rdms: Record<string, number[]> }[];
  compare: { a: number[]; b: number[]; spearman: number; pearson: number; kendall_tau_a: number; kendalltau_scipy: number; cosine: number }[];
  mannKendall: { x: number[]; scipyKendallTau: number }[];
}
const f = fixtureWithNaN<NanFix>('nan.json');

describe('NaN propagates through every RDM method like scipy pdist', () => {
  f.rdm.forEach((c, k) => {
    const x = matrix(c.n, c.p, Float64Array.from(c.x));
    for (const method of RDM_METHOD_NAMES) {
      it(`case ${k} (${c.n} x ${c.p}): ${method}`, () => {
        const want = c.rdms[method]!;
        expect(want.some(Number.isNaN)).toBe(true);
        expectNanAware(rdmVector(x, method), want, 10);
      });
    }
    it(`case ${k}: the draws' rank index gives the same one_minus_spearman RDM (float32 ranks), JS and wasm kernels`, async () => {
      for (const gram of [undefined, await createGram()]) {
        const [full] = fullRdms(prepareProblem([x], 'one_minus_spearman', 'spearman'), gram);
        expectNanAware(full!, c.rdms.one_minus_spearman!, 6);
      }
    });
  });
  it('draws: a draw that keeps a NaN unit has NaN entries, one that drops it does not; rank index = direct RDMs', () => {
    const n = 6;
    const p = 30;
    const data = Float64Array.from({ length: n * p }, (_, q) => Math.sin(q * 12.9898) * 43758.5453 % 1);
    data[2 * p + 4] = NaN;
    const x = matrix(n, p, data);
    const y = matrix(n, p, data.map((v, q) => v + Math.cos(q) * 0.3));
    const fast = runDraws(prepareProblem([x, y], 'one_minus_spearman', 'pearson'), 3, 0.5, 0, 40);
    const direct = runDraws({ patterns: [x, y], rdmMethod: 'one_minus_spearman', comparison: 'pearson' }, 3, 0.5, 0, 40);
    expectNanAware(fast.sims[0]!, direct.sims[0]!, 6);
    expectNanAware(fast.nulls[0]!, direct.nulls[0]!, 6);
    expect(Array.from(fast.sims[0]!).some(Number.isNaN)).toBe(true);
    expect(Array.from(fast.sims[0]!).some(Number.isFinite)).toBe(true);
  });
});

describe('NaN propagates through every comparison like scipy spearmanr / np.corrcoef / kendalltau', () => {
  f.compare.forEach((c, k) => {
    it(`case ${k} (${c.a.length} values, one NaN)`, () => {
      for (const method of COMPARISON_METHOD_NAMES) {
        expect(Number.isNaN(c[method]), method).toBe(true);
        expect(compareRdms(c.a, c.b, method), method).toBeNaN();
      }
      expect(c.kendalltau_scipy).toBeNaN();
    });
  });
});

describe('Mann-Kendall with a NaN in the series is undefined, never "no trend"', () => {
  f.mannKendall.forEach((c, k) => {
    it(`case ${k}: NaN statistics (scipy kendalltau is NaN)`, () => {
      expect(c.scipyKendallTau).toBeNaN();
      const r = mannKendall(c.x);
      for (const v of [r.s, r.varS, r.z, r.p, r.tau]) expect(v).toBeNaN();
      expect(r.direction).toBe('undefined');
    });
  });
  it('a trend record over a layer with a NaN similarity is refused, naming the layer', () => {
    const layers = ['conv1', 'conv2', 'conv3', 'conv4'];
    expect(() => trendRecord('RE_AI', layers, [0.1, NaN, 0.3, 0.4])).toThrow(/RE_AI trend .* undefined: the similarity of conv2 is NaN/);
    const recs = layers.map((layer, i) => ({ source: { kind: 'layer', layer }, pair: 'RE_AN', value: i === 3 ? NaN : i / 10 }) as unknown as SimilarityRecord);
    expect(() => trendsOverLayers(recs, layers, ['RE_AN'])).toThrow(/similarity of conv4 is NaN/);
  });
});

describe('resampling statistics of a NaN similarity are NaN, not the smallest p', () => {
  it('interval, permutation p and null summary', () => {
    const draws = Float64Array.from([0.1, 0.2, NaN, 0.3]);
    expect(interval95(draws)).toEqual({ low: NaN, high: NaN });
    expect(pGreaterEqual([0.1, 0.2, 0.3], NaN)).toBeNaN();
    expect(pGreaterEqual(draws, 0.25)).toBeNaN();
    expect(summariseNull(draws).q95).toBeNaN();
    expect(pGreaterEqual([0.1, 0.2, 0.3], 0.25)).toBeCloseTo(2 / 4, 12);
  });
});
