import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/src/config/config.js';
import { labelled, matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { diskNeighbours, searchlightSimilarity } from '../../../server/src/analysis/searchlight.js';
import type { searchlightMany } from '../../../server/src/analysis/searchlight-parallel.js';

/**
 * The hemispheres' searchlights on worker threads (issue 14) give the in-process maps bit for bit, in job order,
 * NaN disks included; more jobs than workers queue. The worker threads run the compiled build (npm test builds it).
 */
function patch(seed: number, V: number) {
  const rng = new Rng(seed);
  const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
  const base = Float64Array.from({ length: 40 * V }, () => rng.normal());
  const kind = (noise: number) => labelled(matrix(40, V, Float64Array.from(base, (b) => b + noise * rng.normal())), ids);
  const x = Float64Array.from({ length: V }, () => 20 * rng.uniform());
  const y = Float64Array.from({ length: V }, () => 20 * rng.uniform());
  x[0] = 500; // an isolated vertex: a disk of one, NaN
  return { input: { RE: kind(0.5), AN: kind(3), AI: kind(1) }, neighbours: diskNeighbours(x, y, 3), options: {} };
}

describe('searchlight on worker threads', () => {
  it('equals the in-process maps, job by job', async () => {
    const compiled = join(PROJECT_ROOT, 'dist', 'server', 'src', 'analysis', 'searchlight-parallel.js');
    expect(existsSync(compiled), 'run `npm run build` first (npm test does)').toBe(true);
    const mod = (await import(pathToFileURL(compiled).href)) as { searchlightMany: typeof searchlightMany };
    const jobs = [patch(1, 120), patch(2, 90), patch(3, 60)];
    const finished: number[] = [];
    const got = await mod.searchlightMany(jobs, 2, (i) => finished.push(i));
    expect(got).toHaveLength(3);
    expect(finished.sort()).toEqual([0, 1, 2]);
    jobs.forEach((j, k) => {
      const want = searchlightSimilarity(j.input, j.neighbours, j.options);
      expect([...got[k]!.keys()]).toEqual([...want.keys()]);
      for (const [pair, v] of want) expect(Array.from(got[k]!.get(pair)!)).toEqual(Array.from(v));
      expect(want.get('RE_AN')![0]).toBeNaN();
    });
  });
});
