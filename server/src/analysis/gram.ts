/**
 * Gram matrices of row sets: the one product behind every correlation-type RDM (rows centred and normalised first,
 * so G[i][j] is the correlation). Tight loops over Float64Array, blocked over features so a block of all rows stays
 * in cache; four columns of the output at a time so each loaded value of row i is used four times.
 */

const BLOCK = 2048;

/**
 * `X [n x p]` row-major -> `G [n x n]` with G[i][j] = sum_k X[i,k] X[j,k] (symmetric, full).
 */
export function gram(X: Float64Array | Float32Array, n: number, p: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let k0 = 0; k0 < p; k0 += BLOCK) {
    const k1 = Math.min(p, k0 + BLOCK);
    for (let i = 0; i < n; i++) {
      const bi = i * p;
      let j = i;
      for (; j + 3 < n; j += 4) {
        const b0 = j * p;
        const b1 = b0 + p;
        const b2 = b1 + p;
        const b3 = b2 + p;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = k0; k < k1; k++) {
          const v = X[bi + k]!;
          s0 += v * X[b0 + k]!;
          s1 += v * X[b1 + k]!;
          s2 += v * X[b2 + k]!;
          s3 += v * X[b3 + k]!;
        }
        g[i * n + j] += s0;
        g[i * n + j + 1] += s1;
        g[i * n + j + 2] += s2;
        g[i * n + j + 3] += s3;
      }
      for (; j < n; j++) {
        const bj = j * p;
        let s = 0;
        for (let k = k0; k < k1; k++) s += X[bi + k]! * X[bj + k]!;
        g[i * n + j] += s;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i]!;
  return g;
}

/** Upper triangle without diagonal of a square `[n x n]` matrix, row-major (SciPy pdist order). */
export function upperTriangle(sq: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[t++] = sq[i * n + j]!;
  return out;
}

/** Square symmetric `[n x n]` with zero diagonal from a pdist-order vector of length n(n-1)/2. */
export function squareForm(v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      out[i * n + j] = v[t]!;
      out[j * n + i] = v[t]!;
      t++;
    }
  }
  return out;
}

/** n from a vector length n(n-1)/2, or -1 when the length is not triangular. */
export function stimuliFromVectorLength(len: number): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * len)) / 2);
  return (n * (n - 1)) / 2 === len ? n : -1;
}
