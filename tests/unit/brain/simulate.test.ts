import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { simulateResponses, simulateSubjects } from '../../../server/src/brain/simulate/simulate.js';
import { aiLikeImage, anLikeImage, batchOf, gratingImage } from '../../../server/src/brain/simulate/synthetic.js';
import { validateSubject } from '../../../server/src/brain/validate.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { ROI_NAMES } from '../../../server/src/domain/vocabulary.js';

const SIZE = 96; // small images: the simulator resamples every image to its 12-deg field anyway

describe('simulated subjects', () => {
  const grey = new Float32Array(SIZE * SIZE * 3).fill(127.5);
  const grating = gratingImage({ size: SIZE, fieldDeg: 12, cx: 2, cy: 1, radius: 2, cpd: 1 });
  const stimuli = { ids: ['RE-grey', 'RE-grating'], images: batchOf([grey, grating], SIZE) };

  it('is deterministic for a seed and changes with it; output passes validation', () => {
    // A coarser vertex grid keeps this quick; determinism does not depend on density.
    const a = simulateSubjects(stimuli, { params: { subjects: 1, spacingMm: 2.5 } });
    const b = simulateSubjects(stimuli, { params: { subjects: 1, spacingMm: 2.5 } });
    const c = simulateSubjects(stimuli, { params: { subjects: 1, spacingMm: 2.5, seed: 99 } });
    expect(a.simulated).toBe(true);
    const s = a.subjects[0]!;
    expect(s.simulated).toBe(true);
    expect(s.source).toMatch(/^simulated:/);
    expect(Array.from(b.subjects[0]!.betas)).toEqual(Array.from(s.betas));
    expect(b.subjects[0]!.vertices.ids).toEqual(s.vertices.ids);
    expect(c.subjects[0]!.betas.length === s.betas.length && c.subjects[0]!.betas.every((v, i) => v === s.betas[i])).toBe(false);
    expect(s.betas.length).toBe(2 * 2 * s.vertices.ids.length);
    validateSubject(s, { requiredStimulusIds: stimuli.ids });
    expect(() => simulateSubjects(stimuli, { params: { trials: 0 } })).toThrow(/trials must be an integer from 1 to 20, got 0/);
    expect(() => simulateSubjects({ ids: ['RE-a'], images: stimuli.images })).toThrow(/1 stimulus ids for 2 images/);
  });

  it('lays out every ROI in both hemispheres, a few hundred to ~1000 vertices each, retinotopically', () => {
    const [m] = simulateResponses({ ids: ['RE-grey'], images: batchOf([grey], SIZE) }, { params: { subjects: 1 } });
    for (const roi of ROI_NAMES) {
      for (const h of ['LH', 'RH'] as const) {
        const n = m!.vertices.filter((v) => v.roi === roi && v.hemisphere === h).length;
        expect(n, `${roi} ${h}`).toBeGreaterThan(200);
        expect(n, `${roi} ${h}`).toBeLessThan(1200);
      }
    }
    // The left hemisphere represents the right visual field.
    const contra = m!.vertices.filter((v, i) => (v.hemisphere === 'LH') === (m!.models.prfX[i]! > 0)).length;
    expect(contra / m!.vertices.length).toBeGreaterThan(0.97);
    // pRF size grows along the hierarchy at a given eccentricity; the exponent falls.
    const at = (roi: string, key: 'size' | 'exponent'): number => {
      const sel = m!.vertices.map((v, i) => [v, i] as const).filter(([v]) => v.roi === roi && Math.abs(v.ecc - 3) < 0.5);
      return sel.reduce((acc, [, i]) => acc + m!.models[key][i]!, 0) / sel.length;
    };
    expect(at('V1', 'size')).toBeLessThan(at('V2', 'size'));
    expect(at('V3', 'size')).toBeLessThan(at('V4', 'size'));
    expect(at('V4', 'size')).toBeLessThan(at('LO', 'size'));
    expect(at('V1', 'exponent')).toBeGreaterThan(at('LO', 'exponent'));
  });

  it('a V1 vertex responds more to a grating inside its pRF than to the same grating outside it', () => {
    const [probe] = simulateResponses({ ids: ['RE-grey'], images: batchOf([grey], SIZE) }, { params: { subjects: 1 } });
    const i = probe!.vertices.findIndex((v, k) => v.roi === 'V1' && v.hemisphere === 'LH' && Math.abs(probe!.models.prfX[k]! - 2) < 0.4 && Math.abs(probe!.models.prfY[k]! - 1) < 0.4);
    expect(i).toBeGreaterThanOrEqual(0);
    const px = probe!.models.prfX[i]!;
    const py = probe!.models.prfY[i]!;
    const inside = gratingImage({ size: SIZE, fieldDeg: 12, cx: px, cy: py, radius: 1, cpd: 1.5 });
    const outside = gratingImage({ size: SIZE, fieldDeg: 12, cx: -px, cy: -py, radius: 1, cpd: 1.5 });
    const [m] = simulateResponses({ ids: ['RE-in', 'RE-out', 'RE-grey'], images: batchOf([inside, outside, grey], SIZE) }, { params: { subjects: 1 } });
    const V = m!.vertices.length;
    const rIn = m!.responses[0 * V + i]!;
    const rOut = m!.responses[1 * V + i]!;
    const rGrey = m!.responses[2 * V + i]!;
    expect(rIn).toBeGreaterThan(2 * rOut);
    expect(rGrey).toBeLessThan(0.01 * rIn);
    // Before the compressive exponent (CSS, n ~ 0.18), the pooled drive outside is under 1 % of the drive inside.
    const n = m!.models.exponent[i]!;
    expect((rOut / rIn) ** (1 / n)).toBeLessThan(0.01);
  });
});

const imagesDir = loadConfig().imagesDir;
const photos = existsSync(imagesDir) ? readdirSync(imagesDir).filter((f) => f.endsWith('.JPEG')).sort() : [];

describe('emergent AI vs AN similarity (not built in)', () => {
  it('responses to AI-like images correlate with their RE images far more than AN-like ones do', async () => {
    expect(photos.length, `sample photos in ${imagesDir}`).toBeGreaterThan(100);
    const n = 4;
    const re: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const { data } = await sharp(join(imagesDir, photos[i * 97]!)).resize(SIZE, SIZE, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      re.push(Float32Array.from(data));
    }
    const an = re.map((_, i) => anLikeImage(SIZE, `an-${i}`));
    const ai = re.map((im, i) => aiLikeImage(im, `ai-${i}`));
    const ids = [...re, ...an, ...ai].map((_, i) => `S${i}`);
    const [m] = simulateResponses({ ids, images: batchOf([...re, ...an, ...ai], SIZE) }, { params: { subjects: 1, spacingMm: 2 } });
    const V = m!.vertices.length;
    const S = ids.length;
    // Per-vertex centring over all stimuli, then Pearson r across vertices between an image and its RE image.
    const c = new Float64Array(S * V);
    for (let v = 0; v < V; v++) {
      let mean = 0;
      for (let s = 0; s < S; s++) mean += m!.responses[s * V + v]!;
      mean /= S;
      for (let s = 0; s < S; s++) c[s * V + v] = m!.responses[s * V + v]! - mean;
    }
    const r = (a: number, b: number): number => {
      let ab = 0, aa = 0, bb = 0;
      for (let v = 0; v < V; v++) { const x = c[a * V + v]!, y = c[b * V + v]!; ab += x * y; aa += x * x; bb += y * y; }
      return ab / Math.sqrt(aa * bb);
    };
    const rAI = Array.from({ length: n }, (_, i) => r(i, 2 * n + i));
    const rAN = Array.from({ length: n }, (_, i) => r(i, n + i));
    const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
    expect(mean(rAI)).toBeGreaterThan(0.8);
    expect(mean(rAI) - mean(rAN)).toBeGreaterThan(0.5);
  });
});
