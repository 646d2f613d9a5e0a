import { describe, expect, it } from 'vitest';
import { Rng } from '../../../server/src/core/rng.js';
import { argsort, rankAverageTies } from '../../../server/src/analysis/rank.js';

/** The stable order argsort promises: by value, equal values (-0 with +0) by index, NaN last. */
function stableOrder(x: Float32Array): number[] {
  return Array.from({ length: x.length }, (_, i) => i).sort((a, b) => {
    const va = x[a]!;
    const vb = x[b]!;
    if (va !== va) return vb !== vb ? a - b : 1;
    if (vb !== vb) return -1;
    return va - vb || a - b;
  });
}

describe('argsort of long float32 rows (11-bit radix passes)', () => {
  const rng = new Rng(14);
  const cases: Record<string, (i: number) => number> = {
    gaussian: () => rng.normal(),
    'ReLU with big tie groups': () => Math.max(0, Math.round(rng.normal() * 8) / 8),
    'NaN, -0, +-Infinity, huge and tiny values': (i) => [NaN, -0, 0, Infinity, -Infinity, 1e38, -1e-38, rng.normal()][i % 8]!,
    constant: () => 2.5,
  };
  for (const [name, gen] of Object.entries(cases)) {
    for (const n of [4096, 10007]) {
      it(`${name}, ${n} values: the stable order, and the average-tie ranks that follow from it`, () => {
        const x = Float32Array.from({ length: n }, (_, i) => gen(i));
        expect(Array.from(argsort(x))).toEqual(stableOrder(x));
        const finite = x.map((v) => (v !== v ? 0 : v));
        const r = rankAverageTies(finite);
        const o = stableOrder(finite);
        // ranks rise along the order and tie exactly where values do
        for (let s = 1; s < n; s++) expect(r[o[s]!]! >= r[o[s - 1]!]! && (r[o[s]!] === r[o[s - 1]!]) === (finite[o[s]!] === finite[o[s - 1]!])).toBe(true);
      });
    }
  }
});
