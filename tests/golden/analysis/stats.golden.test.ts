import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../server/src/analysis/mann-kendall.js';
import { minimumN, nctSf, pairedTPower, powerRecord } from '../../../server/src/analysis/power.js';
import { fixture } from './fixtures.js';

interface MkCase { x: number[]; s: number; var: number; z: number; p: number; tau: number }
interface PowerFix {
  nct: { t: number; df: number; ncp: number; sf: number }[];
  power: { dz: number; n: number; tails: 1 | 2; power: number; minN: number }[];
  paper: { roi: string; power: number; paperMinN: number; dz: number; minN: number }[];
  fromDifferences: { differences: number[]; dz: number; power: number; minN: number };
}

describe('Mann-Kendall against a NumPy re-implementation of pymannkendall.original_test', () => {
  fixture<MkCase[]>('mann_kendall.json').forEach((c, k) => {
    it(`case ${k} (n = ${c.x.length})`, () => {
      const r = mannKendall(c.x);
      expect(r.s).toBe(c.s);
      expect(r.varS).toBeCloseTo(c.var, 9);
      expect(r.z).toBeCloseTo(c.z, 12);
      expect(r.p).toBeCloseTo(c.p, 12);
      expect(r.tau).toBeCloseTo(c.tau, 12);
    });
  });
});

describe('power against scipy.stats.nct', () => {
  const f = fixture<PowerFix>('power.json');
  it('noncentral t upper tail', () => {
    for (const c of f.nct) expect(nctSf(c.t, c.df, c.ncp)).toBeCloseTo(c.sf, 9);
  });
  it('paired t power and real-valued minimum N, one and two tails', () => {
    for (const c of f.power) {
      expect(pairedTPower(c.dz, c.n, 0.05, c.tails)).toBeCloseTo(c.power, 8);
      expect(minimumN(c.dz, 0.8, 0.05, c.tails)).toBeCloseTo(c.minN, 6);
    }
  });
  it("reproduces the paper's minimum N from its powers (one-tailed): V1 2.623, V3 3.209, V4 3.514", () => {
    for (const c of f.paper) {
      expect(pairedTPower(c.dz, 3)).toBeCloseTo(c.power, 8);
      expect(minimumN(c.dz)).toBeCloseTo(c.minN, 6);
      expect(Math.abs(minimumN(c.dz) - c.paperMinN)).toBeLessThan(0.006); // the paper rounds power to 3 digits
    }
  });
  it('a PowerRecord from per-subject differences', () => {
    const r = powerRecord('V1', f.fromDifferences.differences);
    expect(r.dz).toBeCloseTo(f.fromDifferences.dz, 12);
    expect(r.power).toBeCloseTo(f.fromDifferences.power, 8);
    expect(r.minN).toBeCloseTo(f.fromDifferences.minN, 6);
    expect(r.nSubjects).toBe(3);
  });
});
