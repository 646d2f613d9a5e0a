import type { SimilarityPair } from '../domain/vocabulary.js';
import type { SimilarityRecord, TrendRecord } from '../domain/records.js';
import { trendRecord } from './mann-kendall.js';

/**
 * Mann-Kendall trends of RE-AN and RE-AI similarity across network layers (docs/paper-digest.md 7.2: "the RE-AI
 * similarities declined ... (Mann-Kendall test, p = 0.009)"). `layers` lists the layers in hierarchy order; the
 * paper's text tests layers 1..8, so the caller leaves the softmax output out. Layers without a record are skipped;
 * a layer whose similarity is NaN is not: the trend is then undefined and refused (mann-kendall.ts trendRecord).
 */
export function trendsOverLayers(
  records: readonly SimilarityRecord[], layers: readonly string[], pairs: readonly SimilarityPair[] = ['RE_AN', 'RE_AI'],
): TrendRecord[] {
  const out: TrendRecord[] = [];
  for (const pair of pairs) {
    const used: string[] = [];
    const values: number[] = [];
    for (const layer of layers) {
      const r = records.find((x) => x.pair === pair && x.source.kind === 'layer' && x.source.layer === layer);
      if (r) {
        used.push(layer);
        values.push(r.value);
      }
    }
    if (used.length >= 3) out.push(trendRecord(pair, used, values));
  }
  return out;
}
