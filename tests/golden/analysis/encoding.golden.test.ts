import { describe, expect, it } from 'vitest';
import { matrix } from '../../../server/src/core/matrix.js';
import { ridgeFit } from '../../../server/src/analysis/encoding/ridge.js';
import { rompFit } from '../../../server/src/analysis/encoding/romp.js';
import { fixture, maxRelErr } from './fixtures.js';

interface RidgeFix {
  n: number; p: number; t: number; X: number[]; Y: number[]; Xtest: number[]; alphas: number[];
  fixed: { alpha: number; pred: number[] }[]; cv: { alpha: number[]; pred: number[] };
}
interface RompFix {
  n: number; p: number; X: number[]; Xtest: number[];
  cases: { noise: number; support: number[]; y: number[]; K: number; coef: number[]; intercept: number; chosen: number[]; pred: number[] }[];
}

describe('kernel ridge against scikit-learn', () => {
  const f = fixture<RidgeFix>('ridge.json');
  const X = matrix(f.n, f.p, Float64Array.from(f.X));
  const Y = matrix(f.n, f.t, Float64Array.from(f.Y));
  const Xt = matrix(f.Xtest.length / f.p, f.p, Float64Array.from(f.Xtest));
  it('Ridge(alpha, fit_intercept=True) predictions for fixed alphas', () => {
    for (const c of f.fixed) expect(maxRelErr(ridgeFit(X, Y, [c.alpha]).predict(Xt).data, c.pred)).toBeLessThan(1e-9);
  });
  it('RidgeCV(alpha_per_target=True) efficient leave-one-out: same alphas and predictions', () => {
    const m = ridgeFit(X, Y, f.alphas);
    expect(Array.from(m.alphas)).toEqual(f.cv.alpha);
    expect(maxRelErr(m.predict(Xt).data, f.cv.pred)).toBeLessThan(1e-9);
  });
});

describe('ROMP against a plain NumPy implementation on planted sparse data', () => {
  const f = fixture<RompFix>('romp.json');
  const X = matrix(f.n, f.p, Float64Array.from(f.X));
  const Xt = matrix(f.Xtest.length / f.p, f.p, Float64Array.from(f.Xtest));
  // all cases fitted together: targets advance in lockstep but must not interact
  const Y = matrix(f.n, f.cases.length, Float64Array.from({ length: f.n * f.cases.length }, (_, q) => f.cases[q % f.cases.length]!.y[Math.floor(q / f.cases.length)]!));
  const m = rompFit(X, Y, f.cases[0]!.K);
  f.cases.forEach((c, j) => {
    it(`noise ${c.noise}: same atoms in the same order, coefficients, predictions; planted support recovered`, () => {
      expect(Array.from(m.support[j]!)).toEqual(c.chosen);
      const coef = new Float64Array(f.p);
      m.support[j]!.forEach((s, q) => (coef[s] = m.coef[j]![q]!));
      expect(maxRelErr(coef, c.coef)).toBeLessThan(1e-8);
      expect(m.intercept[j]).toBeCloseTo(c.intercept, 8);
      const pred = m.predict(Xt);
      expect(maxRelErr(Array.from({ length: pred.rows }, (_, r) => pred.data[r * pred.cols + j]!), c.pred)).toBeLessThan(1e-8);
      for (const s of c.support) expect(Array.from(m.support[j]!)).toContain(s);
    });
  });
});
