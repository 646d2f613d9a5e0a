/**
 * The study's results as plain, labelled records: what study/ services return, what the GraphQL types mirror and
 * what the figure site draws. Shapes are stated per field; vectors are plain number arrays so records serialise
 * to JSON unchanged. Big arrays (activations, responses, RDM sets) are not inlined: see `ArrayDownload`.
 */

export const STIMULUS_KINDS = ['RE', 'AN', 'AI', 'AI_CONTROL'] as const;
export type StimulusKind = (typeof STIMULUS_KINDS)[number];

export const ROI_NAMES = ['V1', 'V2', 'V3', 'V4', 'LO'] as const;
export type RoiName = (typeof ROI_NAMES)[number];

export const HEMISPHERES = ['LH', 'RH'] as const;
export type Hemisphere = (typeof HEMISPHERES)[number];

/** RE-AN, RE-AI, and the supplementary high-confidence AI set. */
export const SIMILARITY_PAIRS = ['RE_AN', 'RE_AI', 'RE_AI_CONTROL'] as const;
export type SimilarityPair = (typeof SIMILARITY_PAIRS)[number];

export const ENCODING_FAMILIES = ['ROMP', 'RIDGE'] as const;
export type EncodingFamily = (typeof ENCODING_FAMILIES)[number];

/** Pearson r across vertices per image then averaged over images, or across images per vertex then averaged. */
export const ACCURACY_READINGS = ['ACROSS_VERTICES', 'ACROSS_IMAGES'] as const;
export type AccuracyReading = (typeof ACCURACY_READINGS)[number];

export interface Provenance {
  /** Content address of the artifact in the store. */
  readonly key: string;
  /** Artifact kind / producing stage, e.g. "similarity.layers". */
  readonly producedBy: string;
  readonly codeVersion: string;
  readonly backend: string;
  readonly network: string;
  readonly weightsSha256: string;
  readonly computedAt: string;
  readonly durationMs: number;
  /** Parameters of the computation, canonical JSON. */
  readonly params: string;
  /** Keys of the input artifacts. */
  readonly inputs: readonly string[];
}

export type Source =
  | { readonly kind: 'layer'; readonly layer: string }
  | { readonly kind: 'roi'; readonly subject: string; readonly roi: RoiName };

export interface ClassScore {
  readonly index: number;
  readonly label: string;
  readonly probability: number;
}

export interface PerturbationMetrics {
  readonly l2: number;
  readonly linf: number;
  readonly psnr: number;
  readonly ssim: number;
}

export interface GenerationRecord {
  readonly method: string;
  readonly steps: number;
  readonly seed: number;
  readonly converged: boolean;
  /** Probability of the target class (RE class for AN, wrong class for AI) at the end. */
  readonly targetProbability: number;
  /** Method parameters, canonical JSON. */
  readonly params: string;
}

export interface StimulusRecord {
  /** e.g. "RE-n02091244", "AN-n02091244", "AI-n02091244". */
  readonly id: string;
  readonly kind: StimulusKind;
  /** Id of the RE image this stimulus derives from (itself for RE). */
  readonly sourceId: string;
  /** dogs | birds | cars | fruits | aquatic. */
  readonly group: string;
  /** ImageNet class of the RE image (0..999) and its label. */
  readonly classIndex: number;
  readonly classLabel: string;
  /** Pre-selected wrong class for AI / AI_CONTROL. */
  readonly targetIndex: number | null;
  readonly targetLabel: string | null;
  /** Human percept, as annotated in the paper's Fig. 1: the RE label, or "noise" for AN. */
  readonly humanLabel: string;
  readonly top: readonly ClassScore[];
  readonly generation: GenerationRecord | null;
  readonly metrics: PerturbationMetrics | null;
  /** sha256 of the PNG bytes. */
  readonly imageSha256: string;
}

export interface LayerRecord {
  readonly name: string;
  readonly ordinal: number;
  readonly activation: string;
  readonly units: number;
  readonly shape: readonly number[];
  readonly description: string;
}

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

/** A large array served as a file: the API returns this instead of inlining the numbers. */
export interface ArrayDownload {
  readonly url: string;
  readonly format: 'npy' | 'csv';
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly contentLength: number;
  readonly sha256: string;
}
