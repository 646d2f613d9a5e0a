import { describe, expect, it } from 'vitest';
import { matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { rompFit, type RompModel } from '../../../server/src/analysis/encoding/romp.js';
import { encodingStatistics } from '../../../server/src/analysis/encoding/encoding-stats.js';
import { withKernels } from '../../../server/src/analysis/encoding/families.js';
import { createRompScorer } from '../../../server/src/analysis/kernels/romp-wasm.js';
import { labelled } from '../../../server/src/core/matrix.js';

/**
 * The WebAssembly scoring round (analysis/kernels/romp-wasm.ts) against the JS one: the same fit to the bit
 * (supports in the same order, coefficients, intercepts, predictions), on the cases where the order of equal scores
 * and the threshold filter matter: duplicated features (tied scores), constant and NaN features, targets not a
 * multiple of 4, an odd feature count, more features than one kernel block, and a constant target.
 */
function problem(seed: number, n: number, p: number, t: number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n * p);
  for (let q = 0; q < x.length; q++) x[q] = rng.normal();
  // ties: feature 7 repeats feature 3, feature p-1 repeats feature 0 scaled (the same unit-norm column)
  for (let i = 0; i < n; i++) {
    x[i * p + 7] = x[i * p + 3]!;
    x[i * p + p - 1] = 2.5 * x[i * p]!;
    x[i * p + 11] = 4; // constant: zero norm, score 0
    x[i * p + 13] = i === 5 ? NaN : x[i * p + 13]!; // NaN: never selected
  }
  const y = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < t; j++) {
      y[i * t + j] = j === t - 1 ? 1.5 : x[i * p + 3]! * (j + 1) - 0.7 * x[i * p + ((5 * j) % p)]! + 0.2 * rng.normal();
    }
  }
  return { x: matrix(n, p, x), y: matrix(n, t, y), test: matrix(3, p, x.slice(0, 3 * p)) };
}

function same(a: RompModel, b: RompModel): void {
  expect(b.support.map((s) => Array.from(s))).toEqual(a.support.map((s) => Array.from(s)));
  expect(b.coef.map((c) => Array.from(c))).toEqual(a.coef.map((c) => Array.from(c)));
  expect(Array.from(b.intercept)).toEqual(Array.from(a.intercept));
}

describe('ROMP scoring in WebAssembly', () => {
  it('fits exactly as the JS rounds do, ties, constant and NaN features included', async () => {
    const scorer = await createRompScorer();
    for (const [seed, n, p, t, K] of [[1, 40, 601, 13, 10], [2, 12, 9, 5, 2], [3, 40, 257, 4, 3], [4, 7, 1, 3, 1]] as const) {
      const { x, y, test } = problem(seed, n, p, t);
      const js = rompFit(x, y, K);
      const wasm = rompFit(x, y, K, undefined, scorer);
      same(js, wasm);
      expect(Array.from(wasm.predict(test).data)).toEqual(Array.from(js.predict(test).data));
      // the tie keeps index order: feature 3 is found before its copy 7
      if (p > 13) {
        const s0 = Array.from(js.support[0]!);
        expect(s0).toContain(3);
        if (s0.includes(7)) expect(s0.indexOf(3)).toBeLessThan(s0.indexOf(7));
        expect(js.support.flatMap((s) => Array.from(s))).not.toContain(13);
      }
    }
  });

  it('one scorer serves fits of different shapes in turn (its memory grows and its views follow)', async () => {
    const scorer = await createRompScorer();
    const small = problem(5, 10, 20, 3);
    const big = problem(6, 40, 3000, 9);
    same(rompFit(small.x, small.y, 3), rompFit(small.x, small.y, 3, undefined, scorer));
    same(rompFit(big.x, big.y, 10), rompFit(big.x, big.y, 10, undefined, scorer));
    same(rompFit(small.x, small.y, 3), rompFit(small.x, small.y, 3, undefined, scorer));
  });

  it('encoding statistics with kernelModule equal those without, record for record', async () => {
    const { x, y } = problem(7, 40, 300, 12);
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const f = labelled(x, ids);
    const resp = labelled(y, ids);
    const layer = { layer: 'L', features: { RE: f, AN: f, AI: f } };
    const sources = [{ subject: 'S1', roi: 'V1' as const, responses: { RE: resp, AN: resp, AI: resp } }];
    const opts = { draws: 20, permutations: 20, seed: 3, rompK: 4 };
    const withWasm = await withKernels({ ...opts, kernelModule: new URL('../../../server/src/analysis/kernels/romp-wasm.ts', import.meta.url).href });
    expect(withWasm.rompScorer?.backend).toBe('wasm-simd-f64');
    expect(encodingStatistics(layer, sources, withWasm)).toEqual(encodingStatistics(layer, sources, opts));
  });
});
