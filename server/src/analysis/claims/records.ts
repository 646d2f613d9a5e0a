/** The domain records and vocabulary the claims read (docs/architecture.md: analysis/ reads the domain floor). */
export type { DifferenceRecord, EncodingRecord, PowerRecord, SearchlightMap, SimilarityRecord, TrendRecord } from '../../domain/records.js';
export type { LayerRecord, StimulusRecord } from '../../domain/stimulus-records.js';
export type { AccuracyReading, EncodingFamily, RoiName, SimilarityPair, Source } from '../../domain/vocabulary.js';
