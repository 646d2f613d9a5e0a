import { DomainError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { leastSquares } from './linalg.js';

/**
 * Regularized orthogonal matching pursuit (Needell & Vershynin 2009), the paper's encoding solver (docs/paper-digest.md 6,
 * Eq. 5: min ||w||_0 s.t. y = Xw with a constant last column of X). Per target (vertex):
 *   r = y - mean(y); repeat: u = |Xn^T r| over centred unit-norm columns Xn (the intercept is always in the model,
 *   so selection works on centred features; unit norm makes activations of different scale comparable);
 *   J = the K largest nonzero u not yet chosen; among runs J0 of J (in decreasing u) whose values lie within a factor
 *   2 of each other, add the run of largest energy ||u_J0||; least squares of y on [X_I, 1]; r = residual;
 *   stop when |I| >= 2K, r vanishes, or nothing is left.
 * The paper gives no sparsity level; the default K = 10 keeps at most 3K - 1 = 29 features plus the intercept
 * below the 40 training images (no interpolation of RE), and is an option.
 *
 * All targets advance together: each round streams the features once and scores every active target, so the
 * [p x n] feature matrix is read once per round instead of once per target.
 */
export const DEFAULT_ROMP_K = 10;

export interface RompModel {
  /** Chosen feature indices per target. */
  readonly support: Int32Array[];
  /** Coefficients per target, aligned with `support`. */
  readonly coef: Float64Array[];
  readonly intercept: Float64Array;
  predict(xTest: Matrix): Matrix<Float64Array>;
}

/**
 * A faster scoring round (analysis/kernels/romp-wasm.ts), loaded by URL (EncodingOptions.kernelModule) so that
 * analysis/ does not import it: the same scores to the bit, so the same fit.
 */
export interface RompScorer {
  /** Names the scorer in provenance. */
  readonly backend: string;
  /** A `[p x n]` buffer in the scorer's memory for Xn^T, filled by the caller before the rounds of up to `targets` targets. */
  features(p: number, n: number, targets: number): Float64Array;
  /**
   * One round: `R [A x n]` the active targets' residuals; calls insert(a, k, |xn_k . r_a|) for, at least, every
   * pair whose score beats max(topVal[a][K - 1], 0) at that moment, in ascending k per target (insert keeps
   * topVal up to date and re-checks).
   */
  round(R: Float64Array, A: number, topVal: readonly Float64Array[], insert: (a: number, k: number, u: number) => void): void;
}

/** What a ROMP kernel module (given by URL) exports. */
export interface RompModule {
  createRompScorer(): Promise<RompScorer>;
}

export function rompFit(x: Matrix, y: Matrix, K: number = DEFAULT_ROMP_K, tol = 1e-10, scorer?: RompScorer): RompModel {
  const { rows: n, cols: p } = x;
  const t = y.cols;
  if (y.rows !== n) throw new DomainError('SHAPE_MISMATCH', `ROMP: ${n} patterns but ${y.rows} responses`);
  if (!Number.isInteger(K) || K < 1) throw new DomainError('BAD_USER_INPUT', `ROMP sparsity K ${K} must be a positive integer`);
  // Xn^T: [p x n], centred unit-norm columns of x, feature-major for streaming
  const xnT = scorer ? scorer.features(p, n, t) : new Float64Array(p * n);
  for (let k = 0; k < p; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x.data[i * p + k]!;
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = x.data[i * p + k]! - m;
      xnT[k * n + i] = v;
      ss += v * v;
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let i = 0; i < n; i++) xnT[k * n + i] = xnT[k * n + i]! * inv;
  }
  const ys = Array.from({ length: t }, (_, j) => Float64Array.from({ length: n }, (_, i) => y.data[i * t + j]!));
  const support: number[][] = Array.from({ length: t }, () => []);
  const coef: Float64Array[] = Array.from({ length: t }, () => new Float64Array(0));
  const intercept = new Float64Array(t);
  const resid: Float64Array[] = ys.map((v) => {
    const m = v.reduce((a, b) => a + b, 0) / n;
    return v.map((e) => e - m);
  });
  ys.forEach((v, j) => (intercept[j] = v.reduce((a, b) => a + b, 0) / n));
  const thresh = resid.map((r) => tol * Math.hypot(...r));
  let active = Array.from({ length: t }, (_, j) => j).filter((j) => Math.hypot(...resid[j]!) > thresh[j]!);
  const chosenMask = Array.from({ length: t }, () => new Uint8Array(p));
  while (active.length > 0) {
    // top-K |u| per active target, kept sorted decreasing (index order breaks ties, like a stable argsort)
    const topVal = active.map(() => new Float64Array(K).fill(-1));
    const topIdx = active.map(() => new Int32Array(K).fill(-1));
    // residuals of the active targets, packed [active x n]
    const A = active.length;
    const R = new Float64Array(A * n);
    active.forEach((j, a) => R.set(resid[j]!, a * n));
    const insert = (a: number, k: number, u: number): void => {
      const tv = topVal[a]!;
      if (!(u > tv[K - 1]! && u > 0) || chosenMask[active[a]!]![k] !== 0) return;
      const ti = topIdx[a]!;
      let q = K - 1;
      while (q > 0 && tv[q - 1]! < u) {
        tv[q] = tv[q - 1]!;
        ti[q] = ti[q - 1]!;
        q--;
      }
      tv[q] = u;
      ti[q] = k;
    };
    if (scorer) scorer.round(R, A, topVal, insert);
    else jsRound(xnT, R, A, n, p, insert);
    const next: number[] = [];
    for (let a = 0; a < active.length; a++) {
      const j = active[a]!;
      const tv = topVal[a]!;
      const ti = topIdx[a]!;
      let len = 0;
      while (len < K && ti[len]! >= 0) len++;
      if (len === 0) continue;
      // regularisation: the run of comparable values (max <= 2 min) with the most energy
      let bestE = -1;
      let bestFrom = 0;
      let bestTo = 0;
      for (let i0 = 0; i0 < len; i0++) {
        let e = 0;
        let k = i0;
        while (k < len && tv[i0]! <= 2 * tv[k]!) {
          e += tv[k]! ** 2;
          k++;
        }
        if (e > bestE) {
          bestE = e;
          bestFrom = i0;
          bestTo = k;
        }
      }
      for (let q = bestFrom; q < bestTo; q++) {
        support[j]!.push(ti[q]!);
        chosenMask[j]![ti[q]!] = 1;
      }
      // least squares on [X_I, 1]
      const I = support[j]!;
      const cols = I.length + 1;
      const A = new Float64Array(n * cols);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < I.length; c++) A[i * cols + c] = x.data[i * p + I[c]!]!;
        A[i * cols + I.length] = 1;
      }
      const sol = leastSquares(A, n, cols, ys[j]!);
      coef[j] = sol.slice(0, I.length);
      intercept[j] = sol[I.length]!;
      const r = resid[j]!;
      let rn = 0;
      for (let i = 0; i < n; i++) {
        let f = 0;
        for (let c = 0; c < cols; c++) f += A[i * cols + c]! * sol[c]!;
        r[i] = ys[j]![i]! - f;
        rn += r[i]! ** 2;
      }
      if (I.length < 2 * K && Math.sqrt(rn) > thresh[j]! && I.length < p) next.push(j);
    }
    active = next;
  }
  const supportArr = support.map((s) => Int32Array.from(s));
  return {
    support: supportArr,
    coef,
    intercept,
    predict(xTest: Matrix): Matrix<Float64Array> {
      if (xTest.cols !== p) throw new DomainError('SHAPE_MISMATCH', `ROMP: test patterns have ${xTest.cols} features, model has ${p}`);
      const m = xTest.rows;
      const out = new Float64Array(m * t);
      for (let r = 0; r < m; r++) {
        for (let j = 0; j < t; j++) {
          let f = intercept[j]!;
          const s = supportArr[j]!;
          const c = coef[j]!;
          for (let q = 0; q < s.length; q++) f += c[q]! * xTest.data[r * p + s[q]!]!;
          out[r * t + j] = f;
        }
      }
      return { rows: m, cols: t, data: out };
    },
  };
}

/**
 * u[k][a] = |xn_k . r_a| for every feature k and active target a, handed to insert: register blocks of 2 features x
 * 4 targets (8 accumulators) over the n images; features ascend within each target, so equal scores keep index
 * order (a stable argsort).
 */
function jsRound(xnT: Float64Array, R: Float64Array, A: number, n: number, p: number, insert: (a: number, k: number, u: number) => void): void {
  const A4 = A - (A % 4);
  for (let k = 0; k < p; k += 2) {
    const two = k + 1 < p;
    const b0 = k * n;
    const b1 = two ? b0 + n : b0;
    for (let a = 0; a < A4; a += 4) {
      const r0 = a * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let i = 0; i < n; i++) {
        const x0 = xnT[b0 + i]!;
        const x1 = xnT[b1 + i]!;
        const c0 = R[r0 + i]!, c1 = R[r1 + i]!, c2 = R[r2 + i]!, c3 = R[r3 + i]!;
        s00 += x0 * c0; s01 += x0 * c1; s02 += x0 * c2; s03 += x0 * c3;
        s10 += x1 * c0; s11 += x1 * c1; s12 += x1 * c2; s13 += x1 * c3;
      }
      insert(a, k, Math.abs(s00)); insert(a + 1, k, Math.abs(s01)); insert(a + 2, k, Math.abs(s02)); insert(a + 3, k, Math.abs(s03));
      if (two) {
        insert(a, k + 1, Math.abs(s10)); insert(a + 1, k + 1, Math.abs(s11)); insert(a + 2, k + 1, Math.abs(s12)); insert(a + 3, k + 1, Math.abs(s13));
      }
    }
    for (let a = A4; a < A; a++) {
      const r0 = a * n;
      let s0 = 0, s1 = 0;
      for (let i = 0; i < n; i++) {
        s0 += xnT[b0 + i]! * R[r0 + i]!;
        s1 += xnT[b1 + i]! * R[r0 + i]!;
      }
      insert(a, k, Math.abs(s0));
      if (two) insert(a, k + 1, Math.abs(s1));
    }
  }
}
