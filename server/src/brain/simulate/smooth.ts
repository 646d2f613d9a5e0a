import type { Rng } from '../../core/rng.js';

/**
 * Smooth random fields over the cortical patch by random Fourier features (Rahimi & Recht 2007): with frequencies
 * omega ~ N(0, 1 / l^2) and phases b ~ U(0, 2 pi), phi_k(p) = sqrt(2 / K) cos(omega_k . p + b_k) spans a space whose
 * random combinations sum_k z_k phi_k(p), z ~ N(0, 1), have approximately the Gaussian covariance
 * exp(-|p - q|^2 / (2 l^2)) and unit variance. One basis per subject; each field is then a product `basis x z`,
 * so thousands of noise fields over thousands of vertices are one matrix product.
 */
export interface SmoothBasis {
  readonly n: number;
  readonly k: number;
  /** `[n x k]` row-major. */
  readonly phi: Float64Array;
}

/** Basis at points (x, y) in mm. Points more than ~10 l apart (e.g. two hemispheres offset apart) are independent. */
export function smoothBasis(x: Float64Array, y: Float64Array, lengthMm: number, k: number, rng: Rng): SmoothBasis {
  const n = x.length;
  const wx = new Float64Array(k);
  const wy = new Float64Array(k);
  const b = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    wx[j] = rng.normal() / lengthMm;
    wy[j] = rng.normal() / lengthMm;
    b[j] = rng.uniform() * 2 * Math.PI;
  }
  const phi = new Float64Array(n * k);
  const s = Math.sqrt(2 / k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) phi[i * k + j] = s * Math.cos(wx[j]! * x[i]! + wy[j]! * y[i]! + b[j]!);
  }
  return { n, k, phi };
}

/** One field: `[n]` values, approximately N(0, 1) marginally. */
export function smoothField(basis: SmoothBasis, rng: Rng): Float64Array {
  const z = new Float64Array(basis.k);
  for (let j = 0; j < basis.k; j++) z[j] = rng.normal();
  const out = new Float64Array(basis.n);
  for (let i = 0; i < basis.n; i++) {
    let acc = 0;
    const row = i * basis.k;
    for (let j = 0; j < basis.k; j++) acc += basis.phi[row + j]! * z[j]!;
    out[i] = acc;
  }
  return out;
}
