import { describe, expect, it } from 'vitest';
import { labelled, matrix, selectCols, selectRows, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { compareLabelled, makeRdm } from '../../../server/src/analysis/labelled-rdm.js';
import { compareRdms, COMPARISON_METHOD_NAMES, RDM_METHOD_NAMES, rdmVector } from '../../../server/src/analysis/rdm.js';
import { similarityStatistics } from '../../../server/src/analysis/similarity.js';
import { drawRng, fullRdms, prepareProblem, runDraws } from '../../../server/src/analysis/similarity-draws.js';
import { sampleFlags } from '../../../server/src/analysis/subset-ranks.js';

const source = { kind: 'layer', layer: 'conv1' } as const;

/** `[n x p]` with tied zeros (ReLU-like) built around a shared `base` plus noise of size `noise`. */
function relu(rng: Rng, base: Float64Array, n: number, p: number, noise: number): Float64Array {
  return Float64Array.from(base, (v) => Math.max(0, Math.round((v + noise * rng.normal()) * 4) / 4));
}

function problem(n = 12, p = 60, seed = 1) {
  const rng = new Rng(seed);
  const base = Float64Array.from({ length: n * p }, () => rng.normal());
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const mk = (noise: number): LabelledMatrix => labelled(matrix(n, p, relu(rng, base, n, p, noise)), ids);
  const unrelated = labelled(matrix(n, p, Float64Array.from({ length: n * p }, () => Math.max(0, rng.normal()))), ids);
  return { ids, RE: mk(0.3), AI: mk(0.5), AN: unrelated };
}

describe('subsampling draws', () => {
  it('ranks from one global sort equal re-ranking the kept units (ties included)', () => {
    const { RE, AN, AI } = problem();
    const fast = runDraws(prepareProblem([RE, AN, AI], 'one_minus_spearman', 'spearman'), 7, 0.8, 0, 5);
    for (let d = 0; d < 5; d++) {
      const rng = drawRng(7, d);
      const keep = rng.sample(RE.cols, Math.round(0.8 * RE.cols));
      const [re, an, ai] = [RE, AN, AI].map((m) => rdmVector(selectCols(m, keep), 'one_minus_spearman'));
      expect(fast.sims[0]![d]).toBeCloseTo(compareRdms(re!, an!, 'spearman'), 12);
      expect(fast.sims[1]![d]).toBeCloseTo(compareRdms(re!, ai!, 'spearman'), 12);
    }
  });
  it('kept flags straight from the stream are the set of rng.sample and leave the stream where it does', () => {
    for (const [n, k] of [[1000, 800], [7, 7], [5, 0]] as const) {
      const a = new Rng(n + k);
      const b = new Rng(n + k);
      const kept = new Uint8Array(n);
      sampleFlags(a, n, k, kept, new Int32Array(n));
      const want = new Uint8Array(n);
      for (const u of b.sample(n, k)) want[u] = 1;
      expect(Array.from(kept)).toEqual(Array.from(want));
      expect(a.nextUint32()).toBe(b.nextUint32());
    }
    expect(() => sampleFlags(new Rng(1), 3, 4, new Uint8Array(3), new Int32Array(3))).toThrow(/cannot draw 4 of 3/);
  });
  it('full-unit RDMs from the shared rank index equal rdmVector', () => {
    const { RE, AN } = problem();
    const full = fullRdms(prepareProblem([RE, AN], 'one_minus_spearman', 'spearman'));
    const want = rdmVector(AN, 'one_minus_spearman');
    full[1]!.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });
  it('draws are the same however they are split (per-draw streams)', () => {
    const { RE, AN, AI } = problem();
    const pr = prepareProblem([RE, AN, AI], 'one_minus_spearman', 'spearman');
    const all = runDraws(pr, 3, 0.8, 0, 6);
    const tail = runDraws(pr, 3, 0.8, 4, 6);
    expect(Array.from(tail.sims[1]!)).toEqual(Array.from(all.sims[1]!.subarray(4)));
    expect(Array.from(tail.nulls[0]!)).toEqual(Array.from(all.nulls[0]!.subarray(4)));
  });
});

describe('similarityStatistics', () => {
  it('records: RE-AI above chance and above RE-AN; p formula; the null centres on 0', async () => {
    const { RE, AN, AI } = problem(14, 80, 5);
    const draws = 200;
    const r = await similarityStatistics({ source, patterns: { RE, AN, AI } }, { draws, seed: 11 });
    const [an, ai] = r.similarities;
    expect(an!.pair).toBe('RE_AN');
    expect(ai!.pair).toBe('RE_AI');
    expect(ai!.value).toBeGreaterThan(0.3);
    expect(ai!.ciLow).toBeLessThanOrEqual(ai!.value + 0.05);
    expect(ai!.ciHigh).toBeGreaterThan(ai!.ciLow);
    expect(ai!.p).toBeCloseTo(1 / (1 + draws), 12); // no permuted RDM comes near a real relation
    const nulls = r.distributions[1]!.nulls;
    expect(ai!.p).toBe((1 + nulls.filter((v) => v >= ai!.value).length) / (1 + draws));
    expect(Math.abs(ai!.null.mean)).toBeLessThan(3 * ai!.null.sd / Math.sqrt(draws) + 0.02);
    expect(Math.abs(an!.null.mean)).toBeLessThan(3 * an!.null.sd / Math.sqrt(draws) + 0.02);
    expect(r.difference.value).toBeCloseTo(ai!.value - an!.value, 12);
    expect(r.difference.p).toBeCloseTo(1 / (1 + draws), 12);
  });
  it('aligns kinds by id: shuffled AN/AI rows give the same result', async () => {
    const { ids, RE, AN, AI } = problem(10, 40, 9);
    const perm = Array.from(new Rng(2).permutation(ids.length));
    const shuffle = (m: LabelledMatrix) => labelled(selectRows(m, perm), perm.map((i) => ids[i]!));
    const a = await similarityStatistics({ source, patterns: { RE, AN, AI } }, { draws: 20, seed: 1 });
    const b = await similarityStatistics({ source, patterns: { RE, AN: shuffle(AN), AI: shuffle(AI) } }, { draws: 20, seed: 1 });
    expect(b.similarities[1]!.value).toBeCloseTo(a.similarities[1]!.value, 12);
    expect(b.similarities[1]!.ciLow).toBeCloseTo(a.similarities[1]!.ciLow, 12);
  });
  it('refuses mismatched stimulus ids and unknown methods', async () => {
    const { RE, AN, AI } = problem(8, 20);
    const other = labelled(AN, AN.rowIds.map((id, i) => (i === 0 ? 'zzz' : id)));
    await expect(similarityStatistics({ source, patterns: { RE, AN: other, AI } }, { draws: 2 })).rejects.toThrow(/is missing/);
    await expect(similarityStatistics({ source, patterns: { RE, AN, AI } }, { draws: 2, rdmMethod: 'manhattan' })).rejects.toThrow(/valid: one_minus_spearman/);
  });
});

describe('RDM properties', () => {
  const { ids, RE, AI } = problem(9, 30, 4);
  it('identical RDMs compare to 1 under every comparison', () => {
    for (const m of RDM_METHOD_NAMES) {
      const v = rdmVector(RE, m);
      for (const c of COMPARISON_METHOD_NAMES) expect(compareRdms(v, v, c)).toBeCloseTo(1, 12);
    }
  });
  it('permuting stimuli consistently changes nothing', () => {
    const perm = Array.from(new Rng(8).permutation(ids.length));
    const pIds = perm.map((i) => ids[i]!);
    for (const m of RDM_METHOD_NAMES) {
      const a = compareLabelled(makeRdm(RE, source, 'RE', m), makeRdm(AI, source, 'AI', m));
      const b = compareLabelled(
        makeRdm(labelled(selectRows(RE, perm), pIds), source, 'RE', m),
        makeRdm(labelled(selectRows(AI, perm), pIds), source, 'AI', m),
      );
      expect(b).toBeCloseTo(a, 12);
    }
  });
  it('labelled comparisons refuse different stimulus sets and methods', () => {
    const other = labelled(AI, AI.rowIds.map((id, i) => (i === 3 ? 'x' : id)));
    expect(() => compareLabelled(makeRdm(RE, source, 'RE'), makeRdm(other, source, 'AI'))).toThrow(/ID|id 'x'|missing/);
    expect(() => compareLabelled(makeRdm(RE, source, 'RE'), makeRdm(AI, source, 'AI', 'cosine'))).toThrow(/different methods/);
  });
});

describe('trends over layers', () => {
  it('Mann-Kendall per pair in layer order, output layer left to the caller', async () => {
    const { trendsOverLayers } = await import('../../../server/src/analysis/layer-trends.js');
    const mk = (layer: string, pair: 'RE_AN' | 'RE_AI', value: number) => ({
      source: { kind: 'layer', layer } as const, pair, rdmMethod: 'one_minus_spearman', comparison: 'spearman', value,
      ciLow: value, ciHigh: value, p: 1, null: { mean: 0, sd: 0, q95: 0, draws: 0 },
    });
    const layers = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8'];
    const an = [-0.005, 0.02, 0.22, 0.21, 0.315, 0.475, 0.525, 0.79]; // the paper's Fig. 5
    const recs = [...layers.map((l, i) => mk(l, 'RE_AN', an[i]!)), ...layers.map((l, i) => mk(l, 'RE_AI', 0.5 - i * 0.01))];
    const [tAn, tAi] = trendsOverLayers(recs, layers);
    expect(tAn!.direction).toBe('increasing');
    expect(tAn!.s).toBe(26);
    expect(tAi!.direction).toBe('decreasing');
    expect(tAi!.tau).toBe(-1);
  });
});
