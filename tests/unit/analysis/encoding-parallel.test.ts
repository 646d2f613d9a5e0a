import { describe, expect, it } from 'vitest';
import { labelled, matrix, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { encodingStatisticsParallel, mergeEncodingResults, splitSources } from '../../../server/src/analysis/encoding/encoding-parallel.js';
import { encodingStatistics } from '../../../server/src/analysis/encoding/encoding-stats.js';
import { ROI_NAMES } from '../../../server/src/study/model.js';

/**
 * Splitting the sources over worker threads must not change a single number: each chunk's result (computed here in
 * process, as a worker does) merged back equals the one-call result, records in the same order.
 */
function world(seed: number) {
  const rng = new Rng(seed);
  const n = 40;
  const p = 90;
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const lab = (cols: number, f: (q: number) => number): LabelledMatrix => labelled(matrix(n, cols, Float64Array.from({ length: n * cols }, (_, q) => f(q))), ids);
  const re = lab(p, () => rng.normal());
  const features = { RE: re, AN: lab(p, (q) => re.data[q]! + 0.5 * rng.normal()), AI: lab(p, (q) => re.data[q]! + 0.3 * rng.normal()) };
  const sources = [7, 12, 5, 9, 11].map((V, k) => {
    const resp = (x: LabelledMatrix, noise: number) => lab(V, (q) => x.data[Math.floor(q / V) * p + ((q % V) * 7 + k) % p]! + noise * rng.normal());
    return { subject: `S${k % 2}`, roi: ROI_NAMES[k % ROI_NAMES.length]!, responses: { RE: resp(re, 0.4), AN: resp(features.AN, 1), AI: resp(features.AI, 0.5) } };
  });
  return { layer: { layer: 'L1', features }, sources };
}

describe('encoding statistics over worker threads', () => {
  const { layer, sources } = world(3);
  const options = { draws: 30, permutations: 30, seed: 2, rompK: 3 };
  const whole = encodingStatistics(layer, sources, options);

  it('chunks of sources, merged, equal the one-call result bit for bit', () => {
    for (const w of [2, 3, 5]) {
      const chunks = splitSources(sources, w);
      expect(chunks.flat()).toEqual(sources);
      expect(chunks.length).toBeLessThanOrEqual(w);
      const merged = mergeEncodingResults(chunks.map((c) => encodingStatistics(layer, c, options)), ['ROMP', 'RIDGE']);
      expect(merged).toEqual(whole);
    }
  });

  it('splits by vertex count, and runs in process from TypeScript sources', async () => {
    expect(splitSources(sources, 2).map((c) => c.map((s) => s.responses.RE.cols))).toEqual([[7, 12, 5], [9, 11]]);
    expect(await encodingStatisticsParallel(layer, sources, options, 2)).toEqual(whole);
  });
});
