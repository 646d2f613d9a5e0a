import { describe, expect, it } from 'vitest';
import { ridgeFit } from '../../../server/src/analysis/encoding/ridge.js';
import { DEFAULT_RIDGE_ALPHAS } from '../../../server/src/analysis/encoding/ridge.js';
import { fixture, fixtureMatrix, maxRelErr } from './fixtures.js';

// make_edge_fixtures.py: ReLU-like activations with an offset and a constant column, n = 40, p = 200, 104 targets;
// the kernel's eigenvalues are ~1e5, so the LOO curve is flat at the grid's small alphas (issue 12, item 19: the
// e / (1 - H_ii) form picked a larger alpha than sklearn in 10 of these 104 targets).
interface RidgeLooFix { alphas: number[]; chosen: number[]; pred: number[] }

describe('ridge leave-one-out alpha choice against sklearn RidgeCV(alpha_per_target=True, fit_intercept=True)', () => {
  const f = fixture<RidgeLooFix>('ridge_loo.json');
  const X = fixtureMatrix('ridge_loo_X.npy');
  const Y = fixtureMatrix('ridge_loo_Y.npy');
  const Xt = fixtureMatrix('ridge_loo_Xtest.npy');
  it('the fixture grid is the default grid', () => {
    expect(maxRelErr(DEFAULT_RIDGE_ALPHAS, f.alphas)).toBeLessThan(1e-12);
  });
  it('chooses the same alpha for every target, and predicts the same', () => {
    const m = ridgeFit(X, Y, f.alphas);
    const differ = f.chosen.flatMap((a, j) => (Math.abs(m.alphas[j]! / a - 1) > 1e-12 ? [`target ${j}: ${m.alphas[j]} vs sklearn ${a}`] : []));
    expect(differ).toEqual([]);
    // the predictions of the small-alpha targets are near-interpolants (ill-conditioned): 1e-6 relative
    expect(maxRelErr(m.predict(Xt).data, f.pred)).toBeLessThan(1e-6);
  });
});
