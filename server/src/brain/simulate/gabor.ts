import { fft2d } from './fft.js';
import type { ViewingGeometry } from './image.js';

/**
 * Gabor wavelet pyramid -> contrast-energy maps (Kay et al. 2008, Nature 452:352: quadrature pairs at several
 * orientations and spatial frequencies, outputs squared, summed and square-rooted). Computed in the frequency
 * domain: one forward FFT of the contrast image, then per channel the spectrum times a one-sided Gaussian (the
 * analytic quadrature pair), cropped to the smallest grid that holds the band, and one inverse FFT whose modulus
 * is the energy. The energy maps are then brought to a common pooling grid.
 */
export interface PyramidSpec {
  /** Centre spatial frequencies, cycles/deg. Default 0.25..4 in octaves (3..48 cycles per 12-deg image). */
  readonly sfCpd: readonly number[];
  readonly orientations: number;
  /** Radial sd of each filter relative to its centre frequency (0.35 -> about 1.2 octaves full bandwidth). */
  readonly relBandwidth: number;
  /** Side of the pooling grid (pixels across the field); 64 over 16 deg = 0.25 deg per pixel. */
  readonly poolPx: number;
}

export const DEFAULT_PYRAMID: PyramidSpec = { sfCpd: [0.25, 0.5, 1, 2, 4], orientations: 8, relBandwidth: 0.35, poolPx: 64 };

export function channelCount(p: PyramidSpec): number {
  return p.sfCpd.length * p.orientations;
}

/** Channel c = sf * orientations + o; orientation o is o * pi / orientations (0 = vertical carrier stripes). */
export function channelInfo(p: PyramidSpec, c: number): { sfCpd: number; orientation: number } {
  return { sfCpd: p.sfCpd[Math.floor(c / p.orientations)]!, orientation: ((c % p.orientations) * Math.PI) / p.orientations };
}

/**
 * Energy maps of a contrast image `[gridPx x gridPx]` -> `[poolPx * poolPx x C]` (pixel-major, channel fastest),
 * C = sf x orientation channels. A full-contrast grating at a channel's preferred frequency and orientation gives
 * energy 1 in that channel.
 */
export function energyMaps(contrast: Float64Array, view: ViewingGeometry, p: PyramidSpec = DEFAULT_PYRAMID): Float32Array {
  const n = view.gridPx;
  const re = Float64Array.from(contrast);
  const im = new Float64Array(n * n);
  fft2d(re, im, n);
  const C = channelCount(p);
  const P = p.poolPx;
  const out = new Float32Array(P * P * C);
  for (let s = 0; s < p.sfCpd.length; s++) {
    const f0 = p.sfCpd[s]!;
    const sd = p.relBandwidth * f0;
    // The band is shifted to DC before the inverse FFT (demodulation leaves the modulus, the energy, unchanged), so
    // the grid only has to hold the band: Nyquist N / (2 fieldDeg) >= 2.5 sd around the centre (the Gaussian is
    // down to 4 % there), N >= 32 px.
    let N = 32;
    while (N < n && N / (2 * view.fieldDeg) < 2.5 * sd) N *= 2;
    const scale = (2 * N * N) / (n * n); // factor 2: the one-sided filter keeps half of a real cosine's amplitude
    for (let o = 0; o < p.orientations; o++) {
      const th = (o * Math.PI) / p.orientations;
      const cx = f0 * Math.cos(th);
      const cy = f0 * Math.sin(th);
      const bx = Math.round(cx * view.fieldDeg);
      const by = Math.round(cy * view.fieldDeg);
      const fr = new Float64Array(N * N);
      const fi = new Float64Array(N * N);
      for (let dy = -N / 2; dy < N / 2; dy++) {
        const ky = by + dy;
        if (ky < -n / 2 || ky >= n / 2) continue;
        const fy = ky / view.fieldDeg - cy;
        const srcRow = ((ky + n) % n) * n;
        const dstRow = ((dy + N) % N) * N;
        for (let dx = -N / 2; dx < N / 2; dx++) {
          const kx = bx + dx;
          if (kx < -n / 2 || kx >= n / 2 || (kx === 0 && ky === 0)) continue;
          const fx = kx / view.fieldDeg - cx;
          const g = Math.exp(-(fx * fx + fy * fy) / (2 * sd * sd));
          if (g < 1e-6) continue;
          const src = srcRow + ((kx + n) % n);
          const dst = dstRow + ((dx + N) % N);
          fr[dst] = re[src]! * g * scale;
          fi[dst] = im[src]! * g * scale;
        }
      }
      fft2d(fr, fi, N, true);
      const energy = new Float64Array(N * N);
      for (let i = 0; i < N * N; i++) energy[i] = Math.sqrt(fr[i]! * fr[i]! + fi[i]! * fi[i]!);
      toPoolGrid(energy, N, P, out, s * p.orientations + o, C);
    }
  }
  return out;
}

/** Writes an [N x N] map into channel `c` of `out [P*P x C]`: box average when N > P, bilinear when N < P. */
function toPoolGrid(map: Float64Array, N: number, P: number, out: Float32Array, c: number, C: number): void {
  if (N >= P) {
    const f = N / P;
    const inv = 1 / (f * f);
    for (let y = 0; y < P; y++) {
      for (let x = 0; x < P; x++) {
        let acc = 0;
        for (let dy = 0; dy < f; dy++) {
          const row = (y * f + dy) * N + x * f;
          for (let dx = 0; dx < f; dx++) acc += map[row + dx]!;
        }
        out[(y * P + x) * C + c] = acc * inv;
      }
    }
    return;
  }
  const f = N / P; // < 1: sample centres of the fine grid in coarse-pixel coordinates
  for (let y = 0; y < P; y++) {
    const sy = Math.min(N - 1, Math.max(0, (y + 0.5) * f - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(N - 1, y0 + 1);
    const ty = sy - y0;
    for (let x = 0; x < P; x++) {
      const sx = Math.min(N - 1, Math.max(0, (x + 0.5) * f - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(N - 1, x0 + 1);
      const tx = sx - x0;
      const v = (1 - ty) * ((1 - tx) * map[y0 * N + x0]! + tx * map[y0 * N + x1]!) + ty * ((1 - tx) * map[y1 * N + x0]! + tx * map[y1 * N + x1]!);
      out[(y * P + x) * C + c] = v;
    }
  }
}
