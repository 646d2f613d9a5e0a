/**
 * Gaussian pRF pooling for thousands of vertices at once. Pooling a feature map with a Gaussian centred at (x0, y0)
 * of sd sigma equals the map blurred by that Gaussian, read at (x0, y0). So each stimulus's feature stack is blurred
 * once at a ladder of scales sigma_k = p0 * 2^(k/2) (p0 = pooling-grid pixel), on a pyramid whose pixel doubles every
 * second rung (the blur in pixels stays 1..1.4 px, so every rung costs about the same), and each vertex reads its
 * pooled features by bilinear interpolation in space and linear interpolation between rungs: a fixed stencil of 8
 * taps, precomputed per vertex. Sigmas below p0 are read at p0: the model's resolution floor (0.25 deg by default).
 */

export interface ScaleSpace {
  /** Rung k: blurred stack `[side_k * side_k x C]`. */
  readonly maps: Float32Array[];
  readonly sides: number[];
  readonly channels: number;
}

export interface LadderSpec {
  /** Side of the base grid (pooling grid) in pixels, and its field in degrees. */
  readonly basePx: number;
  readonly fieldDeg: number;
  /** Number of rungs; default 11 -> sigma from p0 to p0 * 32. */
  readonly rungs: number;
  /** Pyramid levels (halvings) available; default 4 (64, 32, 16, 8 px). */
  readonly levels: number;
}

export function ladderSigmaDeg(spec: LadderSpec, k: number): number {
  return (spec.fieldDeg / spec.basePx) * 2 ** (k / 2);
}

function levelOf(spec: LadderSpec, k: number): number {
  return Math.min(Math.floor(k / 2), spec.levels - 1);
}

/** Builds every rung from a base stack `[basePx^2 x C]`. */
export function buildScaleSpace(base: Float32Array, C: number, spec: LadderSpec): ScaleSpace {
  const pyramid: Float32Array[] = [base];
  const psides = [spec.basePx];
  for (let l = 1; l < spec.levels; l++) {
    pyramid.push(halve(pyramid[l - 1]!, psides[l - 1]!, C));
    psides.push(psides[l - 1]! / 2);
  }
  const maps: Float32Array[] = [];
  const sides: number[] = [];
  const p0 = spec.fieldDeg / spec.basePx;
  for (let k = 0; k < spec.rungs; k++) {
    const l = levelOf(spec, k);
    const sigmaPx = ladderSigmaDeg(spec, k) / (p0 * 2 ** l);
    maps.push(blurStack(pyramid[l]!, psides[l]!, C, sigmaPx));
    sides.push(psides[l]!);
  }
  return { maps, sides, channels: C };
}

/** 2x2 box average: `[s*s x C]` -> `[(s/2)^2 x C]`. */
function halve(m: Float32Array, s: number, C: number): Float32Array {
  const h = s / 2;
  const out = new Float32Array(h * h * C);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < h; x++) {
      const o = (y * h + x) * C;
      const a = ((2 * y) * s + 2 * x) * C;
      const b = a + C;
      const c = a + s * C;
      const d = c + C;
      for (let k = 0; k < C; k++) out[o + k] = 0.25 * (m[a + k]! + m[b + k]! + m[c + k]! + m[d + k]!);
    }
  }
  return out;
}

/**
 * Separable Gaussian blur of a `[s*s x C]` stack, zero outside the field (the field extends past the image). Each
 * tap is one contiguous multiply-add sweep over a row (the channel axis is fastest), which keeps it cache-friendly.
 */
export function blurStack(m: Float32Array, s: number, C: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const w = new Float32Array(2 * r + 1);
  for (let i = -r; i <= r; i++) w[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma)) / (Math.sqrt(2 * Math.PI) * sigma);
  const rowLen = s * C;
  const tmp = new Float32Array(m.length);
  for (let y = 0; y < s; y++) {
    const row = y * rowLen;
    for (let i = -r; i <= r; i++) {
      const wi = w[i + r]!;
      const x0 = Math.max(0, -i);
      const x1 = Math.min(s, s - i);
      if (x1 <= x0) continue;
      const a = row + x0 * C;
      const b = row + x1 * C;
      const shift = i * C;
      for (let j = a; j < b; j++) tmp[j] += wi * m[j + shift]!;
    }
  }
  const out = new Float32Array(m.length);
  for (let y = 0; y < s; y++) {
    const row = y * rowLen;
    for (let i = Math.max(-r, -y); i <= Math.min(r, s - 1 - y); i++) {
      const wi = w[i + r]!;
      const shift = i * rowLen;
      for (let j = row; j < row + rowLen; j++) out[j] += wi * tmp[j + shift]!;
    }
  }
  return out;
}

/** Per-vertex taps: rung index, element offset of the tap's channel block, weight. 8 taps per vertex. */
export interface Stencils {
  readonly n: number;
  readonly rung: Uint8Array;
  readonly offset: Int32Array;
  readonly weight: Float32Array;
}

export const TAPS = 8;

/**
 * Stencils for Gaussian pRFs at visual-field positions (deg; +y up) with sd `sigmaDeg`. Taps falling outside the
 * field get weight 0 (nothing is shown there).
 */
export function stencils(x: Float64Array, y: Float64Array, sigmaDeg: Float64Array, C: number, spec: LadderSpec): Stencils {
  const n = x.length;
  const rung = new Uint8Array(n * TAPS);
  const offset = new Int32Array(n * TAPS);
  const weight = new Float32Array(n * TAPS);
  const p0 = spec.fieldDeg / spec.basePx;
  const half = spec.fieldDeg / 2;
  for (let v = 0; v < n; v++) {
    const kf = Math.min(spec.rungs - 1, Math.max(0, 2 * Math.log2(Math.max(sigmaDeg[v]!, 1e-9) / p0)));
    const k0 = Math.floor(kf);
    const k1 = Math.min(spec.rungs - 1, k0 + 1);
    const tk = kf - k0;
    let t = v * TAPS;
    for (const [k, wk] of [[k0, 1 - tk], [k1, tk]] as const) {
      const pix = p0 * 2 ** levelOf(spec, k);
      const side = spec.basePx / 2 ** levelOf(spec, k);
      const u = (x[v]! + half) / pix - 0.5;
      const w = (half - y[v]!) / pix - 0.5;
      const u0 = Math.floor(u);
      const w0 = Math.floor(w);
      const tu = u - u0;
      const tw = w - w0;
      for (const [dy, wy] of [[0, 1 - tw], [1, tw]] as const) {
        for (const [dx, wx] of [[0, 1 - tu], [1, tu]] as const) {
          const px = u0 + dx;
          const py = w0 + dy;
          const inside = px >= 0 && py >= 0 && px < side && py < side;
          rung[t] = k;
          offset[t] = inside ? (py * side + px) * C : 0;
          weight[t] = inside ? wk * wy * wx : 0;
          t++;
        }
      }
    }
  }
  return { n, rung, offset, weight };
}

/** Pooled features of vertex `v` into `out[C]`. */
export function poolVertex(ss: ScaleSpace, st: Stencils, v: number, out: Float64Array): void {
  const C = ss.channels;
  out.fill(0);
  for (let t = v * TAPS; t < (v + 1) * TAPS; t++) {
    const w = st.weight[t]!;
    if (w === 0) continue;
    const m = ss.maps[st.rung[t]!]!;
    const o = st.offset[t]!;
    for (let c = 0; c < C; c++) out[c] += w * m[o + c]!;
  }
}
