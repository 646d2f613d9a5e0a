import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { labelled, matrix, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { gram, gramBackend, loadGram } from '../../../server/src/analysis/gram.js';
import { similarityStatistics } from '../../../server/src/analysis/similarity.js';
import { buildRankIndex, keptFlags, subsetCentredRanks } from '../../../server/src/analysis/subset-ranks.js';
import { createGram, GRAM_BACKEND } from '../../../server/src/compute/gram-tfjs.js';

/**
 * The injected float32 tfjs Gram product against the float64 JS one, on what the draws feed it: doubled centred
 * ranks of ReLU-like rows (tie groups), kept-unit subsets. Tolerance: 1e-5 of sqrt(G_ii G_jj), i.e. of the
 * correlation scale (float32 partial sums over chunks of 8192 features, summed in float64).
 */
const GRAM_MODULE = new URL('../../../server/src/compute/gram-tfjs.ts', import.meta.url).href;

function reluRows(rng: Rng, base: Float32Array, noise: number): Float32Array {
  return Float32Array.from(base, (v) => Math.max(0, v + noise * rng.normal()));
}

describe('gram-tfjs', () => {
  it('agrees with the JS Gram product on centred rank rows and leaks no tensors', async () => {
    const n = 40;
    const p = 20000;
    const rng = new Rng(5);
    const data = reluRows(rng, Float32Array.from({ length: n * p }, () => rng.normal()), 0.5);
    const index = buildRankIndex(matrix(n, p, data));
    const m = Math.round(0.8 * p);
    const kept = new Uint8Array(p);
    keptFlags(rng.sample(p, m), p, kept);
    const ranks = new Float32Array(n * m + 1);
    subsetCentredRanks(index, kept, m, ranks, new Float32Array(p));
    const fn = await createGram();
    expect(gramBackend(fn)).toBe(GRAM_BACKEND);
    const before = tf.memory().numTensors;
    const got = fn(ranks, n, m);
    expect(tf.memory().numTensors).toBe(before);
    const want = gram(ranks, n, m);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        worst = Math.max(worst, Math.abs(got[i * n + j]! - want[i * n + j]!) / Math.sqrt(want[i * n + i]! * want[j * n + j]!));
        expect(got[i * n + j]).toBe(got[j * n + i]);
      }
    }
    expect(worst).toBeLessThan(1e-5);
    // float64 input (the JS contract allows it) gives the same product
    const got64 = fn(Float64Array.from(ranks), n, m);
    expect(Array.from(got64)).toEqual(Array.from(got));
  });

  it('loadGram without a module is the JS product; with the tfjs module, the statistics agree with JS to 1e-4', async () => {
    expect(await loadGram()).toBe(gram);
    const n = 40;
    const p = 20000;
    const rng = new Rng(9);
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const base = Float32Array.from({ length: n * p }, () => rng.normal());
    const mk = (noise: number): LabelledMatrix => labelled(matrix(n, p, reluRows(rng, base, noise)), ids);
    const patterns = { RE: mk(0.5), AN: mk(2), AI: mk(1) };
    const input = { source: { kind: 'layer', layer: 'x' } as const, patterns };
    const seen: number[] = [];
    const js = await similarityStatistics(input, { draws: 20, seed: 3 });
    const tfr = await similarityStatistics(input, { draws: 20, seed: 3, gramModule: GRAM_MODULE, onProgress: (d, t) => seen.push(d / t) });
    expect(js.gramBackend).toBe('js-f64');
    expect(tfr.gramBackend).toBe(GRAM_BACKEND);
    expect(seen.length).toBe(20);
    expect(seen.at(-1)).toBe(1);
    for (const [k, s] of js.similarities.entries()) {
      const t = tfr.similarities[k]!;
      expect(Math.abs(t.value - s.value)).toBeLessThan(1e-4);
      expect(Math.abs(t.ciLow - s.ciLow)).toBeLessThan(1e-4);
      expect(Math.abs(t.ciHigh - s.ciHigh)).toBeLessThan(1e-4);
    }
    expect(Math.abs(tfr.difference.value - js.difference.value)).toBeLessThan(1e-4);
  });
});
