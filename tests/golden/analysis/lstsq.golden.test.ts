import { describe, expect, it } from 'vitest';
import { leastSquares, svdLeastSquares } from '../../../server/src/analysis/encoding/linalg.js';
import { fixture, maxRelErr } from './fixtures.js';

// make_edge_fixtures.py: numpy.linalg.lstsq(A, y, rcond=None), the minimum-norm least-squares solution (issue 12,
// item 20: ROMP supports can hold identical or proportional columns).
interface LstsqCase { name: string; m: number; k: number; A: number[]; y: number[]; x: number[]; rank: number; residual: number }

function residual(A: Float64Array, m: number, k: number, x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let f = 0;
    for (let c = 0; c < k; c++) f += A[i * k + c]! * x[c]!;
    s += (f - y[i]!) ** 2;
  }
  return Math.sqrt(s);
}

describe('minimum-norm least squares against numpy.linalg.lstsq', () => {
  for (const c of fixture<LstsqCase[]>('lstsq.json')) {
    it(`${c.name} (${c.m} x ${c.k}, rank ${c.rank})`, () => {
      const A = Float64Array.from(c.A);
      const y = Float64Array.from(c.y);
      for (const solve of [leastSquares, svdLeastSquares]) {
        const x = solve(A, c.m, c.k, y);
        expect(maxRelErr(x, c.x)).toBeLessThan(1e-9);
        expect(residual(A, c.m, c.k, x, y)).toBeCloseTo(c.residual, 9);
      }
    });
  }
  it("the issue's example: [0.4, 0.4, 0.6], residual 1.8974", () => {
    const x = leastSquares(Float64Array.from([1, 1, 1, 2, 2, 1, 3, 3, 1, 4, 4, 1, 5, 5, 1]), 5, 3, Float64Array.from([1, 3, 2, 5, 4]));
    expect(Array.from(x, (v) => Math.round(v * 1e12) / 1e12)).toEqual([0.4, 0.4, 0.6]);
  });
});

interface RompDuplicate { n: number; p: number; K: number; X: number[]; y: number[]; chosen: number[]; coef: number[]; intercept: number; supportRank: number; residual: number }

describe('ROMP on a rank-deficient support (two units active on one image) against NumPy ROMP with lstsq', () => {
  it('same atoms, the minimum-norm coefficients and the least-squares residual', async () => {
    const { matrix } = await import('../../../server/src/core/matrix.js');
    const { rompFit } = await import('../../../server/src/analysis/encoding/romp.js');
    const f = fixture<RompDuplicate>('romp_duplicate.json');
    expect(f.supportRank).toBeLessThan(f.chosen.length + 1); // the chosen columns and the intercept are dependent
    const m = rompFit(matrix(f.n, f.p, Float64Array.from(f.X)), matrix(f.n, 1, Float64Array.from(f.y)), f.K);
    expect(Array.from(m.support[0]!)).toEqual(f.chosen);
    const coef = new Float64Array(f.p);
    m.support[0]!.forEach((s, q) => (coef[s] = m.coef[0]![q]!));
    expect(maxRelErr(coef, f.coef)).toBeLessThan(1e-8);
    expect(m.intercept[0]).toBeCloseTo(f.intercept, 8);
    const pred = m.predict(matrix(f.n, f.p, Float64Array.from(f.X))).data;
    expect(Math.hypot(...Array.from(pred, (v, i) => v - f.y[i]!))).toBeCloseTo(f.residual, 9);
  });
});
