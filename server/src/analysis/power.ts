import { DomainError } from '../core/errors.js';
import type { RoiName } from '../domain/vocabulary.js';
import type { PowerRecord } from '../domain/records.js';
import { mean, sd } from './percentile.js';
import { lgamma, normalSf } from './special.js';

/**
 * Post hoc power of the paired t-test of RE-AI vs RE-AN across subjects (docs/paper-digest.md 5.2 and 7.1; G*Power
 * "difference between two dependent means (matched pairs)"), from the exact noncentral t distribution.
 *
 * Sidedness: the paper's numbers are reproduced by the ONE-tailed test. Solving power(dz, N = 3) = 0.911 (V1) for dz
 * and then power(dz, N) = 0.8 for a real-valued N gives N = 2.623 one-tailed (paper: 2.623) but 2.713 two-tailed;
 * likewise V3 3.208 (paper 3.209), V4 3.515 (3.514). So `tails = 1` is the default, and the minimum N is the real
 * root of power(N) = 0.8 with df = N - 1 (G*Power prints that fractional N; the integer N is its ceiling).
 */

/**
 * P(T' > t) for the noncentral t with `df` (> 0, real) degrees of freedom and noncentrality `ncp`:
 * T' = (Z + ncp) / S with S = sqrt(chi2_df / df), so P(T' > t) = E_S[1 - Phi(t S - ncp)]. Integrated over
 * y = ln S with the trapezoid rule (spectrally accurate for this smooth, doubly decaying integrand), normalised
 * by the integral of the density on the same grid.
 */
export function nctSf(t: number, df: number, ncp: number): number {
  if (!(df > 0)) throw new DomainError('BAD_USER_INPUT', `degrees of freedom ${df} must be > 0`);
  const logC = Math.log(2) + (df / 2) * Math.log(df / 2) - lgamma(df / 2);
  // the integrand is analytic in a strip of half-width ~pi/4 around the real axis, so the trapezoid error is
  // ~exp(-5 / h); h = 0.05 (or finer for the narrow peak of large df) is far below double precision
  const yMin = -45 / df - 1;
  const yMax = 0.5 * Math.log(100 / df + 4) + 0.5;
  const h = Math.min(0.05, 0.25 / Math.sqrt(df));
  let num = 0;
  let den = 0;
  for (let y = yMin; y <= yMax; y += h) {
    const s = Math.exp(y);
    const w = Math.exp(logC + df * y - (df * s * s) / 2);
    den += w;
    num += w * normalSf(t * s - ncp);
  }
  return num / den;
}

/** P(T' <= t). */
export function nctCdf(t: number, df: number, ncp: number): number {
  return 1 - nctSf(t, df, ncp);
}

/** Density of the central t with `df` degrees of freedom. */
export function tPdf(t: number, df: number): number {
  return Math.exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Upper quantile of the central t: t with P(T > t) = q (0 < q < 0.5); Newton steps kept inside a bracket. */
export function tUpperQuantile(q: number, df: number): number {
  let lo = 0;
  let hi = 2;
  while (nctSf(hi, df, 0) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return hi;
  }
  let t = 0.5 * (lo + hi);
  for (let it = 0; it < 100; it++) {
    const f = nctSf(t, df, 0) - q;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / tPdf(t, df);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}

export type Tails = 1 | 2;

/**
 * Power of the paired (one-sample) t-test: effect size dz, N pairs (real, > 1), level alpha. One-tailed is
 * directional (H1: mean difference > 0, the paper's RE-AI > RE-AN; statsmodels TTestPower alternative='larger'),
 * so the sign of dz is kept: a negative dz has power below alpha (dz = -0.8, N = 5: 0.0007, not the 0.436 of
 * |dz|). Two-tailed power is symmetric in the sign.
 */
export function pairedTPower(dz: number, n: number, alpha = 0.05, tails: Tails = 1): number {
  if (!(n > 1)) throw new DomainError('BAD_USER_INPUT', `sample size ${n} must be > 1`);
  const df = n - 1;
  const ncp = (tails === 1 ? dz : Math.abs(dz)) * Math.sqrt(n);
  const tc = tUpperQuantile(alpha / tails, df);
  const upper = nctSf(tc, df, ncp);
  return tails === 1 ? upper : upper + (1 - nctSf(-tc, df, ncp));
}

/**
 * Real-valued N (df = N - 1) where the power reaches `target` (bisection; power rises with N). Infinity when no N
 * does: the one-tailed (directional) test with dz <= 0 never has power above alpha.
 */
export function minimumN(dz: number, target = 0.8, alpha = 0.05, tails: Tails = 1): number {
  if (tails === 1 && dz <= 0 && target > alpha) return Infinity;
  let lo = 1.5;
  let hi = 2;
  if (pairedTPower(dz, lo, alpha, tails) >= target) return lo;
  while (pairedTPower(dz, hi, alpha, tails) < target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e7) return Infinity;
  }
  for (let it = 0; it < 60 && hi - lo > 1e-9; it++) {
    const mid = 0.5 * (lo + hi);
    if (pairedTPower(dz, mid, alpha, tails) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Effect size dz = mean / sd (ddof 1) of the per-subject differences (RE-AI minus RE-AN). */
export function effectSizeDz(differences: ArrayLike<number>): number {
  if (differences.length < 2) throw new DomainError('BAD_USER_INPUT', `need at least 2 differences, got ${differences.length}`);
  return mean(differences) / sd(differences);
}

/** The PowerRecord of one ROI from its per-subject differences. */
export function powerRecord(roi: RoiName, differences: readonly number[], alpha = 0.05, tails: Tails = 1, target = 0.8): PowerRecord {
  const dz = effectSizeDz(differences);
  return {
    roi,
    nSubjects: differences.length,
    differences,
    dz,
    power: pairedTPower(dz, differences.length, alpha, tails),
    minN: minimumN(dz, target, alpha, tails),
  };
}
