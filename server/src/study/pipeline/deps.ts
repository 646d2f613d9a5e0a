import type { PixelBatch } from '../../core/image.js';
import type { LabelledMatrix, Matrix } from '../../core/matrix.js';
import type { ProgressFn } from '../../core/progress.js';
import type { Network, ResizeMode } from '../../networks/types.js';
import type { SubjectData } from '../../brain/types.js';
import type { SimilarityInput, SimilarityOptions, SimilarityResult } from '../../analysis/similarity.js';
import type { AnalysisParams, BrainParams } from '../definition/definition.js';
import type { GeneratedKind, GenerationInputs, GenerationParamsByKind, GenerationResult } from '../../stimuli/generate/types.js';
import type { PerturbationMetrics } from '../../stimuli/metrics.js';
import type { Hemisphere, RoiName, SimilarityPair } from '../../domain/vocabulary.js';
import type { EncodingRecord, PowerRecord, SearchlightMap, SimilarityRecord, TrendRecord } from '../../domain/records.js';

/**
 * Everything the pipeline's stages ask of the domain modules, in one interface: the stages stay thin (pack and
 * unpack payloads, call one of these), and tests run the whole graph with small fakes. `domainDeps` (domain.ts)
 * wires the real modules: networks/, stimuli/, brain/, analysis/.
 */
export interface PipelineDeps {
  /** The study's network, loaded on first use and shared by every stage of a run. */
  network(): Promise<Network>;
  /**
   * sha256 of each file the network is built from, by role ('model' | 'weights', 'labels'), cached by path, size
   * and mtime (store/file-hash.ts). It keys the network's spec, whose weights checksum in turn keys every network
   * stage: new weights, new keys; an unrelated or merely touched file, none. Refuses a bad network or weights.
   */
  networkFingerprint(): Promise<Readonly<Record<string, string>>>;
  /** Disposes the network if it was loaded (end of a precompute). */
  release(): Promise<void>;
  /** RE photos at the network input size, in the project pixel space. */
  loadImages(files: readonly string[], size: number, mode: ResizeMode): Promise<PixelBatch>;
  /** Names and checksum of the photos the ImageNet mean is estimated from (part of its key). */
  meanSource(): Promise<{ readonly files: readonly string[]; readonly checksum: string }>;
  /** The ImageNet mean image [size x size x 3] estimated from `meanSource().files` (paper Eq. 1, I_mean). */
  imageNetMean(size: number, mode: ResizeMode, onProgress: ProgressFn): Promise<Float32Array>;
  generate<K extends GeneratedKind>(kind: K, net: Network, inputs: GenerationInputs, params: GenerationParamsByKind[K], onProgress: ProgressFn): Promise<GenerationResult[]>;
  /** L2, L-infinity, PSNR, SSIM of `b` against `a`, both [h x w x 3] in 0..255. */
  perturbation(a: Uint8Array, b: Uint8Array, height: number, width: number): PerturbationMetrics;
  encodePng(rgb: Float32Array, height: number, width: number): Promise<Uint8Array>;
  /** Every subject's simulated single-trial responses to the stimuli (imported real data are read by the brain stage itself, brain-import.ts). */
  subjects(stimuli: { readonly ids: readonly string[]; readonly batch: PixelBatch }, params: BrainParams, onProgress: ProgressFn): Promise<SubjectData[]>;
  /** Split-half reliability of every vertex and the top vertices per ROI and hemisphere (paper 3.9). */
  selectVertices(subject: SubjectData, params: AnalysisParams, onProgress: ProgressFn): Promise<VertexSelection>;
  /** RDM of `[n x features]` patterns, upper triangle (SciPy pdist order). */
  rdm(patterns: Matrix, method: string): Float64Array;
  similarity(input: SimilarityInput, options: SimilarityOptions): Promise<SimilarityResult>;
  /** Mann-Kendall trends of the similarity pairs over the ordered layers (analysis/layer-trends.ts). */
  trends(records: readonly SimilarityRecord[], layers: readonly string[], pairs: readonly SimilarityPair[]): TrendRecord[];
  /** Searchlight RE-AN and RE-AI maps of one subject (paper 5.3). */
  searchlight(subject: SubjectData, params: AnalysisParams, onProgress: ProgressFn): Promise<SearchlightMap[]>;
  /** Encoding models of one layer for every subject x ROI: fit on RE, test on AN and AI (paper 6). */
  encoding(input: EncodingInput, params: AnalysisParams, onProgress: ProgressFn): Promise<EncodingOutput>;
  /** Paired-t power of RE-AI vs RE-AN over subjects for one ROI (paper 5.2, G*Power). */
  power(roi: RoiName, differences: readonly number[]): PowerRecord;
}

export interface VertexSelection {
  /** Split-half reliability of every vertex of the subject, in vertex-table order. */
  readonly reliability: Float32Array;
  readonly rois: readonly {
    readonly roi: RoiName;
    readonly hemisphere: Hemisphere;
    /** Indices into the subject's vertex table, best first. */
    readonly selected: Int32Array;
    readonly nVertices: number;
  }[];
}

/** One layer's encoding problem: its features and every (subject, ROI) source's selected-vertex responses. */
export interface EncodingInput {
  readonly layer: string;
  /** `[40 x units]` per kind, rows labelled by the source RE id. */
  readonly features: { readonly RE: LabelledMatrix; readonly AN: LabelledMatrix; readonly AI: LabelledMatrix };
  /** `[40 x selected vertices]` per kind, trials averaged, rows labelled by the source RE id. */
  readonly sources: readonly {
    readonly subject: string;
    readonly roi: RoiName;
    readonly responses: { readonly RE: LabelledMatrix; readonly AN: LabelledMatrix; readonly AI: LabelledMatrix };
  }[];
}

export interface EncodingOutput {
  readonly records: readonly EncodingRecord[];
  /** AI vs AN per (subject, ROI, family, reading): free-form records from analysis/ (kept for export). */
  readonly comparisons: readonly unknown[];
}
