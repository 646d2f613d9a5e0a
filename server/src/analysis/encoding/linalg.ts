/**
 * Small dense linear algebra for the encoding models: the matrices here are at most [40 x 40] (images x images) or
 * [40 x ~30] (images x selected features), so plain Jacobi and Householder are exact enough and fast.
 */

/** Eigen-decomposition of a symmetric `[n x n]` matrix (cyclic Jacobi). Returns values and column eigenvectors. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i]! ** 2;
      for (let j = i + 1; j < n; j++) off += A[i * n + j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = A[i * n + i]!;
  return { values, vectors: V };
}

/**
 * Least squares min ||A x - b|| for `A [m x k]` row-major with m >= k and full column rank (Householder QR).
 * Columns that are numerically dependent get coefficient 0 (a basic solution, not NumPy's minimum-norm one).
 */
export function leastSquares(a: Float64Array, m: number, k: number, b: Float64Array): Float64Array {
  const A = Float64Array.from(a);
  const y = Float64Array.from(b);
  const rdiag = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += A[i * k + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      rdiag[j] = 0;
      continue;
    }
    const alpha = A[j * k + j]! > 0 ? -norm : norm;
    // v = x - alpha e1, stored in A[j.., j]
    A[j * k + j] = A[j * k + j]! - alpha;
    let vnorm2 = 0;
    for (let i = j; i < m; i++) vnorm2 += A[i * k + j]! ** 2;
    rdiag[j] = alpha;
    if (vnorm2 === 0) continue;
    for (let c = j + 1; c < k; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += A[i * k + j]! * A[i * k + c]!;
      const f = (2 * dot) / vnorm2;
      for (let i = j; i < m; i++) A[i * k + c] = A[i * k + c]! - f * A[i * k + j]!;
    }
    let dot = 0;
    for (let i = j; i < m; i++) dot += A[i * k + j]! * y[i]!;
    const f = (2 * dot) / vnorm2;
    for (let i = j; i < m; i++) y[i] = y[i]! - f * A[i * k + j]!;
  }
  const x = new Float64Array(k);
  const scale = Math.max(...Array.from(rdiag, Math.abs));
  for (let j = k - 1; j >= 0; j--) {
    if (Math.abs(rdiag[j]!) <= 1e-12 * scale) {
      x[j] = 0;
      continue;
    }
    let s = y[j]!;
    for (let c = j + 1; c < k; c++) s -= A[j * k + c]! * x[c]!;
    x[j] = s / rdiag[j]!;
  }
  return x;
}
