/**
 * A distributed run's blocks of draws (similarityStatistics drawRange) and its merge (givenDraws): the blocks'
 * draws, concatenated, are the unsplit run's bit for bit, in process and over worker threads (the compiled build),
 * and the merge reproduces the unsplit records. A range outside the draws is refused.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../server/src/config/config.js';
import { labelled, matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { similarityStatistics } from '../../../server/src/analysis/similarity.js';

const source = { kind: 'layer', layer: 'conv1' } as const;

function input(n = 10, p = 50) {
  const rng = new Rng(3);
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const base = Float64Array.from({ length: n * p }, () => rng.normal());
  const mk = (noise: number) => labelled(matrix(n, p, Float64Array.from(base, (v) => Math.max(0, v + noise * rng.normal()))), ids);
  return { source, patterns: { RE: mk(0.2), AN: mk(2), AI: mk(0.5) } };
}

const concat = (parts: Float64Array[]): Float64Array => {
  const out = new Float64Array(parts.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of parts) { out.set(a, at); at += a.length; }
  return out;
};

describe('similarity draws in blocks', () => {
  const opts = { draws: 23, fraction: 0.8, seed: 11, rdmMethod: 'one_minus_spearman', comparison: 'spearman' };
  const cases: [string, typeof similarityStatistics][] = [['in process', similarityStatistics]];
  const compiled = join(PROJECT_ROOT, 'dist', 'server', 'src', 'analysis', 'similarity.js');

  it('blocks concatenate to the unsplit draws, and the merge gives the unsplit records', async () => {
    if (existsSync(compiled)) cases.push(['2 worker threads per block', ((await import(compiled)) as { similarityStatistics: typeof similarityStatistics }).similarityStatistics]);
    const whole = await similarityStatistics(input(), opts);
    for (const [how, run] of cases) {
      const ranges = [[0, 5], [5, 6], [6, 23]] as const;
      const blocks = await Promise.all(ranges.map(([from, to]) => run(input(), { ...opts, workers: 2, drawRange: { from, to } })));
      for (const [k, d] of whole.distributions.entries()) {
        expect(concat(blocks.map((b) => b.distributions[k]!.draws)), how).toEqual(d.draws);
        expect(concat(blocks.map((b) => b.distributions[k]!.nulls)), how).toEqual(d.nulls);
      }
      const givenDraws = { sims: whole.distributions.map((_, k) => concat(blocks.map((b) => b.distributions[k]!.draws))), nulls: whole.distributions.map((_, k) => concat(blocks.map((b) => b.distributions[k]!.nulls))) };
      const merged = await run(input(), { ...opts, givenDraws });
      expect(merged.similarities, how).toEqual(whole.similarities);
      expect(merged.difference, how).toEqual(whole.difference);
    }
    expect(cases.length, 'the compiled build was there to test the worker threads (npm run build)').toBe(2);
  });

  it('refuses a range outside the draws and given draws of the wrong length', async () => {
    await expect(similarityStatistics(input(), { ...opts, drawRange: { from: 20, to: 24 } })).rejects.toThrow(/draw range 20\.\.24 must lie within 0\.\.23/);
    await expect(similarityStatistics(input(), { ...opts, drawRange: { from: 5, to: 5 } })).rejects.toThrow(/draw range 5\.\.5/);
    await expect(similarityStatistics(input(), { ...opts, givenDraws: { sims: [new Float64Array(3), new Float64Array(3)], nulls: [new Float64Array(3), new Float64Array(3)] } })).rejects.toThrow(/given draws must number 23 per pair/);
  });
});
