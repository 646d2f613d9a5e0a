import type { AccuracyReading, EncodingFamily, Hemisphere, RoiName, SimilarityPair, StimulusKind } from '../domain/vocabulary.js';
import type { DifferenceRecord, EncodingRecord, PowerRecord, RdmRecord, SearchlightMap, SimilarityRecord, SubjectRecord, TrendRecord } from '../domain/records.js';
import type { ArrayDownload, LayerRecord, Provenance, StimulusRecord, VertexRecord } from './model.js';
import type { ProgressEvent } from '../core/progress.js';

/** A record plus the store key of the artifact it was read from (resolve with `provenance(key)`). */
export type Keyed<T> = T & { readonly provenanceKey: string };

/**
 * A result plus whether its source is simulated (issue 12 item 12): a layer source never is (a network on real
 * photos); a subject x ROI source is when its subject is. Every result row carries it, not only the study summary.
 */
export type Flagged<T> = Keyed<T> & { readonly simulated: boolean };

export interface StudySummary {
  readonly id: string;
  readonly title: string;
  readonly network: string;
  readonly networkDescription: string;
  readonly weightsSha256: string;
  readonly backend: string;
  readonly preprocessing: string;
  readonly simulated: boolean;
  readonly subjects: readonly string[];
  readonly rois: readonly RoiName[];
  readonly layers: readonly string[];
  readonly groups: readonly string[];
  /** Study definition and analysis parameters, canonical JSON. */
  readonly parameters: string;
  /** Where this implementation differs from the paper (network, stimuli, simulated brains, ...). */
  readonly differencesFromPaper: readonly string[];
}

export interface SimilarityFilter {
  readonly sourceKind?: 'layer' | 'roi';
  readonly subject?: string;
  readonly roi?: RoiName;
  readonly layer?: string;
  readonly pair?: SimilarityPair;
}

export interface EncodingFilter {
  readonly subject?: string;
  readonly roi?: RoiName;
  readonly layer?: string;
  readonly family?: EncodingFamily;
  readonly testKind?: StimulusKind;
  readonly reading?: AccuracyReading;
}

/** A named array in the store that can be downloaded whole or as a subset. */
export type ArrayRef =
  | { readonly kind: 'activations'; readonly layer: string; readonly stimulusKind: StimulusKind }
  | { readonly kind: 'responses'; readonly subject: string; readonly roi: RoiName }
  | { readonly kind: 'rdms'; readonly sourceKind: 'layer' | 'roi' }
  | { readonly kind: 'stimuli'; readonly stimulusKind: StimulusKind };

export interface ArraySubset {
  /** Half-open ranges [start, end) along the stimulus, unit/vertex axes; omitted = everything. */
  readonly stimuli?: readonly [number, number];
  readonly columns?: readonly [number, number];
}

export interface StudyProgress {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  readonly stages: readonly ProgressEvent[];
  readonly error: string | null;
}

/**
 * What the GraphQL resolvers and the HTTP downloads ask of a study. Implemented by study/ over the store; every
 * method computes what is missing (single flight per key) and is otherwise a read.
 */
export interface StudyService {
  /**
   * The study's id without computing anything (summary() reads the brain data, which a cold study computes first):
   * what the server needs before it listens. Optional; summary().id otherwise.
   */
  readonly studyId?: string;
  /** The network it runs, also without computing (for /health); optional like studyId. */
  readonly networkName?: string;
  summary(): Promise<Keyed<StudySummary>>;
  stimuli(filter?: { kind?: StimulusKind; group?: string; ids?: readonly string[] }): Promise<Keyed<StimulusRecord>[]>;
  stimulusPng(id: string): Promise<Uint8Array>;
  layers(): Promise<LayerRecord[]>;
  subjects(): Promise<Keyed<SubjectRecord>[]>;
  rdms(filter: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName; stimulusKind?: StimulusKind }): Promise<Flagged<RdmRecord>[]>;
  similarities(filter?: SimilarityFilter): Promise<Flagged<SimilarityRecord>[]>;
  differences(filter?: SimilarityFilter): Promise<Flagged<DifferenceRecord>[]>;
  trends(): Promise<Keyed<TrendRecord>[]>;
  searchlight(filter?: { subject?: string; hemisphere?: Hemisphere; pair?: SimilarityPair }): Promise<Keyed<SearchlightMap>[]>;
  encoding(filter?: EncodingFilter): Promise<Flagged<EncodingRecord>[]>;
  power(): Promise<Keyed<PowerRecord>[]>;
  /** Vertices of the subjects' ROIs in vertex-table order, with reliability and selection (selectedOnly: only the kept ones). */
  vertices(filter?: { subject?: string; roi?: RoiName; hemisphere?: Hemisphere; selectedOnly?: boolean }): Promise<Keyed<VertexRecord>[]>;
  provenance(keys: readonly string[]): Promise<(Provenance | null)[]>;
  /** Describes the downloadable array (shape, dtype, size, sha256 of the full .npy). */
  describeArray(ref: ArrayRef): Promise<ArrayDownload>;
  /** Row and column ids plus values of the (subset of the) array. */
  readArray(ref: ArrayRef, subset?: ArraySubset): Promise<{ shape: number[]; data: Float32Array | Float64Array; rowIds: string[]; colIds: string[] }>;
  progress(): StudyProgress;
  /** Computes everything not yet in the store. */
  precompute(onProgress?: (e: ProgressEvent) => void): Promise<void>;
}
