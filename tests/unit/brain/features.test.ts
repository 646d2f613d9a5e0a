import { describe, expect, it } from 'vitest';
import { fft2d } from '../../../server/src/brain/simulate/fft.js';
import { channelCount, DEFAULT_PYRAMID, energyMaps } from '../../../server/src/brain/simulate/gabor.js';
import { contrastGrid, DEFAULT_VIEWING } from '../../../server/src/brain/simulate/image.js';
import { blurStack, buildScaleSpace, poolVertex, stencils } from '../../../server/src/brain/simulate/pool.js';
import { gratingImage } from '../../../server/src/brain/simulate/synthetic.js';
import { Rng } from '../../../server/src/core/rng.js';

describe('FFT', () => {
  it('matches a direct DFT and inverts', () => {
    const n = 8;
    const rng = new Rng(5);
    const x = Float64Array.from({ length: n * n }, () => rng.normal());
    const re = Float64Array.from(x);
    const im = new Float64Array(n * n);
    fft2d(re, im, n);
    for (const [u, v] of [[0, 0], [1, 2], [7, 3], [4, 4]] as const) {
      let sr = 0;
      let si = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const a = (-2 * Math.PI * (u * r + v * c)) / n;
          sr += x[r * n + c]! * Math.cos(a);
          si += x[r * n + c]! * Math.sin(a);
        }
      }
      expect(re[u * n + v]).toBeCloseTo(sr, 10);
      expect(im[u * n + v]).toBeCloseTo(si, 10);
    }
    fft2d(re, im, n, true);
    for (let i = 0; i < n * n; i++) expect(re[i]).toBeCloseTo(x[i]!, 12);
  });
});

describe('Gabor energy pyramid', () => {
  it('gives energy ~1 in the matching channel for a full-contrast grating, and less elsewhere', () => {
    const size = 192;
    const P = DEFAULT_PYRAMID.poolPx;
    const C = channelCount(DEFAULT_PYRAMID);
    // 1 cycle/deg, stripes varying along x: channel sf index 2 (1 cpd), orientation 0.
    const img = gratingImage({ size, fieldDeg: 12, cx: 0, cy: 0, radius: 5, cpd: 1 });
    const e = energyMaps(contrastGrid(img, size, size), DEFAULT_VIEWING, DEFAULT_PYRAMID);
    const centre = ((P / 2) * P + P / 2) * C;
    const best = 2 * DEFAULT_PYRAMID.orientations + 0;
    expect(e[centre + best]).toBeGreaterThan(0.85);
    expect(e[centre + best]).toBeLessThan(1.15);
    expect(e[centre + 2 * DEFAULT_PYRAMID.orientations + 4]).toBeLessThan(0.1); // orthogonal
    expect(e[centre + 4 * DEFAULT_PYRAMID.orientations + 0]).toBeLessThan(0.2 * e[centre + best]!); // 4 cpd, two octaves up
    // Grey surround: no energy far from the aperture.
    expect(e[(2 * P + 2) * C + best]).toBeLessThan(0.01);
  });

  it('scale-space pooling equals direct Gaussian pooling', () => {
    const P = 64;
    const C = 2;
    const rng = new Rng(9);
    const base = Float32Array.from({ length: P * P * C }, () => rng.uniform());
    const spec = { basePx: P, fieldDeg: 16, rungs: 11, levels: 4 };
    const ss = buildScaleSpace(base, C, spec);
    // A vertex at a grid-pixel centre whose sigma sits exactly on rung 1 (0.25 * sqrt 2 deg) of level 0.
    const px = 30;
    const py = 20;
    const xDeg = (px + 0.5) * 0.25 - 8;
    const yDeg = 8 - (py + 0.5) * 0.25;
    const st = stencils(Float64Array.of(xDeg), Float64Array.of(yDeg), Float64Array.of(0.25 * Math.SQRT2), C, spec);
    const out = new Float64Array(C);
    poolVertex(ss, st, 0, out);
    const direct = blurStack(base, P, C, Math.SQRT2);
    expect(out[0]).toBeCloseTo(direct[(py * P + px) * C]!, 5);
    // Direct weighted sum with the 2-D Gaussian.
    let acc = 0;
    for (let r = 0; r < P; r++) {
      for (let c = 0; c < P; c++) {
        const w = Math.exp(-((r - py) ** 2 + (c - px) ** 2) / (2 * 2)) / (2 * Math.PI * 2);
        acc += w * base[(r * P + c) * C + 1]!;
      }
    }
    expect(out[1]).toBeCloseTo(acc, 2);
  });
});
