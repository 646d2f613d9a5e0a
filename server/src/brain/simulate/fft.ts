/**
 * In-place radix-2 complex FFT (split real/imaginary Float64Arrays), 1-D and 2-D. Only the simulator's Gabor
 * pyramid uses it: sizes are powers of two (32..256). Unnormalised forward transform; the inverse divides by n.
 */

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array; rev: Uint32Array }>();

function plan(n: number): { cos: Float64Array; sin: Float64Array; rev: Uint32Array } {
  let p = twiddleCache.get(n);
  if (p) return p;
  if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`FFT size must be a power of two, got ${n}`);
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = Math.sin((2 * Math.PI * i) / n);
  }
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  p = { cos, sin, rev };
  twiddleCache.set(n, p);
  return p;
}

/** FFT of n complex values at re[off + k*stride], im[...] (k = 0..n-1), in place. `inverse` conjugates the twiddles. */
export function fft1d(re: Float64Array, im: Float64Array, n: number, off = 0, stride = 1, inverse = false): void {
  const { cos, sin, rev } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      const a = off + i * stride;
      const b = off + j * stride;
      let t = re[a]!; re[a] = re[b]!; re[b] = t;
      t = im[a]!; im[a] = im[b]!; im[b] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sign * sin[k * step]!;
        const a = off + (start + k) * stride;
        const b = a + half * stride;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

/** 2-D FFT of an [n x n] complex array (row-major), in place. The inverse includes the 1/n^2 factor. */
export function fft2d(re: Float64Array, im: Float64Array, n: number, inverse = false): void {
  for (let r = 0; r < n; r++) fft1d(re, im, n, r * n, 1, inverse);
  for (let c = 0; c < n; c++) fft1d(re, im, n, c, n, inverse);
  if (inverse) {
    const s = 1 / (n * n);
    for (let i = 0; i < n * n; i++) { re[i] *= s; im[i] *= s; }
  }
}
