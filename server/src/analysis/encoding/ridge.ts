import { DomainError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { gram } from '../gram.js';
import { symmetricEigen } from './linalg.js';

/**
 * Kernel ridge regression with an unpenalised intercept, per-target regularisation chosen by efficient
 * leave-one-out on the training set (sklearn RidgeCV(alpha_per_target=True) "gcv" mode; himalaya's
 * solve_kernel_ridge_eigenvalues). Units >> images, so everything lives in the [n x n] kernel:
 *   Xc = X - mean_rows(X), K = Xc Xc^T = U diag(s) U^T,
 *   dual coefficients A = U diag(1/(s + alpha)) U^T (Y - mean(Y)),
 *   prediction f(x) = (x - mean) Xc^T A + mean(Y),
 *   hat matrix H = U diag(s/(s + alpha)) U^T + 11^T/n, LOO residual e_i / (1 - H_ii); the alpha with the least mean
 *   squared LOO residual wins (first on ties, like sklearn).
 */
export interface RidgeModel {
  /** Chosen alpha per target `[t]`. */
  readonly alphas: Float64Array;
  /** Predictions for test patterns `[m x p]` -> `[m x t]`. */
  predict(xTest: Matrix): Matrix<Float64Array>;
}

/** Default grid: 10^-2 .. 10^8, 21 values (features are unnormalised activations; the scale of K varies by layer). */
export const DEFAULT_RIDGE_ALPHAS: readonly number[] = Array.from({ length: 21 }, (_, i) => 10 ** (-2 + i * 0.5));

/**
 * Fits `x [n x p]` -> `y [n x t]`. `alphas`: one value (fixed, like sklearn Ridge) or a grid (LOO choice per target).
 */
export function ridgeFit(x: Matrix, y: Matrix, alphas: readonly number[] = DEFAULT_RIDGE_ALPHAS): RidgeModel {
  const { rows: n, cols: p } = x;
  const t = y.cols;
  if (y.rows !== n) throw new DomainError('SHAPE_MISMATCH', `ridge: ${n} patterns but ${y.rows} responses`);
  if (alphas.length === 0 || alphas.some((a) => !(a > 0))) throw new DomainError('BAD_USER_INPUT', `ridge alphas must be > 0, got [${alphas.join(', ')}]`);
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) mean[k] += x.data[i * p + k]!;
  for (let k = 0; k < p; k++) mean[k] = mean[k]! / n;
  const xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) xc[i * p + k] = x.data[i * p + k]! - mean[k]!;
  const { values: s, vectors: U } = symmetricEigen(gram(xc, n, p), n);

  const ym = new Float64Array(t);
  const yc = new Float64Array(n * t);
  for (let j = 0; j < t; j++) {
    for (let i = 0; i < n; i++) ym[j] += y.data[i * t + j]!;
    ym[j] = ym[j]! / n;
    for (let i = 0; i < n; i++) yc[i * t + j] = y.data[i * t + j]! - ym[j]!;
  }
  // Q = U^T Yc  [n x t]
  const Q = new Float64Array(n * t);
  for (let a = 0; a < n; a++) for (let i = 0; i < n; i++) {
    const u = U[i * n + a]!;
    if (u === 0) continue;
    for (let j = 0; j < t; j++) Q[a * t + j] += u * yc[i * t + j]!;
  }
  const chosen = new Float64Array(t);
  const best = new Float64Array(t).fill(Infinity);
  const dual = new Float64Array(n * t);
  for (const alpha of alphas) {
    // hat diagonal and fitted values for this alpha
    const hdiag = new Float64Array(n).fill(1 / n);
    const shrink = Float64Array.from(s, (v) => Math.max(v, 0) / (Math.max(v, 0) + alpha));
    for (let i = 0; i < n; i++) for (let a = 0; a < n; a++) hdiag[i] += U[i * n + a]! ** 2 * shrink[a]!;
    for (let j = 0; j < t; j++) {
      let mse = 0;
      for (let i = 0; i < n; i++) {
        let fit = 0;
        for (let a = 0; a < n; a++) fit += U[i * n + a]! * shrink[a]! * Q[a * t + j]!;
        const e = (yc[i * t + j]! - fit) / (1 - hdiag[i]!);
        mse += e * e;
      }
      if (mse < best[j]! * (1 - 1e-12) || alphas.length === 1) {
        best[j] = mse;
        chosen[j] = alpha;
        for (let i = 0; i < n; i++) {
          let d = 0;
          for (let a = 0; a < n; a++) d += (U[i * n + a]! * Q[a * t + j]!) / (Math.max(s[a]!, 0) + alpha);
          dual[i * t + j] = d;
        }
      }
    }
  }
  return {
    alphas: chosen,
    predict(xTest: Matrix): Matrix<Float64Array> {
      if (xTest.cols !== p) throw new DomainError('SHAPE_MISMATCH', `ridge: test patterns have ${xTest.cols} features, model has ${p}`);
      const m = xTest.rows;
      // Kt[r, i] = (x_r - mean) . xc_i
      const out = new Float64Array(m * t);
      const row = new Float64Array(p);
      for (let r = 0; r < m; r++) {
        for (let k = 0; k < p; k++) row[k] = xTest.data[r * p + k]! - mean[k]!;
        for (let i = 0; i < n; i++) {
          let kv = 0;
          const b = i * p;
          for (let k = 0; k < p; k++) kv += row[k]! * xc[b + k]!;
          for (let j = 0; j < t; j++) out[r * t + j] += kv * dual[i * t + j]!;
        }
        for (let j = 0; j < t; j++) out[r * t + j] += ym[j]!;
      }
      return { rows: m, cols: t, data: out };
    },
  };
}
