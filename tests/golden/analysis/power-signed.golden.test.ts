import { describe, expect, it } from 'vitest';
import { minimumN, pairedTPower, powerRecord } from '../../../server/src/analysis/power.js';
import { fixture } from './fixtures.js';

// make_edge_fixtures.py: statsmodels TTestPower().power(effect_size=dz, nobs, alpha=0.05, alternative=...) with
// negative effects (issue 12, item 21: the one-tailed test is directional, RE-AI > RE-AN).
interface SignedCase { dz: number; n: number; larger: number; twoSided: number }

describe('paired t power keeps the sign of dz for the one-tailed test (statsmodels TTestPower)', () => {
  const cases = fixture<SignedCase[]>('power_signed.json');
  it("one-tailed equals alternative='larger', two-tailed equals 'two-sided', for negative, zero and positive dz", () => {
    for (const c of cases) {
      expect(pairedTPower(c.dz, c.n, 0.05, 1), `dz ${c.dz}, N ${c.n}, one-tailed`).toBeCloseTo(c.larger, 8);
      expect(pairedTPower(c.dz, c.n, 0.05, 2), `dz ${c.dz}, N ${c.n}, two-tailed`).toBeCloseTo(c.twoSided, 8);
    }
  });
  it("the issue's ROI: dz = -0.8, N = 5 has one-tailed power 0.0007, not 0.436", () => {
    const c = cases.find((x) => x.dz === -0.8 && x.n === 5)!;
    expect(pairedTPower(-0.8, 5)).toBeCloseTo(c.larger, 10);
    expect(pairedTPower(-0.8, 5)).toBeLessThan(0.001);
  });
  it('no N gives the directional test 80 % power when dz <= 0; the two-tailed one still has a finite N', () => {
    expect(minimumN(-0.8)).toBe(Infinity);
    expect(minimumN(0)).toBe(Infinity);
    expect(minimumN(-0.8, 0.8, 0.05, 2)).toBeCloseTo(minimumN(0.8, 0.8, 0.05, 2), 9);
    const r = powerRecord('V4', [-0.1, -0.3, 0.05, -0.2]);
    expect(r.dz).toBeLessThan(0);
    expect(r.power).toBeLessThan(0.05);
    expect(r.minN).toBe(Infinity);
  });
});
