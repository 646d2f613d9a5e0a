import { DomainError } from '../core/errors.js';

/**
 * Perturbation metrics of a stimulus against its RE image. Images are [H x W x 3] RGB, pixel levels 0..255 (any
 * numeric array; uint8 or float). All sums in float64.
 */
export interface PerturbationMetrics {
  /** sqrt(sum (a - b)^2) over all pixels and channels, in pixel levels. */
  readonly l2: number;
  /** max |a - b|, in pixel levels. */
  readonly linf: number;
  /** 10 log10(255^2 / MSE) in dB; Infinity for identical images. */
  readonly psnr: number;
  /** Mean SSIM (Wang et al. 2004), per channel then averaged; see `ssim`. */
  readonly ssim: number;
}

type Pixels = ArrayLike<number>;

export function perturbationMetrics(a: Pixels, b: Pixels, height: number, width: number): PerturbationMetrics {
  checkSize(a, b, height, width);
  let ss = 0;
  let linf = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - b[k]!;
    ss += d * d;
    const ad = Math.abs(d);
    if (ad > linf) linf = ad;
  }
  const mse = ss / a.length;
  return { l2: Math.sqrt(ss), linf, psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse), ssim: ssim(a, b, height, width) };
}

/** SSIM constants of Wang et al. (2004): 11 x 11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03, L = 255. */
export const SSIM_PARAMS = { radius: 5, sigma: 1.5, k1: 0.01, k2: 0.03, dataRange: 255 } as const;

/**
 * Mean SSIM of two RGB images, computed per channel and averaged over the three channels. Local statistics use the
 * normalised 11 x 11 Gaussian window (sigma 1.5) with population (biased) variances, as in Wang et al. (2004);
 * the mean is taken over the positions where the window fits inside the image (a 5-pixel border is left out).
 * This equals scikit-image `structural_similarity(a, b, channel_axis=2, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=255)` (tested against it and against a NumPy transcription).
 */
export function ssim(a: Pixels, b: Pixels, height: number, width: number): number {
  checkSize(a, b, height, width);
  const { radius: r, sigma, k1, k2, dataRange } = SSIM_PARAMS;
  if (height < 2 * r + 1 || width < 2 * r + 1) {
    throw new DomainError('SHAPE_MISMATCH', `SSIM needs images of at least ${2 * r + 1}x${2 * r + 1} pixels, got ${height}x${width}`);
  }
  const w = new Float64Array(2 * r + 1);
  let wsum = 0;
  for (let i = -r; i <= r; i++) wsum += (w[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma)));
  for (let i = 0; i < w.length; i++) w[i]! /= wsum;
  const c1 = (k1 * dataRange) ** 2;
  const c2 = (k2 * dataRange) ** 2;
  const oh = height - 2 * r;
  const ow = width - 2 * r;
  let total = 0;
  const x = new Float64Array(height * width);
  const y = new Float64Array(height * width);
  for (let ch = 0; ch < 3; ch++) {
    for (let p = 0; p < height * width; p++) {
      x[p] = a[p * 3 + ch]!;
      y[p] = b[p * 3 + ch]!;
    }
    const prod = (f: (i: number) => number): Float64Array => {
      const out = new Float64Array(height * width);
      for (let p = 0; p < out.length; p++) out[p] = f(p);
      return out;
    };
    const mx = filterValid(x, height, width, w);
    const my = filterValid(y, height, width, w);
    const mxx = filterValid(prod((p) => x[p]! * x[p]!), height, width, w);
    const myy = filterValid(prod((p) => y[p]! * y[p]!), height, width, w);
    const mxy = filterValid(prod((p) => x[p]! * y[p]!), height, width, w);
    let sum = 0;
    for (let p = 0; p < oh * ow; p++) {
      const ux = mx[p]!;
      const uy = my[p]!;
      const vx = mxx[p]! - ux * ux;
      const vy = myy[p]! - uy * uy;
      const cxy = mxy[p]! - ux * uy;
      sum += ((2 * ux * uy + c1) * (2 * cxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }
    total += sum / (oh * ow);
  }
  return total / 3;
}

/** Separable correlation with the symmetric kernel w, "valid" region only: [H x W] -> [(H-2r) x (W-2r)]. */
function filterValid(img: Float64Array, height: number, width: number, w: Float64Array): Float64Array {
  const r = (w.length - 1) / 2;
  const ow = width - 2 * r;
  const oh = height - 2 * r;
  const rows = new Float64Array(height * ow);
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * img[i * width + j + k]!;
      rows[i * ow + j] = s;
    }
  }
  const out = new Float64Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += w[k]! * rows[(i + k) * ow + j]!;
      out[i * ow + j] = s;
    }
  }
  return out;
}

function checkSize(a: Pixels, b: Pixels, height: number, width: number): void {
  const n = height * width * 3;
  if (a.length !== n || b.length !== n) {
    throw new DomainError('SHAPE_MISMATCH', `metrics need two ${height}x${width}x3 images (${n} values), got ${a.length} and ${b.length}`);
  }
}
