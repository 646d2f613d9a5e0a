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

/** 95 % percentile interval [2.5 %, 97.5 %] (the paper's error bars, docs/paper-digest.md 5.2). */
export function interval95(x: ArrayLike<number>): { low: number; high: number } {
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

/** One-sided permutation p-value with the +1 correction: (1 + #{null >= observed}) / (1 + draws). */
export function pGreaterEqual(nulls: ArrayLike<number>, observed: number): number {
  let c = 0;
  for (let i = 0; i < nulls.length; i++) if (nulls[i]! >= observed) c++;
  return (1 + c) / (1 + nulls.length);
}

/** Two-sided permutation p on |value|: (1 + #{|null| >= |observed|}) / (1 + draws). */
export function pAbsGreaterEqual(nulls: ArrayLike<number>, observed: number): number {
  let c = 0;
  const a = Math.abs(observed);
  for (let i = 0; i < nulls.length; i++) if (Math.abs(nulls[i]!) >= a) c++;
  return (1 + c) / (1 + nulls.length);
}

export function summariseNull(nulls: ArrayLike<number>): NullSummary {
  return { mean: mean(nulls), sd: sd(nulls), q95: quantile(nulls, 0.95), draws: nulls.length };
}
