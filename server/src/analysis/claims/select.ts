import type { ClaimInputs, ClaimNumber, ClaimResult, ClaimStatus } from './types.js';
import type { DifferenceRecord, LayerRecord, SimilarityPair, SimilarityRecord, Source } from './records.js';

/** Small readers shared by the claim files: layers by the paper's numbering, records by source, numbers. */

/** The analysed layers 1..8 (ordinals 1..8, networks/types.ts), in hierarchy order. */
export function analysedLayers(layers: readonly LayerRecord[], from = 1, to = 8): LayerRecord[] {
  return layers.filter((l) => l.ordinal >= from && l.ordinal <= to).sort((a, b) => a.ordinal - b.ordinal);
}

/** The paper's "output" group (ordinal 9: the softmax probabilities), if the network has one. */
export function outputLayer(layers: readonly LayerRecord[]): LayerRecord | undefined {
  return layers.find((l) => l.ordinal === 9);
}

export function layerSimilarity(inputs: ClaimInputs, layer: string, pair: SimilarityPair): SimilarityRecord | undefined {
  return inputs.similarities.find((r) => r.pair === pair && r.source.kind === 'layer' && r.source.layer === layer);
}

export function layerDifference(inputs: ClaimInputs, layer: string): DifferenceRecord | undefined {
  return inputs.differences.find((r) => r.source.kind === 'layer' && r.source.layer === layer);
}

export function roiSimilarities(inputs: ClaimInputs, pair: SimilarityPair): SimilarityRecord[] {
  return inputs.similarities.filter((r) => r.pair === pair && r.source.kind === 'roi');
}

export function roiDifferences(inputs: ClaimInputs): DifferenceRecord[] {
  return inputs.differences.filter((r) => r.source.kind === 'roi');
}

export function sourceLabel(s: Source): string {
  return s.kind === 'layer' ? s.layer : `${s.subject} ${s.roi}`;
}

/** A number for the API: NaN and infinities become null (GraphQL floats cannot carry them). */
export function num(name: string, value: number, extra: { total?: number; note?: string } = {}): ClaimNumber {
  return { name, value: Number.isFinite(value) ? value : null, ...extra };
}

export function count(name: string, hits: number, total: number, note?: string): ClaimNumber {
  return { name, value: hits, total, ...(note ? { note } : {}) };
}

/** p below alpha; an undefined p (NaN) is never significant. */
export function significant(p: number, alpha: number): boolean {
  return Number.isFinite(p) && p < alpha;
}

export function verdict(ok: boolean, used: readonly ClaimNumber[], detail: string): Omit<ClaimResult, 'paper'> {
  const status: ClaimStatus = ok ? 'holds' : 'fails';
  return { status, used, detail };
}

export function notComputable(detail: string, used: readonly ClaimNumber[] = []): Omit<ClaimResult, 'paper'> {
  return { status: 'not_computable', used, detail };
}

/** "p < .05" for the texts. */
export function pText(alpha: number): string {
  return `p < ${String(alpha).replace(/^0\./, '.')}`;
}
