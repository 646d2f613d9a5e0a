import { DomainError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { gram } from '../gram.js';
import { symmetricEigen } from './linalg.js';

/**
 * Kernel ridge regression with an unpenalised intercept, per-target regularisation chosen by efficient
 * leave-one-out on the training set (sklearn RidgeCV(alpha_per_target=True) "gcv" mode, its eigen/gram path;
 * himalaya's solve_kernel_ridge_eigenvalues). Units >> images, so everything lives in the [n x n] kernel:
 *   Xc = X - mean_rows(X), G0 = Xc Xc^T + 11^T = U diag(s) U^T (the 11^T term, as in sklearn, gives the intercept
 *   direction 1/sqrt(n) its own eigenvalue n, apart from any null space of Xc);
 *   w_a = 1 / (s_a + alpha), except w = 0 on the eigenvector closest to 1 (the intercept is not penalised);
 *   dual coefficients C = U diag(w) U^T Yc, prediction f(x) = (x - mean) Xc^T C + mean(Y);
 *   LOO residual = C_ij / (U diag(w) U^T)_ii, the c / diag(G^-1) form; the alpha with the least mean squared LOO
 *   residual wins (first on ties, like sklearn).
 * Why not e_i / (1 - H_ii): at small alpha 1 - H_ii ~ alpha / s is the difference of two numbers near 1, and the
 * centred kernel's zero eigenvalue comes out ~1e-13 instead of 0 (counting the intercept direction twice in H), so
 * the near-tied LOO errors of the smallest alphas were compared at a few digits and the choice drifted to a larger
 * alpha than sklearn's (issue 12, item 19). The c / diag form has no cancellation.
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
  const g0 = gram(xc, n, p);
  for (let i = 0; i < n * n; i++) g0[i] = g0[i]! + 1;
  const { values: s, vectors: U } = symmetricEigen(g0, n);
  // the intercept direction: the eigenvector with the smallest angle to 1 (sklearn _find_smallest_angle)
  let interceptDim = 0;
  let bestDot = -1;
  for (let a = 0; a < n; a++) {
    let d = 0;
    for (let i = 0; i < n; i++) d += U[i * n + a]!;
    if (Math.abs(d) > bestDot) {
      bestDot = Math.abs(d);
      interceptDim = a;
    }
  }
  // rank-revealing cut: eigenvalues below n * eps * max are rounding noise of a zero (Xc has rank <= n - 1)
  const sMax = Math.max(...Array.from(s, Math.abs));
  const eig = Float64Array.from(s, (v) => (v > n * Number.EPSILON * sMax ? v : 0));

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
  const c = new Float64Array(n);
  for (const alpha of alphas) {
    const w = Float64Array.from(eig, (v, a) => (a === interceptDim ? 0 : 1 / (v + alpha)));
    // diag(G^-1) = (U o U) w
    const ginvDiag = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let a = 0; a < n; a++) ginvDiag[i] += U[i * n + a]! ** 2 * w[a]!;
    for (let j = 0; j < t; j++) {
      let mse = 0;
      for (let i = 0; i < n; i++) {
        let ci = 0;
        for (let a = 0; a < n; a++) ci += U[i * n + a]! * w[a]! * Q[a * t + j]!;
        c[i] = ci;
        const e = ci / ginvDiag[i]!;
        mse += e * e;
      }
      if (mse < best[j]! * (1 - 1e-12) || alphas.length === 1) {
        best[j] = mse;
        chosen[j] = alpha;
        for (let i = 0; i < n; i++) dual[i * t + j] = c[i]!;
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
