import { describe, expect, it } from 'vitest';
import { labelled, matrix, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { accuracyScores } from '../../../server/src/analysis/encoding/accuracy.js';
import { countSignificant, encodingStatistics } from '../../../server/src/analysis/encoding/encoding-stats.js';
import type { RoiName } from '../../../server/src/domain/vocabulary.js';

/**
 * The paper's story in miniature: the network sees AN and AI like RE (features = RE + noise), the brain sees AI like
 * RE but AN as noise (measured AN responses unrelated).
 */
function world(seed: number) {
  const rng = new Rng(seed);
  const n = 40, p = 150;
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const lab = (rows: number, cols: number, f: (q: number) => number): LabelledMatrix => labelled(matrix(rows, cols, Float64Array.from({ length: rows * cols }, (_, q) => f(q))), ids);
  const re = lab(n, p, () => rng.normal());
  const features = { RE: re, AN: lab(n, p, (q) => re.data[q]! + 0.3 * rng.normal()), AI: lab(n, p, (q) => re.data[q]! + 0.3 * rng.normal()) };
  const sources = (['V1', 'V2'] as RoiName[]).map((roi) => {
    const V = 20;
    const w = Array.from({ length: V }, () => Array.from({ length: 3 }, () => [rng.int(p), rng.normal()] as const));
    const resp = (x: LabelledMatrix, noise: number) => lab(n, V, (q) => {
      const i = Math.floor(q / V), v = q % V;
      return w[v]!.reduce((s, [j, c]) => s + c * x.data[i * p + j]!, 0) + noise * rng.normal();
    });
    return { subject: 'S1', roi, responses: { RE: resp(re, 0.3), AI: resp(features.AI, 0.3), AN: lab(n, V, () => rng.normal()) } };
  });
  return { layer: { layer: 'L1', features }, sources };
}

describe('encoding statistics', () => {
  it('models trained on RE transfer to AI, not to AN; records, intervals, p-values and the AI > AN test', () => {
    const { layer, sources } = world(4);
    const res = encodingStatistics(layer, sources, { draws: 100, permutations: 100, seed: 1, rompK: 3 });
    expect(res.records).toHaveLength(2 * 2 * 2 * 2); // families x readings x kinds x sources
    for (const r of res.records) {
      expect(r.ciLow).toBeLessThanOrEqual(r.ciHigh);
      if (r.testKind === 'AI') {
        expect(r.r).toBeGreaterThan(0.3);
        expect(r.p).toBeCloseTo(1 / 101, 12);
      } else {
        expect(Math.abs(r.r)).toBeLessThan(0.15);
      }
      expect(r.scores.length).toBe(r.reading === 'ACROSS_IMAGES' ? 20 : 40);
    }
    for (const c of res.comparisons) expect(c.p).toBeLessThan(0.05);
    const counts = countSignificant(res.records);
    expect(counts.get('ROMP/ACROSS_IMAGES/AI')).toEqual({ significant: 2, total: 2 });
  });
  it('a shuffled-label null centres on 0 (ACROSS_IMAGES)', () => {
    const rng = new Rng(9);
    const n = 30, V = 50;
    const pred = Float64Array.from({ length: n * V }, () => rng.normal());
    const meas = pred.map((v) => v + 0.5 * rng.normal());
    const nulls: number[] = [];
    for (let k = 0; k < 300; k++) {
      const s = accuracyScores(pred, meas, n, V, 'ACROSS_IMAGES', rng.permutation(n));
      nulls.push(s.reduce((a, b) => a + b, 0) / V);
    }
    const mean = nulls.reduce((a, b) => a + b, 0) / nulls.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    const obs = accuracyScores(pred, meas, n, V, 'ACROSS_IMAGES').reduce((a, b) => a + b, 0) / V;
    expect(obs).toBeGreaterThan(0.8);
  });
  it('refuses an unknown family with the valid list', () => {
    const { layer, sources } = world(2);
    expect(() => encodingStatistics(layer, sources, { families: ['LASSO' as 'ROMP'], draws: 2, permutations: 2 })).toThrow(/valid: ROMP, RIDGE/);
  });
});

describe('permutedAccuracy', () => {
  it('equals the mean of accuracyScores under the same permutation, both readings', async () => {
    const { permutedAccuracy, nanMean } = await import('../../../server/src/analysis/encoding/accuracy.js');
    const rng = new Rng(12);
    const n = 15, V = 9;
    const pred = Float64Array.from({ length: n * V }, () => rng.normal());
    const meas = pred.map((v) => v + rng.normal());
    for (const reading of ['ACROSS_IMAGES', 'ACROSS_VERTICES'] as const) {
      const f = permutedAccuracy(pred, meas, n, V, reading);
      for (let k = 0; k < 5; k++) {
        const perm = rng.permutation(n);
        expect(f(perm)).toBeCloseTo(nanMean(accuracyScores(pred, meas, n, V, reading, perm)), 12);
      }
    }
  });
});
