/**
 * The one rule for what a layer ordinal means (networks/types.ts numbers every read-out): ordinals 1..8 are the
 * paper's analysed layers (trends and encoding models use them), 9 is the output (probabilities), and any other
 * ordinal marks an extra read-out (e.g. MobileNet logits), kept for RDMs and similarity but listed last and left
 * out of trends and encoding models.
 */
export type LayerRole = 'analysed' | 'output' | 'extra';

export const FIRST_ANALYSED_ORDINAL = 1;
export const LAST_ANALYSED_ORDINAL = 8;
export const OUTPUT_ORDINAL = 9;

export function layerRole(ordinal: number): LayerRole {
  if (Number.isInteger(ordinal) && ordinal >= FIRST_ANALYSED_ORDINAL && ordinal <= LAST_ANALYSED_ORDINAL) return 'analysed';
  return ordinal === OUTPUT_ORDINAL ? 'output' : 'extra';
}

export function isAnalysedOrdinal(ordinal: number): boolean {
  return layerRole(ordinal) === 'analysed';
}

/** Sort key listing analysed layers first (by ordinal), then the output, then extra read-outs (by ordinal). */
export function layerRank(ordinal: number): number {
  return layerRole(ordinal) === 'extra' ? 100 + ordinal : ordinal;
}

/** The analysed layers of a list, in ordinal order. */
export function analysedLayers<L extends { readonly ordinal: number }>(layers: readonly L[]): L[] {
  return layers.filter((l) => isAnalysedOrdinal(l.ordinal)).sort((a, b) => a.ordinal - b.ordinal);
}
