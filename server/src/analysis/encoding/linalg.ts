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
 * Minimum-norm least squares min ||A x - b|| (then min ||x||) for `A [m x k]` row-major, any rank, like
 * `numpy.linalg.lstsq(A, b, rcond=None)`. ROMP's supports can be rank-deficient in practice (two ReLU units active
 * on the same single image have identical columns, and ROMP picks both), and a QR without pivoting then returned a
 * point that is not even a least-squares solution (issue 12, item 20). Householder QR with column pivoting finds
 * the rank; full column rank (the usual case) is solved by back substitution, otherwise by an SVD (one-sided
 * Jacobi) with NumPy's cut: singular values <= eps * max(m, k) * sigma_max count as zero.
 */
export function leastSquares(a: Float64Array, m: number, k: number, b: Float64Array): Float64Array {
  if (k <= m) {
    const x = pivotedQrSolve(a, m, k, b);
    if (x) return x;
  }
  return svdLeastSquares(a, m, k, b);
}

/** Householder QR with column pivoting; the solution when A has full column rank, else undefined. */
function pivotedQrSolve(a: Float64Array, m: number, k: number, b: Float64Array): Float64Array | undefined {
  const A = Float64Array.from(a);
  const y = Float64Array.from(b);
  const perm = Int32Array.from({ length: k }, (_, j) => j);
  const rdiag = new Float64Array(k);
  const colNorm2 = (j: number, from: number): number => {
    let s = 0;
    for (let i = from; i < m; i++) s += A[i * k + j]! ** 2;
    return s;
  };
  // squared norms of the columns below the current row, downdated after each reflection (LAPACK geqp3 style) and
  // recomputed when cancellation leaves few digits
  const part = Float64Array.from({ length: k }, (_, c) => colNorm2(c, 0));
  const full = Float64Array.from(part);
  let r0 = 0;
  for (let j = 0; j < k; j++) {
    let piv = j;
    for (let c = j + 1; c < k; c++) if (part[c]! > part[piv]!) piv = c;
    if (piv !== j) {
      for (let i = 0; i < m; i++) {
        const tmp = A[i * k + j]!;
        A[i * k + j] = A[i * k + piv]!;
        A[i * k + piv] = tmp;
      }
      const tp = perm[j]!;
      perm[j] = perm[piv]!;
      perm[piv] = tp;
      const t1 = part[j]!;
      part[j] = part[piv]!;
      part[piv] = t1;
      const t2 = full[j]!;
      full[j] = full[piv]!;
      full[piv] = t2;
    }
    const pn = colNorm2(j, j);
    const norm = Math.sqrt(pn);
    if (j === 0) r0 = norm;
    // numerically dependent columns left: not full rank (the SVD decides the minimum-norm answer)
    if (!(norm > 1e-10 * r0)) return undefined;
    const alpha = A[j * k + j]! > 0 ? -norm : norm;
    // v = x - alpha e1, stored in A[j.., j]
    A[j * k + j] = A[j * k + j]! - alpha;
    let vnorm2 = 0;
    for (let i = j; i < m; i++) vnorm2 += A[i * k + j]! ** 2;
    rdiag[j] = alpha;
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
    for (let c = j + 1; c < k; c++) {
      const left = part[c]! - A[j * k + c]! ** 2;
      part[c] = left > 1e-8 * full[c]! ? left : colNorm2(c, j + 1);
    }
  }
  const z = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let s = y[j]!;
    for (let c = j + 1; c < k; c++) s -= A[j * k + c]! * z[c]!;
    z[j] = s / rdiag[j]!;
  }
  const x = new Float64Array(k);
  for (let j = 0; j < k; j++) x[perm[j]!] = z[j]!;
  return x;
}

/**
 * Minimum-norm least squares by the SVD A = U S V^T, from one-sided (Hestenes) Jacobi rotations of A's columns:
 * x = V S^+ U^T b with S^+ cutting singular values <= eps * max(m, k) * sigma_max (numpy lstsq's rcond default).
 */
export function svdLeastSquares(a: Float64Array, m: number, k: number, b: Float64Array): Float64Array {
  // W: A's columns, column-major [k x m]; V: [k x k] column-major
  const W = new Float64Array(k * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) W[c * m + i] = a[i * k + c]!;
  const V = new Float64Array(k * k);
  for (let c = 0; c < k; c++) V[c * k + c] = 1;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        let al = 0;
        let be = 0;
        let ga = 0;
        for (let i = 0; i < m; i++) {
          const wp = W[p * m + i]!;
          const wq = W[q * m + i]!;
          al += wp * wp;
          be += wq * wq;
          ga += wp * wq;
        }
        if (ga === 0 || Math.abs(ga) <= Number.EPSILON * Math.sqrt(al * be)) continue;
        rotated = true;
        const zeta = (be - al) / (2 * ga);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const wp = W[p * m + i]!;
          const wq = W[q * m + i]!;
          W[p * m + i] = c * wp - s * wq;
          W[q * m + i] = s * wp + c * wq;
        }
        for (let i = 0; i < k; i++) {
          const vp = V[p * k + i]!;
          const vq = V[q * k + i]!;
          V[p * k + i] = c * vp - s * vq;
          V[q * k + i] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += W[c * m + i]! ** 2;
    sigma[c] = Math.sqrt(s);
  }
  const cut = Number.EPSILON * Math.max(m, k) * Math.max(0, ...sigma);
  const x = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const sc = sigma[c]!;
    if (!(sc > cut)) continue;
    // (u_c . b) / sigma_c with u_c = W_c / sigma_c
    let ub = 0;
    for (let i = 0; i < m; i++) ub += W[c * m + i]! * b[i]!;
    const f = ub / (sc * sc);
    for (let i = 0; i < k; i++) x[i] = x[i]! + f * V[c * k + i]!;
  }
  return x;
}
