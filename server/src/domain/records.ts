import type { AccuracyReading, EncodingFamily, Hemisphere, RoiName, SimilarityPair, Source, StimulusKind } from './vocabulary.js';

/**
 * The study's result records as plain, labelled values: what analysis/ and brain/ compute, what study/ services
 * return, what the GraphQL types mirror and what the figure site draws. Shapes are stated per field; vectors are
 * plain number arrays so records serialise to JSON unchanged. They live on the domain floor so the rooms that
 * compute them need not import the API (docs/architecture.md).
 */

export interface RoiSummary {
  readonly subject: string;
  readonly roi: RoiName;
  readonly hemisphere: Hemisphere;
  readonly nVertices: number;
  readonly nSelected: number;
  readonly medianReliability: number;
  readonly medianReliabilitySelected: number;
}

export interface SubjectRecord {
  readonly id: string;
  readonly simulated: boolean;
  readonly rois: readonly RoiSummary[];
}

export interface RdmRecord {
  readonly source: Source;
  readonly stimulusKind: StimulusKind;
  readonly method: string;
  readonly stimulusIds: readonly string[];
  /** Upper triangle without diagonal, row-major (SciPy pdist order): n(n-1)/2 entries. */
  readonly vector: readonly number[];
}

export interface NullSummary {
  readonly mean: number;
  readonly sd: number;
  readonly q95: number;
  readonly draws: number;
}

export interface SimilarityRecord {
  readonly source: Source;
  readonly pair: SimilarityPair;
  readonly rdmMethod: string;
  readonly comparison: string;
  readonly value: number;
  /** 95 % percentile interval over the subsampling draws. */
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Permutation p-value: (1 + #{null >= observed}) / (1 + draws), one-sided. */
  readonly p: number;
  readonly null: NullSummary;
}

export interface DifferenceRecord {
  readonly source: Source;
  /** RE-AI minus RE-AN. */
  readonly value: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Fraction of draws with difference <= 0, with the same +1 correction: p = (1 + #{d <= 0}) / (1 + draws). */
  readonly p: number;
}

export interface TrendRecord {
  readonly pair: SimilarityPair;
  /** Mann-Kendall over layers 1..8 (the output layer excluded, as in the paper's text). */
  readonly layers: readonly string[];
  readonly s: number;
  readonly z: number;
  readonly tau: number;
  readonly p: number;
  readonly direction: 'increasing' | 'decreasing' | 'none';
}

export interface SearchlightMap {
  readonly subject: string;
  readonly hemisphere: Hemisphere;
  readonly pair: SimilarityPair;
  readonly radiusMm: number;
  readonly vertexIds: readonly string[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly roi: readonly (RoiName | null)[];
  readonly values: readonly number[];
}

export interface EncodingRecord {
  readonly subject: string;
  readonly roi: RoiName;
  readonly layer: string;
  readonly family: EncodingFamily;
  readonly testKind: StimulusKind;
  readonly reading: AccuracyReading;
  readonly r: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Two-sided permutation p-value on |r| (the paper's significant AN models include negative r). */
  readonly p: number;
  /** Per-vertex accuracy (ACROSS_IMAGES) or per-image accuracy (ACROSS_VERTICES). */
  readonly scores: readonly number[];
}

export interface PowerRecord {
  readonly roi: RoiName;
  readonly nSubjects: number;
  readonly differences: readonly number[];
  readonly dz: number;
  readonly power: number;
  readonly minN: number;
}
