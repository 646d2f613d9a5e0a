import { describe, expect, it } from 'vitest';
import { matrix, selectCols, type Matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import type { GramFn } from '../../../server/src/analysis/gram.js';
import { compareRdms, rdmVector } from '../../../server/src/analysis/rdm.js';
import { drawRng, fullRdms, permuteRdm, prepareProblem, runDraws, type DrawProblem } from '../../../server/src/analysis/similarity-draws.js';
import { rankIndexBytes } from '../../../server/src/analysis/subset-ranks.js';
import { createArena, createGram, threadBytes } from '../../../server/src/analysis/kernels/gram-wasm.js';

/**
 * The similarity draws give the same numbers on every kernel (issue 14: "the numerics tests pass on every kernel"):
 * the JS product and rank pass, the wasm product in its own memory (JS rank pass), and the wasm product and rank
 * pass over an arena holding the rank indexes, as the pipeline runs them. The draws' ranks are integers, so every
 * kernel's Gram products are exact and the draws agree bit for bit; NaN rows propagate on every kernel.
 */
type Kernel = { name: string; setup: (patterns: Matrix[], comparison: string) => Promise<{ problem: DrawProblem; gram?: GramFn }> };

const KERNELS: Kernel[] = [
  { name: 'js', setup: async (x, c) => ({ problem: prepareProblem(x, 'one_minus_spearman', c) }) },
  { name: 'wasm', setup: async (x, c) => ({ problem: prepareProblem(x, 'one_minus_spearman', c), gram: await createGram() }) },
  {
    name: 'wasm over an arena',
    setup: async (x, c) => {
      const { rows, cols } = x[0]!;
      const slice = (threadBytes(rows, cols) + 63) & ~63;
      const arena = createArena(slice + x.length * (rankIndexBytes(rows, cols) + 256));
      let next = slice;
      const problem = prepareProblem(x, 'one_minus_spearman', c, (bytes) => {
        const at = next;
        next = (next + bytes + 63) & ~63;
        return { buffer: arena.buffer, byteOffset: at };
      });
      return { problem, gram: await createGram({ memory: arena.memory, offset: 0, bytes: slice }) };
    },
  },
];

/** Kinds around a shared base: coarse ReLU-like values (big zero tie groups, many small ones), odd unit count. */
function kinds(n: number, p: number, seed: number): Matrix[] {
  const rng = new Rng(seed);
  const base = Float32Array.from({ length: n * p }, () => rng.normal());
  return [0.3, 1, 0.6, 0.6].map((noise) => matrix(n, p, Float32Array.from(base, (v) => Math.max(0, Math.round((v + noise * rng.normal()) * 6) / 6))));
}

const arr = (r: { sims: Float64Array[]; nulls: Float64Array[] }) => [...r.sims, ...r.nulls].map((v) => Array.from(v));

describe('similarity draws on every kernel', () => {
  it('the spearman comparison (each RDM ranked once per draw) equals compareRdms on the draw RDMs bit for bit', () => {
    const x = kinds(10, 37, 2);
    const r = runDraws({ patterns: x, rdmMethod: 'one_minus_pearson', comparison: 'spearman' }, 5, 0.7, 0, 8);
    for (let d = 0; d < 8; d++) {
      const rng = drawRng(5, d);
      const keep = rng.sample(37, Math.round(0.7 * 37));
      const perm = rng.permutation(10);
      const rdms = x.map((m) => rdmVector(selectCols(m, keep), 'one_minus_pearson'));
      for (let k = 0; k < 3; k++) {
        expect(r.sims[k]![d]).toBe(compareRdms(rdms[0]!, rdms[k + 1]!, 'spearman'));
        expect(r.nulls[k]![d]).toBe(compareRdms(permuteRdm(rdms[0]!, 10, perm), rdms[k + 1]!, 'spearman'));
      }
    }
  });

  for (const [n, p] of [[40, 2001], [12, 61]] as const) {
    it(`${n} x ${p}: full RDMs and draws (both comparisons, fraction 0.8 and 1) identical on every kernel`, async () => {
      const x = kinds(n, p, n + p);
      for (const comparison of ['spearman', 'pearson']) {
        let want: { full: number[][]; draws: number[][]; all: number[][] } | undefined;
        for (const k of KERNELS) {
          const { problem, gram } = await k.setup(x, comparison);
          const got = {
            full: fullRdms(problem, gram).map((v) => Array.from(v)),
            draws: arr(runDraws(problem, 11, 0.8, 0, 5, gram ? { gram } : {})),
            all: arr(runDraws(problem, 11, 1, 2, 4, gram ? { gram } : {})),
          };
          if (!want) want = got;
          else expect(got, `${k.name}, ${comparison}`).toEqual(want);
        }
      }
    });
  }

  it('a NaN unit: the draws keeping it are NaN, the others finite, the same on every kernel', async () => {
    const x = kinds(6, 41, 3);
    x[1]!.data[2 * 41 + 5] = NaN;
    let want: number[][] | undefined;
    for (const k of KERNELS) {
      const { problem, gram } = await k.setup(x, 'spearman');
      const got = arr(runDraws(problem, 4, 0.5, 0, 30, gram ? { gram } : {}));
      expect(got[0]!.some(Number.isNaN), k.name).toBe(true);
      expect(got[0]!.some(Number.isFinite), k.name).toBe(true);
      if (!want) want = got;
      else expect(got, k.name).toEqual(want);
    }
  });
});
