import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/src/config/config.js';
import { simulateSubjects } from '../../../server/src/brain/simulate/simulate.js';
import type { simulateSubjectsParallel } from '../../../server/src/brain/simulate/simulate-parallel.js';
import { aiLikeImage, anLikeImage, batchOf, gratingImage } from '../../../server/src/brain/simulate/synthetic.js';

/**
 * The simulation with its images split over worker threads (issue 14) equals the in-process one bit for bit
 * (betas, vertices, reference-scaled noise), with an odd image count over 2 and 3 workers; progress counts every
 * image once and names it. The worker threads run the compiled build (npm test builds it).
 */
const SIZE = 64;

describe('brain simulation on worker threads', () => {
  it('equals simulateSubjects', async () => {
    const compiled = join(PROJECT_ROOT, 'dist', 'server', 'src', 'brain', 'simulate', 'simulate-parallel.js');
    expect(existsSync(compiled), 'run `npm run build` first (npm test does)').toBe(true);
    const mod = (await import(pathToFileURL(compiled).href)) as { simulateSubjectsParallel: typeof simulateSubjectsParallel };
    const grating = gratingImage({ size: SIZE, fieldDeg: 12, cx: 2, cy: 1, radius: 2, cpd: 1 });
    const images = [grating, aiLikeImage(grating, 'a'), anLikeImage(SIZE, 'b'), grating.map((v) => 255 - v), anLikeImage(SIZE, 'c')];
    const stimuli = { ids: images.map((_, i) => `RE-${i}`), images: batchOf(images, SIZE) };
    const params = { subjects: 2, spacingMm: 2.5 };
    const want = simulateSubjects(stimuli, { params });
    for (const workers of [2, 3]) {
      const seen: number[] = [];
      const details: string[] = [];
      const got = await mod.simulateSubjectsParallel(stimuli, { params, progress: (e) => { seen.push(e.done); details.push(e.detail ?? ''); } }, workers);
      expect(got.subjects.map((s) => s.id)).toEqual(want.subjects.map((s) => s.id));
      got.subjects.forEach((s, k) => {
        const w = want.subjects[k]!;
        expect(Array.from(s.betas)).toEqual(Array.from(w.betas));
        expect(s.vertices).toEqual(w.vertices);
        expect(s.params).toEqual(w.params);
      });
      expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect(details.sort()).toEqual([...stimuli.ids].sort()); // each image's id once, as in process
    }
  });
});
