import { describe, expect, it } from 'vitest';
import { labelled, matrix, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { gram, gramBackend } from '../../../server/src/analysis/gram.js';
import { GRAM_MODULE_MIN_WORK, similarityStatistics } from '../../../server/src/analysis/similarity.js';
import { fullRdms, prepareProblem, runDraws } from '../../../server/src/analysis/similarity-draws.js';
import { buildRankIndex, keptFlags, rankIndexBytes, subsetCentredRanks } from '../../../server/src/analysis/subset-ranks.js';
import { createArena, createGram, GRAM_BACKEND, threadBytes } from '../../../server/src/analysis/kernels/gram-wasm.js';

/**
 * The WebAssembly SIMD Gram product against the float64 JS one. On the draws' doubled centred ranks (integers)
 * every partial sum is exact in float64, so the two must agree bit for bit, and so must every statistic built on
 * them; on arbitrary floats only to rounding.
 */
const GRAM_MODULE = new URL('../../../server/src/analysis/kernels/gram-wasm.ts', import.meta.url).href;

/** ReLU-like rows with coarse steps: big zero tie groups and many small ones. */
function reluRows(rng: Rng, base: Float32Array, noise: number): Float32Array {
  return Float32Array.from(base, (v) => Math.max(0, Math.round((v + noise * rng.normal()) * 8) / 8));
}

describe('gram-wasm', () => {
  it('equals the JS product bit for bit on centred rank rows, in place and copied, odd shapes included', async () => {
    const fn = await createGram();
    expect(gramBackend(fn)).toBe(GRAM_BACKEND);
    for (const [n, p] of [[40, 5001], [7, 4099], [13, 30], [2, 3]] as const) {
      const rng = new Rng(n * p);
      const index = buildRankIndex(matrix(n, p, reluRows(rng, Float32Array.from({ length: n * p }, () => rng.normal()), 0.5)));
      const m = Math.max(2, Math.round(0.8 * p));
      const kept = new Uint8Array(p);
      keptFlags(rng.sample(p, m), p, kept);
      const compact = new Float32Array(n * m + 1);
      subsetCentredRanks(index, kept, m, compact, new Float32Array(p));
      const want = gram(compact, n, m);
      expect(Array.from(fn(compact, n, m))).toEqual(Array.from(want));
      const buf = fn.input!(n, m);
      buf.data.fill(7); // the rank pass must leave zeros in the row padding itself
      subsetCentredRanks(index, kept, m, buf.data, new Float32Array(p), buf.stride);
      expect(Array.from(fn(buf.data, n, m))).toEqual(Array.from(want));
    }
  });

  it('over an arena, the kernel rank pass gives the JS rank rows (ties, odd unit counts)', async () => {
    // ReLU-like rows (one big zero group), and quantised rows: tie groups of every size, at both ends of the sorted
    // order, in rows of 64 and 65 units (the kernel's unrolled loops and their remainders)
    const cases = [[40, 3001, 'relu'], [5, 17, 'relu'], [3, 128, 'relu'], [7, 64, 'quantised'], [4, 65, 'quantised'], [6, 1000, 'quantised'], [2, 2, 'quantised']] as const;
    for (const [n, p, values] of cases) {
      const rng = new Rng(p);
      const raw = Float32Array.from({ length: n * p }, () => rng.normal());
      const x = matrix(n, p, values === 'relu' ? reluRows(rng, raw, 0.3) : raw.map((v, t) => Math.round(v * (1 + (t % 7)))));
      x.data.fill(0, 0, p); // one row a single tie group
      if (n > 2) x.data.fill(5, 2 * p + (p >> 1), 3 * p); // a tie group at the top of the order
      const slice = threadBytes(n, p);
      const arena = createArena(slice + rankIndexBytes(n, p) + 256);
      let next = slice;
      const index = buildRankIndex(x, (bytes) => {
        const at = next;
        next = (next + bytes + 63) & ~63;
        return { buffer: arena.buffer, byteOffset: at };
      });
      expect(index.order.buffer).toBe(arena.buffer);
      const fn = await createGram({ memory: arena.memory, offset: 0, bytes: slice });
      for (const m of [p, Math.round(0.8 * p), Math.round(0.8 * p) - 1]) {
        const kept = new Uint8Array(p);
        keptFlags(rng.sample(p, m), p, kept);
        const want = new Float32Array(n * m + 1);
        subsetCentredRanks(buildRankIndex(x), kept, m, want, new Float32Array(p));
        const out = fn.input!(n, m);
        fn.ranks!(index, kept, m, out);
        for (let i = 0; i < n; i++) {
          expect(Array.from(out.data.subarray(i * out.stride, i * out.stride + m))).toEqual(Array.from(want.subarray(i * m, (i + 1) * m)));
          for (let t = i * out.stride + m; t < (i + 1) * out.stride; t++) expect(out.data[t]).toBe(0);
        }
        expect(Array.from(fn(out.data, n, m))).toEqual(Array.from(gram(want, n, m)));
      }
    }
  });

  it('agrees with the JS product to rounding on arbitrary float32 rows; float64 rows get the JS product', async () => {
    const fn = await createGram();
    const rng = new Rng(3);
    const n = 9;
    const p = 1001;
    const x = Float32Array.from({ length: n * p }, () => rng.normal());
    const x64 = Float64Array.from({ length: n * p }, () => rng.normal());
    expect(Array.from(fn(x64, n, p))).toEqual(Array.from(gram(x64, n, p)));
    const got = fn(x, n, p);
    const want = gram(x, n, p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(Math.abs(got[i * n + j]! - want[i * n + j]!)).toBeLessThan(1e-12 * Math.sqrt(want[i * n + i]! * want[j * n + j]!));
        expect(got[i * n + j]).toBe(got[j * n + i]);
      }
    }
  });

  it('draws and statistics with the wasm product are identical to the JS ones', async () => {
    const n = 40;
    const p = 9001;
    const rng = new Rng(9);
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const base = Float32Array.from({ length: n * p }, () => rng.normal());
    const mk = (noise: number): LabelledMatrix => labelled(matrix(n, p, reluRows(rng, base, noise)), ids);
    const patterns = { RE: mk(0.5), AN: mk(2), AI: mk(1) };
    const fn = await createGram();
    const problem = prepareProblem([patterns.RE, patterns.AN, patterns.AI], 'one_minus_spearman', 'spearman');
    expect(fullRdms(problem, fn).map((v) => Array.from(v))).toEqual(fullRdms(problem).map((v) => Array.from(v)));
    const a = runDraws(problem, 4, 0.8, 0, 6);
    const b = runDraws(problem, 4, 0.8, 0, 6, { gram: fn });
    expect(b.sims.map((v) => Array.from(v))).toEqual(a.sims.map((v) => Array.from(v)));
    expect(b.nulls.map((v) => Array.from(v))).toEqual(a.nulls.map((v) => Array.from(v)));
    const input = { source: { kind: 'layer', layer: 'x' } as const, patterns };
    // 30 draws of 9001 units reach GRAM_MODULE_MIN_WORK: the module runs; 10 draws do not: the JS product, same values
    const js = await similarityStatistics(input, { draws: 30, seed: 3 });
    const wa = await similarityStatistics(input, { draws: 30, seed: 3, gramModule: GRAM_MODULE });
    expect(9001 * 30).toBeGreaterThanOrEqual(GRAM_MODULE_MIN_WORK);
    expect(js.gramBackend).toBe('js-f64');
    expect(wa.gramBackend).toBe(GRAM_BACKEND);
    expect(wa.similarities).toEqual(js.similarities);
    expect(wa.difference).toEqual(js.difference);
    const few = await similarityStatistics(input, { draws: 10, seed: 3, gramModule: GRAM_MODULE });
    expect(few.gramBackend).toBe('js-f64');
    expect(few.similarities).toEqual((await similarityStatistics(input, { draws: 10, seed: 3 })).similarities);
  });
});
