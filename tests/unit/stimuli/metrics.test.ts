import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perturbationMetrics, ssim } from '../../../server/src/stimuli/metrics.js';

interface Case { name: string; height: number; width: number; a: number[]; b: number[]; l2: number; linf: number; psnr: number; ssim: number }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/stimuli/metrics.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('perturbation metrics against NumPy/SciPy (make_stimuli_fixtures.py)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: L2, L-inf, PSNR to 1e-9 relative, SSIM to 1e-9`, () => {
      const m = perturbationMetrics(Uint8Array.from(c.a), Uint8Array.from(c.b), c.height, c.width);
      expect(m.l2).toBeCloseTo(c.l2, 8);
      expect(m.linf).toBe(c.linf);
      expect(m.psnr).toBeCloseTo(c.psnr, 9);
      expect(Math.abs(m.ssim - c.ssim)).toBeLessThan(1e-9);
    });
  }

  it('identical images: L2 0, PSNR Infinity, SSIM 1', () => {
    const a = Uint8Array.from(fixture.cases[0]!.a);
    const m = perturbationMetrics(a, a, 24, 20);
    expect(m).toEqual({ l2: 0, linf: 0, psnr: Infinity, ssim: 1 });
  });

  it('refuses mismatched sizes and images smaller than the SSIM window', () => {
    expect(() => perturbationMetrics(new Uint8Array(30), new Uint8Array(33), 2, 5)).toThrow(/2x5x3/);
    expect(() => ssim(new Uint8Array(300), new Uint8Array(300), 10, 10)).toThrow(/at least 11x11/);
  });
});
