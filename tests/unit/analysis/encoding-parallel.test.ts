import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/src/config/config.js';
import { labelled, matrix, type LabelledMatrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { columnRanges, encodingStatisticsParallel, mergeEncodingResults, splitSources } from '../../../server/src/analysis/encoding/encoding-parallel.js';
import { encodingFromPredictions, encodingStatistics, familyPredictions, prepareEncoding } from '../../../server/src/analysis/encoding/encoding-stats.js';
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

  it('models fitted on column ranges of the responses, joined, give the one-call result bit for bit', () => {
    const families = ['ROMP', 'RIDGE'] as const;
    const prep = prepareEncoding(layer, sources);
    const cols = prep.responses.cols;
    for (const w of [2, 3, 7]) {
      const ranges = columnRanges(cols, w);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(cols);
      const predictions = families.map((family) => {
        const parts = ranges.map(([a, b]) => {
          const y = { rows: 40, cols: b - a, data: new Float64Array(40 * (b - a)) };
          for (let i = 0; i < 40; i++) y.data.set(prep.responses.data.subarray(i * cols + a, i * cols + b), i * (b - a));
          return familyPredictions(prep.features, y, family, options);
        });
        const join = (k: 'AN' | 'AI') => {
          const out = new Float64Array(40 * cols);
          let off = 0;
          for (const q of parts) {
            for (let i = 0; i < 40; i++) out.set(q[k].data.subarray(i * q[k].cols, (i + 1) * q[k].cols), i * cols + off);
            off += q[k].cols;
          }
          return { rows: 40, cols, data: out };
        };
        return { AN: join('AN'), AI: join('AI') };
      });
      expect(encodingFromPredictions('L1', sources, prep, families, predictions, options)).toEqual(whole);
    }
  });
});

// The worker threads themselves run the compiled build (npm test builds dist/ first).
const compiled = join(PROJECT_ROOT, 'dist', 'server', 'src', 'analysis', 'encoding', 'encoding-parallel.js');

describe('encoding statistics in worker threads (compiled build)', () => {
  const { layer, sources } = world(5);
  const options = { draws: 20, permutations: 20, seed: 4, rompK: 3 };

  it('one source split by vertices over 2 and 3 workers, and several sources split by source, equal one call', async () => {
    expect(existsSync(compiled), 'run `npm run build` first (npm test does)').toBe(true);
    const mod = (await import(pathToFileURL(compiled).href)) as { encodingStatisticsParallel: typeof encodingStatisticsParallel };
    const one = [sources[1]!];
    const wholeOne = encodingStatistics(layer, one, options);
    expect(await mod.encodingStatisticsParallel(layer, one, options, 2)).toEqual(wholeOne);
    expect(await mod.encodingStatisticsParallel(layer, one, options, 3)).toEqual(wholeOne);
    expect(await mod.encodingStatisticsParallel(layer, sources, options, 2)).toEqual(encodingStatistics(layer, sources, options));
  });
});
