/**
 * The result records the claims read, through one file: the records live in study/model.ts today and are moving
 * to the domain floor; repoint this one line when they do, and nothing else in claims/ changes.
 */
export type {
  DifferenceRecord, EncodingFamily, AccuracyReading, EncodingRecord, LayerRecord, PowerRecord, RoiName, SimilarityPair,
  SearchlightMap, SimilarityRecord, Source, StimulusRecord, TrendRecord,
} from '../../study/model.js';
