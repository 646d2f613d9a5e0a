import type { NullSummary } from '../domain/records.js';

/** q-th quantile (0..1) of `x` with NumPy's default linear interpolation (`np.quantile(x, q)`). */
export function quantile(x: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(x).sort();
  return quantileSorted(s, q);
}

export function quantileSorted(s: Float64Array, q: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

/** Whether `x` holds a NaN. */
export function hasNaN(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i]! !== x[i]!) return true;
  return false;
}

/**
 * 95 % percentile interval [2.5 %, 97.5 %] (the paper's error bars, docs/paper-digest.md 5.2). NaN propagates (rank.ts):
 * a distribution with an undefined draw has an undefined interval (a sort would put NaN last and bias it).
 */
export function interval95(x: ArrayLike<number>): { low: number; high: number } {
  if (hasNaN(x)) return { low: NaN, high: NaN };
  const s = Float64Array.from(x).sort();
  return { low: quantileSorted(s, 0.025), high: quantileSorted(s, 0.975) };
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample standard deviation (ddof = 1). */
export function sd(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/**
 * One-sided permutation p-value with the +1 correction: (1 + #{null >= observed}) / (1 + draws). NaN when the
 * observed value or a null value is NaN (a NaN compares false, so it would otherwise give the smallest p).
 */
export function pGreaterEqual(nulls: ArrayLike<number>, observed: number): number {
  if (observed !== observed || hasNaN(nulls)) return NaN;
  let c = 0;
  for (let i = 0; i < nulls.length; i++) if (nulls[i]! >= observed) c++;
  return (1 + c) / (1 + nulls.length);
}

/** Two-sided permutation p on |value|: (1 + #{|null| >= |observed|}) / (1 + draws); NaN as pGreaterEqual. */
export function pAbsGreaterEqual(nulls: ArrayLike<number>, observed: number): number {
  if (observed !== observed || hasNaN(nulls)) return NaN;
  let c = 0;
  const a = Math.abs(observed);
  for (let i = 0; i < nulls.length; i++) if (Math.abs(nulls[i]!) >= a) c++;
  return (1 + c) / (1 + nulls.length);
}

/** Mean, sd and 95th percentile of a null distribution; all NaN when a null value is NaN. */
export function summariseNull(nulls: ArrayLike<number>): NullSummary {
  if (hasNaN(nulls)) return { mean: NaN, sd: NaN, q95: NaN, draws: nulls.length };
  return { mean: mean(nulls), sd: sd(nulls), q95: quantile(nulls, 0.95), draws: nulls.length };
}
