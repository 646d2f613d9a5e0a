/**
 * The result records the claims read, through one file. The result records and the vocabulary come from the domain
 * floor (analysis/ may not import study/); the layer and stimulus records are the API's (study/model.ts), so the
 * claims state here the fields of them they read, and study/'s records satisfy these structurally.
 */
export type {
  DifferenceRecord, EncodingRecord, PowerRecord, SearchlightMap, SimilarityRecord, TrendRecord,
} from '../../domain/records.js';
export type { AccuracyReading, EncodingFamily, RoiName, SimilarityPair, Source } from '../../domain/vocabulary.js';
import type { StimulusKind } from '../../domain/vocabulary.js';

/** A read-out layer: its name and its ordinal (domain/layer-role.ts: 1..8 analysed, 9 the output). */
export interface LayerRecord {
  readonly name: string;
  readonly ordinal: number;
}

/** A stimulus with the network's classification of it (top classes, best first). */
export interface StimulusRecord {
  readonly id: string;
  readonly kind: StimulusKind;
  readonly classIndex: number;
  readonly targetIndex: number | null;
  readonly top: readonly { readonly index: number; readonly label: string; readonly probability: number }[];
}
